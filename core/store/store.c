/* store.c — the asynchronous store front.  One thread per store runs the
 * backend's blocking calls in queue order; results come back to the loop
 * through a uv_async and callbacks run on the loop thread.  A second thread
 * listens for other sessions' changes when someone asks for them. */
#include "store.h"

#include "core.h"
#include "store_sqlite.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum {
	OP_INSERT,
	OP_GET,
	OP_UPDATE,
	OP_DELETE,
	OP_LIST,
	OP_APPEND,
	OP_QUERY_SAMPLES,
	OP_AUDIT,
	OP_MIGRATE,
	OP_STATUS,
	OP_LEASE,
	OP_PUT_CHUNKS,
	OP_GET_CHUNKS,
	OP_DROP_CHUNKS,
} fo_op_kind;

typedef struct fo_store_op {
	fo_op_kind kind;
	fo_record *rec;            /* insert, update */
	const fo_table_def *table; /* get, delete, list */
	char *table_name;          /* audit */
	char *id;
	long long version;
	fo_store_query q; /* list: strings OWNED */
	fo_sample *samples;
	size_t nsamples;
	char *tenant, *series, *subject, *from, *to;
	fo_chunk *chunks; /* put: data OWNED */
	size_t nchunks;
	fo_chunk_query cq; /* get, drop: strings in tenant, series, subject */
	fo_store_cb cb;
	void *ud;
	fo_store_result res;
	struct fo_store_op *next;
} fo_store_op;

typedef struct fo_change {
	char table[64], id[40], op[8];
	struct fo_change *next;
} fo_change;

typedef struct {
	fo_store_change_cb cb;
	void *ud;
} fo_change_sub;

struct fo_store {
	fo_core *core;
	const fo_store_backend *be;
	char *url, *actor, *sql_dir, *tenant;
	char *shown_url; /* url without its password, for screens and logs */
	void *conn;      /* store thread only */
	char open_err[256];
	uv_thread_t thread;
	uv_mutex_t mu;
	uv_cond_t cv;                    /* the thread waits for work */
	uv_cond_t done_cv;               /* fo_store_drain waits for results */
	fo_store_op *queue, *queue_tail; /* waiting for the thread */
	fo_store_op *done, *done_tail;   /* waiting for the loop */
	uv_async_t wake;
	bool stop;
	bool abandoned;  /* closed while the server still kept an
	                  * operation: the thread cleans up alone */
	size_t inflight; /* queued and not yet called back (loop) */
	/* change listener */
	fo_change_sub *subs;
	size_t nsubs;
	bool listening;
	bool listen_ready; /* the listener has subscribed */
	uv_thread_t listener;
	fo_change *changes, *changes_tail;
	/* health, as the last finished operation saw it (loop thread) */
	bool healthy;
	char health_err[256];
	fo_timer *ping;
};

/* ---------------------------------------------------------------- helpers */

static void set_err(fo_store_result *r, fo_store_status st, const char *msg)
{
	r->status = st;
	snprintf(r->error, sizeof r->error, "%s", msg);
}

static void free_result(fo_store_result *r)
{
	for (size_t i = 0; i < r->nrecords; i++)
		fo_record_free(r->records[i]);
	free(r->records);
	free(r->samples);
	for (size_t i = 0; i < r->naudit; i++) {
		free(r->audit[i].old_row);
		free(r->audit[i].new_row);
	}
	free(r->audit);
	free(r->text);
	fo_chunks_free(r->chunks, r->nchunks);
}

static void free_op(fo_store_op *op)
{
	free_result(&op->res);
	fo_record_free(op->rec);
	free(op->table_name);
	free(op->id);
	free((char *)op->q.table);
	free((char *)op->q.tenant_id);
	free((char *)op->q.from);
	free((char *)op->q.to);
	free((char *)op->q.field);
	free((char *)op->q.equals);
	free(op->samples);
	fo_chunks_free(op->chunks, op->nchunks);
	free(op->tenant);
	free(op->series);
	free(op->subject);
	free(op->from);
	free(op->to);
	free(op);
}

/* ---------------------------------------------------------------- store thread */

