/* lif_ext.h — fleetops' extension of LIF 1.0 (issue 12): what a site
 * layout must say for fleetops and LIF does not, as additional JSON members
 * (the LIF schema allows them) whose names start with "fleetops", never a
 * second format.  A reader that does not know them ignores them; fleetops'
 * LIF reader keeps them without a warning (lif.h) and fo_lif_ext_read
 * checks them and returns them typed.
 *
 *   metaInformation.fleetopsExtensionVersion  "1.0": the version of this
 *       extension, [Major].[Minor]; optional (absent: 1.0).  A reader
 *       refuses another major version.
 *   station.fleetopsStationType  what the station is for: "charger",
 *       "parking", "dock" (handover to a conveyor, machine or truck),
 *       "pickup" (loads only taken), "drop" (loads only left) or "work"
 *       (any other work station).  Absent: "work".  Another value: read
 *       as "work" with a warning (a newer file still loads).
 *   layout.fleetopsZones  the layout cut into zones (rebalancing, reports):
 *       [{"zoneId": "zone-1", "zoneName": "Zone A1", "nodeIds": ["N-00001",
 *       ...]}, ...].  zoneId: non-empty, unique in the layout; zoneName:
 *       optional; nodeIds: nodes of this layout, each in at most one zone.
 *       A node in no zone has none.  Other members of a zone: ignored
 *       with a warning.
 * Any other fleetops* member on the document, metaInformation, a layout,
 * node, edge or station is ignored with a warning (misspelt or misplaced).
 *
 * Ownership: fo_lif_ext_read returns an owned fo_lif_ext (fo_lif_ext_free).
 * It names the document's stations and nodes by index, never by pointer:
 * it stays valid after the document is freed, and means something only
 * for that document. */
#ifndef FO_LIF_EXT_H
#define FO_LIF_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "lif.h"

#define FO_LIF_EXT_VERSION "1.0"
#define FO_LIF_EXT_VERSION_KEY "fleetopsExtensionVersion" /* metaInformation */
#define FO_LIF_EXT_STATION_TYPE_KEY "fleetopsStationType" /* station */
#define FO_LIF_EXT_ZONES_KEY "fleetopsZones"              /* layout */

/* What a station is for; WORK (0) is the generic one. */
typedef enum {
	FO_LIF_STATION_WORK,
	FO_LIF_STATION_CHARGER,
	FO_LIF_STATION_PARKING,
	FO_LIF_STATION_DOCK,
	FO_LIF_STATION_PICKUP,
	FO_LIF_STATION_DROP,
	FO_LIF_STATION__COUNT
} fo_lif_station_type;

/* "work", "charger", ... (static), or NULL out of range. */
const char *fo_lif_station_type_name(fo_lif_station_type t);

typedef struct {
	char *id;        /* zoneId (owned) */
	char *name;      /* zoneName (owned), NULL when absent */
	uint32_t *nodes; /* indices into the layout's nodes (owned), as listed */
	size_t nnodes;
} fo_lif_zone;

/* The extension of one layout. */
typedef struct {
	fo_lif_station_type *station_types; /* one per station (owned) */
	size_t nstations;
	fo_lif_zone *zones; /* owned */
	size_t nzones;
} fo_lif_ext_layout;

typedef struct {
	fo_lif_ext_layout *layouts; /* one per layout of the document (owned) */
	size_t nlayouts;
} fo_lif_ext;

/* Reads and checks the extension members of lif (as fo_lif_parse returns
 * it, or built with its id maps filled, as fo_depot_lif does).  Messages go
 * to diag as fo_lif_parse's do, named by JSON path ("$.layouts[0].
 * fleetopsZones[2].nodeIds[5]"): errors for what cannot be used (a wrong
 * type, a zone naming an unknown node, a node in two zones, another major
 * version), warnings for what is read anyway (an unknown station type, read
 * as work; a fleetops member this version does not know, ignored).  Returns
 * 0 and *out (owned), possibly with warnings; or -1 with *out NULL and at
 * least one error.  A document without the extension gives every station
 * WORK, no zones and no message.  diag may be NULL. */
int fo_lif_ext_read(const fo_lif *lif, fo_lif_ext **out, fo_lif_diag *diag);
void fo_lif_ext_free(fo_lif_ext *x);

/* ---- writing: set the extension members on a document being built */

/* metaInformation.fleetopsExtensionVersion = FO_LIF_EXT_VERSION. */
void fo_lif_ext_set_version(fo_lif *lif);
/* station.fleetopsStationType; WORK is written too (explicit is clearer). */
void fo_lif_ext_set_station_type(fo_lif_station *s, fo_lif_station_type t);
/* layout.fleetopsZones from zones (ids, names, node indices into l's
 * nodes), replacing any.  -1 with err filled when a zone has no id or a
 * node index is out of range (nothing is changed then). */
int fo_lif_ext_set_zones(fo_lif_layout *l, const fo_lif_zone *zones, size_t nzones, char *err,
                         size_t errlen);

#endif
