/* an_report.c — `analytics report`: the fleet report over analytics.window
 * (by default the day) as one self-contained HTML page a cron job can
 * mail: each fleet's efficiency against the window before with a chart of
 * its distance (this window solid, the one before dashed: SVG, no
 * scripts), demand against capacity, the least healthy vehicles and why,
 * the batteries that run low soonest.  Written atomically (a temporary
 * file renamed) with --out, else to standard output. */
#include "an_report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { TOP_N = 10, CHART_W = 480, CHART_H = 120 };

static void esc(fo_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fo_buf_str(b, "&lt;");
			break;
		case '>':
			fo_buf_str(b, "&gt;");
			break;
		case '&':
			fo_buf_str(b, "&amp;");
			break;
		case '"':
			fo_buf_str(b, "&quot;");
			break;
		default:
			fo_buf_put(b, s, 1);
		}
	}
}

/* A cell: a number, or a dash for "not known" (never a made-up 0). */
static void td_num(fo_buf *b, double v, int dec, const char *unit)
{
	if (isnan(v))
		fo_buf_str(b, "<td class=\"na\">&ndash;</td>");
	else
		fo_buf_printf(b, "<td>%.*f%s</td>", dec, v, unit);
}

static void td_pct(fo_buf *b, double fraction)
{
	td_num(b, isnan(fraction) ? NAN : fraction * 100.0, 1, " %");
}

/* The distance per bucket of a fleet over [from, to): n values, NAN where
 * there is no data. */
static size_t km_series(an_hist *h, const char *key, int64_t from, int64_t to, double *y,
                        size_t max, int64_t *res)
{
	an_window w;
	char err[200];
	if (an_read(h, key, from, to, -1, max, &w, err, sizeof err) != 0)
		return 0;
	size_t n = w.nb < max ? w.nb : max;
	for (size_t i = 0; i < n; i++)
		y[i] = w.present[i]
		           ? an_metric_value(w.vals + i * AN_NMETRICS, AN_M_DIST_CM) / 1000.0
		           : NAN;
	*res = w.res_s;
	an_window_free(&w);
	return n;
}

static void polyline(fo_buf *b, const double *y, size_t n, double hi, const char *style)
{
	/* breaks at gaps: one polyline per run of data */
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		if (isnan(y[i])) {
			if (open)
				fo_buf_str(b, "\"/>");
			open = false;
			continue;
		}
		if (!open)
			fo_buf_printf(b, "<polyline fill=\"none\" %s points=\"", style);
		open = true;
		double x = n > 1 ? (double)i * (CHART_W - 40) / (double)(n - 1) + 36 : 36;
		double yy = CHART_H - 16 - (hi > 0 ? y[i] / hi : 0) * (CHART_H - 28);
		fo_buf_printf(b, "%.1f,%.1f ", x, yy);
	}
	if (open)
		fo_buf_str(b, "\"/>");
}

static void fleet_chart(fo_buf *b, an_stats *s, const char *key)
{
	double cur[200], prev[200];
	int64_t res = 0, res2 = 0;
	int64_t now = (int64_t)(fo_wall_ms() / 1000u), w = s->window_s;
	size_t n = km_series(s->h, key, now - w, now, cur, 100, &res);
	size_t m = km_series(s->h, key, now - 2 * w, now - w, prev, 100, &res2);
	size_t have = 0;
	for (size_t i = 0; i < n; i++)
		have += !isnan(cur[i]);
	if (have < 2) {
		fo_buf_str(b, "<p class=\"na\">");
		esc(b, key + 2);
		fo_buf_printf(
		    b, ": fewer than two closed buckets of %lld s in the window: no chart</p>",
		    (long long)res);
		return;
	}
	double hi = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(cur[i]) && cur[i] > hi)
			hi = cur[i];
	for (size_t i = 0; i < m && res2 == res; i++)
		if (!isnan(prev[i]) && prev[i] > hi)
			hi = prev[i];
	fo_buf_str(b, "<figure><figcaption>");
	esc(b, key + 2);
	fo_buf_printf(b,
	              ": km each %lld s (solid: this window, dashed: the one before)</figcaption>\n"
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	              "role=\"img\"><line x1=\"36\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
	              "<text x=\"2\" y=\"14\">%.3g</text><text x=\"2\" y=\"%d\">0</text>",
	              (long long)res, CHART_W, CHART_H, CHART_H - 16, CHART_W - 4, CHART_H - 16, hi,
	              CHART_H - 16);
	if (res2 == res && m == n)
		polyline(b, prev, m, hi, "stroke=\"#888\" stroke-dasharray=\"4 3\"");
	polyline(b, cur, n, hi, "stroke=\"#1f6feb\" stroke-width=\"2\"");
	fo_buf_str(b, "</svg></figure>\n");
}