static void one_record(fo_store_result *r, fo_record *rec)
{
	r->records = malloc(sizeof *r->records);
	if (!r->records)
		abort();
	r->records[0] = rec;
	r->nrecords = 1;
}

static void run_op(fo_store *s, fo_store_op *op)
{
	fo_store_result *r = &op->res;
	char err[256] = "";
	fo_store_status st = FO_STORE_OK;
	if (!s->conn) {
		s->conn = s->be->open(s->url, s->actor, s->open_err, sizeof s->open_err);
		if (!s->conn) {
			char msg[256];
			snprintf(msg, sizeof msg, "store unavailable: %.200s", s->open_err);
			set_err(r, FO_STORE_UNAVAILABLE, msg);
			return;
		}
	}
	switch (op->kind) {
	case OP_INSERT:
		st = s->be->insert(s->conn, op->rec, err, sizeof err);
		if (st == FO_STORE_OK) {
			one_record(r, op->rec);
			op->rec = NULL;
		}
		break;
	case OP_UPDATE:
		st = s->be->update(s->conn, op->rec, err, sizeof err);
		if (st == FO_STORE_OK) {
			one_record(r, op->rec);
			op->rec = NULL;
		}
		break;
	case OP_GET: {
		fo_record *rec = NULL;
		st = s->be->get(s->conn, op->table, op->id, &rec, err, sizeof err);
		if (st == FO_STORE_OK && rec)
			one_record(r, rec);
		break;
	}
	case OP_DELETE:
		st = s->be->remove(s->conn, op->table, op->id, op->version, err, sizeof err);
		break;
	case OP_LIST:
		st = s->be->list(s->conn, &op->q, &r->records, &r->nrecords, err, sizeof err);
		break;
	case OP_APPEND:
		st = s->be->append_samples(s->conn, op->samples, op->nsamples, err, sizeof err);
		break;
	case OP_QUERY_SAMPLES:
		st = s->be->query_samples(s->conn, op->tenant, op->series, op->subject, op->from,
		                          op->to, &r->samples, &r->nsamples, err, sizeof err);
		break;
	case OP_AUDIT:
		st = s->be->audit(s->conn, op->table_name, op->id, &r->audit, &r->naudit, err,
		                  sizeof err);
		break;
	case OP_MIGRATE:
		st = s->be->migrate(s->conn, s->sql_dir, &r->text, err, sizeof err);
		break;
	case OP_STATUS:
		st = s->be->status(s->conn, s->sql_dir, &r->text, err, sizeof err);
		break;
	case OP_LEASE: {
		int held =
		    s->be->try_lease ? s->be->try_lease(s->conn, op->id, err, sizeof err) : 1;
		/* an error keeps the connection: a reset would not help a lock file */
		st = held > 0 ? FO_STORE_OK : held == 0 ? FO_STORE_CONFLICT : FO_STORE_ERR;
		break;
	}
	case OP_PUT_CHUNKS:
	case OP_GET_CHUNKS:
	case OP_DROP_CHUNKS:
		if (!s->be->put_chunks || !s->be->get_chunks || !s->be->drop_chunks) {
			snprintf(err, sizeof err, "the %s store keeps no chunked series",
			         s->be->scheme);
			st = FO_STORE_ERR;
		} else if (op->kind == OP_PUT_CHUNKS) {
			st = s->be->put_chunks(s->conn, op->chunks, op->nchunks, err, sizeof err);
		} else if (op->kind == OP_GET_CHUNKS) {
			st = s->be->get_chunks(s->conn, &op->cq, &r->chunks, &r->nchunks, err,
			                       sizeof err);
		} else {
			st = s->be->drop_chunks(s->conn, &op->cq, &r->nchanged, err, sizeof err);
		}
		break;
	}
	r->status = st;
	if (st != FO_STORE_OK)
		snprintf(r->error, sizeof r->error, "%s", *err ? err : fo_store_status_name(st));
	if (st == FO_STORE_UNAVAILABLE) {
		/* reconnect on the next operation */
		s->be->close(s->conn);
		s->conn = NULL;
	}
}

