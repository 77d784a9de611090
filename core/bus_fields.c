/* bus_fields.c — the generic payloads (fo_bus_fields, JSON text).
 *
 * A subscriber tells a generic payload from any other by its address: the
 * one being published now.  The bus is synchronous, so the payload of the
 * innermost fo_bus_publish_fields (or _json) is current exactly while its
 * subscribers run; nested publishes save and restore it.  Per thread, as
 * every core runs on its own loop thread. */
#include "core.h"

static _Thread_local const fo_bus_fields *current_fields;
static _Thread_local const char *current_json;

void fo_bus_publish_fields(fo_core *core, const char *topic, const fo_bus_fields *f)
{
	const fo_bus_fields *outer = current_fields;
	current_fields = f;
	fo_bus_publish(core, topic, f);
	current_fields = outer;
}

const fo_bus_fields *fo_bus_fields_of(const void *payload)
{
	return payload && payload == (const void *)current_fields ? current_fields : NULL;
}

void fo_bus_publish_json(fo_core *core, const char *topic, const char *json)
{
	const char *outer = current_json;
	current_json = json;
	fo_bus_publish(core, topic, json);
	current_json = outer;
}

const char *fo_bus_json_of(const void *payload)
{
	return payload && payload == (const void *)current_json ? current_json : NULL;
}
