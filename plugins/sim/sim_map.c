/* sim_map.c — the simulator's map: the generated depot (the core builds
 * the map, tenants, fleets and vehicles into the model with fo_depot_build,
 * the same depot the AGVs on a broker drive, and makes it the site) or a
 * layout file (sim_layout.c).  Here the simulator keeps its view of it
 * (who holds which charger or parking place) and answers the map questions
 * the stepper needs (positions, hops, nearest free resource, a station to
 * go to), from the depot's lattice or the layout's graph (sim_graph.c). */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sim_node_pos(const sim_map *m, uint32_t n, double *x, double *y)
{
	if (m->graph) {
		sim_graph_pos(m->graph, n, x, y);
		return;
	}
	*x = (n % m->w) * SIM_SPACING_M;
	*y = (n / m->w) * SIM_SPACING_M;
}

uint32_t sim_hops(sim_state *s, uint32_t vi, uint32_t a, uint32_t b)
{
	if (!s->map.graph)
		return fo_depot_hops(s->map.depot, a, b);
	return sim_graph_route(s, vi, a, b);
}

sim_kind sim_node_kind(const sim_map *m, uint32_t n)
{
	if (m->graph)
		return sim_graph_kind(m->graph, n);
	return fo_depot_kind(m->depot, n);
}

uint32_t sim_find_free(const sim_map *m, uint32_t n, sim_kind kind, uint32_t radius)
{
	if (m->graph)
		return sim_graph_find_free(m->graph, n, kind, m->occupant);
	return fo_depot_find_free(m->depot, n, kind, radius, m->occupant);
}

uint32_t sim_pick_station(const sim_map *m, uint64_t *rng, uint32_t n)
{
	if (m->graph)
		return sim_graph_station(m->graph, rng, n);
	return fo_depot_station_near(m->depot, n, rng);
}

void sim_map_free(sim_map *m)
{
	fo_depot_free(m->depot);
	sim_graph_free(m->graph);
	free(m->zone);
	free(m->occupant);
	free(m->node_id);
	memset(m, 0, sizeof *m);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

/* The generated depot as the map. */
static int depot_build(sim_state *s, long vehicles, long fleets, long tenants, char *err,
                       size_t errlen)
{
	sim_map *mp = &s->map;
	const fo_depot_spec spec = {
	    .vehicles = vehicles,
	    .fleets = fleets,
	    .tenants = tenants,
	    .manufacturer = "AtlasMesh-Sim",
	    .seen_ms = s->step_wall_ms,
	};
	fo_depot *d = fo_depot_build(fo_core_model(s->core), &spec, &s->rng, err, errlen);
	if (!d)
		return -1;
	mp->depot = d;
	/* the depot is the site: missions are routed over it.  A depot too
	 * big for a LIF layout (more than about 12,000 vehicles) still runs,
	 * as before there were sites: unrouted, without traffic control. */
	char why[256];
	if (fo_site_use_depot(s->core, d, why, sizeof why) != 0)
		fo_log(s->core, FO_LOG_WARN,
		       "sim: the depot is not the site (%s): missions go unrouted, no traffic "
		       "control",
		       why);
	mp->w = fo_depot_width(d);
	mp->h = fo_depot_height(d);
	mp->node_base = fo_depot_node_base(d);
	uint32_t n = mp->w * mp->h;
	mp->nnodes = n;
	mp->zone = xcalloc(n, sizeof *mp->zone);
	mp->occupant = xcalloc(n, sizeof *mp->occupant);
	mp->node_id = xcalloc(n, sizeof *mp->node_id);
	for (uint32_t i = 0; i < n; i++) {
		mp->zone[i] = fo_depot_zone(d, i);
		mp->occupant[i] = SIM_NONE;
		snprintf(mp->node_id[i], FO_ID_LEN, "%s", fo_depot_node_id(d, i));
	}

	s->veh = xcalloc((size_t)vehicles, sizeof *s->veh);
	s->nvehicles = (uint32_t)vehicles;
	s->vehicle_base = fo_depot_vehicle_base(d);
	for (uint32_t i = 0; i < s->nvehicles; i++) {
		sim_vehicle *sv = &s->veh[i];
		uint32_t node = fo_depot_vehicle_node(d, i);
		sv->node = sv->next = sv->target = node;
		sv->drop = sv->resource = SIM_NONE;
		sv->vmax = (float)fo_depot_vehicle_vmax(d, i);
		sv->phase = SIM_IDLE;
		if (fo_depot_kind(d, node) == SIM_KIND_PARKING) {
			mp->occupant[node] = i;
			sv->resource = node;
			sv->phase = SIM_PARKED;
		}
	}
	return 0;
}

int sim_build(sim_state *s, const char *layout, long vehicles, long fleets, long tenants, char *err,
              size_t errlen)
{
	if (layout && *layout)
		return sim_layout_build(s, layout, vehicles, fleets, tenants, err, errlen);
	return depot_build(s, vehicles, fleets, tenants, err, errlen);
}
