/* test_lif.c — the LIF 1.0 reader and writer (core/map/lif.h): the spec's
 * own examples import with the warnings they deserve and round-trip equal;
 * malformed layouts are refused with the JSON path and the reason; a large
 * generated layout; truncated and bit-flipped input never crashes. */
#include "helpers.h"

#include "lif.h"

#include <jansson.h>
#include <math.h>

#define EXAMPLES "tests/map/lif-examples/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *t = malloc((size_t)n + 1);
	assert_non_null(t);
	assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
	t[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return t;
}

/* write(parse(text)) parses again, without new warnings beyond `expect`,
 * and the two models are equal. */
static void assert_round_trip(const fo_lif *lif, size_t expect_warnings)
{
	char *out = fo_lif_write(lif);
	fo_lif *again = NULL;
	fo_lif_diag d = {0};
	int rc = fo_lif_parse(out, strlen(out), &again, &d);
	if (rc != 0 || d.warnings != expect_warnings) {
		char *t = fo_lif_diag_text(&d);
		print_error("round trip: rc %d, %zu warnings (want %zu)\n%s", rc, d.warnings,
		            expect_warnings, t);
		free(t);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(d.warnings, expect_warnings);
	assert_true(fo_lif_equal(lif, again));
	char *out2 = fo_lif_write(again);
	assert_string_equal(out, out2);
	free(out2);
	fo_lif_free(again);
	fo_lif_diag_free(&d);
	free(out);
}

/* JSON values equal, numbers compared as doubles (0 and 0.0 alike). */
static bool json_same(json_t *a, json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return json_number_value(a) == json_number_value(b);
	if (json_typeof(a) != json_typeof(b))
		return false;
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return false;
		const char *k;
		json_t *v;
		json_object_foreach(a, k, v)
		{
			json_t *w = json_object_get(b, k);
			if (!w || !json_same(v, w))
				return false;
		}
		return true;
	}
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return false;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!json_same(json_array_get(a, i), json_array_get(b, i)))
				return false;
		return true;
	}
	return json_equal(a, b);
}

/* ---- the spec's examples */

typedef struct {
	const char *path;
	const char *fragment;
} want_msg;

typedef struct {
	const char *file;
	size_t nwarnings;
	want_msg warn[4];
} example;

#define V0                                                                                         \
	{                                                                                          \
		"$.metaInformation.lifVersion", "pre-1.0 draft"                                    \
	}
#define NOSTN(i)                                                                                   \
	{                                                                                          \
		"$.layouts[" #i "].stations", "missing (required by the schema)"                   \
	}
#define HSTR(i)                                                                                    \
	{                                                                                          \
		"$.layouts[0].stations[" #i "].stationHeight", "number given as a string"          \
	}

static const example examples[] = {
    {"01-forward-edge.json", 2, {V0, NOSTN(0)}},
    {"02-bidirectional-edge.json", 2, {V0, NOSTN(0)}},
    {"03-counter-clockwise-rotation-on-node.json", 2, {V0, NOSTN(0)}},
    {"04-omnidirectional-edge.json", 2, {V0, NOSTN(0)}},
    {"05-multiple-layouts-in-one-lif.json", 3, {V0, NOSTN(0), NOSTN(1)}},
    {"06-station-with-one-node.json", 2, {V0, HSTR(0)}},
    {"07-station-with-two-nodes.json", 2, {V0, HSTR(0)}},
    {"08-station-with-two-nodes-restricted-for-different.json", 2, {V0, HSTR(0)}},
    {"09-rotation-station.json", 2, {V0, HSTR(0)}},
    {"10-station-with-three-nodes-restricted-to-different.json", 2, {V0, HSTR(0)}},
    {"11-multiple-edges-with-load-restrictions.json", 2, {V0, NOSTN(0)}},
    {"12-multiple-edges-between-same-two-nodes-for-differ.json", 2, {V0, NOSTN(0)}},
    {"13-battery-charging-station.json", 2, {V0, HSTR(0)}},
    {"14-two-levels-of-a-facility-in-one-lif-file.json", 3, {V0, NOSTN(0), NOSTN(1)}},
    {"15-rack-station-modelled-by-three-stations.json", 4, {V0, HSTR(0), HSTR(1), HSTR(2)}},
    {"16-rack-station-modelled-by-three-nodes.json", 4, {V0, HSTR(0), HSTR(1), HSTR(2)}},
    {"17-edge-with-trajectory-definition.json", 2, {V0, NOSTN(0)}},
    {"18-manufacturer-specific-action-on-an-edge.json", 2, {V0, NOSTN(0)}},
    {"19-forward-edge-with-two-vehicle-types-with-differi.json", 2, {V0, NOSTN(0)}},
};

static void assert_msg(const fo_lif_diag *d, fo_lif_severity sev, const want_msg *w)
{
	const fo_lif_msg *m = fo_lif_diag_find(d, sev, w->path);
	if (!m) {
		char *t = fo_lif_diag_text(d);
		print_error("no %s at %s; got:\n%s", sev == FO_LIF_ERROR ? "error" : "warning",
		            w->path, t);
		free(t);
	}
	assert_non_null(m);
	assert_contains(m->reason, w->fragment);
}

/* The original with the tolerated deviations fixed as the writer fixes
 * them: stations [] added, stationHeight strings as numbers. */
