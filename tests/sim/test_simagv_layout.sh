#!/usr/bin/env bash
# test_simagv_layout.sh — the simulator on a broker driving a LIF layout file
# (`fleetops sim --mqtt URL --layout FILE`) against a private mosquitto: a
# small hand-written hall (six nodes off any lattice, one-way edges, one edge
# limited to 0.5 m/s, two parking places).  The AGVs come online on the
# parking places with the layout's mapId and vehicle type; an order along the
# edges is driven to its end, on the edges, within the slow edge's limit; an
# order against an edge's direction is refused naming the pair and nothing
# moves; a cancel between two nodes ends on the edge's end node; bad layouts
# and too many vehicles are refused.  Every outbound message is checked
# against the official VDA 5050 2.1.0 schemas.  Ends with
#   simagv_layout: N passed, M failed
. "$(dirname "$0")/lib.bash"

# The hall: A -> B -> C -> D -> A a one-way loop (B -> C at most 0.5 m/s,
# C -> D without a limit), E -> A and B -> F spurs; parking at A and E.
LAYOUT=$T/hall.json
python3 - "$LAYOUT" <<'PY'
import json, sys
pos = {"A": (0, 0), "B": (6, 0), "C": (9, 4), "D": (3, 7), "E": (-2, 5), "F": (12, 0.5)}
edges = [("A", "B", 1.5), ("B", "C", 0.5), ("C", "D", None), ("D", "A", 1.5),
         ("E", "A", 1.5), ("B", "F", 1.5)]
def props(limit):
    p = {"vehicleTypeId": "hall-agv", "vehicleOrientation": 0.0,
         "orientationType": "TANGENTIAL", "rotationAllowed": False}
    if limit is not None:
        p["maxSpeed"] = limit
    return [p]
lif = {"metaInformation": {"projectIdentification": "simagv-hall", "creator": "fleetops tests",
                           "exportTimestamp": "2026-01-01T00:00:00.00Z", "lifVersion": "1.0.0"},
       "layouts": [{"layoutId": "hall", "layoutName": "Test hall", "layoutVersion": "1",
                    "layoutLevelId": "0",
                    "nodes": [{"nodeId": n, "mapId": "hall-1",
                               "nodePosition": {"x": float(x), "y": float(y)},
                               "vehicleTypeNodeProperties": [{"vehicleTypeId": "hall-agv"}]}
                              for n, (x, y) in pos.items()],
                    "edges": [{"edgeId": "%s-%s" % (a, b), "startNodeId": a, "endNodeId": b,
                               "vehicleTypeEdgeProperties": props(s)} for a, b, s in edges],
                    "stations": [{"stationId": "P1", "interactionNodeIds": ["A"],
                                  "fleetopsStationType": "parking"},
                                 {"stationId": "P2", "interactionNodeIds": ["E"],
                                  "fleetopsStationType": "parking"}]}]}
json.dump(lif, open(sys.argv[1], "w"), indent=1)
PY

# order SERIAL ORDER_ID NODE... [--max-speed V]: an order over the nodes,
# every node and edge released, the edges named FROM-TO.
order() {
	python3 - "$@" <<'PY'
import json, sys
sys.path.insert(0, "tests/sim")
import vda
args = sys.argv[1:]
speed = None
if "--max-speed" in args:
    i = args.index("--max-speed")
    speed = float(args[i + 1])
    del args[i:i + 2]
serial, oid, nodes = args[0], args[1], args[2:]
o = vda.header(serial, 1)
o.update({"orderId": oid, "orderUpdateId": 0, "nodes": [], "edges": []})
for i, n in enumerate(nodes):
    o["nodes"].append({"nodeId": n, "sequenceId": 2 * i, "released": True, "actions": []})
    if i:
        e = {"edgeId": "%s-%s" % (nodes[i - 1], n), "sequenceId": 2 * i - 1, "released": True,
             "startNodeId": nodes[i - 1], "endNodeId": n, "actions": []}
        if speed is not None:
            e["maxSpeed"] = speed
        o["edges"].append(e)
print(json.dumps(o))
PY
}

mosquitto_sub -p "$PORT" -v -t "$P/#" >"$LOG" 2>/dev/null &
pids+=($!)
sleep 0.3

