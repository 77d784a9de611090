#!/bin/bash
# readonly.sh — under --readonly every mutating command is refused, from
# the ':' line and from a view's action key; read-only commands still run.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

start_console "" "--readonly"
wait_for "Vehicle +Fleet +State" "the vehicles table"
wait_for "READONLY" "the READONLY marker"

keys :
text "sim pause"
keys Enter
wait_line 40 "refused"

keys :
text "sim estop AGV-00001"
keys Enter
wait_line 40 "refused"
if screen | grep -q "Confirm"; then
	fail "asked to confirm a command readonly refuses anyway"
fi

# the view's e-stop action key goes through the same registry
keys :
text "ui theme mono"
keys Enter
wait_line 40 "theme mono"
keys g e
wait_line 40 "refused"

# a read-only command still works
keys :
text "vehicle show AGV-00001"
keys Enter
wait_for "AGV-00001" "vehicle show output"
keys Escape

keys q
wait_exit 0
echo "readonly: ok"
