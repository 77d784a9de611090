/* test_an_rollup.c — history buckets from samples of the live model
 * (plugins/analytics/an_rollup.c) against buckets worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_rollup.h"

#include <string.h>

enum { IDLE = 1, DRIVING = 2, CHARGING = 4 };

static an_sample smp(int state, double odo, double batt, unsigned nerr, uint64_t seen)
{
	an_sample s = {.state = state,
	               .odometer_m = odo,
	               .battery = batt,
	               .nerrors = nerr,
	               .last_seen_ms = seen};
	return s;
}

static void test_one_bucket(void **state)
{
	(void)state;
	an_acc a;
	an_acc_init(&a, 10000);
	int64_t out[4][AN_NMETRICS];
	uint64_t at[4];
	an_sample s = smp(IDLE, 0, 50, 0, 1000);
	assert_int_equal(an_acc_sample(&a, &s, 1000, 5000, out, at, 4), 0);
	s = smp(DRIVING, 0, 50, 0, 4000);
	assert_int_equal(an_acc_sample(&a, &s, 4000, 5000, out, at, 4), 0);
	s = smp(DRIVING, 5, 49.5, 1, 9000);
	assert_int_equal(an_acc_sample(&a, &s, 9000, 5000, out, at, 4), 0);
	an_acc_missions(&a, 2, 1);
	s = smp(IDLE, 8, 49.0, 1, 9000); /* no new message: seen unchanged */
	assert_int_equal(an_acc_sample(&a, &s, 12000, 5000, out, at, 4), 1);
	/* [0, 10 s): idle 1-4 s = 3000 ms; driving 4-9 s and 9-10 s = 6000 */
	assert_int_equal(at[0], 0);
	assert_int_equal(out[0][AN_M_STATE0 + IDLE], 3000);
	assert_int_equal(out[0][AN_M_STATE0 + DRIVING], 6000);
	assert_int_equal(out[0][AN_M_DIST_CM], 500);
	assert_int_equal(out[0][AN_M_DRAIN_CP], 50);
	assert_int_equal(out[0][AN_M_GAIN_CP], 0);
	assert_int_equal(out[0][AN_M_BATT_CP], 4950);
	assert_int_equal(out[0][AN_M_BATT_MIN_CP], 4950);
	assert_int_equal(out[0][AN_M_FAULTS], 1);
	assert_int_equal(out[0][AN_M_MESSAGES], 2);
	assert_int_equal(out[0][AN_M_MISSIONS_DONE], 2);
	assert_int_equal(out[0][AN_M_MISSIONS_FAILED], 1);
	assert_int_equal(out[0][AN_M_SAMPLES], 3);
	assert_int_equal(out[0][AN_M_SUBJECTS], 1);
	/* the open bucket [10 s, 20 s): driving 10-12 s, 3 m, 0.5 % */
	assert_int_equal(a.start_ms, 10000);
	assert_int_equal(a.m[AN_M_STATE0 + DRIVING], 2000);
	assert_int_equal(a.m[AN_M_DIST_CM], 300);
	assert_int_equal(a.m[AN_M_DRAIN_CP], 50);
	assert_int_equal(a.m[AN_M_BATT_CP], 4900);
	assert_int_equal(a.m[AN_M_MISSIONS_DONE], 0);
}

