/* report_json.c — a report as one JSON document.  The shape is fixed by
 * scripts/report/report.schema.json (documented in README.md, Reports):
 * stable field names (the views' column names), times ISO 8601 UTC, units
 * in "columns". */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void fo_json_string(fo_out *out, const char *s)
{
	fo_out_printf(out, "\"");
	while (*s) {
		/* the plain run at once, then one escaped character */
		size_t n = 0;
		while (s[n] && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		if (n)
			fo_out_printf(out, "%.*s", (int)n, s);
		s += n;
		if (!*s)
			break;
		unsigned char c = (unsigned char)*s++;
		if (c == '"' || c == '\\')
			fo_out_printf(out, "\\%c", c);
		else if (c == '\n')
			fo_out_printf(out, "\\n");
		else if (c == '\r')
			fo_out_printf(out, "\\r");
		else if (c == '\t')
			fo_out_printf(out, "\\t");
		else
			fo_out_printf(out, "\\u%04x", c);
	}
	fo_out_printf(out, "\"");
}

static void json_opt_string(fo_out *out, const char *s)
{
	if (s)
		fo_json_string(out, s);
	else
		fo_out_printf(out, "null");
}

static void json_time(fo_out *out, uint64_t ms)
{
	char buf[40];
	if (!ms) {
		fo_out_printf(out, "null");
		return;
	}
	fo_report_iso(ms, buf, sizeof buf);
	fo_json_string(out, buf);
}

void fo_report_json(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	char num[64];
	fo_out_printf(out, "{\n  \"report_version\": 1,\n  \"view\": ");
	fo_json_string(out, s->name);
	fo_out_printf(out, ",\n  \"title\": ");
	fo_json_string(out, s->title);
	fo_out_printf(out, ",\n  \"summary\": ");
	json_opt_string(out, s->summary);
	fo_out_printf(out, ",\n  \"generated_at\": ");
	json_time(out, r->generated_ms);
	fo_out_printf(out, ",\n  \"since\": ");
	json_time(out, r->since_ms);
	fo_out_printf(out, ",\n  \"until\": ");
	json_time(out, r->until_ms);
	fo_out_printf(out, ",\n  \"filter\": ");
	json_opt_string(out, r->filter);
	fo_out_printf(out, ",\n  \"sort\": ");
	json_opt_string(out, r->sort);
	fo_out_printf(out, ",\n  \"tenant\": ");
	json_opt_string(out, r->tenant);
	fo_out_printf(out, ",\n  \"fleet\": ");
	json_opt_string(out, r->fleet);
	fo_out_printf(out, ",\n  \"empty_text\": ");
	json_opt_string(out, s->empty_text);
	fo_out_printf(out, ",\n  \"columns\": [");
	for (size_t k = 0; k < r->ncols; k++) {
		const fo_column *c = &s->cols[r->cols[k]];
		fo_out_printf(out, "%s\n    {\"name\": ", k ? "," : "");
		fo_json_string(out, c->name);
		fo_out_printf(out, ", \"title\": ");
		fo_json_string(out, c->title);
		fo_out_printf(out, ", \"type\": \"%s\", \"unit\": ", fo_report_col_type(c->type));
		json_opt_string(out, c->unit && *c->unit ? c->unit : NULL);
		fo_out_printf(out, "}");
	}
	fo_out_printf(out, "\n  ],\n  \"row_count\": %zu,\n  \"rows\": [", r->nrows);
	fo_cell cell;
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		fo_out_printf(out, "%s\n    {", i ? "," : "");
		for (size_t k = 0; k < r->ncols; k++) {
			const fo_column *c = &s->cols[r->cols[k]];
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			fo_out_printf(out, "%s", k ? ", " : "");
			fo_json_string(out, c->name);
			fo_out_printf(out, ": ");
			switch (c->type) {
			case FO_COL_NUM:
			case FO_COL_PERCENT:
				if (cell.is_num) {
					fo_report_num(cell.num, num, sizeof num);
					fo_out_printf(out, "%s", num);
				} else {
					fo_out_printf(out, "null");
				}
				break;
			case FO_COL_TIME:
				json_opt_string(out, *cell.text ? cell.text : NULL);
				break;
			case FO_COL_TEXT:
				fo_json_string(out, cell.text);
				break;
			}
		}
		fo_out_printf(out, "}");
	}
	fo_out_printf(out, "%s],\n  \"charts\": [", r->nrows ? "\n  " : "");
	for (size_t i = 0; i < r->ncharts; i++) {
		const fo_dline *l = r->charts[i].line;
		fo_out_printf(out, "%s\n    {\"row\": ", i ? "," : "");
		fo_json_string(out, r->charts[i].key);
		fo_out_printf(out, ", \"title\": ");
		fo_json_string(out, l->text ? l->text : "");
		fo_out_printf(out, ", \"unit\": ");
		json_opt_string(out, l->label && *l->label ? l->label : NULL);
		fo_out_printf(out, ", \"min\": %.6g, \"max\": %.6g, \"samples\": [",
		              isfinite(l->min) ? l->min : 0, isfinite(l->max) ? l->max : 0);
		for (size_t k = 0; k < l->nsamples; k++) {
			/* a float's own precision, not the double's digits */
			if (isfinite(l->samples[k]))
				fo_out_printf(out, "%s%.6g", k ? ", " : "", (double)l->samples[k]);
			else
				fo_out_printf(out, "%snull", k ? ", " : "");
		}
		fo_out_printf(out, "]}");
	}
	fo_out_printf(out, "%s]\n}\n", r->ncharts ? "\n  " : "");
}
