#!/usr/bin/env bash
# test_res_mission_needs.sh — a mission template step that needs a
# resource (issue 13): "needs": {"pool": "docks"} on the drop step.  Real
# components only: `serve` on the built-in simulator (SQLite), the dock
# pool made by `pool sync`.  Four missions, started by a Lua script in
# serve:
#   M1 drops at ST-00001 (free): its request is granted on that dock, the
#      booking names the mission, and is given back when the mission
#      completes ("mission completed");
#   M2 drops at ST-00002, booked by another vehicle for two hours: its
#      request is refused with the nearest free window; the mission is
#      paused on its way, so the conflict mission_unbooked is raised with
#      the suggestions shift (the offered window), keep and cancel; the
#      operator resolves it with cancel: the mission is cancelled, its
#      request withdrawn, the resolution stored with who and why;
#   M3 drops at ST-00003, booked by another vehicle for the next 8 minutes:
#      its booking starts after the vehicle can be there: mission_unbooked
#      (booked too late), suggestions shift and keep;
#   M4 needs a pool that does not exist: the mission runs, its log says
#      nothing was requested and why.
. "$(dirname "$0")/lib.bash"
export FLEETOPS_STORE=sqlite:$T/store.db
mkdir -p "$T/scripts" "$XDG_CONFIG_HOME/fleetops"
cat >"$XDG_CONFIG_HOME/fleetops/config" <<'CONF'
sim.jobs = none
sim.self_charge = false
sim.speedup = 2
operator = test-operator
CONF
SIM=(--demo --sim-vehicles 6 --seed 3)
"$FO" "${SIM[@]}" pool sync >"$T/sync.out" 2>&1
check "pool sync made the docks: $(cat "$T/sync.out")" grep -q "^pool sync: 3 pools" "$T/sync.out"
cat >"$T/dockdrop.json" <<'JSON'
{"name": "dockdrop", "expected_duration_s": 300,
 "steps": [{"node": "$drop", "needs": {"pool": "docks", "for_s": 600},
            "actions": [{"type": "drop", "blocking": "HARD"}]}]}
JSON
cat >"$T/toolneed.json" <<'JSON'
{"name": "toolneed", "steps": [{"node": "$drop", "needs": {"pool": "no-such-pool"}}]}
JSON
cat >"$T/badneed.json" <<'JSON'
{"name": "badneed", "steps": [{"node": "N-00001", "needs": {"pool": "docks", "for_s": 5}}]}
JSON
"$FO" "${SIM[@]}" template import "$T/dockdrop.json" >"$T/imp1" 2>&1
check "template with needs imported: $(cat "$T/imp1")" grep -q "^template dockdrop version 1" "$T/imp1"
"$FO" "${SIM[@]}" template import "$T/toolneed.json" >/dev/null 2>&1
"$FO" "${SIM[@]}" template import "$T/badneed.json" >"$T/imp3" 2>&1
check "needs.for_s out of range refused: $(cat "$T/imp3")" \
	grep -q "steps\[0\].needs.for_s: must be a number from 60 to 86400" "$T/imp3"
"$FO" "${SIM[@]}" template export dockdrop >"$T/exp" 2>&1
check "needs exported with the template" grep -q '"pool": "docks"' "$T/exp"
"$FO" "${SIM[@]}" resource book ST-00002 --vehicle AGV-00006 --for 2h >"$T/b2" 2>&1
check "ST-00002 booked for two hours: $(cat "$T/b2")" grep -q "^booked " "$T/b2"
"$FO" "${SIM[@]}" resource book ST-00003 --vehicle AGV-00005 --for 8m >"$T/b3" 2>&1
check "ST-00003 booked for 8 minutes: $(cat "$T/b3")" grep -q "^booked " "$T/b3"

cat >"$T/scripts/needs.lua" <<'LUA'
local function say(s) fleetops.log("needs-test: " .. s, "warn") end
local m, paused, resolved, t = {}, {}, false, 0
local function start(v, tpl, drop)
  local ok, out = fleetops.command("mission start --vehicle " .. v .. " " .. tpl .. " drop=" .. drop)
  local id = out:match("^mission (%x+)")
  say(v .. " " .. tpl .. " to " .. drop .. ": " .. (id or out))
  return id
end
local function conflict_of(vehicle)
  local _, out = fleetops.command("conflict list")
  for line in out:gmatch("[^\n]+") do
    local id, kind = line:match("^(%x+)%s+(%S+)")
    if kind == "mission_unbooked" and line:find(vehicle, 1, true) then return id end
  end
end
local function state(id)
  local _, out = fleetops.command("mission show " .. id)
  return out:match("\nstate     (%a+)")
