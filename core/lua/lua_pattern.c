/* lua_pattern.c — worst-case estimate of a Lua pattern match, and the
 * guarded string functions (see lua_pattern.h). */
#include "lua_pattern.h"

#include <lauxlib.h>

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool class_letter(int c, int cl)
{
	bool r;
	switch (tolower(cl)) {
	case 'a':
		r = isalpha(c);
		break;
	case 'c':
		r = iscntrl(c);
		break;
	case 'd':
		r = isdigit(c);
		break;
	case 'g':
		r = isgraph(c);
		break;
	case 'l':
		r = islower(c);
		break;
	case 'p':
		r = ispunct(c);
		break;
	case 's':
		r = isspace(c);
		break;
	case 'u':
		r = isupper(c);
		break;
	case 'w':
		r = isalnum(c);
		break;
	case 'x':
		r = isxdigit(c);
		break;
	default:
		return cl == c;
	}
	return isupper(cl) ? !r : r;
}

/* [set] between p (after '[') and end (at ']') */
static bool set_match(int c, const char *p, const char *end)
{
	bool neg = *p == '^';
	if (neg)
		p++;
	for (; p < end; p++) {
		if (*p == '%' && p + 1 < end) {
			if (class_letter(c, (unsigned char)*++p))
				return !neg;
		} else if (p + 2 < end && p[1] == '-') {
			if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
				return !neg;
			p += 2;
		} else if ((unsigned char)*p == c) {
			return !neg;
		}
	}
	return neg;
}

/* One single-character class of a pattern: [p, end). */
static bool item_match(int c, const char *p, const char *end)
{
	if (*p == '.')
		return true;
	if (*p == '%')
		return class_letter(c, (unsigned char)p[1]);
	if (*p == '[')
		return set_match(c, p + 1, end - 1);
	return (unsigned char)*p == c;
}

/* End of the class starting at p (p < pe). */
static const char *class_end(const char *p, const char *pe)
{
	if (*p == '%')
		return p + 2 <= pe ? p + 2 : pe;
	if (*p != '[')
		return p + 1;
	p++;
	if (p < pe && *p == '^')
		p++;
	do { /* the first ']' of a set is a literal */
		if (p >= pe)
			return pe;
		if (*p == '%' && p + 1 < pe)
			p++;
		p++;
	} while (p < pe && *p != ']');
	return p < pe ? p + 1 : pe;
}

static size_t longest_run(const char *s, size_t n, const char *p, const char *end)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = item_match((unsigned char)s[i], p, end) ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* True when nothing but captures' ends and an anchor follow. */
static bool rest_is_empty(const char *p, const char *pe)
{
	for (; p < pe; p++)
		if (*p != ')' && !(*p == '$' && p + 1 == pe))
			return false;
	return true;
}

double fo_lua_pattern_cost(const char *s, size_t n, const char *p, size_t pl)
{
	const char *pe = p + pl;
	double factor = 1;
	bool anchored = pl && *p == '^';
	if (anchored)
		p++;
	while (p < pe) {
		if (*p == '(' || *p == ')') {
			p++;
			continue;
		}
		if (*p == '%' && p + 1 < pe && p[1] == 'b') {
			factor *= (double)n + 1; /* a balance scan per try */
			p += 4;
			continue;
		}
		if (*p == '%' && p + 1 < pe && p[1] == 'f') {
			p = class_end(p + 2, pe);
			continue;
		}
		const char *ce = class_end(p, pe);
		if (ce < pe && strchr("*+-?", *ce)) {
			bool more = !rest_is_empty(ce + 1, pe);
			if (more && *ce == '?')
				factor *= 2;
			else if (more)
				factor *= (double)longest_run(s, n, p, ce) + 1;
			ce++;
		}
		p = ce;
	}
	return (anchored ? 1.0 : (double)n + 1) * factor;
}

/* The original function is upvalue 1; the pattern argument 2. */
static int guarded(lua_State *L)
{
	size_t n, pl;
	const char *s = luaL_checklstring(L, 1, &n);
	const char *p = luaL_checklstring(L, 2, &pl);
	lua_Integer kind = lua_tointeger(L, lua_upvalueindex(2)); /* 1 find, 2 match, 3 gsub */
	lua_Integer init = kind == 3 ? 1 : luaL_optinteger(L, 3, 1);
	bool plain = kind == 1 && lua_toboolean(L, 4);
	if (init < 0)
		init = (lua_Integer)n + init + 1;
	if (init < 1)
		init = 1;
	size_t off = (size_t)init - 1 < n ? (size_t)init - 1 : n;
	if (!plain) {
		double cost = fo_lua_pattern_cost(s + off, n - off, p, pl);
		if (cost > FO_LUA_PATTERN_MAX_STEPS) {
			char msg[160];
			snprintf(msg, sizeof msg,
			         "pattern too costly for a %zu-byte subject (about %.3g steps; "
			         "the limit is %.3g)",
			         n - off, cost, (double)FO_LUA_PATTERN_MAX_STEPS);
			return luaL_error(L, "%s", msg);
		}
	}
	int top = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, top, LUA_MULTRET);
	return lua_gettop(L);
}

void fo_lua_pattern_guard(lua_State *L)
{
	static const char *const names[] = {"find", "match", "gmatch", "gsub"};
	if (lua_getglobal(L, "string") != LUA_TTABLE) {
		lua_pop(L, 1);
		return;
	}
	for (size_t i = 0; i < 4; i++) {
		lua_getfield(L, -1, names[i]);
		lua_pushinteger(L, i == 0 ? 1 : i == 3 ? 3 : 2);
		lua_pushcclosure(L, guarded, 2);
		lua_setfield(L, -2, names[i]);
	}
	lua_pop(L, 1);
}
