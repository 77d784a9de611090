/* report.c — `fleetops report`: options, the rows a report holds, the
 * detail charts, progress, and the atomic write of the output file. */
#include "report.h"

#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FO_REPORT_CHARTS_DEFAULT 12

static const char *const fmt_names[] = {"table", "csv", "json", "md", "html"};

/* ---- small shared helpers */

void fo_report_iso(uint64_t epoch_ms, char *buf, size_t len)
{
	time_t t = (time_t)(epoch_ms / 1000);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "%s", "");
}

void fo_report_num(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "null");
	else if (v == 0)
		snprintf(buf, len, "0"); /* never "-0" */
	else
		snprintf(buf, len, "%.10g", v);
}

const char *fo_report_col_type(fo_col_type t)
{
	switch (t) {
	case FO_COL_NUM:
		return "number";
	case FO_COL_PERCENT:
		return "percent";
	case FO_COL_TIME:
		return "time";
	case FO_COL_TEXT:
		break;
	}
	return "text";
}

void fo_report_cell(const fo_report *r, size_t i, size_t col, fo_cell *cell)
{
	memset(cell, 0, sizeof *cell);
	fo_viewstate_cell(r->vs, r->rows[i], col, cell);
	if (r->spec->cols[col].type == FO_COL_TIME) {
		if (cell->is_num && cell->num > 0)
			fo_report_iso((uint64_t)cell->num, cell->text, sizeof cell->text);
		else
			cell->text[0] = '\0';
	}
}

void fo_report_progress(fo_report *r, const char *what, size_t done, size_t total)
{
	if (!r->progress_ok)
		return;
	if (!what) { /* finished: clear the line */
		if (r->progress_shown)
			fprintf(stderr, "\r\033[K");
		r->progress_shown = false;
		return;
	}
	if ((done & 1023) && done != total)
		return;
	uint64_t now = fo_wall_ms();
	if (now - r->started_ms < 500 || (now - r->shown_ms < 100 && done != total))
		return;
	r->shown_ms = now;
	fprintf(stderr, "\rfleetops report: %s %zu/%zu\033[K", what, done, total);
	r->progress_shown = true;
}

/* ---- time window */

static int parse_duration(const char *s, uint64_t *ms)
{
	uint64_t total = 0;
	const char *p = s;
	if (!*p)
		return -1;
	while (*p) {
		if (!isdigit((unsigned char)*p))
			return -1;
		char *end;
		errno = 0;
		unsigned long long n = strtoull(p, &end, 10);
		if (errno || n > 1000000000ull)
			return -1;
		uint64_t unit;
		switch (*end) {
		case 's':
			unit = 1000;
			break;
		case 'm':
			unit = 60000;
			break;
		case 'h':
			unit = 3600000;
			break;
		case 'd':
			unit = 86400000;
			break;
		case 'w':
			unit = 7 * 86400000ull;
			break;
		default:
			return -1;
		}
		if (n * unit > UINT64_MAX - total) /* "999999999w999999999w...": no wrap */
			return -1;
		total += n * unit;
		p = end + 1;
	}
	*ms = total;
	return 0;
}

/* n digits exactly (no sign, no space, which sscanf would let in) */
static int digits(const char *p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		*v = *v * 10 + (p[i] - '0');
	}
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][Z|(+|-)hh:mm], every field in its
 * range: 2026-02-30 or an offset of +99:99 is refused, not rolled over. */
static int parse_timestamp(const char *s, uint64_t *ms)
{
	int Y, M, D, h = 0, m = 0;
	double sec = 0;
	if (digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
	    digits(s + 8, 2, &D))
		return -1;
	if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > days_in_month(Y, M))
		return -1;
	const char *p = s + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (digits(p + 1, 2, &h) || p[3] != ':' || digits(p + 4, 2, &m) || h > 23 || m > 59)
			return -1;
		p += 6;
		if (*p == ':') {
			int whole;
			if (digits(p + 1, 2, &whole) || whole > 60) /* 60: a leap second */
				return -1;
			sec = whole;
			p += 3;
			if (*p == '.') {
				double scale = 0.1;
				if (!isdigit((unsigned char)p[1]))
					return -1;
				for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
					sec += (*p - '0') * scale;
			}
		}
	}
	long off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 ||
		    om > 59)
			return -1;
		off = (oh * 60L + om) * 60L * (*p == '-' ? -1 : 1);
		p += 6;
	}
	if (*p)
		return -1;
	struct tm tm = {0};
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	double v = ((double)t - (double)off + sec) * 1000.0;
	if (v < 0)
		return -1;
	*ms = (uint64_t)llround(v);
	return 0;
}

