/* an_fixture.h — what the analytics unit tests share (test_an_codec.c,
 * test_an_enc.c): a fixed-seed generator and a simulated vehicle at work,
 * counted into 10 s buckets in the rollup's shape.  Static functions: each
 * test includes it once. */
#ifndef AN_FIXTURE_H
#define AN_FIXTURE_H

#include "../../plugins/analytics/an_rollup.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A fixed-seed generator (splitmix64): the same chunks on every run. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t below(uint64_t *s, uint64_t n)
{
	return rnd(s) % n;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	assert_non_null(p);
	return p;
}

/* The summary states, in fo_vstate's order (fleetops_plugin.h). */
enum { VS_OFFLINE, VS_IDLE, VS_DRIVING, VS_ACTING, VS_CHARGING, VS_PAUSED, VS_ERROR, VS_ESTOP };
_Static_assert(AN_NSTATES == 8 && AN_NMETRICS == 19, "the vehicle below fills each metric");

/* How the simulated vehicle's stretch goes. */
typedef struct {
	size_t nb;              /* 10 s buckets */
	int64_t battery;        /* at the start, 0.0001 % */
	int state;              /* at the start */
	bool shifts;            /* two shifts (06:00-14:00, 14:30-22:00), off after 22:00 */
	uint64_t fault_one_in;  /* a fault in one second of this many */
	long down_from, down_s; /* the process down (absent buckets) */
} fx_drive;

/* A working day of one vehicle (fx_day below) */
/* A vehicle at work in the rollup's shape (an_rollup.h),
 * sampled once a second into 10 s buckets and counted as an_acc_sample
 * counts: ms in each state (10000 a bucket), cm driven, battery used and
 * charged between samples, the battery at the last sample and the lowest
 * since the previous bucket's end, in 0.01 %, faults, state messages,
 * missions done and failed, samples, subjects.  The battery runs in
 * 0.0001 % (integers: the same day with any compiler).  Parked (charging,
 * then idle) until 06:00; two shifts (06:00-14:00, 14:30-22:00) of
 * missions: drive 1-4 min at 0-2 m/s, load or unload 30 s-2 min (acting),
 * a mission done every other drive or so; to the charger below 30 % until
 * 90 %; now and then a fault, 20 s-2 min in error (a mission failed, when
 * on one).  Idle between the shifts, off after 22:00 (no messages, the
 * battery as last seen), the process down 13:00-13:20 (absent). */
static void fx_driving(const fx_drive *d, int64_t *v, uint8_t *p, uint64_t *s)
{
	int64_t batt = d->battery; /* 0.0001 % */
	int st = d->state;
	long until = 0;       /* the current episode's end, s */
	bool sampled = false; /* the previous second's sample taken */
	int64_t cp_prev = 0;  /* and its battery, 0.01 % */
	memset(v, 0, d->nb * AN_NMETRICS * sizeof *v);
	for (size_t b = 0; b < d->nb; b++) {
		int64_t *r = v + b * AN_NMETRICS;
		long t0 = (long)b * 10;
		p[b] = !(t0 >= d->down_from && t0 < d->down_from + d->down_s);
		for (long t = t0; t < t0 + 10; t++) {
			bool work = !d->shifts || (t >= 6 * 3600 && t < 14 * 3600) ||
			            (t >= 14 * 3600 + 1800 && t < 22 * 3600);
			bool done = false, failed = false;
			if (d->shifts && t >= 22 * 3600) {
				st = VS_OFFLINE;
			} else if (st == VS_ERROR) {
				if (t >= until)
					st = VS_IDLE;
			} else if (st == VS_CHARGING) {
				if (batt >= 900000) {
					st = VS_IDLE;
					until = t;
				}
			} else if (work && batt < 300000) {
				st = VS_CHARGING;
			} else if (!work) {
				st = VS_IDLE;
			} else if (t >= until) {
				done = st == VS_DRIVING && below(s, 2);
				st = st == VS_DRIVING ? VS_ACTING : VS_DRIVING;
				until = t + (st == VS_DRIVING ? 60 + (long)below(s, 181)
				                              : 30 + (long)below(s, 91));
			}
			bool fault = st != VS_OFFLINE && below(s, d->fault_one_in) == 0;
			if (fault && st != VS_CHARGING) {
				failed = st == VS_DRIVING || st == VS_ACTING;
				st = VS_ERROR;
				until = t + 20 + (long)below(s, 101);
			}
			int64_t cm = st == VS_DRIVING ? (int64_t)below(s, 201) : 0;
			batt += st == VS_CHARGING ? 150 : st == VS_OFFLINE ? 0 : -10 - cm;
			bool message =
			    st != VS_OFFLINE && below(s, 500) != 0; /* 1 in 50 buckets one late */
			if (!p[b]) {                                /* nobody counting */
				sampled = false;
				continue;
			}
			/* the second since the previous sample, and the sample */
			r[AN_M_STATE0 + st] += 1000;
			r[AN_M_DIST_CM] += cm;
			r[AN_M_FAULTS] += fault;
			r[AN_M_MISSIONS_DONE] += done;
			r[AN_M_MISSIONS_FAILED] += failed;
			int64_t cp = (batt + 50) / 100;
			if (t == t0) /* the bucket opens with the battery it had */
				r[AN_M_BATT_MIN_CP] = sampled ? cp_prev : cp;
			if (sampled) {
				r[AN_M_DRAIN_CP] += cp < cp_prev ? cp_prev - cp : 0;
				r[AN_M_GAIN_CP] += cp > cp_prev ? cp - cp_prev : 0;
				r[AN_M_MESSAGES] += message;
			}
			r[AN_M_BATT_CP] = cp;
			if (cp < r[AN_M_BATT_MIN_CP])
				r[AN_M_BATT_MIN_CP] = cp;
			r[AN_M_SAMPLES]++;
			r[AN_M_SUBJECTS] = 1;
			sampled = true;
			cp_prev = cp;
		}
	}
}

/* The driving day of test_an_codec.c: parked and charging until 06:00,
 * two shifts, off after 22:00, the process down 13:00-13:20. */
static const fx_drive fx_day = {8640, 400000, VS_CHARGING, true, 30000, 13 * 3600, 1200};
/* An hour at work from 42 %, faults ten times as often, down a minute. */
static const fx_drive fx_hour = {360, 420000, VS_IDLE, false, 3000, 1500, 60};

#endif
