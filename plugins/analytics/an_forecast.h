/* an_forecast.h — predictions with error bounds, and their backtest: demand
 * per hour by seasonal exponential smoothing, battery depletion time by a
 * linear fit, mission duration by empirical quantiles; a rolling-origin
 * backtest reports MAE, MASE and interval coverage.  Pure: C library and
 * libm, no fleetops headers, no clock (tests/unit/test_an_forecast.c).
 *
 * Conventions:
 *   - a series is regularly spaced (one value per step, e.g. missions per
 *     hour); NAN is a gap (the process was down: the value is unknown), not
 *     a zero;
 *   - every prediction says what it is (an_pred: model, horizon, point,
 *     interval, level) or why there is none (its status): "not draining"
 *     and "not enough history" are answers, never a made-up number;
 *   - a level is the nominal coverage of an interval, 0 < level < 1 (0.8:
 *     the interval should hold the actual value 8 times in 10);
 *   - functions that allocate abort on out-of-memory; nothing returned
 *     points into the caller's data. */
#ifndef AN_FORECAST_H
#define AN_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

enum {
	AN_FC_NAME_LEN = 64, /* model names, terminator included */
	AN_FC_MAX_H = 720,   /* longest horizon of a series forecast (30 days hourly) */
};

typedef enum {
	AN_FC_OK,
	AN_FC_TOO_FEW,      /* not enough history for an answer */
	AN_FC_NOT_DRAINING, /* battery: flat or charging, no depletion time */
	AN_FC_BADARG,       /* bad input; the message says which */
} an_fc_status;

/* "ok", "not enough history", "not draining", "bad input": static. */
const char *an_fc_status_name(an_fc_status s);

/* One prediction, as the plugin stores it. */
typedef struct {
	an_fc_status status;        /* when not AN_FC_OK, point/lower/upper are NAN */
	char model[AN_FC_NAME_LEN]; /* e.g. "holt-winters(additive, trend=none, m=24)" */
	const char *interval;       /* how [lower, upper] was made (static):
	                             * "empirical" (quantiles of past errors or
	                             * values), "empirical-scaled" (of errors
	                             * scaled by the level), "normal" (analytic
	                             * variance) or "fieller" (battery) */
	/* How far ahead: steps for a series (1 = the next step); 0 when the
	 * predicted quantity is itself a duration from now (battery, mission). */
	double horizon;
	double point, lower, upper; /* lower <= point <= upper; upper may be INFINITY */
	double level;
} an_pred;

/* ---- Seasonal exponential smoothing ----
 *
 * Additive Holt-Winters in error-correction form, e the one-step error:
 *   f_t = l + phi b + s[t mod m]       (the forecast of y_t)
 *   e   = y_t - f_t                    (0 when y_t is a gap: states coast)
 *   l  <- l + phi b + alpha e
 *   b  <- phi b + beta e
 *   s[t mod m] <- s[t mod m] + gamma e
 * and the h-step forecast from the end: l + (phi + ... + phi^h) b +
 * s[(n-1+h) mod m].  phi is 0 without trend (b stays 0), 1 for an additive
 * trend, 0.8..0.98 damped.  Parameters minimise the sum of squared one-step
 * errors (coarse grid, then Nelder-Mead; deterministic) within
 *   0 < alpha < 1,  0 < beta < alpha,  0 <= gamma < 1 - alpha.
 * Initial states from the first two seasons, exact on level + trend +
 * season whatever gaps they hold: trend the mean change between them per
 * step, season each position's mean less the level.  Leading gaps are
 * dropped.
 *
 * m < 2: no season: "ses", or Holt's linear trend ("holt(trend=add)",
 * "holt(trend=damped)").  Fewer than two seasons of data (after leading
 * gaps): simple exponential smoothing, "ses(fewer than 2 seasons)".  Fewer
 * than 3 observed values: AN_FC_TOO_FEW. */

typedef enum {
	AN_TREND_NONE,
	AN_TREND_ADD,
	AN_TREND_DAMPED,
} an_trend;

typedef struct {
	size_t season;  /* m, steps per season (24: daily of hourly, 168: weekly); 0/1: none */
	an_trend trend; /* requested; the short-series fallback has none */
	double level;   /* interval coverage, e.g. 0.8 */
	/* Counts (missions per hour): never below 0, noise growing with the
	 * level.  Point and bounds are clamped at 0, and interval errors are
	 * scaled by the level (an_hw_predict). */
	bool counts;
} an_hw_spec;

