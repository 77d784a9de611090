/* res_grant.c — request queues and their grant policies.  A pass takes a
 * pool's open requests in the policy's order — first_fit: as they came;
 * priority: highest first, then as they came; earliest_deadline: the
 * earliest end of the wanted window first — and gives each the earliest
 * window of its length inside its wanted window on any fitting resource
 * (ties: the resource first by name).  A grant runs the `request grant`
 * command, so a command policy (a Lua one too) may refuse or amend it.  A
 * request no resource can meet inside its window is refused with the
 * nearest free window offered (`request accept` takes it). */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000ull
#define OCCUPIED_MS 300000u /* a window starting this soon needs the place empty */

const char *res_pool_policy(res_state *s, const res_pool *p)
{
	if (p && p->policy[0])
		return p->policy;
	const char *d = fo_config_str(s->core, "resources.policy");
	return d && *d ? d : "first_fit";
}

static uint64_t req_len(const res_request *q)
{
	uint64_t whole = q->to > q->from ? q->to - q->from : 0;
	uint64_t len = q->duration_s > 0 ? (uint64_t)q->duration_s * 1000u : whole;
	return len < whole ? len : whole;
}

fo_store_status res_request_write(res_state *s, const res_request *q, char *err, size_t errlen)
{
	fo_record *r = res_request_record(q);
	fo_store_status st = res_sync_update(s, r, NULL, err, errlen);
	fo_record_free(r);
	return st;
}

fo_status res_request_grant(res_state *s, res_request *q, res_item *it, uint64_t from, uint64_t to,
                            char *reason, size_t len)
{
	char qid[RES_ID];
	snprintf(qid, sizeof qid, "%s", q->id);
	res_want w = {.vehicle = q->vehicle[0] ? q->vehicle : NULL,
	              .mission = q->mission_id[0] ? q->mission_id : NULL,
	              .purpose = q->purpose[0] ? q->purpose : NULL,
	              .from = from,
	              .to = to};
	res_answer a;
	if (res_book(s, it, NULL, &w, &a) != FO_OK || !a.booked) {
		snprintf(reason, len, "%s", a.reason);
		return FO_ERR;
	}
	bool amb;
	res_request *cur = res_request_find(s, qid, &amb);
	if (!cur) {
		snprintf(reason, len, "the request is gone");
		return FO_ERR;
	}
	res_request nq = *cur;
	nq.state = RQ_GRANTED;
	snprintf(nq.allocation_id, sizeof nq.allocation_id, "%s", a.booking.id);
	char w1[40], w2[40], err[256];
	res_time(from, w1, sizeof w1);
	res_time(to, w2, sizeof w2);
	snprintf(nq.reason, sizeof nq.reason, "granted %s [%s, %s)", it->name, w1, w2);
	fo_store_status st = res_request_write(s, &nq, err, sizeof err);
	if (st != FO_STORE_OK) {
		/* granted meanwhile by another process, or cancelled: give it back */
		bool amb2;
		res_booking *b = res_booking_find(s, a.booking.id, &amb2);
		char e2[256];
		if (b)
			res_booking_release(s, b, "request answered elsewhere", e2, sizeof e2);
		snprintf(reason, len, "the request changed meanwhile: %s", err);
		return FO_ERR;
	}
	snprintf(reason, len, "%s", nq.reason);
	return FO_OK;
}

/* ---- the pass */

static const char *sort_policy;

static int by_policy(const void *x, const void *y)
{
	const res_request *a = *(res_request *const *)x, *b = *(res_request *const *)y;
	if (strcmp(sort_policy, "priority") == 0 && a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (strcmp(sort_policy, "earliest_deadline") == 0 && a->to != b->to)
		return a->to < b->to ? -1 : 1;
	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return strcmp(a->id, b->id);
}

static bool item_down_over(const res_item *it, uint64_t from, uint64_t to)
{
	if (!it->down_from)
		return false;
	uint64_t end = it->down_to ? it->down_to : UINT64_MAX;
	return it->down_from < to && from < end;
}

size_t res_charging_now(res_state *s, uint64_t now)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		n += res_booking_live(b) && strcmp(b->purpose, "charge") == 0 &&
		     b->from <= now + 60000u && now < b->to;
	}
	return n;
}

