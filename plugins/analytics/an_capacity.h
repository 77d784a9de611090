/* an_capacity.h — the analytics.capacity view (an_capacity.c). */
#ifndef AN_CAPACITY_H
#define AN_CAPACITY_H

#include "an_stats.h"

typedef struct {
	char fleet[FO_ID_LEN];
	size_t vehicles, available; /* now, from the live model */
	double per_vehicle_h;       /* missions finished an hour of uptime, window */
	double capacity;            /* missions an hour: available x per_vehicle_h */
	double demand;              /* missions finished an hour over the window */
	an_pred fc;                 /* the next hour's missions */
	double headroom;            /* capacity - fc.point */
	bool saturating;            /* fc.upper reaches the capacity */
} an_cap_row;

typedef struct {
	an_stats *stats; /* borrowed */
	an_cap_row *rows;
	size_t n;
	size_t chargers, charging; /* the site, now */
	uint64_t gen;              /* the stats computation the rows are of */
} an_capacity;

/* Recomputes the rows from the last stats computation (reads each fleet's
 * hourly history: blocks on the store). */
void an_capacity_update(an_capacity *c);
int an_capacity_register(an_capacity *c, fo_core *core, char *err, size_t errlen);
void an_capacity_free(an_capacity *c);

#endif
