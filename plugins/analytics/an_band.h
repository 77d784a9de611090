/* an_band.h — the alert rule MetricOutOfBand (an_band.c). */
#ifndef AN_BAND_H
#define AN_BAND_H

#include "an_stats.h"

#define AN_BAND_MAX 256

typedef struct {
	char fleet[FO_ID_LEN];
	char metric[24];
	double value; /* the mean of the buckets judged */
	bool above;
} an_breach;

typedef struct {
	an_stats *stats; /* borrowed */
	double level;
	int metric[AN_NMETRICS];
	size_t nmetrics;
	an_breach breach[AN_BAND_MAX];
	size_t nbreach;
	uint64_t gen; /* the stats computation the breaches are of */
	bool rule;    /* the rule is registered */
} an_band;

/* Reads analytics.band_metrics and band_level; registers the rule unless
 * the metrics are "none".  0, or -1 with err. */
int an_band_start(an_band *b, an_stats *s, char *err, size_t errlen);
/* Recomputes the breaches from the last stats computation (reads each
 * fleet's minute history: blocks on the store). */
void an_band_update(an_band *b);
void an_band_stop(an_band *b);

#endif
