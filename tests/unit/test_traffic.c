/* test_traffic.c — the traffic control engine (core/map/traffic.h) on small
 * hand-built layouts: claims up to a budget and up to the first held node,
 * release behind a moving vehicle, nearness, conflicts counted once, the
 * wait-for cycle, and both ways out of a deadlock (around, backing off). */
#include "helpers.h"

#include "traffic.h"

#include <math.h>

/* A layout of named nodes at positions and edges both ways between the
 * pairs of `pairs` ("A-B B-C"), one vehicle type. */
typedef struct {
	fo_lif *lif;
	fo_route_graph *g;
	fo_route_query *q;
	fo_traffic *t;
} net;

typedef struct {
	const char *id;
	double x, y;
} pos;

static net net_new(const pos *nodes, size_t nn, const char *pairs, double len)
{
	fo_buf b = {0};
	fo_buf_str(&b, "{\"metaInformation\":{\"projectIdentification\":\"p\",\"creator\":\"c\","
	               "\"exportTimestamp\":\"2024-01-01T00:00:00.00Z\",\"lifVersion\":\"1.0.0\"},"
	               "\"layouts\":[{\"layoutId\":\"L\",\"layoutVersion\":\"1\",\"nodes\":[");
	for (size_t i = 0; i < nn; i++)
		fo_buf_printf(&b,
		              "%s{\"nodeId\":\"%s\",\"nodePosition\":{\"x\":%g,\"y\":%g},"
		              "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]}",
		              i ? "," : "", nodes[i].id, nodes[i].x, nodes[i].y);
	fo_buf_str(&b, "],\"edges\":[");
	char a[16], c[16];
	int used;
	bool first = true;
	for (const char *p = pairs; sscanf(p, " %15[^- ]-%15s%n", a, c, &used) == 2; p += used)
		for (int dir = 0; dir < 2; dir++) {
			const char *s = dir ? c : a, *e = dir ? a : c;
			fo_buf_printf(
			    &b,
			    "%s{\"edgeId\":\"%s-%s\",\"startNodeId\":\"%s\",\"endNodeId\":"
			    "\"%s\",\"vehicleTypeEdgeProperties\":[{\"vehicleTypeId\":"
			    "\"T\",\"rotationAllowed\":true}]}",
			    first ? "" : ",", s, e, s, e);
			first = false;
		}
	fo_buf_str(&b, "],\"stations\":[]}]}");
	net n = {0};
	fo_lif_diag d = {0};
	if (fo_lif_parse(b.s, b.n, &n.lif, &d) != 0)
		fail_msg("layout refused: %s", d.n ? d.msgs[0].reason : "?");
	fo_lif_diag_free(&d);
	fo_buf_free(&b);
	fo_route_opts o = {.top_speed = 1.0, .level_change_s = NAN};
	char err[256];
	if (fo_route_graph_new(n.lif, &o, &n.g, err, sizeof err) != 0)
		fail_msg("graph: %s", err);
	n.q = fo_route_query_new(n.g);
	fo_traffic_opts to = {.vehicle_length_m = len};
	n.t = fo_traffic_new(n.g, 4, &to);
	return n;
}

static void net_free(net *n)
{
	fo_traffic_free(n->t);
	fo_route_query_free(n->q);
	fo_route_graph_free(n->g);
	fo_lif_free(n->lif);
}

static uint32_t N(const net *n, const char *id)
{
	uint32_t v = fo_route_node_find(n->g, id);
	if (v == FO_ROUTE_NONE)
		fail_msg("no node %s", id);
	return v;
}

/* Claims the plan of space-separated node ids; returns nodes granted. */
static size_t claim(net *n, uint32_t veh, const char *plan, size_t budget, uint32_t *blocker)
{
	uint32_t v[32];
	size_t k = 0;
	char id[16];
	int used;
	for (const char *p = plan; k < 32 && sscanf(p, " %15s%n", id, &used) == 1; p += used)
		v[k++] = N(n, id);
	return fo_traffic_claim(n->t, veh, v, k, budget, blocker);
}

