/* an_stats.c — every subject's figures over a window (see an_stats.h).
 * A computation reads two slices of the stored history, for every subject
 * at once: the coarse tier over the window up to the current coarse
 * bucket, then the finest tier over the last hour (the current coarse
 * bucket, which is not written until it closes, and each vehicle's recent
 * battery for the depletion line). */
#include "an_stats.h"

#include "an_codec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECENT_S 3600 /* the finest buckets read back for the battery */

static int64_t floor_to(int64_t ts, int64_t unit)
{
	int64_t r = ts % unit;
	return ts - (r < 0 ? r + unit : r);
}

int an_health_weights_parse(const char *text, an_health_cfg *c, char *err, size_t errlen)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", text ? text : "");
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		char *end = NULL;
		double w = eq ? strtod(eq + 1, &end) : NAN;
		if (eq)
			*eq = '\0';
		int k = an_hcomp_by_name(tok);
		if (k < 0 || !eq || end == eq + 1 || *end || !isfinite(w) || w < 0) {
			snprintf(err, errlen,
			         "'%s' is not COMPONENT=WEIGHT (components: availability, battery, "
			         "faults, maintenance, connectivity, safety; weights >= 0)",
			         tok);
			return -1;
		}
		c->comp[k].weight = w;
	}
	return an_health_cfg_check(c, err, errlen) ? 0 : -1;
}

/* ---------------------------------------------------------------- reading */

static void stat_free(an_stat *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].bt);
		free(v[i].bp);
	}
	free(v);
}

static an_stat *stat_add(an_stats *s, const char *key)
{
	s->nv = fo_grow(s->nv, &s->ncap, s->nn + 1, sizeof *s->nv, 256);
	an_stat *x = &s->nv[s->nn++];
	memset(x, 0, sizeof *x);
	snprintf(x->key, sizeof x->key, "%s", key);
	x->drain_pct_h = NAN;
	x->batt.status = AN_FC_TOO_FEW;
	x->batt.point = x->batt.lower = x->batt.upper = NAN;
	return x;
}

static int stat_cmp(const void *a, const void *b)
{
	return strcmp(((const an_stat *)a)->key, ((const an_stat *)b)->key);
}

/* The subject of key in the computation in progress: sorted ones by
 * bsearch, those added since (after `sorted`) by a scan. */
static an_stat *stat_get(an_stats *s, const char *key, size_t sorted)
{
	an_stat probe;
	snprintf(probe.key, sizeof probe.key, "%s", key);
	an_stat *x = sorted ? bsearch(&probe, s->nv, sorted, sizeof *s->nv, stat_cmp) : NULL;
	for (size_t i = sorted; !x && i < s->nn; i++)
		if (strcmp(s->nv[i].key, key) == 0)
			x = &s->nv[i];
	return x ? x : stat_add(s, key);
}

static void sum_into(int64_t *sum, const int64_t *v)
{
	for (int m = 0; m < AN_NMETRICS; m++)
		if (m != AN_M_BATT_CP && m != AN_M_BATT_MIN_CP && m != AN_M_SUBJECTS)
			sum[m] += v[m];
	if (v[AN_M_SUBJECTS] > sum[AN_M_SUBJECTS])
		sum[AN_M_SUBJECTS] = v[AN_M_SUBJECTS];
}

/* A vehicle's battery at a bucket's end; a bucket that charged starts the
 * line afresh. */
static void battery_point(an_stat *x, int64_t end_s, const int64_t *v)
{
	if (v[AN_M_GAIN_CP] > 0)
		x->nb = 0;
	if (x->nb == x->capb) {
		x->capb = x->capb ? 2 * x->capb : 64;
		x->bt = realloc(x->bt, x->capb * sizeof *x->bt);
		x->bp = realloc(x->bp, x->capb * sizeof *x->bp);
		if (!x->bt || !x->bp)
			abort();
	}
	x->bt[x->nb] = (double)end_s;
	x->bp[x->nb] = (double)v[AN_M_BATT_CP] / 100.0;
	x->nb++;
}

