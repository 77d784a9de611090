/* test_res_window.c — free windows, nearest offers, occupancy and Gantt
 * rows of one resource (plugins/resources/res_window.c), against windows
 * worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/resources/res_window.h"

#include <string.h>

#define H 3600000ull /* an hour in ms */

static void test_merge(void **state)
{
	(void)state;
	res_span v[] = {{5 * H, 6 * H}, {1 * H, 2 * H},         {2 * H, 3 * H},
	                {7 * H, 7 * H}, {5 * H + 1, 5 * H + 2}, {8 * H, 9 * H}};
	size_t n = res_spans_merge(v, 6);
	assert_int_equal(n, 3);
	/* back to back merge: [1,3) */
	assert_true(v[0].from == 1 * H && v[0].to == 3 * H);
	assert_true(v[1].from == 5 * H && v[1].to == 6 * H);
	assert_true(v[2].from == 8 * H && v[2].to == 9 * H);
	assert_int_equal(res_spans_merge(v, 0), 0);
}

static void test_window_free_half_open(void **state)
{
	(void)state;
	res_span v[] = {{1 * H, 3 * H}, {5 * H, 6 * H}};
	assert_true(res_window_free(v, 2, 0, 1 * H));      /* ends where one starts */
	assert_true(res_window_free(v, 2, 3 * H, 5 * H));  /* fills the gap exactly */
	assert_false(res_window_free(v, 2, 2 * H, 4 * H)); /* overlaps the first */
	assert_false(res_window_free(v, 2, 0, 10 * H));    /* covers both */
	assert_false(res_window_free(v, 2, 5 * H + 1, 5 * H + 2));
	assert_true(res_window_free(NULL, 0, 0, 1));
}

static void test_nearest_free(void **state)
{
	(void)state;
	res_span v[] = {{1 * H, 3 * H}, {4 * H, 6 * H}};
	uint64_t s = 0;
	/* 2 h wanted at 2 h: the gap [3,4) is too short; before [0,1) too;
	 * after 6 h is the only one */
	assert_true(res_nearest_free(v, 2, 2 * H, 2 * H, 0, 24 * H, &s));
	assert_true(s == 6 * H);
	/* 1 h wanted at 2 h: [3,4) is 1 h away, [0,1) is 2 h away */
	assert_true(res_nearest_free(v, 2, 2 * H, 1 * H, 0, 24 * H, &s));
	assert_true(s == 3 * H);
	/* 1 h wanted at 1.25 h: 0 h is 1.25 h early, 3 h is 1.75 h late */
	assert_true(res_nearest_free(v, 2, 1 * H + H / 4, 1 * H, 0, 24 * H, &s));
	assert_true(s == 0);
	/* a free wanted start is itself */
	assert_true(res_nearest_free(v, 2, 10 * H, 1 * H, 0, 24 * H, &s));
	assert_true(s == 10 * H);
	/* nothing fits before hi */
	assert_false(res_nearest_free(v, 2, 2 * H, 3 * H, 0, 8 * H, &s));
	/* lo keeps it from the past */
	assert_true(res_nearest_free(v, 2, 1 * H, 1 * H, 30 * 60000ull, 24 * H, &s));
	assert_true(s == 3 * H);
	assert_false(res_nearest_free(v, 2, 1 * H, 0, 0, 24 * H, &s));
}

static void test_first_fit(void **state)
{
	(void)state;
	res_span v[] = {{1 * H, 3 * H}, {4 * H, 6 * H}};
	uint64_t s = 0;
	assert_true(res_first_fit(v, 2, 0, 24 * H, 1 * H, &s));
	assert_true(s == 0);
	assert_true(res_first_fit(v, 2, 1 * H, 24 * H, 1 * H, &s));
	assert_true(s == 3 * H);
	assert_true(res_first_fit(v, 2, 1 * H, 24 * H, 90 * 60000ull, &s));
	assert_true(s == 6 * H);
	assert_false(res_first_fit(v, 2, 1 * H, 6 * H, 90 * 60000ull, &s));
	assert_false(res_first_fit(v, 2, 5 * H, 4 * H, 1, &s));
}

static void test_covered(void **state)
{
	(void)state;
	res_span v[] = {{1 * H, 3 * H}, {4 * H, 6 * H}};
	assert_true(res_covered(v, 2, 0, 8 * H) == 4 * H);
	assert_true(res_covered(v, 2, 2 * H, 5 * H) == 2 * H);
	assert_true(res_covered(v, 2, 3 * H, 4 * H) == 0);
	assert_true(res_covered(v, 2, 5 * H, 5 * H) == 0);
}

static void test_gantt_row(void **state)
{
	(void)state;
	res_mark m[] = {{{1 * H, 3 * H}, '#'}, {{5 * H, 6 * H}, 'x'}, {{6 * H, 7 * H}, '?'}};
	char row[16];
	/* 8 cells of an hour from 0 h; now at 4.5 h */
	res_gantt_row(row, 8, 0, 8 * H, m, 3, 4 * H + H / 2);
	assert_string_equal(row, ".##.|x?.");
	/* now inside a booking: the booking shows */
	res_gantt_row(row, 8, 0, 8 * H, m, 3, 2 * H);
	assert_string_equal(row, ".##..x?.");
	/* a half-cell booking takes the cell it covers most of */
	res_mark h[] = {{{0, 3 * H / 2}, '#'}};
	res_gantt_row(row, 4, 0, 4 * H, h, 1, 10 * H);
	assert_string_equal(row, "##..");
	res_gantt_row(row, 0, 0, 4 * H, h, 1, 0);
	assert_string_equal(row, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge),        cmocka_unit_test(test_window_free_half_open),
	    cmocka_unit_test(test_nearest_free), cmocka_unit_test(test_first_fit),
	    cmocka_unit_test(test_covered),      cmocka_unit_test(test_gantt_row),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
