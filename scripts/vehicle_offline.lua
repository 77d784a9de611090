-- vehicle_offline.lua — VehicleOffline written in Lua.
--
-- A vehicle that sends nothing for alerts.offline_for (30 s) fires a
-- critical alert; the value is the seconds since its last message (0 when
-- it was never heard). Like low_battery.lua it has the name of the built-in
-- rule and stands in for it while loaded.

local function opt(name) return fleetops.option(name) end

fleetops.alert_rule{
  name = "VehicleOffline",
  severity = "critical",
  ["for"] = opt("alerts.offline_for"),
  keep_firing_for = opt("alerts.keep_firing_for"),
  summary = "{{ $labels.vehicle }} offline",
  description = '{{ $labels.vehicle }} (fleet {{ $labels.fleet }}) sent nothing for '
    .. '{{ $value | printf "%.0f" }} s.',
  expr = function(now)
    local out = {}
    for _, v in ipairs(fleetops.vehicles{online = false}) do
      local age = (v.last_seen > 0 and now > v.last_seen) and (now - v.last_seen) or 0
      out[#out + 1] = {labels = {vehicle = v.id, fleet = v.fleet}, value = age}
    end
    return out
  end,
}
