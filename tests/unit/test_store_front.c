/* test_store_front.c — the asynchronous store front over a fake backend:
 * what the front fills in, queue order, callbacks on the loop thread,
 * refusals, reconnects after an unavailable server, backend registration. */
#include "helpers.h"

#include "store.h"

#include <pthread.h>

/* ---- a fake backend: one in-memory table of records */

typedef struct {
	fo_record *rows[64];
	size_t n;
	int opens;
	bool fail_next_open;
	bool gone;        /* the next call reports the server gone */
	pthread_t thread; /* where the backend's calls ran */
	char log[512];    /* op letters in call order */
} fake_db;

static fake_db *g_db; /* the fake server; a test fixture, reset per test */

static void note(fake_db *d, char c)
{
	size_t l = strlen(d->log);
	if (l + 1 < sizeof d->log) {
		d->log[l] = c;
		d->log[l + 1] = '\0';
	}
	d->thread = pthread_self();
}

static void *fk_open(const char *url, const char *actor, char *err, size_t errlen)
{
	if (g_db->fail_next_open) {
		g_db->fail_next_open = false;
		snprintf(err, errlen, "connection refused");
		return NULL;
	}
	g_db->opens++;
	return g_db;
}

static void fk_close(void *conn)
{
	(void)conn;
}

static fo_store_status fk_text(void *conn, const char *dir, char **report, char *err, size_t n)
{
	note(conn, 'm');
	*report = strdup("ok\n");
	return FO_STORE_OK;
}

static fo_store_status fk_insert(void *conn, fo_record *r, char *err, size_t n)
{
	fake_db *d = conn;
	note(d, 'i');
	if (d->gone) {
		d->gone = false;
		snprintf(err, n, "server closed the connection");
		return FO_STORE_UNAVAILABLE;
	}
	d->rows[d->n++] = fo_record_dup(r);
	return FO_STORE_OK;
}

static long find(fake_db *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(fo_record_id(d->rows[i]), id) == 0)
			return (long)i;
	return -1;
}

static fo_store_status fk_get(void *conn, const fo_table_def *t, const char *id, fo_record **out,
                              char *err, size_t n)
{
	fake_db *d = conn;
	note(d, 'g');
	long i = find(d, id);
	if (i < 0)
		return FO_STORE_NOTFOUND;
	*out = fo_record_dup(d->rows[i]);
	return FO_STORE_OK;
}

static fo_store_status fk_update(void *conn, fo_record *r, char *err, size_t n)
{
	fake_db *d = conn;
	note(d, 'u');
	long i = find(d, fo_record_id(r));
	if (i < 0)
		return FO_STORE_NOTFOUND;
	if (fo_record_version(d->rows[i]) != fo_record_version(r))
		return FO_STORE_CONFLICT;
	fo_record_setf(r, "version", "%lld", fo_record_version(r) + 1);
	fo_record_free(d->rows[i]);
	d->rows[i] = fo_record_dup(r);
	return FO_STORE_OK;
}

static fo_store_status fk_remove(void *conn, const fo_table_def *t, const char *id,
                                 long long version, char *err, size_t n)
{
	note(conn, 'd');
	return FO_STORE_OK;
}

static fo_store_status fk_list(void *conn, const fo_store_query *q, fo_record ***out, size_t *n,
                               char *err, size_t errlen)
{
	fake_db *d = conn;
	note(d, 'l');
	*out = calloc(d->n ? d->n : 1, sizeof **out);
	for (size_t i = 0; i < d->n; i++)
		(*out)[i] = fo_record_dup(d->rows[i]);
	*n = d->n;
	return FO_STORE_OK;
}

static fo_store_status fk_append(void *conn, const fo_sample *v, size_t n, char *err, size_t el)
{
	note(conn, 'a');
	return FO_STORE_OK;
}

static fo_store_status fk_query(void *conn, const char *tenant, const char *series,
                                const char *subject, const char *from, const char *to,
                                fo_sample **out, size_t *n, char *err, size_t el)
{
	note(conn, 'q');
	*out = NULL;
	*n = 0;
	return FO_STORE_OK;
}

static fo_store_status fk_audit(void *conn, const char *table, const char *id, fo_audit_row **out,
                                size_t *n, char *err, size_t el)
{
	note(conn, 'A');
	*out = NULL;
	*n = 0;
	return FO_STORE_OK;
}

static const fo_store_backend fake = {
    .scheme = "fake",
    .alias = "fk",
    .open = fk_open,
    .close = fk_close,
    .migrate = fk_text,
    .status = fk_text,
    .insert = fk_insert,
    .get = fk_get,
    .update = fk_update,
    .remove = fk_remove,
    .list = fk_list,
    .append_samples = fk_append,
    .query_samples = fk_query,
    .audit = fk_audit,
};

