/* simagv_agv.c — one simulated AGV's behaviour under VDA 5050 2.1.0:
 * accepting, stitching and rejecting orders (spec 6.6.2-6.6.4), instant
 * actions (cancelOrder, startPause/stopPause, stateRequest, factsheetRequest,
 * startCharging/stopCharging), driving the released node/edge sequence and
 * running node and edge actions.
 *
 * Charging (6.8.1, 6.8.2): startCharging, on a node or instant, is
 * FINISHED once charging is on, which it only is standing on a charger
 * node of the map; elsewhere, or driving, it FAILS with the WARNING
 * startChargingFailed (errorReference the actionId), cleared by the next
 * startCharging that works or the next order.  While charging the battery
 * rises (held at 100 % when full, still charging), the vehicle does not
 * drive and refuses a new order (orderError: stopCharging first);
 * stopCharging always finishes.  A flat battery stops the vehicle with the
 * FATAL batteryEmpty until it has charge again.
 *
 * Simplifications, on purpose: the vehicle stops at once (no braking
 * distance) when told to stop or pause; actions keep RUNNING while paused
 * (the 2.1.0 state schema has no PAUSED); edge actions never block driving. */
#include "simagv.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCEL 0.6 /* m/s^2, as the factsheet says */
#define DECEL 0.6
#define DRAIN_PER_M 0.04    /* battery % per metre */
#define DRAIN_IDLE_S 0.003  /* % per second */
#define CHARGE_S 0.8        /* % per second */
#define START_TOLERANCE 0.5 /* m: how close the first node of a new order must be */
#define CHARGE_ERROR "startChargingFailed"
#define EMPTY_ERROR "batteryEmpty"

/* Action types the vehicle can run on nodes (and edges), with their time. */
static const struct {
	const char *type;
	double secs;
	bool edge;
} order_actions[] = {
    {"pick", 3.0, true},
    {"drop", 3.0, true},
    {"finePositioning", 1.0, true},
    {"detectObject", 1.0, true},
    {"startCharging", 0.2, false},
    {"stopCharging", 0.2, false},
    {"waitForTrigger", 2.0, false},
};

static int order_action_find(const char *type)
{
	for (size_t i = 0; i < sizeof order_actions / sizeof order_actions[0]; i++)
		if (strcmp(order_actions[i].type, type) == 0)
			return (int)i;
	return -1;
}

/* ---- errors */

void sa_error_set(sa_vehicle *v, const char *type, bool fatal, const char *ref_key,
                  const char *ref_val, const char *fmt, ...)
{
	sa_error *e = NULL;
	for (size_t i = 0; i < v->nerrs; i++)
		if (strcmp(v->errs[i].type, type) == 0)
			e = &v->errs[i];
	if (!e) {
		if (v->nerrs == SA_MAX_ERRORS) { /* the oldest goes */
			memmove(&v->errs[0], &v->errs[1], (SA_MAX_ERRORS - 1) * sizeof v->errs[0]);
			v->nerrs--;
		}
		e = &v->errs[v->nerrs++];
	}
	memset(e, 0, sizeof *e);
	snprintf(e->type, sizeof e->type, "%s", type);
	e->fatal = fatal;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->desc, sizeof e->desc, fmt, ap);
	va_end(ap);
	if (ref_key && ref_val) {
		snprintf(e->ref_key, sizeof e->ref_key, "%s", ref_key);
		snprintf(e->ref_val, sizeof e->ref_val, "%s", ref_val);
	}
	v->dirty = true;
	fo_log(v->sim->core, FO_LOG_INFO, "simagv: %s: %s: %s", v->serial, type, e->desc);
}

static void error_clear(sa_vehicle *v, const char *type)
{
	size_t w = 0;
	for (size_t i = 0; i < v->nerrs; i++)
		if (strcmp(v->errs[i].type, type) != 0)
			v->errs[w++] = v->errs[i];
	if (w != v->nerrs)
		v->dirty = true;
	v->nerrs = w;
}

static bool has_error(const sa_vehicle *v, const char *type)
{
	for (size_t i = 0; i < v->nerrs; i++)
		if (strcmp(v->errs[i].type, type) == 0)
			return true;
	return false;
}

/* Order warnings last until a new order is accepted (spec 6.6.4). */
static void errors_clear_order(sa_vehicle *v)
{
	static const char *const order_errs[] = {
	    "validationError", "orderError", "orderUpdateError", "noOrderToCancel", CHARGE_ERROR};
	size_t w = 0;
	for (size_t i = 0; i < v->nerrs; i++) {
		bool drop = false;
		for (size_t k = 0; k < sizeof order_errs / sizeof order_errs[0]; k++)
			if (strcmp(v->errs[i].type, order_errs[k]) == 0)
				drop = true;
		if (!drop)
			v->errs[w++] = v->errs[i];
	}
	v->nerrs = w;
}

