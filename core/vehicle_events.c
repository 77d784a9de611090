/* vehicle_events.c — vehicle events published by the model for every
 * source (the contract, with when each fires, is in fleetops_plugin.h,
 * "vehicle events").
 *
 * Each vehicle has a private snapshot of what was last published for it;
 * fo_model_touch hands every changed vehicle here, which compares and
 * publishes the differences.  The public fo_vehicle does not grow for this.
 *
 * A subscriber may change vehicles (and so re-enter here) or add one (and
 * so move the model's vehicle array): a touch first works out all its
 * events, with copies of every string they show, and updates the snapshot;
 * only then does it publish, holding no pointer into the model or the
 * snapshot table. */
#include "vehicle_events.h"

#include "core.h"
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_THRESHOLDS 8
#define ORDER_LEN sizeof(((fo_vehicle *)0)->order_id)
#define LOAD_LEN sizeof(((fo_vehicle *)0)->load)

typedef struct {
	bool seen;       /* the first touch (the connection baseline) happened */
	bool have_state; /* the state baseline was taken */
	fo_vda_conn conn;
	fo_estop estop;
	bool field_violation;
	fo_opmode mode;
	uint8_t below; /* bit i: under thresholds[i] */
	uint8_t nerrors;
	bool settled;   /* the order's outcome was published (or is baseline) */
	bool cancelled; /* a cancelOrder was sent or reported for it */
	uint32_t update;
	/* hash of the id of a cancelOrder already among the vehicle's
	 * actionStates when the order appeared (it belongs to an earlier
	 * order); 0: none */
	uint64_t old_cancel;
	/* OWNED copy of the errors last published, NULL when none: most
	 * vehicles have none, and a snapshot is kept per vehicle (BENCHMARKS.md
	 * holds memory per vehicle under 2 KiB) */
	fo_verror *errors;
	char order[ORDER_LEN];
} vev_snap;

struct fo_vevents {
	fo_core *core;
	vev_snap *snap;
	size_t nsnap;
	bool thresholds_read;
	double thresholds[MAX_THRESHOLDS]; /* descending */
	size_t nthresholds;
};

/* One event worked out by a touch, with its own copies of what it shows. */
typedef struct {
	const char *topic;
	union {
		fo_vehicle_event head; /* the members every payload starts with */
		fo_vev_connection conn;
		fo_vev_error error;
		fo_vev_estop estop;
		fo_vev_mode mode;
		fo_vev_battery battery;
		fo_vev_order order;
	} p;
	fo_verror error;
	char order[ORDER_LEN];
	char load[LOAD_LEN];
	char detail[32];
} vev_pending;

/* connection 1, errors 2 x FO_MAX_VERRORS, e-stop 1, mode 1, battery
 * MAX_THRESHOLDS, orders 2 (the replaced one and the new one's outcome) */
#define MAX_PENDING (1 + 2 * FO_MAX_VERRORS + 1 + 1 + MAX_THRESHOLDS + 2)

typedef struct {
	vev_pending ev[MAX_PENDING];
	size_t n;
	char vehicle[FO_ID_LEN];
	uint32_t idx;
} vev_batch;

fo_vevents *fo_vevents_new(fo_core *core)
{
	fo_vevents *e = calloc(1, sizeof *e);
	if (!e)
		abort();
	e->core = core;
	return e;
}

void fo_vevents_free(fo_vevents *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nsnap; i++)
		free(e->snap[i].errors);
	free(e->snap);
	free(e);
}

static int by_value_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* events.battery_thresholds: comma-separated percentages.  A bad entry is
 * left out with a warning rather than stopping the events. */
