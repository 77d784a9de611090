/* pg_records.c — records of the declared tables: insert, get, update and
 * delete with optimistic concurrency, filtered lists, and the audit trail.
 *
 * Values go in as text parameters cast to the column's type in SQL and come
 * back as text in the store's canonical form (ISO 8601 UTC times with
 * milliseconds, "true"/"false", JSON text).  Identifiers come only from the
 * table declarations (checked when registered: core/store/store_tables.c),
 * and are quoted. */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

/* The implicit columns, in the order fo_record keeps them. */
static const struct {
	const char *name;
	fo_field_type type;
} implicit[] = {
    {"id", FO_FT_ID},           {"tenant_id", FO_FT_ID},    {"version", FO_FT_INT},
    {"created_at", FO_FT_TIME}, {"updated_at", FO_FT_TIME}, {"updated_by", FO_FT_TEXT},
};
#define NIMPLICIT (sizeof implicit / sizeof implicit[0])

#define ISO_UTC "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'"

static const char *sql_type(fo_field_type t)
{
	switch (t) {
	case FO_FT_INT:
		return "bigint";
	case FO_FT_REAL:
		return "double precision";
	case FO_FT_BOOL:
		return "boolean";
	case FO_FT_TIME:
		return "timestamptz";
	case FO_FT_JSON:
		return "jsonb";
	case FO_FT_ID:
		return "uuid";
	case FO_FT_TEXT:
		break;
	}
	return "text";
}

/* Column i of a record: the implicit ones first, then the table's. */
static size_t ncolumns(const fo_table_def *t)
{
	return NIMPLICIT + t->nfields;
}

static const char *column_name(const fo_table_def *t, size_t i)
{
	return i < NIMPLICIT ? implicit[i].name : t->fields[i - NIMPLICIT].name;
}

static fo_field_type column_type(const fo_table_def *t, size_t i)
{
	return i < NIMPLICIT ? implicit[i].type : t->fields[i - NIMPLICIT].type;
}

static long column_index(const fo_table_def *t, const char *name)
{
	for (size_t i = 0; i < ncolumns(t); i++)
		if (strcmp(column_name(t, i), name) == 0)
			return (long)i;
	return -1;
}

/* The canonical text of a column in a select list. */
static void add_output(spg_sql *q, const char *col, fo_field_type type)
{
	if (type == FO_FT_TIME)
		spg_sql_add(q, "to_char(\"%s\" AT TIME ZONE 'UTC', " ISO_UTC ")", col);
	else
		spg_sql_add(q, "\"%s\"::text", col);
}

static void add_select_list(spg_sql *q, const fo_table_def *t)
{
	for (size_t i = 0; i < ncolumns(t); i++) {
		spg_sql_add(q, i ? ", " : "");
		add_output(q, column_name(t, i), column_type(t, i));
	}
}

/* One row of a result laid out by add_select_list, as a record. */
static fo_record *row_to_record(const fo_table_def *t, const PGresult *res, int row)
{
	fo_record *r = fo_record_new(t);
	for (size_t i = 0; i < ncolumns(t); i++)
		if (!PQgetisnull(res, row, (int)i))
			fo_record_set(r, column_name(t, i), PQgetvalue(res, row, (int)i));
	return r;
}

static void refresh(fo_record *r, const PGresult *res)
{
	const fo_table_def *t = fo_record_table(r);
	for (size_t i = 0; i < ncolumns(t); i++)
		fo_record_set(r, column_name(t, i),
		              PQgetisnull(res, 0, (int)i) ? NULL : PQgetvalue(res, 0, (int)i));
}

