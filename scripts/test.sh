#!/usr/bin/env bash
# The whole test suite: installs missing system packages, builds (debug) and runs every test.
# Tests that need ../shared (reference fixtures, sample photos) skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --build-tests
# The download tests measure how fast a fetch fails (refused connection, silent server). Run in
# parallel with the CPU-bound suites, URLSession's callbacks wait for a free thread and those
# timings lose their meaning, so they run on their own, after everything else.
swift test --skip-build --skip AssetFetchTests "$@"
swift test --skip-build --filter AssetFetchTests "$@"
