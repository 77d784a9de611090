#!/bin/bash
# alerts.sh — the alert engine end to end with the built-in simulator, in a
# real terminal: a low-battery rule goes pending, fires after `for`, is
# acknowledged (key a) and silenced (key m, matchers prefilled from the
# row), v jumps to the vehicle, charging resolves it; the status line counts
# firing alerts by severity; after a restart the acknowledgement, the
# silence, the history and an alert raised by hand are still there.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

mkdir -p "$TMP/config/fleetops"
cat >"$TMP/config/fleetops/config" <<'CFG'
operator = maria
sim.vehicles = 4
alerts.battery_low_pct = 10
alerts.battery_low_for = 2
alerts.offline_for = 3600
alerts.eval_interval_ms = 200
alerts.group_wait = 0
CFG

cmd() {
	keys :
	text "$1"
	keys Enter
}

start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
# the fleet stands still: only what the test does changes batteries
cmd "sim pause"
wait_line 40 "paused"
cmd "sim battery AGV-00001 5"
wait_line 40 "AGV-00001: battery set to 5.0"
keys 7
wait_line 3 "Alerts › Firing"
# pending first (for = 2 s), then firing
keys ]
wait_for "^[0-9a-f]{8} +LowBattery +warning +AGV-00001 +5\.0" "LowBattery pending"
keys [
wait_for "^[0-9a-f]{8} +LowBattery +warning +AGV-00001 +5\.0 .*AGV-00001 battery 5\.0%" \
	"LowBattery firing with its summary"
wait_line 39 "alerts warn 1"
grep -q "alert notification \[alertname=LowBattery\]: 1 firing" "$TMP/state/fleetops/fleetops.log" ||
	fail "no notification in the log"

# a: acknowledge, the command line prefilled with the alert's id
keys a
wait_line 40 "^:alert ack [0-9a-f-]{36} --note"
text "on my way"
keys Enter
wait_line 40 "acknowledged [0-9a-f]{8} \(LowBattery\) as maria"
wait_for "AGV-00001 battery 5\.0% +maria" "the Ack column"

# v: jump to the vehicle's detail
keys v
wait_line 3 "Overview › Vehicles › AGV-00001"
keys 7
wait_line 3 "Alerts › Firing"
# the alert's detail, and v from there too
keys Enter
wait_line 3 "Alerts › Firing › [0-9a-f-]{36}"
wait_for "summary +AGV-00001 battery 5\.0%" "the alert's detail"
wait_for "Acknowledged +by maria at .*: on my way" "the acknowledgement in the detail"
keys v
wait_line 3 "Overview › Vehicles › AGV-00001"
keys 7
keys Escape
wait_line 3 "Alerts › Firing +a acknowledge"

# m: silence, matchers and duration prefilled from the selected alert
keys m
wait_line 40 '^:alert silence --matcher alertname="LowBattery",fleet="fleet-1",vehicle="AGV-00001" --duration 2h --comment'
text "known, charging"
keys Enter
wait_line 40 "silence [0-9a-f]{8}: .*by maria"
wait_for "No alert is firing" "the firing view empty once silenced"
if line 39 | grep -q "alerts warn"; then fail "a silenced alert is still counted"; fi
keys ] ]
wait_line 3 "Alerts › Silenced"
wait_for "AGV-00001 battery 5\.0% +maria +silence [0-9a-f]{6}" "the alert marked silenced"

# a hand-raised alert, for the restart
cmd "alert raise --name DepotNetwork --labels zone=Z1 --severity critical depot network down"
wait_line 40 "raised [0-9a-f]{8}"
wait_line 39 "alerts crit 1"

# charging: the sim drives it to a charger; the alert resolves
cmd "sim step --count 1200"
wait_line 40 "stepped 1200"
keys ]
wait_line 3 "Alerts › History"
wait_for "LowBattery +firing -> resolved" "the resolution in the history"
wait_for "LowBattery +acknowledged .*maria: on my way" "the acknowledgement in the history"
keys q
wait_exit 0

# restart: history, acknowledgement, silence and the live alert come back
start_console "" ""
wait_for "Vehicle +Fleet +State" "the vehicles table"
keys 7
wait_line 3 "Alerts › Firing"
wait_for "^[0-9a-f]{8} +DepotNetwork +critical .*depot network down" "the raised alert after restart"
keys [
wait_line 3 "Alerts › History"
wait_for "LowBattery +acknowledged .*maria: on my way" "the acknowledgement after restart"
wait_for "LowBattery +pending -> firing" "the history after restart"
cmd "alert silences"
wait_for 'active .* maria +alertname="LowBattery",fleet="fleet-1",vehicle="AGV-00001" +known' \
	"the silence after restart"
keys Escape
keys q
wait_exit 0

# and from the shell, on the same store
out=$(env -i PATH="$PATH" HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
	XDG_DATA_HOME="$TMP/data" "$BIN" alert list --state all)
echo "$out" | grep -Eq "firing +critical DepotNetwork" || fail "alert list: $out"
echo "alerts: ok"
