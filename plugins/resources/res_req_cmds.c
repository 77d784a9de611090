/* res_req_cmds.c — the commands of resource requests: request add, list,
 * show, cancel, grant (the operator's or the policy's), refuse and accept
 * (the window offered instead). */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_request(res_state *s, fo_out *out, const res_request *q)
{
	const res_pool *p = res_pool_find(s, q->pool_id);
	char a[40], z[40];
	res_time(q->from, a, sizeof a);
	res_time(q->to, z, sizeof z);
	fo_out_printf(out, "%-8.8s %-12s %-12s %-9s %5ld %-24s %-24s %6ld %-9s %s\n", q->id,
	              p ? p->name : "?", q->vehicle[0] ? q->vehicle : "-",
	              res_rqstate_name(q->state), q->priority, a, z, q->duration_s / 60,
	              q->source[0] ? q->source : "-", q->reason);
}

static void header(fo_out *out)
{
	fo_out_printf(out, "%-8s %-12s %-12s %-9s %5s %-24s %-24s %6s %-9s %s\n", "ID", "POOL",
	              "VEHICLE", "STATE", "PRIO", "FROM", "UNTIL", "MIN", "SOURCE", "REASON");
}

static fo_status cmd_add(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request add"))
		return FO_ERR;
	const char *what = fo_args_str(a, "pool", "");
	res_item *it = res_item_find(s, what);
	res_pool *p = it ? res_pool_of(s, it) : res_pool_find(s, what);
	if (!p) {
		fo_out_error(out, "request add: no pool or resource %s (see `pool list`)", what);
		return FO_ERR;
	}
	/* --at NODE: the pool's resource standing there, when it has one */
	const char *at = fo_args_str(a, "at", NULL);
	for (size_t i = 0; at && !it && i < s->nitems; i++)
		if (strcmp(s->items[i].pool_id, p->id) == 0 && strcmp(s->items[i].node, at) == 0)
			it = &s->items[i];
	uint64_t now = fo_wall_ms(), from, to;
	if (!res_time_opt(a, "from", now, &from, out, "request add") ||
	    !res_time_opt(a, "until", from + 4 * 3600000u, &to, out, "request add"))
		return FO_EUSAGE;
	long dur = 0;
	const char *len = fo_args_str(a, "for", NULL);
	if (len) {
		long long ms = fo_span_parse(len);
		if (ms <= 0) {
			fo_out_error(out, "request add: --for %s: a span such as 30m", len);
			return FO_EUSAGE;
		}
		dur = (long)(ms / 1000);
	}
	if (to <= from || (dur && (uint64_t)dur * 1000u > to - from)) {
		fo_out_error(out, "request add: the wanted window is shorter than the time wanted");
		return FO_EUSAGE;
	}
	const char *veh = fo_args_str(a, "vehicle", NULL);
	if (veh && fo_model_vehicle_find(fo_core_model(core), veh) < 0) {
		fo_out_error(out, "request add: no vehicle %s", veh);
		return FO_ERR;
	}
	res_request q = {.from = from,
	                 .to = to,
	                 .duration_s = dur,
	                 .priority = fo_args_int(a, "priority", 0),
	                 .state = RQ_OPEN};
	snprintf(q.pool_id, sizeof q.pool_id, "%s", p->id);
	snprintf(q.resource_id, sizeof q.resource_id, "%s", it ? it->id : "");
	snprintf(q.vehicle, sizeof q.vehicle, "%s", veh ? veh : "");
	snprintf(q.mission_id, sizeof q.mission_id, "%s", fo_args_str(a, "mission", ""));
	snprintf(q.purpose, sizeof q.purpose, "%s", fo_args_str(a, "purpose", ""));
	snprintf(q.source, sizeof q.source, "%s", fo_args_str(a, "source", "operator"));
	snprintf(q.reason, sizeof q.reason, "queued");
	fo_record *r = res_request_record(&q), *got = NULL;
	char err[256], id[RES_ID];
	fo_store_status st = res_sync_insert(s, r, &got, err, sizeof err);
	fo_record_free(r);
	if (st != FO_STORE_OK) {
		fo_out_error(out, "request add: %s", err);
		return FO_ERR;
	}
	snprintf(id, sizeof id, "%s", fo_record_id(got));
	fo_record_free(got);
	/* answer at once: the pool's policy runs now */
	if (!fo_args_flag(a, "queue-only"))
		res_grant_pass(s, res_pool_find(s, q.pool_id));
	bool amb;
	res_request *now_q = res_request_find(s, id, &amb);
	const char *state = now_q ? res_rqstate_name(now_q->state) : "?";
	const char *reason = now_q ? now_q->reason : "";
	if (strncmp(reason, state, strlen(state)) == 0)
		fo_out_printf(out, "request %s %s\n", id, reason);
	else
		fo_out_printf(out, "request %s %s: %s\n", id, state, reason);
	return FO_OK;
}

