/* an_trend.c — `history trend`: one metric of a subject over a window as a
 * chart in the terminal (block characters, ASCII where the locale is not
 * UTF-8), against the window before (--previous: this week against last)
 * or another subject (--vs: two fleets side by side) on the same scale,
 * with the totals and the change. */
#include "analytics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 8, MAX_COLS = 200 };

/* Whether the output may hold UTF-8 (the locale's environment says so). */
static bool utf8_locale(void)
{
	const char *v = getenv("LC_ALL");
	if (!v || !*v)
		v = getenv("LC_CTYPE");
	if (!v || !*v)
		v = getenv("LANG");
	return v && (strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8"));
}

/* The metric per column: buckets summed (counts, seconds, metres) or
 * averaged (levels: battery) into ncols columns; NAN where no bucket had
 * data. */
static void columns(const an_window *w, int m, double *col, size_t ncols)
{
	bool level = m == AN_M_BATT_CP || m == AN_M_BATT_MIN_CP || m == AN_M_SUBJECTS;
	for (size_t c = 0; c < ncols; c++) {
		size_t b0 = c * w->nb / ncols, b1 = (c + 1) * w->nb / ncols;
		double sum = 0;
		size_t n = 0;
		for (size_t b = b0; b < b1 && b < w->nb; b++) {
			if (!w->present[b])
				continue;
			sum += an_metric_value(w->vals + b * AN_NMETRICS, m);
			n++;
		}
		col[c] = n == 0 ? NAN : level ? sum / (double)n : sum;
	}
}

static double total(const double *col, size_t n, bool level)
{
	double s = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(col[i])) {
			s += col[i];
			k++;
		}
	return k == 0 ? NAN : level ? s / (double)k : s;
}

static void chart(fo_out *out, const char *label, const double *col, size_t n, double hi, bool utf8)
{
	static const char *const blocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii[] = " .:-=+*#@";
	fo_out_printf(out, "%s\n", label);
	for (int r = ROWS - 1; r >= 0; r--) {
		/* the scale at the top and the bottom */
		if (r == ROWS - 1 || r == 0)
			fo_out_printf(out, "%10.4g |", r ? hi : 0.0);
		else
			fo_out_printf(out, "%10s |", "");
		for (size_t c = 0; c < n; c++) {
			if (isnan(col[c]) || hi <= 0) {
				/* no data: a mark on the base line */
				fo_out_printf(out, "%s",
				              isnan(col[c]) && r == 0 ? (utf8 ? "·" : ".") : " ");
				continue;
			}
			/* eighths of a row filled at this row */
			double eighths = col[c] / hi * ROWS * 8 - r * 8;
			int k = eighths <= 0 ? 0 : eighths >= 8 ? 8 : (int)lround(eighths);
			if (r == 0 && k == 0 && col[c] > 0)
				k = 1; /* something, however small, shows */
			if (utf8)
				fo_out_printf(out, "%s", blocks[k]);
			else
				fo_out_printf(out, "%c", ascii[k]);
		}
		fo_out_printf(out, "\n");
	}
}

