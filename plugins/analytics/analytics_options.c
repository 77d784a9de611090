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
};
const size_t analytics_noptions = FO_NELEM(analytics_options);
