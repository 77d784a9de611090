/* lua_alert.c — the alert engine for scripts: fleetops.alert_rule (a rule
 * whose expression is a Lua function), alert_raise, alert_resolve,
 * alert_ack and alerts (documented in scripts/API.md).
 *
 * A rule belongs to the version of its script that defined it: it is added
 * to the engine when the version becomes current and removed when it
 * retires.  A reload retires the old version and activates the new one in
 * one step, before the next evaluation, so the engine keeps the alerts of a
 * rule the new version defines again.  A script rule named like a built-in
 * rule (LowBattery, VehicleOffline) stands in for it while loaded.
 *
 * The expression runs through fo_lua_call, inside its script's limits.  It
 * returns an array of samples {labels = {NAME = value}, value = N}; all of
 * them are checked before any reaches the engine, so an error anywhere in
 * the expression or its result means no samples for that evaluation (the
 * rule's alerts clear as when the condition is false), reported with the
 * rule's FILE:LINE.  A runaway stops the script as any runaway does: its
 * rules go with it. */
#include "lua_int.h"

#include "alert_core.h"

#include <lauxlib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FO_LUA_ALERT_MAX_PAIRS 32
#define FO_LUA_ALERT_MAX_SAMPLES 100000

static fo_lua_ver *ver(lua_State *L)
{
	return fo_lua_ver_of(L);
}

static fo_core *core_of(lua_State *L)
{
	return ver(L)->script->host->core;
}

/* ---------------------------------------------------------------- evaluation */

typedef struct {
	fo_lua_arule *r;
	fo_alert_eval *ev;
} expr_ctx;

/* Pass 1 checks every sample (anything wrong raises; label values that
 * are numbers become strings in place); pass 2 emits them (nothing in it
 * raises, and every string is anchored by the result on the stack). */
static int check_samples(lua_State *L, const fo_lua_arule *r, int res, lua_Integer n)
{
	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_rawgeti(L, res, i) != LUA_TTABLE)
			return luaL_error(L,
			                  "alert rule %s (%s): sample %d is a %s, not "
			                  "{labels = {...}, value = N}",
			                  r->name, r->where, (int)i, luaL_typename(L, -1));
		int sample = lua_gettop(L);
		int lt = lua_getfield(L, sample, "labels");
		if (lt != LUA_TNIL && lt != LUA_TTABLE)
			return luaL_error(
			    L, "alert rule %s (%s): sample %d: labels is a %s, not a table",
			    r->name, r->where, (int)i, luaL_typename(L, -1));
		if (lt == LUA_TTABLE) {
			int k = 0;
			lua_pushnil(L);
			while (lua_next(L, -2)) {
				int vt = lua_type(L, -1);
				if (lua_type(L, -2) != LUA_TSTRING ||
				    (vt != LUA_TSTRING && vt != LUA_TNUMBER))
					return luaL_error(
					    L,
					    "alert rule %s (%s): sample %d: labels are "
					    "name = string pairs",
					    r->name, r->where, (int)i);
				if (++k > FO_LUA_ALERT_MAX_PAIRS)
					return luaL_error(
					    L,
					    "alert rule %s (%s): sample %d: at most %d "
					    "labels",
					    r->name, r->where, (int)i, FO_LUA_ALERT_MAX_PAIRS);
				if (vt ==
				    LUA_TNUMBER) { /* an existing field: allowed mid-traversal */
					lua_tostring(L, -1);
					lua_pushvalue(L, -2);
					lua_insert(L, -2);
					lua_rawset(L, -4);
				} else {
					lua_pop(L, 1);
				}
			}
		}
		int vt = lua_getfield(L, sample, "value");
		if (vt != LUA_TNIL && vt != LUA_TNUMBER)
			return luaL_error(
			    L, "alert rule %s (%s): sample %d: value is a %s, not a number",
			    r->name, r->where, (int)i, luaL_typename(L, -1));
		lua_settop(L, sample - 1);
	}
	return 0;
}

