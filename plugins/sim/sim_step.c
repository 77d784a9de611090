/* sim_step.c — one fixed-dt step of every simulated vehicle: orders,
 * driving along the map's edges (the depot's lattice, or a layout's edges
 * in their direction at min(top speed, the edge's limit)), loads, battery,
 * charging, parking, and VDA 5050-shaped errors and safety states; then the
 * physical conflicts of the step (sim_conflicts.c).
 *
 * Cost is O(vehicles): one random draw per vehicle per step, O(1) routing
 * per node reached on the depot (a layout routes once per leg), and
 * resource searches only when a vehicle needs one. */
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Rates per second of simulated time; tuned so a 200-vehicle demo is busy
 * and mostly healthy: a path blocked every few seconds somewhere, a safety
 * stop every minute or two. */
#define P_BLOCK_PER_S (1.0 / 900.0)    /* while driving */
#define P_SAFETY_PER_S (1.0 / 20000.0) /* any vehicle not charging */
#define P_ORDER_PER_S (1.0 / 15.0)     /* idle vehicle takes a new order */
#define P_PARK_AFTER_DROP 0.35

#define ACCEL_MS2 0.6
#define DRAIN_PER_M 0.04       /* % per metre driven */
#define DRAIN_IDLE_PER_S 0.003 /* % per second, electronics */
#define CHARGE_PER_S 0.8       /* % per second on a charger */
#define GO_CHARGE_BELOW 20.0
#define DIVERT_BELOW 10.0     /* drop an unladen trip and charge */
#define CHARGE_BELOW_MAX 60.0 /* the thresholds' cap when sim.drain scales them */
#define LOW_BATTERY_BELOW 15.0
#define CHARGED_AT 95.0
#define ACT_S 3.0       /* loading or unloading */
#define SEARCH_BLOCKS 4 /* how far to look for a free charger/parking */
#define EMPTY_ERROR "batteryEmpty"

uint64_t sim_secs(const sim_state *s, double sec)
{
	uint64_t n = (uint64_t)(sec * s->rate_hz + 0.5);
	return n ? n : 1;
}

/* Time stamps (error since, last seen) are wall clock, as the model
 * documents them; only the dynamics run on the step count. */
static uint64_t sim_wall(const sim_state *s)
{
	return s->step_wall_ms;
}

bool sim_phase_driving(uint8_t p)
{
	return p == SIM_TO_PICK || p == SIM_TO_DROP || p == SIM_TO_CHARGER || p == SIM_TO_PARK ||
	       p == SIM_EXT_DRIVE || p == SIM_EXT_STOP;
}

void sim_halt(fo_vehicle *v)
{
	v->speed = 0;
	v->driving = false;
}

void sim_error_raise(sim_state *s, fo_vehicle *v, const char *type, const char *desc,
                     fo_errlevel level)
{
	fo_verror *e = NULL;
	for (uint8_t i = 0; i < v->nerrors; i++)
		if (strcmp(v->errors[i].type, type) == 0)
			e = &v->errors[i];
	if (!e) {
		if (v->nerrors >= FO_MAX_VERRORS)
			return; /* the vehicle reports at most FO_MAX_VERRORS */
		e = &v->errors[v->nerrors++];
	}
	memset(e, 0, sizeof *e);
	snprintf(e->type, sizeof e->type, "%s", type);
	snprintf(e->desc, sizeof e->desc, "%s", desc);
	e->level = level;
	e->since_ms = sim_wall(s);
}

bool sim_error_clear(sim_state *s, fo_vehicle *v, const char *type)
{
	for (uint8_t i = 0; i < v->nerrors; i++) {
		if (strcmp(v->errors[i].type, type) != 0)
			continue;
		memmove(&v->errors[i], &v->errors[i + 1],
		        (size_t)(v->nerrors - i - 1) * sizeof v->errors[0]);
		v->nerrors--;
		memset(&v->errors[v->nerrors], 0, sizeof v->errors[0]);
		return true;
	}
	return false;
}

