/* store_schema.c — the SQLite schema, generated from the table
 * declarations (store_tables.c and the plugins' NAME_tables.c).
 *
 * SQLite has no schemas, roles or row-level security: table schema.table is
 * named schema_table, and tenant isolation is the application's job (every
 * reference carries tenant_id, so a row can only point into its own
 * tenant).  Tables are STRICT (a value that does not fit its column's type
 * is refused); times are TEXT in exactly the form 2026-11-26T21:55:39.123Z,
 * so text order is time order; JSON is TEXT checked with json_valid;
 * booleans are INTEGER 0/1; ids are UUID text.  Foreign keys need PRAGMA
 * foreign_keys = ON on each connection (the backend sets it).
 *
 * The audit triggers append one row to audit_log per change, with the actor
 * from fo_actor() (an application function the backend registers on each
 * connection); old_row and new_row are JSON objects of the whole row (JSON
 * columns nested, booleans true/false).  Their text is exactly that of the
 * hand-written migrations they replace, so a database those made keeps its
 * triggers as they are. */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_GLOB                                                                                  \
	"'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9]"  \
	"[0-9]Z'"
#define NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

const char fo_sqlite_core_sql[] =
    "CREATE TABLE IF NOT EXISTS audit_log (\n"
    "    id         INTEGER PRIMARY KEY,\n"
    "    tenant_id  TEXT NOT NULL,\n"
    "    table_name TEXT NOT NULL,\n"
    "    record_id  TEXT NOT NULL,\n"
    "    op         TEXT NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),\n"
    "    actor      TEXT NOT NULL,\n"
    "    at         TEXT NOT NULL,\n"
    "    old_row    TEXT CHECK (old_row IS NULL OR json_valid(old_row)),\n"
    "    new_row    TEXT CHECK (new_row IS NULL OR json_valid(new_row))\n"
    ") STRICT;\n"
    "CREATE INDEX IF NOT EXISTS audit_log_record_idx ON audit_log (table_name, record_id, "
    "id);\n"
    "CREATE INDEX IF NOT EXISTS audit_log_tenant_at_idx ON audit_log (tenant_id, at);\n"
    /* batched time series: no id, no audit trigger, no foreign key, for
     * write speed */
    "CREATE TABLE IF NOT EXISTS analytics_samples (\n"
    "    tenant_id TEXT NOT NULL,\n"
    "    series    TEXT NOT NULL,\n"
    "    subject   TEXT NOT NULL,\n"
    "    ts        TEXT NOT NULL CHECK (ts GLOB " TIME_GLOB "),\n"
    "    value     REAL NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX IF NOT EXISTS analytics_samples_series_idx ON analytics_samples "
    "(tenant_id, series, subject, ts);\n"
    /* chunked binary series (fo_chunk): a rowid table, so that a chunk of
     * a few KB stays on its page (WITHOUT ROWID spills rows past ~1 KB) */
    "CREATE TABLE IF NOT EXISTS analytics_chunks (\n"
    "    tenant_id TEXT NOT NULL,\n"
    "    series    TEXT NOT NULL,\n"
    "    res_s     INTEGER NOT NULL CHECK (res_s > 0),\n"
    "    subject   TEXT NOT NULL,\n"
    "    start_s   INTEGER NOT NULL,\n"
    "    data      BLOB NOT NULL\n"
    ") STRICT;\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS analytics_chunks_key ON analytics_chunks "
    "(tenant_id, series, res_s, subject, start_s);\n";

static FILE *mem(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	if (!f)
		abort();
	return f;
}

static char *done(FILE *f, char **buf)
{
	if (fclose(f) != 0 || !*buf)
		abort();
	return *buf;
}

static const char *sql_type(fo_field_type t)
{
	return t == FO_FT_INT || t == FO_FT_BOOL ? "INTEGER" : t == FO_FT_REAL ? "REAL" : "TEXT";
}

/* schema.table -> schema_table, and whether that table is global. */
static void ref_table(const char *ref, char *buf, size_t len, bool *global)
{
	snprintf(buf, len, "%s", ref);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = '_';
	const fo_table_def *r = fo_store_table(ref);
	*global = r && r->global;
}

