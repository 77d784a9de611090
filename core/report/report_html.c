/* report_html.c — a report as one self-contained, printable HTML file:
 * inline CSS, the table, and inline SVG charts (no scripts, fonts or
 * images from anywhere else).
 *
 * Charts: a bar chart of each numeric column when the report has 2..40
 * rows, and the line charts of the rows' details (battery and speed
 * history of a vehicle, for instance) for the first --charts rows. */
#include "report.h"

#include "core.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BAR_ROWS_MAX 40

void fo_report_html_text(fo_out *out, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "&<>\"'");
		if (n)
			fo_out_printf(out, "%.*s", (int)n, s);
		s += n;
		if (!*s)
			break;
		switch (*s++) {
		case '&':
			fo_out_printf(out, "&amp;");
			break;
		case '<':
			fo_out_printf(out, "&lt;");
			break;
		case '>':
			fo_out_printf(out, "&gt;");
			break;
		case '"':
			fo_out_printf(out, "&quot;");
			break;
		default:
			fo_out_printf(out, "&#39;");
		}
	}
}

static const char style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2em;"
    "color:#1a1a1a;background:#fff}\n"
    "h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.5em 0 .5em}\n"
    "p.meta{color:#555;margin:.2em 0 1em}code{font-family:ui-monospace,monospace}\n"
    "table{border-collapse:collapse;font-size:.9em}\n"
    "th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;"
    "white-space:nowrap}\n"
    "th{background:#f0f2f5;border-bottom:2px solid #999}td.num,th.num{text-align:right;"
    "font-variant-numeric:tabular-nums}\n"
    "tr:nth-child(even) td{background:#fafbfc}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}\n"
    "figure{margin:0;border:1px solid #ddd;padding:.5em;break-inside:avoid}\n"
    "figcaption{font-size:.85em;color:#333;margin-bottom:.3em}\n"
    "svg text{font-family:sans-serif;font-size:11px;fill:#444}\n"
    ".fo-line{fill:none;stroke:#1f6feb;stroke-width:1.5}\n"
    ".fo-bar{fill:#1f6feb}.fo-axis{stroke:#999;stroke-width:1}\n"
    "@media print{body{margin:0}th{background:#eee}figure{border-color:#999}}\n";

/* A line chart of a detail's samples, y fixed to min..max. */
static void svg_line(fo_out *out, const char *key, const fo_dline *l)
{
	const double W = 480, H = 160, x0 = 48, x1 = 470, y0 = 12, y1 = 134;
	fo_out_printf(out, "<figure class=\"fo-chart\"><figcaption>");
	fo_report_html_text(out, key);
	fo_out_printf(out, " — ");
	fo_report_html_text(out, l->text ? l->text : "");
	if (l->label && *l->label) {
		fo_out_printf(out, " (");
		fo_report_html_text(out, l->label);
		fo_out_printf(out, ")");
	}
	fo_out_printf(
	    out,
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fo-line-chart\" "
	    "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
	    W, H, W, H);
	double lo = l->min, hi = l->max;
	if (!(hi > lo))
		hi = lo + 1;
	fo_out_printf(out,
	              "<line class=\"fo-axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>"
	              "<line class=\"fo-axis\" x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n",
	              x0, y0, x0, y1, x0, y1, x1, y1);
	fo_out_printf(out,
	              "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.4g</text>"
	              "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%.4g</text>\n",
	              x0 - 4, y0 + 4, hi, x0 - 4, y1, lo);
	fo_out_printf(out,
	              "<text x=\"%.0f\" y=\"%.0f\">oldest</text>"
	              "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">now (%zu samples)</text>\n",
	              x0, H - 8, x1, H - 8, l->nsamples);
	if (l->nsamples >= 2) {
		fo_out_printf(out, "<polyline class=\"fo-line\" points=\"");
		for (size_t i = 0; i < l->nsamples; i++) {
			double v = isfinite(l->samples[i]) ? l->samples[i] : lo;
			if (v < lo)
				v = lo;
			if (v > hi)
				v = hi;
			double x = x0 + (x1 - x0) * (double)i / (double)(l->nsamples - 1);
			double y = y1 - (y1 - y0) * (v - lo) / (hi - lo);
			fo_out_printf(out, "%s%.1f,%.1f", i ? " " : "", x, y);
		}
		fo_out_printf(out, "\"/>\n");
	} else {
		fo_out_printf(out,
		              "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">"
		              "not enough samples yet</text>\n",
		              (x0 + x1) / 2, (y0 + y1) / 2);
	}
	fo_out_printf(out, "</svg></figure>\n");
}

