#!/usr/bin/env bash
# The site from the shell (SQLite; tests/store/layouts.sh has both stores):
# the simulator's depot as LIF (reads back without a message, the same
# bytes every time, imports); `map route` over the active layout and over
# the spec's examples — travel time from length and speed, stations as
# ends, one vehicle type serving all, several types needing --type, a
# one-way edge, and the errors with their exit codes.
. "$(dirname "$0")/lib.bash"
EX=tests/map/lif-examples

run map depot --vehicles 10 --out "$T/depot.json"
expect_rc 0 "map depot --out"
expect_grep out "^wrote fleetops-depot-10, the depot of 10 vehicles, to " "says what it wrote"
run map check "$T/depot.json"
expect_rc 0 "the depot checks"
expect_grep out ", 0 warnings$" "without a warning"
expect_empty err "and without an error"
run map depot --vehicles 10
cmp -s "$T/out" "$T/depot.json"
expect_eq "$?" 0 "the same depot gives the same bytes"
run map depot --vehicles 0
expect_rc 2 "map depot --vehicles 0"
python3 - "$T/depot.json" >"$T/kinds" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
l = d["layouts"][0]
kinds = sorted({s.get("fleetopsStationType") for s in l["stations"]})
print(" ".join(kinds), len(l.get("fleetopsZones", [])) > 0)
PY
expect_grep kinds "^charger parking work True$" "chargers, parking, work stations and zones in the extension"

run map import "$T/depot.json" --activate
expect_rc 0 "import the depot"
expect_grep out "^active: fleetops-depot-10 revision 1" "and activate it"
# lattice nodes 5 m apart: N-00000 to its neighbour is one edge of 5 m
first=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["layouts"][0]; print(l["nodes"][0]["nodeId"], l["nodes"][1]["nodeId"], l["nodes"][3]["nodeId"])' "$T/depot.json")
read -r n0 n1 n3 <<<"$first"
# the daemon (and the console) work on the active layout
timeout 20 "$FO" serve --seconds 1 >"$T/out" 2>"$T/err"
expect_grep err "info  site: layout fleetops-depot-10 revision 1, 144 nodes, 528 edges" "serve loads the active layout into its model"
timeout 20 "$FO" --demo serve --seconds 1 >"$T/out" 2>"$T/err"
expect_grep err "layout fleetops-depot-10 revision 1 is active, but a simulator's map is the site of this run" "with the simulator, its depot stays the map, and the log says so"
expect_grep err "info  site: the simulator's depot, [0-9]+ nodes" "the simulator's depot is the site"
long=node-with-an-id-longer-than-the-model-holds
sed "s/\"N1\"/\"$long\"/g" "$EX/01-forward-edge.json" >"$T/long.json"
run map import "$T/long.json" --name long-ids --activate
expect_rc 0 "LIF takes long ids"
timeout 20 "$FO" serve --seconds 1 >"$T/out" 2>"$T/err"
expect_grep err "error site: node id \"$long\" has 43 bytes; the model holds ids of at most 31" "a layout whose ids the model cannot hold is refused, and the log says which"
run map activate fleetops-depot-10
run map route "$n0" "$n3" --speed 1
expect_rc 0 "route on the active layout"
expect_grep out "^route $n0 -> $n3 on fleetops-depot-10 revision 1, vehicle type fleetops-sim-agv at 1.00 m/s: 4 nodes, 15.0 m, 15.0 s$" "three edges of 5 m at 1 m/s"
run map route "$n0" "$n1" --speed 5
expect_grep out "2 nodes, 5.0 m, 2.5 s$" "the edge's maxSpeed (2 m/s) caps a faster vehicle"
charger=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["layouts"][0]; print([s["stationId"] for s in l["stations"] if s["fleetopsStationType"]=="charger"][0])' "$T/depot.json")
run map route "$n0" "$charger"
expect_rc 0 "a station as the end of a route"
expect_grep out "^route $n0 -> $charger " "to the charger"
run map route "$n0" nowhere
expect_rc 2 "an unknown node"
expect_grep err "has no node or station 'nowhere'" "says which"

run map import "$EX/01-forward-edge.json" --name oneway
run map route N1 N2 --name oneway
expect_rc 0 "along the one-way edge"
expect_grep out "2 nodes, 11.0 m, 11.0 s$" "11 m at the default 1 m/s"
run map route N2 N1 --name oneway
expect_rc 1 "against the one-way edge"
expect_grep err "no route from N2 to N1 for vehicle type Vehicle_Type_1" "no route, and why"

run map import "$EX/19-forward-edge-with-two-vehicle-types-with-differi.json" --name twotypes
run map route N1 N2 --name twotypes
expect_rc 2 "two vehicle types and none given"
expect_grep err "Vehicle_Type_1" "the error lists the types"
run map route N1 N2 --name twotypes --type Vehicle_Type_2
expect_rc 0 "with --type"
run map route N1 N2 --name twotypes --type Forklift_9
expect_rc 2 "an unknown type"

run map import "$EX/17-edge-with-trajectory-definition.json" --name curve
run map route N1 N2 --name curve
expect_rc 0 "along a trajectory"
len=$(awk '/^route /{for(i=1;i<=NF;i++) if ($i=="m,") print $(i-1)}' "$T/out")
python3 -c "import sys; sys.exit(0 if float('$len') > 0 and abs(float('$len') - 10.0) > 0.05 else 1)"
expect_eq "$?" 0 "measured along its trajectory ($len m), not the 10 m chord"
run map route N1 N2 --name curve --speed 0
expect_rc 2 "--speed 0"
# the map as SVG in an HTML report
run --demo --sim-vehicles 20 report map --format html
expect_rc 0 "report map --format html"
expect_grep out 'class="fo-map-svg"' "the map is drawn as SVG"
expect_eq "$(grep -o 'class="fo-map-vehicle"' "$T/out" | wc -l)" 20 "one arrow per vehicle"
expect_grep out '<g class="fo-map-charger"' "chargers drawn"
run --demo --sim-vehicles 20 report map --format csv
expect_eq "$(($(wc -l <"$T/out") - 1))" 20 "the table has every vehicle"
finish