static void put_column(FILE *f, const fo_field_def *d)
{
	fprintf(f, "%s %s%s", d->name, sql_type(d->type), d->required ? " NOT NULL" : "");
	switch (d->type) {
	case FO_FT_TIME:
		fprintf(f, " CHECK (%s GLOB " TIME_GLOB ")", d->name);
		break;
	case FO_FT_JSON:
		fprintf(f, " CHECK (%s IS NULL OR json_valid(%s))", d->name, d->name);
		break;
	case FO_FT_BOOL:
		fprintf(f, " CHECK (%s IN (0, 1))", d->name);
		break;
	default:
		break;
	}
}

char *fo_sqlite_column(const fo_table_def *t, const fo_field_def *d)
{
	(void)t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = mem(&buf, &len);
	put_column(f, d);
	return done(f, &buf);
}

char *fo_sqlite_create_table(const fo_table_def *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = mem(&buf, &len);
	fprintf(f, "CREATE TABLE IF NOT EXISTS %s_%s (\n", t->schema, t->name);
	fputs("    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB "
	      "'*[^0-9a-fA-F-]*'),\n",
	      f);
	fprintf(f, "    tenant_id TEXT NOT NULL%s,\n",
	        t->global ? "" : " REFERENCES core_tenants (id)");
	fputs("    version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),\n", f);
	fputs("    created_at TEXT NOT NULL DEFAULT (" NOW ") CHECK (created_at GLOB " TIME_GLOB
	      "),\n",
	      f);
	fputs("    updated_at TEXT NOT NULL DEFAULT (" NOW ") CHECK (updated_at GLOB " TIME_GLOB
	      "),\n",
	      f);
	fputs("    updated_by TEXT", f);
	for (size_t i = 0; i < t->nfields; i++) {
		fputs(",\n    ", f);
		put_column(f, &t->fields[i]);
	}
	/* references carry tenant_id: (tenant_id, id) is a key of every
	 * tenant-scoped table */
	if (!t->global)
		fputs(",\n    UNIQUE (tenant_id, id)", f);
	for (size_t i = 0; i < t->nunique; i++)
		fprintf(f, ",\n    CONSTRAINT %s UNIQUE (%s)", t->unique[i].name,
		        t->unique[i].columns);
	for (size_t i = 0; i < t->nfields; i++) {
		const fo_field_def *d = &t->fields[i];
		if (!d->ref)
			continue;
		char parent[128];
		bool global;
		ref_table(d->ref, parent, sizeof parent, &global);
		if (global || t->global)
			fprintf(f, ",\n    FOREIGN KEY (%s) REFERENCES %s (id)", d->name, parent);
		else
			fprintf(f,
			        ",\n    FOREIGN KEY (tenant_id, %s) REFERENCES %s (tenant_id, id)",
			        d->name, parent);
	}
	for (size_t i = 0; i < t->nfields; i++) {
		const fo_field_def *d = &t->fields[i];
		if (!d->choices)
			continue;
		fprintf(f, ",\n    CONSTRAINT %s_%s_check CHECK (%s IN (", t->name, d->name,
		        d->name);
		for (const char *const *c = d->choices; *c; c++)
			fprintf(f, "%s'%s'", c == d->choices ? "" : ", ", *c);
		fputs("))", f);
	}
	for (size_t i = 0; i < t->nchecks; i++)
		fprintf(f, ",\n    CONSTRAINT %s CHECK (%s)", t->checks[i].name, t->checks[i].expr);
	if (t->global)
		fprintf(f, ",\n    CONSTRAINT %s_tenant_check CHECK (tenant_id = id)", t->name);
	fputs("\n) STRICT;\n", f);
	return done(f, &buf);
}

/* ---------------------------------------------------------------- indexes */

static void push(fo_sql_object **v, size_t *n, char *name, char *sql)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].name, name) == 0) { /* the same index asked twice */
			free(name);
			free(sql);
			return;
		}
	if (!(*v = realloc(*v, (*n + 1) * sizeof **v)))
		abort();
	(*v)[(*n)++] = (fo_sql_object){name, sql};
}

/* columns "tenant_id,state,at": named schema_table_state_at_idx unless
 * name says otherwise. */
