/* lif.h — site layouts in VDMA's LIF (Layout Interchange Format) 1.0: the
 * document as data, a validating reader and a writer (issue 12, slice 1).
 *
 * Core-internal: nothing here is part of the plugin ABI yet.  The reader is
 * strict about what it cannot understand (every error names the JSON path
 * and the reason, and any error means no layout at all) and tolerant, with a
 * warning naming the path, of the deviations real files have (the spec's own
 * examples omit the required `stations`, give `stationHeight` as a string
 * and say lifVersion "0.11.0").
 *
 * Ownership: a fo_lif owns every string and array reachable from it; free
 * it with fo_lif_free.  Optional numbers are NAN when absent, optional
 * booleans -1, optional enums 0 (..._ABSENT), optional strings NULL.
 * Members the reader does not know are kept as compact JSON (extras) and
 * written back, so an export keeps an integrator's extensions.  Those whose
 * name starts with FO_LIF_EXT_PREFIX are fleetops' own documented extension
 * (lif_ext.h): kept without a warning, checked by fo_lif_ext_read. */
#ifndef FO_LIF_H
#define FO_LIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "idmap.h"

/* Limits: a file beyond them is refused with the limit in the reason. */
#define FO_LIF_MAX_BYTES (64u * 1024u * 1024u)
#define FO_LIF_MAX_ELEMS 100000u /* nodes, edges or stations per layout */
#define FO_LIF_MAX_LAYOUTS 1000u
#define FO_LIF_MAX_LIST 10000u /* any other array (actions, knots, types...) */
#define FO_LIF_MAX_COORD 1e7   /* |x|, |y| in metres */
#define FO_LIF_DIAG_KEEP 200u  /* messages kept; all are counted */

/* The prefix of fleetops' extension members (lif_ext.h). */
#define FO_LIF_EXT_PREFIX "fleetops"

/* ---- diagnostics */

typedef enum { FO_LIF_ERROR, FO_LIF_WARNING } fo_lif_severity;

typedef struct {
	fo_lif_severity severity;
	char *path;   /* "$.layouts[0].edges[3].startNodeId" (owned) */
	char *reason; /* owned */
} fo_lif_msg;

/* Zero-initialise ({0}); free with fo_lif_diag_free. */
typedef struct {
	fo_lif_msg *msgs; /* the first FO_LIF_DIAG_KEEP messages */
	size_t n, cap;
	size_t errors, warnings; /* all of them, kept or not */
} fo_lif_diag;

void fo_lif_diag_free(fo_lif_diag *d);
/* The first kept message of that severity at exactly that path (borrowed),
 * or NULL. */
const fo_lif_msg *fo_lif_diag_find(const fo_lif_diag *d, fo_lif_severity sev, const char *path);
/* Every kept message, one a line: "error: PATH: REASON" (owned). */
char *fo_lif_diag_text(const fo_lif_diag *d);

/* ---- the document */

typedef struct {
	char *key;
	char *json; /* compact JSON text of the value */
} fo_lif_extra;

typedef struct {
	fo_lif_extra *v;
	size_t n;
} fo_lif_extras;

typedef enum {
	FO_LIF_REQ_ABSENT,
	FO_LIF_REQ_REQUIRED,
	FO_LIF_REQ_CONDITIONAL,
	FO_LIF_REQ_OPTIONAL
} fo_lif_requirement;
typedef enum { FO_LIF_BLOCK_NONE = 1, FO_LIF_BLOCK_SOFT, FO_LIF_BLOCK_HARD } fo_lif_blocking;
typedef enum { FO_LIF_ORIENT_ABSENT, FO_LIF_ORIENT_GLOBAL, FO_LIF_ORIENT_TANGENTIAL } fo_lif_orient;
typedef enum {
	FO_LIF_ROT_ABSENT,
	FO_LIF_ROT_NONE,
	FO_LIF_ROT_CCW,
	FO_LIF_ROT_CW,
	FO_LIF_ROT_BOTH
} fo_lif_rotation;

typedef struct {
	char *key;
	char *value_json; /* any JSON (VDA 5050), compact; LIF says string */
} fo_lif_param;

typedef struct {
	char *type;        /* actionType */
	char *description; /* optional */
	fo_lif_requirement requirement;
	fo_lif_blocking blocking;
	fo_lif_param *params;
	size_t nparams;
	fo_lif_extras extra;
} fo_lif_action;

