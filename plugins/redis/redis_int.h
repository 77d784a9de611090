/* redis_int.h — the Redis plugin's own types, shared by its files:
 *   redis_conn.c     one connection: URL, connect, AUTH/SELECT, backoff, watchdog
 *   redis_pub.c      core events to PREFIX:events, vehicle state hashes
 *   redis_consume.c  inbound streams through a consumer group
 *   redis_plugin.c   descriptor, options, commands, feed status
 *
 * Two connections per process: a blocking XREADGROUP holds its connection,
 * so publishing has one of its own.  Everything runs on the loop thread. */
#ifndef FO_REDIS_INT_H
#define FO_REDIS_INT_H

#include "fleetops_plugin.h"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

/* The plugin's options (redis_options.c), registered first thing in init. */
extern const fo_opt_def redis_options[];
extern const size_t redis_noptions;

/* ---------------------------------------------------------------- URL */

typedef struct {
	char host[256]; /* TCP host, "" for a Unix socket */
	int port;
	char path[256]; /* Unix socket path, "" for TCP */
	char user[64];  /* ACL user, "" for the default user */
	char pass[256]; /* "" for none */
	int db;
	char shown[600]; /* the URL with the password hidden, for messages */
} rd_url;

/* redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], unix:PATH[?db=N] (also
 * unix://PATH).  Returns 0, or -1 with err filled. */
int rd_url_parse(const char *url, rd_url *u, char *err, size_t errlen);

/* ---------------------------------------------------------------- connection */

typedef struct rd_conn rd_conn;
/* Connected, authenticated and on the right database. */
typedef void (*rd_ready_fn)(rd_conn *c, void *ud);
/* The connection is gone (or never came); a reconnect is scheduled. */
typedef void (*rd_down_fn)(rd_conn *c, void *ud);

#define RD_BACKOFF_MIN_MS 1000u
#define RD_BACKOFF_MAX_MS 30000u
#define RD_CONNECT_TIMEOUT_MS 5000u
#define RD_PING_IDLE_MS 5000u      /* ping a connection idle this long */
#define RD_REPLY_TIMEOUT_MS 15000u /* drop it when a reply is this late */

struct rd_conn {
	fo_core *core;
	const rd_url *url;            /* borrowed from the plugin state */
	const char *name;             /* "publisher", "consumer" */
	redisAsyncContext *ac;        /* NULL while down */
	struct rd_resolve *resolving; /* host name lookup under way */
	unsigned addr_turn;           /* which of the host's addresses to try */
	bool ready;                   /* rd_ready_fn has run for this ac */
	bool closing;                 /* rd_conn_close: no reconnect */
	int setup_pending;            /* AUTH/SELECT replies still to come */
	fo_timer *retry;              /* one-shot reconnect */
	fo_timer *watch;              /* 1 Hz: connect time-out, late replies, ping */
	uint64_t backoff_ms;
	uint64_t connect_at;    /* loop ms of the connect attempt */
	uint64_t last_reply;    /* loop ms of the last reply */
	long inflight;          /* commands sent, replies not yet seen */
	unsigned long connects; /* successful connections */
	uint64_t since_wall;    /* wall ms of the last up/down change */
	char error[256];        /* why it is down, "" when up */
	rd_ready_fn on_ready;
	rd_down_fn on_down;
	void *ud;
};

void rd_conn_init(rd_conn *c, fo_core *core, const rd_url *url, const char *name,
                  rd_ready_fn on_ready, rd_down_fn on_down, void *ud);
/* Starts connecting (again, with backoff, whenever it goes down). */
void rd_conn_start(rd_conn *c);
/* Closes for good: pending callbacks run with a NULL reply. */
void rd_conn_close(rd_conn *c);
/* Drops the connection with a reason and schedules a reconnect. */
void rd_conn_drop(rd_conn *c, const char *why);
/* Sends one command; fn(ac, reply, pd) runs with the reply, or with NULL
 * when the connection goes first.  fn must start with rd_conn_replied.
 * Returns 0, or -1 when the connection is not ready (fn is not called). */
