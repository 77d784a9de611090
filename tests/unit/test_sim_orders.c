/* test_sim_orders.c — the simulator as a dispatch sink: orders sent through
 * fo_dispatch_order are taken (or refused) as a VDA 5050 vehicle would,
 * driven node by node with their actions, cancelled, paused and updated
 * with a horizon.  The sim is driven by `sim step`, never by the clock. */
#include "helpers.h"

#include <math.h>

typedef struct {
	fo_core *core;
	size_t done_events;
	char done_order[64];
	char failed[128]; /* "ORDER:REASON " per vehicle.order_failed */
} fx;

static void on_done(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vev_order *e = payload;
	fx *f = ud;
	if (strncmp(e->order_id, "sim-order-", 10) == 0)
		return;
	f->done_events++;
	snprintf(f->done_order, sizeof f->done_order, "%s", e->order_id);
}

static void on_failed(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vev_order *e = payload;
	fx *f = ud;
	if (strncmp(e->order_id, "sim-order-", 10) == 0)
		return;
	size_t used = strlen(f->failed);
	snprintf(f->failed + used, sizeof f->failed - used, "%s:%s ", e->order_id, e->reason);
}

static void set(fo_config *cfg, const char *name, const char *value)
{
	char err[256] = "";
	if (fo_config_set(cfg, name, value, FO_SRC_FLAG, err, sizeof err) != 0)
		fail_msg("config %s=%s: %s", name, value, err);
}

static int fx_setup(void **state)
{
	char err[256] = "", path[4096];
	fx *f = calloc(1, sizeof *f);
	fo_config *cfg = fo_config_new();
	set(cfg, "log_file", "/dev/null");
	set(cfg, "plugin_path", "/nonexistent-fleetops-plugins");
	set(cfg, "demo", "true");
	set(cfg, "sim.seed", "7");
	set(cfg, "sim.vehicles", "20");
	f->core = fo_core_new(cfg, err, sizeof err);
	if (!f->core)
		fail_msg("fo_core_new: %s", err);
	fo_core_start(f->core);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ORDER_DONE, on_done, f);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ORDER_FAILED, on_failed, f);
	snprintf(path, sizeof path, "%s/plugins/sim.so", fo_test_build_dir());
	assert_int_equal(fo_plugins_load_file(f->core->plugins, f->core, path), FO_PLUGIN_LOADED);
	*state = f;
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

/* The map node at (x, y), or NULL. */
static const char *node_at(fx *f, double x, double y)
{
	fo_model *m = fo_core_model(f->core);
	for (size_t i = 0; i < fo_model_node_count(m); i++) {
		const fo_map_node *n = fo_model_node(m, i);
		if (fabs(n->x - x) < 0.01 && fabs(n->y - y) < 0.01)
			return n->id;
	}
	return NULL;
}

/* A vehicle standing idle on a node with a good battery and n - 1 nodes in
 * a straight line ahead of it: line[0] is where it stands. */
static fo_vehicle *idle_with_line(fx *f, const char **line, size_t n, size_t skip)
{
	fo_model *m = fo_core_model(f->core);
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		fo_vehicle *v = fo_model_vehicle(m, i);
		if (v->driving || v->acting || v->charging || v->order_id[0] || v->battery < 50 ||
		    v->nerrors || v->estop != FO_ESTOP_NONE || !node_at(f, v->x, v->y))
			continue;
		static const double dirs[4][2] = {{5, 0}, {-5, 0}, {0, 5}, {0, -5}};
		for (int d = 0; d < 4; d++) {
			size_t k = 0;
			for (; k < n; k++) {
				line[k] = node_at(f, v->x + dirs[d][0] * (double)k,
				                  v->y + dirs[d][1] * (double)k);
				if (!line[k])
					break;
			}
			if (k == n) {
				if (skip--)
					break;
				return v;
			}
		}
	}
	fail_msg("no idle vehicle with %zu nodes in a line", n);
	return NULL;
}

static fo_status order(fx *f, fo_vehicle *v, const char *id, uint32_t update,
                       const char *const *nodes, size_t n, size_t released, uint32_t seq0,
                       const fo_vda_action *const *acts, const size_t *nacts, char *err,
                       size_t errlen)
{
	fo_vda_order_req req = {.order_id = id,
	                        .order_update_id = update,
	                        .node_ids = nodes,
	                        .nnodes = n,
	                        .released = released,
	                        .first_sequence_id = seq0,
	                        .node_actions = acts,
	                        .node_nactions = nacts};
	err[0] = '\0';
	return fo_dispatch_order(f->core, v->idx, &req, err, errlen);
}

