#!/usr/bin/env bash
# Checks the notebook views of a real run, end to end, with the built `lesson` binary:
# runs lesson 0, rewrites its views with `lesson render 0`, then scripts/check_notebook_views.py
# validates the notebook with nbformat (in a virtual environment under .build/), compares its
# figures and every code block with the files they come from, and loads index.html in a
# headless Chromium. The screenshot and a PDF print are kept in .build/test-artifacts/.
# The last line is "notebook checks: N passed, M failed"; the exit status is non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
scripts/install-test-packages.sh

binary="$root/.build/debug/lesson"
if [[ ! -x "$binary" ]]; then
    echo "notebook checks: build first (swift build): $binary is missing" >&2
    echo "notebook checks: 0 passed, 1 failed"
    exit 1
fi

venv="$root/.build/notebook-check-venv"
if ! "$venv/bin/python" -c 'import nbformat' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check nbformat
fi

artifacts="$root/.build/test-artifacts/notebook-views"
work="$(mktemp -d "${TMPDIR:-/tmp}/lesson-views.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -rf "$artifacts"
mkdir -p "$artifacts"

export XDG_CACHE_HOME="$work/cache" CI=true
unset DISPLAY WAYLAND_DISPLAY
"$binary" run 0 --lessons "$root/lessons" --output "$work/output" > "$artifacts/run-0.log"
started=$(date +%s%N)
"$binary" render 0 --lessons "$root/lessons" --output "$work/output" > "$artifacts/render-0.log"
echo "lesson render 0: $(( ($(date +%s%N) - started) / 1000000 )) ms"
cp "$work/output/0/index.html" "$work/output/0/lesson-0.ipynb" "$work/output/0/summary.md" "$artifacts/"

"$venv/bin/python" scripts/check_notebook_views.py "$work/output/0" 0 "$root" TourLesson "$artifacts"
