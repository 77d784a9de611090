/* test_model.c — the live model: adders and their refusals, lookups,
 * generations, the history ring and the derived vehicle state. */
#include "helpers.h"

#include <math.h>

typedef struct {
	fo_model *m;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->m = fo_model_new();
	assert_non_null(f->m);
	char err[256];
	assert_int_equal(fo_model_tenant_add(f->m, "acme", "Acme", err, sizeof err), 0);
	assert_int_equal(fo_model_tenant_add(f->m, "globex", "Globex", err, sizeof err), 1);
	assert_int_equal(fo_model_fleet_add(f->m, "north", "North", 0, err, sizeof err), 0);
	assert_int_equal(fo_model_fleet_add(f->m, "south", "South", 1, err, sizeof err), 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_model_free(f->m);
	free(f);
	return 0;
}

static void test_tenants_and_fleets(void **state)
{
	fx *f = *state;
	char err[256] = "";
	assert_int_equal(fo_model_tenant_count(f->m), 2);
	assert_string_equal(fo_model_tenant(f->m, 1)->id, "globex");
	assert_string_equal(fo_model_tenant(f->m, 1)->name, "Globex");
	assert_int_equal(fo_model_tenant_add(f->m, "acme", "Again", err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_model_tenant_count(f->m), 2);

	assert_int_equal(fo_model_fleet_count(f->m), 2);
	assert_int_equal(fo_model_fleet(f->m, 1)->tenant, 1);
	assert_string_equal(fo_model_fleet(f->m, 0)->name, "North");
	err[0] = '\0';
	assert_int_equal(fo_model_fleet_add(f->m, "north", "Dup", 0, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_int_equal(fo_model_fleet_add(f->m, "west", "West", 2, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_model_fleet_count(f->m), 2);
	assert_int_equal(fo_model_fleet_find(f->m, "south"), 1);
	assert_int_equal(fo_model_fleet_find(f->m, "west"), -1);
}

static void test_vehicle_add_defaults(void **state)
{
	fx *f = *state;
	char err[256] = "";
	fo_vehicle *v = fo_model_vehicle_add(f->m, "AGV-7", 1, err, sizeof err);
	assert_non_null(v);
	assert_string_equal(v->id, "AGV-7");
	assert_int_equal(v->fleet, 1);
	assert_int_equal(v->idx, 0);
	assert_true(v->online);
	assert_int_equal(v->opmode, FO_OPMODE_AUTOMATIC);
	assert_int_equal(v->estop, FO_ESTOP_NONE);
	assert_int_equal(v->nerrors, 0);
	assert_int_equal(fo_vehicle_history(v, NULL, NULL), 0);
	assert_string_equal(v->order_id, "");
	assert_int_equal(fo_vehicle_state(v), FO_VS_IDLE);

	fo_vehicle *w = fo_model_vehicle_add(f->m, "AGV-8", 0, err, sizeof err);
	assert_non_null(w);
	assert_int_equal(w->idx, 1);
	assert_int_equal(fo_model_vehicle_count(f->m), 2);
	assert_ptr_equal(fo_model_vehicle(f->m, 1), w);
	assert_int_equal(fo_model_vehicle_find(f->m, "AGV-7"), 0);
	assert_int_equal(fo_model_vehicle_find(f->m, "AGV-8"), 1);
	assert_int_equal(fo_model_vehicle_find(f->m, "AGV-9"), -1);
	assert_int_equal(fo_model_vehicle_find(f->m, "AGV-"), -1);
}

static void test_vehicle_refusals(void **state)
{
	fx *f = *state;
	char err[256] = "";
	assert_non_null(fo_model_vehicle_add(f->m, "V1", 0, err, sizeof err));
	assert_null(fo_model_vehicle_add(f->m, "V1", 1, err, sizeof err));
	assert_contains(err, "V1");
	err[0] = '\0';
	assert_null(fo_model_vehicle_add(f->m, "V2", 2, err, sizeof err));
	assert_true(strlen(err) > 0);
	err[0] = '\0';
	assert_null(fo_model_vehicle_add(f->m, "V3", 1000000, err, sizeof err));
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_model_vehicle_count(f->m), 1);
	assert_int_equal(fo_model_vehicle_find(f->m, "V2"), -1);
}

static void test_map(void **state)
{
	fx *f = *state;
	char err[256] = "";
	fo_map_zone z = {.id = "Z1", .name = "Dock", .x0 = 0, .y0 = 0, .x1 = 10, .y1 = 10};
	assert_int_equal(fo_model_zone_add(f->m, &z, err, sizeof err), 0);
	fo_map_node a = {.id = "N-A", .x = 1, .y = 2, .zone = 0, .kind = FO_NODE_CHARGER};
	fo_map_node b = {.id = "N-B", .x = 4, .y = 6, .zone = 0, .kind = FO_NODE_PLAIN};
	assert_int_equal(fo_model_node_add(f->m, &a, err, sizeof err), 0);
	assert_int_equal(fo_model_node_add(f->m, &b, err, sizeof err), 1);
	err[0] = '\0';
	assert_int_equal(fo_model_node_add(f->m, &a, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_model_node_count(f->m), 2);
	assert_int_equal(fo_model_node_find(f->m, "N-B"), 1);
	assert_int_equal(fo_model_node_find(f->m, "N-C"), -1);
	assert_int_equal(fo_model_node(f->m, 0)->kind, FO_NODE_CHARGER);

	fo_map_edge e = {.id = "E1", .from = 0, .to = 1, .length_m = 5};
	assert_int_equal(fo_model_edge_add(f->m, &e, err, sizeof err), 0);
	fo_map_edge bad = {.id = "E2", .from = 0, .to = 7, .length_m = 1};
	err[0] = '\0';
	assert_int_equal(fo_model_edge_add(f->m, &bad, err, sizeof err), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fo_model_edge_count(f->m), 1);
	assert_int_equal(fo_model_edge(f->m, 0)->to, 1);
	assert_int_equal(fo_model_zone_count(f->m), 1);
	assert_string_equal(fo_model_zone(f->m, 0)->name, "Dock");
	/* edges by their ends: directed, the first of a pair wins */
	assert_int_equal(fo_model_edge_find(f->m, 0, 1), 0);
	assert_int_equal(fo_model_edge_find(f->m, 1, 0), -1);
	fo_map_edge back = {.id = "E3", .from = 1, .to = 0},
	            again = {.id = "E4", .from = 0, .to = 1};
	assert_int_equal(fo_model_edge_add(f->m, &back, err, sizeof err), 1);
	assert_int_equal(fo_model_edge_add(f->m, &again, err, sizeof err), 2);
	assert_int_equal(fo_model_edge_find(f->m, 1, 0), 1);
	assert_int_equal(fo_model_edge_find(f->m, 0, 1), 0);
	assert_int_equal(fo_model_edge_find(f->m, 0, 0), -1);
}

/* The pair table through its growths: 2,000 nodes in a ring, both ways. */
static void test_edge_find_many(void **state)
{
	fx *f = *state;
	char err[256] = "";
	enum { K = 2000 };
	for (int i = 0; i < K; i++) {
		fo_map_node n = {.x = i, .y = 0};
		snprintf(n.id, sizeof n.id, "n%d", i);
		assert_int_equal(fo_model_node_add(f->m, &n, err, sizeof err), i);
	}
	for (uint32_t i = 0; i < K; i++) {
		fo_map_edge a = {.from = i, .to = (i + 1) % K}, b = {.from = (i + 1) % K, .to = i};
		assert_int_equal(fo_model_edge_add(f->m, &a, err, sizeof err), (int)(2 * i));
		assert_int_equal(fo_model_edge_add(f->m, &b, err, sizeof err), (int)(2 * i + 1));
	}
	for (uint32_t i = 0; i < K; i++) {
		assert_int_equal(fo_model_edge_find(f->m, i, (i + 1) % K), 2 * i);
		assert_int_equal(fo_model_edge_find(f->m, (i + 1) % K, i), 2 * i + 1);
		assert_int_equal(fo_model_edge_find(f->m, i, (i + 2) % K), -1);
	}
}

static void test_generation(void **state)
{
	fx *f = *state;
	char err[256];
	uint64_t g0 = fo_model_generation(f->m);
	fo_vehicle *v = fo_model_vehicle_add(f->m, "V1", 0, err, sizeof err);
	assert_non_null(v);
	uint64_t g1 = fo_model_generation(f->m);
	assert_true(g1 > g0);
	uint64_t vg = v->gen;
	v->battery = 50;
	fo_model_touch(f->m, v);
	uint64_t g2 = fo_model_generation(f->m);
	assert_true(g2 > g1);
	assert_true(v->gen > vg);
	assert_true(v->gen <= g2);
	/* Reading changes nothing. */
	(void)fo_model_vehicle_find(f->m, "V1");
	(void)fo_vehicle_state(v);
	assert_int_equal(fo_model_generation(f->m), g2);
	fo_model_touch(f->m, v);
	assert_true(fo_model_generation(f->m) > g2);
}

static void test_history_order(void **state)
{
	fx *f = *state;
	char err[256];
	float bat[FO_HISTORY_LEN], spd[FO_HISTORY_LEN];
	fo_vehicle *v = fo_model_vehicle_add(f->m, "V1", 0, err, sizeof err);
	assert_non_null(v);
	assert_int_equal(fo_vehicle_history(v, bat, spd), 0);
	for (int i = 0; i < 3; i++) {
		v->battery = 90.0 - i * 10.25;
		v->speed = 0.5 * i;
		fo_model_sample(f->m);
	}
	v = fo_model_vehicle(f->m, 0);
	assert_int_equal(fo_vehicle_history(v, bat, spd), 3);
	assert_near(bat[0], 90.0, 0.01);
	assert_near(bat[1], 79.75, 0.01);
	assert_near(bat[2], 69.5, 0.01);
	assert_near(spd[0], 0.0, 0.0015);
	assert_near(spd[2], 1.0, 0.0015);
}

static void test_history_wraps(void **state)
{
	fx *f = *state;
	char err[256];
	float bat[FO_HISTORY_LEN], spd[FO_HISTORY_LEN];
	fo_vehicle *v = fo_model_vehicle_add(f->m, "V1", 0, err, sizeof err);
	fo_vehicle *w = fo_model_vehicle_add(f->m, "V2", 0, err, sizeof err);
	assert_non_null(w);
	v = fo_model_vehicle(f->m, 0);
	const int total = FO_HISTORY_LEN + 35;
	for (int i = 0; i < total; i++) {
		v->battery = (double)(i % 100);
		v->speed = i * 0.01;
		w->battery = 100;
		fo_model_sample(f->m);
	}
	assert_int_equal(fo_vehicle_history(v, bat, spd), FO_HISTORY_LEN);
	/* Oldest first: the first 35 samples were overwritten. */
	for (int k = 0; k < FO_HISTORY_LEN; k++) {
		int i = k + 35;
		assert_near(bat[k], (double)(i % 100), 0.01);
		assert_near(spd[k], i * 0.01, 0.0015);
	}
	/* Every vehicle is sampled. */
	assert_int_equal(fo_vehicle_history(w, bat, spd), FO_HISTORY_LEN);
	assert_near(bat[0], 100.0, 0.01);
	assert_near(bat[FO_HISTORY_LEN - 1], 100.0, 0.01);
}

static fo_vehicle *fresh(fx *f, const char *id)
{
	char err[256];
	fo_vehicle *v = fo_model_vehicle_add(f->m, id, 0, err, sizeof err);
	assert_non_null(v);
	return v;
}

static void add_error(fo_vehicle *v, fo_errlevel level)
{
	fo_verror *e = &v->errors[v->nerrors++];
	snprintf(e->type, sizeof e->type, "%s",
	         level == FO_ERRLVL_FATAL ? "laserFault" : "lowBattery");
	snprintf(e->desc, sizeof e->desc, "test");
	e->level = level;
}

static void test_state_single_conditions(void **state)
{
	fx *f = *state;
	fo_vehicle *v;

	v = fresh(f, "idle");
	assert_int_equal(fo_vehicle_state(v), FO_VS_IDLE);

	v = fresh(f, "offline");
	v->online = false;
	assert_int_equal(fo_vehicle_state(v), FO_VS_OFFLINE);

	v = fresh(f, "estop");
	v->estop = FO_ESTOP_MANUAL;
	assert_int_equal(fo_vehicle_state(v), FO_VS_ESTOP);

	v = fresh(f, "estop-remote");
	v->estop = FO_ESTOP_REMOTE;
	assert_int_equal(fo_vehicle_state(v), FO_VS_ESTOP);

	v = fresh(f, "fatal");
	add_error(v, FO_ERRLVL_FATAL);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ERROR);

	v = fresh(f, "warning");
	add_error(v, FO_ERRLVL_WARNING);
	assert_int_equal(fo_vehicle_state(v), FO_VS_IDLE);

	v = fresh(f, "charging");
	v->charging = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_CHARGING);

	v = fresh(f, "driving");
	v->driving = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_DRIVING);

	v = fresh(f, "acting");
	v->acting = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_ACTING);

	v = fresh(f, "paused");
	v->paused = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_PAUSED);
}

