/* lua_policy.c — fleetops.policy: a script's check in front of commands,
 * registered with the command registry (fo_policy_add) while the script's
 * version is current.
 *
 * The function gets {domain, verb, args = {NAME = value}, words = {...}}
 * and returns nothing or true (allow), false and a reason (refuse), or a
 * table of words (amend: the arguments after DOMAIN VERB).  A policy that
 * fails refuses (a broken safety check does not wave commands through).
 * Commands of the `script` domain are never checked, so an operator can
 * always reload. */
#include "lua_int.h"

#include <lauxlib.h>

#include <stdlib.h>
#include <string.h>

#define FO_LUA_MAX_AMEND 64

static bool pattern_ok(const char *p)
{
	if (strcmp(p, "*") == 0)
		return true;
	const char *sp = strchr(p, ' ');
	return *p && *p != ' ' && (!sp || (sp[1] && sp[1] != ' ' && !strchr(sp + 1, ' ')));
}

/* "*", "DOMAIN", "DOMAIN *", "DOMAIN VERB" */
static bool pattern_match(const char *p, const fo_cmd_spec *c)
{
	if (strcmp(p, "*") == 0)
		return true;
	size_t dl = strcspn(p, " ");
	if (strlen(c->domain) != dl || strncmp(p, c->domain, dl) != 0)
		return false;
	return !p[dl] || strcmp(p + dl + 1, "*") == 0 || strcmp(p + dl + 1, c->verb) == 0;
}

typedef struct {
	fo_lua_policy *pol;
	const fo_cmd_spec *cmd;
	const fo_args *args;
	int argc;
	char *const *argv;
	bool refused;
	char reason[256];
	int namend; /* -1: not amended */
	char *amend[FO_LUA_MAX_AMEND];
} policy_ctx;

static void push_args(lua_State *L, const fo_cmd_spec *c, const fo_args *a)
{
	lua_createtable(L, 0, (int)c->nargs);
	for (size_t i = 0; i < c->nargs; i++) {
		const fo_arg_spec *s = &c->args[i];
		if (s->type == FO_ARG_BOOL) {
			lua_pushboolean(L, fo_args_flag(a, s->name));
		} else if (s->type == FO_ARG_REST) {
			char *const *w;
			size_t n = fo_args_rest(a, s->name, &w);
			lua_createtable(L, (int)n, 0);
			for (size_t k = 0; k < n; k++) {
				lua_pushstring(L, w[k]);
				lua_rawseti(L, -2, (lua_Integer)k + 1);
			}
		} else {
			const char *v = fo_args_str(a, s->name, NULL);
			if (!v)
				continue;
			lua_pushstring(L, v);
			if ((s->type == FO_ARG_INT || s->type == FO_ARG_DOUBLE) &&
			    lua_stringtonumber(L, v))
				lua_remove(L, -2);
		}
		lua_setfield(L, -2, s->name);
	}
}

static int policy_call(lua_State *L)
{
	policy_ctx *c = lua_touserdata(L, 1);
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->pol->ref);
	lua_createtable(L, 0, 4);
	lua_pushstring(L, c->cmd->domain);
	lua_setfield(L, -2, "domain");
	lua_pushstring(L, c->cmd->verb);
	lua_setfield(L, -2, "verb");
	push_args(L, c->cmd, c->args);
	lua_setfield(L, -2, "args");
	lua_createtable(L, c->argc, 0);
	for (int i = 0; i < c->argc; i++) {
		lua_pushstring(L, c->argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "words");
	lua_call(L, 1, 2);
	if (lua_type(L, -2) == LUA_TTABLE) {
		lua_Integer n = luaL_len(L, -2);
		if (n < 0 || n > FO_LUA_MAX_AMEND)
			return luaL_error(L, "an amendment has 0 to %d words", FO_LUA_MAX_AMEND);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -2, i);
			if (lua_type(L, -1) != LUA_TSTRING)
				return luaL_error(L, "amended word %d is not a string", (int)i);
			lua_pop(L, 1);
		}
		/* every word checked: nothing below raises, so nothing leaks */
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, -2, i);
			c->amend[i - 1] = fo_strdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		c->namend = (int)n;
	} else if (lua_type(L, -2) == LUA_TBOOLEAN && !lua_toboolean(L, -2)) {
		c->refused = true;
		const char *r = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		snprintf(c->reason, sizeof c->reason, "%s", r && *r ? r : "no reason given");
	} else if (!lua_isnil(L, -2) && !(lua_type(L, -2) == LUA_TBOOLEAN)) {
		return luaL_error(L,
		                  "a policy returns nothing or true (allow), false and a reason "
		                  "(refuse), or a table of words (amend); not a %s",
		                  luaL_typename(L, -2));
	}
	return 0;
}

static void policy_fn(fo_core *core, const fo_cmd_spec *cmd, const fo_args *args, int argc,
                      char *const *argv, fo_policy_verdict *verdict, void *ud)
{
	(void)core;
	fo_lua_policy *p = ud;
	if (strcmp(cmd->domain, "script") == 0 || !pattern_match(p->pattern, cmd))
		return;
	fo_lua_script *s = p->ver->script; /* scripts outlive any call */
	fo_lua_host *h = s->host;
	policy_ctx c = {
	    .pol = p, .cmd = cmd, .args = args, .argc = argc, .argv = argv, .namend = -1};
	if (fo_lua_call(p->ver, policy_call, &c) != LUA_OK) {
		fo_policy_refuse(verdict, "the policy of script %s failed: %s", s->name,
		                 h->call_error);
	} else if (c.refused) {
		fo_policy_refuse(verdict, "%s", c.reason);
	} else if (c.namend >= 0) {
		fo_policy_amend(verdict, c.namend, c.amend);
	}
	for (int i = 0; i < c.namend; i++)
		free(c.amend[i]);
}

/* fleetops.policy(PATTERN, fn [, NAME]) */
int fo_lua_policy_new(lua_State *L)
{
	const char *pat = luaL_checkstring(L, 1);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	fo_lua_ver *v = fo_lua_ver_of(L);
	const char *name = luaL_optstring(L, 3, v->script->name);
	luaL_argcheck(L, strlen(pat) < 64 && pattern_ok(pat), 1,
	              "'*', 'DOMAIN', 'DOMAIN *' or 'DOMAIN VERB'");
	luaL_argcheck(L, *name && strlen(name) < 64, 3, "a name of 1 to 63 bytes");
	v->pols = fo_grow(v->pols, &v->cappols, v->npols + 1, sizeof *v->pols, 4);
	lua_pushvalue(L, 2);
	int ref = luaL_ref(L, LUA_REGISTRYINDEX);
	fo_lua_policy *p = calloc(1, sizeof *p);
	if (!p)
		abort();
	p->ver = v;
	p->ref = ref;
	snprintf(p->name, sizeof p->name, "%s", name);
	snprintf(p->pattern, sizeof p->pattern, "%s", pat);
	v->pols[v->npols++] = p;
	if (v->active)
		fo_lua_policy_activate(p);
	return 0;
}

void fo_lua_policy_activate(fo_lua_policy *p)
{
	if (p->reg_id <= 0)
		p->reg_id = fo_policy_add(p->ver->script->host->core, p->name, policy_fn, p);
}

void fo_lua_policy_free(fo_lua_policy *p)
{
	if (p->reg_id > 0)
		fo_policy_remove(p->ver->script->host->core, p->reg_id);
	free(p);
}
