/* lua_events.c — bus events to scripts' fleetops.on handlers.
 *
 * The host subscribes once to every topic ("*") when the first handler is
 * registered and hands each event to the handlers of its topic (or "*").
 * A handler gets a table: {topic = ..., vehicle = ..., ...}.  Payloads are
 * decoded only for topics whose payload type is known (the simulator's
 * vehicle events, as the Redis plugin also reads them; Redis inbound
 * entries, the alert engine's JSON events); any other "vehicle.*" event carries at least the
 * vehicle id (first member of every vehicle event), and other topics only the topic. */
#include "lua_int.h"

#include "../../plugins/redis/redis_events.h"
#include "../../plugins/sim/sim_events.h"

#include <lauxlib.h>

#include <string.h>

static void field(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v ? v : "");
	lua_setfield(L, -2, k);
}

void fo_lua_push_event(lua_State *L, const char *topic, const void *payload)
{
	lua_createtable(L, 0, 6);
	field(L, "topic", topic);
	if (!payload)
		return;
	if (strcmp(topic, "vehicle.error") == 0) {
		const fo_sim_error_event *e = payload;
		field(L, "vehicle", e->vehicle);
		lua_pushboolean(L, e->raised);
		lua_setfield(L, -2, "raised");
		if (e->error) {
			field(L, "error_type", e->error->type);
			field(L, "description", e->error->desc);
			field(L, "level", e->error->level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
		}
	} else if (strcmp(topic, "vehicle.estop") == 0) {
		const fo_sim_estop_event *e = payload;
		field(L, "vehicle", e->vehicle);
		field(L, "estop", fo_estop_name(e->estop));
	} else if (strcmp(topic, "vehicle.order_done") == 0) {
		const fo_sim_order_event *e = payload;
		field(L, "vehicle", e->vehicle);
		field(L, "order", e->order_id);
		field(L, "load", e->load);
	} else if (strncmp(topic, "vehicle.", 8) == 0) {
		field(L, "vehicle", *(const char *const *)payload);
	} else if (strcmp(topic, "alert.state") == 0 || strcmp(topic, "alert.notify") == 0 ||
	           strcmp(topic, "mission.state") == 0 || strcmp(topic, "safety.event") == 0) {
		/* alert.state {from, alert}, alert.notify {group, firing, resolved,
		 * repeat, alerts}, mission.state {mission, from, to, vehicle,
		 * template, actor, reason}, safety.event {event, state, kind,
		 * severity, vehicle, mission, details, resolution}: the JSON text
		 * and its members */
		field(L, "json", payload);
		if (fo_lua_push_json(L, payload)) {
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
	} else if (strcmp(topic, "redis.event") == 0) {
		const fo_redis_event *e = payload;
		field(L, "stream", e->stream);
		field(L, "id", e->id);
		lua_createtable(L, 0, (int)e->nfields);
		for (size_t i = 0; i < e->nfields; i++) {
			lua_pushlstring(L, e->values[i], e->value_lens[i]);
			lua_setfield(L, -2, e->fields[i]);
		}
		lua_setfield(L, -2, "fields");
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
