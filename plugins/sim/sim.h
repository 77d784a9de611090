/* sim.h — internals of the simulator plugin, shared by its files.
 *
 * The map is one of two (sim.layout):
 *
 * - the core's generated depot (fleetops_plugin.h, "depot map"): a lattice
 *   of nodes (SIM_SPACING_M apart) cut into blocks of SIM_BLOCK x SIM_BLOCK
 *   nodes; every block holds two chargers, two parking places and two
 *   stations at fixed offsets, so the nearest resource is found by looking
 *   at a few blocks around a vehicle, never by scanning the map.  Every
 *   lattice edge exists, so stepping to the neighbour that lowers the
 *   Manhattan distance to the target is a shortest path: routing costs O(1)
 *   per node reached and needs no per-vehicle path storage.
 * - a LIF layout file (sim_layout.c, sim_graph.c): the layout's directed
 *   edges, each driven at min(the vehicle's top speed, the edge's limit);
 *   legs are routed by the core (fo_site_route) and kept per vehicle.
 *
 * Either way the map is the site (fo_site_use_depot, fo_site_load_file),
 * so missions are routed over what the vehicles drive.
 *
 * Time is counted in steps of a fixed dt (1 / sim.rate_hz), so a run is the
 * same for a seed whatever the wall clock does. */
#ifndef FO_SIM_H
#define FO_SIM_H

#include "fleetops_plugin.h"

/* The plugin's options (sim_options.c), registered first thing in init. */
extern const fo_opt_def sim_options[];
extern const size_t sim_noptions;

#define SIM_BLOCK FO_DEPOT_BLOCK
#define SIM_SPACING_M FO_DEPOT_SPACING_M
#define SIM_NONE FO_DEPOT_NONE

typedef enum {
	SIM_IDLE,       /* standing, no order */
	SIM_PARKED,     /* standing on a reserved parking node */
	SIM_TO_PICK,    /* driving to the pick station of an order */
	SIM_PICKING,    /* loading at the pick station */
	SIM_TO_DROP,    /* driving to the drop station */
	SIM_DROPPING,   /* unloading */
	SIM_TO_CHARGER, /* driving to a reserved charger */
	SIM_CHARGING,
	SIM_TO_PARK, /* driving to a reserved parking node */
	/* an order from the master control (sim_orders.c) */
	SIM_EXT_DRIVE, /* driving to the next node of the order */
	SIM_EXT_ACT,   /* running a reached node's actions */
	SIM_EXT_WAIT,  /* at the last released node, waiting for an update */
	SIM_EXT_STOP,  /* order cancelled between nodes: stopping at the next */
} sim_phase;

typedef struct sim_xorder sim_xorder; /* sim_orders.c */

typedef struct {
	uint32_t node;          /* lattice node it stands on or last passed */
	uint32_t next;          /* node it drives toward; == node when standing */
	uint32_t target;        /* where the current leg ends */
	uint32_t drop;          /* drop station of the current order */
	uint32_t resource;      /* reserved charger or parking node, SIM_NONE */
	float edge_pos;         /* metres driven from node toward next */
	float vmax;             /* m/s */
	uint8_t phase;          /* sim_phase */
	uint64_t act_until;     /* step when loading/unloading/waiting ends */
	uint64_t blocked_until; /* pathBlocked warning clears, 0: none */
	uint64_t safety_until;  /* e-stop / field violation clears, 0: none */
	uint64_t fault_until;   /* hand-raised fault clears, 0: none */
	bool fault_fatal;       /* the hand-raised fault is FATAL: vehicle halts */
	bool master;            /* took an order from the master control: with
	                         * sim.self_charge no more random jobs (it still
	                         * charges alone) */
	bool charge_act;        /* charging by a startCharging action: stands
	                         * until stopCharging (sim_charge.c) */
	sim_xorder *xo;         /* OWNED: the master's last order, NULL: none */
} sim_vehicle;

/* The depot's node kinds. */
typedef fo_node_kind sim_kind;
#define SIM_KIND_PLAIN FO_NODE_PLAIN
#define SIM_KIND_CHARGER FO_NODE_CHARGER
#define SIM_KIND_PARKING FO_NODE_PARKING
#define SIM_KIND_STATION FO_NODE_STATION

typedef struct sim_graph sim_graph; /* sim_graph.c: a layout file's graph */

/* The simulator's view of its map.  Sim nodes are model nodes node_base +
 * 0..nnodes-1. */
typedef struct {
	fo_depot *depot;            /* OWNED: the generated depot; NULL on a layout */
	sim_graph *graph;           /* OWNED: the layout's graph; NULL on the depot */
	uint32_t w, h;              /* depot: lattice size in nodes (multiples of SIM_BLOCK) */
	uint32_t nnodes;            /* nodes of the map */
	uint32_t node_base;         /* model index of node 0 */
	uint32_t *zone;             /* per node, model zone index, at hand */
	uint32_t *occupant;         /* per node: vehicle holding a charger/parking, SIM_NONE */
	char (*node_id)[FO_ID_LEN]; /* per node, copy of the model id */
	char layout[256];           /* the layout file driven, "" : the depot */
} sim_map;

