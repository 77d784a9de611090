/* an_views.c — the Analytics views over the last computation of an_stats:
 * analytics.health (every vehicle's score, worst first, with what costs it
 * points; the detail shows the components and the trend), analytics.
 * efficiency (each fleet's KPIs over the window) and analytics.predictions
 * (when each vehicle's battery reaches battery_low, with its interval).
 * Each is a report too (`report show VIEW`). */
#include "an_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows: the subjects of one kind, in the view's order. */
static void rows_rebuild(an_views *w, char kind, int (*cmp)(const void *, const void *, void *),
                         size_t **rows, size_t *n, uint64_t *gen)
{
	an_stats *s = w->stats;
	if (*gen == s->gen && *rows)
		return;
	free(*rows);
	*rows = malloc((s->n + 1) * sizeof **rows);
	if (!*rows)
		abort();
	*n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].key[0] == kind && s->v[i].key[1] == '/')
			(*rows)[(*n)++] = i;
	if (cmp && *n > 1)
		qsort_r(*rows, *n, sizeof **rows, cmp, s->v);
	*gen = s->gen;
}

/* Worst health first; unknown scores last; then by key.  v: the stats. */
static int by_health(const void *a, const void *b, void *v)
{
	const an_stat *sv = v;
	const an_stat *x = &sv[*(const size_t *)a], *y = &sv[*(const size_t *)b];
	double sx = x->health.score, sy = y->health.score;
	if (isnan(sx) != isnan(sy))
		return isnan(sx) ? 1 : -1;
	if (!isnan(sx) && sx != sy)
		return sx < sy ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* Soonest depletion first; not draining last. */
static int by_depletion(const void *a, const void *b, void *v)
{
	const an_stat *sv = v;
	const an_stat *x = &sv[*(const size_t *)a], *y = &sv[*(const size_t *)b];
	bool kx = x->batt.status == AN_FC_OK, ky = y->batt.status == AN_FC_OK;
	if (kx != ky)
		return kx ? -1 : 1;
	if (kx) {
		double tx = (double)x->batt_at_ms / 1000.0 + x->batt.point;
		double ty = (double)y->batt_at_ms / 1000.0 + y->batt.point;
		if (tx != ty)
			return tx < ty ? -1 : 1;
	}
	return strcmp(x->key, y->key);
}

static const an_stat *row_stat(an_views *w, const size_t *rows, size_t n, size_t row)
{
	return row < n ? &w->stats->v[rows[row]] : NULL;
}

static void prepare(fo_core *core, void *ud)
{
	an_views *w = ud;
	an_stats_wait(w->stats);
}

static uint64_t generation(fo_core *core, void *ud)
{
	an_views *w = ud;
	return w->stats->gen;
}

/* The component costing the most points, "faults -12". */
static void top_text(const an_stat *x, char *buf, size_t len)
{
	const an_health_result *r = &x->health;
	if (isnan(r->score) || r->ntop == 0 || r->top[0].cost < 0.05) {
		snprintf(buf, len, "%s", isnan(r->score) ? "not known" : "-");
		return;
	}
	const an_health_contrib *c = &r->top[0];
	snprintf(buf, len, "%s -%.0f%s", an_hcomp_name((an_hcomp)c->part), c->cost,
	         c->capped ? " (cap)" : "");
}

static void pct_cell(fo_cell *c, double fraction)
{
	if (!isnan(fraction))
		fo_cell_num(c, fraction * 100.0, 1);
}

/* ---------------------------------------------------------------- health */

enum {
	HC_VEH,
	HC_FLEET,
	HC_SCORE,
	HC_TOP,
	HC_AVAIL,
	HC_FAULTS,
	HC_CONN,
	HC_UTIL,
	HC_IDLE,
	HC_KM,
	HC__N
};

static const fo_column health_cols[HC__N] = {
    [HC_VEH] = {"vehicle", "Vehicle", FO_COL_TEXT, 12, false, NULL},
    [HC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [HC_SCORE] = {"score", "Health", FO_COL_NUM, 6, false, "0-100"},
    [HC_TOP] = {"top", "Costs most", FO_COL_TEXT, 22, false, NULL},
    [HC_AVAIL] = {"availability", "A_o", FO_COL_PERCENT, 6, false, "%"},
    [HC_FAULTS] = {"faults_kh", "Faults/kh", FO_COL_NUM, 9, false, "per 1,000 h"},
    [HC_CONN] = {"connectivity", "Conn", FO_COL_PERCENT, 6, false, "%"},
    [HC_UTIL] = {"utilization", "Util", FO_COL_PERCENT, 6, false, "%"},
    [HC_IDLE] = {"idle", "Idle", FO_COL_PERCENT, 6, false, "%"},
    [HC_KM] = {"km", "km", FO_COL_NUM, 7, false, "km"},
};

static size_t health_rows(fo_core *core, void *ud)
{
	an_views *w = ud;
	rows_rebuild(w, 'v', by_health, &w->hrows, &w->nh, &w->hgen);
	return w->nh;
}

static void health_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	an_views *w = ud;
	health_rows(core, ud);
	const an_stat *x = row_stat(w, w->hrows, w->nh, row);
	snprintf(buf, len, "%s", x ? x->key + 2 : "");
}

static void health_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	an_views *w = ud;
	health_rows(core, ud);
	const an_stat *x = row_stat(w, w->hrows, w->nh, row);
	if (!x)
		return;
	const an_totals *t = &x->tot;
	char top[48];
	switch (col) {
	case HC_VEH:
		fo_cell_text(c, "%s", x->key + 2);
		break;
	case HC_FLEET: {
		fo_model *m = fo_core_model(core);
		long vi = fo_model_vehicle_find(m, x->key + 2);
		const fo_vehicle *v = vi >= 0 ? fo_model_vehicle(m, (size_t)vi) : NULL;
		const fo_fleet *f = v ? fo_model_fleet(m, v->fleet) : NULL;
		if (f)
			fo_cell_text(c, "%s", f->id);
		break;
	}
	case HC_SCORE:
		if (isnan(x->health.score))
			break;
		fo_cell_num(c, x->health.score, 0);
		c->style = x->health.score < 50   ? FO_STYLE_ERROR
		           : x->health.score < 75 ? FO_STYLE_WARN
		                                  : FO_STYLE_OK;
		break;
	case HC_TOP:
		top_text(x, top, sizeof top);
		fo_cell_text(c, "%s", top);
		break;
	case HC_AVAIL:
		pct_cell(c, an_kpi_avail_operational(t));
		break;
	case HC_FAULTS:
		if (!isnan(an_kpi_faults_per_kh(t)))
			fo_cell_num(c, an_kpi_faults_per_kh(t), 1);
		break;
	case HC_CONN:
		if (!isnan(x->raw[AN_HC_CONNECTIVITY]))
			pct_cell(c, fmin(x->raw[AN_HC_CONNECTIVITY], 1.0));
		break;
	case HC_UTIL:
		pct_cell(c, an_kpi_utilization(t));
		break;
	case HC_IDLE:
		pct_cell(c, an_kpi_idle_ratio(t));
		break;
	case HC_KM:
		fo_cell_num(c, t->km, 2);
		break;
	default:
		break;
	}
}

