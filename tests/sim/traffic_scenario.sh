#!/usr/bin/env bash
# traffic_scenario.sh — AGVs of the in-process simulator kept busy with
# missions on a large layout, on accelerated simulated time, with or
# without traffic control; prints one line of figures:
#   traffic=on agvs=100 nodes=2100 simulated_s=600 completed=412 per_hour=2472
#   failed=0 conflicts=0 deadlocks=3 rerouted=1 backed_off=2 unresolved=0
#   waiting_end=2 deadlocked_end=0 deadlock_longest_s=0.0
# (deadlocked_end: vehicles in a cycle of waits when the run ends, and the
# longest any of them had been in it, in wall seconds: a cycle just formed
# is resolved at the next claim of one of its vehicles)
# Usage: traffic_scenario.sh on|off AGVS LAYOUT_VEHICLES SIMULATED_S SPEEDUP [SEED]
#   LAYOUT_VEHICLES sizes the layout (`map depot --vehicles N`: about 3 N
#   nodes); the AGVs drive it with sim.layout, stand until ordered
#   (sim.jobs none: no trips of their own, charging included; sim.drain 0:
#   batteries do not run down — the scenario is about traffic, charging is
#   the master's, issue 13), and a script of `serve` gives every idle AGV a mission
#   to a random station of the layout as soon as its last one ended.
# Conflicts are the simulator's own count (two AGVs closer than
# map.vehicle_length, each pair once per meeting), independent of traffic
# control's bookkeeping.  Used by tests/sim/test_traffic_scenario.sh (short)
# and `make bench` (a simulated hour, both ways).
set -uo pipefail
mode=${1:?on|off} agvs=${2:?} lv=${3:?} sim_s=${4:?} speedup=${5:?} seed=${6:-7}
FO=${FO:-${BUILD:-build}/fleetops}
T=$(mktemp -d)
# KEEP=1 keeps the run's directory (store, log) and says where
if [ -n "${KEEP:-}" ]; then
	echo "traffic_scenario: keeping $T" >&2
else
	trap 'rm -rf "$T"' EXIT
fi
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
export FLEETOPS_STORE=sqlite:$T/store.db
mkdir -p "$HOME" "$T/scripts"

"$FO" map depot --vehicles "$lv" --out "$T/layout.json" >/dev/null || exit 2
stations=$(python3 - "$T/layout.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [s["stationId"] for l in d["layouts"] for s in l["stations"]
       if s.get("fleetopsStationType", "work") != "charger"]
print(",".join('"%s"' % i for i in ids))
PY
)
nodes=$(python3 -c 'import json,sys; print(sum(len(l["nodes"]) for l in json.load(open(sys.argv[1]))["layouts"]))' "$T/layout.json")
cat >"$T/goto.json" <<'JSON'
{"name": "goto", "steps": [{"node": "$to", "actions": [{"type": "drop", "blocking": "HARD"}]}]}
JSON
"$FO" template import "$T/goto.json" >/dev/null || exit 2

wall=$(python3 -c "print(max(1, round($sim_s / $speedup)))")
# the driver: every AGV busy; at the end, the figures into the log
cat >"$T/scripts/scenario.lua" <<LUA
local stations = {$stations}
local current, rng = {}, $seed
local function pick()
  rng = (rng * 1103515245 + 12345) % 2147483648
  return stations[rng % #stations + 1]
end
local done = {completed = true, failed = true, cancelled = true}
fleetops.every(0.2, function()
  for _, v in ipairs(fleetops.vehicles()) do
    local id = current[v.id]
    local m = id and fleetops.mission(id)
    if not id or (m and done[m.state]) then
      local ok, out = fleetops.command{"mission", "start", "--vehicle", v.id, "goto", "to=" .. pick()}
      local got = ok and out:match("(%x+%-%x+%-%x+%-%x+%-%x+)")
      if got then current[v.id] = got end
    end
  end
end)
fleetops.after($wall - 0.5, function()
  local _, sim = fleetops.command("sim status")
  local _, traffic = fleetops.command("map traffic")
  local c = #fleetops.missions{state = "completed"}
  local f = #fleetops.missions{state = "failed"}
  fleetops.log("scenario: completed " .. c .. " failed " .. f, "warn")
  for line in (sim .. "\n" .. traffic):gmatch("[^\n]+") do
    fleetops.log("scenario: " .. line, "warn")
  end
end)
LUA

FLEETOPS_SIM_LAYOUT=$T/layout.json FLEETOPS_SIM_JOBS=none FLEETOPS_SIM_SPEEDUP=$speedup FLEETOPS_SIM_DRAIN=0 \
	FLEETOPS_MAP_TRAFFIC=$mode FLEETOPS_MISSIONS_MIN_BATTERY=0 FLEETOPS_SCRIPTS_PATH=$T/scripts \
	timeout $((wall + 60)) "$FO" --demo --sim-vehicles "$agvs" --seed "$seed" \
	--log-file "$T/log" serve --seconds "$wall" >"$T/out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || ! grep -q "scenario: completed" "$T/log"; then
	echo "traffic_scenario: serve exited $rc without figures" >&2
	tail -20 "$T/log" "$T/out" >&2
	exit 1
fi
python3 - "$T/log" "$mode" "$agvs" "$nodes" <<'PY'
import re, sys
log = open(sys.argv[1]).read()
def num(pat, default=0.0):
    m = re.findall(pat, log)
    return float(m[-1]) if m else default
sim_s = num(r"scenario: step +\d+ \(([\d.]+) s simulated")
completed = int(num(r"scenario: completed (\d+)"))
failed = int(num(r"scenario: completed \d+ failed (\d+)"))
conflicts = int(num(r"scenario: conflicts:? +(\d+)"))
dl = re.findall(r"scenario: conflicts \d+; deadlocks (\d+): rerouted (\d+), backed off (\d+), no way out (\d+)", log)
deadlocks, rerouted, backed, unresolved = map(int, dl[-1]) if dl else (0, 0, 0, 0)
waiting = int(num(r"scenario: held: \d+ nodes, \d+ lanes; waiting: (\d+)"))
cycled = int(num(r"scenario: in a deadlock now: (\d+) vehicles"))
longest = num(r"scenario: in a deadlock now: \d+ vehicles, the longest for ([\d.]+) s")
print("traffic=%s agvs=%s nodes=%s simulated_s=%.0f completed=%d per_hour=%.0f failed=%d "
      "conflicts=%d deadlocks=%d rerouted=%d backed_off=%d unresolved=%d waiting_end=%d "
      "deadlocked_end=%d deadlock_longest_s=%.1f" % (
          sys.argv[2], sys.argv[3], sys.argv[4], sim_s, completed,
          completed * 3600.0 / sim_s if sim_s else 0, failed, conflicts, deadlocks, rerouted,
          backed, unresolved, waiting, cycled, longest))
PY
