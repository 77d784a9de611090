/* bench_map.c — the map canvas (core/map/map_canvas.c): the cost of one
 * frame rasterised at 200x50 (braille) over the generated depot
 * (fo_depot_build, as the demo builds it) with 1,000 and 10,000 vehicles,
 * fitted and zoomed in 8x; and the worst case, a viewport that moves every
 * frame (following a vehicle: the edges and nodes are rasterised again),
 * zoomed and fitted; then a depot of 100,000 nodes zoomed in, to show the
 * cost of culling.  Every vehicle moves a little before
 * each frame.  Then reserved paths: a core with the depot of 10,000
 * vehicles as its site (fo_site_use_depot), each vehicle claiming a walk
 * of 12 nodes with a budget of 4 (traffic control grants what is free,
 * keeps the rest as the horizon); a frame without paths against one that
 * gathers them from fo_site_reserved for every vehicle (the Map pane's
 * loop, tui/mappane.c gather_paths) and draws them, the gathering timed on
 * its own.  Prints figures (p50 and p95 ms per frame); not a pass/fail
 * test.  Usage: bench_map */
#include "common.h"
#include "config.h"
#include "core.h"
#include "map_canvas.h"
#include "model.h"
#include "site.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FRAMES 200
#define COLS 200
#define ROWS 50

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

typedef struct {
	fo_model *m;
	fo_depot *d;
	long vehicles;
} site;

static site build(long vehicles)
{
	site s = {.m = fo_model_new(), .vehicles = vehicles};
	fo_depot_spec spec = {
	    .vehicles = vehicles, .fleets = 4, .tenants = 2, .manufacturer = "bench"};
	uint64_t rng = 1;
	char err[256];
	s.d = fo_depot_build(s.m, &spec, &rng, err, sizeof err);
	if (!s.d) {
		fprintf(stderr, "bench_map: %s\n", err);
		exit(1);
	}
	return s;
}

/* Every vehicle moves up to 0.5 m and turns, as telemetry would have it
 * between two frames at 4 Hz. */
static void move_all(fo_model *m, uint64_t *rng)
{
	size_t n = fo_model_vehicle_count(m);
	for (size_t i = 0; i < n; i++) {
		fo_vehicle *v = fo_model_vehicle(m, i);
		v->x += fo_rand01(rng) - 0.5;
		v->y += fo_rand01(rng) - 0.5;
		v->theta = fo_rand01(rng) * 2 * M_PI;
		fo_model_touch(m, v);
	}
}

typedef enum { FIT, ZOOMED, MOVING, MOVING_FIT } mode;

static const char *const mode_name[] = {"fit", "zoomed in 8x", "zoomed, viewport moves",
                                        "fit, viewport moves"};

static void run(site *s, mode md)
{
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	uint64_t rng = 42;
	if (!fo_map_canvas_render(c, s->m, &v, COLS, ROWS, FO_MAP_BRAILLE)) {
		fprintf(stderr, "bench_map: %s\n", fo_map_canvas_message(c));
		exit(1);
	}
	if (md == ZOOMED || md == MOVING)
		fo_map_view_zoom(&v, 8);
	fo_map_canvas_render(c, s->m, &v, COLS, ROWS, FO_MAP_BRAILLE);
	double us[FRAMES];
	size_t redrawn = 0, in = 0;
	for (int f = 0; f < FRAMES; f++) {
		move_all(s->m, &rng);
		if (md >= MOVING) { /* a quarter of a cell to and fro: following */
			double step = f % 2 ? -0.25 : 0.25;
			fo_map_view_pan(&v, step / COLS, step / ROWS, COLS, ROWS);
		}
		double t0 = now_us();
		fo_map_canvas_render(c, s->m, &v, COLS, ROWS, FO_MAP_BRAILLE);
		us[f] = now_us() - t0;
		const fo_map_stats *st = fo_map_canvas_stats(c);
		redrawn += st->static_redrawn;
		in = st->vehicles_in;
	}
	qsort(us, FRAMES, sizeof us[0], cmp_double);
	const fo_map_stats *st = fo_map_canvas_stats(c);
	printf("%6zu nodes %6zu edges %6ld vehicles  %-23s p50 %7.3f ms  p95 %7.3f ms  max %7.3f "
	       "ms | in view: %zu nodes %zu edges %zu vehicles; layer redrawn %zu/%d\n",
	       st->nodes, st->edges, s->vehicles, mode_name[md], us[FRAMES / 2] / 1000,
	       us[FRAMES * 95 / 100] / 1000, us[FRAMES - 1] / 1000, st->nodes_in, st->edges_in, in,
	       redrawn, FRAMES);
	fo_map_canvas_free(c);
}

