/* test_an_series.c — a subject's history at every resolution
 * (plugins/analytics/an_series.c): the tiers option parsed and refused;
 * a simulated vehicle's 5 hours sampled each second, rolled up at 10 s,
 * 1 min and 1 h and written to an in-memory "store" every minute, against
 * the raw samples (time per state, distance) and every coarse bucket
 * against the fine buckets it covers; and a restart in mid-rollup — the
 * process killed between two writes (what it had not written is lost),
 * the chunks read back, the coarser open buckets rebuilt — after which
 * nothing is counted twice and only the downtime is missing; the stored
 * form read back exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_codec.h"
#include "../../plugins/analytics/an_series.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_tiers_parse(void **state)
{
	an_tiers t;
	char err[160];
	assert_int_equal(an_tiers_parse("10s:1d,1m:30d,1h:730d", &t, err, sizeof err), 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.t[0].res_s, 10);
	assert_int_equal(t.t[0].keep_s, 86400);
	assert_int_equal(t.t[1].res_s, 60);
	assert_int_equal(t.t[2].keep_s, 730 * 86400);
	assert_int_equal(an_tier_span(&t.t[0]), 3600);
	assert_int_equal(an_chunk_start(&t.t[0], 7199), 3600);
	assert_int_equal(an_chunk_start(&t.t[0], -1), -3600);
	static const char *const bad[] = {"",
	                                  "10s",
	                                  "10s:1d,15s:1d",
	                                  "1m:1d,10s:1d",
	                                  "10x:1d",
	                                  "10s:5s",
	                                  "0s:1d",
	                                  "10s:1d,10s:2d",
	                                  "1s:1d,2s:1d,4s:1d,8s:1d,16s:1d",
	                                  "10s:1d,"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (an_tiers_parse(bad[i], &t, err, sizeof err) != -1)
			fail_msg("'%s' was taken", bad[i]);
		assert_true(err[0] != '\0');
	}
}

/* ---------------------------------------------------------------- a fake store */

typedef struct {
	size_t tier;
	int64_t start;
	uint8_t *data;
	size_t len;
} row;

typedef struct {
	row *v;
	size_t n;
} store;

static void store_put(store *s, const an_out_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const an_out_chunk *c = &l->v[i];
		row *r = NULL;
		for (size_t k = 0; k < s->n && !r; k++)
			if (s->v[k].tier == c->tier && s->v[k].start == c->start_s)
				r = &s->v[k];
		if (!r) {
			s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
			assert_non_null(s->v);
			r = &s->v[s->n++];
			r->data = NULL;
		}
		free(r->data);
		r->tier = c->tier;
		r->start = c->start_s;
		r->len = c->len;
		r->data = malloc(c->len + 1);
		assert_non_null(r->data);
		memcpy(r->data, c->data, c->len);
	}
}

static void store_free(store *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].data);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Every stored bucket of a tier, by its start: vals[(t - t0) / res]. */
typedef struct {
	int64_t t0, res;
	size_t nb;
	int64_t *vals;
	uint8_t *present;
} series_view;

static void view_tier(const store *s, size_t tier, int64_t res, int64_t t0, int64_t t1,
                      series_view *v)
{
	v->t0 = t0;
	v->res = res;
	v->nb = (size_t)((t1 - t0) / res);
	v->vals = calloc(v->nb * AN_NMETRICS + 1, sizeof *v->vals);
	v->present = calloc(v->nb + 1, 1);
	int64_t *vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *vals);
	uint8_t present[AN_CHUNK_BUCKETS];
	assert_true(v->vals && v->present && vals);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].tier != tier)
			continue;
		size_t nb = 0;
		assert_int_equal(an_series_decode(s->v[i].data, s->v[i].len, vals, present,
		                                  AN_CHUNK_BUCKETS, &nb),
		                 0);
		for (size_t b = 0; b < nb; b++) {
			int64_t t = s->v[i].start + (int64_t)b * res;
			if (!present[b] || t < t0 || t >= t1)
				continue;
			size_t k = (size_t)((t - t0) / res);
			assert_false(v->present[k]); /* one chunk holds a bucket */
			v->present[k] = 1;
			memcpy(v->vals + k * AN_NMETRICS, vals + b * AN_NMETRICS,
			       AN_NMETRICS * sizeof *vals);
		}
	}
	free(vals);
}

static void view_free(series_view *v)
{
	free(v->vals);
	free(v->present);
}

/* ---------------------------------------------------------------- a vehicle */

#define T0 1767225600 /* 2026-01-01T00:00:00Z, a chunk edge of every tier */
#define HOURS 5

/* The vehicle's state at second s: cycles of driving, acting, idle, and a
 * charge now and then, with odd lengths so edges fall anywhere. */
