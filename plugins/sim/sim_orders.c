/* sim_orders.c — the simulator as a dispatch sink: its vehicles take VDA
 * 5050 orders and instant actions from the master control (the missions
 * plugin, through fo_dispatch_order) as a vehicle on a broker would.
 *
 * An order is checked and refused as a whole (never queued): a new orderId
 * starts at the node the vehicle stands on; an update (same orderId, higher
 * orderUpdateId) starts at the stitching node, the last released node of
 * the previous one, and replaces the horizon; a resend (same orderId and
 * update) is ignored.  Accepting drops the sim's own random job and puts
 * the vehicle under master control: with sim.self_charge (the default) no
 * random jobs from then on (it still goes to a charger by itself when
 * idle, with no order in progress, below its charge threshold); without
 * it, random jobs again once idle, and no charging but the master's.
 *
 * The vehicle drives the released nodes in order, each leg along the
 * lattice (on a layout file: exactly the edge from one node to the next,
 * which must exist in that direction, else the order is refused naming the
 * pair; at the lower of the edge's limits), and runs a node's actions on arrival one after the
 * other with the vehicle standing (pick and drop 3 s, others 1 s; HARD blocking whatever the order
 * says).  The sim keeps no per-action states (the VDA 5050 codec holds those for vehicles on a
 * broker), so what the master sees is the model: acting while a node's actions run, and nodes_left
 * counting every node not yet reached or whose actions have not finished,
 * unreleased horizon nodes included.  After the last node it stands with
 * the orderId kept and nodes_left 0.  startCharging and stopCharging
 * (sim_charge.c) take effect when their node's actions end: charging on,
 * or the startChargingFailed warning off a charger; while charging the
 * vehicle drives no further leg (until stopCharging) and a new orderId is
 * refused.  An edge's maxSpeed caps the speed
 * on its leg; edge actions are accepted and not simulated (`fleetops sim
 * --mqtt` runs them). */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PICK_DROP_S 3.0
#define OTHER_ACTION_S 1.0

typedef struct {
	uint32_t node;     /* lattice node */
	uint16_t nactions; /* actions run on arrival */
	float act_s;       /* their total time */
	int8_t load_op;    /* after the actions: +1 picks a load, -1 drops it */
	int8_t charge_op;  /* after the actions: +1 startCharging, -1 stopCharging
	                    * (the last of the two in the list) */
	float max_speed;   /* m/s on the edge into it, 0: the vehicle's own */
	char load_id[24];  /* picked load (param loadId), "" : a generated id */
} sim_onode;

struct sim_xorder {
	sim_onode *nodes;
	size_t n, released;
	size_t reached; /* nodes reached so far (node reached - 1 is the last) */
	bool acting;    /* node reached - 1 still runs its actions */
	bool active;    /* not finished, not cancelled */
	bool cancelled;
	uint32_t update; /* orderUpdateId */
	uint32_t seq0;   /* sequenceId of nodes[0] */
};

double sim_order_speed_limit(const sim_vehicle *sv)
{
	const sim_xorder *xo = sv->xo;
	if (!xo || !xo->active || sv->phase != SIM_EXT_DRIVE || xo->reached >= xo->n)
		return 0;
	return xo->nodes[xo->reached].max_speed;
}

bool sim_order_in_progress(const sim_vehicle *sv)
{
	return sv->xo && sv->xo->active;
}

static void set_left(fo_vehicle *v, const sim_xorder *xo)
{
	v->nodes_left = (uint32_t)(xo->n - xo->reached + (xo->acting ? 1 : 0));
}

static void finish(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_xorder *xo = sv->xo;
	xo->active = false;
	sv->phase = SIM_IDLE;
	sim_halt(v); /* the core sees the order ended: vehicle.order_done */
}

/* Next leg, a wait for an update, or the end of the order. */
static void advance(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_xorder *xo = sv->xo;
	set_left(v, xo);
	if (xo->reached < xo->released) {
		sv->target = xo->nodes[xo->reached].node;
		sv->phase = SIM_EXT_DRIVE;
		v->driving = !sv->charge_act; /* charging: sim_order_step holds it */
	} else if (xo->reached >= xo->n) {
		finish(s, sv, v);
	} else {
		sv->phase = SIM_EXT_WAIT;
		sim_halt(v);
	}
}

