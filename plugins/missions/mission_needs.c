/* mission_needs.c — a template step's "needs": when a mission is first
 * dispatched, each step that needs a resource asks the resources plugin's
 * pool for it through the `request add` command, as an operator would
 * (source mission, for this vehicle and mission, the resource standing at
 * the step's node preferred).  The pool's policy answers; a request the
 * pool cannot grant in time is the resources plugin's conflict
 * mission_unbooked, and its booking is given back when the mission ends.
 * Without the resources plugin, or with no such pool, the mission runs
 * and its log says why nothing was booked. */
#include "missions.h"

#include <stdio.h>
#include <string.h>

#define NEEDS_GRACE_S 600 /* the pool may grant up to 10 minutes late */

void mi_needs_request(missions_state *s, mi_mission *m, const mi_template *t)
{
	for (size_t i = 0; i < t->nsteps; i++) {
		const mi_step *st = &t->steps[i];
		if (!st->needs_pool[0])
			continue;
		char nodebuf[FO_ID_LEN + 16], line[512];
		const char *node = mi_resolve(m, st->node, nodebuf, sizeof nodebuf);
		if (!node)
			node = "";
		long for_s = (long)(st->needs_for_s > 0   ? st->needs_for_s
		                    : t->expected_s >= 60 ? t->expected_s
		                                          : 1800);
		snprintf(line, sizeof line,
		         "request add %s --vehicle %s --mission %s --for %lds --until +%lds "
		         "--purpose %s --source mission%s%s",
		         st->needs_pool, m->vehicle, m->id, for_s, for_s + NEEDS_GRACE_S,
		         st->needs_pool, *node ? " --at " : "", node);
		fo_buf reply = {0};
		fo_status rc = fo_cmd_run(s->core, line, &reply);
		char *nl = reply.s ? strchr(reply.s, '\n') : NULL;
		if (nl)
			*nl = '\0';
		mi_store_log(s, m->id, rc == FO_OK ? "info" : "warning",
		             "step %zu needs %s%s%s: %s%s", i + 1, st->needs_pool,
		             *node ? " at " : "", node, rc == FO_OK ? "" : "not requested: ",
		             reply.s && *reply.s ? reply.s : "no answer");
		fo_buf_free(&reply);
	}
}
