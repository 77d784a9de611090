/* res_conflicts.c — conflicts, found continuously (a console or `serve`,
 * every 5 s; `conflict scan` at once) and stored with their kind:
 *   resource_down    a resource down for maintenance over a live booking
 *   vehicle_double   a vehicle holding two overlapping bookings of a pool
 *   vehicle_offline  a booking due within 10 minutes whose vehicle is offline
 *   vehicle_far      a booking due soon whose vehicle cannot be there in time
 *   overlap          two live bookings of one resource that overlap (made
 *                    by another process or imported past the checks)
 *   mission_unbooked a mission on its way whose step's resource is not
 *                    booked, or booked too late (res_missions.c)
 * each with suggested resolutions — move to another resource of the pool,
 * shift the window, cancel, keep — applied by the operator (`conflict
 * resolve`) or by resources.conflict_policy auto; every resolution is
 * stored with who and why.  A conflict whose cause is gone is resolved as
 * cleared.  One open conflict per subject across processes: its open_key
 * is unique while it is open. */
#include "res.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOON_MS 600000u /* offline: a booking due within 10 minutes */
#define FAR_MS 900000u  /* far: a booking due within 15 minutes */
#define FAR_SPEED 1.0   /* m/s assumed on the way (no route here) */
#define FAR_GRACE_S 60.0

typedef res_finding finding;

void res_finding_suggest(res_finding *f, const char *action, const char *arg, const char *why)
{
	fo_buf_str(&f->sugg, f->nsugg++ ? "," : "[");
	fo_buf_str(&f->sugg, "{\"action\":");
	fo_buf_json_str(&f->sugg, action);
	fo_buf_str(&f->sugg, ",\"arg\":");
	fo_buf_json_str(&f->sugg, arg ? arg : "");
	fo_buf_str(&f->sugg, ",\"why\":");
	fo_buf_json_str(&f->sugg, why);
	fo_buf_str(&f->sugg, "}");
}

static void span(uint64_t a, uint64_t b, char *buf, size_t len)
{
	char x[40], y[40];
	res_time(a, x, sizeof x);
	res_time(b, y, sizeof y);
	snprintf(buf, len, "[%s, %s)", x, y);
}

/* Another resource of the booking's pool free over [from, to). */
static const res_item *alternative(res_state *s, const res_item *it, const char *vehicle,
                                   uint64_t from, uint64_t to)
{
	uint64_t now = fo_wall_ms();
	for (size_t i = 0; i < s->nitems; i++) {
		const res_item *o = &s->items[i];
		if (o == it || strcmp(o->pool_id, it->pool_id) != 0)
			continue;
		if (o->down_from && o->down_from < to && (!o->down_to || from < o->down_to))
			continue;
		size_t n;
		res_span *busy = res_busy(s, o, NULL, from, to, &n);
		bool ok = res_window_free(busy, n, from, to);
		free(busy);
		if (!ok)
			continue;
		/* somebody standing on it now makes it no alternative now */
		bool taken = false;
		fo_model *m = fo_core_model(s->core);
		for (size_t k = 0; ok && from <= now + 60000u && k < fo_model_vehicle_count(m);
		     k++) {
			const fo_vehicle *v = fo_model_vehicle(m, k);
			taken = taken ||
			        (o->node[0] && !v->driving && strcmp(v->last_node, o->node) == 0 &&
			         strcmp(v->id, vehicle) != 0);
		}
		if (!taken)
			return o;
	}
	return NULL;
}

res_finding *res_finding_add(res_finding **v, size_t *n, size_t *cap, const char *kind,
                             const char *key)
{
	*v = fo_grow(*v, cap, *n + 1, sizeof **v, 16);
	finding *f = &(*v)[(*n)++];
	memset(f, 0, sizeof *f);
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	snprintf(f->key, sizeof f->key, "%s", key);
	return f;
}

