/* traffic.h — traffic control over a route graph (issue 12, deliverable 3):
 * node and lane reservations, conflicts, the wait-for graph and the
 * resolution of deadlocks.  Core-internal; the plugin ABI reaches it
 * through fo_traffic_* in fleetops_plugin.h (core/map/site_traffic.c).
 *
 * The engine knows vehicles by a dense index (0..nvehicles-1, the model's
 * vehicle index for the site) and nodes by the route graph's global node
 * index (route.h).  Every vehicle holds a reserved path: the node it stands
 * on (or last passed) first, then the nodes an order released to it, in
 * driving order.  Holding a path holds
 *   - every node on it, and
 *   - every lane between consecutive nodes: the unordered node pair, so a
 *     vehicle driving a->b also keeps everyone off b->a (the opposite
 *     direction of an edge never meets it head-on).
 * A node is free for vehicle V when no other vehicle holds it nor any node
 * closer to it than the vehicle length (fo_traffic_opts.vehicle_length_m,
 * measured between node positions in the plane of their layout; nodes of
 * different layouts — levels — are never near).  A lane is free when no
 * other vehicle holds it.
 *
 * A claim asks for the rest of a plan: it grants the longest prefix that is
 * free, up to a budget, and keeps the rest as the vehicle's intent (the
 * horizon: shown, never held).  A node the vehicle holds already, met again
 * later in the plan (it backs off and returns, a loop), ends the grant: the
 * vehicle leaves it first, so the others it was in the way of can pass.  A refused node makes the
 * claimant wait for its holder: an edge of the wait-for graph.  Every vehicle waits for at most one
 * other, so a deadlock is a cycle found by following the edges.
 *
 * Resolution, never waiting it out (fo_traffic_resolve): the claimant is
 * re-routed from the end of what it holds to its goal with every node and
 * lane another vehicle holds blocked; when no such route exists it backs off
 * to the nearest node it can reach that nobody holds and that is on no
 * waiting vehicle's intent, and goes on to its goal from there — giving
 * way: it claims nothing the vehicle it backed off for still holds or
 * wants until that one has passed.
 *
 * Vehicles not under traffic control (manual mode, offline, another master
 * control) are told where they stand with fo_traffic_at like every other:
 * they hold that node and block it.  A vehicle reported on a node another
 * holds is a conflict: counted (fo_traffic_stats.conflicts), never hidden.
 *
 * Not modelled (yet): edges that cross in the plane without a common node,
 * the swept area of a turning vehicle, vehicle lengths per vehicle. */
#ifndef FO_TRAFFIC_H
#define FO_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "route.h"

#define FO_TRAFFIC_NONE UINT32_MAX

typedef struct fo_traffic fo_traffic;

typedef struct {
	double vehicle_length_m; /* nodes closer than this conflict; 0: only the same node */
} fo_traffic_opts;

typedef struct {
	uint64_t claims;        /* fo_traffic_claim calls */
	uint64_t nodes_granted; /* nodes newly held by claims */
	uint64_t refusals;      /* claims that stopped short of what they asked */
	uint64_t conflicts;     /* vehicles reported on a node another held */
	uint64_t deadlocks;     /* cycles found by fo_traffic_cycle */
	uint64_t rerouted;      /* resolved by a route around */
	uint64_t backed_off;    /* resolved by backing off */
	uint64_t unresolved;    /* fo_traffic_resolve found no way out */
	uint32_t held_nodes;    /* nodes held now */
	uint32_t held_lanes;    /* lanes held now */
	uint32_t waiting;       /* vehicles waiting for another now */
} fo_traffic_stats;

/* An engine for the nodes of g (positions and ids; g must outlive it) and
 * nvehicles vehicles (more with fo_traffic_grow).  Owned. */
fo_traffic *fo_traffic_new(const fo_route_graph *g, uint32_t nvehicles, const fo_traffic_opts *o);
void fo_traffic_free(fo_traffic *t);
/* Room for vehicles 0..nvehicles-1 (never shrinks). */
void fo_traffic_grow(fo_traffic *t, uint32_t nvehicles);

