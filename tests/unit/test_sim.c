/* test_sim.c — the simulator plugin: determinism for a seed, a fleet that
 * moves, drains, charges and raises errors, the hand controls, and sizes
 * from 5 to 100,000 vehicles.  The sim is driven by `sim step --count N`,
 * never by the wall clock. */
#include "helpers.h"

#include <time.h>

typedef struct {
	fo_core *core;
	size_t error_events, order_events;
	char watched[512]; /* estop and error events of AGV-00005 */
} sim_fixture;

static void on_error(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vev_error *e = payload;
	sim_fixture *f = ud;
	assert_non_null(e->vehicle);
	assert_non_null(e->error);
	f->error_events++;
}

static void on_watched(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vehicle_event *h = payload;
	sim_fixture *f = ud;
	if (strcmp(h->vehicle, "AGV-00005") != 0)
		return;
	size_t used = strlen(f->watched);
	if (strcmp(topic, FO_TOPIC_VEHICLE_ESTOP) == 0) {
		const fo_vev_estop *e = payload;
		snprintf(f->watched + used, sizeof f->watched - used, "estop %s %s; ",
		         fo_estop_name(e->estop), e->active ? "set" : "released");
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ERROR) == 0) {
		const fo_vev_error *e = payload;
		snprintf(f->watched + used, sizeof f->watched - used, "error %s %s; ",
		         e->error->type, e->raised ? "raised" : "cleared");
	}
}

static void on_order(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const fo_vev_order *e = payload;
	sim_fixture *f = ud;
	assert_non_null(e->order_id);
	assert_true(strncmp(e->order_id, "sim-order-", 10) == 0);
	f->order_events++;
}

static void set(fo_config *cfg, const char *name, const char *value)
{
	char err[256] = "";
	if (fo_config_set(cfg, name, value, FO_SRC_FLAG, err, sizeof err) != 0)
		fail_msg("config %s=%s: %s", name, value, err);
}

/* A core with only the sim plugin loaded; demo on unless demo is false. */
static void sim_open(sim_fixture *f, bool demo, long seed, long vehicles)
{
	char err[256] = "", num[32], path[4096];
	memset(f, 0, sizeof *f);
	fo_config *cfg = fo_config_new();
	set(cfg, "log_file", "/dev/null");
	set(cfg, "plugin_path", "/nonexistent-fleetops-plugins");
	set(cfg, "demo", demo ? "true" : "false");
	snprintf(num, sizeof num, "%ld", seed);
	set(cfg, "sim.seed", num);
	snprintf(num, sizeof num, "%ld", vehicles);
	set(cfg, "sim.vehicles", num);
	f->core = fo_core_new(cfg, err, sizeof err);
	if (!f->core)
		fail_msg("fo_core_new: %s", err);
	fo_core_start(f->core);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ERROR, on_error, f);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ORDER_DONE, on_order, f);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ESTOP, on_watched, f);
	fo_bus_subscribe(f->core, FO_TOPIC_VEHICLE_ERROR, on_watched, f);
	snprintf(path, sizeof path, "%s/plugins/sim.so", fo_test_build_dir());
	assert_int_equal(fo_plugins_load_file(f->core->plugins, f->core, path), FO_PLUGIN_LOADED);
}

static void sim_close(sim_fixture *f)
{
	fo_core_free(f->core);
	f->core = NULL;
}

/* Runs a command line; returns its status, output in buf. */
static fo_status run(sim_fixture *f, const char *line, char *buf, size_t len)
{
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(f->core, line, out);
	if (buf)
		snprintf(buf, len, "%s%s", fo_out_text(out), fo_out_err(out));
	fo_out_free(out);
	return st;
}

static void step(sim_fixture *f, long n)
{
	char line[64], buf[256];
	snprintf(line, sizeof line, "sim step --count %ld", n);
	fo_status st = run(f, line, buf, sizeof buf);
	if (st != FO_OK)
		fail_msg("%s: %s", line, buf);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001B3ull;
	return h;
}