/* ---- reserved paths */

#define WALK 12
#define BUDGET 4
#define PATH_MAX_NODES 256

/* Every vehicle claims a walk of WALK nodes from where it stands along the
 * depot's edges (no node twice); returns the nodes granted beyond the
 * standing ones. */
static size_t claim_walks(fo_core *core, uint64_t *rng)
{
	fo_model *m = fo_core_model(core);
	size_t nn = fo_model_node_count(m), ne = fo_model_edge_count(m);
	/* adjacency: edges out of each node, both directions */
	size_t *deg = calloc(nn + 1, sizeof *deg);
	uint32_t *adj = malloc(2 * ne * sizeof *adj);
	if (!deg || !adj)
		abort();
	for (size_t i = 0; i < ne; i++) {
		deg[fo_model_edge(m, i)->from + 1]++;
		deg[fo_model_edge(m, i)->to + 1]++;
	}
	for (size_t i = 0; i < nn; i++)
		deg[i + 1] += deg[i];
	size_t *fill = calloc(nn, sizeof *fill);
	if (!fill)
		abort();
	for (size_t i = 0; i < ne; i++) {
		const fo_map_edge *e = fo_model_edge(m, i);
		adj[deg[e->from] + fill[e->from]++] = e->to;
		adj[deg[e->to] + fill[e->to]++] = e->from;
	}
	size_t granted = 0, nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		long at = fo_model_node_find(m, fo_model_vehicle(m, i)->last_node);
		if (at < 0)
			continue;
		uint32_t walk[WALK];
		const char *ids[WALK];
		size_t n = 0;
		walk[n++] = (uint32_t)at;
		while (n < WALK) {
			uint32_t u = walk[n - 1], next = UINT32_MAX;
			size_t d = deg[u + 1] - deg[u];
			for (size_t tries = 0; tries < d && next == UINT32_MAX; tries++) {
				uint32_t cand =
				    adj[deg[u] + (size_t)(fo_rand01(rng) * (double)d) % d];
				bool seen = false;
				for (size_t k = 0; k < n; k++)
					seen |= walk[k] == cand;
				if (!seen)
					next = cand;
			}
			if (next == UINT32_MAX)
				break;
			walk[n++] = next;
		}
		for (size_t k = 0; k < n; k++)
			ids[k] = fo_model_node(m, walk[k])->id;
		fo_site_grant g;
		char err[256];
		if (n >= 2 && fo_site_claim(core, i, ids, n, BUDGET, &g, err, sizeof err) == 0)
			granted += g.granted - 1;
	}
	free(deg);
	free(adj);
	free(fill);
	return granted;
}

/* The Map pane's gathering (tui/mappane.c gather_paths): held path, and
 * the horizon on from its last node.  Returns the segments added. */
static size_t gather(fo_core *core, fo_map_canvas *c)
{
	double held[PATH_MAX_NODES][2], want[PATH_MAX_NODES + 1][2];
	size_t n = fo_model_vehicle_count(fo_core_model(core)), segs = 0;
	fo_map_canvas_paths_clear(c);
	for (size_t i = 0; i < n; i++) {
		size_t nh, nw;
		if (!fo_site_reserved(core, i, held, &nh, want + 1, &nw, PATH_MAX_NODES))
			break;
		if (nh >= 2) {
			fo_map_canvas_path_add(c, (const double(*)[2])held, nh, FO_MAP_PATH_HELD);
			segs += nh - 1;
		}
		if (nw && nh > 0 && nh < PATH_MAX_NODES) {
			want[0][0] = held[nh - 1][0];
			want[0][1] = held[nh - 1][1];
			fo_map_canvas_path_add(c, (const double(*)[2])want, nw + 1,
			                       FO_MAP_PATH_WANTED);
			segs += nw;
		}
	}
	return segs;
}

