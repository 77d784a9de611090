/* route_int.h — what route.c (the graph), route_query.c (Dijkstra and
 * blocks) and route_table.c (station times) share; not for other modules,
 * which use route.h. */
#ifndef FO_ROUTE_INT_H
#define FO_ROUTE_INT_H

#include "route.h"

/* One usable edge leaving a node, in the CSR arrays of the graph. */
typedef struct {
	uint32_t to;   /* global node */
	uint32_t edge; /* global edge */
	double cost;   /* seconds */
} route_arc;

struct fo_route_graph {
	const fo_lif *lif; /* borrowed */
	const char *type;  /* borrowed from the document */
	uint32_t nlayouts, nnodes, nedges, nstations;
	/* Per layout, the global index of its first node, edge, station;
	 * one more entry holds the totals. */
	uint32_t *node_base, *edge_base, *station_base;
	/* Usable edges by start node: arc[off[v] .. off[v+1]). */
	uint32_t *off;
	route_arc *arc;
	uint32_t narcs;
	/* Per global edge. */
	uint32_t *efrom, *eto; /* FO_ROUTE_NONE when not usable */
	int32_t *etype;        /* index in vehicleTypeEdgeProperties, -1: not usable */
	double *elen, *etime;  /* NAN and INFINITY when not usable */
	/* Per global node, its position (for the A* bound). */
	double *nx, *ny;
	/* Seconds per metre no usable edge beats (min of time / straight
	 * distance over the edges): hscale * distance to the target never
	 * overestimates the cost, so A* with it is exact.  0: plain Dijkstra. */
	double hscale;
	/* Per global station, its interaction nodes: snode[soff[s] .. soff[s+1]). */
	uint32_t *soff, *snode;
	fo_route_info info;
};

/* One Dijkstra run from every node in `from` (cost 0) until the first node
 * of `to` is settled (nto > 0; returns it) or every reachable node is
 * (nto == 0; returns FO_ROUTE_NONE).  With one target it is A*, guided by
 * the straight distance (see hscale).  Afterwards route_dist tells the cost
 * to any node. */
uint32_t route_run(fo_route_query *q, const uint32_t *from, size_t nfrom, const uint32_t *to,
                   size_t nto);
/* Cost to node v in the last run, INFINITY when it was not reached. */
double route_dist(const fo_route_query *q, uint32_t v);
/* 1 when the query has blocks or penalties. */
bool route_has_blocks(const fo_route_query *q);

#endif
