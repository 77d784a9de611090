/* sim_cmds.c — the `sim` commands: status, pause, resume, step, and the
 * hand controls an operator uses to try the console (estop, release,
 * fault). */
#include "sim.h"

#include <stdio.h>
#include <string.h>

static const char not_running[] = "simulator not running (start with --demo)";

static bool need_running(sim_state *s, fo_out *out)
{
	if (s->running)
		return true;
	fo_out_error(out, "%s", not_running);
	return false;
}

/* The simulated vehicle named by the "vehicle" argument, or NULL with the
 * error written. */
static fo_vehicle *arg_vehicle(sim_state *s, const fo_args *args, fo_out *out, uint32_t *si)
{
	const char *id = fo_args_str(args, "vehicle", "");
	fo_model *m = fo_core_model(s->core);
	long idx = fo_model_vehicle_find(m, id);
	if (idx < 0) {
		fo_out_error(out, "no vehicle '%s'", id);
		return NULL;
	}
	if ((uint32_t)idx < s->vehicle_base || (uint32_t)idx - s->vehicle_base >= s->nvehicles) {
		fo_out_error(out, "vehicle '%s' is not simulated", id);
		return NULL;
	}
	*si = (uint32_t)idx - s->vehicle_base;
	return fo_model_vehicle(m, (size_t)idx);
}

static fo_status cmd_status(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	if (!need_running(s, out))
		return FO_ERR;
	char last[48] = "not timed yet (no timer step ran)", map[320];
	if (s->last_step_ms > 0)
		snprintf(last, sizeof last, "%.3f ms", s->last_step_ms);
	if (s->map.graph)
		snprintf(map, sizeof map, "layout %s, %u nodes, %u edges driven", s->map.layout,
		         s->map.nnodes, sim_graph_nedges(s->map.graph));
	else
		snprintf(map, sizeof map, "%ux%u nodes, %.0f m apart", s->map.w, s->map.h,
		         SIM_SPACING_M);
	fo_out_printf(out,
	              "seed      %llu\n"
	              "step      %llu (%.1f s simulated, dt %.3f s)\n"
	              "vehicles  %u\n"
	              "map       %s\n"
	              "rate      %.1f Hz, speedup %g (%.1f steps a second)\n"
	              "jobs      %s\n"
	              "charging  %s\n"
	              "state     %s\n"
	              "last step %s\n",
	              (unsigned long long)s->seed, (unsigned long long)s->step,
	              (double)s->step * s->dt, s->dt, s->nvehicles, map, s->rate_hz, s->speedup,
	              s->rate_hz * s->speedup,
	              s->jobs ? "random (their own)" : "none (stand until ordered)",
	              s->self_charge ? "their own when low, and the master's (sim.self_charge)"
	                             : "the master's only (startCharging, stopCharging)",
	              s->paused ? "paused" : "running", last);
	if (s->conflicts.len > 0)
		fo_out_printf(out, "conflicts %llu (pairs closer than %.1f m)\n",
		              (unsigned long long)s->conflicts.count, s->conflicts.len);
	else
		fo_out_printf(out, "conflicts not counted (map.vehicle_length 0)\n");
	return FO_OK;
}

static fo_status cmd_pause(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	if (!need_running(s, out))
		return FO_ERR;
	s->paused = true;
	fo_out_printf(out, "simulator paused at step %llu\n", (unsigned long long)s->step);
	return FO_OK;
}

static fo_status cmd_resume(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	if (!need_running(s, out))
		return FO_ERR;
	s->paused = false;
	fo_out_printf(out, "simulator running from step %llu\n", (unsigned long long)s->step);
	return FO_OK;
}

static fo_status cmd_step(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	if (!need_running(s, out))
		return FO_ERR;
	long n = fo_args_int(args, "count", 1);
	if (n < 1 || n > 1000000) {
		fo_out_error(out, "--count must be 1..1000000, not %ld", n);
		return FO_EUSAGE;
	}
	/* About 20 s of work at most, so a typo cannot hang the console. */
	long most = (long)(500000000.0 / (s->nvehicles ? s->nvehicles : 1));
	if (n > most) {
		fo_out_error(out, "--count %ld is too much at once for %u vehicles (at most %ld)",
		             n, s->nvehicles, most);
		return FO_EUSAGE;
	}
	for (long i = 0; i < n; i++)
		sim_step(s);
	fo_out_printf(out, "stepped %ld, now at step %llu\n", n, (unsigned long long)s->step);
	return FO_OK;
}

static fo_status cmd_estop(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	uint32_t si;
	if (!need_running(s, out))
		return FO_ERR;
	fo_vehicle *v = arg_vehicle(s, args, out, &si);
	if (!v)
		return FO_ERR;
	v->estop = FO_ESTOP_REMOTE;
	sim_halt(v);
	fo_model_touch(fo_core_model(core), v); /* publishes vehicle.estop */
	fo_out_printf(out, "%s: e-stop REMOTE set, vehicle stopped\n", v->id);
	return FO_OK;
}