/* The vehicle stands on nodes[reached]: count it, run its actions. */
static void reach(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_xorder *xo = sv->xo;
	const sim_onode *on = &xo->nodes[xo->reached];
	memcpy(v->last_node, s->map.node_id[on->node], FO_ID_LEN);
	v->last_node_seq = xo->seq0 + 2 * (uint32_t)xo->reached;
	xo->reached++;
	if (on->nactions) {
		xo->acting = true;
		v->acting = true;
		sim_halt(v);
		sv->phase = SIM_EXT_ACT;
		sv->act_until = s->step + sim_secs(s, on->act_s);
		set_left(v, xo);
		return;
	}
	advance(s, sv, v);
}

void sim_order_arrive(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	if (sv->phase == SIM_EXT_STOP || !sim_order_in_progress(sv)) {
		sv->phase = SIM_IDLE; /* stopped after a cancelOrder */
		return;
	}
	reach(s, sv, v);
}

static void actions_done(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_xorder *xo = sv->xo;
	const sim_onode *on = &xo->nodes[xo->reached - 1];
	xo->acting = false;
	v->acting = false;
	if (on->load_op > 0 && on->load_id[0])
		snprintf(v->load, sizeof v->load, "%s", on->load_id);
	else if (on->load_op > 0)
		snprintf(v->load, sizeof v->load, "LOAD-%06llu",
		         (unsigned long long)++s->next_load);
	else if (on->load_op < 0)
		v->load[0] = '\0';
	char why[160];
	if (on->charge_op > 0)
		sim_charge_start(s, sv, v, why, sizeof why); /* or the warning */
	else if (on->charge_op < 0)
		sim_charge_stop(s, sv, v);
	advance(s, sv, v);
}

void sim_order_step(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	switch (sv->phase) {
	case SIM_EXT_DRIVE:
		if (sv->charge_act && sv->next == sv->node) {
			sim_halt(v); /* no leg while charging: stopCharging first */
			break;
		}
		sim_drive(s, sv, v);
		break;
	case SIM_EXT_STOP:
		sim_drive(s, sv, v);
		break;
	case SIM_EXT_ACT:
		if (s->step >= sv->act_until)
			actions_done(s, sv, v);
		break;
	case SIM_EXT_WAIT: /* until an update releases more */
		break;
	default:
		break;
	}
}

/* ---- the sink */

static sim_vehicle *sim_of(sim_state *s, size_t idx)
{
	if (!s->running || idx < s->vehicle_base || idx - s->vehicle_base >= s->nvehicles)
		return NULL;
	return &s->veh[idx - s->vehicle_base];
}

/* A vehicle of the same id heard over VDA 5050 (--demo with --mqtt) is
 * not ours to answer for: its own sink serves it. */
static bool sink_serves(fo_core *core, size_t idx, void *ud)
{
	return sim_of(ud, idx) != NULL && !fo_vda_vehicle_get(core, idx);
}

static const char *fatal_error(const fo_vehicle *v)
{
	for (uint8_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL)
			return v->errors[i].type;
	return NULL;
}

/* Why the vehicle cannot take an order now; NULL: it can. */
static bool unfit(const sim_vehicle *sv, const fo_vehicle *v, char *err, size_t errlen)
{
	const char *fatal = fatal_error(v);
	if (!v->online)
		snprintf(err, errlen, "%s is offline", v->id);
	else if (v->estop != FO_ESTOP_NONE || v->field_violation)
		snprintf(err, errlen, "%s is stopped for safety (e-stop %s%s): order refused",
		         v->id, fo_estop_name(v->estop),
		         v->field_violation ? ", field violation" : "");
	else if (fatal || sv->fault_fatal)
		snprintf(err, errlen, "%s has a FATAL error (%s): order refused", v->id,
		         fatal ? fatal : "simulatedFault");
	else
		return false;
	return true;
}

static const char *param(const fo_vda_action *a, const char *key)
{
	for (size_t i = 0; i < a->nparams; i++)
		if (a->params[i].key && strcmp(a->params[i].key, key) == 0 && !a->params[i].raw)
			return a->params[i].value;
	return NULL;
}