static int expr_call(lua_State *L)
{
	expr_ctx *c = lua_touserdata(L, 1);
	fo_lua_arule *r = c->r;
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->ref);
	lua_pushnumber(L, (double)fo_alert_eval_now(c->ev) / 1000.0);
	lua_call(L, 1, 1);
	if (lua_isnil(L, -1))
		return 0;
	if (fo_lua_vsel_emit(L, -1, c->ev))
		return 0;
	if (!lua_istable(L, -1))
		return luaL_error(L,
		                  "alert rule %s (%s): the expression returned a %s, not an array "
		                  "of samples",
		                  r->name, r->where, luaL_typename(L, -1));
	int res = lua_gettop(L);
	lua_Integer n = luaL_len(L, res);
	if (n > FO_LUA_ALERT_MAX_SAMPLES)
		return luaL_error(L, "alert rule %s (%s): %d samples, at most %d", r->name,
		                  r->where, (int)n, FO_LUA_ALERT_MAX_SAMPLES);
	check_samples(L, r, res, n);
	const char *pairs[2 * FO_LUA_ALERT_MAX_PAIRS];
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, res, i);
		size_t np = 0;
		if (lua_getfield(L, -1, "labels") == LUA_TTABLE) {
			lua_pushnil(L);
			while (lua_next(L, -2)) {
				pairs[np++] =
				    lua_tostring(L, -2); /* strings, anchored by the table */
				pairs[np++] = lua_tostring(L, -1);
				lua_pop(L, 1);
			}
		}
		lua_getfield(L, -2, "value");
		double v = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 1.0;
		lua_settop(L, res);
		fo_alert_emit(c->ev, pairs, np / 2, isfinite(v) ? v : 0.0);
	}
	return 0;
}

static void rule_expr(fo_core *core, fo_alert_eval *ev, void *ud)
{
	(void)core;
	fo_lua_arule *r = ud;
	fo_lua_ver *v = r->ver;
	if (!v->active || v->retiring)
		return;
	expr_ctx c = {r, ev};
	fo_lua_host *h = v->script->host;
	h->expr_depth++;
	fo_lua_call(v, expr_call, &c); /* v and r may be gone now */
	h->expr_depth--;
}

/* ---------------------------------------------------------------- rules */

static int add_to_engine(fo_lua_arule *r, char *err, size_t errlen)
{
	fo_core *core = r->ver->script->host->core;
	fo_alert_rule_spec spec = {
	    .name = r->name,
	    .expr = rule_expr,
	    .ud = r,
	    .for_ms = r->for_ms,
	    .keep_firing_for_ms = r->keep_firing_for_ms,
	    .severity = r->severity,
	    .labels = r->labels,
	    .summary = r->summary,
	    .description = r->description,
	};
	fo_alerts *e = fo_alert_core_engine(core, false);
	if (!e) {
		snprintf(err, errlen, "alert rule %s: the alert engine is not running", r->name);
		return -1;
	}
	bool builtin = fo_alert_builtin_active(e, r->name);
	if (builtin)
		fo_alerts_rule_remove(e, r->name);
	if (fo_alerts_rule_add(e, &spec, err, errlen) != 0) {
		if (builtin)
			fo_alert_builtin_restore(core, e, r->name);
		return -1;
	}
	r->added = true;
	r->replaced = builtin;
	return 0;
}

static void remove_from_engine(fo_lua_arule *r)
{
	if (!r->added)
		return;
	fo_core *core = r->ver->script->host->core;
	fo_alerts *e = fo_alert_core_engine(core, false);
	r->added = false;
	if (!e)
		return;
	fo_alerts_rule_remove(e, r->name);
	if (r->replaced)
		fo_alert_builtin_restore(core, e, r->name);
	r->replaced = false;
}

