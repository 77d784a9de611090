/* out.c — the output buffer a command writes to. */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *buf;
	size_t len, cap;
} fo_strbuf;

struct fo_out {
	fo_strbuf text, err;
};

static void sb_vappend(fo_strbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->buf = realloc(b->buf, cap);
		if (!b->buf)
			abort();
		b->cap = cap;
	}
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

fo_out *fo_out_new(void)
{
	fo_out *o = calloc(1, sizeof *o);
	if (!o)
		abort();
	return o;
}

void fo_out_free(fo_out *o)
{
	if (!o)
		return;
	free(o->text.buf);
	free(o->err.buf);
	free(o);
}

const char *fo_out_text(const fo_out *o)
{
	return o->text.buf ? o->text.buf : "";
}

const char *fo_out_err(const fo_out *o)
{
	return o->err.buf ? o->err.buf : "";
}

void fo_out_clear(fo_out *o)
{
	o->text.len = o->err.len = 0;
	if (o->text.buf)
		o->text.buf[0] = '\0';
	if (o->err.buf)
		o->err.buf[0] = '\0';
}

void fo_out_printf(fo_out *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vappend(&out->text, fmt, ap);
	va_end(ap);
}

void fo_out_error(fo_out *out, const char *fmt, ...)
{
	/* One error per run: the first one explains best. */
	if (out->err.len)
		return;
	va_list ap;
	va_start(ap, fmt);
	sb_vappend(&out->err, fmt, ap);
	va_end(ap);
}
