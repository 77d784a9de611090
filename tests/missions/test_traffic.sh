#!/usr/bin/env bash
# Traffic control on a real broker (issue 12): simulated AGVs on mosquitto
# driving the depot, which is imported and activated as the site; `serve`
# dispatches missions whose orders release only what it reserved for each
# vehicle (map.release_nodes 2).
#   1. A mission to the node another AGV stands on: the order's base stops
#      short of that node, the mission log says whom it waits for.
#   2. That AGV is sent to where the first one came from: the two want each
#      other's ground; the second is routed round the first where it can
#      be, else they meet and the deadlock is resolved; both complete.
#   3. Throughout, from the AGVs' own states (5 a second): no two AGVs ever
#      closer than 2 m (the depot's nodes are 5 m apart), and every order
#      and update valid against the official schema.
. "$(dirname "$0")/lib.bash"
broker_start
export FLEETOPS_SIM_VEHICLES=4
"$FO" sim --mqtt "$FO_MQTT_URL" --vehicles 4 --rate 10 --state-interval 0.2 --seconds 900 \
	>"$T/sim.out" 2>&1 &
bg_pids+=("$!")
"$FO" map depot --vehicles 4 --out "$T/depot.json" >/dev/null
"$FO" map import "$T/depot.json" --activate >"$T/import" 2>&1
expect_grep "$T/import" "^active: fleetops-depot-4 revision 1" "the depot is the active layout"
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/order' >"$T/orders" 2>/dev/null &
bg_pids+=("$!")
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/state' >"$T/states" 2>/dev/null &
bg_pids+=("$!")
FLEETOPS_MAP_RELEASE_NODES=2 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-serve-$$" \
	--log-file "$T/serve.log" serve >"$T/serve.out" 2>&1 &
bg_pids+=("$!")
start_nodes 4 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 4 "every AGV reported its start node"

# the two AGVs nearest each other
read -r va na vb nb < <(python3 - "$T/nodes" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
a, b = min(((a, b) for a in rows for b in rows if a[0] < b[0]),
           key=lambda p: math.hypot(float(p[0][2]) - float(p[1][2]),
                                    float(p[0][3]) - float(p[1][3])))
print(a[0], a[1], b[0], b[1])
PY
)
echo "  ($va on $na, $vb on $nb)"
cat >"$T/goto.json" <<'JSON'
{"name": "goto", "steps": [{"node": "$to", "actions": [{"type": "drop", "blocking": "HARD"}]}]}
JSON
"$FO" template import "$T/goto.json" >/dev/null

# 1. to where the other stands: it waits short of that node
m1=$("$FO" mission start --vehicle "$va" goto "to=$nb" | awk '{print $2}')
for _ in $(seq 100); do
	"$FO" mission show "$m1" >"$T/show1"
	grep -q "traffic: $va waits for $vb (holds $nb)" "$T/show1" && break
	sleep 0.2
done
expect_grep "$T/show1" "traffic: $va waits for $vb \(holds $nb\)" "the mission waits for the AGV standing on its goal"
python3 - "$T/orders" "$va" "$nb" >"$T/base1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    topic, _, body = line.partition(" ")
    if f"/{sys.argv[2]}/order" in topic:
        o = json.loads(body)
        print("released", " ".join(n["nodeId"] for n in o["nodes"] if n["released"]))
        print("goal released", any(n["released"] and n["nodeId"] == sys.argv[3] for n in o["nodes"]))
        break
PY
expect_grep "$T/base1" "^goal released False$" "the first order's base stops short of the occupied goal"

# 2. the other AGV to where the first one started: they want each other's ground
m2=$("$FO" mission start --vehicle "$vb" goto "to=$na" | awk '{print $2}')
wait_state "$m1" completed 90
expect_eq "$(mission_state "$m1")" completed "$va reached $nb"
wait_state "$m2" completed 90
expect_eq "$(mission_state "$m2")" completed "$vb reached $na"
"$FO" mission show "$m2" >"$T/show2"
"$FO" db list missions.logs >"$T/logs"
grep -E "traffic:" "$T/logs" | cut -f1-3 --complement | sed 's/^/    /' | head -8
# routes go round ground others hold where that costs little, so the second
# may plan round the first from the start; else they meet and a deadlock
# is resolved (tests/missions/test_traffic_corridor.sh forces one)
if ! grep -qE "traffic: deadlock at N-[0-9]+ resolved" "$T/logs"; then
	expect_grep "$T/show2" "update 0 sent to $vb" "no deadlock: the second mission was dispatched round the first"
fi

# 3. never closer than 2 m, by the AGVs' own positions
closest_check "$T/states" "$T/dist"
sed 's/^/    /' "$T/dist"
expect_grep "$T/dist" "^apart True$" "no two AGVs ever closer than 2 m"

orders_valid "$T/orders" "$T/valid"
expect_grep "$T/valid" "^orders ([3-9]|[1-9][0-9]+) invalid 0$" "orders and their updates valid against the 2.1.0 schema"
finish
