/* bench_traffic.c — the traffic control engine (core/map/traffic.h,
 * issue 12 deliverable 3) under load, without the rest of fleetops.
 *
 * The layout: the simulator's depot for 3,400 vehicles as LIF (a lattice
 * of about 10,000 nodes, 5 m apart, every edge both ways).  AGENTS
 * vehicles on distinct random nodes; each is routed to a random node and,
 * round after round, claims the rest of its route from the end of what it
 * holds (budget 4 nodes ahead, as map.release_nodes), moves one node when
 * it holds one ahead, and when its claim is refused and it waits in a
 * cycle, asks fo_traffic_resolve for a way out.  At its goal it gets a new
 * one.  Everything from one seed.
 *
 * Figures (printed; no pass/fail): per operation the median, p99 and max
 * of its wall time (claim, at, cycle check, resolve); rounds; goals
 * reached; the engine's counts (conflicts must be 0: vehicles only move
 * onto nodes they hold); deadlocks and how they ended; vehicles in a
 * cycle at the end.
 * Usage: bench_traffic [AGENTS [ROUNDS]]   (default 1000 and 400)
 */
#include "common.h"
#include "depot_lif.h"
#include "fleetops_plugin.h"
#include "model.h"
#include "route.h"
#include "traffic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUDGET 4

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

typedef struct {
	double *v;
	size_t n, cap;
} samples;

static void add(samples *s, double x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	s->v[s->n++] = x;
}

static void report(const char *what, samples *s)
{
	if (!s->n) {
		printf("  %-10s none\n", what);
		return;
	}
	qsort(s->v, s->n, sizeof *s->v, cmp_dbl);
	printf("  %-10s %8zu calls  median %7.2f us  p99 %8.2f us  max %9.2f us\n", what, s->n,
	       s->v[s->n / 2] * 1e6, s->v[s->n * 99 / 100] * 1e6, s->v[s->n - 1] * 1e6);
}

typedef struct {
	uint32_t *plan; /* the route from the end of what it holds to its goal */
	size_t n, cap;
	uint32_t goal;
} agent;

static void set_plan(agent *a, const uint32_t *v, size_t n)
{
	if (n > a->cap) {
		a->cap = n;
		a->plan = realloc(a->plan, n * sizeof *a->plan);
		if (!a->plan)
			abort();
	}
	memcpy(a->plan, v, n * sizeof *v);
	a->n = n;
}

