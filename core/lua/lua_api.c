/* lua_api.c — the `fleetops` table scripts see (documented in
 * scripts/API.md; tests/unit/test_lua_api.c checks the two agree). */
#include "lua_fn.h"
#include "lua_int.h"

#include <lauxlib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FO_LUA_MAX_CMD_DEPTH 8
#define FO_LUA_MIN_EVERY_S 0.05

static fo_lua_ver *ver(lua_State *L)
{
	return fo_lua_ver_of(L);
}

static fo_core *core_of(lua_State *L)
{
	return ver(L)->script->host->core;
}

/* ---------------------------------------------------------------- log */

static int api_log(lua_State *L)
{
	const char *msg = luaL_checkstring(L, 1);
	static const char *const levels[] = {"debug", "info", "warn", "error", NULL};
	int lvl = luaL_checkoption(L, 2, "info", levels);
	fo_log(core_of(L), (fo_log_level)lvl, "script %s: %s", ver(L)->script->name, msg);
	return 0;
}

static int api_now(lua_State *L)
{
	lua_pushnumber(L, (double)fo_wall_ms() / 1000.0);
	return 1;
}

/* ---------------------------------------------------------------- the model */

static void set_str(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static void set_num(lua_State *L, const char *k, double v)
{
	lua_pushnumber(L, v);
	lua_setfield(L, -2, k);
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void push_vehicle(lua_State *L, fo_model *m, const fo_vehicle *v)
{
	lua_createtable(L, 0, 28);
	set_str(L, "id", v->id);
	set_str(L, "manufacturer", v->manufacturer);
	const fo_fleet *f = v->fleet < fo_model_fleet_count(m) ? fo_model_fleet(m, v->fleet) : NULL;
	set_str(L, "fleet", f ? f->id : "");
	set_str(L, "state", fo_vstate_name(fo_vehicle_state(v)));
	set_bool(L, "online", v->online);
	set_bool(L, "driving", v->driving);
	set_bool(L, "acting", v->acting);
	set_bool(L, "charging", v->charging);
	set_bool(L, "paused", v->paused);
	set_bool(L, "field_violation", v->field_violation);
	set_str(L, "opmode", fo_opmode_name(v->opmode));
	set_str(L, "estop", fo_estop_name(v->estop));
	set_num(L, "battery", v->battery);
	set_num(L, "x", v->x);
	set_num(L, "y", v->y);
	set_num(L, "theta", v->theta);
	set_num(L, "speed", v->speed);
	set_num(L, "odometer", v->odometer_m);
	set_str(L, "order", v->order_id);
	set_str(L, "last_node", v->last_node);
	set_int(L, "nodes_left", v->nodes_left);
	set_str(L, "load", v->load);
	const fo_map_zone *z = v->zone < fo_model_zone_count(m) ? fo_model_zone(m, v->zone) : NULL;
	set_str(L, "zone", z ? z->id : "");
	set_num(L, "last_seen", (double)v->last_seen_ms / 1000.0);
	lua_createtable(L, v->nerrors, 0);
	for (int i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++) {
		lua_createtable(L, 0, 3);
		set_str(L, "type", v->errors[i].type);
		set_str(L, "description", v->errors[i].desc);
		set_str(L, "level", v->errors[i].level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "errors");
}

static int api_vehicle(lua_State *L)
{
	fo_model *m = fo_core_model(core_of(L));
	long i = fo_model_vehicle_find(m, luaL_checkstring(L, 1));
	if (i < 0)
		return 0;
	push_vehicle(L, m, fo_model_vehicle(m, (size_t)i));
	return 1;
}

/* vehicles([filter]): the filter (fo_lua_vfilter_read) runs in C, before
 * any table is built, so a rule over a large fleet pays only for the
 * vehicles it wants. */
static int api_vehicles(lua_State *L)
{
	fo_model *m = fo_core_model(core_of(L));
	fo_lua_vfilter f;
	fo_lua_vfilter_read(L, 1, m, &f);
	lua_newtable(L);
	lua_Integer k = 0;
	if (f.none)
		return 1;
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!fo_lua_vfilter_match(&f, v))
			continue;
		push_vehicle(L, m, v);
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}

static int api_fleets(lua_State *L)
{
	fo_model *m = fo_core_model(core_of(L));
	size_t nf = fo_model_fleet_count(m);
	lua_createtable(L, (int)nf, 0);
	for (size_t i = 0; i < nf; i++) {
		const fo_fleet *f = fo_model_fleet(m, i);
		lua_createtable(L, 0, 4);
		set_str(L, "id", f->id);
		set_str(L, "name", f->name);
		const fo_tenant *t =
		    f->tenant < fo_model_tenant_count(m) ? fo_model_tenant(m, f->tenant) : NULL;
		set_str(L, "tenant", t ? t->id : "");
		size_t nv = 0;
		for (size_t k = 0; k < fo_model_vehicle_count(m); k++)
			nv += fo_model_vehicle(m, k)->fleet == i;
		set_int(L, "vehicles", (lua_Integer)nv);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

/* ---------------------------------------------------------------- events */

static int api_on(lua_State *L)
{
	const char *topic = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	luaL_argcheck(L, *topic && strlen(topic) < 128, 1, "a topic such as 'vehicle.error'");
	fo_lua_ver *v = ver(L);
	v->subs = fo_grow(v->subs, &v->capsubs, v->nsubs + 1, sizeof *v->subs, 4);
	lua_pushvalue(L, 2);
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	char *t = fo_strdup(topic);
	v->subs[v->nsubs].topic = t;
	v->subs[v->nsubs].ref = ref;
	v->nsubs++;
	fo_lua_bus_attach(v->script->host);
	return 0;
}

/* ---------------------------------------------------------------- timers */

static void unlink_timer(fo_lua_ver *v, fo_lua_timer *t)
{
	for (fo_lua_timer **pp = &v->timers; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			return;
		}
}

static int timer_call(lua_State *L)
{
	fo_lua_timer *t = lua_touserdata(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, t->ref);
	if (!t->repeat)
		luaL_unref(L, LUA_REGISTRYINDEX, t->ref);
	lua_call(L, 0, 0);
	return 0;
}

static void timer_fire(fo_core *core, void *ud)
{
	(void)core;
	fo_lua_timer *t = ud;
	fo_lua_ver *v = t->ver;
	bool repeat = t->repeat;
	if (!repeat) {
		unlink_timer(v, t); /* fires once: neither cancel nor a retire frees it now */
		t->t = NULL;
	}
	fo_lua_call(v, timer_call, t);
	if (!repeat)
		free(t);
}

static int add_timer(lua_State *L, bool repeat)
{
	double s = luaL_checknumber(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	luaL_argcheck(L, isfinite(s) && s >= (repeat ? FO_LUA_MIN_EVERY_S : 0) && s < 1e7, 1,
	              repeat ? "seconds, at least 0.05" : "seconds, 0 or more");
	fo_lua_ver *v = ver(L);
	lua_pushvalue(L, 2);
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	fo_lua_timer *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->ver = v;
	t->ref = ref;
	t->id = ++v->next_timer;
	t->repeat = repeat;
	t->next = v->timers;
	v->timers = t;
	uint64_t ms = (uint64_t)llround(s * 1000.0);
	t->t = fo_timer_start(v->script->host->core, ms, repeat ? ms : 0, timer_fire, t);
	lua_pushinteger(L, t->id);
	return 1;
}

static int api_every(lua_State *L)
{
	return add_timer(L, true);
}

static int api_after(lua_State *L)
{
	return add_timer(L, false);
}

static int api_cancel(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	fo_lua_ver *v = ver(L);
	for (fo_lua_timer *t = v->timers; t; t = t->next) {
		if (t->id == id) {
			unlink_timer(v, t);
			fo_timer_stop(t->t);
			luaL_unref(L, LUA_REGISTRYINDEX, t->ref);
			free(t);
			lua_pushboolean(L, 1);
			return 1;
		}
	}
	lua_pushboolean(L, 0);
	return 1;
}

void fo_lua_api_activate(fo_lua_ver *v)
{
	for (size_t i = 0; i < v->npols; i++)
		fo_lua_policy_activate(v->pols[i]);
	fo_lua_arules_activate(v);
}

/* ---------------------------------------------------------------- commands */

static int out_gc(lua_State *L)
{
	fo_out **box = lua_touserdata(L, 1);
	fo_out_free(*box);
	*box = NULL;
	return 0;
}

/* command("vehicle list") or command{"vehicle", "show", id}:
 * ok, text (the output, or the error), code (0, 1 or 2) */
static int api_command(lua_State *L)
{
	fo_lua_host *h = ver(L)->script->host;
	if (h->cmd_depth >= FO_LUA_MAX_CMD_DEPTH)
		return luaL_error(L,
		                  "commands nested %d deep (a handler or policy calling itself?)",
		                  FO_LUA_MAX_CMD_DEPTH);
	int argc = 0;
	char **argv = NULL;
	if (lua_type(L, 1) == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, 1);
		luaL_argcheck(L, n >= 1 && n <= 256, 1, "1 to 256 words");
		argc = (int)n;
		argv = lua_newuserdatauv(L, (size_t)(argc + 1) * sizeof *argv, 0);
		lua_createtable(L, argc, 0); /* anchors the words (numbers become strings) */
		for (int i = 0; i < argc; i++) {
			lua_rawgeti(L, 1, i + 1);
			if (!lua_isstring(L, -1))
				return luaL_error(L, "command word %d is a %s, not a string", i + 1,
				                  luaL_typename(L, -1));
			argv[i] = (char *)lua_tostring(L, -1);
			lua_rawseti(L, -2, i + 1);
		}
		argv[argc] = NULL;
	} else {
		luaL_checkstring(L, 1);
	}
	fo_out **box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, "fleetops.out")) {
		lua_pushcfunction(L, out_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	*box = fo_out_new();
	h->cmd_depth++;
	fo_status st = argv ? fo_registry_run_argv(h->core, argc, argv, *box)
	                    : fo_registry_run_line(h->core, lua_tostring(L, 1), *box);
	h->cmd_depth--;
	if (fo_lua_sandbox_of(L)->stopped)
		return fo_lua_sandbox_stop(L, fo_lua_sandbox_of(L)->stop_reason);
	lua_pushboolean(L, st == FO_OK);
	lua_pushstring(L, st == FO_OK ? fo_out_text(*box) : fo_out_err(*box));
	lua_pushinteger(L, (lua_Integer)st);
	fo_out_free(*box);
	*box = NULL;
	return 3;
}

/* ---------------------------------------------------------------- exit */

static int api_exit(lua_State *L)
{
	fo_lua_ver *v = ver(L);
	if (!v->script->pinned)
		return luaL_error(L, "fleetops.exit is for scripts run with `fleetops run`");
	lua_Integer code = luaL_optinteger(L, 1, 0);
	luaL_argcheck(L, code >= 0 && code <= 255, 1, "an exit code 0 to 255");
	v->sb.exit_requested = true;
	v->sb.exit_code = (int)code;
	return fo_lua_sandbox_stop(L, "exit");
}

/* ---------------------------------------------------------------- the table */

static const luaL_Reg api[] = {
    {"log", api_log},
    {"now", api_now},
    {"vehicle", api_vehicle},
    {"vehicles", api_vehicles},
    {"fleets", api_fleets},
    {"on", api_on},
    {"every", api_every},
    {"after", api_after},
    {"cancel", api_cancel},
    {"command", api_command},
    {"policy", fo_lua_policy_new},
    {"exit", api_exit},
    {"alert_rule", fo_lua_alert_rule},
    {"alert_raise", fo_lua_alert_raise},
    {"alert_resolve", fo_lua_alert_resolve},
    {"alert_ack", fo_lua_alert_ack},
    {"alerts", fo_lua_alerts},
    {"view", fo_lua_view_rows},
    {"option", fo_lua_option},
    {"vehicle_samples", fo_lua_vehicle_samples},
    {NULL, NULL},
};

const char *const fo_lua_api_names[] = {
    "log",       "now",    "vehicle",    "vehicles",    "fleets",
    "on",        "every",  "after",      "cancel",      "command",
    "policy",    "exit",   "alert_rule", "alert_raise", "alert_resolve",
    "alert_ack", "alerts", "view",       "option",      "vehicle_samples",
    NULL};

void fo_lua_api_open(lua_State *L, int argc, char **argv)
{
	luaL_newlib(L, api);
	fo_lua_fns_install(L, core_of(L)); /* the plugins' functions beside the core's */
	lua_pushstring(L, ver(L)->script->name);
	lua_setfield(L, -2, "script");
	lua_pushstring(L, FO_VERSION);
	lua_setfield(L, -2, "version");
	lua_createtable(L, argc, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "args");
	lua_setglobal(L, "fleetops");
}
