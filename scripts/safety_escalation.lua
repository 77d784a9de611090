-- safety_escalation.lua — SafetyEventUnhandled: a safety event still open
-- (not acknowledged) OPEN_MIN minutes after it was raised escalates to a
-- critical alert.
--
-- Safety events come from the missions plugin's safety events view (what
-- `safety list` prints; missions.safety_events, missions.safety in older
-- builds); acknowledging the event (`safety ack ID`) or
-- resolving it clears the alert. Without the missions plugin the rule
-- reports nothing. The value is the event's age in seconds.

local OPEN_MIN = 5

fleetops.alert_rule{
  name = "SafetyEventUnhandled",
  severity = "critical",
  summary = 'safety event {{ $labels.event }} ({{ $labels.kind }}) open for '
    .. '{{ $value | printf "%.0f" }} s',
  description = "Safety event {{ $labels.event }} on {{ $labels.vehicle }} has not been "
    .. "acknowledged: see `safety list`.",
  expr = function()
    local out = {}
    local events = fleetops.view("missions.safety_events") or fleetops.view("missions.safety")
    for _, e in ipairs(events or {}) do
      if e.state == "open" and (e.age_s or 0) >= OPEN_MIN * 60 then
        out[#out + 1] = {
          labels = {event = e.key, kind = e.kind or "", vehicle = e.vehicle or "",
                    event_severity = e.severity or ""},
          value = e.age_s,
        }
      end
    end
    return out
  end,
}
