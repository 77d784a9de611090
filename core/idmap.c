/* idmap.c — string id to index map. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

void fo_idmap_init(fo_idmap *m, fo_idmap_key_fn key, const void *owner)
{
	memset(m, 0, sizeof *m);
	m->key = key;
	m->owner = owner;
}

void fo_idmap_free(fo_idmap *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}

long fo_idmap_get(const fo_idmap *m, const char *id)
{
	if (!m->cap || !id)
		return -1;
	size_t mask = m->cap - 1;
	for (size_t i = hash(id) & mask;; i = (i + 1) & mask) {
		uint32_t s = m->slots[i];
		if (!s)
			return -1;
		if (strcmp(m->key(m->owner, s - 1), id) == 0)
			return (long)(s - 1);
	}
}

static void insert_slot(uint32_t *slots, size_t cap, const char *id, uint32_t idx)
{
	size_t mask = cap - 1;
	size_t i = hash(id) & mask;
	while (slots[i])
		i = (i + 1) & mask;
	slots[i] = idx + 1;
}

void fo_idmap_put(fo_idmap *m, uint32_t idx)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		uint32_t *ns = calloc(ncap, sizeof *ns);
		if (!ns)
			abort();
		for (size_t i = 0; i < m->cap; i++)
			if (m->slots[i])
				insert_slot(ns, ncap, m->key(m->owner, m->slots[i] - 1),
				            m->slots[i] - 1);
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	insert_slot(m->slots, m->cap, m->key(m->owner, idx), idx);
	m->n++;
}
