/* sim_graph.c — a layout file's graph as the simulated vehicles drive it
 * (sim.layout): the directed edges they may drive, node kinds and
 * positions, and each vehicle's leg, the route the core gives
 * (fo_site_route) from the node it stands on to where it goes.
 *
 * The simulated vehicles have no factsheet, so they share one vehicle type
 * (map.vehicle_type, else the layout's only one): an edge is in the graph
 * when the site lets that type drive it (fo_site_edge_speed >= 0).
 *
 * Costs: a leg is routed once (A* in the core) when a trip starts — a
 * transport routes its pick-to-drop leg then too, and keeps it for later —
 * and again only when the target changes otherwise; each edge entered asks the site its speed
 * limit (a lookup).  The nearest free charger or parking place is found by
 * Dijkstra over these edges from the vehicle's node (by length, in the
 * edges' direction, so it is one the vehicle can reach), stopping at the
 * first free one: O(E log V) at worst, paid only when a vehicle needs one.
 * A station to go to is the nearest (straight line) of eight drawn from the
 * layout's stations, so trips stay fairly local, as on the depot. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STATION_DRAWS 8 /* a station to go to: the nearest of this many drawn */

typedef struct {
	uint32_t to;
	float len; /* m */
} sim_arc;

typedef struct {
	uint32_t *nodes;     /* OWNED: the route, nodes[n - 1] its target */
	uint32_t n, at, cap; /* nodes[at]: the node reached last or driven to */
	float len, limit;    /* the edge driven now: m, m/s (0: no limit) */
} sim_leg;

typedef struct {
	float d;
	uint32_t n;
} heap_item;

