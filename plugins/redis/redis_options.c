/* redis_options.c — the options of event streams to and from Redis (redis_plugin.c):
 * declared here once, registered first thing in init (fo_options_register);
 * --help, `config show`, the manual page and completion list them. */
#include "redis_int.h"

const fo_opt_def redis_options[] = {
    {"redis", FO_OPT_STR, "", 0, 0, "redis",
     "Redis for event streams: redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] or unix:PATH[?db=N]"},
    {"redis.stream_prefix", FO_OPT_STR, "fleetops", 0, 0, "redis-prefix",
     "Redis key prefix: events go to PREFIX:events, vehicle state to PREFIX:vehicle:ID"},
    {"redis.maxlen", FO_OPT_INT, "100000", 100, 1000000000, NULL,
     "approximate length the events stream is trimmed to (XADD MAXLEN ~)"},
    {"redis.state_interval_ms", FO_OPT_INT, "1000", 100, 60000, NULL,
     "least time between two writes of one vehicle's state hash"},
    {"redis.inbound", FO_OPT_STR, "", 0, 0, "redis-inbound",
     "comma-separated Redis streams of other services to consume (none: no consumer)"},
    {"redis.group", FO_OPT_STR, "fleetops", 0, 0, NULL,
     "consumer group fleetops reads the inbound streams in"},
    {"redis.consumer", FO_OPT_STR, "", 0, 0, "redis-consumer",
     "this process's consumer name in the group (default: the host name); keep it "
     "stable across restarts so pending entries are re-read"},
    {"redis.group_start", FO_OPT_STR, "$", 0, 0, NULL,
     "where a consumer group fleetops creates starts: $ (new entries) or 0 (the whole stream)"},
    {"redis.claim_idle_ms", FO_OPT_INT, "60000", 1000, 86400000, NULL,
     "pending entries idle this long are claimed from dead consumers (XAUTOCLAIM)"},
};

const size_t redis_noptions = FO_NELEM(redis_options);
