/* lua_sandbox.c — a Lua state under a memory cap, an instruction budget
 * and a wall-clock limit, with a library fit for untrusted scripts. */
#include "lua_sandbox.h"

#include "lua_pattern.h"

#include <lauxlib.h>
#include <lualib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---------------------------------------------------------------- memory */

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	fo_lua_sandbox *sb = ud;
	size_t old = ptr ? osize : 0; /* osize is a type tag when ptr is NULL */
	if (nsize == 0) {
		free(ptr);
		sb->mem_used -= old;
		return NULL;
	}
	if (nsize > old && sb->mem_used - old + nsize > sb->mem_limit) {
		sb->mem_hit = true;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->mem_used = sb->mem_used - old + nsize;
	return p;
}

fo_lua_sandbox *fo_lua_sandbox_of(lua_State *L)
{
	void *ud = NULL;
	lua_getallocf(L, &ud);
	return ud;
}

/* ---------------------------------------------------------------- the stop */

static int raise_stop(lua_State *L)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	lua_pushstring(L, sb->stop_reason);
	return lua_error(L);
}

/* "FILE:LINE: stopped: why", FILE the script's own file (the innermost
 * frame of a file chunk), and the innermost frame when it is elsewhere
 * (a chunk from load). */
static void where(lua_State *L, lua_Debug *ar, char *buf, size_t len, const char *why)
{
	char inner[128] = "";
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
		snprintf(inner, sizeof inner, "%s:%d", ar->short_src, ar->currentline);
	if (ar->source[0] != '@') {
		lua_Debug d;
		for (int level = 1; lua_getstack(L, level, &d); level++) {
			if (lua_getinfo(L, "Sl", &d) && d.source[0] == '@' && d.currentline > 0) {
				snprintf(buf, len, "%s:%d: stopped: %s (in %s)", d.short_src,
				         d.currentline, why, *inner ? inner : "?");
				return;
			}
		}
	}
	snprintf(buf, len, "%s: stopped: %s", *inner ? inner : ar->short_src, why);
}

static void stop_hook(lua_State *L, lua_Debug *ar)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (!sb->stopped) {
		sb->instr += FO_LUA_HOOK_EVERY;
		const char *why = NULL;
		char buf[96];
		if (sb->instr > sb->instr_limit) {
			snprintf(buf, sizeof buf, "instruction budget of %llu exceeded",
			         (unsigned long long)sb->instr_limit);
			why = buf;
		} else if (mono_ns() > sb->deadline_ns) {
			snprintf(buf, sizeof buf, "time limit of %llu ms exceeded",
			         (unsigned long long)sb->time_limit_ms);
			why = buf;
		}
		if (!why)
			return;
		sb->stopped = true;
		where(L, ar, sb->stop_reason, sizeof sb->stop_reason, why);
		/* from now on every instruction raises the stop again */
		lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
	}
	raise_stop(L);
}

int fo_lua_sandbox_stop(lua_State *L, const char *reason)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (!sb->stopped) {
		sb->stopped = true;
		snprintf(sb->stop_reason, sizeof sb->stop_reason, "%s", reason);
		lua_sethook(L, stop_hook, LUA_MASKCOUNT, 1);
	}
	return raise_stop(L);
}

void fo_lua_sandbox_enter(lua_State *L)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (sb->depth++ > 0)
		return;
	sb->instr = 0;
	sb->stopped = false;
	sb->stop_reason[0] = '\0';
	sb->mem_hit = false;
	sb->deadline_ns = mono_ns() + sb->time_limit_ms * 1000000u;
	lua_sethook(L, stop_hook, LUA_MASKCOUNT, FO_LUA_HOOK_EVERY);
}

void fo_lua_sandbox_leave(lua_State *L)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (--sb->depth > 0)
		return;
	lua_sethook(L, NULL, 0, 0);
}

/* ---------------------------------------------------------------- errors */

static int tostring_call(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	return 1;
}

/* The error object's __tostring, run protected: a raise, a non-string
 * result or the memory cap leave NULL, and a loop is stopped by the hook
 * (the stop then becomes the message).  The result stays on the stack. */
