/* bus_fields.c — the generic name/value payload (fo_bus_fields).
 *
 * A subscriber tells a fields payload from any other by its address: the
 * one being published now.  The bus is synchronous, so the payload of the
 * innermost fo_bus_publish_fields is current exactly while its subscribers
 * run; nested publishes save and restore it.  Per thread, as every core runs
 * on its own loop thread. */
#include "core.h"

static _Thread_local const fo_bus_fields *current;

void fo_bus_publish_fields(fo_core *core, const char *topic, const fo_bus_fields *f)
{
	const fo_bus_fields *outer = current;
	current = f;
	fo_bus_publish(core, topic, f);
	current = outer;
}

const fo_bus_fields *fo_bus_fields_of(const void *payload)
{
	return payload && payload == (const void *)current ? current : NULL;
}
