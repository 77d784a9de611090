/* sim_layout.c — a LIF layout file as the simulator's map (sim.layout):
 * the core puts its nodes, edges and zones into the model and makes it the
 * site (fo_site_load_file); here the simulator adds what the generated
 * depot would (core/map/depot.c): tenants tenant-a..., fleets fleet-1...,
 * vehicles AGV-00001... of manufacturer AtlasMesh-Sim with top speed and
 * charge drawn from the seeded rng in the depot's order, so a seed gives
 * the same run.
 *
 * Vehicles start on distinct nodes, in a fixed order: parking places
 * first (each then held by its vehicle, as on the depot), then plain
 * nodes, stations, chargers — resources stay free as long as there is
 * room.  A layout with fewer nodes than vehicles is refused. */
#include "sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

static int add_people(fo_model *m, long fleets, long tenants, uint32_t *fleet_base, char *err,
                      size_t errlen)
{
	long tbase = -1;
	for (long t = 0; t < tenants; t++) {
		char id[FO_ID_LEN], name[48];
		snprintf(id, sizeof id, "tenant-%c", (char)('a' + t));
		snprintf(name, sizeof name, "Tenant %c (simulated)", (char)('A' + t));
		int i = fo_model_tenant_add(m, id, name, err, errlen);
		if (i < 0)
			return -1;
		if (tbase < 0)
			tbase = i;
	}
	for (long f = 0; f < fleets; f++) {
		char id[FO_ID_LEN], name[48];
		snprintf(id, sizeof id, "fleet-%ld", f + 1);
		snprintf(name, sizeof name, "Fleet %ld (simulated)", f + 1);
		int i =
		    fo_model_fleet_add(m, id, name, (uint32_t)(tbase + f % tenants), err, errlen);
		if (i < 0)
			return -1;
		if (f == 0)
			*fleet_base = (uint32_t)i;
	}
	return 0;
}

/* The starting nodes, one per vehicle: parking, plain, station, charger. */
static void start_nodes(const sim_map *mp, fo_model *m, uint32_t *start, uint32_t vehicles)
{
	static const fo_node_kind order[] = {FO_NODE_PARKING, FO_NODE_PLAIN, FO_NODE_STATION,
	                                     FO_NODE_CHARGER};
	uint32_t got = 0;
	for (size_t k = 0; k < FO_NELEM(order) && got < vehicles; k++)
		for (uint32_t n = 0; n < mp->nnodes && got < vehicles; n++)
			if (fo_model_node(m, mp->node_base + n)->kind == order[k])
				start[got++] = n;
}

static int add_vehicles(sim_state *s, long vehicles, long fleets, uint32_t fleet_base, char *err,
                        size_t errlen)
{
	fo_model *m = fo_core_model(s->core);
	sim_map *mp = &s->map;
	uint32_t *start = xcalloc((size_t)vehicles, sizeof *start);
	start_nodes(mp, m, start, (uint32_t)vehicles);
	s->veh = xcalloc((size_t)vehicles, sizeof *s->veh);
	for (long i = 0; i < vehicles; i++) {
		char id[FO_ID_LEN];
		snprintf(id, sizeof id, "AGV-%05ld", i + 1);
		fo_vehicle *v =
		    fo_model_vehicle_add(m, id, fleet_base + (uint32_t)(i % fleets), err, errlen);
		if (!v) {
			free(start);
			return -1;
		}
		if (i == 0)
			s->vehicle_base = v->idx;
		s->nvehicles = (uint32_t)i + 1;
		uint32_t node = start[i];
		const fo_map_node *nd = fo_model_node(m, mp->node_base + node);
		sim_vehicle *sv = &s->veh[i];
		sv->node = sv->next = sv->target = node;
		sv->drop = sv->resource = SIM_NONE;
		sv->vmax = (float)(1.2 + 0.8 * sim_rand01(&s->rng));
		sv->phase = SIM_IDLE;
		if (nd->kind == FO_NODE_PARKING) {
			mp->occupant[node] = (uint32_t)i;
			sv->resource = node;
			sv->phase = SIM_PARKED;
		}
		snprintf(v->manufacturer, sizeof v->manufacturer, "AtlasMesh-Sim");
		v->x = nd->x;
		v->y = nd->y;
		v->theta = 0;
		v->battery = 22.0 + 78.0 * sim_rand01(&s->rng);
		memcpy(v->last_node, mp->node_id[node], FO_ID_LEN);
		v->zone = mp->zone[node];
		v->last_seen_ms = s->step_wall_ms;
		fo_model_touch(m, v);
	}
	free(start);
	return 0;
}

int sim_layout_build(sim_state *s, const char *path, long vehicles, long fleets, long tenants,
                     char *err, size_t errlen)
{
	fo_model *m = fo_core_model(s->core);
	sim_map *mp = &s->map;
	if (fo_site_load_file(s->core, path, err, errlen) != 0)
		return -1;
	size_t n = fo_model_node_count(m);
	if (n < (size_t)vehicles) {
		snprintf(err, errlen,
		         "layout %s has %zu nodes, fewer than the %ld vehicles of sim.vehicles "
		         "(each starts on a node of its own)",
		         path, n, vehicles);
		return -1;
	}
	snprintf(mp->layout, sizeof mp->layout, "%s", path);
	mp->node_base = 0; /* fo_site_load_file wants an empty model */
	mp->nnodes = (uint32_t)n;
	mp->zone = xcalloc(n, sizeof *mp->zone);
	mp->occupant = xcalloc(n, sizeof *mp->occupant);
	mp->node_id = xcalloc(n, sizeof *mp->node_id);
	for (uint32_t i = 0; i < n; i++) {
		const fo_map_node *nd = fo_model_node(m, i);
		mp->zone[i] = nd->zone;
		mp->occupant[i] = SIM_NONE;
		memcpy(mp->node_id[i], nd->id, FO_ID_LEN);
	}
	uint32_t fleet_base = 0;
	if (add_people(m, fleets, tenants, &fleet_base, err, errlen) < 0 ||
	    add_vehicles(s, vehicles, fleets, fleet_base, err, errlen) < 0)
		return -1;
	mp->graph = sim_graph_new(s->core, mp, s->nvehicles, s->vehicle_base);
	return 0;
}
