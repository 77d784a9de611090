/* route_geom.c — LIF trajectories (NURBS) for the router (route.h): a point
 * and the first derivative by de Boor's algorithm on homogeneous control
 * points (x·w, y·w, w), and the arc length by adaptive Gauss-Legendre over
 * each non-empty knot span, where the curve is smooth. */
#include "route.h"

#include <math.h>

#define GEOM_MAX_DEPTH 24

typedef struct {
	const double *U; /* knots */
	const fo_lif_cpoint *P;
	size_t n;   /* control points */
	uint32_t p; /* degree */
} nurbs;

/* The weight LIF gives a point: 1.0 when absent. */
static double weight_of(const fo_lif_cpoint *c)
{
	return isnan(c->weight) ? 1.0 : c->weight;
}

/* 0 and the curve in *c when t is consistent (the reader checks most of
 * this already; a hand-built model may not have been read). */
static int nurbs_of(const fo_lif_trajectory *t, nurbs *c)
{
	if (!t || !t->knots || !t->points)
		return -1;
	c->p = t->degree ? t->degree : 1;
	c->n = t->npoints;
	c->U = t->knots;
	c->P = t->points;
	if (c->p > 64 || c->n < (size_t)c->p + 1 || t->nknots != c->n + c->p + 1)
		return -1;
	for (size_t i = 0; i < t->nknots; i++)
		if (!isfinite(c->U[i]) || (i > 0 && c->U[i] < c->U[i - 1]))
			return -1;
	for (size_t i = 0; i < c->n; i++) {
		double w = weight_of(&c->P[i]);
		if (!isfinite(c->P[i].x) || !isfinite(c->P[i].y) || !isfinite(w) || w < 0)
			return -1;
	}
	if (!(c->U[c->p] < c->U[c->n]))
		return -1; /* empty domain */
	return 0;
}

/* The point and the derivative at u in the non-empty span k
 * (U[k] <= u <= U[k+1], p <= k < n).  Returns -1 when the weight there is
 * not positive.  The derivative of the homogeneous curve comes from the
 * second-to-last column of de Boor's triangle:
 *   A'(u) = p (d[p] - d[p-1]) / (U[k+1] - U[k]). */
static int eval_span(const nurbs *c, size_t k, double u, double *x, double *y, double *dx,
                     double *dy)
{
	double d[65][3];
	uint32_t p = c->p;
	for (uint32_t j = 0; j <= p; j++) {
		const fo_lif_cpoint *q = &c->P[j + k - p];
		double w = weight_of(q);
		d[j][0] = q->x * w;
		d[j][1] = q->y * w;
		d[j][2] = w;
	}
	double da[3] = {0, 0, 0};
	for (uint32_t r = 1; r <= p; r++) {
		if (r == p) {
			double s = (double)p / (c->U[k + 1] - c->U[k]);
			for (int i = 0; i < 3; i++)
				da[i] = s * (d[p][i] - d[p - 1][i]);
		}
		for (uint32_t j = p; j >= r; j--) {
			double lo = c->U[j + k - p], hi = c->U[j + 1 + k - r];
			double a = (u - lo) / (hi - lo); /* hi - lo >= U[k+1] - U[k] > 0 */
			for (int i = 0; i < 3; i++)
				d[j][i] = (1 - a) * d[j - 1][i] + a * d[j][i];
		}
	}
	double w = d[p][2];
	if (!(w > 0))
		return -1;
	*x = d[p][0] / w;
	*y = d[p][1] / w;
	/* C = A/w, so C' = (A' - w' C) / w. */
	*dx = (da[0] - da[2] * *x) / w;
	*dy = (da[1] - da[2] * *y) / w;
	return 0;
}

/* 5-point Gauss-Legendre on [a, b] of the speed |C'(u)| in span k. */
static int gauss5(const nurbs *c, size_t k, double a, double b, double *out)
{
	static const double xs[5] = {0.0, -0.5384693101056831, 0.5384693101056831,
	                             -0.9061798459386640, 0.9061798459386640};
	static const double ws[5] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665,
	                             0.2369268850561891, 0.2369268850561891};
	double mid = 0.5 * (a + b), half = 0.5 * (b - a), sum = 0;
	for (int i = 0; i < 5; i++) {
		double x, y, dx, dy;
		if (eval_span(c, k, mid + half * xs[i], &x, &y, &dx, &dy) != 0)
			return -1;
		sum += ws[i] * hypot(dx, dy);
	}
	*out = sum * half;
	return 0;
}

/* Halves [a, b] until the two halves agree with the whole. */
static int adapt(const nurbs *c, size_t k, double a, double b, double whole, int depth, double *out)
{
	double m = 0.5 * (a + b), l, r;
	if (gauss5(c, k, a, m, &l) != 0 || gauss5(c, k, m, b, &r) != 0)
		return -1;
	double tol = FO_ROUTE_TRAJ_TOL * (1.0 + fabs(l + r));
	if (depth >= GEOM_MAX_DEPTH || fabs(l + r - whole) <= tol) {
		*out = l + r;
		return 0;
	}
	double lo, hi;
	if (adapt(c, k, a, m, l, depth + 1, &lo) != 0 || adapt(c, k, m, b, r, depth + 1, &hi) != 0)
		return -1;
	*out = lo + hi;
	return 0;
}

double fo_route_trajectory_length(const fo_lif_trajectory *t)
{
	nurbs c;
	if (nurbs_of(t, &c) != 0)
		return NAN;
	double len = 0;
	for (size_t k = c.p; k < c.n; k++) {
		double a = c.U[k], b = c.U[k + 1], whole, part;
		if (!(a < b))
			continue;
		if (gauss5(&c, k, a, b, &whole) != 0 || adapt(&c, k, a, b, whole, 0, &part) != 0)
			return NAN;
		len += part;
	}
	return isfinite(len) ? len : NAN;
}

int fo_route_trajectory_point(const fo_lif_trajectory *t, double u, double *x, double *y)
{
	nurbs c;
	if (nurbs_of(t, &c) != 0 || isnan(u))
		return -1;
	double lo = c.U[c.p], hi = c.U[c.n];
	u = u < lo ? lo : u > hi ? hi : u;
	/* The last non-empty span that starts at or before u. */
	size_t k = c.p;
	for (size_t i = c.p; i < c.n; i++)
		if (c.U[i] < c.U[i + 1] && c.U[i] <= u)
			k = i;
	double dx, dy;
	return eval_span(&c, k, u, x, y, &dx, &dy);
}
