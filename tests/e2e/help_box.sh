#!/bin/bash
# help_box.sh — both help boxes ('?' and ':help') cover the screen from
# column 0, long lines wrap at word boundaries (nothing cut by the frame),
# the pane keys are described by the panes' names and view actions as the
# command they run; column headers carry their units; the pane notes make no
# stale claim (MQTT feeds are built).
set -euo pipefail
source "$(dirname "$0")/lib.inc"

# box_ok WHAT: every line of the box starts with the frame in column 0 and
# ends with it in the last column (a line wider than the box would have been
# cut by it).
box_ok() {
	local what=$1 rows
	rows=$(screen | sed -n '2,39p')
	echo "$rows" | head -n1 | grep -q '^┌' || fail "$what: the box does not start in column 0"
	if echo "$rows" | sed -n '2,$p' | grep -v '^└' | grep -qv '^│.*│$'; then
		fail "$what: a line not framed from column 0 to the last: $(echo "$rows" | grep -v '^[│└┌]' | head -n1)"
	fi
}

# footer: the box's "FIRST-LAST of TOTAL" line.
footer() { screen | grep -oE "[0-9]+-[0-9]+ of [0-9]+" | head -n1; }

# pages FILE: the whole scrollable text of the open box, page by page (each
# page waited for: the console redraws at its tick, not at each key).
pages() {
	local f end
	: >"$1"
	keys g
	wait_for " 1-[0-9]+ of " "the top of the box"
	for _ in $(seq 1 30); do
		f=$(footer)
		screen | sed -n '2,39p' >>"$1"
		[[ $f =~ ^[0-9]+-([0-9]+)\ of\ ([0-9]+)$ ]] || fail "no footer in the box: $f"
		[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && return 0
		keys NPage
		end=$((SECONDS + TIMEOUT))
		while [ "$(footer)" = "$f" ]; do
			((SECONDS < end)) || fail "the box did not scroll from $f"
			sleep 0.05
		done
	done
	fail "the box did not reach its end in 30 pages"
}

start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
# units in the headers: cells show bare numbers
wait_line 6 "Batt %"
wait_line 6 "Speed m/s"

keys '?'
wait_for "Keys \(remap" "the help"
box_ok "?"
wait_for "pane1 +1 +Coordination pane" "pane keys by the panes' names"
pages "$TMP/help.txt"
grep -q "pane 1" "$TMP/help.txt" && fail "a key still described as 'pane 1'"
grep -Eq "e-stop +e +runs \`sim estop <row>\`" "$TMP/help.txt" ||
	fail "the e-stop action not shown as its command: $(grep e-stop "$TMP/help.txt")"
grep -q "%k" "$TMP/help.txt" && fail "a raw %k template in the help"
grep -q "report show VIEW" "$TMP/help.txt" || fail "no report show usage in the help"
grep -q "LIMIT\]" "$TMP/help.txt" || fail "report show's usage cut before [--limit LIMIT]"
grep -Eq "\[--limit LI *│$" "$TMP/help.txt" && fail "a usage line cut mid-word"
keys Escape
wait_gone "Keys \(remap"

keys :
text "help"
keys Enter
wait_for "^┌─ help " "the :help box"
box_ok ":help"
keys Escape

# Analytics: the honest note, the units
keys 4
wait_line 3 "^ Analytics"
screen | grep -q "MQTT feeds are not built" && fail "the Analytics pane says MQTT feeds are not built"
keys 6
wait_line 3 "^ Performance"
wait_for "Moving % .*On order %" "percent units on the performance view"
wait_for "Odometer km" "the odometer's unit"
keys q
wait_exit 0

# an empty model: the empty texts point to --mqtt
E2E_DEMO="" start_console "" ""
wait_for "no vehicles" "the empty vehicles table"
for slot in 1 3 4 5 6; do
	keys "$slot"
	sleep 0.3
	screen | grep -q "MQTT feeds are not built" && fail "pane $slot says MQTT feeds are not built"
done
keys 4
wait_for "--mqtt URL" "the empty analytics view names --mqtt"
keys q
wait_exit 0
echo "help_box: ok"