int fo_report_parse_time(const char *s, uint64_t now_ms, uint64_t *out_ms)
{
	uint64_t d;
	if (parse_duration(s, &d) == 0) {
		*out_ms = d < now_ms ? now_ms - d : 1;
		return 0;
	}
	return parse_timestamp(s, out_ms);
}

/* ---- the command */

static fo_rfmt format_from_name(const char *name, bool *ok)
{
	for (size_t i = 0; i < sizeof fmt_names / sizeof fmt_names[0]; i++)
		if (strcmp(name, fmt_names[i]) == 0) {
			*ok = true;
			return (fo_rfmt)i;
		}
	*ok = false;
	return FO_RFMT_TABLE;
}

static bool format_from_ext(const char *path, fo_rfmt *f)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return false;
	static const struct {
		const char *ext;
		fo_rfmt f;
	} map[] = {{".txt", FO_RFMT_TABLE}, {".csv", FO_RFMT_CSV},     {".json", FO_RFMT_JSON},
	           {".md", FO_RFMT_MD},     {".markdown", FO_RFMT_MD}, {".html", FO_RFMT_HTML},
	           {".htm", FO_RFMT_HTML}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcasecmp(dot, map[i].ext) == 0) {
			*f = map[i].f;
			return true;
		}
	return false;
}

/* Columns from "a,b,c" in that order; every name must exist. */
static int set_columns(fo_report *r, const char *list, char *err, size_t errlen)
{
	if (fo_viewstate_set_columns(r->vs, list, err, errlen) != 0)
		return -1;
	r->ncols = 0;
	const char *p = list;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		char name[64];
		if (l && l < sizeof name) {
			memcpy(name, p, l);
			name[l] = '\0';
			int c = fo_view_column_index(r->spec, name);
			if (c < 0) {
				snprintf(err, errlen, "no column '%s' in %s", name, r->spec->name);
				return -1;
			}
			bool dup = false;
			for (size_t k = 0; k < r->ncols; k++)
				dup |= r->cols[k] == c;
			if (!dup && r->ncols < 64)
				r->cols[r->ncols++] = c;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	if (!r->ncols) {
		snprintf(err, errlen, "--columns names no column");
		return -1;
	}
	return 0;
}

static int scope_column(const fo_report *r, const char *name, char *err, size_t errlen)
{
	int c = fo_view_column_index(r->spec, name);
	if (c < 0)
		snprintf(err, errlen, "view %s has no '%s' column: --%s does not apply to it",
		         r->spec->name, name, name);
	return c;
}

static int time_column(const fo_report *r, char *err, size_t errlen)
{
	for (size_t c = 0; c < r->spec->ncols; c++)
		if (r->spec->cols[c].type == FO_COL_TIME)
			return (int)c;
	snprintf(err, errlen,
	         "view %s has no time column: --since and --until apply only to views with "
	         "one (report --list marks them)",
	         r->spec->name);
	return -1;
}

/* Keeps the rows of the view state that pass --tenant, --fleet and the
 * time window, at most limit (0: all). */
static void select_rows(fo_report *r, int tcol, int fcol, int timecol, size_t limit)
{
	size_t n = fo_viewstate_rows(r->vs);
	r->rows = calloc(n ? n : 1, sizeof *r->rows);
	if (!r->rows)
		abort();
	fo_cell cell;
	for (size_t i = 0; i < n && (!limit || r->nrows < limit); i++) {
		fo_report_progress(r, "rows", i + 1, n);
		if (fo_viewstate_source_row(r->vs, i) == SIZE_MAX)
			continue;
		if (tcol >= 0) {
			memset(&cell, 0, sizeof cell);
			fo_viewstate_cell(r->vs, i, (size_t)tcol, &cell);
			if (strcmp(cell.text, r->tenant) != 0)
				continue;
		}
		if (fcol >= 0) {
			memset(&cell, 0, sizeof cell);
			fo_viewstate_cell(r->vs, i, (size_t)fcol, &cell);
			if (strcmp(cell.text, r->fleet) != 0)
				continue;
		}
		if (timecol >= 0) {
			memset(&cell, 0, sizeof cell);
			fo_viewstate_cell(r->vs, i, (size_t)timecol, &cell);
			if (!cell.is_num)
				continue;
			if (r->since_ms && cell.num < (double)r->since_ms)
				continue;
			if (r->until_ms && cell.num > (double)r->until_ms)
				continue;
		}
		r->rows[r->nrows++] = i;
	}
}

/* Detail charts of the first max_rows rows that have any. */
static void gather_charts(fo_report *r, size_t max_rows)
{
	if (!r->spec->detail || !max_rows)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < r->nrows && r->ndetails < max_rows; i++) {
		fo_report_progress(r, "charts", i + 1, r->nrows);
		char key[128];
		fo_viewstate_key(r->vs, r->rows[i], key, sizeof key);
		fo_detail *d = fo_detail_new();
		if (fo_view_detail(r->core, r->spec, key, d) != FO_OK) {
			fo_detail_free(d);
			continue;
		}
		size_t charts = 0;
		for (size_t k = 0; k < fo_detail_count(d); k++)
			charts += fo_detail_line(d, k)->kind == FO_DL_CHART;
		if (!charts) {
			fo_detail_free(d);
			continue;
		}
		r->details = realloc(r->details, (r->ndetails + 1) * sizeof *r->details);
		r->keys = realloc(r->keys, (r->ndetails + 1) * sizeof *r->keys);
		if (!r->details || !r->keys)
			abort();
		r->details[r->ndetails] = d;
		r->keys[r->ndetails] = fo_strdup(key);
		for (size_t k = 0; k < fo_detail_count(d); k++) {
			const fo_dline *l = fo_detail_line(d, k);
			if (l->kind != FO_DL_CHART)
				continue;
			r->charts = fo_grow(r->charts, &cap, r->ncharts + 1, sizeof *r->charts, 16);
			r->charts[r->ncharts].key = r->keys[r->ndetails];
			r->charts[r->ncharts++].line = l;
		}
		r->ndetails++;
	}
}

