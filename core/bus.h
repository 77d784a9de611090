/* bus.h — the in-process publish/subscribe bus (single-threaded). */
#ifndef FO_BUS_H
#define FO_BUS_H

#include "fleetops_plugin.h"

typedef struct fo_bus fo_bus;

fo_bus *fo_bus_new(void); /* OWNED */
void fo_bus_free(fo_bus *b);
int fo_bus_add(fo_bus *b, const char *topic, fo_bus_cb cb, void *ud);
/* Same, tagged with an owner (a plugin index, -1 for the core) so that a
 * plugin refused after its init subscribed can be forgotten. */
int fo_bus_add_owned(fo_bus *b, const char *topic, fo_bus_cb cb, void *ud, int owner);
void fo_bus_remove_owner(fo_bus *b, int owner);
/* Calls every subscriber of topic, and of "*". Returns how many ran. */
size_t fo_bus_emit(fo_bus *b, fo_core *core, const char *topic, const void *payload);

#endif
