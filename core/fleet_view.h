/* fleet_view.h — the fleet overview pane: vehicles and fleets views and the
 * vehicle/fleet commands, built into the core. */
#ifndef FO_FLEET_VIEW_H
#define FO_FLEET_VIEW_H

#include "fleetops_plugin.h"

void fo_fleet_view_register(fo_core *core);

#endif