static void test_state_precedence(void **state)
{
	fx *f = *state;
	fo_vehicle *v;

	/* Offline hides whatever the last state said. */
	v = fresh(f, "off-estop");
	v->online = false;
	v->estop = FO_ESTOP_MANUAL;
	v->driving = true;
	add_error(v, FO_ERRLVL_FATAL);
	assert_int_equal(fo_vehicle_state(v), FO_VS_OFFLINE);

	/* E-stop beats a fatal error, which beats motion. */
	v = fresh(f, "estop-fatal");
	v->estop = FO_ESTOP_AUTOACK;
	add_error(v, FO_ERRLVL_FATAL);
	v->driving = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_ESTOP);

	v = fresh(f, "fatal-driving");
	add_error(v, FO_ERRLVL_WARNING);
	add_error(v, FO_ERRLVL_FATAL);
	v->driving = true;
	v->charging = true;
	assert_int_equal(fo_vehicle_state(v), FO_VS_ERROR);
}

static void test_state_names(void **state)
{
	for (int s = 0; s < FO_VS__COUNT; s++) {
		const char *n = fo_vstate_name((fo_vstate)s);
		assert_non_null(n);
		assert_true(strlen(n) > 0);
		for (int t = 0; t < s; t++)
			assert_string_not_equal(n, fo_vstate_name((fo_vstate)t));
	}
	assert_non_null(fo_opmode_name(FO_OPMODE_TEACHIN));
	assert_string_not_equal(fo_opmode_name(FO_OPMODE_MANUAL),
	                        fo_opmode_name(FO_OPMODE_SERVICE));
	assert_non_null(fo_estop_name(FO_ESTOP_REMOTE));
	assert_string_not_equal(fo_estop_name(FO_ESTOP_NONE), fo_estop_name(FO_ESTOP_MANUAL));
}

