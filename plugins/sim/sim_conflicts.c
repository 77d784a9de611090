/* sim_conflicts.c — physical conflicts, whatever traffic control does: a
 * pair of vehicles closer than map.vehicle_length L (centre to centre) is
 * one conflict when it comes that close, counted and logged once until the
 * two are apart again.
 *
 * A Verlet list: the candidates are the pairs closer than L + SKIN when
 * listed; as long as no vehicle moved more than SKIN / 2 since, no other
 * pair can have come closer than L, so a step only measures the candidates
 * (sim_conflicts_note checks each vehicle's displacement as it stores its
 * position).  Listing sorts the vehicles
 * into square cells 2 (L + SKIN) wide (a counting sort into a bucket table
 * of about the fleet's size that tiles the plane, so the vehicles of a cell
 * and of the cells beside it lie together in memory; cells that wrap onto
 * one bucket are told apart by their coordinates): a pair closer than
 * L + SKIN lies in the 2 x 2 cells around the corner nearest either, and
 * the lower index finds it.  At 2 m/s and 10 Hz the list lasts five steps
 * or more.  The close pairs of a step are looked up in a hash set of those
 * of the step before to find the new ones.  O(vehicles + candidates) a
 * step. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SKIN_LENGTHS 2 /* SKIN, in vehicle lengths */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

void sim_conflicts_init(sim_conflicts *c, double len, uint32_t vehicles)
{
	memset(c, 0, sizeof *c);
	c->len = len;
	if (!(len > 0) || !vehicles)
		return;
	c->pos = xcalloc(vehicles, sizeof *c->pos);
	c->byb = xcalloc(vehicles, sizeof *c->byb);
	uint32_t buckets = 64, bits = 6;
	while (buckets < vehicles) {
		buckets *= 2;
		bits++;
	}
	c->xbits = (bits + 1) / 2;
	c->mask = buckets - 1;
	c->start = xcalloc((size_t)buckets + 1, sizeof *c->start);
	float half = (float)(len * SKIN_LENGTHS / 2);
	c->stale_d2 = half * half;
	c->stale = true; /* nothing listed yet */
}

void sim_conflicts_free(sim_conflicts *c)
{
	free(c->pos);
	free(c->byb);
	free(c->start);
	free(c->cand);
	free(c->close);
	free(c->prev);
	memset(c, 0, sizeof *c);
}

/* Row-major on a torus 1 << xbits cells wide. */
static uint32_t bucket(const sim_conflicts *c, int32_t cx, int32_t cy)
{
	return (((uint32_t)cy << c->xbits) | ((uint32_t)cx & ((1u << c->xbits) - 1))) & c->mask;
}

static void push(uint64_t **a, size_t *n, size_t *cap, uint32_t i, uint32_t j)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*a = realloc(*a, *cap * sizeof **a);
		if (!*a)
			abort();
	}
	(*a)[(*n)++] = (uint64_t)i << 32 | j;
}

/* ---- listing the candidates */

/* The vehicles by bucket, with their cells (a counting sort). */
static void sort_into_cells(sim_conflicts *c, uint32_t n, float cell)
{
	float inv = 1.0f / cell;
	uint32_t buckets = c->mask + 1;
	memset(c->start, 0, ((size_t)buckets + 1) * sizeof *c->start);
	for (uint32_t i = 0; i < n; i++) {
		const sim_cpos *p = &c->pos[i];
		c->start[bucket(c, (int32_t)floorf(p->x * inv), (int32_t)floorf(p->y * inv)) + 1]++;
	}
	for (uint32_t b = 0; b < buckets; b++)
		c->start[b + 1] += c->start[b];
	/* start[b + 1] is bucket b's end: fill each bucket from there down */
	for (uint32_t i = n; i-- > 0;) {
		const sim_cpos *p = &c->pos[i];
		int32_t cx = (int32_t)floorf(p->x * inv), cy = (int32_t)floorf(p->y * inv);
		c->byb[--c->start[bucket(c, cx, cy) + 1]] = (sim_centry){p->x, p->y, cx, cy, i};
	}
	/* start[b + 1] came down to bucket b's first entry: shift back */
	memmove(c->start, c->start + 1, (size_t)buckets * sizeof *c->start);
	c->start[buckets] = n;
}

/* The pairs of p with the higher-indexed vehicles of cell (cx, cy) closer
 * than sqrt(r2).  The test of an entry has no branch but the one on its
 * outcome: the others mispredict often and cost more than the arithmetic. */
static void scan_cell(sim_conflicts *c, const sim_centry *p, int32_t cx, int32_t cy, float r2)
{
	uint32_t b = bucket(c, cx, cy);
	for (uint32_t k = c->start[b], end = c->start[b + 1]; k < end; k++) {
		const sim_centry *q = &c->byb[k];
		float dx = p->x - q->x, dy = p->y - q->y;
		int hit = (dx * dx + dy * dy < r2) & (q->i > p->i) & (q->cx == cx) & (q->cy == cy);
		if (hit)
			push(&c->cand, &c->ncand, &c->cap_cand, p->i, q->i);
	}
}