/* Fills on from the request's node i (ids checked by the caller). */
static void node_from(sim_onode *on, uint32_t node, const fo_vda_order_req *req, size_t i)
{
	memset(on, 0, sizeof *on);
	on->node = node;
	if (i > 0 && req->edge_max_speed)
		on->max_speed = (float)req->edge_max_speed[i - 1];
	size_t na = req->node_actions && req->node_nactions && req->node_actions[i]
	                ? req->node_nactions[i]
	                : 0;
	for (size_t k = 0; k < na; k++) {
		const fo_vda_action *a = &req->node_actions[i][k];
		const char *type = a->type ? a->type : "";
		bool pick = strcmp(type, "pick") == 0, drop = strcmp(type, "drop") == 0;
		on->act_s += (float)(pick || drop ? PICK_DROP_S : OTHER_ACTION_S);
		on->nactions++;
		if (pick) {
			const char *id = param(a, "loadId");
			on->load_op = 1;
			snprintf(on->load_id, sizeof on->load_id, "%s", id ? id : "");
		} else if (drop) {
			on->load_op = -1;
		} else if (strcmp(type, "startCharging") == 0) {
			on->charge_op = 1;
		} else if (strcmp(type, "stopCharging") == 0) {
			on->charge_op = -1;
		}
	}
}

/* The map's nodes of the request, or -1 with err filled. */
static int map_nodes(sim_state *s, const fo_vda_order_req *req, uint32_t *out, char *err,
                     size_t errlen)
{
	fo_model *m = fo_core_model(s->core);
	size_t count = s->map.nnodes;
	for (size_t i = 0; i < req->nnodes; i++) {
		const char *id = req->node_ids[i] ? req->node_ids[i] : "";
		long n = fo_model_node_find(m, id);
		if (n < 0 || (size_t)n < s->map.node_base ||
		    (size_t)n - s->map.node_base >= count) {
			snprintf(err, errlen, "node '%s' is not on the simulator's map", id);
			return -1;
		}
		out[i] = (uint32_t)((size_t)n - s->map.node_base);
	}
	return 0;
}

/* On a layout the vehicle drives exactly the order's edges: each pair of
 * consecutive nodes must be joined by an edge, in that direction, that its
 * type may drive.  0, or -1 with the first pair that is not in err. */
static int layout_edges(sim_state *s, const fo_vda_order_req *req, const uint32_t *nodes, char *err,
                        size_t errlen)
{
	if (!s->map.graph)
		return 0; /* the depot: legs follow the lattice */
	for (size_t i = 0; i + 1 < req->nnodes; i++)
		if (sim_graph_edge(s->map.graph, nodes[i], nodes[i + 1]) < 0) {
			snprintf(err, errlen,
			         "order %s: no layout edge from %s to %s (nodes %zu and %zu) "
			         "the vehicle may drive: refused",
			         req->order_id, req->node_ids[i], req->node_ids[i + 1], i, i + 1);
			return -1;
		}
	return 0;
}

/* Drops the sim's own job: its reserved charger/parking, its load. */
static void drop_random_job(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	if (!sv->master && v->load[0] && sv->drop != SIM_NONE)
		v->load[0] = '\0';
	sim_release_resource(s, sv);
	sv->drop = SIM_NONE;
	sv->act_until = 0;
	v->charging = false;
	v->acting = false;
}

static fo_status new_order(sim_state *s, sim_vehicle *sv, fo_vehicle *v,
                           const fo_vda_order_req *req, const uint32_t *nodes, char *err,
                           size_t errlen)
{
	if (sim_order_in_progress(sv)) {
		snprintf(err, errlen, "%s is busy with order %s (%u nodes left): cancel it first",
		         v->id, v->order_id, v->nodes_left);
		return FO_ERR;
	}
	if (sv->charge_act) {
		snprintf(
		    err, errlen,
		    "%s is charging on %s (startCharging): send stopCharging before a new order",
		    v->id, s->map.node_id[sv->node]);
		return FO_ERR;
	}
	if (sv->next != sv->node) {
		snprintf(err, errlen, "%s is between nodes %s and %s: an order starts on a node",
		         v->id, s->map.node_id[sv->node], s->map.node_id[sv->next]);
		return FO_ERR;
	}
	if (nodes[0] != sv->node) {
		snprintf(err, errlen, "order %s starts at %s but %s stands at %s", req->order_id,
		         req->node_ids[0], v->id, s->map.node_id[sv->node]);
		return FO_ERR;
	}
	sim_xorder *xo = calloc(1, sizeof *xo);
	if (!xo || !(xo->nodes = calloc(req->nnodes, sizeof *xo->nodes)))
		abort();
	for (size_t i = 0; i < req->nnodes; i++)
		node_from(&xo->nodes[i], nodes[i], req, i);
	xo->n = req->nnodes;
	xo->released = req->released;
	xo->active = true;
	xo->update = req->order_update_id;
	xo->seq0 = req->first_sequence_id;
	if (sv->xo)
		free(sv->xo->nodes);
	free(sv->xo);
	sv->xo = xo;
	drop_random_job(s, sv, v);
	sim_error_clear(s, v, SIM_CHARGE_ERROR); /* a failed startCharging was the last order's */
	sv->master = true;
	sv->target = sv->node;
	snprintf(v->order_id, sizeof v->order_id, "%s", req->order_id);
	v->order_update = req->order_update_id;
	sim_halt(v);
	reach(s, sv, v); /* it stands on the first node */
	fo_model_touch(fo_core_model(s->core), v);
	return FO_OK;
}

