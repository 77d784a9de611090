/* store_sqlite_chunks.c — chunked binary series (fo_chunk) in the embedded
 * store: table analytics_chunks, one row a chunk, replaced whole by key.
 * Store thread only. */
#include "store_sqlite_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHAT "analytics.chunks"

static const char *tenant_of(const char *t)
{
	return t && *t ? t : FO_STORE_LOCAL_TENANT;
}

fo_store_status sq_put_chunks(void *conn, const fo_chunk *v, size_t n, char *err, size_t errlen)
{
	sq_conn *c = conn;
	if (n == 0)
		return FO_STORE_OK;
	sqlite3_stmt *st = sq_adhoc(
	    c,
	    "INSERT INTO analytics_chunks (tenant_id, series, res_s, subject, start_s, data) "
	    "VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (tenant_id, series, res_s, subject, start_s) "
	    "DO UPDATE SET data = excluded.data",
	    WHAT, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	fo_store_status s = sq_exec(c, "BEGIN IMMEDIATE", WHAT, err, errlen);
	for (size_t i = 0; i < n && s == FO_STORE_OK; i++) {
		const fo_chunk *x = &v[i];
		sqlite3_bind_text(st, 1, tenant_of(x->tenant_id), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, x->series, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, x->res_s);
		sqlite3_bind_text(st, 4, x->subject, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, x->start_s);
		/* a zero-length blob still binds as a blob, not NULL */
		sqlite3_bind_blob64(st, 6, x->len ? (const void *)x->data : "", x->len,
		                    SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_DONE) {
			char what[160];
			snprintf(what, sizeof what, WHAT ", chunk %s/%s", x->series, x->subject);
			s = sq_fail(c, rc, what, err, errlen);
		}
		sqlite3_reset(st);
	}
	sqlite3_clear_bindings(st);
	if (s == FO_STORE_OK)
		s = sq_exec(c, "COMMIT", WHAT, err, errlen);
	if (s != FO_STORE_OK)
		sq_rollback(c);
	return s;
}

/* "... WHERE" with the query's filters; binds them from parameter 1. */
static sqlite3_stmt *select_where(sq_conn *c, const char *verb, const fo_chunk_query *q, char *err,
                                  size_t errlen)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "%s FROM analytics_chunks WHERE series = ? AND res_s = ? AND start_s >= ? "
	         "AND start_s < ?%s%s%s",
	         verb, q->tenant_id ? " AND tenant_id = ?" : "",
	         q->subject ? " AND subject = ?" : "",
	         strncmp(verb, "SELECT", 6) == 0 ? " ORDER BY subject, start_s" : "");
	sqlite3_stmt *st = sq_adhoc(c, sql, WHAT, err, errlen);
	if (!st)
		return NULL;
	int p = 1;
	sqlite3_bind_text(st, p++, q->series, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, p++, q->res_s);
	sqlite3_bind_int64(st, p++, q->from_s);
	sqlite3_bind_int64(st, p++, q->to_s);
	if (q->tenant_id)
		sqlite3_bind_text(st, p++, q->tenant_id, -1, SQLITE_STATIC);
	if (q->subject)
		sqlite3_bind_text(st, p++, q->subject, -1, SQLITE_STATIC);
	return st;
}

static void copy_col(char *dst, size_t len, const unsigned char *src)
{
	snprintf(dst, len, "%s", src ? (const char *)src : "");
}

fo_store_status sq_get_chunks(void *conn, const fo_chunk_query *q, fo_chunk **out, size_t *n,
                              char *err, size_t errlen)
{
	sq_conn *c = conn;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = select_where(
	    c, "SELECT tenant_id, series, res_s, subject, start_s, data", q, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	fo_chunk *v = NULL;
	size_t nv = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = fo_grow(v, &cap, nv + 1, sizeof *v, 64);
		fo_chunk *x = &v[nv++];
		memset(x, 0, sizeof *x);
		copy_col(x->tenant_id, sizeof x->tenant_id, sqlite3_column_text(st, 0));
		copy_col(x->series, sizeof x->series, sqlite3_column_text(st, 1));
		x->res_s = sqlite3_column_int(st, 2);
		copy_col(x->subject, sizeof x->subject, sqlite3_column_text(st, 3));
		x->start_s = sqlite3_column_int64(st, 4);
		const void *b = sqlite3_column_blob(st, 5);
		x->len = (size_t)sqlite3_column_bytes(st, 5);
		x->data = malloc(x->len ? x->len : 1);
		if (!x->data)
			abort();
		if (x->len)
			memcpy(x->data, b, x->len);
	}
	fo_store_status s = FO_STORE_OK;
	if (rc != SQLITE_DONE) {
		s = sq_fail(c, rc, WHAT, err, errlen);
		for (size_t i = 0; i < nv; i++)
			free(v[i].data);
		free(v);
		v = NULL;
		nv = 0;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	*out = v;
	*n = nv;
	return s;
}

fo_store_status sq_drop_chunks(void *conn, const fo_chunk_query *q, size_t *n, char *err,
                               size_t errlen)
{
	sq_conn *c = conn;
	*n = 0;
	sqlite3_stmt *st = select_where(c, "DELETE", q, err, errlen);
	if (!st)
		return FO_STORE_ERR;
	int rc = sqlite3_step(st);
	fo_store_status s = FO_STORE_OK;
	if (rc == SQLITE_DONE)
		*n = (size_t)sqlite3_changes(c->db);
	else
		s = sq_fail(c, rc, WHAT, err, errlen);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return s;
}
