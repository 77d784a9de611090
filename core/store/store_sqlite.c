/* store_sqlite.c — the embedded store backend (see store_sqlite.h).
 *
 * Every function here blocks and runs on the store's thread only.  Values
 * are always bound as parameters; identifiers come only from the table
 * declarations (store_tables.c and the plugins', checked when registered).
 * Prepared statements are kept on the connection: the fixed ones per table
 * and operation, the rest (lists, queries) by their SQL text. */
#include "store_sqlite.h"

#include "store.h"
#include "store_sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const implicit[] = {"id",         "tenant_id",  "version",
                                       "created_at", "updated_at", "updated_by"};
static const fo_field_type implicit_type[] = {FO_FT_ID,   FO_FT_TEXT, FO_FT_INT,
                                              FO_FT_TIME, FO_FT_TIME, FO_FT_TEXT};
#define NIMPLICIT (sizeof implicit / sizeof implicit[0])

enum { OP_INSERT, OP_GET, OP_UPDATE, OP_DELETE, OP_VERSION, OP_COUNT };

__attribute__((format(printf, 3, 4))) static void set_err(char *err, size_t errlen, const char *fmt,
                                                          ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------- errors */

/* Maps the connection's last error to a status and a readable message. */
fo_store_status sq_fail(sq_conn *c, int rc, const char *what, char *err, size_t errlen)
{
	const char *msg = sqlite3_errmsg(c->db);
	fo_store_status st = FO_STORE_ERR;
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_TOOBIG:
		st = FO_STORE_INVALID;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		set_err(err, errlen,
		        "%s: the database stayed locked by another process for %d s (%s)", what,
		        BUSY_TIMEOUT_MS / 1000, msg);
		return FO_STORE_ERR;
	case SQLITE_ERROR:
		if (strstr(msg, "malformed JSON"))
			st = FO_STORE_INVALID;
		break;
	default:
		break;
	}
	set_err(err, errlen, "%s: %s", what, msg);
	return st;
}

/* ---------------------------------------------------------------- values */

/* Exactly n decimal digits at s into *out; returns 0 or -1. */
static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Parses an ISO 8601 time ("2026-11-26T21:55:39.123Z", also with a space
 * for 'T', without seconds or fraction, or with an offset) and writes
 * the canonical UTC form with milliseconds.  Canonical text sorts in
 * time order, which the range queries rely on.  Returns 0 or -1. */
static int time_normalize(const char *s, char out[32])
{
	int y, mo, d, h, mi, sec = 0, ms = 0;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	s += 10;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	if (digits(s + 1, 2, &h) || s[3] != ':' || digits(s + 4, 2, &mi))
		return -1;
	s += 6;
	if (*s == ':') {
		if (digits(s + 1, 2, &sec))
			return -1;
		s += 3;
		if (*s == '.' || *s == ',') {
			s++;
			int nd = 0;
			for (; *s >= '0' && *s <= '9'; s++, nd++)
				if (nd < 3)
					ms = ms * 10 + (*s - '0');
			if (nd == 0)
				return -1;
			for (; nd < 3; nd++)
				ms *= 10;
		}
	}
	long off_min = 0;
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1, oh, om = 0;
		if (digits(s + 1, 2, &oh))
			return -1;
		s += 3;
		if (*s == ':')
			s++;
		if (*s) {
			if (digits(s, 2, &om))
				return -1;
			s += 2;
		}
		if (oh > 23 || om > 59)
			return -1;
		off_min = sign * (oh * 60L + om);
	}
	if (*s)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	struct tm tm = {.tm_year = y - 1900,
	                .tm_mon = mo - 1,
	                .tm_mday = d,
	                .tm_hour = h,
	                .tm_min = mi,
	                .tm_sec = sec};
	time_t t = timegm(&tm);
	if (tm.tm_mday != d && sec < 60) /* 31 April, 30 February */
		return -1;
	t -= off_min * 60;
	struct tm u;
	if (!gmtime_r(&t, &u) || u.tm_year + 1900 < 0 || u.tm_year + 1900 > 9999)
		return -1;
	char buf[64];
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", u.tm_year + 1900,
	         u.tm_mon + 1, u.tm_mday, u.tm_hour, u.tm_min, u.tm_sec, ms);
	snprintf(out, 32, "%.31s", buf);
	return 0;
}