typedef struct {
	int64_t lo_s, hi_s;  /* the buckets this read counts start in [lo, hi) */
	int64_t from_s;      /* of those, from here on: the window */
	int64_t prev_from_s; /* from here to from_s: the window before */
	int64_t res_s;
	bool battery; /* the finest tier: battery points too */
	int64_t battery_from_s;
} slice;

static void take(an_stats *s, const fo_store_result *res, const slice *sl, size_t sorted)
{
	int64_t *vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *vals);
	uint8_t *present = malloc(AN_CHUNK_BUCKETS);
	if (!vals || !present)
		abort();
	const char *last = "";
	an_stat *x = NULL;
	for (size_t i = 0; i < res->nchunks; i++) {
		const fo_chunk *c = &res->chunks[i];
		size_t nb = 0;
		if (an_series_decode(c->data, c->len, vals, present, AN_CHUNK_BUCKETS, &nb) != 0)
			continue;
		if (!x || strcmp(last, c->subject) != 0) {
			x = stat_get(s, c->subject, sorted);
			last = c->subject;
		}
		bool vehicle = strncmp(c->subject, "v/", 2) == 0;
		for (size_t b = 0; b < nb; b++) {
			int64_t t = c->start_s + (int64_t)b * sl->res_s;
			if (!present[b])
				continue;
			const int64_t *v = vals + b * AN_NMETRICS;
			if (t < sl->lo_s || t >= sl->hi_s)
				;
			else if (t >= sl->from_s)
				sum_into(x->sum, v);
			else if (t >= sl->prev_from_s)
				sum_into(x->psum, v);
			if (sl->battery && vehicle && t >= sl->battery_from_s)
				battery_point(x, t + sl->res_s, v);
		}
	}
	free(vals);
	free(present);
}

/* ---------------------------------------------------------------- figures */

/* The KPI totals of a window's sums. */
static void totals_of(const an_stats *s, const int64_t *sum, an_totals *t)
{
	memset(t, 0, sizeof *t);
	for (int k = 0; k < AN_KS__COUNT && k < AN_NSTATES; k++)
		t->state_s[k] = (double)sum[AN_M_STATE0 + k] / 1000.0;
	/* the fleet runs around the clock: all it was seen is scheduled */
	t->sched_up_s = an_totals_uptime_s(t);
	t->sched_down_s = an_totals_downtime_s(t);
	/* driving and acting, for a mission or not (history does not tell) */
	t->productive_s = t->state_s[AN_KS_DRIVING] + t->state_s[AN_KS_ACTING];
	/* all idle time: history does not keep the stretches' lengths */
	t->idle_long_s = t->state_s[AN_KS_IDLE];
	t->missions_succeeded = (uint64_t)sum[AN_M_MISSIONS_DONE];
	t->missions_failed = (uint64_t)sum[AN_M_MISSIONS_FAILED];
	t->tasks_completed = t->missions_succeeded;
	t->km = (double)sum[AN_M_DIST_CM] / 100000.0;
	t->kwh = s->battery_kwh > 0 ? (double)sum[AN_M_DRAIN_CP] / 10000.0 * s->battery_kwh : NAN;
	t->faults = (uint64_t)sum[AN_M_FAULTS];
	t->msgs_received = (uint64_t)sum[AN_M_MESSAGES];
	double online = an_totals_observed_s(t) - t->state_s[AN_KS_OFFLINE];
	t->msgs_expected = (uint64_t)(online / s->state_every_s);
}

