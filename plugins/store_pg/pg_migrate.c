/* pg_migrate.c — applying sql/NNN_*.sql in order, each in its own
 * transaction, and reporting which are applied, pending or changed since.
 *
 * Two consoles may migrate at once: each migration's transaction first takes
 * a transaction-level advisory lock and then checks again whether the
 * migration is already recorded, so one console applies it and the other
 * finds it done. */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

/* Advisory lock key for migrations: arbitrary, constant ("FLEETOPS" in
 * ASCII, as a 64-bit integer). */
#define MIGRATE_LOCK "SELECT pg_advisory_xact_lock(5065499844954509395)"

#define CREATE_TABLE                                                                               \
	"CREATE TABLE IF NOT EXISTS public.fleetops_migrations ("                                  \
	"version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, "                    \
	"applied_at timestamptz NOT NULL DEFAULT now())"

typedef struct {
	int version;
	char name[128];
	char checksum[32];
	char applied_at[32];
} applied_row;

static fo_store_status run(spg_conn *c, const char *sql, const char *what, char *err, size_t errlen)
{
	PGresult *res = PQexec(c->pg, sql);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	fo_store_status st = FO_STORE_OK;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		st = spg_fail(c, res, what, err, errlen);
	PQclear(res);
	return st;
}

static void rollback(spg_conn *c)
{
	char ignored[64];
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		spg_command(c, "ROLLBACK", "rolling back", ignored, sizeof ignored);
}

/* The applied migrations, by version; *rows OWNED.  A database never
 * migrated has none (and status must not create the table). */
static fo_store_status load_applied(spg_conn *c, applied_row **rows, size_t *n, char *err,
                                    size_t errlen)
{
	*rows = NULL;
	*n = 0;
	fo_store_status st;
	PGresult *res =
	    spg_exec(c, "SELECT to_regclass('public.fleetops_migrations') IS NOT NULL", 0, NULL,
	             PGRES_TUPLES_OK, "reading the migrations table", &st, err, errlen);
	if (!res)
		return st;
	bool exists = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!exists)
		return FO_STORE_OK;
	res = spg_exec(c,
	               "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', "
	               "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM public.fleetops_migrations "
	               "ORDER BY version",
	               0, NULL, PGRES_TUPLES_OK, "reading the migrations table", &st, err, errlen);
	if (!res)
		return st;
	size_t rn = (size_t)PQntuples(res);
	applied_row *v = rn ? calloc(rn, sizeof *v) : NULL;
	if (rn && !v)
		abort();
	for (size_t i = 0; i < rn; i++) {
		v[i].version = atoi(PQgetvalue(res, (int)i, 0));
		spg_copy(v[i].name, sizeof v[i].name, PQgetvalue(res, (int)i, 1));
		spg_copy(v[i].checksum, sizeof v[i].checksum, PQgetvalue(res, (int)i, 2));
		spg_copy(v[i].applied_at, sizeof v[i].applied_at, PQgetvalue(res, (int)i, 3));
	}
	PQclear(res);
	*rows = v;
	*n = rn;
	return FO_STORE_OK;
}

static const applied_row *find_applied(const applied_row *v, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].version == version)
			return &v[i];
	return NULL;
}

static const fo_migration *find_file(const fo_migration *m, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (m[i].version == version)
			return &m[i];
	return NULL;
}

/* The line of a 1-based character position (the server counts characters,
 * not bytes) in a UTF-8 text. */
static int line_at(const char *text, long pos)
{
	int line = 1;
	long chars = 0;
	for (const char *p = text; *p && chars < pos - 1; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
		if (*p == '\n')
			line++;
	}
	return line;
}

/* A failed migration: file and line, the server's message, and where a
 * DO block or function was when it failed. */
static fo_store_status migration_error(spg_conn *c, const PGresult *res, const fo_migration *m,
                                       const char *text, char *err, size_t errlen)
{
	char what[1100];
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	if (pos)
		snprintf(what, sizeof what, "%s:%d", m->path, line_at(text, atol(pos)));
	else
		snprintf(what, sizeof what, "%s", m->path);
	fo_store_status st = spg_fail_plain(c, res, what, err, errlen);
	const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	size_t len = strlen(err);
	if (ctx && len + 4 < errlen)
		snprintf(err + len, errlen - len, " (%.*s)", (int)strcspn(ctx, "\n"), ctx);
	/* A broken migration is an error of the schema, not of a user's value;
	 * a lost server or a missing privilege still say so. */
	return st == FO_STORE_UNAVAILABLE || st == FO_STORE_DENIED ? st : FO_STORE_ERR;
}

/* Applies one migration unless another console has meanwhile.  *done is
 * true when this call applied it. */
