/* res_book.c — booking decisions.  A booking is granted when its window
 * meets no live booking and no maintenance of the resource as this
 * process knows them; the store then has the last word (the exclusion
 * constraint allocations_no_overlap on PostgreSQL, the trigger of the same
 * name on SQLite), so two processes booking at the same moment never both
 * win: the loser reads the resource again and answers with the nearest
 * free window.  Every request gets an answer. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define OFFER_DAYS 7 /* how far ahead an offer may lie */
#define DAY_MS 86400000ull

static void span_text(uint64_t from, uint64_t to, char *buf, size_t len)
{
	char a[40], b[40];
	res_time(from, a, sizeof a);
	res_time(to, b, sizeof b);
	snprintf(buf, len, "[%s, %s)", a, b);
}

static bool is_overlap(fo_store_status st, const char *err)
{
	return st == FO_STORE_INVALID && strstr(err, "no_overlap");
}

/* The nearest free window of it for the wanted one, into a when nearer
 * than what a holds. */
static void consider_offer(res_state *s, const res_item *it, const char *skip, uint64_t from,
                           uint64_t to, res_answer *a)
{
	uint64_t now = fo_wall_ms(), len = to - from, start;
	uint64_t lo = now, hi = (from > now ? from : now) + OFFER_DAYS * DAY_MS;
	size_t n;
	res_span *busy = res_busy(s, it, skip, lo, hi, &n);
	if (res_nearest_free(busy, n, from < lo ? lo : from, len, lo, hi, &start)) {
		uint64_t d = start > from ? start - from : from - start;
		uint64_t best = a->offer_from > from ? a->offer_from - from : from - a->offer_from;
		if (!a->offered || d < best) {
			a->offered = true;
			a->offer_from = start;
			a->offer_to = start + len;
			snprintf(a->offer_resource, sizeof a->offer_resource, "%s", it->name);
		}
	}
	free(busy);
}

static bool down_over(const res_item *it, uint64_t from, uint64_t to)
{
	if (!it->down_from)
		return false;
	uint64_t end = it->down_to ? it->down_to : UINT64_MAX;
	return it->down_from < to && from < end;
}

/* A live booking of the vehicle in the same pool over the window. */
static const res_booking *vehicle_holds(res_state *s, const res_pool *pool, const char *vehicle,
                                        uint64_t from, uint64_t to, const char *skip)
{
	if (!vehicle || !*vehicle || !pool)
		return NULL;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!res_booking_live(b) || strcmp(b->vehicle, vehicle) != 0 ||
		    (skip && strcmp(b->id, skip) == 0) || b->to <= from || b->from >= to)
			continue;
		res_item *bi = res_item_find(s, b->resource_id);
		if (bi && strcmp(bi->pool_id, pool->id) == 0)
			return b;
	}
	return NULL;
}