/* veh's held path as ids, space-separated. */
static const char *held(const net *n, uint32_t veh, char *buf, size_t len)
{
	size_t k, at = 0;
	const uint32_t *p = fo_traffic_path_of(n->t, veh, &k);
	buf[0] = 0;
	for (size_t i = 0; i < k && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "",
		                       fo_route_node_ref(n->g, p[i], NULL, NULL)->id);
	return buf;
}

static const pos line5[] = {{"A", 0, 0}, {"B", 5, 0}, {"C", 10, 0}, {"D", 15, 0}, {"E", 20, 0}};

static void test_claim_budget_and_blocker(void **state)
{
	(void)state;
	net n = net_new(line5, 5, "A-B B-C C-D D-E", 1.0);
	char buf[128];
	uint32_t b;
	assert_int_equal(fo_traffic_at(n.t, 0, N(&n, "A")), 0);
	assert_int_equal(fo_traffic_at(n.t, 1, N(&n, "E")), 0);
	/* budget 2: two nodes beyond the standing one */
	assert_int_equal(claim(&n, 0, "A B C D E", 2, &b), 3);
	assert_int_equal(b, FO_TRAFFIC_NONE);
	assert_string_equal(held(&n, 0, buf, sizeof buf), "A B C");
	assert_int_equal(fo_traffic_waits_for(n.t, 0), FO_TRAFFIC_NONE);
	size_t ni;
	fo_traffic_intent_of(n.t, 0, &ni);
	assert_int_equal(ni, 2);
	/* the other way: stops before C, which vehicle 0 holds */
	assert_int_equal(claim(&n, 1, "E D C B A", 0, &b), 2);
	assert_int_equal(b, 0);
	assert_int_equal(fo_traffic_waits_for(n.t, 1), 0);
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "D")), 1);
	/* a claim must start at the end of what the vehicle holds */
	assert_int_equal(claim(&n, 0, "B C", 2, &b), 0);
	/* the budget counts what is held already: nothing more */
	assert_int_equal(claim(&n, 0, "C D", 2, &b), 1);
	fo_traffic_stats st = fo_traffic_get_stats(n.t);
	assert_int_equal(st.held_nodes, 5);
	assert_int_equal(st.held_lanes, 3);
	assert_int_equal(st.waiting, 1);
	net_free(&n);
}

static void test_release_behind_and_at_end(void **state)
{
	(void)state;
	net n = net_new(line5, 5, "A-B B-C C-D D-E", 1.0);
	char buf[128];
	fo_traffic_at(n.t, 0, N(&n, "A"));
	assert_int_equal(claim(&n, 0, "A B C D", 0, NULL), 4);
	/* passing C frees A, B and the lanes behind */
	assert_int_equal(fo_traffic_at(n.t, 0, N(&n, "C")), 0);
	assert_string_equal(held(&n, 0, buf, sizeof buf), "C D");
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "A")), FO_TRAFFIC_NONE);
	assert_int_equal(fo_traffic_get_stats(n.t).held_lanes, 1);
	/* someone else may take B now */
	fo_traffic_at(n.t, 1, N(&n, "A"));
	assert_int_equal(claim(&n, 1, "A B", 0, NULL), 2);
	/* stopped between C and D: it keeps both and the lane between */
	assert_int_equal(claim(&n, 0, "D E", 0, NULL), 2);
	fo_traffic_release(n.t, 0, 2);
	assert_string_equal(held(&n, 0, buf, sizeof buf), "C D");
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "E")), FO_TRAFFIC_NONE);
	/* the order ends: vehicle 0 keeps what it stands on */
	fo_traffic_release(n.t, 0, 1);
	assert_string_equal(held(&n, 0, buf, sizeof buf), "C");
	assert_int_equal(fo_traffic_get_stats(n.t).held_lanes, 1);
	/* told it is nowhere: everything goes */
	fo_traffic_at(n.t, 0, FO_TRAFFIC_NONE);
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "C")), FO_TRAFFIC_NONE);
	assert_int_equal(fo_traffic_get_stats(n.t).held_nodes, 2);
	net_free(&n);
}