/* The score's parts, then the window's trend of driving, idle and
 * battery from history. */
static fo_status health_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	an_views *w = ud;
	char subject[64];
	snprintf(subject, sizeof subject, "v/%s", key);
	const an_stat *x = an_stats_find(w->stats, subject);
	if (!x)
		return FO_ERR;
	const an_health_result *r = &x->health;
	fo_detail_title(d, "%s: health %s", key, isnan(r->score) ? "not known" : "");
	fo_detail_section(d, "Score");
	if (!isnan(r->score)) {
		fo_detail_field(d, "score", r->score < 50 ? FO_STYLE_ERROR : FO_STYLE_NORMAL,
		                "%.0f of 100", r->score);
		fo_detail_field(d, "weighted mean", FO_STYLE_NORMAL, "%.1f", r->mean);
		if (r->cap_binds)
			fo_detail_field(d, "capped", FO_STYLE_WARN, "at %.0f by %s", r->cap,
			                an_hcomp_name((an_hcomp)r->capped_by));
	}
	fo_detail_section(d, "What costs points (adds up to 100 - score)");
	for (size_t i = 0; i < r->ntop; i++) {
		const an_health_contrib *c = &r->top[i];
		const an_health_part *p = &x->parts[c->part];
		fo_detail_field(d, p->name, c->cost >= 10 ? FO_STYLE_WARN : FO_STYLE_NORMAL,
		                "-%.1f  (sub-score %.0f, weight %.0f%s)", c->cost, p->score,
		                p->weight, c->capped ? ", its cap binds" : "");
	}
	for (size_t k = 0; k < AN_HC__COUNT; k++)
		if (isnan(x->parts[k].score))
			fo_detail_field(d, x->parts[k].name, FO_STYLE_DIM, "not known: %s",
			                k == AN_HC_BATTERY ? "no battery state of health reported"
			                : k == AN_HC_MAINTENANCE ? "no maintenance plan"
			                : k == AN_HC_SAFETY ? "safety events are not in history yet"
			                                    : "nothing observed in the window");
	const an_totals *t = &x->tot;
	fo_detail_section(d, "Window");
	fo_detail_field(d, "observed", FO_STYLE_NORMAL, "%.1f h", an_totals_observed_s(t) / 3600);
	fo_detail_field(d, "availability A_o", FO_STYLE_NORMAL, "%.1f %%",
	                an_kpi_avail_operational(t) * 100);
	fo_detail_field(d, "faults", FO_STYLE_NORMAL, "%llu (%.1f per 1,000 h)",
	                (unsigned long long)t->faults, an_kpi_faults_per_kh(t));
	fo_detail_field(d, "state messages", FO_STYLE_NORMAL, "%llu seen, %llu expected",
	                (unsigned long long)t->msgs_received, (unsigned long long)t->msgs_expected);
	fo_detail_field(d, "distance", FO_STYLE_NORMAL, "%.2f km", t->km);
	fo_detail_field(d, "missions", FO_STYLE_NORMAL, "%llu completed, %llu failed",
	                (unsigned long long)t->missions_succeeded,
	                (unsigned long long)t->missions_failed);
	/* the trend: up to 48 buckets over the window */
	an_window win;
	char err[200];
	int64_t now = (int64_t)(fo_wall_ms() / 1000u);
	if (an_read(w->stats->h, subject, now - w->stats->window_s, now, -1, 48, &win, err,
	            sizeof err) == 0) {
		float drive[48], batt[48];
		size_t n = 0;
		for (size_t b = 0; b < win.nb && n < 48; b++) {
			if (!win.present[b])
				continue;
			const int64_t *v = win.vals + b * AN_NMETRICS;
			double seen = 0;
			for (int k = 0; k < AN_NSTATES; k++)
				seen += (double)v[AN_M_STATE0 + k];
			drive[n] =
			    seen > 0 ? (float)(100.0 * (double)v[AN_M_STATE0 + 2] / seen) : 0;
			batt[n] = (float)an_metric_value(v, AN_M_BATT_CP);
			n++;
		}
		char title[80];
		snprintf(title, sizeof title, "driving, share of each %llds", (long long)win.res_s);
		if (n >= 2) {
			fo_detail_chart(d, title, "%", 0, 100, drive, n);
			fo_detail_chart(d, "battery at each bucket's end", "%", 0, 100, batt, n);
		} else {
			fo_detail_text(d, FO_STYLE_DIM,
			               "trend: fewer than two buckets of history yet");
		}
		an_window_free(&win);
	}
	return FO_OK;
}

