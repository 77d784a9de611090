#!/usr/bin/env bash
# test_res_charging_day.sh — the demo fleet (200 vehicles, their own random
# jobs) charged by fleetops alone for FO_DAY_HOURS simulated hours (default
# 2; `make bench` runs 24) at sim.speedup FO_DAY_SPEEDUP (default 100):
# sim.self_charge false, so only fleetops sends vehicles to chargers
# (resources.charging, the chargers of `pool sync`); a vehicle below 35 %
# takes no new job of its own (sim.job_min_battery), as a warehouse system
# would not give it one.  No vehicle may reach 0 %, no charger may be
# booked twice at once, and charging must never hold more than 0.3 of the
# fleet.  Prints one line of figures:
#   charging_day hours=H vehicles=200 charges=N lowest_pct=L most_at_once=M flat=0 overlaps=0
# Traffic control is off (map.traffic off): the simulator's own trips
# claim no reservations, and mixed with traffic-controlled missions they
# hold vehicles queued ("stands where another holds") — see the issue note.
. "$(dirname "$0")/lib.bash"
HOURS=${FO_DAY_HOURS:-2}
SPEEDUP=${FO_DAY_SPEEDUP:-100}
export FLEETOPS_STORE=sqlite:$T/store.db
mkdir -p "$T/scripts" "$XDG_CONFIG_HOME/fleetops"
rate=$(python3 -c "print(48 * $SPEEDUP)") # the sim charges 0.8 %/s simulated
cat >"$XDG_CONFIG_HOME/fleetops/config" <<CONF
sim.self_charge = false
sim.job_min_battery = 35
sim.speedup = $SPEEDUP
map.traffic = off
resources.charging = true
resources.charge_below = 35
resources.charge_max_share = 0.3
resources.charge_pct_per_min = $rate
resources.charge_travel_min = 0.2
CONF
"$FO" --demo pool sync >"$T/sync.out" 2>&1
check "pool sync: $(cat "$T/sync.out")" grep -q "^pool sync: 3 pools" "$T/sync.out"
cat >"$T/scripts/day.lua" <<'LUA'
local lowest, most, flat = 100, 0, 0
fleetops.every(0.5, function()
  local n = 0
  for _, v in ipairs(fleetops.vehicles()) do
    if v.charging then n = n + 1 end
    if v.battery < lowest then lowest = v.battery end
    if v.battery <= 0 then flat = flat + 1 end
  end
  if n > most then most = n end
end)
fleetops.every(10, function()
  fleetops.log(string.format("day: lowest %.1f most %d flat %d", lowest, most, flat), "warn")
end)
LUA
secs=$(python3 -c "print(int($HOURS * 3600 / $SPEEDUP) + 5)")
FLEETOPS_SCRIPTS_PATH=$T/scripts timeout $((secs + 120)) "$FO" --demo --log-file "$T/serve.log" \
	serve --seconds "$secs" >"$T/serve.out" 2>&1
check "serve ran its $secs s" grep -q "day: lowest" "$T/serve.log"
last=$(grep "day: lowest" "$T/serve.log" | tail -1)
lowest=$(echo "$last" | sed 's/.*lowest \([0-9.]*\).*/\1/')
most=$(echo "$last" | sed 's/.* most \([0-9]*\).*/\1/')
flat=$(echo "$last" | sed 's/.* flat \([0-9]*\).*/\1/')
q() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$T/store.db" "$1"; }
charges=$(q "SELECT count(*) FROM resources_allocations WHERE purpose = 'charge' AND reason = 'charged'")
over=$(q "SELECT count(*) FROM resources_allocations a JOIN resources_allocations b ON a.resource_id = b.resource_id AND a.id < b.id AND a.starts_at < min(b.ends_at, COALESCE(b.released_at, b.ends_at)) AND b.starts_at < min(a.ends_at, COALESCE(a.released_at, a.ends_at)) AND a.starts_at < COALESCE(a.released_at, a.ends_at) AND b.starts_at < COALESCE(b.released_at, b.ends_at)")
echo "  charging_day hours=$HOURS vehicles=200 speedup=$SPEEDUP charges=$charges lowest_pct=$lowest most_at_once=$most flat=$flat overlaps=$over"
check "no vehicle reached 0 % (flat samples: $flat, lowest $lowest %)" [ "${flat:-1}" = 0 ]
check "vehicles were charged ($charges)" [ "${charges:-0}" -gt 0 ]
check "no charger booked twice at once ($over)" [ "$over" = 0 ]
if [ "$over" != 0 ]; then
	python3 -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute("""SELECT a.starts_at, a.ends_at, a.released_at, a.reason, b.starts_at, b.ends_at, b.released_at, b.reason FROM resources_allocations a JOIN resources_allocations b ON a.resource_id = b.resource_id AND a.id < b.id AND a.starts_at < min(b.ends_at, COALESCE(b.released_at, b.ends_at)) AND b.starts_at < min(a.ends_at, COALESCE(a.released_at, a.ends_at)) AND a.starts_at < COALESCE(a.released_at, a.ends_at) AND b.starts_at < COALESCE(b.released_at, b.ends_at) LIMIT 5"""): print("    overlap:", r)' "$T/store.db"
fi
check "never more than 60 (0.3 of 200) charging at once ($most)" [ "${most:-99}" -le 60 ]
echo "res_charging_day: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
