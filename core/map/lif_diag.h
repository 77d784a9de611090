/* lif_diag.h — what the two LIF readers share (lif_parse.c reads the
 * document, lif_ext.c fleetops' extension members): the JSON path being read
 * and adding a message at that path to a fo_lif_diag (lif.h).
 *
 * Internal to core/map: nothing here is declared outside it. */
#ifndef FO_LIF_DIAG_H
#define FO_LIF_DIAG_H

#include "lif.h"

#include "fleetops_plugin.h"

#include <jansson.h>

typedef struct {
	fo_lif_diag *diag; /* NULL: nothing is reported, errors still counted */
	fo_buf path;       /* the JSON path of what is being read */
	size_t errors;     /* errors of this read (diag may hold earlier ones) */
} fo_lif_rd;

/* path "$"; fo_lif_rd_free frees the path (diag is the caller's). */
void fo_lif_rd_init(fo_lif_rd *r, fo_lif_diag *diag);
void fo_lif_rd_free(fo_lif_rd *r);

/* Adds a message at the current path (kept while fewer than
 * FO_LIF_DIAG_KEEP are, counted always). */
void fo_lif_diag_add(fo_lif_rd *r, fo_lif_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define ERR(r, ...) fo_lif_diag_add((r), FO_LIF_ERROR, __VA_ARGS__)
#define WARN(r, ...) fo_lif_diag_add((r), FO_LIF_WARNING, __VA_ARGS__)

/* The path: a push returns the length to pop back to. */
size_t fo_lif_push_key(fo_lif_rd *r, const char *key);
size_t fo_lif_push_idx(fo_lif_rd *r, size_t i);
void fo_lif_pop(fo_lif_rd *r, size_t at);

/* "an object", "a string", ... for "expected X, got Y" reasons. */
const char *fo_lif_json_type(const json_t *v);

#endif
