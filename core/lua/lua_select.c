/* lua_select.c — vehicles chosen in C for scripts: the filter of
 * fleetops.vehicles, and fleetops.vehicle_samples, a selection an alert
 * expression returns instead of a table of samples so that a rule over a
 * large fleet builds no Lua table per vehicle (the engine gets the samples
 * straight from the model at the evaluation). */
#include "lua_int.h"

#include <lauxlib.h>

#include <math.h>
#include <string.h>

#define FO_LUA_VSEL "fleetops.vehicle_samples"

static int opt_bool(lua_State *L, int t, const char *k)
{
	lua_getfield(L, t, k);
	int v = lua_isnil(L, -1) ? -1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

static double opt_num(lua_State *L, int t, const char *k)
{
	lua_getfield(L, t, k);
	double v = -1;
	if (!lua_isnil(L, -1)) {
		v = lua_tonumber(L, -1);
		if (!lua_isnumber(L, -1) || !isfinite(v) || v < 0)
			luaL_error(L, "vehicle filter: %s is a number, 0 or more", k);
	}
	lua_pop(L, 1);
	return v;
}

void fo_lua_vfilter_read(lua_State *L, int idx, fo_model *m, fo_lua_vfilter *f)
{
	memset(f, 0, sizeof *f);
	f->fleet = -1;
	f->online = f->has_order = -1;
	f->battery_below = f->speed_above = -1;
	if (lua_isnoneornil(L, idx))
		return;
	idx = lua_absindex(L, idx);
	luaL_checktype(L, idx, LUA_TTABLE);
	lua_getfield(L, idx, "fleet");
	const char *fleet = lua_tostring(L, -1);
	if (fleet) {
		f->fleet = fo_model_fleet_find(m, fleet);
		f->none = f->fleet < 0;
	}
	lua_pop(L, 1);
	lua_getfield(L, idx, "state");
	const char *st = lua_tostring(L, -1);
	if (st) {
		snprintf(f->state, sizeof f->state, "%s", st);
		f->none = f->none || strlen(st) >= sizeof f->state;
	}
	lua_pop(L, 1);
	f->online = opt_bool(L, idx, "online");
	f->has_order = opt_bool(L, idx, "has_order");
	f->battery_below = opt_num(L, idx, "battery_below");
	f->speed_above = opt_num(L, idx, "speed_above");
}

bool fo_lua_vfilter_match(const fo_lua_vfilter *f, const fo_vehicle *v)
{
	if (f->none)
		return false;
	if (f->fleet >= 0 && v->fleet != (uint32_t)f->fleet)
		return false;
	if (f->online >= 0 && v->online != (f->online == 1))
		return false;
	if (f->has_order >= 0 && (v->order_id[0] != '\0') != (f->has_order == 1))
		return false;
	if (f->battery_below >= 0 && !(v->battery < f->battery_below))
		return false;
	if (f->speed_above >= 0 && !(v->speed > f->speed_above))
		return false;
	return !f->state[0] || strcmp(fo_vstate_name(fo_vehicle_state(v)), f->state) == 0;
}

typedef enum { VAL_ONE, VAL_BATTERY, VAL_SPEED, VAL_AGE, VAL_ODOMETER } vsel_value;

typedef struct {
	fo_lua_vfilter f;
	vsel_value value;
} vsel;

/* vehicle_samples(filter [, value]): value is "battery", "speed",
 * "odometer", "age" (seconds since the vehicle's last message) or nil (1).
 * Labels of each sample: vehicle and fleet. */
int fo_lua_vehicle_samples(lua_State *L)
{
	static const char *const values[] = {"one", "battery", "speed", "age", "odometer", NULL};
	static const vsel_value map[] = {VAL_ONE, VAL_BATTERY, VAL_SPEED, VAL_AGE, VAL_ODOMETER};
	fo_model *m = fo_core_model(fo_lua_ver_of(L)->script->host->core);
	fo_lua_vfilter f;
	fo_lua_vfilter_read(L, 1, m, &f);
	int which = luaL_checkoption(L, 2, "one", values);
	vsel *s = lua_newuserdatauv(L, sizeof *s, 0);
	s->f = f;
	s->value = map[which];
	luaL_newmetatable(L, FO_LUA_VSEL); /* __name: vehicle_samples selection */
	lua_setmetatable(L, -2);
	return 1;
}

bool fo_lua_vsel_emit(lua_State *L, int idx, fo_alert_eval *ev)
{
	const vsel *s = luaL_testudata(L, idx, FO_LUA_VSEL);
	if (!s)
		return false;
	fo_model *m = fo_core_model(fo_lua_ver_of(L)->script->host->core);
	uint64_t now = fo_alert_eval_now(ev);
	size_t n = fo_model_vehicle_count(m);
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!fo_lua_vfilter_match(&s->f, v))
			continue;
		double val = 1;
		switch (s->value) {
		case VAL_BATTERY:
			val = v->battery;
			break;
		case VAL_SPEED:
			val = v->speed;
			break;
		case VAL_ODOMETER:
			val = v->odometer_m;
			break;
		case VAL_AGE:
			val = v->last_seen_ms && now > v->last_seen_ms
			          ? (double)(now - v->last_seen_ms) / 1000.0
			          : 0;
			break;
		default:
			break;
		}
		const fo_fleet *fl =
		    v->fleet < fo_model_fleet_count(m) ? fo_model_fleet(m, v->fleet) : NULL;
		const char *pairs[] = {"vehicle", v->id, "fleet", fl ? fl->id : ""};
		fo_alert_emit(ev, pairs, 2, val);
	}
	return true;
}
