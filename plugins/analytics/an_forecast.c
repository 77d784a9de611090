/* an_forecast.c — seasonal exponential smoothing, battery depletion,
 * mission duration and the rolling-origin backtest (an_forecast.h). */
#include "an_forecast.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In-sample errors kept per horizon for the intervals: those of the last
 * this many origins (bounds memory at H x this; 24 weeks hourly). */
enum { ERR_WINDOW = 4032 };

__attribute__((format(printf, 3, 4))) static void fail(char *err, size_t errlen, const char *fmt,
                                                       ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

const char *an_fc_status_name(an_fc_status s)
{
	switch (s) {
	case AN_FC_OK:
		return "ok";
	case AN_FC_TOO_FEW:
		return "not enough history";
	case AN_FC_NOT_DRAINING:
		return "not draining";
	case AN_FC_BADARG:
		return "bad input";
	}
	return "?";
}

/* A prediction without numbers: status, model and level only. */
static void pred_none(an_pred *p, an_fc_status st, const char *model, double horizon, double level)
{
	memset(p, 0, sizeof *p);
	p->status = st;
	snprintf(p->model, sizeof p->model, "%s", model);
	p->interval = "none";
	p->horizon = horizon;
	p->point = p->lower = p->upper = NAN;
	p->level = level;
}

static bool level_ok(double level)
{
	return level > 0 && level < 1;
}

/* ---- Quantiles ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double an_fc_quantile(const double *x, size_t n, double p)
{
	double h = (double)(n + 1) * p; /* 1-based position */
	if (h <= 1)
		return x[0];
	if (h >= (double)n)
		return x[n - 1];
	size_t k = (size_t)h;
	return x[k - 1] + (h - (double)k) * (x[k] - x[k - 1]);
}

static double norm_cdf(double x)
{
	return 0.5 * erfc(-x / sqrt(2.0));
}

