/* map.h — site layouts in the store: every imported revision of a LIF 1.0
 * document (core.layout_documents, listed by core.layouts) and which one is
 * in use (core.layout_activations: the latest activation wins).  Blocking
 * calls (they queue on the store and wait with fo_store_drain): for
 * commands, tests and start-up, never from a store callback.
 *
 * A layout is named by the site map's name (LIF projectIdentification or
 * the name given at import) and numbered 1, 2, ... per name; importing a
 * document equal to the latest revision of its name adds nothing. */
#ifndef FO_MAP_H
#define FO_MAP_H

#include "fleetops_plugin.h"

#include "lif.h"

/* One revision: the listing row (no document text). */
typedef struct {
	char id[40];
	char tenant[40];
	char name[128];
	long revision;
	char document_id[40];
	char source[256];
	long levels, nodes, edges, stations, warnings;
	char vehicle_types[256];
	char imported_at[32]; /* ISO 8601 UTC */
	char imported_by[64];
	bool active;
	char activated_at[32]; /* when active */
	char activated_by[64];
} fo_layout_info;

typedef enum {
	FO_LAYOUT_ADDED,     /* a new revision */
	FO_LAYOUT_UNCHANGED, /* equal to the latest revision of its name */
} fo_layout_outcome;

/* Stores lif (already validated) under name as its next revision.  text is
 * lif as fo_lif_write gives it; source (may be NULL) names the file.  Fills
 * *info with the revision added (or the equal one kept).  Returns 0, or -1
 * with err filled (store status name and message). */
int fo_layouts_add(fo_store *s, const fo_lif *lif, const char *text, const char *name,
                   const char *source, size_t warnings, fo_layout_info *info,
                   fo_layout_outcome *outcome, char *err, size_t errlen);

/* Every revision (name NULL) or those of one name, oldest first, the active
 * one marked.  *out OWNED (free()).  0, or -1 with err filled. */
int fo_layouts_list(fo_store *s, const char *name, fo_layout_info **out, size_t *n, char *err,
                    size_t errlen);

/* One revision: of name (revision 0: the latest), or the active one when
 * name is NULL.  1 found, 0 none (err says what was looked for), -1 store
 * error. */
int fo_layouts_find(fo_store *s, const char *name, long revision, fo_layout_info *info, char *err,
                    size_t errlen);

/* The document text of a revision (OWNED), or NULL with err filled. */
char *fo_layouts_document(fo_store *s, const fo_layout_info *info, char *err, size_t errlen);

/* Puts a revision in use from now; note may be NULL.  0, or -1. */
int fo_layouts_activate(fo_store *s, const fo_layout_info *info, const char *note, char *err,
                        size_t errlen);

/* The activation in force among n core.layout_activations records: the one
 * the store recorded last (created_at, the server's clock; activated_at is
 * what the writer said), NULL when n is 0. */
const fo_record *fo_layout_latest_activation(fo_record *const *recs, size_t n);

/* The listing row of a core.layouts record. */
void fo_layout_info_from(const fo_record *r, fo_layout_info *x);

/* The `map` commands (map_cmds.c). */
void fo_map_cmds_register(fo_core *core);
/* `map traffic` (traffic_cmds.c). */
void fo_traffic_cmds_register(fo_core *core);
/* The view map.vehicles, with the map as SVG in HTML reports (map_view.c). */
void fo_map_view_register(fo_core *core);

#endif