void fo_lua_arules_activate(fo_lua_ver *v)
{
	char err[256];
	for (size_t i = 0; i < v->narules; i++)
		if (!v->arules[i]->added && add_to_engine(v->arules[i], err, sizeof err) != 0) {
			v->script->errors++;
			fo_lua_script_error(v->script, "%s: %s", v->arules[i]->where, err);
		}
}

void fo_lua_arules_retire(fo_lua_ver *v)
{
	for (size_t i = 0; i < v->narules; i++)
		remove_from_engine(v->arules[i]);
}

void fo_lua_arules_free(fo_lua_ver *v)
{
	for (size_t i = 0; i < v->narules; i++) {
		fo_lua_arule *r = v->arules[i];
		remove_from_engine(r);
		free(r->labels);
		free(r->severity);
		free(r->summary);
		free(r->description);
		free(r);
	}
	free(v->arules);
	v->arules = NULL;
	v->narules = v->caparules = 0;
}

static const char *opt_string(lua_State *L, int t, const char *k)
{
	int ty = lua_getfield(L, t, k);
	if (ty != LUA_TNIL && ty != LUA_TSTRING)
		luaL_error(L, "alert_rule: %s is a %s, not a string", k, luaL_typename(L, -1));
	const char *s = lua_tostring(L, -1);
	lua_pop(L, 1); /* the table still holds it */
	return s;
}

static uint64_t opt_seconds(lua_State *L, int t, const char *k)
{
	int ty = lua_getfield(L, t, k);
	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	double s = lua_tonumber(L, -1);
	if (ty != LUA_TNUMBER || !isfinite(s) || s < 0 || s > 1e7)
		luaL_error(L, "alert_rule: %s is seconds, 0 to 1e7", k);
	lua_pop(L, 1);
	return (uint64_t)llround(s * 1000.0);
}

/* labels = {team = "ops"} into team="ops",... (the engine's syntax), in
 * buf; false when there are none. */
static bool labels_text(lua_State *L, int t, char *buf, size_t len)
{
	int ty = lua_getfield(L, t, "labels");
	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return false;
	}
	if (ty != LUA_TTABLE)
		luaL_error(L, "alert_rule: labels is a %s, not a table", luaL_typename(L, -1));
	size_t at = 0;
	buf[0] = '\0';
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "alert_rule: labels are name = \"value\" strings");
		const char *k = lua_tostring(L, -2), *v = lua_tostring(L, -1);
		if (strpbrk(v, "\"\\") || strpbrk(k, "=,\"! "))
			luaL_error(
			    L, "alert_rule: label %s: a plain name and a value without \" or \\",
			    k);
		int w = snprintf(buf + at, len - at, "%s%s=\"%s\"", at ? "," : "", k, v);
		if (w < 0 || (size_t)w >= len - at)
			luaL_error(L, "alert_rule: labels longer than %d bytes", (int)len);
		at += (size_t)w;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return at > 0;
}

/* alert_rule{name=, expr=, ["for"]=, keep_firing_for=, severity=, labels=,
 * summary=, description=} */
