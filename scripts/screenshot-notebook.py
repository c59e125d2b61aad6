#!/usr/bin/env python3
"""Screenshots of a rendered notebook page (`output/<n>/index.html`) for the README: the top of the
page and the sections of the cells named (their code unfolded), each as a PNG 1100 x 1400 px.

    scripts/screenshot-notebook.py output/62/index.html docs/images/notebook top train evaluate
"""
import base64
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools import DevTools, find_chromium  # noqa: E402

page, folder, *parts = sys.argv[1:]
browser = find_chromium()
if browser is None:
    sys.exit("no Chromium browser: apt-get install chromium")
profile = tempfile.mkdtemp(prefix="lesson-shots-")
devtools = DevTools(browser, profile)
try:
    target = devtools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = devtools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    devtools.send("Page.enable", session=session)
    devtools.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1100, "height": 1400, "deviceScaleFactor": 1, "mobile": False}, session=session)
    devtools.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
    devtools.wait_for("Page.loadEventFired")
    for part in parts:
        selector = "body" if part == "top" else f"#cell-{part}"
        # A cell's screenshot shows its code, which the page folds by default.
        devtools.send("Runtime.evaluate", {"expression": f"""document.querySelectorAll('details').forEach(d =>
            d.open = {json.dumps(part != "top")})"""}, session=session)
        found = devtools.send("Runtime.evaluate", {"returnByValue": True, "expression": f"""(() => {{
            const element = document.querySelector({json.dumps(selector)});
            return element ? element.getBoundingClientRect().top + window.scrollY : null; }})()"""},
            session=session)["result"].get("value")
        if found is None:
            sys.exit(f"{page} has no {selector}")
        shot = devtools.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                             "clip": {"x": 0, "y": found, "width": 1100, "height": 1400, "scale": 1}}, session=session)
        path = os.path.join(folder, f"{part}.png")
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        print(path)
finally:
    devtools.close()
    shutil.rmtree(profile, ignore_errors=True)
