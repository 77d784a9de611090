/* test_an_forecast.c — predictions with error bounds and their backtest
 * (plugins/analytics/an_forecast.c) on series made by construction and
 * samples worked by hand.  Noise comes from a fixed linear congruential
 * generator: every run sees the same numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../plugins/analytics/an_forecast.h"

#include <math.h>
#include <string.h>

static void near(double got, double want, double eps, const char *what)
{
	if (!(fabs(got - want) <= eps))
		fail_msg("%s: got %.12g, want %.12g (+- %g)", what, got, want, eps);
}

/* A fixed standard normal stream (LCG, Box-Muller). */
typedef struct {
	uint64_t s;
} rng;

static double uniform(rng *r)
{
	r->s = r->s * 6364136223846793005u + 1442695040888963407u;
	return ((double)(r->s >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(rng *r)
{
	double u = uniform(r), v = uniform(r);
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* level + slope t + amp sin(2 pi t / m) */
static void sine(double *y, size_t n, size_t m, double level, double slope, double amp)
{
	for (size_t t = 0; t < n; t++)
		y[t] = level + slope * (double)t + amp * sin(2 * M_PI * (double)t / (double)m);
}

static void test_helpers(void **state)
{
	(void)state;
	/* type 6: position (n + 1) p.  1..9: p = 0.1 -> 1st, 0.9 -> 9th,
	 * 0.25 -> 2.5th = 2.5 */
	double x9[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	near(an_fc_quantile(x9, 9, 0.1), 1, 0, "q.1");
	near(an_fc_quantile(x9, 9, 0.9), 9, 0, "q.9");
	near(an_fc_quantile(x9, 9, 0.5), 5, 0, "median");
	near(an_fc_quantile(x9, 9, 0.25), 2.5, 1e-12, "q.25");
	/* 10,20,30,40: p = 0.3 -> 1.5th = 15; p = 0.05 -> 0.25th: clamped */
	double x4[] = {10, 20, 30, 40};
	near(an_fc_quantile(x4, 4, 0.3), 15, 1e-12, "q.3");
	near(an_fc_quantile(x4, 4, 0.05), 10, 0, "clamp low");
	near(an_fc_quantile(x4, 4, 0.99), 40, 0, "clamp high");
	/* reference values (mpmath, 30 digits; scipy's t.ppf(0.9, 3) is off by
	 * 3.5e-9) */
	near(an_fc_norm_quantile(0.9), 1.2815515655446004, 1e-10, "z.9");
	near(an_fc_norm_quantile(0.025), -1.959963984540054, 1e-10, "z.025");
	near(an_fc_norm_quantile(1e-10), -6.361340902404056, 1e-8, "z tail");
	assert_true(isinf(an_fc_norm_quantile(1)));
	near(an_fc_t_quantile(0.975, 1), 12.706204736174693, 1e-8, "t1");
	near(an_fc_t_quantile(0.9, 1), 3.0776835371752541, 1e-9, "t1 .9");
	near(an_fc_t_quantile(0.975, 2), 4.3026527297494618, 1e-9, "t2");
	near(an_fc_t_quantile(0.9, 3), 1.6377443536962103, 1e-9, "t3");
	near(an_fc_t_quantile(0.975, 10), 2.2281388519862742, 1e-9, "t10");
	near(an_fc_t_quantile(0.1, 30), -1.3104150253913957, 1e-9, "t30 low");
	near(an_fc_t_quantile(0.95, 200), 1.6525081009108771, 1e-9, "t200");
	assert_string_equal(an_fc_status_name(AN_FC_NOT_DRAINING), "not draining");
	assert_string_equal(an_fc_status_name(AN_FC_TOO_FEW), "not enough history");
}

/* Level + sine, no noise: the first two seasons give the exact states,
 * every one-step error is 0, the forecast is the curve continued. */
static void test_hw_sine_exact(void **state)
{
	(void)state;
	enum { M = 24, N = 10 * M, H = 30 };
	double y[N], truth[N + H];
	an_pred p[H];
	an_hw_model mod;
	char err[128];
	an_hw_spec spec = {.season = M, .trend = AN_TREND_NONE, .level = 0.8};
	sine(truth, N + H, M, 50, 0, 10);
	memcpy(y, truth, sizeof y);
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(mod.name, "holt-winters(additive, trend=none, m=24)");
	near(mod.sse, 0, 1e-18, "sse");
	for (size_t h = 1; h <= H; h++) {
		assert_int_equal(p[h - 1].status, AN_FC_OK);
		near(p[h - 1].horizon, (double)h, 0, "horizon");
		near(p[h - 1].point, truth[N - 1 + h], 1e-9, "point");
		assert_true(p[h - 1].upper - p[h - 1].lower < 1e-9);
		near(p[h - 1].level, 0.8, 0, "level");
	}
	assert_string_equal(p[0].interval, "empirical");
	assert_string_equal(p[0].model, mod.name);

	/* with a trend: the initial trend is the change of the seasons' means,
	 * (50 + 0.1 x 35.5) - (50 + 0.1 x 11.5) = 2.4 over 24 steps = 0.1 */
	sine(truth, N + H, M, 50, 0.1, 10);
	memcpy(y, truth, sizeof y);
	spec.trend = AN_TREND_ADD;
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	for (size_t h = 1; h <= H; h++)
		near(p[h - 1].point, truth[N - 1 + h], 1e-8, "trend point");
}

/* Sine plus N(0, 1) noise: the point stays near the curve and the 80 %
 * interval is about 2 x 1.28 wide, the width of N(0, 1)'s 80 %. */
static void test_hw_noise(void **state)
{
	(void)state;
	enum { M = 24, N = 20 * M, H = 24 };
	double y[N];
	an_pred p[H];
	an_hw_model mod, again;
	char err[128];
	rng r = {42};
	an_hw_spec spec = {.season = M, .trend = AN_TREND_NONE, .level = 0.8};
	sine(y, N, M, 50, 0, 10);
	for (size_t t = 0; t < N; t++)
		y[t] += gauss(&r);
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	for (size_t h = 1; h <= H; h++) {
		double want = 50 + 10 * sin(2 * M_PI * (double)(N - 1 + h) / M);
		near(p[h - 1].point, want, 1.0, "noisy point");
		near(p[h - 1].upper - p[h - 1].lower, 2 * 1.2816, 0.6, "80% width");
		assert_true(p[h - 1].lower < p[h - 1].point && p[h - 1].point < p[h - 1].upper);
	}
	/* deterministic: the same fit twice, to the bit */
	assert_int_equal(an_hw_fit(y, N, &spec, &again, err, sizeof err), AN_FC_OK);
	assert_memory_equal(&mod.alpha, &again.alpha, sizeof mod.alpha);
	assert_memory_equal(&mod.gamma, &again.gamma, sizeof mod.gamma);
}

/* Gaps (the process was down): leading, inside the first seasons, a
 * whole season, and at the end.  The states coast through them; on the
 * exact sine nothing is lost. */
static void test_hw_gaps(void **state)
{
	(void)state;
	enum { M = 12, N = 10 * M, H = 15 };
	double y[N], truth[N + H];
	an_pred p[H];
	an_hw_model mod;
	char err[128];
	an_hw_spec spec = {.season = M, .trend = AN_TREND_NONE, .level = 0.8};
	sine(truth, N + H, M, 20, 0, 5);
	memcpy(y, truth, sizeof y);
	for (size_t t = 0; t < 3; t++)
		y[t] = NAN; /* leading: dropped, the phase kept */
	y[7] = y[20] = NAN;
	for (size_t t = 40; t < 40 + M; t++)
		y[t] = NAN;
	y[N - 2] = y[N - 1] = NAN; /* the forecast still counts from N - 1 */
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_int_equal(mod.nobs, N - 3 - 2 - M - 2);
	for (size_t h = 1; h <= H; h++) {
		near(p[h - 1].point, truth[N - 1 + h], 1e-6, "point after gaps");
		assert_false(isnan(p[h - 1].lower) || isnan(p[h - 1].upper));
	}
	/* gaps only: not enough history, no numbers */
	double none[30];
	for (size_t t = 0; t < 30; t++)
		none[t] = NAN;
	assert_int_equal(an_hw_forecast(none, 30, &spec, p, 3, &mod, err, sizeof err),
	                 AN_FC_TOO_FEW);
	assert_int_equal(p[0].status, AN_FC_TOO_FEW);
	assert_true(isnan(p[0].point));
}

/* Short series: simple exponential smoothing below two seasons; 3
 * observed values at least. */
static void test_hw_short(void **state)
{
	(void)state;
	an_pred p[4];
	an_hw_model mod;
	char err[128];
	an_hw_spec spec = {.season = 24, .trend = AN_TREND_DAMPED, .level = 0.8};
	double flat[10] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
	assert_int_equal(an_hw_forecast(flat, 10, &spec, p, 4, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(mod.name, "ses(fewer than 2 seasons)");
	for (int h = 0; h < 4; h++) {
		near(p[h].point, 5, 1e-12, "flat");
		near(p[h].lower, 5, 1e-12, "flat lower");
		near(p[h].upper, 5, 1e-12, "flat upper");
	}
	/* few errors: the analytic interval, widening with h */
	double steps[6] = {1, 3, 2, 4, 3, 5};
	spec.season = 0;
	spec.trend = AN_TREND_NONE;
	assert_int_equal(an_hw_forecast(steps, 6, &spec, p, 4, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(mod.name, "ses");
	assert_string_equal(p[0].interval, "normal");
	for (int h = 1; h < 4; h++)
		assert_true(p[h].upper - p[h].lower >= p[h - 1].upper - p[h - 1].lower);
	double two[2] = {1, 2};
	assert_int_equal(an_hw_forecast(two, 2, &spec, p, 4, &mod, err, sizeof err), AN_FC_TOO_FEW);
	spec.level = 1;
	assert_int_equal(an_hw_forecast(steps, 6, &spec, p, 4, &mod, err, sizeof err),
	                 AN_FC_BADARG);
	assert_non_null(strstr(err, "level"));
	spec.level = 0.8;
	assert_int_equal(an_hw_forecast(steps, 6, &spec, p, 0, &mod, err, sizeof err),
	                 AN_FC_BADARG);
}

/* Counts cannot go below 0: a falling series, clamped. */
static void test_hw_counts(void **state)
{
	(void)state;
	enum { N = 20, H = 12 };
	double y[N];
	an_pred p[H];
	an_hw_model mod;
	char err[128];
	for (size_t t = 0; t < N; t++)
		y[t] = 10 - 0.5 * (double)t; /* 10 .. 0.5 */
	an_hw_spec spec = {.season = 0, .trend = AN_TREND_ADD, .level = 0.8, .counts = true};
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(mod.name, "holt(trend=add)");
	for (size_t h = 0; h < H; h++)
		assert_true(p[h].lower >= 0 && p[h].point >= 0 && p[h].upper >= p[h].point);
	near(p[H - 1].point, 0, 0, "clamped point"); /* 0.5 - 0.5 x 12 unclamped */
	spec.counts = false;
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_true(p[H - 1].point < 0);
}

/* Counts whose noise grows with the level (sd = sqrt(rate), the rate 4 or
 * 36 by half-season): with counts the interval follows the level, about 3
 * times wider at 36 than at 4 (sqrt 36 / sqrt 4); without, one width for
 * both. */
static void test_hw_counts_spread(void **state)
{
	(void)state;
	enum { M = 12, N = 40 * M, H = M };
	double y[N];
	an_pred p[H];
	an_hw_model mod;
	char err[128];
	rng r = {7};
	for (size_t t = 0; t < N; t++) {
		double rate = t % M < M / 2 ? 4 : 36;
		y[t] = rate + sqrt(rate) * gauss(&r);
	}
	an_hw_spec spec = {.season = M, .trend = AN_TREND_NONE, .level = 0.8, .counts = true};
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(p[0].interval, "empirical-scaled");
	/* steps N .. N+11: phases 0..11 (N is a multiple of M), low then high */
	double low = p[1].upper - p[1].lower, high = p[M / 2 + 1].upper - p[M / 2 + 1].lower;
	near(high / low, 3, 0.5, "scaled widths");
	spec.counts = false;
	assert_int_equal(an_hw_forecast(y, N, &spec, p, H, &mod, err, sizeof err), AN_FC_OK);
	assert_string_equal(p[0].interval, "empirical");
	low = p[1].upper - p[1].lower;
	high = p[M / 2 + 1].upper - p[M / 2 + 1].lower;
	near(high / low, 1, 0.1, "pooled widths");
}

/* 80 % at 0.01 %/s from 80 %: at t = 600 s the battery is at 74 %; 10 %
 * is (74 - 10) / 0.01 = 6,400 s later.  Exact samples: a zero-width
 * interval. */
static void test_battery_linear(void **state)
{
	(void)state;
	double t[11], b[11];
	an_pred p;
	char err[128];
	for (int i = 0; i <= 10; i++) {
		t[i] = 1.7e9 + 60.0 * i; /* epoch seconds: no loss of precision */
		b[i] = 80 - 0.01 * 60.0 * i;
	}
	assert_int_equal(an_battery_depletion(t, b, 11, 0, 10, 0.8, &p, err, sizeof err), AN_FC_OK);
	near(p.point, 6400, 1e-6, "depletion");
	near(p.lower, 6400, 1e-3, "lower");
	near(p.upper, 6400, 1e-3, "upper");
	near(p.horizon, 0, 0, "horizon");
	assert_string_equal(p.interval, "fieller");
	assert_string_equal(p.model, "linear drain(least squares, n=11)");

	/* +-0.2 % of alternating noise: the point moves a little, the interval
	 * opens around it */
	for (int i = 0; i <= 10; i++)
		b[i] += i % 2 ? 0.2 : -0.2;
	assert_int_equal(an_battery_depletion(t, b, 11, 0, 10, 0.8, &p, err, sizeof err), AN_FC_OK);
	near(p.point, 6400, 200, "noisy depletion");
	assert_true(p.lower < p.point && p.point < p.upper && isfinite(p.upper));
	an_drain_fit f;
	assert_int_equal(an_battery_fit(t, b, 11, 0, &f), AN_FC_OK);
	near(f.slope, -0.01, 1e-3, "slope");
	assert_true(f.slope_se > 0);

	/* a window of the last 300 s: a charge before it does not count */
	double t2[8] = {0, 60, 120, 300, 360, 420, 480, 600};
	double b2[8] = {20, 40, 60, 90, 89, 88, 87, 85};
	assert_int_equal(an_battery_depletion(t2, b2, 8, 300, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_OK);
	/* 300..600: slope -1/60 %/s exactly; at 600 the line is at 85:
	 * (85 - 10) x 60 = 4,500 s */
	near(p.point, 4500, 1e-6, "windowed");
	assert_string_equal(p.model, "linear drain(least squares, n=5)");
	/* already below the threshold: now */
	assert_int_equal(an_battery_depletion(t2, b2, 8, 300, 90, 0.8, &p, err, sizeof err),
	                 AN_FC_OK);
	near(p.point, 0, 0, "below");
	near(p.upper, 0, 0, "below upper");
}

static void test_battery_not_draining(void **state)
{
	(void)state;
	double t[5] = {0, 60, 120, 180, 240};
	double flat[5] = {50, 50, 50, 50, 50};
	double charging[5] = {50, 52, 55, 57, 60};
	double weak[5] = {50, 51, 49, 50.5, 49.4}; /* -0.0025 %/s, noise 1 % */
	an_pred p;
	char err[128];
	assert_int_equal(an_battery_depletion(t, flat, 5, 0, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_NOT_DRAINING);
	assert_true(isnan(p.point) && isnan(p.lower) && isnan(p.upper));
	assert_int_equal(p.status, AN_FC_NOT_DRAINING);
	assert_int_equal(an_battery_depletion(t, charging, 5, 0, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_NOT_DRAINING);
	assert_non_null(strstr(err, "not draining"));
	/* draining, but the band does not exclude flat: no upper bound */
	assert_int_equal(an_battery_depletion(t, weak, 5, 0, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_OK);
	assert_true(isinf(p.upper) && isfinite(p.point) && p.lower <= p.point);
	/* too few samples, or all at one time */
	assert_int_equal(an_battery_depletion(t, flat, 2, 0, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_TOO_FEW);
	double same[3] = {5, 5, 5};
	assert_int_equal(an_battery_depletion(same, flat, 3, 0, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_TOO_FEW);
	/* a window holding 2 samples */
	assert_int_equal(an_battery_depletion(t, charging, 5, 60, 10, 0.8, &p, err, sizeof err),
	                 AN_FC_TOO_FEW);
	assert_int_equal(an_battery_depletion(t, flat, 5, 0, 10, 1.5, &p, err, sizeof err),
	                 AN_FC_BADARG);
}

static void test_duration(void **state)
{
	(void)state;
	/* 9 missions of 1..9 minutes, level 0.8: type 6 positions 10 x 0.1 = 1
	 * and 10 x 0.9 = 9, the extremes; median the 5th */
	double d[12] = {300, 60, 540, 120, 480, 180, 420, 240, 360, NAN, -5, NAN};
	an_pred p;
	char err[128];
	assert_int_equal(an_duration_predict(d, 12, 5, 0.8, &p, err, sizeof err), AN_FC_OK);
	near(p.point, 300, 0, "median");
	near(p.lower, 60, 0, "lower");
	near(p.upper, 540, 0, "upper");
	assert_string_equal(p.model, "empirical quantiles(n=9)");
	/* level 0.5: positions 2.5 and 7.5 -> 150 and 450 */
	assert_int_equal(an_duration_predict(d, 12, 5, 0.5, &p, err, sizeof err), AN_FC_OK);
	near(p.lower, 150, 1e-9, "lower .5");
	near(p.upper, 450, 1e-9, "upper .5");
	/* 8 durations cannot give an 80 % interval; nor 9 below a minimum of 10 */
	assert_int_equal(an_duration_predict(d + 1, 8, 5, 0.8, &p, err, sizeof err), AN_FC_TOO_FEW);
	assert_true(isnan(p.point));
	assert_int_equal(an_duration_predict(d, 12, 10, 0.8, &p, err, sizeof err), AN_FC_TOO_FEW);
	assert_non_null(strstr(err, "10 needed"));
}

/* The score of a hand-made backtest: four points.
 *   actual  point  [lower, upper]  naive  |a - f|  |a - naive|  inside
 *   10      8      [6, 9]          12     2        2            no
 *   5       5      [4, 6]          8      0        3            yes
 *   7       9      [7, 11]         3      2        4            yes (edge)
 *   4       3.5    [3, 5]          4      0.5      0            yes
 *   NAN     1      [0, 2]          1      -        -            not counted
 * MAE = 4.5 / 4 = 1.125; naive MAE = 9 / 4 = 2.25; MASE = 0.5;
 * coverage 3 / 4. */
static void test_score_by_hand(void **state)
{
	(void)state;
	struct {
		double a, f, lo, hi, naive;
	} rows[] = {{10, 8, 6, 9, 12},
	            {5, 5, 4, 6, 8},
	            {7, 9, 7, 11, 3},
	            {4, 3.5, 3, 5, 4},
	            {NAN, 1, 0, 2, 1}};
	an_bt_acc acc = {0};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		an_pred p = {.point = rows[i].f, .lower = rows[i].lo, .upper = rows[i].hi};
		an_bt_add(&acc, rows[i].a, &p, rows[i].naive);
	}
	an_bt_stat s;
	an_bt_stat_of(&acc, &s);
	assert_int_equal(s.n, 4);
	near(s.mae, 1.125, 1e-12, "mae");
	near(s.naive_mae, 2.25, 1e-12, "naive mae");
	near(s.mase, 0.5, 1e-12, "mase");
	near(s.coverage, 0.75, 1e-12, "coverage");
	an_bt_acc empty = {0};
	an_bt_stat_of(&empty, &s);
	assert_true(isnan(s.mae) && isnan(s.mase) && isnan(s.coverage));
}

/* A backtest where the model is exact and the naive forecasts are worked
 * by hand: y = 100 + 2 t + 3 sin(2 pi t / 4), m = 4, additive trend.
 * Seasonal naive y[t + h - 4 ceil(h/4)] misses by the trend over the
 * steps back: 2 x 4 = 8 for h = 1..4, 2 x 8 = 16 for h = 5, 6.  Last
 * value y[t] misses by 2h and the season's change.  Points per horizon:
 * origins 20..39, a target t + h = o - 1 + h <= 39: 21 - h of them. */
static void test_backtest_exact(void **state)
{
	(void)state;
	enum { N = 40, H = 6 };
	double y[N];
	sine(y, N, 4, 100, 2, 3);
	an_bt_opts o = {.spec = {.season = 4, .trend = AN_TREND_ADD, .level = 0.8},
	                .horizon = H,
	                .min_train = 20,
	                .refit_every = 5,
	                .naive = AN_NAIVE_SEASONAL};
	an_backtest bt;
	char err[128];
	assert_int_equal(an_fc_backtest(y, N, &o, &bt, err, sizeof err), AN_FC_OK);
	assert_int_equal(bt.origins, 20);
	assert_int_equal(bt.fits, 4); /* origins 20, 25, 30, 35 */
	assert_string_equal(bt.model, "holt-winters(additive, trend=add, m=4)");
	size_t total = 0;
	for (size_t h = 1; h <= H; h++) {
		const an_bt_stat *s = &bt.per_h[h - 1];
		assert_int_equal(s->n, 21 - h);
		total += s->n;
		near(s->mae, 0, 1e-6, "exact mae");
		near(s->naive_mae, h <= 4 ? 8 : 16, 1e-9, "seasonal naive");
		near(s->mase, 0, 1e-6, "mase");
	}
	assert_int_equal(bt.overall.n, total);
	an_backtest_free(&bt);

	/* last value: from t to t + h the trend adds 2h and the season moves
	 * by 3 (sin(2 pi (t + h) / 4) - sin(2 pi t / 4)); for h = 4 only the
	 * trend is left: 8 */
	o.naive = AN_NAIVE_LAST;
	assert_int_equal(an_fc_backtest(y, N, &o, &bt, err, sizeof err), AN_FC_OK);
	near(bt.per_h[3].naive_mae, 8, 1e-9, "last value h=4");
	an_backtest_free(&bt);

	/* gaps in the test points are not scored */
	y[30] = y[31] = NAN;
	o.naive = AN_NAIVE_SEASONAL;
	assert_int_equal(an_fc_backtest(y, N, &o, &bt, err, sizeof err), AN_FC_OK);
	/* h = 1: targets 20..39 less 30, 31 (as actuals) and 34, 35 (their
	 * naive is a gap) */
	assert_int_equal(bt.per_h[0].n, 16);
	assert_false(isnan(bt.overall.mae));
	an_backtest_free(&bt);
}

static void test_backtest_bad(void **state)
{
	(void)state;
	double y[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	an_bt_opts o = {
	    .spec = {.season = 0, .level = 0.8}, .horizon = 3, .min_train = 10, .refit_every = 1};
	an_backtest bt;
	char err[128];
	assert_int_equal(an_fc_backtest(y, 10, &o, &bt, err, sizeof err), AN_FC_BADARG);
	assert_non_null(strstr(err, "min_train"));
	an_backtest_free(&bt);
	o.min_train = 5;
	o.horizon = 0;
	assert_int_equal(an_fc_backtest(y, 10, &o, &bt, err, sizeof err), AN_FC_BADARG);
	an_backtest_free(&bt);
	o.horizon = 3;
	o.refit_every = 0;
	assert_int_equal(an_fc_backtest(y, 10, &o, &bt, err, sizeof err), AN_FC_BADARG);
	an_backtest_free(&bt);
	/* tiny but valid: ses from 5 values, the last-value naive */
	o.refit_every = 1;
	assert_int_equal(an_fc_backtest(y, 10, &o, &bt, err, sizeof err), AN_FC_OK);
	assert_string_equal(bt.model, "ses");
	assert_int_equal(bt.overall.n, 5 + 4 + 3);
	an_backtest_free(&bt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_helpers),
	    cmocka_unit_test(test_hw_sine_exact),
	    cmocka_unit_test(test_hw_noise),
	    cmocka_unit_test(test_hw_gaps),
	    cmocka_unit_test(test_hw_short),
	    cmocka_unit_test(test_hw_counts),
	    cmocka_unit_test(test_hw_counts_spread),
	    cmocka_unit_test(test_battery_linear),
	    cmocka_unit_test(test_battery_not_draining),
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_score_by_hand),
	    cmocka_unit_test(test_backtest_exact),
	    cmocka_unit_test(test_backtest_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
