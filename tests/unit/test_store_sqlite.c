/* test_store_sqlite.c — what only the SQLite backend does, called directly
 * (the behaviour both stores share is in test_store_conformance.c): URL
 * forms and directory creation, WAL on disk, migration bookkeeping, the
 * overlap trigger, value forms, the migration helpers of migrate.c, and
 * the batched-write and commit-latency figures. */
#include "helpers.h"

#include "store_sqlite.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

static const fo_store_backend *B = &fo_store_sqlite_backend;
/* Keeps the built plugins loaded: their tables (missions.templates,
 * resources.allocations...) are declared by them. */
static fo_core *plugins_core;

static int group_setup(void **state)
{
	plugins_core = fo_test_core_all_plugins();
	return fo_store_table("missions.templates") && fo_store_table("resources.allocations") ? 0
	                                                                                       : -1;
}

static int group_teardown(void **state)
{
	fo_core_free(plugins_core);
	return 0;
}

/* The SQLite migrations: sql/sqlite from the repository root, where
 * `make unit` runs the tests. */
static const char *sql_dir(void)
{
	const char *d = getenv("FO_TEST_SQL_DIR");
	return d && *d ? d : "sql/sqlite";
}

typedef struct {
	char dir[256];
	char path[512];
	void *conn;
	char tenant[40];
} fixture;

static void *must_open(const char *url)
{
	char err[256] = "";
	void *c = B->open(url, "tester", err, sizeof err);
	if (!c)
		print_error("open %s: %s\n", url, err);
	assert_non_null(c);
	return c;
}

static void migrate_ok(void *conn)
{
	char err[256] = "", *report = NULL;
	fo_store_status s = B->migrate(conn, sql_dir(), &report, err, sizeof err);
	if (s != FO_STORE_OK)
		print_error("migrate: %s\n", err);
	assert_int_equal(s, FO_STORE_OK);
	free(report);
}

static fo_record *rec(const char *table)
{
	const fo_table_def *t = fo_store_table(table);
	assert_non_null(t);
	return fo_record_new(t);
}

/* Fills what the front fills: id, version 1, times, actor. */
static void stamp(fo_record *r, const char *tenant)
{
	char id[40], now[32];
	fo_uuid4(id);
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	fo_record_set(r, "id", id);
	fo_record_set(r, "tenant_id", tenant ? tenant : id);
	fo_record_set(r, "version", "1");
	fo_record_set(r, "created_at", now);
	fo_record_set(r, "updated_at", now);
	fo_record_set(r, "updated_by", "tester");
}

static void insert_ok(void *conn, fo_record *r)
{
	char err[256] = "";
	fo_store_status s = B->insert(conn, r, err, sizeof err);
	if (s != FO_STORE_OK)
		print_error("insert %s: %s\n", fo_record_table(r)->name, err);
	assert_int_equal(s, FO_STORE_OK);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fo_test_tmpdir(f->dir, sizeof f->dir);
	snprintf(f->path, sizeof f->path, "sqlite:%s/fleetops.db", f->dir);
	f->conn = must_open(f->path);
	migrate_ok(f->conn);
	fo_record *t = rec("core.tenants");
	stamp(t, NULL);
	fo_record_set(t, "name", "acme");
	insert_ok(f->conn, t);
	snprintf(f->tenant, sizeof f->tenant, "%s", fo_record_id(t));
	fo_record_free(t);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	B->close(f->conn);
	fo_test_rmtree(f->dir);
	free(f);
	return 0;
}

/* ---- URLs, files, WAL */

static void test_url_forms_and_directories(void **state)
{
	char dir[256], url[700], path[600], err[256] = "";
	fo_test_tmpdir(dir, sizeof dir);
	/* a directory that does not exist yet is made */
	snprintf(url, sizeof url, "sqlite://%s/a/b/c.db", dir);
	void *c = must_open(url);
	migrate_ok(c);
	B->close(c);
	snprintf(path, sizeof path, "%s/a/b/c.db", dir);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);

	/* journal mode is persistent in the file: WAL */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);

	/* sqlite:PATH names the same file */
	snprintf(url, sizeof url, "sqlite:%s", path);
	c = must_open(url);
	char *report = NULL;
	assert_int_equal(B->status(c, sql_dir(), &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, " 0 pending,");
	free(report);
	B->close(c);

	c = must_open("sqlite::memory:");
	migrate_ok(c);
	B->close(c);

	/* a file name under a plain file cannot be made */
	snprintf(url, sizeof url, "sqlite:%s/a/b/c.db/x.db", dir);
	assert_null(B->open(url, "tester", err, sizeof err));
	assert_contains(err, "c.db");
	assert_null(B->open("sqlite:", "tester", err, sizeof err));
	assert_contains(err, "no file name");
	fo_test_rmtree(dir);
}

