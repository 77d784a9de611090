/* res_lua.c — the Resources domain for scripts: fleetops.book,
 * fleetops.release, fleetops.bookings and fleetops.resources.  A booking
 * waits for the store's answer (a round trip on loopback, milliseconds). */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void booking_json(res_state *s, fo_buf *b, const res_booking *k)
{
	const res_item *it = res_item_find(s, k->resource_id);
	char a[40], z[40], r[40];
	res_time(k->from, a, sizeof a);
	res_time(k->to, z, sizeof z);
	res_time(k->released_at, r, sizeof r);
	fo_buf_str(b, "{\"id\":");
	fo_buf_json_str(b, k->id);
	fo_buf_str(b, ",\"resource\":");
	fo_buf_json_str(b, it ? it->name : "");
	fo_buf_str(b, ",\"vehicle\":");
	fo_buf_json_str(b, k->vehicle);
	fo_buf_str(b, ",\"state\":");
	fo_buf_json_str(b, res_bstate_name(k->state));
	fo_buf_printf(b, ",\"from\":%.3f,\"to\":%.3f", (double)k->from / 1000.0,
	              (double)k->to / 1000.0);
	fo_buf_str(b, ",\"from_iso\":");
	fo_buf_json_str(b, a);
	fo_buf_str(b, ",\"to_iso\":");
	fo_buf_json_str(b, z);
	fo_buf_str(b, ",\"purpose\":");
	fo_buf_json_str(b, k->purpose);
	fo_buf_str(b, ",\"reason\":");
	fo_buf_json_str(b, k->reason);
	fo_buf_str(b, "}");
}

/* A time argument: seconds since the epoch (as fleetops.now() gives) or
 * what an operator types. */
static uint64_t time_of(const fo_args *a, const char *name, uint64_t fallback, bool *bad)
{
	const char *t = fo_args_str(a, name, NULL);
	if (!t)
		return fallback;
	char *end;
	double v = strtod(t, &end);
	if (end != t && !*end && v > 1e9)
		return (uint64_t)(v * 1000.0);
	uint64_t ms = fo_time_arg(t, fo_wall_ms());
	if (!ms)
		*bad = true;
	return ms;
}

static fo_status lua_book(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	res_state *s = ud;
	res_load(s, true);
	if (!s->loaded) {
		fo_lua_ret_error(ret, "the resources are not loaded: %s", s->load_err);
		return FO_ERR;
	}
	const char *what = fo_args_str(a, "resource", "");
	res_item *it = res_item_find(s, what);
	res_pool *pool = it ? NULL : res_pool_find(s, what);
	if (!it && !pool) {
		fo_lua_ret_error(ret, "no resource or pool %s", what);
		return FO_ERR;
	}
	bool bad = false;
	uint64_t from = time_of(a, "from", fo_wall_ms(), &bad);
	uint64_t to = time_of(a, "to", 0, &bad);
	double len = fo_args_double(a, "seconds", 0);
	if (!to)
		to = from + (uint64_t)((len > 0 ? len : 3600) * 1000.0);
	if (bad) {
		fo_lua_ret_error(ret, "from/to: seconds since the epoch, now, +30m or ISO 8601");
		return FO_ERR;
	}
	res_want w = {.vehicle = fo_args_str(a, "vehicle", NULL),
	              .mission = fo_args_str(a, "mission", NULL),
	              .purpose = fo_args_str(a, "purpose", NULL),
	              .from = from,
	              .to = to};
	res_answer ans;
	if (res_book(s, it, pool, &w, &ans) != FO_OK || !ans.booked) {
		if (ans.offered) {
			char x[40], y[40];
			res_time(ans.offer_from, x, sizeof x);
			res_time(ans.offer_to, y, sizeof y);
			fo_lua_ret_error(ret, "refused: %s; nearest free window: %s [%s, %s)",
			                 ans.reason, ans.offer_resource, x, y);
		} else {
			fo_lua_ret_error(ret, "refused: %s", ans.reason);
		}
		return FO_ERR;
	}
	fo_buf b = {0};
	booking_json(s, &b, &ans.booking);
	fo_lua_ret_json(ret, b.s);
	fo_buf_free(&b);
	(void)core;
	return FO_OK;
}

