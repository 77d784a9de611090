/* missions_lua.c — the missions plugin's functions for Lua scripts
 * (fo_lua_fn_register): a mission as a table, so a script reads its
 * state without parsing `mission show`. */
#include "missions.h"

#include <string.h>

/* the mission as a table; times in wall-clock seconds, absent when not yet */
static void put_mission(fo_lua_ret *r, const mi_mission *m)
{
	fo_lua_ret_table(r);
	fo_lua_ret_key(r, "id");
	fo_lua_ret_str(r, m->id);
	fo_lua_ret_key(r, "template");
	fo_lua_ret_str(r, m->template_name);
	fo_lua_ret_key(r, "template_version");
	fo_lua_ret_int(r, m->template_version);
	fo_lua_ret_key(r, "state");
	fo_lua_ret_str(r, ms_state_name(m->state));
	fo_lua_ret_key(r, "vehicle");
	fo_lua_ret_str(r, m->vehicle);
	fo_lua_ret_key(r, "priority");
	fo_lua_ret_int(r, m->priority);
	fo_lua_ret_key(r, "order_id");
	fo_lua_ret_str(r, m->order_id);
	fo_lua_ret_key(r, "reason");
	fo_lua_ret_str(r, m->reason);
	fo_lua_ret_key(r, "attempts");
	fo_lua_ret_int(r, m->attempts);
	fo_lua_ret_key(r, "nodes");
	fo_lua_ret_int(r, (long long)m->nplan);
	fo_lua_ret_key(r, "reached");
	fo_lua_ret_int(r, m->reached);
	fo_lua_ret_key(r, "distance_m");
	fo_lua_ret_num(r, m->distance_m);
	fo_lua_ret_key(r, "energy_kwh");
	fo_lua_ret_num(r, m->energy_kwh);
	fo_lua_ret_key(r, "params");
	fo_lua_ret_json(r, m->params_json[0] ? m->params_json : "{}");
	const char *tk[] = {"created", "started", "finished"};
	uint64_t tv[] = {m->created_ms, m->started_ms, m->finished_ms};
	for (size_t i = 0; i < 3; i++) {
		if (!tv[i])
			continue;
		fo_lua_ret_key(r, tk[i]);
		fo_lua_ret_num(r, (double)tv[i] / 1000.0);
	}
	fo_lua_ret_end(r);
}

static fo_status lua_mission(fo_core *core, const fo_args *a, fo_lua_ret *r, void *ud)
{
	(void)core;
	char err[200] = "";
	mi_mission *m = mi_find(ud, fo_args_str(a, "id", ""), err, sizeof err);
	if (!m) {
		fo_lua_ret_error(r, "%s", err);
		return FO_ERR;
	}
	put_mission(r, m);
	return FO_OK;
}

static fo_status lua_missions(fo_core *core, const fo_args *a, fo_lua_ret *r, void *ud)
{
	(void)core;
	missions_state *s = ud;
	const char *state = fo_args_str(a, "state", "");
	const char *vehicle = fo_args_str(a, "vehicle", "");
	fo_lua_ret_table(r);
	for (size_t i = 0; i < s->nmissions; i++) {
		const mi_mission *m = s->missions[i];
		if (*state && strcmp(state, ms_state_name(m->state)) != 0)
			continue;
		if (*vehicle && strcmp(vehicle, m->vehicle) != 0)
			continue;
		put_mission(r, m);
	}
	fo_lua_ret_end(r);
	return FO_OK;
}

static const fo_arg_spec mission_args[] = {
    {"id", FO_ARG_STRING, true, NULL, "mission id, or its first 4+ characters"},
};
static const fo_arg_spec missions_args[] = {
    {"state", FO_ARG_STRING, false, NULL, "only missions in this state (e.g. running)"},
    {"vehicle", FO_ARG_STRING, false, NULL, "only missions of this vehicle"},
};

static const fo_lua_fn_spec lua_fns[] = {
    {"mission", mission_args, 1,
     "a table {id, template, template_version, state, vehicle, priority, order_id, reason, "
     "attempts, nodes, reached, distance_m, energy_kwh, params, created, started, finished}; "
     "nil and the reason when there is no such mission",
     "one mission of this process's missions", lua_mission},
    {"missions", missions_args, 2, "an array of mission tables (as fleetops.mission gives)",
     "the missions in memory (active, and finished within missions.history_hours)", lua_missions},
};

int mi_lua_register(missions_state *s)
{
	for (size_t i = 0; i < FO_NELEM(lua_fns); i++)
		if (fo_lua_fn_register(s->core, &lua_fns[i], s) != 0)
			return -1;
	return 0;
}