/* The end of one of the sim's own jobs.  The core publishes
 * vehicle.order_done when it sees an order at its end (no nodes left, not
 * driving, not acting), so the vehicle is shown to it so before the job's
 * id goes: the next job may start in the same step. */
static void order_done(sim_state *s, fo_vehicle *v)
{
	if (!v->order_id[0])
		return;
	bool driving = v->driving, acting = v->acting;
	v->nodes_left = 0;
	v->driving = false;
	v->acting = false;
	fo_model_touch(fo_core_model(s->core), v);
	v->driving = driving;
	v->acting = acting;
	v->order_id[0] = '\0';
}

static void new_order_id(sim_state *s, fo_vehicle *v)
{
	snprintf(v->order_id, sizeof v->order_id, "sim-order-%llu",
	         (unsigned long long)++s->next_order);
	v->order_update = 0;
	v->last_node_seq = 0;
}

void sim_release_resource(sim_state *s, sim_vehicle *sv)
{
	if (sv->resource != SIM_NONE && s->map.occupant[sv->resource] == (uint32_t)(sv - s->veh))
		s->map.occupant[sv->resource] = SIM_NONE;
	sv->resource = SIM_NONE;
}

/* Starts driving toward target as a new sim order; false (nothing
 * changed) when a layout has no route there. */
static bool start_trip(sim_state *s, sim_vehicle *sv, fo_vehicle *v, uint32_t target,
                       sim_phase phase, uint32_t extra_hops)
{
	uint32_t hops = sim_hops(s, (uint32_t)(sv - s->veh), sv->node, target);
	if (hops == UINT32_MAX)
		return false;
	new_order_id(s, v);
	sv->target = target;
	sv->phase = (uint8_t)phase;
	v->nodes_left = hops + extra_hops;
	v->driving = true;
	return true;
}

static bool try_reserve(sim_state *s, sim_vehicle *sv, fo_vehicle *v, sim_kind kind,
                        sim_phase phase)
{
	uint32_t r = sim_find_free(&s->map, sv->node, kind, SEARCH_BLOCKS);
	if (r == SIM_NONE || !start_trip(s, sv, v, r, phase, 0))
		return false;
	sim_release_resource(s, sv);
	s->map.occupant[r] = (uint32_t)(sv - s->veh);
	sv->resource = r;
	return true;
}

static void start_transport(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	uint32_t pick = sim_pick_station(&s->map, &s->rng, sv->node);
	uint32_t drop = sim_pick_station(&s->map, &s->rng, pick);
	if (pick == SIM_NONE || drop == SIM_NONE)
		return;
	/* pick to drop first: on a layout the leg routed last is driven */
	uint32_t extra = sim_hops(s, (uint32_t)(sv - s->veh), pick, drop);
	if (extra == UINT32_MAX || !start_trip(s, sv, v, pick, SIM_TO_PICK, extra))
		return; /* a layout with no route that way: stay, try another later */
	sim_release_resource(s, sv);
	sv->drop = drop;
}

static void arrive(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_halt(v);
	switch (sv->phase) {
	case SIM_TO_PICK:
		sv->phase = SIM_PICKING;
		v->acting = true;
		sv->act_until = s->step + sim_secs(s, ACT_S);
		break;
	case SIM_TO_DROP:
		sv->phase = SIM_DROPPING;
		v->acting = true;
		sv->act_until = s->step + sim_secs(s, ACT_S);
		break;
	case SIM_TO_CHARGER:
		order_done(s, v);
		sv->phase = SIM_CHARGING;
		v->charging = true;
		break;
	case SIM_TO_PARK:
		order_done(s, v);
		sv->phase = SIM_PARKED;
		break;
	case SIM_EXT_DRIVE:
	case SIM_EXT_STOP:
		sim_order_arrive(s, sv, v);
		break;
	default:
		sv->phase = SIM_IDLE;
		break;
	}
}

