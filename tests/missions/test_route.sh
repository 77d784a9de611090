#!/usr/bin/env bash
# Missions routed over the site layout (issue 12): the simulator's depot
# imported and activated as LIF, simulated AGVs on the broker driving that
# depot, `serve` (which loads the active layout) following the missions.
# A mission whose steps are lattice hops apart gets an order along the
# layout's edges: every node with its nodePosition and the layout's mapId,
# every edge the layout's, VDA 5050 sequenceIds, the step's actions on its
# node and its edge on the leg's last edge, valid against the official
# order schema; with a release horizon the updates stitch on the routed
# plan; the AGV drives it to the end.  A step naming a node the layout
# lacks fails the mission with the reason naming it.
. "$(dirname "$0")/lib.bash"
broker_start
# the AGVs' depot is sized for sim.vehicles (at least the AGVs run): 3 here
export FLEETOPS_SIM_VEHICLES=3
sim_start 3
"$FO" map depot --vehicles 3 --out "$T/depot.json" >/dev/null
"$FO" map import "$T/depot.json" --activate >"$T/import" 2>&1
expect_grep "$T/import" "^active: fleetops-depot-3 revision 1" "the depot is the active layout"
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/order' >"$T/orders" 2>/dev/null &
bg_pids+=("$!")
FLEETOPS_MAP_RELEASE_NODES=2 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-serve-$$" \
	--log-file "$T/serve.log" serve >"$T/serve.out" 2>&1 &
bg_pids+=("$!")
start_nodes 3 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 3 "every AGV reported its start node"
read -r v1 n1 _ <"$T/nodes"
v2=$(awk 'NR == 2 { print $1 }' "$T/nodes")
expect_grep "$T/serve.log" "site: layout fleetops-depot-3 revision 1, 144 nodes" "serve loaded the layout"

# via: 2 hops from v1's start; to: 2 hops from via, 4 from the start; on
# no AGV's start node
read -r via to < <(python3 - "$T/depot.json" "$T/nodes" "$n1" <<'PY'
import collections, json, sys
l = json.load(open(sys.argv[1]))["layouts"][0]
taken = {r.split()[1] for r in open(sys.argv[2]) if r.strip()}
adj = collections.defaultdict(set)
for e in l["edges"]:
    adj[e["startNodeId"]].add(e["endNodeId"])
def hops(src):
    h, todo = {src: 0}, collections.deque([src])
    while todo:
        n = todo.popleft()
        for m in sorted(adj[n]):
            if m not in h:
                h[m] = h[n] + 1
                todo.append(m)
    return h
h0 = hops(sys.argv[3])
for via in sorted(n for n in h0 if h0[n] == 2 and n not in taken):
    hv = hops(via)
    to = [n for n in sorted(hv) if hv[n] == 2 and h0.get(n) == 4 and n not in taken]
    if to:
        print(via, to[0])
        break
PY
)
echo "  ($v1 from $n1 via $via to $to)"
cat >"$T/route.json" <<'JSON'
{"name": "route", "steps": [
  {"node": "$via", "actions": [{"type": "pick", "blocking": "HARD"}],
   "edge": {"max_speed": 1.5, "actions": [{"type": "detectObject", "blocking": "NONE"}]}},
  {"node": "$to", "actions": [{"type": "drop", "blocking": "HARD"}]}]}
JSON
"$FO" template import "$T/route.json" >/dev/null
id=$("$FO" mission start --vehicle "$v1" route "via=$via" "to=$to" | awk '{print $2}')
bad=$("$FO" mission start --vehicle "$v2" route "via=$via" "to=N-99999" | awk '{print $2}')
wait_state "$id" completed 45
expect_eq "$(mission_state "$id")" completed "the routed mission completed: the AGV drove it"

# the orders on the broker
grep "\"orderId\":\"$id\"" "$T/orders" | cut -d' ' -f2- >"$T/mine"
python3 - "$T/mine" "$T/depot.json" "$FO_VDA_SCHEMAS" "$n1" "$via" "$to" >"$T/check" 2>&1 <<'PY'
import json, math, sys
import jsonschema
msgs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
l = json.load(open(sys.argv[2]))["layouts"][0]
schema = json.load(open(sys.argv[3] + "/order.schema"))
start, via, to = sys.argv[4:7]
edges = {(e["startNodeId"], e["endNodeId"]): e["edgeId"] for e in l["edges"]}
print("orders", len(msgs))
bad = 0
for o in msgs:
    try:
        jsonschema.validate(o, schema)
    except jsonschema.ValidationError as e:
        bad += 1
        print("invalid:", str(e).splitlines()[0])
