/* test_route.c — shortest-travel-time routing over LIF layouts
 * (core/map/route.h): small hand-built layouts with known answers (speed
 * limits, vehicle types, blocks, trajectories, levels, stations), every
 * spec example builds, and a generated 10,000-node grid agrees with
 * Bellman-Ford. */
#include "helpers.h"

#include "route.h"

#include <math.h>

#define EXAMPLES "tests/map/lif-examples/"

#define META                                                                                       \
	"\"metaInformation\":{\"projectIdentification\":\"p\",\"creator\":\"c\","                  \
	"\"exportTimestamp\":\"2024-01-01T00:00:00.00Z\",\"lifVersion\":\"1.0.0\"}"
#define NODE(id, x, y)                                                                             \
	"{\"nodeId\":\"" id "\",\"nodePosition\":{\"x\":" #x ",\"y\":" #y "},"                     \
	"\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]}"
#define ET(type, more) "{\"vehicleTypeId\":\"" type "\",\"rotationAllowed\":false" more "}"
#define EDGE(id, s, e, types)                                                                      \
	"{\"edgeId\":\"" id "\",\"startNodeId\":\"" s "\",\"endNodeId\":\"" e                      \
	"\",\"vehicleTypeEdgeProperties\":[" types "]}"
#define ED(s, e, more) EDGE(s "-" e, s, e, ET("T", more))

/* One layout as JSON (owned): its nodes, edges and stations; `more`
 * (may be "") adds members such as layoutLevelId. */
static char *layout(const char *id, const char *more, const char *const *nodes, size_t nn,
                    const char *const *edges, size_t ne, const char *stations)
{
	fo_buf b = {0};
	fo_buf_printf(&b, "{\"layoutId\":\"%s\",\"layoutVersion\":\"1\",%s\"nodes\":[", id, more);
	for (size_t i = 0; i < nn; i++)
		fo_buf_printf(&b, "%s%s", i ? "," : "", nodes[i]);
	fo_buf_str(&b, "],\"edges\":[");
	for (size_t i = 0; i < ne; i++)
		fo_buf_printf(&b, "%s%s", i ? "," : "", edges[i]);
	fo_buf_printf(&b, "],\"stations\":[%s]}", stations);
	return fo_buf_take(&b);
}
#define LAYOUT(id, more, nodes, edges, stations)                                                   \
	layout(id, more, nodes, FO_NELEM(nodes), edges, FO_NELEM(edges), stations)

static fo_lif *parse(const char *text)
{
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	if (fo_lif_parse(text, strlen(text), &lif, &d) != 0) {
		char *t = fo_lif_diag_text(&d);
		fail_msg("layout refused:\n%s", t);
		free(t);
	}
	fo_lif_diag_free(&d);
	return lif;
}

/* The document of layout l0 and l1 (may be NULL), parsed; frees both. */
static fo_lif *parse_layouts(char *l0, char *l1)
{
	fo_buf b = {0};
	fo_buf_printf(&b, "{" META ",\"layouts\":[%s%s%s]}", l0, l1 ? "," : "", l1 ? l1 : "");
	fo_lif *lif = parse(b.s);
	fo_buf_free(&b);
	free(l0);
	free(l1);
	return lif;
}

static fo_route_graph *build(const fo_lif *lif, const char *type, double top)
{
	fo_route_opts o = {.vehicle_type = type, .top_speed = top, .level_change_s = NAN};
	fo_route_graph *g = NULL;
	char err[512] = "";
	if (fo_route_graph_new(lif, &o, &g, err, sizeof err) != 0)
		fail_msg("graph: %s", err);
	return g;
}

static uint32_t node(const fo_route_graph *g, const char *id)
{
	uint32_t v = fo_route_node_find(g, id);
	if (v == FO_ROUTE_NONE)
		fail_msg("no node %s", id);
	return v;
}

/* The path's node ids joined by spaces, into buf. */
static const char *ids(const fo_route_graph *g, const fo_route_path *p, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->nnodes && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "",
		                       fo_route_node_ref(g, p->nodes[i], NULL, NULL)->id);
	return buf;
}

/* The route from `from` to `to` visits the nodes `want` (NULL: none) at
 * that cost. */
static void assert_route(const fo_route_graph *g, fo_route_query *q, const char *from,
                         const char *to, const char *want, double cost)
{
	const fo_route_path *p = NULL;
	char buf[256];
	int rc = fo_route_find(q, node(g, from), node(g, to), &p);
	assert_non_null(p);
	if (!want) {
		assert_int_equal(rc, -1);
		assert_true(isinf(p->cost));
		assert_int_equal(p->nnodes, 0);
		return;
	}
	assert_int_equal(rc, 0);
	assert_string_equal(ids(g, p, buf, sizeof buf), want);
	assert_near(p->cost, cost, 1e-9);
	assert_int_equal(p->nedges + 1, p->nnodes);
}