static void reach_node(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sv->node = sv->next;
	sv->edge_pos = 0;
	memcpy(v->last_node, s->map.node_id[sv->node], FO_ID_LEN);
	v->zone = s->map.zone[sv->node];
	/* a master's order counts its own nodes (sim_orders.c); lastNodeId
	 * still names the lattice node the vehicle stands on */
	if (sv->phase == SIM_EXT_DRIVE || sv->phase == SIM_EXT_STOP)
		return;
	v->last_node_seq += 2; /* VDA 5050 numbers nodes 0, 2, 4, ... */
	if (v->nodes_left)
		v->nodes_left--;
}

/* No edge leads on toward the target (a layout without a route there):
 * the vehicle gives its own trip up where it stands. */
static void stuck(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_halt(v);
	fo_log(s->core, FO_LOG_DEBUG, "sim: %s: no route from %s to %s, trip given up", v->id,
	       s->map.node_id[sv->node], s->map.node_id[sv->target]);
	if (sv->phase == SIM_EXT_DRIVE || sv->phase == SIM_EXT_STOP)
		return; /* cannot happen: an order's edges were checked */
	sim_release_resource(s, sv);
	order_done(s, v);
	v->load[0] = '\0';
	sv->drop = SIM_NONE;
	sv->target = sv->node;
	sv->phase = SIM_IDLE;
}

/* The lattice neighbour toward the target, and the heading there. */
static void lattice_hop(const sim_map *mp, sim_vehicle *sv, fo_vehicle *v)
{
	sv->next = fo_depot_next_hop(mp->depot, sv->node, sv->target);
	if (sv->next == sv->node + 1)
		v->theta = 0;
	else if (sv->next + 1 == sv->node)
		v->theta = M_PI;
	else if (sv->next > sv->node)
		v->theta = M_PI / 2;
	else
		v->theta = -M_PI / 2;
}

/* On a layout: onto the next edge of the leg, at most at its limit (the
 * rest of this step's distance d shrinks with the speed). */
static bool layout_hop(sim_state *s, sim_vehicle *sv, fo_vehicle *v, double vcap, double *elen,
                       double *d)
{
	double lim;
	uint32_t next = sim_graph_next(s, (uint32_t)(sv - s->veh), elen, &lim);
	if (next == SIM_NONE) {
		stuck(s, sv, v);
		return false;
	}
	sv->next = next;
	double cap = lim > 0 && lim < vcap ? lim : vcap;
	if (v->speed > cap) {
		*d *= cap / v->speed;
		v->speed = cap;
	}
	double x0, y0, x1, y1;
	sim_node_pos(&s->map, sv->node, &x0, &y0);
	sim_node_pos(&s->map, next, &x1, &y1);
	if (x1 != x0 || y1 != y0)
		v->theta = atan2(y1 - y0, x1 - x0);
	return true;
}

void sim_drive(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	const sim_map *mp = &s->map;
	double vcap = sv->vmax, limit = sim_order_speed_limit(sv);
	if (limit > 0 && limit < vcap)
		vcap = limit;
	double vmax = vcap, elen = SIM_SPACING_M, elim = 0;
	if (mp->graph) {
		sim_graph_edge_now(mp->graph, (uint32_t)(sv - s->veh), &elen, &elim);
		if (sv->next != sv->node && elim > 0 && elim < vmax)
			vmax = elim; /* the edge being driven */
	}
	v->speed = v->speed + ACCEL_MS2 * s->dt;
	if (v->speed > vmax)
		v->speed = vmax;
	v->driving = true;
	double d = v->speed * s->dt, driven = 0;
	while (d > 0) {
		if (sv->next == sv->node) {
			if (sv->node == sv->target) {
				arrive(s, sv, v);
				break;
			}
			if (!mp->graph)
				lattice_hop(mp, sv, v);
			else if (!layout_hop(s, sv, v, vcap, &elen, &d))
				break;
		}
		double rem = elen - sv->edge_pos;
		if (d < rem) {
			sv->edge_pos += (float)d;
			driven += d;
			d = 0;
		} else {
			d -= rem;
			driven += rem;
			reach_node(s, sv, v);
			if (sv->node == sv->target) {
				arrive(s, sv, v);
				break;
			}
		}
	}
	double x0, y0, x1, y1;
	sim_node_pos(mp, sv->node, &x0, &y0);
	sim_node_pos(mp, sv->next, &x1, &y1);
	double f = elen > 0 ? sv->edge_pos / elen : 0;
	v->x = x0 + (x1 - x0) * f;
	v->y = y0 + (y1 - y0) * f;
	v->odometer_m += driven;
	v->battery -= DRAIN_PER_M * s->drain * driven;
}

