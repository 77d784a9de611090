/* bench_route.c — shortest-travel-time routing over a LIF layout (issue 12,
 * deliverable 2).
 *
 * The layout: a 100 x 100 lattice, 5 m apart (10,000 nodes), edges both
 * ways between neighbours with about 5% of them missing and about 30%
 * with a speed limit of 0.3..1.5 m/s, vehicle top speed 1.5 m/s; 1,000
 * stations on random nodes, one in five with a second interaction node.
 * Everything from one seed, so every run routes the same layout.
 *
 * Figures (printed; no pass/fail):
 *   - parse (fo_lif_parse) and graph build (fo_route_graph_new), median of
 *     5 builds;
 *   - one shortest path between random nodes, median / p99 / max of 2,000
 *     queries, without blocks and with 50 random edges blocked, in wall
 *     time and in the thread's CPU time (the second leaves out what the
 *     scheduler gave to other processes on a shared machine);
 *   - the station travel-time table for the first 200 and for all 1,000
 *     stations: time and bytes.
 * Usage: bench_route
 */
#include "common.h"
#include "fleetops_plugin.h"
#include "route.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 100
#define H 100
#define NSTATIONS 1000
#define QUERIES 2000
#define TOP_SPEED 1.5

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what a query costs without the time the
 * scheduler gave to other processes (the machine may be shared). */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static char *layout(uint64_t seed)
{
	fo_buf b = {0};
	fo_buf_str(&b, "{\"metaInformation\":{\"projectIdentification\":\"bench\","
	               "\"creator\":\"bench_route\",\"exportTimestamp\":\"2024-01-01T00:00:00Z\","
	               "\"lifVersion\":\"1.0.0\"},\"layouts\":[{\"layoutId\":\"grid\","
	               "\"layoutVersion\":\"1\",\"nodes\":[");
	for (unsigned i = 0; i < W * H; i++)
		fo_buf_printf(&b,
		              "%s{\"nodeId\":\"n%u\",\"nodePosition\":{\"x\":%.1f,\"y\":%.1f},"
		              "\"vehicleTypeNodeProperties\":[{\"vehicleTypeId\":\"T\"}]}",
		              i ? "," : "", i, (i % W) * 5.0, (i / W) * 5.0);
	fo_buf_str(&b, "],\"edges\":[");
	bool first = true;
	for (unsigned i = 0; i < W * H; i++) {
		unsigned to[2] = {i % W + 1 < W ? i + 1 : i, i / W + 1 < H ? i + W : i};
		for (int k = 0; k < 2; k++) {
			if (to[k] == i)
				continue;
			for (int dir = 0; dir < 2; dir++) {
				unsigned s = dir ? to[k] : i, e = dir ? i : to[k];
				if (fo_rand_below(&seed, 100) < 5)
					continue;
				char lim[32] = "";
				if (fo_rand_below(&seed, 100) < 30)
					snprintf(lim, sizeof lim, ",\"maxSpeed\":%.2f",
					         0.3 + fo_rand01(&seed) * 1.2);
				fo_buf_printf(
				    &b,
				    "%s{\"edgeId\":\"e%u-%u\",\"startNodeId\":\"n%u\","
				    "\"endNodeId\":\"n%u\",\"vehicleTypeEdgeProperties\":[{"
				    "\"vehicleTypeId\":\"T\",\"rotationAllowed\":false%s}]}",
				    first ? "" : ",", s, e, s, e, lim);
				first = false;
			}
		}
	}
	fo_buf_str(&b, "],\"stations\":[");
	for (unsigned i = 0; i < NSTATIONS; i++) {
		unsigned a = fo_rand_below(&seed, W * H), c = fo_rand_below(&seed, W * H);
		fo_buf_printf(&b, "%s{\"stationId\":\"s%u\",\"interactionNodeIds\":[\"n%u\"",
		              i ? "," : "", i, a);
		if (fo_rand_below(&seed, 5) == 0 && c != a)
			fo_buf_printf(&b, ",\"n%u\"", c);
		fo_buf_str(&b, "]}");
	}
	fo_buf_str(&b, "]}]}");
	return fo_buf_take(&b);
}

/* Median, p99 and max of n query times (sorted in place), microseconds. */
static void print_times(const char *what, double *t, size_t n, size_t found)
{
	qsort(t, n, sizeof *t, cmp_dbl);
	printf("  %-40s median %7.1f us   p99 %7.1f us   max %7.1f us   (%zu/%zu routed)\n", what,
	       t[n / 2] * 1e6, t[(n * 99) / 100] * 1e6, t[n - 1] * 1e6, found, n);
}

