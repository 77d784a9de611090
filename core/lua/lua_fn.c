/* lua_fn.c — functions plugins add to the `fleetops` table
 * (fo_lua_fn_register in fleetops_plugin.h).
 *
 * A plugin never sees Lua: its arguments arrive as fo_args, parsed by the
 * command registry's parser from the script's values, and its results are
 * recorded by the fo_lua_ret builder and pushed onto the Lua stack only
 * after the plugin returned, so no Lua error (memory cap, stack) can jump
 * through a plugin's code. */
#include "lua_fn.h"

#include "lua_int.h"
#include "registry.h"

#include <lauxlib.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FO_LUA_RET_DEPTH 16

typedef struct {
	const fo_lua_fn_spec *spec; /* borrowed from the plugin */
	void *ud;
	int owner;
	fo_cmd_spec cmd; /* the argument parser's view: domain "fleetops", verb NAME */
} fo_lua_fn;

struct fo_lua_fns {
	fo_lua_fn **items; /* each its own allocation: scripts hold the pointer */
	size_t n, cap;
};

/* ---------------------------------------------------------------- the registry */

static bool is_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

static fo_lua_fn *find(fo_core *core, const char *name)
{
	struct fo_lua_fns *t = core->lua_fns;
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->items[i]->spec->name, name) == 0)
			return t->items[i];
	return NULL;
}

int fo_lua_fn_register(fo_core *core, const fo_lua_fn_spec *spec, void *ud)
{
	const char *why = NULL;
	if (!spec || !spec->fn || !is_ident(spec->name))
		why = "a function needs an identifier for a name and a C function";
	for (const char *const *n = fo_lua_api_names; !why && *n; n++)
		if (strcmp(*n, spec->name) == 0)
			why = "the name is one of the core's functions";
	if (!why && find(core, spec->name))
		why = "the name is taken by another plugin's function";
	for (size_t i = 0; !why && i < spec->nargs; i++)
		if (spec->args[i].type == FO_ARG_REST)
			why = "FO_ARG_REST is for commands, not Lua functions";
	if (why) {
		fo_log(core, FO_LOG_ERROR, "Lua function fleetops.%s refused: %s",
		       spec && spec->name ? spec->name : "?", why);
		return -1;
	}
	if (!core->lua_fns && !(core->lua_fns = calloc(1, sizeof *core->lua_fns)))
		abort();
	struct fo_lua_fns *t = core->lua_fns;
	t->items = fo_grow(t->items, &t->cap, t->n + 1, sizeof *t->items, 8);
	fo_lua_fn *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	f->spec = spec;
	f->ud = ud;
	f->owner = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	f->cmd = (fo_cmd_spec){.domain = "fleetops",
	                       .verb = spec->name,
	                       .summary = spec->help,
	                       .args = spec->args,
	                       .nargs = spec->nargs};
	t->items[t->n++] = f;
	return 0;
}

void fo_lua_fns_remove_owner(fo_core *core, int owner)
{
	struct fo_lua_fns *t = core->lua_fns;
	size_t o = 0;
	for (size_t i = 0; t && i < t->n; i++) {
		if (t->items[i]->owner == owner)
			free(t->items[i]);
		else
			t->items[o++] = t->items[i];
	}
	if (t)
		t->n = o;
}

void fo_lua_fns_free(fo_core *core)
{
	struct fo_lua_fns *t = core->lua_fns;
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i]);
	free(t->items);
	free(t);
	core->lua_fns = NULL;
}

size_t fo_lua_fns_count(fo_core *core)
{
	return core->lua_fns ? core->lua_fns->n : 0;
}