/* ---- fixture */

typedef struct {
	fo_core *core;
	fo_store *s;
	fake_db db;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	g_db = &f->db;
	fo_config *cfg = fo_config_new();
	char err[256];
	assert_int_equal(fo_config_set(cfg, "operator", "alice", FO_SRC_FLAG, err, sizeof err), 0);
	assert_int_equal(fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err),
	                 0);
	f->core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(f->core);
	assert_int_equal(fo_store_backend_register(f->core, &fake), 0);
	f->s = fo_store_open(f->core, "fake://x", err, sizeof err);
	assert_non_null(f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	fo_store_close(f->s, 10000);
	fo_core_free(f->core);
	for (size_t i = 0; i < f->db.n; i++)
		fo_record_free(f->db.rows[i]);
	free(f);
	g_db = NULL;
	return 0;
}

typedef struct {
	int calls;
	fo_store_status status;
	char error[256];
	fo_record *rec;
	pthread_t thread;
	char order[64];
} got;

static void cb(fo_core *core, const fo_store_result *res, void *ud)
{
	got *g = ud;
	g->calls++;
	g->status = res->status;
	g->thread = pthread_self();
	snprintf(g->error, sizeof g->error, "%s", res->error);
	if (res->nrecords && !g->rec)
		g->rec = fo_record_dup(res->records[0]);
}

static void test_insert_fills_implicit(void **state)
{
	fx *f = *state;
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_record_set(r, "tenant_id", "00000000-0000-4000-8000-000000000001");
	fo_record_set(r, "name", "north");
	got g = {0};
	fo_store_insert(f->s, r, cb, &g);
	assert_int_equal(g.calls, 0); /* never inside the caller */
	fo_store_drain(f->s);
	assert_int_equal(g.calls, 1);
	assert_int_equal(g.status, FO_STORE_OK);
	assert_true(pthread_equal(g.thread, pthread_self()));
	assert_false(pthread_equal(f->db.thread, pthread_self())); /* backend: own thread */
	const char *id = fo_record_id(g.rec);
	assert_non_null(id);
	assert_int_equal(strlen(id), 36);
	assert_int_equal(id[14], '4'); /* UUID v4 */
	assert_int_equal(fo_record_version(g.rec), 1);
	assert_string_equal(fo_record_get(g.rec, "updated_by"), "alice");
	assert_non_null(fo_record_get(g.rec, "created_at"));
	assert_int_equal(strlen(fo_record_get(g.rec, "created_at")), 24); /* ...T..:..:..mmmZ */
	assert_string_equal(fo_record_get(g.rec, "name"), "north");
	/* the caller's record was copied, not taken */
	assert_null(fo_record_id(r));
	fo_record_free(r);
	fo_record_free(g.rec);
}

static void test_global_table_tenant_is_itself(void **state)
{
	fx *f = *state;
	fo_record *r = fo_record_new(fo_store_table("core.tenants"));
	fo_record_set(r, "name", "acme");
	got g = {0};
	fo_store_insert(f->s, r, cb, &g);
	fo_store_drain(f->s);
	assert_string_equal(fo_record_tenant(g.rec), fo_record_id(g.rec));
	fo_record_free(r);
	fo_record_free(g.rec);
}

static void test_order_kept(void **state)
{
	fx *f = *state;
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_record_set(r, "name", "x");
	got g[6];
	memset(g, 0, sizeof g);
	fo_store_migrate(f->s, cb, &g[0]);
	fo_store_insert(f->s, r, cb, &g[1]);
	fo_store_list(f->s, &(fo_store_query){.table = "core.fleets"}, cb, &g[2]);
	fo_store_append_samples(f->s, NULL, 0, cb, &g[3]);
	fo_store_audit(f->s, "core.fleets", NULL, cb, &g[4]);
	fo_store_delete(f->s, "core.fleets", "x", 1, cb, &g[5]);
	fo_store_drain(f->s);
	assert_string_equal(f->db.log, "milaAd");
	for (int i = 0; i < 6; i++)
		assert_int_equal(g[i].calls, 1);
	fo_record_free(r);
	fo_record_free(g[1].rec);
	fo_record_free(g[2].rec);
}