static void test_near_nodes(void **state)
{
	(void)state;
	/* B is 0.6 m from A: with vehicles 1 m long they never both hold them;
	 * with 0.5 m they may */
	static const pos p[] = {{"A", 0, 0}, {"B", 0.6, 0}, {"C", 0.6, 5}};
	for (int k = 0; k < 2; k++) {
		net n = net_new(p, 3, "A-C B-C", k ? 0.5 : 1.0);
		uint32_t b;
		fo_traffic_at(n.t, 0, N(&n, "A"));
		fo_traffic_at(n.t, 1, N(&n, "C"));
		assert_int_equal(claim(&n, 1, "C B", 0, &b), k ? 2 : 1);
		assert_int_equal(b, k ? FO_TRAFFIC_NONE : 0);
		net_free(&n);
	}
}

static void test_conflict_counted_once(void **state)
{
	(void)state;
	net n = net_new(line5, 5, "A-B B-C C-D D-E", 1.0);
	fo_traffic_at(n.t, 0, N(&n, "B"));
	/* vehicle 1 (not ours: reported, never claimed) stands on B too */
	assert_int_equal(fo_traffic_at(n.t, 1, N(&n, "B")), 1);
	assert_int_equal(fo_traffic_at(n.t, 1, N(&n, "B")), 1);
	assert_int_equal(fo_traffic_get_stats(n.t).conflicts, 1);
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "B")), 0);
	/* vehicle 0 leaves: vehicle 1 holds B from its next report */
	fo_traffic_at(n.t, 0, N(&n, "D"));
	assert_int_equal(fo_traffic_at(n.t, 1, N(&n, "B")), 0);
	assert_int_equal(fo_traffic_holder(n.t, N(&n, "B")), 1);
	/* a vehicle standing still blocks what it stands on */
	fo_traffic_at(n.t, 2, N(&n, "A"));
	uint32_t b;
	assert_int_equal(claim(&n, 2, "A B C", 0, &b), 1);
	assert_int_equal(b, 1);
	assert_int_equal(fo_traffic_get_stats(n.t).conflicts, 1);
	net_free(&n);
}

/*   A - B - C - D          a corridor with a siding S off B, and (when
 *       |   |              `loop`) a way round: B - U - V - C
 *       S   (U - V)                                                    */
static const pos corridor[] = {{"A", 0, 0},  {"B", 5, 0}, {"C", 10, 0}, {"D", 15, 0},
                               {"S", 5, -5}, {"U", 5, 5}, {"V", 10, 5}};

