/* test_store_schema.c — the SQLite schema the embedded store generates
 * from the table declarations (core/store/store_tables.c and every built
 * plugin's NAME_tables.c, all plugins loaded), read back from the live
 * database with the raw sqlite3 API:
 *   - every declared table exists as schema_table with exactly the implicit
 *     and declared columns, in order, with matching types and NOT NULL
 *     (implicit columns NOT NULL except updated_by, which may be NULL);
 *   - a foreign key for every ref, carrying tenant_id;
 *   - audit_log gets INSERT/UPDATE/DELETE rows with actor and old/new JSON;
 *   - the overlap trigger refuses an overlapping allocation and accepts an
 *     adjacent or released one;
 *   - analytics_samples exists; CHECKs hold; migrate again changes nothing;
 *   - a database made by the previous version (hand-written migrations
 *     001..011, tests/store/data/sqlite_v0.db.gz) keeps its rows and
 *     triggers, gets no duplicate, and says so in db status;
 *   - a column missing from an existing table is added, its audit triggers
 *     remade;
 *   - declarations that would make bad DDL are refused.
 * Run from the repository root (tests/run_unit.sh does). */
#include "helpers.h"

#include <sqlite3.h>

#include "fleetops_plugin.h"
#include "store.h"
#include "store_sqlite.h"

#define SQL_DIR "sql/sqlite"

static const fo_store_backend *B = &fo_store_sqlite_backend;
static fo_core *plugins_core; /* keeps the plugins' tables registered */

typedef struct {
	char dir[256];
	void *conn;  /* the backend's connection */
	sqlite3 *db; /* a raw one on the same file */
} fixture;

static int group_setup(void **state)
{
	plugins_core = fo_test_core_all_plugins();
	/* every domain plugin registered its tables */
	return fo_store_table("missions.missions") && fo_store_table("resources.allocations") &&
	               fo_store_table("coordination.messages") &&
	               fo_store_table("optimization.runs") &&
	               fo_store_table("analytics.predictions") &&
	               fo_store_table("performance.targets")
	           ? 0
	           : -1;
}

static int group_teardown(void **state)
{
	fo_core_free(plugins_core);
	return 0;
}

static fo_store_status migrate(void *conn, char **report)
{
	char err[256] = "";
	fo_store_status s = B->migrate(conn, SQL_DIR, report, err, sizeof err);
	if (s != FO_STORE_OK)
		print_error("migrate: %s\n", err);
	return s;
}

static char *status(void *conn)
{
	char err[256] = "", *report = NULL;
	assert_int_equal(B->status(conn, SQL_DIR, &report, err, sizeof err), FO_STORE_OK);
	return report;
}

/* Opens dir/name through the backend (migrated) and raw. */
static void open_both(fixture *f, const char *name, bool do_migrate)
{
	char url[700], path[600], err[256] = "";
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	snprintf(url, sizeof url, "sqlite:%s", path);
	f->conn = B->open(url, "unit-test", err, sizeof err);
	if (!f->conn)
		fail_msg("open %s: %s", url, err);
	char *report = NULL;
	if (do_migrate) {
		assert_int_equal(migrate(f->conn, &report), FO_STORE_OK);
		free(report);
	}
	assert_int_equal(sqlite3_open(path, &f->db), SQLITE_OK);
	sqlite3_busy_timeout(f->db, 5000);
	assert_int_equal(sqlite3_exec(f->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL),
	                 SQLITE_OK);
}

static void actor_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, "unit-test", -1, SQLITE_STATIC);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	fo_test_tmpdir(f->dir, sizeof f->dir);
	open_both(f, "schema.db", true);
	assert_int_equal(sqlite3_create_function_v2(f->db, "fo_actor", 0, SQLITE_UTF8, NULL,
	                                            actor_fn, NULL, NULL, NULL),
	                 SQLITE_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	sqlite3_close(f->db);
	B->close(f->conn);
	fo_test_rmtree(f->dir);
	free(f);
	return 0;
}

#define DB(state) (((fixture *)*(state))->db)

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

