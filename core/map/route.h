/* route.h — shortest-travel-time routing over a LIF layout (issue 12,
 * deliverable 2's engine): a graph for one vehicle type built from a whole
 * fo_lif document, Dijkstra queries (A* towards a single target, with a
 * bound that never overestimates, so the answer is the same) with
 * per-query blocking for traffic control, and a station-to-station
 * travel-time table for the optimizer.
 *
 * Core-internal: nothing here is part of the plugin ABI.
 *
 * The graph.  Every node of every layout gets a global index
 * (layouts in document order, nodes in layout order), and so does every
 * edge and every station; fo_route_node_ref and friends map a global index
 * back to the document, so a caller can build a VDA 5050 order (nodeId,
 * nodePosition, edge properties) from a path.  An edge is usable by vehicle
 * type T when it has vehicleTypeEdgeProperties for T (the first one for T,
 * LIF allows one); edges are directed, start -> end, and may end in a node
 * of another layout (LIF 8.3.8).  Nodes are not filtered by type: a node
 * is reachable when a usable edge reaches it.  Load restrictions and
 * height limits are not considered (yet).
 *
 * Cost = travel time in seconds, no turn or rotation cost, no acceleration:
 *   time(edge) = length / min(edge maxSpeed for T, the vehicle's top speed)
 * where length is
 *   - the NURBS trajectory's arc length for T when the edge has one (de Boor
 *     on homogeneous points, adaptive Gauss-Legendre over each knot span);
 *     a trajectory that cannot be evaluated (a weight of 0 where the curve
 *     needs it, an empty domain) falls back to the straight distance and is
 *     counted in fo_route_info.trajectories_refused;
 *   - else the straight distance between the two node positions.
 * maxSpeed absent means no limit (the top speed rules); maxSpeed 0 means
 * the edge cannot be driven by T and is left out.
 * A lift: an edge between two layouts whose node positions coincide (within
 * FO_ROUTE_COINCIDENT_M) has length 0 and costs the level-change time
 * (fo_route_opts.level_change_s, default FO_ROUTE_LEVEL_CHANGE_S) whatever
 * its speed limit or trajectory.  An edge between layouts whose positions
 * differ (a ramp) is driven like any other edge, its length measured in the
 * plane.
 *
 * Ownership: the graph borrows the fo_lif (it must outlive the graph and
 * stay unchanged); everything a function returns is borrowed unless it
 * says owned.  A graph is read-only after fo_route_graph_new, so threads may
 * share it, each with its own fo_route_query. */
#ifndef FO_ROUTE_H
#define FO_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lif.h"

#define FO_ROUTE_NONE UINT32_MAX     /* "no index" */
#define FO_ROUTE_COINCIDENT_M 0.05   /* metres: a cross-layout edge this short is a lift */
#define FO_ROUTE_LEVEL_CHANGE_S 30.0 /* seconds a lift takes unless the caller says */
#define FO_ROUTE_TRAJ_TOL 1e-9       /* relative tolerance of the arc-length integral */

/* ---- the graph */

typedef struct fo_route_graph fo_route_graph;

typedef struct {
	/* The vehicle type to route for.  NULL, or any type at all, when the
	 * document names exactly one vehicle type ("a layout with a single
	 * vehicle type serves every vehicle"). */
	const char *vehicle_type;
	double top_speed;      /* m/s, finite and > 0 */
	double level_change_s; /* seconds per lift; NAN or < 0: FO_ROUTE_LEVEL_CHANGE_S */
} fo_route_opts;

/* What a build found (fo_route_graph_info). */
typedef struct {
	const char *vehicle_type; /* the type the graph is for (borrowed from the document) */
	uint32_t nodes, edges, stations; /* global counts, usable or not */
	uint32_t usable_edges;
	uint32_t trajectories;         /* usable edges measured along their trajectory */
	uint32_t trajectories_refused; /* trajectories that fell back to the chord */
	uint32_t lifts;                /* usable edges costed as level changes */
} fo_route_info;

/* Builds the graph of lif for opts->vehicle_type.  Returns 0 and *out
 * (owned, free with fo_route_graph_free); or -1, *out NULL and the reason
 * in err (the vehicle type unknown — the reason lists the types the
 * document names —, no type given while the document names several, a
 * top speed that is not a positive number). */
int fo_route_graph_new(const fo_lif *lif, const fo_route_opts *opts, fo_route_graph **out,
                       char *err, size_t errlen);
void fo_route_graph_free(fo_route_graph *g);
fo_route_info fo_route_graph_info(const fo_route_graph *g);

/* Global index of the node / station with that id, or FO_ROUTE_NONE.
 * Ids LIF says are unique across layouts; when a file repeats one, the
 * first layout holding it wins (as the reader resolves edge ends). */
uint32_t fo_route_node_find(const fo_route_graph *g, const char *id);
uint32_t fo_route_station_find(const fo_route_graph *g, const char *id);
uint32_t fo_route_edge_find(const fo_route_graph *g, const char *id);

/* A global index back to the document: its layout and its index there.
 * Returns the element (borrowed), or NULL when the index is out of range. */
const fo_lif_node *fo_route_node_ref(const fo_route_graph *g, uint32_t node, uint32_t *layout,
                                     uint32_t *index);
