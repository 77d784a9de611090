/* an_stats.h — every subject's figures over a window, computed now and
 * then from the stored history (any process: the writer's and a
 * follower's see the same): the KPI totals (an_kpi), the health score with
 * its top contributors, and each vehicle's battery depletion prediction.
 * The views (an_views.c) and commands read the last computation. */
#ifndef AN_STATS_H
#define AN_STATS_H

#include "an_forecast.h"
#include "an_kpi.h"
#include "analytics.h"

/* One subject's figures. */
typedef struct {
	char key[64]; /* "v/AGV-00001", "f/fleet-1", "z/Z-01" */
	int64_t sum[AN_NMETRICS];
	/* the window before (this week's: last week) */
	int64_t psum[AN_NMETRICS];
	an_totals ptot;
	an_totals tot;
	double raw[AN_HC__COUNT];
	an_health_part parts[AN_HC__COUNT];
	an_health_result health;
	/* vehicles: the battery line since the last charge */
	an_pred batt;        /* seconds from batt_at until battery_low */
	uint64_t batt_at_ms; /* the latest battery reading used */
	double drain_pct_h;  /* NAN unless draining */
	/* the finest buckets' battery since the last charge, for the fit */
	double *bt, *bp;
	size_t nb, capb;
} an_stat;

typedef struct {
	an_hist *h;
	an_health_cfg cfg;
	int64_t window_s;
	double battery_low;   /* % */
	double battery_kwh;   /* 0: unknown */
	double state_every_s; /* a vehicle should report at least this often */
	uint64_t every_ms;
	/* the last computation (sorted by key) */
	an_stat *v;
	size_t n;
	uint64_t computed_ms, gen;
	char error[256];
	/* the one in progress */
	an_stat *nv;
	size_t nn, ncap;
	int step; /* 0 idle, 1 reading the coarse tier, 2 the finest */
	uint64_t started_ms, next_ms;
	fo_timer *timer;
} an_stats;

/* Reads its options; starts the periodic computation.  0, or -1 with err
 * (an option that does not parse). */
int an_stats_start(an_stats *s, an_hist *h, char *err, size_t errlen);
void an_stats_stop(an_stats *s);
/* Starts a computation now unless one runs. */
void an_stats_refresh(an_stats *s);
/* Waits for the computation in progress (or a first one): for one-shot
 * readers (reports, commands). */
void an_stats_wait(an_stats *s);
/* The subject of key in the last computation, or NULL. */
const an_stat *an_stats_find(const an_stats *s, const char *key);
/* Reads "availability=25,faults=20,..." into c's weights.  0, or -1 with
 * err. */
int an_health_weights_parse(const char *text, an_health_cfg *c, char *err, size_t errlen);

#endif