static void fix_deviations(json_t *doc)
{
	json_t *ls = json_object_get(doc, "layouts");
	for (size_t i = 0; i < json_array_size(ls); i++) {
		json_t *l = json_array_get(ls, i);
		if (!json_object_get(l, "stations"))
			json_object_set_new(l, "stations", json_array());
		json_t *ss = json_object_get(l, "stations");
		for (size_t j = 0; j < json_array_size(ss); j++) {
			json_t *s = json_array_get(ss, j);
			json_t *h = json_object_get(s, "stationHeight");
			if (json_is_string(h))
				json_object_set_new(s, "stationHeight",
				                    json_real(strtod(json_string_value(h), NULL)));
		}
	}
}

static void test_spec_examples_import_and_round_trip(void **state)
{
	for (size_t i = 0; i < FO_NELEM(examples); i++) {
		const example *e = &examples[i];
		char path[256];
		snprintf(path, sizeof path, EXAMPLES "%s", e->file);
		size_t len;
		char *text = slurp(path, &len);
		fo_lif *lif = NULL;
		fo_lif_diag d = {0};
		int rc = fo_lif_parse(text, len, &lif, &d);
		if (rc != 0 || d.warnings != e->nwarnings) {
			char *t = fo_lif_diag_text(&d);
			print_error("%s: rc %d\n%s", e->file, rc, t);
			free(t);
		}
		assert_int_equal(rc, 0);
		assert_non_null(lif);
		assert_int_equal(d.errors, 0);
		assert_int_equal(d.warnings, e->nwarnings);
		for (size_t k = 0; k < FO_NELEM(e->warn) && e->warn[k].path; k++)
			assert_msg(&d, FO_LIF_WARNING, &e->warn[k]);
		/* Written back, only the draft version is left to warn about. */
		assert_round_trip(lif, 1);

		/* The export says what the file said, fixes aside. */
		char *out = fo_lif_write(lif);
		json_t *orig = json_loadb(text, len, 0, NULL);
		json_t *mine = json_loads(out, 0, NULL);
		assert_non_null(orig);
		assert_non_null(mine);
		fix_deviations(orig);
		if (!json_same(orig, mine))
			fail_msg("%s: the export differs from the original", e->file);
		json_decref(orig);
		json_decref(mine);
		free(out);
		fo_lif_free(lif);
		fo_lif_diag_free(&d);
		free(text);
	}
}

static void test_spec_example_contents(void **state)
{
	size_t len;
	char *text = slurp(EXAMPLES "17-edge-with-trajectory-definition.json", &len);
	fo_lif *lif = NULL;
	assert_int_equal(fo_lif_parse(text, len, &lif, NULL), 0);
	assert_int_equal(lif->nlayouts, 1);
	const fo_lif_layout *l = &lif->layouts[0];
	assert_string_equal(l->id, "Layout_Ground_Level");
	long n1 = fo_lif_node_find(l, "N1");
	assert_true(n1 >= 0);
	assert_true(l->nodes[n1].x == 5.0);
	assert_int_equal(fo_lif_node_find(l, "nope"), -1);
	const fo_lif_edge_type *t = &l->edges[0].types[0];
	assert_non_null(t->trajectory);
	assert_int_equal(t->trajectory->degree, 2);
	assert_int_equal(t->trajectory->nknots, t->trajectory->npoints + 3);
	assert_true(isnan(t->max_height));
	assert_int_equal(fo_lif_layout_find(lif, "Layout_Ground_Level"), 0);
	fo_lif_free(lif);
	free(text);

	text = slurp(EXAMPLES "15-rack-station-modelled-by-three-stations.json", &len);
	assert_int_equal(fo_lif_parse(text, len, &lif, NULL), 0);
	l = &lif->layouts[0];
	assert_int_equal(l->nstations, 3);
	assert_true(l->stations[1].height == 2.5);
	assert_true(fo_lif_station_find(l, l->stations[2].id) == 2);
	fo_lif_free(lif);
	free(text);

	text = slurp(EXAMPLES "06-station-with-one-node.json", &len);
	assert_int_equal(fo_lif_parse(text, len, &lif, NULL), 0);
	const fo_lif_action *a = NULL;
	for (size_t i = 0; !a && i < lif->layouts[0].nnodes; i++)
		if (lif->layouts[0].nodes[i].types[0].nactions)
			a = &lif->layouts[0].nodes[i].types[0].actions[0];
	assert_non_null(a);
	assert_int_equal(a->nparams, 1);
	assert_string_equal(a->params[0].key, "loadType");
	assert_string_equal(a->params[0].value_json, "\"Example load type\"");
	fo_lif_free(lif);
	free(text);
}

/* Section 8.4 is a template of type names, not a layout: refused. */
static void test_spec_template_refused(void **state)
{
	size_t len;
	char *text = slurp(EXAMPLES "00-complete-data-structure-of-lif.json", &len);
	fo_lif *lif = (fo_lif *)&len; /* must be reset to NULL */
	fo_lif_diag d = {0};
	assert_int_equal(fo_lif_parse(text, len, &lif, &d), -1);
	assert_null(lif);
	assert_true(d.errors > 10);
	const want_msg w[] = {
	    {"$.metaInformation.lifVersion", "not a version"},
	    {"$.layouts[0].nodes[0].nodePosition.x",
	     "expected a number, got the string \"number\""},
	    {"$.layouts[0].edges[0].endNodeId", "starts and ends at node"},
	    {"$.layouts[0].edges[0].vehicleTypeEdgeProperties[0].rotationAllowed",
	     "expected a boolean"},
	};
	for (size_t i = 0; i < FO_NELEM(w); i++)
		assert_msg(&d, FO_LIF_ERROR, &w[i]);
	const want_msg extra = {
	    "$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].actions[0].required",
	    "unknown member"};
	assert_msg(&d, FO_LIF_WARNING, &extra);
	fo_lif_diag_free(&d);
	free(text);
}

