#!/usr/bin/env bash
# The simulator on a layout file (sim.layout, --layout FILE): its vehicles
# stand on layout nodes, drive only along the layout's edges in their
# direction and never faster than an edge's limit; a bad file or a layout
# with fewer nodes than vehicles is refused; sim.jobs none keeps them
# standing; sim.speedup runs simulated time faster.  Positions are sampled
# from a running `fleetops --demo run` script every 0.1 s of wall time.
. "$(dirname "$0")/lib.bash"

# A small layout that is not a lattice: a one-way loop A -> B -> C -> D ->
# F -> A whose edge A -> B is slow (0.5 m/s) and has no reverse, a two-way
# spur B <-> E, a diagonal C -> A; stations at C and E, parking at D, a
# charger at F.
cat >"$T/small.json" <<'JSON'
{"metaInformation": {"projectIdentification": "small", "creator": "sim_layout.sh",
  "exportTimestamp": "2026-01-01T00:00:00.00Z", "lifVersion": "1.0.0"},
 "layouts": [{"layoutId": "small", "layoutVersion": "1", "layoutLevelId": "0",
  "nodes": [
   {"nodeId": "A", "nodePosition": {"x": 0, "y": 0}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]},
   {"nodeId": "B", "nodePosition": {"x": 10, "y": 0}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]},
   {"nodeId": "C", "nodePosition": {"x": 10, "y": 10}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]},
   {"nodeId": "D", "nodePosition": {"x": 0, "y": 10}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]},
   {"nodeId": "E", "nodePosition": {"x": 20, "y": 3}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]},
   {"nodeId": "F", "nodePosition": {"x": -6, "y": 5}, "vehicleTypeNodeProperties": [{"vehicleTypeId": "t"}]}],
  "edges": [
   {"edgeId": "A-B", "startNodeId": "A", "endNodeId": "B", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true, "maxSpeed": 0.5}]},
   {"edgeId": "B-C", "startNodeId": "B", "endNodeId": "C", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "C-D", "startNodeId": "C", "endNodeId": "D", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "D-F", "startNodeId": "D", "endNodeId": "F", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "F-A", "startNodeId": "F", "endNodeId": "A", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "C-A", "startNodeId": "C", "endNodeId": "A", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "B-E", "startNodeId": "B", "endNodeId": "E", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]},
   {"edgeId": "E-B", "startNodeId": "E", "endNodeId": "B", "vehicleTypeEdgeProperties": [{"vehicleTypeId": "t", "rotationAllowed": true}]}],
  "stations": [
   {"stationId": "ST-C", "interactionNodeIds": ["C"], "fleetopsStationType": "work"},
   {"stationId": "ST-E", "interactionNodeIds": ["E"], "fleetopsStationType": "work"},
   {"stationId": "PK-D", "interactionNodeIds": ["D"], "fleetopsStationType": "parking"},
   {"stationId": "CH-F", "interactionNodeIds": ["F"], "fleetopsStationType": "charger"}]}]}
JSON
run map check "$T/small.json"
expect_rc 0 "the hand-written layout checks"

run map depot --vehicles 50 --out "$T/depot.json"
expect_rc 0 "map depot --out"

# Every 0.1 s of wall time: "S STEP" and a "V ID LAST_NODE X Y SPEED" line
# per vehicle, SAMPLES times (the first argument).
cat >"$T/sample.lua" <<'LUA'
local want, n = tonumber(fleetops.args[1]) or 30, 0
local function sample()
  local _, text = fleetops.command("sim status")
  print("S " .. (text:match("step +(%d+)") or "?"))
  for _, v in ipairs(fleetops.vehicles()) do
    print(string.format("V %s %s %.4f %.4f %.4f", v.id, v.last_node, v.x, v.y, v.speed))
  end
end
sample()
fleetops.every(0.1, function()
  sample()
  n = n + 1
  if n >= want then fleetops.exit(0) end
end)
LUA

# check.py LAYOUT SAMPLES: what the samples show, one fact a line
cat >"$T/check.py" <<'PY'
import json, math, sys
lif = json.load(open(sys.argv[1]))
pos, edges, limit = {}, set(), {}
for l in lif["layouts"]:
    for n in l["nodes"]:
        pos[n["nodeId"]] = (n["nodePosition"]["x"], n["nodePosition"]["y"])
    for e in l["edges"]:
        edges.add((e["startNodeId"], e["endNodeId"]))
        for t in e.get("vehicleTypeEdgeProperties", []):
            if t.get("maxSpeed"):
                limit[(e["startNodeId"], e["endNodeId"])] = t["maxSpeed"]