/* ---------------------------------------------------------------- efficiency */

enum {
	EC_FLEET,
	EC_VEH,
	EC_HEALTH,
	EC_UTIL,
	EC_IDLE,
	EC_AO,
	EC_KM,
	EC_DONE,
	EC_FAILED,
	EC_SUCCESS,
	EC_KWHKM,
	EC_FAULTS,
	EC_CONN,
	EC__N
};

static const fo_column eff_cols[EC__N] = {
    [EC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [EC_VEH] = {"vehicles", "Veh", FO_COL_NUM, 5, false, NULL},
    [EC_HEALTH] = {"health", "Health", FO_COL_NUM, 6, false, "0-100"},
    [EC_UTIL] = {"utilization", "Util", FO_COL_PERCENT, 6, false, "%"},
    [EC_IDLE] = {"idle", "Idle", FO_COL_PERCENT, 6, false, "%"},
    [EC_AO] = {"availability", "A_o", FO_COL_PERCENT, 6, false, "%"},
    [EC_KM] = {"km", "km", FO_COL_NUM, 8, false, "km"},
    [EC_DONE] = {"missions_done", "Done", FO_COL_NUM, 6, false, NULL},
    [EC_FAILED] = {"missions_failed", "Failed", FO_COL_NUM, 6, false, NULL},
    [EC_SUCCESS] = {"success", "Success", FO_COL_PERCENT, 7, false, "%"},
    [EC_KWHKM] = {"kwh_per_km", "kWh/km", FO_COL_NUM, 7, false, "kWh/km"},
    [EC_FAULTS] = {"faults_kh", "Faults/kh", FO_COL_NUM, 9, false, "per 1,000 h"},
    [EC_CONN] = {"connectivity", "Conn", FO_COL_PERCENT, 6, false, "%"},
};

static size_t eff_rows(fo_core *core, void *ud)
{
	an_views *w = ud;
	rows_rebuild(w, 'f', NULL, &w->frows, &w->nf, &w->fgen);
	return w->nf;
}

static void eff_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	an_views *w = ud;
	eff_rows(core, ud);
	const an_stat *x = row_stat(w, w->frows, w->nf, row);
	snprintf(buf, len, "%s", x ? x->key + 2 : "");
}

