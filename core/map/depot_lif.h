/* depot_lif.h — the built-in simulator's depot (fleetops_plugin.h, "depot
 * map") as a LIF 1.0 document with fleetops' extension (lif_ext.h), so the
 * demo, the AGVs on a broker and a console on a real broker can share one
 * layout file (issue 12).
 *
 * The document: metaInformation (projectIdentification as given, creator
 * "fleetops VERSION", exportTimestamp FO_DEPOT_LIF_EPOCH, lifVersion
 * "1.0.0", fleetopsExtensionVersion) and one layout FO_DEPOT_LIF_LAYOUT_ID
 * on level "0" holding
 *   - every lattice node, in lattice order, with the model's id and
 *     position (metres), mapId FO_DEPOT_LIF_MAP_ID (the simulated AGVs'
 *     VDA 5050 map) and one vehicleTypeNodeProperties entry for
 *     FO_DEPOT_LIF_VEHICLE_TYPE (no theta: a vehicle may stand any way);
 *   - every model edge between two depot nodes as two directed edges
 *     (vehicles drive the lattice both ways): "E-a-b" from a to b, the
 *     model's own, then "E-b-a" back, a and b lattice numbers; each for
 *     FO_DEPOT_LIF_VEHICLE_TYPE with rotationAllowed true and maxSpeed
 *     FO_DEPOT_LIF_MAX_SPEED;
 *   - a station per charger, parking place and work station, in lattice
 *     order, with the node's id as stationId, that node as its only
 *     interaction node and fleetopsStationType charger, parking or work;
 *   - fleetopsZones: every zone of the depot that holds a node, in model
 *     order, with its id, name and nodes.
 * Nothing about vehicles, and nothing drawn from the seed: the same vehicle
 * count gives the same bytes.  A model zone's rectangle is not written; it
 * is its nodes' bounding box grown by half FO_DEPOT_SPACING_M. */
#ifndef FO_DEPOT_LIF_H
#define FO_DEPOT_LIF_H

#include <stddef.h>

#include "fleetops_plugin.h"
#include "lif.h"

#define FO_DEPOT_LIF_LAYOUT_ID "sim-depot"
#define FO_DEPOT_LIF_MAP_ID "sim-depot" /* as the simulated AGVs report (plugins/simagv) */
#define FO_DEPOT_LIF_VEHICLE_TYPE "fleetops-sim-agv"
/* The site's speed limit, m/s: no simulated vehicle is faster (depot.c
 * draws top speeds in [1.2, 2.0]). */
#define FO_DEPOT_LIF_MAX_SPEED 2.0
/* A fixed exportTimestamp keeps the output deterministic; a caller saving
 * a file may set lif->timestamp (owned) to the time of export. */
#define FO_DEPOT_LIF_EPOCH "1970-01-01T00:00:00.00Z"

/* The depot d, built into m, as a LIF document (owned, fo_lif_free) with
 * its id maps filled, or NULL with err filled (d or m NULL, a depot node
 * missing from m, more nodes or edges than the LIF reader takes,
 * FO_LIF_MAX_ELEMS per layout: a depot of more than about 12,000 vehicles).
 * project may be NULL ("fleetops depot"). */
fo_lif *fo_depot_lif(const fo_model *m, const fo_depot *d, const char *project, char *err,
                     size_t errlen);

#endif