/* After an update or delete matched no row: is the record there at all? */
static fo_store_status stale_or_missing(spg_conn *c, const fo_table_def *t, const char *id,
                                        long long version, char *err, size_t errlen)
{
	spg_sql q;
	spg_sql_init(&q);
	spg_sql_add(&q, "SELECT version FROM \"%s\".\"%s\" WHERE id = $1::uuid", t->schema,
	            t->name);
	char *sql = spg_sql_done(&q);
	const char *p[1] = {id};
	fo_store_status st;
	PGresult *res =
	    spg_exec(c, sql, 1, p, PGRES_TUPLES_OK, "checking the version", &st, err, errlen);
	free(sql);
	if (!res)
		return st;
	if (PQntuples(res) == 0) {
		snprintf(err, errlen, "%s.%s: no record %s", t->schema, t->name, id);
		st = FO_STORE_NOTFOUND;
	} else {
		snprintf(err, errlen,
		         "%s.%s %s: version %lld is stale (now %s): somebody changed it first; "
		         "nothing was written",
		         t->schema, t->name, id, version, PQgetvalue(res, 0, 0));
		st = FO_STORE_CONFLICT;
	}
	PQclear(res);
	return st;
}

fo_store_status spg_insert(void *conn, fo_record *r, char *err, size_t errlen)
{
	spg_conn *c = conn;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	const fo_table_def *t = fo_record_table(r);
	spg_sql cols, vals;
	spg_params p = {0};
	spg_sql_init(&cols);
	spg_sql_init(&vals);
	for (size_t i = 0; i < ncolumns(t); i++) {
		const char *name = column_name(t, i);
		const char *v = fo_record_get(r, name);
		/* A missing implicit value (tenant_id above all) takes the
		 * column's DEFAULT; a declared field is always written. */
		if (i < NIMPLICIT && !v)
			continue;
		int n = spg_param(&p, v);
		spg_sql_add(&cols, "%s\"%s\"", n > 1 ? ", " : "", name);
		spg_sql_add(&vals, "%s$%d::%s", n > 1 ? ", " : "", n, sql_type(column_type(t, i)));
	}
	char *c_sql = spg_sql_done(&cols), *v_sql = spg_sql_done(&vals);
	spg_sql q;
	spg_sql_init(&q);
	spg_sql_add(&q, "INSERT INTO \"%s\".\"%s\" (%s) VALUES (%s) RETURNING ", t->schema, t->name,
	            c_sql, v_sql);
	add_select_list(&q, t);
	char *sql = spg_sql_done(&q);
	char what[160];
	snprintf(what, sizeof what, "insert into %s.%s", t->schema, t->name);
	PGresult *res = spg_exec(c, sql, p.n, p.v, PGRES_TUPLES_OK, what, &st, err, errlen);
	if (res) {
		if (PQntuples(res) == 1)
			refresh(r, res);
		PQclear(res);
	}
	free(sql);
	free(c_sql);
	free(v_sql);
	spg_params_free(&p);
	return st;
}

fo_store_status spg_get(void *conn, const fo_table_def *t, const char *id, fo_record **out,
                        char *err, size_t errlen)
{
	spg_conn *c = conn;
	*out = NULL;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	if (!spg_is_uuid(id)) {
		snprintf(err, errlen, "%s.%s: no record %s", t->schema, t->name,
		         id ? id : "(null)");
		return FO_STORE_NOTFOUND;
	}
	spg_sql q;
	spg_sql_init(&q);
	spg_sql_add(&q, "SELECT ");
	add_select_list(&q, t);
	spg_sql_add(&q, " FROM \"%s\".\"%s\" WHERE id = $1::uuid", t->schema, t->name);
	char *sql = spg_sql_done(&q);
	const char *p[1] = {id};
	char what[160];
	snprintf(what, sizeof what, "get from %s.%s", t->schema, t->name);
	PGresult *res = spg_exec(c, sql, 1, p, PGRES_TUPLES_OK, what, &st, err, errlen);
	free(sql);
	if (!res)
		return st;
	if (PQntuples(res) == 0) {
		snprintf(err, errlen, "%s.%s: no record %s", t->schema, t->name, id);
		st = FO_STORE_NOTFOUND;
	} else {
		*out = row_to_record(t, res, 0);
	}
	PQclear(res);
	return st;
}

