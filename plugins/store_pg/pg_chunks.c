/* pg_chunks.c — chunked binary series (fo_chunk) in analytics.chunks.  A
 * batch goes in through COPY into a session-local table and one
 * INSERT ... ON CONFLICT from it, all in one transaction: thousands of
 * chunks a second, where a statement per chunk would spend its time on
 * round trips. */
#include "store_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHAT "analytics.chunks"

static void rollback_quietly(spg_conn *c)
{
	if (PQtransactionStatus(c->pg) != PQTRANS_IDLE) {
		char ignored[64];
		spg_command(c, "ROLLBACK", "rolling back", ignored, sizeof ignored);
	}
}

static fo_store_status copy_chunks(spg_conn *c, const fo_chunk *v, size_t n, char *err,
                                   size_t errlen)
{
	fo_store_status st = FO_STORE_OK;
	spg_copy_out *o = spg_copy_begin(
	    c,
	    "COPY pg_temp.fo_chunks_in (ord, tenant_id, series, res_s, subject, start_s, data) "
	    "FROM STDIN",
	    WHAT, &st, err, errlen);
	if (!o)
		return st;
	for (size_t i = 0; i < n && !spg_copy_failed(o); i++) {
		const fo_chunk *x = &v[i];
		char num[48];
		int k = snprintf(num, sizeof num, "%zu\t", i);
		spg_out_raw(o, num, (size_t)k);
		if (x->tenant_id[0])
			spg_out_text(o, x->tenant_id, sizeof x->tenant_id);
		else
			spg_out_raw(o, "\\N", 2); /* the session's tenant */
		spg_out_raw(o, "\t", 1);
		spg_out_text(o, x->series, sizeof x->series);
		k = snprintf(num, sizeof num, "\t%d\t", (int)x->res_s);
		spg_out_raw(o, num, (size_t)k);
		spg_out_text(o, x->subject, sizeof x->subject);
		k = snprintf(num, sizeof num, "\t%lld\t", (long long)x->start_s);
		spg_out_raw(o, num, (size_t)k);
		spg_out_bytea(o, x->data, x->len);
		spg_out_raw(o, "\n", 1);
	}
	return spg_copy_end(o, WHAT, err, errlen);
}

fo_store_status spg_put_chunks(void *conn, const fo_chunk *v, size_t n, char *err, size_t errlen)
{
	spg_conn *c = conn;
	if (n == 0)
		return FO_STORE_OK;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st == FO_STORE_OK)
		st = spg_command(c, "BEGIN", WHAT, err, errlen);
	if (st == FO_STORE_OK)
		st = spg_command(
		    c,
		    "CREATE TEMP TABLE IF NOT EXISTS fo_chunks_in (ord bigint, tenant_id "
		    "uuid, series text, res_s integer, subject text, start_s bigint, data "
		    "bytea) ON COMMIT DELETE ROWS",
		    WHAT, err, errlen);
	if (st == FO_STORE_OK)
		st = copy_chunks(c, v, n, err, errlen);
	/* the last of a key in the batch wins, as the rows were given */
	if (st == FO_STORE_OK)
		st = spg_command(
		    c,
		    "INSERT INTO analytics.chunks (tenant_id, series, res_s, subject, start_s, "
		    "data) "
		    "SELECT DISTINCT ON (t, series, res_s, subject, start_s) t, series, res_s, "
		    "subject, start_s, data FROM (SELECT coalesce(tenant_id, "
		    "core.current_tenant()) "
		    "AS t, * FROM pg_temp.fo_chunks_in) i "
		    "ORDER BY t, series, res_s, subject, start_s, ord DESC "
		    "ON CONFLICT (tenant_id, series, res_s, subject, start_s) "
		    "DO UPDATE SET data = excluded.data",
		    WHAT, err, errlen);
	if (st == FO_STORE_OK)
		st = spg_command(c, "COMMIT", WHAT, err, errlen);
	if (st != FO_STORE_OK)
		rollback_quietly(c);
	return st;
}

/* The query's filters as parameters $1..$6 of the WHERE below. */
#define CHUNK_WHERE                                                                                \
	" FROM analytics.chunks WHERE series = $1 AND res_s = $2::integer "                        \
	"AND start_s >= $3::bigint AND start_s < $4::bigint "                                      \
	"AND ($5::uuid IS NULL OR tenant_id = $5::uuid) "                                          \
	"AND ($6::text IS NULL OR subject = $6::text)"

static void query_params(const fo_chunk_query *q, char (*num)[24], const char **p)
{
	snprintf(num[0], sizeof num[0], "%d", (int)q->res_s);
	snprintf(num[1], sizeof num[1], "%lld", (long long)q->from_s);
	snprintf(num[2], sizeof num[2], "%lld", (long long)q->to_s);
	p[0] = q->series;
	p[1] = num[0];
	p[2] = num[1];
	p[3] = num[2];
	p[4] = q->tenant_id;
	p[5] = q->subject;
}

fo_store_status spg_get_chunks(void *conn, const fo_chunk_query *q, fo_chunk **out, size_t *n,
                               char *err, size_t errlen)
{
	spg_conn *c = conn;
	*out = NULL;
	*n = 0;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	char num[3][24];
	const char *p[6];
	query_params(q, num, p);
	PGresult *res =
	    spg_exec(c,
	             "SELECT tenant_id::text, series, res_s, subject, start_s, data" CHUNK_WHERE
	             " ORDER BY subject, start_s",
	             6, p, PGRES_TUPLES_OK, WHAT, &st, err, errlen);
	if (!res)
		return st;
	size_t rows = (size_t)PQntuples(res);
	fo_chunk *v = rows ? calloc(rows, sizeof *v) : NULL;
	if (rows && !v)
		abort();
	for (size_t i = 0; i < rows; i++) {
		fo_chunk *x = &v[i];
		int r = (int)i;
		spg_copy(x->tenant_id, sizeof x->tenant_id, PQgetvalue(res, r, 0));
		spg_copy(x->series, sizeof x->series, PQgetvalue(res, r, 1));
		x->res_s = (int32_t)strtol(PQgetvalue(res, r, 2), NULL, 10);
		spg_copy(x->subject, sizeof x->subject, PQgetvalue(res, r, 3));
		x->start_s = strtoll(PQgetvalue(res, r, 4), NULL, 10);
		size_t len = 0;
		unsigned char *b =
		    PQunescapeBytea((const unsigned char *)PQgetvalue(res, r, 5), &len);
		if (!b)
			abort();
		x->data = malloc(len ? len : 1);
		if (!x->data)
			abort();
		memcpy(x->data, b, len);
		x->len = len;
		PQfreemem(b);
	}
	PQclear(res);
	*out = v;
	*n = rows;
	return FO_STORE_OK;
}

fo_store_status spg_drop_chunks(void *conn, const fo_chunk_query *q, size_t *n, char *err,
                                size_t errlen)
{
	spg_conn *c = conn;
	*n = 0;
	fo_store_status st = spg_ready(c, err, errlen);
	if (st != FO_STORE_OK)
		return st;
	char num[3][24];
	const char *p[6];
	query_params(q, num, p);
	PGresult *res =
	    spg_exec(c, "DELETE" CHUNK_WHERE, 6, p, PGRES_COMMAND_OK, WHAT, &st, err, errlen);
	if (!res)
		return st;
	*n = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return FO_STORE_OK;
}
