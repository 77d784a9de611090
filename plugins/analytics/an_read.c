/* an_read.c — history read back: one subject's buckets over a window at
 * one tier, from the store's chunks and, in the process that writes, its
 * open chunks (newer than what it last wrote). */
#include "an_codec.h"
#include "analytics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_names[AN_NMETRICS] = {
    "offline_s",     "idle_s",          "driving_s",       "acting_s", "charging_s",
    "paused_s",      "error_s",         "estop_s",         "dist_m",   "drain_pct",
    "gain_pct",      "battery_pct",     "battery_min_pct", "faults",   "messages",
    "missions_done", "missions_failed", "samples",         "vehicles",
};

int an_metric_by_name(const char *name)
{
	for (int m = 0; m < AN_NMETRICS; m++)
		if (strcmp(metric_names[m], name) == 0)
			return m;
	return -1;
}

const char *an_metric_name(int m)
{
	return m >= 0 && m < AN_NMETRICS ? metric_names[m] : "?";
}

double an_metric_value(const int64_t *v, int m)
{
	double subjects = v[AN_M_SUBJECTS] > 0 ? (double)v[AN_M_SUBJECTS] : 1.0;
	if (m >= AN_M_STATE0 && m < AN_M_STATE0 + AN_NSTATES)
		return (double)v[m] / 1000.0;
	switch (m) {
	case AN_M_DIST_CM:
		return (double)v[m] / 100.0;
	case AN_M_DRAIN_CP:
	case AN_M_GAIN_CP:
	case AN_M_BATT_MIN_CP:
		return (double)v[m] / 100.0;
	case AN_M_BATT_CP: /* a fleet's is the sum of its vehicles': the mean */
		return (double)v[m] / 100.0 / subjects;
	default:
		return (double)v[m];
	}
}

void an_window_free(an_window *w)
{
	free(w->vals);
	free(w->present);
	memset(w, 0, sizeof *w);
}

/* The tier a window reads when the caller does not say: the finest whose
 * retention reaches from_s and that gives at most max_points buckets. */
static size_t pick_tier(const an_tiers *t, int64_t from_s, int64_t to_s, size_t max_points,
                        int64_t now)
{
	for (size_t k = 0; k < t->n; k++) {
		const an_tier *x = &t->t[k];
		if (from_s < now - x->keep_s)
			continue;
		if ((to_s - from_s) / x->res_s <= (int64_t)max_points)
			return k;
	}
	return t->n - 1;
}

/* Copies the buckets of a chunk that fall in the window. */
static void take_chunk(an_window *w, int64_t start_s, const uint8_t *data, size_t len,
                       int64_t *vals, uint8_t *present)
{
	size_t nb = 0;
	if (an_series_decode(data, len, vals, present, AN_CHUNK_BUCKETS, &nb) != 0)
		return;
	for (size_t b = 0; b < nb; b++) {
		if (!present[b])
			continue;
		int64_t t = start_s + (int64_t)b * w->res_s;
		if (t < w->from_s || t >= w->from_s + (int64_t)w->nb * w->res_s)
			continue;
		size_t i = (size_t)((t - w->from_s) / w->res_s);
		memcpy(w->vals + i * AN_NMETRICS, vals + b * AN_NMETRICS,
		       AN_NMETRICS * sizeof *vals);
		w->present[i] = 1;
	}
}

typedef struct {
	bool done;
	fo_store_status status;
	char error[256];
	an_window *w;
	int64_t *vals;
	uint8_t *present;
} read_ctx;

static void got_chunks(fo_core *core, const fo_store_result *res, void *ud)
{
	read_ctx *c = ud;
	c->done = true;
	c->status = res->status;
	snprintf(c->error, sizeof c->error, "%s", res->error);
	for (size_t i = 0; res->status == FO_STORE_OK && i < res->nchunks; i++)
		take_chunk(c->w, res->chunks[i].start_s, res->chunks[i].data, res->chunks[i].len,
		           c->vals, c->present);
}

static int64_t floor_to(int64_t ts, int64_t unit)
{
	int64_t r = ts % unit;
	return ts - (r < 0 ? r + unit : r);
}

