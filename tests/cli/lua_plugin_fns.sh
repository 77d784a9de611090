#!/usr/bin/env bash
# Lua functions plugins declare (fo_lua_fn_register): the missions plugin's
# fleetops.mission and fleetops.missions called from `fleetops run`, with
# arguments in order or by name, a failed lookup as nil and the reason, a
# bad argument as a Lua error naming the function; `help lua` lists them.
. "$(dirname "$0")/lib.bash"
D=(--demo --sim-vehicles 6 --seed 1)

run help lua
expect_rc 0 "help lua"
expect_grep out "fleetops\.mission\(id\)" "help lua lists fleetops.mission"
expect_grep out "fleetops\.missions\(\[state\], \[vehicle\]\)" "help lua lists fleetops.missions"

cat >"$T/hop.json" <<'JSON'
{"name": "hop", "steps": [{"node": "$from", "actions": [{"type": "pick"}]},
                          {"node": "$to", "actions": [{"type": "drop"}]}]}
JSON
run "${D[@]}" template import "$T/hop.json"
expect_rc 0 "template import"

cat >"$T/m.lua" <<'LUA'
local ok, out = fleetops.command{"mission", "start", "--priority", "7", "hop", "from=N-A", "to=N-B"}
assert(ok, out)
local id = out:match("mission (%x[%x-]+)")
assert(id, "no id in: " .. out)
local m = fleetops.mission(id)
print("mission", m.id == id, m.template, m.priority, type(m.state), m.params.from, m.params.to)
local byname = fleetops.mission{id = id:sub(1, 8)}
print("prefix", byname.id == id)
local found = 0
for _, x in ipairs(fleetops.missions{state = m.state}) do
	if x.id == id then found = found + 1 end
end
print("listed", found, #fleetops.missions("no-such-state"))
local none, why = fleetops.mission("ffffffff-none")
print("missing", none, why)
local okc, err = pcall(fleetops.mission)
print("usage", okc, err)
okc, err = pcall(fleetops.missions, {vehicle = {}})
print("type", okc, err)
return 5
LUA
run "${D[@]}" run "$T/m.lua"
expect_rc 5 "the script ran to its end"
expect_grep out "^mission	true	hop	7	string	N-A	N-B$" "fleetops.mission: the mission as a table"
expect_grep out "^prefix	true$" "by name, an id prefix"
expect_grep out "^listed	1	0$" "fleetops.missions filters by state"
expect_grep out "^missing	nil	no mission 'ffffffff-none'" "no such mission: nil and the reason"
expect_grep out "^usage	false	.*fleetops mission: missing argument id" "a missing argument is a Lua error"
expect_grep out "^type	false	fleetops.missions: argument vehicle must be a string, not a table" \
	"a table for a string is a Lua error"
finish
