/* test_store_schema.c — the SQLite migrations (sql/sqlite/NNN_name.sql) against the
 * table declarations of core/store_tables.c, with the raw sqlite3 API (no
 * store backend involved):
 *   - every declared table exists as schema_table with exactly the implicit
 *     and declared columns, in order, with matching types and NOT NULL
 *     (implicit columns NOT NULL except updated_by, which may be NULL);
 *   - a foreign key for every ref, carrying tenant_id;
 *   - audit_log gets INSERT/UPDATE/DELETE rows with actor and old/new JSON;
 *   - the overlap trigger refuses an overlapping allocation and accepts an
 *     adjacent or released one;
 *   - analytics_samples exists; CHECKs hold; the files re-apply cleanly.
 * Run from the repository root (tests/run_unit.sh does). */
#include "helpers.h"

#include <dirent.h>
#include <sqlite3.h>

#include "fleetops_plugin.h"

#define SQL_DIR "sql/sqlite"

static void actor_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, "unit-test", -1, SQLITE_STATIC);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Applies every NNN_*.sql of SQL_DIR in name order, each in a transaction,
 * as the backend does; again: only those that do not alter a table. */
static void apply_migrations_mode(sqlite3 *db, bool again)
{
	DIR *d = opendir(SQL_DIR);
	assert_non_null(d);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 8 && e->d_name[3] == '_' && strcmp(e->d_name + len - 4, ".sql") == 0) {
			assert_true(n < 64);
			names[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	assert_true(n >= 8);
	qsort(names, n, sizeof names[0], cmp_names);
	for (size_t i = 0; i < n; i++) {
		char path[512], err[256];
		snprintf(path, sizeof path, "%s/%s", SQL_DIR, names[i]);
		char *sql = fo_file_read(path, NULL, err, sizeof err);
		if (!sql)
			fail_msg("%s: %s", path, err);
		if (again && strstr(sql, "ALTER TABLE")) {
			free(sql);
			free(names[i]);
			continue;
		}
		char *msg = NULL;
		int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			print_error("%s: %s\n", path, msg ? msg : "?");
			sqlite3_free(msg);
			fail();
		}
		assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		free(sql);
		free(names[i]);
	}
}

static void apply_migrations(sqlite3 *db)
{
	apply_migrations_mode(db, false);
}

static void apply_migrations_again(sqlite3 *db)
{
	apply_migrations_mode(db, true);
}

static int setup(void **state)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_create_function_v2(db, "fo_actor", 0, SQLITE_UTF8, NULL, actor_fn,
	                                            NULL, NULL, NULL),
	                 SQLITE_OK);
	apply_migrations(db);
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

/* Runs sql; returns the sqlite3 result code, message into err. */
static int run(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(err, errlen, "%s", msg ? msg : "");
	sqlite3_free(msg);
	return rc;
}

