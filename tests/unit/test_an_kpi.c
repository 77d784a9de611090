/* test_an_kpi.c — the KPI formulas and the health score of KPIS.md
 * (plugins/analytics/an_kpi.c) against fixtures worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_kpi.h"

#include <math.h>
#include <string.h>

/* got == want to 1e-9 relative (the arithmetic below is exact in decimal,
 * not in binary). */
static void near(double got, double want, const char *what)
{
	if (!(fabs(got - want) <= 1e-9 * (1 + fabs(want))))
		fail_msg("%s: got %.12g, want %.12g", what, got, want);
}

/* One vehicle over a 10 h window (36,000 s).
 *   states: offline 1800, idle 7200, driving 14400, acting 3600,
 *           charging 5400, paused 900, error 1800, e-stop 900
 *           1800+7200+14400+3600+5400+900+1800+900 = 36000 observed
 *   SERVICE mode 900 s (while idle)
 *   downtime = offline 1800 + error 1800 + e-stop 900 + SERVICE 900 = 5400
 *   uptime   = 36000 - 5400 = 30600
 *            (= idle+driving+acting+charging+paused 31500 - SERVICE 900)
 *   powered  = 36000 - offline 1800 = 34200 */
static an_totals fixture(void)
{
	an_totals t = {0};
	t.state_s[AN_KS_OFFLINE] = 1800;
	t.state_s[AN_KS_IDLE] = 7200;
	t.state_s[AN_KS_DRIVING] = 14400;
	t.state_s[AN_KS_ACTING] = 3600;
	t.state_s[AN_KS_CHARGING] = 5400;
	t.state_s[AN_KS_PAUSED] = 900;
	t.state_s[AN_KS_ERROR] = 1800;
	t.state_s[AN_KS_ESTOP] = 900;
	t.service_s = 900;
	t.sched_up_s = 27000;
	t.sched_down_s = 3000;
	t.productive_s = 16200; /* driving+acting 18000, less 1800 driving to a charger */
	t.idle_long_s = 5130;
	t.failures = 2;
	t.repairs = 2;
	t.repair_s = 2700;
	t.missions_succeeded = 45;
	t.missions_failed = 3;
	t.missions_aborted = 2;
	t.missions_cancelled = 4;
	t.deadline_finished = 40;
	t.deadline_on_time = 34;
	t.kwh = 12.6;
	t.km = 42;
	t.tasks_completed = 45;
	t.mission_planned_s = 15000;
	t.mission_actual_s = 16000;
	t.msgs_expected = 36000;
	t.msgs_received = 34200;
	t.safety_events = 1;
	t.faults = 3;
	return t;
}

static void test_time_splits(void **state)
{
	(void)state;
	an_totals t = fixture();
	near(an_totals_observed_s(&t), 36000, "observed");
	near(an_totals_downtime_s(&t), 5400, "downtime");
	near(an_totals_uptime_s(&t), 30600, "uptime");
	near(an_totals_powered_s(&t), 34200, "powered");
	/* SERVICE seconds beyond the up states (bad input): uptime stays 0 */
	an_totals z = {0};
	z.state_s[AN_KS_IDLE] = 10;
	z.service_s = 20;
	near(an_totals_uptime_s(&z), 0, "uptime floor");
}

static void test_reliability(void **state)
{
	(void)state;
	an_totals t = fixture();
	/* MTBF = uptime / failures = 30600 / 2 = 15300 s (4.25 h) */
	near(an_kpi_mtbf_s(&t), 15300, "mtbf");
	/* MTTR = 2700 / 2 = 1350 s */
	near(an_kpi_mttr_s(&t), 1350, "mttr");
	/* A_i = 15300 / (15300 + 1350) = 15300 / 16650 = 34/37 (both / 450) */
	near(an_kpi_avail_inherent(&t), 34.0 / 37.0, "a_i");
	/* A_o = 27000 / (27000 + 3000) = 0.9 */
	near(an_kpi_avail_operational(&t), 0.9, "a_o");
}

