/* test_an_codec.c — history chunks (plugins/analytics/an_codec.c): round
 * trips of chunks made by hand and at random, the sizes of an idle and a
 * driving vehicle's day, and damaged chunks refused without a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_codec.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 8640 /* 10 s buckets */
#define NM 12

/* A fixed-seed generator (splitmix64): the same chunks on every run. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t below(uint64_t *s, uint64_t n)
{
	return rnd(s) % n;
}

/* A random value of random width (sizes of every magnitude); drawn in
 * sequence, so that the same seed gives the same values with any compiler. */
static int64_t any_width(uint64_t *s)
{
	uint64_t x = rnd(s);
	return (int64_t)(x >> below(s, 64));
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	assert_non_null(p);
	return p;
}

/* Encodes, checks the length against the bound and the shape, decodes
 * into buffers of exactly that shape and compares (absent buckets as
 * zeros).  Returns the encoded length; the chunk in *out when out. */
static size_t round_trip(const int64_t *vals, const uint8_t *present, size_t nb, size_t nm,
                         uint8_t **out)
{
	size_t bound = an_chunk_bound(nb, nm);
	assert_true(bound > 0);
	uint8_t *buf = xmalloc(bound);
	size_t len = an_chunk_encode(vals, present, nb, nm, buf, bound);
	assert_true(len > 0 && len <= bound);
	/* the exact length is enough, one byte less is not */
	uint8_t *exact = xmalloc(len);
	assert_int_equal(an_chunk_encode(vals, present, nb, nm, exact, len), len);
	assert_memory_equal(exact, buf, len);
	assert_int_equal(an_chunk_encode(vals, present, nb, nm, exact, len - 1), 0);
	free(exact);

	size_t snb = 0, snm = 0;
	assert_int_equal(an_chunk_shape(buf, len, &snb, &snm), 0);
	assert_int_equal(snb, nb);
	assert_int_equal(snm, nm);

	int64_t *got = xmalloc(nb * nm * sizeof *got);
	uint8_t *gp = xmalloc(nb);
	memset(gp, 0xee, nb);
	size_t gnb = 12345;
	assert_int_equal(an_chunk_decode(buf, len, got, gp, nb, nm, &gnb), 0);
	assert_int_equal(gnb, nb);
	for (size_t b = 0; b < nb; b++) {
		int p = present == NULL || present[b];
		assert_int_equal(gp[b], p);
		for (size_t m = 0; m < nm; m++)
			assert_true(got[b * nm + m] == (p ? vals[b * nm + m] : 0));
	}
	/* without present flags, and into a larger buffer */
	int64_t *big = xmalloc((nb + 3) * nm * sizeof *big);
	assert_int_equal(an_chunk_decode(buf, len, big, NULL, nb + 3, nm, &gnb), 0);
	assert_memory_equal(big, got, nb * nm * sizeof *got);
	free(big);
	/* one bucket too few is too large */
	if (nb > 0)
		assert_int_equal(an_chunk_decode(buf, len, got, gp, nb - 1, nm, &gnb), -1);
	free(got);
	free(gp);
	if (out)
		*out = buf;
	else
		free(buf);
	return len;
}

static void test_by_hand(void **state)
{
	(void)state;
	/* 3 buckets x 2 metrics, the middle one absent */
	const int64_t vals[] = {5, -1, 77, 77, 5, 100};
	const uint8_t present[] = {1, 0, 1};
	const uint8_t want[] = {
	    0x01,             /* version */
	    0x03, 0x02,       /* 3 buckets, 2 metrics */
	    0x01, 0x01, 0x01, /* 1 present, 1 absent, 1 present */
	    0x09,             /* metric 0: +5, zigzag 10, stored 9 */
	    0x40,             /* a run of 1 zero delta (5 again) */
	    0x00,             /* metric 1: -1, zigzag 1, stored 0 */
	    0x89, 0x03,       /* +101, zigzag 202, stored 201: 9 | 3 << 6 */
	};
	uint8_t buf[64];
	size_t len = an_chunk_encode(vals, present, 3, 2, buf, sizeof buf);
	assert_int_equal(len, sizeof want);
	assert_memory_equal(buf, want, sizeof want);

	int64_t got[6];
	uint8_t gp[3];
	size_t nb = 0;
	assert_int_equal(an_chunk_decode(want, sizeof want, got, gp, 3, 2, &nb), 0);
	assert_int_equal(nb, 3);
	const int64_t expect[] = {5, -1, 0, 0, 5, 100};
	assert_memory_equal(got, expect, sizeof expect);
	assert_true(gp[0] == 1 && gp[1] == 0 && gp[2] == 1);
	round_trip(vals, present, 3, 2, NULL);

	/* a run of 64 takes one byte, 65 two */
	int64_t z[65] = {0};
	assert_int_equal(an_chunk_encode(z, NULL, 64, 1, buf, sizeof buf), 1 + 1 + 1 + 1 + 1);
	assert_int_equal(buf[4], 0x7f);
	assert_int_equal(an_chunk_encode(z, NULL, 65, 1, buf, sizeof buf), 1 + 1 + 1 + 1 + 2);
}

