-- fleet_report.lua — a one-shot fleet report for cron and CI:
--
--   fleetops --demo run scripts/run/fleet_report.lua [MIN_BATTERY]
--
-- Prints each fleet with its vehicle count, average battery and the vehicles
-- below MIN_BATTERY percent (default 25), then one line of totals.  The exit
-- code says what a caller needs: 0 all fine, 3 some vehicle is low on
-- battery or in error, 2 a bad argument.

local min = 25
local given = ... -- the first argument after the script's name
if given ~= nil then
  min = tonumber(given)
  if not min then
    print("fleet_report: MIN_BATTERY must be a number, not '" .. tostring(given) .. "'")
    return 2
  end
end

local low, errored, total = 0, 0, 0
for _, f in ipairs(fleetops.fleets()) do
  local vs = fleetops.vehicles{fleet = f.id}
  local sum, lows = 0, {}
  for _, v in ipairs(vs) do
    sum = sum + v.battery
    if v.battery < min then lows[#lows + 1] = string.format("%s %.0f%%", v.id, v.battery) end
    if v.state == "error" or v.state == "e-stop" then errored = errored + 1 end
  end
  total = total + #vs
  low = low + #lows
  local avg = #vs > 0 and sum / #vs or 0
  print(string.format("%-10s %4d vehicles  battery avg %5.1f%%  below %d%%: %s",
    f.id, #vs, avg, min, #lows > 0 and table.concat(lows, ", ") or "none"))
end
print(string.format("total %d vehicles, %d below %d%%, %d in error or e-stop",
  total, low, min, errored))
if low > 0 or errored > 0 then return 3 end
return 0
