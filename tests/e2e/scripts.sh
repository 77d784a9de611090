#!/bin/bash
# scripts.sh — Lua in the console: the Overview's Scripts view lists the
# shipped policy and a user script; a user policy refuses a command typed on
# the ':' line and the operator sees its reason; editing the script to a
# broken version shows the error while the previous version keeps refusing;
# fixing it brings it back to running.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

mkdir -p "$TMP/config/fleetops/scripts"
US=$TMP/config/fleetops/scripts/bench.lua
write() { printf '%s\n' "$1" >"$US.tmp" && mv "$US.tmp" "$US"; }
write 'fleetops.policy("sim pause", function() return false, "bench v1 says no" end, "bench")'

start_console "FLEETOPS_SCRIPTS_POLL_MS=200 " ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
keys ']' ']' ']'
wait_for "Script +State" "the Scripts view"
wait_for "bench +running" "the user script running"
wait_for "dispatch_policy +running" "the shipped policy running"

keys :
text "sim pause"
keys Enter
wait_for "refused by policy bench: bench v1 says no" "the policy's reason on screen"

# a broken edit: the error is shown, the previous version still refuses
write 'fleetops.policy("sim pause", function() return false, "v2" end'
wait_for "bench +failed" "the failed reload"
wait_for "reload failed, the previous" "the reload error"
keys :
text "sim pause"
keys Enter
wait_for "bench v1 says no" "the previous version still refusing"

write 'fleetops.policy("sim pause", function() return false, "bench v3 fixed" end, "bench")'
wait_for "bench +running" "running again after the fix"
keys :
text "sim pause"
keys Enter
wait_for "bench v3 fixed" "the new version refusing"
keys q
wait_exit 0
echo "scripts: ok"