static int parse_real(sq_conn *c, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod_l(s, &end, c->c_locale);
	if (end == s || *end || !isfinite(v) || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

/* Shortest of 15 or 17 digits that reads back the same, '.' always, no
 * trailing ".0" (PostgreSQL prints 3, not 3.0). */
static void format_real(sq_conn *c, double v, char *buf, size_t len)
{
	double back;
	sqlite3_snprintf((int)len, buf, "%!.15g", v);
	if (parse_real(c, buf, &back) != 0 || back != v)
		sqlite3_snprintf((int)len, buf, "%!.17g", v);
	char *dot = strstr(buf, ".0");
	if (dot && (dot[2] == '\0' || dot[2] == 'e'))
		memmove(dot, dot + 2, strlen(dot + 2) + 1);
}

/* Binds value (text in its canonical form) as the column's type. */
static fo_store_status bind_value(sq_conn *c, sqlite3_stmt *st, int idx, fo_field_type type,
                                  const char *name, const char *value, char *err, size_t errlen)
{
	int rc = SQLITE_OK;
	if (!value)
		return sqlite3_bind_null(st, idx) == SQLITE_OK ? FO_STORE_OK : FO_STORE_ERR;
	switch (type) {
	case FO_FT_INT: {
		char *end;
		errno = 0;
		long long v = strtoll(value, &end, 10);
		if (end == value || *end || errno == ERANGE) {
			set_err(err, errlen, "%s: '%s' is not an integer", name, value);
			return FO_STORE_INVALID;
		}
		rc = sqlite3_bind_int64(st, idx, v);
		break;
	}
	case FO_FT_REAL: {
		double v;
		if (parse_real(c, value, &v) != 0) {
			set_err(err, errlen, "%s: '%s' is not a number", name, value);
			return FO_STORE_INVALID;
		}
		rc = sqlite3_bind_double(st, idx, v);
		break;
	}
	case FO_FT_BOOL: {
		int v;
		if (strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0)
			v = 1;
		else if (strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0)
			v = 0;
		else {
			set_err(err, errlen, "%s: '%s' is not true or false", name, value);
			return FO_STORE_INVALID;
		}
		rc = sqlite3_bind_int(st, idx, v);
		break;
	}
	case FO_FT_TIME: {
		char canon[32];
		if (time_normalize(value, canon) != 0) {
			set_err(err, errlen,
			        "%s: '%s' is not an ISO 8601 time (2026-11-26T21:55:39.123Z)", name,
			        value);
			return FO_STORE_INVALID;
		}
		rc = sqlite3_bind_text(st, idx, canon, -1, SQLITE_TRANSIENT);
		break;
	}
	case FO_FT_TEXT:
	case FO_FT_ID:
	case FO_FT_JSON: /* checked and compacted by json() in the statement */
		rc = sqlite3_bind_text(st, idx, value, -1, SQLITE_STATIC);
		break;
	}
	if (rc != SQLITE_OK)
		return sq_fail(c, rc, name, err, errlen);
	return FO_STORE_OK;
}

/* The column's value in canonical text form; NULL for NULL.  buf holds
 * numbers; text is borrowed from the statement until the next step. */
static const char *column_text(sq_conn *c, sqlite3_stmt *st, int col, fo_field_type type, char *buf,
                               size_t len)
{
	int ct = sqlite3_column_type(st, col);
	if (ct == SQLITE_NULL)
		return NULL;
	if (type == FO_FT_INT && ct == SQLITE_INTEGER) {
		snprintf(buf, len, "%lld", (long long)sqlite3_column_int64(st, col));
		return buf;
	}
	if (type == FO_FT_REAL && (ct == SQLITE_INTEGER || ct == SQLITE_FLOAT)) {
		format_real(c, sqlite3_column_double(st, col), buf, len);
		return buf;
	}
	if (type == FO_FT_BOOL && (ct == SQLITE_INTEGER || ct == SQLITE_FLOAT))
		return sqlite3_column_int64(st, col) ? "true" : "false";
	return (const char *)sqlite3_column_text(st, col);
}

static fo_field_type field_type(const fo_table_def *t, size_t i)
{
	return i < NIMPLICIT ? implicit_type[i] : t->fields[i - NIMPLICIT].type;
}

static const char *field_name(const fo_table_def *t, size_t i)
{
	return i < NIMPLICIT ? implicit[i] : t->fields[i - NIMPLICIT].name;
}

/* Index of a field in implicit-then-declared order, or -1. */
static long field_index(const fo_table_def *t, const char *name)
{
	for (size_t i = 0; i < NIMPLICIT + t->nfields; i++)
		if (strcmp(field_name(t, i), name) == 0)
			return (long)i;
	return -1;
}

/* Fills r from a row holding every column in field order. */
static void read_row(sq_conn *c, sqlite3_stmt *st, const fo_table_def *t, fo_record *r)
{
	char buf[64];
	for (size_t i = 0; i < NIMPLICIT + t->nfields; i++)
		fo_record_set(r, field_name(t, i),
		              column_text(c, st, (int)i, field_type(t, i), buf, sizeof buf));
}

/* ---------------------------------------------------------------- statements */

static void done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void qualified(const fo_table_def *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%s", t->schema, t->name);
}

static sqlite3_stmt *prepare(sq_conn *c, const char *sql, const char *what, char *err,
                             size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		if (strstr(sqlite3_errmsg(c->db), "no such table"))
			set_err(err, errlen, "%s: %s (run fleetops db migrate)", what,
			        sqlite3_errmsg(c->db));
		else
			set_err(err, errlen, "%s: %s", what, sqlite3_errmsg(c->db));
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* A statement looked up by its SQL text, prepared on first use. */
sqlite3_stmt *sq_adhoc(sq_conn *c, const char *sql, const char *what, char *err, size_t errlen)
{
	for (size_t i = 0; i < c->nadhoc; i++)
		if (strcmp(c->adhoc[i].sql, sql) == 0)
			return c->adhoc[i].st;
	sqlite3_stmt *st = prepare(c, sql, what, err, errlen);
	if (!st)
		return NULL;
	size_t slot;
	if (c->nadhoc < ADHOC_MAX) {
		slot = c->nadhoc++;
	} else {
		slot = c->evict;
		c->evict = (c->evict + 1) % ADHOC_MAX;
		sqlite3_finalize(c->adhoc[slot].st);
		free(c->adhoc[slot].sql);
	}
	c->adhoc[slot].sql = fo_strdup(sql);
	c->adhoc[slot].st = st;
	return st;
}

static long table_index(sq_conn *c, const fo_table_def *t)
{
	/* a table registered after this connection opened (another core of
	 * the process loaded a plugin) */
	size_t now = fo_store_table_count();
	if (now > c->ntables) {
		if (!(c->ops = realloc(c->ops, now * OP_COUNT * sizeof *c->ops)))
			abort();
		memset(c->ops + c->ntables * OP_COUNT, 0,
		       (now - c->ntables) * OP_COUNT * sizeof *c->ops);
		c->ntables = now;
	}
	for (size_t i = 0; i < c->ntables; i++) {
		const fo_table_def *d = fo_store_table_at(i);
		if (d == t || (strcmp(d->schema, t->schema) == 0 && strcmp(d->name, t->name) == 0))
			return d->nfields == t->nfields ? (long)i : -1;
	}
	return -1;
}

/* Appends "col","col",... */
static void put_columns(FILE *f, const fo_table_def *t)
{
	for (size_t i = 0; i < NIMPLICIT + t->nfields; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", field_name(t, i));
}

static void build_op_sql(FILE *f, const fo_table_def *t, int op)
{
	switch (op) {
	case OP_INSERT:
		fprintf(f, "INSERT INTO \"%s_%s\" (", t->schema, t->name);
		put_columns(f, t);
		fputs(") VALUES (", f);
		for (size_t i = 0; i < NIMPLICIT + t->nfields; i++)
			fprintf(f, field_type(t, i) == FO_FT_JSON ? "%sjson(?)" : "%s?",
			        i ? "," : "");
		fputs(") RETURNING ", f);
		put_columns(f, t);
		break;
	case OP_GET:
		fputs("SELECT ", f);
		put_columns(f, t);
		fprintf(f, " FROM \"%s_%s\" WHERE \"id\" = ?", t->schema, t->name);
		break;
	case OP_UPDATE:
		/* id, tenant_id, created_at never change; version is counted here */
		fprintf(f, "UPDATE \"%s_%s\" SET ", t->schema, t->name);
		for (size_t i = 0; i < t->nfields; i++)
			fprintf(f,
			        t->fields[i].type == FO_FT_JSON ? "\"%s\" = json(?), "
			                                        : "\"%s\" = ?, ",
			        t->fields[i].name);
		fputs("\"updated_at\" = ?, \"updated_by\" = ?, \"version\" = \"version\" + 1 "
		      "WHERE \"id\" = ? AND \"version\" = ? RETURNING ",
		      f);
		put_columns(f, t);
		break;
	case OP_DELETE:
		fprintf(f, "DELETE FROM \"%s_%s\" WHERE \"id\" = ? AND \"version\" = ?", t->schema,
		        t->name);
		break;
	case OP_VERSION:
		fprintf(f, "SELECT \"version\" FROM \"%s_%s\" WHERE \"id\" = ?", t->schema,
		        t->name);
		break;
	}
}

/* A report being written; abort only when out of memory. */
static FILE *memstream(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	if (!f)
		abort();
	return f;
}

static sqlite3_stmt *op_stmt(sq_conn *c, const fo_table_def *t, int op, char *err, size_t errlen)
{
	char what[96];
	qualified(t, what, sizeof what);
	long ti = table_index(c, t);
	if (ti < 0) {
		set_err(err, errlen, "%s: not a table of the store", what);
		return NULL;
	}
	sqlite3_stmt **slot = &c->ops[(size_t)ti * OP_COUNT + (size_t)op];
	if (*slot)
		return *slot;
	char *sql = NULL;
	size_t len = 0;
	FILE *f = memstream(&sql, &len);
	build_op_sql(f, t, op);
	fclose(f);
	*slot = prepare(c, sql, what, err, errlen);
	free(sql);
	return *slot;
}

/* Runs a statement to its end; a row, if any, is read into r. */
static fo_store_status run_returning(sq_conn *c, sqlite3_stmt *st, const fo_table_def *t,
                                     fo_record *r, bool *got, const char *what, char *err,
                                     size_t errlen)
{
	int rc;
	*got = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!*got && r)
			read_row(c, st, t, r);
		*got = true;
	}
	fo_store_status s = rc == SQLITE_DONE ? FO_STORE_OK : sq_fail(c, rc, what, err, errlen);
	done(st);
	return s;
}

/* After a refused update or delete: was the id missing or the version
 * stale? */
static fo_store_status why_not(sq_conn *c, const fo_table_def *t, const char *id,
                               long long expected, char *err, size_t errlen)
{
	char what[96];
	qualified(t, what, sizeof what);
	sqlite3_stmt *st = op_stmt(c, t, OP_VERSION, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	fo_store_status s;
	if (rc == SQLITE_ROW) {
		set_err(err, errlen,
		        "%s %s: changed by somebody else (version %lld, you read %lld); read it "
		        "again",
		        what, id, (long long)sqlite3_column_int64(st, 0), expected);
		s = FO_STORE_CONFLICT;
	} else if (rc == SQLITE_DONE) {
		set_err(err, errlen, "%s %s: no such record", what, id);
		s = FO_STORE_NOTFOUND;
	} else {
		s = sq_fail(c, rc, what, err, errlen);
	}
	done(st);
	return s;
}

/* ---------------------------------------------------------------- records */

static fo_store_status sq_insert(void *conn, fo_record *r, char *err, size_t errlen)
{
	sq_conn *c = conn;
	const fo_table_def *t = fo_record_table(r);
	char what[96];
	qualified(t, what, sizeof what);
	sqlite3_stmt *st = op_stmt(c, t, OP_INSERT, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	for (size_t i = 0; i < NIMPLICIT + t->nfields; i++) {
		fo_store_status s =
		    bind_value(c, st, (int)i + 1, field_type(t, i), field_name(t, i),
		               fo_record_get(r, field_name(t, i)), err, errlen);
		if (s != FO_STORE_OK) {
			done(st);
			return s;
		}
	}
	bool got;
	return run_returning(c, st, t, r, &got, what, err, errlen);
}

static fo_store_status sq_get(void *conn, const fo_table_def *t, const char *id, fo_record **out,
                              char *err, size_t errlen)
{
	sq_conn *c = conn;
	char what[96];
	qualified(t, what, sizeof what);
	*out = NULL;
	sqlite3_stmt *st = op_stmt(c, t, OP_GET, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	fo_record *r = fo_record_new(t);
	bool got;
	fo_store_status s = run_returning(c, st, t, r, &got, what, err, errlen);
	if (s == FO_STORE_OK && !got) {
		set_err(err, errlen, "%s %s: no such record", what, id);
		s = FO_STORE_NOTFOUND;
	}
	if (s != FO_STORE_OK) {
		fo_record_free(r);
		return s;
	}
	*out = r;
	return FO_STORE_OK;
}

static fo_store_status sq_update(void *conn, fo_record *r, char *err, size_t errlen)
{
	sq_conn *c = conn;
	const fo_table_def *t = fo_record_table(r);
	char what[96];
	qualified(t, what, sizeof what);
	const char *id = fo_record_id(r);
	if (!id) {
		set_err(err, errlen, "%s: update needs the record's id", what);
		return FO_STORE_INVALID;
	}
	sqlite3_stmt *st = op_stmt(c, t, OP_UPDATE, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	int p = 1;
	fo_store_status s = FO_STORE_OK;
	for (size_t i = 0; i < t->nfields && s == FO_STORE_OK; i++)
		s = bind_value(c, st, p++, t->fields[i].type, t->fields[i].name,
		               fo_record_get(r, t->fields[i].name), err, errlen);
	if (s == FO_STORE_OK)
		s = bind_value(c, st, p++, FO_FT_TIME, "updated_at", fo_record_get(r, "updated_at"),
		               err, errlen);
	if (s == FO_STORE_OK)
		s = bind_value(c, st, p++, FO_FT_TEXT, "updated_by", fo_record_get(r, "updated_by"),
		               err, errlen);
	if (s != FO_STORE_OK) {
		done(st);
		return s;
	}
	long long expected = fo_record_version(r);
	sqlite3_bind_text(st, p++, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, p++, expected);
	/* On success r becomes the stored row; read into a copy first so a
	 * refused update leaves the caller's record as it was. */
	fo_record *stored = fo_record_new(t);
	bool got;
	s = run_returning(c, st, t, stored, &got, what, err, errlen);
	if (s == FO_STORE_OK && got)
		for (size_t i = 0; i < NIMPLICIT + t->nfields; i++)
			fo_record_set(r, field_name(t, i), fo_record_get(stored, field_name(t, i)));
	fo_record_free(stored);
	if (s == FO_STORE_OK && !got)
		return why_not(c, t, id, expected, err, errlen);
	return s;
}

static fo_store_status sq_remove(void *conn, const fo_table_def *t, const char *id,
                                 long long version, char *err, size_t errlen)
{
	sq_conn *c = conn;
	char what[96];
	qualified(t, what, sizeof what);
	sqlite3_stmt *st = op_stmt(c, t, OP_DELETE, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, version);
	bool got;
	fo_store_status s = run_returning(c, st, t, NULL, &got, what, err, errlen);
	if (s != FO_STORE_OK)
		return s;
	if (sqlite3_changes(c->db) == 0)
		return why_not(c, t, id, version, err, errlen);
	return FO_STORE_OK;
}

static fo_store_status sq_list(void *conn, const fo_store_query *q, fo_record ***out, size_t *n,
                               char *err, size_t errlen)
{
	sq_conn *c = conn;
	*out = NULL;
	*n = 0;
	const fo_table_def *t = fo_store_table(q->table);
	if (!t) {
		set_err(err, errlen, "%s: no such table", q->table ? q->table : "(null)");
		return FO_STORE_INVALID;
	}
	long fi = -1;
	if (q->field) {
		fi = field_index(t, q->field);
		if (fi < 0) {
			set_err(err, errlen, "%s: no field %s", q->table, q->field);
			return FO_STORE_INVALID;
		}
	}
	const char *tf = t->time_field ? t->time_field : "created_at";
	char *sql = NULL;
	size_t len = 0;
	FILE *f = memstream(&sql, &len);
	fputs("SELECT ", f);
	put_columns(f, t);
	fprintf(f, " FROM \"%s_%s\" WHERE 1", t->schema, t->name);
	if (q->tenant_id)
		fputs(" AND \"tenant_id\" = ?", f);
	if (q->from)
		fprintf(f, " AND \"%s\" >= ?", tf);
	if (q->to)
		fprintf(f, " AND \"%s\" < ?", tf);
	if (fi >= 0)
		fprintf(f, q->equals ? " AND \"%s\" = ?" : " AND \"%s\" IS NULL",
		        field_name(t, (size_t)fi));
	fprintf(f, " ORDER BY \"%s\" ASC NULLS LAST, \"id\"", tf);
	if (q->limit)
		fputs(" LIMIT ?", f);
	fclose(f);
	sqlite3_stmt *st = sq_adhoc(c, sql, q->table, err, errlen);
	free(sql);
	if (!st)
		return FO_STORE_ERR;
	int p = 1;
	fo_store_status s = FO_STORE_OK;
	fo_field_type tft = FO_FT_TIME;
	if (q->tenant_id)
		s = bind_value(c, st, p++, FO_FT_TEXT, "tenant_id", q->tenant_id, err, errlen);
	if (s == FO_STORE_OK && q->from)
		s = bind_value(c, st, p++, tft, "from", q->from, err, errlen);
	if (s == FO_STORE_OK && q->to)
		s = bind_value(c, st, p++, tft, "to", q->to, err, errlen);
	if (s == FO_STORE_OK && fi >= 0 && q->equals)
		s = bind_value(c, st, p++, field_type(t, (size_t)fi), q->field, q->equals, err,
		               errlen);
	if (s == FO_STORE_OK && q->limit)
		sqlite3_bind_int64(st, p++, (sqlite3_int64)q->limit);
	if (s != FO_STORE_OK) {
		done(st);
		return s;
	}
	fo_record **v = NULL;
	size_t nv = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fo_record *r = fo_record_new(t);
		read_row(c, st, t, r);
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 16);
		v[nv++] = r;
	}
	if (rc != SQLITE_DONE) {
		s = sq_fail(c, rc, q->table, err, errlen);
		for (size_t i = 0; i < nv; i++)
			fo_record_free(v[i]);
		free(v);
		done(st);
		return s;
	}
	done(st);
	*out = v;
	*n = nv;
	return FO_STORE_OK;
}

/* ---------------------------------------------------------------- samples */

fo_store_status sq_exec(sq_conn *c, const char *sql, const char *what, char *err, size_t errlen)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? FO_STORE_OK : sq_fail(c, rc, what, err, errlen);
}

void sq_rollback(sq_conn *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

static fo_store_status sq_append_samples(void *conn, const fo_sample *v, size_t n, char *err,
                                         size_t errlen)
{
	sq_conn *c = conn;
	if (n == 0)
		return FO_STORE_OK;
	sqlite3_stmt *st = sq_adhoc(c,
	                            "INSERT INTO \"analytics_samples\" "
	                            "(\"tenant_id\", \"series\", \"subject\", \"ts\", \"value\") "
	                            "VALUES (?, ?, ?, ?, ?)",
	                            "analytics.samples", err, errlen);
	if (!st)
		return FO_STORE_ERR;
	fo_store_status s = sq_exec(c, "BEGIN IMMEDIATE", "analytics.samples", err, errlen);
	if (s != FO_STORE_OK)
		return s;
	for (size_t i = 0; i < n && s == FO_STORE_OK; i++) {
		const fo_sample *x = &v[i];
		char ts[32], what[64];
		snprintf(what, sizeof what, "analytics.samples, sample %zu", i);
		if (time_normalize(x->ts, ts) != 0) {
			set_err(err, errlen, "%s: ts '%.31s' is not an ISO 8601 time", what, x->ts);
			s = FO_STORE_INVALID;
			break;
		}
		if (!isfinite(x->value)) {
			set_err(err, errlen, "%s: value is not a finite number", what);
			s = FO_STORE_INVALID;
			break;
		}
		if (x->tenant_id[0])
			sqlite3_bind_text(st, 1, x->tenant_id, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 1);
		sqlite3_bind_text(st, 2, x->series, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, x->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, ts, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 5, x->value);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE)
			s = sq_fail(c, rc, what, err, errlen);
		sqlite3_reset(st);
	}
	sqlite3_clear_bindings(st);
	if (s == FO_STORE_OK)
		s = sq_exec(c, "COMMIT", "analytics.samples", err, errlen);
	if (s != FO_STORE_OK)
		sq_rollback(c);
	return s;
}

static void copy_text(char *dst, size_t len, const unsigned char *src)
{
	snprintf(dst, len, "%s", src ? (const char *)src : "");
}

static fo_store_status sq_query_samples(void *conn, const char *tenant_id, const char *series,
                                        const char *subject, const char *from, const char *to,
                                        fo_sample **out, size_t *n, char *err, size_t errlen)
{
	sq_conn *c = conn;
	*out = NULL;
	*n = 0;
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT \"tenant_id\", \"series\", \"subject\", \"ts\", \"value\" "
	         "FROM \"analytics_samples\" WHERE 1%s%s%s%s%s ORDER BY \"ts\", \"subject\", "
	         "\"series\", rowid",
	         tenant_id ? " AND \"tenant_id\" = ?" : "", series ? " AND \"series\" = ?" : "",
	         subject ? " AND \"subject\" = ?" : "", from ? " AND \"ts\" >= ?" : "",
	         to ? " AND \"ts\" < ?" : "");
	sqlite3_stmt *st = sq_adhoc(c, sql, "analytics.samples", err, errlen);
	if (!st)
		return FO_STORE_ERR;
	int p = 1;
	fo_store_status s = FO_STORE_OK;
	if (tenant_id)
		s = bind_value(c, st, p++, FO_FT_TEXT, "tenant_id", tenant_id, err, errlen);
	if (s == FO_STORE_OK && series)
		s = bind_value(c, st, p++, FO_FT_TEXT, "series", series, err, errlen);
	if (s == FO_STORE_OK && subject)
		s = bind_value(c, st, p++, FO_FT_TEXT, "subject", subject, err, errlen);
	if (s == FO_STORE_OK && from)
		s = bind_value(c, st, p++, FO_FT_TIME, "from", from, err, errlen);
	if (s == FO_STORE_OK && to)
		s = bind_value(c, st, p++, FO_FT_TIME, "to", to, err, errlen);
	if (s != FO_STORE_OK) {
		done(st);
		return s;
	}
	fo_sample *v = NULL;
	size_t nv = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 256);
		fo_sample *x = &v[nv++];
		copy_text(x->tenant_id, sizeof x->tenant_id, sqlite3_column_text(st, 0));
		copy_text(x->series, sizeof x->series, sqlite3_column_text(st, 1));
		copy_text(x->subject, sizeof x->subject, sqlite3_column_text(st, 2));
		copy_text(x->ts, sizeof x->ts, sqlite3_column_text(st, 3));
		x->value = sqlite3_column_double(st, 4);
	}
	if (rc != SQLITE_DONE) {
		s = sq_fail(c, rc, "analytics.samples", err, errlen);
		free(v);
		done(st);
		return s;
	}
	done(st);
	*out = v;
	*n = nv;
	return FO_STORE_OK;
}