/* Hands a finished operation to the loop (and to a waiting drain); the
 * caller holds s->mu. */
static void push_done_locked(fo_store *s, fo_store_op *op)
{
	op->next = NULL;
	if (s->done_tail)
		s->done_tail->next = op;
	else
		s->done = op;
	s->done_tail = op;
	uv_cond_signal(&s->done_cv);
	uv_async_send(&s->wake);
}

static void store_thread(void *arg)
{
	fo_store *s = arg;
	uv_mutex_lock(&s->mu);
	for (;;) {
		while (!s->queue && !s->stop)
			uv_cond_wait(&s->cv, &s->mu);
		if (!s->queue && s->stop)
			break;
		fo_store_op *op = s->queue;
		s->queue = op->next;
		if (!s->queue)
			s->queue_tail = NULL;
		uv_mutex_unlock(&s->mu);
		run_op(s, op);
		uv_mutex_lock(&s->mu);
		if (s->abandoned) {
			/* nobody is left to call back; the loop may be gone */
			free_op(op);
			continue;
		}
		push_done_locked(s, op);
	}
	uv_mutex_unlock(&s->mu);
	if (s->conn)
		s->be->close(s->conn);
	s->conn = NULL;
}

/* ---------------------------------------------------------------- listener thread */

static void listener_thread(void *arg)
{
	fo_store *s = arg;
	void *conn = NULL;
	char err[256];
	for (;;) {
		uv_mutex_lock(&s->mu);
		bool stop = s->stop;
		uv_mutex_unlock(&s->mu);
		if (stop)
			break;
		if (!conn) {
			conn = s->be->open(s->url, s->actor, err, sizeof err);
			if (!conn) {
				usleep(500 * 1000); /* the server is gone: try again soon */
				continue;
			}
		}
		fo_change c;
		memset(&c, 0, sizeof c);
		int rc = s->be->wait_change(conn, 250, c.table, c.id, c.op);
		if (rc < 0) {
			s->be->close(conn);
			conn = NULL;
			continue;
		}
		uv_mutex_lock(&s->mu);
		s->listen_ready = true;
		uv_mutex_unlock(&s->mu);
		if (rc == 0)
			continue;
		fo_change *n = malloc(sizeof *n);
		if (!n)
			abort();
		*n = c;
		n->next = NULL;
		uv_mutex_lock(&s->mu);
		if (s->changes_tail)
			s->changes_tail->next = n;
		else
			s->changes = n;
		s->changes_tail = n;
		uv_mutex_unlock(&s->mu);
		uv_async_send(&s->wake);
	}
	if (conn)
		s->be->close(conn);
}

/* ---------------------------------------------------------------- loop side */

static void dispatch_done(fo_store *s, fo_store_op *done)
{
	while (done) {
		fo_store_op *next = done->next;
		s->inflight--;
		/* any answer from the server but "unavailable" means it is there */
		s->healthy = done->res.status != FO_STORE_UNAVAILABLE;
		if (!s->healthy)
			snprintf(s->health_err, sizeof s->health_err, "%s", done->res.error);
		if (done->cb)
			done->cb(s->core, &done->res, done->ud);
		free_op(done);
		done = next;
	}
}

static void on_wake(uv_async_t *h)
{
	fo_store *s = h->data;
	uv_mutex_lock(&s->mu);
	fo_store_op *done = s->done;
	s->done = s->done_tail = NULL;
	fo_change *changes = s->changes;
	s->changes = s->changes_tail = NULL;
	uv_mutex_unlock(&s->mu);
	dispatch_done(s, done);
	while (changes) {
		fo_change *next = changes->next;
		for (size_t i = 0; i < s->nsubs; i++)
			s->subs[i].cb(s->core, changes->table, changes->id, changes->op,
			              s->subs[i].ud);
		free(changes);
		changes = next;
	}
}

static void submit(fo_store *s, fo_store_op *op)
{
	s->inflight++;
	uv_mutex_lock(&s->mu);
	op->next = NULL;
	if (s->queue_tail)
		s->queue_tail->next = op;
	else
		s->queue = op;
	s->queue_tail = op;
	uv_cond_signal(&s->cv);
	uv_mutex_unlock(&s->mu);
}