static void test_state_counts_and_alarms(void **state)
{
	fx *f = *state;
	size_t counts[FO_VS__COUNT];
	fresh(f, "a");
	fresh(f, "b");
	fresh(f, "c")->driving = true;
	fresh(f, "d")->online = false;
	fresh(f, "e")->estop = FO_ESTOP_REMOTE;
	add_error(fresh(f, "f"), FO_ERRLVL_FATAL);
	add_error(fresh(f, "g"), FO_ERRLVL_WARNING);
	/* the contract: a change is followed by fo_model_touch */
	for (size_t i = 0; i < fo_model_vehicle_count(f->m); i++)
		fo_model_touch(f->m, fo_model_vehicle(f->m, i));
	memset(counts, 0xff, sizeof counts);
	fo_model_state_counts(f->m, counts);
	assert_int_equal(counts[FO_VS_IDLE], 3);
	assert_int_equal(counts[FO_VS_DRIVING], 1);
	assert_int_equal(counts[FO_VS_OFFLINE], 1);
	assert_int_equal(counts[FO_VS_ESTOP], 1);
	assert_int_equal(counts[FO_VS_ERROR], 1);
	assert_int_equal(counts[FO_VS_CHARGING], 0);
	assert_int_equal(counts[FO_VS_PAUSED], 0);
	assert_int_equal(counts[FO_VS_ACTING], 0);
	size_t sum = 0;
	for (int s = 0; s < FO_VS__COUNT; s++)
		sum += counts[s];
	assert_int_equal(sum, fo_model_vehicle_count(f->m));
	assert_int_equal(fo_model_alarm_count(f->m), 2);
}

