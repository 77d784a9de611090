/* an_band.c — metrics leaving their usual band raise an alert through the
 * alert engine (rule MetricOutOfBand): with each stats computation, for
 * every fleet and every metric of analytics.band_metrics, the buckets of
 * the second finest tier (a minute by default) closed since the previous
 * computation are compared with the band forecast for them from the
 * buckets before the previous computation's (exponential smoothing on up
 * to 360 buckets, 6 hours of minutes; intervals at analytics.band_level
 * from the model's own past errors, an_forecast): most of them outside on
 * one side is a breach.  A value outside is one
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

/* Checks one fleet's metric over the last k closed buckets (those since the
 * previous check).  Their band is forecast from the buckets before the k
 * before them: a change that began in the previous check's buckets has not
 * taught the model yet, so it is judged against what came before it.  A
 * breach is most of the k outside their intervals on one side; its value is
 * their mean. */
static void check(an_band *b, const char *key, const an_window *w, int m, size_t k)
{
	size_t last = w->nb;
	while (last > 0 && !w->present[last - 1])
		last--;
	size_t first = 0;
	while (first < last && !w->present[first])
		first++;
	if (last < first + BAND_MIN + 2 * k)
		return;
	size_t n = last - 2 * k - first; /* the buckets the band is fitted on */
	double *y = malloc((n + 2 * k) * sizeof *y);
	an_pred *p = malloc(2 * k * sizeof *p);
	if (!y || !p)
		abort();
	for (size_t i = 0; i < n + 2 * k; i++) {
		size_t at = first + i;
		y[i] = w->present[at] ? an_metric_value(w->vals + at * AN_NMETRICS, m) : NAN;
	}
	/* not clamped at 0: a fleet that stops moving is below its band */
	an_hw_spec spec = {.season = 0, .trend = AN_TREND_NONE, .level = b->level, .counts = false};
	an_hw_model mod;
	char err[160];
	size_t below = 0, above = 0, seen = 0;
	double sum = 0;
	if (an_hw_forecast(y, n, &spec, p, 2 * k, &mod, err, sizeof err) == AN_FC_OK) {
		for (size_t h = k; h < 2 * k; h++) {
			double v = y[n + h];
			if (isnan(v) || p[h].status != AN_FC_OK)
				continue;
			seen++;
			sum += v;
			below += v < p[h].lower;
			above += v > p[h].upper;
		}
	}
	if (seen && (2 * below > seen || 2 * above > seen) && b->nbreach < AN_BAND_MAX) {
		an_breach *x = &b->breach[b->nbreach++];
		snprintf(x->fleet, sizeof x->fleet, "%s", key + 2);
		snprintf(x->metric, sizeof x->metric, "%s", an_metric_name(m));
		x->value = sum / (double)seen;
		x->above = 2 * above > seen;
	}
	free(y);
	free(p);
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
	/* the buckets since the previous check, 1 to 60 */
	size_t recent = (size_t)((int64_t)(s->every_ms / 1000u) / res);
	recent = recent < 1 ? 1 : recent > 60 ? 60 : recent;
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
			check(b, key, &w, b->metric[k], recent);
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
	        "\"%.2f\" }} on average since the last check, mostly {{ $labels.side }} the "
	        "band forecast from the buckets before (analytics.band_level)",
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