static void figures(an_stats *s, an_stat *x)
{
	an_totals *t = &x->tot;
	totals_of(s, x->sum, t);
	totals_of(s, x->psum, &x->ptot);
	an_health_raw_from_totals(t, x->raw);
	/* not in history: a safety score of 100 would be a guess */
	x->raw[AN_HC_SAFETY] = NAN;
	if (t->msgs_expected == 0)
		x->raw[AN_HC_CONNECTIVITY] = NAN;
	an_health_parts(&s->cfg, x->raw, x->parts);
	char err[160];
	if (!an_health_score(x->parts, AN_HC__COUNT, &x->health, err, sizeof err))
		x->health.score = NAN;
	if (strncmp(x->key, "v/", 2) != 0 || x->nb < 3)
		return;
	char ferr[160];
	an_battery_depletion(x->bt, x->bp, x->nb, 1800, s->battery_low, 0.8, &x->batt, ferr,
	                     sizeof ferr);
	x->batt_at_ms = (uint64_t)(x->bt[x->nb - 1] * 1000.0);
	an_drain_fit line;
	if (an_battery_fit(x->bt, x->bp, x->nb, 1800, &line) == AN_FC_OK && line.slope < 0)
		x->drain_pct_h = -line.slope * 3600.0;
}

/* ---------------------------------------------------------------- the steps */

/* The coarse tier: the coarsest whose bucket the finest tier's chunk
 * covers (so the current coarse bucket is one or two finest chunks). */
static size_t coarse_tier(const an_tiers *t)
{
	size_t c = 0;
	for (size_t k = 1; k < t->n; k++)
		if (t->t[k].res_s <= an_tier_span(&t->t[0]))
			c = k;
	return c;
}

static void fail_step(an_stats *s, const char *why)
{
	snprintf(s->error, sizeof s->error, "%s", why);
	stat_free(s->nv, s->nn);
	s->nv = NULL;
	s->nn = s->ncap = 0;
	s->step = 0;
}

static void finest_read(fo_core *core, const fo_store_result *res, void *ud);

static void coarse_read(fo_core *core, const fo_store_result *res, void *ud)
{
	an_stats *s = ud;
	if (res->status != FO_STORE_OK) {
		fail_step(s, res->error);
		return;
	}
	const an_tiers *t = &s->h->tiers;
	size_t c = coarse_tier(t);
	int64_t now = (int64_t)(s->started_ms / 1000u);
	/* one tier only (c == 0): it is the window and the battery */
	slice sl = {.lo_s = INT64_MIN,
	            .hi_s = c == 0 ? now + 1 : floor_to(now, t->t[c].res_s),
	            .from_s = now - s->window_s,
	            .prev_from_s = now - 2 * s->window_s,
	            .res_s = t->t[c].res_s,
	            .battery = c == 0,
	            .battery_from_s = now - RECENT_S};
	take(s, res, &sl, 0);
	if (s->nn > 1)
		qsort(s->nv, s->nn, sizeof *s->nv, stat_cmp);
	if (c == 0) {
		finest_read(core, NULL, s);
		return;
	}
	s->step = 2;
	/* the current coarse bucket and the battery's last hour */
	int64_t first = floor_to(now, t->t[c].res_s);
	if (first > now - RECENT_S)
		first = now - RECENT_S;
	fo_chunk_query q = {.tenant_id = an_tenant(s->h),
	                    .series = AN_SERIES,
	                    .res_s = (int32_t)t->t[0].res_s,
	                    .from_s = an_chunk_start(&t->t[0], first),
	                    .to_s = now + 1};
	fo_store_get_chunks(fo_core_store(s->h->core), &q, finest_read, s);
}

