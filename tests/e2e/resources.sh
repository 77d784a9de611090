#!/bin/bash
# resources.sh — the Resources pane in a real terminal over the embedded
# store: a pool, a resource and a booking made through the shell show in
# the Pools view, the Plan (its Gantt row) and the Bookings view; in the
# plan - shortens the resource's next booking, in the Bookings view keys
# extend (+) and release (x) the booking, and the plan follows.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

mkdir -p "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/data"
shell() {
	env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
		XDG_DATA_HOME="$TMP/data" "$BIN" "$@" >"$TMP/shell.out" 2>&1 ||
		fail "$*: $(cat "$TMP/shell.out")"
}
shell pool add docks-e2e --kind dock
shell resource add dock-e2e-1 --pool docks-e2e
shell resource book dock-e2e-1 --from +30m --for 2h --purpose unload
id=$(awk '/^booked/ {print $NF}' "$TMP/shell.out")
[ -n "$id" ] || fail "no booking id in: $(cat "$TMP/shell.out")"

start_console "" ""
wait_for "AGV-" "the console up"
keys 5
wait_for "Resources › Pools|Resources > Pools" "the Resources pane, Pools view"
wait_for "docks-e2e +dock +1 +1 +0 +0" "the pool with one free resource"
keys :
text "ui goto resources.resources"
keys Enter
wait_for "dock-e2e-1 +docks-e2e +available" "the resource in the plan"
wait_for "dock-e2e-1 .*\|..#+" "its Gantt row: now, then the booking"
keys -
wait_for "booking ${id:0:8} now .*T[0-9:.]+Z, .*T[0-9:.]+Z\)" "- in the plan shortens the resource's next booking"
keys :
text "ui goto resources.bookings"
keys Enter
wait_for "${id:0:8} +dock-e2e-1 +reserved" "the booking in the Bookings view"
keys +
wait_for "booking ${id:0:8} now" "+ extends it"
keys x
wait_for "booking ${id:0:8} released" "x releases it"
wait_for "${id:0:8} +dock-e2e-1 +released" "shown released"
keys :
text "ui goto resources.resources"
keys Enter
wait_gone "dock-e2e-1 .*#" "the plan shows no booking any more"
keys q
wait_exit 0
echo "resources: ok"
