/* test_sim_layout.c — the simulator on a layout file (sim.layout): where
 * the vehicles start, sim.jobs none, orders that must follow the layout's
 * edges in their direction at the lower of the edge limits, and the
 * physical conflict counter.  The sim is driven by `sim step`, never by the
 * clock. */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

/* A one-way loop A -> B -> C -> D -> F -> A, A -> B slow (0.5 m/s) with no
 * reverse, a two-way spur B <-> E, C -> A; parking at D, a charger at F. */
static const char layout[] =
    "{\"metaInformation\": {\"projectIdentification\": \"small\", \"creator\": \"t\", "
    "\"exportTimestamp\": \"2026-01-01T00:00:00.00Z\", \"lifVersion\": \"1.0.0\"}, "
    "\"layouts\": [{\"layoutId\": \"small\", \"layoutVersion\": \"1\", "
    "\"layoutLevelId\": \"0\", \"nodes\": ["
    "{\"nodeId\": \"A\", \"nodePosition\": {\"x\": 0, \"y\": 0}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]},"
    "{\"nodeId\": \"B\", \"nodePosition\": {\"x\": 10, \"y\": 0}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]},"
    "{\"nodeId\": \"C\", \"nodePosition\": {\"x\": 10, \"y\": 10}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]},"
    "{\"nodeId\": \"D\", \"nodePosition\": {\"x\": 0, \"y\": 10}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]},"
    "{\"nodeId\": \"E\", \"nodePosition\": {\"x\": 20, \"y\": 3}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]},"
    "{\"nodeId\": \"F\", \"nodePosition\": {\"x\": -6, \"y\": 5}, "
    "\"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"t\"}]}"
    "], \"edges\": ["
    "{\"edgeId\": \"A-B\", \"startNodeId\": \"A\", \"endNodeId\": \"B\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true, "
    "\"maxSpeed\": 0.5}]},"
    "{\"edgeId\": \"B-C\", \"startNodeId\": \"B\", \"endNodeId\": \"C\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"C-D\", \"startNodeId\": \"C\", \"endNodeId\": \"D\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"D-F\", \"startNodeId\": \"D\", \"endNodeId\": \"F\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"F-A\", \"startNodeId\": \"F\", \"endNodeId\": \"A\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"C-A\", \"startNodeId\": \"C\", \"endNodeId\": \"A\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"B-E\", \"startNodeId\": \"B\", \"endNodeId\": \"E\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]},"
    "{\"edgeId\": \"E-B\", \"startNodeId\": \"E\", \"endNodeId\": \"B\", "
    "\"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"t\", \"rotationAllowed\": true}]}"
    "], \"stations\": [{\"stationId\": \"PK-D\", \"interactionNodeIds\": [\"D\"], "
    "\"fleetopsStationType\": \"parking\"}, {\"stationId\": \"CH-F\", "
    "\"interactionNodeIds\": [\"F\"], \"fleetopsStationType\": \"charger\"}]}]}";

typedef struct {
	fo_core *core;
	char path[256];
} fx;

static void set(fo_config *cfg, const char *name, const char *value)
{
	char err[256] = "";
	if (fo_config_set(cfg, name, value, FO_SRC_FLAG, err, sizeof err) != 0)
		fail_msg("config %s=%s: %s", name, value, err);
}

/* A core with the sim on the small layout, vehicles of them; the plugin's
 * load status. */
static fo_plugin_status open_sim(fx *f, const char *vehicles)
{
	char err[256] = "", path[4096];
	snprintf(f->path, sizeof f->path, "/tmp/fleetops-test-sim-layout-%d.json", (int)getpid());
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs(layout, fp);
	fclose(fp);
	fo_config *cfg = fo_config_new();
	set(cfg, "log_file", "/dev/null");
	set(cfg, "plugin_path", "/nonexistent-fleetops-plugins");
	set(cfg, "demo", "true");
	set(cfg, "sim.seed", "3");
	set(cfg, "sim.vehicles", vehicles);
	set(cfg, "sim.jobs", "none");
	set(cfg, "sim.layout", f->path);
	f->core = fo_core_new(cfg, err, sizeof err);
	if (!f->core)
		fail_msg("fo_core_new: %s", err);
	fo_core_start(f->core);
	snprintf(path, sizeof path, "%s/plugins/sim.so", fo_test_build_dir());
	return fo_plugins_load_file(f->core->plugins, f->core, path);
}