static void eff_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	an_views *w = ud;
	eff_rows(core, ud);
	const an_stat *x = row_stat(w, w->frows, w->nf, row);
	if (!x)
		return;
	const an_totals *t = &x->tot;
	switch (col) {
	case EC_FLEET:
		fo_cell_text(c, "%s", x->key + 2);
		break;
	case EC_VEH:
		fo_cell_num(c, (double)x->sum[AN_M_SUBJECTS], 0);
		break;
	case EC_HEALTH:
		if (!isnan(x->health.score))
			fo_cell_num(c, x->health.score, 0);
		break;
	case EC_UTIL:
		pct_cell(c, an_kpi_utilization(t));
		break;
	case EC_IDLE:
		pct_cell(c, an_kpi_idle_ratio(t));
		break;
	case EC_AO:
		pct_cell(c, an_kpi_avail_operational(t));
		break;
	case EC_KM:
		fo_cell_num(c, t->km, 1);
		break;
	case EC_DONE:
		fo_cell_num(c, (double)t->missions_succeeded, 0);
		break;
	case EC_FAILED:
		fo_cell_num(c, (double)t->missions_failed, 0);
		break;
	case EC_SUCCESS:
		pct_cell(c, an_kpi_success_rate(t));
		break;
	case EC_KWHKM:
		if (!isnan(an_kpi_kwh_per_km(t)))
			fo_cell_num(c, an_kpi_kwh_per_km(t), 3);
		break;
	case EC_FAULTS:
		if (!isnan(an_kpi_faults_per_kh(t)))
			fo_cell_num(c, an_kpi_faults_per_kh(t), 1);
		break;
	case EC_CONN:
		if (!isnan(x->raw[AN_HC_CONNECTIVITY]))
			pct_cell(c, fmin(x->raw[AN_HC_CONNECTIVITY], 1.0));
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- predictions */

enum { PC_VEH, PC_BATT, PC_DRAIN, PC_AT, PC_IN, PC_LOW, PC_HIGH, PC_MODEL, PC__N };

static const fo_column pred_cols[PC__N] = {
    [PC_VEH] = {"vehicle", "Vehicle", FO_COL_TEXT, 12, false, NULL},
    [PC_BATT] = {"battery", "Battery", FO_COL_PERCENT, 7, false, "%"},
    [PC_DRAIN] = {"drain", "Drain", FO_COL_NUM, 6, false, "%/h"},
    [PC_AT] = {"low_at", "Reaches low at", FO_COL_TIME, 19, false, NULL},
    [PC_IN] = {"low_in", "In", FO_COL_NUM, 6, false, "min"},
    [PC_LOW] = {"earliest", "80% from", FO_COL_NUM, 8, false, "min"},
    [PC_HIGH] = {"latest", "80% to", FO_COL_NUM, 8, false, "min"},
    [PC_MODEL] = {"model", "Model / why none", FO_COL_TEXT, 26, false, NULL},
};

static size_t pred_rows(fo_core *core, void *ud)
{
	an_views *w = ud;
	rows_rebuild(w, 'v', by_depletion, &w->prows, &w->np, &w->pgen);
	return w->np;
}

static void pred_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	an_views *w = ud;
	pred_rows(core, ud);
	const an_stat *x = row_stat(w, w->prows, w->np, row);
	snprintf(buf, len, "%s", x ? x->key + 2 : "");
}