static void vehicle_at(long s, an_sample *x, double *odo, double *batt)
{
	long c = s % 997;
	x->state = c < 400 ? 2 : c < 470 ? 3 : c < 800 ? 1 : 4;
	if (x->state == 2)
		*odo += 1.37;
	*batt += x->state == 4 ? 0.05 : x->state == 2 ? -0.011 : -0.002;
	x->odometer_m = *odo;
	x->battery = *batt;
	x->nerrors = (s / 1333) % 2;
	x->last_seen_ms = (uint64_t)(T0 + s) * 1000u;
}

/* Runs the vehicle from second 0 to HOURS; flushes to st every 60 s.  With
 * crash_at > 0: at that second, everything not flushed is lost; the
 * process is down for down_s, then reads the store back and goes on.
 * Returns the raw totals seen (ms driving, cm) over the samples taken. */
static void run(store *st, const an_tiers *t, long crash_at, long down_s, int64_t *raw_drive_ms)
{
	an_series s;
	an_series_init(&s);
	an_acc acc;
	an_acc_init(&acc, (uint64_t)t->t[0].res_s * 1000u);
	an_out_list out = {0};
	double odo = 0, batt = 80;
	an_sample prev = {0};
	bool have_prev = false;
	*raw_drive_ms = 0;
	for (long sec = 0; sec <= HOURS * 3600; sec++) {
		an_sample x;
		vehicle_at(sec, &x, &odo, &batt);
		bool down = crash_at > 0 && sec >= crash_at && sec < crash_at + down_s;
		if (down) {
			if (sec == crash_at) { /* killed: the unwritten is lost */
				an_series_free(&s);
				an_out_clear(&out);
				an_acc_init(&acc, (uint64_t)t->t[0].res_s * 1000u);
				have_prev = false;
			}
			continue;
		}
		if (crash_at > 0 && sec == crash_at + down_s) {
			/* restart: each tier's latest chunk, then the finest
			 * buckets replayed into the coarser open ones */
			an_series_init(&s);
			for (size_t k = t->n; k-- > 0;) {
				const row *latest = NULL;
				for (size_t i = 0; i < st->n; i++)
					if (st->v[i].tier == k &&
					    (!latest || st->v[i].start > latest->start))
						latest = &st->v[i];
				if (latest)
					assert_int_equal(an_series_load(&s, t, k, latest->start,
					                                latest->data, latest->len),
					                 0);
			}
			int64_t *vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *vals);
			uint8_t present[AN_CHUNK_BUCKETS];
			assert_non_null(vals);
			/* the finest chunks in time order */
			for (int64_t cs = T0; cs <= T0 + HOURS * 3600;
			     cs += an_tier_span(&t->t[0])) {
				for (size_t i = 0; i < st->n; i++) {
					if (st->v[i].tier != 0 || st->v[i].start != cs)
						continue;
					size_t nb = 0;
					assert_int_equal(
					    an_series_decode(st->v[i].data, st->v[i].len, vals,
					                     present, AN_CHUNK_BUCKETS, &nb),
					    0);
					for (size_t b = 0; b < nb; b++)
						if (present[b])
							an_series_replay(
							    &s, t, cs + (int64_t)b * t->t[0].res_s,
							    vals + b * AN_NMETRICS, &out);
				}
			}
			free(vals);
		}
		if (have_prev && prev.state == 2)
			*raw_drive_ms += 1000;
		int64_t closed[4][AN_NMETRICS];
		uint64_t starts[4];
		size_t n =
		    an_acc_sample(&acc, &x, (uint64_t)(T0 + sec) * 1000u, 5000, closed, starts, 4);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(
			    an_series_put(&s, t, (int64_t)(starts[j] / 1000u), closed[j], &out), 0);
		prev = x;
		have_prev = true;
		if (sec % 60 == 59) {
			an_series_flush(&s, t, &out);
			store_put(st, &out);
			an_out_clear(&out);
		}
	}
	an_series_free(&s);
	an_out_free(&out);
}

/* Every coarse bucket equals the merge of the fine buckets it covers
 * (those closed after its last write would be missing: none here, as the
 * run ends on a flush). */
