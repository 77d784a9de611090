/* model.h — the live model: tenants, fleets, depot map, vehicles.
 * Public accessors are in fleetops_plugin.h; these are core-only. */
#ifndef FO_MODEL_H
#define FO_MODEL_H

#include "fleetops_plugin.h"
#include "vehicle_events.h"

fo_model *fo_model_new(void); /* OWNED */
void fo_model_free(fo_model *m);
/* Appends one history sample (battery, speed) for every vehicle. */
void fo_model_sample(fo_model *m);
/* Counts of vehicles per summary state; counts has FO_VS__COUNT slots.
 * O(1): kept up to date by fo_model_touch. */
void fo_model_state_counts(fo_model *m, size_t *counts);
/* Hands every touched vehicle to e (the vehicle events); the model owns e
 * from here on and frees it.  Without it (a model made alone, as in unit
 * tests and benchmarks) no vehicle event is published. */
void fo_model_set_events(fo_model *m, fo_vevents *e);
fo_vevents *fo_model_events(fo_model *m); /* borrowed, NULL when none */
/* Vehicles with at least one FATAL error or an active e-stop. */
size_t fo_model_alarm_count(fo_model *m);

#endif