print("schema invalid", bad)
o = msgs[0]
nodes, es = o["nodes"], o["edges"]
ids = [n["nodeId"] for n in nodes]
print("update0", o["orderUpdateId"], "nodes", len(ids), "first", ids[0], "last", ids[-1])
print("through via", via in ids[1:-1])
print("mapIds", sorted({n.get("nodePosition", {}).get("mapId") for n in nodes}))
steps = [math.hypot(b["nodePosition"]["x"] - a["nodePosition"]["x"],
                    b["nodePosition"]["y"] - a["nodePosition"]["y"]) for a, b in zip(nodes, nodes[1:])]
print("adjacent", all(abs(d - 5.0) < 1e-6 for d in steps))
print("layout edges", all(e["edgeId"] == edges.get((e["startNodeId"], e["endNodeId"])) for e in es)
      and [e["startNodeId"] for e in es] == ids[:-1] and [e["endNodeId"] for e in es] == ids[1:])
print("sequence", [n["sequenceId"] for n in nodes] == list(range(0, 2 * len(nodes), 2))
      and [e["sequenceId"] for e in es] == list(range(1, 2 * len(nodes) - 1, 2)))
acts = {n["nodeId"]: [a["actionType"] for a in n["actions"]] for n in nodes if n["actions"]}
print("node actions", sorted(acts.items()))
# every edge carries the layout's limit (2 m/s); only the step's edge the
# template's lower 1.5 m/s and its action
limited = [e["endNodeId"] for e in es if e.get("maxSpeed", 2.0) < 2.0 or e["actions"]]
print("layout limit elsewhere", all(e.get("maxSpeed") == 2.0 for e in es if e["endNodeId"] != via))
print("edge into via only", limited == [via],
      [a["actionType"] for e in es for a in e["actions"]])
# updates: each starts at the last released node of the one before
ok = True
for prev, cur in zip(msgs, msgs[1:]):
    last = [n for n in prev["nodes"] if n["released"]][-1]
    first = cur["nodes"][0]
    ok &= (first["nodeId"], first["sequenceId"]) == (last["nodeId"], last["sequenceId"])
    ok &= cur["orderUpdateId"] == prev["orderUpdateId"] + 1
print("stitched", ok, "updates", len(msgs) - 1,
      "all released at the end", all(n["released"] for n in msgs[-1]["nodes"]))
PY
expect_grep "$T/check" "^schema invalid 0$" "every order and update valid against the 2.1.0 order schema"
expect_grep "$T/check" "^update0 0 nodes 5 first $n1 last $to$" "the order is the routed path: 5 nodes from where $v1 stood to $to (the template has 2 steps)"
expect_grep "$T/check" "^through via True$" "through the first step's node"
expect_grep "$T/check" "^mapIds \['sim-depot'\]$" "every node has a nodePosition with the layout's mapId"
expect_grep "$T/check" "^adjacent True$" "consecutive nodes are lattice neighbours, 5 m apart"
expect_grep "$T/check" "^layout edges True$" "every edge is the layout's (E-a-b) between its two nodes"
expect_grep "$T/check" "^sequence True$" "sequenceIds: nodes even, edges odd, in order"
expect_grep "$T/check" "^node actions \[\('$to', \['drop'\]\), \('$via', \['pick'\]\)\]$" "the steps' actions on their nodes, none on pass-through nodes"
expect_grep "$T/check" "^edge into via only True \['detectObject'\]$" "the step's edge (speed, action) is the last edge of its leg"
expect_grep "$T/check" "^stitched True updates [1-9]" "order updates release the routed plan, each from the last released node"
expect_grep "$T/check" "all released at the end True$" "the last update releases the rest"

# an unknown node: the mission fails with the reason (a mission that failed
# before any dispatch has no started_at, so a new process's `mission list`
# does not load it: the record and the log have it)
for _ in $(seq 50); do
	"$FO" db list missions.missions >"$T/rows"
	grep -qE "^$bad.*	failed	" "$T/rows" && break
	sleep 0.2
done
expect_grep "$T/rows" "^$bad.*	failed	.*step 2, route $via -> N-99999: layout fleetops-depot-3 has no node or station 'N-99999'" "a step naming an unknown node fails the mission, the reason names it"
expect_grep "$T/serve.log" "mission ${bad:0:8}: queued -> failed by console: step 2, route $via -> N-99999: .*'N-99999'" "the log says why"
"$FO" mission show "$id" >"$T/show"
expect_grep "$T/show" "^plan +$n1 .*$via\* .*$to\*$" "mission show: the routed plan, steps' nodes marked"
finish