/* "mission(id)" into buf; help and returns through the pointers. */
bool fo_lua_fn_describe(fo_core *core, size_t i, char *buf, size_t len, const char **help,
                        const char **returns)
{
	if (i >= fo_lua_fns_count(core))
		return false;
	const fo_lua_fn_spec *s = core->lua_fns->items[i]->spec;
	size_t n = 0;
	int w = snprintf(buf, len, "%s(", s->name);
	n = w > 0 && (size_t)w < len ? (size_t)w : 0;
	for (size_t a = 0; a < s->nargs && n + 1 < len; a++) {
		w = snprintf(buf + n, len - n, "%s%s%s%s", a ? ", " : "",
		             s->args[a].required ? "" : "[", s->args[a].name,
		             s->args[a].required ? "" : "]");
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	if (n + 1 < len)
		snprintf(buf + n, len - n, ")");
	*help = s->help ? s->help : "";
	*returns = s->returns ? s->returns : "";
	return true;
}

/* ---------------------------------------------------------------- results */

typedef enum {
	RET_NIL,
	RET_BOOL,
	RET_INT,
	RET_NUM,
	RET_STR,
	RET_JSON,
	RET_TABLE,
	RET_END,
} ret_kind;

typedef struct {
	ret_kind kind;
	char *key; /* OWNED; NULL: the next array element (or a result) */
	char *s;   /* OWNED: RET_STR, RET_JSON */
	long long i;
	double d;
} ret_op;

struct fo_lua_ret {
	ret_op *ops;
	size_t n, cap;
	char *key; /* set by fo_lua_ret_key for the next value */
	char err[512];
};

static ret_op *op_add(fo_lua_ret *r, ret_kind kind)
{
	r->ops = fo_grow(r->ops, &r->cap, r->n + 1, sizeof *r->ops, 16);
	ret_op *op = &r->ops[r->n++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	if (kind != RET_END) {
		op->key = r->key;
		r->key = NULL;
	}
	return op;
}

void fo_lua_ret_nil(fo_lua_ret *r)
{
	op_add(r, RET_NIL);
}

void fo_lua_ret_bool(fo_lua_ret *r, bool v)
{
	op_add(r, RET_BOOL)->i = v;
}

void fo_lua_ret_int(fo_lua_ret *r, long long v)
{
	op_add(r, RET_INT)->i = v;
}

void fo_lua_ret_num(fo_lua_ret *r, double v)
{
	op_add(r, RET_NUM)->d = v;
}

void fo_lua_ret_str(fo_lua_ret *r, const char *s)
{
	if (!s) {
		fo_lua_ret_nil(r);
		return;
	}
	op_add(r, RET_STR)->s = fo_strdup(s);
}

void fo_lua_ret_json(fo_lua_ret *r, const char *json)
{
	op_add(r, RET_JSON)->s = fo_strdup(json ? json : "");
}

void fo_lua_ret_table(fo_lua_ret *r)
{
	op_add(r, RET_TABLE);
}

void fo_lua_ret_key(fo_lua_ret *r, const char *key)
{
	free(r->key);
	r->key = fo_strdup(key ? key : "");
}

void fo_lua_ret_end(fo_lua_ret *r)
{
	op_add(r, RET_END);
}

void fo_lua_ret_error(fo_lua_ret *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
}

static void ret_clear(fo_lua_ret *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->ops[i].key);
		free(r->ops[i].s);
	}
	free(r->ops);
	free(r->key);
	memset(r, 0, sizeof *r);
}

static int ret_gc(lua_State *L)
{
	ret_clear(lua_touserdata(L, 1));
	return 0;
}

/* Puts the value on top where it belongs: a result (left on the stack),
 * a field of the open table, or its next element. */
static void attach(lua_State *L, const char *key, int depth, lua_Integer *next, int *nres)
{
	if (depth == 0)
		(*nres)++;
	else if (key)
		lua_setfield(L, -2, key);
	else
		lua_rawseti(L, -2, ++next[depth - 1]);
}

/* Pushes the recorded results; returns how many. */
static int ret_push(lua_State *L, fo_lua_ret *r)
{
	lua_Integer next[FO_LUA_RET_DEPTH];
	const char *keys[FO_LUA_RET_DEPTH];
	int depth = 0, nres = 0;
	for (size_t i = 0; i < r->n; i++) {
		ret_op *op = &r->ops[i];
		luaL_checkstack(L, 4, "results of a plugin's function");
		switch (op->kind) {
		case RET_END:
			if (depth == 0)
				continue;
			depth--;
			attach(L, keys[depth], depth, next, &nres);
			continue;
		case RET_TABLE:
			if (depth == FO_LUA_RET_DEPTH)
				luaL_error(L, "results nested deeper than %d tables",
				           FO_LUA_RET_DEPTH);
			lua_newtable(L);
			keys[depth] = op->key;
			next[depth++] = 0;
			continue;
		case RET_NIL:
			lua_pushnil(L);
			break;
		case RET_BOOL:
			lua_pushboolean(L, (int)op->i);
			break;
		case RET_INT:
			lua_pushinteger(L, (lua_Integer)op->i);
			break;
		case RET_NUM:
			lua_pushnumber(L, op->d);
			break;
		case RET_STR:
			lua_pushstring(L, op->s);
			break;
		case RET_JSON:
			if (!fo_lua_push_json(L, op->s))
				lua_pushnil(L);
			break;
		}
		/* a nil field is no field; a nil element keeps its place */
		if (depth > 0 && op->kind == RET_NIL && op->key) {
			lua_pop(L, 1);
			continue;
		}
		attach(L, op->key, depth, next, &nres);
	}
	while (depth > 0) { /* tables left open: closed here */
		depth--;
		attach(L, keys[depth], depth, next, &nres);
	}
	return nres;
}

/* ---------------------------------------------------------------- calls */

static const char *arg_type_name(fo_arg_type t)
{
	switch (t) {
	case FO_ARG_INT:
		return "an integer";
	case FO_ARG_DOUBLE:
		return "a number";
	case FO_ARG_BOOL:
		return "a boolean";
	default:
		return "a string";
	}
}

/* Adds the value at idx as argument a: "--name" [value], anchored on the
 * stack (the words point into Lua strings). */