static void report_free(fo_report *r)
{
	for (size_t i = 0; i < r->ndetails; i++) {
		fo_detail_free(r->details[i]);
		free(r->keys[i]);
	}
	free(r->details);
	free(r->keys);
	free(r->charts);
	free(r->rows);
	fo_viewstate_free(r->vs);
}

/* Lets the simulator run seconds of simulated time at once (deterministic:
 * its steps, and one history sample per simulated second). */
static fo_status advance_sim(fo_core *core, fo_report *r, long seconds, fo_out *out)
{
	double hz = fo_config_double(core, "sim.rate_hz");
	long steps = (long)(hz + 0.5);
	if (steps < 1)
		steps = 1;
	char count[32];
	snprintf(count, sizeof count, "%ld", steps);
	char *argv[] = {(char *)"sim", (char *)"step", (char *)"--count", count};
	fo_out *o = fo_out_new();
	fo_status st = FO_OK;
	for (long s = 0; s < seconds && st == FO_OK; s++) {
		fo_report_progress(r, "simulated seconds", (size_t)s + 1, (size_t)seconds);
		fo_out_clear(o);
		st = fo_registry_run_argv(core, 4, argv, o);
		if (st == FO_OK)
			fo_model_sample(core->model);
	}
	if (st != FO_OK) {
		fo_out_error(out, "report: --advance needs the simulator: %s", fo_out_err(o));
		st = FO_EUSAGE;
	}
	fo_out_free(o);
	return st;
}

static uint64_t report_now(void)
{
	/* Reproducible reports: SOURCE_DATE_EPOCH fixes "generated at". */
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		unsigned long long v = strtoull(e, &end, 10);
		if (!*end)
			return (uint64_t)v * 1000;
	}
	return fo_wall_ms();
}

static size_t terminal_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 0;
}

/* Writes data to path through a temporary file in the same directory and
 * rename(2): readers see the old file or the whole new one, never a part. */
static int write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
		abort();
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	mode_t um = umask(0);
	umask(um);
	int rc = fchmod(fd, 0666 & ~um);
	size_t off = 0;
	while (rc == 0 && off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = -1;
		else
			off += (size_t)w;
	}
	if (rc == 0)
		rc = fsync(fd);
	int saved = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		saved = errno;
	}
	if (rc != 0) {
		unlink(tmp);
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(saved));
	}
	free(tmp);
	return rc;
}

