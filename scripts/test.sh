#!/usr/bin/env bash
# The whole test suite: installs missing system packages, builds (debug) and runs every test.
# Tests that need ../shared (reference fixtures, sample photos) skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build --build-tests
swift test --skip-build "$@"