static void check_tiers_agree(const store *st, const an_tiers *t)
{
	int64_t t1 = T0 + HOURS * 3600;
	series_view fine;
	view_tier(st, 0, t->t[0].res_s, T0, t1, &fine);
	for (size_t k = 1; k < t->n; k++) {
		series_view c;
		view_tier(st, k, t->t[k].res_s, T0, t1, &c);
		size_t per = (size_t)(t->t[k].res_s / t->t[0].res_s);
		for (size_t b = 0; b < c.nb; b++) {
			int64_t m[AN_NMETRICS] = {0};
			bool any = false;
			for (size_t f = b * per; f < (b + 1) * per && f < fine.nb; f++) {
				if (!fine.present[f])
					continue;
				an_bucket_merge(m, fine.vals + f * AN_NMETRICS);
				any = true;
			}
			if (!c.present[b]) {
				/* only the last, still open bucket may be missing */
				if (any && b + 1 != c.nb)
					fail_msg("tier %zu bucket %zu missing", k, b);
				continue;
			}
			assert_true(any);
			for (int x = 0; x < AN_NMETRICS; x++)
				if (m[x] != c.vals[b * AN_NMETRICS + x])
					fail_msg("tier %zu bucket %zu metric %d: %lld, fine "
					         "buckets say %lld",
					         k, b, x, (long long)c.vals[b * AN_NMETRICS + x],
					         (long long)m[x]);
		}
		view_free(&c);
	}
	view_free(&fine);
}

/* The sum of a metric over the tier's buckets that start before end. */
static int64_t tier_sum_to(const store *st, size_t tier, int64_t res, int metric, int64_t end)
{
	series_view v;
	view_tier(st, tier, res, T0, end, &v);
	int64_t sum = 0;
	for (size_t b = 0; b < v.nb; b++)
		if (v.present[b])
			sum += v.vals[b * AN_NMETRICS + metric];
	view_free(&v);
	return sum;
}

static int64_t tier_sum(const store *st, size_t tier, int64_t res, int metric)
{
	return tier_sum_to(st, tier, res, metric, T0 + HOURS * 3600 + res);
}

static void test_rollup_against_samples(void **state)
{
	an_tiers t;
	char err[160];
	assert_int_equal(an_tiers_parse("10s:1d,1m:30d,1h:730d", &t, err, sizeof err), 0);
	store st = {0};
	int64_t raw_drive;
	run(&st, &t, 0, 0, &raw_drive);
	/* the finest tier: every driving second of the samples, but the
	 * last two buckets' (one closed after the last write, one open) */
	int64_t fine = tier_sum(&st, 0, 10, AN_M_STATE0 + 2);
	assert_true(fine <= raw_drive && raw_drive - fine <= 20000);
	double odo = 0, batt = 80;
	an_sample x;
	for (long s = 0; s <= HOURS * 3600; s++)
		vehicle_at(s, &x, &odo, &batt);
	int64_t dist = tier_sum(&st, 0, 10, AN_M_DIST_CM);
	if (dist > (int64_t)(odo * 100 + 0.5) || (int64_t)(odo * 100) - dist > 20 * 140)
		fail_msg("distance %lld cm, the odometer says %.0f cm", (long long)dist, odo * 100);
	check_tiers_agree(&st, &t);
	/* the 1 h tier has the 4 hours closed before the last write */
	int64_t four = T0 + 4 * 3600;
	assert_int_equal(tier_sum_to(&st, 2, 3600, AN_M_SAMPLES, four),
	                 tier_sum_to(&st, 1, 60, AN_M_SAMPLES, four));
	assert_int_equal(tier_sum_to(&st, 2, 3600, AN_M_SAMPLES, four), 4 * 3600);
	store_free(&st);
}

/* Killed at odd moments: mid-minute, just after a write, mid-hour, at a
 * chunk edge; down for less than a bucket, minutes, more than an hour. */
static void test_restart_mid_rollup(void **state)
{
	an_tiers t;
	char err[160];
	assert_int_equal(an_tiers_parse("10s:1d,1m:30d,1h:730d", &t, err, sizeof err), 0);
	static const long crash[][2] = {{1234, 7},    {3599, 95},  {3600, 3},  {5460, 1},
	                                {7205, 4000}, {9001, 600}, {10799, 2}, {61, 59}};
	store ref = {0};
	int64_t raw;
	run(&ref, &t, 0, 0, &raw);
	int64_t ref_samples = tier_sum(&ref, 0, 10, AN_M_SAMPLES);
	for (size_t i = 0; i < sizeof crash / sizeof crash[0]; i++) {
		store st = {0};
		run(&st, &t, crash[i][0], crash[i][1], &raw);
		check_tiers_agree(&st, &t);
		/* nothing counted twice: never more samples than the run without
		 * a crash, and the ones missing are the downtime's plus what was
		 * not yet written (under a minute) and the buckets cut short */
		int64_t got = tier_sum(&st, 0, 10, AN_M_SAMPLES);
		assert_true(got <= ref_samples);
		if (ref_samples - got > crash[i][1] + 60 + 20)
			fail_msg("crash at %ld for %ld s: %lld samples missing", crash[i][0],
			         crash[i][1], (long long)(ref_samples - got));
		/* each tier's samples are the finest tier's, but the open ones */
		int64_t minute = tier_sum(&st, 1, 60, AN_M_SAMPLES);
		assert_true(minute <= got && got - minute <= 60);
		store_free(&st);
	}
	store_free(&ref);
}

