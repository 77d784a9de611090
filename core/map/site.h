/* site.h — the site the console works on (issue 12): the active layout
 * revision (map.h) put into the live model, so the map pane draws it and
 * orders carry its node positions, map ids, edge ids and lengths.
 *
 * A console on a real broker has no map of its own: there the active
 * layout is the map.  When a simulator already built its depot into the
 * model (--demo, simagv), the depot is the map and the active layout is not
 * loaded (the simulators do not drive a layout file yet); fo_site_load says
 * so.  Node, edge and zone ids longer than the model holds (FO_ID_LEN - 1
 * bytes) refuse the layout with the id named. */
#ifndef FO_SITE_H
#define FO_SITE_H

#include "fleetops_plugin.h"

/* Loads the active layout revision into core's model (blocking: at the
 * start of the console and `serve`).  1 loaded (what in msg), 0 nothing
 * loaded and why in msg (no store, no active layout, the model has a map
 * already), -1 the layout could not be loaded (why in msg). */
int fo_site_load(fo_core *core, char *msg, size_t msglen);
void fo_site_free(fo_core *core);

/* The LIF mapId of a model node that came from the site's layout
 * (borrowed), or NULL for any other node or without a site. */
const char *fo_site_map_id(fo_core *core, const char *node_id);

#endif