/* Refuses an operation at once (bad arguments): the callback still runs
 * later on the loop, never inside the caller. */
static void refuse(fo_store *s, fo_store_op *op, fo_store_status st, const char *msg)
{
	set_err(&op->res, st, msg);
	s->inflight++;
	uv_mutex_lock(&s->mu);
	push_done_locked(s, op);
	uv_mutex_unlock(&s->mu);
}

static fo_store_op *new_op(fo_op_kind kind, fo_store_cb cb, void *ud)
{
	fo_store_op *op = calloc(1, sizeof *op);
	if (!op)
		abort();
	op->kind = kind;
	op->cb = cb;
	op->ud = ud;
	return op;
}

/* ---------------------------------------------------------------- public */

static const fo_table_def *lookup(fo_store *s, fo_store_op *op, const char *table)
{
	const fo_table_def *t = fo_store_table(table);
	if (!t) {
		char msg[160];
		snprintf(msg, sizeof msg, "no table '%s'", table ? table : "");
		refuse(s, op, FO_STORE_INVALID, msg);
	}
	return t;
}

/* Field names are identifiers in SQL: only declared ones pass. */
static bool table_has_field(const fo_table_def *t, const char *field)
{
	static const char *const implicit[] = {"id",         "tenant_id",  "version",
	                                       "created_at", "updated_at", "updated_by"};
	for (size_t i = 0; i < sizeof implicit / sizeof implicit[0]; i++)
		if (strcmp(implicit[i], field) == 0)
			return true;
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, field) == 0)
			return true;
	return false;
}

void fo_store_insert(fo_store *s, const fo_record *r, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_INSERT, cb, ud);
	op->rec = fo_record_dup(r);
	char id[40], now[32];
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	if (!fo_record_id(op->rec)) {
		fo_uuid4(id);
		fo_record_set(op->rec, "id", id);
	}
	if (fo_record_table(op->rec)->global && !fo_record_tenant(op->rec))
		fo_record_set(op->rec, "tenant_id", fo_record_id(op->rec));
	if (!fo_record_tenant(op->rec) && s->tenant && *s->tenant)
		fo_record_set(op->rec, "tenant_id", s->tenant);
	fo_record_set(op->rec, "version", "1");
	fo_record_set(op->rec, "created_at", now);
	fo_record_set(op->rec, "updated_at", now);
	fo_record_set(op->rec, "updated_by", *s->actor ? s->actor : NULL);
	submit(s, op);
}

void fo_store_get(fo_store *s, const char *table, const char *id, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_GET, cb, ud);
	if (!(op->table = lookup(s, op, table)))
		return;
	op->id = fo_strdup(id ? id : "");
	submit(s, op);
}

void fo_store_update(fo_store *s, const fo_record *r, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_UPDATE, cb, ud);
	op->rec = fo_record_dup(r);
	if (!fo_record_id(op->rec) || fo_record_version(op->rec) < 1) {
		refuse(s, op, FO_STORE_INVALID,
		       "update needs the record's id and the version it was read at");
		return;
	}
	char now[32];
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	fo_record_set(op->rec, "updated_at", now);
	fo_record_set(op->rec, "updated_by", *s->actor ? s->actor : NULL);
	submit(s, op);
}

void fo_store_delete(fo_store *s, const char *table, const char *id, long long version,
                     fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_DELETE, cb, ud);
	if (!(op->table = lookup(s, op, table)))
		return;
	op->id = fo_strdup(id ? id : "");
	op->version = version;
	submit(s, op);
}

void fo_store_list(fo_store *s, const fo_store_query *q, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_LIST, cb, ud);
	const fo_table_def *t = lookup(s, op, q->table);
	if (!t)
		return;
	if (q->field && !table_has_field(t, q->field)) {
		char msg[160];
		snprintf(msg, sizeof msg, "%s has no field '%s'", q->table, q->field);
		refuse(s, op, FO_STORE_INVALID, msg);
		return;
	}
	op->q.table = fo_strdup(q->table);
	op->q.tenant_id = fo_strdup(q->tenant_id);
	op->q.from = fo_strdup(q->from);
	op->q.to = fo_strdup(q->to);
	op->q.field = fo_strdup(q->field);
	op->q.equals = fo_strdup(q->equals);
	op->q.limit = q->limit;
	submit(s, op);
}