/* Whether a vehicle other than q's stands on the resource now: a charger
 * a charged vehicle still stands on is not free now, whatever the book
 * says. */
static bool occupied(res_state *s, const res_item *it, const char *vehicle)
{
	if (!it->node[0])
		return false;
	fo_model *m = fo_core_model(s->core);
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!v->driving && strcmp(v->last_node, it->node) == 0 &&
		    strcmp(v->id, vehicle) != 0)
			return true;
	}
	return false;
}

/* The earliest fitting (resource, start) for q; false when none. */
static bool best_fit(res_state *s, const res_pool *p, const res_request *q, uint64_t now,
                     res_item **best, uint64_t *start)
{
	uint64_t from = q->from > now ? q->from : now, len = req_len(q);
	bool found = false;
	for (size_t i = 0; i < s->nitems; i++) {
		res_item *it = &s->items[i];
		if (strcmp(it->pool_id, p->id) != 0 ||
		    (q->resource_id[0] && strcmp(it->id, q->resource_id) != 0))
			continue;
		size_t n;
		res_span *busy = res_busy(s, it, NULL, from, q->to, &n);
		uint64_t st;
		bool ok = res_first_fit(busy, n, from, q->to, len, &st);
		free(busy);
		if (ok && item_down_over(it, st, st + len))
			ok = false;
		if (ok && st <= now + OCCUPIED_MS && occupied(s, it, q->vehicle))
			ok = false;
		if (ok && (!found || st < *start ||
		           (st == *start && strcmp(it->name, (*best)->name) < 0))) {
			found = true;
			*best = it;
			*start = st;
		}
	}
	return found;
}

/* The nearest free window after the wanted one, on any resource. */
static bool offer(res_state *s, const res_pool *p, const res_request *q, uint64_t now,
                  uint64_t *ofrom, res_item **oit)
{
	uint64_t len = req_len(q), want = q->from > now ? q->from : now, best_d = 0;
	bool found = false;
	for (size_t i = 0; i < s->nitems; i++) {
		res_item *it = &s->items[i];
		if (strcmp(it->pool_id, p->id) != 0 ||
		    (q->resource_id[0] && strcmp(it->id, q->resource_id) != 0))
			continue;
		size_t n;
		res_span *busy = res_busy(s, it, NULL, now, want + 7 * DAY_MS, &n);
		uint64_t st;
		if (res_nearest_free(busy, n, want, len, now, want + 7 * DAY_MS, &st)) {
			uint64_t d = st > want ? st - want : want - st;
			if (!found || d < best_d) {
				found = true;
				best_d = d;
				*ofrom = st;
				*oit = it;
			}
		}
		free(busy);
	}
	return found;
}

static bool set_reason(res_state *s, res_request *q, res_rqstate st, const char *reason,
                       uint64_t ofrom, uint64_t oto)
{
	if (q->state == st && strcmp(q->reason, reason) == 0 && q->offered_from == ofrom)
		return false;
	res_request nq = *q;
	nq.state = st;
	nq.offered_from = ofrom;
	nq.offered_to = oto;
	snprintf(nq.reason, sizeof nq.reason, "%s", reason);
	char err[256];
	if (res_request_write(s, &nq, err, sizeof err) != FO_STORE_OK)
		fo_log(s->core, FO_LOG_DEBUG, "resources: request %.8s: %s", nq.id, err);
	else
		fo_log(s->core, FO_LOG_INFO, "resources: request %.8s%s%s %s: %s", nq.id,
		       nq.vehicle[0] ? " of " : "", nq.vehicle, res_rqstate_name(st), reason);
	return true;
}