/* Pairs of vehicles physically closer than map.vehicle_length, whatever
 * traffic control does (sim_conflicts.c): a list of candidate pairs (a
 * Verlet list), rebuilt from a counting sort into cells only when some
 * vehicle moved far enough, so a step costs O(vehicles + candidates). */
typedef struct {
	float x, y;   /* its position after this step */
	float rx, ry; /* where it was when the candidates were listed */
} sim_cpos;

typedef struct {
	float x, y;
	int32_t cx, cy; /* its cell */
	uint32_t i;     /* the vehicle */
} sim_centry;

typedef struct {
	double len;      /* map.vehicle_length, m; <= 0: not counted */
	uint64_t count;  /* conflicts so far: pairs that came closer than len */
	uint64_t builds; /* candidate lists built */
	sim_cpos *pos;   /* per vehicle */
	sim_centry *byb; /* the vehicles by bucket, while listing */
	uint32_t *start; /* bucket b holds byb[start[b] .. start[b + 1]) */
	uint32_t mask;   /* buckets - 1 */
	uint32_t xbits;  /* the bucket table is 1 << xbits cells wide */
	bool stale;      /* a vehicle moved more than SKIN / 2 since the listing */
	float stale_d2;  /* (SKIN / 2)^2 */
	uint64_t *cand;  /* pairs (i << 32 | j, i < j) that may be close */
	size_t ncand, cap_cand;
	uint64_t *close; /* the pairs close this step */
	size_t nclose, cap_close;
	uint64_t *prev; /* those of the step before: a hash set, UINT64_MAX empty */
	size_t nprev, prev_mask;
} sim_conflicts;

typedef struct {
	fo_core *core;
	bool running; /* demo on and the fleet built */
	bool paused;
	uint64_t seed;
	uint64_t rng; /* splitmix64 state */
	uint64_t step;
	double rate_hz, dt;
	uint64_t step_wall_ms; /* wall clock read once per step, for time stamps */
	uint32_t vehicle_base; /* model index of the first sim vehicle */
	uint32_t nvehicles;
	sim_vehicle *veh;
	sim_map map;
	uint64_t next_order; /* sequence of sim-order-N */
	uint64_t next_load;
	double last_step_ms; /* wall time of the last step, for sim status */
	fo_timer *timer;
	bool jobs;              /* sim.jobs random: idle vehicles take jobs of their own */
	bool self_charge;       /* sim.self_charge: low vehicles go to a charger on their own */
	double job_min_battery; /* sim.job_min_battery: no new job of its own below */
	double drain;           /* sim.drain: battery drain as a multiple of the built-in one */
	double speedup;         /* sim.speedup: steps per timer tick, on average */
	double owed;            /* fractional steps carried to the next tick */
	double tick_steps;      /* > 0: short ticks (sim_plugin.c), steps a tick owes */
	double tick_ms;         /* monotonic ms of the last tick */
	sim_conflicts conflicts;
} sim_state;

/* ---- the core's splitmix64, so a seed means the same run everywhere */
static inline uint64_t sim_rand(uint64_t *s)
{
	return fo_rand(s);
}
static inline double sim_rand01(uint64_t *s) /* [0, 1) */
{
	return fo_rand01(s);
}
static inline uint32_t sim_rand_below(uint64_t *s, uint32_t n) /* [0, n), n > 0 */
{
	return fo_rand_below(s, n);
}

/* ---- sim_map.c: the map (the core's depot or a layout file), tenants,
 * fleets and vehicles in the model, and the simulator's view of it */
/* Builds everything into the model: the depot, or the layout file `layout`
 * when it is not empty.  Returns 0, or -1 with err filled. */
int sim_build(sim_state *s, const char *layout, long vehicles, long fleets, long tenants, char *err,
              size_t errlen);
void sim_map_free(sim_map *m);
/* Node n's position, metres. */
void sim_node_pos(const sim_map *m, uint32_t n, double *x, double *y);
/* Nodes vehicle vi passes from a to b (edges of the route); UINT32_MAX
 * when a layout has no route. */
uint32_t sim_hops(sim_state *s, uint32_t vi, uint32_t a, uint32_t b);
/* The kind of map node n (charger, parking, station, plain). */
sim_kind sim_node_kind(const sim_map *m, uint32_t n);
/* Nearest node of kind near n that is free (occupant SIM_NONE): on the
 * depot up to radius blocks away, on a layout by route length from n;
 * SIM_NONE when none. */
uint32_t sim_find_free(const sim_map *m, uint32_t n, sim_kind kind, uint32_t radius);
/* A station to go to from n, chosen at random; never n itself (SIM_NONE
 * when the map has no other node). */
uint32_t sim_pick_station(const sim_map *m, uint64_t *rng, uint32_t n);

/* ---- sim_layout.c: a layout file as the map */
int sim_layout_build(sim_state *s, const char *path, long vehicles, long fleets, long tenants,
                     char *err, size_t errlen);

/* ---- sim_graph.c: the layout's directed graph (edges the simulated
 * vehicles may drive, for their vehicle type) and the vehicles' legs */
