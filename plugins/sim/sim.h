/* sim.h — internals of the simulator plugin, shared by its files.
 *
 * The depot is the core's generated one (fleetops_plugin.h, "depot map"): a
 * lattice of nodes (SIM_SPACING_M apart) cut into blocks of SIM_BLOCK x
 * SIM_BLOCK nodes; every block holds two chargers, two parking places and two
 * stations at fixed offsets, so the nearest resource is found by looking at
 * a few blocks around a vehicle, never by scanning the map.
 *
 * Every lattice edge exists, so stepping to the neighbour that lowers the
 * Manhattan distance to the target is a shortest path: routing costs O(1)
 * per node reached and needs no per-vehicle path storage.
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
	bool master;            /* took an order from the master control: no
	                         * more random jobs (it still charges alone) */
	sim_xorder *xo;         /* OWNED: the master's last order, NULL: none */
} sim_vehicle;

/* The depot's node kinds. */
typedef fo_node_kind sim_kind;
#define SIM_KIND_PLAIN FO_NODE_PLAIN
#define SIM_KIND_CHARGER FO_NODE_CHARGER
#define SIM_KIND_PARKING FO_NODE_PARKING
#define SIM_KIND_STATION FO_NODE_STATION

typedef struct {
	fo_depot *depot;            /* OWNED: the core's generated depot */
	uint32_t w, h;              /* lattice size in nodes (multiples of SIM_BLOCK) */
	uint32_t node_base;         /* model index of lattice node 0 */
	uint32_t *zone;             /* per node, model zone index (the depot's, at hand) */
	uint32_t *occupant;         /* per node: vehicle holding a charger/parking, SIM_NONE */
	char (*node_id)[FO_ID_LEN]; /* per node, copy of the model id */
} sim_map;

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

/* ---- sim_map.c: the core's depot (map, tenants, fleets, vehicles) and the
 * simulator's view of it */
/* Builds everything into the model.  Returns 0, or -1 with err filled. */
int sim_build(sim_state *s, long vehicles, long fleets, long tenants, char *err, size_t errlen);
void sim_map_free(sim_map *m);
uint32_t sim_node_x(const sim_map *m, uint32_t n);
uint32_t sim_node_y(const sim_map *m, uint32_t n);
uint32_t sim_hops(const sim_map *m, uint32_t a, uint32_t b);
/* Neighbour of from one hop closer to to (from != to). */
uint32_t sim_next_hop(const sim_map *m, uint32_t from, uint32_t to);
/* Nearest node of kind near n that is free (occupant SIM_NONE), searching up
 * to radius blocks away; SIM_NONE when none. */
uint32_t sim_find_free(const sim_map *m, uint32_t n, sim_kind kind, uint32_t radius);
/* A station a few blocks from n, chosen at random; never n itself. */
uint32_t sim_pick_station(const sim_map *m, uint64_t *rng, uint32_t n);

/* ---- sim_step.c */
void sim_step(sim_state *s);
/* Errors on a vehicle, with the bus event. */
void sim_error_raise(sim_state *s, fo_vehicle *v, const char *type, const char *desc,
                     fo_errlevel level);
bool sim_error_clear(sim_state *s, fo_vehicle *v, const char *type);
/* Stops a vehicle where it is (speed 0, not driving). */
void sim_halt(fo_vehicle *v);
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

/* ---- sim_cmds.c */
int sim_cmds_register(sim_state *s, char *err, size_t errlen);

#endif