double an_fc_norm_quantile(double p)
{
	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	/* bisection on the cdf: slow but sure, and only called once per
	 * interval (the cdf is 0 in doubles below -38.5) */
	double lo = -40, hi = 40;
	for (int i = 0; i < 200 && hi - lo > 1e-15 * (1 + fabs(lo)); i++) {
		double mid = 0.5 * (lo + hi);
		if (norm_cdf(mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* P(|T| <= t) for Student's t with df degrees of freedom, by the finite
 * series in cos(theta), theta = atan(t / sqrt(df)) (exact for integer df). */
static double t_central(double t, unsigned df)
{
	double th = atan(t / sqrt((double)df)), c2 = cos(th) * cos(th), s = sin(th);
	if (df % 2 == 0) {
		double term = 1, sum = 1;
		for (unsigned k = 2; k < df; k += 2) {
			term *= c2 * (double)(k - 1) / (double)k;
			sum += term;
		}
		return s * sum;
	}
	double sum = 0;
	if (df > 1) {
		double term = cos(th);
		sum = term;
		for (unsigned k = 3; k < df; k += 2) {
			term *= c2 * (double)(k - 1) / (double)k;
			sum += term;
		}
	}
	return 2 / M_PI * (th + s * sum);
}

double an_fc_t_quantile(double p, unsigned df)
{
	if (df == 0)
		return NAN;
	if (!(p > 0))
		return -INFINITY;
	if (!(p < 1))
		return INFINITY;
	if (p == 0.5)
		return 0;
	if (df > 10000) /* the series' length grows with df: normal, within 1e-4 */
		return an_fc_norm_quantile(p);
	double want = fabs(2 * p - 1); /* central probability */
	double lo = 0, hi = 1;
	while (t_central(hi, df) < want && hi < 1e300)
		hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
		double mid = 0.5 * (lo + hi);
		if (t_central(mid, df) < want)
			lo = mid;
		else
			hi = mid;
	}
	double t = 0.5 * (lo + hi);
	return p < 0.5 ? -t : t;
}

/* ---- Holt-Winters ---- */

typedef struct {
	size_t m; /* >= 1; 1: no season (gamma 0, s[0] 0) */
	an_trend trend;
	double alpha, beta, gamma, phi;
} hw_par;

typedef struct {
	double l, b;
	double *s; /* m entries; s[t mod m] is the season of step t */
} hw_state;

/* In-sample h-step errors: e[(h - 1) * cap + i], cnt[h - 1] of them, and
 * the forecasts they were errors of at the same index in f. */
typedef struct {
	size_t H, first; /* origins (last step used) from first on */
	size_t cap;
	double *e, *f;
	size_t *cnt;
	const double *phisum; /* phi + ... + phi^h at [h - 1] */
} err_buf;

/* Whether y[0..n-1] (leading gaps dropped) holds the two seasons
 * Holt-Winters starts from. */
static bool seasonal_ok(size_t n, size_t m)
{
	return m >= 2 && n >= 2 * m;
}

/* Initial states from y[0..2m-1], the first two seasons (m = 1: the
 * first two values), exact on level + trend + season whatever the gaps:
 *   trend: the mean of (y[i+m] - y[i]) / m over positions seen twice;
 *   a_i:   the mean of position i's values, trend removed;
 *   level: the mean of the a_i (positions seen), season s_i = a_i - level.
 * The level is set one step before y[0]. */
static void hw_init(const double *y, const hw_par *p, hw_state *st)
{
	size_t m = p->m, k = 0, seen = 0;
	double sum = 0;
	st->b = 0;
	if (p->trend != AN_TREND_NONE) {
		for (size_t i = 0; i < m; i++)
			if (!isnan(y[i]) && !isnan(y[i + m])) {
				sum += (y[i + m] - y[i]) / (double)m;
				k++;
			}
		st->b = k ? sum / (double)k : 0;
	}
	double level = 0;
	for (size_t i = 0; i < m; i++) {
		double a = 0;
		k = 0;
		for (size_t j = i; j < 2 * m; j += m)
			if (!isnan(y[j])) {
				a += y[j] - st->b * (double)j;
				k++;
			}
		st->s[i] = k ? a / (double)k : NAN; /* a_i for now */
		if (k) {
			level += st->s[i];
			seen++;
		}
	}
	level /= (double)seen;         /* y[0] is observed: seen >= 1 */
	for (size_t i = 0; i < m; i++) /* m = 1: s[0] = a_0 - a_0 = 0 */
		st->s[i] = isnan(st->s[i]) ? 0 : st->s[i] - level;
	st->l = level - st->b;
}

/* Filters y[0..n-1] from *st (left at the end).  Returns the sum of squared
 * one-step errors over the observed values, counted in *nobs; collects
 * h-step errors into eb when given. */
static double hw_run(const double *y, size_t n, const hw_par *p, hw_state *st, size_t *nobs,
                     err_buf *eb)
{
	size_t m = p->m, k = 0;
	double sse = 0, l = st->l, b = st->b;
	for (size_t t = 0; t < n; t++) {
		size_t si = t % m;
		double f = l + p->phi * b + st->s[si], e = 0;
		if (!isnan(y[t])) {
			e = y[t] - f;
			sse += e * e;
			k++;
		}
		l = l + p->phi * b + p->alpha * e;
		b = p->phi * b + p->beta * e;
		st->s[si] += p->gamma * e;
		if (eb && t >= eb->first)
			for (size_t h = 1; h <= eb->H && t + h < n; h++) {
				double a = y[t + h];
				if (isnan(a))
					continue;
				double fh = l + eb->phisum[h - 1] * b + st->s[(t + h) % m];
				size_t *c = &eb->cnt[h - 1];
				if (*c < eb->cap) {
					eb->f[(h - 1) * eb->cap + *c] = fh;
					eb->e[(h - 1) * eb->cap + (*c)++] = a - fh;
				}
			}
	}
	st->l = l;
	st->b = b;
	if (nobs)
		*nobs = k;
	return sse;
}

/* The fit's search space: each parameter through a logistic map from an
 * unbounded coordinate, so Nelder-Mead needs no bounds. */
typedef struct {
	const double *y;
	size_t n;
	hw_par base;
	hw_state init; /* initial states, copied for each evaluation */
	double *s;     /* scratch season */
	size_t dim;
	int coord[4]; /* the parameter (P_...) of each coordinate */
} fit_ctx;

enum { P_ALPHA, P_GAMMA, P_BETA, P_PHI };
static const double P_LO[] = {1e-4, 0, 1e-4, 0.8}, P_HI[] = {0.9999, 0.9999, 0.9999, 0.98};

static double squash(double x, int i)
{
	return P_LO[i] + (P_HI[i] - P_LO[i]) / (1 + exp(-x));
}

static double unsquash(double v, int i)
{
	double u = (v - P_LO[i]) / (P_HI[i] - P_LO[i]);
	return log(u / (1 - u));
}

/* The coordinates in order: alpha; gamma* (gamma as a share of 1 - alpha)
 * when seasonal; beta* (beta as a share of alpha) with a trend; phi when
 * damped. */
static void set_coords(fit_ctx *c)
{
	c->dim = 0;
	c->coord[c->dim++] = P_ALPHA;
	if (c->base.m > 1)
		c->coord[c->dim++] = P_GAMMA;
	if (c->base.trend != AN_TREND_NONE)
		c->coord[c->dim++] = P_BETA;
	if (c->base.trend == AN_TREND_DAMPED)
		c->coord[c->dim++] = P_PHI;
}

static hw_par ctx_par(const fit_ctx *c, const double *x)
{
	hw_par p = c->base;
	double v[4] = {0, 0, 0, 1};
	for (size_t k = 0; k < c->dim; k++) {
		int i = c->coord[k];
		v[i] = squash(x[k], i);
	}
	p.alpha = v[P_ALPHA];
	p.gamma = c->base.m > 1 ? v[P_GAMMA] * (1 - p.alpha) : 0;
	p.beta = c->base.trend != AN_TREND_NONE ? v[P_BETA] * p.alpha : 0;
	p.phi = c->base.trend == AN_TREND_NONE ? 0 : c->base.trend == AN_TREND_ADD ? 1 : v[P_PHI];
	return p;
}

static double objective(const fit_ctx *c, const double *x)
{
	hw_par p = ctx_par(c, x);
	hw_state st = {c->init.l, c->init.b, c->s};
	memcpy(c->s, c->init.s, p.m * sizeof *c->s);
	double sse = hw_run(c->y, c->n, &p, &st, NULL, NULL);
	return isfinite(sse) ? sse : HUGE_VAL;
}

/* Nelder-Mead minimisation from x (dim <= 4, left at the best point). */
static double nelder_mead(const fit_ctx *c, double *x, double step, int maxit)
{
	size_t d = c->dim;
	double v[5][4] = {{0}}, f[5], cen[4], xr[4], xe[4], xc[4];
	for (size_t i = 0; i <= d; i++) {
		memcpy(v[i], x, d * sizeof *x);
		if (i > 0)
			v[i][i - 1] += step;
		f[i] = objective(c, v[i]);
	}
	for (int it = 0; it < maxit; it++) {
		/* order: best first (insertion sort keeps ties in place) */
		for (size_t i = 1; i <= d; i++)
			for (size_t j = i; j > 0 && f[j] < f[j - 1]; j--) {
				double tf = f[j], tv[4];
				memcpy(tv, v[j], sizeof tv);
				f[j] = f[j - 1];
				memcpy(v[j], v[j - 1], sizeof tv);
				f[j - 1] = tf;
				memcpy(v[j - 1], tv, sizeof tv);
			}
		if (f[d] - f[0] <= 1e-10 * (fabs(f[0]) + 1e-12))
			break;
		for (size_t k = 0; k < d; k++) {
			cen[k] = 0;
			for (size_t i = 0; i < d; i++)
				cen[k] += v[i][k] / (double)d;
			xr[k] = 2 * cen[k] - v[d][k];
		}
		double fr = objective(c, xr);
		if (fr < f[0]) {
			for (size_t k = 0; k < d; k++)
				xe[k] = 3 * cen[k] - 2 * v[d][k];
			double fe = objective(c, xe);
			bool exp_better = fe < fr;
			memcpy(v[d], exp_better ? xe : xr, d * sizeof *x);
			f[d] = exp_better ? fe : fr;
			continue;
		}
		if (fr < f[d - 1]) {
			memcpy(v[d], xr, d * sizeof *x);
			f[d] = fr;
			continue;
		}
		/* contract: outside when the reflection improved on the worst */
		const double *toward = fr < f[d] ? xr : v[d];
		for (size_t k = 0; k < d; k++)
			xc[k] = 0.5 * (cen[k] + toward[k]);
		double fc = objective(c, xc);
		if (fc < fmin(fr, f[d])) {
			memcpy(v[d], xc, d * sizeof *x);
			f[d] = fc;
			continue;
		}
		for (size_t i = 1; i <= d; i++) { /* shrink toward the best */
			for (size_t k = 0; k < d; k++)
				v[i][k] = 0.5 * (v[0][k] + v[i][k]);
			f[i] = objective(c, v[i]);
		}
	}
	size_t best = 0;
	for (size_t i = 1; i <= d; i++)
		if (f[i] < f[best])
			best = i;
	memcpy(x, v[best], d * sizeof *x);
	return f[best];
}

/* Drops leading gaps: the first observed value and the count from it. */
static const double *skip_gaps(const double *y, size_t *n)
{
	while (*n > 0 && isnan(*y)) {
		y++;
		(*n)--;
	}
	return y;
}

static size_t observed(const double *y, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += !isnan(y[i]);
	return k;
}

static const char *trend_name(an_trend t)
{
	return t == AN_TREND_ADD ? "add" : t == AN_TREND_DAMPED ? "damped" : "none";
}

static bool spec_ok(const an_hw_spec *spec, char *err, size_t errlen)
{
	if (!level_ok(spec->level)) {
		fail(err, errlen, "level %g is not between 0 and 1", spec->level);
		return false;
	}
	if (spec->trend != AN_TREND_NONE && spec->trend != AN_TREND_ADD &&
	    spec->trend != AN_TREND_DAMPED) {
		fail(err, errlen, "unknown trend %d", (int)spec->trend);
		return false;
	}
	return true;
}

an_fc_status an_hw_fit(const double *y0, size_t n0, const an_hw_spec *spec, an_hw_model *mod,
                       char *err, size_t errlen)
{
	memset(mod, 0, sizeof *mod);
	if (!spec_ok(spec, err, errlen))
		return AN_FC_BADARG;
	size_t n = n0;
	const double *y = skip_gaps(y0, &n);
	if (observed(y, n) < 3) {
		fail(err, errlen, "%zu observed values, 3 needed", observed(y, n));
		return AN_FC_TOO_FEW;
	}
	fit_ctx c = {.y = y, .n = n};
	if (seasonal_ok(n, spec->season)) {
		c.base.m = spec->season;
		c.base.trend = spec->trend;
		snprintf(mod->name, sizeof mod->name, "holt-winters(additive, trend=%s, m=%zu)",
		         trend_name(spec->trend), spec->season);
	} else if (spec->season >= 2) {
		c.base.m = 1;
		c.base.trend = AN_TREND_NONE;
		snprintf(mod->name, sizeof mod->name, "ses(fewer than 2 seasons)");
	} else {
		c.base.m = 1;
		c.base.trend = spec->trend;
		snprintf(mod->name, sizeof mod->name, "%s",
		         spec->trend == AN_TREND_NONE  ? "ses"
		         : spec->trend == AN_TREND_ADD ? "holt(trend=add)"
		                                       : "holt(trend=damped)");
	}
	set_coords(&c);
	c.init.s = xcalloc(c.base.m, sizeof(double));
	c.s = xcalloc(c.base.m, sizeof(double));
	hw_init(y, &c.base, &c.init);

	/* a coarse grid for the start, then Nelder-Mead twice (the restart
	 * rebuilds a collapsed simplex) */
	static const double grid[4][4] = {
	    {0.02, 0.1, 0.3, 0.6}, /* alpha */
	    {0.02, 0.1, 0.4, 0},   /* gamma* */
	    {0.02, 0.2, 0, 0},     /* beta* */
	    {0.9, 0.98, 0, 0},     /* phi */
	};
	static const size_t ngrid[4] = {4, 3, 2, 2};
	double best[4] = {0}, x[4], fbest = HUGE_VAL;
	size_t total = 1;
	for (size_t k = 0; k < c.dim; k++)
		total *= ngrid[c.coord[k]];
	for (size_t g = 0; g < total; g++) {
		size_t r = g;
		for (size_t k = 0; k < c.dim; k++) {
			int i = c.coord[k];
			x[k] = unsquash(grid[i][r % ngrid[i]], i);
			r /= ngrid[i];
		}
		double f = objective(&c, x);
		if (f < fbest) {
			fbest = f;
			memcpy(best, x, c.dim * sizeof *x);
		}
	}
	nelder_mead(&c, best, 1.0, 400);
	nelder_mead(&c, best, 0.25, 400);

	hw_par p = ctx_par(&c, best);
	hw_state st = {c.init.l, c.init.b, c.s};
	memcpy(c.s, c.init.s, p.m * sizeof *c.s);
	mod->sse = hw_run(y, n, &p, &st, &mod->nobs, NULL);
	mod->m = p.m;
	mod->trend = p.trend;
	mod->alpha = p.alpha;
	mod->beta = p.beta;
	mod->gamma = p.gamma;
	mod->phi = p.phi;
	free(c.init.s);
	free(c.s);
	return AN_FC_OK;
}

/* How the size of the errors grows with the forecast, for counts:
 * variance a + b f (Poisson: a = 0, b = 1; constant: b = 0), scale its
 * square root.  The floor, 5 % of the mean squared error, keeps a forecast
 * near 0 from making its errors look huge. */
typedef struct {
	double a, b, floor;
} spread_model;

static double spread(const spread_model *sv, double f)
{
	return sqrt(fmax(sv->a + sv->b * fmax(f, 0), sv->floor));
}

/* a and b by least squares of the one-step squared errors on their
 * forecasts, both kept >= 0. */
static void spread_fit(const err_buf *eb, spread_model *sv)
{
	size_t k = eb->cnt[0];
	if (k < AN_FC_MIN_ERRORS)
		return;
	double mf = 0, me = 0, sff = 0, sfe = 0;
	for (size_t i = 0; i < k; i++) {
		mf += eb->f[i] / (double)k;
		me += eb->e[i] * eb->e[i] / (double)k;
	}
	for (size_t i = 0; i < k; i++) {
		double df = eb->f[i] - mf;
		sff += df * df;
		sfe += df * (eb->e[i] * eb->e[i] - me);
	}
	if (!(me > 0))
		return;
	sv->b = sff > 0 && sfe > 0 ? sfe / sff : 0;
	sv->a = me - sv->b * mf;
	if (sv->a < 0) { /* through the origin instead */
		double sf2 = 0, sf3 = 0;
		for (size_t i = 0; i < k; i++) {
			double f = fmax(eb->f[i], 0);
			sf2 += f * f;
			sf3 += f * eb->e[i] * eb->e[i];
		}
		sv->a = 0;
		sv->b = sf2 > 0 ? sf3 / sf2 : 0;
	}
	sv->floor = 0.05 * me;
}

static double clamp0(double v, bool on)
{
	return on && v < 0 ? 0 : v;
}

an_fc_status an_hw_predict(const double *y0, size_t n0, const an_hw_model *mod,
                           const an_hw_spec *spec, an_pred *out, size_t H, char *err, size_t errlen)
{
	if (H < 1 || H > AN_FC_MAX_H) {
		fail(err, errlen, "horizon %zu is not 1..%d", H, AN_FC_MAX_H);
		return AN_FC_BADARG;
	}
	for (size_t h = 1; h <= H; h++)
		pred_none(&out[h - 1], AN_FC_BADARG, mod->name, (double)h, spec->level);
	if (!spec_ok(spec, err, errlen))
		return AN_FC_BADARG;
	size_t n = n0;
	const double *y = skip_gaps(y0, &n);
	if (mod->m < 1 || (mod->m > 1 && !seasonal_ok(n, mod->m))) {
		fail(err, errlen, "the model wants two seasons (%zu values), the series has %zu",
		     2 * mod->m, n);
		return AN_FC_BADARG;
	}
	if (observed(y, n) < 3) {
		fail(err, errlen, "%zu observed values, 3 needed", observed(y, n));
		for (size_t h = 0; h < H; h++)
			out[h].status = AN_FC_TOO_FEW;
		return AN_FC_TOO_FEW;
	}
	hw_par p = {mod->m, mod->trend, mod->alpha, mod->beta, mod->gamma, mod->phi};
	double *phisum = xcalloc(H, sizeof(double)), acc = 0, pw = 1;
	for (size_t h = 0; h < H; h++) {
		pw *= p.phi;
		acc += pw;
		phisum[h] = acc;
	}
	/* errors from the end of the initialisation window (the first two
	 * seasons, which the initial states were taken from), or from the start
	 * when that leaves too few */
	size_t first = 2 * p.m - 1; /* the origin whose next step is the first after */
	if (n < first + 1 + AN_FC_MIN_ERRORS)
		first = 0;
	if (n > ERR_WINDOW && n - ERR_WINDOW > first)
		first = n - ERR_WINDOW;
	err_buf eb = {.H = H, .first = first, .phisum = phisum};
	eb.cap = n - first;
	eb.e = xcalloc(H * eb.cap, sizeof(double));
	eb.f = xcalloc(H * eb.cap, sizeof(double));
	eb.cnt = xcalloc(H, sizeof(size_t));
	hw_state st = {0, 0, xcalloc(p.m, sizeof(double))};
	hw_init(y, &p, &st);
	size_t nobs;
	double sse = hw_run(y, n, &p, &st, &nobs, &eb);

	spread_model sv = {1, 0, 1}; /* 1 everywhere: errors as they are */
	if (spec->counts)
		spread_fit(&eb, &sv);

	/* the analytic variance, for horizons with too few errors */
	size_t npar = 1 + (p.m > 1) + (p.trend != AN_TREND_NONE) + (p.trend == AN_TREND_DAMPED);
	double sigma2 = sse / (double)(nobs > npar ? nobs - npar : 1);
	double z = an_fc_norm_quantile(0.5 + spec->level / 2), csum = 0;
	double qlo = (1 - spec->level) / 2, qhi = (1 + spec->level) / 2;
	for (size_t h = 1; h <= H; h++) {
		an_pred *o = &out[h - 1];
		double f = st.l + phisum[h - 1] * st.b + st.s[(n - 1 + h) % p.m];
		o->status = AN_FC_OK;
		o->point = f;
		size_t k = eb.cnt[h - 1];
		if (k >= AN_FC_MIN_ERRORS) {
			double *e = &eb.e[(h - 1) * eb.cap], *fe = &eb.f[(h - 1) * eb.cap];
			for (size_t i = 0; i < k; i++)
				e[i] /= spread(&sv, fe[i]);
			qsort(e, k, sizeof *e, cmp_double);
			o->lower = f + an_fc_quantile(e, k, qlo) * spread(&sv, f);
			o->upper = f + an_fc_quantile(e, k, qhi) * spread(&sv, f);
			o->interval = spec->counts ? "empirical-scaled" : "empirical";
		} else {
			double sd = sqrt(sigma2 * (1 + csum));
			o->lower = f - z * sd;
			o->upper = f + z * sd;
			o->interval = "normal";
		}
		/* c_h: what the error of step t+1 adds to the forecast of t+1+h */
		double cj =
		    p.alpha + p.beta * phisum[h - 1] + (p.m > 1 && h % p.m == 0 ? p.gamma : 0);
		csum += cj * cj;
		o->point = clamp0(o->point, spec->counts);
		o->lower = clamp0(o->lower, spec->counts);
		o->upper = clamp0(o->upper, spec->counts);
		/* a skewed error sample can leave the point outside its interval */
		o->lower = fmin(o->lower, o->point);
		o->upper = fmax(o->upper, o->point);
	}
	free(st.s);
	free(eb.e);
	free(eb.f);
	free(eb.cnt);
	free(phisum);
	return AN_FC_OK;
}

an_fc_status an_hw_forecast(const double *y, size_t n, const an_hw_spec *spec, an_pred *out,
                            size_t H, an_hw_model *mod, char *err, size_t errlen)
{
	an_fc_status st = an_hw_fit(y, n, spec, mod, err, errlen);
	if (st != AN_FC_OK) {
		for (size_t h = 1; h <= H && h <= AN_FC_MAX_H; h++)
			pred_none(&out[h - 1], st, mod->name, (double)h, spec->level);
		return st;
	}
	return an_hw_predict(y, n, mod, spec, out, H, err, errlen);
}

/* ---- Battery depletion ---- */

/* The least squares line of a window's samples: sums about the means. */
typedef struct {
	size_t n;
	double tbar, ybar, sxx, sxy, syy;
	double tlast; /* the last sample's time */
} lin_sums;

static bool usable(const double *t, const double *y, size_t i, double from)
{
	return isfinite(t[i]) && isfinite(y[i]) && t[i] >= from;
}

/* Fills *ls from the samples within window_s of the last (0: all); false
 * when they define no line (fewer than 3, or all at one time). */
static bool lin_window(const double *t, const double *y, size_t n, double window_s, lin_sums *ls)
{
	memset(ls, 0, sizeof *ls);
	ls->tlast = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (usable(t, y, i, -INFINITY) && t[i] > ls->tlast)
			ls->tlast = t[i];
	double from = window_s > 0 ? ls->tlast - window_s : -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (usable(t, y, i, from)) {
			ls->n++;
			ls->tbar += t[i];
			ls->ybar += y[i];
		}
	if (ls->n < 3)
		return false;
	ls->tbar /= (double)ls->n;
	ls->ybar /= (double)ls->n;
	for (size_t i = 0; i < n; i++)
		if (usable(t, y, i, from)) { /* centred: no cancellation on epoch times */
			double dt = t[i] - ls->tbar, dy = y[i] - ls->ybar;
			ls->sxx += dt * dt;
			ls->sxy += dt * dy;
			ls->syy += dy * dy;
		}
	return ls->sxx > 0;
}

/* The residual variance of the line (n - 2 degrees of freedom). */
static double lin_sigma2(const lin_sums *ls)
{
	double ssr = ls->syy - ls->sxy * ls->sxy / ls->sxx;
	return (ssr > 0 ? ssr : 0) / (double)(ls->n - 2);
}

an_fc_status an_battery_fit(const double *t_s, const double *pct, size_t n, double window_s,
                            an_drain_fit *fit)
{
	lin_sums ls;
	bool ok = lin_window(t_s, pct, n, window_s, &ls);
	fit->n = ls.n;
	fit->slope = ok ? ls.sxy / ls.sxx : NAN;
	fit->slope_se = ok ? sqrt(lin_sigma2(&ls) / ls.sxx) : NAN;
	return ok ? AN_FC_OK : AN_FC_TOO_FEW;
}

an_fc_status an_battery_depletion(const double *t_s, const double *pct, size_t n, double window_s,
                                  double threshold, double level, an_pred *out, char *err,
                                  size_t errlen)
{
	const char *model = "linear drain(least squares)";
	pred_none(out, AN_FC_BADARG, model, 0, level);
	if (!level_ok(level) || !isfinite(threshold)) {
		fail(err, errlen, "level %g or threshold %g out of range", level, threshold);
		return AN_FC_BADARG;
	}
	lin_sums ls;
	if (!lin_window(t_s, pct, n, window_s, &ls)) {
		fail(err, errlen, "%zu samples over no time span or fewer than 3", ls.n);
		out->status = AN_FC_TOO_FEW;
		return AN_FC_TOO_FEW;
	}
	snprintf(out->model, sizeof out->model, "linear drain(least squares, n=%zu)", ls.n);
	double slope = ls.sxy / ls.sxx;
	if (!(slope < 0)) {
		fail(err, errlen, "battery not draining (%+.3g %%/h)", slope * 3600);
		out->status = AN_FC_NOT_DRAINING;
		return AN_FC_NOT_DRAINING;
	}
	out->status = AN_FC_OK;
	out->interval = "fieller";
	double d = ls.ybar - threshold, now = ls.tlast - ls.tbar; /* times about tbar */
	if (d + slope * now <= 0) { /* the line is at the threshold already */
		out->point = out->lower = out->upper = 0;
		return AN_FC_OK;
	}
	out->point = -d / slope - now;
	/* Fieller: the u (time about tbar) where the band of the mean line,
	 * d + slope u +- q sigma sqrt(1/n + u^2/sxx), holds 0:
	 * (slope^2 - q^2 s2/sxx) u^2 + 2 slope d u + d^2 - q^2 s2/n <= 0. */
	double q = an_fc_t_quantile(0.5 + level / 2, (unsigned)(ls.n - 2));
	double s2 = lin_sigma2(&ls);
	double a = slope * slope - q * q * s2 / ls.sxx, b = 2 * slope * d;
	double c = d * d - q * q * s2 / (double)ls.n, disc = b * b - 4 * a * c;
	double ustar = -d / slope, lo = -INFINITY, hi = INFINITY;
	if (a > 0) { /* the slope is known to be negative: a bounded interval */
		double r = sqrt(fmax(disc, 0));
		lo = (-b - r) / (2 * a);
		hi = (-b + r) / (2 * a);
	} else if (disc > 0) {
		/* not known to drain: the set is the half-line from the root below
		 * the point on; no upper bound */
		double r1 = (-b - sqrt(disc)) / (2 * a), r2 = (-b + sqrt(disc)) / (2 * a);
		double rmin = fmin(r1, r2), rmax = fmax(r1, r2);
		lo = rmax <= ustar ? rmax : rmin <= ustar ? rmin : -INFINITY;
	}
	out->lower = fmax(0, fmin(lo - now, out->point));
	out->upper = fmax(hi - now, out->point);
	return AN_FC_OK;
}

/* ---- Mission duration ---- */

an_fc_status an_duration_predict(const double *dur_s, size_t n, size_t min_count, double level,
                                 an_pred *out, char *err, size_t errlen)
{
	pred_none(out, AN_FC_BADARG, "empirical quantiles", 0, level);
	if (!level_ok(level)) {
		fail(err, errlen, "level %g is not between 0 and 1", level);
		return AN_FC_BADARG;
	}
	double *x = xcalloc(n, sizeof *x);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(dur_s[i]) && dur_s[i] >= 0)
			x[k++] = dur_s[i];
	snprintf(out->model, sizeof out->model, "empirical quantiles(n=%zu)", k);
	/* type 6 reaches the level's quantiles inside the sample from
	 * (k + 1)(1 - level)/2 >= 1 on */
	double need = 2 / (1 - level) - 1 - 1e-9;
	if (k < min_count || (double)k < need) {
		fail(err, errlen, "%zu durations, %zu needed", k,
		     (size_t)fmax((double)min_count, ceil(need)));
		out->status = AN_FC_TOO_FEW;
		free(x);
		return AN_FC_TOO_FEW;
	}
	qsort(x, k, sizeof *x, cmp_double);
	out->status = AN_FC_OK;
	out->interval = "empirical";
	out->point = an_fc_quantile(x, k, 0.5);
	out->lower = an_fc_quantile(x, k, (1 - level) / 2);
	out->upper = an_fc_quantile(x, k, (1 + level) / 2);
	free(x);
	return AN_FC_OK;
}

/* ---- Backtest ---- */

void an_bt_add(an_bt_acc *a, double actual, const an_pred *p, double naive)
{
	if (isnan(actual) || isnan(p->point) || isnan(naive))
		return;
	a->n++;
	a->abs += fabs(actual - p->point);
	a->naive_abs += fabs(actual - naive);
	a->inside += actual >= p->lower && actual <= p->upper;
}

void an_bt_stat_of(const an_bt_acc *a, an_bt_stat *s)
{
	s->n = a->n;
	s->mae = a->n ? a->abs / (double)a->n : NAN;
	s->naive_mae = a->n ? a->naive_abs / (double)a->n : NAN;
	s->mase = a->n && a->naive_abs > 0 ? a->abs / a->naive_abs : NAN;
	s->coverage = a->n ? (double)a->inside / (double)a->n : NAN;
}

void an_backtest_free(an_backtest *bt)
{
	free(bt->per_h);
	bt->per_h = NULL;
}

an_fc_status an_fc_backtest(const double *y, size_t n, const an_bt_opts *o, an_backtest *bt,
                            char *err, size_t errlen)
{
	memset(bt, 0, sizeof *bt);
	if (!spec_ok(&o->spec, err, errlen))
		return AN_FC_BADARG;
	if (o->horizon < 1 || o->horizon > AN_FC_MAX_H) {
		fail(err, errlen, "horizon %zu is not 1..%d", o->horizon, AN_FC_MAX_H);
		return AN_FC_BADARG;
	}
	if (o->min_train < 3 || o->min_train >= n) {
		fail(err, errlen, "min_train %zu: 3 at least and below the series' %zu values",
		     o->min_train, n);
		return AN_FC_BADARG;
	}
	if (o->refit_every < 1 || (o->naive != AN_NAIVE_SEASONAL && o->naive != AN_NAIVE_LAST)) {
		fail(err, errlen, "refit_every must be >= 1 and naive seasonal or last");
		return AN_FC_BADARG;
	}
	size_t H = o->horizon, m = o->spec.season >= 2 ? o->spec.season : 1;
	bt->H = H;
	bt->per_h = xcalloc(H, sizeof *bt->per_h);
	an_bt_acc all = {0}, *ph = xcalloc(H, sizeof *ph);
	an_pred *pred = xcalloc(H, sizeof *pred);
	bool have = false;
	size_t since = 0;
	for (size_t org = o->min_train; org < n; org++, since++) {
		if (!have || since >= o->refit_every) {
			if (an_hw_fit(y, org, &o->spec, &bt->last, NULL, 0) != AN_FC_OK)
				continue; /* too few yet: try again at the next origin */
			have = true;
			since = 0;
			bt->fits++;
		}
		if (an_hw_predict(y, org, &bt->last, &o->spec, pred, H, NULL, 0) != AN_FC_OK)
			continue;
		bt->origins++;
		size_t t = org - 1;
		for (size_t h = 1; h <= H && t + h < n; h++) {
			size_t back = o->naive == AN_NAIVE_LAST ? h : m * ((h + m - 1) / m);
			if (back > t + h)
				continue; /* no naive forecast this early */
			double nv = y[t + h - back];
			an_bt_add(&ph[h - 1], y[t + h], &pred[h - 1], nv);
			an_bt_add(&all, y[t + h], &pred[h - 1], nv);
		}
	}
	for (size_t h = 0; h < H; h++)
		an_bt_stat_of(&ph[h], &bt->per_h[h]);
	an_bt_stat_of(&all, &bt->overall);
	snprintf(bt->model, sizeof bt->model, "%s",
	         bt->fits ? bt->last.name : "none(too few values)");
	free(ph);
	free(pred);
	return AN_FC_OK;
}