/* ---- malformed layouts */

#define META                                                                                       \
	"\"metaInformation\":{\"projectIdentification\":\"p\",\"creator\":\"c\","                  \
	"\"exportTimestamp\":\"2024-01-01T00:00:00.00Z\",\"lifVersion\":\"1.0.0\"}"
#define LAYOUT(id, body) "{\"layoutId\":\"" id "\",\"layoutVersion\":\"1\"," body "}"
#define DOC(body) "{" META ",\"layouts\":[" LAYOUT("L", body) "]}"
#define NODEP(id, pos, types)                                                                      \
	"{\"nodeId\":\"" id "\",\"nodePosition\":" pos ",\"vehicleTypeNodeProperties\":[" types "]}"
#define NT "{\"vehicleTypeId\":\"T\"}"
#define NODE(id) NODEP(id, "{\"x\":0.0,\"y\":1.0}", NT)
#define NODES "\"nodes\":[" NODE("A") "," NODE("B") "]"
#define ET(more) "{\"vehicleTypeId\":\"T\",\"rotationAllowed\":false" more "}"
#define EDGE(id, s, e, types)                                                                      \
	"{\"edgeId\":\"" id "\",\"startNodeId\":\"" s "\",\"endNodeId\":\"" e                      \
	"\",\"vehicleTypeEdgeProperties\":[" types "]}"
#define EDGE1(types) "\"edges\":[" EDGE("E", "A", "B", types) "]"
#define NOST "\"stations\":[]"
#define GOOD DOC(NODES "," EDGE1(ET("")) "," NOST)
/* An edge property with one more member. */
#define WITH_ET(more) DOC(NODES "," EDGE1(ET(more)) "," NOST)
#define ETP "$.layouts[0].edges[0].vehicleTypeEdgeProperties[0]"
#define TRAJ(deg, knots, pts)                                                                      \
	WITH_ET(",\"trajectory\":{" deg "\"knotVector\":[" knots "],\"controlPoints\":[" pts "]}")
#define P2 "{\"x\":0.0,\"y\":0.0},{\"x\":1.0,\"y\":0.0}"
#define ACT(more) "{\"actionType\":\"pick\",\"requirementType\":\"OPTIONAL\"" more "}"
#define NODE_ACT(act)                                                                              \
	DOC("\"nodes\":[" NODEP("A", "{\"x\":0.0,\"y\":0.0}",                                      \
	                        "{\"vehicleTypeId\":\"T\",\"actions\":[" act                       \
	                        "]}") "," NODE("B") "]," EDGE1(ET("")) "," NOST)
#define NTP "$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].actions[0]"
#define STATION(more) "{\"stationId\":\"S\"" more "}"
#define WITH_ST(st) DOC(NODES "," EDGE1(ET("")) ",\"stations\":[" st "]")
#define STP "$.layouts[0].stations[0]"

typedef struct {
	const char *name, *json, *path, *reason;
} bad_case;

