/* an_rollup.h — history buckets of one subject (a vehicle, a fleet): what
 * the live model showed over a fixed interval, accumulated from samples
 * taken as often as the caller likes, and coarser buckets made by merging
 * finer ones (10 s into 1 min into 1 h).  Pure: no fleetops headers, no
 * clock; the caller passes times in ms. */
#ifndef AN_ROLLUP_H
#define AN_ROLLUP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The summary states of the live model, in fo_vstate's order. */
enum { AN_NSTATES = 8 };

/* Metrics of a bucket, each an integer (the codec's unit). */
enum {
	AN_M_STATE0 = 0,           /* ms in state 0..AN_NSTATES-1 (offline, idle, ...) */
	AN_M_DIST_CM = AN_NSTATES, /* odometer advance, cm */
	AN_M_DRAIN_CP,             /* battery used, hundredths of a percent */
	AN_M_GAIN_CP,              /* battery charged, hundredths of a percent */
	AN_M_BATT_CP,              /* battery at the bucket's last sample, 0.01 % */
	AN_M_BATT_MIN_CP,          /* lowest battery sampled in the bucket, 0.01 % */
	AN_M_FAULTS,               /* errors that appeared */
	AN_M_MESSAGES,             /* state messages seen (distinct timestamps) */
	AN_M_MISSIONS_DONE,        /* missions completed */
	AN_M_MISSIONS_FAILED,      /* missions failed */
	AN_M_SAMPLES,              /* samples taken in the bucket */
	AN_M_SUBJECTS,             /* vehicles known: 1 (0: nothing known), or a fleet's count */
	AN_NMETRICS
};

/* What the model shows of one vehicle at one moment. */
typedef struct {
	int state; /* 0..AN_NSTATES-1 */
	double odometer_m;
	double battery; /* % */
	unsigned nerrors;
	uint64_t last_seen_ms; /* the vehicle's last state message */
} an_sample;

/* The running accumulation of one subject. */
typedef struct {
	uint64_t res_ms;   /* bucket length */
	uint64_t start_ms; /* the open bucket's start */
	bool opened;       /* false before the first sample */
	int64_t m[AN_NMETRICS];
	bool have_prev;
	an_sample prev;
	uint64_t prev_ms;
} an_acc;

void an_acc_init(an_acc *a, uint64_t res_ms);
/* Takes the sample seen at t_ms (non-decreasing).  The time since the
 * previous sample counts to the previous sample's state, split at bucket
 * edges; a gap longer than gap_ms (the process was not sampling) counts to
 * nothing.  Each bucket that closes is written to closed (up to max, in
 * order: closed_start[k] its start, closed[k] its metrics) and the count
 * returned; buckets skipped in a gap are not reported (absent). */
size_t an_acc_sample(an_acc *a, const an_sample *s, uint64_t t_ms, uint64_t gap_ms,
                     int64_t (*closed)[AN_NMETRICS], uint64_t *closed_start, size_t max);
/* Counts n mission ends (done or failed) into the open bucket. */
void an_acc_missions(an_acc *a, unsigned done, unsigned failed);

/* Merges bucket b into a (both of one subject, b later than a): sums,
 * except the battery at the end (b's, when b knew the vehicle), the lowest
 * battery (the lower of the sampled ones) and the subjects (the most). */
void an_bucket_merge(int64_t *a, const int64_t *b);
/* Adds bucket b of another subject to a (a fleet from its vehicles): sums
 * (the battery at the end too: divided by AN_M_SUBJECTS it is the mean),
 * the lowest battery the lower one. */
void an_bucket_add_subject(int64_t *a, const int64_t *b);

#endif