static void test_edges(void **state)
{
	(void)state;
	int64_t v[DAY * 2] = {0};
	uint8_t p[DAY] = {0};

	/* no buckets: the header alone */
	assert_int_equal(round_trip(v, NULL, 0, 3, NULL), 3);

	/* one bucket */
	v[0] = 42;
	round_trip(v, NULL, 1, 1, NULL);
	p[0] = 0;
	round_trip(v, p, 1, 1, NULL);

	/* the extremes, and wrapping deltas between them */
	const int64_t ext[] = {INT64_MIN, INT64_MAX,  0,         -1,           1,
	                       INT64_MIN, INT64_MIN,  INT64_MAX, INT64_MAX,    INT64_MIN,
	                       INT64_MAX, -INT64_MAX, 0,         INT64_MIN + 1};
	size_t n = sizeof ext / sizeof ext[0];
	round_trip(ext, NULL, n, 1, NULL);
	round_trip(ext, NULL, n / 2, 2, NULL);
	round_trip(ext, NULL, 1, n, NULL);

	/* all zero: a run a column */
	memset(v, 0, sizeof v);
	assert_true(round_trip(v, NULL, DAY, 2, NULL) <= 4 + 2 + 2 * 3);

	/* constant */
	for (size_t i = 0; i < DAY * 2; i++)
		v[i] = i % 2 ? -7 : INT64_MAX;
	round_trip(v, NULL, DAY, 2, NULL);

	/* alternating */
	for (size_t i = 0; i < DAY * 2; i++)
		v[i] = (i / 2) % 2 ? 1000 : -1000;
	round_trip(v, NULL, DAY, 2, NULL);
	for (size_t i = 0; i < DAY * 2; i++)
		v[i] = (i / 2) % 2 ? INT64_MAX : INT64_MIN;
	round_trip(v, NULL, DAY, 2, NULL);

	/* gaps at the start, in the middle, at the end, everywhere */
	for (size_t i = 0; i < DAY * 2; i++)
		v[i] = (int64_t)(i / 7);
	for (int k = 0; k < 6; k++) {
		for (size_t b = 0; b < DAY; b++)
			p[b] = k == 0   ? b >= 100
			       : k == 1 ? b < 4000 || b >= 4500
			       : k == 2 ? b < DAY - 1
			       : k == 3 ? b % 2
			       : k == 4 ? !(b % 2)
			                : 0;
		round_trip(v, p, DAY, 2, NULL);
		round_trip(v, p, 3, 2, NULL);
	}
	/* an absent bucket's values are not stored: garbage there changes nothing */
	for (size_t b = 0; b < DAY; b++)
		p[b] = b % 3 != 0;
	uint8_t *a, *c;
	size_t la = round_trip(v, p, 300, 2, &a);
	for (size_t b = 0; b < 300; b += 3)
		v[b * 2] = v[b * 2 + 1] = INT64_MIN;
	size_t lc = round_trip(v, p, 300, 2, &c);
	assert_int_equal(la, lc);
	assert_memory_equal(a, c, la);
	free(a);
	free(c);
}

/* A column of kind k: a slow walk, small noise, full-range noise, a
 * constant with spikes, steps, near the extremes. */
static void fill(int64_t *v, size_t nb, size_t nm, size_t m, int k, uint64_t *s)
{
	int64_t x = (int64_t)below(s, 1000) - 500;
	for (size_t b = 0; b < nb; b++) {
		switch (k) {
		case 0:
			x += (int64_t)below(s, 3) - 1;
			break;
		case 1:
			x = (int64_t)below(s, 41) - 20;
			break;
		case 2:
			x = (int64_t)rnd(s);
			break;
		case 3:
			x = below(s, 50) == 0 ? (int64_t)below(s, 100000) : 12;
			break;
		case 4:
			if (below(s, 200) == 0)
				x = any_width(s);
			break;
		default:
			x = below(s, 2) ? INT64_MAX - (int64_t)below(s, 4)
			                : INT64_MIN + (int64_t)below(s, 4);
			break;
		}
		v[b * nm + m] = x;
	}
}