static void ok(sqlite3 *db, const char *sql)
{
	char err[512];
	if (run(db, sql, err, sizeof err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

/* The first column of the first row as an integer. */
static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	return v;
}

static const char *sqlite_type(fo_field_type t)
{
	switch (t) {
	case FO_FT_INT:
	case FO_FT_BOOL:
		return "INTEGER";
	case FO_FT_REAL:
		return "REAL";
	default:
		return "TEXT";
	}
}

static void test_columns_match_declarations(void **state)
{
	sqlite3 *db = *state;
	static const struct {
		const char *name, *type;
		int notnull;
	} implicit[] = {
	    {"id", "TEXT", 1},         {"tenant_id", "TEXT", 1},  {"version", "INTEGER", 1},
	    {"created_at", "TEXT", 1}, {"updated_at", "TEXT", 1}, {"updated_by", "TEXT", 0},
	};
	const size_t nimp = sizeof implicit / sizeof implicit[0];
	assert_true(fo_store_table_count() >= 30);
	for (size_t i = 0; i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		char sql[256];
		snprintf(sql, sizeof sql, "PRAGMA table_info(%s_%s)", t->schema, t->name);
		sqlite3_stmt *st = NULL;
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		size_t k = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 1);
			const char *type = (const char *)sqlite3_column_text(st, 2);
			int notnull = sqlite3_column_int(st, 3);
			const char *ename, *etype;
			int enotnull;
			if (k < nimp) {
				ename = implicit[k].name;
				etype = implicit[k].type;
				enotnull = implicit[k].notnull;
			} else if (k - nimp < t->nfields) {
				const fo_field_def *f = &t->fields[k - nimp];
				ename = f->name;
				etype = sqlite_type(f->type);
				enotnull = f->required;
			} else {
				fail_msg("%s.%s: extra column %s", t->schema, t->name, name);
			}
			if (strcmp(name, ename) != 0 || strcmp(type, etype) != 0 ||
			    notnull != enotnull)
				fail_msg("%s.%s column %zu: got %s %s%s, declared %s %s%s",
				         t->schema, t->name, k, name, type,
				         notnull ? " NOT NULL" : "", ename, etype,
				         enotnull ? " NOT NULL" : "");
			k++;
		}
		sqlite3_finalize(st);
		if (k != nimp + t->nfields)
			fail_msg("%s_%s: %zu columns, declared %zu (missing table?)", t->schema,
			         t->name, k, nimp + t->nfields);
	}
}

/* Every ref has a foreign key (tenant_id, field) -> (tenant_id, id) of the
 * referenced table, and tenant_id references core_tenants. */
static void test_foreign_keys(void **state)
{
	sqlite3 *db = *state;
	for (size_t i = 0; i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		for (size_t k = 0; k < t->nfields + 1; k++) {
			const char *from, *ref;
			if (k == t->nfields) {
				if (t->global)
					continue;
				from = "tenant_id";
				ref = "core.tenants";
			} else {
				from = t->fields[k].name;
				ref = t->fields[k].ref;
				if (!ref)
					continue;
			}
			char parent[64], sql[512];
			snprintf(parent, sizeof parent, "%s", ref);
			*strchr(parent, '.') = '_';
			snprintf(sql, sizeof sql,
			         "SELECT count(*) FROM pragma_foreign_key_list('%s_%s') "
			         "WHERE \"table\" = '%s' AND \"from\" = '%s' AND \"to\" = 'id'",
			         t->schema, t->name, parent, from);
			if (scalar(db, sql) != 1)
				fail_msg("%s.%s.%s: no foreign key to %s", t->schema, t->name, from,
				         ref);
		}
	}
}

#define TENANT "11111111-1111-4111-8111-111111111111"
#define TENANT2 "22222222-2222-4222-8222-222222222222"
#define FLEET "33333333-3333-4333-8333-333333333333"
#define POOL "44444444-4444-4444-8444-444444444444"
#define RES "55555555-5555-4555-8555-555555555555"

static void seed_tenants(sqlite3 *db)
{
	ok(db, "INSERT INTO core_tenants (id, tenant_id, name) VALUES ('" TENANT "', '" TENANT
	       "', 'a'), ('" TENANT2 "', '" TENANT2 "', 'b')");
}

