/* res_store.c — pools, resources and bookings between the store and the
 * plugin's state: the load (pools, resources, live bookings and those of
 * the last day), other processes' changes (PostgreSQL notifies; SQLite is
 * read again by the tick), blocking writes for commands, and lookups. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bstate_names[] = {"reserved", "active", "released"};

const char *res_bstate_name(res_bstate s)
{
	return (unsigned)s < 3 ? bstate_names[s] : "?";
}

static const char *const rqstate_names[] = {"open", "granted", "refused", "cancelled"};

const char *res_rqstate_name(res_rqstate s)
{
	return (unsigned)s < 4 ? rqstate_names[s] : "?";
}

static res_rqstate rqstate_parse(const char *t)
{
	for (int i = 0; i < 4; i++)
		if (t && strcmp(t, rqstate_names[i]) == 0)
			return (res_rqstate)i;
	return RQ_CANCELLED;
}

static res_bstate bstate_parse(const char *t)
{
	for (int i = 0; i < 3; i++)
		if (t && strcmp(t, bstate_names[i]) == 0)
			return (res_bstate)i;
	return RB_RELEASED;
}

void res_time(uint64_t ms, char *buf, size_t len)
{
	if (!ms) {
		snprintf(buf, len, "%s", "");
		return;
	}
	fo_iso_time(ms, buf, len);
}

static void copy(char *dst, size_t len, const fo_record *r, const char *field)
{
	const char *v = fo_record_get(r, field);
	snprintf(dst, len, "%s", v ? v : "");
}

#define COPY(dst, r, field) copy(dst, sizeof dst, r, field)

static void take_pool(res_state *s, const fo_record *r)
{
	res_pool *p = res_pool_find(s, fo_record_id(r));
	if (p && fo_record_version(r) < p->version)
		return;
	if (!p) {
		s->pools = fo_grow(s->pools, &s->cpools, s->npools + 1, sizeof *s->pools, 16);
		p = &s->pools[s->npools++];
	}
	memset(p, 0, sizeof *p);
	snprintf(p->id, sizeof p->id, "%s", fo_record_id(r));
	COPY(p->name, r, "name");
	COPY(p->kind, r, "kind");
	COPY(p->policy, r, "policy");
	const char *cap = fo_record_get(r, "capacity");
	p->capacity = cap ? atol(cap) : -1;
	p->version = fo_record_version(r);
}

static void take_item(res_state *s, const fo_record *r)
{
	res_item *it = NULL;
	for (size_t i = 0; i < s->nitems; i++)
		if (strcmp(s->items[i].id, fo_record_id(r)) == 0)
			it = &s->items[i];
	if (it && fo_record_version(r) < it->version)
		return;
	if (!it) {
		s->items = fo_grow(s->items, &s->citems, s->nitems + 1, sizeof *s->items, 32);
		it = &s->items[s->nitems++];
	}
	memset(it, 0, sizeof *it);
	snprintf(it->id, sizeof it->id, "%s", fo_record_id(r));
	COPY(it->pool_id, r, "pool_id");
	COPY(it->name, r, "name");
	COPY(it->node, r, "node_id");
	COPY(it->down_reason, r, "down_reason");
	it->down_from = fo_iso_parse(fo_record_get(r, "down_from"));
	it->down_to = fo_iso_parse(fo_record_get(r, "down_to"));
	it->version = fo_record_version(r);
}

static void take_booking(res_state *s, const fo_record *r)
{
	res_booking *b = NULL;
	for (size_t i = 0; i < s->nbooks; i++)
		if (strcmp(s->books[i].id, fo_record_id(r)) == 0)
			b = &s->books[i];
	if (b && fo_record_version(r) < b->version)
		return;
	if (!b) {
		s->books = fo_grow(s->books, &s->cbooks, s->nbooks + 1, sizeof *s->books, 64);
		b = &s->books[s->nbooks++];
	}
	memset(b, 0, sizeof *b);
	snprintf(b->id, sizeof b->id, "%s", fo_record_id(r));
	COPY(b->resource_id, r, "resource_id");
	COPY(b->vehicle, r, "vehicle_serial");
	COPY(b->mission_id, r, "mission_id");
	COPY(b->purpose, r, "purpose");
	COPY(b->reason, r, "reason");
	b->from = fo_iso_parse(fo_record_get(r, "starts_at"));
	b->to = fo_iso_parse(fo_record_get(r, "ends_at"));
	b->released_at = fo_iso_parse(fo_record_get(r, "released_at"));
	b->created = fo_iso_parse(fo_record_get(r, "created_at"));
	b->state = bstate_parse(fo_record_get(r, "state"));
	b->version = fo_record_version(r);
}

static void take_request(res_state *s, const fo_record *r)
{
	bool amb;
	res_request *q = res_request_find(s, fo_record_id(r), &amb);
	if (q && fo_record_version(r) < q->version)
		return;
	if (!q) {
		s->reqs = fo_grow(s->reqs, &s->creqs, s->nreqs + 1, sizeof *s->reqs, 32);
		q = &s->reqs[s->nreqs++];
	}
	memset(q, 0, sizeof *q);
	snprintf(q->id, sizeof q->id, "%s", fo_record_id(r));
	COPY(q->pool_id, r, "pool_id");
	COPY(q->resource_id, r, "resource_id");
	COPY(q->vehicle, r, "vehicle_serial");
	COPY(q->mission_id, r, "mission_id");
	COPY(q->purpose, r, "purpose");
	COPY(q->source, r, "source");
	COPY(q->allocation_id, r, "allocation_id");
	COPY(q->reason, r, "reason");
	q->from = fo_iso_parse(fo_record_get(r, "wanted_from"));
	q->to = fo_iso_parse(fo_record_get(r, "wanted_to"));
	q->offered_from = fo_iso_parse(fo_record_get(r, "offered_from"));
	q->offered_to = fo_iso_parse(fo_record_get(r, "offered_to"));
	q->created = fo_iso_parse(fo_record_get(r, "created_at"));
	const char *d = fo_record_get(r, "duration_s"), *p = fo_record_get(r, "priority");
	q->duration_s = d ? atol(d) : 0;
	q->priority = p ? atol(p) : 0;
	q->state = rqstate_parse(fo_record_get(r, "state"));
	q->version = fo_record_version(r);
}

static void take_conflict(res_state *s, const fo_record *r)
{
	bool amb;
	res_conflict *c = res_conflict_find(s, fo_record_id(r), &amb);
	if (c && fo_record_version(r) < c->version)
		return;
	if (!c) {
		s->confs = fo_grow(s->confs, &s->cconfs, s->nconfs + 1, sizeof *s->confs, 16);
		c = &s->confs[s->nconfs++];
	}
	memset(c, 0, sizeof *c);
	snprintf(c->id, sizeof c->id, "%s", fo_record_id(r));
	COPY(c->kind, r, "kind");
	COPY(c->booking, r, "allocation_id");
	COPY(c->other, r, "other_allocation_id");
	COPY(c->resource_id, r, "resource_id");
	COPY(c->vehicle, r, "vehicle_serial");
	COPY(c->key, r, "open_key");
	COPY(c->detail, r, "detail");
	COPY(c->suggestions, r, "suggestions");
	COPY(c->resolution, r, "resolution");
	COPY(c->resolved_by, r, "resolved_by");
	const char *st = fo_record_get(r, "state");
	c->open = st && strcmp(st, "open") == 0;
	c->detected = fo_iso_parse(fo_record_get(r, "detected_at"));
	c->resolved_at = fo_iso_parse(fo_record_get(r, "resolved_at"));
	c->version = fo_record_version(r);
}

void res_take(res_state *s, const fo_record *r)
{
	const fo_table_def *t = fo_record_table(r);
	if (strcmp(t->schema, "resources") != 0)
		return;
	if (strcmp(t->name, "pools") == 0)
		take_pool(s, r);
	else if (strcmp(t->name, "resources") == 0)
		take_item(s, r);
	else if (strcmp(t->name, "allocations") == 0)
		take_booking(s, r);
	else if (strcmp(t->name, "requests") == 0)
		take_request(s, r);
	else if (strcmp(t->name, "conflicts") == 0)
		take_conflict(s, r);
	else
		return;
	s->gen++;
}

/* A deleted record leaves the state. */
static void forget(res_state *s, const char *table, const char *id)
{
	if (strcmp(table, "resources.pools") == 0) {
		for (size_t i = 0; i < s->npools; i++)
			if (strcmp(s->pools[i].id, id) == 0)
				s->pools[i] = s->pools[--s->npools];
	} else if (strcmp(table, "resources.resources") == 0) {
		for (size_t i = 0; i < s->nitems; i++)
			if (strcmp(s->items[i].id, id) == 0)
				s->items[i] = s->items[--s->nitems];
	} else if (strcmp(table, "resources.allocations") == 0) {
		for (size_t i = 0; i < s->nbooks; i++)
			if (strcmp(s->books[i].id, id) == 0)
				s->books[i] = s->books[--s->nbooks];
	} else if (strcmp(table, "resources.conflicts") == 0) {
		for (size_t i = 0; i < s->nconfs; i++)
			if (strcmp(s->confs[i].id, id) == 0)
				s->confs[i] = s->confs[--s->nconfs];
	} else if (strcmp(table, "resources.requests") == 0) {
		for (size_t i = 0; i < s->nreqs; i++)
			if (strcmp(s->reqs[i].id, id) == 0)
				s->reqs[i] = s->reqs[--s->nreqs];
	}
	s->gen++;
}

