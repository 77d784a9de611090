/* route_query.c — shortest-travel-time queries on a routing graph
 * (route.h): Dijkstra with a binary heap and lazy deletion, over scratch
 * arrays allocated once per query object.  Per-node and per-edge state is
 * valid only when its stamp equals the current generation, so starting a
 * query, or clearing the blocks, is one increment instead of a memset. */
#include "route_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	double key;
	uint32_t node;
} heap_item;

struct fo_route_query {
	const fo_route_graph *g;
	uint32_t gen;     /* this run */
	uint32_t *seen;   /* per node: dist and prev valid when == gen */
	uint32_t *target; /* per node: == gen when a target of this run */
	double *dist;
	uint32_t *prev; /* per node: the arc it was reached by, FO_ROUTE_NONE at a source */
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
	q->seen = xcalloc(g->nnodes, sizeof *q->seen);
	q->target = xcalloc(g->nnodes, sizeof *q->target);
	q->dist = xcalloc(g->nnodes, sizeof *q->dist);
	q->prev = xcalloc(g->nnodes, sizeof *q->prev);
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
	free(q->seen);
	free(q->target);
	free(q->dist);
	free(q->prev);
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

/* ---- the heap: a binary min-heap on key */

static void heap_push(fo_route_query *q, double key, uint32_t node)
{
	if (q->nheap == q->capheap)
		abort(); /* the bound in fo_route_query_new is broken */
	heap_item *h = q->heap;
	size_t i = q->nheap++;
	while (i > 0) {
		size_t up = (i - 1) / 2;
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
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1].key < h[c].key)
			c++;
		if (last.key <= h[c].key)
			break;
		h[i] = h[c];
		i = c;
	}
	if (n)
		h[i] = last;
	return top;
}

/* ---- Dijkstra */

static void next_gen(fo_route_query *q)
{
	if (++q->gen == 0) { /* wrapped: old stamps could match again */
		memset(q->seen, 0, q->g->nnodes * sizeof *q->seen);
		memset(q->target, 0, q->g->nnodes * sizeof *q->target);
		q->gen = 1;
	}
}

uint32_t route_run(fo_route_query *q, const uint32_t *from, size_t nfrom, const uint32_t *to,
                   size_t nto)
{
	const fo_route_graph *g = q->g;
	next_gen(q);
	q->nheap = 0;
	const uint32_t gen = q->gen, bgen = q->bgen;
	for (size_t i = 0; i < nto; i++)
		if (to[i] < g->nnodes && q->nblock[to[i]] != bgen)
			q->target[to[i]] = gen;
	for (size_t i = 0; i < nfrom; i++) {
		uint32_t s = from[i];
		if (s >= g->nnodes || q->seen[s] == gen)
			continue;
		q->seen[s] = gen;
		q->dist[s] = 0;
		q->prev[s] = FO_ROUTE_NONE;
		heap_push(q, 0, s);
		/* A blocked source is left, not entered: it may be a target. */
		if (q->nblock[s] == bgen)
			for (size_t k = 0; k < nto; k++)
				if (to[k] == s)
					q->target[s] = gen;
	}
	const uint32_t *off = g->off;
	const route_arc *arc = g->arc;
	const bool blocks = q->blocks;
	while (q->nheap) {
		heap_item it = heap_pop(q);
		uint32_t v = it.node;
		if (it.key > q->dist[v])
			continue; /* stale: v was reached cheaper since */
		if (nto && q->target[v] == gen)
			return v;
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
			double d = it.key + c;
			if (q->seen[w] != gen || d < q->dist[w]) {
				q->seen[w] = gen;
				q->dist[w] = d;
				q->prev[w] = a;
				heap_push(q, d, w);
			}
		}
	}
	return FO_ROUTE_NONE;
}

double route_dist(const fo_route_query *q, uint32_t v)
{
	return v < q->g->nnodes && q->seen[v] == q->gen ? q->dist[v] : INFINITY;
}

/* The path to t from the last run, into q->path. */
static void make_path(fo_route_query *q, uint32_t t)
{
	const fo_route_graph *g = q->g;
	fo_route_path *p = &q->path;
	size_t n = 0;
	for (uint32_t v = t; v != FO_ROUTE_NONE;) {
		q->pnodes[n++] = v;
		uint32_t a = q->prev[v];
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
		uint32_t e = g->arc[q->prev[q->pnodes[i]]].edge;
		q->pedges[i - 1] = e;
		p->time += g->etime[e];
		p->length += g->elen[e];
	}
	p->nodes = q->pnodes;
	p->nnodes = n;
	p->edges = q->pedges;
	p->nedges = n - 1;
	p->cost = q->dist[t];
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