static void test_state_counts_follow_touch(void **state)
{
	fx *f = *state;
	size_t counts[FO_VS__COUNT];
	fo_vehicle *v = fresh(f, "a");
	fresh(f, "b");
	v->driving = true;
	fo_model_touch(f->m, v);
	fo_model_state_counts(f->m, counts);
	assert_int_equal(counts[FO_VS_DRIVING], 1);
	assert_int_equal(counts[FO_VS_IDLE], 1);
	v->estop = FO_ESTOP_MANUAL;
	fo_model_touch(f->m, v);
	fo_model_state_counts(f->m, counts);
	assert_int_equal(counts[FO_VS_DRIVING], 0);
	assert_int_equal(counts[FO_VS_ESTOP], 1);
	assert_int_equal(fo_model_alarm_count(f->m), 1);
	v->estop = FO_ESTOP_NONE;
	v->driving = false;
	fo_model_touch(f->m, v);
	fo_model_touch(f->m, v); /* twice changes nothing */
	fo_model_state_counts(f->m, counts);
	assert_int_equal(counts[FO_VS_IDLE], 2);
	assert_int_equal(counts[FO_VS_ESTOP], 0);
	assert_int_equal(fo_model_alarm_count(f->m), 0);
}

static void test_hundred_thousand(void **state)
{
	fx *f = *state;
	char err[256], id[FO_ID_LEN];
	const int n = 100000;
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "VH-%06d", i);
		fo_vehicle *v = fo_model_vehicle_add(f->m, id, (uint32_t)(i % 2), err, sizeof err);
		if (!v)
			fail_msg("add %s: %s", id, err);
		v->battery = i % 101;
	}
	assert_int_equal(fo_model_vehicle_count(f->m), (size_t)n);
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "VH-%06d", i);
		long at = fo_model_vehicle_find(f->m, id);
		if (at != i)
			fail_msg("find %s: %ld", id, at);
	}
	/* Elements survived the growth of the array. */
	fo_vehicle *v = fo_model_vehicle(f->m, 77777);
	assert_string_equal(v->id, "VH-077777");
	assert_int_equal(v->idx, 77777);
	assert_int_equal(v->fleet, 1);
	assert_near(v->battery, (double)(77777 % 101), 1e-9);
	assert_int_equal(fo_model_vehicle_find(f->m, "VH-100000"), -1);
	assert_null(fo_model_vehicle_add(f->m, "VH-099999", 0, err, sizeof err));
	size_t counts[FO_VS__COUNT];
	fo_model_state_counts(f->m, counts);
	assert_int_equal(counts[FO_VS_IDLE], (size_t)n);
	fo_model_sample(f->m);
	assert_int_equal(fo_vehicle_history(fo_model_vehicle(f->m, n - 1), NULL, NULL), 1);
}

static void test_core_model(void **state)
{
	fo_core *core = fo_test_core(NULL);
	fo_model *m = fo_core_model(core);
	assert_non_null(m);
	assert_ptr_equal(m, core->model);
	assert_int_equal(fo_model_vehicle_count(m), 0);
	fo_core_free(core);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_tenants_and_fleets),
	    T(test_vehicle_add_defaults),
	    T(test_vehicle_refusals),
	    T(test_map),
	    T(test_edge_find_many),
	    T(test_generation),
	    T(test_history_order),
	    T(test_history_wraps),
	    T(test_state_single_conditions),
	    T(test_state_precedence),
	    cmocka_unit_test(test_state_names),
	    T(test_state_counts_and_alarms),
	    T(test_state_counts_follow_touch),
	    T(test_hundred_thousand),
	    cmocka_unit_test(test_core_model),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
