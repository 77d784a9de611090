/* traffic.c — the traffic control engine (traffic.h). */
#include "traffic.h"

void fo_traffic_free(fo_traffic *t)
{
	(void)t;
}