static void add_word(lua_State *L, const fo_lua_fn *f, size_t a, int idx, char **argv, int *argc)
{
	const fo_arg_spec *s = &f->spec->args[a];
	int t = lua_type(L, idx);
	if (t == LUA_TNIL)
		return;
	if (s->type == FO_ARG_BOOL) {
		if (t != LUA_TBOOLEAN)
			luaL_error(L, "fleetops.%s: argument %s must be a boolean, not a %s",
			           f->spec->name, s->name, luaL_typename(L, idx));
		if (lua_toboolean(L, idx)) {
			lua_pushfstring(L, "--%s", s->name);
			argv[(*argc)++] = (char *)lua_tostring(L, -1);
		}
		return;
	}
	if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN)
		luaL_error(L, "fleetops.%s: argument %s must be %s, not a %s", f->spec->name,
		           s->name, arg_type_name(s->type), luaL_typename(L, idx));
	lua_pushfstring(L, "--%s", s->name);
	argv[(*argc)++] = (char *)lua_tostring(L, -1);
	luaL_tolstring(L, idx, NULL);
	argv[(*argc)++] = (char *)lua_tostring(L, -1);
}

static int call(lua_State *L)
{
	const fo_lua_fn *f = lua_touserdata(L, lua_upvalueindex(1));
	fo_core *core = fo_lua_ver_of(L)->script->host->core;
	size_t nargs = f->spec->nargs;
	int top = lua_gettop(L);
	/* fleetops.f{a = 1} names them; fleetops.f(1) gives them in order */
	bool named = top == 1 && lua_type(L, 1) == LUA_TTABLE;
	if (!named && (size_t)top > nargs)
		return luaL_error(L, "fleetops.%s: %d arguments, it takes at most %d",
		                  f->spec->name, top, (int)nargs);
	luaL_checkstack(L, (int)(2 * nargs + 8), "arguments of a plugin's function");
	char **argv = lua_newuserdatauv(L, (2 * nargs + 1) * sizeof *argv, 0);
	int argc = 0;
	if (named) {
		lua_pushnil(L);
		while (lua_next(L, 1)) {
			bool known = false;
			for (size_t a = 0; lua_type(L, -2) == LUA_TSTRING && a < nargs; a++)
				known |= strcmp(lua_tostring(L, -2), f->spec->args[a].name) == 0;
			if (!known)
				return luaL_error(L, "fleetops.%s: no argument named %s",
				                  f->spec->name, luaL_tolstring(L, -2, NULL));
			lua_pop(L, 1);
		}
		for (size_t a = 0; a < nargs; a++) {
			lua_getfield(L, 1, f->spec->args[a].name);
			add_word(L, f, a, lua_gettop(L), argv, &argc);
		}
	} else {
		for (int a = 0; a < top; a++)
			add_word(L, f, (size_t)a, a + 1, argv, &argc);
	}
	argv[argc] = NULL;
	fo_lua_ret *r = lua_newuserdatauv(L, sizeof *r, 0);
	memset(r, 0, sizeof *r);
	if (luaL_newmetatable(L, "fleetops.lua_ret")) {
		lua_pushcfunction(L, ret_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	fo_out *out = fo_out_new();
	fo_args *args = NULL;
	fo_status st = fo_args_parse(core, &f->cmd, argc, argv, &args, out);
	if (st != FO_OK) {
		char msg[600];
		snprintf(msg, sizeof msg, "%s", fo_out_err(out));
		fo_out_free(out);
		/* "fleetops mission: missing argument id (usage: ...)" */
		return luaL_error(L, "%s", msg);
	}
	fo_out_free(out);
	st = f->spec->fn(core, args, r, f->ud);
	free(args);
	if (fo_lua_sandbox_of(L)->stopped)
		return fo_lua_sandbox_stop(L, fo_lua_sandbox_of(L)->stop_reason);
	if (st != FO_OK) {
		lua_pushnil(L);
		lua_pushstring(L, r->err[0] ? r->err : "failed");
		ret_clear(r);
		return 2;
	}
	int n = ret_push(L, r);
	ret_clear(r);
	return n;
}

void fo_lua_fns_install(lua_State *L, fo_core *core)
{
	/* the fleetops table is on top */
	for (size_t i = 0; i < fo_lua_fns_count(core); i++) {
		lua_pushlightuserdata(L, core->lua_fns->items[i]);
		lua_pushcclosure(L, call, 1);
		lua_setfield(L, -2, core->lua_fns->items[i]->spec->name);
	}
}

/* `help lua`: the functions plugins added, after the core's (API.md). */
void fo_lua_fns_help(fo_core *core, fo_out *out)
{
	fo_out_printf(out, "Lua functions of plugins (fleetops.NAME; the core's are in "
	                   "scripts/API.md):\n");
	char sig[256];
	const char *help, *returns;
	for (size_t i = 0; fo_lua_fn_describe(core, i, sig, sizeof sig, &help, &returns); i++) {
		fo_out_printf(out, "  fleetops.%-28s %s\n", sig, help);
		if (*returns)
			fo_out_printf(out, "  %-37s returns %s\n", "", returns);
		const fo_lua_fn_spec *s = core->lua_fns->items[i]->spec;
		for (size_t a = 0; a < s->nargs; a++)
			fo_out_printf(out, "  %-37s %s: %s\n", "", s->args[a].name,
			              s->args[a].help ? s->args[a].help : "");
	}
	if (!fo_lua_fns_count(core))
		fo_out_printf(out, "  (none)\n");
}