static void test_audit_rows(void **state)
{
	sqlite3 *db = *state;
	seed_tenants(db);
	ok(db, "INSERT INTO core_fleets (id, tenant_id, name, attributes) VALUES ('" FLEET
	       "', '" TENANT "', 'north', '{\"depot\":1}')");
	ok(db,
	   "UPDATE core_fleets SET name = 'south', version = version + 1 WHERE id = '" FLEET "'");
	ok(db, "DELETE FROM core_fleets WHERE id = '" FLEET "'");
	assert_int_equal(scalar(db,
	                        "SELECT count(*) FROM audit_log WHERE table_name = 'core.fleets' "
	                        "AND record_id = '" FLEET "' AND tenant_id = '" TENANT
	                        "' AND actor = 'unit-test'"),
	                 3);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log WHERE record_id = '" FLEET
	                            "' AND op = 'INSERT' AND old_row IS NULL "
	                            "AND json_extract(new_row, '$.name') = 'north' "
	                            "AND json_extract(new_row, '$.attributes.depot') = 1"),
	                 1);
	assert_int_equal(scalar(db,
	                        "SELECT count(*) FROM audit_log WHERE record_id = '" FLEET
	                        "' AND op = 'UPDATE' AND json_extract(old_row, '$.name') = 'north' "
	                        "AND json_extract(new_row, '$.name') = 'south' "
	                        "AND json_extract(new_row, '$.version') = 2"),
	                 1);
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log WHERE record_id = '" FLEET
	                            "' AND op = 'DELETE' AND new_row IS NULL "
	                            "AND json_extract(old_row, '$.name') = 'south' "
	                            "AND at GLOB '[0-9][0-9][0-9][0-9]-*T*.[0-9][0-9][0-9]Z'"),
	                 1);
	/* Every record table has its three audit triggers. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
	                            "AND name LIKE '%\\_audit\\_%' ESCAPE '\\'"),
	                 (long long)(3 * fo_store_table_count()));
}

static void test_allocation_overlap(void **state)
{
	sqlite3 *db = *state;
	char err[512];
	seed_tenants(db);
	ok(db, "INSERT INTO resources_pools (id, tenant_id, name, kind) VALUES ('" POOL
	       "', '" TENANT "', 'chargers', 'charger')");
	ok(db, "INSERT INTO resources_resources (id, tenant_id, pool_id, name) VALUES ('" RES
	       "', '" TENANT "', '" POOL "', 'c1')");
#define ALLOC(id, from, to, st)                                                                    \
	"INSERT INTO resources_allocations (id, tenant_id, resource_id, starts_at, ends_at, "      \
	"state) "                                                                                  \
	"VALUES ('" id "', '" TENANT "', '" RES "', '2026-11-26T" from ".000Z', '2026-11-26T" to   \
	".000Z', '" st "')"
	ok(db, ALLOC("a0000000-0000-4000-8000-000000000001", "10:00:00", "11:00:00", "reserved"));
	assert_int_equal(
	    run(db,
	        ALLOC("a0000000-0000-4000-8000-000000000002", "10:30:00", "11:30:00", "reserved"),
	        err, sizeof err),
	    SQLITE_CONSTRAINT);
	assert_contains(err, "allocation overlaps");
	/* Half-open windows: back to back is fine; released ones do not count. */
	ok(db, ALLOC("a0000000-0000-4000-8000-000000000003", "11:00:00", "12:00:00", "active"));
	ok(db, ALLOC("a0000000-0000-4000-8000-000000000004", "10:15:00", "10:45:00", "released"));
	/* Moving one onto another, or reviving a released one, is refused too. */
	assert_int_equal(
	    run(db,
	        "UPDATE resources_allocations SET starts_at = '2026-11-26T10:59:00.000Z' "
	        "WHERE id = 'a0000000-0000-4000-8000-000000000003'",
	        err, sizeof err),
	    SQLITE_CONSTRAINT);
	assert_int_equal(run(db,
	                     "UPDATE resources_allocations SET state = 'reserved' "
	                     "WHERE id = 'a0000000-0000-4000-8000-000000000004'",
	                     err, sizeof err),
	                 SQLITE_CONSTRAINT);
	/* Releasing and re-timing itself is fine. */
	ok(db, "UPDATE resources_allocations SET ends_at = '2026-11-26T11:00:00.000Z', state = "
	       "'active' "
	       "WHERE id = 'a0000000-0000-4000-8000-000000000001'");
	assert_int_equal(
	    run(db,
	        ALLOC("a0000000-0000-4000-8000-000000000005", "12:00:00", "12:00:00", "reserved"),
	        err, sizeof err),
	    SQLITE_CONSTRAINT); /* ends_at > starts_at */
#undef ALLOC
}