/* ---- actions */

static bool final(const sa_action *a)
{
	return a->status == SA_FINISHED || a->status == SA_FAILED;
}

/* A free action slot; when full the oldest finished one goes.  NULL when
 * every slot holds a live action. */
static sa_action *action_add(sa_vehicle *v)
{
	if (v->nacts == SA_MAX_ACTIONS) {
		size_t i = 0;
		while (i < v->nacts && !final(&v->acts[i]))
			i++;
		if (i == v->nacts)
			return NULL;
		memmove(&v->acts[i], &v->acts[i + 1], (v->nacts - i - 1) * sizeof v->acts[0]);
		v->nacts--;
	}
	sa_action *a = &v->acts[v->nacts++];
	memset(a, 0, sizeof *a);
	return a;
}

static bool order_busy(const sa_vehicle *v)
{
	if (v->next < v->nnodes || v->canceling)
		return true;
	for (size_t i = 0; i < v->nacts; i++)
		if (v->acts[i].scope != SA_ON_INSTANT && !final(&v->acts[i]))
			return true;
	return false;
}

/* Why the vehicle cannot start charging where it is; NULL: it can. */
static const char *no_charging(const sa_vehicle *v, char *why, size_t len)
{
	fo_model *m = fo_core_model(v->sim->core);
	long k = fo_model_node_find(m, v->last_node);
	const fo_map_node *n = k >= 0 ? fo_model_node(m, (size_t)k) : NULL;
	if (v->driving || v->speed > 0 || v->since_node > 0)
		snprintf(why, len, "startCharging while driving (last node %.28s)", v->last_node);
	else if (!n || n->kind != FO_NODE_CHARGER ||
	         hypot(n->x - v->x, n->y - v->y) > START_TOLERANCE)
		snprintf(why, len, "startCharging on %.46s: not a charger", v->last_node);
	else
		return NULL;
	return why;
}

static void action_finish(sa_vehicle *v, sa_action *a, sa_status st, const char *result)
{
	char why[sizeof a->result];
	if (st == SA_FINISHED && strcmp(a->type, "startCharging") == 0 &&
	    no_charging(v, why, sizeof why)) {
		st = SA_FAILED;
		result = why;
		sa_error_set(v, CHARGE_ERROR, false, "actionId", a->id, "%s", why);
	}
	a->status = (uint8_t)st;
	if (result)
		snprintf(a->result, sizeof a->result, "%s", result);
	v->dirty = true;
	if (st != SA_FINISHED)
		return;
	if (strcmp(a->type, "pick") == 0) {
		snprintf(v->load, sizeof v->load, "%s", a->load_id[0] ? a->load_id : "LOAD-SIM");
		snprintf(a->result, sizeof a->result, "picked %s", v->load);
	} else if (strcmp(a->type, "drop") == 0) {
		v->load[0] = '\0';
	} else if (strcmp(a->type, "startCharging") == 0) {
		v->charging = true;
		error_clear(v, CHARGE_ERROR);
		error_clear(v, EMPTY_ERROR);
	} else if (strcmp(a->type, "stopCharging") == 0) {
		v->charging = false;
	}
}

/* Node actions of traversed nodes start in list order: a HARD one runs
 * alone, SOFT and NONE ones run together (spec 6.12). */
static void actions_start(sa_vehicle *v)
{
	bool hard_running = false, any_running = false;
	for (size_t i = 0; i < v->nacts; i++) {
		const sa_action *a = &v->acts[i];
		if (a->scope == SA_ON_NODE && a->status == SA_RUNNING) {
			any_running = true;
			hard_running |= a->blocking == SA_BLOCK_HARD;
		}
	}
	for (size_t i = 0; i < v->nacts && !hard_running; i++) {
		sa_action *a = &v->acts[i];
		if (a->scope != SA_ON_NODE || a->status != SA_WAITING || a->seq > v->last_seq)
			continue;
		if (a->blocking == SA_BLOCK_HARD && any_running)
			break; /* waits for those before it */
		a->status = SA_RUNNING;
		v->dirty = true;
		any_running = true;
		hard_running = a->blocking == SA_BLOCK_HARD;
	}
}

static void actions_run(sa_vehicle *v, double dt)
{
	for (size_t i = 0; i < v->nacts; i++) {
		sa_action *a = &v->acts[i];
		if (a->status != SA_RUNNING || a->scope == SA_ON_INSTANT)
			continue;
		if (a->scope == SA_ON_EDGE)
			continue; /* ends when the edge is left */
		if (v->paused)
			continue;
		a->left_s -= dt;
		if (a->left_s <= 0)
			action_finish(v, a, SA_FINISHED, NULL);
	}
}