/* ---------------------------------------------------------------- audit */

/* The audit triggers name a table either "schema.table" or by its SQLite
 * name "schema_table"; both are matched, and rows report the first form. */
static fo_store_status sq_audit(void *conn, const char *table, const char *id, fo_audit_row **out,
                                size_t *n, char *err, size_t errlen)
{
	sq_conn *c = conn;
	*out = NULL;
	*n = 0;
	char under[96] = "";
	if (table) {
		const fo_table_def *t = fo_store_table(table);
		if (!t) {
			set_err(err, errlen, "%s: no such table", table);
			return FO_STORE_INVALID;
		}
		snprintf(under, sizeof under, "%s_%s", t->schema, t->name);
	}
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT \"table_name\", \"record_id\", \"op\", \"actor\", \"at\", \"old_row\", "
	         "\"new_row\" FROM \"audit_log\" WHERE 1%s%s ORDER BY \"id\"",
	         table ? " AND \"table_name\" IN (?, ?)" : "", id ? " AND \"record_id\" = ?" : "");
	sqlite3_stmt *st = sq_adhoc(c, sql, "audit.log", err, errlen);
	if (!st)
		return FO_STORE_ERR;
	int p = 1;
	if (table) {
		sqlite3_bind_text(st, p++, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, p++, under, -1, SQLITE_STATIC);
	}
	if (id)
		sqlite3_bind_text(st, p++, id, -1, SQLITE_STATIC);
	fo_audit_row *v = NULL;
	size_t nv = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 16);
		fo_audit_row *a = &v[nv++];
		memset(a, 0, sizeof *a);
		const char *tn = (const char *)sqlite3_column_text(st, 0);
		if (table)
			snprintf(a->table, sizeof a->table, "%s", table);
		else
			copy_text(a->table, sizeof a->table, (const unsigned char *)tn);
		copy_text(a->record_id, sizeof a->record_id, sqlite3_column_text(st, 1));
		copy_text(a->op, sizeof a->op, sqlite3_column_text(st, 2));
		copy_text(a->actor, sizeof a->actor, sqlite3_column_text(st, 3));
		copy_text(a->at, sizeof a->at, sqlite3_column_text(st, 4));
		a->old_row = fo_strdup((const char *)sqlite3_column_text(st, 5));
		a->new_row = fo_strdup((const char *)sqlite3_column_text(st, 6));
	}
	fo_store_status s = FO_STORE_OK;
	if (rc != SQLITE_DONE) {
		s = sq_fail(c, rc, "audit.log", err, errlen);
		for (size_t i = 0; i < nv; i++) {
			free(v[i].old_row);
			free(v[i].new_row);
		}
		free(v);
		v = NULL;
		nv = 0;
	}
	done(st);
	*out = v;
	*n = nv;
	return s;
}

