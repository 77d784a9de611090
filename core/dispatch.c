/* dispatch.c — which transport reaches a vehicle.  Sinks are tried in the
 * order they registered; the first that serves the vehicle gets the order
 * or the instant actions, and either publishes now or refuses. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FO_MAX_SINKS 8

struct fo_dispatch {
	fo_dispatch_sink sinks[FO_MAX_SINKS];
	int owner[FO_MAX_SINKS]; /* plugin that registered it, -1: the core */
	size_t n;
};

static struct fo_dispatch *table(fo_core *core)
{
	if (!core->dispatch && !(core->dispatch = calloc(1, sizeof *core->dispatch)))
		abort();
	return core->dispatch;
}

int fo_dispatch_register(fo_core *core, const fo_dispatch_sink *sink)
{
	struct fo_dispatch *d = table(core);
	if (!sink || !sink->serves || !sink->order || !sink->actions || d->n == FO_MAX_SINKS)
		return -1;
	d->owner[d->n] = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	d->sinks[d->n++] = *sink;
	return 0;
}

void fo_dispatch_remove_owner(fo_core *core, int owner)
{
	struct fo_dispatch *d = core->dispatch;
	for (size_t i = 0; d && i < d->n;) {
		if (d->owner[i] == owner) {
			memmove(&d->sinks[i], &d->sinks[i + 1],
			        (d->n - i - 1) * sizeof d->sinks[0]);
			memmove(&d->owner[i], &d->owner[i + 1],
			        (d->n - i - 1) * sizeof d->owner[0]);
			d->n--;
		} else {
			i++;
		}
	}
}

void fo_dispatch_free(fo_core *core)
{
	free(core->dispatch);
	core->dispatch = NULL;
}

static const fo_dispatch_sink *sink_for(fo_core *core, size_t idx)
{
	struct fo_dispatch *d = core->dispatch;
	for (size_t i = 0; d && i < d->n; i++)
		if (d->sinks[i].serves(core, idx, d->sinks[i].ud))
			return &d->sinks[i];
	return NULL;
}

bool fo_dispatch_reachable(fo_core *core, size_t idx)
{
	return sink_for(core, idx) != NULL;
}

static fo_status unreachable(fo_core *core, size_t idx, char *err, size_t errlen)
{
	fo_model *m = core->model;
	const char *id = idx < fo_model_vehicle_count(m) ? fo_model_vehicle(m, idx)->id : "?";
	snprintf(err, errlen,
	         "no feed reaches vehicle %s (a VDA 5050 vehicle needs --mqtt and must have spoken "
	         "on the broker)",
	         id);
	return FO_ERR;
}

fo_status fo_dispatch_order(fo_core *core, size_t idx, const fo_vda_order_req *req, char *err,
                            size_t errlen)
{
	const fo_dispatch_sink *s = sink_for(core, idx);
	if (!s)
		return unreachable(core, idx, err, errlen);
	return s->order(core, idx, req, err, errlen, s->ud);
}

fo_status fo_dispatch_actions(fo_core *core, size_t idx, const fo_vda_action *actions, size_t n,
                              char *err, size_t errlen)
{
	const fo_dispatch_sink *s = sink_for(core, idx);
	if (!s)
		return unreachable(core, idx, err, errlen);
	/* marked before the sink runs: a simulated vehicle may stop, and be
	 * touched, inside the call */
	bool cancel = false, was = false;
	for (size_t i = 0; actions && i < n; i++)
		cancel |= actions[i].type && strcmp(actions[i].type, "cancelOrder") == 0;
	if (cancel)
		was = fo_vevents_cancel_mark(core, idx, true);
	fo_status st = s->actions(core, idx, actions, n, err, errlen, s->ud);
	if (cancel && st != FO_OK)
		fo_vevents_cancel_mark(core, idx, was);
	return st;
}