static void booking_findings(res_state *s, const res_booking *b, finding **v, size_t *n,
                             size_t *cap, uint64_t now)
{
	const res_item *it = res_item_find(s, b->resource_id);
	if (!it)
		return;
	char key[128], w[96], alt_why[160];
	uint64_t from = b->from > now ? b->from : now;
	/* down over a live booking */
	if (it->down_from && it->down_from < b->to && (!it->down_to || b->from < it->down_to)) {
		snprintf(key, sizeof key, "down:%s", b->id);
		finding *f = res_finding_add(v, n, cap, "resource_down", key);
		snprintf(f->booking, sizeof f->booking, "%s", b->id);
		snprintf(f->resource_id, sizeof f->resource_id, "%s", it->id);
		snprintf(f->vehicle, sizeof f->vehicle, "%s", b->vehicle);
		span(b->from, b->to, w, sizeof w);
		snprintf(f->detail, sizeof f->detail,
		         "%.60s is down (%.60s) over booking %.8s %s%s%.30s", it->name,
		         it->down_reason, b->id, w, b->vehicle[0] ? " of " : "", b->vehicle);
		const res_item *alt = alternative(s, it, b->vehicle, from, b->to);
		if (alt) {
			snprintf(alt_why, sizeof alt_why, "%s is free over the rest of the booking",
			         alt->name);
			res_finding_suggest(f, "move", alt->name, alt_why);
		}
		if (it->down_to) {
			char t[40];
			res_time(it->down_to, t, sizeof t);
			res_finding_suggest(f, "shift", t, "start when the maintenance ends");
		}
		res_finding_suggest(f, "cancel", NULL, "give the booking up");
	}
	if (!b->vehicle[0])
		return;
	fo_model *m = fo_core_model(s->core);
	long vi = fo_model_vehicle_find(m, b->vehicle);
	if (vi < 0)
		return;
	const fo_vehicle *veh = fo_model_vehicle(m, (size_t)vi);
	if (!veh->online && b->from <= now + SOON_MS) {
		snprintf(key, sizeof key, "offline:%s", b->id);
		finding *f = res_finding_add(v, n, cap, "vehicle_offline", key);
		snprintf(f->booking, sizeof f->booking, "%s", b->id);
		snprintf(f->resource_id, sizeof f->resource_id, "%s", it->id);
		snprintf(f->vehicle, sizeof f->vehicle, "%s", b->vehicle);
		snprintf(f->detail, sizeof f->detail, "%s is offline and holds %s (booking %.8s)",
		         b->vehicle, it->name, b->id);
		res_finding_suggest(f, "cancel", NULL, "free the resource for others");
		res_finding_suggest(f, "keep", NULL, "the vehicle will be back in time");
		return;
	}
	long ni = it->node[0] ? fo_model_node_find(m, it->node) : -1;
	if (b->state == RB_RESERVED && b->from > now && b->from <= now + FAR_MS && ni >= 0 &&
	    veh->online) {
		const fo_map_node *node = fo_model_node(m, (size_t)ni);
		double dx = node->x - veh->x, dy = node->y - veh->y;
		double eta_s = (dx < 0 ? -dx : dx) / FAR_SPEED + (dy < 0 ? -dy : dy) / FAR_SPEED;
		double left_s = (double)(b->from - now) / 1000.0;
		if (eta_s > left_s + FAR_GRACE_S) {
			snprintf(key, sizeof key, "far:%s", b->id);
			finding *f = res_finding_add(v, n, cap, "vehicle_far", key);
			snprintf(f->booking, sizeof f->booking, "%s", b->id);
			snprintf(f->resource_id, sizeof f->resource_id, "%s", it->id);
			snprintf(f->vehicle, sizeof f->vehicle, "%s", b->vehicle);
			snprintf(
			    f->detail, sizeof f->detail,
			    "%s is %.0f m from %s: about %.0f s away, the booking starts in %.0f s",
			    b->vehicle, (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy), it->name, eta_s,
			    left_s);
			char t[40];
			res_time(now + (uint64_t)(eta_s * 1000.0), t, sizeof t);
			res_finding_suggest(f, "shift", t, "start when the vehicle can be there");
			res_finding_suggest(f, "cancel", NULL, "give the booking up");
		}
	}
}

