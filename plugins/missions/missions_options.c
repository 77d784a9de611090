/* missions_options.c — the options of missions: dispatch, tracking, failure policy, metrics
 * (missions.c): declared here once, registered first thing in init (fo_options_register);
 * --help, `config show`, the manual page and completion list them. */
#include "missions.h"

const fo_opt_def missions_options[] = {
    {"missions.track", FO_OPT_STR, "auto", 0, 0, NULL,
     "missions: which processes dispatch and follow missions: auto (the console, serve, "
     "mission wait), off (this one never: a watching console), on (any that runs the loop)"},
    {"missions.min_battery", FO_OPT_DOUBLE, "20", 0, 100, NULL,
     "missions: no dispatch to a vehicle below this battery percentage"},
    {"missions.on_vehicle_failure", FO_OPT_STR, "reassign", 0, 0, NULL,
     "missions: when its vehicle fails (e-stop, FATAL error, offline, order refused): "
     "reassign (missions on any vehicle) or fail"},
    {"missions.max_attempts", FO_OPT_INT, "3", 1, 100, NULL,
     "missions: dispatches of one mission before it fails"},
    {"missions.offline_grace_s", FO_OPT_INT, "30", 1, 86400, NULL,
     "missions: seconds a vehicle may be offline before its mission counts as failed"},
    {"missions.accept_timeout_s", FO_OPT_INT, "15", 1, 3600, NULL,
     "missions: seconds a vehicle has to report a dispatched order"},
    {"missions.release_nodes", FO_OPT_INT, "0", 0, 1000, NULL,
     "missions: nodes released per order (update); 0 releases the whole order at once"},
    {"missions.battery_kwh", FO_OPT_DOUBLE, "10", 0.1, 10000, NULL,
     "missions: battery capacity for the energy metric, kWh"},
    {"missions.history_hours", FO_OPT_INT, "24", 1, 8760, NULL,
     "missions: finished missions loaded into the history view, hours back"},
};

const size_t missions_noptions = FO_NELEM(missions_options);
