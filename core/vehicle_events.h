/* vehicle_events.h — the model's vehicle events (the contract is in
 * fleetops_plugin.h, "vehicle events").  Core-only. */
#ifndef FO_VEHICLE_EVENTS_H
#define FO_VEHICLE_EVENTS_H

#include "fleetops_plugin.h"

typedef struct fo_vevents fo_vevents;

/* OWNED: the model that holds it frees it (fo_model_set_events). */
fo_vevents *fo_vevents_new(fo_core *core);
void fo_vevents_free(fo_vevents *e);
/* Compares v with what was last published for it and publishes the
 * differences; called by fo_model_touch. */
void fo_vevents_touch(fo_vevents *e, const fo_vehicle *v);
/* Marks the current order of vehicle idx as cancelled (a cancelOrder is on
 * its way: the order then ends as failed "cancelled"), or not (the
 * transport refused it).  Returns the mark it had, to put back. */
bool fo_vevents_cancel_mark(fo_core *core, size_t idx, bool cancelled);

#endif
