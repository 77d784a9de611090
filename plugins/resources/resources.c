/* resources.c — the Resources plugin: pools of chargers, docks, parking,
 * doors, lifts, operators and payload tools; their resources, down for
 * maintenance over windows; bookings over time windows that never overlap
 * (res_book.c), kept in the store and read back from it (res_store.c);
 * the Resources pane (slot 5), its commands and Lua functions. */
#include "res.h"
#include "resources_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const fo_opt_def options[] = {
    {"resources.no_show_s", FO_OPT_INT, "300", 0, 86400, NULL,
     "release a booking whose vehicle has not arrived this many seconds after its start "
     "(0: never)"},
    {"resources.policy", FO_OPT_STR, "first_fit", 0, 0, NULL,
     "how requests are granted where a pool names none: first_fit, priority, "
     "earliest_deadline"},
    {"resources.charge_max_share", FO_OPT_DOUBLE, "0.3", 0, 1, NULL,
     "most of the fleet charging (booked on a charger) at once; more charge requests wait"},
    {"resources.charging", FO_OPT_BOOL, "false", 0, 0, NULL,
     "fleetops charges the vehicles it controls: below charge_below a vehicle requests a "
     "charger and is sent there (startCharging), then stopped (stopCharging) when charged"},
    {"resources.charger_pool", FO_OPT_STR, "chargers", 0, 0, NULL,
     "the pool charging books from (pool sync names the site's chargers so)"},
    {"resources.charge_below", FO_OPT_DOUBLE, "25", 0, 100, NULL,
     "battery percent below which a vehicle asks for a charger"},
    {"resources.charge_until", FO_OPT_DOUBLE, "90", 1, 100, NULL,
     "battery percent at which charging stops and the charger is released"},
    {"resources.charge_pct_per_min", FO_OPT_DOUBLE, "1", 0.01, 100000, NULL,
     "how fast vehicles charge, percent a minute (sizes the charger booking)"},
    {"resources.charge_travel_min", FO_OPT_DOUBLE, "5", 0, 600, NULL,
     "minutes a charger booking allows for the drive there"},
    {"resources.charge_window_min", FO_OPT_INT, "120", 5, 10080, NULL,
     "how far ahead a charge request may be booked, minutes"},
    {"resources.conflict_policy", FO_OPT_STR, "manual", 0, 0, NULL,
     "manual: conflicts wait for the operator (conflict resolve); auto: the first suggested "
     "resolution is applied at once"},
    {"resources.reload_s", FO_OPT_INT, "5", 1, 3600, NULL,
     "read the bookings again this often (other processes on SQLite, which does not notify)"},
};

static const char *const pane_views[] = {"resources.pools",    "resources.resources",
                                         "resources.bookings", "resources.chargers",
                                         "resources.parking",  NULL};

static const fo_pane_spec pane = {
    .name = "resources",
    .title = "Resources",
    .slot = 5,
    .views = pane_views,
    .note = "Live: pools and resources (pool sync makes them from the site), maintenance "
            "windows, bookings over time windows that never overlap (on both stores, across "
            "processes), no-show expiry, request queues answered by each pool's grant policy, "
            "charging by fleetops (resources.charging), conflicts found every 5 s with "
            "suggested resolutions, 24-hour utilization, the next 8 hours as a Gantt row per "
            "resource, demand against capacity for the coming 8 hours (from bookings and "
            "requests), resources a mission step needs (booked at dispatch, given back at "
            "its end), and the chargers and parking places with who stands on each. Not "
            "built yet: demand from battery predictions (analytics).",
};

/* Only a console or `serve` keeps bookings moving (arrivals, no-shows,
 * ends) and reads them again now and then. */
static void tick(fo_core *core, void *ud)
{
	res_state *s = ud;
	if (!fo_core_has_frontend(core) && !fo_core_serving(core))
		return;
	uint64_t now = fo_wall_ms();
	long reload = fo_config_int(core, "resources.reload_s");
	uint64_t every = s->stale ? 1000u : (uint64_t)(reload > 0 ? reload : 5) * 1000u;
	if (!s->loading && now - s->last_load_ms >= every) {
		s->stale = false;
		res_reload(s);
	}
	if (s->loaded && now - s->last_sweep_ms >= 5000u) {
		s->last_sweep_ms = now;
		res_sweep(s);
	}
	if (s->loaded && now - s->last_scan_ms >= 5000u) {
		s->last_scan_ms = now;
		res_conflict_scan(s);
	}
	if (s->loaded && now - s->last_needs_ms >= 3000u) {
		s->last_needs_ms = now;
		res_mission_tick(s);
	}
	if (s->loaded && now - s->last_grant_ms >= 2000u) {
		s->last_grant_ms = now;
		res_charge_tick(s);
		res_grant_pass(s, NULL);
		res_charge_tick(s);
	}
}

static fo_status resources_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_store_tables_register(core, resources_tables, resources_ntables, err, errlen) != 0)
		return FO_ERR;
	if (fo_options_register(core, options, FO_NELEMS(options)) != 0) {
		snprintf(err, errlen, "resources options refused");
		return FO_ERR;
	}
	res_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	*state = s;
	if (res_views_register(s, err, errlen) != 0 || res_places_register(s, err, errlen) != 0 ||
	    fo_pane_register(core, &pane) != 0 || res_cmds_register(s, err, errlen) != 0 ||
	    res_req_cmds_register(s, err, errlen) != 0 ||
	    res_conflict_cmds_register(s, err, errlen) != 0 ||
	    res_util_register(s, err, errlen) != 0 || res_lua_register(s) != 0) {
		if (!*err)
			snprintf(err, errlen, "resources: registration refused (see the log)");
		return FO_ERR;
	}
	s->tick = fo_timer_start(core, 1000, 1000, tick, s);
	return FO_OK;
}

static void resources_fini(fo_core *core, void *state)
{
	res_state *s = state;
	(void)core;
	if (!s)
		return;
	if (s->tick)
		fo_timer_stop(s->tick);
	res_places_free(s);
	free(s->pools);
	free(s->items);
	free(s->books);
	free(s->reqs);
	free(s->confs);
	free(s->lat_ms);
	free(s->lat_booked_ms);
	free(s);
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "resources",
    .version = "0.2.0",
    .summary = "resources domain: pools, maintenance, bookings over time windows, the plan",
    .init = resources_init,
    .fini = resources_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