static void pair_findings(res_state *s, const res_booking *a, const res_booking *b, finding **v,
                          size_t *n, size_t *cap)
{
	if (!(a->from < b->to && b->from < a->to))
		return;
	/* the later-made one is the one to act on */
	const res_booking *first = a->created <= b->created ? a : b, *later = first == a ? b : a;
	char key[128], w[96];
	const res_item *ia = res_item_find(s, first->resource_id),
	               *ib = res_item_find(s, later->resource_id);
	if (!ia || !ib)
		return;
	if (strcmp(a->resource_id, b->resource_id) == 0) {
		snprintf(key, sizeof key, "overlap:%s:%s", first->id, later->id);
		finding *f = res_finding_add(v, n, cap, "overlap", key);
		snprintf(f->booking, sizeof f->booking, "%s", later->id);
		snprintf(f->other, sizeof f->other, "%s", first->id);
		snprintf(f->resource_id, sizeof f->resource_id, "%s", ia->id);
		snprintf(f->vehicle, sizeof f->vehicle, "%s", later->vehicle);
		span(later->from, later->to, w, sizeof w);
		snprintf(f->detail, sizeof f->detail,
		         "bookings %.8s and %.8s of %s overlap; the later %s", first->id, later->id,
		         ia->name, w);
		const res_item *alt = alternative(s, ia, later->vehicle, later->from, later->to);
		if (alt)
			res_finding_suggest(f, "move", alt->name,
			                    "the later booking to a free resource of the pool");
		res_finding_suggest(f, "cancel", NULL, "the later booking");
	} else if (a->vehicle[0] && strcmp(a->vehicle, b->vehicle) == 0 &&
	           strcmp(ia->pool_id, ib->pool_id) == 0) {
		snprintf(key, sizeof key, "double:%s:%s", first->id, later->id);
		finding *f = res_finding_add(v, n, cap, "vehicle_double", key);
		snprintf(f->booking, sizeof f->booking, "%s", later->id);
		snprintf(f->other, sizeof f->other, "%s", first->id);
		snprintf(f->resource_id, sizeof f->resource_id, "%s", ib->id);
		snprintf(f->vehicle, sizeof f->vehicle, "%s", a->vehicle);
		snprintf(f->detail, sizeof f->detail, "%s holds %s (%.8s) and %s (%.8s) at once",
		         a->vehicle, ia->name, first->id, ib->name, later->id);
		res_finding_suggest(f, "cancel", NULL, "the later booking");
		res_finding_suggest(f, "keep", NULL, "both are meant");
	}
}

static const char *who(res_state *s)
{
	const char *op = fo_config_str(s->core, "operator");
	if (op && *op)
		return op;
	const char *u = getenv("USER");
	return u && *u ? u : "operator";
}

/* ---- applying a resolution */

