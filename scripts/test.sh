#!/usr/bin/env bash
# Quick start, command 2: set up what is missing, then run every check and test:
# formatting, lints, Rust tests, the UI's type checks and unit tests, binding drift, and the
# end-to-end suite in the real window (Xvfb + tauri-driver + WebKitWebDriver).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup_system test
setup_node
setup_tauri_driver
cd "$SETTLE_ROOT"

say "Rust formatting"
cargo fmt --all --check
say "UI: prettier + eslint, svelte-check, unit tests, build"
npm run --silent ui:lint
npm run --silent ui:check
npm run --silent ui:test
npm run --silent ui:build
say "Clippy (warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings
say "Rust tests (real SQLite files; also regenerates the IPC bindings)"
cargo test --workspace --locked
if git rev-parse --git-dir >/dev/null 2>&1; then
  if ! git diff --exit-code --stat -- ui/src/lib/bindings; then
    echo "The TypeScript bindings drifted from the Rust types: commit ui/src/lib/bindings." >&2
    exit 1
  fi
  untracked=$(git ls-files --others --exclude-standard -- ui/src/lib/bindings)
  if [ -n "$untracked" ]; then
    echo "New bindings are not committed: $untracked" >&2
    exit 1
  fi
fi
say "The OS keychain for real (a secret survives a process restart)"
bash scripts/keychain-test.sh
say "Building the app for the end-to-end tests"
cargo build --locked -p settle-desktop -p settle-cli -p fake-xero
say "End-to-end tests in the real window"
# A hung WebDriver session must fail the run, not stall CI until its own limit.
timeout 1500 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" npm run --silent -w e2e test