/* Node actions with SOFT or HARD blocking keep the vehicle standing. */
static bool blocked_by_actions(const sa_vehicle *v)
{
	for (size_t i = 0; i < v->nacts; i++) {
		const sa_action *a = &v->acts[i];
		if (a->scope == SA_ON_NODE && !final(a) && a->seq <= v->last_seq &&
		    a->blocking != SA_BLOCK_NONE)
			return true;
	}
	return false;
}

static bool node_has_blocking(const sa_vehicle *v, uint32_t seq)
{
	for (size_t i = 0; i < v->nacts; i++)
		if (v->acts[i].scope == SA_ON_NODE && v->acts[i].seq == seq &&
		    v->acts[i].blocking != SA_BLOCK_NONE)
			return true;
	return false;
}

/* ---- motion */

static size_t last_released(const sa_vehicle *v)
{
	size_t b = 0;
	for (size_t i = 0; i < v->nnodes; i++)
		if (v->nodes[i].released)
			b = i;
	return b;
}

static void traverse(sa_vehicle *v, size_t k)
{
	snprintf(v->last_node, sizeof v->last_node, "%s", v->nodes[k].id);
	v->last_seq = v->nodes[k].seq;
	v->next = k + 1;
	v->since_node = 0;
	/* leaving the edge ends its actions */
	for (size_t i = 0; i < v->nacts; i++) {
		sa_action *a = &v->acts[i];
		if (a->scope == SA_ON_EDGE && a->seq < v->last_seq && !final(a))
			action_finish(v, a, a->status == SA_RUNNING ? SA_FINISHED : SA_FAILED,
			              a->status == SA_RUNNING ? NULL : "edge left before it ran");
	}
	v->dirty = true;
}

static void edge_actions_enter(sa_vehicle *v)
{
	uint32_t to = v->nodes[v->next].seq;
	for (size_t i = 0; i < v->nacts; i++) {
		sa_action *a = &v->acts[i];
		if (a->scope == SA_ON_EDGE && a->status == SA_WAITING && a->seq > v->last_seq &&
		    a->seq < to) {
			a->status = SA_RUNNING;
			v->dirty = true;
		}
	}
}

static void set_driving(sa_vehicle *v, bool d)
{
	if (v->driving != d) {
		v->driving = d;
		v->dirty = true;
	}
}

/* The top speed on edge i: the vehicle's, the order's maxSpeed and, on a
 * layout, the layout's limit (folded into max_speed when parsed). */
static double edge_vmax(const sa_vehicle *v, size_t i)
{
	double e = i < v->nedges ? v->edges[i].max_speed : 0;
	return e > 0 && e < v->vmax ? e : v->vmax;
}

void sa_step(sa_vehicle *v, double dt)
{
	actions_start(v);
	actions_run(v, dt);
	if (v->charging) {
		v->battery += CHARGE_S * dt;
		if (v->battery > 100)
			v->battery = 100; /* full: held there until stopCharging */
	} else {
		v->battery -= DRAIN_IDLE_S * dt;
	}
	if (v->battery <= 0 && !v->charging) {
		v->battery = 0;
		if (!has_error(v, EMPTY_ERROR))
			sa_error_set(
			    v, EMPTY_ERROR, true, NULL, NULL,
			    "battery empty (0 %%), vehicle stopped: charge it where it stands");
	} else if (v->battery > 0 && has_error(v, EMPTY_ERROR)) {
		error_clear(v, EMPTY_ERROR);
	}
	/* a cancel leaves a route only on a layout, to the end of the edge */
	bool can = v->next < v->nnodes && v->nodes[v->next].released && !v->paused &&
	           !v->charging && !blocked_by_actions(v) && v->battery > 0;
	if (!can) {
		v->speed = 0;
		set_driving(v, false);
		if (v->canceling) { /* standing: the cancel is done */
			v->canceling = false;
			v->nnodes = v->nedges = v->next = 0;
			for (size_t i = 0; i < v->nacts; i++)
				if (strcmp(v->acts[i].id, v->cancel_id) == 0 &&
				    v->acts[i].scope == SA_ON_INSTANT && !final(&v->acts[i]))
					action_finish(v, &v->acts[i], SA_FINISHED,
					              "order cancelled");
		}
		actions_start(v);
		return;
	}
	if (!v->driving)
		edge_actions_enter(v);
	set_driving(v, true);
	const sa_node *t = &v->nodes[v->next];
	double dx = t->x - v->x, dy = t->y - v->y, d = hypot(dx, dy);
	double vmax = v->next > 0 ? edge_vmax(v, v->next - 1) : v->vmax;
	bool stop_here =
	    v->next == last_released(v) || v->next + 1 == v->nnodes || node_has_blocking(v, t->seq);
	double limit = vmax;
	if (stop_here) {
		double brake = sqrt(2 * DECEL * d);
		limit = brake < limit ? brake : limit;
		if (limit < 0.1)
			limit = 0.1; /* creep the last centimetres */
	} else if (v->sim->layout) {
		/* slow down in time for a slower edge after the node (on a layout,
		 * where limits are the site's; the depot keeps its old motion) */
		double after = edge_vmax(v, v->next);
		double brake = sqrt(after * after + 2 * DECEL * d);
		limit = brake < limit ? brake : limit;
	}
	v->speed += ACCEL * dt;
	if (v->speed > limit)
		v->speed = limit;
	double step = v->speed * dt;
	if (d > 1e-9)
		v->theta = atan2(dy, dx);
	if (step >= d) {
		step = d;
		v->x = t->x;
		v->y = t->y;
		traverse(v, v->next);
		if (stop_here) {
			v->speed = 0;
		} else if (v->next < v->nnodes) {
			double after = edge_vmax(v, v->next - 1);
			if (v->sim->layout && v->speed > after) /* the last braking step's rest */
				v->speed = after;
			edge_actions_enter(v);
		}
	} else {
		v->x += dx / d * step;
		v->y += dy / d * step;
		v->since_node += step;
	}
	v->odometer += step;
	v->battery -= DRAIN_PER_M * step;
	if (v->battery < 0)
		v->battery = 0;
	if (v->speed == 0)
		set_driving(v, false);
}

