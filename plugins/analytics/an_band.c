/* an_band.c — metrics leaving their usual band raise an alert through the
 * alert engine (rule MetricOutOfBand): with each stats computation, for
 * every fleet and every metric of analytics.band_metrics, the last closed
 * bucket of the second finest tier (a minute by default) is compared with
 * the band forecast for it from the buckets before (exponential smoothing
 * on the last 360 buckets, 6 hours of minutes; its interval at
 * analytics.band_level from the model's own past errors, an_forecast).  A value outside is one
 * label set {fleet, metric, side} with the value; the engine does the rest (for, keep_firing_for,
 * grouping, silences, acknowledgement). */
#include "an_band.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAND_HISTORY 360 /* buckets fitted (6 hours of minutes) */
#define BAND_MIN 30      /* fewer: no band yet */

/* The tier the band is drawn on: the second finest (1 min by default),
 * the only one when there is one. */
static int band_tier(const an_tiers *t)
{
	return t->n > 1 ? 1 : 0;
}

/* Checks one fleet's metric; adds a breach when the last closed minute is
 * outside its band. */
static void check(an_band *b, const char *key, const an_window *w, int m)
{
	size_t last = w->nb;
	while (last > 0 && !w->present[last - 1])
		last--;
	if (last < BAND_MIN + 1)
		return;
	double *y = malloc(last * sizeof *y);
	if (!y)
		abort();
	size_t first = 0;
	while (first < last && !w->present[first])
		first++;
	size_t n = 0;
	for (size_t i = first; i + 1 < last; i++)
		y[n++] = w->present[i] ? an_metric_value(w->vals + i * AN_NMETRICS, m) : NAN;
	double value = an_metric_value(w->vals + (last - 1) * AN_NMETRICS, m);
	/* not clamped at 0: a fleet that stops moving is below its band */
	an_hw_spec spec = {.season = 0, .trend = AN_TREND_NONE, .level = b->level, .counts = false};
	an_pred p;
	an_hw_model mod;
	char err[160];
	if (n >= BAND_MIN &&
	    an_hw_forecast(y, n, &spec, &p, 1, &mod, err, sizeof err) == AN_FC_OK &&
	    (value < p.lower || value > p.upper) && b->nbreach < AN_BAND_MAX) {
		an_breach *x = &b->breach[b->nbreach++];
		snprintf(x->fleet, sizeof x->fleet, "%s", key + 2);
		snprintf(x->metric, sizeof x->metric, "%s", an_metric_name(m));
		x->value = value;
		x->lower = p.lower;
		x->upper = p.upper;
		x->above = value > p.upper;
	}
	free(y);
}

void an_band_update(an_band *b)
{
	an_stats *s = b->stats;
	an_hist *h = s->h;
	b->nbreach = 0;
	int tier = band_tier(&h->tiers);
	if (b->nmetrics == 0)
		return;
	int64_t res = h->tiers.t[tier].res_s;
	int64_t now = (int64_t)(fo_wall_ms() / 1000u);
	int64_t to = now - now % res; /* closed buckets only */
	for (size_t i = 0; i < s->n; i++) {
		const char *key = s->v[i].key;
		if (key[0] != 'f' || key[1] != '/')
			continue;
		an_window w;
		char err[200];
		if (an_read(h, key, to - BAND_HISTORY * res, to, tier, 0, &w, err, sizeof err) != 0)
			continue;
		for (size_t k = 0; k < b->nmetrics; k++)
			check(b, key, &w, b->metric[k]);
		an_window_free(&w);
	}
	b->gen = s->gen;
}

static void expr(fo_core *core, fo_alert_eval *ev, void *ud)
{
	an_band *b = ud;
	if (b->gen != b->stats->gen)
		an_band_update(b);
	for (size_t i = 0; i < b->nbreach; i++) {
		const an_breach *x = &b->breach[i];
		const char *labels[] = {"fleet",   x->fleet, "metric",
		                        x->metric, "side",   x->above ? "above" : "below"};
		fo_alert_emit(ev, labels, 3, x->value);
	}
}

int an_band_start(an_band *b, an_stats *s, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	b->stats = s;
	fo_core *core = s->h->core;
	b->level = fo_config_double(core, "analytics.band_level");
	const char *list = fo_config_str(core, "analytics.band_metrics");
	if (!*list || strcmp(list, "none") == 0)
		return 0;
	char why[300];
	int n = an_metrics_arg(list, b->metric, AN_NMETRICS, why, sizeof why);
	if (n < 0) {
		snprintf(err, errlen, "analytics.band_metrics: %s", why);
		return -1;
	}
	b->nmetrics = (size_t)n;
	fo_alert_rule_spec spec = {
	    .name = "MetricOutOfBand",
	    .expr = expr,
	    .ud = b,
	    .for_ms = 0,
	    .keep_firing_for_ms = 5 * 60 * 1000,
	    .severity = "warning",
	    .labels = "source=analytics",
	    .summary =
	        "{{ $labels.fleet }}: {{ $labels.metric }} {{ $labels.side }} its usual band",
	    .description =
	        "{{ $labels.metric }} of {{ $labels.fleet }} was {{ $value | printf "
	        "\"%.2f\" }} in its last bucket, {{ $labels.side }} the band forecast from "
	        "the buckets before (analytics.band_level)",
	};
	if (fo_alert_rule_add(core, &spec, err, errlen) != 0)
		return -1;
	b->rule = true;
	return 0;
}

void an_band_stop(an_band *b)
{
	if (b->rule && b->stats)
		fo_alert_rule_remove(b->stats->h->core, "MetricOutOfBand");
	b->rule = false;
}