static void test_refusals(void **state)
{
	fx *f = *state;
	got g1 = {0}, g2 = {0}, g3 = {0};
	fo_store_get(f->s, "core.nope", "x", cb, &g1);
	fo_store_list(f->s, &(fo_store_query){.table = "core.fleets", .field = "name; DROP"}, cb,
	              &g2);
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_store_update(f->s, r, cb, &g3); /* no id, no version */
	fo_store_drain(f->s);
	assert_int_equal(g1.status, FO_STORE_INVALID);
	assert_non_null(strstr(g1.error, "no table 'core.nope'"));
	assert_int_equal(g2.status, FO_STORE_INVALID);
	assert_non_null(strstr(g2.error, "no field"));
	assert_int_equal(g3.status, FO_STORE_INVALID);
	assert_string_equal(f->db.log, ""); /* the backend saw none of them */
	fo_record_free(r);
}

static void test_update_conflict(void **state)
{
	fx *f = *state;
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_record_set(r, "name", "a");
	got ins = {0}, u1 = {0}, u2 = {0};
	fo_store_insert(f->s, r, cb, &ins);
	fo_store_drain(f->s);
	fo_record *a = fo_record_dup(ins.rec), *b = fo_record_dup(ins.rec);
	fo_record_set(a, "name", "first");
	fo_record_set(b, "name", "second");
	fo_store_update(f->s, a, cb, &u1);
	fo_store_update(f->s, b, cb, &u2);
	fo_store_drain(f->s);
	assert_int_equal(u1.status, FO_STORE_OK);
	assert_int_equal(fo_record_version(u1.rec), 2);
	assert_int_equal(u2.status, FO_STORE_CONFLICT);
	assert_string_equal(fo_record_get(f->db.rows[0], "name"), "first");
	fo_record_free(r);
	fo_record_free(a);
	fo_record_free(b);
	fo_record_free(ins.rec);
	fo_record_free(u1.rec);
}

static void test_unavailable_then_reconnect(void **state)
{
	fx *f = *state;
	f->db.fail_next_open = true;
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_record_set(r, "name", "a");
	got g1 = {0}, g2 = {0}, g3 = {0};
	fo_store_insert(f->s, r, cb, &g1);
	fo_store_drain(f->s);
	assert_int_equal(g1.status, FO_STORE_UNAVAILABLE);
	assert_non_null(strstr(g1.error, "connection refused"));
	fo_store_insert(f->s, r, cb, &g2); /* opens again */
	fo_store_drain(f->s);
	assert_int_equal(g2.status, FO_STORE_OK);
	f->db.gone = true;
	fo_store_insert(f->s, r, cb, &g3);
	fo_store_drain(f->s);
	assert_int_equal(g3.status, FO_STORE_UNAVAILABLE);
	fo_record_free(g2.rec);
	g2.rec = NULL;
	fo_store_insert(f->s, r, cb, &g2);
	fo_store_drain(f->s);
	assert_int_equal(g2.status, FO_STORE_OK);
	assert_int_equal(f->db.opens, 2); /* reconnected after the server went away */
	fo_record_free(r);
	fo_record_free(g2.rec);
}

static void test_callbacks_from_the_loop(void **state)
{
	fx *f = *state;
	fo_record *r = fo_record_new(fo_store_table("core.fleets"));
	fo_record_set(r, "name", "a");
	got g = {0};
	fo_store_insert(f->s, r, cb, &g);
	/* without drain, the loop delivers the result */
	for (int i = 0; i < 200 && !g.calls; i++)
		uv_run(f->core->loop, UV_RUN_ONCE);
	assert_int_equal(g.calls, 1);
	fo_record_free(r);
	fo_record_free(g.rec);
}

static void test_backends(void **state)
{
	fx *f = *state;
	fo_store_backend bad = fake;
	bad.insert = NULL;
	assert_int_equal(fo_store_backend_register(f->core, &bad), -1);
	char err[256];
	assert_null(fo_store_open(f->core, "mysql://x", err, sizeof err));
	assert_non_null(strstr(err, "no store backend for 'mysql'"));
	fo_store *s2 = fo_store_open(f->core, "fk:alias", err, sizeof err);
	assert_non_null(s2);
	assert_string_equal(fo_store_scheme(s2), "fake");
	fo_store_close(s2, 10000);
	/* passwords never reach the screen */
	s2 = fo_store_open(f->core, "fake://bob:s3cret@db:5432/x?sslmode=require&password=p2", err,
	                   sizeof err);
	assert_string_equal(fo_store_url(s2),
	                    "fake://bob:***@db:5432/x?sslmode=require&password=***");
	assert_null(strstr(fo_store_url(s2), "s3cret"));
	fo_store_close(s2, 10000);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_insert_fills_implicit),
	    T(test_global_table_tenant_is_itself),
	    T(test_order_kept),
	    T(test_refusals),
	    T(test_update_conflict),
	    T(test_unavailable_then_reconnect),
	    T(test_callbacks_from_the_loop),
	    T(test_backends),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