/* ---- migrations */

static void test_migrate_bookkeeping(void **state)
{
	char dir[256], mig[300], p[600], err[256] = "", *report = NULL;
	fo_test_tmpdir(dir, sizeof dir);
	snprintf(mig, sizeof mig, "%s/mig", dir);
	assert_int_equal(mkdir(mig, 0700), 0);
	fo_test_write_file(mig, "001_one.sql", "CREATE TABLE one (a INTEGER);\n", p, sizeof p);
	fo_test_write_file(mig, "002_two.sql", "CREATE TABLE two (a INTEGER);\n", p, sizeof p);
	fo_test_write_file(mig, "README.md", "not a migration\n", p, sizeof p);
	char url[600];
	snprintf(url, sizeof url, "sqlite:%s/m.db", dir);
	void *c = must_open(url);

	assert_int_equal(B->status(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "0 applied, 2 pending");
	assert_contains(report, "001_one                                  pending\n");
	free(report);

	assert_int_equal(B->migrate(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "applied 001_one\napplied 002_two\n");
	free(report);
	assert_int_equal(B->migrate(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "0 applied, 2 already present");
	free(report);

	/* a failing file leaves nothing behind and is not recorded */
	fo_test_write_file(mig, "003_bad.sql",
	                   "CREATE TABLE three (a INTEGER);\nCREATE TABLE one (a INTEGER);\n", p,
	                   sizeof p);
	assert_int_equal(B->migrate(c, mig, &report, err, sizeof err), FO_STORE_ERR);
	assert_contains(err, "003_bad.sql");
	assert_contains(err, "already exists");
	free(report);
	fo_test_write_file(mig, "003_bad.sql", "CREATE TABLE three (a INTEGER);\n", p, sizeof p);
	assert_int_equal(B->migrate(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "applied 003_bad");
	free(report);

	/* an applied file edited afterwards is reported, not re-applied */
	fo_test_write_file(mig, "002_two.sql", "CREATE TABLE two (a INTEGER, b TEXT);\n", p,
	                   sizeof p);
	assert_int_equal(B->migrate(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "002_two CHANGED since applied");
	free(report);
	assert_int_equal(B->status(c, mig, &report, err, sizeof err), FO_STORE_OK);
	assert_contains(report, "CHANGED since applied");
	assert_contains(report, "2 applied, 0 pending, 1 changed, 0 missing");
	free(report);
	B->close(c);
	fo_test_rmtree(dir);
}

static void test_migrations_scan(void **state)
{
	char dir[256], p[600], err[256] = "";
	fo_migration *m = NULL;
	size_t n = 0;
	fo_test_tmpdir(dir, sizeof dir);
	fo_test_write_file(dir, "010_later.sql", "select 2;", p, sizeof p);
	fo_test_write_file(dir, "002_first.sql", "select 1;", p, sizeof p);
	assert_int_equal(fo_migrations_scan(dir, &m, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].version, 2);
	assert_string_equal(m[0].name, "002_first");
	assert_int_equal(m[1].version, 10);
	assert_int_equal(strlen(m[0].checksum), 16);
	assert_string_not_equal(m[0].checksum, m[1].checksum);
	free(m);

	fo_test_write_file(dir, "002_again.sql", "select 3;", p, sizeof p);
	assert_int_equal(fo_migrations_scan(dir, &m, &n, err, sizeof err), -1);
	assert_contains(err, "two migrations numbered 2");
	assert_null(m);
	assert_int_equal(unlink(p), 0);

	fo_test_write_file(dir, "7_short.sql", "select 3;", p, sizeof p);
	assert_int_equal(fo_migrations_scan(dir, &m, &n, err, sizeof err), -1);
	assert_contains(err, "7_short.sql");
	assert_int_equal(unlink(p), 0);
	fo_test_write_file(dir, "008_bad name.sql", "select 3;", p, sizeof p);
	assert_int_equal(fo_migrations_scan(dir, &m, &n, err, sizeof err), -1);
	assert_int_equal(unlink(p), 0);

	assert_int_equal(fo_migrations_scan("/nonexistent/fo", &m, &n, err, sizeof err), -1);
	assert_contains(err, "/nonexistent/fo");
	assert_null(fo_file_read("/nonexistent/fo/x", NULL, err, sizeof err));
	assert_contains(err, "No such file");
	fo_test_rmtree(dir);
}

static void test_uuid_and_time(void **state)
{
	char a[37], b[37], t[32];
	fo_uuid4(a);
	fo_uuid4(b);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[8], '-');
	assert_int_equal(a[14], '4');
	assert_non_null(strchr("89ab", a[19]));
	for (int i = 0; i < 36; i++)
		assert_non_null(strchr("0123456789abcdef-", a[i]));
	fo_iso_time(1795729539123ull, t, sizeof t);
	assert_string_equal(t, "2026-11-26T21:45:39.123Z");
	fo_iso_time(0, t, sizeof t);
	assert_string_equal(t, "1970-01-01T00:00:00.000Z");
}

/* ---- values */

static void test_value_forms(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	fo_record *tp = rec("missions.templates");
	stamp(tp, f->tenant);
	fo_record_set(tp, "name", "tow");
	fo_record_set(tp, "template_version", "3");
	fo_record_set(tp, "steps", "{ \"nodes\" : [1, 2] }");
	fo_record_set(tp, "expected_duration_s", "12.5");
	fo_record_set(tp, "priority", "9007199254740993"); /* past 2^53 */
	insert_ok(f->conn, tp);
	/* the stored row comes back in canonical form */
	assert_string_equal(fo_record_get(tp, "steps"), "{\"nodes\":[1,2]}");
	assert_string_equal(fo_record_get(tp, "expected_duration_s"), "12.5");
	assert_string_equal(fo_record_get(tp, "priority"), "9007199254740993");

	fo_record *m = rec("missions.missions");
	stamp(m, f->tenant);
	fo_record_set(m, "template_id", fo_record_id(tp));
	fo_record_set(m, "template_version", "3");
	fo_record_set(m, "state", "queued");
	fo_record_set(m, "started_at", "2026-11-26T23:30:00+02:00");
	fo_record_set(m, "deadline", "2026-11-26 21:00");
	insert_ok(f->conn, m);
	fo_record *got = NULL;
	assert_int_equal(
	    B->get(f->conn, fo_record_table(m), fo_record_id(m), &got, err, sizeof err),
	    FO_STORE_OK);
	assert_string_equal(fo_record_get(got, "started_at"), "2026-11-26T21:30:00.000Z");
	assert_string_equal(fo_record_get(got, "deadline"), "2026-11-26T21:00:00.000Z");
	assert_null(fo_record_get(got, "vehicle_id"));
	fo_record_free(got);

	fo_record *mm = rec("missions.metrics");
	stamp(mm, f->tenant);
	fo_record_set(mm, "mission_id", fo_record_id(m));
	fo_record_set(mm, "on_time", "true");
	fo_record_set(mm, "distance_m", "3");
	fo_record_set(mm, "energy_kwh", "0.1");
	insert_ok(f->conn, mm);
	assert_string_equal(fo_record_get(mm, "on_time"), "true");
	assert_string_equal(fo_record_get(mm, "distance_m"), "3");
	assert_string_equal(fo_record_get(mm, "energy_kwh"), "0.1");

	/* values that do not fit their type are refused, naming the field */
	static const struct {
		const char *field, *value, *says;
	} bad[] = {
	    {"on_time", "maybe", "on_time"},
	    {"distance_m", "12,5", "distance_m"},
	    {"distance_m", "nan", "distance_m"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fo_record *x = fo_record_dup(mm);
		stamp(x, f->tenant);
		fo_record_set(x, bad[i].field, bad[i].value);
		assert_int_equal(B->insert(f->conn, x, err, sizeof err), FO_STORE_INVALID);
		assert_contains(err, bad[i].says);
		fo_record_free(x);
	}
	fo_record *x = fo_record_dup(m);
	stamp(x, f->tenant);
	fo_record_set(x, "started_at", "yesterday");
	assert_int_equal(B->insert(f->conn, x, err, sizeof err), FO_STORE_INVALID);
	assert_contains(err, "started_at");
	fo_record_set(x, "started_at", "2026-02-30T10:00:00Z");
	assert_int_equal(B->insert(f->conn, x, err, sizeof err), FO_STORE_INVALID);
	fo_record_set(x, "started_at", NULL);
	fo_record_set(x, "template_version", "3.5");
	assert_int_equal(B->insert(f->conn, x, err, sizeof err), FO_STORE_INVALID);
	assert_contains(err, "template_version");
	fo_record_free(x);
	x = fo_record_dup(tp);
	stamp(x, f->tenant);
	fo_record_set(x, "steps", "{not json");
	assert_int_equal(B->insert(f->conn, x, err, sizeof err), FO_STORE_INVALID);
	assert_contains(err, "JSON");
	fo_record_free(x);

	fo_record_free(mm);
	fo_record_free(m);
	fo_record_free(tp);
}

/* ---- the overlap trigger */

static void test_allocation_overlap(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	fo_record *pool = rec("resources.pools");
	stamp(pool, f->tenant);
	fo_record_set(pool, "name", "chargers");
	fo_record_set(pool, "kind", "charger");
	insert_ok(f->conn, pool);
	fo_record *res = rec("resources.resources");
	stamp(res, f->tenant);
	fo_record_set(res, "pool_id", fo_record_id(pool));
	fo_record_set(res, "name", "c1");
	insert_ok(f->conn, res);

	fo_record *a = rec("resources.allocations");
	stamp(a, f->tenant);
	fo_record_set(a, "resource_id", fo_record_id(res));
	fo_record_set(a, "starts_at", "2026-11-26T10:00:00.000Z");
	fo_record_set(a, "ends_at", "2026-11-26T11:00:00.000Z");
	fo_record_set(a, "state", "reserved");
	insert_ok(f->conn, a);

	fo_record *b = fo_record_dup(a);
	stamp(b, f->tenant);
	fo_record_set(b, "starts_at", "2026-11-26T10:30:00.000Z");
	fo_record_set(b, "ends_at", "2026-11-26T12:00:00.000Z");
	assert_int_equal(B->insert(f->conn, b, err, sizeof err), FO_STORE_INVALID);
	assert_contains(err, "resources.allocations");

	/* touching windows do not overlap: [10, 11) then [11, 12) */
	fo_record_set(b, "starts_at", "2026-11-26T11:00:00.000Z");
	insert_ok(f->conn, b);
	fo_record_free(b);
	fo_record_free(a);
	fo_record_free(res);
	fo_record_free(pool);
}

/* ---- another process holding the write lock: the write waits for it */

typedef struct {
	const char *path;
	atomic_int locked;
} holder;

static void *hold_lock(void *arg)
{
	holder *h = arg;
	sqlite3 *db = NULL;
	if (sqlite3_open(h->path, &db) == SQLITE_OK &&
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		atomic_store(&h->locked, 1);
		struct timespec ts = {0, 300 * 1000 * 1000};
		nanosleep(&ts, NULL);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	} else {
		atomic_store(&h->locked, -1);
	}
	sqlite3_close(db);
	return NULL;
}

static double now_s(void);

static void test_busy_waits(void **state)
{
	fixture *f = *state;
	holder h = {.path = f->path + strlen("sqlite:")};
	atomic_init(&h.locked, 0);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, hold_lock, &h), 0);
	while (atomic_load(&h.locked) == 0) {
		struct timespec ts = {0, 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	assert_int_equal(atomic_load(&h.locked), 1);
	double t0 = now_s();
	fo_record *fl = rec("core.fleets");
	stamp(fl, f->tenant);
	fo_record_set(fl, "name", "patient");
	insert_ok(f->conn, fl);
	assert_true(now_s() - t0 > 0.1);
	fo_record_free(fl);
	pthread_join(th, NULL);
}

/* ---- figures (printed, not asserted beyond sanity) */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void test_figures(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	enum { NS = 50000, NI = 200 };
	fo_sample *v = calloc(NS, sizeof *v);
	assert_non_null(v);
	uint64_t base = 1795729539000ull;
	for (size_t i = 0; i < NS; i++) {
		snprintf(v[i].tenant_id, sizeof v[i].tenant_id, "%s", f->tenant);
		snprintf(v[i].series, sizeof v[i].series, "battery_pct");
		snprintf(v[i].subject, sizeof v[i].subject, "agv-%zu", i % 100);
		fo_iso_time(base + i * 10, v[i].ts, sizeof v[i].ts);
		v[i].value = (double)(i % 100);
	}
	double t0 = now_s();
	assert_int_equal(B->append_samples(f->conn, v, NS, err, sizeof err), FO_STORE_OK);
	double dt = now_s() - t0;
	free(v);

	double lat[NI];
	fo_record *fl = rec("core.fleets");
	for (size_t i = 0; i < NI; i++) {
		stamp(fl, f->tenant);
		fo_record_set(fl, "name", "bench");
		t0 = now_s();
		insert_ok(f->conn, fl);
		lat[i] = (now_s() - t0) * 1e3;
	}
	fo_record_free(fl);
	qsort(lat, NI, sizeof lat[0], cmp_double);
	fprintf(stderr,
	        "sqlite figures: %d samples in one call: %.0f rows/s; single-record insert "
	        "commit p50 %.3f ms, p99 %.3f ms (synchronous=FULL, WAL)\n",
	        NS, NS / dt, lat[NI / 2], lat[NI * 99 / 100]);
	assert_true(NS / dt > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_forms_and_directories),
	    cmocka_unit_test(test_migrate_bookkeeping),
	    cmocka_unit_test(test_migrations_scan),
	    cmocka_unit_test(test_uuid_and_time),
	    cmocka_unit_test_setup_teardown(test_value_forms, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_allocation_overlap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_busy_waits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
