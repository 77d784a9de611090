/* sim_conflicts.c — physical conflicts, whatever traffic control does: a
 * pair of vehicles closer than map.vehicle_length (centre to centre) is
 * one conflict when it comes that close, counted and logged once until the
 * two are apart again.
 *
 * Each step hashes the vehicles into square cells one vehicle length wide
 * (a bucket table twice the fleet's size, chained through a per-vehicle
 * array), so a close pair is in one cell or two neighbouring ones; each
 * vehicle looks at its own cell and four neighbours (the other four look
 * at it), O(vehicles) a step.  The close pairs of the step, sorted, are
 * compared with those of the step before to find the new ones. */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	c->x = xcalloc(vehicles, sizeof *c->x);
	c->y = xcalloc(vehicles, sizeof *c->y);
	c->cx = xcalloc(vehicles, sizeof *c->cx);
	c->cy = xcalloc(vehicles, sizeof *c->cy);
	c->next = xcalloc(vehicles, sizeof *c->next);
	uint32_t buckets = 64;
	while (buckets < 2 * vehicles)
		buckets *= 2;
	c->mask = buckets - 1;
	c->head = xcalloc(buckets, sizeof *c->head);
	memset(c->head, 0xff, buckets * sizeof *c->head); /* SIM_NONE */
}

void sim_conflicts_free(sim_conflicts *c)
{
	free(c->x);
	free(c->y);
	free(c->cx);
	free(c->cy);
	free(c->next);
	free(c->head);
	free(c->close);
	free(c->prev);
	memset(c, 0, sizeof *c);
}

static uint32_t bucket(const sim_conflicts *c, int32_t cx, int32_t cy)
{
	return (((uint32_t)cx * 73856093u) ^ ((uint32_t)cy * 19349663u)) & c->mask;
}

static void add_close(sim_conflicts *c, uint32_t i, uint32_t j)
{
	if (c->nclose == c->cap_close) {
		c->cap_close = c->cap_close ? 2 * c->cap_close : 64;
		c->close = realloc(c->close, c->cap_close * sizeof *c->close);
		if (!c->close)
			abort();
	}
	uint32_t a = i < j ? i : j, b = i < j ? j : i;
	c->close[c->nclose++] = (uint64_t)a << 32 | b;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool was_close(const sim_conflicts *c, uint64_t key)
{
	size_t lo = 0, hi = c->nprev;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->prev[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nprev && c->prev[lo] == key;
}

/* The pairs of vehicle i with vehicles in cell (cx, cy); only j > i when it
 * is i's own cell, so every pair is seen once. */
static void scan_cell(sim_conflicts *c, uint32_t i, int32_t cx, int32_t cy, bool own)
{
	float len2 = (float)(c->len * c->len);
	for (uint32_t j = c->head[bucket(c, cx, cy)]; j != SIM_NONE; j = c->next[j]) {
		if ((own && j <= i) || c->cx[j] != cx || c->cy[j] != cy)
			continue;
		float dx = c->x[i] - c->x[j], dy = c->y[i] - c->y[j];
		if (dx * dx + dy * dy < len2)
			add_close(c, i, j);
	}
}

static void report(sim_state *s, uint64_t key)
{
	sim_conflicts *c = &s->conflicts;
	fo_model *m = fo_core_model(s->core);
	uint32_t i = (uint32_t)(key >> 32), j = (uint32_t)key;
	const fo_vehicle *a = fo_model_vehicle(m, s->vehicle_base + i);
	const fo_vehicle *b = fo_model_vehicle(m, s->vehicle_base + j);
	float dx = c->x[i] - c->x[j], dy = c->y[i] - c->y[j];
	fo_log(s->core, FO_LOG_INFO,
	       "sim: conflict %llu: %s and %s %.2f m apart at (%.1f, %.1f) near %s and %s "
	       "(closer than map.vehicle_length %.2f m)",
	       (unsigned long long)c->count, a ? a->id : "?", b ? b->id : "?",
	       sqrt((double)(dx * dx + dy * dy)), (c->x[i] + c->x[j]) / 2.0,
	       (c->y[i] + c->y[j]) / 2.0, s->map.node_id[s->veh[i].node],
	       s->map.node_id[s->veh[j].node], c->len);
}

void sim_conflicts_step(sim_state *s)
{
	sim_conflicts *c = &s->conflicts;
	if (!c->x)
		return;
	uint32_t n = s->nvehicles;
	float inv = (float)(1.0 / c->len);
	for (uint32_t i = 0; i < n; i++) {
		c->cx[i] = (int32_t)floorf(c->x[i] * inv);
		c->cy[i] = (int32_t)floorf(c->y[i] * inv);
		uint32_t b = bucket(c, c->cx[i], c->cy[i]);
		c->next[i] = c->head[b];
		c->head[b] = i;
	}
	c->nclose = 0;
	for (uint32_t i = 0; i < n; i++) {
		int32_t x = c->cx[i], y = c->cy[i];
		scan_cell(c, i, x, y, true);
		scan_cell(c, i, x + 1, y, false);
		scan_cell(c, i, x - 1, y + 1, false);
		scan_cell(c, i, x, y + 1, false);
		scan_cell(c, i, x + 1, y + 1, false);
	}
	for (uint32_t i = 0; i < n; i++)
		c->head[bucket(c, c->cx[i], c->cy[i])] = SIM_NONE;
	if (c->nclose > 1)
		qsort(c->close, c->nclose, sizeof *c->close, cmp_u64);
	for (size_t k = 0; k < c->nclose; k++)
		if (!was_close(c, c->close[k])) {
			c->count++;
			report(s, c->close[k]);
		}
	/* this step's pairs are the next one's "before" */
	uint64_t *t = c->prev;
	size_t tcap = c->cap_prev;
	c->prev = c->close;
	c->cap_prev = c->cap_close;
	c->nprev = c->nclose;
	c->close = t;
	c->cap_close = tcap;
	c->nclose = 0;
}