/* ---- the load */

typedef struct {
	res_state *s;
	bool last;
} loader;

static void loaded(fo_core *core, const fo_store_result *res, void *ud)
{
	loader *l = ud;
	res_state *s = l->s;
	if (res->status != FO_STORE_OK)
		snprintf(s->load_err, sizeof s->load_err, "%s", res->error);
	for (size_t i = 0; i < res->nrecords; i++)
		res_take(s, res->records[i]);
	if (l->last) {
		/* a long-running console keeps a day of released bookings */
		uint64_t old = fo_wall_ms() - 24 * 3600000ull;
		size_t k = 0;
		for (size_t i = 0; i < s->nbooks; i++) {
			const res_booking *b = &s->books[i];
			uint64_t end = b->released_at ? b->released_at : b->to;
			if (b->state != RB_RELEASED || end >= old)
				s->books[k++] = *b;
		}
		s->nbooks = k;
		k = 0;
		for (size_t i = 0; i < s->nreqs; i++)
			if (s->reqs[i].state == RQ_OPEN || s->reqs[i].to >= old)
				s->reqs[k++] = s->reqs[i];
		s->nreqs = k;
		k = 0;
		for (size_t i = 0; i < s->nconfs; i++)
			if (s->confs[i].open || s->confs[i].resolved_at >= old)
				s->confs[k++] = s->confs[i];
		s->nconfs = k;
		s->loading = false;
		s->loaded = true;
		s->gen++;
	}
	free(l);
	(void)core;
}

