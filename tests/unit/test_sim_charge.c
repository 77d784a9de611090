/* test_sim_charge.c — charging on the built-in simulator by the master
 * control (issue 13): startCharging and stopCharging as node actions of an
 * order and as instant actions, sent through fo_dispatch_order and
 * fo_dispatch_actions as the Resources plugin sends them; the
 * startChargingFailed warning off a charger; sim.self_charge false (no
 * charging of the sim's own); a flat battery stops the vehicle.  The sim is
 * the real plugin, driven by `sim step`, never by the clock. */
#include "helpers.h"

#include <math.h>

typedef struct {
	fo_core *core;
	size_t done_events;
} fx;

static void on_done(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vev_order *e = payload;
	if (strncmp(e->order_id, "sim-order-", 10) != 0)
		((fx *)ud)->done_events++;
}

static void set(fo_config *cfg, const char *name, const char *value)
{
	char err[256] = "";
	if (fo_config_set(cfg, name, value, FO_SRC_FLAG, err, sizeof err) != 0)
		fail_msg("config %s=%s: %s", name, value, err);
}

static fx *fx_open(const char *jobs, const char *self_charge)
{
	char err[256] = "", path[4096];
	fx *f = calloc(1, sizeof *f);
	fo_config *cfg = fo_config_new();
	set(cfg, "log_file", "/dev/null");
	set(cfg, "plugin_path", "/nonexistent-fleetops-plugins");
	set(cfg, "demo", "true");
	set(cfg, "sim.seed", "7");
	set(cfg, "sim.vehicles", "20");
	set(cfg, "sim.jobs", jobs);
	set(cfg, "sim.self_charge", self_charge);
	f->core = fo_core_new(cfg, err, sizeof err);
	if (!f->core)
		fail_msg("fo_core_new: %s", err);
	fo_core_start(f->core);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ORDER_DONE, on_done, f);
	snprintf(path, sizeof path, "%s/plugins/sim.so", fo_test_build_dir());
	assert_int_equal(fo_plugins_load_file(f->core->plugins, f->core, path), FO_PLUGIN_LOADED);
	return f;
}

static int setup_master_only(void **state) /* jobs none, self_charge false */
{
	*state = fx_open("none", "false");
	return 0;
}

static int setup_random_master(void **state) /* jobs random, self_charge false */
{
	*state = fx_open("random", "false");
	return 0;
}

static int setup_random_self(void **state) /* the default: jobs random, self_charge */
{
	*state = fx_open("random", "true");
	return 0;
}

static int fx_teardown(void **state)
{
	fx *f = *state;
	fo_core_free(f->core);
	free(f);
	return 0;
}

static void run(fx *f, const char *line)
{
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(f->core, line, out);
	if (st != FO_OK)
		fail_msg("%s: %s%s", line, fo_out_text(out), fo_out_err(out));
	fo_out_free(out);
}

static void step(fx *f, long n)
{
	char line[64];
	snprintf(line, sizeof line, "sim step --count %ld", n);
	run(f, line);
}

static void battery(fx *f, const fo_vehicle *v, double pct)
{
	char line[96];
	snprintf(line, sizeof line, "sim battery %s %g", v->id, pct);
	run(f, line);
}

static const fo_verror *error_of(const fo_vehicle *v, const char *type)
{
	for (uint8_t i = 0; i < v->nerrors; i++)
		if (strcmp(v->errors[i].type, type) == 0)
			return &v->errors[i];
	return NULL;
}

/* The model node a vehicle stands on, or NULL. */
static const fo_map_node *node_under(fx *f, const fo_vehicle *v)
{
	fo_model *m = fo_core_model(f->core);
	for (size_t i = 0; i < fo_model_node_count(m); i++) {
		const fo_map_node *n = fo_model_node(m, i);
		if (fabs(n->x - v->x) < 0.01 && fabs(n->y - v->y) < 0.01)
			return n;
	}
	return NULL;
}

/* An idle vehicle standing on a plain node, and the charger nearest it
 * that no vehicle stands on. */