static fo_status cmd_trend(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	an_hist *h = ud;
	char key[64], key2[64] = "", err[300];
	int64_t from, to;
	if (an_subject_key(h, fo_args_str(args, "subject", ""), key, sizeof key, err, sizeof err) !=
	        0 ||
	    an_window_args(args, &from, &to, err, sizeof err) != 0 ||
	    (fo_args_has(args, "vs") && an_subject_key(h, fo_args_str(args, "vs", ""), key2,
	                                               sizeof key2, err, sizeof err) != 0)) {
		fo_out_error(out, "%s", err);
		return FO_ERR;
	}
	int m = an_metric_by_name(fo_args_str(args, "metric", "dist_m"));
	if (m < 0) {
		fo_out_error(out, "no metric '%s' (see history show --help)",
		             fo_args_str(args, "metric", ""));
		return FO_ERR;
	}
	bool previous = fo_args_flag(args, "previous");
	if (previous && key2[0]) {
		fo_out_error(out, "--previous and --vs compare with different things: choose one");
		return FO_ERR;
	}
	long width = fo_args_int(args, "width", 60);
	if (width < 10 || width > MAX_COLS) {
		fo_out_error(out, "--width: 10 to %d columns", MAX_COLS);
		return FO_ERR;
	}
	size_t ncols = (size_t)width;
	an_window a, b;
	int64_t span = to - from;
	if (an_read(h, key, from, to, -1, 4 * ncols, &a, err, sizeof err) != 0) {
		fo_out_error(out, "%s", err);
		return FO_ERR;
	}
	if (a.nb < ncols) /* a column a bucket at most */
		ncols = a.nb;
	bool two = previous || key2[0];
	if (two && an_read(h, key2[0] ? key2 : key, previous ? from - span : from,
	                   previous ? from : to, (int)a.tier, 0, &b, err, sizeof err) != 0) {
		an_window_free(&a);
		fo_out_error(out, "%s", err);
		return FO_ERR;
	}
	double ca[MAX_COLS], cb[MAX_COLS];
	columns(&a, m, ca, ncols);
	if (two)
		columns(&b, m, cb, ncols);
	double hi = 0;
	for (size_t c = 0; c < ncols; c++) {
		if (!isnan(ca[c]) && ca[c] > hi)
			hi = ca[c];
		if (two && !isnan(cb[c]) && cb[c] > hi)
			hi = cb[c];
	}
	/* --ascii is the global option (the console's too) */
	bool utf8 = utf8_locale() && !fo_config_bool(core, "ascii");
	bool level = m == AN_M_BATT_CP || m == AN_M_BATT_MIN_CP || m == AN_M_SUBJECTS;
	char fa[32], ta[32];
	fo_iso_time((uint64_t)from * 1000u, fa, sizeof fa);
	fo_iso_time((uint64_t)to * 1000u, ta, sizeof ta);
	fo_out_printf(out, "%s of %s, %s to %s, %lld s buckets, %zu columns\n", an_metric_name(m),
	              key, fa, ta, (long long)a.res_s, ncols);
	char label[160];
	snprintf(label, sizeof label, "%s", key);
	chart(out, label, ca, ncols, hi, utf8);
	double ta_v = total(ca, ncols, level);
	if (two) {
		if (previous)
			snprintf(label, sizeof label, "%s, the %lld s before", key,
			         (long long)span);
		else
			snprintf(label, sizeof label, "%s", key2);
		chart(out, label, cb, ncols, hi, utf8);
		double tb_v = total(cb, ncols, level);
		fo_out_printf(out, "%s %s: %.4g; %s: %.4g", level ? "mean" : "total", key, ta_v,
		              previous ? "before" : key2, tb_v);
		if (!isnan(ta_v) && !isnan(tb_v) && tb_v != 0)
			fo_out_printf(out, " (%+.1f %%)", (ta_v - tb_v) / fabs(tb_v) * 100.0);
		fo_out_printf(out, "\n");
		an_window_free(&b);
	} else {
		fo_out_printf(out, "%s: %.4g\n", level ? "mean" : "total", ta_v);
	}
	fo_out_printf(out, "(%s: no data, the process was not writing)\n", utf8 ? "·" : ".");
	an_window_free(&a);
	return FO_OK;
}

static const fo_arg_spec trend_args[] = {
    {"subject", FO_ARG_STRING, true, NULL, "a vehicle, fleet or zone id (or v/ID, f/ID, z/ID)"},
    {"metric", FO_ARG_STRING, false, NULL, "what to chart (default dist_m; see history show)"},
    {"last", FO_ARG_STRING, false, NULL, "the window up to --to: a span (default 1h)"},
    {"from", FO_ARG_STRING, false, NULL, "window start: -SPAN (ago) or ISO 8601"},
    {"to", FO_ARG_STRING, false, NULL, "window end: now (default), -SPAN or ISO 8601"},
    {"previous", FO_ARG_BOOL, false, NULL, "against the window before (this week and last)"},
    {"vs", FO_ARG_STRING, false, NULL, "against another vehicle, fleet or zone"},
    {"width", FO_ARG_INT, false, NULL, "columns (default 60; at most one a bucket)"},
};

static const fo_cmd_spec trend_cmd = {
    "history",
    "trend",
    "one metric over a window as a chart, against the window before or another",
    trend_args,
    FO_NELEM(trend_args),
    FO_CMD_READONLY_SAFE,
    cmd_trend};

int an_trend_register(an_hist *h, char *err, size_t errlen)
{
	return fo_cmds_register(h->core, &trend_cmd, 1, h, err, errlen);
}
