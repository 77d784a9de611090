-- one_run.lua DIR STEM REPORT-ARGS...: writes DIR/STEM.json, .csv and .md
-- of `report show REPORT-ARGS` from one process, so that values read from
-- the wall clock (a vehicle's last_seen) are the same in each and the
-- formats can be compared field by field.  The simulator does not run
-- between the commands (the loop waits for the chunk); --advance is passed
-- to the first only.
local dir, stem = ...
local args = {select(3, ...)}
for i, fmt in ipairs{"json", "csv", "md"} do
  local cmd = {"report", "show"}
  local k = 1
  while k <= #args do
    if args[k] == "--advance" then
      if i == 1 then
        cmd[#cmd + 1] = args[k]
        cmd[#cmd + 1] = args[k + 1]
      end
      k = k + 2
    else
      cmd[#cmd + 1] = args[k]
      k = k + 1
    end
  end
  for _, w in ipairs{"--format", fmt, "--out", dir .. "/" .. stem .. "." .. fmt} do
    cmd[#cmd + 1] = w
  end
  local ok, text = fleetops.command(cmd)
  if not ok then
    error(table.concat(cmd, " ") .. ": " .. text, 0)
  end
end
return 0