static fo_status cmd_report_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	char err[512] = "";
	const char *vname = fo_args_str(a, "view", "");
	size_t nmatch;
	const fo_view_spec *spec = fo_views_resolve(core->views, vname, &nmatch);
	if (!spec) {
		if (nmatch > 1)
			fo_out_error(out,
			             "report: '%s' has %zu views: name one (try: report --list)",
			             vname, nmatch);
		else
			fo_out_error(out, "report: no view '%s' (try: report --list)", vname);
		return FO_EUSAGE;
	}
	const char *path = fo_args_str(a, "out", NULL);
	if (path && strcmp(path, "-") == 0)
		path = NULL;
	fo_rfmt fmt = FO_RFMT_TABLE;
	const char *fname = fo_args_str(a, "format", NULL);
	if (fname) {
		bool ok;
		fmt = format_from_name(fname, &ok);
		if (!ok) {
			fo_out_error(
			    out, "report: unknown format '%s' (table, csv, json, md, html)", fname);
			return FO_EUSAGE;
		}
	} else if (path && !format_from_ext(path, &fmt)) {
		fo_out_error(out,
		             "report: cannot tell the format from '%s': give --format "
		             "table|csv|json|md|html or name the file .txt, .csv, .json, .md "
		             "or .html",
		             path);
		return FO_EUSAGE;
	}
	long width = fo_args_int(a, "width", -1);
	long limit = fo_args_int(a, "limit", 0);
	long charts = fo_args_int(a, "charts", FO_REPORT_CHARTS_DEFAULT);
	long advance = fo_args_int(a, "advance", 0);
	if ((fo_args_has(a, "width") && (width < 20 || width > 10000)) || limit < 0 || charts < 0 ||
	    advance < 0 || advance > 86400) {
		fo_out_error(out, "report: --width must be 20..10000, --limit and --charts 0 or "
		                  "more, --advance 0..86400 seconds");
		return FO_EUSAGE;
	}

	fo_report r;
	memset(&r, 0, sizeof r);
	r.core = core;
	r.spec = spec;
	r.started_ms = fo_wall_ms();
	r.progress_ok = isatty(STDERR_FILENO) && !fo_core_has_frontend(core);
	r.filter = fo_args_str(a, "filter", NULL);
	r.sort = fo_args_str(a, "sort", NULL);
	r.tenant = fo_args_str(a, "tenant", NULL);
	r.fleet = fo_args_str(a, "fleet", NULL);
	r.vs = fo_viewstate_new(core, spec);
	fo_status st = FO_EUSAGE;
	int tcol = -1, fcol = -1, timecol = -1;
	const char *since = fo_args_str(a, "since", NULL);
	const char *until = fo_args_str(a, "until", NULL);

	if (advance > 0) {
		st = advance_sim(core, &r, advance, out);
		if (st != FO_OK)
			goto done;
		st = FO_EUSAGE;
	}
	if (spec->prepare)
		spec->prepare(core, fo_view_ud(core, spec));
	r.generated_ms = report_now();
	if (since && fo_report_parse_time(since, r.generated_ms, &r.since_ms) != 0) {
		snprintf(err, sizeof err,
		         "bad --since '%s': give a duration (90s, 15m, 2h, 1d, "
		         "1h30m) or a time (2026-11-27T08:00:00Z)",
		         since);
		goto done;
	}
	if (until && fo_report_parse_time(until, r.generated_ms, &r.until_ms) != 0) {
		snprintf(err, sizeof err,
		         "bad --until '%s': give a duration (90s, 15m, 2h, 1d, "
		         "1h30m) or a time (2026-11-27T08:00:00Z)",
		         until);
		goto done;
	}
	if (r.since_ms && r.until_ms && r.since_ms > r.until_ms) {
		snprintf(err, sizeof err, "--since is after --until");
		goto done;
	}
	if ((since || until) && (timecol = time_column(&r, err, sizeof err)) < 0)
		goto done;
	if (r.tenant && (tcol = scope_column(&r, "tenant", err, sizeof err)) < 0)
		goto done;
	if (r.fleet && (fcol = scope_column(&r, "fleet", err, sizeof err)) < 0)
		goto done;
	const char *cols = fo_args_str(a, "columns", NULL);
	if (cols) {
		if (set_columns(&r, cols, err, sizeof err) != 0)
			goto done;
	} else {
		for (size_t c = 0; c < spec->ncols; c++)
			if (fo_viewstate_visible(r.vs, (int)c))
				r.cols[r.ncols++] = (int)c;
	}
	if (r.filter && fo_viewstate_set_filter(r.vs, r.filter, err, sizeof err) != 0)
		goto done;
	if (r.sort) {
		bool desc = *r.sort == '-';
		const char *name = desc || *r.sort == '+' ? r.sort + 1 : r.sort;
		int c = fo_view_column_index(spec, name);
		if (c < 0) {
			snprintf(err, sizeof err, "no column '%s' in %s", name, spec->name);
			goto done;
		}
		fo_viewstate_set_sort(r.vs, c, desc);
	}
	r.width = width > 0 ? (size_t)width : terminal_width();

	fo_viewstate_refresh(r.vs, fo_now_ms(core));
	select_rows(&r, tcol, fcol, timecol, (size_t)limit);
	if (fmt == FO_RFMT_JSON || fmt == FO_RFMT_HTML)
		gather_charts(&r, (size_t)charts);

	fo_out *doc = path ? fo_out_new() : out;
	switch (fmt) {
	case FO_RFMT_TABLE:
		fo_report_table(&r, doc);
		break;
	case FO_RFMT_CSV:
		fo_report_csv(&r, doc);
		break;
	case FO_RFMT_JSON:
		fo_report_json(&r, doc);
		break;
	case FO_RFMT_MD:
		fo_report_md(&r, doc);
		break;
	case FO_RFMT_HTML:
		fo_report_html(&r, doc);
		break;
	}
	fo_report_progress(&r, NULL, 0, 0);
	st = FO_OK;
	if (path) {
		const char *text = fo_out_text(doc);
		if (write_atomic(path, text, strlen(text), err, sizeof err) != 0)
			st = FO_ERR;
		fo_out_free(doc);
	}