static fo_status apply(res_state *s, const char *cid, const char *action, const char *arg,
                       const char *by, const char *why, char *msg, size_t len)
{
	bool amb;
	res_conflict *c = res_conflict_find(s, cid, &amb);
	if (!c || !c->open) {
		snprintf(msg, len, "conflict %.8s is %s", cid, c ? "resolved already" : "gone");
		return FO_ERR;
	}
	char conf_id[RES_ID], kind[24], bid[RES_ID];
	snprintf(conf_id, sizeof conf_id, "%s", c->id);
	snprintf(kind, sizeof kind, "%s", c->kind);
	snprintf(bid, sizeof bid, "%s", c->booking);
	res_booking *b = bid[0] ? res_booking_find(s, bid, &amb) : NULL;
	char done[200] = "";
	uint64_t now = fo_wall_ms();
	if (strcmp(action, "keep") == 0) {
		snprintf(done, sizeof done, "kept");
	} else if (!bid[0] && strcmp(kind, "mission_unbooked") == 0) {
		if (res_mission_resolve(s, c, action, done, sizeof done) != FO_OK) {
			snprintf(msg, len, "%s", done);
			return FO_ERR;
		}
	} else if (!b || !res_booking_live(b)) {
		snprintf(done, sizeof done, "the booking is no longer live");
	} else if (strcmp(action, "cancel") == 0) {
		char reason[64], err[256];
		snprintf(reason, sizeof reason, "cancelled: conflict %s", kind);
		if (res_booking_release(s, b, reason, err, sizeof err) != FO_OK) {
			snprintf(msg, len, "%s", err);
			return FO_ERR;
		}
		snprintf(done, sizeof done, "booking %.8s cancelled", bid);
	} else if (strcmp(action, "move") == 0) {
		res_item *to = res_item_find(s, arg);
		const res_item *from_it = res_item_find(s, b->resource_id);
		if (!to || !from_it || strcmp(to->pool_id, from_it->pool_id) != 0) {
			snprintf(msg, len, "move: %s is not a resource of the booking's pool",
			         arg ? arg : "");
			return FO_ERR;
		}
		res_booking old = *b;
		res_want w = {.vehicle = old.vehicle[0] ? old.vehicle : NULL,
		              .mission = NULL,
		              .purpose = old.purpose[0] ? old.purpose : NULL,
		              .from = old.from > now ? old.from : now,
		              .to = old.to,
		              .skip = old.id};
		res_answer a;
		if (res_book(s, to, NULL, &w, &a) != FO_OK || !a.booked) {
			snprintf(msg, len, "move to %.60s: %.300s", to->name, a.reason);
			return FO_ERR;
		}
		char reason[64], err[256];
		snprintf(reason, sizeof reason, "moved to %.50s", to->name);
		res_booking *cur = res_booking_find(s, old.id, &amb);
		if (cur)
			res_booking_release(s, cur, reason, err, sizeof err);
		/* a vehicle charging on the resource that went down stops; the
		 * charging loop sends it to the new booking's charger */
		fo_model *m = fo_core_model(s->core);
		long vi = old.vehicle[0] ? fo_model_vehicle_find(m, old.vehicle) : -1;
		if (vi >= 0 && fo_model_vehicle(m, (size_t)vi)->charging &&
		    strcmp(old.purpose, "charge") == 0) {
			fo_vda_action act = {.type = "stopCharging", .blocking = "NONE"};
			fo_dispatch_actions(s->core, (size_t)vi, &act, 1, err, sizeof err);
		}
		snprintf(done, sizeof done, "booking %.8s moved to %s as %.8s", old.id, to->name,
		         a.booking.id);
	} else if (strcmp(action, "shift") == 0) {
		uint64_t t = arg ? fo_time_arg(arg, now) : 0;
		if (!t) {
			snprintf(msg, len, "shift: %s is not a time", arg ? arg : "");
			return FO_ERR;
		}
		res_answer a;
		res_booking_retime(s, b, t, t + (b->to - b->from), &a);
		if (!a.booked) {
			snprintf(msg, len, "shift: %.300s", a.reason);
			return FO_ERR;
		}
		snprintf(done, sizeof done, "booking %.8s shifted to %s", bid, arg);
	} else {
		snprintf(msg, len, "unknown resolution %s (move, shift, cancel, keep)", action);
		return FO_ERR;
	}
	c = res_conflict_find(s, conf_id, &amb);
	if (!c)
		return FO_ERR;
	res_conflict nc = *c;
	nc.open = false;
	nc.resolved_at = fo_wall_ms();
	snprintf(nc.resolution, sizeof nc.resolution, "%s%s%s", done, why && *why ? ": " : "",
	         why ? why : "");
	snprintf(nc.resolved_by, sizeof nc.resolved_by, "%s", by);
	fo_record *r = res_conflict_record(&nc);
	char err[256];
	fo_store_status st = res_sync_update(s, r, NULL, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		snprintf(msg, len, "%s (the conflict: %s)", done, err);
		return FO_ERR;
	}
	snprintf(msg, len, "conflict %.8s resolved: %.360s", conf_id, nc.resolution);
	fo_log(s->core, FO_LOG_INFO, "resources: %s (by %s)", msg, by);
	return FO_OK;
}