/* ---- speed limits: a slow direct lane against a fast detour
 *   C(0,10) ---- D(100,10)
 *   |              |
 *   A(0,0) ------- B(100,0)   A-B limited to 1 m/s */
static const char *const lanes_nodes[] = {
    NODE("A", 0, 0), NODE("B", 100, 0), NODE("C", 0, 10), NODE("D", 100, 10), NODE("E", 50, 50),
};
static const char *const lanes_edges[] = {
    ED("A", "B", ",\"maxSpeed\":1.0"),
    ED("A", "C", ""),
    ED("C", "D", ""),
    ED("D", "B", ""),
    ED("B", "A", ""),
};
#define LANES parse_layouts(LAYOUT("L", "", lanes_nodes, lanes_edges, ""), NULL)

static void test_speed_limits(void **state)
{
	fo_lif *lif = LANES;
	/* At 2 m/s the detour (120 m, no limit) takes 60 s, the lane 100 s. */
	fo_route_graph *g = build(lif, "T", 2.0);
	fo_route_query *q = fo_route_query_new(g);
	assert_route(g, q, "A", "B", "A C D B", 60.0);
	const fo_route_path *p;
	assert_int_equal(fo_route_find(q, node(g, "A"), node(g, "B"), &p), 0);
	assert_near(p->length, 120.0, 1e-9);
	assert_near(p->time, 60.0, 1e-9);
	/* The edges index the document. */
	uint32_t li, ei;
	const fo_lif_edge_type *t;
	const fo_lif_edge *e = fo_route_edge_ref(g, p->edges[0], &li, &ei, &t);
	assert_string_equal(e->id, "A-C");
	assert_int_equal(li, 0);
	assert_int_equal(ei, 1);
	assert_non_null(t);
	assert_string_equal(t->vehicle_type_id, "T");
	/* Directed: B to A has its own edge (no limit: 50 s); D to C goes
	 * round, not back along C-D. */
	assert_route(g, q, "B", "A", "B A", 50.0);
	assert_route(g, q, "D", "C", "D B A C", 60.0);
	assert_route(g, q, "A", "A", "A", 0.0);
	/* At 1 m/s the lane is as fast as the vehicle: 100 s against 120 s. */
	fo_route_query_free(q);
	fo_route_graph_free(g);
	g = build(lif, "T", 1.0);
	q = fo_route_query_new(g);
	assert_route(g, q, "A", "B", "A B", 100.0);
	fo_route_info in = fo_route_graph_info(g);
	assert_int_equal(in.nodes, 5);
	assert_int_equal(in.edges, 5);
	assert_int_equal(in.usable_edges, 5);
	assert_string_equal(in.vehicle_type, "T");
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

static void test_unreachable(void **state)
{
	fo_lif *lif = LANES;
	fo_route_graph *g = build(lif, NULL, 2.0);
	fo_route_query *q = fo_route_query_new(g);
	assert_route(g, q, "A", "E", NULL, 0);
	assert_route(g, q, "E", "A", NULL, 0);
	const fo_route_path *p;
	assert_int_equal(fo_route_find(q, 0, 99, &p), -1);
	assert_int_equal(fo_route_find(q, 99, 0, &p), -1);
	assert_true(isinf(p->cost));
	assert_int_equal(fo_route_node_find(g, "nope"), FO_ROUTE_NONE);
	assert_null(fo_route_node_ref(g, 5, NULL, NULL));
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

static void test_blocks(void **state)
{
	fo_lif *lif = LANES;
	fo_route_graph *g = build(lif, "T", 2.0);
	fo_route_query *q = fo_route_query_new(g);
	uint32_t cd = fo_route_edge_find(g, "C-D");
	assert_true(cd != FO_ROUTE_NONE);

	/* A reserved edge on the detour: the slow lane. */
	fo_route_block_edge(q, cd);
	assert_route(g, q, "A", "B", "A B", 100.0);
	assert_route(g, q, "A", "D", NULL, 0);
	fo_route_clear_blocks(q);
	assert_route(g, q, "A", "B", "A C D B", 60.0);

	/* A reserved node. */
	fo_route_block_node(q, node(g, "D"));
	assert_route(g, q, "A", "B", "A B", 100.0);
	/* A blocked target cannot be reached; a blocked source can be left. */
	assert_route(g, q, "A", "D", NULL, 0);
	fo_route_clear_blocks(q);
	fo_route_block_node(q, node(g, "A"));
	assert_route(g, q, "A", "B", "A C D B", 60.0);
	assert_route(g, q, "A", "A", "A", 0.0);
	assert_route(g, q, "B", "A", NULL, 0);
	fo_route_clear_blocks(q);

	/* Penalties add to the cost, add up, and INFINITY blocks. */
	fo_route_penalize_edge(q, cd, 30.0);
	assert_route(g, q, "A", "B", "A C D B", 90.0);
	const fo_route_path *p;
	fo_route_find(q, node(g, "A"), node(g, "B"), &p);
	assert_near(p->time, 60.0, 1e-9);
	fo_route_penalize_edge(q, cd, 15.0);
	assert_route(g, q, "A", "B", "A B", 100.0);
	fo_route_penalize_edge(q, cd, -5.0); /* ignored */
	fo_route_penalize_edge(q, cd, NAN);  /* ignored */
	assert_route(g, q, "A", "B", "A B", 100.0);
	fo_route_clear_blocks(q);
	fo_route_penalize_edge(q, cd, INFINITY);
	assert_route(g, q, "A", "D", NULL, 0);
	fo_route_clear_blocks(q);
	assert_route(g, q, "A", "B", "A C D B", 60.0);
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

/* ---- vehicle types: a shortcut only type U may take */
static const char *const types_nodes[] = {NODE("A", 0, 0), NODE("B", 10, 0), NODE("C", 20, 0)};
static const char *const types_edges[] = {
    EDGE("A-B", "A", "B", ET("T", "") "," ET("U", "")),
    EDGE("B-C", "B", "C", ET("T", "") "," ET("U", "")),
    EDGE("A-C", "A", "C", ET("U", "")),
    EDGE("A-C-slow", "A", "C", ET("T", ",\"maxSpeed\":0.5")),
};

static void test_vehicle_types(void **state)
{
	fo_lif *lif = parse_layouts(LAYOUT("L", "", types_nodes, types_edges, ""), NULL);
	fo_route_graph *g = build(lif, "T", 1.0);
	fo_route_query *q = fo_route_query_new(g);
	assert_route(g, q, "A", "C", "A B C", 20.0);
	const fo_route_path *p;
	fo_route_find(q, node(g, "A"), node(g, "C"), &p);
	assert_int_equal(p->edges[0], fo_route_edge_find(g, "A-B"));
	assert_false(fo_route_edge_usable(g, fo_route_edge_find(g, "A-C")));
	assert_true(isinf(fo_route_edge_time(g, fo_route_edge_find(g, "A-C"))));
	assert_near(fo_route_edge_time(g, fo_route_edge_find(g, "A-C-slow")), 40.0, 1e-12);
	assert_int_equal(fo_route_graph_info(g).usable_edges, 3);
	fo_route_query_free(q);
	fo_route_graph_free(g);

	g = build(lif, "U", 1.0);
	q = fo_route_query_new(g);
	assert_route(g, q, "A", "C", "A C", 20.0);
	fo_route_find(q, node(g, "A"), node(g, "C"), &p);
	assert_int_equal(p->edges[0], fo_route_edge_find(g, "A-C"));
	const fo_lif_edge_type *t;
	fo_route_edge_ref(g, p->edges[0], NULL, NULL, &t);
	assert_string_equal(t->vehicle_type_id, "U");
	fo_route_query_free(q);
	fo_route_graph_free(g);

	/* Two types named: a third is refused with the list, so is none. */
	fo_route_opts o = {.vehicle_type = "X", .top_speed = 1.0, .level_change_s = NAN};
	char err[512] = "";
	g = (fo_route_graph *)&o; /* any non-NULL: a failure sets it to NULL */
	assert_int_equal(fo_route_graph_new(lif, &o, &g, err, sizeof err), -1);
	assert_null(g);
	assert_contains(err, "\"X\" is not in the layout");
	assert_contains(err, "\"T\", \"U\"");
	o.vehicle_type = NULL;
	assert_int_equal(fo_route_graph_new(lif, &o, &g, err, sizeof err), -1);
	assert_contains(err, "no vehicle type given");
	assert_contains(err, "\"T\", \"U\"");
	/* A top speed must be a positive number. */
	o.vehicle_type = "T";
	double bad[] = {0.0, -1.0, NAN, INFINITY};
	for (size_t i = 0; i < FO_NELEM(bad); i++) {
		o.top_speed = bad[i];
		assert_int_equal(fo_route_graph_new(lif, &o, &g, err, sizeof err), -1);
		assert_contains(err, "top speed");
	}
	fo_lif_free(lif);
}

static void test_one_type_serves_all(void **state)
{
	fo_lif *lif = LANES;
	const char *asked[] = {"T", "X", "anything", NULL};
	for (size_t i = 0; i < FO_NELEM(asked); i++) {
		fo_route_graph *g = build(lif, asked[i], 1.0);
		assert_string_equal(fo_route_graph_info(g).vehicle_type, "T");
		assert_int_equal(fo_route_graph_info(g).usable_edges, 5);
		fo_route_graph_free(g);
	}
	fo_lif_free(lif);
}

/* ---- trajectories */

static void test_trajectory_length(void **state)
{
	/* A straight cubic, control points unevenly spaced but in order: the
	 * chord. */
	fo_lif_cpoint line[4] = {
	    {0, 0, NAN, {0}}, {1, 1, NAN, {0}}, {2.5, 2.5, NAN, {0}}, {3, 3, NAN, {0}}};
	double lk[] = {0, 0, 0, 0, 1, 1, 1, 1};
	fo_lif_trajectory t = {3, lk, 8, line, 4, {0}};
	assert_near(fo_route_trajectory_length(&t), 3 * sqrt(2.0), 1e-9);
	/* The same line in two spans, degree 2. */
	double lk2[] = {0, 0, 0, 0.3, 1, 1, 1};
	fo_lif_trajectory t2 = {2, lk2, 7, line, 4, {0}};
	assert_near(fo_route_trajectory_length(&t2), 3 * sqrt(2.0), 1e-9);
	/* Degree absent (1): the polyline. */
	fo_lif_cpoint vee[3] = {{0, 0, NAN, {0}}, {3, 4, NAN, {0}}, {6, 0, NAN, {0}}};
	double vk[] = {0, 0, 0.5, 1, 1};
	fo_lif_trajectory t1 = {0, vk, 5, vee, 3, {0}};
	assert_near(fo_route_trajectory_length(&t1), 10.0, 1e-9);

	/* A quarter circle of radius 2 as a rational quadratic: pi r / 2, and
	 * every point on the circle. */
	double w = sqrt(2.0) / 2;
	fo_lif_cpoint arc[3] = {{2, 0, 1.0, {0}}, {2, 2, w, {0}}, {0, 2, NAN, {0}}};
	double ak[] = {0, 0, 0, 1, 1, 1};
	fo_lif_trajectory q = {2, ak, 6, arc, 3, {0}};
	assert_near(fo_route_trajectory_length(&q), M_PI, 1e-3);
	assert_near(fo_route_trajectory_length(&q), M_PI, 1e-9);
	for (int i = 0; i <= 10; i++) {
		double x, y;
		assert_int_equal(fo_route_trajectory_point(&q, i / 10.0, &x, &y), 0);
		assert_near(hypot(x, y), 2.0, 1e-12);
	}
	double x, y;
	assert_int_equal(fo_route_trajectory_point(&q, 1.0, &x, &y), 0);
	assert_near(x, 0.0, 1e-12);
	assert_near(y, 2.0, 1e-12);

	/* What cannot be evaluated: NAN. */
	fo_lif_trajectory bad = q;
	bad.nknots = 5;
	assert_true(isnan(fo_route_trajectory_length(&bad)));
	fo_lif_cpoint zero[3] = {{2, 0, 0.0, {0}}, {2, 2, 0.0, {0}}, {0, 2, 0.0, {0}}};
	bad = q;
	bad.points = zero;
	assert_true(isnan(fo_route_trajectory_length(&bad)));
	double flat[] = {0, 0, 0, 0, 0, 0};
	bad = q;
	bad.knots = flat;
	assert_true(isnan(fo_route_trajectory_length(&bad)));
	assert_true(isnan(fo_route_trajectory_length(NULL)));
	assert_int_equal(fo_route_trajectory_point(&bad, 0.5, &x, &y), -1);
}

/* The same quarter circle on an edge: its length, not the chord. */
#define ARC_TRAJ                                                                                   \
	",\"maxSpeed\":0.5,\"trajectory\":{\"degree\":2,\"knotVector\":[0,0,0,1,1,1],"             \
	"\"controlPoints\":[{\"x\":2,\"y\":0},{\"x\":2,\"y\":2,\"weight\":0.7071067811865476},"    \
	"{\"x\":0,\"y\":2}]}"
static const char *const arc_nodes[] = {NODE("A", 2, 0), NODE("B", 0, 2)};
static const char *const arc_edges[] = {ED("A", "B", ARC_TRAJ), ED("B", "A", "")};

static void test_trajectory_edge(void **state)
{
	fo_lif *lif = parse_layouts(LAYOUT("L", "", arc_nodes, arc_edges, ""), NULL);
	fo_route_graph *g = build(lif, "T", 2.0);
	uint32_t ab = fo_route_edge_find(g, "A-B"), ba = fo_route_edge_find(g, "B-A");
	assert_near(fo_route_edge_length(g, ab), M_PI, 1e-6);
	assert_near(fo_route_edge_time(g, ab), M_PI / 0.5, 1e-6);
	assert_near(fo_route_edge_length(g, ba), 2 * sqrt(2.0), 1e-12);
	assert_near(fo_route_edge_time(g, ba), sqrt(2.0), 1e-12);
	fo_route_info in = fo_route_graph_info(g);
	assert_int_equal(in.trajectories, 1);
	assert_int_equal(in.trajectories_refused, 0);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

/* ---- levels: a lift between two layouts and a ramp back
 *   L0: A(0,0) -> B(10,0) -> lift -> L1: C(10,0) -> D(10,20)
 *   L1: D -> ramp -> L0: A */
static const char *const level0_nodes[] = {NODE("A", 0, 0), NODE("B", 10, 0)};
static const char *const level0_edges[] = {ED("A", "B", ""), ED("B", "C", "")};
static const char *const level1_nodes[] = {NODE("C", 10, 0), NODE("D", 10, 20)};
static const char *const level1_edges[] = {ED("C", "D", ""), ED("D", "A", "")};
#define STATION(id, nodes) "{\"stationId\":\"" id "\",\"interactionNodeIds\":[" nodes "]}"

static void test_cross_layout(void **state)
{
	fo_lif *lif = parse_layouts(LAYOUT("L0", "\"layoutLevelId\":\"0\",", level0_nodes,
	                                   level0_edges, STATION("S0", "\"A\"")),
	                            LAYOUT("L1", "\"layoutLevelId\":\"1\",", level1_nodes,
	                                   level1_edges, STATION("S1", "\"D\"")));
	fo_route_opts o = {.vehicle_type = "T", .top_speed = 1.0, .level_change_s = 5.0};
	fo_route_graph *g = NULL;
	char err[256];
	assert_int_equal(fo_route_graph_new(lif, &o, &g, err, sizeof err), 0);
	fo_route_query *q = fo_route_query_new(g);
	assert_route(g, q, "A", "D", "A B C D", 10.0 + 5.0 + 20.0);
	const fo_route_path *p;
	fo_route_find(q, node(g, "A"), node(g, "D"), &p);
	assert_near(p->length, 30.0, 1e-12);
	/* The lift's edge is in layout 0, its end node in layout 1. */
	uint32_t li, ni;
	const fo_lif_edge *e = fo_route_edge_ref(g, p->edges[1], &li, NULL, NULL);
	assert_string_equal(e->id, "B-C");
	assert_int_equal(li, 0);
	assert_string_equal(fo_route_node_ref(g, p->nodes[3], &li, &ni)->id, "D");
	assert_int_equal(li, 1);
	assert_int_equal(ni, 1);
	assert_near(fo_route_edge_length(g, p->edges[1]), 0.0, 0);
	/* The ramp back is driven: sqrt(10^2 + 20^2) m. */
	assert_route(g, q, "D", "B", "D A B", sqrt(500.0) + 10.0);
	assert_int_equal(fo_route_graph_info(g).lifts, 1);
	/* Stations in both layouts. */
	uint32_t s1 = fo_route_station_find(g, "S1");
	assert_int_equal(s1, 1);
	assert_int_equal(fo_route_find_stations(q, fo_route_station_find(g, "S0"), s1, &p), 0);
	assert_near(p->cost, 35.0, 1e-12);
	fo_route_query_free(q);
	fo_route_graph_free(g);

	/* The default lift time. */
	g = build(lif, "T", 1.0);
	assert_near(fo_route_edge_time(g, fo_route_edge_find(g, "B-C")), FO_ROUTE_LEVEL_CHANGE_S,
	            0);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

/* ---- stations: S1 at A; S2 at B and D (reached at the better one); S3 at
 * the unconnected E */
static const char *const stations_edges[] = {
    ED("A", "B", ""), ED("B", "A", ""), ED("A", "C", ""), ED("C", "A", ""),
    ED("C", "D", ""), ED("D", "C", ""), ED("D", "B", ""), ED("B", "D", ""),
};
#define STATIONS STATION("S1", "\"A\"") "," STATION("S2", "\"D\",\"B\"") "," STATION("S3", "\"E\"")

static void test_stations(void **state)
{
	fo_lif *lif = parse_layouts(LAYOUT("L", "", lanes_nodes, stations_edges, STATIONS), NULL);
	fo_route_graph *g = build(lif, "T", 1.0);
	fo_route_query *q = fo_route_query_new(g);
	uint32_t s1 = fo_route_station_find(g, "S1"), s2 = fo_route_station_find(g, "S2"),
	         s3 = fo_route_station_find(g, "S3");
	assert_int_equal(s2, 1);
	assert_int_equal(fo_route_station_find(g, "nope"), FO_ROUTE_NONE);
	size_t n;
	const uint32_t *sn = fo_route_station_nodes(g, s2, &n);
	assert_int_equal(n, 2);
	assert_int_equal(sn[0], fo_route_node_find(g, "D"));
	const fo_route_path *p;
	/* From C the nearer node of S2 is D (100 m), from A it is B. */
	assert_int_equal(fo_route_find_station(q, fo_route_node_find(g, "C"), s2, &p), 0);
	assert_int_equal(p->nodes[p->nnodes - 1], fo_route_node_find(g, "D"));
	assert_near(p->cost, 100.0, 1e-12);
	assert_int_equal(fo_route_find_station(q, fo_route_node_find(g, "A"), s2, &p), 0);
	assert_int_equal(p->nodes[p->nnodes - 1], fo_route_node_find(g, "B"));
	assert_int_equal(fo_route_find_station(q, fo_route_node_find(g, "A"), s3, &p), -1);
	assert_int_equal(fo_route_find_station(q, 0, 77, &p), -1);
	/* Blocking B sends S1 to S2 by D. */
	fo_route_block_node(q, fo_route_node_find(g, "B"));
	assert_int_equal(fo_route_find_stations(q, s1, s2, &p), 0);
	assert_near(p->cost, 110.0, 1e-12);
	fo_route_clear_blocks(q);

	fo_route_table *t = fo_route_table_new(g, NULL, 0);
	assert_int_equal(fo_route_table_size(t), 3);
	assert_near(fo_route_table_time(t, s1, s2), 100.0, 1e-4);
	assert_near(fo_route_table_time(t, s2, s1), 100.0, 1e-4);
	for (size_t i = 0; i < 3; i++)
		assert_true(fo_route_table_time(t, i, i) == 0.0);
	assert_true(isinf(fo_route_table_time(t, s1, s3)));
	assert_true(isinf(fo_route_table_time(t, s3, s2)));
	assert_true(isinf(fo_route_table_time(t, 3, 0)));
	assert_true(fo_route_table_bytes(t) >= 9 * sizeof(float));
	fo_route_table_free(t);
	/* A chosen subset, rows in the order given. */
	uint32_t sub[] = {s2, s1};
	t = fo_route_table_new(g, sub, 2);
	assert_int_equal(fo_route_table_size(t), 2);
	assert_near(fo_route_table_time(t, 0, 1), 100.0, 1e-4);
	fo_route_table_free(t);
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
}

/* ---- the spec's examples: a graph for each vehicle type they name */

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

static void test_spec_examples_build(void **state)
{
	static const char *const files[] = {
	    "01-forward-edge.json",
	    "02-bidirectional-edge.json",
	    "03-counter-clockwise-rotation-on-node.json",
	    "04-omnidirectional-edge.json",
	    "05-multiple-layouts-in-one-lif.json",
	    "06-station-with-one-node.json",
	    "07-station-with-two-nodes.json",
	    "08-station-with-two-nodes-restricted-for-different.json",
	    "09-rotation-station.json",
	    "10-station-with-three-nodes-restricted-to-different.json",
	    "11-multiple-edges-with-load-restrictions.json",
	    "12-multiple-edges-between-same-two-nodes-for-differ.json",
	    "13-battery-charging-station.json",
	    "14-two-levels-of-a-facility-in-one-lif-file.json",
	    "15-rack-station-modelled-by-three-stations.json",
	    "16-rack-station-modelled-by-three-nodes.json",
	    "17-edge-with-trajectory-definition.json",
	    "18-manufacturer-specific-action-on-an-edge.json",
	    "19-forward-edge-with-two-vehicle-types-with-differi.json",
	};
	size_t graphs = 0;
	for (size_t i = 0; i < FO_NELEM(files); i++) {
		char path[256];
		snprintf(path, sizeof path, EXAMPLES "%s", files[i]);
		size_t len;
		char *text = slurp(path, &len);
		fo_lif *lif = NULL;
		assert_int_equal(fo_lif_parse(text, len, &lif, NULL), 0);
		/* Every type on an edge. */
		const char *types[16];
		size_t nt = 0;
		for (size_t l = 0; l < lif->nlayouts; l++)
			for (size_t e = 0; e < lif->layouts[l].nedges; e++)
				for (size_t k = 0; k < lif->layouts[l].edges[e].ntypes; k++) {
					const char *id =
					    lif->layouts[l].edges[e].types[k].vehicle_type_id;
					size_t j = 0;
					while (j < nt && strcmp(types[j], id) != 0)
						j++;
					if (j == nt && nt < FO_NELEM(types))
						types[nt++] = id;
				}
		assert_true(nt > 0);
		for (size_t k = 0; k < nt; k++) {
			fo_route_graph *g = build(lif, types[k], 1.0);
			fo_route_info in = fo_route_graph_info(g);
			assert_string_equal(in.vehicle_type, types[k]);
			assert_true(in.usable_edges > 0);
			assert_int_equal(in.trajectories_refused, 0);
			/* Every usable edge has a finite, positive time; from
			 * every edge's start its end is reachable. */
			fo_route_query *q = fo_route_query_new(g);
			for (uint32_t e = 0; e < in.edges; e++) {
				if (!fo_route_edge_usable(g, e))
					continue;
				double tm = fo_route_edge_time(g, e);
				assert_true(isfinite(tm) && tm >= 0);
				uint32_t li;
				const fo_lif_edge *le = fo_route_edge_ref(g, e, &li, NULL, NULL);
				const fo_route_path *p;
				assert_int_equal(fo_route_find(q, fo_route_node_find(g, le->start),
				                               fo_route_node_find(g, le->end), &p),
				                 0);
				assert_true(p->cost <= tm + 1e-9);
			}
			if (strncmp(files[i], "17-", 3) == 0) {
				assert_int_equal(in.trajectories, 2);
				/* The half circle of the text, 3.6 m wide: longer than its
				 * chord. */
				double l0 = fo_route_edge_length(g, 0);
				assert_true(l0 > 3.6 && l0 < 3.6 * M_PI);
			}
			fo_route_table *t = fo_route_table_new(g, NULL, 0);
			assert_int_equal(fo_route_table_size(t), in.stations);
			fo_route_table_free(t);
			fo_route_query_free(q);
			fo_route_graph_free(g);
			graphs++;
		}
		fo_lif_free(lif);
		free(text);
	}
	print_message("%zu graphs from %zu examples\n", graphs, FO_NELEM(files));
}

/* Example 14: an edge from the ground level to the upper one and back. */
static void test_spec_two_levels(void **state)
{
	size_t len;
	char *text = slurp(EXAMPLES "14-two-levels-of-a-facility-in-one-lif-file.json", &len);
	fo_lif *lif = NULL;
	assert_int_equal(fo_lif_parse(text, len, &lif, NULL), 0);
	fo_route_graph *g = build(lif, NULL, 1.0);
	fo_route_query *q = fo_route_query_new(g);
	/* N2 (11, 0) on the ground, N102 (12.4, 3.4) upstairs: a ramp. */
	double ramp = hypot(1.4, 3.4);
	assert_route(g, q, "N1", "N101", "N1 N2 N102 N101", 11.0 + ramp + 0.4);
	assert_int_equal(fo_route_graph_info(g).lifts, 0);
	assert_route(g, q, "N101", "N2", "N101 N102 N2", 0.4 + ramp);
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
	free(text);
}

/* ---- a generated 100 x 100 grid against Bellman-Ford */

/* A w x h lattice 5 m apart; edges both ways between neighbours, about 5%
 * of the pairs missing one way, about 30% with a speed limit. */
static char *grid(unsigned w, unsigned h, uint64_t seed)
{
	fo_buf b = {0};
	fo_buf_str(&b, "{" META ",\"layouts\":[{\"layoutId\":\"grid\",\"layoutVersion\":\"1\","
	               "\"nodes\":[");
	for (unsigned i = 0; i < w * h; i++)
		fo_buf_printf(&b,
		              "%s{\"nodeId\":\"n%u\",\"nodePosition\":{\"x\":%.1f,\"y\":%.1f},"
		              "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]}",
		              i ? "," : "", i, (i % w) * 5.0, (i / w) * 5.0);
	fo_buf_str(&b, "],\"edges\":[");
	bool first = true;
	for (unsigned i = 0; i < w * h; i++) {
		unsigned to[2] = {i % w + 1 < w ? i + 1 : i, i / w + 1 < h ? i + w : i};
		for (int k = 0; k < 2; k++) {
			if (to[k] == i)
				continue;
			for (int dir = 0; dir < 2; dir++) {
				unsigned s = dir ? to[k] : i, e = dir ? i : to[k];
				if (fo_rand_below(&seed, 100) < 5)
					continue;
				char lim[32] = "";
				if (fo_rand_below(&seed, 100) < 30)
					snprintf(lim, sizeof lim, ",\"maxSpeed\":%.2f",
					         0.3 + fo_rand01(&seed) * 1.2);
				fo_buf_printf(
				    &b,
				    "%s{\"edgeId\":\"e%u-%u\",\"startNodeId\":\"n%u\","
				    "\"endNodeId\":\"n%u\",\"vehicleTypeEdgeProperties\":[{"
				    "\"vehicleTypeId\":\"T\",\"rotationAllowed\":false%s}]}",
				    first ? "" : ",", s, e, s, e, lim);
				first = false;
			}
		}
	}
	fo_buf_str(&b, "],\"stations\":[]}]}");
	return fo_buf_take(&b);
}

static void test_grid_against_bellman_ford(void **state)
{
	char *text = grid(100, 100, 42);
	fo_lif *lif = parse(text);
	fo_route_graph *g = build(lif, "T", 1.5);
	fo_route_info in = fo_route_graph_info(g);
	assert_int_equal(in.nodes, 10000);
	/* The edges as arrays, for Bellman-Ford. */
	uint32_t ne = in.edges, *ef = calloc(ne, sizeof *ef), *et = calloc(ne, sizeof *et);
	double *ec = calloc(ne, sizeof *ec), *dist = calloc(in.nodes, sizeof *dist);
	assert_true(ef && et && ec && dist);
	for (uint32_t e = 0; e < ne; e++) {
		const fo_lif_edge *le = fo_route_edge_ref(g, e, NULL, NULL, NULL);
		ef[e] = fo_route_node_find(g, le->start);
		et[e] = fo_route_node_find(g, le->end);
		ec[e] = fo_route_edge_time(g, e);
	}
	fo_route_query *q = fo_route_query_new(g);
	uint64_t seed = 7;
	size_t checked = 0, unreachable = 0;
	for (int src = 0; src < 8; src++) {
		uint32_t s = fo_rand_below(&seed, in.nodes);
		for (uint32_t v = 0; v < in.nodes; v++)
			dist[v] = INFINITY;
		dist[s] = 0;
		for (bool changed = true; changed;) {
			changed = false;
			for (uint32_t e = 0; e < ne; e++)
				if (dist[ef[e]] + ec[e] < dist[et[e]]) {
					dist[et[e]] = dist[ef[e]] + ec[e];
					changed = true;
				}
		}
		for (int k = 0; k < 25; k++) {
			uint32_t t = fo_rand_below(&seed, in.nodes);
			const fo_route_path *p;
			int rc = fo_route_find(q, s, t, &p);
			if (isinf(dist[t])) {
				assert_int_equal(rc, -1);
				unreachable++;
				continue;
			}
			assert_int_equal(rc, 0);
			assert_near(p->cost, dist[t], 1e-9 * (1 + dist[t]));
			/* The path is a chain of usable edges from s to t whose
			 * times add up to the cost. */
			assert_int_equal(p->nodes[0], s);
			assert_int_equal(p->nodes[p->nnodes - 1], t);
			double sum = 0;
			for (size_t i = 0; i < p->nedges; i++) {
				assert_int_equal(ef[p->edges[i]], p->nodes[i]);
				assert_int_equal(et[p->edges[i]], p->nodes[i + 1]);
				sum += ec[p->edges[i]];
			}
			assert_near(sum, p->cost, 1e-9 * (1 + sum));
			assert_near(p->time, p->cost, 1e-9 * (1 + sum));
			checked++;
		}
	}
	print_message("%zu pairs agree with Bellman-Ford (%zu unreachable)\n", checked,
	              unreachable);
	assert_true(checked >= 150);
	free(ef);
	free(et);
	free(ec);
	free(dist);
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_speed_limits),
	    cmocka_unit_test(test_unreachable),
	    cmocka_unit_test(test_blocks),
	    cmocka_unit_test(test_vehicle_types),
	    cmocka_unit_test(test_one_type_serves_all),
	    cmocka_unit_test(test_trajectory_length),
	    cmocka_unit_test(test_trajectory_edge),
	    cmocka_unit_test(test_cross_layout),
	    cmocka_unit_test(test_stations),
	    cmocka_unit_test(test_spec_examples_build),
	    cmocka_unit_test(test_spec_two_levels),
	    cmocka_unit_test(test_grid_against_bellman_ford),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