int rd_conn_cmd(rd_conn *c, redisCallbackFn *fn, void *pd, int argc, const char **argv,
                const size_t *lens);
/* The same with a command already formatted (redisFormatCommandArgv). */
int rd_conn_formatted(rd_conn *c, redisCallbackFn *fn, void *pd, const char *cmd, size_t len);
/* The connection a callback's ac belongs to, after counting its reply. */
rd_conn *rd_conn_replied(redisAsyncContext *ac, const redisReply *reply);

/* ---------------------------------------------------------------- plugin state */

typedef struct {
	unsigned long long events;     /* XADDs acknowledged by Redis */
	unsigned long long hashes;     /* vehicle state hashes written */
	unsigned long long dropped;    /* events lost: queue full while down */
	unsigned long long pub_errors; /* error replies to XADD/HSET */
	unsigned long long consumed;   /* inbound entries processed */
	unsigned long long acked;      /* of those, acknowledged */
	unsigned long long claimed;    /* taken over from other consumers */
} rd_stats;

/* An event waiting for the publisher: one formatted XADD. */
typedef struct {
	char *cmd; /* redisFormatCommandArgv output, OWNED */
	int len;
} rd_pending;

/* One inbound entry copied out of a reply. */
typedef struct {
	char *stream; /* borrowed from rd_state.streams */
	char *id;
	size_t n;
	char **fields;
	char **values;
	size_t *lens;
	bool redelivered;
} rd_entry;

typedef enum {
	RD_C_IDLE,    /* not connected */
	RD_C_GROUPS,  /* creating the groups */
	RD_C_PENDING, /* re-reading this consumer's pending entries (ID 0) */
	RD_C_CLAIM,   /* XAUTOCLAIM of entries idle too long */
	RD_C_LIVE,    /* XREADGROUP ... > */
} rd_cphase;

typedef struct rd_state {
	fo_core *core;
	fo_feed *feed; /* "redis" in the feeds view */
	rd_url url;
	char prefix[128];
	char events_key[160]; /* PREFIX:events */
	char maxlen[24];
	uint64_t state_interval_ms;
	bool started;   /* connections opened (first loop turn) */
	fo_timer *kick; /* one-shot: start on the first loop turn */

	/* publisher */
	rd_conn pub;
	rd_pending *queue; /* events while down, oldest first */
	size_t qhead, qlen, qcap;
	fo_timer *state_timer;
	uint64_t *pushed_gen; /* per vehicle index: gen last written */
	size_t npushed;
	uint64_t last_state_push;

	/* consumer */
	rd_conn con;
	char group[128];
	char consumer[128];
	char group_start[16];
	long claim_idle_ms;
	char **streams; /* OWNED, from redis.inbound */
	size_t nstreams;
	rd_cphase phase;
	size_t cur;      /* stream index in the current phase */
	char cursor[48]; /* PENDING: last id; CLAIM: next start */
	int groups_left;
	uint64_t last_claim;
	rd_entry *batch; /* entries being processed */
	size_t nbatch, bpos;
	char **acks; /* ids processed, not yet acknowledged */
	size_t nacks;
	fo_timer *step; /* --delay-ms between entries */
	long delay_ms;
	bool print; /* redis consume: print each entry */
	bool read_inflight;

	rd_stats st;
	char last_error[256];
} rd_state;

/* redis_pub.c */
void rd_pub_init(rd_state *s);  /* subscribes to the bus topics */
void rd_pub_ready(rd_state *s); /* flush the queue, re-push every vehicle */
void rd_pub_fini(rd_state *s);
void rd_pub_state_tick(fo_core *core, void *ud);

/* redis_consume.c */
void rd_con_ready(rd_state *s);
void rd_con_down(rd_state *s);
/* Processes nothing more; what is done is acknowledged, what was read but
 * not processed stays pending for the next run. */
void rd_con_stop(rd_state *s);
void rd_con_fini(rd_state *s);

/* redis_plugin.c: the connection status changed */
void rd_status_changed(rd_state *s);

#endif
