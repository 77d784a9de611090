/* traffic.c — the traffic control engine (traffic.h): who holds which node
 * and lane, claims, the wait-for graph and the way out of a deadlock. */
#include "traffic.h"

#include "route_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	uint32_t *v;
	size_t n, cap;
} u32vec;

typedef struct {
	u32vec path;          /* held, standing node first */
	u32vec intent;        /* wanted after the path, not held */
	uint32_t waits;       /* the vehicle it waits for, FO_TRAFFIC_NONE */
	uint32_t wait_serial; /* bumped whenever waits changes */
	uint32_t counted;     /* wait_serial when its cycle was last counted */
	uint32_t conflict_at; /* node it was last counted in conflict on */
	uint32_t yield_to;    /* backed off for this vehicle: it goes first */
} tveh;

/* A lane: the unordered pair of nodes, a < b; key 0 is an empty slot (no
 * lane joins node 0 to itself). */
typedef struct {
	uint64_t key;
	uint32_t holder, count;
} lane_slot;

struct fo_traffic {
	const fo_route_graph *g;
	uint32_t nnodes;
	uint32_t *holder;          /* per node */
	uint32_t *count;           /* per node: times its holder's path has it */
	uint32_t *near_off, *near; /* per node, the nodes nearer than a vehicle's length */
	lane_slot *lanes;
	size_t lcap, lcount;
	tveh *veh;
	uint32_t nveh;
	uint32_t *mark; /* scratch per node (resolve) and per vehicle (cycle) */
	uint32_t mark_gen;
	size_t nmark;
	fo_traffic_stats st;
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void vec_push(u32vec *v, uint32_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 16;
		v->v = realloc(v->v, v->cap * sizeof *v->v);
		if (!v->v)
			abort();
	}
	v->v[v->n++] = x;
}

/* ---- lanes: open addressing, linear probing, backward-shift deletion */

static uint64_t lane_key(uint32_t a, uint32_t b)
{
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	return ((uint64_t)lo << 32 | hi) + 1; /* never 0 */
}

static size_t lane_hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

static lane_slot *lane_find(const fo_traffic *t, uint64_t k)
{
	for (size_t i = lane_hash(k, t->lcap);; i = (i + 1) & (t->lcap - 1)) {
		if (t->lanes[i].key == k)
			return &t->lanes[i];
		if (!t->lanes[i].key)
			return NULL;
	}
}

static void lane_grow(fo_traffic *t)
{
	lane_slot *old = t->lanes;
	size_t ocap = t->lcap;
	t->lcap = ocap ? 2 * ocap : 256;
	t->lanes = xcalloc(t->lcap, sizeof *t->lanes);
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].key)
			continue;
		size_t j = lane_hash(old[i].key, t->lcap);
		while (t->lanes[j].key)
			j = (j + 1) & (t->lcap - 1);
		t->lanes[j] = old[i];
	}
	free(old);
}

static uint32_t lane_holder(const fo_traffic *t, uint32_t a, uint32_t b)
{
	const lane_slot *s = lane_find(t, lane_key(a, b));
	return s ? s->holder : FO_TRAFFIC_NONE;
}

static void lane_hold(fo_traffic *t, uint32_t veh, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	uint64_t k = lane_key(a, b);
	lane_slot *s = lane_find(t, k);
	if (s) {
		if (s->holder == veh)
			s->count++;
		return;
	}
	if (2 * (t->lcount + 1) > t->lcap)
		lane_grow(t);
	size_t i = lane_hash(k, t->lcap);
	while (t->lanes[i].key)
		i = (i + 1) & (t->lcap - 1);
	t->lanes[i] = (lane_slot){k, veh, 1};
	t->lcount++;
	t->st.held_lanes++;
}

static void lane_unhold(fo_traffic *t, uint32_t veh, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	lane_slot *s = lane_find(t, lane_key(a, b));
	if (!s || s->holder != veh || --s->count > 0)
		return;
	/* backward-shift deletion keeps every probe chain unbroken */
	size_t mask = t->lcap - 1, i = (size_t)(s - t->lanes), j = i;
	for (;;) {
		j = (j + 1) & mask;
		if (!t->lanes[j].key)
			break;
		size_t home = lane_hash(t->lanes[j].key, t->lcap);
		/* the entry at j may move to i when its home is not in (i, j] */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			t->lanes[i] = t->lanes[j];
			i = j;
		}
	}
	t->lanes[i].key = 0;
	t->lcount--;
	t->st.held_lanes--;
}

