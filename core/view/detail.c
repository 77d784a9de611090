/* detail.c — the detail builder a view fills for one row. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fo_detail {
	fo_dline *lines;
	size_t n, cap;
};

fo_detail *fo_detail_new(void)
{
	fo_detail *d = calloc(1, sizeof *d);
	if (!d)
		abort();
	return d;
}

void fo_detail_reset(fo_detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->lines[i].label);
		free(d->lines[i].text);
		free(d->lines[i].samples);
	}
	d->n = 0;
}

void fo_detail_free(fo_detail *d)
{
	if (!d)
		return;
	fo_detail_reset(d);
	free(d->lines);
	free(d);
}

size_t fo_detail_count(const fo_detail *d)
{
	return d->n;
}

const fo_dline *fo_detail_line(const fo_detail *d, size_t i)
{
	return i < d->n ? &d->lines[i] : NULL;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	return s;
}

static fo_dline *push(fo_detail *d, fo_dline_kind kind, fo_style style)
{
	d->lines = fo_grow(d->lines, &d->cap, d->n + 1, sizeof *d->lines, 32);
	fo_dline *l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->style = style;
	return l;
}

void fo_detail_title(fo_detail *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(d, FO_DL_TITLE, FO_STYLE_ACCENT)->text = vformat(fmt, ap);
	va_end(ap);
}

void fo_detail_section(fo_detail *d, const char *title)
{
	fo_dline *l = push(d, FO_DL_SECTION, FO_STYLE_ACCENT);
	l->text = fo_strdup(title ? title : "");
}

void fo_detail_field(fo_detail *d, const char *label, fo_style style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fo_dline *l = push(d, FO_DL_FIELD, style);
	l->label = fo_strdup(label ? label : "");
	l->text = vformat(fmt, ap);
	va_end(ap);
}

void fo_detail_text(fo_detail *d, fo_style style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(d, FO_DL_TEXT, style)->text = vformat(fmt, ap);
	va_end(ap);
}

void fo_detail_chart(fo_detail *d, const char *title, const char *unit, double min, double max,
                     const float *samples, size_t n)
{
	fo_dline *l = push(d, FO_DL_CHART, FO_STYLE_NORMAL);
	l->text = fo_strdup(title ? title : "");
	l->label = fo_strdup(unit ? unit : "");
	l->min = min;
	l->max = max > min ? max : min + 1;
	if (n) {
		l->samples = malloc(n * sizeof *samples);
		if (!l->samples)
			abort();
		memcpy(l->samples, samples, n * sizeof *samples);
	}
	l->nsamples = n;
}

fo_status fo_view_detail(fo_core *core, const fo_view_spec *s, const char *key, fo_detail *d)
{
	fo_detail_reset(d);
	if (!s->detail) {
		fo_detail_text(d, FO_STYLE_DIM, "This view has no detail.");
		return FO_OK;
	}
	return s->detail(core, fo_view_ud(core, s), key, d);
}
