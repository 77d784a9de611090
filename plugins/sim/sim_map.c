/* sim_map.c — the simulated depot: the core builds the map, tenants, fleets
 * and vehicles into the model (fo_depot_build, the same depot the AGVs on a
 * broker drive); here the simulator keeps its view of it (who holds which
 * charger or parking place) and asks it the map questions the stepper
 * needs (next hop, nearest free resource, a station to go to). */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t sim_node_x(const sim_map *m, uint32_t n)
{
	return n % m->w;
}

uint32_t sim_node_y(const sim_map *m, uint32_t n)
{
	return n / m->w;
}

uint32_t sim_hops(const sim_map *m, uint32_t a, uint32_t b)
{
	return fo_depot_hops(m->depot, a, b);
}

uint32_t sim_next_hop(const sim_map *m, uint32_t from, uint32_t to)
{
	return fo_depot_next_hop(m->depot, from, to);
}

uint32_t sim_find_free(const sim_map *m, uint32_t n, sim_kind kind, uint32_t radius)
{
	return fo_depot_find_free(m->depot, n, kind, radius, m->occupant);
}

uint32_t sim_pick_station(const sim_map *m, uint64_t *rng, uint32_t n)
{
	return fo_depot_station_near(m->depot, n, rng);
}

void sim_map_free(sim_map *m)
{
	fo_depot_free(m->depot);
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

int sim_build(sim_state *s, long vehicles, long fleets, long tenants, char *err, size_t errlen)
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
	/* the depot is the site (routes, traffic control); a depot too large
	 * for a LIF layout runs without one, as before */
	char why[256];
	if (fo_site_use_depot(s->core, d, why, sizeof why) != 0)
		fo_log(s->core, FO_LOG_WARN, "sim: the depot is not the site: %s", why);
	mp->w = fo_depot_width(d);
	mp->h = fo_depot_height(d);
	mp->node_base = fo_depot_node_base(d);
	uint32_t n = mp->w * mp->h;
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
