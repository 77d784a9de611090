#!/bin/bash
# console.sh — the demo console end to end: every pane, filter, sort,
# detail with chart, help, a ':' command, resize to 60x15 and below the
# minimum and back, quit with exit code 0.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
wait_line 1 "0 Overview" 
wait_line 39 "[0-9]+ vehicles" 

# every domain pane (and Alerts, 7, and Map, 8) by its slot key, then back to
# the overview (Tab from the last pane wraps)
for slot in 1 2 3 4 5 6 7 8; do
	title=$(line 1 | grep -oE " $slot [A-Z][A-Za-z -]*[a-z]" | head -n1 | sed "s/^ $slot //" || true)
	[ -n "$title" ] || fail "no pane in slot $slot on the tab bar: $(line 1)"
	keys "$slot"
	wait_line 3 "^ $title" 
done
keys Tab
wait_line 3 "^ Overview" 
keys 0
wait_line 3 "^ Overview" 

# filter: only fleet-2 rows remain
keys /
text "fleet-2"
keys Enter
wait_line 39 "/fleet-2"
rows=$(screen | sed -n '7,38p' | grep -E '^AGV-' || true)
[ -n "$rows" ] || fail "no rows after the filter"
if echo "$rows" | grep -vq 'fleet-2'; then
	fail "filter left other fleets: $(echo "$rows" | grep -v fleet-2 | head -n1)"
fi
# inverted filter: no fleet-2 rows
keys /
keys C-u
text '!fleet-2'
keys Enter
wait_line 39 "/!fleet-2"
if screen | sed -n '7,38p' | grep -q 'fleet-2'; then
	fail "inverted filter kept fleet-2"
fi
# a bad regex is reported, not fatal
keys /
keys C-u
text '('
keys Enter
wait_line 40 "filter: "
keys /
keys C-u
keys Enter
wait_gone "/!fleet-2"

# sort: first column ascending, then reversed
keys s
wait_line 6 "Vehicle▲"
keys S
wait_line 6 "Vehicle▼"
# the status line is written after the rows: once it shows the sort, the
# rows on screen are sorted
wait_line 39 "sort id desc"
ids=$(screen | sed -n '7,38p' | grep -oE '^AGV-[0-9]+' || true)
[ -n "$ids" ] || fail "no ids after sorting"
echo "$ids" | sort -r -c || fail "rows are not sorted descending"
keys s
wait_line 6 "Fleet▼"

# drill down into the first row: detail with breadcrumbs and a chart
keys g
keys Enter
wait_line 3 "Overview › Vehicles › AGV-"
wait_for "Battery" "the battery chart"
keys Escape
wait_line 3 "^ Overview › Vehicles +"

# column chooser: hide the Fleet column
keys c
wait_for "\[x\] Fleet" "the column chooser"
keys j Space Escape
wait_gone "\[.\] Fleet"
if line 6 | grep -q "Fleet"; then
	fail "Fleet column still shown: $(line 5)"
fi

# help, generated from the key map and the command registry
keys '?'
wait_for "Keys \(remap" "the help screen"
wait_for "quit fleetops"
keys G
wait_for "ui theme" "commands in the help"
keys Escape
wait_gone "quit fleetops"

# a ':' command with multi-line output, then one that fails
keys :
text "plugins list"
keys Enter
wait_for "sim .*loaded" "the plugins list output"
keys Escape
wait_gone "sim .*loaded"
keys :
text "no such command"
keys Enter
wait_line 40 "[a-z]"
keys :
text "ui theme light"
keys Enter
wait_line 40 "theme light"
keys :
text "ui theme /nonexistent.theme"
keys Enter
wait_line 40 "not found"

# resize to 60x15, below the minimum, and back
resize 60 15
wait_line 1 "0 Overview"
wait_line 14 "vehicles"
resize 30 8
wait_for "terminal too small: need" "the too-small message"
resize 120 40
wait_line 6 "Vehicle"
wait_line 39 "vehicles"

keys q
wait_exit 0
echo "console: ok"