/* Suggestion i's action, argument and why (PostgreSQL gives jsonb back
 * reordered and spaced, so it is read as JSON). */
static bool suggestion(const res_conflict *c, size_t i, char *action, size_t alen, char *arg,
                       size_t arglen, char *why, size_t wlen)
{
	json_t *root = json_loads(c->suggestions, 0, NULL);
	json_t *o = json_array_get(root, i);
	const char *a = json_string_value(json_object_get(o, "action"));
	const char *g = json_string_value(json_object_get(o, "arg"));
	const char *w = json_string_value(json_object_get(o, "why"));
	bool ok = a && *a;
	if (ok) {
		snprintf(action, alen, "%s", a);
		snprintf(arg, arglen, "%s", g ? g : "");
		if (why)
			snprintf(why, wlen, "%s", w ? w : "");
	}
	json_decref(root);
	return ok;
}

static bool first_suggestion(const res_conflict *c, char *action, size_t alen, char *arg,
                             size_t arglen)
{
	return suggestion(c, 0, action, alen, arg, arglen, NULL, 0);
}

/* ---- the scan */

size_t res_conflict_scan(res_state *s)
{
	uint64_t now = fo_wall_ms();
	finding *v = NULL;
	size_t n = 0, cap = 0, opened = 0;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!res_booking_live(b) || b->to <= now)
			continue;
		booking_findings(s, b, &v, &n, &cap, now);
		for (size_t j = i + 1; j < s->nbooks; j++) {
			const res_booking *o = &s->books[j];
			if (res_booking_live(o) && o->to > now)
				pair_findings(s, b, o, &v, &n, &cap);
		}
	}
	res_mission_findings(s, &v, &n, &cap, now);
	/* new ones */
	for (size_t i = 0; i < n; i++) {
		finding *f = &v[i];
		fo_buf_str(&f->sugg, f->nsugg ? "]" : "[]");
		bool known = false;
		for (size_t k = 0; k < s->nconfs && !known; k++)
			known = s->confs[k].open && strcmp(s->confs[k].key, f->key) == 0;
		if (known)
			continue;
		res_conflict c = {.open = true, .detected = now};
		snprintf(c.kind, sizeof c.kind, "%s", f->kind);
		snprintf(c.booking, sizeof c.booking, "%s", f->booking);
		snprintf(c.other, sizeof c.other, "%s", f->other);
		snprintf(c.resource_id, sizeof c.resource_id, "%s", f->resource_id);
		snprintf(c.vehicle, sizeof c.vehicle, "%s", f->vehicle);
		snprintf(c.key, sizeof c.key, "%s", f->key);
		snprintf(c.detail, sizeof c.detail, "%s", f->detail);
		snprintf(c.suggestions, sizeof c.suggestions, "%s", f->sugg.s);
		fo_record *r = res_conflict_record(&c);
		char err[256];
		/* another process may have stored it first (open_key is unique) */
		if (res_sync_insert(s, r, NULL, err, sizeof err) == FO_STORE_OK) {
			opened++;
			fo_log(s->core, FO_LOG_WARN, "resources: conflict %s: %s", c.kind,
			       c.detail);
		}
		fo_record_free(r);
	}
	/* gone ones */
	char(*gone)[RES_ID] = calloc(s->nconfs + 1, sizeof *gone);
	if (!gone)
		abort();
	size_t ng = 0;
	for (size_t k = 0; k < s->nconfs; k++) {
		if (!s->confs[k].open)
			continue;
		bool still = false;
		for (size_t i = 0; i < n && !still; i++)
			still = strcmp(v[i].key, s->confs[k].key) == 0;
		if (!still)
			snprintf(gone[ng++], RES_ID, "%s", s->confs[k].id);
	}
	for (size_t i = 0; i < n; i++)
		fo_buf_free(&v[i].sugg);
	free(v);
	for (size_t i = 0; i < ng; i++) {
		bool amb;
		res_conflict *c = res_conflict_find(s, gone[i], &amb);
		if (!c)
			continue;
		res_conflict nc = *c;
		nc.open = false;
		nc.resolved_at = now;
		snprintf(nc.resolution, sizeof nc.resolution, "cleared: the cause is gone");
		snprintf(nc.resolved_by, sizeof nc.resolved_by, "fleetops (detection)");
		fo_record *r = res_conflict_record(&nc);
		char err[256];
		res_sync_update(s, r, NULL, err, sizeof err);
		fo_record_free(r);
	}
	free(gone);
	/* the policy */
	const char *policy = fo_config_str(s->core, "resources.conflict_policy");
	if (policy && strcmp(policy, "auto") == 0) {
		char(*open)[RES_ID] = calloc(s->nconfs + 1, sizeof *open);
		if (!open)
			abort();
		size_t no = 0;
		for (size_t k = 0; k < s->nconfs; k++)
			if (s->confs[k].open)
				snprintf(open[no++], RES_ID, "%s", s->confs[k].id);
		for (size_t i = 0; i < no; i++) {
			bool amb;
			res_conflict *c = res_conflict_find(s, open[i], &amb);
			char action[16], arg[64], msg[400];
			if (c && first_suggestion(c, action, sizeof action, arg, sizeof arg))
				apply(s, open[i], action, arg[0] ? arg : NULL, "policy auto",
				      "resources.conflict_policy auto: the first suggestion", msg,
				      sizeof msg);
		}
		free(open);
	}
	return opened;
}

