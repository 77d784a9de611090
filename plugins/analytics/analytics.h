/* analytics.h — the Analytics plugin's state, shared by its files:
 * analytics.c (entry, pane), an_history.c (the history writer),
 * an_read.c (reading history back), an_cmds.c (commands),
 * analytics_options.c (options). */
#ifndef ANALYTICS_H
#define ANALYTICS_H

#include "an_rollup.h"
#include "an_series.h"
#include "fleetops_plugin.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The store series history chunks are written under. */
#define AN_SERIES "history"

extern const fo_opt_def analytics_options[];
extern const size_t analytics_noptions;

/* Who writes history: one process of those sharing a store. */
typedef enum {
	AN_ROLE_OFF,     /* analytics.history off, or no store */
	AN_ROLE_WAIT,    /* asking for the lease */
	AN_ROLE_FOLLOW,  /* another process writes */
	AN_ROLE_RESTORE, /* this one will: reading back the open chunks */
	AN_ROLE_WRITE,   /* this one samples and writes */
} an_role;

/* One subject of history: a vehicle ("v/ID"), a fleet ("f/ID") or a zone
 * ("z/ID"). */
typedef struct {
	char key[64];
	an_series series;
} an_subject;

typedef struct an_hist {
	fo_core *core;
	an_tiers tiers;
	an_role role;
	char role_why[96];
	uint64_t gap_ms;   /* longer between samples: a gap */
	uint64_t flush_ms; /* how often open chunks are written */
	/* subjects, and a hash of their keys (open addressing: index + 1) */
	an_subject *subj;
	size_t nsubj, capsubj;
	uint32_t *hash;
	size_t hashcap;
	/* by model index: the vehicle's subject and accumulator */
	uint32_t *veh_subj; /* UINT32_MAX: none yet */
	an_acc *acc;
	size_t nveh;
	uint32_t *fleet_subj, *zone_subj;
	size_t nfleet, nzone;
	/* one sampling pass: fleet and zone buckets being summed */
	struct an_pending *pend;
	size_t npend, cappend;
	an_out_list sealed; /* completed chunks not yet written */
	bool flush_busy;
	uint64_t next_flush_ms, next_lease_ms, next_retention_ms;
	size_t flush_part; /* the share of subjects the next flush writes */
	bool lease_busy, restore_busy;
	size_t restore_tier;
	uint64_t restore_next_ms;
	fo_timer *timer;
	/* figures for `history status` and the benchmark */
	uint64_t passes, pass_ns, flushes, flush_fail, chunks_written, bytes_written;
	uint64_t last_flush_ms, retention_dropped;
	char last_error[256];
} an_hist;

/* an_history.c */
int an_hist_start(an_hist *h, fo_core *core, char *err, size_t errlen);
void an_hist_stop(an_hist *h);
/* The subject of key, or NULL. */
an_subject *an_hist_subject(an_hist *h, const char *key);
/* Takes one sample of every vehicle at wall time now_ms (the timer does
 * this every second; the benchmark calls it with simulated time). */
void an_hist_sample(an_hist *h, uint64_t now_ms);
/* Hands every changed chunk to the store in one batch. */
void an_hist_flush(an_hist *h);
/* The same for subjects part, part + nparts, ... (and every completed
 * chunk): the timer writes one share a second, each subject every
 * analytics.flush_s.  A subject's resolutions go in one batch. */
void an_hist_flush_part(an_hist *h, size_t part, size_t nparts);
const char *an_role_name(an_role r);
/* The tenant history is read and written under: the tenant option, or
 * NULL (the session's) when it is not set. */
const char *an_tenant(const an_hist *h);

/* an_read.c: a window of one subject's buckets at one tier. */
typedef struct {
	size_t tier;
	int64_t res_s;
	int64_t from_s; /* bucket 0's start */
	size_t nb;
	int64_t *vals;    /* nb x AN_NMETRICS, OWNED */
	uint8_t *present; /* nb flags, OWNED */
} an_window;

/* Reads subject's buckets over [from_s, to_s) at tier (or, tier < 0, the
 * finest one whose retention reaches from_s with at most max_points
 * buckets), from the store and, where this process writes, its open
 * chunks.  Blocks until the store answers.  0, or -1 with err. */
int an_read(an_hist *h, const char *subject, int64_t from_s, int64_t to_s, int tier,
            size_t max_points, an_window *w, char *err, size_t errlen);
void an_window_free(an_window *w);
/* {"subject", "res_s", "from", "to", "buckets": [{"start" (ISO), "t" (Unix
 * s), metric: value...}]}: the buckets with data (a gap: those missing). */
void an_window_json(fo_buf *b, const char *subject, const an_window *w, const int *ms, int nm);
/* The metric of a name ("driving_s", "dist_m", ...) or -1; its name. */
int an_metric_by_name(const char *name);
const char *an_metric_name(int m);
/* A bucket's metric in display units (seconds, metres, percent, counts). */
double an_metric_value(const int64_t *vals, int m);

/* an_cmds.c, an_trend.c */
int an_cmds_register(an_hist *h, char *err, size_t errlen);
int an_trend_register(an_hist *h, char *err, size_t errlen);
/* Arguments shared by the commands and the Lua functions; each 0 (or the
 * value), or -1 with err saying what is wrong.  The subject: "v/ID",
 * "f/ID", "z/ID" as given, else a vehicle, fleet or zone of the model. */
int an_subject_key(an_hist *h, const char *name, char *key, size_t len, char *err, size_t errlen);
/* --last SPAN (default 1h) or --from/--to (now, -SPAN ago, ISO 8601). */
int an_window_args(const fo_args *args, int64_t *from_s, int64_t *to_s, char *err, size_t errlen);
/* The tier of a resolution ("10s"); -1 for none given, -2 not a tier. */
int an_res_arg(const an_hist *h, const char *text);
/* "a,b,c" (or "all", or "" for a default few) into metric indices: the
 * count. */
int an_metrics_arg(const char *text, int *ms, int max, char *err, size_t errlen);

#endif
