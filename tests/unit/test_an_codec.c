/* test_an_codec.c — history chunks (plugins/analytics/an_codec.c): round
 * trips of chunks made by hand and at random in both column modes (delta,
 * delta of delta), the mode the encoder picks, the sizes of an idle and a
 * driving vehicle's day in the rollup's shape, and damaged chunks refused
 * without a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_codec.h"
#include "an_fixture.h"
/* for the metric layout only (nothing of an_rollup.c is linked) */
#include "../../plugins/analytics/an_rollup.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 8640 /* 10 s buckets */
#define NM 12
#define NKINDS 9 /* the column kinds of fill */

/* A random value of random width (sizes of every magnitude); drawn in
 * sequence, so that the same seed gives the same values with any compiler. */
static int64_t any_width(uint64_t *s)
{
	uint64_t x = rnd(s);
	return (int64_t)(x >> below(s, 64));
}

/* A LEB128 varint of a sound chunk. */
static uint64_t uvar_at(const uint8_t *c, size_t len, size_t *at)
{
	uint64_t x = 0;
	for (unsigned shift = 0;; shift += 7) {
		assert_true(*at < len && shift < 64);
		uint8_t b = c[(*at)++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return x;
	}
}

/* The mode bits of an encoded chunk (bit m set: column m is delta of
 * delta), read from its header. */
static uint64_t chunk_modes(const uint8_t *c, size_t len)
{
	size_t at = 1;
	(void)uvar_at(c, len, &at); /* nbuckets */
	(void)uvar_at(c, len, &at); /* nmetrics */
	return uvar_at(c, len, &at);
}

/* The mode bits an encoder picks for that chunk. */
static uint64_t modes_of(const int64_t *vals, const uint8_t *present, size_t nb, size_t nm)
{
	size_t bound = an_chunk_bound(nb, nm);
	uint8_t *buf = xmalloc(bound);
	size_t len = an_chunk_encode(vals, present, nb, nm, buf, bound);
	assert_true(len > 0);
	uint64_t modes = chunk_modes(buf, len);
	free(buf);
	return modes;
}

/* uint64 to int64 by two's complement (values that wrap past the
 * extremes, computed unsigned). */
static int64_t wrap(uint64_t u)
{
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
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
	    0x00,             /* both columns delta */
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
	assert_int_equal(an_chunk_encode(z, NULL, 64, 1, buf, sizeof buf), 1 + 2 + 1 + 1 + 1);
	assert_int_equal(buf[5], 0x7f);
	assert_int_equal(an_chunk_encode(z, NULL, 65, 1, buf, sizeof buf), 1 + 2 + 1 + 1 + 2);

	/* a slope: delta of delta, its zero runs keep the slope */
	const int64_t slope[] = {10, 40, 13, 40, 16, 40, 19, 40, 22, 41};
	const uint8_t want2[] = {
	    0x01,       /* version */
	    0x05, 0x02, /* 5 buckets, 2 metrics */
	    0x01,       /* column 0 delta of delta, column 1 delta */
	    0x05,       /* 5 present */
	    0x13,       /* metric 0: +10 (differences 10, 3, 3, 3, 3 from 0) */
	    0x0c,       /* -7 (3 - 10), zigzag 13, stored 12 */
	    0x42,       /* 3 zero second differences: 16, 19, 22 */
	    0x8f, 0x01, /* metric 1: +40, zigzag 80, stored 79: 15 | 1 << 6 */
	    0x42,       /* 3 zero deltas (40 repeats) */
	    0x01,       /* +1 */
	};
	len = an_chunk_encode(slope, NULL, 5, 2, buf, sizeof buf);
	assert_int_equal(len, sizeof want2);
	assert_memory_equal(buf, want2, sizeof want2);
	int64_t got2[10];
	assert_int_equal(an_chunk_decode(want2, sizeof want2, got2, NULL, 5, 2, &nb), 0);
	assert_int_equal(nb, 5);
	assert_memory_equal(got2, slope, sizeof slope);
	/* the same in the other mode each: longer, still sound */
	const uint8_t other[] = {
	    0x01, 0x05, 0x02, 0x02, 0x05,       /* column 1 delta of delta */
	    0x13, 0x05, 0x05, 0x05, 0x05,       /* +10, +3, +3, +3, +3 */
	    0x8f, 0x01, 0x8e, 0x01, 0x41, 0x01, /* +40, -40, 2 zeros, +1 */
	};
	assert_int_equal(an_chunk_decode(other, sizeof other, got2, NULL, 5, 2, &nb), 0);
	assert_memory_equal(got2, slope, sizeof slope);
}

static void test_edges(void **state)
{
	(void)state;
	int64_t v[DAY * 2] = {0};
	uint8_t p[DAY] = {0};

	/* no buckets: the header alone */
	assert_int_equal(round_trip(v, NULL, 0, 3, NULL), 4);

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

	/* slopes across the extremes, their differences wrapping: up past
	 * INT64_MAX, down past INT64_MIN again and again; a slope that turns
	 * at the extremes (second differences of 2^63) */
	for (size_t b = 0; b < DAY; b++) {
		v[b * 2] = wrap((uint64_t)INT64_MAX - 100 + b * 37);
		v[b * 2 + 1] = wrap((uint64_t)INT64_MIN + 100 - b * ((UINT64_C(1) << 62) + 5));
	}
	uint8_t *w;
	size_t lw = round_trip(v, NULL, DAY, 2, &w);
	assert_int_equal(chunk_modes(w, lw), 3);
	assert_true(lw < 60);
	free(w);
	for (size_t b = 0; b < DAY; b++) {
		uint64_t quarter = UINT64_C(1) << 62;
		v[b * 2] = wrap((b / 5) % 2 ? (b % 5) * quarter : (5 - b % 5) * quarter);
		v[b * 2 + 1] = wrap(UINT64_MAX - (uint64_t)b * b * 12345);
	}
	round_trip(v, NULL, DAY, 2, NULL);
	round_trip(v, NULL, 7, 2, NULL);
	for (size_t b = 0; b < DAY; b++)
		p[b] = b % 4 != 1;
	round_trip(v, p, DAY, 2, NULL);

	/* all zero: a run a column */
	memset(v, 0, sizeof v);
	assert_true(round_trip(v, NULL, DAY, 2, NULL) <= 5 + 2 + 2 * 3);

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

/* A column of kind k (0..NKINDS-1): a slow walk, small noise, full-range
 * noise, a constant with spikes, steps, near the extremes, a slope that
 * bends now and then, a steep slope wrapping past the extremes, a curve
 * from near INT64_MIN. */
static void fill(int64_t *v, size_t nb, size_t nm, size_t m, int k, uint64_t *s)
{
	int64_t x = (int64_t)below(s, 1000) - 500;
	uint64_t u = k == 7   ? (uint64_t)INT64_MAX - below(s, 1000)
	             : k == 8 ? (uint64_t)INT64_MIN + below(s, 1000)
	                      : (uint64_t)x;
	uint64_t d = 0, dd = k == 8 ? 0 - (1 + below(s, 1000)) : 0;
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
		case 5:
			x = below(s, 2) ? INT64_MAX - (int64_t)below(s, 4)
			                : INT64_MIN + (int64_t)below(s, 4);
			break;
		case 6:
			if (b == 0 || below(s, 100) == 0)
				d = (uint64_t)below(s, 41) - 20;
			u += d;
			x = wrap(u);
			break;
		case 7:
			if (b == 0 || below(s, 300) == 0)
				d = rnd(s);
			u += d;
			x = wrap(u);
			break;
		default:
			d += dd;
			u += d;
			x = wrap(u);
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
			fill(v, nb, nm, m, (int)below(&s, NKINDS), &s);
		fill_present(p, nb, (int)below(&s, 5), &s);
		round_trip(v, below(&s, 4) == 0 ? NULL : p, nb, nm, NULL);
		free(v);
		free(p);
	}
}

/* Each kind of column gets the mode that makes it shorter: delta for
 * levels, steps, rare counts, noise and slopes under a unit a bucket;
 * delta of delta for steady slopes, slopes that bend, curves, and slopes
 * wrapping past the extremes.  Alone or together, gaps or not. */
static void test_modes(void **state)
{
	(void)state;
	enum { NB = 3000, NC = 12 };
	const uint64_t want = 0x7e0; /* columns 5..10 */
	int64_t *v = xmalloc(NB * NC * sizeof *v);
	uint64_t s = 7;
	int64_t count = 0, bend = 5000, slope = -3;
	for (size_t b = 0; b < NB; b++) {
		int64_t *r = v + b * NC, i = (int64_t)b;
		if (below(&s, 20) == 0)
			count++;
		if (b % 250 == 0)
			slope = (int64_t)below(&s, 61) - 30;
		bend += slope;
		r[0] = 0;                                      /* zeros: a tie */
		r[1] = 8745;                                   /* a level */
		r[2] = 1000 * (i / 300);                       /* steps */
		r[3] = 100 + (int64_t)below(&s, 41);           /* noise about a level */
		r[4] = count;                                  /* a rare count */
		r[5] = 9000 - i;                               /* a battery draining */
		r[6] = 2000 + 15 * i;                          /* charging */
		r[7] = bend;                                   /* a slope that bends */
		r[8] = i * i;                                  /* a curve */
		r[9] = wrap((uint64_t)INT64_MAX - 50 + b * 7); /* past INT64_MAX */
		r[10] = wrap((uint64_t)INT64_MIN + 50 - b * ((UINT64_C(1) << 61) + 3));
		r[11] = (900000 - 37 * i + 50) / 100; /* 0.37 a bucket: delta */
	}
	uint8_t *gaps = xmalloc(NB);
	for (size_t b = 0; b < NB; b++)
		gaps[b] = !(b >= 500 && b < 700);
	uint8_t *c;
	size_t len = round_trip(v, NULL, NB, NC, &c);
	assert_int_equal(chunk_modes(c, len), want);
	free(c);
	len = round_trip(v, gaps, NB, NC, &c);
	assert_int_equal(chunk_modes(c, len), want);
	free(c);
	int64_t *col = xmalloc(NB * sizeof *col);
	for (size_t m = 0; m < NC; m++) {
		for (size_t b = 0; b < NB; b++)
			col[b] = v[b * NC + m];
		assert_int_equal(modes_of(col, NULL, NB, 1), (want >> m) & 1);
		assert_int_equal(modes_of(col, gaps, NB, 1), (want >> m) & 1);
		round_trip(col, gaps, NB, 1, NULL);
	}
	/* a steady slope costs a few bytes a day, as a constant does */
	for (size_t b = 0; b < NB; b++)
		col[b] = v[b * NC + 5];
	len = round_trip(col, NULL, NB, 1, NULL);
	print_message("a slope of %d buckets: %zu bytes\n", NB, len);
	assert_true(len <= 5 + 2 + 3 + 3 + 2); /* header, presence, 2 literals, a run */
	free(col);
	free(gaps);
	free(v);

	/* every column of the widest chunk in delta of delta: 64 mode bits */
	size_t nm = AN_CODEC_MAX_METRICS;
	v = xmalloc(100 * nm * sizeof *v);
	for (size_t b = 0; b < 100; b++)
		for (size_t m = 0; m < nm; m++)
			v[b * nm + m] = wrap((uint64_t)INT64_MAX - m + b * (m + 1) * 1000);
	len = round_trip(v, NULL, 100, nm, &c);
	assert_true(chunk_modes(c, len) == UINT64_MAX);
	free(c);
	/* and all but the last */
	for (size_t b = 0; b < 100; b++)
		v[b * nm + nm - 1] = (int64_t)(b / 10);
	len = round_trip(v, NULL, 100, nm, &c);
	assert_true(chunk_modes(c, len) == UINT64_MAX >> 1);
	free(c);
	free(v);
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

static void test_idle_day(void **state)
{
	(void)state;
	/* parked all day, known and idle: battery 87.45 %, a state message
	 * and a sample a second */
	int64_t row[AN_NMETRICS] = {0};
	row[AN_M_STATE0 + VS_IDLE] = 10000;
	row[AN_M_BATT_CP] = row[AN_M_BATT_MIN_CP] = 8745;
	row[AN_M_MESSAGES] = row[AN_M_SAMPLES] = 10;
	row[AN_M_SUBJECTS] = 1;
	int64_t *v = xmalloc(DAY * AN_NMETRICS * sizeof *v);
	for (size_t b = 0; b < DAY; b++)
		memcpy(v + b * AN_NMETRICS, row, sizeof row);
	size_t len = round_trip(v, NULL, DAY, AN_NMETRICS, NULL);
	print_message("idle day %d x %d: %zu bytes\n", DAY, AN_NMETRICS, len);
	assert_true(len < 100);
	free(v);
}

static void test_driving_day(void **state)
{
	(void)state;
	uint64_t s = 3;
	const size_t nm = AN_NMETRICS;
	int64_t *v = xmalloc(DAY * nm * sizeof *v);
	uint8_t *p = xmalloc(DAY);
	fx_driving(&fx_day, v, p, &s);
	for (size_t b = 0; b < DAY; b++) {
		int64_t ms = 0;
		for (int k = 0; k < AN_NSTATES; k++)
			ms += v[b * nm + AN_M_STATE0 + (size_t)k];
		assert_true(ms == (p[b] ? 10000 : 0));
	}
	uint8_t *c;
	size_t len = round_trip(v, p, DAY, nm, &c);
	uint64_t modes = chunk_modes(c, len);
	/* the batteries slope, the rest are levels and counts */
	assert_true(modes == ((UINT64_C(1) << AN_M_BATT_CP) | (UINT64_C(1) << AN_M_BATT_MIN_CP)));
	/* what each metric costs alone (* delta of delta) */
	char cols[AN_NMETRICS * 8] = "";
	int64_t *col = xmalloc(DAY * sizeof *col);
	uint8_t *buf = xmalloc(an_chunk_bound(DAY, 1));
	for (size_t m = 0; m < nm; m++) {
		for (size_t b = 0; b < DAY; b++)
			col[b] = v[b * nm + m];
		size_t n = an_chunk_encode(col, p, DAY, 1, buf, an_chunk_bound(DAY, 1));
		size_t used = strlen(cols);
		snprintf(cols + used, sizeof cols - used, " %zu%s", n,
		         chunk_modes(buf, n) ? "*" : "");
	}
	print_message("driving day %d x %zu: %zu bytes (bound %zu); each metric alone:%s\n", DAY,
	              nm, len, an_chunk_bound(DAY, nm), cols);
	assert_true(len < 20 * 1024);
	/* cut anywhere (a sample: test_truncated cuts everywhere) or damaged */
	for (size_t n = 0; n < len; n += n < 64 || n > len - 64 ? 1 : 97)
		assert_int_equal(decode_checked(c, n, DAY, nm), -1);
	uint8_t *d = xmalloc(len);
	for (int t = 0; t < 300; t++) {
		memcpy(d, c, len);
		d[below(&s, len)] ^= (uint8_t)(1 + below(&s, 255));
		(void)decode_checked(d, len, DAY, nm);
	}
	free(d);
	free(buf);
	free(col);
	free(c);
	free(v);
	free(p);
}

static void test_bound(void **state)
{
	(void)state;
	/* the dearest chunk: every delta +-2^62 and every second difference
	 * 2^63 (10 bytes either way), presence alternating from an absent
	 * bucket 0 (one byte a bucket, plus the empty run) */
	size_t nb = 1001, nm = AN_CODEC_MAX_METRICS;
	const int64_t hi = INT64_C(1) << 62;
	int64_t *v = xmalloc(nb * nm * sizeof *v);
	uint8_t *p = xmalloc(nb);
	for (size_t b = 0; b < nb; b++) {
		p[b] = b % 2;
		for (size_t m = 0; m < nm; m++)
			v[b * nm + m] = (b / 2) % 2 ? 0 : hi;
	}
	size_t len = round_trip(v, p, nb, nm, NULL);
	size_t bound = an_chunk_bound(nb, nm);
	print_message("alternating 2^62 deltas, every other bucket absent: %zu of bound %zu\n", len,
	              bound);
	assert_true(len > bound / 2 - bound / 100);
	/* all present, alternating: the bound is nearly met */
	for (size_t i = 0; i < nb * nm; i++)
		v[i] = (i / nm) % 2 ? 0 : hi;
	len = round_trip(v, NULL, nb, nm, NULL);
	assert_true(len > bound - bound / 100);
	print_message("alternating 2^62 deltas, all present: %zu of bound %zu\n", len, bound);
	free(v);
	free(p);

	assert_true(an_chunk_bound(AN_CODEC_MAX_BUCKETS, AN_CODEC_MAX_METRICS) > 0);
	assert_int_equal(an_chunk_bound(AN_CODEC_MAX_BUCKETS + 1, 1), 0);
	assert_int_equal(an_chunk_bound(1, 0), 0);
	assert_int_equal(an_chunk_bound(1, AN_CODEC_MAX_METRICS + 1), 0);
	assert_int_equal(an_chunk_bound(0, 1), 5);
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

/* A chunk of nm columns of the kinds from first on, with gaps. */
static uint8_t *mixed_chunk(size_t nb, size_t nm, int first, uint64_t *s, size_t *len)
{
	int64_t *v = xmalloc(nb * nm * sizeof *v);
	uint8_t *p = xmalloc(nb);
	for (size_t m = 0; m < nm; m++)
		fill(v, nb, nm, m, (first + (int)m) % NKINDS, s);
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
	uint8_t *c = mixed_chunk(300, NKINDS, 0, &s, &len);
	uint64_t modes = chunk_modes(c, len);
	assert_true(modes != 0 && modes != (UINT64_C(1) << NKINDS) - 1); /* both modes */
	for (size_t n = 0; n < len; n++)
		assert_int_equal(decode_checked(c, n, 300, NKINDS), -1);
	assert_int_equal(decode_checked(c, len, 300, NKINDS), 0);
	/* a byte more is not a chunk either */
	uint8_t *more = xmalloc(len + 1);
	memcpy(more, c, len);
	more[len] = 0;
	assert_int_equal(decode_checked(more, len + 1, 300, NKINDS), -1);
	free(more);
	print_message("%zu truncations of a %zu-byte chunk (modes %#llx) refused\n", len, len,
	              (unsigned long long)modes);
	free(c);
}

static void test_damaged(void **state)
{
	(void)state;
	uint64_t s = 6;
	size_t accepted = 0, tries = 0;
	const int first[] = {6, 3, 7, 8}; /* each with kinds 6..8 (delta of delta) */
	for (int k = 0; k < 4; k++) {
		size_t nb = k == 0 ? 40 : 250, nm = k == 3 ? 1 : 3 + (size_t)k;
		size_t len;
		uint8_t *c = mixed_chunk(nb, nm, first[k], &s, &len);
		assert_true(chunk_modes(c, len) != 0);
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
	    {0x02, 0x01, 0x01, 0x00, 0x01, 0x00},       /* version 2 */
	    {0x01, 0x01, 0x00, 0x00, 0x01},             /* 0 metrics */
	    {0x01, 0x01, 0x41, 0x00, 0x01},             /* 65 metrics */
	    {0x01, 0xc1, 0x84, 0x3d, 0x01, 0x00},       /* 1,000,001 buckets */
	    {0x01, 0x81, 0x00, 0x01, 0x00, 0x01, 0x00}, /* overlong varint */
	    {0x01, 0x01, 0x01, 0x02, 0x01, 0x00},       /* a mode bit past the column */
	    {0x01, 0x01, 0x01, 0x80, 0x00, 0x01, 0x00}, /* overlong modes */
	    {0x01, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x02},                                           /* modes past 64 bits */
	    {0x01, 0x02, 0x01, 0x00, 0x01, 0x00, 0x01, 0x41}, /* an empty second run */
	    {0x01, 0x02, 0x01, 0x00, 0x03, 0x41},             /* runs past the buckets */
	    {0x01, 0x02, 0x01, 0x00, 0x02, 0x42},             /* a zero run past the values */
	    {0x01, 0x02, 0x01, 0x01, 0x02, 0x42},             /* the same, delta of delta */
	    {0x01, 0x02, 0x01, 0x01, 0x02, 0x13},             /* values missing */
	    {0x01, 0x01, 0x01, 0x01, 0x01, 0x13, 0x00},       /* a byte after the column */
	    {0x01, 0x01, 0x01, 0x00, 0x01, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x03}, /* a zero literal (stored 2^64 - 1) */
	    {0x01, 0x01, 0x01, 0x01, 0x01, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x03}, /* the same, delta of delta */
	    {0x01, 0x01, 0x01, 0x00, 0x01, 0xbf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	     0x04},                                     /* past 64 bits */
	    {0x01, 0x01, 0x01, 0x00, 0x01, 0x80, 0x00}, /* an overlong token */
	    {0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00}, /* 0 present, 0 absent */
	};
	const size_t wlen[] = {6, 5, 5, 6, 7, 6, 7, 13, 8, 6, 6, 6, 6, 7, 15, 15, 15, 7, 7};
	_Static_assert(sizeof wlen / sizeof wlen[0] == sizeof wrecks / sizeof wrecks[0], "");
	for (size_t i = 0; i < sizeof wlen / sizeof wlen[0]; i++)
		assert_int_equal(decode_checked(wrecks[i], wlen[i], 4, 1), -1);
	/* mode bit 63: past 63 columns, not past 64 */
	uint8_t wide[] = {0x01, 0x00, 0x3f, 0x80, 0x80, 0x80, 0x80,
	                  0x80, 0x80, 0x80, 0x80, 0x80, 0x01}; /* no buckets */
	assert_int_equal(decode_checked(wide, sizeof wide, 4, 63), -1);
	wide[2] = 0x40;
	assert_int_equal(decode_checked(wide, sizeof wide, 4, 64), 0);
	/* and their sound neighbours */
	const uint8_t big[] = {
	    0x01, 0x01, 0x01, 0x00, 0x01, 0xbe, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03}; /* stored 2^64 - 2: -2^63 */
	int64_t v[3];
	size_t nb;
	assert_int_equal(an_chunk_decode(big, sizeof big, v, NULL, 1, 1, &nb), 0);
	assert_true(nb == 1 && v[0] == INT64_MIN);
	/* a slope of -2^63 a bucket, wrapping: -2^63, 0, -2^63 */
	const uint8_t turn[] = {0x01, 0x03, 0x01, 0x01, 0x03, 0xbe, 0xff, 0xff,
	                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03, 0x41};
	assert_int_equal(an_chunk_decode(turn, sizeof turn, v, NULL, 3, 1, &nb), 0);
	assert_true(nb == 3 && v[0] == INT64_MIN && v[1] == 0 && v[2] == INT64_MIN);
	const uint8_t gap[] = {0x01, 0x01, 0x01, 0x00, 0x00, 0x01}; /* one absent bucket */
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
	    cmocka_unit_test(test_by_hand),        cmocka_unit_test(test_edges),
	    cmocka_unit_test(test_random),         cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_day_random),     cmocka_unit_test(test_idle_day),
	    cmocka_unit_test(test_driving_day),    cmocka_unit_test(test_bound),
	    cmocka_unit_test(test_encode_refuses), cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
