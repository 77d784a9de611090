/* test_site.c — the site layout in the live model (core/map/site.c): the
 * layout's nodes, edges, station kinds and zones in the model; routes for
 * a vehicle by its type and speed; orders with the layout's mapId, edge ids
 * and edge properties (maxSpeed, orientation, rotation, trajectory); what
 * is refused (a model that has a map, ids the model cannot hold). */
#include "helpers.h"

#include "config.h"
#include "core.h"
#include "site.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A hall: A -> B (fast lane, GLOBAL orientation), B -> C along a straight
 * NURBS, C -> A for the other type only; a charger station at C. */
static const char hall[] =
    "{\"metaInformation\": {\"projectIdentification\": \"hall\", \"creator\": \"t\","
    " \"exportTimestamp\": \"2026-12-06T00:00:00Z\", \"lifVersion\": \"1.0.0\"},"
    " \"layouts\": [{\"layoutId\": \"L0\", \"layoutName\": \"Hall\", \"layoutVersion\": \"1\","
    "  \"layoutLevelId\": \"0\","
    "  \"nodes\": ["
    "   {\"nodeId\": \"A\", \"nodePosition\": {\"x\": 0, \"y\": 0}, \"mapId\": \"hall-1\","
    "    \"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"T1\"}]},"
    "   {\"nodeId\": \"B\", \"nodePosition\": {\"x\": 10, \"y\": 0}, \"mapId\": \"hall-1\","
    "    \"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"T1\"}]},"
    "   {\"nodeId\": \"C\", \"nodePosition\": {\"x\": 10, \"y\": 10}, \"mapId\": \"hall-1\","
    "    \"vehicleTypeNodeProperties\": [{\"vehicleTypeId\": \"T1\"}]}],"
    "  \"edges\": ["
    "   {\"edgeId\": \"AB\", \"startNodeId\": \"A\", \"endNodeId\": \"B\","
    "    \"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"T1\", \"vehicleOrientation\": 0,"
    "     \"orientationType\": \"GLOBAL\", \"rotationAllowed\": false, \"maxSpeed\": 0.5}]},"
    "   {\"edgeId\": \"BC\", \"startNodeId\": \"B\", \"endNodeId\": \"C\","
    "    \"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"T1\", \"rotationAllowed\": true,"
    "     \"trajectory\": {\"degree\": 1, \"knotVector\": [0, 0, 1, 1],"
    "      \"controlPoints\": [{\"x\": 10, \"y\": 0}, {\"x\": 10, \"y\": 10}]}}]},"
    "   {\"edgeId\": \"CA\", \"startNodeId\": \"C\", \"endNodeId\": \"A\","
    "    \"vehicleTypeEdgeProperties\": [{\"vehicleTypeId\": \"T2\", \"rotationAllowed\": true}]}],"
    "  \"stations\": [{\"stationId\": \"CH1\", \"interactionNodeIds\": [\"C\"],"
    "   \"fleetopsStationType\": \"charger\"}]}]}";

typedef struct {
	fo_core *core;
	size_t vehicle;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->core = fo_test_core(NULL);
	char err[256];
	fo_model *m = f->core->model;
	assert_true(fo_model_tenant_add(m, "t", "t", err, sizeof err) >= 0);
	assert_true(fo_model_fleet_add(m, "f", "f", 0, err, sizeof err) >= 0);
	fo_vehicle *v = fo_model_vehicle_add(m, "AGV-1", 0, err, sizeof err);
	assert_non_null(v);
	f->vehicle = v->idx;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	fo_core_free(f->core);
	free(f);
	return 0;
}

static void set_option(fo_core *core, const char *name, const char *value)
{
	char err[256];
	assert_int_equal(fo_config_set(core->config, name, value, FO_SRC_FLAG, err, sizeof err), 0);
}

static void install_hall(fixture *f)
{
	fo_layout_info info = {.name = "hall", .revision = 1, .vehicle_types = "T1,T2"};
	char msg[256];
	assert_int_equal(fo_site_install(f->core, &info, hall, msg, sizeof msg), 1);
	assert_string_equal(msg, "site: layout hall revision 1, 3 nodes, 3 edges");
	assert_true(fo_site_loaded(f->core));
}

static void test_layout_in_the_model(void **state)
{
	fixture *f = *state;
	install_hall(f);
	const fo_model *m = f->core->model;
	assert_int_equal(fo_model_node_count(m), 3);
	assert_int_equal(fo_model_edge_count(m), 3);
	const fo_map_node *c = fo_model_node(m, (size_t)fo_model_node_find(m, "C"));
	assert_int_equal(c->kind, FO_NODE_CHARGER);
	assert_true(c->x == 10 && c->y == 10);
	/* no zones in the file: the layout is one */
	assert_int_equal(fo_model_zone_count(m), 1);
	assert_string_equal(fo_model_zone(m, 0)->id, "L0");
	/* BC measured along its trajectory: 10 m */
	for (size_t i = 0; i < fo_model_edge_count(m); i++)
		if (strcmp(fo_model_edge(m, i)->id, "BC") == 0)
			assert_true(fabs(fo_model_edge(m, i)->length_m - 10.0) < 1e-6);
	assert_string_equal(fo_site_map_id(f->core, "B"), "hall-1");
	assert_null(fo_site_map_id(f->core, "nowhere"));
}

