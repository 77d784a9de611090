#!/usr/bin/env bash
# test_sim_charging.sh — the simulators charge as VDA 5050 vehicles when the
# master control says so (issue 13), through real components only:
#
# 1. the built-in simulator under `serve` (sim.jobs none, sim.self_charge
#    false, sim.speedup 50): a mission (the missions plugin, the sim's
#    dispatch sink) sends one vehicle to a charger with startCharging on
#    the node: it ends up charging there, its battery rising; another to a
#    parking place with startCharging: no charging, the WARNING
#    startChargingFailed naming the node;
# 2. the built-in simulator with sim.self_charge false and jobs of its own
#    (`run`, stepped): a low vehicle never goes charging by itself, drives
#    its trips to 0 % and then stands with the FATAL batteryEmpty; with the
#    default sim.self_charge it goes charging;
# 3. the simulator on a broker (`fleetops sim --mqtt`, a private
#    mosquitto): an order to a charger with startCharging on its last node,
#    the action FINISHED and batteryState.charging true, the charge rising;
#    a new order refused while charging; stopCharging and an instant
#    startCharging; startCharging off a charger (instant and on a node)
#    FAILED with startChargingFailed; every state against the 2.1.0 schema.
#
# Instant startCharging/stopCharging on the built-in simulator (no command
# sends them to it) are in tests/unit/test_sim_charge.c.  Ends with
#   sim_charging: N passed, M failed
. "$(dirname "$0")/lib.bash"
export FLEETOPS_STORE=sqlite:$T/store.db
mkdir -p "$T/scripts"

# ---- 1. the built-in simulator, charged by a mission's node action
cat >"$T/charge.json" <<'JSON'
{"name": "charge", "steps": [{"node": "$to", "actions": [{"type": "startCharging", "blocking": "HARD"}]}]}
JSON
"$FO" template import "$T/charge.json" >/dev/null
check "template with startCharging imported" [ $? -eq 0 ]

