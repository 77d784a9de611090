/* pg_conn.c — the session around every call: reconnecting, running
 * parameterised statements, and turning server errors into store statuses
 * a user can act on. */
#include "store_pg.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* libpq messages end with a newline and may run over several lines
 * (DETAIL, HINT): keep the first line for the user. */
static int first_line(const char *s)
{
	return (int)strcspn(s ? s : "", "\n");
}

fo_store_status spg_ready(spg_conn *c, char *err, size_t errlen)
{
	if (PQstatus(c->pg) != CONNECTION_OK) {
		PQreset(c->pg);
		if (PQstatus(c->pg) != CONNECTION_OK) {
			const char *m = PQerrorMessage(c->pg);
			snprintf(err, errlen, "postgresql unavailable: %.*s", first_line(m), m);
			return FO_STORE_UNAVAILABLE;
		}
		fo_store_status st = spg_after_reset(c, err, errlen);
		if (st != FO_STORE_OK)
			return st;
	}
	/* A call that failed half-way may have left a transaction open. */
	PGTransactionStatusType ts = PQtransactionStatus(c->pg);
	if (ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR)
		return spg_command(c, "ROLLBACK", "rolling back", err, errlen);
	return FO_STORE_OK;
}

/* SQLSTATE classes: https://www.postgresql.org/docs/15/errcodes-appendix.html */
static fo_store_status map_sqlstate(const char *state)
{
	if (!state || strlen(state) != 5)
		return FO_STORE_ERR;
	if (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0)
		return FO_STORE_INVALID; /* integrity constraint or bad value */
	if (strcmp(state, "42501") == 0)
		return FO_STORE_DENIED; /* privilege, or a row-level security policy */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 ||
	    strcmp(state, "53300") == 0)
		return FO_STORE_UNAVAILABLE; /* connection, shutdown, too many clients */
	return FO_STORE_ERR;
}

static fo_store_status fail(spg_conn *c, const PGresult *res, const char *what, bool hint_migrate,
                            char *err, size_t errlen)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg) {
		msg = PQerrorMessage(c->pg);
		/* libpq's own text carries the severity: the status says it */
		if (strncmp(msg, "FATAL:  ", 8) == 0 || strncmp(msg, "ERROR:  ", 8) == 0)
			msg += 8;
	}
	fo_store_status st = map_sqlstate(state);
	if (PQstatus(c->pg) != CONNECTION_OK)
		st = FO_STORE_UNAVAILABLE; /* the next call resets the connection */
	const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
	if (detail && strncmp(detail, "Failing row contains", 20) == 0)
		detail = NULL; /* the whole row: long, and no help */
	const char *hint = "";
	/* undefined table, schema or column: a database behind the binary */
	if (hint_migrate && state &&
	    (strcmp(state, "42P01") == 0 || strcmp(state, "3F000") == 0 ||
	     strcmp(state, "42703") == 0))
		hint = " (are the migrations applied? fleetops db migrate)";
	if (detail)
		snprintf(err, errlen, "%s: %.*s: %.*s%s", what, first_line(msg), msg,
		         first_line(detail), detail, hint);
	else
		snprintf(err, errlen, "%s: %.*s%s", what, first_line(msg), msg, hint);
	return st;
}

fo_store_status spg_fail(spg_conn *c, const PGresult *res, const char *what, char *err,
                         size_t errlen)
{
	return fail(c, res, what, true, err, errlen);
}

fo_store_status spg_fail_plain(spg_conn *c, const PGresult *res, const char *what, char *err,
                               size_t errlen)
{
	return fail(c, res, what, false, err, errlen);
}

PGresult *spg_exec(spg_conn *c, const char *sql, int n, const char *const *params,
                   ExecStatusType want, const char *what, fo_store_status *st, char *err,
                   size_t errlen)
{
	PGresult *res = PQexecParams(c->pg, sql, n, NULL, params, NULL, NULL, 0);
	if (res && PQresultStatus(res) == want) {
		*st = FO_STORE_OK;
		return res;
	}
	*st = spg_fail(c, res, what, err, errlen);
	PQclear(res);
	return NULL;
}

fo_store_status spg_command(spg_conn *c, const char *sql, const char *what, char *err,
                            size_t errlen)
{
	PGresult *res = PQexec(c->pg, sql);
	fo_store_status st = FO_STORE_OK;
	if (!res || PQresultStatus(res) != PGRES_COMMAND_OK)
		st = spg_fail(c, res, what, err, errlen);
	PQclear(res);
	return st;
}

/* ---- SQL text */

void spg_sql_init(spg_sql *q)
{
	q->s = NULL;
	q->len = 0;
	q->f = open_memstream(&q->s, &q->len);
	if (!q->f)
		abort();
}

void spg_sql_add(spg_sql *q, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vfprintf(q->f, fmt, ap) < 0)
		abort();
	va_end(ap);
}

char *spg_sql_done(spg_sql *q)
{
	if (fclose(q->f) != 0)
		abort();
	q->f = NULL;
	return q->s;
}

/* ---- parameters */

int spg_param(spg_params *p, const char *value)
{
	/* n and cap are ints: libpq counts parameters in an int */
	size_t cap = (size_t)p->cap;
	p->v = fo_grow(p->v, &cap, (size_t)p->n + 1, sizeof *p->v, 16);
	p->cap = (int)cap;
	p->v[p->n++] = value;
	return p->n;
}

void spg_params_free(spg_params *p)
{
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

/* ---- small helpers */

bool spg_is_uuid(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

void spg_copy(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	snprintf(dst, cap, "%s", src ? src : "");
}
