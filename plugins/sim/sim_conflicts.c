/* sim_conflicts.c — physical conflicts, whatever traffic control does: a
 * pair of vehicles closer than map.vehicle_length (centre to centre) is
 * one conflict when it comes that close, counted and logged once until the
 * two are apart again.
 *
 * Each step sorts the vehicles into square cells four vehicle lengths wide
 * (a counting sort into a bucket table of about the fleet's size that
 * tiles the plane, so the vehicles of a cell and of the cells beside
 * it lie together in memory; cells that wrap onto one bucket are told
 * apart by their coordinates).  A close pair is in one cell or two
 * neighbouring ones.  Only a vehicle that moved this step looks for
 * partners — in its cell and in the neighbours whose border is closer than
 * a vehicle length (none to three) —, since two that stood still are as
 * close as they were (the pair carries over); a pair of two that moved is
 * the lower index's to find.  The close pairs of the step are looked up
 * in a hash set of those of the step before to find the new ones.
 * O(vehicles + close pairs) a step. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL_LENGTHS 2 /* a cell is this many vehicle lengths wide */

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
}

void sim_conflicts_free(sim_conflicts *c)
{
	free(c->pos);
	free(c->byb);
	free(c->start);
	free(c->close);
	free(c->prev);
	memset(c, 0, sizeof *c);
}

/* Row-major on a torus 1 << xbits cells wide. */
static uint32_t bucket(const sim_conflicts *c, int32_t cx, int32_t cy)
{
	return (((uint32_t)cy << c->xbits) | ((uint32_t)cx & ((1u << c->xbits) - 1))) & c->mask;
}

static void add_close(sim_conflicts *c, uint32_t i, uint32_t j)
{
	if (c->nclose == c->cap_close) {
		c->cap_close = c->cap_close ? 2 * c->cap_close : 64;
		c->close = realloc(c->close, c->cap_close * sizeof *c->close);
		if (!c->close)
			abort();
	}
	c->close[c->nclose++] = (uint64_t)i << 32 | j;
}

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

/* The close pairs of moved vehicle p with the vehicles in cell (cx, cy),
 * bucket b.  Most cells are empty, so that is looked at first, inline;
 * the test of an entry has no branch but the one on its outcome (they
 * mispredict often and cost more than the arithmetic). */
static inline void scan_bucket(sim_conflicts *c, const sim_centry *p, int32_t cx, int32_t cy,
                               uint32_t b, float len2)
{
	for (uint32_t k = c->start[b], end = c->start[b + 1]; k < end; k++) {
		const sim_centry *q = &c->byb[k];
		float dx = p->x - q->x, dy = p->y - q->y;
		int hit = (dx * dx + dy * dy < len2) & (q->i != p->i) &
		          !(q->moved & (q->i < p->i)) & (q->cx == cx) & (q->cy == cy);
		if (hit)
			add_close(c, p->i < q->i ? p->i : q->i, p->i < q->i ? q->i : p->i);
	}
}

static inline void scan_cell(sim_conflicts *c, const sim_centry *p, int32_t cx, int32_t cy,
                             uint32_t alone, float len2)
{
	uint32_t b = bucket(c, cx, cy);
	if (c->start[b + 1] - c->start[b] > alone)
		scan_bucket(c, p, cx, cy, b, len2);
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

/* The vehicles by bucket, with their cells (a counting sort). */
static void sort_into_cells(sim_conflicts *c, uint32_t n)
{
	float inv = (float)(1.0 / (CELL_LENGTHS * c->len));
	uint32_t buckets = c->mask + 1;
	memset(c->start, 0, ((size_t)buckets + 1) * sizeof *c->start);
	for (uint32_t i = 0; i < n; i++) {
		sim_cpos *p = &c->pos[i];
		p->cx = (int32_t)floorf(p->x * inv);
		p->cy = (int32_t)floorf(p->y * inv);
		p->b = bucket(c, p->cx, p->cy);
		c->start[p->b + 1]++;
	}
	for (uint32_t b = 0; b < buckets; b++)
		c->start[b + 1] += c->start[b];
	/* start[b + 1] is bucket b's end: fill each bucket from there down */
	for (uint32_t i = n; i-- > 0;) {
		const sim_cpos *p = &c->pos[i];
		c->byb[--c->start[p->b + 1]] = (sim_centry){p->x, p->y, p->cx, p->cy, i, p->moved};
	}
	/* start[b + 1] came down to bucket b's first entry: shift back */
	memmove(c->start, c->start + 1, (size_t)buckets * sizeof *c->start);
	c->start[buckets] = n;
}

void sim_conflicts_step(sim_state *s)
{
	sim_conflicts *c = &s->conflicts;
	if (!c->pos)
		return;
	uint32_t n = s->nvehicles;
	float cell = (float)(CELL_LENGTHS * c->len), half = cell / 2,
	      len2 = (float)(c->len * c->len);
	sort_into_cells(c, n);
	/* two vehicles that stood still are as close as they were */
	c->nclose = 0;
	for (size_t k = 0; c->nprev && k <= c->prev_mask; k++) {
		uint64_t key = c->prev[k];
		if (key != UINT64_MAX && !c->pos[key >> 32].moved && !c->pos[(uint32_t)key].moved)
			add_close(c, (uint32_t)(key >> 32), (uint32_t)key);
	}
	for (uint32_t k = 0; k < n; k++) {
		const sim_centry *p = &c->byb[k];
		if (!p->moved)
			continue;
		/* a partner closer than len is in the 2 x 2 cells around the
		 * corner p is nearest (cells are 2 len wide): always four
		 * scans, so no branch on where p is */
		float fx = p->x - (float)p->cx * cell, fy = p->y - (float)p->cy * cell;
		int32_t nx = p->cx + (fx < half ? -1 : 1), ny = p->cy + (fy < half ? -1 : 1);
		scan_cell(c, p, p->cx, p->cy, 1, len2); /* p itself is there */
		scan_cell(c, p, nx, p->cy, 0, len2);
		scan_cell(c, p, p->cx, ny, 0, len2);
		scan_cell(c, p, nx, ny, 0, len2);
	}
	for (size_t k = 0; k < c->nclose; k++)
		if (!was_close(c, c->close[k])) {
			c->count++;
			report(s, c->close[k]);
		}
	keep_as_prev(c);
}
