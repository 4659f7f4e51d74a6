#!/usr/bin/env bash
# Quick start, command 1: set up what is missing, then open Settle on its built-in demo business.
# No Xero account is needed and no email leaves the machine. The demo lives in its own data folder
# (SETTLE_DATA_DIR, default ~/.local/share/settle-demo) so it never mixes with real data.
# `settle demo` serves the demo business from a fake Xero inside the process, on 127.0.0.1 only,
# and syncs it the way a real organisation is synced; the window starts its own copy again when
# the demo needs Xero (docs/decisions/0020-demo-through-fake-xero.md).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup_system build
setup_node
cd "$SETTLE_ROOT"
say "Building the window's UI"
npm run --silent ui:build
say "Building Settle (the first build takes a few minutes)"
cargo build --locked -p settle-cli -p settle-desktop
export SETTLE_DATA_DIR="${SETTLE_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/settle-demo}"
"$CARGO_TARGET_DIR/debug/settle" demo
say "Opening Settle"
exec "$CARGO_TARGET_DIR/debug/settle-desktop"
