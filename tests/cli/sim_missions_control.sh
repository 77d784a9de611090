#!/usr/bin/env bash
# Missions on the built-in simulator, followed by `fleetops serve --demo`
# (a tracking process with its own simulated fleet): pause, resume and
# cancel from another shell reach the simulated vehicle (startPause,
# stopPause, cancelOrder), and a mission fails when its vehicle is
# e-stopped or gets a FATAL error (`sim estop`, `sim fault --fatal`, run in
# the serving process by a Lua script).
. "$(dirname "$0")/lib.bash"
D=(--demo --sim-vehicles 20 --seed 1)
mkdir -p "$XDG_CONFIG_HOME/fleetops/scripts"
serve_pid=
stop_serve() {
	[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
	serve_pid=
}
trap 'stop_serve; rm -rf "$T"' EXIT
start_serve() {
	"$FO" "${D[@]}" serve >"$T/serve.out" 2>"$T/serve.err" &
	serve_pid=$!
}
state_of() { "$FO" mission list 2>/dev/null | awk -v id="$1" '$1 == id {print $2}'; }
# wait_state ID STATE SECONDS
wait_state() {
	for _ in $(seq $(($3 * 5))); do
		[ "$(state_of "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	return 1
}

# two idle vehicles (the same seed: the same fleet in every process), and
# for each the node of the idle vehicle farthest from it: a long drive
run "${D[@]}" vehicle list
expect_rc 0 "vehicle list"
python3 - "$T/out" >"$T/pick" <<'PY'
import math, sys
rows = []
for line in open(sys.argv[1]).read().splitlines()[1:]:
    f = line.split()
    if len(f) >= 7 and f[2] == "idle" and int(f[3]) >= 40:
        x, y = map(float, f[4].split(","))
        rows.append((f[0], f[-1], x, y))
for me in rows[:2]:
    far = max((r for r in rows if r is not me),
              key=lambda r: math.hypot(r[2] - me[2], r[3] - me[3]))
    print(me[0], far[1])
PY
expect_eq "$(wc -l <"$T/pick")" 2 "two idle vehicles"
{ read -r v1 far1; read -r v2 far2; } <"$T/pick"
printf '{"name": "go", "steps": [{"node": "$to"}]}\n' >"$T/go.json"
run "${D[@]}" template import "$T/go.json"
expect_rc 0 "template import"

# pause, resume, cancel from this shell; the serving process sends them
id=$("$FO" "${D[@]}" mission start --vehicle "$v1" go "to=$far1" | awk '{print $2}')
start_serve
wait_state "$id" active 60
expect_eq "$(state_of "$id")" active "$v1 took the mission"
"$FO" mission pause "$id" >/dev/null 2>&1
expect_eq "$?" 0 "mission pause"
sleep 3
expect_eq "$(state_of "$id")" paused "still paused: the vehicle reports paused"
"$FO" mission resume "$id" >/dev/null 2>&1
expect_eq "$?" 0 "mission resume"
sleep 3
expect_eq "$(state_of "$id")" active "active again: the vehicle drives"
"$FO" mission cancel "$id" >/dev/null 2>&1
expect_eq "$?" 0 "mission cancel"
sleep 2
stop_serve
run mission show "$id"
expect_grep out "startPause sent to $v1" "the serving process sent startPause"
expect_grep out "stopPause sent to $v1" "and stopPause"
expect_grep out "cancelOrder sent to $v1" "and cancelOrder"
expect_grep out "state +cancelled" "cancelled"
expect_grep serve.err "sim: $v1 cancelled order $id" "the simulated vehicle dropped the order"

# e-stop and FATAL: a script in the serving process stops every vehicle
# it sees on a master order ($v1 by e-stop, the others by a FATAL fault)
cat >"$XDG_CONFIG_HOME/fleetops/scripts/stopper.lua" <<LUA
local hit = {}
fleetops.every(0.3, function()
  for _, v in ipairs(fleetops.vehicles()) do
    if v.order ~= "" and v.order:sub(1, 10) ~= "sim-order-" and v.nodes_left > 0
       and not hit[v.id] then
      hit[v.id] = true
      if v.id == "$v1" then
        fleetops.command({"sim", "estop", v.id})
      else
        fleetops.command({"sim", "fault", v.id, "--fatal"})
      end
    end
  end
end)
LUA
m1=$("$FO" "${D[@]}" mission start --vehicle "$v1" go "to=$far1" | awk '{print $2}')
m2=$("$FO" "${D[@]}" mission start --vehicle "$v2" go "to=$far2" | awk '{print $2}')
start_serve
wait_state "$m1" failed 60
wait_state "$m2" failed 30
stop_serve
run mission list
expect_grep out "^$m1 +failed .*vehicle $v1 e-stop \(REMOTE\)" "e-stop fails the mission"
expect_grep out "^$m2 +failed .*vehicle $v2 FATAL simulatedFault" "a FATAL error fails the mission"
run mission show "$m1"
expect_grep out "cancelOrder sent to $v1" "the stopped vehicle was told to drop the order"
finish
