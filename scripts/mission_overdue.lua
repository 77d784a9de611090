-- mission_overdue.lua — MissionOverdue: a mission not finished by its
-- deadline.
--
-- Missions come from the missions plugin's views (missions.queue: waiting
-- for a vehicle; missions.active: on one), read with fleetops.view; their
-- `deadline` column is the mission's deadline (the template's deadline
-- policy or `mission start --deadline`). A mission without a deadline is
-- never overdue. Without the missions plugin the views are absent and the
-- rule reports nothing. The value is the seconds past the deadline.

local GRACE_S = 0 -- seconds past the deadline before it counts

fleetops.alert_rule{
  name = "MissionOverdue",
  severity = "warning",
  summary = 'mission {{ $labels.mission }} overdue by {{ $value | printf "%.0f" }} s',
  description = "Mission {{ $labels.mission }} ({{ $labels.template }}, vehicle "
    .. "{{ $labels.vehicle }}) is {{ $labels.state }} past its deadline.",
  expr = function(now)
    local out = {}
    for _, view in ipairs{"missions.queue", "missions.active"} do
      for _, m in ipairs(fleetops.view(view) or {}) do
        if m.deadline and now > m.deadline + GRACE_S then
          out[#out + 1] = {
            labels = {mission = m.mission_id or m.key, template = m.template or "",
                      vehicle = m.vehicle or "", state = m.state or ""},
            value = now - m.deadline,
          }
        end
      end
    end
    return out
  end,
}