/* ---- parsing */

typedef struct {
	char why[160];
	char ref[SA_ID];  /* the field or id at fault */
	bool order_error; /* orderError (cannot do it) rather than validationError */
} sa_bad;

static bool bad(sa_bad *b, bool order_error, const char *ref, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static bool bad(sa_bad *b, bool order_error, const char *ref, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof b->why, fmt, ap);
	va_end(ap);
	snprintf(b->ref, sizeof b->ref, "%s", ref ? ref : "");
	b->order_error = order_error;
	return false;
}

static bool get_str(json_t *o, const char *k, char *dst, size_t n, bool required, sa_bad *b)
{
	json_t *x = json_object_get(o, k);
	if (!x) {
		if (required)
			return bad(b, false, k, "missing %s", k);
		dst[0] = '\0';
		return true;
	}
	if (!json_is_string(x))
		return bad(b, false, k, "%s is not a string", k);
	if (json_string_length(x) >= n)
		return bad(b, false, k, "%s is longer than %zu characters", k, n - 1);
	memcpy(dst, json_string_value(x), json_string_length(x) + 1);
	return true;
}

static bool get_uint(json_t *o, const char *k, uint32_t *dst, sa_bad *b)
{
	json_t *x = json_object_get(o, k);
	if (!x)
		return bad(b, false, k, "missing %s", k);
	if (!json_is_integer(x) || json_integer_value(x) < 0 ||
	    json_integer_value(x) > (json_int_t)UINT32_MAX)
		return bad(b, false, k, "%s is not a uint32", k);
	*dst = (uint32_t)json_integer_value(x);
	return true;
}

static bool get_bool(json_t *o, const char *k, bool *dst, sa_bad *b)
{
	json_t *x = json_object_get(o, k);
	if (!x)
		return bad(b, false, k, "missing %s", k);
	if (!json_is_boolean(x))
		return bad(b, false, k, "%s is not a boolean", k);
	*dst = json_is_true(x);
	return true;
}

/* Header of an inbound message: types right, addressed to this vehicle. */
static bool check_header(sa_vehicle *v, json_t *root, sa_bad *b)
{
	char s[SA_ID];
	uint32_t u;
	if (!json_is_object(root))
		return bad(b, false, "message", "not a JSON object");
	if (!get_uint(root, "headerId", &u, b) ||
	    !get_str(root, "timestamp", s, sizeof s, true, b) ||
	    !get_str(root, "version", s, sizeof s, true, b))
		return false;
	if (strncmp(s, "2.", 2) != 0)
		return bad(b, false, "version", "protocol version %s is not 2.x", s);
	if (!get_str(root, "manufacturer", s, sizeof s, true, b))
		return false;
	if (strcmp(s, SA_MANUFACTURER) != 0)
		return bad(b, false, "manufacturer", "manufacturer %s is not %s", s,
		           SA_MANUFACTURER);
	if (!get_str(root, "serialNumber", s, sizeof s, true, b))
		return false;
	if (strcmp(s, v->serial) != 0)
		return bad(b, false, "serialNumber", "serialNumber %s is not %s", s, v->serial);
	return true;
}

