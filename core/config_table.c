/* config_table.c — every option fleetops understands, in one typed table:
 * validation, --help and the README's option list come from here. */
#include "config.h"

const fo_opt_def fo_opt_table[] = {
	{"config", FO_OPT_STR, "", 0, 0, "config",
	 "user config file (default $XDG_CONFIG_HOME/fleetops/config)"},
	{"demo", FO_OPT_BOOL, "false", 0, 0, "demo",
	 "run the built-in simulated fleet (the sim plugin)"},
	{"readonly", FO_OPT_BOOL, "false", 0, 0, "readonly",
	 "refuse every mutating command, wherever it is called from"},
	{"theme", FO_OPT_STR, "dark", 0, 0, "theme",
	 "colour theme: a name from themes/ (dark, light, high-contrast, mono) or a file path"},
	{"color", FO_OPT_STR, "auto", 0, 0, "color",
	 "colour depth: auto, none, 16, 256, truecolor (NO_COLOR in the environment means none)"},
	{"ascii", FO_OPT_BOOL, "false", 0, 0, "ascii",
	 "draw with ASCII only, even on a UTF-8 terminal"},
	{"mouse", FO_OPT_BOOL, "true", 0, 0, "mouse", "mouse select and scroll"},
	{"tick_hz", FO_OPT_DOUBLE, "4", 0.5, 60, "tick-hz", "screen redraws per second"},
	{"reindex_ms", FO_OPT_INT, "1000", 0, 60000, NULL,
	 "least time between two re-sorts of a view caused by data changes alone"},
	{"history_file", FO_OPT_STR, "", 0, 0, NULL,
	 "command-line history (default $XDG_STATE_HOME/fleetops/history)"},
	{"log_file", FO_OPT_STR, "", 0, 0, "log-file",
	 "log file (default $XDG_STATE_HOME/fleetops/fleetops.log; '-' is stderr)"},
	{"log_level", FO_OPT_STR, "info", 0, 0, "log-level", "debug, info, warn or error"},
	{"plugin_path", FO_OPT_STR, "", 0, 0, "plugin-path",
	 "':'-separated plugin directories (default: next to the binary, then the install prefix)"},
	{"plugins_disable", FO_OPT_STR, "", 0, 0, NULL, "comma-separated plugin names not to load"},
	{"store", FO_OPT_STR, "", 0, 0, "store",
	 "record store: sqlite:PATH (default $XDG_DATA_HOME/fleetops/fleetops.db) or "
	 "postgresql://..."},
	{"tenant", FO_OPT_STR, "", 0, 0, "tenant",
	 "tenant id new records belong to (PostgreSQL: the operator's own when empty)"},
	{"operator", FO_OPT_STR, "", 0, 0, "operator",
	 "actor name written to the audit trail (default: the login name)"},
	{"mqtt", FO_OPT_STR, "", 0, 0, "mqtt", "MQTT broker URL for VDA 5050 feeds (not built yet)"},
	{"redis", FO_OPT_STR, "", 0, 0, "redis", "Redis URL for event streams (not built yet)"},
	{"sim.vehicles", FO_OPT_INT, "200", 1, 100000, "sim-vehicles",
	 "vehicles in the simulated fleet"},
	{"sim.fleets", FO_OPT_INT, "4", 1, 64, NULL, "fleets in the simulated depot"},
	{"sim.tenants", FO_OPT_INT, "2", 1, 16, NULL, "tenants owning the simulated fleets"},
	{"sim.seed", FO_OPT_INT, "1", 0, 2147483647, "seed", "simulator seed (same seed, same run)"},
	{"sim.rate_hz", FO_OPT_DOUBLE, "10", 0.1, 100, NULL, "simulator steps per second"},
};

const size_t fo_opt_count = sizeof fo_opt_table / sizeof fo_opt_table[0];