/* A safety stop: a protective field violation (auto-acknowledged once the
 * field is clear), an e-stop pressed on the vehicle (acknowledged there
 * after a while), or a FATAL sensor error that needs a technician. */
static void raise_safety(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	double kind = sim_rand01(&s->rng);
	double sec;
	if (kind < 0.55) {
		v->field_violation = true;
		v->estop = FO_ESTOP_AUTOACK;
		sim_error_raise(s, v, "protectiveFieldViolation",
		                "protective field violated, vehicle stopped", FO_ERRLVL_FATAL);
		sec = 5.0 + 10.0 * sim_rand01(&s->rng);
	} else if (kind < 0.8) {
		v->estop = FO_ESTOP_MANUAL;
		sim_error_raise(s, v, "emergencyStop", "e-stop pressed on the vehicle",
		                FO_ERRLVL_FATAL);
		sec = 30.0 + 60.0 * sim_rand01(&s->rng);
	} else {
		sim_error_raise(s, v, "laserScannerContaminated",
		                "safety laser scanner contaminated, cleaning needed",
		                FO_ERRLVL_FATAL);
		sec = 40.0 + 80.0 * sim_rand01(&s->rng);
	}
	sv->safety_until = s->step + sim_secs(s, sec);
	sim_halt(v);
}

static void clear_safety(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sv->safety_until = 0;
	v->field_violation = false;
	sim_error_clear(s, v, "protectiveFieldViolation");
	sim_error_clear(s, v, "emergencyStop");
	sim_error_clear(s, v, "laserScannerContaminated");
	/* A REMOTE e-stop is the operator's: only `sim release` clears it. */
	if (v->estop == FO_ESTOP_AUTOACK || v->estop == FO_ESTOP_MANUAL)
		v->estop = FO_ESTOP_NONE;
}

static void clear_timed(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	uint64_t now = s->step;
	if (sv->blocked_until && now >= sv->blocked_until) {
		sv->blocked_until = 0;
		sim_error_clear(s, v, "pathBlocked");
	}
	if (sv->safety_until && now >= sv->safety_until)
		clear_safety(s, sv, v);
	if (sv->fault_until && now >= sv->fault_until) {
		sv->fault_until = 0;
		sv->fault_fatal = false;
		sim_error_clear(s, v, "simulatedFault");
	}
}

/* A flat battery stops the vehicle where it is (vehicle_step holds it)
 * with a FATAL error, until it has charge again: charged where it stands
 * on a charger (startCharging) or set by hand (sim battery). */
static bool battery_empty(const fo_vehicle *v)
{
	return v->battery <= 0 && !v->charging;
}

/* Flat on a trip of its own: the trip is given up, and with it the charger
 * or parking place it held, so a stranded vehicle blocks no other.  A
 * master's order stays (the core fails it on the FATAL batteryEmpty). */