/* An action of an order or of instantActions; checked only for shape. */
static bool parse_action(json_t *x, sa_action *a, sa_bad *b)
{
	memset(a, 0, sizeof *a);
	if (!json_is_object(x))
		return bad(b, false, "actions", "an action is not an object");
	char blocking[8];
	if (!get_str(x, "actionId", a->id, sizeof a->id, true, b) ||
	    !get_str(x, "actionType", a->type, sizeof a->type, true, b) ||
	    !get_str(x, "blockingType", blocking, sizeof blocking, true, b))
		return false;
	if (strcmp(blocking, "NONE") == 0)
		a->blocking = SA_BLOCK_NONE;
	else if (strcmp(blocking, "SOFT") == 0)
		a->blocking = SA_BLOCK_SOFT;
	else if (strcmp(blocking, "HARD") == 0)
		a->blocking = SA_BLOCK_HARD;
	else
		return bad(b, false, a->id, "blockingType %s is not NONE, SOFT or HARD", blocking);
	json_t *params = json_object_get(x, "actionParameters");
	if (params && !json_is_array(params))
		return bad(b, false, a->id, "actionParameters is not an array");
	size_t i;
	json_t *p;
	json_array_foreach(params, i, p)
	{
		json_t *k = json_object_get(p, "key");
		if (!json_is_object(p) || !json_is_string(k) || !json_object_get(p, "value"))
			return bad(b, false, a->id, "an actionParameter needs key and value");
		json_t *val = json_object_get(p, "value");
		if (strcmp(json_string_value(k), "loadId") == 0 && json_is_string(val))
			snprintf(a->load_id, sizeof a->load_id, "%s", json_string_value(val));
	}
	a->status = SA_WAITING;
	return true;
}

typedef struct {
	char order_id[SA_ID];
	uint32_t update;
	sa_node *nodes;
	sa_edge *edges;
	size_t nnodes, nedges;
	sa_action *acts;
	size_t nacts;
	double dev0; /* allowedDeviationXY of the first node */
} sa_order;

static void order_free(sa_order *o)
{
	free(o->nodes);
	free(o->edges);
	free(o->acts);
}

static bool parse_actions(json_t *owner, sa_scope scope, uint32_t seq, sa_order *o, sa_bad *b)
{
	json_t *arr = json_object_get(owner, "actions");
	if (!arr)
		return bad(b, false, "actions", "missing actions");
	if (!json_is_array(arr))
		return bad(b, false, "actions", "actions is not an array");
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	{
		sa_action a;
		if (!parse_action(x, &a, b))
			return false;
		int k = order_action_find(a.type);
		if (k < 0 || (scope == SA_ON_EDGE && !order_actions[k].edge))
			return bad(b, true, a.id, "action %s cannot run on %s", a.type,
			           scope == SA_ON_EDGE ? "an edge" : "a node");
		a.scope = (uint8_t)scope;
		a.seq = seq;
		a.left_s = order_actions[k].secs;
		o->acts = realloc(o->acts, (o->nacts + 1) * sizeof *o->acts);
		if (!o->acts)
			abort();
		o->acts[o->nacts++] = a;
	}
	return true;
}