/* ---- commands */

static void print_conflict(res_state *s, fo_out *out, const res_conflict *c)
{
	const res_item *it = res_item_find(s, c->resource_id);
	char t[40];
	res_time(c->detected, t, sizeof t);
	fo_out_printf(out, "%-8.8s %-16s %-8s %-14s %-12s %-24s %s\n", c->id, c->kind,
	              c->open ? "open" : "resolved", it ? it->name : "-",
	              c->vehicle[0] ? c->vehicle : "-", t, c->open ? c->detail : c->resolution);
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "conflict list"))
		return FO_ERR;
	bool all = fo_args_flag(a, "all");
	fo_out_printf(out, "%-8s %-16s %-8s %-14s %-12s %-24s %s\n", "ID", "KIND", "STATE",
	              "RESOURCE", "VEHICLE", "DETECTED", "DETAIL / RESOLUTION");
	for (size_t i = 0; i < s->nconfs; i++)
		if (all || s->confs[i].open)
			print_conflict(s, out, &s->confs[i]);
	(void)core;
	return FO_OK;
}

static res_conflict *need(res_state *s, const fo_args *a, fo_out *out, const char *what)
{
	bool amb;
	const char *id = fo_args_str(a, "conflict", "");
	res_conflict *c = res_conflict_find(s, id, &amb);
	if (!c)
		fo_out_error(out, "%s: %s %s", what,
		             amb ? "more than one conflict starts with" : "no conflict", id);
	return c;
}

static fo_status cmd_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "conflict show"))
		return FO_ERR;
	res_conflict *c = need(s, a, out, "conflict show");
	if (!c)
		return FO_ERR;
	char t[40];
	res_time(c->detected, t, sizeof t);
	fo_out_printf(out, "conflict  %s\nkind      %s\nstate     %s\ndetected  %s\ndetail    %s\n",
	              c->id, c->kind, c->open ? "open" : "resolved", t, c->detail);
	if (c->booking[0])
		fo_out_printf(out, "booking   %s\n", c->booking);
	if (c->other[0])
		fo_out_printf(out, "other     %s\n", c->other);
	char action[16], arg[64], why[200];
	for (size_t i = 0;
	     suggestion(c, i, action, sizeof action, arg, sizeof arg, why, sizeof why); i++)
		fo_out_printf(out, "suggest   %zu. %s%s%s (%s)\n", i + 1, action, arg[0] ? " " : "",
		              arg, why);
	if (!c->open) {
		res_time(c->resolved_at, t, sizeof t);
		fo_out_printf(out, "resolved  %s by %s: %s\n", t, c->resolved_by, c->resolution);
	}
	(void)core;
	return FO_OK;
}