static void strand(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	if (sv->phase != SIM_TO_PICK && sv->phase != SIM_TO_DROP && sv->phase != SIM_TO_CHARGER &&
	    sv->phase != SIM_TO_PARK)
		return;
	fo_log(s->core, FO_LOG_DEBUG, "sim: %s: battery empty after %s, trip given up", v->id,
	       s->map.node_id[sv->node]);
	sim_release_resource(s, sv);
	order_done(s, v);
	v->load[0] = '\0';
	sv->drop = SIM_NONE;
	sv->target = sv->node;
	sv->phase = SIM_IDLE;
}

/* The own charging thresholds, tuned for the built-in drain, grow with
 * sim.drain so a faster-draining fleet still reaches its chargers (a flat
 * battery stops the vehicle for good). */
static double below(const sim_state *s, double pct)
{
	if (s->drain <= 1)
		return pct;
	double t = pct * s->drain;
	return t < CHARGE_BELOW_MAX ? t : CHARGE_BELOW_MAX;
}

static bool has_error(const fo_vehicle *v, const char *type)
{
	for (uint8_t i = 0; i < v->nerrors; i++)
		if (strcmp(v->errors[i].type, type) == 0)
			return true;
	return false;
}

static void battery_watch(sim_state *s, fo_vehicle *v)
{
	if (v->battery < 0)
		v->battery = 0;
	bool low = v->battery < LOW_BATTERY_BELOW;
	bool has = has_error(v, "lowBattery");
	if (low && !has)
		sim_error_raise(s, v, "lowBattery", "battery below 15 %, charging needed",
		                FO_ERRLVL_WARNING);
	else if (!low && has)
		sim_error_clear(s, v, "lowBattery");
	bool empty = battery_empty(v);
	has = has_error(v, EMPTY_ERROR);
	if (empty && !has)
		sim_error_raise(s, v, EMPTY_ERROR,
		                "battery empty (0 %), vehicle stopped: charge it where it stands",
		                FO_ERRLVL_FATAL);
	else if (!empty && v->battery > 0 && has)
		sim_error_clear(s, v, EMPTY_ERROR);
}

static void after_drop(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	v->acting = false;
	order_done(s, v);
	v->load[0] = '\0';
	sv->drop = SIM_NONE;
	sv->phase = SIM_IDLE;
	if (v->battery >= below(s, GO_CHARGE_BELOW) && sim_rand01(&s->rng) < P_PARK_AFTER_DROP)
		try_reserve(s, sv, v, SIM_KIND_PARKING, SIM_TO_PARK);
}

static void phase_step(sim_state *s, sim_vehicle *sv, fo_vehicle *v, double u, double p_order)
{
	switch (sv->phase) {
	case SIM_IDLE:
	case SIM_PARKED:
		/* under master control (sim.self_charge): no random jobs; it
		 * still goes to a charger by itself when idle with no order in
		 * progress — unless sim.jobs is none: then it never moves by
		 * itself.  Without sim.self_charge charging is the master's
		 * alone, and a vehicle it is done with goes back to jobs of its
		 * own.  Charging by action, it stands until stopCharging. */
		if (sv->charge_act)
			break;
		if (s->self_charge && v->battery < below(s, GO_CHARGE_BELOW) && s->jobs &&
		    (!sv->master || !sim_order_in_progress(sv))) {
			if (s->step >= sv->act_until &&
			    !try_reserve(s, sv, v, SIM_KIND_CHARGER, SIM_TO_CHARGER))
				sv->act_until = s->step + sim_secs(s, 2.0); /* all busy: retry */
		} else if ((!sv->master || !s->self_charge) && s->jobs && u < p_order &&
		           v->battery >= s->job_min_battery) {
			start_transport(s, sv, v);
		}
		break;
	case SIM_TO_PICK:
	case SIM_TO_PARK:
		if (s->self_charge && v->battery < below(s, DIVERT_BELOW) && sv->edge_pos == 0 &&
		    sim_find_free(&s->map, sv->node, SIM_KIND_CHARGER, SEARCH_BLOCKS) != SIM_NONE) {
			order_done(s, v); /* unladen: give the trip up and charge */
			try_reserve(s, sv, v, SIM_KIND_CHARGER, SIM_TO_CHARGER);
		}
		sim_drive(s, sv, v);
		break;
	case SIM_TO_DROP:
	case SIM_TO_CHARGER:
		sim_drive(s, sv, v);
		break;
	case SIM_PICKING:
		if (s->step >= sv->act_until) {
			v->acting = false;
			snprintf(v->load, sizeof v->load, "LOAD-%06llu",
			         (unsigned long long)++s->next_load);
			sv->phase = SIM_TO_DROP;
			sv->target = sv->drop;
			v->driving = true;
		}
		break;
	case SIM_DROPPING:
		if (s->step >= sv->act_until)
			after_drop(s, sv, v);
		break;
	case SIM_CHARGING:
		v->battery += CHARGE_PER_S * s->dt;
		if (v->battery >= CHARGED_AT) {
			v->charging = false;
			sim_release_resource(s, sv);
			sv->phase = SIM_IDLE;
			if (!sv->master)
				try_reserve(s, sv, v, SIM_KIND_PARKING, SIM_TO_PARK);
		}
		break;
	case SIM_EXT_DRIVE:
	case SIM_EXT_ACT:
	case SIM_EXT_WAIT:
	case SIM_EXT_STOP:
		sim_order_step(s, sv, v);
		break;
	}
}

