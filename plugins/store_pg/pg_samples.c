/* pg_samples.c — metric samples (analytics.samples): batches go in through
 * COPY ... FROM STDIN in one transaction, which is several times faster
 * than row-by-row INSERTs; queries come back ordered by time. */
#include "store_pg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void copy_value(spg_copy_out *o, double v)
{
	char num[40];
	int n;
	if (isnan(v))
		n = snprintf(num, sizeof num, "NaN");
	else if (isinf(v))
		n = snprintf(num, sizeof num, v > 0 ? "Infinity" : "-Infinity");
	else
		n = snprintf(num, sizeof num, "%.17g", v);
	spg_out_raw(o, num, (size_t)n);
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
	fo_store_status st = FO_STORE_OK;
	spg_copy_out *o = spg_copy_begin(c, sql, "appending samples", &st, err, errlen);
	if (!o)
		return st;
	for (size_t i = 0; i < n && !spg_copy_failed(o); i++) {
		const fo_sample *s = &v[i];
		if ((s->tenant_id[0] != '\0') != with_tenant)
			continue;
		if (with_tenant) {
			spg_out_text(o, s->tenant_id, sizeof s->tenant_id);
			spg_out_raw(o, "\t", 1);
		}
		spg_out_text(o, s->series, sizeof s->series);
		spg_out_raw(o, "\t", 1);
		spg_out_text(o, s->subject, sizeof s->subject);
		spg_out_raw(o, "\t", 1);
		if (s->ts[0])
			spg_out_text(o, s->ts, sizeof s->ts);
		else
			spg_out_raw(o, "\\N", 2); /* NULL: refused by the column */
		spg_out_raw(o, "\t", 1);
		copy_value(o, s->value);
		spg_out_raw(o, "\n", 1);
	}
	return spg_copy_end(o, "appending samples", err, errlen);
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
