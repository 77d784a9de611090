/* pg_samples.c — metric samples (analytics.samples): batches go in through
 * COPY ... FROM STDIN in one transaction, which is several times faster
 * than row-by-row INSERTs; queries come back ordered by time. */
#include "store_pg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { COPY_CHUNK = 256 * 1024 };

/* A COPY data buffer flushed to the server in chunks. */
typedef struct {
	spg_conn *c;
	char buf[COPY_CHUNK];
	size_t len;
	bool failed;
} copy_out;

static void copy_flush(copy_out *o)
{
	if (o->len && !o->failed && PQputCopyData(o->c->pg, o->buf, (int)o->len) != 1)
		o->failed = true;
	o->len = 0;
}

static void copy_room(copy_out *o, size_t need)
{
	if (o->len + need > sizeof o->buf)
		copy_flush(o);
}

/* A text field of COPY's text format: backslash, tab, newline and carriage
 * return are escaped.  The fields are fixed arrays, maybe unterminated. */
static void copy_text(copy_out *o, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	copy_room(o, 2 * n);
	for (size_t i = 0; i < n; i++) {
		char ch = s[i], esc = 0;
		switch (ch) {
		case '\\':
			esc = '\\';
			break;
		case '\t':
			esc = 't';
			break;
		case '\n':
			esc = 'n';
			break;
		case '\r':
			esc = 'r';
			break;
		default:
			break;
		}
		if (esc) {
			o->buf[o->len++] = '\\';
			o->buf[o->len++] = esc;
		} else {
			o->buf[o->len++] = ch;
		}
	}
}

static void copy_raw(copy_out *o, const char *s, size_t n)
{
	copy_room(o, n);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void copy_value(copy_out *o, double v)
{
	char num[40];
	int n;
	if (isnan(v))
		n = snprintf(num, sizeof num, "NaN");
	else if (isinf(v))
		n = snprintf(num, sizeof num, v > 0 ? "Infinity" : "-Infinity");
	else
		n = snprintf(num, sizeof num, "%.17g", v);
	copy_raw(o, num, (size_t)n);
}

/* Copies the samples whose tenant is set (or, with_tenant false, unset:
 * those take the column's DEFAULT, the session's tenant). */
static fo_store_status copy_samples(spg_conn *c, const fo_sample *v, size_t n, bool with_tenant,
                                    char *err, size_t errlen)
{
	size_t todo = 0;
	for (size_t i = 0; i < n; i++)
		todo += (v[i].tenant_id[0] != '\0') == with_tenant;
	if (todo == 0)
		return FO_STORE_OK;
	const char *sql =
	    with_tenant
	        ? "COPY analytics.samples (tenant_id, series, subject, ts, value) FROM STDIN"
	        : "COPY analytics.samples (series, subject, ts, value) FROM STDIN";
	PGresult *res = PQexec(c->pg, sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		fo_store_status st = spg_fail(c, res, "appending samples", err, errlen);
		PQclear(res);
		return st;
	}
	PQclear(res);
	copy_out *o = malloc(sizeof *o);
	if (!o)
		abort();
	o->c = c;
	o->len = 0;
	o->failed = false;
	for (size_t i = 0; i < n && !o->failed; i++) {
		const fo_sample *s = &v[i];
		if ((s->tenant_id[0] != '\0') != with_tenant)
			continue;
		if (with_tenant) {
			copy_text(o, s->tenant_id, sizeof s->tenant_id);
			copy_raw(o, "\t", 1);
		}
		copy_text(o, s->series, sizeof s->series);
		copy_raw(o, "\t", 1);
		copy_text(o, s->subject, sizeof s->subject);
		copy_raw(o, "\t", 1);
		if (s->ts[0])
			copy_text(o, s->ts, sizeof s->ts);
		else
			copy_raw(o, "\\N", 2); /* NULL: refused by the column */
		copy_raw(o, "\t", 1);
		copy_value(o, s->value);
		copy_raw(o, "\n", 1);
	}
	copy_flush(o);
	bool failed = o->failed;
	free(o);
	/* Ending the copy with an error message makes the server abort it. */
	if (PQputCopyEnd(c->pg, failed ? "client could not send the data" : NULL) != 1)
		failed = true;
	fo_store_status st = FO_STORE_OK;
	while ((res = PQgetResult(c->pg))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && st == FO_STORE_OK)
			st = spg_fail(c, res, "appending samples", err, errlen);
		PQclear(res);
	}
	if (failed && st == FO_STORE_OK)
		st = spg_fail(c, NULL, "appending samples", err, errlen);
	return st;
}

fo_store_status spg_append_samples(void *conn, const fo_sample *v, size_t n, char *err,
                                   size_t errlen)
{
	spg_conn *c = conn;
	if (n == 0)
		return FO_STORE_OK;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st == FO_STORE_OK)
		st = spg_command(c, "BEGIN", "appending samples", err, errlen);
	if (st == FO_STORE_OK)
		st = copy_samples(c, v, n, true, err, errlen);
	if (st == FO_STORE_OK)
		st = copy_samples(c, v, n, false, err, errlen);
	if (st == FO_STORE_OK)
		return spg_command(c, "COMMIT", "committing samples", err, errlen);
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		char ignored[64];
		spg_command(c, "ROLLBACK", "rolling back", ignored, sizeof ignored);
	}
	return st;
}

fo_store_status spg_query_samples(void *conn, const char *tenant_id, const char *series,
                                  const char *subject, const char *from, const char *to,
                                  fo_sample **out, size_t *n, char *err, size_t errlen)
{
	spg_conn *c = conn;
	*out = NULL;
	*n = 0;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	/* Unnamed statements are planned with the values bound, so the
	 * "IS NULL OR" filters fold away and the indexes still serve. */
	const char *sql =
	    "SELECT tenant_id::text, series, subject, "
	    "to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), value::text "
	    "FROM analytics.samples "
	    "WHERE ($1::uuid IS NULL OR tenant_id = $1::uuid) "
	    "AND ($2::text IS NULL OR series = $2::text) "
	    "AND ($3::text IS NULL OR subject = $3::text) "
	    "AND ($4::timestamptz IS NULL OR ts >= $4::timestamptz) "
	    "AND ($5::timestamptz IS NULL OR ts < $5::timestamptz) "
	    "ORDER BY ts, series, subject";
	const char *p[5] = {tenant_id, series, subject, from, to};
	PGresult *res =
	    spg_exec(c, sql, 5, p, PGRES_TUPLES_OK, "querying samples", &st, err, errlen);
	if (!res)
		return st;
	size_t rows = (size_t)PQntuples(res);
	if (rows) {
		*out = calloc(rows, sizeof **out);
		if (!*out)
			abort();
	}
	for (size_t i = 0; i < rows; i++) {
		fo_sample *s = &(*out)[i];
		int row = (int)i;
		spg_copy(s->tenant_id, sizeof s->tenant_id, PQgetvalue(res, row, 0));
		spg_copy(s->series, sizeof s->series, PQgetvalue(res, row, 1));
		spg_copy(s->subject, sizeof s->subject, PQgetvalue(res, row, 2));
		spg_copy(s->ts, sizeof s->ts, PQgetvalue(res, row, 3));
		s->value = strtod(PQgetvalue(res, row, 4), NULL);
	}
	*n = rows;
	PQclear(res);
	return FO_STORE_OK;
}