static void test_spans_and_gaps(void **state)
{
	(void)state;
	an_acc a;
	an_acc_init(&a, 10000);
	int64_t out[8][AN_NMETRICS];
	uint64_t at[8];
	an_sample s = smp(CHARGING, 0, 20, 0, 5000);
	an_acc_sample(&a, &s, 5000, 60000, out, at, 8);
	/* 5 s to 38 s charging, sampled once more at 38 s: [0,10) gets 5 s,
	 * [10,20) and [20,30) 10 s each, [30,38) stays open with 8 s; the
	 * charge shows in the bucket of the sample that saw it */
	s = smp(CHARGING, 0, 30, 0, 38000);
	assert_int_equal(an_acc_sample(&a, &s, 38000, 60000, out, at, 8), 3);
	assert_int_equal(at[0], 0);
	assert_int_equal(out[0][AN_M_STATE0 + CHARGING], 5000);
	assert_int_equal(at[1], 10000);
	assert_int_equal(out[1][AN_M_STATE0 + CHARGING], 10000);
	assert_int_equal(at[2], 20000);
	assert_int_equal(out[2][AN_M_STATE0 + CHARGING], 10000);
	assert_int_equal(a.m[AN_M_STATE0 + CHARGING], 8000);
	assert_int_equal(a.m[AN_M_GAIN_CP], 1000);
	/* a gap longer than gap_ms counts to nothing: the open bucket closes
	 * with what it had, buckets in the gap are absent */
	s = smp(IDLE, 0, 30, 0, 500000);
	assert_int_equal(an_acc_sample(&a, &s, 500000, 60000, out, at, 8), 1);
	assert_int_equal(at[0], 30000);
	assert_int_equal(out[0][AN_M_STATE0 + CHARGING], 8000);
	assert_int_equal(a.start_ms, 500000);
	assert_int_equal(a.m[AN_M_STATE0 + CHARGING], 0);
	assert_int_equal(a.m[AN_M_SAMPLES], 1);
	/* a clock step back: time stands still, nothing negative */
	s = smp(IDLE, 0, 30, 0, 500000);
	an_acc_sample(&a, &s, 499000, 60000, out, at, 8);
	assert_int_equal(a.m[AN_M_STATE0 + IDLE], 0);
	/* room for fewer closed buckets than closed: the rest are dropped, the
	 * count says how many were written */
	s = smp(IDLE, 0, 30, 0, 520000);
	assert_int_equal(an_acc_sample(&a, &s, 545000, 60000, out, at, 1), 1);
	assert_int_equal(at[0], 500000);
}

static void test_merge(void **state)
{
	(void)state;
	int64_t a[AN_NMETRICS] = {0}, b[AN_NMETRICS] = {0}, none[AN_NMETRICS] = {0};
	a[AN_M_STATE0 + IDLE] = 4000;
	a[AN_M_DIST_CM] = 100;
	a[AN_M_BATT_CP] = 5000;
	a[AN_M_BATT_MIN_CP] = 4900;
	a[AN_M_SAMPLES] = 4;
	a[AN_M_SUBJECTS] = 1;
	b[AN_M_STATE0 + IDLE] = 6000;
	b[AN_M_DIST_CM] = 50;
	b[AN_M_BATT_CP] = 4800;
	b[AN_M_BATT_MIN_CP] = 4800;
	b[AN_M_SAMPLES] = 6;
	b[AN_M_SUBJECTS] = 1;
	int64_t m[AN_NMETRICS];
	memcpy(m, a, sizeof m);
	an_bucket_merge(m, b);
	assert_int_equal(m[AN_M_STATE0 + IDLE], 10000);
	assert_int_equal(m[AN_M_DIST_CM], 150);
	assert_int_equal(m[AN_M_BATT_CP], 4800);
	assert_int_equal(m[AN_M_BATT_MIN_CP], 4800);
	assert_int_equal(m[AN_M_SAMPLES], 10);
	assert_int_equal(m[AN_M_SUBJECTS], 1);
	/* an empty bucket after keeps the battery figures */
	an_bucket_merge(m, none);
	assert_int_equal(m[AN_M_BATT_CP], 4800);
	assert_int_equal(m[AN_M_BATT_MIN_CP], 4800);
	/* merging into an empty one takes the other's */
	memset(m, 0, sizeof m);
	an_bucket_merge(m, a);
	assert_int_equal(m[AN_M_BATT_MIN_CP], 4900);
	/* a fleet of the two: sums, the mean battery from the subjects */
	memset(m, 0, sizeof m);
	an_bucket_add_subject(m, a);
	an_bucket_add_subject(m, b);
	assert_int_equal(m[AN_M_SUBJECTS], 2);
	assert_int_equal(m[AN_M_BATT_CP] / m[AN_M_SUBJECTS], 4900);
	assert_int_equal(m[AN_M_BATT_MIN_CP], 4800);
	assert_int_equal(m[AN_M_STATE0 + IDLE], 10000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_bucket),
	    cmocka_unit_test(test_spans_and_gaps),
	    cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
