/* an_series.c — one subject's history at every resolution (see
 * an_series.h). */
#include "an_series.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- tiers */

/* "90", "10s", "5m", "2h", "30d" into seconds; -1 when not one. */
static int64_t span_s(const char *p, const char *end)
{
	int64_t v = 0;
	const char *q = p;
	while (q < end && isdigit((unsigned char)*q)) {
		if (v > INT64_MAX / 100)
			return -1;
		v = v * 10 + (*q++ - '0');
	}
	if (q == p)
		return -1;
	int64_t unit = 1;
	if (q < end) {
		switch (*q++) {
		case 's':
			unit = 1;
			break;
		case 'm':
			unit = 60;
			break;
		case 'h':
			unit = 3600;
			break;
		case 'd':
			unit = 86400;
			break;
		default:
			return -1;
		}
	}
	if (q != end || v > (int64_t)1e12 / unit)
		return -1;
	return v * unit;
}

int an_tiers_parse(const char *text, an_tiers *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	const char *p = text ? text : "";
	while (*p) {
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		const char *colon = memchr(p, ':', (size_t)(end - p));
		if (t->n == AN_TIERS_MAX) {
			snprintf(err, errlen, "at most %d resolutions", AN_TIERS_MAX);
			return -1;
		}
		int64_t res = colon ? span_s(p, colon) : -1;
		int64_t keep = colon ? span_s(colon + 1, end) : -1;
		if (res <= 0 || keep <= 0) {
			snprintf(err, errlen, "'%.*s' is not RESOLUTION:RETENTION (e.g. 10s:1d)",
			         (int)(end - p), p);
			return -1;
		}
		if (t->n && res % t->t[t->n - 1].res_s != 0) {
			snprintf(err, errlen, "resolution %.*s is not a multiple of the one before",
			         (int)(colon - p), p);
			return -1;
		}
		if (t->n && res <= t->t[t->n - 1].res_s) {
			snprintf(err, errlen, "resolutions go from finest to coarsest");
			return -1;
		}
		if (keep < res) {
			snprintf(err, errlen, "'%.*s' keeps less than one bucket", (int)(end - p),
			         p);
			return -1;
		}
		t->t[t->n].res_s = res;
		t->t[t->n].keep_s = keep;
		t->n++;
		if (*end && !end[1]) {
			snprintf(err, errlen, "a resolution after the last comma is missing");
			return -1;
		}
		p = *end ? end + 1 : end;
	}
	if (t->n == 0) {
		snprintf(err, errlen, "no resolution given (e.g. 10s:1d,1m:30d,1h:730d)");
		return -1;
	}
	return 0;
}

int64_t an_tier_span(const an_tier *t)
{
	return t->res_s * AN_CHUNK_BUCKETS;
}

/* Floor division for times before 1970 too. */
static int64_t floor_to(int64_t ts, int64_t unit)
{
	int64_t r = ts % unit;
	return ts - (r < 0 ? r + unit : r);
}

int64_t an_chunk_start(const an_tier *t, int64_t ts)
{
	return floor_to(ts, an_tier_span(t));
}

/* ---------------------------------------------------------------- chunk lists */

void an_out_clear(an_out_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].data);
	l->n = 0;
}

void an_out_free(an_out_list *l)
{
	an_out_clear(l);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void out_add(an_out_list *l, size_t tier, int64_t start, const an_enc *e)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	size_t len = an_enc_size(e);
	uint8_t *data = malloc(len ? len : 1);
	if (!data)
		abort();
	if (an_enc_finish(e, data, len) != len)
		abort(); /* an_enc_size promised this length */
	l->v[l->n++] = (an_out_chunk){0, tier, start, data, len};
}

/* ---------------------------------------------------------------- stored form */

/* What is stored of a bucket: the lowest battery as its dip below the
 * bucket's end, the battery used and charged beyond the bucket's net change
 * from the previous bucket of the chunk (prev; none for the chunk's first).
 * Those columns then hold mostly zeros: 30 % off a working day's chunk. */
static void to_stored(int64_t *out, const int64_t *v, const int64_t *prev)
{
	memcpy(out, v, AN_NMETRICS * sizeof *out);
	int64_t net = prev ? prev[AN_M_BATT_CP] - v[AN_M_BATT_CP] : 0;
	out[AN_M_BATT_MIN_CP] = v[AN_M_BATT_CP] - v[AN_M_BATT_MIN_CP];
	out[AN_M_DRAIN_CP] = v[AN_M_DRAIN_CP] - (net > 0 ? net : 0);
	out[AN_M_GAIN_CP] = v[AN_M_GAIN_CP] - (net < 0 ? -net : 0);
}

static void from_stored(int64_t *v, const int64_t *prev)
{
	int64_t net = prev ? prev[AN_M_BATT_CP] - v[AN_M_BATT_CP] : 0;
	v[AN_M_BATT_MIN_CP] = v[AN_M_BATT_CP] - v[AN_M_BATT_MIN_CP];
	v[AN_M_DRAIN_CP] += net > 0 ? net : 0;
	v[AN_M_GAIN_CP] += net < 0 ? -net : 0;
}

int an_series_decode(const uint8_t *data, size_t len, int64_t *vals, uint8_t *present,
                     size_t maxbuckets, size_t *nb)
{
	if (an_chunk_decode(data, len, vals, present, maxbuckets, AN_NMETRICS, nb) != 0)
		return -1;
	const int64_t *prev = NULL;
	for (size_t b = 0; b < *nb; b++) {
		if (!present[b])
			continue;
		from_stored(vals + b * AN_NMETRICS, prev);
		prev = vals + b * AN_NMETRICS; /* the battery column is stored as it is */
	}
	return 0;
}

/* ---------------------------------------------------------------- series */

