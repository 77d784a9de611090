-- vehicle_stuck.lua — VehicleStuck: a vehicle with an order that made no
-- progress for STUCK_S seconds.
--
-- Progress is any change of position (more than MOVE_M), of the last node
-- passed or of the nodes left. A paused vehicle (paused on purpose) and a
-- charging one are left out. The value is the seconds without progress.
-- The script remembers each vehicle's last progress between evaluations;
-- a reload starts the clocks again (the alerts themselves are kept).

local STUCK_S = 120 -- seconds without progress
local MOVE_M = 0.5  -- metres that count as moving

local seen = {} -- vehicle id -> {x, y, node, left, since}

fleetops.alert_rule{
  name = "VehicleStuck",
  severity = "warning",
  summary = '{{ $labels.vehicle }} made no progress on order {{ $labels.order }} for '
    .. '{{ $value | printf "%.0f" }} s',
  description = "{{ $labels.vehicle }} has order {{ $labels.order }} but neither moved "
    .. "nor passed a node.",
  expr = function(now)
    local out, live = {}, {}
    for _, v in ipairs(fleetops.vehicles{online = true, has_order = true}) do
      live[v.id] = true
      local s = seen[v.id]
      if not s or s.order ~= v.order or s.node ~= v.last_node or s.left ~= v.nodes_left
          or math.abs(v.x - s.x) + math.abs(v.y - s.y) > MOVE_M or v.paused or v.charging then
        seen[v.id] = {x = v.x, y = v.y, node = v.last_node, left = v.nodes_left,
                      order = v.order, since = now}
      elseif now - s.since >= STUCK_S then
        out[#out + 1] = {labels = {vehicle = v.id, order = v.order}, value = now - s.since}
      end
    end
    for id in pairs(seen) do
      if not live[id] then seen[id] = nil end
    end
    return out
  end,
}