int fo_lua_alert_rule(lua_State *L)
{
	fo_lua_ver *v = ver(L);
	luaL_checktype(L, 1, LUA_TTABLE);
	if (v->script->host->expr_depth > 0)
		return luaL_error(L, "alert_rule: not from inside an alert expression");
	const char *name = opt_string(L, 1, "name");
	luaL_argcheck(L, name && *name && strlen(name) < 64 && strcmp(name, "manual") != 0, 1,
	              "name: the alertname, 1 to 63 bytes (not 'manual')");
	if (lua_getfield(L, 1, "expr") != LUA_TFUNCTION)
		return luaL_error(L, "alert_rule %s: expr is a function returning the samples",
		                  name);
	lua_pop(L, 1);
	for (size_t i = 0; i < v->narules; i++)
		if (strcmp(v->arules[i]->name, name) == 0)
			return luaL_error(L, "alert_rule: %s is defined already in this script",
			                  name);
	uint64_t for_ms = opt_seconds(L, 1, "for");
	uint64_t keep_ms = opt_seconds(L, 1, "keep_firing_for");
	const char *sev = opt_string(L, 1, "severity");
	const char *sum = opt_string(L, 1, "summary");
	const char *desc = opt_string(L, 1, "description");
	char labels[1024];
	bool has_labels = labels_text(L, 1, labels, sizeof labels);
	/* nothing below raises until the rule is in the list */
	v->arules = fo_grow(v->arules, &v->caparules, v->narules + 1, sizeof *v->arules, 4);
	luaL_where(L, 1);
	fo_lua_arule *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->ver = v;
	snprintf(r->name, sizeof r->name, "%s", name);
	const char *where = lua_tostring(L, -1);
	size_t wl = strlen(where);
	snprintf(r->where, sizeof r->where, "%.*s", (int)(wl >= 2 ? wl - 2 : wl), where);
	if (!r->where[0])
		snprintf(r->where, sizeof r->where, "%.150s", v->script->path);
	lua_pop(L, 1);
	r->for_ms = for_ms;
	r->keep_firing_for_ms = keep_ms;
	r->severity = fo_strdup(sev);
	r->summary = fo_strdup(sum);
	r->description = fo_strdup(desc);
	r->labels = has_labels ? fo_strdup(labels) : NULL;
	lua_getfield(L, 1, "expr");
	r->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	v->arules[v->narules++] = r;
	if (v->active) { /* defined later, from a timer or handler */
		char err[256];
		if (add_to_engine(r, err, sizeof err) != 0)
			return luaL_error(L, "%s", err);
	}
	return 0;
}

/* ---------------------------------------------------------------- by hand */

/* alert_raise{name=, labels=, severity=, summary=, description=}: the id,
 * or nil and the reason. */
int fo_lua_alert_raise(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	const char *name = opt_string(L, 1, "name");
	luaL_argcheck(L, name && *name, 1, "name: the alertname");
	const char *sev = opt_string(L, 1, "severity");
	const char *ann[4];
	size_t nann = 0;
	const char *sum = opt_string(L, 1, "summary"), *desc = opt_string(L, 1, "description");
	if (sum) {
		ann[nann++] = "summary";
		ann[nann++] = sum;
	}
	if (desc) {
		ann[nann++] = "description";
		ann[nann++] = desc;
	}
	const char *pairs[2 * (FO_LUA_ALERT_MAX_PAIRS + 1)];
	size_t np = 0;
	pairs[np++] = "alertname";
	pairs[np++] = name;
	if (lua_getfield(L, 1, "labels") == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING)
				return luaL_error(L, "alert_raise: labels are name = \"value\" "
				                     "strings");
			if (np / 2 > FO_LUA_ALERT_MAX_PAIRS)
				return luaL_error(L, "alert_raise: at most %d labels",
				                  FO_LUA_ALERT_MAX_PAIRS);
			pairs[np++] = lua_tostring(L, -2); /* anchored by the labels table */
			pairs[np++] = lua_tostring(L, -1);
			lua_pop(L, 1);
		}
	} else if (!lua_isnil(L, -1)) {
		return luaL_error(L, "alert_raise: labels is a %s, not a table",
		                  luaL_typename(L, -1));
	}
	char id[FO_ALERT_ID_LEN], err[256];
	if (fo_alert_raise(core_of(L), pairs, np / 2, nann ? ann : NULL, nann / 2, sev, id,
	                   sizeof id, err, sizeof err) != 0) {
		lua_pushnil(L);
		lua_pushstring(L, err);
		return 2;
	}
	lua_pushstring(L, id);
	return 1;
}

static int result(lua_State *L, int rc, const char *err)
{
	if (rc == 0) {
		lua_pushboolean(L, 1);
		return 1;
	}
	lua_pushboolean(L, 0);
	lua_pushstring(L, err);
	return 2;
}