static void test_put_refuses_out_of_order(void **state)
{
	an_tiers t;
	char err[160];
	assert_int_equal(an_tiers_parse("10s:1d,1m:30d", &t, err, sizeof err), 0);
	an_series s;
	an_series_init(&s);
	an_out_list out = {0};
	int64_t v[AN_NMETRICS] = {0};
	v[AN_M_SUBJECTS] = 1;
	assert_int_equal(an_series_put(&s, &t, T0 + 20, v, &out), 0);
	assert_int_equal(an_series_put(&s, &t, T0 + 20, v, &out), -1);
	assert_int_equal(an_series_put(&s, &t, T0 + 10, v, &out), -1);
	assert_int_equal(an_series_put(&s, &t, T0 + 35, v, &out), -1); /* misaligned */
	an_series_flush(&s, &t, &out);
	assert_int_equal(out.n, 1); /* the 10 s chunk; the minute is still open */
	assert_true(an_series_memory(&s) > 0);
	an_series_free(&s);
	/* a chunk off its tier's edges, or one that does not decode */
	an_series_init(&s);
	assert_int_equal(an_series_load(&s, &t, 0, T0 + 10, out.v[0].data, out.v[0].len), -1);
	assert_int_equal(an_series_load(&s, &t, 0, T0, (const uint8_t *)"\x09", 1), -1);
	assert_int_equal(an_series_load(&s, &t, 2, T0, out.v[0].data, out.v[0].len), -1);
	assert_int_equal(an_series_load(&s, &t, 0, T0, out.v[0].data, out.v[0].len), 0);
	assert_int_equal(an_series_put(&s, &t, T0 + 20, v, &out), -1); /* already there */
	assert_int_equal(an_series_put(&s, &t, T0 + 30, v, &out), 0);
	an_series_free(&s);
	an_out_free(&out);
}

/* What a chunk stores of the battery columns is relative to others; read
 * back through an_series_decode it is exactly what was put, across a chunk
 * edge and gaps, for random values of every sign. */
static void test_stored_form_round_trip(void **state)
{
	an_tiers t;
	char err[160];
	assert_int_equal(an_tiers_parse("10s:1d", &t, err, sizeof err), 0);
	enum { N = 800 };
	int64_t(*in)[AN_NMETRICS] = calloc(N, sizeof *in);
	bool *put = calloc(N, sizeof *put);
	assert_true(in && put);
	uint64_t seed = 11;
	an_series s;
	an_series_init(&s);
	an_out_list out = {0};
	for (size_t b = 0; b < N; b++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		put[b] = (seed >> 60) != 0; /* 1 in 16 absent */
		for (int m = 0; m < AN_NMETRICS; m++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			in[b][m] = (int64_t)(seed >> 40) - (1 << 23);
		}
		if (put[b])
			assert_int_equal(an_series_put(&s, &t, T0 + (int64_t)b * 10, in[b], &out),
			                 0);
	}
	an_series_flush(&s, &t, &out);
	int64_t *vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *vals);
	uint8_t present[AN_CHUNK_BUCKETS];
	assert_non_null(vals);
	size_t seen = 0;
	for (size_t i = 0; i < out.n; i++) {
		size_t nb = 0;
		assert_int_equal(an_series_decode(out.v[i].data, out.v[i].len, vals, present,
		                                  AN_CHUNK_BUCKETS, &nb),
		                 0);
		for (size_t b = 0; b < nb; b++) {
			size_t k = (size_t)((out.v[i].start_s - T0) / 10) + b;
			assert_int_equal(present[b] != 0, put[k]);
			if (present[b]) {
				assert_memory_equal(vals + b * AN_NMETRICS, in[k], sizeof in[k]);
				seen++;
			}
		}
	}
	size_t want = 0;
	for (size_t b = 0; b < N; b++)
		want += put[b];
	assert_int_equal(seen, want);
	assert_int_equal(
	    an_series_decode((const uint8_t *)"\x09", 1, vals, present, AN_CHUNK_BUCKETS, &seen),
	    -1);
	free(vals);
	free(in);
	free(put);
	an_series_free(&s);
	an_out_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tiers_parse),
	    cmocka_unit_test(test_rollup_against_samples),
	    cmocka_unit_test(test_restart_mid_rollup),
	    cmocka_unit_test(test_put_refuses_out_of_order),
	    cmocka_unit_test(test_stored_form_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