/* Indices of the vehicles, worst health first / soonest low battery
 * first (the views' orders). */
static int by_score(const void *a, const void *b, void *v)
{
	const an_stat *sv = v;
	double x = sv[*(const size_t *)a].health.score, y = sv[*(const size_t *)b].health.score;
	if (isnan(x) != isnan(y))
		return isnan(x) ? 1 : -1;
	return isnan(x) || x == y ? 0 : x < y ? -1 : 1;
}

static double low_at(const an_stat *x)
{
	return x->batt.status == AN_FC_OK ? (double)x->batt_at_ms / 1000.0 + x->batt.point
	                                  : INFINITY;
}

static int by_low(const void *a, const void *b, void *v)
{
	const an_stat *sv = v;
	double x = low_at(&sv[*(const size_t *)a]), y = low_at(&sv[*(const size_t *)b]);
	return x == y ? 0 : x < y ? -1 : 1;
}

static size_t vehicles(const an_stats *s, size_t *idx)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].key[0] == 'v' && s->v[i].key[1] == '/')
			idx[n++] = i;
	return n;
}

static void section_fleets(fo_buf *b, an_stats *s)
{
	fo_buf_str(b, "<h2>Fleets</h2>\n<table><tr><th>Fleet</th><th>Vehicles</th><th>Health</th>"
	              "<th>Utilization</th><th>before</th><th>A<sub>o</sub></th><th>before</th>"
	              "<th>km</th><th>before</th><th>Missions</th><th>before</th><th>Success</th>"
	              "<th>Faults</th><th>before</th></tr>\n");
	for (size_t i = 0; i < s->n; i++) {
		const an_stat *x = &s->v[i];
		if (x->key[0] != 'f' || x->key[1] != '/')
			continue;
		const an_totals *t = &x->tot, *p = &x->ptot;
		bool before = an_totals_observed_s(p) > 0;
		fo_buf_str(b, "<tr><td>");
		esc(b, x->key + 2);
		fo_buf_printf(b, "</td><td>%lld</td>", (long long)x->sum[AN_M_SUBJECTS]);
		td_num(b, x->health.score, 0, "");
		td_pct(b, an_kpi_utilization(t));
		td_pct(b, before ? an_kpi_utilization(p) : NAN);
		td_pct(b, an_kpi_avail_operational(t));
		td_pct(b, before ? an_kpi_avail_operational(p) : NAN);
		td_num(b, t->km, 1, "");
		td_num(b, before ? p->km : NAN, 1, "");
		td_num(b, (double)(t->missions_succeeded + t->missions_failed), 0, "");
		td_num(b, before ? (double)(p->missions_succeeded + p->missions_failed) : NAN, 0,
		       "");
		td_pct(b, an_kpi_success_rate(t));
		td_num(b, (double)t->faults, 0, "");
		td_num(b, before ? (double)p->faults : NAN, 0, "");
		fo_buf_str(b, "</tr>\n");
	}
	fo_buf_str(b, "</table>\n<div class=\"charts\">\n");
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].key[0] == 'f' && s->v[i].key[1] == '/')
			fleet_chart(b, s, s->v[i].key);
	fo_buf_str(b, "</div>\n");
}

