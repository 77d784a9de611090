/* util.c — the one home of the small helpers every module needs: a strdup
 * that aborts on out-of-memory, growable arrays, a growable string buffer
 * and JSON string quoting.  Declared in fleetops_plugin.h ("helpers"), so
 * plugins use the same ones. */
#include "fleetops_plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *fo_strdup(const char *s)
{
	if (!s)
		return NULL;
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

char *fo_strndup(const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = strndup(s, n);
	if (!d)
		abort();
	return d;
}

void *fo_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return p;
	size_t ncap = *cap ? *cap : (first ? first : 8);
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			abort();
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		abort();
	void *q = realloc(p, ncap * elem);
	if (!q)
		abort();
	*cap = ncap;
	return q;
}

void fo_buf_put(fo_buf *b, const char *s, size_t len)
{
	b->s = fo_grow(b->s, &b->cap, b->n + len + 1, 1, 64);
	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = '\0';
}

void fo_buf_str(fo_buf *b, const char *s)
{
	fo_buf_put(b, s, strlen(s));
}

void fo_buf_printf(fo_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char tmp[256];
	int w = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	if ((size_t)w < sizeof tmp) {
		fo_buf_put(b, tmp, (size_t)w);
		return;
	}
	b->s = fo_grow(b->s, &b->cap, b->n + (size_t)w + 1, 1, 64);
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)w + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)w;
}

void fo_buf_json_str(fo_buf *b, const char *s)
{
	fo_buf_put(b, "\"", 1);
	while (*s) {
		/* the plain run at once, then one escaped character */
		size_t n = 0;
		while (s[n] && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		if (n)
			fo_buf_put(b, s, n);
		s += n;
		if (!*s)
			break;
		unsigned char c = (unsigned char)*s++;
		char e[8];
		switch (c) {
		case '"':
		case '\\':
			e[0] = '\\';
			e[1] = (char)c;
			fo_buf_put(b, e, 2);
			break;
		case '\n':
			fo_buf_put(b, "\\n", 2);
			break;
		case '\r':
			fo_buf_put(b, "\\r", 2);
			break;
		case '\t':
			fo_buf_put(b, "\\t", 2);
			break;
		default:
			snprintf(e, sizeof e, "\\u%04x", c);
			fo_buf_put(b, e, 6);
		}
	}
	fo_buf_put(b, "\"", 1);
}

char *fo_buf_take(fo_buf *b)
{
	char *s = b->s ? b->s : fo_strdup("");
	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

void fo_buf_free(fo_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
}