/* An edge's maxSpeed caps the vehicle's speed on that leg only. */
static void test_edge_speed(void **state)
{
	fx *f = *state;
	char err[256];
	const char *line[3];
	fo_vehicle *v = idle_with_line(f, line, 3, 0);
	const double speed[2] = {0.3, 0};
	fo_vda_order_req req = {.order_id = "o-slow",
	                        .node_ids = line,
	                        .nnodes = 3,
	                        .released = 3,
	                        .edge_max_speed = speed};
	assert_int_equal(fo_dispatch_order(f->core, v->idx, &req, err, sizeof err), FO_OK);
	double fastest_first = 0, fastest_second = 0;
	for (int i = 0; i < 600 && v->nodes_left > 0; i++) {
		step(f, 1);
		/* nodes_left 2: on the first edge (into line[1]); 1: the second */
		if (v->nodes_left == 2 && v->speed > fastest_first)
			fastest_first = v->speed;
		if (v->nodes_left == 1 && v->speed > fastest_second)
			fastest_second = v->speed;
	}
	print_message("edge speeds: %.3f then %.3f\n", fastest_first, fastest_second);
	assert_int_equal(v->nodes_left, 0);
	assert_true(fastest_first > 0 && fastest_first <= 0.3 + 1e-6);
	assert_true(fastest_second > 0.3); /* the second edge has no limit */
}

static fo_status instant(fx *f, fo_vehicle *v, const char *type, char *err, size_t errlen)
{
	fo_vda_action a = {.type = type, .blocking = "HARD"};
	return fo_dispatch_actions(f->core, v->idx, &a, 1, err, errlen);
}

/* Steps until the vehicle finished its order; returns the steps taken. */
static long until_done(fx *f, fo_vehicle *v, long most)
{
	for (long i = 1; i <= most; i++) {
		step(f, 1);
		if (v->nodes_left == 0 && !v->driving && !v->acting)
			return i;
	}
	fail_msg("%s did not finish order %s in %ld steps (%u nodes left)", v->id, v->order_id,
	         most, v->nodes_left);
	return -1;
}

/* A three-node order with pick on the second node and drop plus another
 * action on the third: driven in order, acting while the actions run,
 * ending idle with the orderId kept and no random job after it. */