static void list_candidates(sim_conflicts *c, uint32_t n)
{
	float r = (float)(c->len * (1 + SKIN_LENGTHS)), cell = 2 * r, r2 = r * r;
	sort_into_cells(c, n, cell);
	c->ncand = 0;
	for (uint32_t k = 0; k < n; k++) {
		const sim_centry *p = &c->byb[k];
		/* a partner closer than r is in the 2 x 2 cells around the
		 * corner of p's cell that p is nearest */
		float fx = p->x - (float)p->cx * cell, fy = p->y - (float)p->cy * cell;
		int32_t nx = p->cx + (fx < r ? -1 : 1), ny = p->cy + (fy < r ? -1 : 1);
		scan_cell(c, p, p->cx, p->cy, r2);
		scan_cell(c, p, nx, p->cy, r2);
		scan_cell(c, p, p->cx, ny, r2);
		scan_cell(c, p, nx, ny, r2);
	}
	for (uint32_t i = 0; i < n; i++) {
		c->pos[i].rx = c->pos[i].x;
		c->pos[i].ry = c->pos[i].y;
	}
	c->stale = false;
	c->builds++;
}

/* ---- new pairs: a hash set of the step before's */

static size_t pair_slot(uint64_t key, size_t mask)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
}

static bool was_close(const sim_conflicts *c, uint64_t key)
{
	if (!c->nprev)
		return false;
	for (size_t k = pair_slot(key, c->prev_mask);; k = (k + 1) & c->prev_mask) {
		if (c->prev[k] == key)
			return true;
		if (c->prev[k] == UINT64_MAX)
			return false;
	}
}

/* This step's close pairs become the set the next step compares with. */
static void keep_as_prev(sim_conflicts *c)
{
	size_t want = 64;
	while (want < 2 * c->nclose)
		want *= 2;
	if (want - 1 != c->prev_mask) {
		free(c->prev);
		c->prev = xcalloc(want, sizeof *c->prev);
		c->prev_mask = want - 1;
	}
	memset(c->prev, 0xff, want * sizeof *c->prev);
	for (size_t k = 0; k < c->nclose; k++) {
		size_t at = pair_slot(c->close[k], c->prev_mask);
		while (c->prev[at] != UINT64_MAX)
			at = (at + 1) & c->prev_mask;
		c->prev[at] = c->close[k];
	}
	c->nprev = c->nclose;
	c->nclose = 0;
}

static void report(sim_state *s, uint64_t key)
{
	sim_conflicts *c = &s->conflicts;
	fo_model *m = fo_core_model(s->core);
	uint32_t i = (uint32_t)(key >> 32), j = (uint32_t)key;
	const fo_vehicle *a = fo_model_vehicle(m, s->vehicle_base + i);
	const fo_vehicle *b = fo_model_vehicle(m, s->vehicle_base + j);
	const sim_cpos *p = &c->pos[i], *q = &c->pos[j];
	float dx = p->x - q->x, dy = p->y - q->y;
	fo_log(s->core, FO_LOG_INFO,
	       "sim: conflict %llu: %s and %s %.2f m apart at (%.1f, %.1f) near %s and %s "
	       "(closer than map.vehicle_length %.2f m)",
	       (unsigned long long)c->count, a ? a->id : "?", b ? b->id : "?",
	       sqrt((double)(dx * dx + dy * dy)), (p->x + q->x) / 2.0, (p->y + q->y) / 2.0,
	       s->map.node_id[s->veh[i].node], s->map.node_id[s->veh[j].node], c->len);
}

void sim_conflicts_step(sim_state *s)
{
	sim_conflicts *c = &s->conflicts;
	if (!c->pos)
		return;
	uint32_t n = s->nvehicles;
	if (c->stale) /* sim_conflicts_note saw a vehicle move far */
		list_candidates(c, n);
	float len2 = (float)(c->len * c->len);
	c->nclose = 0;
	for (size_t k = 0; k < c->ncand; k++) {
		const sim_cpos *p = &c->pos[c->cand[k] >> 32], *q = &c->pos[(uint32_t)c->cand[k]];
		float dx = p->x - q->x, dy = p->y - q->y;
		if (dx * dx + dy * dy < len2)
			push(&c->close, &c->nclose, &c->cap_close, (uint32_t)(c->cand[k] >> 32),
			     (uint32_t)c->cand[k]);
	}
	for (size_t k = 0; k < c->nclose; k++)
		if (!was_close(c, c->close[k])) {
			c->count++;
			report(s, c->close[k]);
		}
	keep_as_prev(c);
}
