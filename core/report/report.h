/* report.h — `fleetops report VIEW`: any registered view rendered headless
 * as table, CSV, JSON, Markdown or HTML (with SVG charts).
 *
 * report.c gathers one report (the view state with filter, sort, columns,
 * scope and time window applied, the rows that pass, the detail charts);
 * report_text.c, report_json.c and report_html.c render it; nothing in here
 * knows any particular view. */
#ifndef FO_REPORT_H
#define FO_REPORT_H

#include "view.h"

typedef enum { FO_RFMT_TABLE, FO_RFMT_CSV, FO_RFMT_JSON, FO_RFMT_MD, FO_RFMT_HTML } fo_rfmt;

/* One line chart of a row's detail.  line is BORROWED from the report's
 * details; key is the row key. */
typedef struct {
	const char *key;
	const fo_dline *line;
} fo_rchart;

typedef struct {
	fo_core *core;
	const fo_view_spec *spec;
	fo_viewstate *vs;
	size_t *rows; /* visible rows of vs that passed scope and window */
	size_t nrows;
	int cols[64]; /* columns shown, in the order asked for */
	size_t ncols;
	uint64_t generated_ms; /* wall clock, or SOURCE_DATE_EPOCH */
	/* what was asked, for the report's header; NULL when not given.
	 * BORROWED from the command's arguments. */
	const char *filter, *sort, *tenant, *fleet;
	uint64_t since_ms, until_ms; /* 0: open */
	size_t width;                /* table: most columns of text, 0: no limit */
	fo_rchart *charts;
	size_t ncharts;
	/* internal: details and keys the charts point into (OWNED) */
	fo_detail **details;
	char **keys;
	size_t ndetails;
	/* progress on stderr (only when it is a terminal and this takes long) */
	uint64_t started_ms, shown_ms;
	bool progress_ok, progress_shown;
} fo_report;

/* The value of a cell as a report writes it.  For FO_COL_TIME cells the
 * text is replaced by ISO 8601 UTC ("2026-11-27T08:15:00Z"). */
void fo_report_cell(const fo_report *r, size_t i, size_t col, fo_cell *cell);
/* ISO 8601 UTC with seconds, "Z"; buf of at least 32 bytes. */
void fo_report_iso(uint64_t epoch_ms, char *buf, size_t len);
/* A number as JSON and CSV write it ("%.10g"; "null" when not finite). */
void fo_report_num(double v, char *buf, size_t len);
/* Type name of a column for the JSON header: text, number, percent, time. */
const char *fo_report_col_type(fo_col_type t);
/* Shows "rows N/M" on stderr when allowed and the report runs > 0.5 s. */
void fo_report_progress(fo_report *r, const char *what, size_t done, size_t total);

/* Text escaped for HTML and SVG (& < > " ') appended to out. */
void fo_report_html_text(fo_out *out, const char *s);

/* Renderers: append the whole document to out. */
void fo_report_table(const fo_report *r, fo_out *out);
void fo_report_csv(const fo_report *r, fo_out *out);
void fo_report_md(const fo_report *r, fo_out *out);
void fo_report_json(const fo_report *r, fo_out *out);
void fo_report_html(const fo_report *r, fo_out *out);

/* Registers `report show`, `report list` and `completion bash`. */
void fo_report_register(fo_core *core);
/* The bash completion script, generated from the registry (report_complete.c). */
void fo_report_completion_bash(fo_core *core, fo_out *out);

/* `help man SECTION` (report_man.c). */
extern const fo_cmd_spec fo_report_man_cmd;

/* Parses a --since/--until value relative to now_ms: a duration ("90s",
 * "15m", "2h", "1h30m", "7d", "2w": that long before now) or a timestamp
 * ("2026-11-27T08:00:00Z", "...+01:00", "2026-11-27 08:00", "2026-11-27";
 * no zone means UTC).  Returns 0 with *out_ms set, or -1. */
int fo_report_parse_time(const char *s, uint64_t now_ms, uint64_t *out_ms);

#endif
