/* lua_events.c — bus events to scripts' fleetops.on handlers.
 *
 * The host subscribes once to every topic ("*") when the first handler is
 * registered and hands each event to the handlers of its topic (or "*").
 * A handler gets a table: {topic = ..., vehicle = ..., ...}.  Payloads are
 * decoded from the plugin header's contracts only: the core's vehicle
 * events, and the generic payloads any plugin may publish (fo_bus_fields:
 * name/value pairs such as Redis inbound entries; JSON text: alerts,
 * missions, safety events); any other "vehicle.*" event
 * carries at least the vehicle id (the head of every vehicle event), and
 * other topics only the topic. */
#include "lua_int.h"

#include <lauxlib.h>

#include <string.h>

static void field(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v ? v : "");
	lua_setfield(L, -2, k);
}

static void flag(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void number(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void integer(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

/* The core's vehicle events (fleetops_plugin.h, "vehicle events"); nothing
 * for a topic outside "vehicle.". */
static void push_vehicle_event(lua_State *L, const char *topic, const void *payload)
{
	const fo_vehicle_event *h = payload;
	if (strcmp(topic, FO_TOPIC_VEHICLE_CONNECTION) == 0) {
		const fo_vev_connection *e = payload;
		flag(L, "online", e->online);
		field(L, "state", fo_vda_conn_name(e->state));
		field(L, "previous", fo_vda_conn_name(e->previous));
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ERROR) == 0) {
		const fo_vev_error *e = payload;
		flag(L, "raised", e->raised);
		if (e->error) {
			field(L, "error_type", e->error->type);
			field(L, "description", e->error->desc);
			field(L, "level", e->error->level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
		}
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ESTOP) == 0) {
		const fo_vev_estop *e = payload;
		field(L, "estop", fo_estop_name(e->estop));
		flag(L, "field_violation", e->field_violation);
		flag(L, "active", e->active);
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_MODE) == 0) {
		const fo_vev_mode *e = payload;
		field(L, "mode", fo_opmode_name(e->mode));
		field(L, "previous", fo_opmode_name(e->previous));
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_BATTERY) == 0) {
		const fo_vev_battery *e = payload;
		number(L, "threshold", e->threshold);
		number(L, "battery", e->battery);
		flag(L, "below", e->below);
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ORDER_DONE) == 0 ||
	           strcmp(topic, FO_TOPIC_VEHICLE_ORDER_FAILED) == 0) {
		const fo_vev_order *e = payload;
		field(L, "order", e->order_id);
		integer(L, "order_update", e->order_update);
		field(L, "load", e->load);
		if (strcmp(topic, FO_TOPIC_VEHICLE_ORDER_FAILED) == 0) {
			field(L, "reason", e->reason);
			field(L, "detail", e->detail);
		}
	} else if (strncmp(topic, "vehicle.", 8) != 0) {
		return;
	}
	field(L, "vehicle", h->vehicle);
}

static void push_fields(lua_State *L, const fo_bus_fields *f)
{
	field(L, "source", f->source);
	field(L, "id", f->id);
	flag(L, "redelivered", f->redelivered);
	lua_createtable(L, 0, (int)(f->n < 1000 ? f->n : 1000));
	for (size_t i = 0; i < f->n; i++) {
		if (!f->names[i] || !f->values[i])
			continue;
		if (f->value_lens)
			lua_pushlstring(L, f->values[i], f->value_lens[i]);
		else
			lua_pushstring(L, f->values[i]);
		lua_setfield(L, -2, f->names[i]);
	}
	lua_setfield(L, -2, "fields");
}

void fo_lua_push_event(lua_State *L, const char *topic, const void *payload)
{
	lua_createtable(L, 0, 6);
	field(L, "topic", topic);
	if (!payload)
		return;
	const fo_bus_fields *fl = fo_bus_fields_of(payload);
	const char *json = fo_bus_json_of(payload);
	if (fl) {
		push_fields(L, fl);
	} else if (json) {
		/* e.g. alert.state {from, alert}, alert.notify {group, firing,
		 * resolved, repeat, alerts}, mission.state {mission, from, to,
		 * vehicle, template, actor, reason}, safety.event {event, state,
		 * kind, severity, vehicle, mission, details, resolution}: the JSON
		 * text and its members */
		field(L, "json", json);
		if (fo_lua_push_json(L, json)) {
			if (lua_istable(L, -1)) {
				lua_pushnil(L);
				while (lua_next(L, -2)) {
					lua_pushvalue(L, -2);
					lua_insert(L, -2);
					lua_settable(L, -5);
				}
			}
			lua_pop(L, 1);
		}
	} else {
		push_vehicle_event(L, topic, payload);
	}
}

typedef struct {
	int ref;
	const char *topic;
	const void *payload;
} event_ctx;

static int event_call(lua_State *L)
{
	event_ctx *c = lua_touserdata(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->ref);
	fo_lua_push_event(L, c->topic, c->payload);
	lua_call(L, 1, 0);
	return 0;
}

static void on_bus(fo_core *core, const char *topic, const void *payload, void *ud)
{
	(void)core;
	fo_lua_host *h = ud;
	/* scans (which add and free scripts) never run during a call */
	for (size_t k = 0; k < h->n; k++) {
		fo_lua_script *s = h->scripts[k];
		fo_lua_ver *v = s->cur;
		for (size_t i = 0; v && s->cur == v && i < v->nsubs; i++) {
			const char *t = v->subs[i].topic;
			if (strcmp(t, topic) != 0 && strcmp(t, "*") != 0)
				continue;
			event_ctx c = {v->subs[i].ref, topic, payload};
			fo_lua_call(v, event_call, &c);
		}
	}
}

void fo_lua_bus_attach(fo_lua_host *h)
{
	if (h->bus_subscribed)
		return;
	h->bus_subscribed = true;
	fo_bus_add_owned(h->core->bus, "*", on_bus, h, FO_LUA_BUS_OWNER);
}
