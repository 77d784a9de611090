#!/usr/bin/env bash
# Missions on the built-in simulator: `mission wait --demo` dispatches a
# two-step mission (pick, then drop at another node) to one of the
# simulator's own vehicles through its dispatch sink, follows it and
# completes it.  The simulator runs at real time (--demo has no faster
# mode), so the mission is short: between two idle vehicles' nodes.
. "$(dirname "$0")/lib.bash"
D=(--demo --sim-vehicles 20 --seed 1)

run "${D[@]}" vehicle list
expect_rc 0 "vehicle list"
# two idle vehicles near each other: the mission runs from one's node to
# the other's (the same seed gives the same fleet in every process)
read -r from to < <(python3 - "$T/out" <<'PY'
import math, sys
rows = []
for line in open(sys.argv[1]).read().splitlines()[1:]:
    f = line.split()
    if len(f) >= 7 and f[2] == "idle" and int(f[3]) >= 40:
        x, y = map(float, f[4].split(","))
        rows.append((f[-1], x, y))
best = min(((a, b) for a in rows for b in rows if a is not b),
           key=lambda p: math.hypot(p[0][1] - p[1][1], p[0][2] - p[1][2]))
print(best[0][0], best[1][0])
PY
)
expect_eq "${from:+set}${to:+set}" "setset" "two idle vehicles found"

cat >"$T/hop.json" <<'JSON'
{"name": "hop", "steps": [{"node": "$from", "actions": [{"type": "pick"}]},
                          {"node": "$to", "actions": [{"type": "drop"}]}]}
JSON
run "${D[@]}" template import "$T/hop.json"
expect_rc 0 "template import"
run "${D[@]}" mission start hop "from=$from" "to=$to"
expect_rc 0 "mission start"
id=$(awk '{print $2; exit}' "$T/out")

run "${D[@]}" mission wait --timeout 60
expect_rc 0 "mission wait: the simulator's vehicle completed it"
expect_grep out "completed 1" "one mission completed"

run mission show "$id"
expect_grep out "state +completed: every node reached, every action finished" "completed"
expect_grep out "queued -> dispatched +by console +order $id to AGV-" "dispatched to a sim vehicle"
expect_grep out "dispatched -> active +by vehicle:AGV-" "the vehicle reported the order"
expect_grep out "progress +100% \(([0-9]+) of \1 nodes, \1 released" "every node of the route reached"
expect_grep out "plan +$from\* (N-[0-9]+ )+$to\*" "the plan: the route over the depot, steps starred"
# pick and drop take 3 s each on the simulator
dur=$(sed -n 's/.*duration \([0-9.]*\)s.*/\1/p' "$T/out")
expect_eq "$(awk -v d="${dur:-0}" 'BEGIN{print (d >= 6) ? "ok" : d}')" ok "it took the actions' time"

# one node reserved and released at a time (map.release_nodes 1, traffic
# control): the vehicle waits at the end of the base until the order update
# (from the stitching node) releases the next
run "${D[@]}" mission start hop "from=$to" "to=$from"
expect_rc 0 "mission start (horizon)"
hz=$(awk '{print $2; exit}' "$T/out")
FLEETOPS_MAP_RELEASE_NODES=1 "$FO" "${D[@]}" mission wait --timeout 60 "$hz" >"$T/out" 2>"$T/err"
expect_eq "$?" 0 "mission wait: completed with order updates"
run mission show "$hz"
expect_grep out "update 0 sent to AGV-[0-9]+ \(2 of [0-9]+ nodes released\)" "the base: the start and one node reserved"
expect_grep out "update [1-9] sent to AGV-[0-9]+ \(([0-9]+) of \1 nodes released\)" "updates released the rest"
expect_grep out "state +completed" "completed"

# a node the simulator's map (the site) does not have: no route,
# the mission fails (pinned, so not reassigned)
veh=$(sed -n 's/^vehicle *\(AGV-[0-9]*\).*/\1/p' "$T/out")
run "${D[@]}" mission start --vehicle "$veh" hop "from=$to" "to=NO-SUCH-NODE"
expect_rc 0 "mission start with an unknown node"
bad=$(awk '{print $2; exit}' "$T/out")
run "${D[@]}" mission wait --timeout 30 "$bad"
expect_rc 1 "mission wait: it did not complete"
expect_grep_log() { # the log of this test's processes
	checks=$((checks + 1))
	if ! grep -qE -- "$1" "$XDG_STATE_HOME/fleetops/fleetops.log"; then
		echo "  FAIL ($2): no /$1/ in the log"
		failures=$((failures + 1))
	fi
}
expect_grep_log "mission ${bad:0:8}: queued -> failed by console: step 2, route .* -> NO-SUCH-NODE: layout sim-depot has no node or station 'NO-SUCH-NODE'" \
	"the route to the unknown node fails, named"
run mission show "$bad"
expect_grep out "NO-SUCH-NODE" "the reason names the node"
finish