void an_series_init(an_series *s)
{
	memset(s, 0, sizeof *s);
	for (size_t k = 0; k < AN_TIERS_MAX; k++)
		s->t[k].chunk_s = INT64_MIN;
	s->last_s = INT64_MIN;
}

void an_series_free(an_series *s)
{
	for (size_t k = 0; k < AN_TIERS_MAX; k++)
		an_enc_free(s->t[k].enc);
	an_series_init(s);
}

/* Appends a closed bucket of tier k (start b) to its open chunk, sealing
 * the chunk first when b lies past it. */
static void tier_put(an_series *s, const an_tiers *t, size_t k, int64_t b, const int64_t *vals,
                     an_out_list *sealed)
{
	an_tier_state *ts = &s->t[k];
	const an_tier *tier = &t->t[k];
	int64_t cs = an_chunk_start(tier, b);
	if (!ts->enc)
		ts->enc = an_enc_new(AN_NMETRICS);
	if (ts->chunk_s != cs) {
		if (ts->chunk_s != INT64_MIN && an_enc_nbuckets(ts->enc) && ts->dirty)
			out_add(sealed, k, ts->chunk_s, ts->enc);
		an_enc_clear(ts->enc);
		ts->chunk_s = cs;
	}
	int64_t stored[AN_NMETRICS];
	to_stored(stored, vals, an_enc_last(ts->enc));
	if (an_enc_put(ts->enc, (size_t)((b - cs) / tier->res_s), stored) == 0)
		ts->dirty = true;
}

/* Merges a finest bucket into coarser tier k's open bucket, closing the
 * open one first when b belongs to a later bucket, and closing it after
 * when b is its last finest bucket. */
static void tier_merge(an_series *s, const an_tiers *t, size_t k, int64_t b, const int64_t *vals,
                       an_out_list *sealed)
{
	an_tier_state *ts = &s->t[k];
	int64_t res = t->t[k].res_s;
	int64_t ob = floor_to(b, res);
	if (ts->open_has && ts->open_s != ob) {
		tier_put(s, t, k, ts->open_s, ts->open, sealed);
		ts->open_has = false;
	}
	if (!ts->open_has) {
		memset(ts->open, 0, sizeof ts->open);
		ts->open_s = ob;
		ts->open_has = true;
	}
	an_bucket_merge(ts->open, vals);
	if (b + t->t[0].res_s >= ob + res) {
		tier_put(s, t, k, ts->open_s, ts->open, sealed);
		ts->open_has = false;
	}
}

int an_series_put(an_series *s, const an_tiers *t, int64_t start_s, const int64_t *vals,
                  an_out_list *sealed)
{
	if (start_s <= s->last_s || floor_to(start_s, t->t[0].res_s) != start_s)
		return -1;
	s->last_s = start_s;
	tier_put(s, t, 0, start_s, vals, sealed);
	for (size_t k = 1; k < t->n; k++)
		tier_merge(s, t, k, start_s, vals, sealed);
	return 0;
}

void an_series_flush(an_series *s, const an_tiers *t, an_out_list *out)
{
	for (size_t k = 0; k < t->n; k++) {
		an_tier_state *ts = &s->t[k];
		if (!ts->dirty || !ts->enc || ts->chunk_s == INT64_MIN)
			continue;
		out_add(out, k, ts->chunk_s, ts->enc);
		ts->dirty = false;
	}
}

void an_series_touch(an_series *s)
{
	for (size_t k = 0; k < AN_TIERS_MAX; k++)
		if (s->t[k].enc && s->t[k].chunk_s != INT64_MIN)
			s->t[k].dirty = true;
}

int an_series_load(an_series *s, const an_tiers *t, size_t tier, int64_t start_s,
                   const uint8_t *data, size_t len)
{
	if (tier >= t->n || an_chunk_start(&t->t[tier], start_s) != start_s)
		return -1;
	an_tier_state *ts = &s->t[tier];
	if (!ts->enc)
		ts->enc = an_enc_new(AN_NMETRICS);
	if (an_enc_load(ts->enc, data, len, AN_CHUNK_BUCKETS) != 0) {
		an_enc_clear(ts->enc);
		ts->chunk_s = INT64_MIN;
		return -1;
	}
	ts->chunk_s = start_s;
	ts->dirty = false;
	ts->open_has = false;
	if (tier == 0 && an_enc_nbuckets(ts->enc)) {
		int64_t last = start_s + (int64_t)(an_enc_nbuckets(ts->enc) - 1) * t->t[0].res_s;
		if (last > s->last_s)
			s->last_s = last;
	}
	return 0;
}

int64_t an_series_written_end(const an_series *s, const an_tiers *t, size_t tier)
{
	const an_tier_state *ts = &s->t[tier];
	if (!ts->enc || ts->chunk_s == INT64_MIN || !an_enc_nbuckets(ts->enc))
		return INT64_MIN;
	return ts->chunk_s + (int64_t)an_enc_nbuckets(ts->enc) * t->t[tier].res_s;
}

int an_series_replay(an_series *s, const an_tiers *t, int64_t start_s, const int64_t *vals,
                     an_out_list *sealed)
{
	int took = 0;
	for (size_t k = 1; k < t->n; k++) {
		int64_t end = an_series_written_end(s, t, k);
		if (end != INT64_MIN && start_s < end)
			continue;
		if (s->t[k].open_has && start_s < s->t[k].open_s)
			continue; /* replayed out of order: already past it */
		tier_merge(s, t, k, start_s, vals, sealed);
		took++;
	}
	return took;
}

size_t an_series_memory(const an_series *s)
{
	size_t n = 0;
	for (size_t k = 0; k < AN_TIERS_MAX; k++)
		if (s->t[k].enc)
			n += an_enc_memory(s->t[k].enc);
	return n;
}
