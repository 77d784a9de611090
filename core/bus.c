/* bus.c — topic subscriptions, dispatched synchronously in order. */
#include "bus.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	char *topic;
	fo_bus_cb cb;
	void *ud;
	int owner;
} fo_sub;

struct fo_bus {
	fo_sub *subs;
	size_t n, cap;
};

fo_bus *fo_bus_new(void)
{
	fo_bus *b = calloc(1, sizeof *b);
	if (!b)
		abort();
	return b;
}

void fo_bus_free(fo_bus *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		free(b->subs[i].topic);
	free(b->subs);
	free(b);
}

int fo_bus_add(fo_bus *b, const char *topic, fo_bus_cb cb, void *ud)
{
	return fo_bus_add_owned(b, topic, cb, ud, -1);
}

void fo_bus_remove_owner(fo_bus *b, int owner)
{
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (b->subs[i].owner == owner)
			free(b->subs[i].topic);
		else
			b->subs[k++] = b->subs[i];
	}
	b->n = k;
}

int fo_bus_add_owned(fo_bus *b, const char *topic, fo_bus_cb cb, void *ud, int owner)
{
	if (!topic || !*topic || !cb)
		return -1;
	b->subs = fo_grow(b->subs, &b->cap, b->n + 1, sizeof *b->subs, 16);
	b->subs[b->n].topic = fo_strdup(topic);
	b->subs[b->n].cb = cb;
	b->subs[b->n].ud = ud;
	b->subs[b->n].owner = owner;
	b->n++;
	return 0;
}

size_t fo_bus_emit(fo_bus *b, fo_core *core, const char *topic, const void *payload)
{
	size_t ran = 0;
	/* Subscribers added while emitting run from the next emit on. */
	size_t n = b->n;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(b->subs[i].topic, topic) == 0 || strcmp(b->subs[i].topic, "*") == 0) {
			b->subs[i].cb(core, topic, payload, b->subs[i].ud);
			ran++;
		}
	}
	return ran;
}