static void pred_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	an_views *w = ud;
	pred_rows(core, ud);
	const an_stat *x = row_stat(w, w->prows, w->np, row);
	if (!x)
		return;
	const an_pred *p = &x->batt;
	bool ok = p->status == AN_FC_OK;
	/* minutes from now */
	double base = ((double)x->batt_at_ms - (double)fo_wall_ms()) / 60000.0;
	switch (col) {
	case PC_VEH:
		fo_cell_text(c, "%s", x->key + 2);
		break;
	case PC_BATT:
		if (x->nb)
			fo_cell_num(c, x->bp[x->nb - 1], 1);
		break;
	case PC_DRAIN:
		if (!isnan(x->drain_pct_h))
			fo_cell_num(c, x->drain_pct_h, 1);
		break;
	case PC_AT:
		if (ok)
			fo_cell_time(c, x->batt_at_ms + (uint64_t)(p->point * 1000.0));
		break;
	case PC_IN:
		if (ok) {
			fo_cell_num(c, fmax(0, base + p->point / 60.0), 0);
			if (base + p->point / 60.0 < 30)
				c->style = FO_STYLE_WARN;
		}
		break;
	case PC_LOW:
		if (ok)
			fo_cell_num(c, fmax(0, base + p->lower / 60.0), 0);
		break;
	case PC_HIGH:
		if (ok && isfinite(p->upper))
			fo_cell_num(c, base + p->upper / 60.0, 0);
		else if (ok)
			fo_cell_text(c, "not bounded");
		break;
	case PC_MODEL:
		fo_cell_text(c, "%s",
		             ok                                ? p->model
		             : p->status == AN_FC_NOT_DRAINING ? "not draining (charging or idle)"
		                                               : "too few readings since a charge");
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- compare */

enum {
	CC_FLEET,
	CC_KM,
	CC_KM_PREV,
	CC_KM_CHANGE,
	CC_UTIL,
	CC_UTIL_PREV,
	CC_DONE,
	CC_DONE_PREV,
	CC_FAULTS,
	CC_FAULTS_PREV,
	CC_AO,
	CC_AO_PREV,
	CC__N
};

static const fo_column cmp_cols[CC__N] = {
    [CC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [CC_KM] = {"km", "km", FO_COL_NUM, 8, false, "km"},
    [CC_KM_PREV] = {"km_before", "before", FO_COL_NUM, 8, false, "km"},
    [CC_KM_CHANGE] = {"km_change", "change", FO_COL_NUM, 7, false, "%"},
    [CC_UTIL] = {"utilization", "Util", FO_COL_PERCENT, 6, false, "%"},
    [CC_UTIL_PREV] = {"utilization_before", "before", FO_COL_PERCENT, 6, false, "%"},
    [CC_DONE] = {"missions_done", "Done", FO_COL_NUM, 6, false, NULL},
    [CC_DONE_PREV] = {"missions_done_before", "before", FO_COL_NUM, 6, false, NULL},
    [CC_FAULTS] = {"faults", "Faults", FO_COL_NUM, 6, false, NULL},
    [CC_FAULTS_PREV] = {"faults_before", "before", FO_COL_NUM, 6, false, NULL},
    [CC_AO] = {"availability", "A_o", FO_COL_PERCENT, 6, false, "%"},
    [CC_AO_PREV] = {"availability_before", "before", FO_COL_PERCENT, 6, false, "%"},
};

static size_t cmp_rows(fo_core *core, void *ud)
{
	an_views *w = ud;
	rows_rebuild(w, 'f', NULL, &w->crows, &w->nc, &w->cgen);
	return w->nc;
}

static void cmp_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	an_views *w = ud;
	cmp_rows(core, ud);
	const an_stat *x = row_stat(w, w->crows, w->nc, row);
	snprintf(buf, len, "%s", x ? x->key + 2 : "");
}

/* A window seen at all: something observed in it. */
static bool seen(const an_totals *t)
{
	return an_totals_observed_s(t) > 0;
}

static void cmp_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	an_views *w = ud;
	cmp_rows(core, ud);
	const an_stat *x = row_stat(w, w->crows, w->nc, row);
	if (!x)
		return;
	const an_totals *t = &x->tot, *p = &x->ptot;
	bool before = seen(p);
	switch (col) {
	case CC_FLEET:
		fo_cell_text(c, "%s", x->key + 2);
		break;
	case CC_KM:
		fo_cell_num(c, t->km, 1);
		break;
	case CC_KM_PREV:
		if (before)
			fo_cell_num(c, p->km, 1);
		break;
	case CC_KM_CHANGE:
		if (before && p->km > 0) {
			double ch = (t->km - p->km) / p->km * 100.0;
			fo_cell_num(c, ch, 0);
			c->style = ch < -10 ? FO_STYLE_WARN : FO_STYLE_NORMAL;
		}
		break;
	case CC_UTIL:
		pct_cell(c, an_kpi_utilization(t));
		break;
	case CC_UTIL_PREV:
		if (before)
			pct_cell(c, an_kpi_utilization(p));
		break;
	case CC_DONE:
		fo_cell_num(c, (double)t->missions_succeeded, 0);
		break;
	case CC_DONE_PREV:
		if (before)
			fo_cell_num(c, (double)p->missions_succeeded, 0);
		break;
	case CC_FAULTS:
		fo_cell_num(c, (double)t->faults, 0);
		break;
	case CC_FAULTS_PREV:
		if (before)
			fo_cell_num(c, (double)p->faults, 0);
		break;
	case CC_AO:
		pct_cell(c, an_kpi_avail_operational(t));
		break;
	case CC_AO_PREV:
		if (before)
			pct_cell(c, an_kpi_avail_operational(p));
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- registration */

static const fo_view_spec views[] = {
    {.name = "analytics.health",
     .title = "Health",
     .summary = "every vehicle's health score over the window, worst first, with what costs it "
                "points",
     .cols = health_cols,
     .ncols = HC__N,
     .row_count = health_rows,
     .cell = health_cell,
     .row_key = health_key,
     .generation = generation,
     .detail = health_detail,
     .empty_text = "no history yet: from --demo or --mqtt URL (VDA 5050 vehicles), written "
                   "every minute by the process holding the store's history lease (history "
                   "status); scores follow every analytics.stats_every_s",
     .prepare = prepare},
    {.name = "analytics.efficiency",
     .title = "Efficiency",
     .summary = "each fleet's utilization, availability, distance, missions and faults over the "
                "window",
     .cols = eff_cols,
     .ncols = EC__N,
     .row_count = eff_rows,
     .cell = eff_cell,
     .row_key = eff_key,
     .generation = generation,
     .drill_view = "analytics.health",
     .drill_column = "fleet",
     .empty_text = "no fleet history yet (history status)",
     .prepare = prepare},
    {.name = "analytics.compare",
     .title = "Compare",
     .summary = "each fleet over the window against the window before (analytics.window 7d: "
                "this week against last)",
     .cols = cmp_cols,
     .ncols = CC__N,
     .row_count = cmp_rows,
     .cell = cmp_cell,
     .row_key = cmp_key,
     .generation = generation,
     .drill_view = "analytics.health",
     .drill_column = "fleet",
     .empty_text = "no fleet history yet (history status)",
     .prepare = prepare},
    {.name = "analytics.predictions",
     .title = "Predictions",
     .summary = "when each vehicle's battery reaches analytics.battery_low, with an 80% interval",
     .cols = pred_cols,
     .ncols = PC__N,
     .row_count = pred_rows,
     .cell = pred_cell,
     .row_key = pred_key,
     .generation = generation,
     .empty_text = "no vehicle history yet (history status)",
     .prepare = prepare},
};

int an_views_register(an_views *w, fo_core *core, char *err, size_t errlen)
{
	for (size_t i = 0; i < FO_NELEM(views); i++)
		if (fo_view_register(core, &views[i], w) != 0) {
			snprintf(err, errlen, "cannot register view %s", views[i].name);
			return -1;
		}
	return 0;
}

void an_views_free(an_views *w)
{
	free(w->hrows);
	free(w->frows);
	free(w->prows);
	free(w->crows);
	memset(w, 0, sizeof *w);
}
