/* bench_map.c — the map canvas (core/map/map_canvas.c): the cost of one
 * frame rasterised at 200x50 (braille) over the generated depot
 * (fo_depot_build, as the demo builds it) with 1,000 and 10,000 vehicles,
 * fitted and zoomed in 8x; and the worst case, a viewport that moves every
 * frame (following a vehicle: the edges and nodes are rasterised again),
 * zoomed and fitted; then a depot of 100,000 nodes zoomed in, to show the
 * cost of culling.  Every vehicle moves a little before
 * each frame.  Prints figures (p50 and p95 ms per frame); not a pass/fail
 * test.  Usage: bench_map */
#include "common.h"
#include "map_canvas.h"
#include "model.h"

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
	return 0;
}
