/* route_table.c — the station travel-time table (route.h): one Dijkstra
 * per station, seeded with all its interaction nodes, run to the end; a
 * cell is the cheapest interaction node of the other station.  Row-major
 * floats, so a lookup is one load. */
#include "route_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct fo_route_table {
	size_t n;
	float *t; /* t[from * n + to], seconds */
};

fo_route_table *fo_route_table_new(const fo_route_graph *g, const uint32_t *stations, size_t n)
{
	if (!stations)
		n = g->nstations;
	if (n > UINT32_MAX)
		abort(); /* n * n would overflow: no memory holds that */
	fo_route_table *t = calloc(1, sizeof *t);
	float *cells = calloc(n ? n * n : 1, sizeof *cells);
	if (!t || !cells)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	t->n = n;
	t->t = cells;
	fo_route_query *q = fo_route_query_new(g);
	for (size_t i = 0; i < n; i++) {
		size_t nf;
		const uint32_t *from =
		    fo_route_station_nodes(g, stations ? stations[i] : (uint32_t)i, &nf);
		route_run(q, from, nf, NULL, 0);
		for (size_t j = 0; j < n; j++) {
			size_t nt;
			const uint32_t *to =
			    fo_route_station_nodes(g, stations ? stations[j] : (uint32_t)j, &nt);
			double best = INFINITY;
			for (size_t k = 0; k < nt; k++) {
				double d = route_dist(q, to[k]);
				if (d < best)
					best = d;
			}
			cells[i * n + j] = i == j ? 0.0f : (float)best;
		}
	}
	fo_route_query_free(q);
	return t;
}

void fo_route_table_free(fo_route_table *t)
{
	if (!t)
		return;
	free(t->t);
	free(t);
}

size_t fo_route_table_size(const fo_route_table *t)
{
	return t->n;
}

size_t fo_route_table_bytes(const fo_route_table *t)
{
	return sizeof *t + t->n * t->n * sizeof *t->t;
}

double fo_route_table_time(const fo_route_table *t, size_t from, size_t to)
{
	if (from >= t->n || to >= t->n)
		return INFINITY;
	return t->t[from * t->n + to];
}