fo_store_status spg_update(void *conn, fo_record *r, char *err, size_t errlen)
{
	spg_conn *c = conn;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	const fo_table_def *t = fo_record_table(r);
	const char *id = fo_record_id(r);
	const char *version = fo_record_get(r, "version");
	if (!spg_is_uuid(id)) {
		snprintf(err, errlen, "%s.%s: no record %s", t->schema, t->name,
		         id ? id : "(null)");
		return FO_STORE_NOTFOUND;
	}
	if (!version) {
		snprintf(err, errlen, "%s.%s %s: an update needs the version that was read",
		         t->schema, t->name, id);
		return FO_STORE_INVALID;
	}
	spg_sql q;
	spg_params p = {0};
	spg_sql_init(&q);
	spg_sql_add(&q, "UPDATE \"%s\".\"%s\" SET ", t->schema, t->name);
	for (size_t i = 0; i < t->nfields; i++) {
		int n = spg_param(&p, fo_record_get(r, t->fields[i].name));
		spg_sql_add(&q, "\"%s\" = $%d::%s, ", t->fields[i].name, n,
		            sql_type(t->fields[i].type));
	}
	int at = spg_param(&p, fo_record_get(r, "updated_at"));
	int by = spg_param(&p, fo_record_get(r, "updated_by"));
	int pid = spg_param(&p, id);
	int pver = spg_param(&p, version);
	spg_sql_add(&q,
	            "version = version + 1, updated_at = COALESCE($%d::timestamptz, now()), "
	            "updated_by = COALESCE($%d::text, current_setting('fleetops.actor', true)) "
	            "WHERE id = $%d::uuid AND version = $%d::bigint RETURNING ",
	            at, by, pid, pver);
	add_select_list(&q, t);
	char *sql = spg_sql_done(&q);
	char what[160];
	snprintf(what, sizeof what, "update of %s.%s", t->schema, t->name);
	PGresult *res = spg_exec(c, sql, p.n, p.v, PGRES_TUPLES_OK, what, &st, err, errlen);
	free(sql);
	spg_params_free(&p);
	if (!res)
		return st;
	if (PQntuples(res) == 1)
		refresh(r, res);
	else
		st = stale_or_missing(c, t, id, strtoll(version, NULL, 10), err, errlen);
	PQclear(res);
	return st;
}

fo_store_status spg_remove(void *conn, const fo_table_def *t, const char *id, long long version,
                           char *err, size_t errlen)
{
	spg_conn *c = conn;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	if (!spg_is_uuid(id)) {
		snprintf(err, errlen, "%s.%s: no record %s", t->schema, t->name,
		         id ? id : "(null)");
		return FO_STORE_NOTFOUND;
	}
	char ver[32];
	snprintf(ver, sizeof ver, "%lld", version);
	spg_sql q;
	spg_sql_init(&q);
	spg_sql_add(&q, "DELETE FROM \"%s\".\"%s\" WHERE id = $1::uuid AND version = $2::bigint",
	            t->schema, t->name);
	char *sql = spg_sql_done(&q);
	const char *p[2] = {id, ver};
	char what[160];
	snprintf(what, sizeof what, "delete from %s.%s", t->schema, t->name);
	PGresult *res = spg_exec(c, sql, 2, p, PGRES_COMMAND_OK, what, &st, err, errlen);
	free(sql);
	if (!res)
		return st;
	if (strcmp(PQcmdTuples(res), "1") != 0)
		st = stale_or_missing(c, t, id, version, err, errlen);
	PQclear(res);
	return st;
}