const fo_lif_station *fo_route_station_ref(const fo_route_graph *g, uint32_t station,
                                           uint32_t *layout, uint32_t *index);
/* The edge, and in *type (may be NULL) its properties for the graph's
 * vehicle type (NULL when the edge is not usable). */
const fo_lif_edge *fo_route_edge_ref(const fo_route_graph *g, uint32_t edge, uint32_t *layout,
                                     uint32_t *index, const fo_lif_edge_type **type);

/* Per edge: usable?, length in metres, travel time in seconds (INFINITY
 * and NAN length when not usable or out of range). */
bool fo_route_edge_usable(const fo_route_graph *g, uint32_t edge);
double fo_route_edge_length(const fo_route_graph *g, uint32_t edge);
double fo_route_edge_time(const fo_route_graph *g, uint32_t edge);

/* A station's interaction nodes as global node indices (borrowed, *n of
 * them), or NULL when the index is out of range. */
const uint32_t *fo_route_station_nodes(const fo_route_graph *g, uint32_t station, size_t *n);

/* A route end by id: the node, else the station's interaction nodes, as
 * global node indices in *v (one: storage for the single node); returns
 * how many, 0 when the id is neither. */
size_t fo_route_end_nodes(const fo_route_graph *g, const char *id, const uint32_t **v,
                          uint32_t *one);

/* ---- queries */

/* Scratch for queries on one graph: everything a query needs is allocated
 * here once, so a query allocates nothing.  One per thread. */
typedef struct fo_route_query fo_route_query;

typedef struct {
	const uint32_t *nodes; /* global node indices, source first, target last */
	size_t nnodes;         /* 0 when no route */
	const uint32_t *edges; /* global edge indices, nnodes - 1 of them */
	size_t nedges;
	double cost;   /* seconds, travel time plus edge penalties; INFINITY: no route */
	double time;   /* seconds, travel time alone (lifts included) */
	double length; /* metres */
} fo_route_path;

fo_route_query *fo_route_query_new(const fo_route_graph *g); /* owned */
void fo_route_query_free(fo_route_query *q);

/* Traffic control: what the following queries of q avoid, until
 * fo_route_clear_blocks (O(1)).  A blocked node is never entered (a blocked
 * source still lets the vehicle leave: it stands there); a blocked edge is
 * never taken; a penalty adds seconds to an edge's cost (penalties add up;
 * INFINITY blocks).  Out-of-range indices and negative or NAN penalties are
 * ignored. */
void fo_route_block_node(fo_route_query *q, uint32_t node);
void fo_route_block_edge(fo_route_query *q, uint32_t edge);
void fo_route_penalize_edge(fo_route_query *q, uint32_t edge, double seconds);
void fo_route_clear_blocks(fo_route_query *q);

/* The cheapest route from node `from` to node `to`.  Returns 0 and *path
 * (borrowed from q, valid until q's next query); or -1 and *path with cost
 * INFINITY and no nodes when there is none or an index is out of range.
 * from == to is a route of one node and cost 0. */
int fo_route_find(fo_route_query *q, uint32_t from, uint32_t to, const fo_route_path **path);
/* The cheapest route from any of the nodes `from` to any of `to` (a station
 * is reached at its best interaction node).  Same contract. */
int fo_route_find_any(fo_route_query *q, const uint32_t *from, size_t nfrom, const uint32_t *to,
                      size_t nto, const fo_route_path **path);
/* From a node to a station, and from a station to a station. */
int fo_route_find_station(fo_route_query *q, uint32_t from_node, uint32_t station,
                          const fo_route_path **path);
int fo_route_find_stations(fo_route_query *q, uint32_t from_station, uint32_t to_station,
                           const fo_route_path **path);

/* ---- the station travel-time table ("all-pairs travel times between
 * stations cached for the optimizer") */

typedef struct fo_route_table fo_route_table;

/* Travel time from every station in `stations` (global station indices;
 * NULL: all stations of the graph, n ignored) to every other, one Dijkstra
 * per station seeded with all its interaction nodes, no blocks.  A pair
 * costs its best pair of interaction nodes.  Stored as float: seconds to
 * 7 significant digits.  Returns the table (owned); rows and columns are
 * positions in `stations` (or global station indices). */
fo_route_table *fo_route_table_new(const fo_route_graph *g, const uint32_t *stations, size_t n);
void fo_route_table_free(fo_route_table *t);
size_t fo_route_table_size(const fo_route_table *t); /* stations in it */
size_t fo_route_table_bytes(const fo_route_table *t);
/* Seconds from station row `from` to `to`, O(1): 0 on the diagonal,
 * INFINITY when unreachable or out of range. */
double fo_route_table_time(const fo_route_table *t, size_t from, size_t to);

/* ---- trajectory geometry (route_geom.c) */

/* Arc length in metres of a LIF NURBS trajectory over its whole domain,
 * or NAN when it cannot be evaluated (degree, knots and points
 * inconsistent, knots decreasing, a negative or non-finite weight, the
 * curve's weight sum not positive somewhere, an empty domain). */
double fo_route_trajectory_length(const fo_lif_trajectory *t);
/* The trajectory's point at parameter u (clamped to the domain): 0 and
 * *x, *y, or -1 when it cannot be evaluated. */
int fo_route_trajectory_point(const fo_lif_trajectory *t, double u, double *x, double *y);

#endif