static fo_status cmd_resolve(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "conflict resolve"))
		return FO_ERR;
	res_conflict *c = need(s, a, out, "conflict resolve");
	if (!c)
		return FO_ERR;
	char action[16] = "auto", arg[64] = "", id[RES_ID], msg[400], why[160] = "";
	snprintf(id, sizeof id, "%s", c->id);
	/* ACTION [RESOURCE | TIME] [WHY...] */
	char *const *w;
	size_t nw = fo_args_rest(a, "resolution", &w), k = 0;
	static const char *const actions[] = {"auto", "move", "shift", "cancel", "keep"};
	for (size_t i = 0; nw && i < FO_NELEMS(actions); i++)
		if (strcmp(w[0], actions[i]) == 0) {
			snprintf(action, sizeof action, "%s", w[k++]);
			break;
		}
	if ((strcmp(action, "move") == 0 || strcmp(action, "shift") == 0)) {
		if (k >= nw) {
			fo_out_error(out, "conflict resolve: %s needs a %s", action,
			             action[0] == 'm' ? "resource" : "time");
			return FO_EUSAGE;
		}
		snprintf(arg, sizeof arg, "%s", w[k++]);
	}
	if (strcmp(action, "auto") == 0 &&
	    !first_suggestion(c, action, sizeof action, arg, sizeof arg)) {
		fo_out_error(out, "conflict resolve: %.8s has no suggestion", id);
		return FO_ERR;
	}
	for (size_t i = k; i < nw; i++) {
		size_t l = strlen(why);
		snprintf(why + l, sizeof why - l, "%s%s", i > k ? " " : "", w[i]);
	}
	char by[96];
	snprintf(by, sizeof by, "operator %s", who(s));
	if (apply(s, id, action, arg[0] ? arg : NULL, by, why, msg, sizeof msg) != FO_OK) {
		fo_out_error(out, "conflict resolve: %s", msg);
		return FO_ERR;
	}
	fo_out_printf(out, "%s\n", msg);
	(void)core;
	return FO_OK;
}

static fo_status cmd_scan(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "conflict scan"))
		return FO_ERR;
	size_t n = res_conflict_scan(s), open = 0;
	for (size_t i = 0; i < s->nconfs; i++)
		open += s->confs[i].open;
	fo_out_printf(out, "conflict scan: %zu new, %zu open\n", n, open);
	(void)core;
	(void)a;
	return FO_OK;
}

static const fo_arg_spec list_args[] = {
    {"all", FO_ARG_BOOL, false, NULL, "resolved ones of the last day too"}};
static const fo_arg_spec id_arg[] = {
    {"conflict", FO_ARG_STRING, true, NULL, "conflict id (4+ leading characters)"}};
static const fo_arg_spec resolve_args[] = {
    {"conflict", FO_ARG_STRING, true, NULL, "conflict id"},
    {"resolution", FO_ARG_REST, false, NULL,
     "auto (the first suggestion; default) | move RESOURCE | shift TIME | cancel | keep, then "
     "why (stored with it)"},
};

#define ARGS(x) x, FO_NELEMS(x)

static const fo_cmd_spec cmds[] = {
    {"conflict", "list", "open resource conflicts (--all: resolved ones too)", ARGS(list_args),
     FO_CMD_READONLY_SAFE, cmd_list},
    {"conflict", "show", "one conflict with its suggested resolutions", ARGS(id_arg),
     FO_CMD_READONLY_SAFE, cmd_show},
    {"conflict", "resolve", "resolve a conflict: move, shift, cancel, keep (stored with why)",
     ARGS(resolve_args), 0, cmd_resolve},
    {"conflict", "scan", "look for resource conflicts now", NULL, 0, 0, cmd_scan},
};

int res_conflict_cmds_register(res_state *s, char *err, size_t errlen)
{
	return fo_cmds_register(s->core, cmds, FO_NELEMS(cmds), s, err, errlen);
}