static void section_capacity(fo_buf *b, an_capacity *c)
{
	an_capacity_update(c);
	fo_buf_str(b, "<h2>Demand and capacity</h2>\n<table><tr><th>Fleet</th><th>Available</th>"
	              "<th>Capacity /h</th><th>Demand /h</th><th>Next hour</th><th>80 % to</th>"
	              "<th>Headroom /h</th><th>State</th></tr>\n");
	for (size_t i = 0; i < c->n; i++) {
		const an_cap_row *r = &c->rows[i];
		fo_buf_str(b, "<tr><td>");
		esc(b, r->fleet);
		fo_buf_printf(b, "</td><td>%zu of %zu</td>", r->available, r->vehicles);
		td_num(b, r->capacity, 1, "");
		td_num(b, r->demand, 1, "");
		td_num(b, r->fc.point, 1, "");
		td_num(b, r->fc.upper, 1, "");
		td_num(b, r->headroom, 1, "");
		fo_buf_printf(b, "<td>%s</td></tr>\n",
		              r->saturating              ? "<b>saturating</b>"
		              : isnan(r->capacity)       ? "no finished missions"
		              : r->fc.status != AN_FC_OK ? "too little history to forecast"
		                                         : "ok");
	}
	fo_buf_printf(b, "</table>\n<p>Site chargers: %zu busy of %zu now.</p>\n", c->charging,
	              c->chargers);
}

static void section_health(fo_buf *b, an_stats *s, size_t *idx, size_t nv)
{
	qsort_r(idx, nv, sizeof *idx, by_score, s->v);
	fo_buf_printf(b,
	              "<h2>Least healthy vehicles</h2>\n<table><tr><th>Vehicle</th><th>Health</th>"
	              "<th>Costs most</th><th>A<sub>o</sub></th><th>Faults /1,000 h</th></tr>\n");
	for (size_t k = 0; k < nv && k < TOP_N; k++) {
		const an_stat *x = &s->v[idx[k]];
		fo_buf_str(b, "<tr><td>");
		esc(b, x->key + 2);
		fo_buf_str(b, "</td>");
		td_num(b, x->health.score, 0, "");
		fo_buf_str(b, "<td>");
		if (x->health.ntop && x->health.top[0].cost >= 0.05)
			fo_buf_printf(b, "%s &minus;%.0f",
			              an_hcomp_name((an_hcomp)x->health.top[0].part),
			              x->health.top[0].cost);
		fo_buf_str(b, "</td>");
		td_pct(b, an_kpi_avail_operational(&x->tot));
		td_num(b, an_kpi_faults_per_kh(&x->tot), 1, "");
		fo_buf_str(b, "</tr>\n");
	}
	fo_buf_str(b, "</table>\n<p class=\"na\">Battery state of health, maintenance and safety "
	              "are not in the scores yet (not known: their weights drop out).</p>\n");
}