static int by_name(const void *x, const void *y)
{
	const res_item *const *a = x, *const *b = y;
	return strcmp((*a)->name, (*b)->name);
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static fo_status decide(res_state *s, res_item *it, res_pool *pool, const res_want *w,
                        res_answer *a);

fo_status res_book(res_state *s, res_item *it, res_pool *pool, const res_want *w, res_answer *a)
{
	double t0 = mono_ms();
	fo_status rc = decide(s, it, pool, w, a);
	s->lat_ms = fo_grow(s->lat_ms, &s->clat, s->nlat + 1, sizeof *s->lat_ms, 256);
	s->lat_ms[s->nlat++] = mono_ms() - t0;
	if (a->booked) {
		s->lat_booked_ms = fo_grow(s->lat_booked_ms, &s->cbooked, s->nbooked + 1,
		                           sizeof *s->lat_booked_ms, 256);
		s->lat_booked_ms[s->nbooked++] = s->lat_ms[s->nlat - 1];
	} else
		s->nrefused++;
	return rc;
}

static fo_status decide(res_state *s, res_item *it, res_pool *pool, const res_want *want,
                        res_answer *a)
{
	memset(a, 0, sizeof *a);
	uint64_t now = fo_wall_ms();
	/* the past is not booked: a window already begun starts now (so a
	 * booking never starts before the release that freed its resource) */
	res_want clamped = *want;
	if (clamped.from < now && clamped.to > now)
		clamped.from = now;
	const res_want *w = &clamped;
	char win[96];
	span_text(w->from, w->to, win, sizeof win);
	if (w->to <= w->from) {
		snprintf(a->reason, sizeof a->reason, "the window %s ends before it starts", win);
		return FO_OK;
	}
	if (w->to <= now) {
		snprintf(a->reason, sizeof a->reason, "the window %s is over", win);
		return FO_OK;
	}
	if (it)
		pool = res_pool_of(s, it);
	const res_booking *held = vehicle_holds(s, pool, w->vehicle, w->from, w->to, w->skip);
	if (held) {
		res_item *hi = res_item_find(s, held->resource_id);
		span_text(held->from, held->to, win, sizeof win);
		snprintf(a->reason, sizeof a->reason,
		         "vehicle %s already holds booking %.8s of %s %s in pool %s", w->vehicle,
		         held->id, hi ? hi->name : "?", win, pool ? pool->name : "?");
		return FO_OK;
	}
	/* the candidates: the resource, or the pool's by name */
	size_t nc = 0;
	res_item **cand = calloc(s->nitems + 1, sizeof *cand);
	if (!cand)
		abort();
	if (it)
		cand[nc++] = it;
	else
		for (size_t i = 0; pool && i < s->nitems; i++)
			if (strcmp(s->items[i].pool_id, pool->id) == 0)
				cand[nc++] = &s->items[i];
	qsort(cand, nc, sizeof *cand, by_name);
	fo_status rc = FO_OK;
	size_t ndown = 0, nbusy = 0;
	for (size_t k = 0; k < nc && !a->booked; k++) {
		res_item *c = cand[k];
		if (down_over(c, w->from, w->to)) {
			ndown++;
			continue;
		}
		size_t n;
		res_span *busy = res_busy(s, c, NULL, w->from, w->to, &n);
		bool free_now = res_window_free(busy, n, w->from, w->to);
		free(busy);
		if (!free_now) {
			nbusy++;
			consider_offer(s, c, NULL, w->from, w->to, a);
			continue;
		}
		res_booking b = {0};
		snprintf(b.resource_id, sizeof b.resource_id, "%s", c->id);
		snprintf(b.vehicle, sizeof b.vehicle, "%s", w->vehicle ? w->vehicle : "");
		snprintf(b.mission_id, sizeof b.mission_id, "%s", w->mission ? w->mission : "");
		snprintf(b.purpose, sizeof b.purpose, "%s", w->purpose ? w->purpose : "");
		b.from = w->from;
		b.to = w->to;
		b.state = RB_RESERVED;
		fo_record *r = res_booking_record(&b), *out = NULL;
		char err[256] = "";
		a->attempts++;
		fo_store_status st = res_sync_insert(s, r, &out, err, sizeof err);
		fo_record_free(r);
		if (st == FO_STORE_OK) {
			a->booked = true;
			res_booking *got =
			    out ? res_booking_find(s, fo_record_id(out), &(bool){0}) : NULL;
			if (got)
				a->booking = *got;
			fo_record_free(out);
			break;
		}
		if (is_overlap(st, err)) {
			/* another process booked it first: read what it holds */
			nbusy++;
			char e2[256];
			if (res_refresh_resource(s, c->id, e2, sizeof e2) == FO_STORE_OK)
				consider_offer(s, c, NULL, w->from, w->to, a);
			continue;
		}
		snprintf(a->reason, sizeof a->reason, "the store refused the booking: %s", err);
		rc = FO_ERR;
		break;
	}
	free(cand);
	if (a->booked || rc != FO_OK)
		return rc;
	span_text(w->from, w->to, win, sizeof win);
	if (nc == 0)
		snprintf(a->reason, sizeof a->reason, "pool %s has no resources",
		         pool ? pool->name : "?");
	else if (it && ndown)
		snprintf(a->reason, sizeof a->reason, "%s is down for maintenance over %s (%s)",
		         it->name, win, it->down_reason[0] ? it->down_reason : "no reason given");
	else if (it)
		snprintf(a->reason, sizeof a->reason, "%s is booked over %s", it->name, win);
	else
		snprintf(a->reason, sizeof a->reason,
		         "every resource of pool %s is taken over %s (%zu booked, %zu down)",
		         pool ? pool->name : "?", win, nbusy, ndown);
	return FO_OK;
}

fo_status res_booking_retime(res_state *s, res_booking *b, uint64_t from, uint64_t to,
                             res_answer *a)
{
	memset(a, 0, sizeof *a);
	char win[96];
	span_text(from, to, win, sizeof win);
	res_item *it = res_item_find(s, b->resource_id);
	if (!res_booking_live(b)) {
		snprintf(a->reason, sizeof a->reason, "booking %.8s is released", b->id);
		return FO_OK;
	}
	if (to <= from) {
		snprintf(a->reason, sizeof a->reason, "the window %s ends before it starts", win);
		return FO_OK;
	}
	if (to <= fo_wall_ms()) {
		snprintf(a->reason, sizeof a->reason,
		         "the window %s is over (release the booking instead)", win);
		return FO_OK;
	}
	if (!it) {
		snprintf(a->reason, sizeof a->reason, "the booking's resource is gone");
		return FO_OK;
	}
	if (down_over(it, from, to) && !down_over(it, b->from, b->to)) {
		snprintf(a->reason, sizeof a->reason, "%s is down for maintenance over %s (%s)",
		         it->name, win, it->down_reason);
		return FO_OK;
	}
	size_t n;
	res_span *busy = res_busy(s, it, b->id, from, to, &n);
	/* maintenance that already overlapped the booking does not refuse a
	 * change: that is a conflict to resolve, not a new one */
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = !(busy[i].from < to && from < busy[i].to) ||
		     (down_over(it, b->from, b->to) && busy[i].from <= it->down_from &&
		      busy[i].to >= it->down_from);
	free(busy);
	char id[RES_ID];
	snprintf(id, sizeof id, "%s", b->id);
	if (ok) {
		res_booking nb = *b;
		nb.from = from;
		nb.to = to;
		fo_record *r = res_booking_record(&nb), *out = NULL;
		char err[256] = "";
		a->attempts++;
		fo_store_status st = res_sync_update(s, r, &out, err, sizeof err);
		fo_record_free(r);
		if (st == FO_STORE_OK) {
			a->booked = true;
			res_booking *got = res_booking_find(s, id, &(bool){0});
			if (got)
				a->booking = *got;
			fo_record_free(out);
			return FO_OK;
		}
		fo_record_free(out);
		if (st == FO_STORE_CONFLICT) {
			snprintf(
			    a->reason, sizeof a->reason,
			    "booking %.8s was changed meanwhile by another process; look again",
			    id);
			char e2[256];
			res_refresh_resource(s, it->id, e2, sizeof e2);
			return FO_OK;
		}
		if (!is_overlap(st, err)) {
			snprintf(a->reason, sizeof a->reason, "the store refused the change: %s",
			         err);
			return FO_ERR;
		}
		char e2[256];
		res_refresh_resource(s, it->id, e2, sizeof e2);
	}
	snprintf(a->reason, sizeof a->reason, "%s is booked by someone else over part of %s",
	         it->name, win);
	consider_offer(s, it, id, from, to, a);
	return FO_OK;
}

fo_status res_booking_release(res_state *s, res_booking *b, const char *reason, char *err,
                              size_t errlen)
{
	if (!res_booking_live(b)) {
		snprintf(err, errlen, "booking %.8s is already released (%s)", b->id, b->reason);
		return FO_ERR;
	}
	res_booking nb = *b;
	nb.state = RB_RELEASED;
	nb.released_at = fo_wall_ms();
	snprintf(nb.reason, sizeof nb.reason, "%s", reason && *reason ? reason : "released");
	fo_record *r = res_booking_record(&nb);
	fo_store_status st = res_sync_update(s, r, NULL, err, errlen);
	fo_record_free(r);
	return st == FO_STORE_OK ? FO_OK : FO_ERR;
}

/* ---- the sweep: no-shows, arrivals, ends */

static const fo_vehicle *vehicle_of(res_state *s, const char *serial)
{
	fo_model *m = fo_core_model(s->core);
	long i = serial[0] ? fo_model_vehicle_find(m, serial) : -1;
	return i < 0 ? NULL : fo_model_vehicle(m, (size_t)i);
}

static void set_state(res_state *s, const char *id, res_bstate st, const char *reason)
{
	bool amb;
	res_booking *b = res_booking_find(s, id, &amb);
	if (!b)
		return;
	res_booking nb = *b;
	nb.state = st;
	if (st == RB_RELEASED) {
		nb.released_at = fo_wall_ms();
		snprintf(nb.reason, sizeof nb.reason, "%s", reason);
	}
	fo_record *r = res_booking_record(&nb);
	char err[256];
	/* another process may have done it first: a stale version is fine */
	if (res_sync_update(s, r, NULL, err, sizeof err) != FO_STORE_OK)
		fo_log(s->core, FO_LOG_DEBUG, "resources: booking %.8s: %s", id, err);
	fo_record_free(r);
}

void res_sweep(res_state *s)
{
	uint64_t now = fo_wall_ms();
	long grace_s = fo_config_int(s->core, "resources.no_show_s");
	uint64_t grace = (uint64_t)(grace_s > 0 ? grace_s : 0) * 1000u;
	/* ids first: the updates below may move the array */
	size_t n = 0;
	char(*ids)[RES_ID] = calloc(s->nbooks + 1, sizeof *ids);
	res_bstate *to = calloc(s->nbooks + 1, sizeof *to);
	const char **why = calloc(s->nbooks + 1, sizeof *why);
	if (!ids || !to || !why)
		abort();
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!res_booking_live(b) || b->from > now)
			continue;
		const res_item *it = res_item_find(s, b->resource_id);
		const fo_vehicle *v = vehicle_of(s, b->vehicle);
		bool there =
		    v && it && it->node[0] && !v->driving && strcmp(v->last_node, it->node) == 0;
		res_bstate want = b->state;
		const char *reason = NULL;
		if (b->to <= now && !there) {
			want = RB_RELEASED;
			reason = b->state == RB_ACTIVE ? "ended" : "ended unused";
		} else if (b->state == RB_RESERVED && there) {
			want = RB_ACTIVE;
		} else if (b->state == RB_RESERVED && b->vehicle[0] && grace &&
		           now >= b->from + grace && it && it->node[0]) {
			want = RB_RELEASED;
			reason = "no-show";
		}
		if (want == b->state)
			continue;
		snprintf(ids[n], RES_ID, "%s", b->id);
		to[n] = want;
		why[n++] = reason;
	}
	for (size_t i = 0; i < n; i++) {
		set_state(s, ids[i], to[i], why[i] ? why[i] : "");
		if (to[i] == RB_RELEASED)
			fo_log(s->core, FO_LOG_INFO, "resources: booking %.8s released: %s", ids[i],
			       why[i]);
	}
	free(ids);
	free(to);
	free(why);
}
