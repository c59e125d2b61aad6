#!/usr/bin/env bash
# The whole test suite: installs missing system packages, builds (debug) and runs every test.
# Tests that need ../shared (reference fixtures, sample photos) skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --build-tests

# Runs a test command with a deadline. The suite takes a few minutes; should it still run at
# the deadline (a hang), the threads of the test process are printed (with gdb, when it is
# installed) so that the log says where it hangs, and the run fails instead of waiting.
# Output is line-buffered, so a log cut short still ends with the last finished line.
run_with_deadline() {
    local limit=$1
    shift
    stdbuf -oL -eL "$@" &
    local pid=$! waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= limit)); then
            echo "scripts/test.sh: '$*' still running after ${limit} s; its test processes' threads:" >&2
            for test_pid in $(pgrep -f 'PackageTests.xctest' || true); do
                if command -v gdb >/dev/null; then
                    gdb -p "$test_pid" -batch -ex 'thread apply all bt 30' 2>&1 | grep -E '^(Thread|#)' | head -n 600 >&2 || true
                else
                    echo "(gdb is not installed: no backtraces of process $test_pid)" >&2
                fi
            done
            pkill -f 'PackageTests.xctest' || true
            kill "$pid" 2>/dev/null || true
            wait "$pid" || true
            return 124
        fi
        sleep 5
        waited=$((waited + 5))
    done
    wait "$pid"
}

# The download tests measure how fast a fetch fails (refused connection, silent server). Run in
# parallel with the CPU-bound suites, URLSession's callbacks wait for a free thread and those
# timings lose their meaning, so they run on their own, after everything else.
run_with_deadline 2400 swift test --skip-build --skip AssetFetchTests "$@"
run_with_deadline 600 swift test --skip-build --filter AssetFetchTests "$@"

# The notebook views of a real run: nbformat's validator, figures and code blocks byte for
# byte, and index.html in a headless Chromium (scripts/check-notebook-views.sh).
scripts/check-notebook-views.sh