static void queries(fo_route_query *q, uint32_t nnodes, uint64_t seed, const char *what)
{
	static double t[QUERIES], c[QUERIES];
	size_t found = 0;
	double hops = 0;
	for (size_t i = 0; i < QUERIES; i++) {
		uint32_t a = fo_rand_below(&seed, nnodes), b = fo_rand_below(&seed, nnodes);
		const fo_route_path *p;
		double c0 = cpu_s(), t0 = now_s();
		int rc = fo_route_find(q, a, b, &p);
		t[i] = now_s() - t0;
		c[i] = cpu_s() - c0;
		if (rc == 0) {
			found++;
			hops += (double)p->nedges;
		}
	}
	char label[128];
	snprintf(label, sizeof label, "%s, wall", what);
	print_times(label, t, QUERIES, found);
	snprintf(label, sizeof label, "%s, thread CPU", what);
	print_times(label, c, QUERIES, found);
	printf("  %-40s mean path %.1f edges\n", "", found ? hops / (double)found : 0.0);
}

static void table(const fo_route_graph *g, size_t n)
{
	uint32_t *st = malloc(n * sizeof *st);
	if (!st)
		abort();
	for (size_t i = 0; i < n; i++)
		st[i] = (uint32_t)i;
	double c0 = cpu_s(), t0 = now_s();
	fo_route_table *t = fo_route_table_new(g, st, n);
	double dt = now_s() - t0, dc = cpu_s() - c0;
	size_t inf = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			inf += isinf(fo_route_table_time(t, i, j));
	printf(
	    "  station table %4zu x %-4zu  wall %7.1f ms, thread CPU %7.1f ms (%.2f ms/station), "
	    "%.1f KiB, %zu pairs unreachable\n",
	    n, n, dt * 1e3, dc * 1e3, dc * 1e3 / (double)n,
	    (double)fo_route_table_bytes(t) / 1024.0, inf);
	fo_route_table_free(t);
	free(st);
}

int main(void)
{
	char machine[256];
	bench_machine(machine, sizeof machine);
	printf("bench_route: shortest travel time over a %u-node LIF lattice\n", W * H);
	printf("  machine: %s\n", machine);

	char *text = layout(2024);
	double t0 = now_s();
	fo_lif *lif = NULL;
	fo_lif_diag d = {0};
	if (fo_lif_parse(text, strlen(text), &lif, &d) != 0) {
		char *m = fo_lif_diag_text(&d);
		fprintf(stderr, "layout refused:\n%s", m);
		return 1;
	}
	double parse_s = now_s() - t0;
	fo_lif_diag_free(&d);

	fo_route_opts o = {.vehicle_type = "T", .top_speed = TOP_SPEED, .level_change_s = NAN};
	double builds[5];
	fo_route_graph *g = NULL;
	for (int i = 0; i < 5; i++) {
		fo_route_graph_free(g);
		char err[256];
		t0 = now_s();
		if (fo_route_graph_new(lif, &o, &g, err, sizeof err) != 0) {
			fprintf(stderr, "graph: %s\n", err);
			return 1;
		}
		builds[i] = now_s() - t0;
	}
	qsort(builds, 5, sizeof *builds, cmp_dbl);
	fo_route_info in = fo_route_graph_info(g);
	printf("  layout: %u nodes, %u edges (%u usable), %u stations, %zu bytes of JSON\n",
	       in.nodes, in.edges, in.usable_edges, in.stations, strlen(text));
	printf("  parse %.1f ms, graph build %.2f ms (median of 5)\n", parse_s * 1e3,
	       builds[2] * 1e3);

	fo_route_query *q = fo_route_query_new(g);
	queries(q, in.nodes, 99, "shortest path, no blocks");
	uint64_t seed = 5;
	for (int i = 0; i < 50; i++)
		fo_route_block_edge(q, fo_rand_below(&seed, in.edges));
	queries(q, in.nodes, 99, "shortest path, 50 edges blocked");
	fo_route_clear_blocks(q);
	fo_route_query_free(q);

	table(g, 200);
	table(g, NSTATIONS);

	fo_route_graph_free(g);
	fo_lif_free(lif);
	free(text);
	return 0;
}