static void list(res_state *s, const char *table, const char *field, const char *equals,
                 const char *from, bool last)
{
	loader *l = malloc(sizeof *l);
	if (!l)
		abort();
	*l = (loader){s, last};
	fo_store_query q = {.table = table, .field = field, .equals = equals, .from = from};
	fo_store_list(fo_core_store(s->core), &q, loaded, l);
}

static void changed(fo_core *core, const char *table, const char *id, const char *op, void *ud);

void res_load(res_state *s, bool wait)
{
	if (!s->loaded)
		res_reload(s);
	fo_store *st = fo_core_store(s->core);
	if (st && wait && !s->loaded)
		fo_store_drain(st);
}

void res_reload(res_state *s)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return;
	if (!s->loading) {
		s->loading = true;
		s->load_err[0] = '\0';
		s->last_load_ms = fo_wall_ms();
		char since[40];
		res_time(fo_wall_ms() - 24 * 3600000ull, since, sizeof since);
		list(s, "resources.pools", NULL, NULL, NULL, false);
		list(s, "resources.resources", NULL, NULL, NULL, false);
		list(s, "resources.allocations", "state", "reserved", NULL, false);
		list(s, "resources.allocations", "state", "active", NULL, false);
		list(s, "resources.allocations", NULL, NULL, since, false);
		list(s, "resources.requests", "state", "open", NULL, false);
		list(s, "resources.requests", NULL, NULL, since, false);
		list(s, "resources.conflicts", "state", "open", NULL, false);
		list(s, "resources.conflicts", NULL, NULL, since, true);
		if (!s->watching)
			fo_store_on_change(st, changed, s);
		s->watching = true;
	}
}