static fo_vehicle *idle_near_charger(fx *f, const char **start, const char **charger)
{
	fo_model *m = fo_core_model(f->core);
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		fo_vehicle *v = fo_model_vehicle(m, i);
		const fo_map_node *at = node_under(f, v);
		if (v->driving || v->acting || v->charging || v->order_id[0] || v->battery < 30 ||
		    v->nerrors || !at || at->kind != FO_NODE_PLAIN)
			continue;
		double best = 1e18;
		*charger = NULL;
		for (size_t k = 0; k < fo_model_node_count(m); k++) {
			const fo_map_node *n = fo_model_node(m, k);
			if (n->kind != FO_NODE_CHARGER)
				continue;
			bool taken = false;
			for (size_t j = 0; j < fo_model_vehicle_count(m); j++) {
				const fo_vehicle *o = fo_model_vehicle(m, j);
				taken |= fabs(o->x - n->x) < 0.01 && fabs(o->y - n->y) < 0.01;
			}
			double d = hypot(n->x - v->x, n->y - v->y);
			if (!taken && d < best) {
				best = d;
				*charger = n->id;
			}
		}
		if (*charger) {
			*start = at->id;
			return v;
		}
	}
	fail_msg("no idle vehicle on a plain node with a free charger");
	return NULL;
}

static fo_status order_to(fx *f, fo_vehicle *v, const char *id, const char *from, const char *to,
                          const char *last_action, char *err, size_t errlen)
{
	const char *nodes[2] = {from, to};
	fo_vda_action act = {.type = last_action, .blocking = "HARD"};
	const fo_vda_action *acts[2] = {NULL, &act};
	size_t nacts[2] = {0, last_action ? 1 : 0};
	fo_vda_order_req req = {.order_id = id,
	                        .node_ids = nodes,
	                        .nnodes = 2,
	                        .released = 2,
	                        .node_actions = acts,
	                        .node_nactions = nacts};
	err[0] = '\0';
	return fo_dispatch_order(f->core, v->idx, &req, err, errlen);
}

static fo_status instant(fx *f, fo_vehicle *v, const char *type, char *err, size_t errlen)
{
	fo_vda_action a = {.type = type, .blocking = "HARD"};
	err[0] = '\0';
	return fo_dispatch_actions(f->core, v->idx, &a, 1, err, errlen);
}

static void until_done(fx *f, fo_vehicle *v, long most)
{
	for (long i = 0; i < most; i++) {
		step(f, 1);
		if (v->nodes_left == 0 && !v->driving && !v->acting)
			return;
	}
	fail_msg("%s did not finish order %s in %ld steps", v->id, v->order_id, most);
}

/* A routed order to a charger whose last node carries startCharging: the
 * order ends with the vehicle charging there (the action FINISHED: acting
 * false, charging true), the battery rises at 0.8 %/s and stops at 100 %
 * with charging still on; no new order while charging; stopCharging ends
 * it; an instant startCharging on the charger starts it again. */