/* Horizontal bars of one numeric column, one per row, labelled by the
 * row's first column. */
static void svg_bars(fo_out *out, const fo_report *r, size_t k)
{
	const fo_column *c = &r->spec->cols[r->cols[k]];
	fo_cell cell, label;
	double lo = 0, hi = c->type == FO_COL_PERCENT ? 100 : 0;
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_cell(r, i, (size_t)r->cols[k], &cell);
		if (cell.is_num && isfinite(cell.num)) {
			if (cell.num > hi)
				hi = cell.num;
			if (cell.num < lo)
				lo = cell.num;
		}
	}
	if (!(hi > lo))
		hi = lo + 1;
	const double bar = 16, gap = 4, lx = 130, x1 = 400, top = 6;
	double H = top * 2 + (double)r->nrows * (bar + gap);
	fo_out_printf(out, "<figure class=\"fo-chart\"><figcaption>");
	fo_report_html_text(out, c->title);
	if (c->unit && *c->unit) {
		fo_out_printf(out, " (");
		fo_report_html_text(out, c->unit);
		fo_out_printf(out, ")");
	}
	fo_out_printf(out, " by ");
	fo_report_html_text(out, r->spec->cols[r->cols[0]].title);
	fo_out_printf(
	    out,
	    "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fo-bar-chart\" "
	    "width=\"480\" height=\"%.0f\" viewBox=\"0 0 480 %.0f\" role=\"img\">\n",
	    H, H);
	double zero = lx + (x1 - lx) * (0 - lo) / (hi - lo);
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_cell(r, i, (size_t)r->cols[0], &label);
		fo_report_cell(r, i, (size_t)r->cols[k], &cell);
		double y = top + (double)i * (bar + gap);
		fo_out_printf(out, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", lx - 6,
		              y + bar - 4);
		fo_report_html_text(out, label.text);
		fo_out_printf(out, "</text>");
		if (cell.is_num && isfinite(cell.num)) {
			double x = lx + (x1 - lx) * (cell.num - lo) / (hi - lo);
			double a = x < zero ? x : zero, w = fabs(x - zero);
			fo_out_printf(out,
			              "<rect class=\"fo-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			              "height=\"%.0f\"><title>",
			              a, y, w < 0.5 ? 0.5 : w, bar);
			fo_report_html_text(out, cell.text);
			fo_out_printf(out, "</title></rect><text x=\"%.1f\" y=\"%.1f\">", a + w + 4,
			              y + bar - 4);
			fo_report_html_text(out, cell.text);
			fo_out_printf(out, "</text>");
		}
		fo_out_printf(out, "\n");
	}
	fo_out_printf(out,
	              "<line class=\"fo-axis\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\"/>\n",
	              zero, zero, H);
	fo_out_printf(out, "</svg></figure>\n");
}

static void meta(fo_out *out, const fo_report *r)
{
	char t[40];
	fo_report_iso(r->generated_ms, t, sizeof t);
	fo_out_printf(out, "<p class=\"meta\">View <code>");
	fo_report_html_text(out, r->spec->name);
	fo_out_printf(out, "</code>; generated %s; %zu row%s", t, r->nrows,
	              r->nrows == 1 ? "" : "s");
	struct {
		const char *label, *value;
	} opt[] = {{"filter", r->filter},
	           {"sorted by", r->sort},
	           {"tenant", r->tenant},
	           {"fleet", r->fleet}};
	for (size_t i = 0; i < sizeof opt / sizeof opt[0]; i++) {
		if (!opt[i].value)
			continue;
		fo_out_printf(out, "; %s <code>", opt[i].label);
		fo_report_html_text(out, opt[i].value);
		fo_out_printf(out, "</code>");
	}
	if (r->since_ms) {
		fo_report_iso(r->since_ms, t, sizeof t);
		fo_out_printf(out, "; since %s", t);
	}
	if (r->until_ms) {
		fo_report_iso(r->until_ms, t, sizeof t);
		fo_out_printf(out, "; until %s", t);
	}
	fo_out_printf(out, ".</p>\n");
}

