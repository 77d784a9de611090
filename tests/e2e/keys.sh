#!/bin/bash
# keys.sh — key remapping from the config, confirmation of dangerous
# commands, command history persisted to the state dir, Ctrl-L, mouse.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

mkdir -p "$TMP/config/fleetops"
cat >"$TMP/config/fleetops/config" <<'CFG'
key.quit = x
key.down = n
CFG

start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"

# q is no longer quit; n moves down
keys q
wait_line 40 "key q is not bound"
keys n
wait_for "^AGV-00002" 

# a dangerous command asks first; n cancels
keys :
text "sim estop AGV-00001"
keys Enter
wait_for "This command is dangerous" "the confirmation"
keys n
wait_line 40 "cancelled"
# the view's e-stop key on the selected row asks too; y runs it
keys g e
wait_for "sim estop AGV-00001" "the confirmation of the e key"
keys y
wait_gone "This command is dangerous"
wait_for "^AGV-00001 .*e-?stop" "AGV-00001 in e-stop"

# history: Up recalls the last command, and it is in the history file
keys :
keys Up
wait_line 40 "^:sim estop AGV-00001"
keys Escape
grep -q "sim estop AGV-00001" "$TMP/state/fleetops/history" || fail "history not saved"

# Tab completion of a command name
keys :
text "plugins li"
keys Tab
wait_line 40 "^:plugins list"
keys Escape

# Ctrl-L repaints
keys C-l
wait_for "Vehicle +Fleet +State"

# mouse (SGR 1006 report): a click on the tab bar switches panes
keys -l $'\e[<0;20;1M\e[<0;20;1m'
wait_line 3 "^ Coordination"

keys x
wait_exit 0
echo "keys: ok"