static fo_status cmd_run(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request run"))
		return FO_ERR;
	const char *pool = fo_args_str(a, "pool", NULL);
	res_pool *p = pool ? res_pool_find(s, pool) : NULL;
	if (pool && !p) {
		fo_out_error(out, "request run: no pool %s", pool);
		return FO_ERR;
	}
	size_t n = res_grant_pass(s, p);
	fo_out_printf(out, "request run: %zu requests answered or changed\n", n);
	(void)core;
	return FO_OK;
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request list"))
		return FO_ERR;
	const char *pool = fo_args_str(a, "pool", NULL);
	const res_pool *only = pool ? res_pool_find(s, pool) : NULL;
	if (pool && !only) {
		fo_out_error(out, "request list: no pool %s", pool);
		return FO_ERR;
	}
	bool all = fo_args_flag(a, "all");
	header(out);
	for (size_t i = 0; i < s->nreqs; i++) {
		const res_request *q = &s->reqs[i];
		if ((!all && q->state != RQ_OPEN) || (only && strcmp(q->pool_id, only->id) != 0))
			continue;
		print_request(s, out, q);
	}
	(void)core;
	return FO_OK;
}

static res_request *need(res_state *s, const fo_args *a, fo_out *out, const char *what)
{
	bool amb;
	const char *id = fo_args_str(a, "request", "");
	res_request *q = res_request_find(s, id, &amb);
	if (!q)
		fo_out_error(out, "%s: %s %s", what,
		             amb ? "more than one request starts with" : "no request", id);
	return q;
}

static fo_status cmd_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request show"))
		return FO_ERR;
	res_request *q = need(s, a, out, "request show");
	if (!q)
		return FO_ERR;
	header(out);
	print_request(s, out, q);
	if (q->offered_from) {
		char x[40], y[40];
		res_time(q->offered_from, x, sizeof x);
		res_time(q->offered_to, y, sizeof y);
		fo_out_printf(out, "offered [%s, %s) (request accept %.8s)\n", x, y, q->id);
	}
	if (q->allocation_id[0])
		fo_out_printf(out, "booking %s\n", q->allocation_id);
	(void)core;
	return FO_OK;
}

static fo_status set_state(res_state *s, fo_out *out, res_request *q, res_rqstate st,
                           const char *reason, const char *what)
{
	if (q->state != RQ_OPEN && !(q->state == RQ_REFUSED && st == RQ_CANCELLED)) {
		fo_out_error(out, "%s: request %.8s is %s", what, q->id,
		             res_rqstate_name(q->state));
		return FO_ERR;
	}
	res_request nq = *q;
	nq.state = st;
	snprintf(nq.reason, sizeof nq.reason, "%s", reason);
	char err[256];
	if (res_request_write(s, &nq, err, sizeof err) != FO_STORE_OK) {
		fo_out_error(out, "%s: %s", what, err);
		return FO_ERR;
	}
	fo_out_printf(out, "request %.8s %s: %s\n", nq.id, res_rqstate_name(st), reason);
	return FO_OK;
}

