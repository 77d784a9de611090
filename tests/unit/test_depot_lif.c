/* test_depot_lif.c — the generated depot as LIF (core/map/depot_lif.h) and
 * fleetops' LIF extension (core/map/lif_ext.h): depots of a few sizes
 * written, read back without a message and equal, every node, edge,
 * station and zone as the depot has it, the same bytes for the same spec;
 * the extension reader on hand-written documents, each problem at its
 * path. */
#include "helpers.h"

#include "depot_lif.h"
#include "lif_ext.h"
#include "model.h"

typedef struct {
	fo_model *m;
	fo_depot *d;
	long vehicles;
} depot;

static depot depot_new(long vehicles, uint64_t seed)
{
	depot x = {fo_model_new(), NULL, vehicles};
	const fo_depot_spec spec = {
	    .vehicles = vehicles, .fleets = 3, .tenants = 2, .manufacturer = "T", .seen_ms = 1};
	char err[256] = "";
	x.d = fo_depot_build(x.m, &spec, &seed, err, sizeof err);
	if (!x.d)
		fail_msg("fo_depot_build: %s", err);
	return x;
}

static void depot_free(depot *x)
{
	fo_depot_free(x->d);
	fo_model_free(x->m);
}

/* The depot's document written out (owned). */
static char *depot_text(long vehicles, uint64_t seed)
{
	depot x = depot_new(vehicles, seed);
	char err[256] = "";
	fo_lif *lif = fo_depot_lif(x.m, x.d, "test", err, sizeof err);
	if (!lif)
		fail_msg("fo_depot_lif: %s", err);
	char *text = fo_lif_write(lif);
	fo_lif_free(lif);
	depot_free(&x);
	return text;
}

