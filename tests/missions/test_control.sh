#!/usr/bin/env bash
# An operator's hands on running missions: pause and resume (startPause /
# stopPause to the vehicle), cancel in mid-mission from another shell (the
# tracking console sends cancelOrder), a note in the log, and the
# refusals: resume what is not paused, cancel what is finished.
. "$(dirname "$0")/lib.bash"
broker_start
sim_start 3
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/instantActions' \
	>"$T/actions" 2>/dev/null &
bg_pids+=("$!")
start_nodes 3 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 3 "every AGV reported its start node"
read -r v1 n1 _ <"$T/nodes"
# the farthest start node: a long drive, time to act on it
far=$(python3 - "$T/nodes" "$v1" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
me = next(r for r in rows if r[0] == sys.argv[2])
print(max((r for r in rows if r[1] != me[1]),
          key=lambda r: math.hypot(float(r[2]) - float(me[2]), float(r[3]) - float(me[3])))[1])
PY
)
cat >"$T/go.json" <<'JSON'
{"name": "go", "steps": [{"node": "$to"}, {"node": "$back"}]}
JSON
"$FO" template import "$T/go.json" >/dev/null
id=$("$FO" mission start --vehicle "$v1" go "to=$far" "back=$n1" | awk '{print $2}')
tracker_start one
wait_state "$id" active 20
expect_eq "$(mission_state "$id")" active "the mission is active on $v1"

"$FO" mission resume "$id" >"$T/out" 2>&1
expect_eq "$?" 2 "resume of an active mission: usage error"
expect_grep "$T/out" "is active: cannot resume" "and says why"

"$FO" mission pause "$id" >"$T/out" 2>&1
expect_eq "$?" 0 "pause from a shell"
expect_grep "$T/out" "startPause not sent from here" "the shell says the tracking console sends it"
sleep 3
expect_grep "$T/actions" "$v1/instantActions .*\"actionType\":\"startPause\"" "the tracking console sent startPause"
expect_eq "$(mission_state "$id")" paused "still paused (the vehicle reports paused)"
"$FO" mission resume "$id" >"$T/out" 2>&1
expect_eq "$?" 0 "resume from a shell without a broker"
expect_grep "$T/out" "stopPause not sent from here" "it says the tracking console sends it"
sleep 2
expect_grep "$T/actions" '"actionType":"stopPause"' "the tracking console sent stopPause"
expect_eq "$(mission_state "$id")" active "active again"

"$FO" mission note "$id" checked by the test >/dev/null
"$FO" mission cancel "$id" >"$T/out" 2>&1
expect_eq "$?" 0 "cancel in mid-mission"
wait_state "$id" cancelled 5
sleep 2
expect_grep "$T/actions" "$v1/instantActions .*\"actionType\":\"cancelOrder\"" "cancelOrder reached $v1"
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-vl-$$" feeds watch --seconds 3 \
	--then "vehicle show $v1" >"$T/veh" 2>/dev/null
# VDA 5050: a cancelled order keeps its id, with nothing left to drive
expect_grep "$T/veh" "Nodes left +0" "the vehicle dropped the rest of the order"
expect_grep "$T/veh" "State +idle" "and stands idle"
"$FO" mission show "$id" >"$T/show"
expect_grep "$T/show" 'active -> paused +by operator:' "pause recorded with its actor"
expect_grep "$T/show" 'paused -> active +by operator:' "resume recorded"
expect_grep "$T/show" 'active -> cancelled +by operator:' "cancel recorded"
expect_grep "$T/show" 'note +operator:.*checked by the test' "the note in the log"
"$FO" mission cancel "$id" >"$T/out" 2>&1
expect_eq "$?" 1 "cancel of a cancelled mission refused"
expect_grep "$T/out" "already cancelled" "and says why"
kill "$tracker" 2>/dev/null
wait "$tracker" 2>/dev/null

# a released horizon: one node at first, order updates release the rest;
# the tracker is killed after update 1 and a new one sends update 2 from the
# stored plan, the edge into the last node (speed limit, edge action) intact
cat >"$T/goedge.json" <<'JSON'
{"name": "goedge", "steps": [{"node": "$to"}, {"node": "$back",
  "edge": {"max_speed": 1.25, "actions": [{"type": "detectObject", "blocking": "NONE"}]}}]}
JSON
"$FO" template import "$T/goedge.json" >/dev/null
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t "uagv/v2/+/$v1/order" >"$T/orders" 2>/dev/null &
bg_pids+=("$!")
n2=$(awk 'NR == 2 { print $2 }' "$T/nodes")
h=$("$FO" mission start --vehicle "$v1" goedge "to=$n2" "back=$n1" | awk '{print $2}')
FLEETOPS_MISSIONS_RELEASE_NODES=1 tracker_start two
for _ in $(seq 300); do
	grep -q "\"orderId\":\"$h\",\"orderUpdateId\":1," "$T/orders" && break
	sleep 0.1
done
kill -9 "$tracker" 2>/dev/null
wait "$tracker" 2>/dev/null
FLEETOPS_MISSIONS_RELEASE_NODES=1 tracker_start three
wait "$tracker"
expect_eq "$?" 0 "the mission with a horizon completed"
expect_eq "$(mission_state "$h")" completed "completed"
ups=$(grep "\"orderId\":\"$h\"" "$T/orders" | grep -oE '"orderUpdateId":[0-9]+' | cut -d: -f2 | tr '\n' ' ')
expect_eq "$ups" "0 1 2 " "order updates 0, 1, 2"
expect_grep "$T/orders" "\"orderId\":\"$h\",\"orderUpdateId\":0,.*\"released\":false" "the first order has a horizon"
grep "\"orderId\":\"$h\",\"orderUpdateId\":2," "$T/orders" >"$T/update2"
expect_grep "$T/update2" '"maxSpeed":1.25,"actions":\[\{"actionType":"detectObject"' \
	"update 2, sent by the restarted tracker, keeps the edge's speed and action"
"$FO" mission show "$h" >"$T/show2"
expect_grep "$T/show2" "update 2 sent to $v1 \(3 of 3 nodes released\)" "the last update released everything"
finish