succ = {}
for a, b in edges:
    succ.setdefault(a, []).append(b)

def on_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    vx, vy = bx - ax, by - ay
    L2 = vx * vx + vy * vy
    t = ((px - ax) * vx + (py - ay) * vy) / L2
    dist = abs((px - ax) * vy - (py - ay) * vx) / math.sqrt(L2)
    return -1e-3 <= t <= 1 + 1e-3 and dist < 1e-3, t

steps, last, seen = [], {}, {}
bad_node = bad_pos = bad_hop = over = moved = hops = slow_seen = 0
first_pos = {}
for line in open(sys.argv[2]):
    f = line.split()
    if f[0] == "S":
        steps.append(int(f[1]))
        continue
    vid, node, x, y, speed = f[1], f[2], float(f[3]), float(f[4]), float(f[5])
    first_pos.setdefault(vid, (x, y))
    if (x, y) != first_pos[vid]:
        moved += 1
    if node not in pos:
        bad_node += 1
        continue
    # where it is: on its last node, or on an edge out of it
    where = None
    if math.hypot(x - pos[node][0], y - pos[node][1]) < 1e-3:
        where = "node"
    else:
        for b in succ.get(node, []):
            ok, t = on_segment((x, y), pos[node], pos[b])
            if ok:
                where = (node, b)
                break
    if where is None:
        bad_pos += 1
    elif where != "node" and (node, where[1]) in limit:
        if limit[(node, where[1])] < 1.0:
            slow_seen += 1
        if speed > limit[(node, where[1])] + 1e-6:
            over += 1
    prev = last.get(vid)
    if prev is not None and prev != node:
        hops += 1
        if (prev, node) not in edges:
            bad_hop += 1
            print("hop %s %s -> %s is no edge" % (vid, prev, node), file=sys.stderr)
    last[vid] = node
print("vehicles %d" % len(last))
print("nodes off the layout %d" % bad_node)
print("positions off the edges %d" % bad_pos)
print("hops that are no edge %d" % bad_hop)
print("hops %s" % ("some" if hops else "none"))
print("moved %s" % ("yes" if moved else "no"))
print("samples on a slow edge %s" % ("some" if slow_seen else "none"))
print("over the edge limit %d" % over)
print("steps %d" % (steps[-1] - steps[0] if len(steps) > 1 else -1))
PY

# ---- the generated depot as a layout file: random jobs, sped up 5x so
# the vehicles pass many nodes (a sample every 0.1 s is 5 steps: at most
# 1 m, less than an edge, so no node is skipped between two samples)
FLEETOPS_SIM_SPEEDUP=5 "$FO" --demo --layout "$T/depot.json" --sim-vehicles 50 \
	run "$T/sample.lua" 40 >"$T/depot.samples" 2>"$T/err"
expect_eq "$?" 0 "the sim drives the depot's layout file"
python3 "$T/check.py" "$T/depot.json" "$T/depot.samples" >"$T/out" 2>>"$T/err"
expect_grep out "^vehicles 50$" "50 vehicles"
expect_grep out "^nodes off the layout 0$" "every node reported is a layout node"
expect_grep out "^positions off the edges 0$" "every position is on a node or an edge out of it"
expect_grep out "^hops that are no edge 0$" "every hop is a layout edge in its direction"
expect_grep out "^hops some$" "vehicles passed nodes"
run --demo --layout "$T/depot.json" --sim-vehicles 50 sim status
expect_rc 0 "sim status on a layout"
expect_grep out "^map +layout .*depot.json, 216 nodes, 804 edges driven$" "status names the layout"
expect_grep out "^conflicts [0-9]+ \(pairs closer than 1.0 m\)$" "status counts conflicts"

# ---- the small layout: the slow edge, one-way edges
FLEETOPS_SIM_SPEEDUP=5 "$FO" --demo --layout "$T/small.json" --sim-vehicles 3 \
	run "$T/sample.lua" 60 >"$T/small.samples" 2>"$T/err"