static void vehicle_step(sim_state *s, fo_model *m, uint32_t i, const double p[3])
{
	sim_vehicle *sv = &s->veh[i];
	fo_vehicle *v = fo_model_vehicle(m, s->vehicle_base + i);
	if (!v)
		return;
	clear_timed(s, sv, v);
	double u = sim_rand01(&s->rng);
	bool moving = sim_phase_driving(sv->phase);
	bool charging = sv->phase == SIM_CHARGING || sv->charge_act;
	bool halted = v->estop != FO_ESTOP_NONE || v->field_violation || sv->blocked_until ||
	              sv->safety_until || sv->fault_fatal || v->paused || battery_empty(v);
	if (!halted && moving && u < p[0]) {
		char desc[64];
		snprintf(desc, sizeof desc, "obstacle on the edge after %s", v->last_node);
		sim_error_raise(s, v, "pathBlocked", desc, FO_ERRLVL_WARNING);
		sv->blocked_until = s->step + sim_secs(s, 5.0 + 15.0 * sim_rand01(&s->rng));
		halted = true;
	} else if (!halted && !charging && u >= p[0] && u < p[0] + p[1]) {
		raise_safety(s, sv, v);
		halted = true;
	}
	if (sv->charge_act)
		v->battery += CHARGE_PER_S * s->dt;
	if (halted && sv->phase != SIM_CHARGING) {
		sim_halt(v);
		if (battery_empty(v))
			strand(s, sv, v);
		if (sv->act_until > s->step)
			sv->act_until++; /* loading waits while stopped */
	} else {
		phase_step(s, sv, v, u - p[0] - p[1], p[2]);
	}
	if (!v->charging)
		v->battery -= DRAIN_IDLE_PER_S * s->drain * s->dt;
	if (v->battery > 100)
		v->battery = 100;
	battery_watch(s, v);
	v->last_seen_ms = sim_wall(s);
	fo_model_touch(m, v);
	sim_conflicts_note(&s->conflicts, i, v->x, v->y);
}

void sim_step(sim_state *s)
{
	fo_model *m = fo_core_model(s->core);
	s->step++;
	s->step_wall_ms = fo_wall_ms();
	const double p[3] = {P_BLOCK_PER_S * s->dt, P_SAFETY_PER_S * s->dt, P_ORDER_PER_S * s->dt};
	size_t count = fo_model_vehicle_count(m);
	for (uint32_t i = 0; i < s->nvehicles && s->vehicle_base + i < count; i++)
		vehicle_step(s, m, i, p);
	sim_conflicts_step(s);
}
