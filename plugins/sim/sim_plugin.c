/* sim_plugin.c — the simulator plugin's entry: builds the simulated depot
 * (or the layout file sim.layout) and fleet when `demo` is on and steps it
 * on a timer at sim.rate_hz, sim.speedup steps a tick (fractions carried
 * to the next tick).  Steps are always 1/rate_hz: a faster run takes more
 * steps a second, never longer ones.  Above TICK_MAX_S simulated seconds a
 * tick, ticks come more often instead (down to 1 ms, their steps counted
 * from the monotonic clock), so the rest of the process — the master
 * control — sees the fleet at least every simulated second or so.  With
 * demo off it only registers its commands, which then say how to start
 * it. */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Simulated seconds run at start, so a one-shot CLI command already sees a
 * fleet at work; bounded so a big fleet still starts fast. */
#define WARMUP_S 20.0
#define WARMUP_VEHICLE_STEPS 4000000.0
/* Simulated seconds one tick may run before ticks get more frequent. */
#define TICK_MAX_S 1.0
/* Wall time one short tick may make up for after a stall, ms: a stalled
 * process then lags behind rather than running a burst of steps. */
#define TICK_CATCH_UP_MS 100.0

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void tick(fo_core *core, void *ud)
{
	sim_state *s = ud;
	double now = mono_ms();
	double elapsed = now - s->tick_ms;
	s->tick_ms = now;
	if (s->paused)
		return;
	if (s->tick_steps > 0) /* short ticks: the steps the wall time owes */
		s->owed += s->speedup * s->rate_hz *
		           (elapsed < TICK_CATCH_UP_MS ? elapsed : TICK_CATCH_UP_MS) / 1000.0;
	else
		s->owed += s->speedup;
	long steps = (long)s->owed;
	if (steps < 1)
		return;
	s->owed -= (double)steps;
	double t0 = mono_ms();
	for (long i = 0; i < steps; i++)
		sim_step(s);
	s->last_step_ms = (mono_ms() - t0) / (double)steps;
}

/* One step a tick, sim.speedup steps at most while a tick runs at most
 * TICK_MAX_S simulated seconds; beyond, shorter ticks of about that
 * (s->tick_steps > 0: tick() counts their steps from the clock). */
static uint64_t tick_period(sim_state *s)
{
	double base_ms = 1000.0 / s->rate_hz;
	double most = s->rate_hz * TICK_MAX_S; /* steps in TICK_MAX_S */
	if (most < 1)
		most = 1;
	s->tick_steps = 0;
	if (s->speedup <= most)
		return (uint64_t)(base_ms + 0.5);
	double ms = base_ms * most / s->speedup;
	uint64_t period = ms < 1 ? 1 : (uint64_t)(ms + 0.5);
	s->tick_steps = s->speedup * (double)period / base_ms;
	return period;
}

static fo_status sim_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, sim_options, sim_noptions) != 0) {
		snprintf(err, errlen, "cannot declare its options (see the log)");
		return FO_ERR;
	}
	sim_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	*state = s;
	if (sim_cmds_register(s, err, errlen) < 0)
		goto fail;
	if (!fo_config_bool(core, "demo"))
		return FO_OK;

	long vehicles = fo_config_int(core, "sim.vehicles");
	long fleets = fo_config_int(core, "sim.fleets");
	long tenants = fo_config_int(core, "sim.tenants");
	vehicles = vehicles < 1 ? 1 : vehicles > 100000 ? 100000 : vehicles;
	fleets = fleets < 1 ? 1 : fleets > 64 ? 64 : fleets;
	tenants = tenants < 1 ? 1 : tenants > 16 ? 16 : tenants;
	s->seed = (uint64_t)fo_config_int(core, "sim.seed");
	s->rng = s->seed * 0x2545F4914F6CDD1Dull + 1;
	s->rate_hz = fo_config_double(core, "sim.rate_hz");
	if (!(s->rate_hz >= 0.1 && s->rate_hz <= 100))
		s->rate_hz = 10;
	s->dt = 1.0 / s->rate_hz;
	s->speedup = fo_config_double(core, "sim.speedup");
	if (!(s->speedup >= 1 && s->speedup <= 1000))
		s->speedup = 1;
	s->self_charge = fo_config_bool(core, "sim.self_charge");
	s->job_min_battery = fo_config_double(core, "sim.job_min_battery");
	s->drain = fo_config_double(core, "sim.drain");
	const char *jobs = fo_config_str(core, "sim.jobs");
	if (jobs && strcmp(jobs, "none") == 0) {
		s->jobs = false;
	} else if (!jobs || strcmp(jobs, "random") == 0) {
		s->jobs = true;
	} else {
		snprintf(err, errlen, "sim.jobs is '%s': random or none", jobs);
		goto fail;
	}
	const char *layout = fo_config_str(core, "sim.layout");
	s->step_wall_ms = fo_wall_ms();
	if (sim_build(s, layout, vehicles, fleets, tenants, err, errlen) < 0)
		goto fail;
	sim_conflicts_init(&s->conflicts, fo_config_double(core, "map.vehicle_length"),
	                   s->nvehicles);
	s->running = true;
	if (sim_orders_register(s) < 0) {
		snprintf(err, errlen, "sim: no room for another dispatch sink");
		goto fail;
	}

	double warm = WARMUP_S * s->rate_hz;
	if (warm * (double)vehicles > WARMUP_VEHICLE_STEPS)
		warm = WARMUP_VEHICLE_STEPS / (double)vehicles;
	for (long i = 0; i < (long)warm; i++)
		sim_step(s);

	uint64_t period = tick_period(s);
	s->tick_ms = mono_ms();
	s->timer = fo_timer_start(core, period, period ? period : 1, tick, s);
	if (s->map.graph)
		fo_log(core, FO_LOG_INFO,
		       "sim: %u vehicles, %ld fleets, %ld tenants, layout %s (%u nodes), seed "
		       "%llu, %.1f Hz x %g, jobs %s, self-charge %s",
		       s->nvehicles, fleets, tenants, s->map.layout, s->map.nnodes,
		       (unsigned long long)s->seed, s->rate_hz, s->speedup,
		       s->jobs ? "random" : "none", s->self_charge ? "on" : "off");
	else
		fo_log(core, FO_LOG_INFO,
		       "sim: %u vehicles, %ld fleets, %ld tenants, %ux%u nodes, seed %llu, %.1f "
		       "Hz x %g, jobs %s, self-charge %s",
		       s->nvehicles, fleets, tenants, s->map.w, s->map.h,
		       (unsigned long long)s->seed, s->rate_hz, s->speedup,
		       s->jobs ? "random" : "none", s->self_charge ? "on" : "off");
	return FO_OK;
fail:
	/* Refused plugins are unloaded without fini: free here. */
	sim_orders_free(s);
	sim_conflicts_free(&s->conflicts);
	sim_map_free(&s->map);
	free(s->veh);
	free(s);
	*state = NULL;
	return FO_ERR;
}

static void sim_fini(fo_core *core, void *state)
{
	sim_state *s = state;
	if (!s)
		return;
	if (s->timer)
		fo_timer_stop(s->timer);
	sim_orders_free(s);
	sim_conflicts_free(&s->conflicts);
	sim_map_free(&s->map);
	free(s->veh);
	free(s);
}

static const fo_plugin_desc sim_desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "sim",
    .version = "0.1.0",
    .summary = "built-in simulated depot and fleet (--demo)",
    .init = sim_init,
    .fini = sim_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &sim_desc;
}
