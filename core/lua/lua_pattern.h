/* lua_pattern.h — a guard in front of Lua's pattern matcher.
 *
 * string.find, match, gmatch and gsub run in C, where the count hook
 * cannot stop them, and a backtracking pattern (".-.-.-x" over a long
 * string) can take hours.  The guard estimates the worst case before the
 * match: start positions times, for each quantified item that has more
 * pattern after it, the longest run of subject characters the item can
 * take, times 2 for each '?'; beyond FO_LUA_PATTERN_MAX_STEPS the call is
 * refused with an error.  Ordinary patterns over ordinary text estimate far
 * below it. */
#ifndef FO_LUA_PATTERN_H
#define FO_LUA_PATTERN_H

#include <lua.h>

#include <stddef.h>

#define FO_LUA_PATTERN_MAX_STEPS 2e7

/* Worst-case steps of matching pattern p against s (from its start). */
double fo_lua_pattern_cost(const char *s, size_t n, const char *p, size_t pl);
/* Wraps string.find, match, gmatch and gsub of L with the guard. */
void fo_lua_pattern_guard(lua_State *L);

#endif
