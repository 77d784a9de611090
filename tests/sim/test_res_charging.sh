#!/usr/bin/env bash
# test_res_charging.sh — charging by fleetops end to end (issue 13), real
# components only: `serve` on the built-in simulator (sim.jobs none,
# sim.self_charge false, sim.speedup 20, 12 vehicles) with
# resources.charging on and the charger pool made by `pool sync`.  Four
# vehicles are set low (15-18 %), the rest high.  Each low vehicle must
# request a charger, be granted one, be sent there by the fleetops-charge
# mission (startCharging on the node), charge, get stopCharging at
# resources.charge_until and have its booking released "charged" — never
# more than resources.charge_max_share of the fleet (0.2 of 12: 2) charging
# at once, no vehicle at 0 %, no charger booked twice at once.  The charger
# AGV-00001 first charges on goes down mid-booking: the conflict is found
# and resolved (resources.conflict_policy auto) by moving the booking, and
# the vehicle finishes charging on another charger.
. "$(dirname "$0")/lib.bash"
export FLEETOPS_STORE=sqlite:$T/store.db
mkdir -p "$T/scripts" "$XDG_CONFIG_HOME/fleetops"
cat >"$XDG_CONFIG_HOME/fleetops/config" <<'CONF'
sim.jobs = none
sim.self_charge = false
sim.speedup = 20
resources.charging = true
resources.charge_max_share = 0.2
resources.charge_below = 25
resources.charge_until = 90
resources.charge_pct_per_min = 960
resources.conflict_policy = auto
CONF
SIM=(--demo --sim-vehicles 12 --seed 3)
"$FO" "${SIM[@]}" pool sync >"$T/sync.out" 2>&1
check "pool sync made the chargers: $(cat "$T/sync.out")" grep -q "^pool sync: 3 pools" "$T/sync.out"

cat >"$T/scripts/watch.lua" <<'LUA'
local function say(s) fleetops.log("charge-test: " .. s, "warn") end
local low = {"AGV-00001", "AGV-00002", "AGV-00003", "AGV-00004"}
local started, most, flat, done, downed = false, 0, 0, {}, nil
fleetops.every(0.25, function()
  if not started then
    started = true
    for i, v in ipairs(fleetops.vehicles()) do
      fleetops.command{"sim", "battery", v.id, i <= 4 and tostring(14 + i) or "95"}
    end
    say("batteries set")
    return
  end
  local n = 0
  for _, v in ipairs(fleetops.vehicles()) do
    if v.charging then n = n + 1 end
    if v.battery <= 0 then flat = flat + 1 end
  end
  if n > most then most = n; say("charging at once: " .. n) end
  local first = fleetops.vehicle("AGV-00001")
  if not downed and first and first.charging then
    downed = first.last_node
    fleetops.command("resource down " .. downed .. " charger fault")
    local _, out = fleetops.command("conflict scan")
    say("took " .. downed .. " down under AGV-00001: " .. out:gsub("\n", " "))
  end
  for _, id in ipairs(low) do
    local v = fleetops.vehicle(id)
    if v and not done[id] and v.battery >= 90 and not v.charging then
      done[id] = true
      say(string.format("%s charged to %.0f at %s", id, v.battery, v.last_node))
    end
  end
  local all = true
  for _, id in ipairs(low) do all = all and done[id] end
  if all and not done.all then done.all = true; say("all four charged; most at once " .. most .. "; flat " .. flat) end
end)
LUA
FLEETOPS_SCRIPTS_PATH=$T/scripts timeout 150 "$FO" "${SIM[@]}" --log-file "$T/serve.log" \
	serve --seconds 60 >"$T/serve.out" 2>&1
grep "charge-test:\|resources:" "$T/serve.log" | sed 's/^[^ ]* //' | head -40 | sed 's/^/    /'
check "the four low vehicles charged" grep -q "charge-test: all four charged" "$T/serve.log"
down=$(sed -n 's/.*charge-test: took \(CH-[0-9]*\) down under AGV-00001.*/\1/p' "$T/serve.log")
check "a charger went down under AGV-00001 (${down:-none})" [ -n "$down" ]
check "the conflict was resolved by moving the booking" \
	grep -qE "resources: conflict [0-9a-f]+ resolved: booking [0-9a-f]+ moved to CH-[0-9]+" "$T/serve.log"
check "AGV-00001 finished charging on another charger than $down" \
	grep -qE "charge-test: AGV-00001 charged to (9[0-9]|100) at CH-" "$T/serve.log"
grep -q "charge-test: AGV-00001 charged to .* at $down\$" "$T/serve.log" && no "AGV-00001 charged on the charger that was down"
most=$(sed -n 's/.*charge-test: all four charged; most at once \([0-9]*\).*/\1/p' "$T/serve.log")
check "never more than 2 (0.2 of 12) charging at once (most: ${most:-?})" [ "${most:-9}" -le 2 ]
check "no vehicle at 0 %" grep -q "charge-test: all four charged; .* flat 0$" "$T/serve.log"
for v in 1 2 3 4; do
	check "AGV-0000$v charged to 90 % or more" grep -qE "charge-test: AGV-0000$v charged to (9[0-9]|100) at CH-" "$T/serve.log"
done
"$FO" "${SIM[@]}" booking list --all >"$T/books.out" 2>&1
check "four charge bookings released as charged: $(cat "$T/books.out")" \
	[ "$(grep -c " released .* charge .*charged" "$T/books.out")" -ge 4 ]
"$FO" "${SIM[@]}" request list --all >"$T/reqs.out" 2>&1
check "the charge requests were granted: $(cat "$T/reqs.out")" \
	[ "$(grep -c " granted .* charging " "$T/reqs.out")" -ge 4 ]
check "a request waited for the charging cap" grep -q "waiting: 2 of 12 vehicles charge now" "$T/serve.log" "$T/reqs.out"
over=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("""SELECT count(*) FROM resources_allocations a JOIN resources_allocations b ON a.resource_id = b.resource_id AND a.id < b.id AND a.starts_at < min(b.ends_at, COALESCE(b.released_at, b.ends_at)) AND b.starts_at < min(a.ends_at, COALESCE(a.released_at, a.ends_at)) AND a.starts_at < COALESCE(a.released_at, a.ends_at) AND b.starts_at < COALESCE(b.released_at, b.ends_at)""").fetchone()[0])' "$T/store.db")
check "no charger was booked twice at once ($over)" [ "$over" = 0 ]
echo "res_charging: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