void fo_report_html(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	fo_out_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"generator\" content=\"fleetops report\">\n<title>");
	fo_report_html_text(out, s->title);
	fo_out_printf(out, " — fleetops</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
	              style);
	fo_report_html_text(out, s->title);
	fo_out_printf(out, "</h1>\n");
	if (s->summary) {
		fo_out_printf(out, "<p>");
		fo_report_html_text(out, s->summary);
		fo_out_printf(out, "</p>\n");
	}
	meta(out, r);
	fo_view_figure_fn figure = fo_views_figure(r->core->views, s);
	if (figure)
		figure(r->core, fo_view_ud(r->core, s), out);
	if (!r->nrows && s->empty_text && !fo_viewstate_rows(r->vs)) {
		fo_out_printf(out, "<p class=\"empty\"><em>");
		fo_report_html_text(out, s->empty_text);
		fo_out_printf(out, "</em></p>\n");
	}
	fo_out_printf(out, "<table class=\"fo-table\">\n<thead><tr>");
	for (size_t k = 0; k < r->ncols; k++) {
		const fo_column *c = &s->cols[r->cols[k]];
		bool num = c->type == FO_COL_NUM || c->type == FO_COL_PERCENT;
		fo_out_printf(out, "<th%s>", num ? " class=\"num\"" : "");
		fo_report_html_text(out, c->title);
		if (c->unit && *c->unit) {
			fo_out_printf(out, " (");
			fo_report_html_text(out, c->unit);
			fo_out_printf(out, ")");
		}
		fo_out_printf(out, "</th>");
	}
	fo_out_printf(out, "</tr></thead>\n<tbody>\n");
	fo_cell cell;
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		fo_out_printf(out, "<tr>");
		for (size_t k = 0; k < r->ncols; k++) {
			const fo_column *c = &s->cols[r->cols[k]];
			bool num = c->type == FO_COL_NUM || c->type == FO_COL_PERCENT;
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			fo_out_printf(out, "<td%s>", num ? " class=\"num\"" : "");
			fo_report_html_text(out, cell.text);
			fo_out_printf(out, "</td>");
		}
		fo_out_printf(out, "</tr>\n");
	}
	fo_out_printf(out, "</tbody>\n</table>\n");

	size_t nbars = 0;
	if (r->nrows >= 2 && r->nrows <= BAR_ROWS_MAX && r->ncols >= 2)
		for (size_t k = 1; k < r->ncols; k++) {
			fo_col_type t = s->cols[r->cols[k]].type;
			nbars += t == FO_COL_NUM || t == FO_COL_PERCENT;
		}
	if (nbars) {
		fo_out_printf(out, "<h2>Columns</h2>\n<div class=\"charts\">\n");
		for (size_t k = 1; k < r->ncols; k++) {
			fo_col_type t = s->cols[r->cols[k]].type;
			if (t == FO_COL_NUM || t == FO_COL_PERCENT)
				svg_bars(out, r, k);
		}
		fo_out_printf(out, "</div>\n");
	}
	if (r->ncharts) {
		fo_out_printf(out, "<h2>Detail charts</h2>\n<div class=\"charts\">\n");
		for (size_t i = 0; i < r->ncharts; i++)
			svg_line(out, r->charts[i].key, r->charts[i].line);
		fo_out_printf(out, "</div>\n");
	}
	fo_out_printf(out, "</body>\n</html>\n");
}