int fo_lua_alert_resolve(lua_State *L)
{
	char err[256];
	const char *id = luaL_checkstring(L, 1);
	return result(L, fo_alert_resolve(core_of(L), id, err, sizeof err), err);
}

/* alert_ack(id [, note]): by "script NAME". */
int fo_lua_alert_ack(lua_State *L)
{
	char err[256], who[80];
	const char *id = luaL_checkstring(L, 1);
	const char *note = luaL_optstring(L, 2, NULL);
	snprintf(who, sizeof who, "script %s", ver(L)->script->name);
	return result(L, fo_alert_ack(core_of(L), id, who, note, err, sizeof err), err);
}

/* ---------------------------------------------------------------- reading */

static void push_labels(lua_State *L, const fo_labels *l)
{
	lua_createtable(L, 0, (int)l->n);
	for (size_t i = 0; i < l->n; i++) {
		lua_pushstring(L, l->kv[2 * i + 1]);
		lua_setfield(L, -2, l->kv[2 * i]);
	}
}

static void set_time(lua_State *L, const char *k, uint64_t ms)
{
	if (!ms)
		return;
	lua_pushnumber(L, (double)ms / 1000.0);
	lua_setfield(L, -2, k);
}

/* alerts([{state = NAME, rule = NAME}]): state is pending, firing,
 * resolved, active (pending or firing, the default) or all. */
int fo_lua_alerts(lua_State *L)
{
	const char *state = "active", *rule = NULL;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		const char *s = opt_string(L, 1, "state");
		rule = opt_string(L, 1, "rule");
		if (s)
			state = s;
	}
	static const char *const states[] = {"active",   "pending", "firing",
	                                     "resolved", "all",     NULL};
	bool ok = false;
	for (const char *const *p = states; *p; p++)
		ok = ok || strcmp(*p, state) == 0;
	luaL_argcheck(L, ok, 1, "state: active, pending, firing, resolved or all");
	fo_alerts *e = fo_alert_core_engine(core_of(L), false);
	lua_newtable(L);
	if (!e)
		return 1;
	lua_Integer k = 0;
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *a = fo_alerts_at(e, i);
		const char *sn = fo_alert_state_name(a->state);
		bool want = strcmp(state, "all") == 0 ? a->state != FO_ALERT_INACTIVE
		            : strcmp(state, "active") == 0
		                ? a->state == FO_ALERT_PENDING || a->state == FO_ALERT_FIRING
		                : strcmp(state, sn) == 0;
		if (!want || (rule && strcmp(rule, a->rule) != 0))
			continue;
		lua_createtable(L, 0, 14);
		lua_pushstring(L, a->id);
		lua_setfield(L, -2, "id");
		lua_pushstring(L, a->rule);
		lua_setfield(L, -2, "rule");
		lua_pushstring(L, sn);
		lua_setfield(L, -2, "state");
		lua_pushnumber(L, a->value);
		lua_setfield(L, -2, "value");
		push_labels(L, &a->labels);
		lua_setfield(L, -2, "labels");
		push_labels(L, &a->annotations);
		lua_setfield(L, -2, "annotations");
		lua_pushboolean(L, a->silenced_by[0] != '\0');
		lua_setfield(L, -2, "silenced");
		lua_pushboolean(L, a->inhibited);
		lua_setfield(L, -2, "inhibited");
		lua_pushboolean(L, a->acked_at != 0);
		lua_setfield(L, -2, "acknowledged");
		if (a->acked_at) {
			lua_pushstring(L, a->acked_by);
			lua_setfield(L, -2, "acked_by");
			lua_pushstring(L, a->ack_note ? a->ack_note : "");
			lua_setfield(L, -2, "ack_note");
		}
		set_time(L, "active_at", a->active_at);
		set_time(L, "fired_at", a->fired_at);
		set_time(L, "resolved_at", a->resolved_at);
		set_time(L, "acked_at", a->acked_at);
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}