static int fx_setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_int_equal(open_sim(f, "3"), FO_PLUGIN_LOADED);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	fx *f = *state;
	fo_core_free(f->core);
	unlink(f->path);
	free(f);
	return 0;
}

static void run(fx *f, const char *line, char *buf, size_t len)
{
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(f->core, line, out);
	if (st != FO_OK)
		fail_msg("%s: %s%s", line, fo_out_text(out), fo_out_err(out));
	if (buf)
		snprintf(buf, len, "%s", fo_out_text(out));
	fo_out_free(out);
}

static void step(fx *f, long n)
{
	char line[64];
	snprintf(line, sizeof line, "sim step --count %ld", n);
	run(f, line, NULL, 0);
}

static fo_vehicle *vehicle(fx *f, const char *id)
{
	fo_model *m = fo_core_model(f->core);
	long i = fo_model_vehicle_find(m, id);
	assert_true(i >= 0);
	return fo_model_vehicle(m, (size_t)i);
}

static fo_status order(fx *f, fo_vehicle *v, const char *id, const char *const *nodes, size_t n,
                       const double *max_speed, char *err, size_t errlen)
{
	fo_vda_order_req req = {.order_id = id,
	                        .node_ids = nodes,
	                        .nnodes = n,
	                        .released = n,
	                        .edge_max_speed = max_speed};
	err[0] = '\0';
	return fo_dispatch_order(f->core, v->idx, &req, err, errlen);
}

/* Parking first, then plain nodes in layout order; sim.jobs none: they
 * stand. */
static void test_start_and_stand(void **state)
{
	fx *f = *state;
	char buf[1024];
	assert_string_equal(vehicle(f, "AGV-00001")->last_node, "D");
	assert_string_equal(vehicle(f, "AGV-00002")->last_node, "A");
	assert_string_equal(vehicle(f, "AGV-00003")->last_node, "B");
	run(f, "sim status", buf, sizeof buf);
	assert_contains(buf, "6 nodes, 8 edges driven");
	assert_contains(buf, "jobs      none");
	assert_contains(buf, "conflicts 0 (pairs closer than 1.0 m)");
	step(f, 600);
	for (int i = 1; i <= 3; i++) {
		char id[16];
		snprintf(id, sizeof id, "AGV-%05d", i);
		fo_vehicle *v = vehicle(f, id);
		assert_false(v->driving);
		assert_string_equal(v->last_node, i == 1 ? "D" : i == 2 ? "A" : "B");
	}
}

/* A -> B -> C: on A -> B never above its 0.5 m/s and on the line y = 0; on
 * B -> C faster and on x = 10. */
static void test_order_follows_edges(void **state)
{
	fx *f = *state;
	char err[256];
	fo_vehicle *v = vehicle(f, "AGV-00002");
	const char *nodes[] = {"A", "B", "C"};
	assert_int_equal(order(f, v, "o1", nodes, 3, NULL, err, sizeof err), FO_OK);
	double fastest_ab = 0, fastest_bc = 0;
	for (int i = 0; i < 1000 && v->nodes_left > 0; i++) {
		step(f, 1);
		if (v->nodes_left == 2) { /* driving into B */
			assert_true(fabs(v->y) < 1e-9 && v->x >= 0 && v->x <= 10);
			fastest_ab = fmax(fastest_ab, v->speed);
		} else if (v->nodes_left == 1) {
			assert_true(fabs(v->x - 10) < 1e-9 && v->y >= 0 && v->y <= 10);
			fastest_bc = fmax(fastest_bc, v->speed);
		}
	}
	print_message("A-B at most %.3f m/s, B-C %.3f m/s\n", fastest_ab, fastest_bc);
	assert_int_equal(v->nodes_left, 0);
	assert_string_equal(v->last_node, "C");
	assert_true(fastest_ab > 0.4 && fastest_ab <= 0.5 + 1e-9);
	assert_true(fastest_bc > 1.0);
}