typedef struct {
	char *vehicle_type_id;
	double theta; /* NAN when absent */
	fo_lif_action *actions;
	size_t nactions;
	fo_lif_extras extra;
} fo_lif_node_type;

typedef struct {
	char *id, *name, *description, *map_id;
	double x, y;
	fo_lif_extras pos_extra; /* unknown members of nodePosition */
	fo_lif_node_type *types; /* vehicleTypeNodeProperties */
	size_t ntypes;
	fo_lif_extras extra;
} fo_lif_node;

typedef struct {
	double x, y;
	double weight; /* NAN when absent (1.0) */
	fo_lif_extras extra;
} fo_lif_cpoint;

typedef struct {
	uint32_t degree; /* 0 when absent (1) */
	double *knots;
	size_t nknots;
	fo_lif_cpoint *points;
	size_t npoints;
	fo_lif_extras extra;
} fo_lif_trajectory;

typedef struct {
	bool present;
	bool unloaded, loaded;
	char **load_sets;
	size_t nload_sets;
	fo_lif_extras extra;
} fo_lif_load;

typedef struct {
	char *vehicle_type_id;
	double orientation; /* vehicleOrientation, NAN when absent */
	fo_lif_orient orientation_type;
	bool rotation_allowed;
	fo_lif_rotation rotation_at_start, rotation_at_end;
	double max_speed, max_rotation_speed, min_height, max_height; /* NAN when absent */
	fo_lif_load load;
	fo_lif_action *actions;
	size_t nactions;
	fo_lif_trajectory *trajectory; /* NULL when absent */
	int reentry_allowed;           /* -1 when absent (true) */
	fo_lif_extras extra;
} fo_lif_edge_type;

typedef struct {
	char *id, *name, *description;
	char *start, *end;       /* node ids: start in this layout, end in any */
	fo_lif_edge_type *types; /* vehicleTypeEdgeProperties */
	size_t ntypes;
	fo_lif_extras extra;
} fo_lif_edge;

typedef struct {
	char *id, *name, *description;
	char **nodes; /* interactionNodeIds */
	size_t nnodes;
	double height; /* NAN when absent (0) */
	bool has_position;
	double x, y, theta; /* theta NAN when absent */
	fo_lif_extras pos_extra;
	fo_lif_extras extra;
} fo_lif_station;

typedef struct {
	char *id, *name, *version, *level_id, *description;
	fo_lif_node *nodes;
	size_t nnodes;
	fo_lif_edge *edges;
	size_t nedges;
	fo_lif_station *stations;
	size_t nstations;
	fo_lif_extras extra;
	fo_idmap node_map, edge_map, station_map; /* id -> index */
} fo_lif_layout;

typedef struct {
	char *project, *creator, *timestamp, *version; /* metaInformation */
	fo_lif_extras meta_extra;
	fo_lif_layout *layouts;
	size_t nlayouts;
	fo_lif_extras extra;
} fo_lif;

/* Reads a LIF document of len bytes (text need not be NUL-terminated).
 * Returns 0 and *out (owned, free with fo_lif_free), possibly with warnings
 * in diag; or -1 with *out NULL and at least one error in diag.  diag may be
 * NULL (nothing is reported then). */
int fo_lif_parse(const char *text, size_t len, fo_lif **out, fo_lif_diag *diag);
void fo_lif_free(fo_lif *lif);

/* The document as LIF JSON text (owned), indented, members in the schema's
 * order, extras after them.  What the reader tolerated is written the way
 * the schema wants it (stations: [], numbers as numbers). */
char *fo_lif_write(const fo_lif *lif);

/* Structural equality: every member of the model, extras included (the
 * writer is total over the model, so this compares the written texts). */
bool fo_lif_equal(const fo_lif *a, const fo_lif *b);

/* The compact JSON text of the extra member named key (borrowed), or NULL. */
const char *fo_lif_extra_get(const fo_lif_extras *x, const char *key);
/* Sets the extra member named key to json (copied; compact JSON, as the
 * reader keeps it, so a written document reads back equal), replacing one
 * of that name or appending; json NULL removes it. */
void fo_lif_extra_set(fo_lif_extras *x, const char *key, const char *json);

/* Index of the element with that id in the layout, or -1. */
long fo_lif_node_find(const fo_lif_layout *l, const char *id);
long fo_lif_edge_find(const fo_lif_layout *l, const char *id);
long fo_lif_station_find(const fo_lif_layout *l, const char *id);
/* Index of the layout with that id, or -1. */
long fo_lif_layout_find(const fo_lif *lif, const char *id);

#endif