/* A fitted model: what an_hw_fit chose.  Initial states are not kept: they
 * come from the data's first seasons again, so the model applies to any
 * longer series with the same start (a backtest's later origins). */
typedef struct {
	char name[AN_FC_NAME_LEN];
	size_t m; /* season used; 1: none */
	an_trend trend;
	double alpha, beta, gamma, phi;
	double sse; /* one-step squared errors over nobs observed values */
	size_t nobs;
} an_hw_model;

/* Fits y[0..n-1] under spec into *mod.  AN_FC_TOO_FEW with fewer than 3
 * observed values; AN_FC_BADARG (message in err) for a level outside
 * (0, 1) or an unknown trend. */
an_fc_status an_hw_fit(const double *y, size_t n, const an_hw_spec *spec, an_hw_model *mod,
                       char *err, size_t errlen);

/* Forecasts steps 1..H after y[n-1] with mod's parameters (states filtered
 * over y; y may be longer than the data mod was fitted on) into out[0..H-1].
 *
 * Intervals: point + the quantiles at (1 -+ level)/2 (Hyndman-Fan type 6)
 * of the model's h-step errors over y, made from every origin after the
 * two seasons the initial states came from (the last 4,032 origins at
 * most).  Only the few smoothing parameters were fitted to those steps,
 * so the errors are nearly out-of-sample ones, skew and heavy tails
 * included (the backtest measures the coverage).  They are pooled over the
 * season; with spec->counts each is first divided by sqrt(a + b f), f the
 * forecast it missed, a and b >= 0 fitted by least squares of the squared
 * one-step errors on f (Poisson: a = 0, b = 1), and the interval is
 * f + quantile x sqrt(a + b f): wider at peak hours, narrower at quiet
 * ones (pooled as they are, peaks are covered less than the level and
 * quiet hours more; "empirical-scaled").  Where
 * fewer than AN_FC_MIN_ERRORS errors exist for a horizon (short series,
 * long horizons): the normal interval of the ETS(A,Ad,A) variance
 * sigma^2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta (phi + ... + phi^j) +
 * gamma [j mod m = 0], sigma^2 the one-step SSE / (nobs - parameters).
 *
 * With spec->counts, point and bounds are also clamped at 0.
 * AN_FC_BADARG: H outside 1..AN_FC_MAX_H, or a seasonal mod with fewer
 * than two seasons in y. */
enum { AN_FC_MIN_ERRORS = 30 };
an_fc_status an_hw_predict(const double *y, size_t n, const an_hw_model *mod,
                           const an_hw_spec *spec, an_pred *out, size_t H, char *err,
                           size_t errlen);

/* an_hw_fit, then an_hw_predict on the same data. */
an_fc_status an_hw_forecast(const double *y, size_t n, const an_hw_spec *spec, an_pred *out,
                            size_t H, an_hw_model *mod, char *err, size_t errlen);

/* ---- Battery depletion ----
 *
 * Least squares line through the samples (t seconds, battery %) of the
 * last window_s seconds before the latest sample (0: all given; the caller
 * passes those since the last charge; NAN samples are skipped).  point:
 * seconds from the latest sample until the line reaches threshold.
 * Interval: Fieller's, the times
 * at which the line's confidence band at level crosses the threshold (level
 * and slope uncertainty both, t-distribution with n-2 degrees of freedom);
 * upper is INFINITY when the band does not exclude a flat battery.  The
 * band assumes independent residuals: it says how well the recent drain is
 * known, not how the vehicle's future work may change it.
 *   AN_FC_TOO_FEW:      fewer than 3 samples in the window or no time span;
 *   AN_FC_NOT_DRAINING: fitted slope >= 0;
 *   already at or below the threshold (the line at the last sample): 0, 0, 0. */
an_fc_status an_battery_depletion(const double *t_s, const double *pct, size_t n, double window_s,
                                  double threshold, double level, an_pred *out, char *err,
                                  size_t errlen);

/* The line an_battery_depletion fits, for display: the drain in %/s
 * (negative when draining), its standard error, the samples used.
 * AN_FC_TOO_FEW as above (then slope and slope_se are NAN). */
typedef struct {
	double slope, slope_se;
	size_t n;
} an_drain_fit;
an_fc_status an_battery_fit(const double *t_s, const double *pct, size_t n, double window_s,
                            an_drain_fit *fit);