static const char *error_tostring(lua_State *L)
{
	if (luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL)
		return NULL;
	lua_pop(L, 1);
	lua_pushcfunction(L, tostring_call);
	lua_pushvalue(L, 1);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
		lua_pop(L, 1);
		return NULL;
	}
	return lua_tostring(L, -1);
}

/* "FILE:LINE: message": a string as it is, a value with __tostring
 * through it, any other value by its type. */
static int msg_handler(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TSTRING)
		return 1;
	lua_Debug ar;
	const char *where = "?";
	int line = 0;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
			where = ar.short_src;
			line = ar.currentline;
			break;
		}
	}
	const char *text = error_tostring(L);
	if (text)
		lua_pushfstring(L, "%s:%d: %s", where, line, text);
	else
		lua_pushfstring(L, "%s:%d: (error object is a %s value)", where, line,
		                luaL_typename(L, 1));
	return 1;
}

static void describe(lua_State *L, int status, char *err, size_t errlen)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	if (sb->stopped)
		snprintf(err, errlen, "%s", sb->stop_reason);
	else if (status == LUA_ERRMEM && sb->mem_hit)
		snprintf(err, errlen, "memory cap of %zu KB reached", sb->mem_limit / 1024);
	else if (status == LUA_ERRMEM)
		snprintf(err, errlen, "out of memory");
	else if (status == LUA_ERRERR)
		snprintf(err, errlen, "error in the error handler");
	else if (lua_type(L, -1) == LUA_TSTRING)
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
	else
		snprintf(err, errlen, "(error object is a %s value)", luaL_typename(L, -1));
}

int fo_lua_sandbox_pcall(lua_State *L, int nargs, int nresults, char *err, size_t errlen)
{
	int base = lua_gettop(L) - nargs;
	lua_pushcfunction(L, msg_handler);
	lua_insert(L, base);
	int st = lua_pcall(L, nargs, nresults, base);
	if (st != LUA_OK) {
		describe(L, st, err, errlen);
		lua_pop(L, 1);
	}
	lua_remove(L, base);
	return st;
}

int fo_lua_sandbox_load(lua_State *L, const char *text, size_t len, const char *chunkname,
                        char *err, size_t errlen)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	int st = luaL_loadbufferx(L, text, len, chunkname, sb->trusted ? "bt" : "t");
	if (st != LUA_OK) {
		describe(L, st, err, errlen);
		lua_pop(L, 1);
	}
	return st;
}

void fo_lua_sandbox_close(lua_State *L)
{
	fo_lua_sandbox_enter(L);
	lua_close(L);
}

/* ---------------------------------------------------------------- safe library */

static bool stopped(lua_State *L)
{
	return fo_lua_sandbox_of(L)->stopped;
}

static int finish_pcall(lua_State *L, int status, lua_KContext extra)
{
	if (stopped(L))
		return raise_stop(L);
	if (status != LUA_OK && status != LUA_YIELD) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - (int)extra;
}

/* pcall that cannot catch the host's stop */
static int sb_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	int st = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
	return finish_pcall(L, st, 0);
}

static int sb_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2); /* handler, true, f, args... */
	int st = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
	return finish_pcall(L, st, 2);
}

/* coroutine.resume / coroutine.close return errors as values: not a stop */
static int sb_rethrowing(lua_State *L)
{
	int n = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	if (stopped(L))
		return raise_stop(L);
	return lua_gettop(L);
}

static void wrap_rethrowing(lua_State *L, const char *lib, const char *name)
{
	if (lua_getglobal(L, lib) != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, sb_rethrowing, 1);
	lua_setfield(L, -2, name);
	lua_pop(L, 1);
}

