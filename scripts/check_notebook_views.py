#!/usr/bin/env python3
"""Checks the views of a real lesson run (index.html, lesson-<n>.ipynb, summary.md).

Usage: check_notebook_views.py OUTPUT_DIR LESSON_NUMBER REPO_ROOT MODULE ARTIFACTS_DIR

- The notebook passes the nbformat validator, and each figure output is the published file,
  byte for byte (PNG from base64, SVG as text).
- Each code block (notebook, page, summary) is the text of the lines of its source file that it
  names, and every cell whose `struct <Name>: Cell` exists in Sources/MODULE shows its code.
- A headless Chromium (driven over the DevTools protocol on a pipe, standard library only) loads
  index.html: every image has loaded (naturalWidth > 0), no console error or exception, one
  <section class="cell"> per lesson cell, no <script>. Keeps a screenshot and a PDF print.

Ends with "notebook checks: N passed, M failed" and exits non-zero when M > 0.
"""
import base64
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat

output_dir, lesson_number, repo_root, module, artifacts = sys.argv[1:6]
artifacts = os.path.abspath(artifacts)
os.makedirs(artifacts, exist_ok=True)
passed = 0
failures = []


def check(condition, what):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def source_lines(path, line, count):
    """Lines line..line+count-1 (1-based) of a file of the checkout, joined without the final newline."""
    full = os.path.join(repo_root, path)
    if not os.path.exists(full):
        return None
    with open(full, encoding="utf-8", newline="") as handle:
        lines = handle.read().split("\n")
    return "\n".join(lines[line - 1:line - 1 + count])


def check_code(location, text, view):
    path, _, line = location.rpartition(":")
    expected = source_lines(path, int(line), text.count("\n") + 1)
    check(expected == text, f"{view}: the code block at {location} is the text of those lines of {path}")


def type_name(cell):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_]", cell))


def declared_cell_types():
    """Type names of the top-level `struct X: ... Cell ...` declarations in Sources/MODULE."""
    folder = os.path.join(repo_root, "Sources", module)
    names = set()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".swift"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                for match in re.finditer(r"^(?:public |internal |final )*struct (\w+)(?:<[^>]*>)?:([^{]*)\{",
                                         handle.read(), re.M):
                    if re.search(r"\bCell\b", match.group(2)):
                        names.add(match.group(1))
    return names


# --- the notebook ---------------------------------------------------------------------------
notebook_path = os.path.join(output_dir, f"lesson-{lesson_number}.ipynb")
notebook = nbformat.read(notebook_path, as_version=4)
try:
    nbformat.validate(notebook)
    check(True, "nbformat validates the notebook")
except nbformat.ValidationError as error:
    check(False, f"nbformat validates the notebook: {error}")
check((notebook.nbformat, notebook.nbformat_minor) == (4, 5), "the notebook is nbformat 4.5")

lesson_cells = [cell["name"] for cell in notebook.metadata["lesson"]["cells"]]
code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
check([cell.metadata["lesson"]["cell"] for cell in code_cells] == lesson_cells,
      "one code cell per lesson cell, in lesson order")
figures = 0
for cell in code_cells:
    for output in cell.outputs:
        if output.output_type != "display_data" or "lesson" not in output.metadata:
            continue
        published = os.path.join(output_dir, output.metadata["lesson"]["file"])
        with open(published, "rb") as handle:
            expected = handle.read()
        if "image/png" in output.data:
            actual = base64.b64decode(output.data["image/png"])
        else:
            actual = output.data["image/svg+xml"].encode("utf-8")
        figures += 1
        check(actual == expected, f"notebook: the figure {output.metadata['lesson']['file']} is the published file")
check(figures > 0, "the notebook has figures")
counts = [cell.execution_count for cell in code_cells if cell.execution_count is not None]
check(counts == sorted(counts) and len(set(counts)) == len(counts), "execution counts follow the run order")

declared = declared_cell_types()
code_blocks = 0
for cell in code_cells:
    info = cell.metadata["lesson"]
    if "file" in info:
        code_blocks += 1
        check_code(f"{info['file']}:{info['line']}", cell.source, "notebook")
    if type_name(info["cell"]) in declared:
        check("file" in info, f"notebook: cell {info['cell']} shows the code of struct {type_name(info['cell'])}")