static bool parse_order(sa_vehicle *v, json_t *root, sa_order *o, sa_bad *b)
{
	fo_model *m = fo_core_model(v->sim->core);
	if (!check_header(v, root, b) ||
	    !get_str(root, "orderId", o->order_id, sizeof o->order_id, true, b) ||
	    !get_uint(root, "orderUpdateId", &o->update, b))
		return false;
	if (!o->order_id[0])
		return bad(b, false, "orderId", "orderId is empty");
	json_t *nodes = json_object_get(root, "nodes"), *edges = json_object_get(root, "edges");
	if (!json_is_array(nodes) || !json_is_array(edges))
		return bad(b, false, !json_is_array(nodes) ? "nodes" : "edges",
		           "nodes and edges must be arrays");
	size_t nn = json_array_size(nodes), ne = json_array_size(edges);
	if (nn == 0)
		return bad(b, false, "nodes", "an order needs at least one node");
	if (nn > SA_MAX_NODES)
		return bad(b, true, "nodes", "more than %d nodes", SA_MAX_NODES);
	if (ne + 1 != nn)
		return bad(b, false, "edges", "%zu nodes need %zu edges, not %zu", nn, nn - 1, ne);
	o->nodes = calloc(nn, sizeof *o->nodes);
	o->edges = calloc(ne ? ne : 1, sizeof *o->edges);
	if (!o->nodes || !o->edges)
		abort();
	o->nnodes = nn;
	o->nedges = ne;
	o->dev0 = START_TOLERANCE;
	for (size_t i = 0; i < nn; i++) {
		json_t *x = json_array_get(nodes, i);
		sa_node *n = &o->nodes[i];
		if (!json_is_object(x))
			return bad(b, false, "nodes", "node %zu is not an object", i);
		if (!get_str(x, "nodeId", n->id, sizeof n->id, true, b) ||
		    !get_uint(x, "sequenceId", &n->seq, b) ||
		    !get_bool(x, "released", &n->released, b))
			return false;
		if (i > 0 && n->seq <= o->nodes[i - 1].seq)
			return bad(b, false, n->id, "node sequenceIds must increase");
		if (i > 0 && n->released && !o->nodes[i - 1].released)
			return bad(b, false, n->id, "a released node follows the horizon");
		json_t *pos = json_object_get(x, "nodePosition");
		if (pos) {
			json_t *px = json_object_get(pos, "x"), *py = json_object_get(pos, "y");
			if (!json_is_object(pos) || !json_is_number(px) || !json_is_number(py))
				return bad(b, false, n->id, "nodePosition needs numbers x and y");
			n->x = json_number_value(px);
			n->y = json_number_value(py);
			json_t *dev = json_object_get(pos, "allowedDeviationXY");
			if (i == 0 && json_is_number(dev) && json_number_value(dev) > o->dev0)
				o->dev0 = json_number_value(dev);
		}
		/* on a layout the vehicle drives between the layout's positions */
		if (!pos || v->sim->layout) {
			long k = fo_model_node_find(m, n->id);
			if (k < 0)
				return bad(b, true, n->id, "node %s is not on the %s", n->id,
				           v->sim->layout ? "layout" : "map");
			const fo_map_node *mn = fo_model_node(m, (size_t)k);
			n->x = mn->x;
			n->y = mn->y;
		}
		if (!parse_actions(x, SA_ON_NODE, n->seq, o, b))
			return false;
	}
	if (!o->nodes[0].released)
		return bad(b, false, o->nodes[0].id, "the first node is not released");
	for (size_t i = 0; i < ne; i++) {
		json_t *x = json_array_get(edges, i);
		sa_edge *e = &o->edges[i];
		char from[SA_ID], to[SA_ID];
		if (!json_is_object(x))
			return bad(b, false, "edges", "edge %zu is not an object", i);
		if (!get_str(x, "edgeId", e->id, sizeof e->id, true, b) ||
		    !get_uint(x, "sequenceId", &e->seq, b) ||
		    !get_bool(x, "released", &e->released, b) ||
		    !get_str(x, "startNodeId", from, sizeof from, true, b) ||
		    !get_str(x, "endNodeId", to, sizeof to, true, b))
			return false;
		if (strcmp(from, o->nodes[i].id) != 0 || strcmp(to, o->nodes[i + 1].id) != 0)
			return bad(b, false, e->id, "edge %s does not join %s and %s", e->id,
			           o->nodes[i].id, o->nodes[i + 1].id);
		if (e->seq <= o->nodes[i].seq || e->seq >= o->nodes[i + 1].seq)
			return bad(b, false, e->id, "edge sequenceId is not between its nodes'");
		if (e->released != o->nodes[i + 1].released)
			return bad(b, false, e->id, "edge and its end node differ in released");
		json_t *ms = json_object_get(x, "maxSpeed");
		if (ms && !json_is_number(ms))
			return bad(b, false, e->id, "maxSpeed is not a number");
		e->max_speed = ms ? json_number_value(ms) : 0;
		if (v->sim->layout) { /* only the layout's edges, in their direction */
			double lim = sa_layout_edge_speed(v, from, to);
			if (lim < 0)
				return bad(b, true, e->id, "no layout edge from %s to %s", from,
				           to);
			if (lim > 0 && (e->max_speed <= 0 || lim < e->max_speed))
				e->max_speed = lim;
		}
		if (json_object_get(x, "trajectory"))
			return bad(b, true, e->id, "trajectories are not supported");
		if (!parse_actions(x, SA_ON_EDGE, e->seq, o, b))
			return false;
	}
	/* action ids must be unique within the order */
	for (size_t i = 0; i < o->nacts; i++)
		for (size_t k = i + 1; k < o->nacts; k++)
			if (strcmp(o->acts[i].id, o->acts[k].id) == 0)
				return bad(b, false, o->acts[i].id, "actionId %s is used twice",
				           o->acts[i].id);
	return true;
}

static void nodes_reserve(sa_vehicle *v, size_t n)
{
	if (n <= v->cap)
		return;
	size_t cap = v->cap ? v->cap : 16;
	while (cap < n)
		cap *= 2;
	v->nodes = realloc(v->nodes, cap * sizeof *v->nodes);
	v->edges = realloc(v->edges, cap * sizeof *v->edges);
	if (!v->nodes || !v->edges)
		abort();
	v->cap = cap;
}

/* Appends o's actions from index from, skipping those of the node with
 * sequenceId skip_seq (the stitching node keeps its first instructions).
 * Returns false when the vehicle has no room left. */
static bool add_actions(sa_vehicle *v, const sa_order *o, bool skip_first_node)
{
	for (size_t i = 0; i < o->nacts; i++) {
		if (skip_first_node && o->acts[i].scope == SA_ON_NODE &&
		    o->acts[i].seq == o->nodes[0].seq)
			continue;
		sa_action *a = action_add(v);
		if (!a)
			return false;
		*a = o->acts[i];
	}
	return true;
}