static void fill_present(uint8_t *p, size_t nb, int k, uint64_t *s)
{
	bool on = below(s, 2);
	for (size_t b = 0; b < nb; b++) {
		switch (k) {
		case 0:
			p[b] = 1;
			break;
		case 1:
			p[b] = 0;
			break;
		case 2:
			p[b] = below(s, 2) ? (uint8_t)(1 + below(s, 255)) : 0; /* any nonzero */
			break;
		case 3:
			p[b] = below(s, 10) != 0;
			break;
		default:
			if (below(s, 100) == 0)
				on = !on;
			p[b] = on;
			break;
		}
	}
}

static void test_random(void **state)
{
	(void)state;
	uint64_t s = 1;
	for (int t = 0; t < 400; t++) {
		size_t nb = below(&s, 4) == 0 ? below(&s, 4) : below(&s, 700);
		size_t nm = below(&s, 8) == 0 ? AN_CODEC_MAX_METRICS : 1 + below(&s, 16);
		int64_t *v = xmalloc(nb * nm * sizeof *v);
		uint8_t *p = xmalloc(nb);
		for (size_t m = 0; m < nm; m++)
			fill(v, nb, nm, m, (int)below(&s, 6), &s);
		fill_present(p, nb, (int)below(&s, 5), &s);
		round_trip(v, below(&s, 4) == 0 ? NULL : p, nb, nm, NULL);
		free(v);
		free(p);
	}
}

static void test_day_random(void **state)
{
	(void)state;
	uint64_t s = 2;
	int64_t *v = xmalloc(DAY * NM * sizeof *v);
	uint8_t *p = xmalloc(DAY);
	for (size_t m = 0; m < NM; m++)
		fill(v, DAY, NM, m, (int)(m % 6), &s);
	fill_present(p, DAY, 4, &s);
	size_t all = round_trip(v, NULL, DAY, NM, NULL);
	size_t gaps = round_trip(v, p, DAY, NM, NULL);
	print_message("random day %d x %d: %zu bytes, %zu with gaps\n", DAY, NM, all, gaps);
	free(v);
	free(p);
}

static void test_idle_day(void **state)
{
	(void)state;
	/* parked all day: shares 0/100/0/0, battery 87.45 %, samples 10, ... */
	const int64_t row[NM] = {0, 100, 0, 0, 0, 8745, 0, 0, 0, 0, 10, 10};
	int64_t *v = xmalloc(DAY * NM * sizeof *v);
	for (size_t b = 0; b < DAY; b++)
		memcpy(v + b * NM, row, sizeof row);
	size_t len = round_trip(v, NULL, DAY, NM, NULL);
	print_message("idle day %d x %d: %zu bytes\n", DAY, NM, len);
	assert_true(len < 100);
	free(v);
}

/* A working day of one vehicle, second by second, in 10 s buckets:
 *   0..3  share of the bucket (%) offline, idle, driving, charging
 *   4     metres driven (0..20)
 *   5     battery at the bucket's end, 0.01 %
 *   6, 7  battery used and charged in the bucket, 0.01 %
 *   8     faults   9 missions done   10 state messages   11 samples
 * Parked (charging, then idle) until 06:00, two shifts of missions (drive
 * 1-4 min, load 30 s-2 min; to the charger below 30 % until 90 %), the
 * vehicle off after 22:00, the process down 13:00-13:20 (absent). */
enum { OFFLINE, IDLE, DRIVING, CHARGING };

