#!/usr/bin/env bash
# Safety events from vehicle state, and the vehicle-failure policy: a
# scripted VDA 5050 vehicle takes an order and then reports an e-stop; the
# console raises a safety event (with the mission), and a mission on any
# vehicle is reassigned to the other vehicle while a pinned one fails.  By
# hand: raise, acknowledge, resolve.  The test plays the vehicles itself
# with mosquitto_pub, message by message.
. "$(dirname "$0")/lib.bash"
broker_start
P=(-h 127.0.0.1 -p "$FO_MQTT_PORT")
now() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
hdr=0
# state VEHICLE NODE ORDER ESTOP [NODESTATE...]
state() {
	local v=$1 node=$2 order=$3 estop=$4
	shift 4
	local ns="" n drv=false
	[ $# -gt 0 ] && drv=true
	for n in "$@"; do
		ns="$ns${ns:+,}{\"nodeId\":\"$n\",\"sequenceId\":2,\"released\":true}"
	done
	hdr=$((hdr + 1))
	mosquitto_pub "${P[@]}" -t "uagv/v2/Kit/$v/state" -m "{\"headerId\":$hdr,\
\"timestamp\":\"$(now)\",\"version\":\"2.1.0\",\"manufacturer\":\"Kit\",\"serialNumber\":\"$v\",\
\"orderId\":\"$order\",\"orderUpdateId\":0,\"lastNodeId\":\"$node\",\"lastNodeSequenceId\":0,\
\"nodeStates\":[$ns],\"edgeStates\":[],\"driving\":$drv,\"actionStates\":[],\
\"batteryState\":{\"batteryCharge\":80,\"charging\":false},\"operatingMode\":\"AUTOMATIC\",\
\"errors\":[],\"safetyState\":{\"eStop\":\"$estop\",\"fieldViolation\":false},\
\"agvPosition\":{\"x\":1,\"y\":1,\"theta\":0,\"mapId\":\"m\",\"positionInitialized\":true}}"
}
online() {
	mosquitto_pub "${P[@]}" -r -t "uagv/v2/Kit/$1/connection" -m "{\"headerId\":0,\
\"timestamp\":\"$(now)\",\"version\":\"2.1.0\",\"manufacturer\":\"Kit\",\"serialNumber\":\"$1\",\
\"connectionState\":\"ONLINE\"}"
}

mosquitto_sub "${P[@]}" -v -t 'uagv/v2/Kit/+/order' -t 'uagv/v2/Kit/+/instantActions' \
	>"$T/published" 2>/dev/null &
bg_pids+=("$!")
cat >"$T/go.json" <<'JSON'
{"name": "go", "steps": [{"node": "B"}]}
JSON
"$FO" template import "$T/go.json" >/dev/null
online KIT-1
online KIT-2
any=$("$FO" mission start go | awk '{print $2}')
# the tracker follows until every mission ended: this one never does
tracker_start one
sleep 1
state KIT-1 A "" NONE
state KIT-2 A "" NONE
# the console chooses one of the two (same battery: the smaller id)
for i in $(seq 50); do grep -q "KIT-1/order" "$T/published" && break; sleep 0.2; done
expect_grep "$T/published" "uagv/v2/Kit/KIT-1/order .*\"orderId\":\"$any\"" "order to KIT-1"
state KIT-1 A "$any" NONE B
wait_state "$any" active 10
expect_eq "$(mission_state "$any")" active "KIT-1 reports the order: active"
state KIT-1 A "$any" MANUAL B
for i in $(seq 50); do grep -q "KIT-2/order" "$T/published" && break; sleep 0.2; done
expect_grep "$T/published" "uagv/v2/Kit/KIT-2/order .*\"orderId\":\"$any-r1\"" \
	"e-stop: reassigned to KIT-2 as a new order"
expect_grep "$T/published" 'KIT-1/instantActions .*"actionType":"cancelOrder"' \
	"KIT-1 told to drop the order"
"$FO" safety list >"$T/safety"
expect_grep "$T/safety" ' open +high +estop +KIT-1 +e-stop MANUAL' "safety event raised from the e-stop"
"$FO" mission show "$any" >"$T/show"
expect_grep "$T/show" 'safety event [0-9a-f]{8}: estop' "the event in the mission's log"
expect_grep "$T/show" 'active -> queued +by policy: vehicle KIT-1 e-stop' "requeue by policy, with the reason"

# a pinned mission on the stopped vehicle fails
state KIT-1 A "" NONE
pinned=$("$FO" mission start --vehicle KIT-1 go | awk '{print $2}')
for i in $(seq 50); do grep -q "orderId\":\"$pinned\"" "$T/published" && break; sleep 0.2; done
state KIT-1 A "$pinned" NONE B
wait_state "$pinned" active 10
state KIT-1 A "$pinned" REMOTE B
wait_state "$pinned" failed 10
expect_eq "$(mission_state "$pinned")" failed "pinned mission fails on e-stop"
"$FO" mission list >"$T/list"
expect_grep "$T/list" "$pinned .*pinned to this vehicle: not reassigned" "and says why"
# one event per occurrence: the second e-stop is a new event only after the first is resolved
expect_eq "$("$FO" safety list | grep -c ' estop ')" 1 "one open e-stop event for KIT-1"

# acknowledge and resolve
ev=$("$FO" safety list | awk '$4 == "estop" { print $1 }')
"$FO" safety resolve "$ev" >"$T/out" 2>&1
expect_eq "$?" 2 "resolve without a resolution: usage error"
"$FO" safety ack "${ev:0:8}" >"$T/out" 2>&1
expect_grep "$T/out" "acknowledged by" "acknowledged"
"$FO" safety ack "$ev" >"$T/out" 2>&1
expect_eq "$?" 1 "acknowledging twice refused"
"$FO" safety resolve "$ev" bumper checked, restarted >"$T/out" 2>&1
expect_grep "$T/out" "resolved: bumper checked, restarted" "resolved with its resolution"
"$FO" safety list --all >"$T/safety"
expect_grep "$T/safety" "$ev +resolved .*resolution: bumper checked" "stored as resolved"
"$FO" db list missions.safety_events >"$T/rows"
expect_grep "$T/rows" "acknowledged_by|resolution" "the columns"
expect_grep "$T/rows" "bumper checked, restarted" "the resolution in the store"

# by hand
"$FO" safety raise --vehicle KIT-2 --severity critical person in the aisle >"$T/out" 2>&1
expect_grep "$T/out" '^safety event [0-9a-f-]{36} open' "raised by hand"
"$FO" safety list >"$T/safety"
expect_grep "$T/safety" 'open +critical +manual +KIT-2 +person in the aisle' "listed"
"$FO" --demo safety raise --vehicle NOPE x >"$T/out" 2>&1
expect_eq "$?" 2 "unknown vehicle refused"
kill "$tracker" 2>/dev/null
finish
