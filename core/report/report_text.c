/* report_text.c — the text formats of a report: an aligned table that fits
 * a width, CSV (RFC 4180) and Markdown. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Display width of UTF-8 text in code points (view cells hold no wide
 * glyphs). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Bytes of the first n code points of s. */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t b = 0;
	while (s[b] && n) {
		b++;
		while (((unsigned char)s[b] & 0xC0) == 0x80)
			b++;
		n--;
	}
	return b;
}

static bool right_aligned(const fo_column *c)
{
	return c->type == FO_COL_NUM || c->type == FO_COL_PERCENT;
}

/* Writes text with spaces it owes from before (*pending) but keeps its own
 * trailing spaces, and the padding after it, owed: a line never ends in
 * spaces, however many cells at its end are empty. */
static void put_owing(fo_out *out, const char *text, size_t bytes, size_t *pending)
{
	size_t n = bytes;
	while (n && text[n - 1] == ' ')
		n--;
	if (n) {
		fo_out_printf(out, "%*s%.*s", (int)*pending, "", (int)n, text);
		*pending = 0;
	}
	*pending += bytes - n;
}

static void put_padded(fo_out *out, const char *raw, size_t width, bool right, bool last,
                       size_t *pending)
{
	/* one line per row: control characters (line breaks, tabs) become
	 * spaces */
	char text[sizeof((fo_cell *)0)->text];
	snprintf(text, sizeof text, "%s", raw);
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	size_t w = text_width(text);
	if (w > width) { /* cut, and say so with an ellipsis */
		size_t keep = width ? width - 1 : 0;
		put_owing(out, text, prefix_bytes(text, keep), pending);
		if (width)
			put_owing(out, "…", strlen("…"), pending);
		w = width;
	} else {
		if (right) {
			*pending += width - w;
			w = width;
		}
		put_owing(out, text, strlen(text), pending);
	}
	if (!last)
		*pending += width - w + 2;
}

void fo_report_table(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	size_t nc = r->ncols;
	size_t width[64];
	fo_cell cell;
	for (size_t k = 0; k < nc; k++)
		width[k] = text_width(s->cols[r->cols[k]].title);
	for (size_t i = 0; i < r->nrows; i++)
		for (size_t k = 0; k < nc; k++) {
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			size_t w = text_width(cell.text);
			if (w > width[k])
				width[k] = w;
		}
	/* Fit the width: narrow the widest column one cell at a time (down to
	 * 4), then leave out columns from the right. */
	if (r->width) {
		for (;;) {
			size_t total = nc ? 2 * (nc - 1) : 0, widest = 0;
			for (size_t k = 0; k < nc; k++) {
				total += width[k];
				if (width[k] > width[widest])
					widest = k;
			}
			if (total <= r->width || !nc)
				break;
			if (width[widest] > 4)
				width[widest]--;
			else if (nc > 1)
				nc--;
			else
				break;
		}
	}
	size_t pending = 0;
	for (size_t k = 0; k < nc; k++) {
		const fo_column *c = &s->cols[r->cols[k]];
		put_padded(out, c->title, width[k], right_aligned(c), k + 1 == nc, &pending);
	}
	fo_out_printf(out, "\n");
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		pending = 0;
		for (size_t k = 0; k < nc; k++) {
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			put_padded(out, cell.text, width[k], right_aligned(&s->cols[r->cols[k]]),
			           k + 1 == nc, &pending);
		}
		fo_out_printf(out, "\n");
	}
	if (!r->nrows && s->empty_text && !fo_viewstate_rows(r->vs))
		fo_out_printf(out, "(%s)\n", s->empty_text);
}

/* ---- CSV, RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled.  Numbers are plain (no unit), times ISO
 * 8601 UTC, the header names the stable column names. */

static void csv_field(fo_out *out, const char *text, bool last)
{
	bool quote = strpbrk(text, ",\"\r\n") != NULL;
	if (!quote) {
		fo_out_printf(out, "%s", text);
	} else {
		fo_out_printf(out, "\"");
		for (const char *p = text; *p;) {
			const char *q = strchr(p, '"');
			size_t l = q ? (size_t)(q - p) : strlen(p);
			fo_out_printf(out, "%.*s", (int)l, p);
			if (!q)
				break;
			fo_out_printf(out, "\"\"");
			p = q + 1;
		}
		fo_out_printf(out, "\"");
	}
	fo_out_printf(out, last ? "\r\n" : ",");
}

