#!/usr/bin/env bash
# Alerts written in Lua, end to end in the real binary with the simulator
# (`fleetops --demo run`, one process, the SQLite store): the shipped
# low_battery.lua goes pending when a vehicle is drained, fires after
# `for`, is silenced and acknowledged, keeps its state over `script
# reload` and resolves after charging, and the transitions are stored.
# The shipped mission_overdue.lua and safety_escalation.lua (their waits
# shortened in a user copy) fire on a mission past its deadline and on an
# open safety event.
. "$(dirname "$0")/lib.bash"
U=$XDG_CONFIG_HOME/fleetops/scripts
mkdir -p "$U"
export FLEETOPS_ALERTS_EVAL_INTERVAL_MS=200 FLEETOPS_ALERTS_BATTERY_LOW_FOR=1 \
	FLEETOPS_ALERTS_GROUP_WAIT=0

run --demo db migrate
expect_rc 0 "db migrate"

# The driver: one step at a time, polled every 0.1 s, each with a deadline.
cat >"$T/e2e.lua" <<'LUA'
local V = "AGV-00003"
local function alert()
  for _, a in ipairs(fleetops.alerts{state = "all", rule = "LowBattery"}) do
    if a.labels.vehicle == V and a.state ~= "resolved" then return a end
  end
end
local function cmd(line)
  local ok, text = fleetops.command(line)
  if not ok then print("command failed: " .. line .. ": " .. text); fleetops.exit(1) end
  return text
end
local id, t_pending
local steps = {
  function() cmd("sim battery " .. V .. " 2"); return true end,
  function() local a = alert(); if a and a.state == "pending" then
      id, t_pending = a.id, fleetops.now(); print("ok pending " .. id); return true end end,
  function() local a = alert(); if a and a.state == "firing" then
      print(string.format("ok firing after %.1f s, same id %s", fleetops.now() - t_pending,
        tostring(a.id == id))); return true end end,
  function() cmd("alert silence vehicle=" .. V .. " --duration 1h --comment e2e"); return true end,
  function() local a = alert(); if a and a.silenced then print("ok silenced"); return true end end,
  function() cmd("alert ack " .. id:sub(1, 8) .. " --note e2e-ack"); return true end,
  function() local a = alert(); if a and a.acknowledged then
      print("ok acknowledged by " .. a.acked_by .. " note " .. a.ack_note); return true end end,
  function() cmd("script reload"); return true end,
  function() local a = alert(); if a then print(string.format(
      "ok after reload: %s, same id %s", a.state, tostring(a.id == id))); return true end end,
  function() cmd("sim battery " .. V .. " 95"); return true end,
  function()
    for _, a in ipairs(fleetops.alerts{state = "resolved", rule = "LowBattery"}) do
      if a.id == id then print("ok resolved"); return true end
    end
  end,
}
local i, deadline = 1, fleetops.now() + 15
fleetops.every(0.1, function()
  if fleetops.now() > deadline then print("timeout at step " .. i); fleetops.exit(1) end
  if steps[i]() then i = i + 1 end
  if i > #steps then fleetops.exit(0) end
end)
LUA
run --demo run "$T/e2e.lua"
expect_rc 0 "the low-battery walk"
expect_grep out "^ok pending" "pending when drained"
expect_grep out "^ok firing after (0\.[89]|1\.[0-9]|2\.[0-9]) s, same id true" "fires after for (1 s)"
expect_grep out "^ok silenced" "a silence mutes it"
expect_grep out "^ok acknowledged by .* note e2e-ack" "an acknowledgement is recorded"
expect_grep out "^ok after reload: firing, same id true" "a script reload keeps the alert"
expect_grep out "^ok resolved" "resolves after charging"
id=$(sed -n 's/^ok pending \(........\).*/\1/p' "$T/out")
run --demo alert history --limit 50
expect_grep out "$id.*pending -> firing" "the firing transition is stored"
expect_grep out "$id.*firing -> resolved" "the resolution is stored"
expect_grep out "$id.*e2e-ack" "the acknowledgement is stored"

# Mission overdue and safety escalation, waits shortened in user copies.
sed 's/^local OPEN_MIN = 5$/local OPEN_MIN = 0.02/' scripts/safety_escalation.lua >"$U/safety_escalation.lua"
cp scripts/mission_overdue.lua "$U/mission_overdue.lua"
grep -q "OPEN_MIN = 0.02" "$U/safety_escalation.lua" || { echo "  FAIL: OPEN_MIN not found"; failures=$((failures + 1)); }
echo '{"name": "go", "steps": [{"node": "N-00240"}]}' >"$T/go.json"
run --demo template import "$T/go.json"
expect_rc 0 "template import"
cat >"$T/missions.lua" <<'LUA'
fleetops.command("mission list") -- the missions plugin starts loading its records
local started = false
local deadline = fleetops.now() + 15
fleetops.every(0.2, function()
  if fleetops.now() > deadline then print("timeout"); fleetops.exit(1) end
  if not started then
    local ok = fleetops.command("safety raise --vehicle AGV-00001 --severity high door open")
    if not ok then return end -- not loaded yet
    assert(fleetops.command("mission start go --deadline 1s"))
    started = true
    return
  end
  local got = {}
  for _, a in ipairs(fleetops.alerts{state = "firing"}) do
    if a.rule == "SafetyEventUnhandled" or a.rule == "MissionOverdue" then
      got[a.rule] = a
    end
  end
  if got.SafetyEventUnhandled and got.MissionOverdue then
    local s, m = got.SafetyEventUnhandled, got.MissionOverdue
    print("ok safety " .. s.labels.severity .. " " .. s.labels.kind .. " " .. s.labels.vehicle)
    print("ok overdue " .. m.labels.template .. " " .. m.annotations.summary)
    fleetops.exit(0)
  end
end)
LUA
run --demo run "$T/missions.lua"
expect_rc 0 "mission overdue and safety escalation fire"
expect_grep out "^ok safety critical manual AGV-00001" "an open safety event escalates to critical"
expect_grep out "^ok overdue go v1 mission [0-9a-f-]+ overdue by [0-9]+ s" "a mission past its deadline"

finish