static void test_drive_with_actions(void **state)
{
	fx *f = *state;
	char err[256];
	const char *line[3];
	fo_vehicle *v = idle_with_line(f, line, 3, 0);
	assert_true(fo_dispatch_reachable(f->core, v->idx));
	fo_vda_param lp = {"loadId", "BOX-1", false};
	fo_vda_action pick = {.type = "pick", .params = &lp, .nparams = 1};
	fo_vda_action at_c[2] = {{.type = "drop"}, {.type = "beep"}};
	const fo_vda_action *acts[3] = {NULL, &pick, at_c};
	size_t nacts[3] = {0, 1, 2};
	assert_int_equal(order(f, v, "o-drive", 0, line, 3, 3, 0, acts, nacts, err, sizeof err),
	                 FO_OK);
	assert_string_equal(v->order_id, "o-drive");
	assert_int_equal(v->nodes_left, 2);
	assert_string_equal(v->last_node, line[0]);
	assert_int_equal(v->last_node_seq, 0);

	long acting_b = 0, acting_c = 0, steps = 0;
	bool loaded = false;
	while (!(v->nodes_left == 0 && !v->driving && !v->acting)) {
		step(f, 1);
		if (++steps > 2000)
			fail_msg("not done: %u left", v->nodes_left);
		if (v->acting && strcmp(v->last_node, line[1]) == 0) {
			acting_b++;
			assert_int_equal(v->last_node_seq, 2);
			assert_int_equal(v->nodes_left, 2); /* counted once its actions end */
			assert_false(v->driving);
		}
		if (v->acting && strcmp(v->last_node, line[2]) == 0) {
			acting_c++;
			assert_int_equal(v->nodes_left, 1);
		}
		if (strcmp(v->load, "BOX-1") == 0)
			loaded = true;
	}
	/* 10 Hz: pick 3 s; drop 3 s then the other action 1 s */
	assert_true(acting_b >= 29 && acting_b <= 31);
	assert_true(acting_c >= 39 && acting_c <= 41);
	assert_true(loaded);
	assert_string_equal(v->load, "");
	assert_string_equal(v->order_id, "o-drive");
	assert_string_equal(v->last_node, line[2]);
	assert_int_equal(v->last_node_seq, 4);
	assert_int_equal(f->done_events, 1);
	assert_string_equal(f->done_order, "o-drive");
	/* under master control: it waits for the next order */
	step(f, 600);
	assert_string_equal(v->order_id, "o-drive");
	assert_false(v->driving);
	assert_string_equal(v->last_node, line[2]);
	/* a resend of the finished order changes nothing */
	assert_int_equal(order(f, v, "o-drive", 0, line, 3, 3, 0, acts, nacts, err, sizeof err),
	                 FO_OK);
	step(f, 5);
	assert_int_equal(v->nodes_left, 0);
	assert_int_equal(f->done_events, 1);
	/* the next order starts where it stands */
	const char *back[2] = {line[2], line[1]};
	assert_int_equal(order(f, v, "o-back", 0, back, 2, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_OK);
	until_done(f, v, 600);
	assert_string_equal(v->last_node, line[1]);
	assert_int_equal(f->done_events, 2);
}

static void test_refusals(void **state)
{
	fx *f = *state;
	char err[256], cmd[96];
	const char *line[4];
	fo_vehicle *v = idle_with_line(f, line, 4, 0);
	const char *unknown[2] = {line[0], "NO-SUCH-NODE"};
	assert_int_equal(order(f, v, "o-x", 0, unknown, 2, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "NO-SUCH-NODE");
	assert_contains(err, "not on the simulator's map");
	assert_string_equal(v->order_id, "");

	const char *elsewhere[2] = {line[1], line[2]};
	assert_int_equal(order(f, v, "o-x", 0, elsewhere, 2, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "starts at");
	assert_contains(err, line[0]);

	assert_int_equal(order(f, v, "o-x", 0, line, 2, 3, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR); /* released > nodes */

	assert_int_equal(order(f, v, "o-long", 0, line, 4, 4, 0, NULL, NULL, err, sizeof err),
	                 FO_OK);
	step(f, 3);
	assert_int_equal(order(f, v, "o-other", 0, line, 2, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "busy with order o-long");

	fo_vda_action bad = {.type = "liftUp"};
	assert_int_equal(fo_dispatch_actions(f->core, v->idx, &bad, 1, err, sizeof err), FO_ERR);
	assert_contains(err, "liftUp");

	/* e-stop: it stops; an order (after a cancel) is refused */
	snprintf(cmd, sizeof cmd, "sim estop %s", v->id);
	run(f, cmd);
	step(f, 2);
	assert_false(v->driving);
	assert_int_equal(instant(f, v, "cancelOrder", err, sizeof err), FO_OK);
	assert_int_equal(order(f, v, "o-y", 0, line, 2, 2, 0, NULL, NULL, err, sizeof err), FO_ERR);
	assert_contains(err, "stopped for safety");
	snprintf(cmd, sizeof cmd, "sim release %s", v->id);
	run(f, cmd);
	snprintf(cmd, sizeof cmd, "sim fault %s --fatal", v->id);
	run(f, cmd);
	assert_int_equal(order(f, v, "o-y", 0, line, 2, 2, 0, NULL, NULL, err, sizeof err), FO_ERR);
	assert_contains(err, "FATAL");

	/* vehicles of no sink are unreachable */
	assert_false(
	    fo_dispatch_reachable(f->core, fo_model_vehicle_count(fo_core_model(f->core))));
}

/* cancelOrder: nothing left, the orderId kept, it stops on a node and
 * takes a new order from there. */
static void test_cancel(void **state)
{
	fx *f = *state;
	char err[256];
	const char *line[4];
	fo_vehicle *v = idle_with_line(f, line, 4, 0);
	assert_int_equal(order(f, v, "o-cancel", 0, line, 4, 4, 0, NULL, NULL, err, sizeof err),
	                 FO_OK);
	step(f, 25);
	assert_true(v->driving);
	assert_int_equal(instant(f, v, "cancelOrder", err, sizeof err), FO_OK);
	assert_int_equal(v->nodes_left, 0);
	assert_string_equal(v->order_id, "o-cancel");
	step(f, 100);
	assert_false(v->driving);
	assert_non_null(node_at(f, v->x, v->y));               /* on a node, not between two */
	assert_int_equal(f->done_events, 0);                   /* cancelled is not done */
	assert_string_equal(f->failed, "o-cancel:cancelled "); /* but failed */
	assert_string_equal(v->order_id, "o-cancel");
	/* a cancelled order is not continued */
	assert_int_equal(order(f, v, "o-cancel", 1, line, 2, 2, 2, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "cancelled");
	const char *from[2] = {node_at(f, v->x, v->y), line[0]};
	assert_int_equal(order(f, v, "o-after", 0, from, 2, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_OK);
	until_done(f, v, 600);
	assert_string_equal(v->last_node, line[0]);
	assert_int_equal(f->done_events, 1);
	assert_string_equal(f->done_order, "o-after");
	/* cancelOrder with no order in progress is harmless */
	assert_int_equal(instant(f, v, "cancelOrder", err, sizeof err), FO_OK);
	assert_string_equal(v->order_id, "o-after");
}

static void test_pause_resume(void **state)
{
	fx *f = *state;
	char err[256];
	const char *line[4];
	fo_vehicle *v = idle_with_line(f, line, 4, 0);
	assert_int_equal(order(f, v, "o-pause", 0, line, 4, 4, 0, NULL, NULL, err, sizeof err),
	                 FO_OK);
	step(f, 20);
	assert_true(v->driving);
	assert_int_equal(instant(f, v, "startPause", err, sizeof err), FO_OK);
	assert_true(v->paused);
	step(f, 1);
	double x = v->x, y = v->y;
	uint32_t left = v->nodes_left;
	step(f, 100);
	assert_false(v->driving);
	assert_near(v->x, x, 1e-9);
	assert_near(v->y, y, 1e-9);
	assert_int_equal(v->nodes_left, left);
	assert_int_equal(instant(f, v, "stopPause", err, sizeof err), FO_OK);
	assert_false(v->paused);
	step(f, 3);
	assert_true(v->driving);
	until_done(f, v, 600);
	assert_string_equal(v->last_node, line[3]);
	/* paused with no order (its mission cancelled): `sim release` frees it */
	assert_int_equal(instant(f, v, "startPause", err, sizeof err), FO_OK);
	char cmd[64];
	snprintf(cmd, sizeof cmd, "sim release %s", v->id);
	run(f, cmd);
	assert_false(v->paused);
}

/* Two of four nodes released: it waits at the second; a resend and a
 * wrong stitch change nothing; the update from the stitching node takes
 * it to the end. */
static void test_update_horizon(void **state)
{
	fx *f = *state;
	char err[256];
	const char *line[4];
	fo_vehicle *v = idle_with_line(f, line, 4, 0);
	assert_int_equal(order(f, v, "o-hz", 0, line, 4, 2, 0, NULL, NULL, err, sizeof err), FO_OK);
	assert_int_equal(v->nodes_left, 3); /* the horizon counts */
	for (long i = 0; v->driving || strcmp(v->last_node, line[1]) != 0; i++) {
		if (i > 600)
			fail_msg("did not reach the end of the base");
		step(f, 1); /* then waits there: the horizon is not released */
	}
	assert_int_equal(v->nodes_left, 2);
	assert_string_equal(v->last_node, line[1]);
	assert_int_equal(v->last_node_seq, 2);
	step(f, 50);
	assert_string_equal(v->last_node, line[1]);
	assert_false(v->driving);
	assert_int_equal(f->done_events, 0);

	assert_int_equal(order(f, v, "o-hz", 0, line, 4, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_OK); /* resend: ignored */
	assert_int_equal(v->nodes_left, 2);
	const char *wrong[3] = {line[2], line[3], line[2]};
	assert_int_equal(order(f, v, "o-hz", 1, wrong, 3, 3, 4, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "stitching node");
	assert_int_equal(order(f, v, "o-hz", 1, line + 1, 3, 3, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR); /* right node, wrong sequenceId */
	assert_int_equal(order(f, v, "o-hz", 1, line + 1, 3, 3, 2, NULL, NULL, err, sizeof err),
	                 FO_OK);
	assert_int_equal(v->order_update, 1);
	step(f, 2);
	assert_true(v->driving);
	until_done(f, v, 600);
	assert_string_equal(v->last_node, line[3]);
	assert_int_equal(v->last_node_seq, 6);
	assert_int_equal(f->done_events, 1);
	assert_int_equal(order(f, v, "o-hz", 0, line, 4, 2, 0, NULL, NULL, err, sizeof err),
	                 FO_ERR);
	assert_contains(err, "older");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_drive_with_actions, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_edge_speed, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_cancel, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_pause_resume, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_update_horizon, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
