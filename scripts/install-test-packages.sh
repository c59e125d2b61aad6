#!/usr/bin/env bash
# Installs what the notebook-view checks need beyond the build, when it is missing:
# a headless Chromium (Debian's `chromium`) and Python's venv module. macOS: Chrome or
# Chromium must be installed by hand (the check looks for both).
set -euo pipefail

if [[ "$(uname)" == "Darwin" ]]; then exit 0; fi

missing=()
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]} == 0)); then exit 0; fi

echo "Installing test packages: ${missing[*]}"
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