static size_t pass_pool(res_state *s, res_pool *p, uint64_t now)
{
	size_t n = 0, changed = 0;
	char(*ids)[RES_ID] = calloc(s->nreqs + 1, sizeof *ids);
	res_request **v = calloc(s->nreqs + 1, sizeof *v);
	if (!ids || !v)
		abort();
	for (size_t i = 0; i < s->nreqs; i++)
		if (s->reqs[i].state == RQ_OPEN && strcmp(s->reqs[i].pool_id, p->id) == 0)
			v[n++] = &s->reqs[i];
	sort_policy = res_pool_policy(s, p);
	qsort(v, n, sizeof *v, by_policy);
	for (size_t i = 0; i < n; i++)
		snprintf(ids[i], RES_ID, "%s", v[i]->id);
	free(v);
	double share = fo_config_double(s->core, "resources.charge_max_share");
	size_t fleet = fo_model_vehicle_count(fo_core_model(s->core));
	size_t cap = (size_t)(share * (double)fleet);
	for (size_t i = 0; i < n; i++) {
		bool amb;
		res_request *q = res_request_find(s, ids[i], &amb);
		if (!q || q->state != RQ_OPEN)
			continue;
		uint64_t len = req_len(q), from = q->from > now ? q->from : now;
		char why[400];
		if (q->to <= from || q->to - from < len) {
			uint64_t of = 0;
			res_item *oit = NULL;
			bool has = offer(s, p, q, now, &of, &oit);
			snprintf(why, sizeof why,
			         "its window passed before a resource was free%s%s",
			         has ? "; offered " : "", has ? oit->name : "");
			changed +=
			    set_reason(s, q, RQ_REFUSED, why, has ? of : 0, has ? of + len : 0);
			continue;
		}
		if (strcmp(q->purpose, "charge") == 0 && share < 1.0 && fleet &&
		    res_charging_now(s, now) >= (cap ? cap : 1) && from <= now + 60000u) {
			snprintf(
			    why, sizeof why,
			    "waiting: %zu of %zu vehicles charge now (resources.charge_max_share "
			    "%.2f)",
			    res_charging_now(s, now), fleet, share);
			changed += set_reason(s, q, RQ_OPEN, why, 0, 0);
			continue;
		}
		res_item *it = NULL;
		uint64_t st = 0;
		if (!best_fit(s, p, q, now, &it, &st)) {
			uint64_t of = 0;
			res_item *oit = NULL;
			bool has = offer(s, p, q, now, &of, &oit);
			char w1[40], w2[40];
			res_time(of, w1, sizeof w1);
			res_time(of + len, w2, sizeof w2);
			if (has)
				snprintf(
				    why, sizeof why,
				    "no resource of %s is free long enough in the wanted window; "
				    "offered %s [%s, %s)",
				    p->name, oit->name, w1, w2);
			else
				snprintf(
				    why, sizeof why,
				    "no resource of %s is free long enough in the wanted window "
				    "nor within a week",
				    p->name);
			changed +=
			    set_reason(s, q, RQ_REFUSED, why, has ? of : 0, has ? of + len : 0);
			continue;
		}
		char line[320], a[40], z[40];
		res_time(st, a, sizeof a);
		res_time(st + len, z, sizeof z);
		snprintf(line, sizeof line, "request grant %s --resource %s --from %s --until %s",
		         q->id, it->name, a, z);
		fo_buf reply = {0};
		fo_status rc = fo_cmd_run(s->core, line, &reply);
		changed++;
		if (rc != FO_OK) {
			/* a policy refused, or a race: the reason stays on the request */
			bool amb2;
			res_request *cur = res_request_find(s, ids[i], &amb2);
			if (cur && cur->state == RQ_OPEN) {
				snprintf(why, sizeof why, "not granted: %s",
				         reply.s ? reply.s : "?");
				size_t l = strlen(why);
				while (l && why[l - 1] == '\n')
					why[--l] = '\0';
				set_reason(s, cur, RQ_OPEN, why, 0, 0);
			}
		}
		fo_buf_free(&reply);
	}
	free(ids);
	return changed;
}

size_t res_grant_pass(res_state *s, res_pool *pool)
{
	uint64_t now = fo_wall_ms();
	if (pool)
		return pass_pool(s, pool, now);
	size_t changed = 0;
	char(*ids)[RES_ID] = calloc(s->npools + 1, sizeof *ids);
	if (!ids)
		abort();
	size_t np = s->npools;
	for (size_t i = 0; i < np; i++)
		snprintf(ids[i], RES_ID, "%s", s->pools[i].id);
	for (size_t i = 0; i < np; i++) {
		res_pool *p = res_pool_find(s, ids[i]);
		if (p)
			changed += pass_pool(s, p, now);
	}
	free(ids);
	return changed;
}
