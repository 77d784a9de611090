#!/usr/bin/env bash
# `fleetops serve` on a real broker, headless: the MQTT feed brings a VDA
# 5050 vehicle into the model, a user script sees it (its battery, and a
# policy refusing an order below 20%), a live edit of the script is reloaded,
# and SIGTERM stops it all with exit 0.
. "$(dirname "$0")/lib.bash"
broker_start
mkdir -p "$XDG_CONFIG_HOME/fleetops/scripts"
S=$XDG_CONFIG_HOME/fleetops/scripts/watch.lua
printf '%s\n' 'fleetops.every(0.2, function()' \
	'  local v = fleetops.vehicle("SRV-0001")' \
	'  if v then fleetops.log("v1 sees " .. v.id .. " battery " .. v.battery) end' \
	'end)' >"$S"

pub -r -q 1 -t uagv/v2/AtlasMesh/SRV-0001/connection -m "$(conn_msg SRV-0001 1 ONLINE)"
pub -r -t uagv/v2/AtlasMesh/SRV-0001/state -m "$(state_msg SRV-0001 3 12 1 1)"

FLEETOPS_SCRIPTS_POLL_MS=200 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-serve \
	--log-file - serve >"$T/out" 2>"$T/err" &
pid=$!
bg_pids+=($pid)
for _ in $(seq 50); do grep -q "v1 sees SRV-0001" "$T/err" && break; sleep 0.1; done
expect_grep "$T/err" "script watch: v1 sees SRV-0001 battery 12" "the script sees the vehicle from the feed"
expect_grep "$T/err" "script dispatch_policy: loaded" "the shipped policy loaded"

# a live edit is reloaded
printf '%s\n' 'fleetops.every(0.2, function() fleetops.log("v2 running") end)' >"$S.tmp"
mv "$S.tmp" "$S"
for _ in $(seq 50); do grep -q "v2 running" "$T/err" && break; sleep 0.1; done
expect_grep "$T/err" "script watch: reloaded" "the edit is reloaded"
expect_grep "$T/err" "script watch: v2 running" "the new version runs"

kill -TERM "$pid"
wait "$pid"
expect_eq "$?" 0 "SIGTERM: exit 0"
expect_grep "$T/err" "serve: stopped \(Terminated\)" "serve says it stopped on SIGTERM"
expect_nogrep "$T/err" "Sanitizer|runtime error" "nothing from a sanitizer"

# the dispatch policy, through the same broker's vehicle (12% battery)
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-serve2 feeds watch --seconds 1 \
	--then 'vehicle order SRV-0001 N-1' >"$T/out2" 2>&1
expect_grep "$T/out2" "refused by policy min-battery: SRV-0001 has 12\.0% battery, dispatch needs 20%" \
	"an order below 20% is refused"
finish