static void accept_new(sa_vehicle *v, sa_order *o)
{
	errors_clear_order(v);
	/* states of the previous order and of finished instant actions go */
	size_t w = 0;
	for (size_t i = 0; i < v->nacts; i++)
		if (v->acts[i].scope == SA_ON_INSTANT && !final(&v->acts[i]))
			v->acts[w++] = v->acts[i];
	v->nacts = w;
	snprintf(v->order_id, sizeof v->order_id, "%s", o->order_id);
	v->order_update = o->update;
	nodes_reserve(v, o->nnodes);
	memcpy(v->nodes, o->nodes, o->nnodes * sizeof *o->nodes);
	if (o->nedges)
		memcpy(v->edges, o->edges, o->nedges * sizeof *o->edges);
	v->nnodes = o->nnodes;
	v->nedges = o->nedges;
	if (!add_actions(v, o, false))
		sa_error_set(v, "orderError", false, "orderId", o->order_id,
		             "too many action states; some actions of the order were dropped");
	traverse(v, 0); /* the vehicle stands on (or near) the first node */
	fo_log(v->sim->core, FO_LOG_INFO, "simagv: %s: order %s/%u accepted (%zu nodes)", v->serial,
	       o->order_id, o->update, o->nnodes);
}

/* Spec 6.6.2: the update's first node is the last base node. */
static bool accept_update(sa_vehicle *v, sa_order *o, sa_bad *b)
{
	if (v->nnodes == 0)
		return bad(b, false, "orderId", "order %s was cancelled; send a new order",
		           v->order_id);
	size_t base = last_released(v);
	const sa_node *stitch = &v->nodes[base];
	if (strcmp(stitch->id, o->nodes[0].id) != 0 || stitch->seq != o->nodes[0].seq)
		return bad(b, false, o->nodes[0].id,
		           "update starts at %s/%u, not at the end of the base %s/%u",
		           o->nodes[0].id, o->nodes[0].seq, stitch->id, stitch->seq);
	uint32_t stitch_seq = stitch->seq;
	/* the old horizon goes, with the actions waiting on it */
	size_t w = 0;
	for (size_t i = 0; i < v->nacts; i++)
		if (v->acts[i].scope == SA_ON_INSTANT || v->acts[i].seq <= stitch_seq)
			v->acts[w++] = v->acts[i];
	v->nacts = w;
	size_t nn = base + o->nnodes;
	nodes_reserve(v, nn);
	memcpy(&v->nodes[base + 1], &o->nodes[1], (o->nnodes - 1) * sizeof *o->nodes);
	if (o->nedges)
		memcpy(&v->edges[base], o->edges, o->nedges * sizeof *o->edges);
	v->nnodes = nn;
	v->nedges = base + o->nedges;
	v->order_update = o->update;
	errors_clear_order(v);
	if (!add_actions(v, o, true))
		sa_error_set(v, "orderError", false, "orderId", o->order_id,
		             "too many action states; some actions of the update were dropped");
	if (v->next > v->nnodes)
		v->next = v->nnodes;
	v->dirty = true;
	fo_log(v->sim->core, FO_LOG_INFO, "simagv: %s: order %s/%u stitched (%zu nodes left)",
	       v->serial, o->order_id, o->update, v->nnodes - v->next);
	return true;
}

static void reject(sa_vehicle *v, const char *type, const sa_bad *b, const char *order_id)
{
	const char *key = b->ref[0] ? "field" : "orderId";
	const char *val = b->ref[0] ? b->ref : order_id;
	sa_error_set(v, type, false, key, val, "%s", b->why);
}