static void test_order_then_charge(void **state)
{
	fx *f = *state;
	char err[256];
	const char *start, *charger;
	fo_vehicle *v = idle_near_charger(f, &start, &charger);
	battery(f, v, 40);
	assert_int_equal(
	    order_to(f, v, "o-charge", start, charger, "startCharging", err, sizeof err), FO_OK);
	until_done(f, v, 3000);
	assert_string_equal(v->last_node, charger);
	assert_true(v->charging);
	assert_null(error_of(v, "startChargingFailed"));
	assert_int_equal(f->done_events, 1);
	assert_int_equal(fo_vehicle_state(v), FO_VS_CHARGING);

	double b0 = v->battery, x = v->x, y = v->y;
	step(f, 100); /* 10 s */
	assert_near(v->battery, b0 + 8.0, 0.05);
	assert_true(v->charging);
	assert_near(v->x, x, 1e-9);
	assert_near(v->y, y, 1e-9);

	/* charging: not ready for an order (VDA 5050: stopCharging first) */
	assert_int_equal(order_to(f, v, "o-away", charger, start, NULL, err, sizeof err), FO_ERR);
	assert_contains(err, "stopCharging");

	step(f, 1000); /* full, and held there, still charging */
	assert_near(v->battery, 100, 1e-9);
	assert_true(v->charging);

	assert_int_equal(instant(f, v, "stopCharging", err, sizeof err), FO_OK);
	assert_false(v->charging);
	step(f, 100);
	assert_true(v->battery < 100); /* draining again */
	assert_false(v->charging);
	assert_near(v->x, x, 1e-9); /* sim.jobs none: it stands */
	/* stopCharging when not charging just finishes */
	assert_int_equal(instant(f, v, "stopCharging", err, sizeof err), FO_OK);

	/* the instant action on the charger */
	double b1 = v->battery;
	assert_int_equal(instant(f, v, "startCharging", err, sizeof err), FO_OK);
	assert_true(v->charging);
	step(f, 50);
	assert_true(v->battery > b1);
	assert_int_equal(instant(f, v, "startCharging", err, sizeof err), FO_OK); /* idempotent */
	assert_int_equal(instant(f, v, "stopCharging", err, sizeof err), FO_OK);

	/* and now an order is taken */
	assert_int_equal(order_to(f, v, "o-away", charger, start, NULL, err, sizeof err), FO_OK);
	until_done(f, v, 3000);
	assert_string_equal(v->last_node, start);
}

/* startCharging off a charger FAILS: the WARNING startChargingFailed
 * naming the node, charging stays off; as an instant action the request
 * is refused too.  A later startCharging that works clears it. */
static void test_not_a_charger(void **state)
{
	fx *f = *state;
	char err[256];
	const char *start, *charger;
	fo_vehicle *v = idle_near_charger(f, &start, &charger);

	assert_int_equal(instant(f, v, "startCharging", err, sizeof err), FO_ERR);
	assert_contains(err, "not a charger");
	assert_contains(err, start);
	const fo_verror *e = error_of(v, "startChargingFailed");
	assert_non_null(e);
	assert_int_equal(e->level, FO_ERRLVL_WARNING);
	assert_contains(e->desc, "not a charger");
	assert_false(v->charging);

	/* as a node action on a plain node: the order still ends, no charging */
	const fo_map_node *n = NULL;
	fo_model *m = fo_core_model(f->core);
	for (size_t i = 0; i < fo_model_node_count(m) && !n; i++) {
		const fo_map_node *c = fo_model_node(m, i);
		if (c->kind == FO_NODE_PLAIN && hypot(c->x - v->x, c->y - v->y) > 4 &&
		    hypot(c->x - v->x, c->y - v->y) < 16)
			n = c;
	}
	assert_non_null(n);
	assert_int_equal(order_to(f, v, "o-plain", start, n->id, "startCharging", err, sizeof err),
	                 FO_OK);
	assert_null(error_of(v, "startChargingFailed")); /* a new order clears it */
	until_done(f, v, 3000);
	assert_false(v->charging);
	e = error_of(v, "startChargingFailed");
	assert_non_null(e);
	assert_contains(e->desc, n->id);
	double b = v->battery;
	step(f, 50);
	assert_true(v->battery < b);

	/* to the charger, where it works and the warning goes */
	assert_int_equal(order_to(f, v, "o-ch", n->id, charger, "startCharging", err, sizeof err),
	                 FO_OK);
	until_done(f, v, 3000);
	assert_true(v->charging);
	assert_null(error_of(v, "startChargingFailed"));
}

/* Driving, startCharging is refused whatever the node. */
static void test_while_driving(void **state)
{
	fx *f = *state;
	char err[256];
	const char *start, *charger;
	fo_vehicle *v = idle_near_charger(f, &start, &charger);
	assert_int_equal(order_to(f, v, "o-drive", start, charger, NULL, err, sizeof err), FO_OK);
	step(f, 15);
	assert_true(v->driving);
	assert_int_equal(instant(f, v, "startCharging", err, sizeof err), FO_ERR);
	assert_contains(err, "while driving");
	assert_false(v->charging);
	until_done(f, v, 3000); /* the order goes on */
	assert_string_equal(v->last_node, charger);
	assert_false(v->charging);
}