static uint64_t model_hash(fo_core *core)
{
	fo_model *m = fo_core_model(core);
	uint64_t h = 0xCBF29CE484222325ull;
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		int s = (int)fo_vehicle_state(v);
		h = fnv(h, &v->x, sizeof v->x);
		h = fnv(h, &v->y, sizeof v->y);
		h = fnv(h, &v->battery, sizeof v->battery);
		h = fnv(h, &s, sizeof s);
		h = fnv(h, v->order_id, strlen(v->order_id));
		h = fnv(h, v->load, strlen(v->load));
		h = fnv(h, &v->nerrors, sizeof v->nerrors);
	}
	return h;
}

static uint64_t run_hash(long seed)
{
	sim_fixture f;
	sim_open(&f, true, seed, 200);
	step(&f, 600);
	uint64_t h = model_hash(f.core);
	sim_close(&f);
	return h;
}

static void test_same_seed_same_run(void **state)
{
	assert_true(run_hash(7) == run_hash(7));
}

static void test_other_seed_other_run(void **state)
{
	assert_true(run_hash(7) != run_hash(8));
}

static void test_fleet_lives(void **state)
{
	sim_fixture f;
	sim_open(&f, true, 3, 200);
	fo_model *m = fo_core_model(f.core);
	size_t n = fo_model_vehicle_count(m);
	assert_int_equal(n, 200);
	assert_true(fo_model_fleet_count(m) >= 2);
	assert_true(fo_model_tenant_count(m) >= 2);
	assert_true(fo_model_node_count(m) > n);
	assert_true(fo_model_edge_count(m) > n);
	assert_true(fo_model_zone_count(m) >= 4);
	double *x0 = calloc(n, sizeof *x0), *y0 = calloc(n, sizeof *y0),
	       *b0 = calloc(n, sizeof *b0);
	assert_non_null(x0);
	assert_non_null(y0);
	assert_non_null(b0);
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		assert_string_equal(v->manufacturer, "AtlasMesh-Sim");
		x0[i] = v->x;
		y0[i] = v->y;
		b0[i] = v->battery;
	}
	size_t charging_seen = 0, errors_seen = 0, loaded_seen = 0, fatal_seen = 0;
	/* Ten simulated minutes at the default 10 Hz, looked at every second. */
	for (int t = 0; t < 600; t++) {
		step(&f, 10);
		/* the simulator touches every change: the model's totals match a
		 * recount */
		size_t kept[FO_VS__COUNT], recount[FO_VS__COUNT] = {0};
		fo_model_state_counts(m, kept);
		for (size_t i = 0; i < n; i++)
			recount[fo_vehicle_state(fo_model_vehicle(m, i))]++;
		assert_memory_equal(kept, recount, sizeof kept);
		for (size_t i = 0; i < n; i++) {
			const fo_vehicle *v = fo_model_vehicle(m, i);
			assert_true(v->battery >= 0 && v->battery <= 100);
			charging_seen += v->charging;
			errors_seen += v->nerrors > 0;
			loaded_seen += v->load[0] != '\0';
			fatal_seen += fo_vehicle_state(v) == FO_VS_ERROR ||
			              fo_vehicle_state(v) == FO_VS_ESTOP;
		}
	}
	size_t moved = 0, drained = 0;
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		moved += v->x != x0[i] || v->y != y0[i];
		drained += v->battery < b0[i];
	}
	print_message("moved %zu, drained %zu, charging samples %zu, error samples %zu, "
	              "stopped samples %zu, error events %zu, orders done %zu\n",
	              moved, drained, charging_seen, errors_seen, fatal_seen, f.error_events,
	              f.order_events);
	assert_true(moved > n / 2);
	assert_true(drained > 0);
	assert_true(charging_seen > 0);
	assert_true(errors_seen > 0);
	assert_true(loaded_seen > 0);
	assert_true(f.error_events > 0);
	assert_true(f.order_events > n);
	free(x0);
	free(y0);
	free(b0);
	sim_close(&f);
}

