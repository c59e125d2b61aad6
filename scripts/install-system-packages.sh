#!/usr/bin/env bash
# Installs the system libraries the build links against, when they are missing.
# Debian/Ubuntu: apt-get (as root, or through sudo). macOS: Homebrew.
set -euo pipefail

DEBIAN_PACKAGES=(pkg-config libopenblas-dev libcairo2-dev libturbojpeg0-dev libarchive-dev libpng-dev fonts-dejavu-core)
BREW_PACKAGES=(pkg-config openblas cairo jpeg-turbo libarchive)

if [[ "$(uname)" == "Darwin" ]]; then
    missing=()
    for p in "${BREW_PACKAGES[@]}"; do brew list --versions "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if ((${#missing[@]})); then brew install "${missing[@]}"; fi
    exit 0
fi

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "Installing system packages: ${missing[*]}"
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