static void finest_read(fo_core *core, const fo_store_result *res, void *ud)
{
	an_stats *s = ud;
	if (res && res->status != FO_STORE_OK) {
		fail_step(s, res->error);
		return;
	}
	const an_tiers *t = &s->h->tiers;
	int64_t now = (int64_t)(s->started_ms / 1000u);
	if (res) {
		size_t c = coarse_tier(t);
		slice sl = {.lo_s = floor_to(now, t->t[c].res_s),
		            .hi_s = now + 1,
		            .from_s = now - s->window_s,
		            .prev_from_s = now - 2 * s->window_s,
		            .res_s = t->t[0].res_s,
		            .battery = true,
		            .battery_from_s = now - RECENT_S};
		size_t sorted = s->nn;
		take(s, res, &sl, sorted);
		if (s->nn > sorted)
			qsort(s->nv, s->nn, sizeof *s->nv, stat_cmp);
	}
	for (size_t i = 0; i < s->nn; i++)
		figures(s, &s->nv[i]);
	stat_free(s->v, s->n);
	s->v = s->nv;
	s->n = s->nn;
	s->nv = NULL;
	s->nn = s->ncap = 0;
	s->computed_ms = s->started_ms;
	s->error[0] = '\0';
	s->gen++;
	s->step = 0;
}

void an_stats_refresh(an_stats *s)
{
	fo_store *st = fo_core_store(s->h->core);
	if (s->step != 0)
		return;
	if (!st) {
		snprintf(s->error, sizeof s->error, "no store: history lives in the store");
		return;
	}
	const an_tiers *t = &s->h->tiers;
	size_t c = coarse_tier(t);
	s->started_ms = fo_wall_ms();
	s->next_ms = s->started_ms + s->every_ms;
	int64_t now = (int64_t)(s->started_ms / 1000u);
	s->step = 1;
	fo_chunk_query q = {.tenant_id = an_tenant(s->h),
	                    .series = AN_SERIES,
	                    .res_s = (int32_t)t->t[c].res_s,
	                    .from_s = an_chunk_start(&t->t[c], now - 2 * s->window_s),
	                    .to_s = now + 1};
	fo_store_get_chunks(st, &q, coarse_read, s);
}

void an_stats_wait(an_stats *s)
{
	fo_store *st = fo_core_store(s->h->core);
	if (!st)
		return;
	if (s->step == 0 && !s->computed_ms)
		an_stats_refresh(s);
	fo_store_drain(st);
}

const an_stat *an_stats_find(const an_stats *s, const char *key)
{
	an_stat probe;
	snprintf(probe.key, sizeof probe.key, "%s", key);
	return s->n ? bsearch(&probe, s->v, s->n, sizeof *s->v, stat_cmp) : NULL;
}

static void tick(fo_core *core, void *ud)
{
	an_stats *s = ud;
	if (fo_wall_ms() >= s->next_ms)
		an_stats_refresh(s);
}

int an_stats_start(an_stats *s, an_hist *h, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->h = h;
	fo_core *core = h->core;
	an_health_cfg_default(&s->cfg);
	char why[200];
	if (an_health_weights_parse(fo_config_str(core, "analytics.health_weights"), &s->cfg, why,
	                            sizeof why) != 0) {
		snprintf(err, errlen, "analytics.health_weights: %s", why);
		return -1;
	}
	long long w = fo_span_parse(fo_config_str(core, "analytics.window"));
	if (w < 60000) {
		snprintf(err, errlen, "analytics.window: '%s' is not a span of a minute or more",
		         fo_config_str(core, "analytics.window"));
		return -1;
	}
	s->window_s = w / 1000;
	s->battery_low = fo_config_double(core, "analytics.battery_low");
	s->battery_kwh = fo_config_double(core, "analytics.battery_kwh");
	s->state_every_s = fo_config_double(core, "analytics.state_every_s");
	s->every_ms = (uint64_t)(fo_config_double(core, "analytics.stats_every_s") * 1000.0);
	/* the first computation a little after start: the writer reads back
	 * first */
	s->next_ms = fo_wall_ms() + 5000;
	s->timer = fo_timer_start(core, 5000, 5000, tick, s);
	return 0;
}

void an_stats_stop(an_stats *s)
{
	if (s->timer)
		fo_timer_stop(s->timer);
	s->timer = NULL;
	stat_free(s->v, s->n);
	stat_free(s->nv, s->nn);
	s->v = s->nv = NULL;
	s->n = s->nn = 0;
}