# 1. Two AGVs on the hall, states every 0.2 s (so the drive is sampled
# finely); --seconds is only a backstop, long enough for a sanitizer build.
"$FO" sim --mqtt "$URL" --layout "$LAYOUT" --vehicles 2 --rate 5 --seconds 300 \
	--state-interval 0.2 >"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
pids+=($SIM)
check "both AGVs report a state" wait_for 10 AGV-00002 state 'm is not None'
check "sim names the layout it drives" grep -q "layout $LAYOUT" "$T/sim.out"
check "they stand on the two parking places, one each" \
	[ "$(q AGV-00001 state 'm["lastNodeId"]')$(q AGV-00002 state 'm["lastNodeId"]')" = AE -o \
	"$(q AGV-00001 state 'm["lastNodeId"]')$(q AGV-00002 state 'm["lastNodeId"]')" = EA ]
for s in AGV-00001 AGV-00002; do
	check "$s: at its node's position, layout mapId, maps lists it" \
		[ "$(q $s state '(m["agvPosition"]["x"], m["agvPosition"]["y"]) == {"A": (0, 0), "E": (-2, 5)}[m["lastNodeId"]] and m["agvPosition"]["mapId"] == "hall-1" and [x["mapId"] for x in m["maps"]] == ["hall-1"]')" = True ]
	check "$s: factsheet seriesName is the layout's vehicle type" \
		wait_for 3 $s factsheet 'm["typeSpecification"]["seriesName"] == "hall-agv"'
done
# The same file and seed put them in the same places (a second run on
# another interface).
mosquitto_sub -p "$PORT" -t "uagv2/v2/AtlasMesh-Sim/+/state" -C 2 -W 20 >"$T/again.state" 2>/dev/null &
sub2=$!
sleep 0.3
"$FO" sim --mqtt "$URL" --layout "$LAYOUT" --vehicles 2 --seconds 2 --interface uagv2 \
	>"$T/again.out" 2>&1
wait $sub2
places() { python3 -c 'import json, sys; print(sorted((m["serialNumber"], m["lastNodeId"]) for m in map(json.loads, sys.stdin)))'; }
first=$(for s in AGV-00001 AGV-00002; do q $s state 'ms[0]' | python3 -c 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'; done | places)
check "a second run with the same seed: the same places ($(places <"$T/again.state") vs $first)" \
	[ "$(places <"$T/again.state")" = "$first" ]
if [ "$(q AGV-00001 state 'm["lastNodeId"]')" = A ]; then ON_A=AGV-00001 ON_E=AGV-00002; else
	ON_A=AGV-00002 ON_E=AGV-00001
fi

# 2. The vehicle on A drives A -> B -> C -> D; the order's own 2 m/s does
# not lift the slow edge's 0.5 m/s.
pub $ON_A order "$(order $ON_A hall-1 A B C D --max-speed 2.0)"
check "order accepted" wait_for 3 $ON_A state 'm["orderId"] == "hall-1" and len(m["nodeStates"]) == 3'
check "driven to D: nodeStates and edgeStates empty, standing on D" \
	wait_for 60 $ON_A state 'm["lastNodeId"] == "D" and m["nodeStates"] == [] and m["edgeStates"] == [] and not m["driving"] and abs(m["agvPosition"]["x"] - 3) < 1e-6 and abs(m["agvPosition"]["y"] - 7) < 1e-6'
check "lastNodeId went A, B, C, D in that order" \
	[ "$(q $ON_A state '[k for i, k in enumerate([x["lastNodeId"] for x in ms]) if i == 0 or k != [x["lastNodeId"] for x in ms][i - 1]]')" = "['A', 'B', 'C', 'D']" ]
# speeds while on an edge, from |velocity|
sp() { q $ON_A state "max([(x['velocity']['vx']**2 + x['velocity']['vy']**2) ** 0.5 for x in ms if x['orderId'] == 'hall-1' and x['lastNodeId'] == '$1' and x['driving']] or [-1])"; }
slow=$(sp B)
fast=$(sp A)
check "on B -> C (maxSpeed 0.5) at most 0.5 m/s (got $slow)" python3 -c "import sys; sys.exit(not 0.3 < $slow <= 0.501)"
check "on A -> B faster than 0.5 m/s, at most 1.5 (got $fast)" python3 -c "import sys; sys.exit(not 0.5 < $fast <= 1.501)"
check "B -> C took its time at 0.5 m/s (5 m: at least 8 s of states on it)" \
	[ "$(q $ON_A state 'len([x for x in ms if x["lastNodeId"] == "B" and x["driving"]]) >= 40')" = True ]
# on the edge: every driving position within 1 mm of the segment from the
# last node to the next
check "every position on the way lies on the edge being driven" python3 - "$LOG" $ON_A <<'PY'
import math, sys
sys.path.insert(0, "tests/sim")
import vda
pos = {"A": (0, 0), "B": (6, 0), "C": (9, 4), "D": (3, 7)}
nxt = {"A": "B", "B": "C", "C": "D"}
seen = 0
for m in vda.messages(sys.argv[1], sys.argv[2], "state"):
    if m["orderId"] != "hall-1" or not m["driving"]:
        continue
    (ax, ay), (bx, by) = pos[m["lastNodeId"]], pos[nxt[m["lastNodeId"]]]
    x, y = m["agvPosition"]["x"], m["agvPosition"]["y"]
    t = ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)
    off = math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)))
    if off > 1e-3 or not -1e-6 <= t <= 1 + 1e-6:
        print("  off the edge %s-%s: (%.3f, %.3f)" % (m["lastNodeId"], nxt[m["lastNodeId"]], x, y))
        sys.exit(1)
    seen += 1