done:
	fo_report_progress(&r, NULL, 0, 0);
	if (st != FO_OK && *err)
		fo_out_error(out, "report: %s", err);
	report_free(&r);
	return st;
}

static bool has_time_column(const fo_view_spec *s)
{
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].type == FO_COL_TIME)
			return true;
	return false;
}

static fo_status cmd_report_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	for (size_t i = 0; i < fo_views_count(core->views); i++) {
		const fo_view_spec *v = fo_views_at(core->views, i);
		fo_out_printf(out, "%-26s %s%s%s\n", v->name, v->summary ? v->summary : v->title,
		              v->detail ? " [detail]" : "", has_time_column(v) ? " [time]" : "");
	}
	return FO_OK;
}

static fo_status cmd_completion_bash(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	fo_report_completion_bash(core, out);
	return FO_OK;
}

static const fo_arg_spec report_args[] = {
    {"view", FO_ARG_STRING, true, NULL,
     "view name, or a domain that has one view (see: report --list)"},
    {"format", FO_ARG_STRING, false, NULL,
     "table, csv, json, md or html (default: from the --out extension, else table)"},
    {"out", FO_ARG_STRING, false, NULL, "write to FILE atomically (default: standard output)"},
    {"since", FO_ARG_STRING, false, NULL,
     "rows from this time on: a duration back from now (2h, 1h30m, 7d) or a time "
     "(2026-11-27T08:00:00Z); views with a time column"},
    {"until", FO_ARG_STRING, false, NULL, "rows up to this time (same forms as --since)"},
    {"filter", FO_ARG_STRING, false, NULL,
     "the console's '/' filter: REGEX, COLUMN:REGEX, !EXPR inverts"},
    {"sort", FO_ARG_STRING, false, NULL, "column to sort by; -column for descending"},
    {"columns", FO_ARG_STRING, false, NULL, "comma-separated columns, in this order"},
    {"tenant", FO_ARG_STRING, false, NULL, "only rows whose tenant column is this id"},
    {"fleet", FO_ARG_STRING, false, NULL, "only rows whose fleet column is this id"},
    {"width", FO_ARG_INT, false, NULL,
     "table: fit this many columns of text (default: the terminal's, none when not one)"},
    {"limit", FO_ARG_INT, false, NULL, "at most this many rows"},
    {"charts", FO_ARG_INT, false, NULL,
     "html, json: detail charts of at most this many rows (default 12)"},
    {"advance", FO_ARG_INT, false, NULL,
     "let the simulator (--demo) run this many simulated seconds first"},
};

static const fo_cmd_spec report_cmds[] = {
    {"report", "show", "render a view as table, csv, json, md or html", report_args,
     sizeof report_args / sizeof report_args[0], FO_CMD_READONLY_SAFE, cmd_report_show},
    {"report", "list", "every view a report can render, with a one-line description", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_report_list},
    {"completion", "bash", "bash completion script generated from the command registry", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_completion_bash},
};

void fo_report_register(fo_core *core)
{
	char err[256];
	for (size_t i = 0; i < sizeof report_cmds / sizeof report_cmds[0]; i++)
		if (fo_registry_add(core->registry, &report_cmds[i], NULL, -1, err, sizeof err) !=
		    0)
			fo_log(core, FO_LOG_ERROR, "%s", err);
	if (fo_registry_add(core->registry, &fo_report_man_cmd, NULL, -1, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "%s", err);
}