/* Consecutive nodes not joined by an edge in that direction: refused as a
 * whole, naming the pair; the order edge's maxSpeed caps below the
 * layout's. */
static void test_order_refused_and_capped(void **state)
{
	fx *f = *state;
	char err[256];
	fo_vehicle *v = vehicle(f, "AGV-00003"); /* on B */
	const char *back[] = {"B", "A"};         /* A -> B has no reverse */
	assert_int_equal(order(f, v, "o2", back, 2, NULL, err, sizeof err), FO_ERR);
	assert_contains(err, "no layout edge from B to A");
	const char *jump[] = {"B", "E", "B", "D"};
	assert_int_equal(order(f, v, "o2", jump, 4, NULL, err, sizeof err), FO_ERR);
	assert_contains(err, "from B to D (nodes 2 and 3)");
	assert_string_equal(v->order_id, "");

	const char *spur[] = {"B", "E", "B"};
	const double caps[] = {0.3, 0};
	assert_int_equal(order(f, v, "o3", spur, 3, caps, err, sizeof err), FO_OK);
	double fastest_out = 0;
	for (int i = 0; i < 1500 && v->nodes_left > 0; i++) {
		step(f, 1);
		if (v->nodes_left == 2)
			fastest_out = fmax(fastest_out, v->speed);
	}
	print_message("B-E at most %.3f m/s\n", fastest_out);
	assert_int_equal(v->nodes_left, 0);
	assert_string_equal(v->last_node, "B");
	assert_true(fastest_out > 0.2 && fastest_out <= 0.3 + 1e-6); /* kept as a float */
}

static uint64_t conflicts(fx *f)
{
	char buf[1024];
	run(f, "sim status", buf, sizeof buf);
	const char *c = strstr(buf, "conflicts ");
	assert_non_null(c);
	return strtoull(c + 10, NULL, 10);
}

/* AGV-00002 drives A -> B onto AGV-00003 standing there: one conflict,
 * counted once however long they stay; apart and together again: two. */
static void test_conflicts(void **state)
{
	fx *f = *state;
	char err[256];
	fo_vehicle *a = vehicle(f, "AGV-00002"), *b = vehicle(f, "AGV-00003");
	const char *ab[] = {"A", "B"};
	assert_int_equal(order(f, a, "c1", ab, 2, NULL, err, sizeof err), FO_OK);
	for (int i = 0; i < 400 && a->nodes_left > 0; i++)
		step(f, 1);
	assert_string_equal(a->last_node, "B");
	assert_int_equal(conflicts(f), 1);
	step(f, 50);
	assert_int_equal(conflicts(f), 1);
	const char *out[] = {"B", "E", "B"};
	assert_int_equal(order(f, b, "c2", out, 3, NULL, err, sizeof err), FO_OK);
	for (int i = 0; i < 400 && b->nodes_left > 0; i++)
		step(f, 1);
	assert_string_equal(b->last_node, "B");
	assert_int_equal(conflicts(f), 2);
}

/* More vehicles than the layout has nodes: the plugin is refused. */
static void test_too_many_vehicles(void **state)
{
	fx f = {0};
	assert_int_equal(open_sim(&f, "7"), FO_PLUGIN_REFUSED);
	const fo_plugins *ps = f.core->plugins;
	const fo_plugin *pl = fo_plugins_at(ps, fo_plugins_count(ps) - 1);
	assert_contains(pl->reason, "has 6 nodes, fewer than the 7 vehicles of sim.vehicles");
	fo_core_free(f.core);
	unlink(f.path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_start_and_stand, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_order_follows_edges, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_order_refused_and_capped, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_conflicts, fx_setup, fx_teardown),
	    cmocka_unit_test(test_too_many_vehicles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