/* ---- other processes' changes
 *
 * A change marks the state stale; the tick reads it again (at most once a
 * second) in a console or `serve`.  A fetch per change would queue one
 * store round trip per booking any process makes, ahead of this process's
 * own writes. */

static void changed(fo_core *core, const char *table, const char *id, const char *op, void *ud)
{
	res_state *s = ud;
	if (strncmp(table, "resources.", 10) != 0)
		return;
	if (strcmp(op, "DELETE") == 0)
		forget(s, table, id);
	else
		s->stale = true;
	(void)core;
}

/* ---- blocking writes */

typedef struct {
	fo_store_status status;
	char error[256];
	fo_record *rec;
	bool done;
} reply;

static void replied(fo_core *core, const fo_store_result *res, void *ud)
{
	reply *r = ud;
	r->status = res->status;
	snprintf(r->error, sizeof r->error, "%s", res->error);
	if (res->status == FO_STORE_OK && res->nrecords)
		r->rec = fo_record_dup(res->records[0]);
	r->done = true;
	(void)core;
}

static fo_store_status finish(res_state *s, reply *r, fo_record **out, char *err, size_t errlen)
{
	fo_store_drain(fo_core_store(s->core));
	if (r->status == FO_STORE_OK && r->rec)
		res_take(s, r->rec);
	if (out)
		*out = r->rec;
	else
		fo_record_free(r->rec);
	if (r->status != FO_STORE_OK && err)
		snprintf(err, errlen, "%s", r->error);
	return r->status;
}

static fo_store_status no_store(char *err, size_t errlen)
{
	snprintf(err, errlen, "no store is open");
	return FO_STORE_UNAVAILABLE;
}

fo_store_status res_sync_insert(res_state *s, fo_record *r, fo_record **out, char *err,
                                size_t errlen)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return no_store(err, errlen);
	reply rp = {0};
	fo_store_insert(st, r, replied, &rp);
	return finish(s, &rp, out, err, errlen);
}

fo_store_status res_sync_update(res_state *s, fo_record *r, fo_record **out, char *err,
                                size_t errlen)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return no_store(err, errlen);
	reply rp = {0};
	fo_store_update(st, r, replied, &rp);
	return finish(s, &rp, out, err, errlen);
}

fo_store_status res_sync_delete(res_state *s, const char *table, const char *id, long long version,
                                char *err, size_t errlen)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return no_store(err, errlen);
	reply rp = {0};
	fo_store_delete(st, table, id, version, replied, &rp);
	fo_store_status status = finish(s, &rp, NULL, err, errlen);
	if (status == FO_STORE_OK)
		forget(s, table, id);
	return status;
}

typedef struct {
	res_state *s;
	fo_store_status status;
	char error[256];
} refresh_ctx;

static void refreshed(fo_core *core, const fo_store_result *res, void *ud)
{
	refresh_ctx *c = ud;
	c->status = res->status;
	snprintf(c->error, sizeof c->error, "%s", res->error);
	for (size_t i = 0; i < res->nrecords; i++)
		res_take(c->s, res->records[i]);
	(void)core;
}

fo_store_status res_refresh_resource(res_state *s, const char *resource_id, char *err,
                                     size_t errlen)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return no_store(err, errlen);
	refresh_ctx c = {s, FO_STORE_OK, ""};
	fo_store_query q = {
	    .table = "resources.allocations", .field = "resource_id", .equals = resource_id};
	fo_store_list(st, &q, refreshed, &c);
	fo_store_drain(st);
	if (c.status != FO_STORE_OK)
		snprintf(err, errlen, "%s", c.error);
	return c.status;
}

/* ---- records */

static fo_record *record(const char *table, const char *id, long long version)
{
	fo_record *r = fo_record_new(fo_store_table(table));
	if (id && *id) {
		fo_record_set(r, "id", id);
		fo_record_setf(r, "version", "%lld", version);
	}
	return r;
}

static void set_opt(fo_record *r, const char *field, const char *v)
{
	fo_record_set(r, field, v && *v ? v : NULL);
}

static void set_time(fo_record *r, const char *field, uint64_t ms)
{
	char t[40];
	res_time(ms, t, sizeof t);
	set_opt(r, field, t);
}