fo_store_status spg_list(void *conn, const fo_store_query *qr, fo_record ***out, size_t *n,
                         char *err, size_t errlen)
{
	spg_conn *c = conn;
	*out = NULL;
	*n = 0;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	const fo_table_def *t = fo_store_table(qr->table);
	if (!t) {
		snprintf(err, errlen, "no table %s", qr->table ? qr->table : "(null)");
		return FO_STORE_INVALID;
	}
	const char *time_col = t->time_field ? t->time_field : "created_at";
	long filter = -1;
	if (qr->field) {
		filter = column_index(t, qr->field);
		if (filter < 0) {
			snprintf(err, errlen, "%s.%s has no field %s", t->schema, t->name,
			         qr->field);
			return FO_STORE_INVALID;
		}
	}
	spg_sql q;
	spg_params p = {0};
	char limit[32];
	spg_sql_init(&q);
	spg_sql_add(&q, "SELECT ");
	add_select_list(&q, t);
	spg_sql_add(&q, " FROM \"%s\".\"%s\" WHERE true", t->schema, t->name);
	if (qr->tenant_id)
		spg_sql_add(&q, " AND tenant_id = $%d::uuid", spg_param(&p, qr->tenant_id));
	if (qr->from)
		spg_sql_add(&q, " AND \"%s\" >= $%d::timestamptz", time_col,
		            spg_param(&p, qr->from));
	if (qr->to)
		spg_sql_add(&q, " AND \"%s\" < $%d::timestamptz", time_col, spg_param(&p, qr->to));
	if (filter >= 0) {
		if (qr->equals)
			spg_sql_add(&q, " AND \"%s\" = $%d::%s", qr->field,
			            spg_param(&p, qr->equals),
			            sql_type(column_type(t, (size_t)filter)));
		else
			spg_sql_add(&q, " AND \"%s\" IS NULL", qr->field);
	}
	spg_sql_add(&q, " ORDER BY \"%s\", id", time_col);
	if (qr->limit) {
		snprintf(limit, sizeof limit, "%zu", qr->limit);
		spg_sql_add(&q, " LIMIT $%d::bigint", spg_param(&p, limit));
	}
	char *sql = spg_sql_done(&q);
	char what[160];
	snprintf(what, sizeof what, "list of %s.%s", t->schema, t->name);
	PGresult *res = spg_exec(c, sql, p.n, p.v, PGRES_TUPLES_OK, what, &st, err, errlen);
	free(sql);
	spg_params_free(&p);
	if (!res)
		return st;
	size_t rows = (size_t)PQntuples(res);
	if (rows) {
		*out = calloc(rows, sizeof **out);
		if (!*out)
			abort();
		for (size_t i = 0; i < rows; i++)
			(*out)[i] = row_to_record(t, res, (int)i);
	}
	*n = rows;
	PQclear(res);
	return FO_STORE_OK;
}

static char *dup_or_null(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	char *s = strdup(PQgetvalue(res, row, col));
	if (!s)
		abort();
	return s;
}

fo_store_status spg_audit(void *conn, const char *table, const char *id, fo_audit_row **out,
                          size_t *n, char *err, size_t errlen)
{
	spg_conn *c = conn;
	*out = NULL;
	*n = 0;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	if (id && !spg_is_uuid(id))
		return FO_STORE_OK; /* no such record, so no trail */
	const char *sql =
	    "SELECT table_name, record_id::text, op, actor, "
	    "to_char(at AT TIME ZONE 'UTC', " ISO_UTC "), old_row::text, new_row::text "
	    "FROM audit.log WHERE table_name = $1::text "
	    "AND ($2::text IS NULL OR record_id = $2::text) "
	    "ORDER BY id";
	const char *p[2] = {table, id};
	PGresult *res =
	    spg_exec(c, sql, 2, p, PGRES_TUPLES_OK, "reading the audit trail", &st, err, errlen);
	if (!res)
		return st;
	size_t rows = (size_t)PQntuples(res);
	if (rows) {
		*out = calloc(rows, sizeof **out);
		if (!*out)
			abort();
	}
	for (size_t i = 0; i < rows; i++) {
		fo_audit_row *a = &(*out)[i];
		int row = (int)i;
		spg_copy(a->table, sizeof a->table, PQgetvalue(res, row, 0));
		spg_copy(a->record_id, sizeof a->record_id, PQgetvalue(res, row, 1));
		spg_copy(a->op, sizeof a->op, PQgetvalue(res, row, 2));
		spg_copy(a->actor, sizeof a->actor, PQgetvalue(res, row, 3));
		spg_copy(a->at, sizeof a->at, PQgetvalue(res, row, 4));
		a->old_row = dup_or_null(res, row, 5);
		a->new_row = dup_or_null(res, row, 6);
	}
	*n = rows;
	PQclear(res);
	return FO_STORE_OK;
}
