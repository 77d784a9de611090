#!/bin/bash
# map.sh — the Map pane (key 8): the demo depot drawn in braille with
# vehicles as heading arrows; + zooms (the scale on the legend line
# changes), f follows the next vehicle (its id on the legend), F stops,
# = fits again, the arrows pan; the legend says nothing is reserved and r
# hides and shows reserved paths; resizing to 40x12, below the minimum and
# back does not crash; ASCII mode (option ascii) draws - | + and > ^ < v,
# and a mission the console dispatches shows its vehicle's reserved path
# (# held, : horizon) until r hides it; an empty model says "no map:".
set -euo pipefail
source "$(dirname "$0")/lib.inc"

export LC_ALL=C.UTF-8 # the greps below match UTF-8 characters
BRAILLE='[\x{2801}-\x{28ff}]' # for grep -P
ARROWS='(←|↑|→|↓|↖|↗|↘|↙)'

# has REGEX: the screen matches (captured first: grep -q leaving early
# would break the pipe under pipefail); braille: the same with the braille
# range (grep -P: a range of UTF-8 characters in -E is refused).
has() {
	local s
	s=$(screen)
	grep -Eq -- "$1" <<<"$s"
}
braille() {
	local s
	s=$(screen)
	grep -Pq -- "$BRAILLE" <<<"$s"
}

# legend: the map's legend line (the last line of the main window).
legend() {
	local s
	s=$(screen)
	grep -E "m/cell" <<<"$s" | head -n1 || true
}
scale() { legend | grep -oE "^ *[0-9.]+ k?m/cell" | tr -d ' '; }
# held: the map's cells (the lines between the pane's note and the legend)
# show a held path's # (ASCII).
held() {
	local s
	s=$(screen | awk '/m\/cell/ { exit } f { print } /r reservations on\/off/ { f = 1 }')
	grep -q '#' <<<"$s"
}

# ---- the demo, UTF-8
start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
wait_line 1 " 8 (Map )?[│|]"
keys 8
wait_line 3 "^ Map"
wait_for "m/cell \(fit\)" "the legend with the fitted scale"
wait_for "paths traffic control reserved" "the note on reserved paths"
wait_for "m/cell.*nothing reserved" "nothing reserved before any mission"
keys r
wait_for "reserved paths hidden \(r\)" "r hides reserved paths"
keys r
wait_for "m/cell.*nothing reserved" "r shows them again"
braille || fail "no braille on the map"
has "$ARROWS" || fail "no vehicle arrows on the map"
legend | grep -Eq "576 nodes [0-9]+ edges" || fail "the legend's counts: $(legend)"
legend | grep -Eq "200 vehicles, [0-9]+ in view" || fail "the legend's vehicles: $(legend)"
fitted=$(scale)

# zoom in: half the metres per cell, no longer "fit"
keys +
wait_gone "m/cell \(fit\)"
zoomed=$(scale)
[ "$zoomed" != "$fitted" ] || fail "zoom in did not change the scale ($fitted)"
awk -v a="${fitted%m/cell}" -v b="${zoomed%m/cell}" 'BEGIN { exit !(b < a) }' ||
	fail "zoom in did not shrink the scale: $fitted -> $zoomed"

# follow: the next vehicle, then the one after it; F stops
keys f
wait_for "follow AGV-00001" "following the first vehicle"
wait_line 40 "following AGV-00001"
keys f
wait_for "follow AGV-00002" "following the next vehicle"
keys F
wait_for "follow none" "following stopped"

# pan and fit again
keys Left h Up k Right l Down j
sleep 0.3
keys -
keys =
wait_for "m/cell \(fit\)" "fit again"
[ "$(scale)" = "$fitted" ] || fail "= did not fit back to $fitted: $(scale)"

# the help lists the pane's keys
keys '?'
wait_for "Keys \(remap" "the help"
keys NPage
wait_for "Keys of the Map pane" "the map keys in the help"
wait_for "=  +fit the whole layout" "the fit key in the help"
keys Escape
wait_gone "Keys \(remap"

# follow, then resize: 40x12, too small, 80x24
keys f
wait_for "follow AGV-00001"
resize 40 12
sleep 0.5
wait_for "m/cell" "the legend at 40x12"
braille || fail "no braille at 40x12"
resize 30 8
wait_for "terminal too small" "the too-small screen"
resize 80 24
wait_for "follow AGV-00001" "the followed vehicle after resizing back"
braille || fail "no braille at 80x24"
keys q
wait_exit 0

# ---- ASCII (option ascii), and a mission's reserved path
# the template, through the shell, into the console's store; the demo's
# fleet is the same in every process: AGV-00001 stands idle on N-00181,
# AGV-00002 on N-00240
mkdir -p "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/data"
cat >"$TMP/hop.json" <<'JSON'
{"name": "hop", "steps": [{"node": "$from"}, {"node": "$to"}]}
JSON
env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
	XDG_DATA_HOME="$TMP/data" "$BIN" template import "$TMP/hop.json" >"$TMP/import.out" ||
	fail "template import: $(cat "$TMP/import.out")"
start_console "FLEETOPS_ASCII=true" ""
resize 170 40 # the whole legend
wait_for "Vehicle +Fleet +State" "the vehicles table"
keys 8
wait_for "m/cell \(fit\)" "the legend"
wait_for "C charger P parking S station" "the ASCII legend"
wait_for "m/cell.*nothing reserved" "nothing reserved before the mission"
braille && fail "braille in ASCII mode"
has '--' || fail "no - edges in ASCII"
has '[|]' || fail "no | edges in ASCII"
has '[-+|][<>^v]|[<>^v][-+|]' || fail "no vehicle glyphs in ASCII"
held && fail "a held path (#) before any mission"
keys :
text "mission start hop from=N-00181 to=N-00240"
keys Enter
wait_for "mission [0-9a-f-]{36} queued" "the mission started"
wait_for "reserved: 1 vehicle \(# held : horizon\)" "the mission's vehicle holds a path"
held || fail "no held path (#) on the map"
keys r
wait_for "reserved paths hidden \(r\)" "r hides reserved paths"
held && fail "a held path (#) while hidden"
keys r
wait_for "reserved: 1 vehicle" "r shows them again"
held || fail "no held path (#) after r"
keys +
wait_gone "m/cell \(fit\)"
keys q
wait_exit 0

# ---- an empty model: no map, and why
E2E_DEMO="" start_console "" ""
wait_for "no vehicles" "the empty vehicles table"
keys 8
wait_for "no map: " "the empty map's message"
keys + f
wait_line 40 "no vehicle to follow"
resize 40 12
sleep 0.3
wait_for "no map" "the message at 40x12"
keys q
wait_exit 0
echo "map: ok"