static void driving_day(int64_t *v, uint8_t *p, uint64_t *s)
{
	double batt = 4000; /* 0.01 % */
	int st = CHARGING;
	long until = 0; /* the current episode's end, s */
	memset(v, 0, DAY * NM * sizeof *v);
	for (size_t b = 0; b < DAY; b++) {
		int64_t *r = v + b * NM;
		long t0 = (long)b * 10;
		p[b] = !(t0 >= 13 * 3600 && t0 < 13 * 3600 + 1200);
		double start = batt;
		long shares[4] = {0};
		for (long t = t0; t < t0 + 10; t++) {
			bool work = (t >= 6 * 3600 && t < 14 * 3600) ||
			            (t >= 14 * 3600 + 1800 && t < 22 * 3600);
			if (t >= 22 * 3600) {
				st = OFFLINE;
			} else if (st == CHARGING) {
				if (batt >= 9000) {
					st = IDLE;
					until = t;
				}
			} else if (work && batt < 3000) {
				st = CHARGING;
			} else if (!work) {
				st = IDLE;
			} else if (t >= until) {
				if (st == DRIVING && below(s, 2))
					r[9]++; /* a mission done */
				st = st == DRIVING ? IDLE : DRIVING;
				until = t + (st == DRIVING ? 60 + (long)below(s, 181)
				                           : 30 + (long)below(s, 91));
			}
			shares[st]++;
			if (st == DRIVING) {
				int64_t m = (int64_t)below(s, 3); /* 0..2 m/s */
				r[4] += m;
				batt -= 1.0 * (double)m;
			}
			if (st == CHARGING)
				batt += 1.5;
			else if (st != OFFLINE)
				batt -= 0.1;
			if (below(s, 30000) == 0)
				r[8]++;
		}
		for (int k = 0; k < 4; k++)
			r[k] = shares[k] * 10;
		r[5] = (int64_t)batt;
		r[6] = batt < start ? (int64_t)start - (int64_t)batt : 0;
		r[7] = batt > start ? (int64_t)batt - (int64_t)start : 0;
		/* 1 Hz state messages, now and then one early or late */
		r[10] = st == OFFLINE ? 0 : below(s, 50) ? 10 : 9 + 2 * (int64_t)below(s, 2);
		r[11] = 10;
	}
}

static void test_driving_day(void **state)
{
	(void)state;
	uint64_t s = 3;
	int64_t *v = xmalloc(DAY * NM * sizeof *v);
	uint8_t *p = xmalloc(DAY);
	driving_day(v, p, &s);
	size_t len = round_trip(v, p, DAY, NM, NULL);
	/* what each metric costs alone */
	char cols[NM * 8] = "";
	int64_t *col = xmalloc(DAY * sizeof *col);
	uint8_t *buf = xmalloc(an_chunk_bound(DAY, 1));
	for (size_t m = 0; m < NM; m++) {
		for (size_t b = 0; b < DAY; b++)
			col[b] = v[b * NM + m];
		size_t n = an_chunk_encode(col, p, DAY, 1, buf, an_chunk_bound(DAY, 1));
		size_t used = strlen(cols);
		snprintf(cols + used, sizeof cols - used, " %zu", n);
	}
	print_message("driving day %d x %d: %zu bytes (bound %zu); each metric alone:%s\n", DAY, NM,
	              len, an_chunk_bound(DAY, NM), cols);
	assert_true(len < 20 * 1024);
	free(buf);
	free(col);
	free(v);
	free(p);
}

static void test_bound(void **state)
{
	(void)state;
	/* the dearest chunk: every delta 2^63 (10 bytes), presence alternating
	 * from an absent bucket 0 (one byte a bucket, plus the empty run) */
	size_t nb = 1001, nm = AN_CODEC_MAX_METRICS;
	int64_t *v = xmalloc(nb * nm * sizeof *v);
	uint8_t *p = xmalloc(nb);
	for (size_t b = 0; b < nb; b++) {
		p[b] = b % 2;
		for (size_t m = 0; m < nm; m++)
			v[b * nm + m] = (b / 2) % 2 ? INT64_MIN : 0;
	}
	size_t len = round_trip(v, p, nb, nm, NULL);
	size_t bound = an_chunk_bound(nb, nm);
	print_message("alternating 2^63 deltas, every other bucket absent: %zu of bound %zu\n", len,
	              bound);
	/* all present, alternating: the bound is nearly met */
	for (size_t i = 0; i < nb * nm; i++)
		v[i] = (i / nm) % 2 ? INT64_MIN : 0;
	len = round_trip(v, NULL, nb, nm, NULL);
	assert_true(len > bound - bound / 100);
	print_message("alternating 2^63 deltas, all present: %zu of bound %zu\n", len, bound);
	free(v);
	free(p);

	assert_true(an_chunk_bound(AN_CODEC_MAX_BUCKETS, AN_CODEC_MAX_METRICS) > 0);
	assert_int_equal(an_chunk_bound(AN_CODEC_MAX_BUCKETS + 1, 1), 0);
	assert_int_equal(an_chunk_bound(1, 0), 0);
	assert_int_equal(an_chunk_bound(1, AN_CODEC_MAX_METRICS + 1), 0);
	assert_int_equal(an_chunk_bound(0, 1), 4);
}