sys.exit(seen < 20)
PY

# 3. Against an edge's direction (A -> D, where the layout has D -> A) and
# between nodes no edge joins (E -> C): orderError naming the pair; the
# vehicle on E neither takes the order nor moves.
pub $ON_E order "$(order $ON_E wrong-way E A D)"
check "A -> D against D -> A: orderError naming A and D" \
	wait_for 3 $ON_E state 'any(e["errorType"] == "orderError" and "from A to D" in e["errorDescription"] for e in m["errors"])'
pub $ON_E order "$(order $ON_E no-edge E C)"
check "E -> C without an edge: orderError naming E and C" \
	wait_for 3 $ON_E state 'any(e["errorType"] == "orderError" and "from E to C" in e["errorDescription"] for e in m["errors"])'
sleep 1
check "the refused vehicle has no order and has not moved" \
	[ "$(q $ON_E state 'm["orderId"] == "" and m["lastNodeId"] == "E" and m["nodeStates"] == [] and all(not x["driving"] and (x["agvPosition"]["x"], x["agvPosition"]["y"]) == (-2, 5) for x in ms)')" = True ]
pub $ON_E order "$(order $ON_E ghost E Z)"
check "a node the layout lacks: orderError" \
	wait_for 3 $ON_E state 'any(e["errorType"] == "orderError" and "Z is not on the layout" in e["errorDescription"] for e in m["errors"])'
pub $ON_E order "$(order $ON_E hall-2 E A B F)"
check "a right order then runs: E -> A -> B -> F, errors cleared" \
	wait_for 60 $ON_E state 'm["orderId"] == "hall-2" and m["lastNodeId"] == "F" and m["nodeStates"] == [] and m["errors"] == [] and not m["driving"]'

# 4. cancelOrder between D and A: the vehicle drives on to A and stops
# there, the order's route gone, cancelOrder FINISHED.
pub $ON_A order "$(order $ON_A hall-3 D A B)"
check "D -> A -> B accepted and on the way" wait_for 5 $ON_A state 'm["orderId"] == "hall-3" and m["driving"] and m["lastNodeId"] == "D" and m["distanceSinceLastNode"] > 0.5'
pub $ON_A instantActions "$(python3 "$VDA" instant $ON_A cancelOrder cancel-1)"
check "cancel between D and A ends standing on A" \
	wait_for 20 $ON_A state '{a["actionId"]: a["actionStatus"] for a in m["actionStates"]}.get("cancel-1") == "FINISHED" and m["lastNodeId"] == "A" and m["nodeStates"] == [] and m["edgeStates"] == [] and not m["driving"] and (m["agvPosition"]["x"], m["agvPosition"]["y"]) == (0, 0)'