void fo_store_append_samples(fo_store *s, const fo_sample *v, size_t n, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_APPEND, cb, ud);
	if (n) {
		op->samples = malloc(n * sizeof *v);
		if (!op->samples)
			abort();
		memcpy(op->samples, v, n * sizeof *v);
	}
	op->nsamples = n;
	submit(s, op);
}

void fo_store_query_samples(fo_store *s, const char *tenant_id, const char *series,
                            const char *subject, const char *from, const char *to, fo_store_cb cb,
                            void *ud)
{
	fo_store_op *op = new_op(OP_QUERY_SAMPLES, cb, ud);
	op->tenant = fo_strdup(tenant_id);
	op->series = fo_strdup(series);
	op->subject = fo_strdup(subject);
	op->from = fo_strdup(from);
	op->to = fo_strdup(to);
	submit(s, op);
}

void fo_chunks_free(fo_chunk *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].data);
	free(v);
}

/* Whether a chunk's key and size are ones every backend takes. */
static bool chunk_key_ok(const char *series, const char *subject, int32_t res_s, char *msg,
                         size_t len)
{
	if (!series || !*series) {
		snprintf(msg, len, "a chunk needs a series");
		return false;
	}
	if (subject && !*subject) {
		snprintf(msg, len, "a chunk's subject is empty");
		return false;
	}
	if (res_s <= 0) {
		snprintf(msg, len, "a chunk's resolution must be positive (is %d)", (int)res_s);
		return false;
	}
	return true;
}

void fo_store_put_chunks(fo_store *s, const fo_chunk *v, size_t n, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_PUT_CHUNKS, cb, ud);
	char msg[160];
	for (size_t i = 0; i < n; i++) {
		const fo_chunk *c = &v[i];
		if (!chunk_key_ok(c->series, c->subject, c->res_s, msg, sizeof msg) ||
		    !memchr(c->series, 0, sizeof c->series) ||
		    !memchr(c->subject, 0, sizeof c->subject) ||
		    !memchr(c->tenant_id, 0, sizeof c->tenant_id)) {
			refuse(s, op, FO_STORE_INVALID,
			       *msg ? msg : "a chunk's key is not terminated");
			return;
		}
		if (c->len > FO_CHUNK_MAX || (c->len && !c->data)) {
			snprintf(msg, sizeof msg, "chunk %s/%s: %zu bytes (at most %u)", c->series,
			         c->subject, c->len, FO_CHUNK_MAX);
			refuse(s, op, FO_STORE_INVALID, msg);
			return;
		}
	}
	if (n) {
		op->chunks = calloc(n, sizeof *op->chunks);
		if (!op->chunks)
			abort();
	}
	for (size_t i = 0; i < n; i++) {
		op->chunks[i] = v[i];
		if (!v[i].tenant_id[0] && s->tenant && *s->tenant)
			snprintf(op->chunks[i].tenant_id, sizeof op->chunks[i].tenant_id, "%s",
			         s->tenant);
		op->chunks[i].data = malloc(v[i].len ? v[i].len : 1);
		if (!op->chunks[i].data)
			abort();
		if (v[i].len)
			memcpy(op->chunks[i].data, v[i].data, v[i].len);
		op->nchunks = i + 1;
	}
	submit(s, op);
}

static void chunk_op(fo_store *s, fo_op_kind kind, const fo_chunk_query *q, fo_store_cb cb,
                     void *ud)
{
	fo_store_op *op = new_op(kind, cb, ud);
	char msg[160];
	if (!chunk_key_ok(q->series, q->subject, q->res_s, msg, sizeof msg)) {
		refuse(s, op, FO_STORE_INVALID, msg);
		return;
	}
	/* the store's tenant option (always set on SQLite: its own tenant), as
	 * for writes: it also lets the index start with it */
	op->tenant = fo_strdup(q->tenant_id              ? q->tenant_id
	                       : s->tenant && *s->tenant ? s->tenant
	                                                 : NULL);
	op->series = fo_strdup(q->series);
	op->subject = fo_strdup(q->subject);
	op->cq = *q;
	op->cq.tenant_id = op->tenant;
	op->cq.series = op->series;
	op->cq.subject = op->subject;
	submit(s, op);
}