static fo_status lua_release(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	res_state *s = ud;
	res_load(s, true);
	bool amb;
	res_booking *b = res_booking_find(s, fo_args_str(a, "booking", ""), &amb);
	if (!b) {
		fo_lua_ret_error(ret, "%s booking %s", amb ? "more than one" : "no",
		                 fo_args_str(a, "booking", ""));
		return FO_ERR;
	}
	char err[256];
	if (res_booking_release(s, b, fo_args_str(a, "reason", "released by script"), err,
	                        sizeof err) != FO_OK) {
		fo_lua_ret_error(ret, "%s", err);
		return FO_ERR;
	}
	fo_lua_ret_bool(ret, true);
	(void)core;
	return FO_OK;
}

static fo_status lua_bookings(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	res_state *s = ud;
	res_load(s, true);
	const char *rname = fo_args_str(a, "resource", NULL);
	const char *veh = fo_args_str(a, "vehicle", NULL);
	const res_item *only = rname ? res_item_find(s, rname) : NULL;
	if (rname && !only) {
		fo_lua_ret_error(ret, "no resource %s", rname);
		return FO_ERR;
	}
	fo_buf b = {0};
	fo_buf_str(&b, "[");
	size_t n = 0;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *k = &s->books[i];
		if (!res_booking_live(k) || (only && strcmp(k->resource_id, only->id) != 0) ||
		    (veh && strcmp(k->vehicle, veh) != 0))
			continue;
		if (n++)
			fo_buf_str(&b, ",");
		booking_json(s, &b, k);
	}
	fo_buf_str(&b, "]");
	fo_lua_ret_json(ret, b.s);
	fo_buf_free(&b);
	(void)core;
	return FO_OK;
}

static fo_status lua_resources(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	res_state *s = ud;
	res_load(s, true);
	const char *pname = fo_args_str(a, "pool", NULL);
	const res_pool *only = pname ? res_pool_find(s, pname) : NULL;
	if (pname && !only) {
		fo_lua_ret_error(ret, "no pool %s", pname);
		return FO_ERR;
	}
	uint64_t now = fo_wall_ms();
	fo_buf b = {0};
	fo_buf_str(&b, "[");
	size_t n = 0;
	for (size_t i = 0; i < s->nitems; i++) {
		const res_item *it = &s->items[i];
		if (only && strcmp(it->pool_id, only->id) != 0)
			continue;
		const res_pool *p = res_pool_of(s, it);
		bool down =
		    it->down_from && it->down_from <= now && (!it->down_to || now < it->down_to);
		bool busy = false;
		for (size_t k = 0; k < s->nbooks && !busy; k++)
			busy = res_booking_live(&s->books[k]) &&
			       strcmp(s->books[k].resource_id, it->id) == 0 &&
			       s->books[k].from <= now && now < s->books[k].to;
		if (n++)
			fo_buf_str(&b, ",");
		fo_buf_str(&b, "{\"name\":");
		fo_buf_json_str(&b, it->name);
		fo_buf_str(&b, ",\"pool\":");
		fo_buf_json_str(&b, p ? p->name : "");
		fo_buf_str(&b, ",\"kind\":");
		fo_buf_json_str(&b, p ? p->kind : "");
		fo_buf_str(&b, ",\"node\":");
		fo_buf_json_str(&b, it->node);
		fo_buf_str(&b, ",\"state\":");
		fo_buf_json_str(&b, down ? "down" : busy ? "busy" : "available");
		fo_buf_str(&b, ",\"down_reason\":");
		fo_buf_json_str(&b, it->down_reason);
		fo_buf_str(&b, "}");
	}
	fo_buf_str(&b, "]");
	fo_lua_ret_json(ret, b.s);
	fo_buf_free(&b);
	(void)core;
	return FO_OK;
}

