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
  -- value "age": seconds since the vehicle's last message (0: never heard)
  expr = function()
    return fleetops.vehicle_samples({online = false}, "age")
  end,
}