static void run_paths(fo_core *core, mode md, bool paths)
{
	fo_model *m = fo_core_model(core);
	fo_map_canvas *c = fo_map_canvas_new();
	fo_map_view v;
	fo_map_view_init(&v);
	v.paths = paths;
	uint64_t rng = 42;
	fo_map_canvas_render(c, m, &v, COLS, ROWS, FO_MAP_BRAILLE);
	if (md == ZOOMED)
		fo_map_view_zoom(&v, 8);
	fo_map_canvas_render(c, m, &v, COLS, ROWS, FO_MAP_BRAILLE);
	double us[FRAMES], gus[FRAMES];
	size_t segs = 0;
	for (int f = 0; f < FRAMES; f++) {
		move_all(m, &rng);
		double t0 = now_us();
		if (paths)
			segs = gather(core, c);
		double t1 = now_us();
		fo_map_canvas_render(c, m, &v, COLS, ROWS, FO_MAP_BRAILLE);
		us[f] = now_us() - t0;
		gus[f] = t1 - t0;
	}
	qsort(us, FRAMES, sizeof us[0], cmp_double);
	qsort(gus, FRAMES, sizeof gus[0], cmp_double);
	const fo_map_stats *st = fo_map_canvas_stats(c);
	printf("%6zu vehicles  %-13s %-11s p50 %7.3f ms  p95 %7.3f ms  (gathering p50 %6.3f ms) "
	       "| segments %zu, %zu in view\n",
	       st->vehicles, mode_name[md], paths ? "with paths" : "no paths",
	       us[FRAMES / 2] / 1000, us[FRAMES * 95 / 100] / 1000, gus[FRAMES / 2] / 1000, segs,
	       st->segments_in);
	fo_map_canvas_free(c);
}

static void bench_paths(long vehicles)
{
	fo_config *cfg = fo_config_new();
	char err[256];
	fo_config_set(cfg, "plugin_path", "/nonexistent", FO_SRC_FLAG, err, sizeof err);
	fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err);
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	if (!core) {
		fprintf(stderr, "bench_map: %s\n", err);
		exit(1);
	}
	fo_depot_spec spec = {
	    .vehicles = vehicles, .fleets = 4, .tenants = 2, .manufacturer = "bench"};
	uint64_t rng = 1;
	fo_depot *d = fo_depot_build(fo_core_model(core), &spec, &rng, err, sizeof err);
	if (!d || fo_site_use_depot(core, d, err, sizeof err) != 0) {
		fprintf(stderr, "bench_map: %s\n", err);
		exit(1);
	}
	size_t granted = claim_walks(core, &rng);
	printf("reserved paths: %ld vehicles each claimed a walk of %d nodes, budget %d: %zu "
	       "nodes granted beyond the standing ones\n",
	       vehicles, WALK, BUDGET, granted);
	run_paths(core, FIT, false);
	run_paths(core, FIT, true);
	run_paths(core, ZOOMED, false);
	run_paths(core, ZOOMED, true);
	fo_depot_free(d);
	fo_core_free(core);
}

int main(void)
{
	char mach[256];
	bench_machine(mach, sizeof mach);
	printf("Map canvas benchmark: %d frames of %dx%d braille cells each; every vehicle moves "
	       "before each frame\n",
	       FRAMES, COLS, ROWS);
	printf("machine: %s\n", mach);
	const long sizes[] = {1000, 10000};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		site s = build(sizes[i]);
		run(&s, FIT);
		run(&s, ZOOMED);
		run(&s, MOVING);
		run(&s, MOVING_FIT);
		fo_depot_free(s.d);
		fo_model_free(s.m);
	}
	/* 100,000 nodes (about two per vehicle): culling to the viewport */
	site s = build(50000);
	run(&s, ZOOMED);
	run(&s, MOVING);
	fo_depot_free(s.d);
	fo_model_free(s.m);
	bench_paths(10000);
	return 0;
}
