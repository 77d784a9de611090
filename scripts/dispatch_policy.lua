-- dispatch_policy.lua — no dispatch below 20% battery.
--
-- A policy in front of `vehicle order` (VDA 5050 orders, from the ':' line,
-- a key, the shell or another script): a vehicle whose battery is under
-- the threshold is refused, with the reason the operator sees:
--   refused by policy min-battery: AGV-00007 has 12.5% battery, dispatch needs 20%
-- A vehicle the console does not know is left to the command itself.

local MIN_BATTERY = 20 -- percent

fleetops.policy("vehicle order", function(cmd)
  local id = cmd.args.vehicle
  local v = id and fleetops.vehicle(id)
  if v and v.battery < MIN_BATTERY then
    return false, string.format("%s has %.1f%% battery, dispatch needs %d%%",
      v.id, v.battery, MIN_BATTERY)
  end
end, "min-battery")