int an_read(an_hist *h, const char *subject, int64_t from_s, int64_t to_s, int tier,
            size_t max_points, an_window *w, char *err, size_t errlen)
{
	memset(w, 0, sizeof *w);
	fo_store *st = fo_core_store(h->core);
	if (!st) {
		snprintf(err, errlen, "no store: history lives in the store (--store)");
		return -1;
	}
	if (to_s <= from_s) {
		snprintf(err, errlen, "the window is empty (from is not before to)");
		return -1;
	}
	int64_t now = (int64_t)(fo_wall_ms() / 1000u);
	size_t k = tier >= 0
	               ? (size_t)tier
	               : pick_tier(&h->tiers, from_s, to_s, max_points ? max_points : 1000, now);
	if (k >= h->tiers.n) {
		snprintf(err, errlen, "no resolution %d (there are %zu)", tier, h->tiers.n);
		return -1;
	}
	const an_tier *t = &h->tiers.t[k];
	w->tier = k;
	w->res_s = t->res_s;
	w->from_s = floor_to(from_s, t->res_s);
	int64_t end = floor_to(to_s - 1, t->res_s) + t->res_s;
	int64_t nb = (end - w->from_s) / t->res_s;
	if (nb > 1000000) {
		snprintf(err, errlen, "%lld buckets of %llds: choose a coarser resolution",
		         (long long)nb, (long long)t->res_s);
		return -1;
	}
	w->nb = (size_t)nb;
	w->vals = calloc(w->nb * AN_NMETRICS + 1, sizeof *w->vals);
	w->present = calloc(w->nb + 1, 1);
	read_ctx c = {.w = w};
	c.vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *c.vals);
	c.present = malloc(AN_CHUNK_BUCKETS);
	if (!w->vals || !w->present || !c.vals || !c.present)
		abort();
	fo_chunk_query q = {.tenant_id = an_tenant(h),
	                    .series = AN_SERIES,
	                    .subject = subject,
	                    .res_s = (int32_t)t->res_s,
	                    .from_s = an_chunk_start(t, w->from_s),
	                    .to_s = end};
	fo_store_get_chunks(st, &q, got_chunks, &c);
	fo_store_drain(st);
	if (!c.done || c.status != FO_STORE_OK) {
		snprintf(err, errlen, "reading history: %s", c.done ? c.error : "no answer");
		free(c.vals);
		free(c.present);
		an_window_free(w);
		return -1;
	}
	/* newer than the store: what this process has not written yet */
	an_subject *s = h->role == AN_ROLE_WRITE ? an_hist_subject(h, subject) : NULL;
	const an_tier_state *ts = s ? &s->series.t[k] : NULL;
	if (ts && ts->enc && ts->chunk_s != INT64_MIN) {
		size_t len = an_enc_size(ts->enc);
		uint8_t *buf = malloc(len ? len : 1);
		if (!buf)
			abort();
		if (an_enc_finish(ts->enc, buf, len) == len)
			take_chunk(w, ts->chunk_s, buf, len, c.vals, c.present);
		free(buf);
	}
	free(c.vals);
	free(c.present);
	return 0;
}

void an_window_json(fo_buf *b, const char *subject, const an_window *w, const int *ms, int nm)
{
	fo_buf_str(b, "{\"subject\": ");
	fo_buf_json_str(b, subject);
	char from[32], to[32];
	fo_iso_time((uint64_t)w->from_s * 1000u, from, sizeof from);
	fo_iso_time((uint64_t)(w->from_s + (int64_t)w->nb * w->res_s) * 1000u, to, sizeof to);
	fo_buf_printf(b, ", \"res_s\": %lld, \"from\": \"%s\", \"to\": \"%s\", \"buckets\": [",
	              (long long)w->res_s, from, to);
	bool first = true;
	for (size_t i = 0; i < w->nb; i++) {
		if (!w->present[i])
			continue;
		int64_t t = w->from_s + (int64_t)i * w->res_s;
		char at[32];
		fo_iso_time((uint64_t)t * 1000u, at, sizeof at);
		fo_buf_printf(b, "%s\n  {\"start\": \"%s\", \"t\": %lld", first ? "" : ",", at,
		              (long long)t);
		for (int j = 0; j < nm; j++)
			fo_buf_printf(b, ", \"%s\": %.17g", an_metric_name(ms[j]),
			              an_metric_value(w->vals + i * AN_NMETRICS, ms[j]));
		fo_buf_str(b, "}");
		first = false;
	}
	fo_buf_str(b, "]}");
}
