/* test_missions.c — the mission state machine and the dependency DAG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../plugins/missions/mission_dag.h"
#include "../../plugins/missions/mission_sm.h"

static void test_happy_path(void **state)
{
	(void)state;
	ms_state s = MS_QUEUED;
	const ms_event path[] = {ME_DISPATCH, ME_ACCEPTED, ME_PAUSE, ME_RESUME, ME_DONE};
	const ms_state want[] = {MS_DISPATCHED, MS_ACTIVE, MS_PAUSED, MS_ACTIVE, MS_COMPLETED};
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++) {
		assert_true(ms_next(s, path[i], &s));
		assert_int_equal(s, want[i]);
	}
	assert_true(ms_terminal(s));
}

static void test_terminal_accepts_nothing(void **state)
{
	(void)state;
	const ms_state term[] = {MS_COMPLETED, MS_FAILED, MS_CANCELLED};
	for (size_t i = 0; i < 3; i++)
		for (int e = 0; e < ME__COUNT; e++) {
			ms_state to = MS_QUEUED;
			assert_false(ms_next(term[i], (ms_event)e, &to));
			assert_int_equal(to, MS_QUEUED); /* untouched */
		}
}

static void test_every_live_state_can_cancel_and_fail(void **state)
{
	(void)state;
	for (int s = 0; s < MS__COUNT; s++) {
		if (ms_terminal((ms_state)s))
			continue;
		ms_state to;
		assert_true(ms_next((ms_state)s, ME_CANCEL, &to));
		assert_int_equal(to, MS_CANCELLED);
		assert_true(ms_next((ms_state)s, ME_FAIL, &to));
		assert_int_equal(to, MS_FAILED);
	}
}

static void test_refused_transitions(void **state)
{
	(void)state;
	ms_state to;
	assert_false(ms_next(MS_WAITING, ME_DISPATCH, &to)); /* prerequisites first */
	assert_false(ms_next(MS_QUEUED, ME_DONE, &to));      /* never sent */
	assert_false(ms_next(MS_QUEUED, ME_PAUSE, &to));
	assert_false(ms_next(MS_ACTIVE, ME_RESUME, &to));   /* not paused */
	assert_false(ms_next(MS_ACTIVE, ME_DISPATCH, &to)); /* sent twice */
	assert_false(ms_next(MS_PAUSED, ME_PAUSE, &to));
	assert_false(ms_next((ms_state)99, ME_DONE, &to));
	assert_false(ms_next(MS_ACTIVE, (ms_event)99, &to));
	/* requeue only from a vehicle */
	assert_false(ms_next(MS_QUEUED, ME_REQUEUE, &to));
	assert_true(ms_next(MS_ACTIVE, ME_REQUEUE, &to));
	assert_int_equal(to, MS_QUEUED);
	assert_true(ms_next(MS_QUEUED, ME_DEPS_PENDING, &to));
	assert_int_equal(to, MS_WAITING);
	assert_true(ms_next(MS_WAITING, ME_DEPS_MET, &to));
	assert_int_equal(to, MS_QUEUED);
}

static void test_names(void **state)
{
	(void)state;
	for (int s = 0; s < MS__COUNT; s++)
		assert_int_equal(ms_state_parse(ms_state_name((ms_state)s)), s);
	assert_int_equal(ms_state_parse("running"), -1);
	assert_int_equal(ms_state_parse(NULL), -1);
	assert_string_equal(ms_state_name((ms_state)42), "?");
	assert_true(ms_on_vehicle(MS_PAUSED));
	assert_false(ms_on_vehicle(MS_QUEUED));
}

static void test_dag_accepts_a_dag(void **state)
{
	(void)state;
	/* B after A, C after A and B, D after C */
	const md_edge e[] = {{"B", "A"}, {"C", "A"}, {"C", "B"}, {"D", "C"}};
	char path[128];
	assert_false(md_would_cycle(e, 4, "D", "A", path, sizeof path));
	assert_string_equal(path, "");
	assert_false(md_would_cycle(e, 4, "E", "D", path, sizeof path));
	assert_false(md_would_cycle(NULL, 0, "A", "B", path, sizeof path));
}

static void test_dag_names_the_cycle(void **state)
{
	(void)state;
	const md_edge e[] = {{"B", "A"}, {"C", "B"}, {"D", "C"}, {"X", "Y"}};
	char path[128];
	/* A after D closes A <- B <- C <- D <- A */
	assert_true(md_would_cycle(e, 4, "A", "D", path, sizeof path));
	assert_string_equal(path, "A -> D -> C -> B -> A");
	assert_true(md_would_cycle(e, 4, "A", "A", path, sizeof path));
	assert_string_equal(path, "A -> A");
	assert_true(md_would_cycle(e, 4, "B", "C", path, sizeof path));
	assert_string_equal(path, "B -> C -> B");
	/* cut to the buffer, still terminated */
	char small[8];
	assert_true(md_would_cycle(e, 4, "A", "D", small, sizeof small));
	assert_int_equal(strlen(small), 7);
}

static void test_dag_diamond_and_long_chain(void **state)
{
	(void)state;
	/* a chain of 2,000: closing it is found, a parallel edge is not */
	enum { N = 2000 };
	static char ids[N][16];
	static md_edge e[N];
	for (int i = 0; i < N; i++)
		snprintf(ids[i], sizeof ids[i], "M%d", i);
	for (int i = 1; i < N; i++)
		e[i - 1] = (md_edge){ids[i], ids[i - 1]};
	char path[64];
	assert_true(md_would_cycle(e, N - 1, ids[0], ids[N - 1], path, sizeof path));
	assert_false(md_would_cycle(e, N - 1, ids[N - 1], ids[0], path, sizeof path));
	/* diamond: D after B and C, both after A; nothing cyclic */
	const md_edge d[] = {{"B", "A"}, {"C", "A"}, {"D", "B"}, {"D", "C"}};
	assert_false(md_would_cycle(d, 4, "D", "A", path, sizeof path));
	assert_true(md_would_cycle(d, 4, "A", "D", path, sizeof path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_happy_path),
	    cmocka_unit_test(test_terminal_accepts_nothing),
	    cmocka_unit_test(test_every_live_state_can_cancel_and_fail),
	    cmocka_unit_test(test_refused_transitions),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_dag_accepts_a_dag),
	    cmocka_unit_test(test_dag_names_the_cycle),
	    cmocka_unit_test(test_dag_diamond_and_long_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