static fo_status lua_request(fo_core *core, const fo_args *a, fo_lua_ret *ret, void *ud)
{
	res_state *s = ud;
	/* through the command, so it is answered (and policed) the same way */
	fo_buf line = {0}, reply = {0};
	fo_buf_str(&line, "request add ");
	fo_buf_str(&line, fo_args_str(a, "pool", ""));
	static const char *const opts[] = {"vehicle",  "from",    "until",  "for",
	                                   "priority", "purpose", "mission"};
	for (size_t i = 0; i < FO_NELEMS(opts); i++) {
		const char *v = fo_args_str(a, opts[i], NULL);
		if (!v)
			continue;
		if (strpbrk(v, " \t'\"")) {
			fo_buf_free(&line);
			fo_lua_ret_error(ret, "%s: no spaces or quotes", opts[i]);
			return FO_ERR;
		}
		fo_buf_printf(&line, " --%s %s", opts[i], v);
	}
	fo_buf_str(&line, " --source lua");
	fo_status rc = fo_cmd_run(core, line.s, &reply);
	fo_buf_free(&line);
	char id[RES_ID] = "";
	if (rc == FO_OK)
		sscanf(reply.s, "request %39s", id);
	bool amb;
	const res_request *q = rc == FO_OK ? res_request_find(s, id, &amb) : NULL;
	if (!q) {
		fo_lua_ret_error(ret, "%s", reply.s ? reply.s : "request add failed");
		fo_buf_free(&reply);
		return FO_ERR;
	}
	fo_buf_free(&reply);
	fo_lua_ret_table(ret);
	fo_lua_ret_key(ret, "id");
	fo_lua_ret_str(ret, q->id);
	fo_lua_ret_key(ret, "state");
	fo_lua_ret_str(ret, res_rqstate_name(q->state));
	fo_lua_ret_key(ret, "reason");
	fo_lua_ret_str(ret, q->reason);
	fo_lua_ret_key(ret, "booking");
	fo_lua_ret_str(ret, q->allocation_id[0] ? q->allocation_id : NULL);
	fo_lua_ret_end(ret);
	return FO_OK;
}

static const fo_arg_spec request_args[] = {
    {"pool", FO_ARG_STRING, true, NULL, "a pool, or one resource of it"},
    {"vehicle", FO_ARG_STRING, false, NULL, "for this vehicle"},
    {"from", FO_ARG_STRING, false, NULL, "wanted from: now, +30m, ISO 8601"},
    {"until", FO_ARG_STRING, false, NULL, "deadline (default +4h)"},
    {"for", FO_ARG_STRING, false, NULL, "how long within the window (30m)"},
    {"priority", FO_ARG_STRING, false, NULL, "higher first under the priority policy"},
    {"purpose", FO_ARG_STRING, false, NULL, "charge, dock, park, ..."},
    {"mission", FO_ARG_STRING, false, NULL, "mission id"},
};

static const fo_arg_spec book_args[] = {
    {"resource", FO_ARG_STRING, true, NULL, "a resource, or a pool (its first free one)"},
    {"vehicle", FO_ARG_STRING, false, NULL, "for this vehicle"},
    {"from", FO_ARG_STRING, false, NULL, "start: epoch seconds, now, +30m, ISO 8601"},
    {"to", FO_ARG_STRING, false, NULL, "end (default: from + seconds)"},
    {"seconds", FO_ARG_DOUBLE, false, NULL, "length when to is not given (default 3600)"},
    {"purpose", FO_ARG_STRING, false, NULL, "charge, dock, park, ..."},
    {"mission", FO_ARG_STRING, false, NULL, "mission id"},
};
static const fo_arg_spec release_args[] = {
    {"booking", FO_ARG_STRING, true, NULL, "booking id (4+ leading characters)"},
    {"reason", FO_ARG_STRING, false, NULL, "why"},
};
static const fo_arg_spec bookings_args[] = {
    {"resource", FO_ARG_STRING, false, NULL, "only this resource's"},
    {"vehicle", FO_ARG_STRING, false, NULL, "only this vehicle's"},
};
static const fo_arg_spec resources_args[] = {
    {"pool", FO_ARG_STRING, false, NULL, "only this pool's"},
};

static const fo_lua_fn_spec fns[] = {
    {"book", book_args, FO_NELEMS(book_args),
     "a booking table {id, resource, vehicle, state, from, to, from_iso, to_iso, purpose, "
     "reason}; nil and the refusal (with the nearest free window) otherwise",
     "book a resource or any of a pool over a window", lua_book},
    {"request", request_args, FO_NELEMS(request_args),
     "a table {id, state (open, granted, refused), reason, booking}; nil and the error",
     "ask a pool for a resource; its grant policy answers at once or queues it", lua_request},
    {"release", release_args, FO_NELEMS(release_args), "true; nil and the reason otherwise",
     "release a booking now", lua_release},
    {"bookings", bookings_args, FO_NELEMS(bookings_args), "an array of booking tables",
     "the live bookings", lua_bookings},
    {"resources", resources_args, FO_NELEMS(resources_args),
     "an array of {name, pool, kind, node, state, down_reason}", "resources and their state now",
     lua_resources},
};

int res_lua_register(res_state *s)
{
	for (size_t i = 0; i < FO_NELEMS(fns); i++)
		if (fo_lua_fn_register(s->core, &fns[i], s) != 0)
			return -1;
	return 0;
}
