#!/usr/bin/env bash
# Installs what Settle needs and is missing. Sourced by demo.sh and test.sh; safe to run again.
#   setup_system build|test   Debian/Ubuntu packages (apt), with sudo when not root
#   setup_node                npm dependencies (npm ci)
#   setup_tauri_driver        tauri-driver for the end-to-end tests (cargo install)
set -euo pipefail

SETTLE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SETTLE_ROOT
# Keep the (multi-GB) build cache outside the checkout so a fresh clone builds incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/settle-target}"

BUILD_PACKAGES=(build-essential pkg-config curl file libssl-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev)
# gnome-keyring + keyutils: the real-keychain test (scripts/keychain-test.sh); openssl: throwaway
# certificates for the SMTP test server in the end-to-end suite.
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 sqlite3 gnome-keyring keyutils openssl)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

setup_system() {
  local wanted=("${BUILD_PACKAGES[@]}")
  [ "${1:-build}" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  if ! command -v dpkg-query >/dev/null; then
    say "Not a Debian/Ubuntu system: install the WebKitGTK/Tauri prerequisites yourself (see README)."
    return 0
  fi
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  command -v cargo >/dev/null || {
    echo "Rust is missing: install it from https://rustup.rs, then run this again." >&2
    exit 1
  }
  command -v npm >/dev/null || {
    echo "Node.js 20.19+ is missing: install it (e.g. from nodejs.org or your package manager), then run this again." >&2
    exit 1
  }
}

setup_node() {
  cd "$SETTLE_ROOT"
  local stamp="node_modules/.settle-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    say "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json "$stamp"
  fi
}

setup_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    say "Installing tauri-driver (cargo install)"
    cargo install tauri-driver --locked --version 2.1.0
  fi
}
