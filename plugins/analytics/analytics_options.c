/* analytics_options.c — the Analytics plugin's options. */
#include "analytics.h"

const fo_opt_def analytics_options[] = {
    {"analytics.history", FO_OPT_BOOL, "true", 0, 0, NULL,
     "write history: per vehicle, fleet and zone, the time in each state, distance, battery, "
     "faults, messages and missions, rolled up from the live model every second (one process "
     "of those sharing a store writes: the holder of its history lease)"},
    {"analytics.history_tiers", FO_OPT_STR, "10s:1d,1m:30d,1h:730d", 0, 0, NULL,
     "history resolutions and how long each is kept, finest first (RES:KEEP,...; s, m, h, d); "
     "each resolution a multiple of the one before"},
    {"analytics.flush_s", FO_OPT_DOUBLE, "60", 1, 3600, NULL,
     "how often history is written to the store, seconds (a crash loses at most this much)"},
    {"analytics.window", FO_OPT_STR, "24h", 0, 0, NULL,
     "the window of health, efficiency and predictions (a span: 30m, 24h, 7d)"},
    {"analytics.stats_every_s", FO_OPT_DOUBLE, "300", 10, 86400, NULL,
     "how often health, efficiency and predictions are computed again from history, seconds"},
    {"analytics.health_weights", FO_OPT_STR, "", 0, 0, NULL,
     "health score weights, e.g. availability=25,faults=20,connectivity=10 (components: "
     "availability, battery, faults, maintenance, connectivity, safety; unset ones keep "
     "KPIS.md's defaults)"},
    {"analytics.battery_low", FO_OPT_DOUBLE, "15", 0, 100, NULL,
     "battery %: the depletion prediction is the time until a vehicle reaches it"},
    {"analytics.battery_kwh", FO_OPT_DOUBLE, "0", 0, 10000, NULL,
     "usable battery capacity, kWh, for energy per km and per task (0: unknown, not shown)"},
    {"analytics.state_every_s", FO_OPT_DOUBLE, "30", 1, 3600, NULL,
     "a vehicle should send its state at least this often (VDA 5050: 30 s); connectivity is "
     "messages seen over messages expected"},
    {"analytics.band_metrics", FO_OPT_STR, "dist_m,faults,missions_done", 0, 0, NULL,
     "per fleet, the metrics whose last minute outside its usual band raises MetricOutOfBand "
     "(none: no rule)"},
    {"analytics.band_level", FO_OPT_DOUBLE, "0.99", 0.5, 0.999, NULL,
     "the usual band: the forecast interval at this level, from the hours before"},
};
const size_t analytics_noptions = FO_NELEM(analytics_options);
