/* an_kpi.c — KPI formulas and the health score of KPIS.md (an_kpi.h). */
#include "an_kpi.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* num / den, or NAN (not defined) when den is not positive. */
static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

void an_totals_add(an_totals *a, const an_totals *b)
{
	for (int i = 0; i < AN_KS__COUNT; i++)
		a->state_s[i] += b->state_s[i];
	a->service_s += b->service_s;
	a->sched_up_s += b->sched_up_s;
	a->sched_down_s += b->sched_down_s;
	a->productive_s += b->productive_s;
	a->idle_long_s += b->idle_long_s;
	a->failures += b->failures;
	a->repairs += b->repairs;
	a->repair_s += b->repair_s;
	a->missions_succeeded += b->missions_succeeded;
	a->missions_failed += b->missions_failed;
	a->missions_aborted += b->missions_aborted;
	a->missions_cancelled += b->missions_cancelled;
	a->deadline_finished += b->deadline_finished;
	a->deadline_on_time += b->deadline_on_time;
	a->kwh += b->kwh;
	a->km += b->km;
	a->tasks_completed += b->tasks_completed;
	a->mission_planned_s += b->mission_planned_s;
	a->mission_actual_s += b->mission_actual_s;
	a->msgs_expected += b->msgs_expected;
	a->msgs_received += b->msgs_received;
	a->safety_events += b->safety_events;
	a->faults += b->faults;
}

double an_totals_observed_s(const an_totals *t)
{
	double sum = 0;
	for (int i = 0; i < AN_KS__COUNT; i++)
		sum += t->state_s[i];
	return sum;
}

double an_totals_downtime_s(const an_totals *t)
{
	return t->state_s[AN_KS_OFFLINE] + t->state_s[AN_KS_ERROR] + t->state_s[AN_KS_ESTOP] +
	       t->service_s;
}

double an_totals_uptime_s(const an_totals *t)
{
	double up = an_totals_observed_s(t) - an_totals_downtime_s(t);
	return up > 0 ? up : 0; /* SERVICE seconds larger than the up states: inconsistent input */
}

double an_totals_powered_s(const an_totals *t)
{
	return an_totals_observed_s(t) - t->state_s[AN_KS_OFFLINE];
}

double an_kpi_mtbf_s(const an_totals *t)
{
	return ratio(an_totals_uptime_s(t), (double)t->failures);
}

double an_kpi_mttr_s(const an_totals *t)
{
	return ratio(t->repair_s, (double)t->repairs);
}

double an_kpi_avail_inherent(const an_totals *t)
{
	double mtbf = an_kpi_mtbf_s(t), mttr = an_kpi_mttr_s(t);
	if (isnan(mtbf) || isnan(mttr))
		return NAN;
	return ratio(mtbf, mtbf + mttr);
}

double an_kpi_avail_operational(const an_totals *t)
{
	return ratio(t->sched_up_s, t->sched_up_s + t->sched_down_s);
}

double an_kpi_utilization(const an_totals *t)
{
	return ratio(t->productive_s, an_totals_uptime_s(t));
}

double an_kpi_idle_ratio(const an_totals *t)
{
	return ratio(t->idle_long_s, an_totals_powered_s(t));
}

/* Missions that ended with an outcome: cancellations are left out. */
static double finished(const an_totals *t)
{
	return (double)t->missions_succeeded + (double)t->missions_failed +
	       (double)t->missions_aborted;
}

double an_kpi_success_rate(const an_totals *t)
{
	return ratio((double)t->missions_succeeded, finished(t));
}

double an_kpi_on_time_rate(const an_totals *t)
{
	return ratio((double)t->deadline_on_time, (double)t->deadline_finished);
}

double an_kpi_oee_a(const an_totals *t)
{
	return an_kpi_avail_operational(t);
}

double an_kpi_oee_p(const an_totals *t)
{
	return ratio(t->mission_planned_s, t->mission_actual_s);
}

double an_kpi_oee_q(const an_totals *t)
{
	return ratio((double)t->missions_succeeded, finished(t));
}

double an_kpi_oee(const an_totals *t)
{
	double a = an_kpi_oee_a(t), p = an_kpi_oee_p(t), q = an_kpi_oee_q(t);
	if (isnan(a) || isnan(p) || isnan(q))
		return NAN;
	return a * p * q;
}

double an_kpi_kwh_per_km(const an_totals *t)
{
	return ratio(t->kwh, t->km);
}

double an_kpi_kwh_per_task(const an_totals *t)
{
	return ratio(t->kwh, (double)t->tasks_completed);
}

double an_kpi_faults_per_kh(const an_totals *t)
{
	/* faults / (uptime / 3600 h) x 1000 */
	return ratio((double)t->faults * 3600.0 * 1000.0, an_totals_uptime_s(t));
}

double an_kpi_safety_per_kkm(const an_totals *t)
{
	return ratio((double)t->safety_events * 1000.0, t->km);
}

