/* an_lua.h — Analytics functions for scripts (an_lua.c). */
#ifndef AN_LUA_H
#define AN_LUA_H

#include "an_stats.h"

/* fleetops.history, fleetops.health, fleetops.battery_forecast; s
 * borrowed for the plugin's life.  0, or -1 with err. */
int an_lua_register(an_stats *s, char *err, size_t errlen);

#endif