/* ---------------------------------------------------------------- migrations */

typedef struct {
	int version;
	char name[128];
	char checksum[17];
	char applied_at[32];
} sq_applied;

static fo_store_status ensure_migrations_table(sq_conn *c, char *err, size_t errlen)
{
	return sq_exec(c,
	               "CREATE TABLE IF NOT EXISTS fleetops_migrations ("
	               "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	               "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
	               "fleetops_migrations", err, errlen);
}

/* The recorded migrations, by version; *out OWNED. */
static fo_store_status load_applied(sq_conn *c, sq_applied **out, size_t *n, char *err,
                                    size_t errlen)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = prepare(c,
	                           "SELECT version, name, checksum, applied_at FROM "
	                           "fleetops_migrations ORDER BY version",
	                           "fleetops_migrations", err, errlen);
	if (!st)
		return FO_STORE_ERR;
	sq_applied *v = NULL;
	size_t nv = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 16);
		sq_applied *a = &v[nv++];
		a->version = sqlite3_column_int(st, 0);
		copy_text(a->name, sizeof a->name, sqlite3_column_text(st, 1));
		copy_text(a->checksum, sizeof a->checksum, sqlite3_column_text(st, 2));
		copy_text(a->applied_at, sizeof a->applied_at, sqlite3_column_text(st, 3));
	}
	fo_store_status s =
	    rc == SQLITE_DONE ? FO_STORE_OK : sq_fail(c, rc, "fleetops_migrations", err, errlen);
	sqlite3_finalize(st);
	if (s != FO_STORE_OK) {
		free(v);
		return s;
	}
	*out = v;
	*n = nv;
	return FO_STORE_OK;
}