static void test_use_and_missions(void **state)
{
	(void)state;
	an_totals t = fixture();
	/* utilization = 16200 / 30600 = 162/306 = 9/17 */
	near(an_kpi_utilization(&t), 9.0 / 17.0, "utilization");
	/* idle ratio = 5130 / 34200 = 0.15 */
	near(an_kpi_idle_ratio(&t), 0.15, "idle ratio");
	/* success = 45 / (45 + 3 + 2) = 0.9; the 4 cancellations are not in it
	 * (with them it would be 45/54 = 0.8333) */
	near(an_kpi_success_rate(&t), 0.9, "success");
	/* on time = 34 / 40 = 0.85 */
	near(an_kpi_on_time_rate(&t), 0.85, "on time");
}

static void test_oee_energy_rates(void **state)
{
	(void)state;
	an_totals t = fixture();
	/* A = 27000 / 30000 = 0.9; P = 15000 / 16000 = 0.9375;
	 * Q = 45 / 50 = 0.9; OEE = 0.9 x 0.9375 x 0.9 = 0.759375 */
	near(an_kpi_oee_a(&t), 0.9, "oee a");
	near(an_kpi_oee_p(&t), 0.9375, "oee p");
	near(an_kpi_oee_q(&t), 0.9, "oee q");
	near(an_kpi_oee(&t), 0.759375, "oee");
	/* 12.6 kWh / 42 km = 0.3; 12.6 kWh / 45 tasks = 0.28 */
	near(an_kpi_kwh_per_km(&t), 0.3, "kwh/km");
	near(an_kpi_kwh_per_task(&t), 0.28, "kwh/task");
	/* faults: 3 over uptime 30600 s = 8.5 h: 3 / 8.5 x 1000 = 6000/17 */
	near(an_kpi_faults_per_kh(&t), 6000.0 / 17.0, "faults/kh");
	/* safety: 1 / 42 km x 1000 = 1000/42 */
	near(an_kpi_safety_per_kkm(&t), 1000.0 / 42.0, "safety/kkm");
	/* connectivity: 34200 / 36000 = 0.95 */
	near(an_kpi_connectivity(&t), 0.95, "connectivity");
	/* chargers: 43200 s occupied / (3 x 28800 s) = 43200 / 86400 = 0.5 */
	near(an_kpi_charger_util(43200, 3, 28800), 0.5, "charger util");
	/* missions faster than planned: P above 1, not clamped (8000/6400) */
	t.mission_planned_s = 8000;
	t.mission_actual_s = 6400;
	near(an_kpi_oee_p(&t), 1.25, "oee p > 1");
}