static void test_encode_refuses(void **state)
{
	(void)state;
	int64_t v[65] = {0};
	uint8_t buf[1024];
	assert_int_equal(an_chunk_encode(v, NULL, 1, 0, buf, sizeof buf), 0);
	assert_int_equal(an_chunk_encode(v, NULL, 1, 65, buf, sizeof buf), 0);
	assert_int_equal(an_chunk_encode(NULL, NULL, AN_CODEC_MAX_BUCKETS + 1, 1, buf, sizeof buf),
	                 0);
	assert_int_equal(an_chunk_encode(v, NULL, 1, 1, buf, 0), 0);
	assert_int_equal(an_chunk_encode(v, NULL, 1, 1, NULL, 100), 0);
	/* every cap short of the length */
	uint64_t s = 4;
	for (size_t i = 0; i < 65; i++)
		v[i] = below(&s, 3) ? any_width(&s) : 0;
	uint8_t p[13] = {0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0};
	size_t len = an_chunk_encode(v, p, 13, 5, buf, sizeof buf);
	assert_true(len > 0);
	for (size_t cap = 0; cap < len; cap++)
		assert_int_equal(an_chunk_encode(v, p, 13, 5, buf, cap), 0);
}

/* Decodes in into buffers of exactly maxbuckets rows (ASan sees any write
 * past them): refused, or a chunk within bounds whose absent rows are
 * zeros. */
static int decode_checked(const uint8_t *in, size_t len, size_t maxbuckets, size_t nm)
{
	int64_t *v = xmalloc(maxbuckets * nm * sizeof *v);
	uint8_t *p = xmalloc(maxbuckets);
	uint8_t *copy = xmalloc(len);
	memcpy(copy, in, len); /* exactly len bytes: ASan sees a read past them */
	size_t nb = SIZE_MAX;
	int rc = an_chunk_decode(copy, len, v, p, maxbuckets, nm, &nb);
	if (rc == 0) {
		assert_true(nb <= maxbuckets);
		for (size_t b = 0; b < nb; b++) {
			assert_true(p[b] <= 1);
			for (size_t m = 0; m < nm && !p[b]; m++)
				assert_true(v[b * nm + m] == 0);
		}
		size_t snb, snm;
		assert_int_equal(an_chunk_shape(copy, len, &snb, &snm), 0);
		assert_true(snb == nb && snm == nm);
	} else {
		assert_int_equal(rc, -1);
		assert_true(nb == SIZE_MAX);
	}
	free(copy);
	free(v);
	free(p);
	return rc;
}

static uint8_t *mixed_chunk(size_t nb, size_t nm, uint64_t *s, size_t *len)
{
	int64_t *v = xmalloc(nb * nm * sizeof *v);
	uint8_t *p = xmalloc(nb);
	for (size_t m = 0; m < nm; m++)
		fill(v, nb, nm, m, (int)(m % 6), s);
	for (size_t b = 0; b < nb; b++)
		p[b] = !(b < 5 || (b > 100 && b < 130) || b % 17 == 0 || b >= nb - 3);
	uint8_t *out;
	*len = round_trip(v, p, nb, nm, &out);
	free(v);
	free(p);
	return out;
}

static void test_truncated(void **state)
{
	(void)state;
	uint64_t s = 5;
	size_t len;
	uint8_t *c = mixed_chunk(300, 7, &s, &len);
	for (size_t n = 0; n < len; n++)
		assert_int_equal(decode_checked(c, n, 300, 7), -1);
	assert_int_equal(decode_checked(c, len, 300, 7), 0);
	/* a byte more is not a chunk either */
	uint8_t *more = xmalloc(len + 1);
	memcpy(more, c, len);
	more[len] = 0;
	assert_int_equal(decode_checked(more, len + 1, 300, 7), -1);
	free(more);
	print_message("%zu truncations of a %zu-byte chunk refused\n", len, len);
	free(c);
}

