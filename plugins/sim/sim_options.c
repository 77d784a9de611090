/* sim_options.c — the options of the simulated depot (sim_plugin.c; plugins/simagv reads sim.* too:
 * the same depot on a broker): declared here once, registered first thing in init
 * (fo_options_register);
 * --help, `config show`, the manual page and completion list them. */
#include "sim.h"

const fo_opt_def sim_options[] = {
    {"sim.interface", FO_OPT_STR, "uagv", 0, 0, NULL,
     "VDA 5050 interface name (first topic level) of the simulator on a broker"},
    {"sim.vehicles", FO_OPT_INT, "200", 1, 100000, "sim-vehicles",
     "vehicles in the simulated fleet"},
    {"sim.fleets", FO_OPT_INT, "4", 1, 64, NULL, "fleets in the simulated depot"},
    {"sim.tenants", FO_OPT_INT, "2", 1, 16, NULL, "tenants owning the simulated fleets"},
    {"sim.seed", FO_OPT_INT, "1", 0, 2147483647, "seed", "simulator seed (same seed, same run)"},
    {"sim.rate_hz", FO_OPT_DOUBLE, "10", 0.1, 100, NULL, "simulator steps per second"},
    {"sim.layout", FO_OPT_STR, "", 0, 0, "layout",
     "LIF layout file the simulator drives (empty: its generated depot)"},
    {"sim.jobs", FO_OPT_STR, "random", 0, 0, NULL,
     "what simulated vehicles do without an order: random (their own jobs) or none (stand until "
     "the master control orders them)"},
    {"sim.drain", FO_OPT_DOUBLE, "1", 0, 100, NULL,
     "battery drain as a multiple of the simulator's own (0: batteries never run down)"},
    {"sim.job_min_battery", FO_OPT_DOUBLE, "0", 0, 100, NULL,
     "a vehicle below this charge takes no new job of its own (as a warehouse system would "
     "not give one), so the master control can send it to charge"},
    {"sim.self_charge", FO_OPT_BOOL, "true", 0, 0, NULL,
     "simulated vehicles go to a charger on their own when low (false: charging is left to the "
     "master control's startCharging/stopCharging; they keep taking jobs and draining)"},
    {"sim.speedup", FO_OPT_DOUBLE, "1", 1, 1000, NULL,
     "simulated seconds per wall-clock second: the same steps of 1/rate_hz, run faster, so a run "
     "is the same at any speedup; bounded by the CPU (rate_hz x speedup x vehicles vehicle-steps "
     "a second, about 20 million a core) and by how often the master control looks (faster than "
     "1 simulated second a tick, ticks come more often, down to 1 ms)"},
};

const size_t sim_noptions = FO_NELEM(sim_options);
