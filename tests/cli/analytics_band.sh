#!/usr/bin/env bash
# analytics_band.sh — a fleet metric leaving its usual band raises the alert
# MetricOutOfBand through the alert engine (issue 14).  `serve` on the
# simulator (80 vehicles, 4 fleets) with history at 1 s and 2 s (the band
# is drawn on the 2 s buckets, so a minute of history is enough), figures
# every 10 s; after 100 s a script e-stops fleet-1's vehicles: its distance
# drops to 0, below the band, and the alert fires with the fleet, the
# metric and the side in its labels.
. "$(dirname "$0")/lib.bash"
mkdir -p "$XDG_CONFIG_HOME/fleetops/scripts"
cat >"$XDG_CONFIG_HOME/fleetops/config" <<'CONF'
analytics.history_tiers = 1s:1h,2s:1d
analytics.flush_s = 1
analytics.stats_every_s = 10
analytics.band_metrics = dist_m
analytics.band_level = 0.95
operator = band-test
CONF
cat >"$XDG_CONFIG_HOME/fleetops/scripts/band.lua" <<'LUA'
-- the simulated vehicles take trips of their own: each fleet's distance per
-- bucket is steady enough; at 100 s fleet-1 is stopped
local t, last = 0, ""
fleetops.every(1, function()
  t = t + 1
  if t == 100 then
    for _, v in ipairs(fleetops.vehicles { fleet = "fleet-1" }) do
      fleetops.command({"sim", "estop", v.id})
    end
    fleetops.log("BAND fleet-1 stopped")
  end
  local parts = {}
  for _, a in ipairs(fleetops.alerts { state = "all" }) do
    if a.labels.alertname == "MetricOutOfBand" then
      parts[#parts + 1] = a.labels.fleet .. ":" .. a.labels.metric .. ":" .. a.labels.side .. ":" .. a.state
    end
  end
  table.sort(parts)
  local s = table.concat(parts, ",")
  if s ~= last then fleetops.log("BAND " .. s); last = s end
end)
LUA
"$FO" --demo --sim-vehicles 80 --seed 4 serve 2>"$T/serve.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 2000); do
	grep -q "BAND .*fleet-1:dist_m:below:firing" "$T/serve.err" && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
cp "$T/serve.err" "$T/log"
expect_grep log "BAND fleet-1 stopped" "the script stopped fleet-1"
expect_grep log "BAND .*fleet-1:dist_m:below:firing" "MetricOutOfBand fires for fleet-1's distance, below"
finish
