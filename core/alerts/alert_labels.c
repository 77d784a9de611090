/* alert_labels.c — label sets: sorted pairs, fingerprint, JSON, text, and
 * the annotation templates. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fo_labels_free(fo_labels *l)
{
	for (size_t i = 0; i < 2 * l->n; i++)
		free(l->kv[i]);
	free(l->kv);
	l->kv = NULL;
	l->n = 0;
}

void fo_labels_copy(fo_labels *dst, const fo_labels *src)
{
	dst->n = src->n;
	dst->kv = src->n ? calloc(2 * src->n, sizeof *dst->kv) : NULL;
	if (src->n && !dst->kv)
		abort();
	for (size_t i = 0; i < 2 * src->n; i++)
		dst->kv[i] = fo_strdup(src->kv[i]);
}

void fo_labels_set(fo_labels *l, const char *name, const char *value)
{
	size_t i = 0;
	while (i < l->n && strcmp(l->kv[2 * i], name) < 0)
		i++;
	if (i < l->n && strcmp(l->kv[2 * i], name) == 0) {
		free(l->kv[2 * i + 1]);
		l->kv[2 * i + 1] = fo_strdup(value ? value : "");
		return;
	}
	char **kv = realloc(l->kv, 2 * (l->n + 1) * sizeof *kv);
	if (!kv)
		abort();
	memmove(kv + 2 * i + 2, kv + 2 * i, 2 * (l->n - i) * sizeof *kv);
	kv[2 * i] = fo_strdup(name);
	kv[2 * i + 1] = fo_strdup(value ? value : "");
	l->kv = kv;
	l->n++;
}

const char *fo_labels_get(const fo_labels *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->kv[2 * i], name) == 0)
			return l->kv[2 * i + 1];
	return NULL;
}

void fo_labels_from_pairs(fo_labels *l, const char *const *pairs, size_t npairs)
{
	for (size_t i = 0; i < npairs; i++)
		if (pairs[2 * i] && *pairs[2 * i])
			fo_labels_set(l, pairs[2 * i], pairs[2 * i + 1]);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff; /* separator no label text holds */
	h *= 1099511628211ull;
	return h;
}

uint64_t fo_labels_fingerprint(const fo_labels *l)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < 2 * l->n; i++)
		h = fnv(h, l->kv[i]);
	return h;
}

/* ---------------------------------------------------------------- JSON */

char *fo_labels_json(const fo_labels *l)
{
	fo_buf s = {0};
	fo_buf_put(&s, "{", 1);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			fo_buf_put(&s, ",", 1);
		fo_buf_json_str(&s, l->kv[2 * i]);
		fo_buf_put(&s, ":", 1);
		fo_buf_json_str(&s, l->kv[2 * i + 1]);
	}
	fo_buf_put(&s, "}", 1);
	return s.s;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* A JSON string at p into an OWNED string; *end after it.  \uXXXX below
 * 0x80 only (what we write); others become '?'. */
static char *parse_str(const char *p, const char **end)
{
	if (*p != '"')
		return NULL;
	fo_buf s = {0};
	fo_buf_put(&s, "", 0);
	for (p++; *p && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			p++;
			switch (*p) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u': {
				unsigned v = 0;
				if (sscanf(p + 1, "%4x", &v) != 1) {
					free(s.s);
					return NULL;
				}
				c = v < 0x80 ? (char)v : '?';
				p += 4;
				break;
			}
			case '\0':
				free(s.s);
				return NULL;
			default:
				c = *p;
				break;
			}
		}
		fo_buf_put(&s, &c, 1);
	}
	if (*p != '"') {
		free(s.s);
		return NULL;
	}
	*end = p + 1;
	return s.s;
}

int fo_labels_parse_json(fo_labels *l, const char *json)
{
	const char *p = skip_ws(json ? json : "");
	if (*p++ != '{')
		return -1;
	p = skip_ws(p);
	if (*p == '}')
		return 0;
	for (;;) {
		char *k = parse_str(skip_ws(p), &p);
		if (!k)
			return -1;
		p = skip_ws(p);
		char *v = *p == ':' ? parse_str(skip_ws(p + 1), &p) : NULL;
		if (!v) {
			free(k);
			return -1;
		}
		fo_labels_set(l, k, v);
		free(k);
		free(v);
		p = skip_ws(p);
		if (*p == '}')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

void fo_labels_text(const fo_labels *l, char *buf, size_t len)
{
	size_t o = 0;
	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < l->n && o < len; i++) {
		int n = snprintf(buf + o, len - o, "%s%s=%s", i ? ", " : "", l->kv[2 * i],
		                 l->kv[2 * i + 1]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* ---------------------------------------------------------------- templates */

/* The expression between {{ and }} (trimmed) rendered into s; unknown
 * expressions are kept as they were written, so a typo shows. */
static void render_expr(fo_buf *s, const char *x, size_t n, const fo_labels *labels, double value)
{
	char e[256];
	const char *orig = x;
	size_t orig_n = n;
	while (n && (*x == ' ' || *x == '\t'))
		x++, n--;
	while (n && (x[n - 1] == ' ' || x[n - 1] == '\t'))
		n--;
	if (n >= sizeof e)
		n = sizeof e - 1;
	memcpy(e, x, n);
	e[n] = '\0';
	char out[128];
	if (strncmp(e, "$labels.", 8) == 0) {
		const char *v = fo_labels_get(labels, e + 8);
		fo_buf_put(s, v ? v : "", v ? strlen(v) : 0);
		return;
	}
	if (strcmp(e, "$value") == 0) {
		snprintf(out, sizeof out, "%g", value);
		fo_buf_put(s, out, strlen(out));
		return;
	}
	/* $value | printf "%.Nf" */
	int prec;
	char conv;
	if (sscanf(e, "$value | printf \"%%.%d%c\"", &prec, &conv) == 2 && prec >= 0 &&
	    prec <= 12 && (conv == 'f' || conv == 'g' || conv == 'e')) {
		if (conv == 'f')
			snprintf(out, sizeof out, "%.*f", prec, value);
		else if (conv == 'g')
			snprintf(out, sizeof out, "%.*g", prec, value);
		else
			snprintf(out, sizeof out, "%.*e", prec, value);
		fo_buf_put(s, out, strlen(out));
		return;
	}
	fo_buf_put(s, "{{", 2);
	fo_buf_put(s, orig, orig_n);
	fo_buf_put(s, "}}", 2);
}

char *fo_alert_template(const char *tmpl, const fo_labels *labels, double value)
{
	fo_buf s = {0};
	fo_buf_put(&s, "", 0);
	const char *p = tmpl ? tmpl : "";
	while (*p) {
		const char *open = strstr(p, "{{");
		const char *close = open ? strstr(open + 2, "}}") : NULL;
		if (!open || !close) {
			fo_buf_put(&s, p, strlen(p));
			break;
		}
		fo_buf_put(&s, p, (size_t)(open - p));
		render_expr(&s, open + 2, (size_t)(close - open - 2), labels, value);
		p = close + 2;
	}
	return s.s;
}

size_t fo_alert_split_list(const char *list, char ***out)
{
	*out = NULL;
	size_t n = 0;
	const char *p = list ? list : "";
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		const char *b = p;
		while (*p && *p != ',')
			p++;
		const char *e = p;
		while (e > b && e[-1] == ' ')
			e--;
		if (e > b) {
			*out = realloc(*out, (n + 1) * sizeof **out);
			if (!*out)
				abort();
			(*out)[n] = strndup(b, (size_t)(e - b));
			if (!(*out)[n])
				abort();
			n++;
		}
	}
	return n;
}
