/* route_query.c — shortest-travel-time queries on a routing graph
 * (route.h): Dijkstra (A* towards a single target) with a 4-ary heap and
 * lazy deletion, over scratch arrays allocated once per query object.
 * Per-node and per-edge state is valid only when its stamp equals the
 * current generation, so starting a query, or clearing the blocks, is one
 * increment instead of a memset. */
#include "route_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	double key; /* cost so far, plus the A* bound to the target */
	uint32_t node;
} heap_item;

/* What a run knows of a node, together: one cache line touched per visit. */
typedef struct {
	double dist;     /* cost so far; valid when seen == gen */
	uint32_t seen;   /* == gen: reached in this run */
	uint32_t prev;   /* the arc it was reached by, FO_ROUTE_NONE at a source */
	uint32_t closed; /* == gen: settled */
	uint32_t target; /* == gen: a target of this run */
} node_state;

struct fo_route_query {
	const fo_route_graph *g;
	uint32_t gen; /* this run */
	node_state *ns;
	heap_item *heap;
	size_t nheap, capheap;
	/* Blocks and penalties, valid when their stamp == bgen. */
	uint32_t bgen;
	bool blocks;
	uint32_t *nblock, *eblock, *epen_at;
	double *epen;
	/* The last path. */
	uint32_t *pnodes, *pedges;
	fo_route_path path;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

fo_route_query *fo_route_query_new(const fo_route_graph *g)
{
	fo_route_query *q = xcalloc(1, sizeof *q);
	q->g = g;
	q->ns = xcalloc(g->nnodes, sizeof *q->ns);
	/* Each node is expanded once and pushes at most once per arc, the
	 * sources once each: this bound is never exceeded. */
	q->capheap = (size_t)g->nnodes + g->narcs;
	q->heap = xcalloc(q->capheap, sizeof *q->heap);
	q->nblock = xcalloc(g->nnodes, sizeof *q->nblock);
	q->eblock = xcalloc(g->nedges, sizeof *q->eblock);
	q->epen_at = xcalloc(g->nedges, sizeof *q->epen_at);
	q->epen = xcalloc(g->nedges, sizeof *q->epen);
	q->pnodes = xcalloc(g->nnodes, sizeof *q->pnodes);
	q->pedges = xcalloc(g->nnodes, sizeof *q->pedges);
	q->bgen = 1;
	return q;
}

void fo_route_query_free(fo_route_query *q)
{
	if (!q)
		return;
	free(q->ns);
	free(q->heap);
	free(q->nblock);
	free(q->eblock);
	free(q->epen_at);
	free(q->epen);
	free(q->pnodes);
	free(q->pedges);
	free(q);
}

/* ---- blocks */

void fo_route_block_node(fo_route_query *q, uint32_t node)
{
	if (node < q->g->nnodes) {
		q->nblock[node] = q->bgen;
		q->blocks = true;
	}
}

void fo_route_block_edge(fo_route_query *q, uint32_t edge)
{
	if (edge < q->g->nedges) {
		q->eblock[edge] = q->bgen;
		q->blocks = true;
	}
}

void fo_route_penalize_edge(fo_route_query *q, uint32_t edge, double seconds)
{
	if (edge >= q->g->nedges || !(seconds >= 0))
		return;
	if (isinf(seconds)) {
		fo_route_block_edge(q, edge);
		return;
	}
	if (q->epen_at[edge] != q->bgen) {
		q->epen_at[edge] = q->bgen;
		q->epen[edge] = 0;
	}
	q->epen[edge] += seconds;
	q->blocks = true;
}

void fo_route_clear_blocks(fo_route_query *q)
{
	q->blocks = false;
	if (++q->bgen == 0) { /* wrapped: old stamps could match again */
		memset(q->nblock, 0, q->g->nnodes * sizeof *q->nblock);
		memset(q->eblock, 0, q->g->nedges * sizeof *q->eblock);
		memset(q->epen_at, 0, q->g->nedges * sizeof *q->epen_at);
		q->bgen = 1;
	}
}

bool route_has_blocks(const fo_route_query *q)
{
	return q->blocks;
}

/* ---- the heap: a 4-ary min-heap on key (half the depth of a binary
 * one; the four children of a node share a cache line or two) */

static void heap_push(fo_route_query *q, double key, uint32_t node)
{
	if (q->nheap == q->capheap)
		abort(); /* the bound in fo_route_query_new is broken */
	heap_item *h = q->heap;
	size_t i = q->nheap++;
	while (i > 0) {
		size_t up = (i - 1) / 4;
		if (h[up].key <= key)
			break;
		h[i] = h[up];
		i = up;
	}
	h[i].key = key;
	h[i].node = node;
}

static heap_item heap_pop(fo_route_query *q)
{
	heap_item *h = q->heap;
	heap_item top = h[0], last = h[--q->nheap];
	size_t n = q->nheap, i = 0;
	for (;;) {
		size_t c = 4 * i + 1;
		if (c >= n)
			break;
		size_t end = c + 4 < n ? c + 4 : n, best = c;
		for (size_t k = c + 1; k < end; k++)
			if (h[k].key < h[best].key)
				best = k;
		if (last.key <= h[best].key)
			break;
		h[i] = h[best];
		i = best;
	}
	if (n)
		h[i] = last;
	return top;
}

/* ---- Dijkstra */

static void next_gen(fo_route_query *q)
{
	if (++q->gen == 0) { /* wrapped: old stamps could match again */
		memset(q->ns, 0, q->g->nnodes * sizeof *q->ns);
		q->gen = 1;
	}
}

uint32_t route_run(fo_route_query *q, const uint32_t *from, size_t nfrom, const uint32_t *to,
                   size_t nto)
{
	const fo_route_graph *g = q->g;
	next_gen(q);
	q->nheap = 0;
	node_state *ns = q->ns;
	const uint32_t gen = q->gen, bgen = q->bgen;
	for (size_t i = 0; i < nto; i++)
		if (to[i] < g->nnodes && q->nblock[to[i]] != bgen)
			ns[to[i]].target = gen;
	/* A* towards a single target: the key is the cost so far plus a bound
	 * that never overestimates (hscale); ties and blocks change nothing. */
	const double hs = nto == 1 && to[0] < g->nnodes ? g->hscale : 0;
	const double tx = hs > 0 ? g->nx[to[0]] : 0, ty = hs > 0 ? g->ny[to[0]] : 0;
	for (size_t i = 0; i < nfrom; i++) {
		uint32_t s = from[i];
		if (s >= g->nnodes || ns[s].seen == gen)
			continue;
		ns[s].seen = gen;
		ns[s].dist = 0;
		ns[s].prev = FO_ROUTE_NONE;
		heap_push(q, 0, s);
		/* A blocked source is left, not entered: it may be a target. */
		if (q->nblock[s] == bgen)
			for (size_t k = 0; k < nto; k++)
				if (to[k] == s)
					ns[s].target = gen;
	}
	const uint32_t *off = g->off;
	const route_arc *arc = g->arc;
	const bool blocks = q->blocks;
	while (q->nheap) {
		uint32_t v = heap_pop(q).node;
		if (ns[v].closed == gen)
			continue; /* stale: v was settled at a lower cost */
		ns[v].closed = gen;
		if (ns[v].target == gen)
			return v;
		const double dv = ns[v].dist;
		for (uint32_t a = off[v]; a < off[v + 1]; a++) {
			const route_arc *e = &arc[a];
			uint32_t w = e->to;
			double c = e->cost;
			if (blocks) {
				if (q->eblock[e->edge] == bgen || q->nblock[w] == bgen)
					continue;
				if (q->epen_at[e->edge] == bgen)
					c += q->epen[e->edge];
			}
			double d = dv + c;
			node_state *sw = &ns[w];
			if (sw->seen != gen || d < sw->dist) {
				sw->seen = gen;
				sw->dist = d;
				sw->prev = a;
				double key = d;
				if (hs > 0) {
					double dx = g->nx[w] - tx, dy = g->ny[w] - ty;
					key += hs * sqrt(dx * dx + dy * dy);
				}
				heap_push(q, key, w);
			}
		}
	}
	return FO_ROUTE_NONE;
}

double route_dist(const fo_route_query *q, uint32_t v)
{
	return v < q->g->nnodes && q->ns[v].seen == q->gen ? q->ns[v].dist : INFINITY;
}

/* The path to t from the last run, into q->path. */
static void make_path(fo_route_query *q, uint32_t t)
{
	const fo_route_graph *g = q->g;
	fo_route_path *p = &q->path;
	size_t n = 0;
	for (uint32_t v = t; v != FO_ROUTE_NONE;) {
		q->pnodes[n++] = v;
		uint32_t a = q->ns[v].prev;
		v = a == FO_ROUTE_NONE ? FO_ROUTE_NONE : g->efrom[g->arc[a].edge];
	}
	/* Reversed into order, edges alongside. */
	p->time = p->length = 0;
	for (size_t i = 0; i < n / 2; i++) {
		uint32_t x = q->pnodes[i];
		q->pnodes[i] = q->pnodes[n - 1 - i];
		q->pnodes[n - 1 - i] = x;
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t e = g->arc[q->ns[q->pnodes[i]].prev].edge;
		q->pedges[i - 1] = e;
		p->time += g->etime[e];
		p->length += g->elen[e];
	}
	p->nodes = q->pnodes;
	p->nnodes = n;
	p->edges = q->pedges;
	p->nedges = n - 1;
	p->cost = q->ns[t].dist;
}

static int no_path(fo_route_query *q, const fo_route_path **path)
{
	fo_route_path *p = &q->path;
	p->nodes = q->pnodes;
	p->edges = q->pedges;
	p->nnodes = p->nedges = 0;
	p->cost = p->time = INFINITY;
	p->length = NAN;
	*path = p;
	return -1;
}

int fo_route_find_any(fo_route_query *q, const uint32_t *from, size_t nfrom, const uint32_t *to,
                      size_t nto, const fo_route_path **path)
{
	if (!nfrom || !nto)
		return no_path(q, path);
	uint32_t t = route_run(q, from, nfrom, to, nto);
	if (t == FO_ROUTE_NONE)
		return no_path(q, path);
	make_path(q, t);
	*path = &q->path;
	return 0;
}

int fo_route_find(fo_route_query *q, uint32_t from, uint32_t to, const fo_route_path **path)
{
	return fo_route_find_any(q, &from, 1, &to, 1, path);
}

int fo_route_find_station(fo_route_query *q, uint32_t from_node, uint32_t station,
                          const fo_route_path **path)
{
	size_t n;
	const uint32_t *to = fo_route_station_nodes(q->g, station, &n);
	return fo_route_find_any(q, &from_node, 1, to, n, path);
}

int fo_route_find_stations(fo_route_query *q, uint32_t from_station, uint32_t to_station,
                           const fo_route_path **path)
{
	size_t nf, nt;
	const uint32_t *from = fo_route_station_nodes(q->g, from_station, &nf);
	const uint32_t *to = fo_route_station_nodes(q->g, to_station, &nt);
	return fo_route_find_any(q, from, nf, to, nt, path);
}
