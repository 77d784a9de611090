/* an_views.h — the Analytics views over an_stats (an_views.c). */
#ifndef AN_VIEWS_H
#define AN_VIEWS_H

#include "an_stats.h"

typedef struct {
	an_stats *stats;
	/* each view's rows (indices into stats->v) and the computation they
	 * were ordered for */
	size_t *hrows, *frows, *prows, *crows;
	size_t nh, nf, np, nc;
	uint64_t hgen, fgen, pgen, cgen;
} an_views;

/* Registers analytics.health, analytics.efficiency, analytics.compare,
 * analytics.predictions
 * (w borrowed for the plugin's life).  0, or -1 with err. */
int an_views_register(an_views *w, fo_core *core, char *err, size_t errlen);
void an_views_free(an_views *w);

#endif