static void test_deadlock_back_off(void **state)
{
	(void)state;
	net n = net_new(corridor, 5, "A-B B-C C-D B-S", 1.0);
	char buf[128];
	uint32_t b, cyc[4];
	fo_traffic_at(n.t, 0, N(&n, "A"));
	fo_traffic_at(n.t, 1, N(&n, "D"));
	assert_int_equal(claim(&n, 0, "A B C D", 1, &b), 2); /* holds A B */
	assert_int_equal(claim(&n, 1, "D C B A", 1, &b), 2); /* holds D C */
	/* each wants what the other holds */
	fo_traffic_at(n.t, 0, N(&n, "B"));
	fo_traffic_at(n.t, 1, N(&n, "C"));
	assert_int_equal(claim(&n, 0, "B C D", 1, &b), 1);
	assert_int_equal(b, 1);
	assert_int_equal(fo_traffic_cycle(n.t, 0, cyc, 4), 0); /* 1 waits for nobody yet */
	assert_int_equal(claim(&n, 1, "C B A", 1, &b), 1);
	assert_int_equal(b, 0);
	assert_int_equal(fo_traffic_cycle(n.t, 0, cyc, 4), 2);
	assert_int_equal(cyc[0], 0);
	assert_int_equal(cyc[1], 1);
	assert_int_equal(fo_traffic_cycle(n.t, 1, cyc, 4), 2);
	assert_int_equal(fo_traffic_get_stats(n.t).deadlocks, 1); /* one cycle, counted once */
	/* no way round: vehicle 0 backs off into the siding, then goes on */
	uint32_t goal = N(&n, "D");
	fo_traffic_path p;
	assert_int_equal(fo_traffic_resolve(n.t, n.q, 0, &goal, 1, &p), 0);
	assert_true(p.backed_off);
	assert_int_equal(p.via, N(&n, "S"));
	assert_int_equal(p.nnodes, 5); /* B S B C D */
	assert_int_equal(p.nodes[0], N(&n, "B"));
	assert_int_equal(p.nodes[1], N(&n, "S"));
	assert_int_equal(p.nodes[4], goal);
	assert_int_equal(fo_traffic_claim(n.t, 0, p.nodes, p.nnodes, 1, &b), 2);
	assert_string_equal(held(&n, 0, buf, sizeof buf), "B S");
	/* not B again before it has left it: vehicle 1 is to pass there */
	assert_int_equal(claim(&n, 0, "S B C D", 0, &b), 1);
	assert_int_equal(b, FO_TRAFFIC_NONE);
	/* it reaches S: B is free, and vehicle 0, which backed off for
	 * vehicle 1, gives way there even when it asks first */
	fo_traffic_at(n.t, 0, N(&n, "S"));
	assert_int_equal(claim(&n, 0, "S B C D", 1, &b), 1);
	assert_int_equal(b, 1);
	assert_int_equal(claim(&n, 1, "C B A", 1, &b), 2);
	assert_int_equal(fo_traffic_cycle(n.t, 0, cyc, 4), 0);
	fo_traffic_at(n.t, 1, N(&n, "B"));
	assert_int_equal(claim(&n, 1, "B A", 1, &b), 2);
	fo_traffic_at(n.t, 1, N(&n, "A"));
	/* and vehicle 0 goes on to D */
	assert_int_equal(claim(&n, 0, "S B C D", 0, &b), 4);
	fo_traffic_stats st = fo_traffic_get_stats(n.t);
	assert_int_equal(st.backed_off, 1);
	assert_int_equal(st.rerouted, 0);
	assert_int_equal(st.waiting, 0);
	free(p.nodes);
	net_free(&n);
}

static void test_deadlock_reroute(void **state)
{
	(void)state;
	net n = net_new(corridor, 7, "A-B B-C C-D B-U U-V V-C", 1.0);
	uint32_t b;
	fo_traffic_at(n.t, 0, N(&n, "B"));
	fo_traffic_at(n.t, 1, N(&n, "C"));
	assert_int_equal(claim(&n, 0, "B C D", 1, &b), 1);
	assert_int_equal(claim(&n, 1, "C B A", 1, &b), 1);
	assert_int_equal(fo_traffic_cycle(n.t, 1, NULL, 0), 2); /* counted without members */
	uint32_t cyc[2];
	assert_int_equal(fo_traffic_cycle(n.t, 1, cyc, 2), 2);
	/* vehicle 1 has a way round C - V - U - B?  No: B is held.  Vehicle 0
	 * from B to D around C?  No: C is held.  Both need what the other
	 * stands on: a back-off, not a detour */
	uint32_t goal = N(&n, "D");
	fo_traffic_path p;
	assert_int_equal(fo_traffic_resolve(n.t, n.q, 0, &goal, 1, &p), 0);
	assert_true(p.backed_off);
	free(p.nodes);
	/* a third vehicle waiting at U for B while vehicle 0 holds B: a way
	 * round U - V - C is blocked by vehicle 1 on C; once 1 has left C for
	 * D, vehicle 2 waits for 0 only and its detour exists */
	fo_traffic_release(n.t, 1, 1);
	fo_traffic_at(n.t, 1, N(&n, "D"));
	fo_traffic_at(n.t, 2, N(&n, "U"));
	assert_int_equal(claim(&n, 2, "U B A", 0, &b), 1);
	assert_int_equal(b, 0);
	uint32_t c = N(&n, "C");
	assert_int_equal(fo_traffic_resolve(n.t, n.q, 2, &c, 1, &p), 0);
	assert_false(p.backed_off);
	assert_int_equal(p.nnodes, 3); /* U V C */
	assert_int_equal(p.nodes[1], N(&n, "V"));
	free(p.nodes);
	fo_traffic_stats st = fo_traffic_get_stats(n.t);
	assert_int_equal(st.rerouted, 1);
	assert_int_equal(st.backed_off, 1);
	net_free(&n);
}