/* Vehicle veh stands on (or last passed) node.  What it held before that
 * node on its path is released; when node is not on its path at all (a new
 * order, a manual move) the whole path is.  It holds node afterwards unless
 * another vehicle does: then the conflict is counted and 1 returned (it
 * takes the node as soon as it is free).  node FO_TRAFFIC_NONE: the vehicle
 * is nowhere (gone): everything it holds is released.  0 otherwise. */
int fo_traffic_at(fo_traffic *t, uint32_t veh, uint32_t node);

/* Asks for the plan nodes[0..n): nodes[0] must be the last node of veh's
 * path (its standing node when it holds nothing else; a different node is
 * refused: returns 0).  Grants the longest free prefix, at most `budget`
 * nodes beyond nodes[0] (0: no limit), appends it to veh's path and keeps
 * nodes[granted..n) as its intent.  Returns how many of nodes[] veh holds
 * now (1 when nothing more was granted, n when all).  When it stops short
 * of the budget because of another vehicle, *blocker (may be NULL) is that
 * vehicle and veh waits for it; else FO_TRAFFIC_NONE and veh waits for
 * nobody. */
size_t fo_traffic_claim(fo_traffic *t, uint32_t veh, const uint32_t *nodes, size_t n, size_t budget,
                        uint32_t *blocker);
/* Releases veh's path but its first `keep` nodes (at least the one it
 * stands on; 2 keeps the node ahead and the lane to it, for a vehicle
 * stopped between two nodes), its intent and its wait (its order ended or
 * was cancelled). */
void fo_traffic_release(fo_traffic *t, uint32_t veh, size_t keep);

/* The deadlock veh is in: when following the wait-for edges from veh comes
 * back to veh, the cycle's vehicles (veh first) go to members (the first
 * max of them) and their count is returned; 0 when veh is in no cycle.  Counts each
 * cycle found once (fo_traffic_stats.deadlocks) until it changes. */
size_t fo_traffic_cycle(fo_traffic *t, uint32_t veh, uint32_t *members, size_t max);

/* A way out for veh towards any node of goal[0..ngoal), from the last node
 * it holds, on q (a query of the graph veh is routed on; its blocks are
 * cleared before and after).  First a route with every node and lane held
 * by another vehicle blocked (rerouted); else a back-off: the nearest node,
 * by travel time through nodes nobody else holds, that nobody holds, no
 * other vehicle's intent crosses and that is not near a held node, then on
 * to the goal from there, with only the nodes held by others blocked
 * (backed off).  Returns 0 and *path (owned: free(path->nodes)), whose first
 * node is veh's last held node; -1 when neither exists (unresolved).  The
 * plan is not claimed — claim it —, but veh no longer waits (the cycle is
 * broken for the other vehicles in it at once) and the plan is its intent. */
typedef struct {
	uint32_t *nodes;
	size_t nnodes;
	bool backed_off;
	uint32_t via; /* the back-off node, FO_TRAFFIC_NONE when rerouted */
} fo_traffic_path;
int fo_traffic_resolve(fo_traffic *t, fo_route_query *q, uint32_t veh, const uint32_t *goal,
                       size_t ngoal, fo_traffic_path *path);

/* What veh holds (its path: standing node first) and intends, borrowed
 * until the next call that changes veh; and who holds a node. */
const uint32_t *fo_traffic_path_of(const fo_traffic *t, uint32_t veh, size_t *n);
const uint32_t *fo_traffic_intent_of(const fo_traffic *t, uint32_t veh, size_t *n);
uint32_t fo_traffic_holder(const fo_traffic *t, uint32_t node);
uint32_t fo_traffic_waits_for(const fo_traffic *t, uint32_t veh);
fo_traffic_stats fo_traffic_get_stats(const fo_traffic *t);

#endif