static void test_undefined(void **state)
{
	(void)state;
	an_totals z = {0};
	/* nothing observed: every KPI is not defined, none is 0 */
	assert_true(isnan(an_kpi_mtbf_s(&z)));
	assert_true(isnan(an_kpi_mttr_s(&z)));
	assert_true(isnan(an_kpi_avail_inherent(&z)));
	assert_true(isnan(an_kpi_avail_operational(&z)));
	assert_true(isnan(an_kpi_utilization(&z)));
	assert_true(isnan(an_kpi_idle_ratio(&z)));
	assert_true(isnan(an_kpi_success_rate(&z)));
	assert_true(isnan(an_kpi_on_time_rate(&z)));
	assert_true(isnan(an_kpi_oee_a(&z)));
	assert_true(isnan(an_kpi_oee_p(&z)));
	assert_true(isnan(an_kpi_oee_q(&z)));
	assert_true(isnan(an_kpi_oee(&z)));
	assert_true(isnan(an_kpi_kwh_per_km(&z)));
	assert_true(isnan(an_kpi_kwh_per_task(&z)));
	assert_true(isnan(an_kpi_faults_per_kh(&z)));
	assert_true(isnan(an_kpi_safety_per_kkm(&z)));
	assert_true(isnan(an_kpi_connectivity(&z)));
	assert_true(isnan(an_kpi_charger_util(100, 0, 3600)));
	assert_true(isnan(an_kpi_charger_util(100, 2, 0)));

	an_totals t = fixture();
	/* no failure: MTBF and A_i are not defined (not infinite, not 1) */
	t.failures = 0;
	assert_true(isnan(an_kpi_mtbf_s(&t)));
	assert_true(isnan(an_kpi_avail_inherent(&t)));
	/* a failure still under repair: MTTR and A_i not defined */
	t = fixture();
	t.repairs = 0;
	t.repair_s = 0;
	assert_true(isnan(an_kpi_mttr_s(&t)));
	assert_true(isnan(an_kpi_avail_inherent(&t)));
	/* only cancellations: no rate, and no Q, so no OEE */
	t = fixture();
	t.missions_succeeded = t.missions_failed = t.missions_aborted = 0;
	assert_true(isnan(an_kpi_success_rate(&t)));
	assert_true(isnan(an_kpi_oee_q(&t)));
	assert_true(isnan(an_kpi_oee(&t)));
	/* a vehicle that stood still: no energy per km, no safety rate */
	t = fixture();
	t.km = 0;
	assert_true(isnan(an_kpi_kwh_per_km(&t)));
	assert_true(isnan(an_kpi_safety_per_kkm(&t)));
	/* never up but failed once, repaired in 600 s: MTBF 0 / 1 = 0, so
	 * A_i = 0 / (0 + 600) = 0, defined */
	z.state_s[AN_KS_ERROR] = 600;
	z.failures = 1;
	z.repairs = 1;
	z.repair_s = 600;
	near(an_kpi_mtbf_s(&z), 0, "mtbf 0");
	near(an_kpi_avail_inherent(&z), 0, "a_i 0");
	/* ... and with nothing to repair either: 0 / (0 + 0) is not defined */
	z.repair_s = 0;
	assert_true(isnan(an_kpi_avail_inherent(&z)));
	/* only offline: never powered on, no idle ratio */
	an_totals off = {0};
	off.state_s[AN_KS_OFFLINE] = 3600;
	assert_true(isnan(an_kpi_idle_ratio(&off)));
}

static void test_totals_add(void **state)
{
	(void)state;
	an_totals a = fixture(), b = fixture(), z = {0};
	an_totals_add(&a, &b);
	an_totals_add(&z, &b); /* into zeroes: a copy */
	for (int i = 0; i < AN_KS__COUNT; i++) {
		near(a.state_s[i], 2 * b.state_s[i], "state");
		near(z.state_s[i], b.state_s[i], "state copy");
	}
	near(a.service_s, 1800, "service");
	near(a.sched_up_s, 54000, "sched up");
	near(a.sched_down_s, 6000, "sched down");
	near(a.productive_s, 32400, "productive");
	near(a.idle_long_s, 10260, "idle long");
	assert_true(a.failures == 4 && a.repairs == 4);
	near(a.repair_s, 5400, "repair");
	assert_true(a.missions_succeeded == 90 && a.missions_failed == 6);
	assert_true(a.missions_aborted == 4 && a.missions_cancelled == 8);
	assert_true(a.deadline_finished == 80 && a.deadline_on_time == 68);
	near(a.kwh, 25.2, "kwh");
	near(a.km, 84, "km");
	assert_true(a.tasks_completed == 90);
	near(a.mission_planned_s, 30000, "planned");
	near(a.mission_actual_s, 32000, "actual");
	assert_true(a.msgs_expected == 72000 && a.msgs_received == 68400);
	assert_true(a.safety_events == 2 && a.faults == 6);
	assert_true(memcmp(&z, &b, sizeof z) == 0);
	/* two unlike subjects: the fleet's ratios are of the sums, not means
	 * of ratios.  A 8/8 success plus b's 45/50: 53/58 (mean would be 0.95) */
	an_totals c = {0};
	c.missions_succeeded = 8;
	an_totals_add(&c, &b);
	near(an_kpi_success_rate(&c), 53.0 / 58.0, "fleet success");
}