expect_eq "$?" 0 "the sim drives the small layout"
python3 "$T/check.py" "$T/small.json" "$T/small.samples" >"$T/out" 2>>"$T/err"
expect_grep out "^vehicles 3$" "3 vehicles"
expect_grep out "^nodes off the layout 0$" "every node reported is a layout node"
expect_grep out "^positions off the edges 0$" "every position is on a node or an edge out of it"
expect_grep out "^hops that are no edge 0$" "never a hop against an edge's direction"
expect_grep out "^hops some$" "vehicles passed nodes"
expect_grep out "^samples on a slow edge some$" "a vehicle was seen on the slow edge"
expect_grep out "^over the edge limit 0$" "never faster than 0.5 m/s on it"

# ---- sim.jobs none: nobody moves
FLEETOPS_SIM_JOBS=none FLEETOPS_SIM_SPEEDUP=5 "$FO" --demo --layout "$T/depot.json" \
	--sim-vehicles 50 run "$T/sample.lua" 20 >"$T/none.samples" 2>"$T/err"
expect_eq "$?" 0 "sim.jobs none runs"
python3 "$T/check.py" "$T/depot.json" "$T/none.samples" >"$T/out" 2>>"$T/err"
expect_grep out "^vehicles 50$" "50 vehicles"
expect_grep out "^moved no$" "sim.jobs none: no vehicle moved"
expect_grep out "^nodes off the layout 0$" "they stand on layout nodes"
expect_grep out "^positions off the edges 0$" "exactly on them"
FLEETOPS_SIM_JOBS=none run --demo --sim-vehicles 5 sim status
expect_grep out "^jobs +none" "status says so"
# a refused sim takes its options along (--sim-vehicles would be unknown):
# the environment sets them, `plugins` shows why
FLEETOPS_SIM_VEHICLES=5 FLEETOPS_SIM_JOBS=sometimes run --demo plugins
expect_grep out "^sim .* refused +init failed: sim.jobs is 'sometimes': random or none" \
	"a word sim.jobs does not take is refused"

# ---- sim.speedup: 10x the steps in the same wall time
"$FO" --demo --sim-vehicles 5 run "$T/sample.lua" 20 >"$T/x1.samples" 2>"$T/err"
FLEETOPS_SIM_SPEEDUP=10 "$FO" --demo --sim-vehicles 5 run "$T/sample.lua" 20 \
	>"$T/x10.samples" 2>"$T/err"
# both scripts sample for about 2 s (20 x 0.1 s): steps / wall time, from
# the first and last sample of each
s1=$(python3 "$T/check.py" "$T/depot.json" "$T/x1.samples" 2>/dev/null | sed -n 's/^steps //p')
s10=$(python3 "$T/check.py" "$T/depot.json" "$T/x10.samples" 2>/dev/null | sed -n 's/^steps //p')
expect_eq "$(awk -v a="${s1:-0}" -v b="${s10:-0}" 'BEGIN{r = a > 0 ? b / a : 0; print (r > 6 && r < 14) ? "ok" : "ratio " r " (" a ", " b ")"}')" ok \
	"speedup 10 runs about 10x the steps"
FLEETOPS_SIM_SPEEDUP=10 run --demo --sim-vehicles 5 sim status
expect_grep out "^rate +10.0 Hz, speedup 10 \(100.0 steps a second\)" "status shows the speedup"

# ---- refusals
run --demo --layout "$T/nonexistent.json" sim status
expect_rc 2 "a layout file that is not there"
expect_grep err "plugins not loaded: sim \(refused\)" "the sim is refused"
run --log-file - --demo --layout "$T/nonexistent.json" plugins
expect_grep err "sim.so refused: init failed: .*nonexistent.json" "the log names the file"
echo '{"layouts": 3}' >"$T/bad.json"
FLEETOPS_SIM_LAYOUT="$T/bad.json" run --demo plugins
expect_grep out "^sim .* refused +init failed: .*bad.json: .*\\\$\.metaInformation: required member missing" \
	"an invalid file: the reason with its JSON path"
FLEETOPS_SIM_VEHICLES=7 FLEETOPS_SIM_LAYOUT="$T/small.json" run --demo plugins
expect_grep out "small.json has 6 nodes, fewer than the 7 vehicles of sim.vehicles" \
	"more vehicles than nodes is refused"
FLEETOPS_SIM_VEHICLES=7 FLEETOPS_SIM_LAYOUT="$T/small.json" run --demo sim status
expect_rc 2 "and the sim commands are not there"
expect_grep err "unknown command 'sim'" "so said"
finish