/* ---- nodes */

static void node_hold(fo_traffic *t, uint32_t veh, uint32_t n)
{
	if (t->holder[n] == FO_TRAFFIC_NONE) {
		t->holder[n] = veh;
		t->count[n] = 1;
		t->st.held_nodes++;
	} else if (t->holder[n] == veh) {
		t->count[n]++;
	}
}

static void node_unhold(fo_traffic *t, uint32_t veh, uint32_t n)
{
	if (t->holder[n] != veh || --t->count[n] > 0)
		return;
	t->holder[n] = FO_TRAFFIC_NONE;
	t->st.held_nodes--;
}

/* The vehicle that keeps veh off node n (holds it or a node near it), or
 * FO_TRAFFIC_NONE. */
static uint32_t node_blocker(const fo_traffic *t, uint32_t veh, uint32_t n)
{
	uint32_t h = t->holder[n];
	if (h != FO_TRAFFIC_NONE && h != veh)
		return h;
	for (uint32_t k = t->near_off[n]; k < t->near_off[n + 1]; k++) {
		h = t->holder[t->near[k]];
		if (h != FO_TRAFFIC_NONE && h != veh)
			return h;
	}
	return FO_TRAFFIC_NONE;
}

/* ---- nearness: nodes of one layout closer than len, by a grid of cells
 * len wide (each node looks at its cell and the eight around it) */

typedef struct {
	int64_t cx, cy;
	uint32_t layout, node;
} cell_entry;

static int by_cell(const void *a, const void *b)
{
	const cell_entry *x = a, *y = b;
	if (x->layout != y->layout)
		return x->layout < y->layout ? -1 : 1;
	if (x->cx != y->cx)
		return x->cx < y->cx ? -1 : 1;
	if (x->cy != y->cy)
		return x->cy < y->cy ? -1 : 1;
	return x->node < y->node ? -1 : x->node > y->node;
}