static fo_status update_order(sim_state *s, sim_vehicle *sv, fo_vehicle *v,
                              const fo_vda_order_req *req, const uint32_t *nodes, char *err,
                              size_t errlen)
{
	sim_xorder *xo = sv->xo;
	if (req->order_update_id < xo->update) {
		snprintf(err, errlen, "order %s update %u is older than update %u: refused",
		         req->order_id, req->order_update_id, xo->update);
		return FO_ERR;
	}
	if (xo->cancelled) {
		snprintf(err, errlen, "order %s was cancelled: send a new orderId", req->order_id);
		return FO_ERR;
	}
	size_t stitch = xo->released - 1;
	uint32_t seq = xo->seq0 + 2 * (uint32_t)stitch;
	if (nodes[0] != xo->nodes[stitch].node || req->first_sequence_id != seq) {
		snprintf(err, errlen,
		         "order %s update %u must start at the stitching node %s (sequenceId %u), "
		         "not %s (sequenceId %u)",
		         req->order_id, req->order_update_id,
		         s->map.node_id[xo->nodes[stitch].node], seq, req->node_ids[0],
		         req->first_sequence_id);
		return FO_ERR;
	}
	size_t n = stitch + req->nnodes;
	sim_onode *grown = realloc(xo->nodes, n * sizeof *grown);
	if (!grown)
		abort();
	xo->nodes = grown;
	/* the stitching node keeps its actions (they ran with the previous
	 * update); the horizon after it is replaced */
	for (size_t i = 1; i < req->nnodes; i++)
		node_from(&xo->nodes[stitch + i], nodes[i], req, i);
	xo->n = n;
	xo->released = stitch + req->released;
	xo->update = req->order_update_id;
	v->order_update = req->order_update_id;
	if (sv->phase == SIM_EXT_WAIT || !xo->active) {
		xo->active = true;
		advance(s, sv, v);
	} else {
		set_left(v, xo);
	}
	fo_model_touch(fo_core_model(s->core), v);
	return FO_OK;
}

static fo_status sink_order(fo_core *core, size_t idx, const fo_vda_order_req *req, char *err,
                            size_t errlen, void *ud)
{
	sim_state *s = ud;
	sim_vehicle *sv = sim_of(s, idx);
	fo_vehicle *v = fo_model_vehicle(fo_core_model(core), idx);
	if (!sv || !v) {
		snprintf(err, errlen, "vehicle %zu is not simulated here", idx);
		return FO_ERR;
	}
	if (!req || !req->order_id || !req->order_id[0] || !req->node_ids || req->nnodes < 1 ||
	    req->released < 1 || req->released > req->nnodes) {
		snprintf(err, errlen,
		         "order for %s: needs an orderId, >= 1 node and 1..nodes released", v->id);
		return FO_ERR;
	}
	if (strlen(req->order_id) >= sizeof v->order_id) {
		snprintf(err, errlen, "orderId %.40s... is longer than %zu characters",
		         req->order_id, sizeof v->order_id - 1);
		return FO_ERR;
	}
	bool same = sv->xo && strcmp(v->order_id, req->order_id) == 0;
	if (same && req->order_update_id == sv->xo->update)
		return FO_OK; /* a resend: the vehicle has it already */
	if (unfit(sv, v, err, errlen))
		return FO_ERR;
	uint32_t *nodes = calloc(req->nnodes, sizeof *nodes);
	if (!nodes)
		abort();
	fo_status rc = FO_ERR;
	if (map_nodes(s, req, nodes, err, errlen) == 0 &&
	    layout_edges(s, req, nodes, err, errlen) == 0)
		rc = same ? update_order(s, sv, v, req, nodes, err, errlen)
		          : new_order(s, sv, v, req, nodes, err, errlen);
	free(nodes);
	return rc;
}

