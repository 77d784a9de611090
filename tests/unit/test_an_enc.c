/* test_an_enc.c — the incremental chunk encoder (plugins/analytics/an_enc.c)
 * against the one-shot codec (an_codec.c): byte for byte the same chunk
 * for chunks made by hand and at random, after every bucket put; chunks
 * loaded back and continued; bad puts, loads and buffers refused; and the
 * memory an encoder holds for a driving vehicle's hour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_codec.h"
#include "../../plugins/analytics/an_enc.h"
/* for the metric layout only (nothing of an_rollup.c is linked) */
#include "../../plugins/analytics/an_rollup.h"
#include "an_fixture.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* uint64 to int64 by two's complement (values that wrap past the
 * extremes, computed unsigned). */
static int64_t wrap(uint64_t u)
{
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
}

/* The chunk an_chunk_encode writes (OWNED), its length in *len. */
static uint8_t *encode(const int64_t *vals, const uint8_t *present, size_t nb, size_t nm,
                       size_t *len)
{
	size_t bound = an_chunk_bound(nb, nm);
	uint8_t *buf = xmalloc(bound);
	*len = an_chunk_encode(vals, present, nb, nm, buf, bound);
	assert_true(*len > 0);
	return buf;
}

/* e's chunk is byte for byte an_chunk_encode's for those nb buckets; its
 * size is exact (one byte less is refused) and finishing changes nothing. */
static void same(const an_enc *e, const int64_t *vals, const uint8_t *present, size_t nb, size_t nm)
{
	size_t want_len, len = an_enc_size(e);
	uint8_t *want = encode(vals, present, nb, nm, &want_len);
	assert_int_equal(an_enc_nbuckets(e), nb);
	assert_int_equal(len, want_len);
	uint8_t *got = xmalloc(len + 1);
	assert_int_equal(an_enc_finish(e, got, len - 1), 0);
	assert_int_equal(an_enc_finish(e, got, len + 1), len);
	assert_memory_equal(got, want, len);
	assert_int_equal(an_enc_finish(e, got, len), len);
	assert_memory_equal(got, want, len);
	free(got);
	free(want);
}

/* An encoder fed the present ones of nb buckets (OWNED), checked against
 * the codec after each put when every_put. */
static an_enc *feed(const int64_t *vals, const uint8_t *present, size_t nb, size_t nm,
                    bool every_put)
{
	an_enc *e = an_enc_new(nm);
	assert_non_null(e);
	size_t np = 0;
	for (size_t b = 0; b < nb; b++) {
		if (present != NULL && !present[b])
			continue;
		assert_int_equal(an_enc_put(e, b, vals + b * nm), 0);
		np++;
		assert_int_equal(an_enc_npresent(e), np);
		assert_memory_equal(an_enc_last(e), vals + b * nm, nm * sizeof *vals);
		if (every_put)
			same(e, vals, present, b + 1, nm);
	}
	return e;
}

