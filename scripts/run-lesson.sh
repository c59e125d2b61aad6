#!/usr/bin/env bash
# Installs missing system packages, builds `lesson` in release mode and runs lesson 62.
# Extra arguments go to `lesson run 62` (for example --data DIR --weights FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-packages.sh
swift build -c release --product lesson
.build/release/lesson run 62 "$@"