static json_t *load_json(sa_vehicle *v, const char *payload, size_t len, sa_bad *b)
{
	if (len > SA_MAX_PAYLOAD) {
		bad(b, false, "message", "message of %zu bytes is larger than %d", len,
		    SA_MAX_PAYLOAD);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		bad(b, false, "message", "not JSON: %s (line %d)", je.text, je.line);
	return root;
}

void sa_on_order(sa_vehicle *v, const char *payload, size_t len)
{
	sa_bad b = {{0}, {0}, false};
	sa_order o;
	memset(&o, 0, sizeof o);
	json_t *root = load_json(v, payload, len, &b);
	if (!root || !parse_order(v, root, &o, &b)) {
		reject(v, b.order_error ? "orderError" : "validationError", &b, o.order_id);
		goto out;
	}
	if (v->order_id[0] && strcmp(o.order_id, v->order_id) == 0) {
		if (o.update < v->order_update) {
			bad(&b, false, "orderUpdateId", "orderUpdateId %u is lower than %u",
			    o.update, v->order_update);
			reject(v, "orderUpdateError", &b, o.order_id);
		} else if (o.update == v->order_update) {
			v->dirty = true; /* a resend: ignored, but say where we are */
		} else if (!accept_update(v, &o, &b)) {
			reject(v, "orderUpdateError", &b, o.order_id);
		}
		goto out;
	}
	if (order_busy(v)) {
		bad(&b, false, "orderId", "still executing order %s; cancel it first", v->order_id);
		reject(v, "orderError", &b, o.order_id);
		goto out;
	}
	if (v->charging) { /* spec 6.8.1: charging, it is not ready for orders */
		bad(&b, false, "orderId", "charging on %s; send stopCharging before a new order",
		    v->last_node);
		reject(v, "orderError", &b, o.order_id);
		goto out;
	}
	const sa_node *first = &o.nodes[0];
	double d = hypot(first->x - v->x, first->y - v->y);
	/* on a layout the vehicle must stand there: it leaves only along edges */
	if ((v->sim->layout || strcmp(first->id, v->last_node) != 0) && d > o.dev0) {
		bad(&b, true, first->id, "first node %s is %.1f m away (at most %.1f m)", first->id,
		    d, o.dev0);
		reject(v, "noRouteError", &b, o.order_id);
		goto out;
	}
	accept_new(v, &o);
out:
	order_free(&o);
	json_decref(root);
}

static void cancel_order(sa_vehicle *v, sa_action *a)
{
	if (!order_busy(v)) {
		action_finish(v, a, SA_FAILED, "no order to cancel");
		sa_error_set(v, "noOrderToCancel", false, "actionId", a->id,
		             "cancelOrder without an order to cancel");
		return;
	}
	for (size_t i = 0; i < v->nacts; i++) {
		sa_action *x = &v->acts[i];
		if (x->scope != SA_ON_INSTANT && !final(x))
			action_finish(v, x, SA_FAILED, "order cancelled");
	}
	/* orderId and orderUpdateId stay (spec 6.6.3); the rest of the route
	 * goes.  On a layout a vehicle between two nodes first drives on to the
	 * edge's end (cancelOrder may stop at the next node), so it only ever
	 * stands on the layout's nodes; sa_step ends the cancel there. */
	if (v->sim->layout && v->next < v->nnodes && v->since_node > 0) {
		v->nnodes = v->next + 1;
		v->nedges = v->next;
	} else {
		v->nnodes = v->nedges = v->next = 0;
	}
	a->status = SA_RUNNING; /* FINISHED once the vehicle stands (sa_step) */
	v->canceling = true;
	snprintf(v->cancel_id, sizeof v->cancel_id, "%s", a->id);
	fo_log(v->sim->core, FO_LOG_INFO, "simagv: %s: order %s cancelled", v->serial, v->order_id);
}

void sa_on_instant(sa_vehicle *v, const char *payload, size_t len)
{
	sa_bad b = {{0}, {0}, false};
	json_t *root = load_json(v, payload, len, &b);
	json_t *arr = NULL;
	if (!root || !check_header(v, root, &b))
		goto invalid;
	arr = json_object_get(root, "actions");
	if (!json_is_array(arr)) {
		bad(&b, false, "actions", "actions is missing or not an array");
		goto invalid;
	}
	size_t n = json_array_size(arr);
	sa_action *in = calloc(n ? n : 1, sizeof *in);
	if (!in)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (!parse_action(json_array_get(arr, i), &in[i], &b)) {
			free(in);
			goto invalid;
		}
	}
	for (size_t i = 0; i < n; i++) {
		sa_action *a = action_add(v);
		if (!a) {
			sa_error_set(v, "validationError", false, "actionId", in[i].id,
			             "too many live actions");
			break;
		}
		*a = in[i];
		a->scope = SA_ON_INSTANT;
		const char *t = a->type;
		if (strcmp(t, "cancelOrder") == 0) {
			cancel_order(v, a);
		} else if (strcmp(t, "startPause") == 0 || strcmp(t, "stopPause") == 0) {
			v->paused = strcmp(t, "startPause") == 0;
			action_finish(v, a, SA_FINISHED, v->paused ? "paused" : "resumed");
		} else if (strcmp(t, "stateRequest") == 0) {
			action_finish(v, a, SA_FINISHED, NULL);
		} else if (strcmp(t, "factsheetRequest") == 0) {
			action_finish(v, a, SA_FINISHED, NULL);
			sa_send_factsheet(v);
		} else if (strcmp(t, "startCharging") == 0 || strcmp(t, "stopCharging") == 0) {
			/* startCharging off a charger: FAILED (action_finish) */
			action_finish(v, a, SA_FINISHED, NULL);
		} else {
			action_finish(v, a, SA_FAILED, "unsupported instant action");
		}
	}
	free(in);
	v->dirty = true;
	json_decref(root);
	return;
invalid:
	sa_error_set(v, "validationError", false, "field", b.ref[0] ? b.ref : "message",
	             "instantActions refused: %s", b.why);
	json_decref(root);
}