static void push_index(fo_sql_object **v, size_t *n, const fo_table_def *t, const char *name,
                       const char *columns)
{
	char *nb = NULL, *cb = NULL;
	size_t nl = 0, cl = 0;
	FILE *fn = mem(&nb, &nl), *fc = mem(&cb, &cl);
	fprintf(fn, "%s_%s", t->schema, t->name);
	for (const char *p = columns; *p;) {
		size_t l = strcspn(p, ",");
		if (!(l == 9 && strncmp(p, "tenant_id", 9) == 0))
			fprintf(fn, "_%.*s", (int)l, p);
		fprintf(fc, "%s%.*s", p == columns ? "" : ", ", (int)l, p);
		p += l;
		if (*p == ',')
			p++;
	}
	fputs("_idx", fn);
	char *derived = done(fn, &nb), *cols = done(fc, &cb);
	char *iname = name ? strdup(name) : derived;
	if (!iname)
		abort();
	if (name)
		free(derived);
	char *sql = NULL;
	if (asprintf(&sql, "CREATE INDEX %s ON %s_%s (%s)", iname, t->schema, t->name, cols) < 0)
		abort();
	free(cols);
	push(v, n, iname, sql);
}

size_t fo_sqlite_indexes(const fo_table_def *t, fo_sql_object **out)
{
	fo_sql_object *v = NULL;
	size_t n = 0;
	const char *lead = t->global ? "" : "tenant_id,";
	char cols[160];
	if (t->time_field) {
		snprintf(cols, sizeof cols, "%s%s", lead, t->time_field);
		push_index(&v, &n, t, NULL, cols);
	}
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].ref) {
			snprintf(cols, sizeof cols, "%s%s", lead, t->fields[i].name);
			push_index(&v, &n, t, NULL, cols);
		}
	for (size_t i = 0; i < t->nindexes; i++)
		push_index(&v, &n, t, t->indexes[i].name, t->indexes[i].columns);
	*out = v;
	return n;
}

void fo_sql_objects_free(fo_sql_object *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].sql);
	}
	free(v);
}

/* ---------------------------------------------------------------- audit triggers */

/* json_object('col', ROW.col, ...) over the implicit and declared columns */
static void put_row(FILE *f, const fo_table_def *t, const char *row)
{
	static const char *const implicit[] = {"id",         "tenant_id",  "version",
	                                       "created_at", "updated_at", "updated_by"};
	fputs("        json_object(", f);
	size_t n = sizeof implicit / sizeof implicit[0];
	for (size_t i = 0; i < n + t->nfields; i++) {
		const char *name = i < n ? implicit[i] : t->fields[i - n].name;
		fo_field_type type = i < n ? FO_FT_TEXT : t->fields[i - n].type;
		fprintf(f, "%s\n            '%s', ", i ? "," : "", name);
		if (type == FO_FT_JSON)
			fprintf(f, "json(%s.%s)", row, name);
		else if (type == FO_FT_BOOL)
			fprintf(f, "json(CASE %s.%s WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)",
			        row, name);
		else
			fprintf(f, "%s.%s", row, name);
	}
	fputs(")", f);
}

size_t fo_sqlite_audit_triggers(const fo_table_def *t, fo_sql_object **out)
{
	static const char *const ops[] = {"INSERT", "UPDATE", "DELETE"};
	fo_sql_object *v = NULL;
	size_t n = 0;
	for (size_t k = 0; t->audited && k < 3; k++) {
		char *name = NULL, *sql = NULL;
		size_t len = 0;
		if (asprintf(&name, "%s_%s_audit_%s", t->schema, t->name,
		             k == 0   ? "insert"
		             : k == 1 ? "update"
		                      : "delete") < 0)
			abort();
		FILE *f = mem(&sql, &len);
		const char *row = k == 2 ? "OLD" : "NEW";
		fprintf(f, "CREATE TRIGGER %s AFTER %s ON %s_%s\nBEGIN\n", name, ops[k], t->schema,
		        t->name);
		fputs("    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, "
		      "old_row, new_row)\n",
		      f);
		fprintf(f, "    VALUES (%s.tenant_id, '%s.%s', %s.id, '%s',\n", row, t->schema,
		        t->name, row, ops[k]);
		fputs("        coalesce(nullif(fo_actor(), ''), 'unknown'),\n        " NOW ",\n",
		      f);
		if (k == 0)
			fputs("        NULL", f);
		else
			put_row(f, t, "OLD");
		fputs(",\n", f);
		if (k == 2)
			fputs("        NULL", f);
		else
			put_row(f, t, "NEW");
		fputs(");\nEND", f);
		push(&v, &n, name, done(f, &sql));
	}
	*out = v;
	return n;
}