static const sq_applied *find_applied(const sq_applied *v, size_t n, int version)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].version == version)
			return &v[i];
	return NULL;
}

static bool table_exists(sq_conn *c, const char *name)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db,
	                       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
	                       &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	bool yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

/* Applies one file in one transaction with its record; a file another
 * process applied meanwhile is skipped.  *applied tells which. */
static fo_store_status apply_one(sq_conn *c, const fo_migration *m, bool *applied, char *err,
                                 size_t errlen)
{
	*applied = false;
	char what[160];
	snprintf(what, sizeof what, "%s.sql", m->name);
	char *text = fo_file_read(m->path, NULL, err, errlen);
	if (!text)
		return FO_STORE_ERR;
	fo_store_status s = sq_exec(c, "BEGIN IMMEDIATE", what, err, errlen);
	if (s != FO_STORE_OK) {
		free(text);
		return s;
	}
	sqlite3_stmt *st = prepare(c, "SELECT 1 FROM fleetops_migrations WHERE version = ?",
	                           "fleetops_migrations", err, errlen);
	bool done_already = false;
	if (!st) {
		s = FO_STORE_ERR;
	} else {
		sqlite3_bind_int(st, 1, m->version);
		done_already = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (s == FO_STORE_OK && !done_already) {
		char *msg = NULL;
		int rc = sqlite3_exec(c->db, text, NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			set_err(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errstr(rc));
			s = FO_STORE_ERR;
		}
		sqlite3_free(msg);
	}
	if (s == FO_STORE_OK && !done_already) {
		st =
		    prepare(c,
		            "INSERT INTO fleetops_migrations (version, name, checksum, applied_at) "
		            "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
		            "fleetops_migrations", err, errlen);
		if (!st) {
			s = FO_STORE_ERR;
		} else {
			sqlite3_bind_int(st, 1, m->version);
			sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, m->checksum, -1, SQLITE_STATIC);
			int rc = sqlite3_step(st);
			if (rc != SQLITE_DONE)
				s = sq_fail(c, rc, what, err, errlen);
			sqlite3_finalize(st);
		}
	}
	free(text);
	if (s == FO_STORE_OK)
		s = sq_exec(c, "COMMIT", what, err, errlen);
	if (s != FO_STORE_OK) {
		sq_rollback(c);
		return s;
	}
	*applied = !done_already;
	return FO_STORE_OK;
}

/* ---------------------------------------------------------------- the declared schema
 *
 * The tables are generated from their declarations (store_schema.c) at
 * every migrate, in one transaction before the numbered files of
 * sql/sqlite/ (which keep what is not a declaration, such as the local
 * tenant row):
 *   - a table that is not there is created with its keys and checks;
 *   - a declared column an existing table lacks is added (optional columns
 *     only: SQLite adds no NOT NULL column without a default; a constraint
 *     changed on an existing table needs a numbered migration that rebuilds
 *     it);
 *   - missing indexes are created;
 *   - audit triggers are created, or replaced when their text differs from
 *     the generated one (a column added), and dropped from a table no
 *     longer audited;
 *   - the table's extra SQL runs (it is idempotent).
 * A database made by the hand-written migrations 001..010 has the same
 * tables, indexes and trigger text, so it is left as it is; its records of
 * those files stay in fleetops_migrations and `db status` names them as
 * replaced by the declarations.  With apply false nothing is written: the
 * changes are counted (db status). */