int main(int argc, char **argv)
{
	long agents = argc > 1 ? atol(argv[1]) : 1000, rounds = argc > 2 ? atol(argv[2]) : 400;
	char machine[256], err[256];
	bench_machine(machine, sizeof machine);
	uint64_t seed = 12;
	fo_model *m = fo_model_new();
	fo_depot_spec spec = {.vehicles = 3400, .fleets = 1, .tenants = 1, .manufacturer = "B"};
	fo_depot *d = fo_depot_build(m, &spec, &seed, err, sizeof err);
	fo_lif *lif = d ? fo_depot_lif(m, d, NULL, err, sizeof err) : NULL;
	fo_route_graph *g = NULL;
	fo_route_opts o = {.top_speed = 2.0, .level_change_s = 30};
	if (!lif || fo_route_graph_new(lif, &o, &g, err, sizeof err) != 0) {
		fprintf(stderr, "bench_traffic: %s\n", err);
		return 1;
	}
	fo_route_info gi = fo_route_graph_info(g);
	fo_route_query *q = fo_route_query_new(g);
	fo_traffic_opts to = {.vehicle_length_m = 1.0};
	fo_traffic *t = fo_traffic_new(g, (uint32_t)agents, &to);
	agent *ag = calloc((size_t)agents, sizeof *ag);
	uint8_t *taken = calloc(gi.nodes, 1);
	if (!ag || !taken)
		abort();
	for (long i = 0; i < agents; i++) {
		uint32_t at;
		do
			at = fo_rand_below(&seed, gi.nodes);
		while (taken[at]);
		taken[at] = 1;
		fo_traffic_at(t, (uint32_t)i, at);
		ag[i].goal = at;
		set_plan(&ag[i], &at, 1);
	}
	samples sc = {0}, sa = {0}, sy = {0}, sr = {0};
	long reached = 0, moves = 0, no_route = 0;
	double t0 = now_s();
	for (long r = 0; r < rounds; r++) {
		for (long i = 0; i < agents; i++) {
			agent *a = &ag[i];
			size_t nh;
			const uint32_t *h = fo_traffic_path_of(t, (uint32_t)i, &nh);
			uint32_t end = h[nh - 1];
			if (nh == 1 && end == a->goal) { /* there: a new goal */
				reached += r > 0;
				a->goal = fo_rand_below(&seed, gi.nodes);
				const fo_route_path *p;
				fo_route_clear_blocks(q);
				if (fo_route_find(q, end, a->goal, &p) != 0) {
					no_route++;
					a->goal = end;
					continue;
				}
				set_plan(a, p->nodes, p->nnodes);
			}
			uint32_t blocker;
			double c0 = now_s();
			size_t got =
			    fo_traffic_claim(t, (uint32_t)i, a->plan, a->n, BUDGET, &blocker);
			add(&sc, now_s() - c0);
			if (got > 1) { /* the plan goes on from the new end */
				memmove(a->plan, a->plan + got - 1,
				        (a->n - got + 1) * sizeof *a->plan);
				a->n -= got - 1;
			} else if (blocker != FO_TRAFFIC_NONE) {
				double y0 = now_s();
				size_t cyc = fo_traffic_cycle(t, (uint32_t)i, NULL, 0);
				add(&sy, now_s() - y0);
				if (cyc) {
					fo_traffic_path p;
					double r0 = now_s();
					int rc =
					    fo_traffic_resolve(t, q, (uint32_t)i, &a->goal, 1, &p);
					add(&sr, now_s() - r0);
					if (rc == 0) {
						set_plan(a, p.nodes, p.nnodes);
						free(p.nodes);
					}
				}
			}
			/* one node on, onto a node it holds */
			h = fo_traffic_path_of(t, (uint32_t)i, &nh);
			if (nh > 1) {
				double a0 = now_s();
				fo_traffic_at(t, (uint32_t)i, h[1]);
				add(&sa, now_s() - a0);
				moves++;
			}
		}
	}
	double wall = now_s() - t0;
	size_t cycled = 0;
	for (long i = 0; i < agents; i++)
		cycled += fo_traffic_cycle(t, (uint32_t)i, NULL, 0) > 0;
	fo_traffic_stats st = fo_traffic_get_stats(t);
	printf("bench_traffic: %s\n", machine);
	printf("layout: %u nodes, %u usable edges (the depot for %ld vehicles); %ld vehicles, "
	       "%ld rounds in %.2f s\n",
	       gi.nodes, gi.usable_edges, spec.vehicles, agents, rounds, wall);
	report("claim", &sc);
	report("at", &sa);
	report("cycle", &sy);
	report("resolve", &sr);
	printf("moves %ld, goals reached %ld, no route %ld\n", moves, reached, no_route);
	printf(
	    "claims %llu, refused %llu; conflicts %llu; deadlocks %llu: rerouted %llu, backed off "
	    "%llu, no way out %llu; in a cycle at the end: %zu vehicles; waiting at the end: %u\n",
	    (unsigned long long)st.claims, (unsigned long long)st.refusals,
	    (unsigned long long)st.conflicts, (unsigned long long)st.deadlocks,
	    (unsigned long long)st.rerouted, (unsigned long long)st.backed_off,
	    (unsigned long long)st.unresolved, cycled, st.waiting);
	for (long i = 0; i < agents; i++)
		free(ag[i].plan);
	free(ag);
	free(taken);
	free(sc.v);
	free(sa.v);
	free(sy.v);
	free(sr.v);
	fo_traffic_free(t);
	fo_route_query_free(q);
	fo_route_graph_free(g);
	fo_lif_free(lif);
	fo_depot_free(d);
	fo_model_free(m);
	return 0;
}