fo_record *res_pool_record(const res_pool *p)
{
	fo_record *r = record("resources.pools", p->id, p->version);
	fo_record_set(r, "name", p->name);
	fo_record_set(r, "kind", p->kind);
	if (p->capacity >= 0)
		fo_record_setf(r, "capacity", "%ld", p->capacity);
	set_opt(r, "policy", p->policy);
	return r;
}

fo_record *res_item_record(const res_item *it)
{
	fo_record *r = record("resources.resources", it->id, it->version);
	fo_record_set(r, "pool_id", it->pool_id);
	fo_record_set(r, "name", it->name);
	set_opt(r, "node_id", it->node);
	set_time(r, "down_from", it->down_from);
	set_time(r, "down_to", it->down_to);
	set_opt(r, "down_reason", it->down_reason);
	return r;
}

fo_record *res_booking_record(const res_booking *b)
{
	fo_record *r = record("resources.allocations", b->id, b->version);
	fo_record_set(r, "resource_id", b->resource_id);
	set_opt(r, "vehicle_serial", b->vehicle);
	set_opt(r, "mission_id", b->mission_id);
	set_opt(r, "purpose", b->purpose);
	set_time(r, "starts_at", b->from);
	set_time(r, "ends_at", b->to);
	fo_record_set(r, "state", res_bstate_name(b->state));
	set_time(r, "released_at", b->released_at);
	set_opt(r, "reason", b->reason);
	return r;
}

fo_record *res_request_record(const res_request *q)
{
	fo_record *r = record("resources.requests", q->id, q->version);
	fo_record_set(r, "pool_id", q->pool_id);
	set_opt(r, "resource_id", q->resource_id);
	set_opt(r, "vehicle_serial", q->vehicle);
	set_opt(r, "mission_id", q->mission_id);
	set_opt(r, "purpose", q->purpose);
	set_opt(r, "source", q->source);
	set_opt(r, "allocation_id", q->allocation_id);
	set_opt(r, "reason", q->reason);
	set_time(r, "wanted_from", q->from);
	set_time(r, "wanted_to", q->to);
	set_time(r, "offered_from", q->offered_from);
	set_time(r, "offered_to", q->offered_to);
	if (q->duration_s > 0)
		fo_record_setf(r, "duration_s", "%ld", q->duration_s);
	fo_record_setf(r, "priority", "%ld", q->priority);
	fo_record_set(r, "state", res_rqstate_name(q->state));
	return r;
}

fo_record *res_conflict_record(const res_conflict *c)
{
	fo_record *r = record("resources.conflicts", c->id, c->version);
	fo_record_set(r, "kind", c->kind);
	fo_record_set(r, "state", c->open ? "open" : "resolved");
	set_opt(r, "allocation_id", c->booking);
	set_opt(r, "other_allocation_id", c->other);
	set_opt(r, "resource_id", c->resource_id);
	set_opt(r, "vehicle_serial", c->vehicle);
	set_opt(r, "open_key", c->open ? c->key : NULL);
	set_opt(r, "detail", c->detail);
	set_opt(r, "suggestions", c->suggestions);
	set_opt(r, "resolution", c->resolution);
	set_opt(r, "resolved_by", c->resolved_by);
	set_time(r, "detected_at", c->detected);
	set_time(r, "resolved_at", c->resolved_at);
	return r;
}

/* ---- lookups */

res_conflict *res_conflict_find(res_state *s, const char *prefix, bool *ambiguous)
{
	res_conflict *hit = NULL;
	size_t len = prefix ? strlen(prefix) : 0;
	*ambiguous = false;
	if (len < 4)
		return NULL;
	for (size_t i = 0; i < s->nconfs; i++) {
		if (strncmp(s->confs[i].id, prefix, len) != 0)
			continue;
		if (hit) {
			*ambiguous = true;
			return NULL;
		}
		hit = &s->confs[i];
	}
	return hit;
}

res_request *res_request_find(res_state *s, const char *prefix, bool *ambiguous)
{
	res_request *hit = NULL;
	size_t len = prefix ? strlen(prefix) : 0;
	*ambiguous = false;
	if (len < 4)
		return NULL;
	for (size_t i = 0; i < s->nreqs; i++) {
		if (strncmp(s->reqs[i].id, prefix, len) != 0)
			continue;
		if (hit) {
			*ambiguous = true;
			return NULL;
		}
		hit = &s->reqs[i];
	}
	return hit;
}