void fo_store_get_chunks(fo_store *s, const fo_chunk_query *q, fo_store_cb cb, void *ud)
{
	chunk_op(s, OP_GET_CHUNKS, q, cb, ud);
}

void fo_store_drop_chunks(fo_store *s, const fo_chunk_query *q, fo_store_cb cb, void *ud)
{
	chunk_op(s, OP_DROP_CHUNKS, q, cb, ud);
}

void fo_store_audit(fo_store *s, const char *table, const char *id, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_AUDIT, cb, ud);
	if (!lookup(s, op, table))
		return;
	op->table_name = fo_strdup(table);
	op->id = fo_strdup(id);
	submit(s, op);
}

void fo_store_migrate(fo_store *s, fo_store_cb cb, void *ud)
{
	submit(s, new_op(OP_MIGRATE, cb, ud));
}

void fo_store_lease(fo_store *s, const char *name, fo_store_cb cb, void *ud)
{
	fo_store_op *op = new_op(OP_LEASE, cb, ud);
	op->id = fo_strdup(name);
	submit(s, op);
}

void fo_store_status_report(fo_store *s, fo_store_cb cb, void *ud)
{
	submit(s, new_op(OP_STATUS, cb, ud));
}

int fo_store_on_change(fo_store *s, fo_store_change_cb cb, void *ud)
{
	if (!s->be->wait_change)
		return -1; /* this backend has one session: nothing to hear */
	s->subs = realloc(s->subs, (s->nsubs + 1) * sizeof *s->subs);
	if (!s->subs)
		abort();
	s->subs[s->nsubs].cb = cb;
	s->subs[s->nsubs].ud = ud;
	s->nsubs++;
	if (!s->listening) {
		s->listening = true;
		uv_thread_create(&s->listener, listener_thread, s);
	}
	return 0;
}

/* Blocks the calling (loop) thread and dispatches results itself, so it is
 * safe inside any callback: it never re-enters the event loop. */
bool fo_store_listening(fo_store *s)
{
	uv_mutex_lock(&s->mu);
	bool ready = s->listen_ready;
	uv_mutex_unlock(&s->mu);
	return ready;
}

void fo_store_drain(fo_store *s)
{
	while (s->inflight > 0) {
		uv_mutex_lock(&s->mu);
		while (!s->done)
			uv_cond_wait(&s->done_cv, &s->mu);
		fo_store_op *done = s->done;
		s->done = s->done_tail = NULL;
		uv_mutex_unlock(&s->mu);
		dispatch_done(s, done);
	}
}

bool fo_store_healthy(const fo_store *s, const char **why)
{
	if (why)
		*why = s->healthy ? "" : s->health_err;
	return s->healthy;
}

/* A cheap round trip: asks for a record that cannot exist. */
static void ping_cb(fo_core *core, const fo_store_result *res, void *ud)
{
	(void)core;
	(void)res;
	(void)ud;
}

static void ping(fo_core *core, void *ud)
{
	fo_store *s = ud;
	if (s->inflight == 0)
		fo_store_get(s, "core.tenants", "00000000-0000-0000-0000-000000000000", ping_cb,
		             NULL);
}

void fo_store_watch_health(fo_store *s, uint64_t every_ms)
{
	if (!s->ping)
		s->ping = fo_timer_start(s->core, 0, every_ms, ping, s);
}

const char *fo_store_url(const fo_store *s)
{
	return s->shown_url;
}

const char *fo_store_tenant(const fo_store *s)
{
	return s->tenant;
}

