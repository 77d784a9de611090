#!/usr/bin/env bash
# Missions routed over the site layout (issue 12): the simulator's depot
# imported and activated as LIF, simulated AGVs on the broker driving that
# depot, `serve` (which loads the active layout) following the missions.
# A mission whose steps are several lattice hops apart gets an order along
# the layout's edges: every node with its nodePosition and the layout's
# mapId, every edge the layout's, VDA 5050 sequenceIds, valid against the
# official order schema; with a release horizon the order updates stitch
# on the routed plan; the AGV drives it to the end.  A step naming a node
# the layout lacks fails the mission with the reason naming it.
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
start_nodes 3 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 3 "every AGV reported its start node"
read -r v1 n1 _ <"$T/nodes"

# a lattice node 3 hops from v1's start, on no other AGV's start node
to=$(python3 - "$T/depot.json" "$T/nodes" "$n1" <<'PY'
import collections, json, sys
l = json.load(open(sys.argv[1]))["layouts"][0]
taken = {r.split()[1] for r in open(sys.argv[2]) if r.strip()}
adj = collections.defaultdict(set)
for e in l["edges"]:
    adj[e["startNodeId"]].add(e["endNodeId"])
hops, todo = {sys.argv[3]: 0}, collections.deque([sys.argv[3]])
while todo:
    n = todo.popleft()
    for m in sorted(adj[n]):
        if m not in hops:
            hops[m] = hops[n] + 1
            todo.append(m)
print(next(n for n in sorted(hops) if hops[n] == 3 and n not in taken))
PY
)
echo "  ($v1 from $n1 to $to and back)"
cat >"$T/there.json" <<'JSON'
{"name": "there", "steps": [
  {"node": "$to", "actions": [{"type": "drop", "blocking": "HARD"}],
   "edge": {"max_speed": 1.5, "actions": [{"type": "detectObject", "blocking": "NONE"}]}},
  {"node": "$back"}]}
JSON
"$FO" template import "$T/there.json" >/dev/null

FLEETOPS_MISSIONS_RELEASE_NODES=3 "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-serve-$$" \
	--log-file "$T/serve.log" serve >"$T/serve.out" 2>&1 &
bg_pids+=("$!")
for _ in $(seq 50); do
	grep -q "site: layout fleetops-depot-3 revision 1" "$T/serve.log" 2>/dev/null && break
	sleep 0.1
done
expect_grep "$T/serve.log" "site: layout fleetops-depot-3 revision 1, 144 nodes" "serve loaded the layout"

id=$("$FO" mission start --vehicle "$v1" there "to=$to" "back=$n1" | awk '{print $2}')
wait_state "$id" completed 60
expect_eq "$(mission_state "$id")" completed "the routed mission completed"
bad=$("$FO" mission start --vehicle "$v1" there "to=N-99999" "back=$n1" | awk '{print $2}')
wait_state "$bad" failed 20
expect_eq "$(mission_state "$bad")" failed "a step naming an unknown node fails the mission"
# (a mission that failed before any dispatch has no started_at: a new
# process's `mission list` and `show` do not load it; the record has it)
"$FO" db list missions.missions >"$T/rows"
expect_grep "$T/rows" "^$bad.*step 1, route $n1 -> N-99999: layout fleetops-depot-3 has no node or station 'N-99999'" "and the reason names the node"
expect_grep "$T/serve.log" "mission ${bad:0:8}: queued -> failed by console: step 1, route $n1 -> N-99999: .*'N-99999'" "the log says why"
"$FO" mission show "$id" >"$T/show"
cat "$T/show"
FO_KEEP=1
finish