static void check_columns(sqlite3 *db)
{
	static const struct {
		const char *name, *type;
		int notnull;
	} implicit[] = {
	    {"id", "TEXT", 1},         {"tenant_id", "TEXT", 1},  {"version", "INTEGER", 1},
	    {"created_at", "TEXT", 1}, {"updated_at", "TEXT", 1}, {"updated_by", "TEXT", 0},
	};
	const size_t nimp = sizeof implicit / sizeof implicit[0];
	assert_true(fo_store_table_count() >= 34);
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
static void check_foreign_keys(sqlite3 *db)
{
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

static void test_columns_match_declarations(void **state)
{
	check_columns(DB(state));
}

static void test_foreign_keys(void **state)
{
	check_foreign_keys(DB(state));
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
	sqlite3 *db = DB(state);
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
	sqlite3 *db = DB(state);
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
	sqlite3 *db = DB(state);
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
	sqlite3 *db = DB(state);
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

/* sqlite_master's triggers as "name\nsql\n..." (OWNED), and how many. */
/* The triggers of the database, name and text, those whose name is LIKE
 * but or but2 left out (NULL: none). */
static char *triggers_but(sqlite3 *db, long long *n, const char *but, const char *but2)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT name, sql FROM sqlite_master WHERE type = "
	                                    "'trigger' AND name NOT LIKE ?1 AND name NOT LIKE ?2 "
	                                    "ORDER BY name",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, but ? but : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, but2 ? but2 : "", -1, SQLITE_STATIC);
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(f, "%s\n%s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		(*n)++;
	}
	sqlite3_finalize(st);
	fclose(f);
	return buf;
}

static char *triggers(sqlite3 *db, long long *n)
{
	return triggers_but(db, n, NULL, NULL);
}

static void test_migrate_again_changes_nothing(void **state)
{
	fixture *f = *state;
	long long version = scalar(f->db, "PRAGMA schema_version"), nt;
	char *before = triggers(f->db, &nt), *report = NULL, want[64];
	snprintf(want, sizeof want, "schema: %zu declared tables, up to date\n",
	         fo_store_table_count());
	assert_int_equal(migrate(f->conn, &report), FO_STORE_OK);
	assert_contains(report, want);
	assert_contains(report, "0 applied, 1 already present");
	free(report);
	/* not one statement of DDL ran */
	assert_int_equal(scalar(f->db, "PRAGMA schema_version"), version);
	long long n2;
	char *after = triggers(f->db, &n2);
	assert_string_equal(before, after);
	/* three audit triggers a table, two that keep allocations apart */
	assert_int_equal(nt, (long long)(3 * fo_store_table_count() + 2));
	free(before);
	free(after);
	report = status(f->conn);
	assert_contains(report, want);
	assert_contains(report, "1 applied, 0 pending, 0 changed, 0 missing");
	free(report);
}

/* A database the previous version made (its hand-written migrations
 * 001..011 recorded) keeps its rows, triggers and records. */
static void test_previous_version_upgrade(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	fo_test_tmpdir(f->dir, sizeof f->dir);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "gzip -dc tests/store/data/sqlite_v0.db.gz > '%s/v0.db'", f->dir);
	assert_int_equal(system(cmd), 0);
	sqlite3 *old = NULL;
	snprintf(cmd, sizeof cmd, "%s/v0.db", f->dir);
	assert_int_equal(sqlite3_open(cmd, &old), SQLITE_OK);
	long long nt_before;
	char *before = triggers_but(old, &nt_before, "resources_%", NULL);
	long long rows = scalar(old, "SELECT (SELECT count(*) FROM core_fleets) + (SELECT count(*) "
	                             "FROM missions_missions) + (SELECT count(*) FROM "
	                             "resources_allocations)");
	long long audited = scalar(old, "SELECT count(*) FROM audit_log");
	assert_int_equal(scalar(old, "SELECT count(*) FROM fleetops_migrations"), 11);
	assert_true(rows >= 3);
	sqlite3_close(old);

	open_both(f, "v0.db", false);
	char *report = NULL, want[160];
	/* the tables declared since (core.layout_documents, core.layouts,
	 * core.layout_activations: issue 12) are made, and the columns of
	 * bookings, requests and conflicts added (issue 13: 24 columns, 6
	 * indexes, the 15 audit triggers of the five resources tables remade);
	 * nothing else changes */
	snprintf(want, sizeof want,
	         "schema: %zu declared tables, made 3 tables, 24 columns, 9 indexes, 24 audit "
	         "triggers\n",
	         fo_store_table_count());
	assert_int_equal(migrate(f->conn, &report), FO_STORE_OK);
	assert_contains(report, want);
	free(report);
	/* the same triggers, none twice, none remade */
	long long nt_after, nt_all;
	char *after = triggers_but(f->db, &nt_after, "core_layout%", "resources_%");
	assert_string_equal(before, after);
	free(triggers(f->db, &nt_all));
	assert_int_equal(nt_all, (long long)(3 * fo_store_table_count() + 2));
	free(before);
	free(after);
	assert_int_equal(scalar(f->db, "SELECT (SELECT count(*) FROM core_fleets) + (SELECT "
	                               "count(*) FROM missions_missions) + (SELECT count(*) FROM "
	                               "resources_allocations)"),
	                 rows);
	check_columns(f->db);
	check_foreign_keys(f->db);
	report = status(f->conn);
	assert_contains(report, "001_core ");
	assert_contains(report, "010_mission_execution ");
	assert_contains(report, "now generated from the declarations");
	assert_contains(report, "1 applied, 0 pending, 0 changed, 0 missing");
	free(report);
	/* and it works: a change is audited by the old triggers */
	sqlite3_create_function_v2(f->db, "fo_actor", 0, SQLITE_UTF8, NULL, actor_fn, NULL, NULL,
	                           NULL);
	ok(f->db, "UPDATE core_fleets SET name = 'south', version = version + 1");
	assert_true(scalar(f->db, "SELECT count(*) FROM audit_log") > audited);
	fixture *keep = f;
	teardown((void **)&keep);
}