static void assert_no_messages(const fo_lif_diag *d, int rc)
{
	if (rc != 0 || d->errors || d->warnings) {
		char *t = fo_lif_diag_text(d);
		print_error("rc %d, %zu errors, %zu warnings:\n%s", rc, d->errors, d->warnings, t);
		free(t);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(d->errors, 0);
	assert_int_equal(d->warnings, 0);
}

static fo_lif_station_type type_of_kind(fo_node_kind k)
{
	return k == FO_NODE_CHARGER   ? FO_LIF_STATION_CHARGER
	       : k == FO_NODE_PARKING ? FO_LIF_STATION_PARKING
	                              : FO_LIF_STATION_WORK;
}

/* Everything in the parsed document and its extension is the depot's. */
static void check_against_depot(const depot *x, const fo_lif *lif, const fo_lif_ext *ext)
{
	const fo_depot *d = x->d;
	uint32_t w = fo_depot_width(d), h = fo_depot_height(d), n = w * h;
	assert_int_equal(lif->nlayouts, 1);
	const fo_lif_layout *l = &lif->layouts[0];
	assert_string_equal(l->id, FO_DEPOT_LIF_LAYOUT_ID);
	assert_string_equal(l->level_id, "0");
	assert_string_equal(lif->project, "test");

	/* nodes: ids and positions, in lattice order */
	assert_int_equal(l->nnodes, n);
	for (uint32_t i = 0; i < n; i++) {
		const fo_lif_node *ln = &l->nodes[i];
		const fo_map_node *mn = fo_model_node(x->m, fo_depot_node_base(d) + i);
		assert_string_equal(ln->id, fo_depot_node_id(d, i));
		assert_true(ln->x == mn->x && ln->y == mn->y);
		assert_true(ln->x == (i % w) * FO_DEPOT_SPACING_M);
		assert_true(ln->y == (i / w) * FO_DEPOT_SPACING_M);
		assert_string_equal(ln->map_id, FO_DEPOT_LIF_MAP_ID);
		assert_int_equal(ln->ntypes, 1);
		assert_string_equal(ln->types[0].vehicle_type_id, FO_DEPOT_LIF_VEHICLE_TYPE);
	}

	/* edges: each model edge both ways */
	size_t nme = fo_model_edge_count(x->m);
	assert_int_equal(nme, (size_t)(w - 1) * h + (size_t)(h - 1) * w);
	assert_int_equal(l->nedges, 2 * nme);
	for (size_t i = 0; i < nme; i++) {
		const fo_map_edge *me = fo_model_edge(x->m, i);
		const char *a = fo_model_node(x->m, me->from)->id;
		const char *b = fo_model_node(x->m, me->to)->id;
		long fwd = fo_lif_edge_find(l, me->id);
		assert_int_equal(fwd, (long)(2 * i));
		assert_string_equal(l->edges[fwd].start, a);
		assert_string_equal(l->edges[fwd].end, b);
		const fo_lif_edge *back = &l->edges[fwd + 1];
		assert_string_equal(back->start, b);
		assert_string_equal(back->end, a);
		for (int k = 0; k < 2; k++) {
			const fo_lif_edge_type *t = &l->edges[fwd + k].types[0];
			assert_int_equal(l->edges[fwd + k].ntypes, 1);
			assert_string_equal(t->vehicle_type_id, FO_DEPOT_LIF_VEHICLE_TYPE);
			assert_true(t->rotation_allowed);
			assert_true(t->max_speed == FO_DEPOT_LIF_MAX_SPEED);
		}
	}
	/* the site limit is above every vehicle's top speed */
	for (long v = 0; v < x->vehicles; v++)
		assert_true(fo_depot_vehicle_vmax(d, (uint32_t)v) <= FO_DEPOT_LIF_MAX_SPEED);

	/* stations: one per charger, parking place and work station */
	size_t want[FO_LIF_STATION__COUNT] = {0}, got[FO_LIF_STATION__COUNT] = {0};
	size_t nstations = 0;
	for (uint32_t i = 0; i < n; i++)
		if (fo_depot_kind(d, i) != FO_NODE_PLAIN) {
			want[type_of_kind(fo_depot_kind(d, i))]++;
			nstations++;
		}
	assert_int_equal(l->nstations, nstations);
	assert_int_equal(ext->layouts[0].nstations, nstations);
	for (size_t s = 0; s < l->nstations; s++) {
		assert_int_equal(l->stations[s].nnodes, 1);
		long node = fo_lif_node_find(l, l->stations[s].nodes[0]);
		assert_true(node >= 0);
		assert_string_equal(l->stations[s].id, l->nodes[node].id);
		fo_lif_station_type t = ext->layouts[0].station_types[s];
		assert_int_equal(t, type_of_kind(fo_depot_kind(d, (uint32_t)node)));
		got[t]++;
	}
	assert_memory_equal(want, got, sizeof want);
	assert_true(want[FO_LIF_STATION_CHARGER] > 0 && want[FO_LIF_STATION_PARKING] > 0 &&
	            want[FO_LIF_STATION_WORK] > 0);

	/* zones: every node in exactly the zone the depot puts it in */
	const fo_lif_ext_layout *xl = &ext->layouts[0];
	assert_true(xl->nzones >= 4);
	size_t covered = 0;
	for (size_t z = 0; z < xl->nzones; z++) {
		const fo_lif_zone *lz = &xl->zones[z];
		long mz = -1;
		for (size_t k = 0; k < fo_model_zone_count(x->m); k++)
			if (strcmp(fo_model_zone(x->m, k)->id, lz->id) == 0)
				mz = (long)k;
		assert_true(mz >= 0);
		assert_string_equal(lz->name, fo_model_zone(x->m, (size_t)mz)->name);
		assert_true(lz->nnodes > 0);
		for (size_t k = 0; k < lz->nnodes; k++)
			assert_int_equal(fo_depot_zone(d, lz->nodes[k]), (uint32_t)mz);
		covered += lz->nnodes;
	}
	assert_int_equal(covered, n);
}

static void test_depot_sizes(void **state)
{
	const long sizes[] = {1, 10, 200, 1000};
	for (size_t s = 0; s < FO_NELEM(sizes); s++) {
		depot x = depot_new(sizes[s], 7);
		char err[256] = "";
		fo_lif *built = fo_depot_lif(x.m, x.d, "test", err, sizeof err);
		if (!built)
			fail_msg("%ld vehicles: %s", sizes[s], err);
		char *text = fo_lif_write(built);
		fo_lif *lif = NULL;
		fo_lif_diag d = {0};
		assert_no_messages(&d, fo_lif_parse(text, strlen(text), &lif, &d));
		assert_true(fo_lif_equal(lif, built));

		/* the extension reads the same from the built and the parsed one */
		fo_lif_ext *ext = NULL, *ext_built = NULL;
		assert_no_messages(&d, fo_lif_ext_read(lif, &ext, &d));
		assert_no_messages(&d, fo_lif_ext_read(built, &ext_built, &d));
		check_against_depot(&x, lif, ext);
		check_against_depot(&x, built, ext_built);

		fo_lif_ext_free(ext);
		fo_lif_ext_free(ext_built);
		fo_lif_diag_free(&d);
		fo_lif_free(lif);
		fo_lif_free(built);
		free(text);
		depot_free(&x);
	}
}

static void test_document_text(void **state)
{
	char *t = depot_text(10, 1);
	assert_contains(t, "\"lifVersion\": \"1.0.0\",\n        \"fleetopsExtensionVersion\": "
	                   "\"1.0\"");
	assert_contains(t, "\"exportTimestamp\": \"" FO_DEPOT_LIF_EPOCH "\"");
	assert_contains(t, "\"stationId\": \"CH-00001\"");
	assert_contains(t, "\"fleetopsStationType\": \"charger\"");
	assert_contains(t, "\"fleetopsStationType\": \"parking\"");
	assert_contains(t, "\"fleetopsStationType\": \"work\"");
	assert_contains(t, "\"fleetopsZones\": [{\"zoneId\":\"zone-1\",\"zoneName\":\"Zone "
	                   "A1\",\"nodeIds\":[\"N-00001\",");
	assert_contains(t, "\"edgeId\": \"E-0-1\"");
	assert_contains(t, "\"edgeId\": \"E-1-0\"");
	free(t);
}

/* The same spec gives the same bytes; the seed only moves vehicles, which
 * the layout does not hold. */
static void test_deterministic(void **state)
{
	char *a = depot_text(200, 42), *b = depot_text(200, 42), *c = depot_text(200, 43);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	char *other = depot_text(300, 42);
	assert_true(strcmp(a, other) != 0);
	free(a);
	free(b);
	free(c);
	free(other);
}

static void test_too_large_refused(void **state)
{
	depot x = depot_new(20000, 1);
	char err[256] = "";
	assert_null(fo_depot_lif(x.m, x.d, NULL, err, sizeof err));
	assert_contains(err, "at most 100000");
	assert_null(fo_depot_lif(x.m, NULL, NULL, err, sizeof err));
	assert_contains(err, "no depot");
	depot_free(&x);
}

/* ---- the extension reader on hand-written documents */

/* Three nodes A, B, C, an edge, a station S at A; the fragments are spliced
 * in as members of metaInformation, the station, the layout and node A. */
static char *doc(const char *meta, const char *station, const char *layout, const char *node)
{
	fo_buf b = {0};
	fo_buf_printf(
	    &b,
	    "{\"metaInformation\":{\"projectIdentification\":\"p\",\"creator\":\"c\","
	    "\"exportTimestamp\":\"2024-01-01T00:00:00.00Z\",\"lifVersion\":\"1.0.0\"%s},"
	    "\"layouts\":[{\"layoutId\":\"L\",\"layoutVersion\":\"1\",\"nodes\":["
	    "{\"nodeId\":\"A\",\"nodePosition\":{\"x\":0,\"y\":0},"
	    "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]%s},"
	    "{\"nodeId\":\"B\",\"nodePosition\":{\"x\":5,\"y\":0},"
	    "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]},"
	    "{\"nodeId\":\"C\",\"nodePosition\":{\"x\":10,\"y\":0},"
	    "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]}],"
	    "\"edges\":[{\"edgeId\":\"E\",\"startNodeId\":\"A\",\"endNodeId\":\"B\","
	    "\"vehicleTypeEdgeProperties\":[{\"vehicleTypeId\":\"T\",\"rotationAllowed\":true}]}],"
	    "\"stations\":[{\"stationId\":\"S\",\"interactionNodeIds\":[\"A\"]%s}]%s}]}",
	    meta ? meta : "", node ? node : "", station ? station : "", layout ? layout : "");
	return fo_buf_take(&b);
}

/* Parses text (no message expected from the LIF reader: fleetops* members
 * are its extension) and reads the extension. */
static int read_ext(const char *text, fo_lif_ext **ext, fo_lif_diag *d)
{
	fo_lif *lif = NULL;
	fo_lif_diag pd = {0};
	assert_no_messages(&pd, fo_lif_parse(text, strlen(text), &lif, &pd));
	fo_lif_diag_free(&pd);
	int rc = fo_lif_ext_read(lif, ext, d);
	fo_lif_free(lif);
	return rc;
}

static void test_ext_absent(void **state)
{
	char *t = doc(NULL, NULL, NULL, NULL);
	fo_lif_ext *ext = NULL;
	fo_lif_diag d = {0};
	assert_no_messages(&d, read_ext(t, &ext, &d));
	assert_int_equal(ext->nlayouts, 1);
	assert_int_equal(ext->layouts[0].nstations, 1);
	assert_int_equal(ext->layouts[0].station_types[0], FO_LIF_STATION_WORK);
	assert_int_equal(ext->layouts[0].nzones, 0);
	fo_lif_ext_free(ext);
	fo_lif_diag_free(&d);
	free(t);
}

static void test_ext_read(void **state)
{
	char *t = doc(",\"fleetopsExtensionVersion\":\"1.3\"", ",\"fleetopsStationType\":\"dock\"",
	              ",\"fleetopsZones\":[{\"zoneId\":\"z1\",\"nodeIds\":[\"C\",\"A\"]},"
	              "{\"zoneId\":\"z2\",\"zoneName\":\"Two\",\"nodeIds\":[\"B\"]}]",
	              NULL);
	fo_lif_ext *ext = NULL;
	fo_lif_diag d = {0};
	assert_no_messages(&d, read_ext(t, &ext, &d));
	const fo_lif_ext_layout *l = &ext->layouts[0];
	assert_int_equal(l->station_types[0], FO_LIF_STATION_DOCK);
	assert_int_equal(l->nzones, 2);
	assert_string_equal(l->zones[0].id, "z1");
	assert_null(l->zones[0].name);
	assert_int_equal(l->zones[0].nnodes, 2);
	assert_int_equal(l->zones[0].nodes[0], 2);
	assert_int_equal(l->zones[0].nodes[1], 0);
	assert_string_equal(l->zones[1].name, "Two");
	assert_int_equal(l->zones[1].nodes[0], 1);
	fo_lif_ext_free(ext);
	fo_lif_diag_free(&d);
	free(t);
}

typedef struct {
	const char *meta, *station, *layout, *node;
	fo_lif_severity sev;
	const char *path, *fragment;
} ext_case;

#define Z "$.layouts[0].fleetopsZones"
#define ST "$.layouts[0].stations[0].fleetopsStationType"
#define V "$.metaInformation.fleetopsExtensionVersion"

static const ext_case ext_cases[] = {
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[\"A\",\"Q\"]}]", NULL,
     FO_LIF_ERROR, Z "[0].nodeIds[1]", "node \"Q\" does not exist in this layout"},
    {NULL, NULL, ",\"fleetopsZones\":{\"zoneId\":\"z\"}", NULL, FO_LIF_ERROR, Z,
     "expected an array, got an object"},
    {NULL, NULL, ",\"fleetopsZones\":[\"z\"]", NULL, FO_LIF_ERROR, Z "[0]",
     "expected an object, got a string"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"nodeIds\":[\"A\"]}]", NULL, FO_LIF_ERROR, Z "[0].zoneId",
     "required member missing"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":7,\"nodeIds\":[\"A\"]}]", NULL, FO_LIF_ERROR,
     Z "[0].zoneId", "expected a string, got a number"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"\",\"nodeIds\":[\"A\"]}]", NULL, FO_LIF_ERROR,
     Z "[0].zoneId", "empty id"},
    {NULL, NULL,
     ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[\"A\"]},{\"zoneId\":\"z\","
     "\"nodeIds\":[\"B\"]}]",
     NULL, FO_LIF_ERROR, Z "[1].zoneId", "duplicate zoneId \"z\" (also at fleetopsZones[0])"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"zoneName\":[],\"nodeIds\":[\"A\"]}]",
     NULL, FO_LIF_ERROR, Z "[0].zoneName", "expected a string, got an array"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\"}]", NULL, FO_LIF_ERROR, Z "[0].nodeIds",
     "required member missing"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":\"A\"}]", NULL, FO_LIF_ERROR,
     Z "[0].nodeIds", "expected an array, got a string"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[\"A\",null]}]", NULL,
     FO_LIF_ERROR, Z "[0].nodeIds[1]", "expected a string, got null"},
    {NULL, NULL,
     ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[\"A\",\"B\"]},{\"zoneId\":\"y\","
     "\"nodeIds\":[\"C\",\"B\"]}]",
     NULL, FO_LIF_ERROR, Z "[1].nodeIds[1]",
     "node \"B\" is already in zone \"z\" (fleetopsZones[0])"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[\"A\",\"B\",\"A\"]}]", NULL,
     FO_LIF_WARNING, Z "[0].nodeIds[2]", "node \"A\" is listed twice (also at nodeIds[0])"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"nodeIds\":[]}]", NULL, FO_LIF_WARNING,
     Z "[0].nodeIds", "empty: the zone holds no node"},
    {NULL, NULL, ",\"fleetopsZones\":[{\"zoneId\":\"z\",\"kind\":\"x\",\"nodeIds\":[\"A\"]}]", NULL,
     FO_LIF_WARNING, Z "[0].kind", "unknown member, ignored"},
    {NULL, ",\"fleetopsStationType\":3", NULL, NULL, FO_LIF_ERROR, ST,
     "expected a string, got a number"},
    {NULL, ",\"fleetopsStationType\":\"teleporter\"", NULL, NULL, FO_LIF_WARNING, ST,
     "\"teleporter\" is not one of work, charger, parking, dock, pickup, drop; read as work"},
    {",\"fleetopsExtensionVersion\":\"2.0\"", NULL, NULL, NULL, FO_LIF_ERROR, V,
     "extension major version 2.0 is not supported"},
    {",\"fleetopsExtensionVersion\":\"1\"", NULL, NULL, NULL, FO_LIF_ERROR, V,
     "\"1\" is not a version [Major].[Minor]"},
    {",\"fleetopsExtensionVersion\":\"1.0x\"", NULL, NULL, NULL, FO_LIF_ERROR, V,
     "is not a version"},
    {",\"fleetopsExtensionVersion\":1.0", NULL, NULL, NULL, FO_LIF_ERROR, V,
     "expected a string, got a number"},
    {NULL, NULL, NULL, ",\"fleetopsZones\":[]", FO_LIF_WARNING,
     "$.layouts[0].nodes[0].fleetopsZones", "not a fleetops extension member here, ignored"},
    {NULL, NULL, ",\"fleetopsZone\":[]", NULL, FO_LIF_WARNING, "$.layouts[0].fleetopsZone",
     "not a fleetops extension member here"},
    {NULL, ",\"fleetopsZones\":[]", NULL, NULL, FO_LIF_WARNING,
     "$.layouts[0].stations[0].fleetopsZones", "not a fleetops extension member here"},
};

static void test_ext_problems(void **state)
{
	for (size_t i = 0; i < FO_NELEM(ext_cases); i++) {
		const ext_case *c = &ext_cases[i];
		char *t = doc(c->meta, c->station, c->layout, c->node);
		fo_lif_ext *ext = NULL;
		fo_lif_diag d = {0};
		int rc = read_ext(t, &ext, &d);
		const fo_lif_msg *m = fo_lif_diag_find(&d, c->sev, c->path);
		size_t errors = c->sev == FO_LIF_ERROR, warnings = c->sev == FO_LIF_WARNING;
		if (!m || d.errors != errors || d.warnings != warnings) {
			char *txt = fo_lif_diag_text(&d);
			print_error("case %zu: want one %s at %s; got:\n%s", i,
			            c->sev == FO_LIF_ERROR ? "error" : "warning", c->path, txt);
			free(txt);
		}
		assert_non_null(m);
		assert_contains(m->reason, c->fragment);
		assert_int_equal(d.errors, errors);
		assert_int_equal(d.warnings, warnings);
		/* an error means no result; a warning, a result */
		assert_int_equal(rc, c->sev == FO_LIF_ERROR ? -1 : 0);
		assert_true(c->sev == FO_LIF_ERROR ? ext == NULL : ext != NULL);
		if (ext && c->station)
			assert_int_equal(ext->layouts[0].station_types[0], FO_LIF_STATION_WORK);
		fo_lif_ext_free(ext);
		fo_lif_diag_free(&d);
		free(t);
	}
}

/* The writer helpers on a parsed document; the result reads back equal and
 * gives what was set. */
static void test_ext_writer(void **state)
{
	char *t = doc(NULL, NULL, NULL, NULL);
	fo_lif *lif = NULL;
	assert_int_equal(fo_lif_parse(t, strlen(t), &lif, NULL), 0);
	fo_lif_layout *l = &lif->layouts[0];
	fo_lif_ext_set_version(lif);
	fo_lif_ext_set_station_type(&l->stations[0], FO_LIF_STATION_PICKUP);
	fo_lif_ext_set_station_type(&l->stations[0], FO_LIF_STATION_DROP); /* replaces */
	uint32_t nodes[] = {1, 0};
	fo_lif_zone zone = {"z\"1", "Z\xc3\xa9", nodes, 2};
	char err[128] = "";
	assert_int_equal(fo_lif_ext_set_zones(l, &zone, 1, err, sizeof err), 0);
	uint32_t bad[] = {3};
	fo_lif_zone bad_zone = {"z2", NULL, bad, 1};
	assert_int_equal(fo_lif_ext_set_zones(l, &bad_zone, 1, err, sizeof err), -1);
	assert_contains(err, "node index 3");
	assert_int_equal(l->extra.n, 1); /* unchanged by the refused call */

	char *out = fo_lif_write(lif);
	fo_lif *again = NULL;
	fo_lif_diag d = {0};
	assert_no_messages(&d, fo_lif_parse(out, strlen(out), &again, &d));
	assert_true(fo_lif_equal(lif, again));
	fo_lif_ext *ext = NULL;
	assert_no_messages(&d, fo_lif_ext_read(again, &ext, &d));
	assert_int_equal(ext->layouts[0].station_types[0], FO_LIF_STATION_DROP);
	assert_string_equal(ext->layouts[0].zones[0].id, "z\"1");
	assert_string_equal(ext->layouts[0].zones[0].name, "Z\xc3\xa9");
	assert_int_equal(ext->layouts[0].zones[0].nodes[0], 1);

	/* fo_lif_extra_set NULL removes */
	fo_lif_extra_set(&l->stations[0].extra, FO_LIF_EXT_STATION_TYPE_KEY, NULL);
	assert_null(fo_lif_extra_get(&l->stations[0].extra, FO_LIF_EXT_STATION_TYPE_KEY));
	assert_int_equal(l->stations[0].extra.n, 0);

	assert_string_equal(fo_lif_station_type_name(FO_LIF_STATION_CHARGER), "charger");
	assert_null(fo_lif_station_type_name(FO_LIF_STATION__COUNT));
	fo_lif_ext_free(ext);
	fo_lif_diag_free(&d);
	fo_lif_free(again);
	free(out);
	fo_lif_free(lif);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_depot_sizes),   cmocka_unit_test(test_document_text),
	    cmocka_unit_test(test_deterministic), cmocka_unit_test(test_too_large_refused),
	    cmocka_unit_test(test_ext_absent),    cmocka_unit_test(test_ext_read),
	    cmocka_unit_test(test_ext_problems),  cmocka_unit_test(test_ext_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