static void test_no_way_out(void **state)
{
	(void)state;
	/* head-on in a dead end: nothing to go round, nowhere to back off */
	net n = net_new(line5, 2, "A-B", 1.0);
	fo_traffic_at(n.t, 0, N(&n, "A"));
	fo_traffic_at(n.t, 1, N(&n, "B"));
	assert_int_equal(claim(&n, 0, "A B", 0, NULL), 1);
	assert_int_equal(claim(&n, 1, "B A", 0, NULL), 1);
	assert_int_equal(fo_traffic_cycle(n.t, 0, NULL, 0), 2);
	uint32_t cyc[2], goal = N(&n, "B");
	assert_int_equal(fo_traffic_cycle(n.t, 0, cyc, 2), 2);
	fo_traffic_path p;
	assert_int_equal(fo_traffic_resolve(n.t, n.q, 0, &goal, 1, &p), -1);
	assert_null(p.nodes);
	assert_int_equal(fo_traffic_get_stats(n.t).unresolved, 1);
	net_free(&n);
}

/* Many vehicles claiming and releasing on a ring: the lane table stays
 * consistent through growth and backward-shift deletion. */
static void test_ring_churn(void **state)
{
	(void)state;
	enum { K = 60 };
	pos p[K];
	char ids[K][16];
	fo_buf pairs = {0};
	for (int i = 0; i < K; i++) {
		snprintf(ids[i], sizeof ids[i], "n%d", i);
		p[i] =
		    (pos){ids[i], 10 * cos(i * 2 * M_PI / K) * 10, 10 * sin(i * 2 * M_PI / K) * 10};
		fo_buf_printf(&pairs, "n%d-n%d ", i, (i + 1) % K);
	}
	net n = net_new(p, K, pairs.s, 1.0);
	fo_buf_free(&pairs);
	uint32_t pos_of[6];
	for (uint32_t v = 0; v < 6; v++) {
		pos_of[v] = v * 10;
		fo_traffic_at(n.t, v, pos_of[v]);
	}
	uint32_t node_of[K];
	for (int i = 0; i < K; i++)
		node_of[i] = N(&n, ids[i]);
	for (int step = 0; step < 2000; step++) {
		uint32_t v = (uint32_t)(step % 6);
		/* claim on from the end of what it holds, then drive one node */
		size_t k;
		const uint32_t *h = fo_traffic_path_of(n.t, v, &k);
		uint32_t plan[5];
		for (uint32_t j = 0; j < 5; j++)
			plan[j] = node_of[(h[k - 1] + j) % K];
		assert_true(fo_traffic_claim(n.t, v, plan, 5, 3, NULL) >= 1);
		h = fo_traffic_path_of(n.t, v, &k);
		if (k > 1) {
			pos_of[v] = (pos_of[v] + 1) % K;
			assert_int_equal(fo_traffic_at(n.t, v, node_of[pos_of[v]]), 0);
		}
	}
	fo_traffic_stats st = fo_traffic_get_stats(n.t);
	assert_int_equal(st.conflicts, 0);
	size_t held_nodes = 0, lanes = 0;
	for (uint32_t v = 0; v < 6; v++) {
		size_t k;
		fo_traffic_path_of(n.t, v, &k);
		held_nodes += k;
		lanes += k ? k - 1 : 0;
	}
	assert_int_equal(st.held_nodes, held_nodes);
	assert_int_equal(st.held_lanes, lanes);
	for (uint32_t v = 0; v < 6; v++)
		fo_traffic_release(n.t, v, 1);
	assert_int_equal(fo_traffic_get_stats(n.t).held_lanes, 0);
	assert_int_equal(fo_traffic_get_stats(n.t).held_nodes, 6);
	net_free(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_claim_budget_and_blocker),
	    cmocka_unit_test(test_release_behind_and_at_end),
	    cmocka_unit_test(test_near_nodes),
	    cmocka_unit_test(test_conflict_counted_once),
	    cmocka_unit_test(test_deadlock_back_off),
	    cmocka_unit_test(test_deadlock_reroute),
	    cmocka_unit_test(test_no_way_out),
	    cmocka_unit_test(test_ring_churn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