/* scheme://user:secret@host/db?password=x -> scheme://user:***@host/db?password=*** */
static char *hide_password(const char *url)
{
	size_t n = strlen(url);
	char *out = malloc(n * 2 + 8);
	if (!out)
		abort();
	const char *at = strchr(url, '@');
	const char *auth = strstr(url, "://");
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (auth && at && url + i == auth + 3) {
			const char *colon = memchr(auth + 3, ':', (size_t)(at - auth - 3));
			if (colon) {
				size_t l = (size_t)(colon - url) + 1;
				memcpy(out + k, url + i, l - i);
				k += l - i;
				memcpy(out + k, "***", 3);
				k += 3;
				i = (size_t)(at - url);
				continue;
			}
		}
		if (strncmp(url + i, "password=", 9) == 0) {
			memcpy(out + k, "password=***", 12);
			k += 12;
			i += 9;
			while (url[i] && url[i] != '&' && url[i] != ' ')
				i++;
			continue;
		}
		out[k++] = url[i++];
	}
	out[k] = '\0';
	return out;
}

const char *fo_store_scheme(const fo_store *s)
{
	return s->be->scheme;
}

/* ---------------------------------------------------------------- open / close */

/* Directory holding the migrations: FLEETOPS_SQL_DIR, the build tree's
 * sql/, an install relative to the binary, then the data directory. */
static void find_sql_root(char *buf, size_t len)
{
	char dir[PATH_MAX], probe[PATH_MAX + 64];
	const char *over = getenv("FLEETOPS_SQL_DIR");
	if (over && *over) {
		snprintf(buf, len, "%s", over);
		return;
	}
	fo_exe_dir(dir, sizeof dir);
	const char *suffix[] = {"/../sql", "/../../sql", "/../share/fleetops/sql"};
	for (size_t i = 0; *dir && i < sizeof suffix / sizeof suffix[0]; i++) {
		snprintf(probe, sizeof probe, "%s%s/001_core.sql", dir, suffix[i]);
		bool found = access(probe, R_OK) == 0;
		snprintf(probe, sizeof probe, "%s%s", dir, suffix[i]);
		size_t l = strlen(probe);
		if (found && l < len) {
			memcpy(buf, probe, l + 1);
			return;
		}
	}
	snprintf(buf, len, "%s/sql", FO_DATADIR);
}

static const fo_store_backend *find_backend(fo_core *core, const char *url)
{
	size_t sl = strcspn(url, ":");
	if (!url[sl])
		return NULL;
	for (size_t i = 0; i < core->nbackends; i++) {
		const fo_store_backend *b = core->backends[i];
		if ((strlen(b->scheme) == sl && strncmp(b->scheme, url, sl) == 0) ||
		    (b->alias && strlen(b->alias) == sl && strncmp(b->alias, url, sl) == 0))
			return b;
	}
	return NULL;
}

int fo_store_backend_register(fo_core *core, const fo_store_backend *b)
{
	if (!b || !b->scheme || !b->open || !b->close || !b->insert || !b->get || !b->update ||
	    !b->remove || !b->list || !b->append_samples || !b->query_samples || !b->audit ||
	    !b->migrate || !b->status) {
		fo_log(core, FO_LOG_ERROR, "store backend '%s' lacks functions: refused",
		       b && b->scheme ? b->scheme : "?");
		return -1;
	}
	core->backends = realloc(core->backends, (core->nbackends + 1) * sizeof *core->backends);
	if (!core->backends)
		abort();
	core->backends[core->nbackends++] = b;
	return 0;
}

void fo_store_default_url(char *buf, size_t len)
{
	const char *data = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (data && *data)
		snprintf(buf, len, "sqlite:%s/fleetops/fleetops.db", data);
	else if (home && *home)
		snprintf(buf, len, "sqlite:%s/.local/share/fleetops/fleetops.db", home);
	else
		snprintf(buf, len, "sqlite:fleetops.db");
}

