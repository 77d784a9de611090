/* report_json.c — a report as one JSON document.  The shape is fixed by
 * scripts/report/report.schema.json (documented in README.md, Reports):
 * stable field names (the views' column names), times ISO 8601 UTC, units
 * in "columns". */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void json_opt_string(fo_buf *b, const char *s)
{
	if (s)
		fo_buf_json_str(b, s);
	else
		fo_buf_str(b, "null");
}

static void json_time(fo_buf *b, uint64_t ms)
{
	char buf[40];
	if (!ms) {
		fo_buf_str(b, "null");
		return;
	}
	fo_report_iso(ms, buf, sizeof buf);
	fo_buf_json_str(b, buf);
}

/* Appends what b holds to out and empties b. */
static void flush(fo_out *out, fo_buf *b)
{
	if (b->n)
		fo_out_printf(out, "%s", b->s);
	fo_buf_free(b);
}

/* Written into a buffer (fo_buf_json_str quotes the strings) that goes to
 * out every 64 KiB or so. */
void fo_report_json(const fo_report *r, fo_out *out)
{
	const fo_view_spec *s = r->spec;
	char num[64];
	fo_buf doc = {0}, *b = &doc;
	fo_buf_str(b, "{\n  \"report_version\": 1,\n  \"view\": ");
	fo_buf_json_str(b, s->name);
	fo_buf_str(b, ",\n  \"title\": ");
	fo_buf_json_str(b, s->title);
	fo_buf_str(b, ",\n  \"summary\": ");
	json_opt_string(b, s->summary);
	fo_buf_str(b, ",\n  \"generated_at\": ");
	json_time(b, r->generated_ms);
	fo_buf_str(b, ",\n  \"since\": ");
	json_time(b, r->since_ms);
	fo_buf_str(b, ",\n  \"until\": ");
	json_time(b, r->until_ms);
	fo_buf_str(b, ",\n  \"filter\": ");
	json_opt_string(b, r->filter);
	fo_buf_str(b, ",\n  \"sort\": ");
	json_opt_string(b, r->sort);
	fo_buf_str(b, ",\n  \"tenant\": ");
	json_opt_string(b, r->tenant);
	fo_buf_str(b, ",\n  \"fleet\": ");
	json_opt_string(b, r->fleet);
	fo_buf_str(b, ",\n  \"empty_text\": ");
	json_opt_string(b, s->empty_text);
	fo_buf_str(b, ",\n  \"columns\": [");
	for (size_t k = 0; k < r->ncols; k++) {
		const fo_column *c = &s->cols[r->cols[k]];
		fo_buf_printf(b, "%s\n    {\"name\": ", k ? "," : "");
		fo_buf_json_str(b, c->name);
		fo_buf_str(b, ", \"title\": ");
		fo_buf_json_str(b, c->title);
		fo_buf_printf(b, ", \"type\": \"%s\", \"unit\": ", fo_report_col_type(c->type));
		json_opt_string(b, c->unit && *c->unit ? c->unit : NULL);
		fo_buf_str(b, "}");
	}
	fo_buf_printf(b, "\n  ],\n  \"row_count\": %zu,\n  \"rows\": [", r->nrows);
	fo_cell cell;
	for (size_t i = 0; i < r->nrows; i++) {
		fo_report_progress((fo_report *)r, "writing", i + 1, r->nrows);
		fo_buf_printf(b, "%s\n    {", i ? "," : "");
		for (size_t k = 0; k < r->ncols; k++) {
			const fo_column *c = &s->cols[r->cols[k]];
			fo_report_cell(r, i, (size_t)r->cols[k], &cell);
			if (k)
				fo_buf_str(b, ", ");
			fo_buf_json_str(b, c->name);
			fo_buf_str(b, ": ");
			switch (c->type) {
			case FO_COL_NUM:
			case FO_COL_PERCENT:
				if (cell.is_num) {
					fo_report_num(cell.num, num, sizeof num);
					fo_buf_str(b, num);
				} else {
					fo_buf_str(b, "null");
				}
				break;
			case FO_COL_TIME:
				json_opt_string(b, *cell.text ? cell.text : NULL);
				break;
			case FO_COL_TEXT:
				fo_buf_json_str(b, cell.text);
				break;
			}
		}
		fo_buf_str(b, "}");
		if (doc.n >= 65536)
			flush(out, b);
	}
	fo_buf_printf(b, "%s],\n  \"charts\": [", r->nrows ? "\n  " : "");
	for (size_t i = 0; i < r->ncharts; i++) {
		const fo_dline *l = r->charts[i].line;
		fo_buf_printf(b, "%s\n    {\"row\": ", i ? "," : "");
		fo_buf_json_str(b, r->charts[i].key);
		fo_buf_str(b, ", \"title\": ");
		fo_buf_json_str(b, l->text ? l->text : "");
		fo_buf_str(b, ", \"unit\": ");
		json_opt_string(b, l->label && *l->label ? l->label : NULL);
		fo_buf_printf(b, ", \"min\": %.6g, \"max\": %.6g, \"samples\": [",
		              isfinite(l->min) ? l->min : 0, isfinite(l->max) ? l->max : 0);
		for (size_t k = 0; k < l->nsamples; k++) {
			/* a float's own precision, not the double's digits */
			if (isfinite(l->samples[k]))
				fo_buf_printf(b, "%s%.6g", k ? ", " : "", (double)l->samples[k]);
			else
				fo_buf_printf(b, "%snull", k ? ", " : "");
		}
		fo_buf_str(b, "]}");
	}
	fo_buf_printf(b, "%s]\n}\n", r->ncharts ? "\n  " : "");
	flush(out, b);
}