# --- summary.md and index.html: the same code blocks --------------------------------------
with open(os.path.join(output_dir, "summary.md"), encoding="utf-8") as handle:
    summary = handle.read()
summary_blocks = re.findall(r"^`([^`\n]+\.swift:\d+)`\n\n(`{3,})swift\n(.*?)\n\2$", summary, re.M | re.S)
check(len(summary_blocks) == code_blocks, "summary.md has the notebook's code blocks")
for location, _, text in summary_blocks:
    check_code(location, text, "summary.md")

page_path = os.path.join(output_dir, "index.html")
with open(page_path, encoding="utf-8") as handle:
    page = handle.read()
page_blocks = re.findall(r'<summary>code · ([^<]+)</summary><pre><code class="language-swift">(.*?)</code></pre>',
                         page, re.S)
check(len(page_blocks) == code_blocks, "index.html has the notebook's code blocks")
for location, text in page_blocks:
    check_code(html.unescape(location), html.unescape(text), "index.html")
check("<script" not in page.lower(), "index.html has no script")
print(f"code blocks checked: {code_blocks} in each view; cells declared as Cell types: {len(declared)}")


# --- the page in a headless browser --------------------------------------------------------
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import DevTools, find_chromium  # noqa: E402

browser = find_chromium()
check(browser is not None, "a Chromium browser is installed (scripts/install-test-packages.sh installs it)")
if browser:
    profile = tempfile.mkdtemp(prefix="lesson-chromium-")
    devtools = DevTools(browser, profile)
    try:
        target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            devtools.send(domain, session=session)
        devtools.events.clear()
        devtools.send("Page.navigate", {"url": "file://" + os.path.abspath(page_path)}, session=session)
        devtools.wait_for("Page.loadEventFired")
        state = devtools.send("Runtime.evaluate", {"returnByValue": True, "expression": """JSON.stringify({
            images: Array.from(document.images).map(i => ({file: i.dataset.file, width: i.naturalWidth,
                                                           complete: i.complete})),
            sections: document.querySelectorAll('section.cell').length,
            scripts: document.scripts.length,
            details: document.querySelectorAll('details.code').length,
            title: document.title })"""}, session=session)
        page_state = json.loads(state["result"]["value"])
        errors = [event for event in devtools.events
                  if event["method"] == "Runtime.exceptionThrown"
                  or (event["method"] == "Runtime.consoleAPICalled" and event["params"]["type"] in ("error", "assert"))
                  or (event["method"] == "Log.entryAdded" and event["params"]["entry"]["level"] == "error")]
        for event in errors:
            print(f"browser error: {json.dumps(event['params'])[:400]}", file=sys.stderr)
        check(not errors, "the browser reports no console error or exception")
        check(page_state["sections"] == len(lesson_cells),
              f"the page has one section per cell ({page_state['sections']} for {len(lesson_cells)} cells)")
        check(page_state["images"], "the page has images")
        for image in page_state["images"]:
            check(image["complete"] and image["width"] > 0, f"the browser loaded the image {image['file']}")
        check(page_state["scripts"] == 0, "the page runs no script")
        check(page_state["details"] == code_blocks, "the browser sees one <details> per code block")

        metrics = devtools.send("Page.getLayoutMetrics", session=session)
        height = int(metrics["cssContentSize"]["height"])
        devtools.send("Emulation.setDeviceMetricsOverride",
                      {"width": 1100, "height": min(height, 16000), "deviceScaleFactor": 1, "mobile": False},
                      session=session)
        shot = devtools.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True},
                             session=session)
        screenshot = os.path.join(artifacts, f"index-{lesson_number}.png")
        with open(screenshot, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        check(os.path.getsize(screenshot) > 1000, f"a screenshot of the page is kept: {screenshot}")
        pdf = devtools.send("Page.printToPDF", {"printBackground": False}, session=session)
        printed = os.path.join(artifacts, f"index-{lesson_number}.pdf")
        with open(printed, "wb") as handle:
            handle.write(base64.b64decode(pdf["data"]))
        check(open(printed, "rb").read(5) == b"%PDF-", f"the page prints to PDF: {printed}")
    except (RuntimeError, TimeoutError, KeyError) as error:
        check(False, f"the headless browser loads the page: {error}")
    finally:
        devtools.close()
        shutil.rmtree(profile, ignore_errors=True)

print(f"notebook checks: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