typedef struct {
	size_t tables, columns, indexes, triggers, dropped;
} sq_changes;

static size_t changes_total(const sq_changes *ch)
{
	return ch->tables + ch->columns + ch->indexes + ch->triggers + ch->dropped;
}

/* The text sqlite_master keeps for an object, "" when there is none. */
static fo_store_status master_sql(sq_conn *c, const char *type, const char *name, char **out,
                                  char *err, size_t errlen)
{
	*out = NULL;
	sqlite3_stmt *st = sq_adhoc(c, "SELECT sql FROM sqlite_master WHERE type = ? AND name = ?",
	                            "sqlite_master", err, errlen);
	if (!st)
		return FO_STORE_ERR;
	sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = fo_strdup((const char *)sqlite3_column_text(st, 0));
	done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_fail(c, rc, "sqlite_master", err, errlen);
	return FO_STORE_OK;
}

static fo_store_status run_sql(sq_conn *c, const char *sql, const char *what, char *err,
                               size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? FO_STORE_UNAVAILABLE : FO_STORE_ERR;
	}
	return FO_STORE_OK;
}

/* Adds the declared columns table t lacks. */
static fo_store_status sync_columns(sq_conn *c, const fo_table_def *t, bool apply, FILE *log,
                                    sq_changes *ch, char *err, size_t errlen)
{
	char tname[128], sql[200];
	snprintf(tname, sizeof tname, "%s_%s", t->schema, t->name);
	snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", tname);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return sq_fail(c, sqlite3_errcode(c->db), tname, err, errlen);
	bool *have = calloc(t->nfields + 1, sizeof *have);
	if (!have)
		abort();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (size_t i = 0; name && i < t->nfields; i++)
			if (strcmp(t->fields[i].name, name) == 0)
				have[i] = true;
	}
	sqlite3_finalize(st);
	fo_store_status s = rc == SQLITE_DONE ? FO_STORE_OK : sq_fail(c, rc, tname, err, errlen);
	for (size_t i = 0; s == FO_STORE_OK && i < t->nfields; i++) {
		const fo_field_def *f = &t->fields[i];
		if (have[i])
			continue;
		if (f->required) {
			set_err(err, errlen,
			        "%s.%s: the table exists without its required column %s; SQLite "
			        "cannot add a NOT NULL column to it (a numbered migration in "
			        "sql/sqlite/ must rebuild the table)",
			        t->schema, t->name, f->name);
			s = FO_STORE_ERR;
			break;
		}
		fprintf(log, "add column %s.%s.%s\n", t->schema, t->name, f->name);
		ch->columns++;
		if (!apply)
			continue;
		char *def = fo_sqlite_column(t, f), *alter = NULL, parent[128] = "";
		/* SQLite cannot add the table's (tenant_id, col) key to a table
		 * that exists: the column references the parent's id alone */
		if (f->ref) {
			snprintf(parent, sizeof parent, " REFERENCES %s (id)", f->ref);
			*strchr(parent + 12, '.') = '_';
		}
		if (asprintf(&alter, "ALTER TABLE %s ADD COLUMN %s%s", tname, def, parent) < 0)
			abort();
		s = run_sql(c, alter, tname, err, errlen);
		free(alter);
		free(def);
	}
	free(have);
	return s;
}

static fo_store_status sync_objects(sq_conn *c, const fo_table_def *t, bool exists, bool apply,
                                    FILE *log, sq_changes *ch, char *err, size_t errlen)
{
	fo_sql_object *ix = NULL, *tr = NULL;
	size_t nix = fo_sqlite_indexes(t, &ix), ntr = fo_sqlite_audit_triggers(t, &tr);
	fo_store_status s = FO_STORE_OK;
	for (size_t i = 0; s == FO_STORE_OK && i < nix; i++) {
		char *have = NULL;
		if (exists &&
		    (s = master_sql(c, "index", ix[i].name, &have, err, errlen)) != FO_STORE_OK)
			break;
		if (!have) {
			ch->indexes++;
			if (apply)
				s = run_sql(c, ix[i].sql, ix[i].name, err, errlen);
		}
		free(have);
	}
	for (size_t i = 0; s == FO_STORE_OK && i < ntr; i++) {
		char *have = NULL;
		if (exists &&
		    (s = master_sql(c, "trigger", tr[i].name, &have, err, errlen)) != FO_STORE_OK)
			break;
		if (have && strcmp(have, tr[i].sql) == 0) {
			free(have);
			continue;
		}
		if (have)
			fprintf(log, "replace trigger %s (its table's columns changed)\n",
			        tr[i].name);
		ch->triggers++;
		if (apply && have) {
			char drop[200];
			snprintf(drop, sizeof drop, "DROP TRIGGER %s", tr[i].name);
			s = run_sql(c, drop, tr[i].name, err, errlen);
		}
		if (apply && s == FO_STORE_OK)
			s = run_sql(c, tr[i].sql, tr[i].name, err, errlen);
		free(have);
	}
	/* no longer audited: its old triggers go */
	static const char *const ops[] = {"insert", "update", "delete"};
	for (size_t k = 0; s == FO_STORE_OK && exists && !t->audited && k < 3; k++) {
		char name[160], *have = NULL;
		snprintf(name, sizeof name, "%s_%s_audit_%s", t->schema, t->name, ops[k]);
		if ((s = master_sql(c, "trigger", name, &have, err, errlen)) != FO_STORE_OK ||
		    !have)
			continue;
		free(have);
		fprintf(log, "drop trigger %s (table not audited)\n", name);
		ch->dropped++;
		char drop[200];
		snprintf(drop, sizeof drop, "DROP TRIGGER %s", name);
		if (apply)
			s = run_sql(c, drop, name, err, errlen);
	}
	if (s == FO_STORE_OK && apply && t->sqlite_extra) {
		char what[128];
		snprintf(what, sizeof what, "%s.%s (extra SQL)", t->schema, t->name);
		s = run_sql(c, t->sqlite_extra, what, err, errlen);
	}
	fo_sql_objects_free(ix, nix);
	fo_sql_objects_free(tr, ntr);
	return s;
}

/* Brings the database to the declared tables (apply) or counts what that
 * would change; log gets a line for each change that is not a plain
 * creation. */