res_pool *res_pool_find(res_state *s, const char *key)
{
	for (size_t i = 0; key && i < s->npools; i++)
		if (strcmp(s->pools[i].id, key) == 0 || strcmp(s->pools[i].name, key) == 0)
			return &s->pools[i];
	return NULL;
}

res_item *res_item_find(res_state *s, const char *key)
{
	for (size_t i = 0; key && i < s->nitems; i++)
		if (strcmp(s->items[i].id, key) == 0 || strcmp(s->items[i].name, key) == 0)
			return &s->items[i];
	return NULL;
}

res_booking *res_booking_find(res_state *s, const char *prefix, bool *ambiguous)
{
	res_booking *hit = NULL;
	size_t len = prefix ? strlen(prefix) : 0;
	*ambiguous = false;
	if (len < 4)
		return NULL;
	for (size_t i = 0; i < s->nbooks; i++) {
		if (strncmp(s->books[i].id, prefix, len) != 0)
			continue;
		if (hit) {
			*ambiguous = true;
			return NULL;
		}
		hit = &s->books[i];
	}
	return hit;
}

res_pool *res_pool_of(res_state *s, const res_item *it)
{
	return it ? res_pool_find(s, it->pool_id) : NULL;
}

bool res_booking_live(const res_booking *b)
{
	return b->state != RB_RELEASED;
}

res_span *res_busy(res_state *s, const res_item *it, const char *skip, uint64_t lo, uint64_t hi,
                   size_t *n)
{
	size_t cap = 0, k = 0;
	res_span *v = NULL;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (!res_booking_live(b) || strcmp(b->resource_id, it->id) != 0 ||
		    (skip && strcmp(b->id, skip) == 0) || b->to <= lo || b->from >= hi)
			continue;
		v = fo_grow(v, &cap, k + 1, sizeof *v, 16);
		v[k++] = (res_span){b->from, b->to};
	}
	if (it->down_from) {
		v = fo_grow(v, &cap, k + 1, sizeof *v, 16);
		v[k++] = (res_span){it->down_from, it->down_to ? it->down_to : UINT64_MAX / 2};
	}
	*n = res_spans_merge(v, k);
	return v;
}

/* ---- what every command needs */

bool res_ready(res_state *s, fo_out *out, const char *what)
{
	if (!fo_core_store(s->core)) {
		fo_out_error(out, "%s: no store (see `db status`)", what);
		return false;
	}
	/* the console does not wait for a store that may hang; a shell does */
	res_load(s, !fo_core_has_frontend(s->core) || !s->loaded);
	if (!s->loaded)
		fo_out_error(out, "%s: the resources are not loaded from the store yet%s%s", what,
		             s->load_err[0] ? ": " : "", s->load_err);
	return s->loaded;
}

bool res_time_opt(const fo_args *a, const char *name, uint64_t fallback, uint64_t *ms, fo_out *out,
                  const char *what)
{
	const char *t = fo_args_str(a, name, NULL);
	if (!t) { /* absent: the fallback, which may be 0 (none) */
		*ms = fallback;
		return true;
	}
	*ms = fo_time_arg(t, fo_wall_ms());
	if (!*ms)
		fo_out_error(out,
		             "%s: --%s %s: not a time (now, 30m, +2h or ISO 8601 such as "
		             "2026-12-06T14:00:00Z)",
		             what, name, t);
	return *ms != 0;
}

const res_booking *res_booking_current(res_state *s, const res_item *it, uint64_t now)
{
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (res_booking_live(b) && strcmp(b->resource_id, it->id) == 0 && b->from <= now &&
		    now < b->to)
			return b;
	}
	return NULL;
}

const res_booking *res_booking_next(res_state *s, const res_item *it, uint64_t now)
{
	const res_booking *best = NULL;
	for (size_t i = 0; i < s->nbooks; i++) {
		const res_booking *b = &s->books[i];
		if (res_booking_live(b) && strcmp(b->resource_id, it->id) == 0 && b->from > now &&
		    (!best || b->from < best->from))
			best = b;
	}
	return best;
}
