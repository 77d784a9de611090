/* pg_copy.c — COPY ... FROM STDIN in text format: a buffer flushed to the
 * server in pieces, fields escaped as COPY's text format wants. */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

enum { COPY_CHUNK = 256 * 1024 };

struct spg_copy_out {
	spg_conn *c;
	char buf[COPY_CHUNK];
	size_t len;
	bool failed;
};

static void copy_flush(spg_copy_out *o)
{
	if (o->len && !o->failed && PQputCopyData(o->c->pg, o->buf, (int)o->len) != 1)
		o->failed = true;
	o->len = 0;
}

static void copy_room(spg_copy_out *o, size_t need)
{
	if (o->len + need > sizeof o->buf)
		copy_flush(o);
}

spg_copy_out *spg_copy_begin(spg_conn *c, const char *sql, const char *what, fo_store_status *st,
                             char *err, size_t errlen)
{
	PGresult *res = PQexec(c->pg, sql);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
		*st = spg_fail(c, res, what, err, errlen);
		PQclear(res);
		return NULL;
	}
	PQclear(res);
	spg_copy_out *o = malloc(sizeof *o);
	if (!o)
		abort();
	o->c = c;
	o->len = 0;
	o->failed = false;
	return o;
}

void spg_out_text(spg_copy_out *o, const char *s, size_t cap)
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

void spg_out_raw(spg_copy_out *o, const char *s, size_t n)
{
	while (n) {
		copy_room(o, n);
		size_t k = n < sizeof o->buf - o->len ? n : sizeof o->buf - o->len;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

void spg_out_bytea(spg_copy_out *o, const uint8_t *data, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	/* \x in bytea's hex form, its backslash escaped for COPY */
	spg_out_raw(o, "\\\\x", 3);
	for (size_t i = 0; i < n; i++) {
		copy_room(o, 2);
		o->buf[o->len++] = hex[data[i] >> 4];
		o->buf[o->len++] = hex[data[i] & 15];
	}
}

bool spg_copy_failed(const spg_copy_out *o)
{
	return o->failed;
}

fo_store_status spg_copy_end(spg_copy_out *o, const char *what, char *err, size_t errlen)
{
	spg_conn *c = o->c;
	copy_flush(o);
	bool failed = o->failed;
	free(o);
	/* Ending the copy with an error message makes the server abort it. */
	if (PQputCopyEnd(c->pg, failed ? "client could not send the data" : NULL) != 1)
		failed = true;
	fo_store_status st = FO_STORE_OK;
	PGresult *res;
	while ((res = PQgetResult(c->pg))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && st == FO_STORE_OK)
			st = spg_fail(c, res, what, err, errlen);
		PQclear(res);
	}
	if (failed && st == FO_STORE_OK)
		st = spg_fail(c, NULL, what, err, errlen);
	return st;
}