static void rest_text(const fo_args *a, const char *name, const char *fallback, char *buf,
                      size_t len)
{
	char *const *w;
	size_t n = fo_args_rest(a, name, &w);
	snprintf(buf, len, "%s", n ? "" : fallback);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(buf);
		snprintf(buf + l, len - l, "%s%s", i ? " " : "", w[i]);
	}
}

static fo_status cmd_cancel(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request cancel"))
		return FO_ERR;
	res_request *q = need(s, a, out, "request cancel");
	if (!q)
		return FO_ERR;
	char why[160];
	rest_text(a, "reason", "cancelled", why, sizeof why);
	(void)core;
	return set_state(s, out, q, RQ_CANCELLED, why, "request cancel");
}

static fo_status cmd_refuse(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request refuse"))
		return FO_ERR;
	res_request *q = need(s, a, out, "request refuse");
	if (!q)
		return FO_ERR;
	char why[160];
	rest_text(a, "reason", "refused by operator", why, sizeof why);
	(void)core;
	return set_state(s, out, q, RQ_REFUSED, why, "request refuse");
}

static fo_status grant(res_state *s, fo_out *out, res_request *q, res_item *it, uint64_t from,
                       uint64_t to, const char *what)
{
	char reason[400];
	if (res_request_grant(s, q, it, from, to, reason, sizeof reason) != FO_OK) {
		fo_out_error(out, "%s: %s", what, reason);
		return FO_ERR;
	}
	fo_out_printf(out, "request %.8s %s\n", q->id, reason);
	return FO_OK;
}

static fo_status cmd_grant(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request grant"))
		return FO_ERR;
	res_request *q = need(s, a, out, "request grant");
	if (!q)
		return FO_ERR;
	if (q->state != RQ_OPEN) {
		fo_out_error(out, "request grant: request %.8s is %s", q->id,
		             res_rqstate_name(q->state));
		return FO_ERR;
	}
	const char *rn = fo_args_str(a, "resource", "");
	res_item *it = res_item_find(s, rn);
	if (!it || strcmp(it->pool_id, q->pool_id) != 0) {
		fo_out_error(out, "request grant: %s is not a resource of the request's pool", rn);
		return FO_ERR;
	}
	uint64_t len = q->duration_s > 0 ? (uint64_t)q->duration_s * 1000u : q->to - q->from;
	uint64_t from, to, now = fo_wall_ms();
	if (!res_time_opt(a, "from", q->from > now ? q->from : now, &from, out, "request grant") ||
	    !res_time_opt(a, "until", from + len, &to, out, "request grant"))
		return FO_EUSAGE;
	(void)core;
	return grant(s, out, q, it, from, to, "request grant");
}

static fo_status cmd_accept(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	res_state *s = ud;
	if (!res_ready(s, out, "request accept"))
		return FO_ERR;
	res_request *q = need(s, a, out, "request accept");
	if (!q)
		return FO_ERR;
	if (q->state != RQ_REFUSED || !q->offered_from) {
		fo_out_error(out, "request accept: request %.8s has no offer (it is %s)", q->id,
		             res_rqstate_name(q->state));
		return FO_ERR;
	}
	/* the offer names no resource: take the pool's first free over it */
	uint64_t from = q->offered_from, to = q->offered_to;
	for (size_t i = 0; i < s->nitems; i++) {
		res_item *it = &s->items[i];
		if (strcmp(it->pool_id, q->pool_id) != 0 ||
		    (q->resource_id[0] && strcmp(it->id, q->resource_id) != 0))
			continue;
		size_t n;
		res_span *busy = res_busy(s, it, NULL, from, to, &n);
		bool free_now = res_window_free(busy, n, from, to);
		free(busy);
		if (!free_now)
			continue;
		res_request nq = *q;
		nq.state = RQ_OPEN; /* reopened to be granted */
		char err[256];
		if (res_request_write(s, &nq, err, sizeof err) != FO_STORE_OK) {
			fo_out_error(out, "request accept: %s", err);
			return FO_ERR;
		}
		bool amb;
		res_request *cur = res_request_find(s, nq.id, &amb);
		return grant(s, out, cur, it, from, to, "request accept");
	}
	(void)core;
	fo_out_error(out, "request accept: the offered window was taken meanwhile; add the request "
	                  "again");
	return FO_ERR;
}

