#!/bin/bash
# notty.sh — without a terminal the console refuses clearly (exit 1), and
# subcommands still work headless.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state"
export XDG_DATA_HOME="$TMP/data"
mkdir -p "$HOME"
rc=0
"$BIN" --demo </dev/null >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 1 ] || fail "exit code $rc without a terminal, want 1"
grep -q "needs a terminal" "$TMP/err" || fail "no clear message: $(cat "$TMP/err")"
echo "notty: ok"