static void read_thresholds(fo_vevents *e)
{
	e->thresholds_read = true;
	const char *spec = fo_config_str(e->core, "events.battery_thresholds");
	char buf[256];
	snprintf(buf, sizeof buf, "%s", spec ? spec : "");
	char *save = NULL;
	for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *end;
		errno = 0;
		double t = strtod(tok, &end);
		if (errno || *end || end == tok || !(t > 0 && t < 100)) {
			fo_log(e->core, FO_LOG_WARN,
			       "events.battery_thresholds: '%s' is not a percentage between 0 and "
			       "100; left out",
			       tok);
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < e->nthresholds; i++)
			dup |= e->thresholds[i] == t;
		if (dup)
			continue;
		if (e->nthresholds == MAX_THRESHOLDS) {
			fo_log(e->core, FO_LOG_WARN,
			       "events.battery_thresholds: more than %d thresholds; '%s' and after "
			       "left out",
			       MAX_THRESHOLDS, tok);
			break;
		}
		e->thresholds[e->nthresholds++] = t;
	}
	qsort(e->thresholds, e->nthresholds, sizeof e->thresholds[0], by_value_desc);
}

static vev_snap *snap_at(fo_vevents *e, size_t idx)
{
	if (idx >= e->nsnap) {
		size_t n = e->nsnap ? e->nsnap : 64;
		while (n <= idx)
			n *= 2;
		vev_snap *s = realloc(e->snap, n * sizeof *s);
		if (!s)
			abort();
		memset(s + e->nsnap, 0, (n - e->nsnap) * sizeof *s);
		e->snap = s;
		e->nsnap = n;
	}
	return &e->snap[idx];
}

static vev_pending *add(vev_batch *b, const char *topic)
{
	if (b->n == MAX_PENDING)
		return NULL; /* cannot happen: MAX_PENDING counts the most a touch finds */
	vev_pending *p = &b->ev[b->n++];
	memset(p, 0, sizeof *p);
	p->topic = topic;
	return p;
}

static fo_vda_conn conn_of(const fo_vehicle *v, const fo_vda_vehicle *d)
{
	if (v->online)
		return FO_VDA_CONN_ONLINE;
	return d && d->conn == FO_VDA_CONN_BROKEN ? FO_VDA_CONN_BROKEN : FO_VDA_CONN_OFFLINE;
}

static uint8_t held_errors(const fo_vehicle *v)
{
	return v->nerrors > FO_MAX_VERRORS ? FO_MAX_VERRORS : v->nerrors;
}

static bool same_error(const fo_verror *a, const fo_verror *b)
{
	return a->level == b->level && strcmp(a->type, b->type) == 0 &&
	       strcmp(a->desc, b->desc) == 0;
}

static bool has_error(const fo_verror *list, uint8_t n, const fo_verror *e)
{
	for (uint8_t i = 0; i < n; i++)
		if (same_error(&list[i], e))
			return true;
	return false;
}

static const char *fatal_type(const fo_vehicle *v)
{
	for (uint8_t i = 0; i < held_errors(v); i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL)
			return v->errors[i].type;
	return NULL;
}

/* FNV-1a, never 0 (0 means none). */
static uint64_t id_hash(const char *id)
{
	uint64_t h = 0xCBF29CE484222325ull;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 0x100000001B3ull;
	return h ? h : 1;
}

/* A hash of the id of a cancelOrder among the vehicle's reported actions
 * (not one that failed), or 0. */
static uint64_t reported_cancel(const fo_vda_vehicle *d)
{
	for (size_t i = 0; d && d->actions && i < d->nactions; i++) {
		const fo_vda_action_state *a = &d->actions[i];
		if (a->type && strcmp(a->type, "cancelOrder") == 0 &&
		    a->status != FO_VDA_ACT_FAILED)
			return id_hash(a->id ? a->id : "");
	}
	return 0;
}

static void keep_errors(vev_snap *s, const fo_vehicle *v, uint8_t n)
{
	free(s->errors);
	s->errors = NULL;
	s->nerrors = n;
	if (!n)
		return;
	s->errors = malloc(n * sizeof *s->errors);
	if (!s->errors)
		abort();
	memcpy(s->errors, v->errors, n * sizeof *s->errors);
}