static void test_pwl(void **state)
{
	(void)state;
	an_health_cfg c;
	an_health_cfg_default(&c);
	const an_pwl *av = &c.comp[AN_HC_AVAILABILITY].norm; /* .80:0 .95:75 .99:100 */
	near(an_pwl_eval(av, 0.5), 0, "below the first point: flat");
	near(an_pwl_eval(av, 0.80), 0, "first point");
	near(an_pwl_eval(av, 0.90), 50, "0.10/0.15 x 75");
	near(an_pwl_eval(av, 0.95), 75, "a knot");
	near(an_pwl_eval(av, 0.97), 87.5, "75 + 0.02/0.04 x 25");
	near(an_pwl_eval(av, 1.0), 100, "beyond the last: flat");
	assert_true(isnan(an_pwl_eval(av, NAN)));
	/* decreasing: faults 0:100 10:0 */
	near(an_pwl_eval(&c.comp[AN_HC_FAULTS].norm, 2), 80, "2 faults/kh");
	near(an_pwl_eval(&c.comp[AN_HC_FAULTS].norm, 25), 0, "25 faults/kh");
	/* maintenance 0:100 7:50 30:0: 3.5 days -> 75, 18.5 days -> 25 */
	near(an_pwl_eval(&c.comp[AN_HC_MAINTENANCE].norm, 3.5), 75, "3.5 days");
	near(an_pwl_eval(&c.comp[AN_HC_MAINTENANCE].norm, 18.5), 25, "18.5 days");
	/* one point: constant */
	an_pwl one = {1, {{5, 60}}};
	near(an_pwl_eval(&one, -100), 60, "one point");
	near(an_pwl_eval(&one, 100), 60, "one point");
	an_pwl none = {0, {{0, 0}}};
	assert_true(isnan(an_pwl_eval(&none, 1)));
}

/* Parts from raw values under the defaults.  Sub-scores:
 *   availability 0.92 -> 60      (0.12/0.15 x 75)
 *   battery      0.95 -> 90      (80 + 0.05/0.10 x 20)
 *   faults       2    -> 80      (100 - 2 x 10)
 *   maintenance  0    -> 100
 *   connectivity 0.95 -> 75      (50 + 0.05/0.10 x 50)
 *   safety       1    -> 90      (100 - 1/5 x 50)
 * weights 25, 15, 20, 10, 10, 20 (sum 100). */
static void parts_of(double batt, double avail, double faults, double maint, double safety,
                     an_health_part p[AN_HC__COUNT])
{
	an_health_cfg c;
	an_health_cfg_default(&c);
	double raw[AN_HC__COUNT] = {
	    [AN_HC_AVAILABILITY] = avail, [AN_HC_BATTERY] = batt,      [AN_HC_FAULTS] = faults,
	    [AN_HC_MAINTENANCE] = maint,  [AN_HC_CONNECTIVITY] = 0.95, [AN_HC_SAFETY] = safety,
	};
	an_health_parts(&c, raw, p);
}

