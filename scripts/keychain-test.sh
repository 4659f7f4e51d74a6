#!/usr/bin/env bash
# Runs the keychain tests that are ignored by default (crates/settle-engine/src/secret_stores.rs):
# a secret written by one process must be read by the next, through the real OS keychain.
# On Linux that is the Secret Service (GNOME Keyring) with keyutils as its cache, so this script
# starts a private D-Bus session, a keyutils session and a gnome-keyring unlocked with a throwaway
# password and a throwaway data folder (nothing touches the user's own keyring), then runs just
# those tests. Needs the apt packages: dbus, gnome-keyring, keyutils (libsecret-1-0 comes with
# gnome-keyring). CARGO_TARGET_DIR is honoured as usual.
#
#   scripts/keychain-test.sh            # both keychain tests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "${SETTLE_KEYCHAIN_INNER:-}" != 1 ]; then
  missing=()
  for tool in dbus-run-session gnome-keyring-daemon keyctl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "keychain-test: missing ${missing[*]}; install: apt-get install dbus gnome-keyring keyutils" >&2
    exit 1
  fi
  # Build first, outside the sessions, so compile errors show plainly.
  cargo test -p settle-engine --lib --no-run --locked
  export SETTLE_KEYCHAIN_INNER=1
  exec dbus-run-session -- keyctl session - "$0" "$@"
fi

# Inside the D-Bus and keyutils sessions: a keyring of our own, unlocked.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
# The daemon lives on this private bus and quits when dbus-run-session ends it.
eval "$(printf 'throwaway' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

cargo test -p settle-engine --lib --locked -- --ignored --exact \
  secret_stores::tests::the_keychain_store_round_trips \
  secret_stores::tests::a_keychain_secret_survives_a_process_restart
