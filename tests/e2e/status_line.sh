#!/bin/bash
# status_line.sh — the status line is the registered segments in order
# (the core's: vehicles by state, alarms, alerts, store, feeds; then the
# plugins', e.g. missions' safety), with rows, filter and sort on the
# right; a filter longer than the line's buffer (600 characters) is
# clamped, not written past it (it overflowed a stack buffer; run this
# with BUILD=build-asan to see ASan agree).
set -euo pipefail
source "$(dirname "$0")/lib.inc"

start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
wait_line 39 "^ [0-9]+ vehicles( [a-z-]+ [0-9]+)+  alarms [0-9]+  store sqlite" \
	"the core's segments in order"
wait_line 39 "[0-9]+ rows" "rows on the right"

# a sort column: its text comes after the filter's on the right side
keys s
wait_line 39 "sort [a-z_]+" "the sort on the right"
long=$(printf 'x%.0s' $(seq 1 600))
keys /
text "$long"
keys Enter
# the filter matches nothing; the line is drawn (the right side does not
# fit and is left out) and the console lives on
wait_line 39 "^ [0-9]+ vehicles" "the status line after a 600-character filter"
keys :
text "vehicle show AGV-00001"
keys Enter
wait_for "AGV-00001" "a command after the long filter"
keys Escape
# a long filter that fits the buffer but not the screen, then a short one
keys /
keys C-u
text "fleet-1$(printf 'y%.0s' $(seq 1 300))"
keys Enter
keys /
keys C-u
text "fleet-2"
keys Enter
wait_line 39 "/fleet-2" "a short filter shown on the right"
keys q
wait_exit 0
echo "status_line: ok"
