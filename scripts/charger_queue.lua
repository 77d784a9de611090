-- charger_queue.lua — ChargerQueue: more vehicles need a charger than
-- chargers are free.
--
-- From the live model only: a vehicle "needs a charger" when it is online,
-- below NEED_PCT and not charging; a charger is free when nobody stands on
-- it (resources.chargers: the depot map's chargers; fleetops has no
-- charger reservations, so this is what can be seen, not a booking queue).
-- The value is how many needing vehicles find no free charger; it fires at
-- MAX_QUEUE or more for FOR_S seconds.

local NEED_PCT = 25
local MAX_QUEUE = 3
local FOR_S = 120

fleetops.alert_rule{
  name = "ChargerQueue",
  severity = "warning",
  ["for"] = FOR_S,
  summary = '{{ $value | printf "%.0f" }} vehicles need a charger and find none free',
  description = "More vehicles under " .. NEED_PCT .. "% battery than free chargers; "
    .. "see the Resources pane.",
  expr = function()
    local chargers = fleetops.view("resources.chargers")
    if not chargers or #chargers == 0 then return {} end -- no depot map: nothing to say
    local free = 0
    for _, c in ipairs(chargers) do
      if c.status == "free now" then free = free + 1 end
    end
    local need = 0
    for _, v in ipairs(fleetops.vehicles{online = true, battery_below = NEED_PCT}) do
      if not v.charging then need = need + 1 end
    end
    local queue = need - free
    if queue >= MAX_QUEUE then
      return {{labels = {}, value = queue}}
    end
    return {}
  end,
}