static fo_status cmd_release(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	uint32_t si;
	if (!need_running(s, out))
		return FO_ERR;
	fo_vehicle *v = arg_vehicle(s, args, out, &si);
	if (!v)
		return FO_ERR;
	sim_vehicle *sv = &s->veh[si];
	bool had = v->estop != FO_ESTOP_NONE || v->field_violation || sv->safety_until ||
	           sv->fault_until || v->paused;
	v->paused = false; /* a startPause whose mission was cancelled */
	sv->safety_until = 0;
	sv->fault_until = 0;
	sv->fault_fatal = false;
	v->field_violation = false;
	sim_error_clear(s, v, "protectiveFieldViolation");
	sim_error_clear(s, v, "emergencyStop");
	sim_error_clear(s, v, "laserScannerContaminated");
	sim_error_clear(s, v, "simulatedFault");
	v->estop = FO_ESTOP_NONE;
	fo_model_touch(fo_core_model(core), v);
	fo_out_printf(out,
	              had ? "%s: released, vehicle may drive again\n" : "%s: nothing to release\n",
	              v->id);
	return FO_OK;
}

static fo_status cmd_fault(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	uint32_t si;
	if (!need_running(s, out))
		return FO_ERR;
	fo_vehicle *v = arg_vehicle(s, args, out, &si);
	if (!v)
		return FO_ERR;
	bool fatal = fo_args_flag(args, "fatal");
	sim_vehicle *sv = &s->veh[si];
	sim_error_raise(s, v, "simulatedFault",
	                fatal ? "raised by hand (sim fault --fatal): vehicle stopped"
	                      : "raised by hand (sim fault)",
	                fatal ? FO_ERRLVL_FATAL : FO_ERRLVL_WARNING);
	/* Clears by itself after a minute of simulated time, or by release. */
	sv->fault_until = s->step + (uint64_t)(60.0 * s->rate_hz + 0.5);
	sv->fault_fatal = fatal;
	if (fatal)
		sim_halt(v);
	fo_model_touch(fo_core_model(core), v);
	fo_out_printf(out, "%s: %s error simulatedFault raised\n", v->id,
	              fatal ? "FATAL" : "WARNING");
	return FO_OK;
}

/* Sets a vehicle's charge, so alert rules and charging can be tried on
 * purpose: below 20 % the vehicle heads for a charger by itself. */
static fo_status cmd_battery(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	sim_state *s = ud;
	uint32_t si;
	if (!need_running(s, out))
		return FO_ERR;
	fo_vehicle *v = arg_vehicle(s, args, out, &si);
	if (!v)
		return FO_ERR;
	double pct = fo_args_double(args, "percent", -1);
	if (pct < 0 || pct > 100) {
		fo_out_error(out, "sim battery: percent must be 0..100");
		return FO_EUSAGE;
	}
	v->battery = pct;
	fo_model_touch(fo_core_model(core), v);
	fo_out_printf(out, "%s: battery set to %.1f %%\n", v->id, pct);
	return FO_OK;
}

static const fo_arg_spec battery_args[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "vehicle id, e.g. AGV-00042"},
    {"percent", FO_ARG_DOUBLE, true, NULL, "charge 0..100"},
};
static const fo_arg_spec vehicle_arg[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "vehicle id, e.g. AGV-00042"},
};
static const fo_arg_spec step_args[] = {
    {"count", FO_ARG_INT, false, NULL, "fixed steps to advance (default 1)"},
};
static const fo_arg_spec fault_args[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "vehicle id, e.g. AGV-00042"},
    {"fatal", FO_ARG_BOOL, false, NULL, "raise a FATAL error that stops the vehicle"},
};

static const fo_cmd_spec sim_cmds[] = {
    {"sim", "status", "show the simulator's seed, step, size, rate and state", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_status},
    {"sim", "pause", "pause the simulated fleet", NULL, 0, 0, cmd_pause},
    {"sim", "resume", "resume the simulated fleet", NULL, 0, 0, cmd_resume},
    {"sim", "step", "advance the simulation by fixed steps, now", step_args, 1, 0, cmd_step},
    {"sim", "estop", "set a REMOTE e-stop on a simulated vehicle", vehicle_arg, 1, FO_CMD_DANGEROUS,
     cmd_estop},
    {"sim", "release", "clear e-stops, field violations, hand faults and a pause of a vehicle",
     vehicle_arg, 1, 0, cmd_release},
    {"sim", "fault", "raise a simulated error on a vehicle by hand", fault_args, 2,
     FO_CMD_DANGEROUS, cmd_fault},
    {"sim", "battery", "set a simulated vehicle's battery charge", battery_args, 2, 0, cmd_battery},
};

int sim_cmds_register(sim_state *s, char *err, size_t errlen)
{
	return fo_cmds_register(s->core, sim_cmds, FO_NELEM(sim_cmds), s, err, errlen);
}