static void test_by_hand(void **state)
{
	(void)state;
	/* test_an_codec.c's first chunk: 3 buckets x 2 metrics, the middle
	 * one absent, and its bytes */
	const int64_t vals[] = {5, -1, 77, 77, 5, 100};
	const uint8_t present[] = {1, 0, 1};
	const uint8_t want[] = {0x01, 0x03, 0x02, 0x00, 0x01, 0x01,
	                        0x01, 0x09, 0x40, 0x00, 0x89, 0x03};
	an_enc *e = feed(vals, present, 3, 2, true);
	uint8_t buf[64];
	assert_int_equal(an_enc_finish(e, buf, sizeof buf), sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	an_enc_free(e);

	/* empty: the header alone; one bucket, zero and not */
	int64_t v[130 * 3] = {0};
	e = an_enc_new(3);
	assert_null(an_enc_last(e));
	assert_int_equal(an_enc_size(e), 4);
	same(e, v, NULL, 0, 3);
	an_enc_free(e);
	an_enc_free(feed(v, NULL, 1, 3, true));
	v[1] = -42;
	an_enc_free(feed(v, NULL, 1, 3, true));

	/* leading absent buckets (an empty first run), gaps, a lone present */
	uint8_t p[130];
	for (size_t b = 0; b < 130; b++) {
		p[b] = b >= 7 && (b < 40 || b > 44) && b % 13 != 0;
		for (size_t m = 0; m < 3; m++)
			v[b * 3 + m] = (int64_t)(b * m) - 50;
	}
	an_enc_free(feed(v, p, 130, 3, true));
	memset(p, 0, sizeof p);
	p[129] = 1;
	an_enc_free(feed(v, p, 130, 3, true));

	/* zeros only: the header, a run of 130 buckets, a run of 130 zeros */
	memset(v, 0, sizeof v);
	e = feed(v, NULL, 130, 1, true);
	assert_int_equal(an_enc_size(e), 5 + 2 + 2);
	same(e, v, NULL, 130, 1);
	an_enc_free(e);

	/* all-zero columns, and zero runs of 63 to 66 (one byte up to 64) in
	 * either mode: a level of 0 then 1, a slope that bends */
	for (size_t n = 63; n <= 66; n++) {
		memset(v, 0, sizeof v);
		for (size_t b = 0; b < 130; b++) {
			v[b * 3 + 1] = b >= n;
			v[b * 3 + 2] = b < n ? (int64_t)b * 3 : (int64_t)b * 5;
		}
		an_enc_free(feed(v, NULL, n, 3, true));
		an_enc_free(feed(v, NULL, n + 1, 3, true));
		an_enc_free(feed(v, NULL, 130, 3, false));
	}

	/* a column whose better mode changes, twice: a slope (delta of
	 * delta), noise (delta), a slope again */
	uint64_t s = 9;
	for (size_t b = 0; b < 130; b++)
		v[b] = b < 40 ? 7 * (int64_t)b : b < 100 ? (int64_t)below(&s, 41) : 5 * (int64_t)b;
	an_enc_free(feed(v, NULL, 130, 1, true));

	/* the extremes, alternating and wrapping */
	const int64_t ext[] = {INT64_MIN, INT64_MAX,  0,         -1,           1,
	                       INT64_MIN, INT64_MIN,  INT64_MAX, INT64_MAX,    INT64_MIN,
	                       INT64_MAX, -INT64_MAX, 0,         INT64_MIN + 1};
	size_t n = sizeof ext / sizeof ext[0];
	an_enc_free(feed(ext, NULL, n, 1, true));
	an_enc_free(feed(ext, NULL, n / 2, 2, true));
	an_enc_free(feed(ext, NULL, 1, n, true));
	for (size_t b = 0; b < 130; b++) {
		v[b * 3] = b % 2 ? INT64_MAX : INT64_MIN;
		v[b * 3 + 1] = wrap((uint64_t)INT64_MAX - 100 + b * 37);
		v[b * 3 + 2] = wrap((uint64_t)INT64_MIN + 100 - b * ((UINT64_C(1) << 62) + 5));
	}
	an_enc_free(feed(v, NULL, 130, 3, true));
}

/* The column kinds of fill. */
enum { NKINDS = 10 };

/* Column m of kind k: a constant of any width, a counter, a steady slope
 * (any steepness, wrapping), small noise about a level, sparse spikes,
 * full-range noise, the extremes alternating, a slope that bends, a level
 * stepping after zero runs about 64 long, phases of slope, noise and level
 * (the better mode changing on the way). */
static void fill(int64_t *v, size_t nb, size_t nm, size_t m, int k, uint64_t *s)
{
	uint64_t u = rnd(s) >> below(s, 64), d = rnd(s) >> below(s, 64), level = u;
	size_t next = 60 + below(s, 8), phase = 0;
	for (size_t b = 0; b < nb; b++) {
		switch (k) {
		case 0:
			break;
		case 1:
			u += below(s, 4) == 0 ? below(s, 3) : 0;
			break;
		case 2:
			u += d;
			break;
		case 3:
			u = 1000 + below(s, 41);
			break;
		case 4:
			u = below(s, 30) == 0 ? rnd(s) >> below(s, 64) : 0;
			break;
		case 5:
			u = rnd(s);
			break;
		case 6:
			u = b % 2 ? (uint64_t)INT64_MAX : (uint64_t)INT64_MIN;
			break;
		case 7:
			if (below(s, 40) == 0)
				d = (uint64_t)below(s, 41) - 20;
			u += d;
			break;
		case 9:
			if (b == next) {
				phase = below(s, 3);
				next += 20 + below(s, 130);
				d = below(s, 41) - 20;
				level = u;
			}
			u = phase == 0 ? u + d : phase == 1 ? level + below(s, 41) : u;
			break;
		default:
			if (b == next) {
				u++;
				next += 62 + below(s, 5);
			}
			break;
		}
		v[b * nm + m] = wrap(u);
	}
}

/* Presence of kind k: all, half at random, nine in ten, long runs
 * toggling, absent at the start. */
static void fill_present(uint8_t *p, size_t nb, int k, uint64_t *s)
{
	bool on = below(s, 2);
	size_t lead = below(s, 100);
	for (size_t b = 0; b < nb; b++) {
		if (below(s, 50) == 0)
			on = !on;
		p[b] = k == 0   ? 1
		       : k == 1 ? (uint8_t)below(s, 2)
		       : k == 2 ? below(s, 10) != 0
		       : k == 3 ? on
		                : b >= lead;
	}
}

static void test_random(void **state)
{
	(void)state;
	uint64_t s = 11;
	size_t puts = 0, checks = 0;
	for (int t = 0; t < 3000; t++) {
		bool every = t % 4 == 0;
		size_t nb = below(&s, 8) == 0 ? below(&s, 4) : below(&s, every ? 160 : 400);
		size_t nm = below(&s, 10) == 0 ? AN_CODEC_MAX_METRICS : 1 + below(&s, 12);
		int64_t *v = xmalloc(nb * nm * sizeof *v);
		uint8_t *p = xmalloc(nb);
		for (size_t m = 0; m < nm; m++)
			fill(v, nb, nm, m, (int)below(&s, NKINDS), &s);
		fill_present(p, nb, (int)below(&s, 5), &s);
		/* some checked after every put, the rest at a few and at the end */
		an_enc *e = an_enc_new(nm);
		for (size_t b = 0; b < nb; b++) {
			if (!p[b])
				continue;
			assert_int_equal(an_enc_put(e, b, v + b * nm), 0);
			puts++;
			if (every || below(&s, 30) == 0) {
				same(e, v, p, b + 1, nm);
				checks++;
			}
		}
		size_t last = nb;
		while (last > 0 && !p[last - 1])
			last--;
		same(e, v, p, last, nm);
		an_enc_free(e);
		free(v);
		free(p);
	}
	print_message("3000 random chunks: %zu puts, %zu compared after the put\n", puts, checks);
}

/* A chunk loaded, given back and continued equals the whole encoded at
 * once: cut anywhere, with a chunk ending absent (kept absent). */
static void test_load(void **state)
{
	(void)state;
	uint64_t s = 12;
	for (int t = 0; t < 300; t++) {
		size_t nb = 1 + below(&s, 300), nm = 1 + below(&s, 20);
		int64_t *v = xmalloc(nb * nm * sizeof *v);
		uint8_t *p = xmalloc(nb);
		for (size_t m = 0; m < nm; m++)
			fill(v, nb, nm, m, (int)below(&s, NKINDS), &s);
		fill_present(p, nb, (int)below(&s, 5), &s);
		size_t cut = below(&s, nb + 1), len;
		uint8_t *c = encode(v, p, cut, nm, &len);
		an_enc *e = an_enc_new(nm);
		int64_t junk[20] = {7};
		assert_int_equal(an_enc_put(e, 3, junk), 0); /* replaced by the load */
		assert_int_equal(an_enc_load(e, c, len, cut), 0);
		same(e, v, p, cut, nm);
		size_t np = 0;
		for (size_t b = 0; b < cut; b++)
			np += p[b] != 0;
		assert_int_equal(an_enc_npresent(e), np);
		for (size_t b = cut; b < nb; b++)
			if (p[b])
				assert_int_equal(an_enc_put(e, b, v + b * nm), 0);
		size_t last = nb;
		while (last > cut && !p[last - 1])
			last--;
		same(e, v, p, last, nm);
		an_enc_free(e);
		free(c);
		free(v);
		free(p);
	}

	/* a chunk in modes the encoder would not pick (test_an_codec.c's
	 * slope in the other modes) decodes, and comes back as the encoder
	 * writes it */
	const int64_t slope[] = {10, 40, 13, 40, 16, 40, 19, 40, 22, 41};
	const uint8_t other[] = {0x01, 0x05, 0x02, 0x02, 0x05, 0x13, 0x05, 0x05,
	                         0x05, 0x05, 0x8f, 0x01, 0x8e, 0x01, 0x41, 0x01};
	an_enc *e = an_enc_new(2);
	assert_int_equal(an_enc_load(e, other, sizeof other, 5), 0);
	same(e, slope, NULL, 5, 2);
	assert_memory_equal(an_enc_last(e), slope + 8, 2 * sizeof *slope);
	an_enc_free(e);
}

/* Refused: malformed chunks, another nmetrics, too many buckets, a bucket
 * going back or past the limit, a short buffer; nothing changes. */
static void test_refuses(void **state)
{
	(void)state;
	assert_null(an_enc_new(0));
	assert_null(an_enc_new(AN_CODEC_MAX_METRICS + 1));
	an_enc_free(NULL);

	uint64_t s = 13;
	enum { NB = 200, NM = 5 };
	int64_t v[NB * NM];
	uint8_t p[NB];
	for (size_t m = 0; m < NM; m++)
		fill(v, NB, NM, m, (int)m + 2, &s);
	fill_present(p, NB, 1, &s);
	p[NB - 1] = 1;
	size_t len;
	uint8_t *c = encode(v, p, NB, NM, &len);

	an_enc *e = feed(v, p, 50, NM, false);
	size_t before = an_enc_size(e), nb = an_enc_nbuckets(e);
	assert_true(nb > 0 && p[nb - 1]);
	uint8_t *keep = xmalloc(before);
	assert_int_equal(an_enc_finish(e, keep, before), before);

	/* every truncation, a byte more, damage that breaks the header or
	 * the end; a chunk of 5 metrics into a 4-metric encoder; 200 buckets
	 * where 199 are allowed */
	uint8_t *d = xmalloc(len + 1);
	memcpy(d, c, len);
	d[len] = 0;
	for (size_t n = 0; n <= len + 1; n++)
		if (n != len)
			assert_int_equal(an_enc_load(e, d, n, NB), -1);
	d[0] = 2; /* version */
	assert_int_equal(an_enc_load(e, d, len, NB), -1);
	assert_int_equal(an_enc_load(e, NULL, 0, NB), -1);
	assert_int_equal(an_enc_load(e, c, len, NB - 1), -1);
	an_enc *four = an_enc_new(NM - 1);
	assert_int_equal(an_enc_load(four, c, len, NB), -1);
	assert_int_equal(an_enc_nbuckets(four), 0);
	an_enc_free(four);

	/* back, again, past the limit, no values */
	assert_int_equal(an_enc_put(e, nb - 1, v), -1);
	assert_int_equal(an_enc_put(e, 0, v), -1);
	assert_int_equal(an_enc_put(e, AN_CODEC_MAX_BUCKETS, v), -1);
	assert_int_equal(an_enc_put(e, SIZE_MAX, v), -1);
	assert_int_equal(an_enc_put(e, nb, NULL), -1);
	assert_int_equal(an_enc_nbuckets(e), nb);
	assert_int_equal(an_enc_size(e), before);
	assert_int_equal(an_enc_finish(e, d, before), before);
	assert_memory_equal(d, keep, before);

	/* every cap short of the length, and no buffer */
	for (size_t cap = 0; cap < before; cap++)
		assert_int_equal(an_enc_finish(e, d, cap), 0);
	assert_int_equal(an_enc_finish(e, NULL, before), 0);

	/* the last bucket allowed, far after: one long absent run */
	assert_int_equal(an_enc_put(e, AN_CODEC_MAX_BUCKETS - 1, v), 0);
	assert_int_equal(an_enc_put(e, AN_CODEC_MAX_BUCKETS - 1, v), -1);
	assert_int_equal(an_enc_nbuckets(e), AN_CODEC_MAX_BUCKETS);

	/* cleared, it starts afresh and lets its streams go */
	an_enc_clear(e);
	assert_int_equal(an_enc_nbuckets(e), 0);
	assert_int_equal(an_enc_npresent(e), 0);
	assert_null(an_enc_last(e));
	an_enc *fresh = an_enc_new(NM);
	assert_int_equal(an_enc_memory(e), an_enc_memory(fresh));
	an_enc_free(fresh);
	for (size_t b = 0; b < NB; b++)
		if (p[b])
			assert_int_equal(an_enc_put(e, b, v + b * NM), 0);
	same(e, v, p, NB, NM);
	free(d);
	free(keep);
	an_enc_free(e);
	free(c);
}

enum { HOUR = 360 }; /* 10 s buckets */

/* The memory an open chunk costs: well under the raw values (55 KB), and
 * within 3 times the chunk's encoded size (about 2: a column's tokens are
 * kept in one mode; the rest is 32 bytes a column). */
static void test_memory(void **state)
{
	(void)state;
	uint64_t s = 3;
	const size_t nm = AN_NMETRICS;
	int64_t *v = xmalloc(HOUR * nm * sizeof *v);
	uint8_t *p = xmalloc(HOUR);
	fx_driving(&fx_hour, v, p, &s);
	an_enc *e = feed(v, p, HOUR, nm, true);
	size_t len = an_enc_size(e), mem = an_enc_memory(e);
	an_enc *empty = an_enc_new(nm);
	print_message("driving hour %d x %zu: %zu bytes encoded, encoder holds %zu (%.2f x; "
	              "%zu empty), raw %zu\n",
	              HOUR, nm, len, mem, (double)mem / (double)len, an_enc_memory(empty),
	              HOUR * nm * sizeof *v);
	print_message("30,000 such encoders: %.1f MB\n", 30000.0 * (double)mem / 1e6);
	assert_true(mem < 3 * len);
	an_enc_free(empty);

	/* parked: the same row all hour, a few hundred bytes whatever the
	 * length */
	for (size_t b = 1; b < HOUR; b++)
		memcpy(v + b * nm, v, nm * sizeof *v);
	an_enc *idle = feed(v, NULL, HOUR, nm, false);
	print_message("idle hour: %zu bytes encoded, encoder holds %zu\n", an_enc_size(idle),
	              an_enc_memory(idle));
	assert_true(an_enc_memory(idle) < 1024);
	an_enc_free(idle);
	an_enc_free(e);
	free(v);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_by_hand), cmocka_unit_test(test_random),
	    cmocka_unit_test(test_load),    cmocka_unit_test(test_refuses),
	    cmocka_unit_test(test_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