static fo_store_status schema_sync(sq_conn *c, bool apply, FILE *log, sq_changes *ch, char *err,
                                   size_t errlen)
{
	memset(ch, 0, sizeof *ch);
	fo_store_status s = FO_STORE_OK;
	if (apply) {
		s = sq_exec(c, "BEGIN IMMEDIATE", "schema", err, errlen);
		if (s == FO_STORE_OK)
			s = run_sql(c, fo_sqlite_core_sql,
			            "audit_log, analytics_samples, analytics_chunks", err, errlen);
	} else {
		ch->tables += !table_exists(c, "audit_log");
		ch->tables += !table_exists(c, "analytics_chunks");
	}
	for (size_t i = 0; s == FO_STORE_OK && i < fo_store_table_count(); i++) {
		const fo_table_def *t = fo_store_table_at(i);
		char tname[128];
		snprintf(tname, sizeof tname, "%s_%s", t->schema, t->name);
		bool exists = table_exists(c, tname);
		if (!exists) {
			ch->tables++;
			if (apply) {
				char *sql = fo_sqlite_create_table(t);
				s = run_sql(c, sql, tname, err, errlen);
				free(sql);
			}
		} else {
			s = sync_columns(c, t, apply, log, ch, err, errlen);
		}
		if (s == FO_STORE_OK)
			s = sync_objects(c, t, exists || apply, apply, log, ch, err, errlen);
	}
	if (apply && s == FO_STORE_OK)
		s = sq_exec(c, "COMMIT", "schema", err, errlen);
	if (s != FO_STORE_OK)
		sq_rollback(c);
	return s;
}

static void put_changes(FILE *f, const sq_changes *ch, bool done_already)
{
	size_t nt = fo_store_table_count();
	if (changes_total(ch) == 0) {
		fprintf(f, "schema: %zu declared tables, up to date\n", nt);
		return;
	}
	fprintf(f,
	        "schema: %zu declared tables, %s %zu tables, %zu columns, %zu indexes, %zu "
	        "audit triggers%s\n",
	        nt, done_already ? "made" : "to make:", ch->tables, ch->columns, ch->indexes,
	        ch->triggers, done_already ? "" : " (run fleetops db migrate)");
}

/* Migrations 001..010 of the first SQLite schema: written by hand, now
 * generated from the declarations.  A database they made keeps their
 * records. */