static uint8_t battery_band(const fo_vevents *e, double battery, uint8_t below)
{
	for (size_t i = 0; i < e->nthresholds; i++) {
		double t = e->thresholds[i];
		if (battery < t)
			below |= (uint8_t)(1u << i);
		else if (battery >= t + FO_VEV_BATTERY_HYSTERESIS)
			below &= (uint8_t) ~(1u << i);
	}
	return below;
}

/* The state baseline: what the vehicle shows now raises no event. */
static void take_baseline(fo_vevents *e, vev_snap *s, const fo_vehicle *v, const fo_vda_vehicle *d)
{
	s->have_state = true;
	s->estop = v->estop;
	s->field_violation = v->field_violation;
	s->mode = v->opmode;
	s->below = battery_band(e, v->battery, 0);
	keep_errors(s, v, held_errors(v));
	snprintf(s->order, sizeof s->order, "%s", v->order_id);
	s->update = v->order_update;
	/* an order that runs now is followed; one that ended is not news */
	s->settled =
	    !v->order_id[0] || fatal_type(v) || (!v->nodes_left && !v->driving && !v->acting);
	s->cancelled = false;
	s->old_cancel = s->settled ? 0 : reported_cancel(d);
}

static void order_event(vev_batch *b, const char *topic, const char *order, uint32_t update,
                        const char *load, const char *reason, const char *detail)
{
	vev_pending *p = add(b, topic);
	if (!p)
		return;
	snprintf(p->order, sizeof p->order, "%s", order);
	snprintf(p->load, sizeof p->load, "%s", load ? load : "");
	snprintf(p->detail, sizeof p->detail, "%s", detail ? detail : "");
	p->p.order.order_id = p->order;
	p->p.order.order_update = update;
	p->p.order.load = p->load;
	p->p.order.reason = reason;
	p->p.order.detail = p->detail;
}

static void diff_orders(vev_batch *b, vev_snap *s, const fo_vehicle *v, const fo_vda_vehicle *d)
{
	if (strcmp(s->order, v->order_id) != 0) {
		if (s->order[0] && !s->settled)
			order_event(b, FO_TOPIC_VEHICLE_ORDER_FAILED, s->order, s->update, v->load,
			            v->order_id[0] ? "replaced" : "cleared", "");
		snprintf(s->order, sizeof s->order, "%s", v->order_id);
		s->update = v->order_update;
		s->settled = !v->order_id[0];
		s->cancelled = false;
		s->old_cancel = reported_cancel(d);
	} else if (s->update != v->order_update) {
		/* an update carries the same order on: a new outcome to come */
		s->update = v->order_update;
		s->settled = false;
	}
	if (s->settled)
		return;
	uint64_t c = reported_cancel(d);
	if (c && c != s->old_cancel)
		s->cancelled = true;
	const char *fatal = fatal_type(v);
	if (fatal) {
		order_event(b, FO_TOPIC_VEHICLE_ORDER_FAILED, s->order, s->update, v->load, "error",
		            fatal);
		s->settled = true;
	} else if (!v->nodes_left && !v->driving && !v->acting) {
		if (s->cancelled)
			order_event(b, FO_TOPIC_VEHICLE_ORDER_FAILED, s->order, s->update, v->load,
			            "cancelled", "");
		else
			order_event(b, FO_TOPIC_VEHICLE_ORDER_DONE, s->order, s->update, v->load,
			            "", "");
		s->settled = true;
	}
}