static void test_hand_controls(void **state)
{
	sim_fixture f;
	char buf[512];
	sim_open(&f, true, 1, 20);
	fo_model *m = fo_core_model(f.core);
	const fo_vehicle *v = fo_model_vehicle(m, (size_t)fo_model_vehicle_find(m, "AGV-00005"));
	assert_non_null(v);

	f.watched[0] = 0;
	assert_int_equal(run(&f, "sim estop AGV-00005", buf, sizeof buf), FO_OK);
	assert_int_equal(v->estop, FO_ESTOP_REMOTE);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ESTOP);
	step(&f, 50);
	assert_true(v->speed == 0);
	assert_int_equal(v->estop, FO_ESTOP_REMOTE); /* only release clears REMOTE */
	assert_int_equal(run(&f, "sim release AGV-00005", buf, sizeof buf), FO_OK);
	assert_int_equal(v->estop, FO_ESTOP_NONE);

	assert_int_equal(run(&f, "sim fault AGV-00005 --fatal", buf, sizeof buf), FO_OK);
	assert_int_equal(fo_vehicle_state(v), FO_VS_ERROR);
	assert_string_equal(v->errors[v->nerrors - 1].type, "simulatedFault");
	assert_int_equal(run(&f, "sim release AGV-00005", buf, sizeof buf), FO_OK);
	assert_true(fo_vehicle_state(v) != FO_VS_ERROR);
	/* the core publishes each once (the simulator publishes none itself) */
	assert_string_equal(f.watched,
	                    "estop REMOTE set; estop NONE released; "
	                    "error simulatedFault raised; error simulatedFault cleared; ");

	assert_int_not_equal(run(&f, "sim estop AGV-99999", buf, sizeof buf), FO_OK);
	assert_contains(buf, "AGV-99999");

	assert_int_equal(run(&f, "sim pause", buf, sizeof buf), FO_OK);
	assert_int_equal(run(&f, "sim status", buf, sizeof buf), FO_OK);
	assert_contains(buf, "paused");
	assert_contains(buf, "vehicles  20");
	assert_int_equal(run(&f, "sim resume", buf, sizeof buf), FO_OK);
	assert_int_not_equal(run(&f, "sim step --count 0", buf, sizeof buf), FO_OK);
	sim_close(&f);
}

static void test_demo_off(void **state)
{
	sim_fixture f;
	char buf[512];
	sim_open(&f, false, 1, 200);
	assert_int_equal(fo_model_vehicle_count(fo_core_model(f.core)), 0);
	assert_int_equal(run(&f, "sim status", buf, sizeof buf), FO_ERR);
	assert_contains(buf, "simulator not running (start with --demo)");
	assert_int_equal(run(&f, "sim step", buf, sizeof buf), FO_ERR);
	sim_close(&f);
}

/* Sum of a numeric column over every row of a view. */
static double view_sum(fo_core *core, const char *view, const char *col, size_t *rows)
{
	const fo_view_spec *spec = fo_views_find(core->views, view);
	assert_non_null(spec);
	int c = fo_view_column_index(spec, col);
	assert_true(c >= 0);
	fo_viewstate *vs = fo_viewstate_new(core, spec);
	fo_viewstate_refresh(vs, 0);
	double sum = 0;
	size_t n = fo_viewstate_rows(vs);
	for (size_t i = 0; i < n; i++) {
		fo_cell cell;
		memset(&cell, 0, sizeof cell);
		fo_viewstate_cell(vs, i, (size_t)c, &cell);
		sum += cell.is_num ? cell.num : (strncmp(cell.text, "charging", 8) == 0);
	}
	if (rows)
		*rows = n;
	fo_viewstate_free(vs);
	return sum;
}

/* The overview and the six domain panes, with every plugin loaded: each
 * pane is registered, honest about what is missing, and its figures add up
 * to what the model holds. */
