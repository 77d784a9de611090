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

#include "lif.h"
#include "map.h"

/* Loads the active layout revision into core's model, asynchronously (a
 * store that never answers holds up nothing): at the start of the console
 * and `serve`.  The outcome is logged: loaded (what), nothing (no active
 * layout; the model has a map already) or refused (why). */
void fo_site_start(fo_core *core);
void fo_site_free(fo_core *core);
/* What fo_site_start does with the document text of the revision info once
 * the store gave it (and tests do directly): 1 loaded, 0 not (the model
 * has a map), -1 refused; what happened in msg. */
int fo_site_install(fo_core *core, const fo_layout_info *info, const char *text, char *msg,
                    size_t msglen);

/* The layout's properties of edge edge_id for the type vehicle idx is
 * routed for (an edge with one type gives that one), or NULL: no site, no
 * such edge, or none for that type.  Borrowed. */
const fo_lif_edge_type *fo_site_edge_type(fo_core *core, size_t idx, const char *edge_id);

/* Where traffic control's reservation of vehicle idx lies, for drawing:
 * the positions (metres, as the model's nodes) of the nodes it holds,
 * the one it stands on first, into held[0..*nheld), and of those it wants
 * next (its horizon, not held) into want[0..*nwant), at most max each.
 * false (both counts 0) when traffic control holds nothing in this
 * process. */
bool fo_site_reserved(fo_core *core, size_t idx, double (*held)[2], size_t *nheld,
                      double (*want)[2], size_t *nwant, size_t max);

#endif