/* sim.self_charge false: a low vehicle never goes charging on its own; it
 * keeps taking its own trips until the battery is flat, then stops with
 * the FATAL batteryEmpty and stands.  Charging where it stands (on a
 * charger) needs the master. */
static void test_no_self_charge(void **state)
{
	fx *f = *state;
	fo_model *m = fo_core_model(f->core);
	fo_vehicle *v = fo_model_vehicle(m, 3);
	battery(f, v, 3);
	double odo = v->odometer_m;
	bool charged = false, drove = false;
	for (int i = 0; i < 6000 && v->battery > 0; i++) { /* up to 10 minutes */
		step(f, 1);
		charged |= v->charging;
		drove |= v->driving;
	}
	print_message("%s drove %.0f m to %.2f %%\n", v->id, v->odometer_m - odo, v->battery);
	assert_false(charged);
	assert_true(drove);
	assert_near(v->battery, 0, 1e-9);
	step(f, 2);
	const fo_verror *e = error_of(v, "batteryEmpty");
	assert_non_null(e);
	assert_int_equal(e->level, FO_ERRLVL_FATAL);
	assert_false(v->driving);
	double x = v->x, y = v->y, o = v->odometer_m;
	step(f, 600);
	assert_near(v->x, x, 1e-9);
	assert_near(v->y, y, 1e-9);
	assert_near(v->odometer_m, o, 1e-9);
	assert_false(v->charging);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ERROR);
	/* charge set by hand: the error goes, it drives again */
	battery(f, v, 50);
	step(f, 1);
	assert_null(error_of(v, "batteryEmpty"));

	/* every other vehicle: none charged on its own either */
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++)
		assert_false(fo_model_vehicle(m, i)->charging);
}

/* The default (sim.self_charge true): the same low vehicle goes charging
 * by itself, as before. */
static void test_self_charge(void **state)
{
	fx *f = *state;
	fo_vehicle *v = fo_model_vehicle(fo_core_model(f->core), 3);
	battery(f, v, 12);
	bool charged = false;
	for (int i = 0; i < 6000 && !charged; i++) {
		step(f, 1);
		charged = v->charging;
	}
	assert_true(charged);
}

/* sim.self_charge false with jobs of their own: charging by action keeps
 * the vehicle on the charger (no trips of its own); after stopCharging it
 * takes its own jobs again. */
static void test_jobs_resume(void **state)
{
	fx *f = *state;
	char err[256];
	const char *start, *charger;
	fo_vehicle *v = NULL;
	for (int tries = 0; tries < 50; tries++) {
		v = idle_near_charger(f, &start, &charger);
		if (order_to(f, v, "o-charge", start, charger, "startCharging", err, sizeof err) ==
		    FO_OK)
			break;
		step(f, 1);
		v = NULL;
	}
	assert_non_null(v);
	until_done(f, v, 3000);
	assert_true(v->charging);
	double x = v->x, y = v->y;
	step(f, 3000); /* 5 minutes: no trip of its own */
	assert_true(v->charging);
	assert_near(v->x, x, 1e-9);
	assert_near(v->y, y, 1e-9);
	assert_near(v->battery, 100, 1e-9);
	assert_int_equal(instant(f, v, "stopCharging", err, sizeof err), FO_OK);
	bool moved = false;
	for (int i = 0; i < 3000 && !moved; i++) {
		step(f, 1);
		moved = v->driving && strncmp(v->order_id, "sim-order-", 10) == 0;
	}
	assert_true(moved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_order_then_charge, setup_master_only, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_charger, setup_master_only, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_while_driving, setup_master_only, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_no_self_charge, setup_random_master, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_self_charge, setup_random_self, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_jobs_resume, setup_random_master, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