static void cancel(sim_state *s, sim_vehicle *sv, fo_vehicle *v)
{
	sim_xorder *xo = sv->xo;
	if (!sim_order_in_progress(sv)) {
		fo_log(s->core, FO_LOG_INFO, "sim: %s has no order to cancel (cancelOrder ignored)",
		       v->id);
		return;
	}
	xo->active = false;
	xo->cancelled = true;
	xo->acting = false;
	v->acting = false;
	v->nodes_left = 0;
	sv->act_until = 0;
	if (sv->next != sv->node) { /* stop on the node ahead */
		sv->target = sv->next;
		sv->phase = SIM_EXT_STOP;
	} else {
		sv->target = sv->node;
		sv->phase = SIM_IDLE;
		sim_halt(v);
	}
	fo_log(s->core, FO_LOG_INFO, "sim: %s cancelled order %s", v->id, v->order_id);
}

static fo_status sink_actions(fo_core *core, size_t idx, const fo_vda_action *actions, size_t n,
                              char *err, size_t errlen, void *ud)
{
	sim_state *s = ud;
	sim_vehicle *sv = sim_of(s, idx);
	fo_vehicle *v = fo_model_vehicle(fo_core_model(core), idx);
	if (!sv || !v) {
		snprintf(err, errlen, "vehicle %zu is not simulated here", idx);
		return FO_ERR;
	}
	static const char *const known[] = {"cancelOrder",  "startPause",    "stopPause",
	                                    "stateRequest", "startCharging", "stopCharging"};
	bool start_charging = false;
	for (size_t i = 0; i < n; i++) {
		const char *t = actions[i].type ? actions[i].type : "";
		size_t k = 0;
		while (k < FO_NELEM(known) && strcmp(t, known[k]) != 0)
			k++;
		if (k == FO_NELEM(known)) {
			snprintf(err, errlen,
			         "%s: the simulator runs cancelOrder, startPause, stopPause, "
			         "stateRequest, startCharging and stopCharging, not '%s'",
			         v->id, t);
			return FO_ERR;
		}
		start_charging |= strcmp(t, "startCharging") == 0;
	}
	/* A startCharging that cannot start FAILS as on a vehicle (the warning
	 * on the vehicle) and the request is refused, so the caller knows at
	 * once; none of its actions ran. */
	char why[160];
	if (start_charging && !sim_charge_possible(s, sv, v, why, sizeof why)) {
		sim_charge_start(s, sv, v, why, sizeof why); /* raises the warning */
		fo_model_touch(fo_core_model(core), v);
		snprintf(err, errlen, "%s: %s (%s)", v->id, why, SIM_CHARGE_ERROR);
		return FO_ERR;
	}
	for (size_t i = 0; i < n; i++) {
		const char *t = actions[i].type;
		if (strcmp(t, "cancelOrder") == 0)
			cancel(s, sv, v);
		else if (strcmp(t, "startCharging") == 0)
			sim_charge_start(s, sv, v, why, sizeof why);
		else if (strcmp(t, "stopCharging") == 0)
			sim_charge_stop(s, sv, v);
		else if (strcmp(t, "startPause") == 0)
			v->paused = true; /* sim_step halts it and holds its actions */
		else if (strcmp(t, "stopPause") == 0)
			v->paused = false;
		/* stateRequest: the model is the sim's state, always current */
	}
	fo_model_touch(fo_core_model(core), v);
	return FO_OK;
}

int sim_orders_register(sim_state *s)
{
	fo_dispatch_sink sink = {
	    .name = "sim",
	    .serves = sink_serves,
	    .order = sink_order,
	    .actions = sink_actions,
	    .ud = s,
	};
	return fo_dispatch_register(s->core, &sink);
}

void sim_orders_free(sim_state *s)
{
	for (uint32_t i = 0; s->veh && i < s->nvehicles; i++) {
		if (s->veh[i].xo)
			free(s->veh[i].xo->nodes);
		free(s->veh[i].xo);
		s->veh[i].xo = NULL;
	}
}