static const fo_arg_spec add_args[] = {
    {"pool", FO_ARG_STRING, true, NULL, "a pool, or one resource of it"},
    {"vehicle", FO_ARG_STRING, false, NULL, "for this vehicle"},
    {"from", FO_ARG_STRING, false, NULL, "wanted from (default now)"},
    {"until", FO_ARG_STRING, false, NULL, "wanted until, the deadline (default +4h)"},
    {"for", FO_ARG_STRING, false, NULL, "how long within the window (default: all of it)"},
    {"priority", FO_ARG_INT, false, NULL, "higher first under the priority policy"},
    {"purpose", FO_ARG_STRING, false, NULL, "charge, dock, park, ..."},
    {"mission", FO_ARG_STRING, false, NULL, "for this mission (its id)"},
    {"at", FO_ARG_STRING, false, NULL, "the pool's resource at this map node, if it has one"},
    {"source", FO_ARG_ENUM, false, "operator|mission|lua|charging", "who asks (default operator)"},
    {"queue-only", FO_ARG_BOOL, false, NULL, "queue it; leave the answer to the console or serve"},
};
static const fo_arg_spec list_args[] = {
    {"pool", FO_ARG_STRING, false, NULL, "only this pool's"},
    {"all", FO_ARG_BOOL, false, NULL, "answered ones of the last day too"},
};
static const fo_arg_spec run_args[] = {
    {"pool", FO_ARG_STRING, false, NULL, "only this pool (default: every pool)"},
};
static const fo_arg_spec req_arg[] = {
    {"request", FO_ARG_STRING, true, NULL, "request id (4+ leading characters)"}};
static const fo_arg_spec why_args[] = {
    {"request", FO_ARG_STRING, true, NULL, "request id"},
    {"reason", FO_ARG_REST, false, NULL, "why"},
};
static const fo_arg_spec grant_args[] = {
    {"request", FO_ARG_STRING, true, NULL, "request id"},
    {"resource", FO_ARG_STRING, true, NULL, "a resource of its pool"},
    {"from", FO_ARG_STRING, false, NULL, "start (default: the wanted start, or now)"},
    {"until", FO_ARG_STRING, false, NULL, "end (default: start + the time wanted)"},
};

#define ARGS(x) x, FO_NELEMS(x)
#define RO FO_CMD_READONLY_SAFE

static const fo_cmd_spec cmds[] = {
    {"request", "add", "ask for a resource of a pool over a window; the pool's policy answers",
     ARGS(add_args), 0, cmd_add},
    {"request", "list", "open requests (--all: answered ones too)", ARGS(list_args), RO, cmd_list},
    {"request", "show", "one request, with its offer or booking", ARGS(req_arg), RO, cmd_show},
    {"request", "cancel", "withdraw a request", ARGS(why_args), 0, cmd_cancel},
    {"request", "refuse", "refuse an open request with the reason", ARGS(why_args), 0, cmd_refuse},
    {"request", "grant", "grant an open request: book a resource for it", ARGS(grant_args), 0,
     cmd_grant},
    {"request", "accept", "take the window a refused request was offered", ARGS(req_arg), 0,
     cmd_accept},
    {"request", "run", "run the pools' grant policies over the open requests now", ARGS(run_args),
     0, cmd_run},
};

int res_req_cmds_register(res_state *s, char *err, size_t errlen)
{
	return fo_cmds_register(s->core, cmds, FO_NELEMS(cmds), s, err, errlen);
}