/* A declared column an existing table lacks is added, and the audit
 * triggers that list the columns are made again. */
static void test_missing_column_added(void **state)
{
	fixture *f = *state;
	ok(f->db, "DROP TRIGGER missions_missions_audit_insert; DROP TRIGGER "
	          "missions_missions_audit_update; DROP TRIGGER missions_missions_audit_delete; "
	          "ALTER TABLE missions_missions DROP COLUMN reason");
	char *report = status(f->conn);
	assert_contains(report, "to make: 0 tables, 1 columns, 0 indexes, 3 audit triggers");
	assert_contains(report, "add column missions.missions.reason");
	free(report);
	assert_int_equal(migrate(f->conn, &report), FO_STORE_OK);
	assert_contains(report, "made 0 tables, 1 columns, 0 indexes, 3 audit triggers");
	free(report);
	check_columns(f->db);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
	                               "AND tbl_name = 'missions_missions' AND sql LIKE "
	                               "'%NEW.reason%'"),
	                 2);
	report = status(f->conn);
	assert_contains(report, "up to date");
	free(report);

	/* a required one cannot be added to an existing table: said, nothing done */
	ok(f->db, "DROP TRIGGER missions_logs_audit_insert; DROP TRIGGER "
	          "missions_logs_audit_update; DROP TRIGGER missions_logs_audit_delete; "
	          "ALTER TABLE missions_logs DROP COLUMN message");
	char err[256] = "";
	report = NULL;
	assert_int_equal(B->migrate(f->conn, SQL_DIR, &report, err, sizeof err), FO_STORE_ERR);
	assert_contains(err, "missions.logs");
	assert_contains(err, "required column message");
	free(report);
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = "
	                               "'missions_logs' AND type = 'trigger'"),
	                 0);
}

/* ---- declarations */

static const fo_field_def good_fields[] = {
    FO_CHOICE("state", true, NULL, "on", "off"),
    FO_FIELD("fleet_id", FO_FT_ID, false, "core.fleets", NULL),
    FO_FIELD("seen_at", FO_FT_TIME, false, NULL, NULL),
    FO_FIELD("ok", FO_FT_BOOL, false, NULL, NULL),
};
static const fo_table_check good_checks[] = {{"things_not_off_check", "state <> 'off' OR ok"}};
static const fo_table_def good = {.schema = "unit",
                                  .name = "things",
                                  .summary = "a table of the test",
                                  .fields = good_fields,
                                  .nfields = 4,
                                  .time_field = "seen_at",
                                  .audited = true,
                                  .checks = good_checks,
                                  .nchecks = 1};

static const fo_table_key bad_index[] = {{NULL, "tenant_id,nope"}};
static const fo_field_def bad_choice[] = {FO_CHOICE("n", true, NULL, "it's")};
static const fo_field_def no_ref[] = {FO_FIELD("x_id", FO_FT_ID, true, NULL, NULL)};
static const fo_field_def implicit[] = {FO_FIELD("version", FO_FT_INT, true, NULL, NULL)};
static void refused(const fo_table_def *t, const char *why)
{
	char err[256] = "";
	size_t n = fo_store_table_count();
	assert_int_equal(fo_store_tables_register(NULL, t, 1, err, sizeof err), -1);
	assert_contains(err, why);
	assert_int_equal(fo_store_table_count(), n);
}