cat >"$T/scripts/charge.lua" <<'LUA'
local function say(s) fleetops.log("charging-test: " .. s, "warn") end
-- free nodes of a resources view ("CH-00001  zone-1  5,5  free now")
local function free_nodes(view)
  local _, text = fleetops.command("view show " .. view)
  local out = {}
  for line in text:gmatch("[^\n]+") do
    local id, x, y = line:match("^(%S+)%s+%S+%s+(%-?[%d.]+),(%-?[%d.]+)%s+free")
    if id then out[#out + 1] = {id = id, x = tonumber(x), y = tonumber(y)} end
  end
  return out
end
local function nearest(list, v)
  local best, bd
  for _, n in ipairs(list) do
    local d = math.abs(n.x - v.x) + math.abs(n.y - v.y)
    if d > 0 and (not bd or d < bd) then best, bd = n, d end
  end
  return best
end
local function vehicle(id)
  for _, v in ipairs(fleetops.vehicles()) do if v.id == id then return v end end
end
local a, b, ch, pk, b0, t0, seen_full
local started, done_b = false, false
fleetops.every(0.2, function()
  if not started then
    started = true
    local chargers, parking = free_nodes("resources.chargers"), free_nodes("resources.parking")
    for _, v in ipairs(fleetops.vehicles()) do
      if v.last_node:match("^N%-") and not v.driving then
        if not a then a = v.id; ch = nearest(chargers, v)
        elseif not b then b = v.id; pk = nearest(parking, v) end
      end
    end
    fleetops.command{"sim", "battery", a, "30"}
    local ok1, o1 = fleetops.command{"mission", "start", "--vehicle", a, "charge", "to=" .. ch.id}
    local ok2, o2 = fleetops.command{"mission", "start", "--vehicle", b, "charge", "to=" .. pk.id}
    say("a " .. a .. " to " .. ch.id .. " " .. tostring(ok1) .. "; b " .. b .. " to " .. pk.id
        .. " " .. tostring(ok2) .. " " .. o1:gsub("\n", " ") .. " " .. o2:gsub("\n", " "))
    return
  end
  local va, vb = vehicle(a), vehicle(b)
  if va.charging and not b0 then
    b0, t0 = va.battery, fleetops.now()
    say(string.format("a charging at %s battery %.2f acting %s nodes_left %d", va.last_node,
                      va.battery, tostring(va.acting), va.nodes_left))
  elseif b0 and not seen_full and fleetops.now() - t0 >= 1.0 then
    seen_full = true
    say(string.format("a later battery %.2f charging %s at %s driving %s", va.battery,
                      tostring(va.charging), va.last_node, tostring(va.driving)))
  end
  if not done_b and vb.last_node == pk.id and vb.nodes_left == 0 and not vb.acting
     and not vb.driving then
    done_b = true
    local errs = {}
    for _, e in ipairs(vb.errors) do errs[#errs + 1] = e.type .. "/" .. e.level .. "/" .. e.description end
    say("b done charging " .. tostring(vb.charging) .. " errors " .. table.concat(errs, "; "))
  end
end)
LUA
FLEETOPS_SIM_JOBS=none FLEETOPS_SIM_SELF_CHARGE=false FLEETOPS_SIM_SPEEDUP=50 \
	FLEETOPS_MISSIONS_MIN_BATTERY=0 FLEETOPS_SCRIPTS_PATH=$T/scripts \
	timeout 120 "$FO" --demo --sim-vehicles 20 --seed 3 --log-file "$T/serve.log" serve --seconds 12 \
	>"$T/serve.out" 2>&1
check "serve ran (exit $?)" grep -q "charging-test: a AGV" "$T/serve.log"
grep "charging-test:" "$T/serve.log" | sed 's/^.*charging-test: /    /'
check "built-in: both missions started" grep -qE "charging-test: a AGV-[0-9]+ to CH-[0-9]+ true; b AGV-[0-9]+ to PK-[0-9]+ true" "$T/serve.log"
check "built-in: startCharging on the charger node: charging, the action over" \
	grep -qE "charging-test: a charging at CH-[0-9]+ battery [0-9.]+ acting false nodes_left 0" "$T/serve.log"
b0=$(sed -n 's/.*charging-test: a charging at .* battery \([0-9.]*\) .*/\1/p' "$T/serve.log")
b1=$(sed -n 's/.*charging-test: a later battery \([0-9.]*\) charging true at CH-[0-9]* driving false.*/\1/p' "$T/serve.log")
check "built-in: the battery rises while charging, the vehicle stays ($b0 -> $b1)" \
	python3 -c "import sys; sys.exit(not ($b1 > $b0 + 10))"
check "built-in: startCharging on a parking node: no charging, startChargingFailed WARNING naming it" \
	grep -qE "charging-test: b done charging false errors .*startChargingFailed/WARNING/startCharging on PK-[0-9]+: not a charger" "$T/serve.log"
check "built-in: the log says sim.self_charge is off" grep -q "jobs none, self-charge off" "$T/serve.log"

# ---- 2. sim.self_charge false: no charging of its own; a flat battery stops
cat >"$T/flat.lua" <<'LUA'
local id = "AGV-00004"
local function me()
  for _, v in ipairs(fleetops.vehicles()) do if v.id == id then return v end end
end
fleetops.command{"sim", "battery", id, ...}
local charged, drove, flat_at = false, false, nil
for i = 1, 6000 do -- 10 simulated minutes
  fleetops.command("sim step")
  local v = me()
  charged = charged or v.charging
  drove = drove or v.driving
  if v.battery <= 0 and not flat_at then flat_at = i end
end
local v, fatal = me(), "none"
for _, e in ipairs(v.errors) do if e.type == "batteryEmpty" then fatal = e.level end end
local x, y = v.x, v.y
fleetops.command("sim step --count 600")
v = me()
print(string.format("charged %s drove %s flat %s batteryEmpty %s state %s stood %s", tostring(charged),
  tostring(drove), tostring(flat_at ~= nil), fatal, v.state, tostring(v.x == x and v.y == y)))
LUA
FLEETOPS_SIM_SELF_CHARGE=false FLEETOPS_SCRIPTS_TIME_MS=120000 FLEETOPS_SCRIPTS_INSTRUCTIONS=1e12 \
	"$FO" --demo --sim-vehicles 20 --seed 7 --log-file /dev/null run "$T/flat.lua" 3 >"$T/flat.out" 2>&1
sed 's/^/    /' "$T/flat.out"
check "self_charge false: a low vehicle does not charge by itself, drives to 0 %, then stands with a FATAL batteryEmpty" \
	grep -q "^charged false drove true flat true batteryEmpty FATAL state error stood true" "$T/flat.out"
FLEETOPS_SCRIPTS_TIME_MS=120000 FLEETOPS_SCRIPTS_INSTRUCTIONS=1e12 \
	"$FO" --demo --sim-vehicles 20 --seed 7 --log-file /dev/null run "$T/flat.lua" 12 >"$T/self.out" 2>&1
sed 's/^/    /' "$T/self.out"
check "self_charge true (default): the same low vehicle goes charging" grep -q "^charged true" "$T/self.out"

# ---- 3. the simulator on a broker
mosquitto_sub -p "$PORT" -v -t "$P/#" >"$LOG" 2>/dev/null &
pids+=($!)
sleep 0.3
"$FO" sim --mqtt "$URL" --vehicles 3 --rate 2 --seconds 300 --state-interval 1 \
	>"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
pids+=($SIM)
check "simagv runs" wait_for 10 AGV-00003 state 'm is not None'
"$FO" --demo view show resources.chargers >"$T/chargers.txt" 2>/dev/null
"$FO" --demo view show resources.parking >"$T/parking.txt" 2>/dev/null
# acts: the order to the nearest node of LISTING with ACTION on its last node
order_with() { # SERIAL LISTING ORDER_ID ACTION
	python3 "$VDA" order "$1" "$LOG" "$2" "$3" 1 | sed "s/\"actionType\": \"pick\"/\"actionType\": \"$4\"/; s/$3-pick/$3-act/"
}
acts() { echo "{a[\"actionId\"]: a[\"actionStatus\"] for a in m[\"actionStates\"]}.get(\"$1\")"; }

pub AGV-00001 order "$(order_with AGV-00001 "$T/chargers.txt" ch-1 startCharging)"
check "simagv: startCharging on the charger node FINISHED, batteryState.charging true" \
	wait_for 40 AGV-00001 state "m['lastNodeId'].startswith('CH-') and $(acts ch-1-act) == 'FINISHED' and m['batteryState']['charging'] and not m['driving'] and m['errors'] == []"
c0=$(q AGV-00001 state 'm["batteryState"]["batteryCharge"]')
sleep 3
c1=$(q AGV-00001 state 'm["batteryState"]["batteryCharge"]')
check "simagv: the charge rises while charging ($c0 -> $c1)" python3 -c "import sys; sys.exit(not ($c1 > $c0 + 1.5 or $c1 >= 100))"
pub AGV-00001 order "$(order_with AGV-00001 "$T/parking.txt" away-1 pick)"
check "simagv: a new order while charging is refused (orderError: stopCharging first)" \
	wait_for 5 AGV-00001 state 'any(e["errorType"] == "orderError" and "stopCharging" in e.get("errorDescription", "") for e in m["errors"]) and m["orderId"] == "ch-1"'
pub AGV-00001 instantActions "$(python3 "$VDA" instant AGV-00001 stopCharging stop-1)"
check "simagv: stopCharging FINISHED, charging false" \
	wait_for 5 AGV-00001 state "$(acts stop-1) == 'FINISHED' and not m['batteryState']['charging']"
c2=$(q AGV-00001 state 'm["batteryState"]["batteryCharge"]')
sleep 2
c3=$(q AGV-00001 state 'm["batteryState"]["batteryCharge"]')
check "simagv: no charging after stopCharging ($c2 -> $c3)" python3 -c "import sys; sys.exit(not ($c3 <= $c2))"
pub AGV-00001 instantActions "$(python3 "$VDA" instant AGV-00001 startCharging start-2)"
check "simagv: instant startCharging on the charger FINISHED, charging true" \
	wait_for 5 AGV-00001 state "$(acts start-2) == 'FINISHED' and m['batteryState']['charging']"
pub AGV-00001 instantActions "$(python3 "$VDA" instant AGV-00001 stopCharging stop-2)"
check "simagv: stopped again" wait_for 5 AGV-00001 state "$(acts stop-2) == 'FINISHED' and not m['batteryState']['charging']"

start=$(q AGV-00002 state 'm["lastNodeId"]')
pub AGV-00002 instantActions "$(python3 "$VDA" instant AGV-00002 startCharging start-3)"
check "simagv: instant startCharging off a charger ($start) FAILED, startChargingFailed WARNING referencing the action" \
	wait_for 5 AGV-00002 state "$(acts start-3) == 'FAILED' and not m['batteryState']['charging'] and any(e['errorType'] == 'startChargingFailed' and e['errorLevel'] == 'WARNING' and 'not a charger' in e['errorDescription'] and {'referenceKey': 'actionId', 'referenceValue': 'start-3'} in e.get('errorReferences', []) for e in m['errors'])"
pub AGV-00003 order "$(order_with AGV-00003 "$T/parking.txt" pk-1 startCharging)"
check "simagv: startCharging on a parking node FAILED at the end of the order, no charging" \
	wait_for 40 AGV-00003 state "$(acts pk-1-act) == 'FAILED' and m['nodeStates'] == [] and not m['batteryState']['charging'] and any(e['errorType'] == 'startChargingFailed' for e in m['errors'])"

for s in AGV-00001 AGV-00002 AGV-00003; do
	if out=$(python3 "$VDA" validate "$SCHEMAS" "$LOG" state "$s" 2>&1); then ok; else
		no "$s state does not match state.schema: $out"
	fi
done
kill -TERM "$SIM" 2>/dev/null
wait "$SIM" 2>/dev/null
for f in sim.err serve.out flat.out self.out; do
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/$f"; then
		no "sanitizer report in $f: $(grep -m3 -E 'Sanitizer|runtime error' "$T/$f")"
	else
		ok
	fi
done

echo "sim_charging: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