static void check_order(const an_health_result *r, const int *want, size_t n)
{
	assert_int_equal(r->ntop, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(r->top[i].part, want[i]);
}

/* The costs add up to what the score lacks of 100. */
static void check_costs_sum(const an_health_result *r)
{
	double sum = 0;
	for (size_t i = 0; i < r->ntop; i++)
		sum += r->top[i].cost;
	near(sum, 100 - r->score, "costs sum to 100 - score");
}

static void test_health_no_cap(void **state)
{
	(void)state;
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	char err[128];
	parts_of(0.95, 0.92, 2, 0, 1, p);
	near(p[AN_HC_AVAILABILITY].score, 60, "avail");
	near(p[AN_HC_BATTERY].score, 90, "batt");
	near(p[AN_HC_CONNECTIVITY].score, 75, "conn");
	near(p[AN_HC_SAFETY].score, 90, "safety");
	assert_string_equal(p[AN_HC_SAFETY].name, "safety");
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	/* 25x60 + 15x90 + 20x80 + 10x100 + 10x75 + 20x90
	 * = 1500 + 1350 + 1600 + 1000 + 750 + 1800 = 8000; / 100 = 80.
	 * No sub-score below 50: no cap. */
	near(r.mean, 80, "mean");
	near(r.cap, 100, "cap");
	assert_false(r.cap_binds);
	near(r.score, 80, "score");
	assert_int_equal(r.nknown, 6);
	/* costs w (100 - s) / 100: avail 10, batt 1.5, faults 4, maint 0,
	 * conn 2.5, safety 2 (sum 20 = 100 - 80) */
	int want[] = {AN_HC_AVAILABILITY, AN_HC_FAULTS,  AN_HC_CONNECTIVITY,
	              AN_HC_SAFETY,       AN_HC_BATTERY, AN_HC_MAINTENANCE};
	check_order(&r, want, 6);
	near(r.top[0].cost, 10, "avail cost");
	near(r.top[1].cost, 4, "faults cost");
	near(r.top[2].cost, 2.5, "conn cost");
	near(r.top[3].cost, 2, "safety cost");
	near(r.top[4].cost, 1.5, "batt cost");
	near(r.top[5].cost, 0, "maint cost");
	for (size_t i = 0; i < r.ntop; i++)
		assert_false(r.top[i].capped);
	check_costs_sum(&r);
}

static void test_health_cap_binds(void **state)
{
	(void)state;
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	char err[128];
	/* battery SoH 0.725 -> 0.025/0.10 x 40 = 10, below 20: cap 40.
	 * mean: 8000 - 15 x 90 + 15 x 10 = 6800; / 100 = 68 > 40 */
	parts_of(0.725, 0.92, 2, 0, 1, p);
	near(p[AN_HC_BATTERY].score, 10, "batt");
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	near(r.mean, 68, "mean");
	near(r.cap, 40, "cap");
	assert_true(r.cap_binds);
	assert_int_equal(r.capped_by, AN_HC_BATTERY);
	near(r.score, 40, "score");
	/* battery: 15 x 90 / 100 = 13.5, plus the cap's 68 - 40 = 28: 41.5 */
	int want[] = {AN_HC_BATTERY,      AN_HC_AVAILABILITY, AN_HC_FAULTS,
	              AN_HC_CONNECTIVITY, AN_HC_SAFETY,       AN_HC_MAINTENANCE};
	check_order(&r, want, 6);
	near(r.top[0].cost, 41.5, "batt cost");
	assert_true(r.top[0].capped);
	assert_false(r.top[1].capped);
	near(r.top[1].cost, 10, "avail cost");
	check_costs_sum(&r);

	/* the milder rule: availability 0.86 -> 0.06/0.15 x 75 = 30, below 50:
	 * cap 70.  mean 8000 - 25 x (60 - 30) = 7250 -> 72.5 > 70: binds at 70;
	 * availability costs 25 x 70 / 100 = 17.5 + 2.5 = 20 */
	parts_of(0.95, 0.86, 2, 0, 1, p);
	near(p[AN_HC_AVAILABILITY].score, 30, "avail 30");
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	near(r.mean, 72.5, "mean");
	assert_true(r.cap_binds);
	near(r.score, 70, "score");
	assert_int_equal(r.top[0].part, AN_HC_AVAILABILITY);
	near(r.top[0].cost, 20, "avail cost");
	check_costs_sum(&r);
}

static void test_health_cap_not_binding(void **state)
{
	(void)state;
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	char err[128];
	/* availability 30 (cap 70) and faults 5 -> 50: the mean is already
	 * lower than the cap.  8000 - 25 x 30 - 20 x 30 = 6650 -> 66.5 < 70 */
	parts_of(0.95, 0.86, 5, 0, 1, p);
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	near(r.cap, 70, "cap");
	assert_false(r.cap_binds);
	near(r.score, 66.5, "score");
	/* avail 25 x 70 / 100 = 17.5, faults 20 x 50 / 100 = 10 */
	assert_int_equal(r.top[0].part, AN_HC_AVAILABILITY);
	near(r.top[0].cost, 17.5, "avail cost");
	assert_false(r.top[0].capped);
	assert_int_equal(r.top[1].part, AN_HC_FAULTS);
	near(r.top[1].cost, 10, "faults cost");
	check_costs_sum(&r);
}

static void test_health_missing_component(void **state)
{
	(void)state;
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	char err[128];
	/* safety not known (the vehicle did not move): the other weights are
	 * renormalized over 100 - 20 = 80.  8000 - 20 x 90 = 6200; / 80 = 77.5
	 * (counting it as 0 would read 62) */
	parts_of(0.95, 0.92, 2, 0, NAN, p);
	assert_true(isnan(p[AN_HC_SAFETY].score));
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	assert_int_equal(r.nknown, 5);
	near(r.score, 77.5, "score");
	/* costs / 80: avail 1000/80 = 12.5, faults 400/80 = 5, conn 250/80 =
	 * 3.125, batt 150/80 = 1.875, maint 0; safety is not listed */
	int want[] = {AN_HC_AVAILABILITY, AN_HC_FAULTS, AN_HC_CONNECTIVITY, AN_HC_BATTERY,
	              AN_HC_MAINTENANCE};
	check_order(&r, want, 5);
	near(r.top[0].cost, 12.5, "avail cost");
	near(r.top[1].cost, 5, "faults cost");
	near(r.top[2].cost, 3.125, "conn cost");
	near(r.top[3].cost, 1.875, "batt cost");
	check_costs_sum(&r);

	/* nothing known: no score, nothing to list */
	for (int i = 0; i < AN_HC__COUNT; i++)
		p[i].score = NAN;
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	assert_true(isnan(r.score));
	assert_int_equal(r.nknown, 0);
	assert_int_equal(r.ntop, 0);
}

static void test_health_ties_and_veto(void **state)
{
	(void)state;
	an_health_result r;
	char err[128];
	/* equal costs keep the parts' order; a weight-0 part counts only
	 * through its caps.  mean (1 x 60 + 1 x 60) / 2 = 60; "door" at 10 is
	 * below 20: cap 40, and costs 0 + (60 - 40) = 20; a and b 1 x 40 / 2 =
	 * 20 each, listed before it (ties in order) */
	an_health_part p[3] = {
	    {"a", 60, 1, 0, {{0, 0}}},
	    {"b", 60, 1, 0, {{0, 0}}},
	    {"door", 10, 0, 1, {{20, 40}}},
	};
	assert_true(an_health_score(p, 3, &r, err, sizeof err));
	near(r.mean, 60, "mean");
	near(r.score, 40, "score");
	int want[] = {0, 1, 2};
	check_order(&r, want, 3);
	near(r.top[2].cost, 20, "veto cost");
	assert_true(r.top[2].capped);
	check_costs_sum(&r);

	/* two parts with the same cap: the lower sub-score carries it.
	 * x 15 and y 5 both below 20 (cap 40); mean (15 + 5) / 2 = 10 < 40:
	 * no bind, but capped_by names y */
	an_health_part q[2] = {
	    {"x", 15, 1, 1, {{20, 40}}},
	    {"y", 5, 1, 1, {{20, 40}}},
	};
	assert_true(an_health_score(q, 2, &r, err, sizeof err));
	near(r.cap, 40, "cap");
	assert_false(r.cap_binds);
	assert_int_equal(r.capped_by, 1);
	near(r.score, 10, "score");
	/* costs 1 x 85 / 2 = 42.5 and 1 x 95 / 2 = 47.5 */
	int want2[] = {1, 0};
	check_order(&r, want2, 2);
}

static void test_health_bad_input(void **state)
{
	(void)state;
	an_health_result r;
	char err[128];
	an_health_part p[1] = {{"avail", 50, -1, 0, {{0, 0}}}};
	assert_false(an_health_score(p, 1, &r, err, sizeof err));
	assert_non_null(strstr(err, "avail: weight -1"));
	assert_true(isnan(r.score));
	p[0].weight = 1;
	p[0].score = 120;
	assert_false(an_health_score(p, 1, &r, err, sizeof err));
	assert_non_null(strstr(err, "sub-score 120"));
	p[0].score = 50;
	p[0].ncaps = 1;
	p[0].caps[0] = (an_cap_rule){20, 140};
	assert_false(an_health_score(p, 1, &r, err, sizeof err));
	assert_non_null(strstr(err, "cap rule 1"));
	p[0].ncaps = AN_HEALTH_CAPS + 1;
	assert_false(an_health_score(p, 1, &r, NULL, 0)); /* no message wanted */
	an_health_part many[AN_HEALTH_MAXPARTS + 1];
	memset(many, 0, sizeof many);
	assert_false(an_health_score(many, AN_HEALTH_MAXPARTS + 1, &r, err, sizeof err));
	assert_non_null(strstr(err, "at most"));
}

static void test_health_cfg(void **state)
{
	(void)state;
	an_health_cfg c;
	char err[128];
	an_health_cfg_default(&c);
	assert_true(an_health_cfg_check(&c, err, sizeof err));
	double sumw = 0;
	for (int i = 0; i < AN_HC__COUNT; i++)
		sumw += c.comp[i].weight;
	near(sumw, 100, "default weights");
	assert_string_equal(an_hcomp_name(AN_HC_CONNECTIVITY), "connectivity");
	assert_null(an_hcomp_name(AN_HC__COUNT));
	assert_int_equal(an_hcomp_by_name("maintenance"), AN_HC_MAINTENANCE);
	assert_int_equal(an_hcomp_by_name("vibes"), -1);

	c.comp[AN_HC_SAFETY].norm.pt[1].x = 0; /* 0, 0, 20: not increasing */
	assert_false(an_health_cfg_check(&c, err, sizeof err));
	assert_non_null(strstr(err, "safety: normalization point 2"));
	an_health_cfg_default(&c);
	c.comp[AN_HC_BATTERY].weight = NAN;
	assert_false(an_health_cfg_check(&c, err, sizeof err));
	assert_non_null(strstr(err, "battery: weight"));
	an_health_cfg_default(&c);
	c.comp[AN_HC_FAULTS].norm.n = 0;
	assert_false(an_health_cfg_check(&c, err, sizeof err));
	assert_non_null(strstr(err, "faults: 0 normalization points"));

	/* a caller's caps: battery below 20 at 40 and below 30 at 10 (in
	 * place of below 50 at 70).  SoH 0.75 -> 20 (0.05/0.10 x 40): not below
	 * 20, below 30: cap 10.  The mean, 10000 - 15 x 80 = 8800 / 100 = 88,
	 * is capped to 10 */
	an_health_cfg_default(&c);
	c.comp[AN_HC_BATTERY].caps[1] = (an_cap_rule){30, 10};
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	double raw[AN_HC__COUNT] = {0.99, 0.75, 0, 0, 1.0, 0};
	an_health_parts(&c, raw, p);
	near(p[AN_HC_BATTERY].score, 20, "batt 20");
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	near(r.mean, 88, "mean");
	near(r.cap, 10, "caller's cap");
	near(r.score, 10, "score");
}

static void test_health_threshold(void **state)
{
	(void)state;
	an_health_result r;
	char err[128];
	/* "below 50" is strict: a at exactly 50 is not capped.
	 * mean (50 + 100) / 2 = 75 */
	an_health_part p[2] = {
	    {"a", 50, 1, 2, {{20, 40}, {50, 70}}},
	    {"b", 100, 1, 2, {{20, 40}, {50, 70}}},
	};
	assert_true(an_health_score(p, 2, &r, err, sizeof err));
	near(r.cap, 100, "cap");
	near(r.score, 75, "score");
	/* just under 50: cap 70 binds (mean 74.75) */
	p[0].score = 49.5;
	assert_true(an_health_score(p, 2, &r, err, sizeof err));
	assert_true(r.cap_binds);
	near(r.score, 70, "score");
	/* exactly 20: only the 50 rule applies; 19.5: the 40 one too */
	p[0].score = 20;
	assert_true(an_health_score(p, 2, &r, err, sizeof err));
	near(r.cap, 70, "cap at 20");
	p[0].score = 19.5;
	assert_true(an_health_score(p, 2, &r, err, sizeof err));
	near(r.cap, 40, "cap under 20");
}

static void test_health_from_totals(void **state)
{
	(void)state;
	/* a fleet over 1000 operating hours (3,600,000 s of uptime):
	 *   A_o 950 / (950 + 50) = 0.95        -> 75
	 *   faults 4 / 1000 h x 1000 = 4       -> 100 - 4 x 10 = 60
	 *   connectivity 990 / 1000 = 0.99     -> 50 + 0.09/0.10 x 50 = 95
	 *   safety 3 / 2000 km x 1000 = 1.5    -> 100 - 1.5/5 x 50 = 85
	 *   battery, maintenance: not in the totals (NAN)
	 * score = (25 x 75 + 20 x 60 + 10 x 95 + 20 x 85) / (25+20+10+20)
	 *       = (1875 + 1200 + 950 + 1700) / 75 = 5725 / 75 = 76.333...
	 * sub-scores all >= 50: no cap */
	an_totals t = {0};
	t.state_s[AN_KS_DRIVING] = 3600000;
	t.sched_up_s = 950;
	t.sched_down_s = 50;
	t.faults = 4;
	t.msgs_expected = 1000;
	t.msgs_received = 990;
	t.safety_events = 3;
	t.km = 2000;
	double raw[AN_HC__COUNT];
	an_health_raw_from_totals(&t, raw);
	near(raw[AN_HC_AVAILABILITY], 0.95, "avail");
	near(raw[AN_HC_FAULTS], 4, "faults");
	near(raw[AN_HC_CONNECTIVITY], 0.99, "conn");
	near(raw[AN_HC_SAFETY], 1.5, "safety");
	assert_true(isnan(raw[AN_HC_BATTERY]) && isnan(raw[AN_HC_MAINTENANCE]));

	an_health_cfg c;
	an_health_cfg_default(&c);
	an_health_part p[AN_HC__COUNT];
	an_health_result r;
	char err[128];
	an_health_parts(&c, raw, p);
	assert_true(an_health_score(p, AN_HC__COUNT, &r, err, sizeof err));
	assert_int_equal(r.nknown, 4);
	near(r.score, 5725.0 / 75.0, "score");
	assert_false(r.cap_binds);
	/* costs / 75: faults 20 x 40 = 800, avail 25 x 25 = 625,
	 * safety 20 x 15 = 300, conn 10 x 5 = 50 */
	int want[] = {AN_HC_FAULTS, AN_HC_AVAILABILITY, AN_HC_SAFETY, AN_HC_CONNECTIVITY};
	check_order(&r, want, 4);
	near(r.top[0].cost, 800.0 / 75.0, "faults cost");
	check_costs_sum(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_time_splits),
	    cmocka_unit_test(test_reliability),
	    cmocka_unit_test(test_use_and_missions),
	    cmocka_unit_test(test_oee_energy_rates),
	    cmocka_unit_test(test_undefined),
	    cmocka_unit_test(test_totals_add),
	    cmocka_unit_test(test_pwl),
	    cmocka_unit_test(test_health_no_cap),
	    cmocka_unit_test(test_health_cap_binds),
	    cmocka_unit_test(test_health_cap_not_binding),
	    cmocka_unit_test(test_health_missing_component),
	    cmocka_unit_test(test_health_ties_and_veto),
	    cmocka_unit_test(test_health_bad_input),
	    cmocka_unit_test(test_health_cfg),
	    cmocka_unit_test(test_health_threshold),
	    cmocka_unit_test(test_health_from_totals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
