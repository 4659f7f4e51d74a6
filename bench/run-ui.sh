#!/usr/bin/env bash
# Builds the release app and .deb, makes the 20,000-customer dataset, and runs bench/ui.mjs in the
# real window under Xvfb. Prints the .deb size and the UI measurements (docs/PERFORMANCE.md).
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup.sh"
setup_system test
setup_node
setup_tauri_driver
cd "$SETTLE_ROOT"
say "Release build and .deb bundle"
npx tauri build --bundles deb >/dev/null
deb=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb | head -n 1)
echo "deb: $(basename "$deb") $(du -k "$deb" | cut -f1) KiB ($(stat -c %s "$deb") bytes)"
cargo build --release --locked -p settle-cli
export SETTLE_BENCH_DIR="${SETTLE_BENCH_DIR:-$HOME/.cache/settle-bench}"
if [ ! -f "$SETTLE_BENCH_DIR/settle.db" ]; then
  say "Generating the bench dataset (20,000 customers, ~200,000 invoices)"
  "$CARGO_TARGET_DIR/release/settle" --data-dir "$SETTLE_BENCH_DIR" demo --customers 20000 --invoices-per-customer 10
fi
export SETTLE_APP_BINARY="$CARGO_TARGET_DIR/release/settle-desktop"
say "UI benchmark in the real window"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node bench/ui.mjs