end
fleetops.every(0.5, function()
  t = t + 1
  if t == 1 then
    for _, v in ipairs(fleetops.vehicles()) do fleetops.command{"sim", "battery", v.id, "95"} end
    m[1] = start("AGV-00001", "dockdrop", "ST-00001")
    m[2] = start("AGV-00002", "dockdrop", "ST-00002")
    m[3] = start("AGV-00003", "dockdrop", "ST-00003")
    m[4] = start("AGV-00004", "toolneed", "ST-00004")
    return
  end
  for i = 2, 3 do
    local st = m[i] and not paused[i] and state(m[i])
    if st == "dispatched" or st == "active" then
      paused[i] = true
      local _, out = fleetops.command("mission pause " .. m[i])
      say("paused M" .. i .. ": " .. out:gsub("\n", " "))
    end
  end
  local s1 = m[1] and state(m[1])
  if s1 == "completed" and not m.done1 then m.done1 = true; say("M1 completed") end
  if not resolved then
    local id = conflict_of("AGV-00002")
    if id then
      resolved = true
      local _, sh = fleetops.command("conflict show " .. id)
      say("M2 conflict: " .. sh:gsub("\n", " | "))
      local ok, r = fleetops.command("conflict resolve " .. id .. " cancel the dock is taken all shift")
      say("resolve M2: " .. tostring(ok) .. " " .. r:gsub("\n", " "))
    end
  end
  if resolved and not m.late then
    local id = conflict_of("AGV-00003")
    if id then
      m.late = true
      local _, sh = fleetops.command("conflict show " .. id)
      say("M3 conflict: " .. sh:gsub("\n", " | "))
    end
  end
  if m.done1 and resolved and m.late and not m.said then
    m.said = true
    say("ids " .. m[1] .. " " .. m[2] .. " " .. m[3] .. " " .. m[4])
  end
end)
LUA
FLEETOPS_SCRIPTS_PATH=$T/scripts timeout 120 "$FO" "${SIM[@]}" --log-file "$T/serve.log" \
	serve --seconds 45 >"$T/serve.out" 2>&1
grep "needs-test:\|resources:" "$T/serve.log" | sed 's/^[^ ]* //' | head -30 | cut -c1-300 | sed 's/^/    /'
read -r m1 m2 m3 m4 < <(sed -n 's/.*needs-test: ids \([0-9a-f]*\) \([0-9a-f]*\) \([0-9a-f]*\) \([0-9a-f]*\).*/\1 \2 \3 \4/p' "$T/serve.log")
check "the four missions ran and both conflicts were seen" [ -n "${m4:-}" ]
m1=${m1:-none} m2=${m2:-none} m3=${m3:-none} m4=${m4:-none}
"$FO" "${SIM[@]}" booking list --all >"$T/books" 2>&1
"$FO" "${SIM[@]}" request list --all >"$T/reqs" 2>&1
"$FO" "${SIM[@]}" conflict list --all >"$T/confs" 2>&1
"$FO" "${SIM[@]}" mission show "$m1" >"$T/m1" 2>&1
"$FO" "${SIM[@]}" mission show "$m2" >"$T/m2" 2>&1
"$FO" "${SIM[@]}" mission show "$m4" >"$T/m4" 2>&1
check "M1's log: the dock at its drop was requested and granted" \
	grep -q "step 1 needs docks at ST-00001: request [0-9a-f-]* granted ST-00001" "$T/m1"
check "M1's booking of ST-00001 was given back when it completed" \
	grep -qE "ST-00001 +AGV-00001 +released .* docks +mission completed" "$T/books"
check "M2's conflict suggested shift, keep and cancel" \
	grep -q "needs-test: M2 conflict:.*shift.*keep.*cancel" "$T/serve.log"
check "M2's conflict resolved by cancelling the mission" \
	grep -q "needs-test: resolve M2: true conflict [0-9a-f]* resolved: mission cancel $m2" "$T/serve.log"
check "M2 cancelled" grep -q "^state     cancelled" "$T/m2"
check "M2's request withdrawn: mission cancelled" grep -q "cancelled: mission cancelled" "$T/reqs"
c2=$(awk '$2 == "mission_unbooked" && $3 == "resolved" && $5 == "AGV-00002" {print $1}' "$T/confs")
"$FO" "${SIM[@]}" conflict show "${c2:-none}" >"$T/c2" 2>&1
check "the resolution stored with who and why" \
	grep -q "^resolved .* by operator test-operator: mission cancel $m2.*the dock is taken all shift" "$T/c2"
check "M3's booking starts after its vehicle can be there: conflict" \
	grep -q "needs-test: M3 conflict:.*can be at ST-00003 in about.*starts in" "$T/serve.log"
check "M4's log says nothing was requested and why" \
	grep -q "step 1 needs no-such-pool at ST-00004: not requested: .*no pool or resource no-such-pool" "$T/m4"
if [ "$fail" -gt 0 ]; then
	sed 's/^/    /' "$T/books" "$T/reqs" "$T/confs" | cut -c1-240 | head -40
fi
echo "res_mission_needs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
