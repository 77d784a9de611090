/* an_report.h — `analytics report`, the fleet report in HTML
 * (an_report.c). */
#ifndef AN_REPORT_H
#define AN_REPORT_H

#include "an_capacity.h"

typedef struct {
	an_stats *stats;       /* borrowed */
	an_capacity *capacity; /* borrowed */
} an_report;

int an_report_register(an_report *r, fo_core *core, char *err, size_t errlen);

#endif