void fo_report_csv(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	for (size_t k = 0; k < r->ncols; k++)
		csv_field(out, s->cols[r->cols[k]].name, k + 1 == r->ncols);
	fo_cell cell;
	char num[64];
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		for (size_t k = 0; k < r->ncols; k++) {
			const fo_column *c = &s->cols[r->cols[k]];
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			const char *text = cell.text;
			if (c->type == FO_COL_NUM || c->type == FO_COL_PERCENT) {
				num[0] = '\0';
				if (cell.is_num)
					fo_report_num(cell.num, num, sizeof num);
				text = strcmp(num, "null") == 0 ? "" : num;
			}
			csv_field(out, text, k + 1 == r->ncols);
		}
	}
}

/* ---- Markdown (GitHub tables) */

static void md_text(fo_out *out, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "|\\*_`<\n\r");
		if (n)
			fo_out_printf(out, "%.*s", (int)n, text);
		text += n;
		if (!*text)
			break;
		char c = *text++;
		if (c == '\n' || c == '\r')
			fo_out_printf(out, " ");
		else
			fo_out_printf(out, "\\%c", c);
	}
}

void fo_report_md(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	char when[40];
	fo_report_iso(r->generated_ms, when, sizeof when);
	fo_out_printf(out, "# ");
	md_text(out, s->title);
	fo_out_printf(out, " (`%s`)\n\n", s->name);
	if (s->summary) {
		md_text(out, s->summary);
		fo_out_printf(out, "\n\n");
	}
	fo_out_printf(out, "Generated %s; %zu row%s", when, r->nrows, r->nrows == 1 ? "" : "s");
	if (r->filter) {
		fo_out_printf(out, "; filter `");
		for (const char *p = r->filter; *p; p++)
			fo_out_printf(out, "%c", *p == '`' ? '\'' : *p);
		fo_out_printf(out, "`");
	}
	if (r->sort)
		fo_out_printf(out, "; sorted by `%s`", r->sort);
	if (r->tenant) {
		fo_out_printf(out, "; tenant ");
		md_text(out, r->tenant);
	}
	if (r->fleet) {
		fo_out_printf(out, "; fleet ");
		md_text(out, r->fleet);
	}
	char t[40];
	if (r->since_ms) {
		fo_report_iso(r->since_ms, t, sizeof t);
		fo_out_printf(out, "; since %s", t);
	}
	if (r->until_ms) {
		fo_report_iso(r->until_ms, t, sizeof t);
		fo_out_printf(out, "; until %s", t);
	}
	fo_out_printf(out, ".\n\n");
	if (!r->nrows && s->empty_text && !fo_viewstate_rows(r->vs)) {
		fo_out_printf(out, "_");
		md_text(out, s->empty_text);
		fo_out_printf(out, "_\n\n");
	}
	fo_out_printf(out, "|");
	for (size_t k = 0; k < r->ncols; k++) {
		const fo_column *c = &s->cols[r->cols[k]];
		fo_out_printf(out, " ");
		md_text(out, c->title);
		if (c->unit && *c->unit) {
			fo_out_printf(out, " (");
			md_text(out, c->unit);
			fo_out_printf(out, ")");
		}
		fo_out_printf(out, " |");
	}
	fo_out_printf(out, "\n|");
	for (size_t k = 0; k < r->ncols; k++)
		fo_out_printf(out, "%s|", right_aligned(&s->cols[r->cols[k]]) ? "---:" : ":---");
	fo_out_printf(out, "\n");
	fo_cell cell;
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		fo_out_printf(out, "|");
		for (size_t k = 0; k < r->ncols; k++) {
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			fo_out_printf(out, " ");
			md_text(out, cell.text);
			fo_out_printf(out, " |");
		}
		fo_out_printf(out, "\n");
	}
}
