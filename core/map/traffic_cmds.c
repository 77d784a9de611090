/* traffic_cmds.c — `map traffic`: what traffic control holds and counts in
 * this process (the console, `serve`, `mission wait`: the process that
 * dispatches; a one-shot command holds nothing). */
#include "map.h"

#include "core.h"
#include "site.h"
#include "site_int.h"

#include <stdio.h>
#include <string.h>

/* Up to max node ids of v[0..n) joined by spaces, "…" when cut. */
static void join_ids(const fo_route_graph *g, const uint32_t *v, size_t n, size_t max, char *buf,
                     size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && i < max && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "",
		                       fo_route_node_ref(g, v[i], NULL, NULL)->id);
	if (n > max && at < len)
		snprintf(buf + at, len - at, " ... (%zu)", n);
}

static fo_status cmd_traffic(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	bool all = fo_args_flag(a, "all");
	if (!core->site) {
		fo_out_printf(out, "traffic control: no site layout is loaded in this process\n");
		return FO_OK;
	}
	if (!fo_site_traffic(core)) {
		fo_out_printf(out, "traffic control: off (map.traffic)\n");
		return FO_OK;
	}
	fo_traffic *t = core->site->traffic;
	fo_out_printf(out,
	              "traffic control: on; site %s; vehicle length %g m; %ld nodes reserved "
	              "ahead at most\n",
	              core->site->info.name, fo_config_double(core, "map.vehicle_length"),
	              fo_config_int(core, "map.release_nodes"));
	if (!t) {
		fo_out_printf(out, "no claims yet (this process has dispatched nothing)\n");
		return FO_OK;
	}
	fo_traffic_stats st = fo_traffic_get_stats(t);
	fo_out_printf(out,
	              "held: %u nodes, %u lanes; waiting: %u vehicles\n"
	              "claims %llu, nodes granted %llu, refused %llu\n"
	              "conflicts %llu; deadlocks %llu: rerouted %llu, backed off %llu, no way "
	              "out %llu\n",
	              st.held_nodes, st.held_lanes, st.waiting, (unsigned long long)st.claims,
	              (unsigned long long)st.nodes_granted, (unsigned long long)st.refusals,
	              (unsigned long long)st.conflicts, (unsigned long long)st.deadlocks,
	              (unsigned long long)st.rerouted, (unsigned long long)st.backed_off,
	              (unsigned long long)st.unresolved);
	size_t n = fo_model_vehicle_count(core->model), cycled = 0;
	uint64_t now = fo_wall_ms(), longest = 0;
	for (size_t i = 0; i < n; i++) {
		if (fo_traffic_cycle(core->site->traffic, (uint32_t)i, NULL, 0) == 0)
			continue;
		cycled++;
		uint64_t since = i < core->site->ntnode ? core->site->tcycle_ms[i] : 0;
		if (since && now - since > longest)
			longest = now - since;
	}
	fo_out_printf(out, "in a deadlock now: %zu vehicles, the longest for %.1f s\n", cycled,
	              (double)longest / 1000.0);
	fo_out_printf(out, "%-12s %-24s %-32s %s\n", "VEHICLE", "HOLDS", "WANTS", "WAITS FOR");
	for (size_t i = 0; i < n; i++) {
		size_t nh, ni;
		const uint32_t *h = fo_traffic_path_of(t, (uint32_t)i, &nh);
		const uint32_t *w = fo_traffic_intent_of(t, (uint32_t)i, &ni);
		uint32_t wf = fo_traffic_waits_for(t, (uint32_t)i);
		if (!all && nh <= 1 && !ni && wf == FO_TRAFFIC_NONE)
			continue; /* standing, wanting nothing */
		char hs[256], ws[256];
		join_ids(core->site->tgraph, h, nh, 6, hs, sizeof hs);
		join_ids(core->site->tgraph, w, ni, 4, ws, sizeof ws);
		const fo_vehicle *v = fo_model_vehicle(core->model, i);
		const fo_vehicle *b =
		    wf == FO_TRAFFIC_NONE ? NULL : fo_model_vehicle(core->model, (size_t)wf);
		fo_out_printf(out, "%-12s %-24s %-32s %s\n", v ? v->id : "?", hs[0] ? hs : "-",
		              ws[0] ? ws : "-", b ? b->id : "-");
	}
	return FO_OK;
}

static const fo_arg_spec traffic_args[] = {
    {"all", FO_ARG_BOOL, false, NULL, "every vehicle, also those standing and wanting nothing"},
};

static const fo_cmd_spec cmds[] = {
    {"map", "traffic",
     "traffic control in this process: reservations, waits, conflicts and deadlocks", traffic_args,
     FO_NELEMS(traffic_args), FO_CMD_READONLY_SAFE, cmd_traffic},
};

void fo_traffic_cmds_register(fo_core *core)
{
	char err[256];
	if (fo_cmds_register(core, cmds, FO_NELEMS(cmds), NULL, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "map: %s", err);
}
