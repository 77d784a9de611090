/* fleet_view.h — the fleet overview pane: vehicles and fleets views and the
 * vehicle/fleet commands, built into the core. */
#ifndef FO_FLEET_VIEW_H
#define FO_FLEET_VIEW_H

#include "fleetops_plugin.h"

/* Registers pane slot 0 "overview", the views "fleet.vehicles" and
 * "fleet.fleets", and the commands `vehicle list`, `vehicle show`,
 * `fleet list`.  The specs live in a state OWNED by the core's views:
 * call fo_fleet_view_free before fo_views_free. */
void fo_fleet_view_register(fo_core *core);
/* Frees what fo_fleet_view_register allocated; safe when it never ran. */
void fo_fleet_view_free(fo_core *core);
/* The style a vehicle state is shown in (the vehicles table, the map). */
fo_style fo_vstate_style(fo_vstate s);

#endif