static void test_declarations_checked(void **state)
{
	fo_table_def t = good;
	t.name = "Things";
	refused(&t, "lower-case identifiers");
	t = good;
	t.name = "missions";
	t.schema = "missions";
	refused(&t, "table missions.missions is already declared");
	t = good;
	t.indexes = bad_index;
	t.nindexes = 1;
	refused(&t, "'nope', not a column");
	t = good;
	t.fields = bad_choice;
	t.nfields = 1;
	t.time_field = NULL;
	refused(&t, "has a quote");
	t.fields = no_ref;
	refused(&t, "an id field names the table it references");
	t.fields = implicit;
	refused(&t, "implicit column");
	t = good;
	t.time_field = "state";
	refused(&t, "not a time field");
	/* every declared table passes */
	char err[256];
	for (size_t i = 0; i < fo_store_table_count(); i++)
		if (fo_store_table_valid(fo_store_table_at(i), err, sizeof err) != 0)
			fail_msg("%s", err);
}

/* A table registered (as a plugin's init would) is made by the next
 * migrate, with its checks, foreign keys and audit triggers. */
static void test_registered_table_made(void **state)
{
	fixture *f = *state;
	char err[256] = "";
	assert_int_equal(fo_store_tables_register(NULL, &good, 1, err, sizeof err), 0);
	assert_ptr_equal(fo_store_table("unit.things"), &good);
	char *report = status(f->conn);
	assert_contains(report, "to make: 1 tables, 0 columns, 2 indexes, 3 audit triggers");
	free(report);
	assert_int_equal(migrate(f->conn, &report), FO_STORE_OK);
	free(report);
	check_columns(f->db);
	check_foreign_keys(f->db);
	char *sql = fo_sqlite_create_table(&good);
	assert_contains(sql, "CONSTRAINT things_state_check CHECK (state IN ('on', 'off'))");
	free(sql);
	seed_tenants(f->db);
	char errs[512];
	/* a choice, the check, the time form */
	assert_int_equal(run(f->db,
	                     "INSERT INTO unit_things (id, tenant_id, state) VALUES "
	                     "('c0000000-0000-4000-8000-000000000001', '" TENANT "', 'maybe')",
	                     errs, sizeof errs),
	                 SQLITE_CONSTRAINT);
	assert_int_equal(run(f->db,
	                     "INSERT INTO unit_things (id, tenant_id, state, ok) VALUES "
	                     "('c0000000-0000-4000-8000-000000000001', '" TENANT "', 'off', 0)",
	                     errs, sizeof errs),
	                 SQLITE_CONSTRAINT);
	assert_contains(errs, "things_not_off_check");
	ok(f->db, "INSERT INTO unit_things (id, tenant_id, state, ok, seen_at) VALUES "
	          "('c0000000-0000-4000-8000-000000000001', '" TENANT
	          "', 'on', 1, '2026-11-26T10:00:00.000Z')");
	assert_int_equal(scalar(f->db, "SELECT count(*) FROM audit_log WHERE table_name = "
	                               "'unit.things' AND json_type(new_row, '$.ok') = 'true'"),
	                 1);
	fo_store_tables_remove_owner(NULL, -1, true);
	assert_null(fo_store_table("unit.things"));
}

/* Tables come from a plugin's init: once the store is open they are
 * refused (its thread reads the list). */
static void test_register_after_open_refused(void **state)
{
	fixture *f = *state;
	char err[256] = "", url[600];
	fo_core *core = fo_test_core(f->dir);
	snprintf(url, sizeof url, "sqlite:%s/late.db", f->dir);
	assert_int_equal(fo_config_set(core->config, "store", url, FO_SRC_FLAG, err, sizeof err),
	                 0);
	fo_core_start(core);
	assert_int_equal(fo_core_open_store(core, err, sizeof err), 0);
	assert_int_equal(fo_store_tables_register(core, &good, 1, err, sizeof err), -1);
	assert_contains(err, "before the store opens");
	assert_null(fo_store_table("unit.things"));
	fo_core_free(core);
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
	    cmocka_unit_test_setup_teardown(test_migrate_again_changes_nothing, setup, teardown),
	    cmocka_unit_test(test_previous_version_upgrade),
	    cmocka_unit_test_setup_teardown(test_missing_column_added, setup, teardown),
	    cmocka_unit_test(test_declarations_checked),
	    cmocka_unit_test_setup_teardown(test_registered_table_made, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_register_after_open_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