double an_kpi_connectivity(const an_totals *t)
{
	return ratio((double)t->msgs_received, (double)t->msgs_expected);
}

double an_kpi_charger_util(double occupied_s, unsigned chargers, double window_s)
{
	return ratio(occupied_s, (double)chargers * window_s);
}

/* ---- Health score ---- */

__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t errlen, const char *fmt,
                                                       ...)
{
	if (err && errlen > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool in_0_100(double v)
{
	return v >= 0 && v <= 100; /* false for NAN */
}

static bool caps_ok(const an_cap_rule *caps, size_t n, const char *who, char *err, size_t errlen)
{
	if (n > AN_HEALTH_CAPS)
		return fail(err, errlen, "%s: %zu cap rules, at most %d", who, n, AN_HEALTH_CAPS);
	for (size_t i = 0; i < n; i++)
		if (!in_0_100(caps[i].below) || !in_0_100(caps[i].cap))
			return fail(err, errlen,
			            "%s: cap rule %zu (below %g, cap %g) is outside 0..100", who,
			            i + 1, caps[i].below, caps[i].cap);
	return true;
}

static bool weight_ok(double w)
{
	return w >= 0 && isfinite(w);
}

/* The lowest cap of the rules that apply to sub-score s; 100 for none. */
static double cap_of(const an_cap_rule *caps, size_t n, double s)
{
	double c = 100;
	for (size_t i = 0; i < n; i++)
		if (s < caps[i].below && caps[i].cap < c)
			c = caps[i].cap;
	return c;
}

bool an_health_score(const an_health_part *parts, size_t n, an_health_result *r, char *err,
                     size_t errlen)
{
	memset(r, 0, sizeof *r);
	r->score = r->mean = NAN;
	r->cap = 100;
	if (n > AN_HEALTH_MAXPARTS)
		return fail(err, errlen, "%zu health components, at most %d", n,
		            AN_HEALTH_MAXPARTS);
	for (size_t i = 0; i < n; i++) {
		const an_health_part *p = &parts[i];
		char who[48];
		if (p->name)
			snprintf(who, sizeof who, "%s", p->name);
		else
			snprintf(who, sizeof who, "component %zu", i + 1);
		if (!weight_ok(p->weight))
			return fail(err, errlen, "%s: weight %g is not a number >= 0", who,
			            p->weight);
		if (!isnan(p->score) && !in_0_100(p->score))
			return fail(err, errlen, "%s: sub-score %g is outside 0..100", who,
			            p->score);
		if (!caps_ok(p->caps, p->ncaps, who, err, errlen))
			return false;
	}

	double sumw = 0, sumws = 0, best_s = 0;
	bool held = false;
	for (size_t i = 0; i < n; i++) {
		const an_health_part *p = &parts[i];
		if (isnan(p->score))
			continue;
		r->nknown++;
		sumw += p->weight;
		sumws += p->weight * p->score;
		double c = cap_of(p->caps, p->ncaps, p->score);
		if (c < r->cap || (held && c == r->cap && p->score < best_s)) {
			r->cap = c;
			r->capped_by = i;
			best_s = p->score;
			held = true;
		}
	}
	if (!(sumw > 0))
		return true; /* nothing weighs: the score is not defined */

	r->mean = sumws / sumw;
	r->cap_binds = held && r->cap < r->mean;
	r->score = r->cap_binds ? r->cap : r->mean;

	for (size_t i = 0; i < n; i++) {
		const an_health_part *p = &parts[i];
		if (isnan(p->score))
			continue;
		an_health_contrib c = {.part = i, .cost = p->weight * (100 - p->score) / sumw};
		if (r->cap_binds && i == r->capped_by) {
			c.cost += r->mean - r->cap;
			c.capped = true;
		}
		/* insertion by cost, largest first; equal costs keep the parts' order */
		size_t k = r->ntop++;
		while (k > 0 && r->top[k - 1].cost < c.cost) {
			r->top[k] = r->top[k - 1];
			k--;
		}
		r->top[k] = c;
	}
	return true;
}

double an_pwl_eval(const an_pwl *f, double x)
{
	if (isnan(x) || f->n == 0 || f->n > AN_PWL_MAX)
		return NAN;
	const an_point *p = f->pt;
	if (x <= p[0].x)
		return p[0].s;
	for (size_t i = 1; i < f->n; i++)
		if (x <= p[i].x)
			return p[i - 1].s +
			       (p[i].s - p[i - 1].s) * (x - p[i - 1].x) / (p[i].x - p[i - 1].x);
	return p[f->n - 1].s;
}

static const char *const hcomp_names[AN_HC__COUNT] = {
    [AN_HC_AVAILABILITY] = "availability",
    [AN_HC_BATTERY] = "battery",
    [AN_HC_FAULTS] = "faults",
    [AN_HC_MAINTENANCE] = "maintenance",
    [AN_HC_CONNECTIVITY] = "connectivity",
    [AN_HC_SAFETY] = "safety",
};

/* The defaults an_kpi.h documents: keep the two in step.  Every component
 * caps the same way: below 20 at 40, below 50 at 70. */
static const an_hcomp_cfg hcomp_defaults[AN_HC__COUNT] = {
    [AN_HC_AVAILABILITY] = {.weight = 25,
                            .norm = {3, {{0.80, 0}, {0.95, 75}, {0.99, 100}}},
                            .ncaps = 2,
                            .caps = {{20, 40}, {50, 70}}},
    [AN_HC_BATTERY] = {.weight = 15,
                       .norm = {4, {{0.70, 0}, {0.80, 40}, {0.90, 80}, {1.00, 100}}},
                       .ncaps = 2,
                       .caps = {{20, 40}, {50, 70}}},
    [AN_HC_FAULTS] = {.weight = 20,
                      .norm = {2, {{0, 100}, {10, 0}}},
                      .ncaps = 2,
                      .caps = {{20, 40}, {50, 70}}},
    [AN_HC_MAINTENANCE] = {.weight = 10,
                           .norm = {3, {{0, 100}, {7, 50}, {30, 0}}},
                           .ncaps = 2,
                           .caps = {{20, 40}, {50, 70}}},
    [AN_HC_CONNECTIVITY] = {.weight = 10,
                            .norm = {3, {{0.50, 0}, {0.90, 50}, {1.00, 100}}},
                            .ncaps = 2,
                            .caps = {{20, 40}, {50, 70}}},
    [AN_HC_SAFETY] = {.weight = 20,
                      .norm = {3, {{0, 100}, {5, 50}, {20, 0}}},
                      .ncaps = 2,
                      .caps = {{20, 40}, {50, 70}}},
};

void an_health_cfg_default(an_health_cfg *c)
{
	memcpy(c->comp, hcomp_defaults, sizeof hcomp_defaults);
}

bool an_health_cfg_check(const an_health_cfg *c, char *err, size_t errlen)
{
	for (int i = 0; i < AN_HC__COUNT; i++) {
		const an_hcomp_cfg *k = &c->comp[i];
		const char *who = hcomp_names[i];
		if (!weight_ok(k->weight))
			return fail(err, errlen, "%s: weight %g is not a number >= 0", who,
			            k->weight);
		if (k->norm.n < 1 || k->norm.n > AN_PWL_MAX)
			return fail(err, errlen, "%s: %zu normalization points, want 1..%d", who,
			            k->norm.n, AN_PWL_MAX);
		for (size_t j = 0; j < k->norm.n; j++) {
			const an_point *p = &k->norm.pt[j];
			if (!isfinite(p->x) || !in_0_100(p->s))
				return fail(err, errlen,
				            "%s: normalization point %zu (%g -> %g): want a finite "
				            "value and a sub-score in 0..100",
				            who, j + 1, p->x, p->s);
			if (j > 0 && !(p->x > p[-1].x))
				return fail(err, errlen,
				            "%s: normalization point %zu (%g) does not follow %g",
				            who, j + 1, p->x, p[-1].x);
		}
		if (!caps_ok(k->caps, k->ncaps, who, err, errlen))
			return false;
	}
	return true;
}

const char *an_hcomp_name(an_hcomp c)
{
	return (unsigned)c < AN_HC__COUNT ? hcomp_names[c] : NULL;
}

int an_hcomp_by_name(const char *name)
{
	for (int i = 0; i < AN_HC__COUNT; i++)
		if (strcmp(name, hcomp_names[i]) == 0)
			return i;
	return -1;
}

void an_health_raw_from_totals(const an_totals *t, double raw[AN_HC__COUNT])
{
	raw[AN_HC_AVAILABILITY] = an_kpi_avail_operational(t);
	raw[AN_HC_BATTERY] = NAN;
	raw[AN_HC_FAULTS] = an_kpi_faults_per_kh(t);
	raw[AN_HC_MAINTENANCE] = NAN;
	raw[AN_HC_CONNECTIVITY] = an_kpi_connectivity(t);
	raw[AN_HC_SAFETY] = an_kpi_safety_per_kkm(t);
}

void an_health_parts(const an_health_cfg *c, const double raw[AN_HC__COUNT],
                     an_health_part parts[AN_HC__COUNT])
{
	for (int i = 0; i < AN_HC__COUNT; i++) {
		const an_hcomp_cfg *k = &c->comp[i];
		an_health_part *p = &parts[i];
		size_t ncaps = k->ncaps < AN_HEALTH_CAPS ? k->ncaps : AN_HEALTH_CAPS;
		p->name = hcomp_names[i];
		p->score = an_pwl_eval(&k->norm, raw[i]);
		p->weight = k->weight;
		/* too many rules stays visible: an_health_score refuses them */
		p->ncaps = k->ncaps;
		memset(p->caps, 0, sizeof p->caps);
		memcpy(p->caps, k->caps, ncaps * sizeof *p->caps);
	}
}