sim_graph *sim_graph_new(fo_core *core, const sim_map *m, uint32_t vehicles, size_t vehicle0);
void sim_graph_free(sim_graph *g);
fo_node_kind sim_graph_kind(const sim_graph *g, uint32_t n);
void sim_graph_pos(const sim_graph *g, uint32_t n, double *x, double *y);
uint32_t sim_graph_nedges(const sim_graph *g);
/* Length in m of the edge from a to b, < 0 when there is none. */
double sim_graph_edge(const sim_graph *g, uint32_t a, uint32_t b);
uint32_t sim_graph_find_free(sim_graph *g, uint32_t n, fo_node_kind kind, const uint32_t *occupant);
uint32_t sim_graph_station(const sim_graph *g, uint64_t *rng, uint32_t n);
/* Routes vehicle vi from a to b (fo_site_route): the edges it passes, its
 * leg kept for sim_graph_next; UINT32_MAX when there is no route. */
uint32_t sim_graph_route(sim_state *s, uint32_t vi, uint32_t a, uint32_t b);
/* The node after sv->node toward sv->target on the vehicle's leg (routed
 * anew when the leg does not lead there), its edge's length and site speed
 * limit (0: none) in *len, *limit; SIM_NONE when no edge leads on. */
uint32_t sim_graph_next(sim_state *s, uint32_t vi, double *len, double *limit);
/* Length and limit of the edge vehicle vi drives now (after
 * sim_graph_next); 0, 0 when it stands. */
void sim_graph_edge_now(const sim_graph *g, uint32_t vi, double *len, double *limit);

/* ---- sim_step.c */
void sim_step(sim_state *s);
/* Errors on a vehicle, with the bus event. */
void sim_error_raise(sim_state *s, fo_vehicle *v, const char *type, const char *desc,
                     fo_errlevel level);
bool sim_error_clear(sim_state *s, fo_vehicle *v, const char *type);
/* Stops a vehicle where it is (speed 0, not driving). */
void sim_halt(fo_vehicle *v);
/* Whether phase p has the vehicle drive a leg (its own or the master's). */
bool sim_phase_driving(uint8_t p);
/* Steps per simulated duration, at least 1. */
uint64_t sim_secs(const sim_state *s, double sec);
/* Drives toward sv->target for one step; arrive() ends the leg. */
void sim_drive(sim_state *s, sim_vehicle *sv, fo_vehicle *v);
/* Frees the charger or parking node the vehicle holds. */
void sim_release_resource(sim_state *s, sim_vehicle *sv);

/* ---- sim_orders.c: the simulator as a dispatch sink (orders from the
 * master control, e.g. the missions plugin) */
int sim_orders_register(sim_state *s);
/* One step of a vehicle in a SIM_EXT_* phase. */
void sim_order_step(sim_state *s, sim_vehicle *sv, fo_vehicle *v);
/* The leg of a SIM_EXT_DRIVE or SIM_EXT_STOP phase ended at sv->target. */
void sim_order_arrive(sim_state *s, sim_vehicle *sv, fo_vehicle *v);
/* Whether the vehicle runs an order of the master that is not finished. */
bool sim_order_in_progress(const sim_vehicle *sv);
/* m/s the order allows on the leg being driven (its edge's maxSpeed), 0:
 * no limit. */
double sim_order_speed_limit(const sim_vehicle *sv);
void sim_orders_free(sim_state *s);

/* ---- sim_charge.c: startCharging and stopCharging, as node actions of an
 * order and as instant actions (VDA 5050 2.x: startCharging is FINISHED
 * once charging is on, FAILED with an error when it cannot start) */
#define SIM_CHARGE_ERROR "startChargingFailed" /* errorType, WARNING */
/* Starts charging where the vehicle stands: true, or false with the
 * startChargingFailed warning raised on the vehicle and why in why. */
bool sim_charge_start(sim_state *s, sim_vehicle *sv, fo_vehicle *v, char *why, size_t whylen);
/* Whether the vehicle could start charging now (nothing changed); false
 * with why filled. */
bool sim_charge_possible(const sim_state *s, const sim_vehicle *sv, const fo_vehicle *v, char *why,
                         size_t whylen);
/* Stops charging (by action, or the sim's own); nothing when not charging. */
void sim_charge_stop(sim_state *s, sim_vehicle *sv, fo_vehicle *v);

/* ---- sim_conflicts.c */
void sim_conflicts_init(sim_conflicts *c, double len, uint32_t vehicles);
void sim_conflicts_free(sim_conflicts *c);
/* Records vehicle i's position for this step. */
static inline void sim_conflicts_note(sim_conflicts *c, uint32_t i, double x, double y)
{
	if (c->pos) {
		sim_cpos *p = &c->pos[i];
		p->x = (float)x;
		p->y = (float)y;
		float dx = p->x - p->rx, dy = p->y - p->ry;
		c->stale |= dx * dx + dy * dy > c->stale_d2;
	}
}
/* Counts (and logs) the pairs that came closer than c->len this step. */
void sim_conflicts_step(sim_state *s);

/* ---- sim_cmds.c */
int sim_cmds_register(sim_state *s, char *err, size_t errlen);

#endif