check "it never went past A" [ "$(q $ON_A state 'all(x["lastNodeId"] != "B" for x in ms if x["orderId"] == "hall-3")')" = True ]

# 5. Every message of every outbound topic against the official schemas.
for t in state connection factsheet visualization; do
	for s in AGV-00001 AGV-00002; do
		if out=$(python3 "$VDA" validate "$SCHEMAS" "$LOG" "$t" "$s" 2>&1); then ok; else
			no "$s $t does not match $t.schema: $out"
		fi
	done
done
kill -TERM "$SIM"
wait "$SIM"
check "SIGTERM: exit 0" [ $? -eq 0 ]

# 6. Refusals: a missing file, a file that is no layout, more vehicles than
# nodes (through sim.layout in the environment too); none starts a vehicle.
"$FO" sim --mqtt "$URL" --layout "$T/none.json" --vehicles 1 --seconds 1 >"$T/bad1.out" 2>&1
rc=$?
check "missing layout file: exit 1 (got $rc)" [ $rc -eq 1 ]
check "missing layout file: says which ($(head -c 200 "$T/bad1.out"))" grep -q "none.json" "$T/bad1.out"
echo '{"layouts": "no"}' >"$T/bad.json"
"$FO" sim --mqtt "$URL" --layout "$T/bad.json" --vehicles 1 --seconds 1 >"$T/bad2.out" 2>&1
rc=$?
check "not a layout: exit 1 (got $rc)" [ $rc -eq 1 ]
check "not a layout: names the file and the fault ($(head -c 200 "$T/bad2.out"))" grep -q 'bad.json: .*\$\.metaInformation: required member missing' "$T/bad2.out"
FLEETOPS_SIM_LAYOUT=$LAYOUT "$FO" sim --mqtt "$URL" --vehicles 7 --seconds 1 >"$T/bad3.out" 2>&1
rc=$?
check "7 vehicles on 6 nodes: exit 1 (got $rc)" [ $rc -eq 1 ]
check "7 vehicles on 6 nodes: says so ($(head -c 200 "$T/bad3.out"))" grep -q '6 nodes, too few for 7 vehicles' "$T/bad3.out"
check "no vehicle of a refused run came online" \
	[ "$(grep -c 'AGV-00007' "$LOG")" -eq 0 ]

# 6b. A layout naming two vehicle types needs map.vehicle_type, which then
# is the factsheet's seriesName.
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["layouts"][0]["edges"][0]["vehicleTypeEdgeProperties"]
e.append(dict(e[0], vehicleTypeId="other-agv"))
json.dump(d, open(sys.argv[2], "w"))' "$LAYOUT" "$T/two.json"
"$FO" sim --mqtt "$URL" --layout "$T/two.json" --vehicles 1 --seconds 1 >"$T/two1.out" 2>&1
rc=$?
check "two vehicle types, none chosen: exit 1 naming both ($(head -c 200 "$T/two1.out"))" \
	[ $rc -eq 1 -a "$(grep -c '"hall-agv", "other-agv" (set map.vehicle_type)' "$T/two1.out")" -eq 1 ]
FLEETOPS_MAP_VEHICLE_TYPE=other-agv "$FO" sim --mqtt "$URL" --layout "$T/two.json" --vehicles 1 \
	--seconds 1 --interface uagv3 >"$T/two2.out" 2>&1
rc=$?
got=$(mosquitto_sub -p "$PORT" -t "uagv3/v2/AtlasMesh-Sim/AGV-00001/factsheet" --retained-only -C 1 -W 2 2>/dev/null)
check "map.vehicle_type other-agv: runs (exit $rc), seriesName other-agv" \
	[ $rc -eq 0 -a "$(grep -c '"seriesName":"other-agv"' <<<"$got")" -eq 1 ]

# 7. Under a sanitizer build (BUILD=build-asan) nothing was reported.
for f in sim.err sim.out again.out bad1.out bad2.out bad3.out two1.out two2.out; do
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/$f"; then
		no "sanitizer report in $f: $(grep -m3 -E 'Sanitizer|runtime error' "$T/$f")"
	else
		ok
	fi
done

echo "simagv_layout: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