static void test_panes_agree_with_model(void **state)
{
	char err[256] = "", dir[4096], buf[4096];
	fo_config *cfg = fo_config_new();
	set(cfg, "log_file", "/dev/null");
	set(cfg, "demo", "true");
	set(cfg, "sim.vehicles", "300");
	snprintf(dir, sizeof dir, "%s/plugins", fo_test_build_dir());
	set(cfg, "plugin_path", dir);
	sim_fixture f;
	memset(&f, 0, sizeof f);
	f.core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(f.core);
	fo_core_start(f.core);
	step(&f, 1500);

	/* Other plugins may add panes; these seven are ours to check. */
	bool slot[7] = {false};
	for (size_t i = 0; i < fo_views_pane_count(f.core->views); i++) {
		const fo_pane_spec *p = fo_views_pane_at(f.core->views, i);
		if (p->slot < 0 || p->slot > 6)
			continue;
		slot[p->slot] = true;
		assert_non_null(p->note);
		/* the missions domain is built; its note says the
		 * simulator's vehicles take missions too */
		if (p->slot > 0 && strcmp(p->name, "missions") == 0)
			assert_contains(p->note, "built-in simulator (--demo)");
		else if (p->slot > 0)
			assert_contains(p->note, "Not built yet");
		for (const char *const *v = p->views; *v; v++) {
			const fo_view_spec *spec = fo_views_find(f.core->views, *v);
			if (!spec)
				fail_msg("pane %s names unknown view %s", p->name, *v);
			assert_non_null(spec->empty_text);
		}
	}
	for (int i = 0; i <= 6; i++)
		if (!slot[i])
			fail_msg("no pane in slot %d", i);

	fo_model *m = fo_core_model(f.core);
	size_t charging = 0, driving = 0, ordered = 0;
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		charging += fo_vehicle_state(v) == FO_VS_CHARGING;
		driving += fo_vehicle_state(v) == FO_VS_DRIVING;
		ordered += v->order_id[0] != '\0';
	}
	size_t rows;
	assert_true(view_sum(f.core, "fleet.fleets", "vehicles", NULL) == 300);
	assert_true(view_sum(f.core, "fleet.fleets", "charging", NULL) == (double)charging);
	assert_true(view_sum(f.core, "fleet.fleets", "moving", NULL) == (double)driving);
	assert_true(view_sum(f.core, "coordination.tenants", "vehicles", NULL) == 300);
	assert_true(view_sum(f.core, "optimization.zones", "vehicles", NULL) == 300);
	assert_true(view_sum(f.core, "performance.fleets", "vehicles", NULL) == 300);
	assert_true(view_sum(f.core, "analytics.battery", "vehicles", NULL) == 300);
	view_sum(f.core, "missions.orders", "nodes_left", &rows);
	assert_int_equal(rows, ordered);
	/* Chargers are held one vehicle each, so charging statuses match. */
	assert_true(charging > 0);
	assert_true(view_sum(f.core, "resources.chargers", "status", &rows) == (double)charging);
	assert_true(rows > 0);

	assert_int_equal(run(&f, "vehicle list --state driving", buf, sizeof buf), FO_OK);
	assert_contains(buf, "driving");
	assert_int_equal(run(&f, "vehicle list --state flying", buf, sizeof buf), FO_EUSAGE);
	assert_contains(buf, "unknown state");
	assert_int_equal(run(&f, "vehicle show AGV-00001", buf, sizeof buf), FO_OK);
	assert_contains(buf, "AtlasMesh-Sim");
	assert_int_not_equal(run(&f, "vehicle show AGV-99999", buf, sizeof buf), FO_OK);
	assert_contains(buf, "AGV-99999");
	assert_int_equal(run(&f, "fleet list", buf, sizeof buf), FO_OK);
	assert_contains(buf, "tenant-a");
	sim_close(&f);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void size_check(long vehicles, long steps)
{
	sim_fixture f;
	double t0 = now_ms();
	sim_open(&f, true, 11, vehicles);
	double t1 = now_ms();
	assert_int_equal(fo_model_vehicle_count(fo_core_model(f.core)), (size_t)vehicles);
	step(&f, steps);
	double t2 = now_ms();
	print_message("%ld vehicles: init %.0f ms, %.3f ms per step\n", vehicles, t1 - t0,
	              (t2 - t1) / (double)steps);
	sim_close(&f);
}

static void test_small_fleet(void **state)
{
	size_check(5, 2000);
}

static void test_large_fleet(void **state)
{
	size_check(100000, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_seed_same_run),
	    cmocka_unit_test(test_other_seed_other_run),
	    cmocka_unit_test(test_fleet_lives),
	    cmocka_unit_test(test_hand_controls),
	    cmocka_unit_test(test_demo_off),
	    cmocka_unit_test(test_panes_agree_with_model),
	    cmocka_unit_test(test_small_fleet),
	    cmocka_unit_test(test_large_fleet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