struct sim_graph {
	fo_core *core;
	const sim_map *map;
	size_t vehicle0; /* model index of vehicle 0 */
	uint32_t n;
	uint32_t *off; /* arcs of node a: arc[off[a] .. off[a + 1]) */
	sim_arc *arc;
	uint8_t *kind; /* fo_node_kind */
	double *x, *y;
	uint32_t *stations, nstations;
	sim_leg *legs;  /* per vehicle */
	sim_leg *spare; /* per vehicle, the leg routed before (a trip's next) */
	uint32_t nlegs;
	/* Dijkstra scratch, allocated once */
	float *dist;
	uint32_t *stamp, now;
	heap_item *heap;
	size_t heapcap;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

sim_graph *sim_graph_new(fo_core *core, const sim_map *m, uint32_t vehicles, size_t vehicle0)
{
	fo_model *model = fo_core_model(core);
	sim_graph *g = xcalloc(1, sizeof *g);
	g->core = core;
	g->map = m;
	g->vehicle0 = vehicle0;
	g->n = m->nnodes;
	g->kind = xcalloc(g->n, sizeof *g->kind);
	g->x = xcalloc(g->n, sizeof *g->x);
	g->y = xcalloc(g->n, sizeof *g->y);
	g->stations = xcalloc(g->n, sizeof *g->stations);
	for (uint32_t i = 0; i < g->n; i++) {
		const fo_map_node *nd = fo_model_node(model, m->node_base + i);
		g->kind[i] = (uint8_t)nd->kind;
		g->x[i] = nd->x;
		g->y[i] = nd->y;
		if (nd->kind == FO_NODE_STATION)
			g->stations[g->nstations++] = i;
	}
	/* the edges the vehicles' type may drive, as CSR */
	size_t ne = fo_model_edge_count(model);
	uint32_t *from = xcalloc(ne, sizeof *from), *to = xcalloc(ne, sizeof *to);
	float *len = xcalloc(ne, sizeof *len);
	size_t kept = 0;
	g->off = xcalloc((size_t)g->n + 1, sizeof *g->off);
	for (size_t e = 0; e < ne; e++) {
		const fo_map_edge *me = fo_model_edge(model, e);
		uint32_t a = me->from - m->node_base, b = me->to - m->node_base;
		if (me->from < m->node_base || me->to < m->node_base || a >= g->n || b >= g->n)
			continue;
		if (fo_site_edge_speed(core, vehicle0, m->node_id[a], m->node_id[b]) < 0)
			continue;
		from[kept] = a;
		to[kept] = b;
		len[kept++] = (float)me->length_m;
		g->off[a + 1]++;
	}
	for (uint32_t i = 0; i < g->n; i++)
		g->off[i + 1] += g->off[i];
	g->arc = xcalloc(kept, sizeof *g->arc);
	uint32_t *fill = xcalloc(g->n, sizeof *fill);
	for (size_t e = 0; e < kept; e++) {
		sim_arc *a = &g->arc[g->off[from[e]] + fill[from[e]]++];
		a->to = to[e];
		a->len = len[e] > 0 ? len[e] : 0.001f; /* coincident ends: a tiny step */
	}
	free(fill);
	free(from);
	free(to);
	free(len);
	g->nlegs = vehicles;
	g->legs = xcalloc(vehicles, sizeof *g->legs);
	g->spare = xcalloc(vehicles, sizeof *g->spare);
	g->dist = xcalloc(g->n, sizeof *g->dist);
	g->stamp = xcalloc(g->n, sizeof *g->stamp);
	g->heapcap = kept + 1;
	g->heap = xcalloc(g->heapcap, sizeof *g->heap);
	return g;
}

void sim_graph_free(sim_graph *g)
{
	if (!g)
		return;
	for (uint32_t i = 0; i < g->nlegs; i++) {
		free(g->legs[i].nodes);
		free(g->spare[i].nodes);
	}
	free(g->legs);
	free(g->spare);
	free(g->off);
	free(g->arc);
	free(g->kind);
	free(g->x);
	free(g->y);
	free(g->stations);
	free(g->dist);
	free(g->stamp);
	free(g->heap);
	free(g);
}

fo_node_kind sim_graph_kind(const sim_graph *g, uint32_t n)
{
	return (fo_node_kind)g->kind[n];
}

void sim_graph_pos(const sim_graph *g, uint32_t n, double *x, double *y)
{
	*x = g->x[n];
	*y = g->y[n];
}

uint32_t sim_graph_nedges(const sim_graph *g)
{
	return g->off[g->n];
}

double sim_graph_edge(const sim_graph *g, uint32_t a, uint32_t b)
{
	double best = -1;
	if (a >= g->n || b >= g->n)
		return -1;
	for (uint32_t k = g->off[a]; k < g->off[a + 1]; k++)
		if (g->arc[k].to == b && (best < 0 || g->arc[k].len < best))
			best = g->arc[k].len;
	return best;
}

/* ---- the nearest free resource: Dijkstra with a binary heap */

static void heap_push(sim_graph *g, size_t *n, float d, uint32_t node)
{
	if (*n >= g->heapcap)
		return; /* cannot happen: one push per arc relaxed, plus the start */
	size_t i = (*n)++;
	while (i > 0 && g->heap[(i - 1) / 2].d > d) {
		g->heap[i] = g->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	g->heap[i] = (heap_item){d, node};
}

static heap_item heap_pop(sim_graph *g, size_t *n)
{
	heap_item top = g->heap[0], last = g->heap[--*n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && g->heap[c + 1].d < g->heap[c].d)
			c++;
		if (g->heap[c].d >= last.d)
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (*n)
		g->heap[i] = last;
	return top;
}

uint32_t sim_graph_find_free(sim_graph *g, uint32_t n, fo_node_kind kind, const uint32_t *occupant)
{
	if (n >= g->n)
		return SIM_NONE;
	if (++g->now == 0) { /* the stamps wrapped: start them afresh */
		memset(g->stamp, 0, g->n * sizeof *g->stamp);
		g->now = 1;
	}
	size_t hn = 0;
	g->stamp[n] = g->now;
	g->dist[n] = 0;
	heap_push(g, &hn, 0, n);
	while (hn) {
		heap_item it = heap_pop(g, &hn);
		if (it.d > g->dist[it.n])
			continue; /* a stale entry */
		if (g->kind[it.n] == kind && occupant[it.n] == SIM_NONE)
			return it.n;
		for (uint32_t k = g->off[it.n]; k < g->off[it.n + 1]; k++) {
			uint32_t to = g->arc[k].to;
			float d = it.d + g->arc[k].len;
			if (g->stamp[to] == g->now && g->dist[to] <= d)
				continue;
			g->stamp[to] = g->now;
			g->dist[to] = d;
			heap_push(g, &hn, d, to);
		}
	}
	return SIM_NONE;
}

uint32_t sim_graph_station(const sim_graph *g, uint64_t *rng, uint32_t n)
{
	if (g->nstations > 1 || (g->nstations == 1 && g->stations[0] != n)) {
		/* the nearest of a few drawn: trips stay local, as on the
		 * depot, and so do the routes the core searches */
		uint32_t best = SIM_NONE;
		double best_d = INFINITY;
		for (int k = 0; k < STATION_DRAWS; k++) {
			uint32_t c = g->stations[sim_rand_below(rng, g->nstations)];
			double d = hypot(g->x[c] - g->x[n], g->y[c] - g->y[n]);
			if (c != n && d < best_d) {
				best = c;
				best_d = d;
			}
		}
		if (best != SIM_NONE)
			return best;
		for (uint32_t k = 0; k < g->nstations; k++) /* drew only n */
			if (g->stations[k] != n)
				return g->stations[k];
	}
	if (g->n < 2) /* no station: any other node */
		return SIM_NONE;
	uint32_t c = sim_rand_below(rng, g->n - 1);
	return c >= n ? c + 1 : c;
}

/* ---- legs */

uint32_t sim_graph_route(sim_state *s, uint32_t vi, uint32_t a, uint32_t b)
{
	sim_graph *g = s->map.graph;
	/* the leg routed before stays as the spare: a transport routes its
	 * pick-to-drop leg first, then the way to the pick */
	sim_leg t = g->legs[vi], *leg = &g->legs[vi];
	g->legs[vi] = g->spare[vi];
	g->spare[vi] = t;
	fo_model *m = fo_core_model(s->core);
	fo_site_path p;
	char err[256];
	leg->n = leg->at = 0;
	if (fo_site_route(s->core, g->vehicle0 + vi, s->map.node_id[a], s->map.node_id[b], &p, err,
	                  sizeof err) != 0) {
		fo_log(s->core, FO_LOG_DEBUG, "sim: %s", err);
		return UINT32_MAX;
	}
	if (p.nnodes > leg->cap) {
		free(leg->nodes);
		leg->cap = (uint32_t)p.nnodes;
		leg->nodes = xcalloc(leg->cap, sizeof *leg->nodes);
	}
	bool ok = p.nnodes > 0;
	for (size_t i = 0; ok && i < p.nnodes; i++) {
		long idx = fo_model_node_find(m, p.nodes[i]);
		ok = idx >= (long)s->map.node_base && idx - (long)s->map.node_base < (long)g->n;
		leg->nodes[i] = ok ? (uint32_t)(idx - (long)s->map.node_base) : SIM_NONE;
		/* the route never leaves the edges the graph holds */
		ok = ok && (i == 0 || sim_graph_edge(g, leg->nodes[i - 1], leg->nodes[i]) >= 0);
	}
	ok = ok && leg->nodes[0] == a && leg->nodes[p.nnodes - 1] == b;
	uint32_t hops = ok ? (uint32_t)p.nnodes - 1 : UINT32_MAX;
	leg->n = ok ? (uint32_t)p.nnodes : 0;
	fo_site_path_free(&p);
	return hops;
}

uint32_t sim_graph_next(sim_state *s, uint32_t vi, double *len, double *limit)
{
	sim_graph *g = s->map.graph;
	sim_leg *leg = &g->legs[vi];
	const sim_vehicle *sv = &s->veh[vi];
	uint32_t next;
	leg->len = leg->limit = 0;
	if (sv->phase == SIM_EXT_DRIVE || sv->phase == SIM_EXT_STOP) {
		/* an order's nodes are joined by edges (sim_orders.c): that edge */
		leg->n = 0;
		next = sv->target;
	} else {
		bool on = leg->at + 1 < leg->n && leg->nodes[leg->at] == sv->node &&
		          leg->nodes[leg->n - 1] == sv->target;
		sim_leg *sp = &g->spare[vi];
		if (!on && sp->n > 1 && sp->nodes[0] == sv->node &&
		    sp->nodes[sp->n - 1] == sv->target) {
			sim_leg t = *leg; /* the spare leads there: no routing */
			*leg = *sp;
			*sp = t;
			leg->at = 0;
			on = true;
		}
		if (!on && sim_graph_route(s, vi, sv->node, sv->target) == UINT32_MAX)
			return SIM_NONE;
		next = leg->nodes[++leg->at];
	}
	double l = sim_graph_edge(g, sv->node, next);
	double lim = fo_site_edge_speed(s->core, g->vehicle0 + vi, s->map.node_id[sv->node],
	                                s->map.node_id[next]);
	if (l < 0 || lim < 0)
		return SIM_NONE;
	leg->len = (float)l;
	leg->limit = (float)lim;
	*len = l;
	*limit = lim;
	return next;
}

void sim_graph_edge_now(const sim_graph *g, uint32_t vi, double *len, double *limit)
{
	*len = g->legs[vi].len;
	*limit = g->legs[vi].limit;
}