static bool replaced_by_declarations(const char *name)
{
	static const char *const v[] = {"001_core",         "002_audit",
	                                "003_missions",     "004_resources",
	                                "005_coordination", "006_optimization",
	                                "007_analytics",    "008_performance",
	                                "009_alerts",       "010_mission_execution"};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

static char *close_report(FILE *f, char **buf)
{
	fclose(f);
	return *buf;
}

static fo_store_status sq_migrate(void *conn, const char *sql_dir, char **report, char *err,
                                  size_t errlen)
{
	sq_conn *c = conn;
	*report = NULL;
	fo_migration *files = NULL;
	size_t nfiles = 0;
	if (fo_migrations_scan(sql_dir, &files, &nfiles, err, errlen) != 0)
		return FO_STORE_ERR;
	fo_store_status s = ensure_migrations_table(c, err, errlen);
	sq_applied *done_v = NULL;
	size_t ndone = 0;
	if (s == FO_STORE_OK)
		s = load_applied(c, &done_v, &ndone, err, errlen);
	if (s != FO_STORE_OK) {
		free(files);
		return s;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = memstream(&buf, &len);
	size_t napplied = 0, npresent = 0;
	sq_changes ch;
	s = schema_sync(c, true, f, &ch, err, errlen);
	if (s == FO_STORE_OK)
		put_changes(f, &ch, true);
	for (size_t i = 0; i < nfiles && s == FO_STORE_OK; i++) {
		const fo_migration *m = &files[i];
		const sq_applied *a = find_applied(done_v, ndone, m->version);
		if (a) {
			if (strcmp(a->checksum, m->checksum) != 0)
				fprintf(
				    f,
				    "%s CHANGED since applied %s (checksum %s, file now %s); not "
				    "applied again\n",
				    m->name, a->applied_at, a->checksum, m->checksum);
			npresent++;
			continue;
		}
		bool applied;
		s = apply_one(c, m, &applied, err, errlen);
		if (s == FO_STORE_OK && applied) {
			fprintf(f, "applied %s\n", m->name);
			napplied++;
		} else if (s == FO_STORE_OK) {
			npresent++;
		}
	}
	if (s == FO_STORE_OK)
		fprintf(f, "%zu applied, %zu already present (%s)\n", napplied, npresent, sql_dir);
	else
		fprintf(f, "failed after %zu applied: %s\n", napplied, err);
	*report = close_report(f, &buf);
	free(files);
	free(done_v);
	return s;
}

static fo_store_status sq_status(void *conn, const char *sql_dir, char **report, char *err,
                                 size_t errlen)
{
	sq_conn *c = conn;
	*report = NULL;
	fo_migration *files = NULL;
	size_t nfiles = 0;
	if (fo_migrations_scan(sql_dir, &files, &nfiles, err, errlen) != 0)
		return FO_STORE_ERR;
	sq_applied *done_v = NULL;
	size_t ndone = 0;
	fo_store_status s = FO_STORE_OK;
	if (table_exists(c, "fleetops_migrations"))
		s = load_applied(c, &done_v, &ndone, err, errlen);
	if (s != FO_STORE_OK) {
		free(files);
		return s;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = memstream(&buf, &len);
	fprintf(f, "store: SQLite %s, %s\n", sqlite3_libversion(), c->path);
	sq_changes ch;
	char *plan = NULL;
	size_t plan_len = 0;
	FILE *pf = memstream(&plan, &plan_len);
	s = schema_sync(c, false, pf, &ch, err, errlen);
	fclose(pf);
	if (s != FO_STORE_OK) {
		fclose(f);
		free(buf);
		free(plan);
		free(files);
		free(done_v);
		return s;
	}
	put_changes(f, &ch, false);
	fputs(plan, f);
	free(plan);
	for (size_t i = 0; i < ndone; i++)
		if (replaced_by_declarations(done_v[i].name))
			fprintf(f, "%-40s applied %s, now generated from the declarations\n",
			        done_v[i].name, done_v[i].applied_at);
	size_t n_applied = 0, n_pending = 0, n_changed = 0, n_missing = 0;
	for (size_t i = 0; i < nfiles; i++) {
		const fo_migration *m = &files[i];
		const sq_applied *a = find_applied(done_v, ndone, m->version);
		if (!a) {
			fprintf(f, "%-40s pending\n", m->name);
			n_pending++;
		} else if (strcmp(a->checksum, m->checksum) != 0) {
			fprintf(f, "%-40s CHANGED since applied %s (checksum %s, file now %s)\n",
			        m->name, a->applied_at, a->checksum, m->checksum);
			n_changed++;
		} else {
			fprintf(f, "%-40s applied %s\n", m->name, a->applied_at);
			n_applied++;
		}
	}
	for (size_t i = 0; i < ndone; i++) {
		bool present = false;
		for (size_t j = 0; j < nfiles; j++)
			present = present || files[j].version == done_v[i].version;
		if (!present && !replaced_by_declarations(done_v[i].name)) {
			fprintf(f, "%-40s applied %s, but its file is gone\n", done_v[i].name,
			        done_v[i].applied_at);
			n_missing++;
		}
	}
	fprintf(f, "%zu applied, %zu pending, %zu changed, %zu missing (%s)\n", n_applied,
	        n_pending, n_changed, n_missing, sql_dir);
	*report = close_report(f, &buf);
	free(files);
	free(done_v);
	return FO_STORE_OK;
}

/* ---------------------------------------------------------------- open/close */

static void actor_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sq_conn *c = sqlite3_user_data(ctx);
	sqlite3_result_text(ctx, c->actor, -1, SQLITE_STATIC);
}

/* mkdir -p of path's directory. */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
	char *dir = fo_strdup(path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char keep = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			set_err(err, errlen, "cannot create %s: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = keep;
		if (!keep)
			break;
	}
	free(dir);
	return 0;
}

static void sq_close(void *conn)
{
	sq_conn *c = conn;
	if (!c)
		return;
	for (size_t i = 0; i < c->ntables * OP_COUNT; i++)
		sqlite3_finalize(c->ops[i]);
	for (size_t i = 0; i < c->nadhoc; i++) {
		sqlite3_finalize(c->adhoc[i].st);
		free(c->adhoc[i].sql);
	}
	sqlite3_finalize(c->watch);
	for (size_t i = 0; i < c->nlease; i++)
		close(c->lease[i].fd); /* the lease is free for another process */
	sqlite3_close(c->db);
	if (c->c_locale)
		freelocale(c->c_locale);
	free(c->ops);
	free(c->path);
	free(c->actor);
	free(c);
}

/* A lease among the processes sharing the file (it is on this machine):
 * flock(2) on DB-lease-NAME.lock, which the kernel releases when the
 * process ends however it ends.  An in-memory database has one process. */
static int sq_try_lease(void *conn, const char *name, char *err, size_t errlen)
{
	sq_conn *c = conn;
	for (size_t i = 0; i < c->nlease; i++)
		if (strcmp(c->lease[i].name, name) == 0)
			return 1;
	if (strcmp(c->path, ":memory:") == 0)
		return 1;
	if (c->nlease == SQ_LEASES_MAX) {
		set_err(err, errlen, "lease %s: too many leases", name);
		return -1;
	}
	char safe[64], path[PATH_MAX];
	size_t n = 0;
	for (const char *p = name; *p && n + 1 < sizeof safe; p++)
		safe[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		                           (*p >= '0' && *p <= '9') || *p == '-' || *p == '.'
		                       ? *p
		                       : '_');
	safe[n] = '\0';
	snprintf(path, sizeof path, "%s-lease-%s.lock", c->path, safe);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		set_err(err, errlen, "lease %s: %s: %s", name, path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			return 0;
		set_err(err, errlen, "lease %s: %s: %s", name, path, strerror(e));
		return -1;
	}
	snprintf(c->lease[c->nlease].name, sizeof c->lease[0].name, "%s", name);
	c->lease[c->nlease++].fd = fd;
	return 1;
}

static int pragma_text(sq_conn *c, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			copy_text(out, len, sqlite3_column_text(st, 0));
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			out[0] = '\0';
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static void *sq_open(const char *url, const char *actor, char *err, size_t errlen)
{
	const char *path = url;
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (strncmp(path, "//", 2) == 0)
		path += 2;
	if (!*path) {
		set_err(err, errlen, "%s: no file name (sqlite:PATH or sqlite::memory:)", url);
		return NULL;
	}
	bool memory = strcmp(path, ":memory:") == 0;
	if (!memory && make_parent_dirs(path, err, errlen) != 0)
		return NULL;
	sq_conn *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->path = fo_strdup(path);
	c->actor = fo_strdup(actor && *actor ? actor : "fleetops");
	c->ntables = fo_store_table_count();
	c->ops = calloc(c->ntables * OP_COUNT, sizeof *c->ops);
	c->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c->ops || !c->c_locale)
		abort();
	int rc = sqlite3_open_v2(
	    path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "%s: %s", path,
		        c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sq_close(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	char mode[32] = "";
	/* WAL: readers never block the writer.  synchronous=FULL: a commit is
	 * on disk before it is acknowledged, so it survives a crash.  Turning
	 * a new file to WAL needs it alone and SQLite does not call the busy
	 * handler for that: two connections opening a new file at once (the
	 * store's and its change feed's) would see "database is locked". */
	for (int waited_ms = 0;; waited_ms += 10) {
		rc = pragma_text(c, "PRAGMA journal_mode = WAL", mode, sizeof mode);
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) ||
		    waited_ms >= BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(10);
	}
	if (rc == SQLITE_OK && !memory && strcasecmp(mode, "wal") != 0) {
		set_err(err, errlen, "%s: cannot use WAL mode (journal mode stays %s)", path, mode);
		sq_close(c);
		return NULL;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(c->db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON",
		                  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_create_function_v2(c->db, "fo_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
		                               c, actor_fn, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "%s: %s", path, sqlite3_errmsg(c->db));
		sq_close(c);
		return NULL;
	}
	return c;
}

/* Other sessions' changes: every change of a record table appends an
 * audit_log row (the generated audit triggers, store_schema.c), so the feed is that table
 * read forward from the newest row at start, polled every 50 ms.  The
 * same file is shared by every process on the machine, and WAL lets this
 * reader run beside the writers. */
static int sq_wait_change(void *conn, int timeout_ms, char *table, char *id, char *op)
{
	sq_conn *c = conn;
	if (!c->watch_started) {
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(id), 0) FROM audit_log", -1, &st,
		                       NULL) != SQLITE_OK)
			return -1;
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			c->watch_last = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return -1;
		c->watch_started = true;
	}
	if (!c->watch &&
	    sqlite3_prepare_v2(c->db,
	                       "SELECT id, table_name, record_id, op FROM audit_log WHERE id > ?1 "
	                       "ORDER BY id LIMIT 1",
	                       -1, &c->watch, NULL) != SQLITE_OK)
		return -1;
	for (int waited = 0;; waited += 50) {
		sqlite3_reset(c->watch);
		sqlite3_bind_int64(c->watch, 1, c->watch_last);
		int rc = sqlite3_step(c->watch);
		if (rc == SQLITE_ROW) {
			c->watch_last = sqlite3_column_int64(c->watch, 0);
			copy_text(table, 64, sqlite3_column_text(c->watch, 1));
			copy_text(id, 40, sqlite3_column_text(c->watch, 2));
			copy_text(op, 8, sqlite3_column_text(c->watch, 3));
			sqlite3_reset(c->watch);
			return 1;
		}
		sqlite3_reset(c->watch);
		if (rc != SQLITE_DONE && rc != SQLITE_BUSY)
			return -1;
		if (waited >= timeout_ms)
			return 0;
		usleep(50 * 1000);
	}
}

const fo_store_backend fo_store_sqlite_backend = {
    .scheme = "sqlite",
    .alias = NULL,
    .open = sq_open,
    .close = sq_close,
    .migrate = sq_migrate,
    .status = sq_status,
    .insert = sq_insert,
    .get = sq_get,
    .update = sq_update,
    .remove = sq_remove,
    .list = sq_list,
    .append_samples = sq_append_samples,
    .query_samples = sq_query_samples,
    .audit = sq_audit,
    .wait_change = sq_wait_change,
    .try_lease = sq_try_lease,
    .put_chunks = sq_put_chunks,
    .get_chunks = sq_get_chunks,
    .drop_chunks = sq_drop_chunks,
};