/* load(chunk [, name [, mode [, env]]]): text only unless trusted */
static int sb_load(lua_State *L)
{
	int n = lua_gettop(L);
	if (n >= 3 && !fo_lua_sandbox_of(L)->trusted) {
		lua_pushliteral(L, "t");
		lua_replace(L, 3);
	} else if (n < 3 && !fo_lua_sandbox_of(L)->trusted) {
		lua_settop(L, 2);
		lua_pushliteral(L, "t");
		n = 3;
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int sb_collectgarbage(lua_State *L)
{
	static const char *const allowed[] = {"collect", "count", "step", "isrunning", NULL};
	const char *opt = luaL_optstring(L, 1, "collect");
	bool ok = false;
	for (size_t i = 0; allowed[i]; i++)
		ok = ok || strcmp(opt, allowed[i]) == 0;
	if (!ok)
		return luaL_error(L, "collectgarbage('%s') is not allowed in a script", opt);
	int n = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* Lua runs finalizers with hooks off, so a __gc that loops could never be
 * stopped: metatables with __gc are refused (the field counts only when
 * present at setmetatable time, and it is looked up raw). */
static int sb_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc metamethods are not allowed in scripts (the "
			                     "host cannot stop a finalizer)");
		lua_pop(L, 1);
	}
	int n = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static int sb_print(lua_State *L)
{
	fo_lua_sandbox *sb = fo_lua_sandbox_of(L);
	int n = lua_gettop(L);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	for (int i = 1; i <= n; i++) {
		/* the separator goes in before luaL_tolstring pushes the next
		 * string: luaL_addchar may grow the buffer, and it must then find
		 * the buffer's box on the top of the stack */
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	size_t len;
	const char *text = lua_tolstring(L, -1, &len);
	if (sb->print_fn)
		sb->print_fn(sb->ud, text, len);
	return 0;
}

static void sb_warn(void *ud, const char *msg, int tocont)
{
	fo_lua_sandbox *sb = ud;
	(void)tocont;
	if (*msg == '@' || !sb->warn_fn || sb->warnings >= 20)
		return; /* control messages; and a flood is cut */
	sb->warnings++;
	sb->warn_fn(sb->ud, msg);
}

static void set_global_closure(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_getglobal(L, name);
	lua_pushcclosure(L, fn, 1);
	lua_setglobal(L, name);
}

static void drop_fields(lua_State *L, const char *lib, const char *const *names)
{
	if (lua_getglobal(L, lib) == LUA_TTABLE)
		for (size_t i = 0; names[i]; i++) {
			lua_pushnil(L);
			lua_setfield(L, -2, names[i]);
		}
	lua_pop(L, 1);
}

static void open_untrusted(lua_State *L)
{
	static const luaL_Reg libs[] = {
	    {LUA_GNAME, luaopen_base},       {LUA_COLIBNAME, luaopen_coroutine},
	    {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
	    {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
	    {LUA_OSLIBNAME, luaopen_os},     {NULL, NULL},
	};
	for (const luaL_Reg *l = libs; l->func; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
	static const char *const os_out[] = {"execute", "exit",    "getenv",    "remove",
	                                     "rename",  "tmpname", "setlocale", NULL};
	drop_fields(L, LUA_OSLIBNAME, os_out);
	static const char *const str_out[] = {"dump", NULL};
	drop_fields(L, LUA_STRLIBNAME, str_out);
	static const char *const base_out[] = {"dofile", "loadfile", "warn", NULL};
	drop_fields(L, LUA_GNAME, base_out);
	set_global_closure(L, "load", sb_load);
	fo_lua_pattern_guard(L);
}

lua_State *fo_lua_sandbox_new(fo_lua_sandbox *sb, char *err, size_t errlen)
{
	lua_State *L = lua_newstate(sb_alloc, sb);
	if (!L) {
		snprintf(err, errlen, "cannot create a Lua state within %zu KB",
		         sb->mem_limit / 1024);
		return NULL;
	}
	lua_setwarnf(L, sb_warn, sb);
	if (sb->trusted)
		luaL_openlibs(L);
	else
		open_untrusted(L);
	lua_pushcfunction(L, sb_pcall);
	lua_setglobal(L, "pcall");
	lua_pushcfunction(L, sb_xpcall);
	lua_setglobal(L, "xpcall");
	lua_pushcfunction(L, sb_print);
	lua_setglobal(L, "print");
	set_global_closure(L, "collectgarbage", sb_collectgarbage);
	set_global_closure(L, "setmetatable", sb_setmetatable);
	wrap_rethrowing(L, LUA_COLIBNAME, "resume");
	wrap_rethrowing(L, LUA_COLIBNAME, "close");
	return L;
}
