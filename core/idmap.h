/* idmap.h — string id to index map (open addressing, FNV-1a). Keys are
 * borrowed: they must outlive their entry (the model's own id fields, which
 * never move because the map stores indices and a key getter). */
#ifndef FO_IDMAP_H
#define FO_IDMAP_H

#include <stddef.h>
#include <stdint.h>

/* Returns the id string of element idx; lets the map survive reallocs of
 * the element array. */
typedef const char *(*fo_idmap_key_fn)(const void *owner, uint32_t idx);

typedef struct {
	uint32_t *slots; /* idx + 1; 0 = empty */
	size_t cap;      /* power of two */
	size_t n;
	fo_idmap_key_fn key;
	const void *owner;
} fo_idmap;

void fo_idmap_init(fo_idmap *m, fo_idmap_key_fn key, const void *owner);
void fo_idmap_free(fo_idmap *m);
/* -1 when absent. */
long fo_idmap_get(const fo_idmap *m, const char *id);
/* Inserts idx under its id (the caller checked it is absent). */
void fo_idmap_put(fo_idmap *m, uint32_t idx);

#endif