static fo_store_status apply_one(spg_conn *c, const fo_migration *m, bool *done, char *err,
                                 size_t errlen)
{
	*done = false;
	fo_store_status st = run(c, "BEGIN", "starting a migration", err, errlen);
	if (st == FO_STORE_OK)
		st = run(c, MIGRATE_LOCK, "locking the migrations", err, errlen);
	if (st != FO_STORE_OK) {
		rollback(c);
		return st;
	}
	char version[16];
	snprintf(version, sizeof version, "%d", m->version);
	const char *p1[1] = {version};
	PGresult *res =
	    spg_exec(c,
	             "SELECT checksum FROM public.fleetops_migrations "
	             "WHERE version = $1::int",
	             1, p1, PGRES_TUPLES_OK, "reading the migrations table", &st, err, errlen);
	if (!res) {
		rollback(c);
		return st;
	}
	bool present = PQntuples(res) > 0;
	if (present && strcmp(PQgetvalue(res, 0, 0), m->checksum) != 0) {
		snprintf(
		    err, errlen,
		    "%s was changed after it was applied (checksum %s, file now %s): add a new "
		    "migration instead of editing an applied one",
		    m->path, PQgetvalue(res, 0, 0), m->checksum);
		PQclear(res);
		rollback(c);
		return FO_STORE_ERR;
	}
	PQclear(res);
	if (present) {
		rollback(c);
		return FO_STORE_OK;
	}
	char *text = fo_file_read(m->path, NULL, err, errlen);
	if (!text) {
		rollback(c);
		return FO_STORE_ERR;
	}
	/* PQexec: a file holds many statements (and DO blocks). */
	res = PQexec(c->pg, text);
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY) {
		st = migration_error(c, res, m, text, err, errlen);
		PQclear(res);
		free(text);
		rollback(c);
		return st;
	}
	PQclear(res);
	free(text);
	/* The checksum is the one computed when the directory was scanned; a
	 * file edited in between is caught by the next status. */
	const char *p3[3] = {version, m->name, m->checksum};
	res = spg_exec(c,
	               "INSERT INTO public.fleetops_migrations (version, name, checksum) "
	               "VALUES ($1::int, $2::text, $3::text)",
	               3, p3, PGRES_COMMAND_OK, "recording the migration", &st, err, errlen);
	if (!res) {
		rollback(c);
		return st;
	}
	PQclear(res);
	st = run(c, "COMMIT", "committing the migration", err, errlen);
	*done = st == FO_STORE_OK;
	return st;
}

fo_store_status spg_migrate(void *conn, const char *sql_dir, char **report, char *err,
                            size_t errlen)
{
	spg_conn *c = conn;
	*report = NULL;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	fo_migration *m;
	size_t nm;
	if (fo_migrations_scan(sql_dir, &m, &nm, err, errlen) != 0)
		return FO_STORE_ERR;
	/* The table itself is made under the lock: two consoles creating it
	 * at once would collide on the catalog. */
	st = run(c, "BEGIN", "creating the migrations table", err, errlen);
	if (st == FO_STORE_OK)
		st = run(c, MIGRATE_LOCK, "locking the migrations", err, errlen);
	if (st == FO_STORE_OK)
		st = run(c, CREATE_TABLE, "creating the migrations table", err, errlen);
	if (st == FO_STORE_OK)
		st = run(c, "COMMIT", "creating the migrations table", err, errlen);
	if (st != FO_STORE_OK) {
		rollback(c);
		free(m);
		return st;
	}
	spg_sql out;
	spg_sql_init(&out);
	size_t applied = 0, present = 0;
	for (size_t i = 0; i < nm && st == FO_STORE_OK; i++) {
		bool done;
		st = apply_one(c, &m[i], &done, err, errlen);
		if (st == FO_STORE_OK && done) {
			spg_sql_add(&out, "applied %s\n", m[i].name);
			applied++;
		} else if (st == FO_STORE_OK) {
			present++;
		}
	}
	if (st == FO_STORE_OK)
		spg_sql_add(&out, "%zu applied, %zu already present (%s)\n", applied, present,
		            sql_dir);
	else
		spg_sql_add(&out, "failed after %zu applied: %s\n", applied, err);
	*report = spg_sql_done(&out);
	free(m);
	return st;
}

fo_store_status spg_status(void *conn, const char *sql_dir, char **report, char *err, size_t errlen)
{
	spg_conn *c = conn;
	*report = NULL;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	fo_migration *m;
	size_t nm;
	if (fo_migrations_scan(sql_dir, &m, &nm, err, errlen) != 0)
		return FO_STORE_ERR;
	applied_row *a;
	size_t na;
	st = load_applied(c, &a, &na, err, errlen);
	if (st != FO_STORE_OK) {
		free(m);
		return st;
	}
	spg_sql out;
	spg_sql_init(&out);
	size_t n_applied = 0, n_pending = 0, n_changed = 0, n_missing = 0;
	for (size_t i = 0; i < nm; i++) {
		const applied_row *r = find_applied(a, na, m[i].version);
		if (!r) {
			spg_sql_add(&out, "%-40s pending\n", m[i].name);
			n_pending++;
		} else if (strcmp(r->checksum, m[i].checksum) != 0) {
			spg_sql_add(&out,
			            "%-40s CHANGED since applied %s (checksum %s, file now %s)\n",
			            m[i].name, r->applied_at, r->checksum, m[i].checksum);
			n_changed++;
		} else {
			spg_sql_add(&out, "%-40s applied %s\n", m[i].name, r->applied_at);
			n_applied++;
		}
	}
	for (size_t i = 0; i < na; i++)
		if (!find_file(m, nm, a[i].version)) {
			spg_sql_add(&out, "%-40s applied %s, but its file is gone\n", a[i].name,
			            a[i].applied_at);
			n_missing++;
		}
	spg_sql_add(&out, "%zu applied, %zu pending, %zu changed, %zu missing (%s)\n", n_applied,
	            n_pending, n_changed, n_missing, sql_dir);
	*report = spg_sql_done(&out);
	free(a);
	free(m);
	return FO_STORE_OK;
}