/* First entry of (layout, cx, cy) in the sorted cells, or n. */
static size_t cell_lower(const cell_entry *c, size_t n, uint32_t layout, int64_t cx, int64_t cy)
{
	size_t lo = 0, hi = n;
	cell_entry key = {cx, cy, layout, 0};
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (by_cell(&c[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void build_near(fo_traffic *t, double len)
{
	const fo_route_graph *g = t->g;
	uint32_t n = t->nnodes;
	t->near_off = xcalloc((size_t)n + 1, sizeof *t->near_off);
	if (!(len > 0) || !isfinite(len) || n == 0) {
		t->near = xcalloc(1, sizeof *t->near);
		return;
	}
	cell_entry *c = xcalloc(n, sizeof *c);
	uint32_t *layout_of = xcalloc(n, sizeof *layout_of);
	for (uint32_t l = 0; l < g->nlayouts; l++)
		for (uint32_t v = g->node_base[l]; v < g->node_base[l + 1]; v++)
			layout_of[v] = l;
	for (uint32_t v = 0; v < n; v++)
		c[v] = (cell_entry){(int64_t)floor(g->nx[v] / len), (int64_t)floor(g->ny[v] / len),
		                    layout_of[v], v};
	qsort(c, n, sizeof *c, by_cell);
	u32vec out = {0};
	for (uint32_t v = 0; v < n; v++) {
		t->near_off[v] = (uint32_t)out.n;
		int64_t cx = (int64_t)floor(g->nx[v] / len), cy = (int64_t)floor(g->ny[v] / len);
		for (int64_t dx = -1; dx <= 1; dx++)
			for (int64_t dy = -1; dy <= 1; dy++)
				for (size_t k = cell_lower(c, n, layout_of[v], cx + dx, cy + dy);
				     k < n && c[k].layout == layout_of[v] && c[k].cx == cx + dx &&
				     c[k].cy == cy + dy;
				     k++) {
					uint32_t u = c[k].node;
					if (u != v &&
					    hypot(g->nx[u] - g->nx[v], g->ny[u] - g->ny[v]) < len)
						vec_push(&out, u);
				}
	}
	t->near_off[n] = (uint32_t)out.n;
	t->near = out.v ? out.v : xcalloc(1, sizeof *t->near);
	free(c);
	free(layout_of);
}

/* ---- the engine */

fo_traffic *fo_traffic_new(const fo_route_graph *g, uint32_t nvehicles, const fo_traffic_opts *o)
{
	fo_traffic *t = xcalloc(1, sizeof *t);
	t->g = g;
	t->nnodes = g->nnodes;
	t->holder = xcalloc(t->nnodes, sizeof *t->holder);
	t->count = xcalloc(t->nnodes, sizeof *t->count);
	for (uint32_t i = 0; i < t->nnodes; i++)
		t->holder[i] = FO_TRAFFIC_NONE;
	build_near(t, o ? o->vehicle_length_m : 0);
	lane_grow(t);
	fo_traffic_grow(t, nvehicles);
	return t;
}

void fo_traffic_grow(fo_traffic *t, uint32_t nvehicles)
{
	if (nvehicles <= t->nveh)
		return;
	t->veh = realloc(t->veh, nvehicles * sizeof *t->veh);
	if (!t->veh)
		abort();
	for (uint32_t i = t->nveh; i < nvehicles; i++)
		t->veh[i] = (tveh){.waits = FO_TRAFFIC_NONE,
		                   .conflict_at = FO_TRAFFIC_NONE,
		                   .yield_to = FO_TRAFFIC_NONE};
	t->nveh = nvehicles;
}

void fo_traffic_free(fo_traffic *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->nveh; i++) {
		free(t->veh[i].path.v);
		free(t->veh[i].intent.v);
	}
	free(t->veh);
	free(t->holder);
	free(t->count);
	free(t->near_off);
	free(t->near);
	free(t->lanes);
	free(t->mark);
	free(t);
}

static void set_wait(fo_traffic *t, tveh *v, uint32_t on)
{
	if (v->waits == on)
		return;
	if (v->waits == FO_TRAFFIC_NONE)
		t->st.waiting++;
	else if (on == FO_TRAFFIC_NONE)
		t->st.waiting--;
	v->waits = on;
	v->wait_serial++;
}

static bool has(const u32vec *v, uint32_t x)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == x)
			return true;
	return false;
}

/* The vehicle veh gives way to at node x: the one it backed off for, while
 * that one still holds or wants x; FO_TRAFFIC_NONE otherwise.  The yield
 * ends once that one wants nothing more (it arrived, or its order ended). */
static uint32_t yields(fo_traffic *t, tveh *v, uint32_t x)
{
	uint32_t y = v->yield_to;
	if (y == FO_TRAFFIC_NONE || y >= t->nveh)
		return FO_TRAFFIC_NONE;
	const tveh *o = &t->veh[y];
	if (!o->intent.n && o->path.n <= 1) {
		v->yield_to = FO_TRAFFIC_NONE;
		return FO_TRAFFIC_NONE;
	}
	return has(&o->path, x) || has(&o->intent, x) ? y : FO_TRAFFIC_NONE;
}

/* Releases path entries [0, k) of veh (nodes and the lanes after them). */
static void release_prefix(fo_traffic *t, uint32_t veh, size_t k)
{
	tveh *v = &t->veh[veh];
	if (k > v->path.n)
		k = v->path.n;
	for (size_t i = 0; i < k; i++) {
		if (i + 1 < v->path.n)
			lane_unhold(t, veh, v->path.v[i], v->path.v[i + 1]);
		node_unhold(t, veh, v->path.v[i]);
	}
	memmove(v->path.v, v->path.v + k, (v->path.n - k) * sizeof *v->path.v);
	v->path.n -= k;
}

/* Releases path entries [k, n): the tail, keeping the first k. */
static void release_tail(fo_traffic *t, uint32_t veh, size_t k)
{
	tveh *v = &t->veh[veh];
	for (size_t i = k; i < v->path.n; i++) {
		if (i > 0)
			lane_unhold(t, veh, v->path.v[i - 1], v->path.v[i]);
		node_unhold(t, veh, v->path.v[i]);
	}
	if (k < v->path.n)
		v->path.n = k;
}

int fo_traffic_at(fo_traffic *t, uint32_t veh, uint32_t node)
{
	if (veh >= t->nveh)
		fo_traffic_grow(t, veh + 1);
	tveh *v = &t->veh[veh];
	if (node == FO_TRAFFIC_NONE || node >= t->nnodes) {
		release_tail(t, veh, 0);
		v->intent.n = 0;
		set_wait(t, v, FO_TRAFFIC_NONE);
		v->conflict_at = FO_TRAFFIC_NONE;
		return 0;
	}
	for (size_t i = 0; i < v->path.n; i++)
		if (v->path.v[i] == node) {
			release_prefix(t, veh, i);
			v->conflict_at = FO_TRAFFIC_NONE;
			return 0;
		}
	/* off its path: it holds where it stands, nothing else */
	release_tail(t, veh, 0);
	v->intent.n = 0;
	if (node_blocker(t, veh, node) != FO_TRAFFIC_NONE) {
		if (v->conflict_at != node) {
			v->conflict_at = node;
			t->st.conflicts++;
		}
		return 1;
	}
	v->conflict_at = FO_TRAFFIC_NONE;
	node_hold(t, veh, node);
	vec_push(&v->path, node);
	return 0;
}

size_t fo_traffic_claim(fo_traffic *t, uint32_t veh, const uint32_t *nodes, size_t n, size_t budget,
                        uint32_t *blocker)
{
	if (blocker)
		*blocker = FO_TRAFFIC_NONE;
	if (veh >= t->nveh)
		fo_traffic_grow(t, veh + 1);
	tveh *v = &t->veh[veh];
	t->st.claims++;
	if (!n || nodes[0] >= t->nnodes)
		return 0;
	if (!v->path.n) { /* told nothing yet: it stands on nodes[0] */
		uint32_t b = node_blocker(t, veh, nodes[0]);
		if (b != FO_TRAFFIC_NONE) {
			if (blocker)
				*blocker = b;
			return 0;
		}
		node_hold(t, veh, nodes[0]);
		vec_push(&v->path, nodes[0]);
	}
	if (v->path.v[v->path.n - 1] != nodes[0])
		return 0;
	/* the path holds at most budget nodes beyond the standing one */
	size_t room = SIZE_MAX;
	if (budget)
		room = v->path.n - 1 >= budget ? 0 : budget - (v->path.n - 1);
	size_t g = 1;
	uint32_t b = FO_TRAFFIC_NONE;
	while (g < n && g - 1 < room) {
		uint32_t x = nodes[g];
		/* a node it holds already comes back later in the plan (a back-off,
		 * a loop): it leaves it first, so others may pass meanwhile */
		if (x >= t->nnodes || t->holder[x] == veh)
			break;
		b = node_blocker(t, veh, x);
		if (b == FO_TRAFFIC_NONE)
			b = yields(t, v, x);
		if (b == FO_TRAFFIC_NONE) {
			uint32_t lh = lane_holder(t, nodes[g - 1], x);
			if (lh != FO_TRAFFIC_NONE && lh != veh)
				b = lh;
		}
		if (b != FO_TRAFFIC_NONE)
			break;
		node_hold(t, veh, x);
		lane_hold(t, veh, nodes[g - 1], x);
		vec_push(&v->path, x);
		g++;
	}
	t->st.nodes_granted += g - 1;
	v->intent.n = 0;
	for (size_t i = g; i < n; i++)
		vec_push(&v->intent, nodes[i]);
	if (b != FO_TRAFFIC_NONE) {
		t->st.refusals++;
		if (blocker)
			*blocker = b;
	}
	set_wait(t, v, b);
	return g;
}

void fo_traffic_release(fo_traffic *t, uint32_t veh, size_t keep)
{
	if (veh >= t->nveh)
		return;
	tveh *v = &t->veh[veh];
	if (keep < 1)
		keep = 1;
	release_tail(t, veh, v->path.n < keep ? v->path.n : keep);
	v->intent.n = 0;
	v->yield_to = FO_TRAFFIC_NONE;
	set_wait(t, v, FO_TRAFFIC_NONE);
}

/* A fresh generation of marks for n entries. */
static uint32_t marks(fo_traffic *t, size_t n)
{
	if (n > t->nmark) {
		free(t->mark);
		t->mark = xcalloc(n, sizeof *t->mark);
		t->nmark = n;
		t->mark_gen = 0;
	}
	if (++t->mark_gen == 0) {
		memset(t->mark, 0, t->nmark * sizeof *t->mark);
		t->mark_gen = 1;
	}
	return t->mark_gen;
}

size_t fo_traffic_cycle(fo_traffic *t, uint32_t veh, uint32_t *members, size_t max)
{
	if (veh >= t->nveh || t->veh[veh].waits == FO_TRAFFIC_NONE)
		return 0;
	uint32_t gen = marks(t, t->nveh);
	uint32_t at = veh;
	while (at != FO_TRAFFIC_NONE && at < t->nveh && t->mark[at] != gen) {
		t->mark[at] = gen;
		at = t->veh[at].waits;
	}
	if (at != veh)
		return 0; /* no wait chain back to veh (it may wait on a cycle of others) */
	size_t n = 0;
	bool fresh = false;
	at = veh;
	do {
		if (n < max && members)
			members[n] = at;
		n++;
		fresh |= t->veh[at].counted != t->veh[at].wait_serial;
		at = t->veh[at].waits;
	} while (at != veh);
	if (fresh) {
		t->st.deadlocks++;
		at = veh;
		do {
			t->veh[at].counted = t->veh[at].wait_serial;
			at = t->veh[at].waits;
		} while (at != veh);
	}
	return n;
}

/* ---- resolution */

/* Blocks on q every node another vehicle holds, the nodes near them, and
 * (lanes) both directions of every edge between two nodes another holds. */
static void block_others(fo_traffic *t, fo_route_query *q, uint32_t veh, bool lanes)
{
	const fo_route_graph *g = t->g;
	for (uint32_t o = 0; o < t->nveh; o++) {
		if (o == veh)
			continue;
		const u32vec *p = &t->veh[o].path;
		for (size_t i = 0; i < p->n; i++) {
			uint32_t x = p->v[i];
			fo_route_block_node(q, x);
			for (uint32_t k = t->near_off[x]; k < t->near_off[x + 1]; k++)
				fo_route_block_node(q, t->near[k]);
			if (!lanes || i == 0)
				continue;
			uint32_t a = p->v[i - 1];
			for (uint32_t k = g->off[a]; k < g->off[a + 1]; k++)
				if (g->arc[k].to == x)
					fo_route_block_edge(q, g->arc[k].edge);
			for (uint32_t k = g->off[x]; k < g->off[x + 1]; k++)
				if (g->arc[k].to == a)
					fo_route_block_edge(q, g->arc[k].edge);
		}
	}
}

static void copy_path(u32vec *out, const fo_route_path *p, size_t skip)
{
	for (size_t i = skip; i < p->nnodes; i++)
		vec_push(out, p->nodes[i]);
}

#define BACKOFF_TRIES 16

/* The back-off node candidates: reachable (last run), free, wanted by no
 * other vehicle, nearest first; up to BACKOFF_TRIES into c. */
static size_t backoff_candidates(fo_traffic *t, fo_route_query *q, uint32_t veh, uint32_t from,
                                 uint32_t *c)
{
	uint32_t gen = marks(t, t->nnodes);
	for (uint32_t o = 0; o < t->nveh; o++) {
		if (o == veh)
			continue;
		const u32vec *in = &t->veh[o].intent;
		for (size_t i = 0; i < in->n; i++)
			t->mark[in->v[i]] = gen;
	}
	size_t n = 0;
	double cd[BACKOFF_TRIES];
	for (uint32_t x = 0; x < t->nnodes; x++) {
		double d = route_dist(q, x);
		if (x == from || !isfinite(d) || t->mark[x] == gen ||
		    node_blocker(t, veh, x) != FO_TRAFFIC_NONE)
			continue;
		/* insertion into the sorted shortlist */
		size_t at = n < BACKOFF_TRIES ? n : BACKOFF_TRIES;
		while (at > 0 && cd[at - 1] > d)
			at--;
		if (at >= BACKOFF_TRIES)
			continue;
		size_t last = n < BACKOFF_TRIES ? n : BACKOFF_TRIES - 1;
		memmove(&c[at + 1], &c[at], (last - at) * sizeof *c);
		memmove(&cd[at + 1], &cd[at], (last - at) * sizeof *cd);
		c[at] = x;
		cd[at] = d;
		if (n < BACKOFF_TRIES)
			n++;
	}
	return n;
}

/* veh has a way out: it no longer waits (the cycle is broken for the
 * others at once), and the way out is what it intends. */
static void resolved(fo_traffic *t, uint32_t veh, const fo_traffic_path *p)
{
	tveh *v = &t->veh[veh];
	/* backing off for the vehicle it waited for: that one goes first
	 * through the ground it wants */
	v->yield_to = p->backed_off ? v->waits : FO_TRAFFIC_NONE;
	set_wait(t, v, FO_TRAFFIC_NONE);
	v->intent.n = 0;
	for (size_t i = 1; i < p->nnodes; i++)
		vec_push(&v->intent, p->nodes[i]);
}

int fo_traffic_resolve(fo_traffic *t, fo_route_query *q, uint32_t veh, const uint32_t *goal,
                       size_t ngoal, fo_traffic_path *path)
{
	memset(path, 0, sizeof *path);
	path->via = FO_TRAFFIC_NONE;
	if (veh >= t->nveh || !t->veh[veh].path.n || !ngoal)
		return -1;
	uint32_t from = t->veh[veh].path.v[t->veh[veh].path.n - 1];
	u32vec out = {0};
	const fo_route_path *p;
	/* around: everything others hold blocked */
	fo_route_clear_blocks(q);
	block_others(t, q, veh, true);
	if (fo_route_find_any(q, &from, 1, goal, ngoal, &p) == 0) {
		copy_path(&out, p, 0);
		fo_route_clear_blocks(q);
		path->nodes = out.v;
		path->nnodes = out.n;
		t->st.rerouted++;
		resolved(t, veh, path);
		return 0;
	}
	/* back off: the nearest free node nobody wants, then on to the goal */
	route_run(q, &from, 1, NULL, 0);
	uint32_t cand[BACKOFF_TRIES];
	size_t nc = backoff_candidates(t, q, veh, from, cand);
	for (size_t i = 0; i < nc; i++) {
		fo_route_clear_blocks(q);
		block_others(t, q, veh, true);
		if (fo_route_find(q, from, cand[i], &p) != 0)
			continue;
		out.n = 0;
		copy_path(&out, p, 0);
		fo_route_clear_blocks(q);
		if (fo_route_find_any(q, &cand[i], 1, goal, ngoal, &p) != 0)
			continue;
		copy_path(&out, p, 1);
		path->nodes = out.v;
		path->nnodes = out.n;
		path->backed_off = true;
		path->via = cand[i];
		t->st.backed_off++;
		resolved(t, veh, path);
		return 0;
	}
	fo_route_clear_blocks(q);
	free(out.v);
	t->st.unresolved++;
	return -1;
}

const uint32_t *fo_traffic_path_of(const fo_traffic *t, uint32_t veh, size_t *n)
{
	*n = veh < t->nveh ? t->veh[veh].path.n : 0;
	return *n ? t->veh[veh].path.v : NULL;
}

const uint32_t *fo_traffic_intent_of(const fo_traffic *t, uint32_t veh, size_t *n)
{
	*n = veh < t->nveh ? t->veh[veh].intent.n : 0;
	return *n ? t->veh[veh].intent.v : NULL;
}

uint32_t fo_traffic_holder(const fo_traffic *t, uint32_t node)
{
	return node < t->nnodes ? t->holder[node] : FO_TRAFFIC_NONE;
}

uint32_t fo_traffic_waits_for(const fo_traffic *t, uint32_t veh)
{
	return veh < t->nveh ? t->veh[veh].waits : FO_TRAFFIC_NONE;
}

fo_traffic_stats fo_traffic_get_stats(const fo_traffic *t)
{
	return t->st;
}
