/* lua_read.c — read-only access for scripts beyond the vehicle model:
 * fleetops.view (the rows of any registered view, so a script reads what a
 * plugin shows: missions, safety events, chargers) and fleetops.option
 * (the alert options, so a rule follows the thresholds the operator set). */
#include "lua_int.h"

#include "config.h"
#include "view.h"

#include <lauxlib.h>

#include <string.h>

#define FO_LUA_VIEW_MAX_ROWS 100000

static fo_core *core_of(lua_State *L)
{
	return fo_lua_ver_of(L)->script->host->core;
}

/* view(name): an array of rows, each {key = ROW KEY, COLUMN = value}; a
 * cell with a number gives the number (times: seconds since the epoch),
 * else its text; an empty cell is absent.  nil and a message when there is
 * no such view. */
int fo_lua_view_rows(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	fo_core *core = core_of(L);
	const fo_view_spec *v = fo_views_find(core->views, name);
	if (!v) {
		lua_pushnil(L);
		lua_pushfstring(L, "no view '%s' (view list names them)", name);
		return 2;
	}
	void *ud = fo_view_ud(core, v);
	if (v->prepare && !core->frontend) /* not in the console: it keeps them fresh */
		v->prepare(core, ud);
	size_t n = v->row_count(core, ud);
	if (n > FO_LUA_VIEW_MAX_ROWS)
		n = FO_LUA_VIEW_MAX_ROWS;
	lua_createtable(L, (int)n, 0);
	for (size_t r = 0; r < n; r++) {
		lua_createtable(L, 0, (int)v->ncols + 1);
		if (v->row_key) {
			char key[256] = "";
			v->row_key(core, ud, r, key, sizeof key);
			lua_pushstring(L, key);
			lua_setfield(L, -2, "key");
		}
		for (size_t c = 0; c < v->ncols; c++) {
			fo_cell cell;
			memset(&cell, 0, sizeof cell);
			v->cell(core, ud, r, c, &cell);
			if (cell.is_num)
				lua_pushnumber(L, v->cols[c].type == FO_COL_TIME ? cell.num / 1000.0
				                                                 : cell.num);
			else if (cell.text[0])
				lua_pushstring(L, cell.text);
			else
				continue;
			lua_setfield(L, -2, v->cols[c].name);
		}
		lua_rawseti(L, -2, (lua_Integer)r + 1);
	}
	return 1;
}

/* option(name): the value of an alerts.* option (others may hold secrets). */
int fo_lua_option(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const fo_opt_def *d = fo_config_def(name);
	luaL_argcheck(L, strncmp(name, "alerts.", 7) == 0 && d, 1,
	              "an alerts.* option (fleetops help config lists them)");
	fo_config *cfg = core_of(L)->config;
	switch (d->type) {
	case FO_OPT_INT:
		lua_pushinteger(L, fo_config_get_int(cfg, name));
		break;
	case FO_OPT_DOUBLE:
		lua_pushnumber(L, fo_config_get_double(cfg, name));
		break;
	case FO_OPT_BOOL:
		lua_pushboolean(L, fo_config_get_bool(cfg, name));
		break;
	default:
		lua_pushstring(L, fo_config_get_str(cfg, name));
		break;
	}
	return 1;
}
