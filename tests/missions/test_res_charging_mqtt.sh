#!/usr/bin/env bash
# Charging by fleetops over VDA 5050 (issue 13): simulated AGVs on a
# private mosquitto (`fleetops sim --mqtt`, the simagv plugin) driving the
# simulator's depot, imported and activated as the site; `pool sync` makes
# the charger pool from the layout's charger stations; `serve --mqtt` with
# resources.charging on (below 60 %, until 62 %).  Every AGV below 60 %
# must be booked a charger, sent there by an order whose last node carries
# startCharging (valid against the official order schema), report
# batteryState.charging true with its charge rising, receive the instant
# action stopCharging at 62 % and have its booking released "charged".
. "$(dirname "$0")/lib.bash"
broker_start
export FLEETOPS_SIM_VEHICLES=3
sim_start 3
"$FO" map depot --vehicles 3 --out "$T/depot.json" >/dev/null
"$FO" map import "$T/depot.json" --activate >"$T/import" 2>&1
expect_grep "$T/import" "^active: fleetops-depot-3 revision 1" "the depot is the active layout"
"$FO" pool sync >"$T/sync" 2>&1
expect_grep "$T/sync" "^pool sync: [1-3] pools and [0-9]+ resources added" "pool sync from the layout's stations"
start_nodes 3 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 3 "every AGV reported its start node"
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/order' -t 'uagv/v2/+/+/instantActions' \
	-t 'uagv/v2/+/+/state' >"$T/msgs" 2>/dev/null &
bg_pids+=("$!")
sleep 3
# the AGVs' charge now, from their last states
python3 - "$T/msgs" >"$T/low" <<'PY'
import json, sys
last = {}
for line in open(sys.argv[1]):
    topic, _, body = line.partition(" ")
    if topic.endswith("/state"):
        s = json.loads(body)
        last[s["serialNumber"]] = s["batteryState"]["batteryCharge"]
for k, v in sorted(last.items()):
    if v < 60:
        print(k, v)
PY
nlow=$(wc -l <"$T/low")
echo "  (below 60 %: $(tr '\n' ' ' <"$T/low"))"
expect_eq "$([ "$nlow" -ge 1 ] && echo yes)" yes "at least one AGV starts below 60 %"
FLEETOPS_RESOURCES_CHARGING=true FLEETOPS_RESOURCES_CHARGE_BELOW=60 FLEETOPS_RESOURCES_CHARGE_UNTIL=62 \
	FLEETOPS_RESOURCES_CHARGE_PCT_PER_MIN=48 FLEETOPS_MISSIONS_MIN_BATTERY=0 \
	timeout 150 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-serve-$$" --log-file "$T/serve.log" \
	serve --seconds 110 >"$T/serve.out" 2>&1
while read -r agv pct; do
	expect_grep "$T/serve.log" "resources: $agv sent to charger CH-" "$agv ($pct %) sent to a charger"
	grep "uagv/v2/[^/]*/$agv/order " "$T/msgs" | tail -1 | cut -d' ' -f2- >"$T/order-$agv.json"
	python3 - "$T/order-$agv.json" <<'PY' >"$T/ordercheck-$agv"
import json, sys
o = json.load(open(sys.argv[1]))
last = o["nodes"][-1]
print("last", last["nodeId"], ",".join(a["actionType"] for a in last["actions"]))
PY
	expect_grep "$T/ordercheck-$agv" "^last CH-[0-9]+ startCharging$" "$agv's order ends on the charger with startCharging"
	grep "uagv/v2/[^/]*/$agv/order " "$T/msgs" >"$T/orders-$agv"
	orders_valid "$T/orders-$agv" "$T/valid-$agv"
	expect_grep "$T/valid-$agv" "^orders [1-9][0-9]* invalid 0$" "$agv's orders are valid against the order schema"
	python3 - "$T/msgs" "$agv" >"$T/charge-$agv" <<'PY'
import json, sys
first = None
top = None
for line in open(sys.argv[1]):
    topic, _, body = line.partition(" ")
    if topic.endswith("/" + sys.argv[2] + "/state"):
        s = json.loads(body)
        b = s["batteryState"]
        if b.get("charging"):
            first = b["batteryCharge"] if first is None else first
            top = b["batteryCharge"]
print("charging from", first, "to", top)
PY
	expect_grep "$T/charge-$agv" "^charging from [0-9.]+ to [0-9.]+$" "$agv reported batteryState.charging true"
	grep -q "uagv/v2/[^/]*/$agv/instantActions .*stopCharging" "$T/msgs"
	expect_eq "$?" 0 "$agv got the instant action stopCharging"
done <"$T/low"
"$FO" booking list --all >"$T/books"
expect_eq "$(grep -c " released .*charge .*charged" "$T/books")" "$nlow" "every low AGV's booking released as charged"
finish