static void diff_state(fo_vevents *e, vev_batch *b, vev_snap *s, const fo_vehicle *v,
                       const fo_vda_vehicle *d)
{
	uint8_t n = held_errors(v);
	size_t before = b->n;
	for (uint8_t i = 0; i < s->nerrors; i++) {
		if (has_error(v->errors, n, &s->errors[i]))
			continue;
		vev_pending *p = add(b, FO_TOPIC_VEHICLE_ERROR);
		if (p) {
			p->error = s->errors[i];
			p->p.error.error = &p->error;
			p->p.error.raised = false;
		}
	}
	for (uint8_t i = 0; i < n; i++) {
		if (has_error(s->errors, s->nerrors, &v->errors[i]))
			continue;
		vev_pending *p = add(b, FO_TOPIC_VEHICLE_ERROR);
		if (p) {
			p->error = v->errors[i];
			p->p.error.error = &p->error;
			p->p.error.raised = true;
		}
	}
	/* the same errors in another order are no change, but kept as now */
	if (b->n != before || n != s->nerrors ||
	    (n && memcmp(s->errors, v->errors, n * sizeof *s->errors) != 0))
		keep_errors(s, v, n);

	if (s->estop != v->estop || s->field_violation != v->field_violation) {
		vev_pending *p = add(b, FO_TOPIC_VEHICLE_ESTOP);
		if (p) {
			p->p.estop.estop = v->estop;
			p->p.estop.field_violation = v->field_violation;
			p->p.estop.active = v->estop != FO_ESTOP_NONE || v->field_violation;
		}
		s->estop = v->estop;
		s->field_violation = v->field_violation;
	}

	if (s->mode != v->opmode) {
		vev_pending *p = add(b, FO_TOPIC_VEHICLE_MODE);
		if (p) {
			p->p.mode.mode = v->opmode;
			p->p.mode.previous = s->mode;
		}
		s->mode = v->opmode;
	}

	uint8_t below = battery_band(e, v->battery, s->below);
	if (below != s->below) {
		/* in the order crossed: downward from the highest threshold,
		 * upward from the lowest */
		bool down = (below & ~s->below) != 0;
		for (size_t k = 0; k < e->nthresholds; k++) {
			size_t i = down ? k : e->nthresholds - 1 - k;
			uint8_t bit = (uint8_t)(1u << i);
			if ((below & bit) == (s->below & bit))
				continue;
			vev_pending *p = add(b, FO_TOPIC_VEHICLE_BATTERY);
			if (p) {
				p->p.battery.threshold = e->thresholds[i];
				p->p.battery.battery = v->battery;
				p->p.battery.below = (below & bit) != 0;
			}
		}
		s->below = below;
	}
	diff_orders(b, s, v, d);
}

void fo_vevents_touch(fo_vevents *e, const fo_vehicle *v)
{
	if (!e || !v)
		return;
	if (!e->thresholds_read)
		read_thresholds(e);
	const fo_vda_vehicle *d = fo_vda_vehicle_get(e->core, v->idx);
	vev_snap *s = snap_at(e, v->idx);
	vev_batch b;
	b.n = 0;

	fo_vda_conn conn = conn_of(v, d);
	if (!s->seen) {
		s->seen = true;
		s->conn = conn;
	} else if (s->conn != conn) {
		vev_pending *p = add(&b, FO_TOPIC_VEHICLE_CONNECTION);
		if (p) {
			p->p.conn.online = conn == FO_VDA_CONN_ONLINE;
			p->p.conn.state = conn;
			p->p.conn.previous = s->conn;
		}
		s->conn = conn;
	}
	/* a VDA 5050 vehicle's state is known from its first state message */
	bool state_known = !d || d->state_seen;
	if (state_known && !s->have_state)
		take_baseline(e, s, v, d);
	else if (state_known)
		diff_state(e, &b, s, v, d);

	if (!b.n)
		return;
	snprintf(b.vehicle, sizeof b.vehicle, "%s", v->id);
	b.idx = v->idx;
	/* s and v may move from here on */
	for (size_t i = 0; i < b.n; i++) {
		vev_pending *p = &b.ev[i];
		p->p.head.vehicle = b.vehicle;
		p->p.head.vehicle_idx = b.idx;
		fo_bus_publish(e->core, p->topic, &p->p);
	}
}

bool fo_vevents_cancel_mark(fo_core *core, size_t idx, bool cancelled)
{
	fo_vevents *e = fo_model_events(core->model);
	if (!e)
		return false;
	vev_snap *s = snap_at(e, idx);
	bool was = s->cancelled;
	s->cancelled = cancelled;
	return was;
}