static void test_route_by_type_and_speed(void **state)
{
	fixture *f = *state;
	install_hall(f);
	char err[256];
	fo_site_path p;
	/* two types in the layout and none configured: refused, types named */
	assert_int_equal(fo_site_route(f->core, f->vehicle, "A", "CH1", &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "T1"));
	assert_non_null(strstr(err, "T2"));
	set_option(f->core, "map.vehicle_type", "T1");
	set_option(f->core, "map.top_speed", "2");
	assert_int_equal(fo_site_route(f->core, f->vehicle, "A", "CH1", &p, err, sizeof err), 0);
	assert_int_equal(p.nnodes, 3);
	assert_string_equal(p.nodes[0], "A");
	assert_string_equal(p.nodes[2], "C");
	/* AB at its 0.5 m/s limit, BC at the top speed of 2 m/s */
	assert_true(fabs(p.time_s - (10 / 0.5 + 10 / 2.0)) < 1e-6);
	assert_true(fabs(p.length_m - 20.0) < 1e-6);
	fo_site_path_free(&p);
	/* T1 cannot go back from C: no route, and why */
	assert_int_equal(fo_site_route(f->core, f->vehicle, "C", "A", &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "no route from C to A for vehicle type T1"));
	assert_int_equal(fo_site_route(f->core, f->vehicle, "A", "Z", &p, err, sizeof err), -1);
	assert_non_null(strstr(err, "no node or station 'Z'"));
	set_option(f->core, "map.vehicle_type", "T2");
	assert_int_equal(fo_site_route(f->core, f->vehicle, "C", "A", &p, err, sizeof err), 0);
	assert_int_equal(p.nnodes, 2);
	fo_site_path_free(&p);
}

static json_t *edge_of(json_t *order, size_t i)
{
	return json_array_get(json_object_get(order, "edges"), i);
}

static void test_order_carries_the_layout(void **state)
{
	fixture *f = *state;
	install_hall(f);
	set_option(f->core, "map.vehicle_type", "T1");
	const char *ids[] = {"A", "B", "C"};
	fo_vda_header h = {.manufacturer = "acme", .serial_number = "AGV-1"};
	fo_vda_order_req req = {.order_id = "o1", .node_ids = ids, .nnodes = 3, .released = 3};
	char err[256];
	char *text = fo_vda_order_json(f->core, &h, &req, err, sizeof err);
	assert_non_null(text);
	json_t *o = json_loads(text, 0, NULL);
	assert_non_null(o);
	json_t *n0 = json_array_get(json_object_get(o, "nodes"), 0);
	json_t *pos = json_object_get(n0, "nodePosition");
	assert_string_equal(json_string_value(json_object_get(pos, "mapId")), "hall-1");
	json_t *ab = edge_of(o, 0), *bc = edge_of(o, 1);
	assert_string_equal(json_string_value(json_object_get(ab, "edgeId")), "AB");
	assert_true(json_number_value(json_object_get(ab, "maxSpeed")) == 0.5);
	assert_true(json_number_value(json_object_get(ab, "orientation")) == 0);
	assert_string_equal(json_string_value(json_object_get(ab, "orientationType")), "GLOBAL");
	assert_true(json_is_false(json_object_get(ab, "rotationAllowed")));
	assert_null(json_object_get(ab, "trajectory"));
	json_t *tr = json_object_get(bc, "trajectory");
	assert_non_null(tr);
	assert_int_equal(json_integer_value(json_object_get(tr, "degree")), 1);
	assert_int_equal(json_array_size(json_object_get(tr, "knotVector")), 4);
	assert_int_equal(json_array_size(json_object_get(tr, "controlPoints")), 2);
	assert_true(fabs(json_number_value(json_object_get(bc, "length")) - 10.0) < 1e-9);
	json_decref(o);
	free(text);
	/* a template's edge limit lowers maxSpeed, never raises it */
	const double slow[] = {0.2, 3.0};
	req.edge_max_speed = slow;
	text = fo_vda_order_json(f->core, &h, &req, err, sizeof err);
	o = json_loads(text, 0, NULL);
	assert_true(json_number_value(json_object_get(edge_of(o, 0), "maxSpeed")) == 0.2);
	assert_true(json_number_value(json_object_get(edge_of(o, 1), "maxSpeed")) == 3.0);
	json_decref(o);
	free(text);
}

/* s with every from replaced by to (OWNED). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), n = 0;
	for (const char *p = strstr(s, from); p; p = strstr(p + lf, from))
		n++;
	char *out = malloc(strlen(s) + n * lt + 1), *o = out;
	assert_non_null(out);
	for (const char *p = s, *q; (q = strstr(p, from)); p = q + lf) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, lt);
		o += lt;
		s = q + lf;
	}
	strcpy(o, s);
	return out;
}

static void test_refused(void **state)
{
	fixture *f = *state;
	char msg[256];
	fo_layout_info info = {.name = "long", .revision = 2};
	/* an id the model cannot hold: nothing enters the model */
	char *doc = replace_all(hall, "\"A\"", "\"A-node-whose-id-is-much-too-long\"");
	assert_int_equal(fo_site_install(f->core, &info, doc, msg, sizeof msg), -1);
	assert_non_null(strstr(msg, "node id \"A-node-whose-id-is-much-too-long\" has 32 bytes"));
	assert_int_equal(fo_model_node_count(f->core->model), 0);
	assert_false(fo_site_loaded(f->core));
	free(doc);
	/* a model with a map of its own (a simulator's depot) keeps it */
	fo_map_node n = {.id = "X"};
	assert_true(fo_model_node_add(f->core->model, &n, msg, sizeof msg) >= 0);
	assert_int_equal(fo_site_install(f->core, &info, hall, msg, sizeof msg), 0);
	assert_non_null(strstr(msg, "a simulator's map is the site of this run"));
	assert_false(fo_site_loaded(f->core));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_layout_in_the_model),
	    T(test_route_by_type_and_speed),
	    T(test_order_carries_the_layout),
	    T(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
