/* config_table.c — the core's options, in one typed table: validation,
 * --help, `config show`, the manual page and the README's option list come
 * from here.  Plugins declare theirs in their own folder (NAME_options.c,
 * fo_options_register in fleetops_plugin.h). */
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
    {"scripts", FO_OPT_BOOL, "true", 0, 0, "scripts",
     "load the Lua scripts of the script directories (--scripts=false: none)"},
    {"scripts.path", FO_OPT_STR, "", 0, 0, "scripts-path",
     "':'-separated script directories (default: the shipped scripts/, then "
     "$XDG_CONFIG_HOME/fleetops/scripts)"},
    {"scripts.trusted", FO_OPT_STR, "", 0, 0, NULL,
     "':'-separated directories whose scripts get the full Lua library (os, io, package, "
     "debug, bytecode); none by default"},
    {"scripts.mem_kb", FO_OPT_INT, "65536", 256, 4194304, NULL,
     "memory cap of each script's Lua state, KB"},
    {"scripts.time_ms", FO_OPT_INT, "200", 10, 3600000, NULL,
     "wall-clock limit of one call into a script (a chunk, a handler, a timer, a policy), ms"},
    {"scripts.instructions", FO_OPT_DOUBLE, "1e8", 1e4, 1e13, NULL,
     "instruction budget of one call into a script"},
    {"scripts.poll_ms", FO_OPT_INT, "1000", 100, 60000, NULL,
     "how often script files are checked for changes (hot reload), ms"},
    {"events.battery_thresholds", FO_OPT_STR, "20,10,5", 0, 0, NULL,
     "comma-separated battery percentages whose crossing publishes vehicle.battery"},
    {"map.vehicle_type", FO_OPT_STR, "", 0, 0, NULL,
     "LIF vehicle type routed for when a vehicle's factsheet names none (empty: the layout's "
     "only type)"},
    {"map.top_speed", FO_OPT_DOUBLE, "1.0", 0.01, 100, NULL,
     "m/s a vehicle is routed at when its factsheet gives no maxSpeed (edges may limit it "
     "further)"},
    {"map.level_change_s", FO_OPT_DOUBLE, "30", 0, 3600, NULL,
     "seconds a route counts for a lift between two levels of a layout"},
    {"map.traffic", FO_OPT_STR, "on", 0, 0, NULL,
     "traffic control over the site: on (orders release only what is reserved for the "
     "vehicle; deadlocks are resolved) or off"},
    {"map.vehicle_length", FO_OPT_DOUBLE, "1.0", 0, 100, NULL,
     "metres: site nodes closer than this are never held by two vehicles at once"},
    {"map.release_nodes", FO_OPT_INT, "4", 1, 1000, NULL,
     "traffic control: nodes beyond the one it stands on reserved and released to a "
     "vehicle at most at a time"},
    {"alerts.enabled", FO_OPT_BOOL, "true", 0, 0, NULL,
     "evaluate alert rules (the built-in ones and those of plugins and scripts)"},
    {"alerts.builtin", FO_OPT_BOOL, "true", 0, 0, NULL,
     "the built-in rules LowBattery and VehicleOffline"},
    {"alerts.evaluate", FO_OPT_STR, "auto", 0, 0, NULL,
     "which process evaluates the rules of a store: auto (one at a time, the others show its "
     "alerts and take over when it ends), on (this one, always), off (never: follow)"},
    {"alerts.eval_interval_ms", FO_OPT_INT, "1000", 50, 600000, NULL,
     "how often alert rules are evaluated"},
    {"alerts.battery_low_pct", FO_OPT_DOUBLE, "15", 0, 100, NULL,
     "LowBattery: a vehicle's battery below this percentage..."},
    {"alerts.battery_low_for", FO_OPT_DOUBLE, "60", 0, 86400, NULL,
     "...for this many seconds fires the alert"},
    {"alerts.offline_for", FO_OPT_DOUBLE, "30", 0, 86400, NULL,
     "VehicleOffline: seconds a vehicle is offline before the alert fires"},
    {"alerts.keep_firing_for", FO_OPT_DOUBLE, "0", 0, 86400, NULL,
     "seconds the built-in alerts keep firing after their condition cleared (against "
     "flapping)"},
    {"alerts.group_by", FO_OPT_STR, "alertname", 0, 0, NULL,
     "comma-separated labels alerts are grouped by for notifications ('...': all labels)"},
    {"alerts.group_wait", FO_OPT_DOUBLE, "30", 0, 86400, NULL,
     "seconds a new group waits before its first notification"},
    {"alerts.group_interval", FO_OPT_DOUBLE, "300", 0, 86400, NULL,
     "seconds between two notifications of a group that changed"},
    {"alerts.repeat_interval", FO_OPT_DOUBLE, "14400", 0, 604800, NULL,
     "seconds before an unchanged group is notified again"},
    {"alerts.rate_limit", FO_OPT_INT, "10", 0, 32, NULL,
     "most notifications one alert takes part in per alerts.rate_window (0: no limit)"},
    {"alerts.rate_window", FO_OPT_DOUBLE, "3600", 1, 604800, NULL,
     "seconds of the per-alert rate limit's window"},
    {"alerts.resolved_retention", FO_OPT_DOUBLE, "900", 0, 604800, NULL,
     "seconds a resolved alert stays in the firing view's memory (the history keeps it)"},
    {"alerts.inhibit", FO_OPT_STR, "", 0, 0, NULL,
     "inhibition rules: SOURCE_MATCHERS => TARGET_MATCHERS [on LABEL,...]; ..."},
};

const size_t fo_opt_count = sizeof fo_opt_table / sizeof fo_opt_table[0];

/* Text options of the core that take one of a few words: anything else is
 * bad configuration (exit 2), not a silent fallback.  Compared without
 * case, as the code reading them does. */
const fo_opt_choice fo_opt_choices[] = {
    {"log_level", "debug|info|warn|error"},
    {"color", "auto|none|16|256|truecolor|24bit"},
};

const size_t fo_opt_nchoices = sizeof fo_opt_choices / sizeof fo_opt_choices[0];