static const bad_case bad[] = {
    {"not json", "{\"metaInformation\":", "$", "not JSON"},
    {"empty text", "", "$", "not JSON"},
    {"trailing garbage", GOOD "x", "$", "not JSON"},
    {"duplicate key", "{\"layouts\":[],\"layouts\":[]}", "$", "duplicate object key"},
    {"NUL in a string", "{\"a\":\"x\\u0000\"}", "$", "not JSON"},
    {"number overflow", WITH_ET(",\"maxSpeed\":1e400"), "$", "overflow"},
    {"top level array", "[]", "$", "expected an object, got an array"},
    {"no metaInformation", "{\"layouts\":[]}", "$.metaInformation", "required member missing"},
    {"no layouts", "{" META "}", "$.layouts", "required member missing"},
    {"layouts not an array", "{" META ",\"layouts\":{}}", "$.layouts", "expected an array"},
    {"metaInformation not an object", "{\"metaInformation\":[],\"layouts\":[]}",
     "$.metaInformation", "expected an object"},
    {"no lifVersion", "{\"metaInformation\":{},\"layouts\":[]}", "$.metaInformation.lifVersion",
     "required member missing"},
    {"lifVersion 2", "{\"metaInformation\":{\"lifVersion\":\"2.0.0\"},\"layouts\":[]}",
     "$.metaInformation.lifVersion", "major version 2 is not supported"},
    {"lifVersion garbage", "{\"metaInformation\":{\"lifVersion\":\"v1\"},\"layouts\":[]}",
     "$.metaInformation.lifVersion", "not a version"},
    {"lifVersion a number", "{\"metaInformation\":{\"lifVersion\":1},\"layouts\":[]}",
     "$.metaInformation.lifVersion", "expected a string, got a number"},
    {"layout not an object", "{" META ",\"layouts\":[7]}", "$.layouts[0]",
     "expected an object, got a number"},
    {"no layoutId", "{" META ",\"layouts\":[{\"nodes\":[],\"edges\":[],\"stations\":[]}]}",
     "$.layouts[0].layoutId", "required member missing"},
    {"empty layoutId", "{" META ",\"layouts\":[" LAYOUT("", NODES ",\"edges\":[]," NOST) "]}",
     "$.layouts[0].layoutId", "empty id"},
    {"duplicate layoutId",
     "{" META ",\"layouts\":[" LAYOUT("L", NODES ",\"edges\":[]," NOST) "," LAYOUT(
         "L", "\"nodes\":[],\"edges\":[]," NOST) "]}",
     "$.layouts[1].layoutId", "duplicate layoutId \"L\""},
    {"no nodes", DOC("\"edges\":[]," NOST), "$.layouts[0].nodes", "required member missing"},
    {"nodes not an array", DOC("\"nodes\":{},\"edges\":[]," NOST), "$.layouts[0].nodes",
     "expected an array, got an object"},
    {"no edges", DOC(NODES "," NOST), "$.layouts[0].edges", "required member missing"},
    {"stations not an array", DOC(NODES ",\"edges\":[],\"stations\":\"none\""),
     "$.layouts[0].stations", "expected an array, got a string"},
    {"no nodeId",
     DOC("\"nodes\":[{\"nodePosition\":{\"x\":0,\"y\":0},"
         "\"vehicleTypeNodeProperties\":[]}],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodeId", "required member missing"},
    {"nodeId a number",
     DOC("\"nodes\":[{\"nodeId\":5,\"nodePosition\":{\"x\":0,\"y\":0},"
         "\"vehicleTypeNodeProperties\":[]}],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodeId", "expected a string, got a number"},
    {"duplicate nodeId", DOC("\"nodes\":[" NODE("A") "," NODE("A") "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[1].nodeId", "duplicate nodeId \"A\" (also at nodes[0])"},
    {"no nodePosition",
     DOC("\"nodes\":[{\"nodeId\":\"A\",\"vehicleTypeNodeProperties\":[" NT
         "]}],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition", "required member missing"},
    {"x not a number",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":\"east\",\"y\":0}", NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition.x", "expected a number, got the string \"east\""},
    {"y missing", DOC("\"nodes\":[" NODEP("A", "{\"x\":1}", NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition.y", "required member missing"},
    {"x absurd", DOC("\"nodes\":[" NODEP("A", "{\"x\":2e7,\"y\":0}", NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition.x", "out of range"},
    {"y -inf as a string",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":0,\"y\":\"-inf\"}", NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition.y", "expected a number"},
    {"x hexadecimal in a string",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":\"0x10\",\"y\":0}", NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].nodePosition.x", "expected a number, got the string \"0x10\""},
    {"theta nan as a string",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":0,\"y\":0}",
                             "{\"vehicleTypeId\":\"T\",\"theta\":\"nan\"}") "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].theta", "expected a number"},
    {"no vehicleTypeNodeProperties",
     DOC("\"nodes\":[{\"nodeId\":\"A\",\"nodePosition\":{\"x\":0,\"y\":0}}],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].vehicleTypeNodeProperties", "required member missing"},
    {"duplicate node vehicle type",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":0,\"y\":0}", NT "," NT) "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].vehicleTypeNodeProperties[1].vehicleTypeId",
     "duplicate vehicleTypeId \"T\""},
    {"node type without id",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":0,\"y\":0}", "{\"theta\":0}") "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].vehicleTypeId", "required member missing"},
    {"bad blockingType", NODE_ACT(ACT(",\"blockingType\":\"MEDIUM\"")), NTP ".blockingType",
     "\"MEDIUM\" is not one of NONE, SOFT, HARD"},
    {"no blockingType", NODE_ACT(ACT("")), NTP ".blockingType", "required member missing"},
    {"bad requirementType",
     NODE_ACT("{\"actionType\":\"x\",\"requirementType\":\"MAYBE\",\"blockingType\":\"NONE\"}"),
     NTP ".requirementType", "not one of REQUIRED, CONDITIONAL, OPTIONAL"},
    {"no actionType", NODE_ACT("{\"requirementType\":\"OPTIONAL\",\"blockingType\":\"NONE\"}"),
     NTP ".actionType", "required member missing"},
    {"parameter without value",
     NODE_ACT(ACT(",\"blockingType\":\"NONE\",\"actionParameters\":[{\"key\":\"k\"}]")),
     NTP ".actionParameters[0].value", "required member missing"},
    {"duplicate parameter key",
     NODE_ACT(ACT(",\"blockingType\":\"NONE\",\"actionParameters\":[{\"key\":\"k\",\"value\":1},"
                  "{\"key\":\"k\",\"value\":2}]")),
     NTP ".actionParameters[1]", "duplicate key \"k\""},
    {"actions not an array",
     DOC("\"nodes\":[" NODEP("A", "{\"x\":0,\"y\":0}",
                             "{\"vehicleTypeId\":\"T\",\"actions\":{}}") "],\"edges\":[]," NOST),
     "$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].actions", "expected an array"},
    {"no edgeId",
     DOC(NODES ",\"edges\":[{\"startNodeId\":\"A\",\"endNodeId\":\"B\","
               "\"vehicleTypeEdgeProperties\":[" ET("") "]}]," NOST),
     "$.layouts[0].edges[0].edgeId", "required member missing"},
    {"duplicate edgeId",
     DOC(NODES
         ",\"edges\":[" EDGE("E", "A", "B", ET("")) "," EDGE("E", "B", "A", ET("")) "]," NOST),
     "$.layouts[0].edges[1].edgeId", "duplicate edgeId \"E\""},
    {"start node missing", DOC(NODES ",\"edges\":[" EDGE("E", "X", "B", ET("")) "]," NOST),
     "$.layouts[0].edges[0].startNodeId", "start node \"X\" does not exist"},
    {"end node missing", DOC(NODES ",\"edges\":[" EDGE("E", "A", "Y", ET("")) "]," NOST),
     "$.layouts[0].edges[0].endNodeId", "end node \"Y\" does not exist in any layout"},
    {"start equals end", DOC(NODES ",\"edges\":[" EDGE("E", "A", "A", ET("")) "]," NOST),
     "$.layouts[0].edges[0].endNodeId", "starts and ends at node \"A\""},
    {"start in another layout",
     "{" META ",\"layouts\":[" LAYOUT("L1", NODES ",\"edges\":[]," NOST) "," LAYOUT(
         "L2", "\"nodes\":[" NODE("C") "],\"edges\":[" EDGE("E", "A", "C", ET("")) "]," NOST) "]}",
     "$.layouts[1].edges[0].startNodeId", "is in layout 0, not in this one"},
    {"no vehicleTypeEdgeProperties",
     DOC(NODES ",\"edges\":[{\"edgeId\":\"E\",\"startNodeId\":\"A\",\"endNodeId\":\"B\"}]," NOST),
     "$.layouts[0].edges[0].vehicleTypeEdgeProperties", "required member missing"},
    {"edge type not an object", DOC(NODES "," EDGE1("true") "," NOST), ETP,
     "expected an object, got a boolean"},
    {"no rotationAllowed", DOC(NODES "," EDGE1("{\"vehicleTypeId\":\"T\"}") "," NOST),
     ETP ".rotationAllowed", "required member missing"},
    {"rotationAllowed a string",
     DOC(NODES "," EDGE1("{\"vehicleTypeId\":\"T\",\"rotationAllowed\":\"yes\"}") "," NOST),
     ETP ".rotationAllowed", "expected a boolean, got a string"},
    {"duplicate edge vehicle type", DOC(NODES "," EDGE1(ET("") "," ET("")) "," NOST),
     "$.layouts[0].edges[0].vehicleTypeEdgeProperties[1].vehicleTypeId",
     "duplicate vehicleTypeId \"T\""},
    {"bad orientationType", WITH_ET(",\"orientationType\":\"SIDEWAYS\""), ETP ".orientationType",
     "not one of GLOBAL, TANGENTIAL"},
    {"bad rotationAtStartNodeAllowed", WITH_ET(",\"rotationAtStartNodeAllowed\":\"LEFT\""),
     ETP ".rotationAtStartNodeAllowed", "not one of NONE, CCW, CW, BOTH"},
    {"bad rotationAtEndNodeAllowed", WITH_ET(",\"rotationAtEndNodeAllowed\":null"),
     ETP ".rotationAtEndNodeAllowed", "expected a string, got null"},
    {"negative maxSpeed", WITH_ET(",\"maxSpeed\":-1.5"), ETP ".maxSpeed", "negative value -1.5"},
    {"negative maxRotationSpeed", WITH_ET(",\"maxRotationSpeed\":-0.1"), ETP ".maxRotationSpeed",
     "negative"},
    {"maxSpeed an array", WITH_ET(",\"maxSpeed\":[1]"), ETP ".maxSpeed",
     "expected a number, got an array"},
    {"minHeight above maxHeight", WITH_ET(",\"minHeight\":2.0,\"maxHeight\":1.0"), ETP ".minHeight",
     "above maxHeight"},
    {"loadRestriction without loaded", WITH_ET(",\"loadRestriction\":{\"unloaded\":true}"),
     ETP ".loadRestriction.loaded", "required member missing"},
    {"loadSetNames not strings",
     WITH_ET(",\"loadRestriction\":{\"unloaded\":true,\"loaded\":true,\"loadSetNames\":[1]}"),
     ETP ".loadRestriction.loadSetNames[0]", "expected a string"},
    {"reentryAllowed a number", WITH_ET(",\"reentryAllowed\":1"), ETP ".reentryAllowed",
     "expected a boolean"},
    {"trajectory degree 0", TRAJ("\"degree\":0,", "0,0,1,1", P2), ETP ".trajectory.degree",
     "not a whole number in [1, 64]"},
    {"trajectory degree 1.5", TRAJ("\"degree\":1.5,", "0,0,1,1", P2), ETP ".trajectory.degree",
     "not a whole number"},
    {"knot vector too short", TRAJ("\"degree\":1,", "0,0,1", P2), ETP ".trajectory.knotVector",
     "3 knots; controlPoints (2) + degree (1) + 1 = 4"},
    {"knot outside [0,1]", TRAJ("", "0,0,1,1.5", P2), ETP ".trajectory.knotVector[3]",
     "outside [0, 1]"},
    {"knots decreasing", TRAJ("", "0,0.5,0.2,1", P2), ETP ".trajectory.knotVector[2]",
     "less than the one before"},
    {"negative control point weight",
     TRAJ("", "0,0,1,1", "{\"x\":0,\"y\":0,\"weight\":-1},{\"x\":1,\"y\":0}"),
     ETP ".trajectory.controlPoints[0].weight", "negative"},
    {"trajectory without controlPoints", WITH_ET(",\"trajectory\":{\"knotVector\":[0,0,1,1]}"),
     ETP ".trajectory.controlPoints", "required member missing"},
    {"one control point", TRAJ("", "0,0,1", "{\"x\":0,\"y\":0}"), ETP ".trajectory.controlPoints",
     "needs at least 2"},
    {"no stationId", WITH_ST("{\"interactionNodeIds\":[\"A\"]}"), STP ".stationId",
     "required member missing"},
    {"no interactionNodeIds", WITH_ST(STATION("")), STP ".interactionNodeIds",
     "required member missing"},
    {"empty interactionNodeIds", WITH_ST(STATION(",\"interactionNodeIds\":[]")),
     STP ".interactionNodeIds", "empty"},
    {"interaction node missing", WITH_ST(STATION(",\"interactionNodeIds\":[\"A\",\"Z\"]")),
     STP ".interactionNodeIds[1]", "interaction node \"Z\" does not exist"},
    {"stationHeight not a number",
     WITH_ST(STATION(",\"interactionNodeIds\":[\"A\"],\"stationHeight\":\"tall\"")),
     STP ".stationHeight", "expected a number, got the string \"tall\""},
    {"negative stationHeight",
     WITH_ST(STATION(",\"interactionNodeIds\":[\"A\"],\"stationHeight\":-1")), STP ".stationHeight",
     "negative"},
    {"stationPosition without y",
     WITH_ST(STATION(",\"interactionNodeIds\":[\"A\"],\"stationPosition\":{\"x\":1}")),
     STP ".stationPosition.y", "required member missing"},
    {"duplicate stationId",
     WITH_ST(
         STATION(",\"interactionNodeIds\":[\"A\"]") "," STATION(",\"interactionNodeIds\":[\"B\"]")),
     "$.layouts[0].stations[1].stationId", "duplicate stationId \"S\""},
};

static void test_malformed_refused(void **state)
{
	size_t checked = 0;
	for (size_t i = 0; i < FO_NELEM(bad); i++) {
		const bad_case *c = &bad[i];
		fo_lif *lif = (fo_lif *)c; /* must be reset to NULL */
		fo_lif_diag d = {0};
		int rc = fo_lif_parse(c->json, strlen(c->json), &lif, &d);
		const fo_lif_msg *m = fo_lif_diag_find(&d, FO_LIF_ERROR, c->path);
		if (rc != -1 || !m || !strstr(m->reason, c->reason)) {
			char *t = fo_lif_diag_text(&d);
			print_error(
			    "case \"%s\": rc %d, want an error at %s containing \"%s\"; got:\n%s",
			    c->name, rc, c->path, c->reason, t);
			free(t);
			fail();
		}
		assert_null(lif);
		fo_lif_diag_free(&d);
		checked++;
	}
	assert_true(checked >= 40);
	print_message("%zu malformed layouts refused\n", checked);
}

/* The skeleton the malformed cases break, whole: no warning at all. */
static void test_minimal_layout_clean(void **state)
{
	const char *good = GOOD;
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	assert_int_equal(fo_lif_parse(good, strlen(good), &lif, &d), 0);
	assert_int_equal(d.errors + d.warnings, 0);
	assert_round_trip(lif, 0);
	fo_lif_free(lif);
	fo_lif_diag_free(&d);
}

/* ---- limits */

static void test_size_limits(void **state)
{
	/* The file: refused before jansson sees it. */
	size_t big = (size_t)FO_LIF_MAX_BYTES + 1;
	char *text = malloc(big);
	assert_non_null(text);
	memset(text, ' ', big);
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	assert_int_equal(fo_lif_parse(text, big, &lif, &d), -1);
	assert_null(lif);
	assert_msg(&d, FO_LIF_ERROR, &(want_msg){"$", "more than the limit of 67108864"});
	fo_lif_diag_free(&d);
	free(text);

	/* Nodes per layout: counted before one is read. */
	fo_buf b = {0};
	fo_buf_str(&b, "{" META ",\"layouts\":[{\"layoutId\":\"L\",\"nodes\":[");
	for (unsigned i = 0; i <= FO_LIF_MAX_ELEMS; i++)
		fo_buf_str(&b, i ? ",{}" : "{}");
	fo_buf_str(&b, "],\"edges\":[],\"stations\":[]}]}");
	assert_int_equal(fo_lif_parse(b.s, b.n, &lif, &d), -1);
	assert_msg(&d, FO_LIF_ERROR,
	           &(want_msg){"$.layouts[0].nodes", "100001 elements, more than the limit"});
	fo_lif_diag_free(&d);
	fo_buf_free(&b);
}

/* Many problems: all counted, the first FO_LIF_DIAG_KEEP kept. */
static void test_diag_keeps_the_first(void **state)
{
	fo_buf b = {0};
	fo_buf_str(&b, "{" META ",\"layouts\":[{\"layoutId\":\"L\",\"layoutVersion\":\"1\","
	               "\"nodes\":[");
	for (unsigned i = 0; i < 500; i++)
		fo_buf_str(&b, i ? ",{}" : "{}");
	fo_buf_str(&b, "],\"edges\":[],\"stations\":[]}]}");
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	assert_int_equal(fo_lif_parse(b.s, b.n, &lif, &d), -1);
	assert_int_equal(d.errors, 1500); /* nodeId, nodePosition, vehicleTypeNodeProperties */
	assert_int_equal(d.n, FO_LIF_DIAG_KEEP);
	char *t = fo_lif_diag_text(&d);
	assert_contains(t, "error: $.layouts[0].nodes[0].nodeId: required member missing\n");
	assert_contains(t, "... and 1300 more\n");
	free(t);
	fo_lif_diag_free(&d);
	fo_buf_free(&b);
	/* No diag at all: the status alone. */
	assert_int_equal(fo_lif_parse("[]", 2, &lif, NULL), -1);
	assert_null(lif);
}

/* ---- tolerated, with a warning */

static void test_tolerated_with_warnings(void **state)
{
	/* Unknown members are kept and written back; numbers as strings are
	 * read; parameter values of any JSON type survive; an edge may end in
	 * another layout (LIF 8.3.8); ids repeated across layouts warn. */
	const char *text =
	    "{" META ",\"layouts\":["
	    "{\"layoutId\":\"L1\",\"layoutVersion\":\"1\",\"x-zone\":{\"name\":\"Z\",\"n\":["
	    "1,2]},"
	    "\"nodes\":[" NODEP(
	        "A", "{\"x\":\"1.5\",\"y\":0,\"z\":3}",
	        "{\"vehicleTypeId\":\"T\",\"theta\":4.0,\"actions\":[" ACT(
	            ",\"blockingType\":\"HARD\",\"actionParameters\":["
	            "{\"key\":\"o\",\"value\":{\"a\":[true,null]}},{\"key\":"
	            "\"n\","
	            "\"value\":2.5},{\"key\":\"s\",\"value\":\"q\\\"uote\"}"
	            "]") "]}") ","
	                       "{\"nodeId\":\"B\",\"nodePosition\":{\"x\":0,"
	                       "\"y\":0},\"vehicleTypeNodeProperties\":[]}],"
	                       "\"edges\":[" EDGE(
	                           "E1", "A", "C",
	                           ET(",\"vendorSpeed\":3")) "]," NOST "},"
	                                                     "{\"layoutId\":"
	                                                     "\"L2\","
	                                                     "\"layoutVersio"
	                                                     "n\":\"1\","
	                                                     "\"nodes\":"
	                                                     "[" NODE("C") "," NODE(
	                                                         "A") "],"
	                                                              "\"edg"
	                                                              "es\":"
	                                                              "[],"
	                                                              "\"sta"
	                                                              "tions"
	                                                              "\":"
	                                                              "[" STATION(
	                                                                  ","
	                                                                  "\"interactionNodeIds\":["
	                                                                  "\"B\"]") "]}],"
	                                                                            "\"extension\":"
	                                                                            "42}";
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	int rc = fo_lif_parse(text, strlen(text), &lif, &d);
	char *t = fo_lif_diag_text(&d);
	if (rc)
		print_error("%s", t);
	assert_int_equal(rc, 0);
	const want_msg w[] = {
	    {"$.layouts[0].x-zone", "unknown member, kept"},
	    {"$.layouts[0].nodes[0].nodePosition.x", "number given as a string (\"1.5\")"},
	    {"$.layouts[0].nodes[0].nodePosition.z", "unknown member"},
	    {"$.layouts[0].nodes[0].vehicleTypeNodeProperties[0].theta", "outside [-pi, pi]"},
	    {"$.layouts[0].nodes[1].vehicleTypeNodeProperties", "empty"},
	    {ETP ".vendorSpeed", "unknown member"},
	    {"$.layouts[1].nodes[1].nodeId", "nodeId \"A\" is also in layout 0"},
	    {"$.layouts[1].stations[0].interactionNodeIds[0]", "in another layout"},
	    {"$.extension", "unknown member"},
	};
	for (size_t i = 0; i < FO_NELEM(w); i++)
		assert_msg(&d, FO_LIF_WARNING, &w[i]);
	assert_int_equal(d.warnings, FO_NELEM(w));
	free(t);
	const fo_lif_action *a = &lif->layouts[0].nodes[0].types[0].actions[0];
	assert_string_equal(a->params[0].value_json, "{\"a\":[true,null]}");
	assert_string_equal(a->params[1].value_json, "2.5");
	assert_string_equal(a->params[2].value_json, "\"q\\\"uote\"");
	assert_true(lif->layouts[0].nodes[0].x == 1.5);
	char *out = fo_lif_write(lif);
	assert_contains(out, "\"x-zone\": {\"name\":\"Z\",\"n\":[1,2]}");
	assert_contains(out, "\"extension\": 42");
	assert_contains(out, "\"vendorSpeed\": 3");
	assert_contains(out, "\"x\": 1.5,");
	free(out);
	/* Written back: the numbers are numbers; the rest still warns. */
	assert_round_trip(lif, FO_NELEM(w) - 1);
	fo_lif_free(lif);
	fo_lif_diag_free(&d);
}

/* ---- a large layout */

/* A w x h lattice, 5 m apart, an edge to the right and one up from each
 * node, a station on every 100th node. */
static char *lattice(unsigned w, unsigned h)
{
	fo_buf b = {0};
	fo_buf_str(&b, "{" META ",\"layouts\":[{\"layoutId\":\"grid\",\"layoutVersion\":\"7\","
	               "\"nodes\":[");
	for (unsigned i = 0; i < w * h; i++)
		fo_buf_printf(&b,
		              "%s{\"nodeId\":\"n%u\",\"mapId\":\"m\",\"nodePosition\":{\"x\":%.1f,"
		              "\"y\":%.1f},\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\","
		              "\"theta\":%.3f}]}",
		              i ? "," : "", i, (i % w) * 5.0, (i / w) * 5.0, (double)(i % 7) * 0.3);
	fo_buf_str(&b, "],\"edges\":[");
	bool first = true;
	for (unsigned i = 0; i < w * h; i++) {
		unsigned to[2] = {i % w + 1 < w ? i + 1 : i, i / w + 1 < h ? i + w : i};
		for (int k = 0; k < 2; k++) {
			if (to[k] == i)
				continue;
			fo_buf_printf(
			    &b,
			    "%s{\"edgeId\":\"e%u-%u\",\"startNodeId\":\"n%u\",\"endNodeId\":"
			    "\"n%u\",\"vehicleTypeEdgeProperties\":[{\"vehicleTypeId\":\"T\","
			    "\"rotationAllowed\":%s,\"maxSpeed\":%.2f}]}",
			    first ? "" : ",", i, to[k], i, to[k], k ? "true" : "false",
			    1.0 + (i % 5) * 0.25);
			first = false;
		}
	}
	fo_buf_str(&b, "],\"stations\":[");
	for (unsigned i = 0; i < w * h; i += 100)
		fo_buf_printf(&b, "%s{\"stationId\":\"s%u\",\"interactionNodeIds\":[\"n%u\"]}",
		              i ? "," : "", i, i);
	fo_buf_str(&b, "]}]}");
	return fo_buf_take(&b);
}

static void test_large_layout(void **state)
{
	char *text = lattice(100, 100);
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	assert_int_equal(fo_lif_parse(text, strlen(text), &lif, &d), 0);
	assert_int_equal(d.errors + d.warnings, 0);
	const fo_lif_layout *l = &lif->layouts[0];
	assert_int_equal(l->nnodes, 10000);
	assert_int_equal(l->nedges, 19800);
	assert_int_equal(l->nstations, 100);
	assert_int_equal(fo_lif_node_find(l, "n9999"), 9999);
	assert_true(l->nodes[9999].x == 495.0 && l->nodes[9999].y == 495.0);
	assert_int_equal(fo_lif_edge_find(l, "e0-100"), 1);
	assert_int_equal(fo_lif_station_find(l, "s9900"), 99);
	assert_round_trip(lif, 0);
	fo_lif_free(lif);
	fo_lif_diag_free(&d);
	free(text);
}

/* ---- robustness: truncations and byte flips never crash or leak, and
 * whatever is accepted writes back to an equal model. */

static void parse_any(const char *text, size_t len)
{
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	int rc = fo_lif_parse(text, len, &lif, &d);
	if (rc == 0) {
		assert_non_null(lif);
		assert_int_equal(d.errors, 0);
		char *out = fo_lif_write(lif);
		fo_lif *again = NULL;
		assert_int_equal(fo_lif_parse(out, strlen(out), &again, NULL), 0);
		assert_true(fo_lif_equal(lif, again));
		fo_lif_free(again);
		free(out);
	} else {
		assert_int_equal(rc, -1);
		assert_null(lif);
		assert_true(d.errors > 0);
	}
	fo_lif_free(lif);
	fo_lif_diag_free(&d);
}

static void test_truncated_and_flipped(void **state)
{
	size_t len;
	char *text = slurp(EXAMPLES "17-edge-with-trajectory-definition.json", &len);
	char *copy = malloc(len);
	assert_non_null(copy);
	for (size_t n = 0; n < len; n++) {
		memcpy(copy, text, n); /* exactly n bytes: no NUL after them */
		parse_any(copy, n);
	}
	uint64_t seed = 12;
	static const char flips[] = "\"{}[],:0123456789.-eE \\tfn";
	size_t accepted = 0;
	for (int round = 0; round < 3000; round++) {
		memcpy(copy, text, len);
		int k = 1 + (int)fo_rand_below(&seed, 3);
		for (int j = 0; j < k; j++) {
			size_t at = fo_rand_below(&seed, (uint32_t)len);
			if (fo_rand_below(&seed, 2))
				copy[at] = flips[fo_rand_below(&seed, sizeof flips - 1)];
			else
				copy[at] = (char)fo_rand(&seed);
		}
		fo_lif *lif = NULL;
		if (fo_lif_parse(copy, len, &lif, NULL) == 0)
			accepted++;
		fo_lif_free(lif);
		parse_any(copy, len);
	}
	print_message("3000 mutations, %zu still valid\n", accepted);
	free(copy);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_examples_import_and_round_trip),
	    cmocka_unit_test(test_spec_example_contents),
	    cmocka_unit_test(test_spec_template_refused),
	    cmocka_unit_test(test_minimal_layout_clean),
	    cmocka_unit_test(test_malformed_refused),
	    cmocka_unit_test(test_size_limits),
	    cmocka_unit_test(test_diag_keeps_the_first),
	    cmocka_unit_test(test_tolerated_with_warnings),
	    cmocka_unit_test(test_large_layout),
	    cmocka_unit_test(test_truncated_and_flipped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
