/* lua_fn.h — the functions plugins add to the `fleetops` table
 * (core/lua/lua_fn.c; fo_lua_fn_register in fleetops_plugin.h). */
#ifndef FO_LUA_FN_H
#define FO_LUA_FN_H

#include "core.h"

#include <lua.h>

/* Adds every registered function to the fleetops table on top of L. */
void fo_lua_fns_install(lua_State *L, fo_core *core);
size_t fo_lua_fns_count(fo_core *core);
/* Function i as "mission(id[, x])" into buf, with its help and what it
 * returns (borrowed); false past the last. */
bool fo_lua_fn_describe(fo_core *core, size_t i, char *buf, size_t len, const char **help,
                        const char **returns);
/* `help lua`: every plugin function with its arguments. */
void fo_lua_fns_help(fo_core *core, fo_out *out);

#endif