static void test_checks(void **state)
{
	sqlite3 *db = *state;
	char err[512];
	seed_tenants(db);
	ok(db,
	   "INSERT INTO core_fleets (id, tenant_id, name) VALUES ('" FLEET "', '" TENANT "', 'f')");
	static const char *const refused[] = {
	    /* score 0..100 */
	    "INSERT INTO analytics_health_scores (id, tenant_id, subject_kind, subject_id, score, "
	    "components, computed_at) VALUES ('b0000000-0000-4000-8000-000000000001', '" TENANT
	    "', 'vehicle', 'v', 101, '{}', '2026-11-26T10:00:00.000Z')",
	    /* enumerated role */
	    "INSERT INTO core_operators (id, tenant_id, login, role) VALUES "
	    "('b0000000-0000-4000-8000-000000000002', '" TENANT "', 'x', 'root')",
	    /* time not in the canonical form */
	    "INSERT INTO analytics_reports (id, tenant_id, name, period_from, period_to) VALUES "
	    "('b0000000-0000-4000-8000-000000000003', '" TENANT
	    "', 'r', '2026-11-26 10:00', '2026-11-27T10:00:00.000Z')",
	    /* JSON */
	    "UPDATE core_fleets SET attributes = '{nope' WHERE id = '" FLEET "'",
	    /* STRICT: an integer column refuses text */
	    "INSERT INTO resources_pools (id, tenant_id, name, kind, capacity) VALUES "
	    "('b0000000-0000-4000-8000-000000000004', '" TENANT "', 'p', 'dock', 'many')",
	    /* a vehicle of tenant 2 in tenant 1's fleet: the foreign key carries tenant_id */
	    "INSERT INTO core_vehicles (id, tenant_id, serial_number, manufacturer, fleet_id) "
	    "VALUES "
	    "('b0000000-0000-4000-8000-000000000005', '" TENANT2 "', 's', 'm', '" FLEET "')",
	    /* id must be a UUID */
	    "INSERT INTO core_fleets (id, tenant_id, name) VALUES ('not-a-uuid', '" TENANT
	    "', 'f')",
	    /* a tenant's tenant_id is its id */
	    "INSERT INTO core_tenants (id, tenant_id, name) VALUES "
	    "('b0000000-0000-4000-8000-000000000006', '" TENANT "', 'c')",
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (run(db, refused[i], err, sizeof err) != SQLITE_CONSTRAINT)
			fail_msg("accepted (or wrong error '%s'): %s", err, refused[i]);
	/* The same vehicle in its own tenant is fine. */
	ok(db, "INSERT INTO core_vehicles (id, tenant_id, serial_number, manufacturer, fleet_id) "
	       "VALUES "
	       "('b0000000-0000-4000-8000-000000000005', '" TENANT "', 's', 'm', '" FLEET "')");
}

static void test_samples(void **state)
{
	sqlite3 *db = *state;
	assert_int_equal(scalar(db,
	                        "SELECT count(*) FROM pragma_table_info('analytics_samples') "
	                        "WHERE name IN ('tenant_id', 'series', 'subject', 'ts', 'value')"),
	                 5);
	long long audited = scalar(db, "SELECT count(*) FROM audit_log");
	ok(db, "INSERT INTO analytics_samples VALUES ('" TENANT "', 'battery_pct', 'v1', "
	       "'2026-11-26T10:00:00.000Z', 87.5)");
	assert_int_equal(scalar(db, "SELECT count(*) FROM analytics_samples"), 1);
	/* No audit row for time series. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM audit_log"), audited);
	assert_int_equal(scalar(db, "SELECT count(*) FROM pragma_index_list('analytics_samples')"),
	                 1);
}

static void test_migrations_reapply(void **state)
{
	sqlite3 *db = *state;
	seed_tenants(db);
	long long tenants = scalar(db, "SELECT count(*) FROM core_tenants");
	/* IF NOT EXISTS everywhere: no error, data kept.  A migration that
	 * alters a table (SQLite has no ADD COLUMN IF NOT EXISTS) is left out:
	 * the backend's bookkeeping applies each file once. */
	apply_migrations_again(db);
	assert_int_equal(scalar(db, "SELECT count(*) FROM core_tenants"), tenants);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_columns_match_declarations, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_allocation_overlap, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_migrations_reapply, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
