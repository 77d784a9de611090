/* lif_diag.c — LIF diagnostics (lif.h) and the path and message helpers
 * both LIF readers use (lif_diag.h). */
#include "lif_diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fo_lif_rd_init(fo_lif_rd *r, fo_lif_diag *diag)
{
	memset(r, 0, sizeof *r);
	r->diag = diag;
	fo_buf_str(&r->path, "$");
}

void fo_lif_rd_free(fo_lif_rd *r)
{
	fo_buf_free(&r->path);
}

void fo_lif_diag_add(fo_lif_rd *r, fo_lif_severity sev, const char *fmt, ...)
{
	if (sev == FO_LIF_ERROR)
		r->errors++;
	fo_lif_diag *d = r->diag;
	if (!d)
		return;
	if (sev == FO_LIF_ERROR)
		d->errors++;
	else
		d->warnings++;
	if (d->n >= FO_LIF_DIAG_KEEP)
		return;
	char reason[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	d->msgs = fo_grow(d->msgs, &d->cap, d->n + 1, sizeof *d->msgs, 16);
	d->msgs[d->n++] =
	    (fo_lif_msg){sev, fo_strdup(r->path.s ? r->path.s : "$"), fo_strdup(reason)};
}

void fo_lif_diag_free(fo_lif_diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->msgs[i].path);
		free(d->msgs[i].reason);
	}
	free(d->msgs);
	memset(d, 0, sizeof *d);
}

const fo_lif_msg *fo_lif_diag_find(const fo_lif_diag *d, fo_lif_severity sev, const char *path)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->msgs[i].severity == sev && strcmp(d->msgs[i].path, path) == 0)
			return &d->msgs[i];
	return NULL;
}

char *fo_lif_diag_text(const fo_lif_diag *d)
{
	fo_buf b = {0};
	for (size_t i = 0; i < d->n; i++)
		fo_buf_printf(&b, "%s: %s: %s\n",
		              d->msgs[i].severity == FO_LIF_ERROR ? "error" : "warning",
		              d->msgs[i].path, d->msgs[i].reason);
	size_t kept = d->n, all = d->errors + d->warnings;
	if (all > kept)
		fo_buf_printf(&b, "... and %zu more\n", all - kept);
	return fo_buf_take(&b);
}

size_t fo_lif_push_key(fo_lif_rd *r, const char *key)
{
	size_t at = r->path.n;
	fo_buf_printf(&r->path, ".%s", key);
	return at;
}

size_t fo_lif_push_idx(fo_lif_rd *r, size_t i)
{
	size_t at = r->path.n;
	fo_buf_printf(&r->path, "[%zu]", i);
	return at;
}

void fo_lif_pop(fo_lif_rd *r, size_t at)
{
	r->path.n = at;
	r->path.s[at] = '\0';
}

const char *fo_lif_json_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}