static void section_battery(fo_buf *b, an_stats *s, size_t *idx, size_t nv)
{
	qsort_r(idx, nv, sizeof *idx, by_low, s->v);
	fo_buf_printf(b,
	              "<h2>Batteries running low soonest</h2>\n<table><tr><th>Vehicle</th>"
	              "<th>Battery</th><th>Drain %%/h</th><th>Reaches %.0f %% at</th>"
	              "<th>80 %% interval</th></tr>\n",
	              s->battery_low);
	size_t shown = 0;
	for (size_t k = 0; k < nv && shown < TOP_N; k++) {
		const an_stat *x = &s->v[idx[k]];
		if (x->batt.status != AN_FC_OK)
			break;
		char at[32], lo[32], hi[32] = "not bounded";
		fo_iso_time((uint64_t)(low_at(x) * 1000.0), at, sizeof at);
		fo_iso_time(x->batt_at_ms + (uint64_t)(x->batt.lower * 1000.0), lo, sizeof lo);
		if (isfinite(x->batt.upper))
			fo_iso_time(x->batt_at_ms + (uint64_t)(x->batt.upper * 1000.0), hi,
			            sizeof hi);
		fo_buf_str(b, "<tr><td>");
		esc(b, x->key + 2);
		fo_buf_str(b, "</td>");
		td_num(b, x->nb ? x->bp[x->nb - 1] : NAN, 1, " %");
		td_num(b, x->drain_pct_h, 1, "");
		fo_buf_printf(b, "<td>%s</td><td>%s to %s</td></tr>\n", at, lo, hi);
		shown++;
	}
	fo_buf_str(b, "</table>\n");
	if (!shown)
		fo_buf_str(
		    b, "<p class=\"na\">No vehicle is draining steadily enough to predict.</p>\n");
}

/* The page into b. */
static void page(fo_buf *b, an_report *r)
{
	an_stats *s = r->stats;
	char now[32], at[32];
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	fo_iso_time(s->computed_ms, at, sizeof at);
	fo_buf_printf(
	    b,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>fleetops fleet report</title><style>"
	    "body{font-family:sans-serif;margin:1.5em;color:#222}"
	    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
	    "padding:.2em .5em;text-align:right}td:first-child,th:first-child{text-align:left}"
	    ".na{color:#888}.charts{display:flex;flex-wrap:wrap;gap:1em}"
	    "svg text{font-size:10px;fill:#555}</style></head><body>\n"
	    "<h1>Fleet report</h1>\n<p>The %lld s up to %s (figures computed %s), against the %lld "
	    "s "
	    "before. From fleetops' history: a dash is a figure not known, never a zero.</p>\n",
	    (long long)s->window_s, now, at, (long long)s->window_s);
	size_t *idx = malloc((s->n + 1) * sizeof *idx);
	if (!idx)
		abort();
	size_t nv = vehicles(s, idx);
	section_fleets(b, s);
	section_capacity(b, r->capacity);
	section_health(b, s, idx, nv);
	section_battery(b, s, idx, nv);
	free(idx);
	fo_buf_str(b, "</body></html>\n");
}

static fo_status cmd_report(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	an_report *r = ud;
	an_stats_wait(r->stats);
	if (!r->stats->computed_ms) {
		fo_out_error(out, "no figures: %s",
		             *r->stats->error ? r->stats->error : "no history in the window yet");
		return FO_ERR;
	}
	fo_buf b = {0};
	page(&b, r);
	char *html = fo_buf_take(&b);
	fo_buf_free(&b);
	const char *path = fo_args_str(args, "out", NULL);
	if (!path) {
		fo_out_printf(out, "%s", html);
		free(html);
		return FO_OK;
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	bool ok = f && fputs(html, f) >= 0;
	ok = f && fclose(f) == 0 && ok;
	int e = errno;
	free(html);
	if (!ok || rename(tmp, path) != 0) {
		if (ok)
			e = errno;
		unlink(tmp);
		fo_out_error(out, "cannot write %s: %s", path, strerror(e));
		return FO_ERR;
	}
	fo_out_printf(out, "wrote %s\n", path);
	return FO_OK;
}

static const fo_arg_spec report_args[] = {
    {"out", FO_ARG_STRING, false, NULL, "write the page there (atomically), not to stdout"},
};

static const fo_cmd_spec report_cmd = {
    "analytics",
    "report",
    "the fleet report over analytics.window as one HTML page (for a cron job to mail)",
    report_args,
    FO_NELEM(report_args),
    FO_CMD_READONLY_SAFE,
    cmd_report};

int an_report_register(an_report *r, fo_core *core, char *err, size_t errlen)
{
	return fo_cmds_register(core, &report_cmd, 1, r, err, errlen);
}
