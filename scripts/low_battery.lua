-- low_battery.lua — LowBattery written in Lua.
--
-- An online vehicle below alerts.battery_low_pct (15) for
-- alerts.battery_low_for (60 s) fires a warning, one alert per vehicle.
-- The rule has the name of the built-in C rule, so while this script is
-- loaded it stands in for it (same options, same labels: no duplicate
-- alert); remove or rename the script and the built-in comes back.

local function opt(name) return fleetops.option(name) end

fleetops.alert_rule{
  name = "LowBattery",
  severity = "warning",
  ["for"] = opt("alerts.battery_low_for"),
  keep_firing_for = opt("alerts.keep_firing_for"),
  summary = '{{ $labels.vehicle }} battery {{ $value | printf "%.1f" }}%',
  description = "Battery of {{ $labels.vehicle }} (fleet {{ $labels.fleet }}) is below "
    .. "the alerts.battery_low_pct threshold.",
  -- the vehicles are chosen in C: no Lua table per vehicle, cheap on any fleet
  -- (an offline vehicle's battery is old news: VehicleOffline covers it)
  expr = function()
    return fleetops.vehicle_samples(
      {online = true, battery_below = opt("alerts.battery_low_pct")}, "battery")
  end,
}
