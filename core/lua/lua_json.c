/* lua_json.c — a JSON text to Lua values, for the events whose payload is
 * JSON (alert.state, alert.notify).  Objects become tables with string
 * keys, arrays sequences, null is left out of objects (nil).  Only what
 * JSON allows is read; nesting is capped. */
#include "lua_int.h"

#include <lauxlib.h>

#include <stdlib.h>
#include <string.h>

#define FO_LUA_JSON_DEPTH 32

typedef struct {
	const char *p;
	bool bad;
} jp;

static void ws(jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static void put_utf8(luaL_Buffer *b, int cp)
{
	if (cp < 0x80) {
		luaL_addchar(b, (char)cp);
	} else if (cp < 0x800) {
		luaL_addchar(b, (char)(0xC0 | (cp >> 6)));
		luaL_addchar(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		luaL_addchar(b, (char)(0xE0 | (cp >> 12)));
		luaL_addchar(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		luaL_addchar(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static void str(lua_State *L, jp *j)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	j->p++; /* the opening quote */
	while (*j->p && *j->p != '"') {
		char c = *j->p++;
		if (c != '\\') {
			luaL_addchar(&b, c);
			continue;
		}
		c = *j->p++;
		switch (c) {
		case 'n':
			luaL_addchar(&b, '\n');
			break;
		case 't':
			luaL_addchar(&b, '\t');
			break;
		case 'r':
			luaL_addchar(&b, '\r');
			break;
		case 'b':
			luaL_addchar(&b, '\b');
			break;
		case 'f':
			luaL_addchar(&b, '\f');
			break;
		case 'u': {
			int cp = hex4(j->p);
			if (cp < 0) {
				j->bad = true;
				break;
			}
			j->p += 4;
			put_utf8(&b, cp);
			break;
		}
		case '"':
		case '\\':
		case '/':
			luaL_addchar(&b, c);
			break;
		default:
			j->bad = true;
			break;
		}
		if (j->bad)
			break;
	}
	if (*j->p != '"')
		j->bad = true;
	else
		j->p++;
	luaL_pushresult(&b);
}

static void value(lua_State *L, jp *j, int depth);

static void container(lua_State *L, jp *j, int depth, bool obj)
{
	char close = obj ? '}' : ']';
	lua_newtable(L);
	j->p++;
	ws(j);
	if (*j->p == close) {
		j->p++;
		return;
	}
	for (lua_Integer i = 1; !j->bad; i++) {
		ws(j);
		if (obj) {
			if (*j->p != '"') {
				j->bad = true;
				return;
			}
			str(L, j);
			ws(j);
			if (*j->p != ':') {
				j->bad = true;
				return;
			}
			j->p++;
			value(L, j, depth + 1);
			lua_rawset(L, -3);
		} else {
			value(L, j, depth + 1);
			lua_rawseti(L, -2, i);
		}
		ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		if (*j->p == close) {
			j->p++;
			return;
		}
		j->bad = true;
	}
}

static void value(lua_State *L, jp *j, int depth)
{
	luaL_checkstack(L, 4, "JSON nesting");
	ws(j);
	if (depth > FO_LUA_JSON_DEPTH)
		j->bad = true;
	if (j->bad) {
		lua_pushnil(L);
		return;
	}
	char c = *j->p;
	if (c == '{' || c == '[') {
		container(L, j, depth, c == '{');
	} else if (c == '"') {
		str(L, j);
	} else if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "false", 5) == 0) {
		lua_pushboolean(L, c == 't');
		j->p += c == 't' ? 4 : 5;
	} else if (strncmp(j->p, "null", 4) == 0) {
		lua_pushnil(L);
		j->p += 4;
	} else {
		char *end;
		double d = strtod(j->p, &end);
		if (end == j->p)
			j->bad = true;
		j->p = end;
		lua_pushnumber(L, d);
	}
}

bool fo_lua_push_json(lua_State *L, const char *text)
{
	jp j = {text ? text : "", false};
	int top = lua_gettop(L);
	value(L, &j, 0);
	ws(&j);
	if (j.bad || *j.p) {
		lua_settop(L, top);
		return false;
	}
	return true;
}
