/* an_rollup.c — history buckets from samples of the live model (see
 * an_rollup.h). */
#include "an_rollup.h"

#include <math.h>
#include <string.h>

void an_acc_init(an_acc *a, uint64_t res_ms)
{
	memset(a, 0, sizeof *a);
	a->res_ms = res_ms ? res_ms : 10000u;
}

static int64_t centi(double pct)
{
	return (int64_t)llround(pct * 100.0);
}

/* Opens the bucket holding t, empty; with a previous sample and no gap
 * (carry), the bucket knows the vehicle and its battery from the start. */
static void open_at(an_acc *a, uint64_t t, bool carry)
{
	a->start_ms = t - t % a->res_ms;
	memset(a->m, 0, sizeof a->m);
	if (carry) {
		a->m[AN_M_BATT_CP] = a->m[AN_M_BATT_MIN_CP] = centi(a->prev.battery);
		a->m[AN_M_SUBJECTS] = 1;
	}
}

/* Closes the open bucket into the caller's list (when room and it knew
 * the vehicle). */
static size_t close_open(an_acc *a, int64_t (*closed)[AN_NMETRICS], uint64_t *closed_start,
                         size_t n, size_t max)
{
	if (a->m[AN_M_SUBJECTS] == 0 || n >= max)
		return n;
	memcpy(closed[n], a->m, sizeof a->m);
	closed_start[n] = a->start_ms;
	return n + 1;
}

size_t an_acc_sample(an_acc *a, const an_sample *s, uint64_t t_ms, uint64_t gap_ms,
                     int64_t (*closed)[AN_NMETRICS], uint64_t *closed_start, size_t max)
{
	size_t n = 0;
	if (!a->opened)
		open_at(a, t_ms, false);
	a->opened = true;
	if (a->have_prev && t_ms < a->prev_ms)
		t_ms = a->prev_ms; /* a clock step back: time stands still */
	bool gap = !a->have_prev || t_ms - a->prev_ms > gap_ms;
	/* the time since the previous sample, to its state, split at edges */
	uint64_t t = a->have_prev ? a->prev_ms : t_ms;
	while (t_ms >= a->start_ms + a->res_ms) {
		uint64_t edge = a->start_ms + a->res_ms;
		if (!gap && t < edge && a->prev.state >= 0 && a->prev.state < AN_NSTATES)
			a->m[AN_M_STATE0 + a->prev.state] += (int64_t)(edge - t);
		t = edge;
		n = close_open(a, closed, closed_start, n, max);
		/* a gap skips empty buckets at once */
		open_at(a, gap ? t_ms : edge, !gap);
	}
	if (!gap && t < t_ms && a->prev.state >= 0 && a->prev.state < AN_NSTATES)
		a->m[AN_M_STATE0 + a->prev.state] += (int64_t)(t_ms - t);
	/* what changed since the previous sample: to the bucket it shows in */
	if (a->have_prev && !gap) {
		double d = s->odometer_m - a->prev.odometer_m;
		if (d > 0 && isfinite(d))
			a->m[AN_M_DIST_CM] += (int64_t)llround(d * 100.0);
		int64_t db = centi(s->battery) - centi(a->prev.battery);
		if (db < 0)
			a->m[AN_M_DRAIN_CP] -= db;
		else
			a->m[AN_M_GAIN_CP] += db;
		if (s->nerrors > a->prev.nerrors)
			a->m[AN_M_FAULTS] += s->nerrors - a->prev.nerrors;
		if (s->last_seen_ms != a->prev.last_seen_ms)
			a->m[AN_M_MESSAGES]++;
	}
	int64_t b = centi(s->battery);
	a->m[AN_M_BATT_CP] = b;
	if (a->m[AN_M_SUBJECTS] == 0 || b < a->m[AN_M_BATT_MIN_CP])
		a->m[AN_M_BATT_MIN_CP] = b;
	a->m[AN_M_SAMPLES]++;
	a->m[AN_M_SUBJECTS] = 1;
	a->prev = *s;
	a->prev_ms = t_ms;
	a->have_prev = true;
	return n;
}

void an_acc_missions(an_acc *a, unsigned done, unsigned failed)
{
	a->m[AN_M_MISSIONS_DONE] += done;
	a->m[AN_M_MISSIONS_FAILED] += failed;
}

void an_bucket_merge(int64_t *a, const int64_t *b)
{
	bool sa = a[AN_M_SUBJECTS] > 0, sb = b[AN_M_SUBJECTS] > 0;
	int64_t end = sb ? b[AN_M_BATT_CP] : a[AN_M_BATT_CP];
	int64_t low = !sa                                                 ? b[AN_M_BATT_MIN_CP]
	              : !sb || a[AN_M_BATT_MIN_CP] <= b[AN_M_BATT_MIN_CP] ? a[AN_M_BATT_MIN_CP]
	                                                                  : b[AN_M_BATT_MIN_CP];
	int64_t subj = a[AN_M_SUBJECTS] > b[AN_M_SUBJECTS] ? a[AN_M_SUBJECTS] : b[AN_M_SUBJECTS];
	for (int k = 0; k < AN_NMETRICS; k++)
		a[k] += b[k];
	a[AN_M_BATT_CP] = end;
	a[AN_M_BATT_MIN_CP] = low;
	a[AN_M_SUBJECTS] = subj;
}

void an_bucket_add_subject(int64_t *a, const int64_t *b)
{
	bool sa = a[AN_M_SUBJECTS] > 0, sb = b[AN_M_SUBJECTS] > 0;
	int64_t low = !sa                                                 ? b[AN_M_BATT_MIN_CP]
	              : !sb || a[AN_M_BATT_MIN_CP] <= b[AN_M_BATT_MIN_CP] ? a[AN_M_BATT_MIN_CP]
	                                                                  : b[AN_M_BATT_MIN_CP];
	for (int k = 0; k < AN_NMETRICS; k++)
		a[k] += b[k];
	a[AN_M_BATT_MIN_CP] = low;
}