static void test_damaged(void **state)
{
	(void)state;
	uint64_t s = 6;
	size_t accepted = 0, tries = 0;
	for (int k = 0; k < 4; k++) {
		size_t nb = k == 0 ? 40 : 250, nm = k == 3 ? 1 : 3 + (size_t)k;
		size_t len;
		uint8_t *c = mixed_chunk(nb, nm, &s, &len);
		uint8_t *d = xmalloc(len);
		for (int t = 0; t < 5000; t++) {
			memcpy(d, c, len);
			int flips = 1 + (int)below(&s, 3);
			for (int f = 0; f < flips; f++) {
				size_t at = below(&s, 4) == 0 ? below(&s, len < 8 ? len : 8)
				                              : below(&s, len);
				if (below(&s, 2))
					d[at] ^= (uint8_t)(1u << below(&s, 8));
				else
					d[at] = (uint8_t)rnd(&s);
			}
			size_t cut = below(&s, 8) == 0 ? below(&s, len + 1) : len;
			size_t maxb = below(&s, 3) == 0 ? nb / 2 : nb + below(&s, 3);
			accepted += decode_checked(d, cut, maxb, nm) == 0;
			tries++;
		}
		free(d);
		free(c);
	}
	/* a few hand-made wrecks */
	const uint8_t wrecks[][16] = {
	    {0x02, 0x01, 0x01, 0x01, 0x00},             /* version 2 */
	    {0x01, 0x01, 0x00, 0x01},                   /* 0 metrics */
	    {0x01, 0x01, 0x41, 0x01},                   /* 65 metrics */
	    {0x01, 0xc1, 0x84, 0x3d, 0x01},             /* 1,000,001 buckets */
	    {0x01, 0x81, 0x00, 0x01, 0x01, 0x00},       /* overlong varint */
	    {0x01, 0x02, 0x01, 0x01, 0x00, 0x01, 0x41}, /* an empty second run */
	    {0x01, 0x02, 0x01, 0x03, 0x41},             /* runs past the buckets */
	    {0x01, 0x02, 0x01, 0x02, 0x42},             /* a zero run past the values */
	    {0x01, 0x01, 0x01, 0x01, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x03}, /* a zero literal (stored 2^64 - 1) */
	    {0x01, 0x01, 0x01, 0x01, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x04},                               /* past 64 bits */
	    {0x01, 0x01, 0x01, 0x01, 0x80, 0x00}, /* an overlong token */
	    {0x01, 0x01, 0x01, 0x00, 0x00, 0x00}, /* 0 present, 0 absent */
	};
	const size_t wlen[] = {5, 4, 4, 5, 6, 7, 5, 5, 14, 14, 6, 6};
	for (size_t i = 0; i < sizeof wlen / sizeof wlen[0]; i++)
		assert_int_equal(decode_checked(wrecks[i], wlen[i], 4, 1), -1);
	/* and their sound neighbours */
	const uint8_t big[] = {0x01, 0x01, 0x01, 0x01, 0xbe, 0xff, 0xff, 0xff,
	                       0xff, 0xff, 0xff, 0xff, 0xff, 0x03}; /* stored 2^64 - 2: -2^63 */
	int64_t v[2];
	size_t nb;
	assert_int_equal(an_chunk_decode(big, sizeof big, v, NULL, 1, 1, &nb), 0);
	assert_true(nb == 1 && v[0] == INT64_MIN);
	const uint8_t gap[] = {0x01, 0x01, 0x01, 0x00, 0x01}; /* one absent bucket */
	assert_int_equal(an_chunk_decode(gap, sizeof gap, v, NULL, 1, 1, &nb), 0);
	assert_true(nb == 1 && v[0] == 0);
	size_t snb, snm;
	assert_int_equal(an_chunk_shape(gap, 3, &snb, &snm), 0);
	assert_int_equal(an_chunk_shape(gap, 2, &snb, &snm), -1);
	assert_int_equal(an_chunk_shape(NULL, 0, &snb, &snm), -1);
	assert_int_equal(an_chunk_decode(NULL, 0, v, NULL, 1, 1, &nb), -1);
	/* the caller's metrics must match */
	assert_int_equal(an_chunk_decode(gap, sizeof gap, v, NULL, 1, 2, &nb), -1);
	print_message("%zu damaged chunks: %zu refused, %zu decoded within bounds\n", tries,
	              tries - accepted, accepted);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_by_hand),   cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_random),    cmocka_unit_test(test_day_random),
	    cmocka_unit_test(test_idle_day),  cmocka_unit_test(test_driving_day),
	    cmocka_unit_test(test_bound),     cmocka_unit_test(test_encode_refuses),
	    cmocka_unit_test(test_truncated), cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
