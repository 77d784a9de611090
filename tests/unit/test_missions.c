/* test_missions.c — the mission state machine, the dependency DAG, and a
 * mission's plan (its nodes' actions allocated only when there are some;
 * the stored form read back, old records included). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/missions/mission_dag.h"
#include "../../plugins/missions/mission_sm.h"
#include "../../plugins/missions/missions.h"

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

/* ---- the plan */

static mi_action action(const char *type, const char *key, const char *value)
{
	mi_action a;
	memset(&a, 0, sizeof a);
	snprintf(a.type, sizeof a.type, "%s", type);
	snprintf(a.blocking, sizeof a.blocking, "HARD");
	if (key) {
		snprintf(a.params[0].key, sizeof a.params[0].key, "%s", key);
		snprintf(a.params[0].value, sizeof a.params[0].value, "%s", value);
		a.nparams = 1;
	}
	return a;
}

static void test_plan_nodes_are_slim(void **state)
{
	(void)state;
	/* a pass-through node holds its id and two empty lists, no actions */
	assert_true(sizeof(mi_plan_node) < 128);
	mi_mission m;
	memset(&m, 0, sizeof m);
	for (int i = 0; i < 200; i++) {
		char id[16];
		snprintf(id, sizeof id, "N-%05d", i);
		mi_plan_node *p = mi_plan_append(&m, id);
		assert_null(p->actions);
		assert_null(p->edge_actions);
	}
	assert_int_equal(m.nplan, 200);
	assert_string_equal(m.plan[199].node, "N-00199");
	mi_action two[2] = {action("pick", "stationType", "rack"), action("lift", NULL, NULL)};
	mi_plan_add_actions(&m.plan[7], two, 2, false);
	mi_plan_add_actions(&m.plan[7], two, 1, false); /* a second step on the node */
	assert_int_equal(m.plan[7].nactions, 3);
	assert_string_equal(m.plan[7].actions[2].type, "pick");
	assert_null(m.plan[6].actions);
	mi_plan_free(&m);
	assert_null(m.plan);
	assert_int_equal(m.nplan, 0);
	mi_plan_free(&m); /* twice: nothing left to free */
}

static void test_plan_json_round_trip(void **state)
{
	(void)state;
	mi_mission m;
	memset(&m, 0, sizeof m);
	mi_plan_append(&m, "N-00001");
	mi_plan_append(&m, "N-00002");
	mi_plan_node *p = mi_plan_append(&m, "N-00003");
	mi_action drop = action("drop", "height", "0.5");
	drop.params[0].raw = true;
	mi_action detect = action("detectObject", NULL, NULL);
	snprintf(detect.blocking, sizeof detect.blocking, "NONE");
	mi_plan_add_actions(p, &drop, 1, false);
	mi_plan_add_actions(p, &detect, 1, true);
	p->edge_max_speed = 1.25;
	m.released = 2;
	m.order_update = 1;
	m.released_prev = 1;
	m.attempts = 1;
	char *txt = mi_plan_json(&m);
	/* the stored form is what it always was */
	assert_non_null(strstr(txt, "{\"node\":\"N-00002\",\"actions\":[]}"));
	assert_non_null(strstr(txt, "\"edge_actions\":[{\"type\":\"detectObject\",\"blocking\":"
	                            "\"NONE\",\"parameters\":[]}],\"edge_max_speed\":1.25"));
	mi_mission back;
	memset(&back, 0, sizeof back);
	mi_plan_append(&back, "stale"); /* replaced, not leaked */
	mi_plan_from_json(&back, txt);
	assert_int_equal(back.nplan, 3);
	assert_null(back.plan[1].actions);
	assert_int_equal(back.plan[2].nactions, 1);
	assert_string_equal(back.plan[2].actions[0].params[0].value, "0.5");
	assert_true(back.plan[2].actions[0].params[0].raw);
	assert_int_equal(back.plan[2].nedge_actions, 1);
	assert_true(back.plan[2].edge_max_speed == 1.25);
	assert_int_equal(back.released, 2);
	assert_int_equal(back.released_prev, 1);
	char *again = mi_plan_json(&back);
	assert_string_equal(again, txt);
	/* not JSON: the plan stays */
	mi_plan_from_json(&back, "oops");
	assert_int_equal(back.nplan, 3);
	free(txt);
	free(again);
	mi_plan_free(&m);
	mi_plan_free(&back);
}

static void test_plan_old_record_loads(void **state)
{
	(void)state;
	/* a plan column as missions stored it before the slimming */
	const char *old =
	    "{\"nodes\":[{\"node\":\"ST-00004\",\"actions\":[]},{\"node\":\"ST-00012\","
	    "\"actions\":[{\"type\":\"pick\",\"blocking\":\"HARD\",\"parameters\":[{\"key\":"
	    "\"stationType\",\"value\":\"rack\",\"raw\":false}]}],\"edge_actions\":[{\"type\":"
	    "\"detectObject\",\"blocking\":\"NONE\",\"parameters\":[]}],\"edge_max_speed\":1.25}],"
	    "\"released\":2,\"order_update\":0,\"reached\":1,\"released_prev\":0,\"distance_m\":"
	    "12.5,\"battery_start\":80.0,\"attempts\":1,\"any_vehicle\":true,\"template_name\":"
	    "\"pick-drop\",\"created_ms\":1700000000000,\"state_since_ms\":1700000001000,"
	    "\"waiting_s\":1.5}";
	mi_mission m;
	memset(&m, 0, sizeof m);
	mi_plan_from_json(&m, old);
	assert_int_equal(m.nplan, 2);
	assert_null(m.plan[0].actions);
	assert_string_equal(m.plan[1].node, "ST-00012");
	assert_string_equal(m.plan[1].actions[0].params[0].key, "stationType");
	assert_string_equal(m.plan[1].edge_actions[0].type, "detectObject");
	assert_int_equal(m.reached, 1);
	assert_string_equal(m.template_name, "pick-drop");
	char *txt = mi_plan_json(&m);
	assert_string_equal(txt, old);
	free(txt);
	mi_plan_free(&m);
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
	    cmocka_unit_test(test_plan_nodes_are_slim),
	    cmocka_unit_test(test_plan_json_round_trip),
	    cmocka_unit_test(test_plan_old_record_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