/* ---- Mission duration (per template, per route) ----
 *
 * Point: the median of past durations; interval: their type-6 quantiles at
 * (1 - level)/2 and (1 + level)/2, whose expected coverage of the next
 * duration is level when durations are independent and alike.
 * AN_FC_TOO_FEW below min_count durations, or below 2/(1 - level) - 1 (the
 * fewest whose extremes reach the level: 9 at 0.8).  Gaps (NAN) and
 * negative values are skipped. */
an_fc_status an_duration_predict(const double *dur_s, size_t n, size_t min_count, double level,
                                 an_pred *out, char *err, size_t errlen);

/* ---- Backtest ----
 *
 * Rolling origin: for each origin o = min_train .. n-1, fit on y[0..o-1]
 * (parameters re-estimated at the first origin and every refit_every
 * origins after; between, the last parameters are reused with states
 * filtered to the origin and interval quantiles recomputed), forecast
 * h = 1..H and score y[o-1+h] where it exists.  A point counts when the
 * actual, the forecast and the naive forecast are all known (not NAN) and
 * the naive forecast's step is not before y[0].  Origins with too few
 * observed values yet are skipped (a fit is tried at each until one
 * succeeds).
 *
 * The naive forecast from origin t = o-1 (the last training step):
 *   AN_NAIVE_SEASONAL: y[t + h - m ceil(h/m)] (the same position one season
 *                      back from the target, the latest known); the last
 *                      value when the spec has no season;
 *   AN_NAIVE_LAST:     y[t].
 * MAE: mean |actual - forecast|.  MASE: the model's MAE divided by the
 * naive forecast's MAE on the same points (an out-of-sample relative MAE:
 * below 1, the model beats naive).  Coverage: the share of actuals within
 * [lower, upper]. */

typedef enum {
	AN_NAIVE_SEASONAL,
	AN_NAIVE_LAST,
} an_naive;

typedef struct {
	an_hw_spec spec;
	size_t horizon;     /* H, 1..AN_FC_MAX_H */
	size_t min_train;   /* first origin; >= 3 */
	size_t refit_every; /* >= 1 */
	an_naive naive;
} an_bt_opts;

typedef struct {
	size_t n;                              /* points scored */
	double mae, naive_mae, mase, coverage; /* NAN without points (MASE: or naive MAE 0) */
} an_bt_stat;

/* Running sums of a score, zero-initialised; the backtest's, and the
 * plugin's when it scores stored predictions against what happened. */
typedef struct {
	size_t n, inside;
	double abs, naive_abs;
} an_bt_acc;

/* Scores one point: the actual value, the prediction (inside when
 * lower <= actual <= upper), the naive forecast.  Not counted when
 * actual, p->point or naive is NAN. */
void an_bt_add(an_bt_acc *a, double actual, const an_pred *p, double naive);
/* The MAE, MASE (NAN also when the naive MAE is 0) and coverage of a. */
void an_bt_stat_of(const an_bt_acc *a, an_bt_stat *s);

typedef struct {
	char model[AN_FC_NAME_LEN]; /* of the last fit; "none(too few values)" without */
	an_hw_model last;           /* the last fit */
	size_t origins, fits;       /* origins forecast from, parameter fits made */
	an_bt_stat overall;
	size_t H;
	an_bt_stat *per_h; /* owned, H entries (h = index + 1): an_backtest_free */
} an_backtest;

/* Runs the backtest of y[0..n-1] into *bt (to free with an_backtest_free,
 * also after a failure).  AN_FC_BADARG for bad options or
 * min_train >= n. */
an_fc_status an_fc_backtest(const double *y, size_t n, const an_bt_opts *o, an_backtest *bt,
                            char *err, size_t errlen);
void an_backtest_free(an_backtest *bt);

/* ---- Helpers, exported for the tests and the plugin ---- */

/* The Hyndman-Fan type-6 quantile of sorted x[0..n-1] (n >= 1): position
 * (n + 1) p, 1-based, linear between order statistics, clamped to the
 * extremes. */
double an_fc_quantile(const double *sorted, size_t n, double p);
/* The standard normal quantile; +-INFINITY at 1 and 0. */
double an_fc_norm_quantile(double p);
/* Student's t quantile with df degrees of freedom (df >= 1). */
double an_fc_t_quantile(double p, unsigned df);

#endif