fo_store *fo_store_open(fo_core *core, const char *url, char *err, size_t errlen)
{
	const fo_store_backend *b = find_backend(core, url);
	if (!b) {
		size_t sl = strcspn(url, ":");
		snprintf(err, errlen,
		         "no store backend for '%.*s' (sqlite: is built in; postgresql: needs the "
		         "store_pg plugin, see fleetops plugins)",
		         (int)sl, url);
		return NULL;
	}
	fo_store *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	s->be = b;
	s->url = fo_strdup(url);
	s->shown_url = hide_password(url);
	/* The actor of the audit trail: the operator option; else, on a
	 * server, the database login itself (the triggers use it when no actor
	 * is set); else the login name of the process. */
	const char *actor = fo_config_get_str(core->config, "operator");
	if (!*actor && b == &fo_store_sqlite_backend) {
		actor = getenv("USER") ? getenv("USER") : getenv("LOGNAME");
		if (!actor || !*actor)
			actor = "fleetops";
	}
	s->actor = fo_strdup(actor);
	s->tenant = fo_strdup(fo_config_get_str(core->config, "tenant"));
	/* the embedded store's own tenant (sql/sqlite/011_local_tenant.sql) */
	if (!*s->tenant && b == &fo_store_sqlite_backend) {
		free(s->tenant);
		s->tenant = fo_strdup(FO_STORE_LOCAL_TENANT);
	}
	s->healthy = true; /* until an operation says otherwise */
	char root[PATH_MAX];
	find_sql_root(root, sizeof root);
	if (asprintf(&s->sql_dir, "%s%s", root, b == &fo_store_sqlite_backend ? "/sqlite" : "") < 0)
		abort();
	uv_mutex_init(&s->mu);
	uv_cond_init(&s->cv);
	uv_cond_init(&s->done_cv);
	uv_async_init(core->loop, &s->wake, on_wake);
	s->wake.data = s;
	uv_thread_create(&s->thread, store_thread, s);
	return s;
}

static void wake_closed(uv_handle_t *h)
{
	fo_store *s = h->data;
	free(s);
}

/* Waits until every queued operation called back or deadline_ns (uv_hrtime)
 * passed; true when all did. */
static bool drain_until(fo_store *s, uint64_t deadline_ns)
{
	while (s->inflight > 0) {
		uv_mutex_lock(&s->mu);
		bool timed_out = false;
		while (!s->done && !timed_out) {
			uint64_t now = uv_hrtime();
			timed_out = now >= deadline_ns ||
			            uv_cond_timedwait(&s->done_cv, &s->mu, deadline_ns - now) != 0;
		}
		fo_store_op *done = s->done;
		s->done = s->done_tail = NULL;
		uv_mutex_unlock(&s->mu);
		dispatch_done(s, done);
		if (timed_out && s->inflight > 0)
			return false;
	}
	return true;
}

bool fo_store_close(fo_store *s, uint64_t wait_ms)
{
	if (!s)
		return true;
	fo_timer_stop(s->ping);
	bool drained = drain_until(s, uv_hrtime() + wait_ms * 1000000u);
	uv_mutex_lock(&s->mu);
	s->stop = true;
	if (!drained) {
		/* The server holds an operation longer than the user should wait
		 * at exit: leave the thread to finish (or die with the process);
		 * it touches only s, which is never freed. */
		s->abandoned = true;
		while (s->queue) {
			fo_store_op *n = s->queue->next;
			free_op(s->queue);
			s->queue = n;
		}
		s->queue_tail = NULL;
	}
	uv_cond_signal(&s->cv);
	uv_mutex_unlock(&s->mu);
	if (!drained) {
		fo_log(s->core, FO_LOG_WARN,
		       "store: %zu operation(s) still waiting for the server at exit: abandoned",
		       s->inflight);
		uv_close((uv_handle_t *)&s->wake, NULL);
		return false;
	}
	uv_thread_join(&s->thread);
	if (s->listening)
		uv_thread_join(&s->listener);
	while (s->changes) {
		fo_change *n = s->changes->next;
		free(s->changes);
		s->changes = n;
	}
	uv_mutex_destroy(&s->mu);
	uv_cond_destroy(&s->cv);
	uv_cond_destroy(&s->done_cv);
	free(s->url);
	free(s->shown_url);
	free(s->actor);
	free(s->sql_dir);
	free(s->tenant);
	free(s->subs);
	uv_close((uv_handle_t *)&s->wake, wake_closed);
	return true;
}

fo_store *fo_core_store(fo_core *core)
{
	return core->store;
}
