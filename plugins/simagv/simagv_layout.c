/* simagv_layout.c — the AGVs on a broker driving a LIF layout file
 * (`fleetops sim --mqtt URL --layout FILE`, sim.layout) rather than the
 * generated depot: the file becomes the site of this process
 * (fo_site_load_file), the vehicles start on distinct layout nodes drawn
 * from the seed, orders may only follow the layout's edges in their
 * direction (simagv_agv.c asks sa_layout_edge_speed), and positions carry
 * the layout's mapIds. */
#include "simagv.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shuffles idx[0..n) with the seed's generator (Fisher-Yates). */
static void shuffle(uint32_t *idx, uint32_t n, uint64_t *rng)
{
	for (uint32_t i = n; i > 1; i--) {
		uint32_t k = fo_rand_below(rng, i);
		uint32_t t = idx[i - 1];
		idx[i - 1] = idx[k];
		idx[k] = t;
	}
}

/* Starting nodes for n vehicles (model node indices, OWNED): parking
 * places first, then the other nodes, each group in an order drawn from
 * the seed, so the same file and seed give the same places. */
static uint32_t *start_nodes(fo_model *m, uint32_t n, uint64_t *rng)
{
	uint32_t total = (uint32_t)fo_model_node_count(m), np = 0, no = 0;
	uint32_t *park = calloc(total, sizeof *park), *other = calloc(total, sizeof *other);
	uint32_t *out = calloc(n, sizeof *out);
	if (!park || !other || !out)
		abort();
	for (uint32_t i = 0; i < total; i++) {
		if (fo_model_node(m, i)->kind == FO_NODE_PARKING)
			park[np++] = i;
		else
			other[no++] = i;
	}
	shuffle(park, np, rng);
	shuffle(other, no, rng);
	for (uint32_t i = 0; i < n; i++)
		out[i] = i < np ? park[i] : other[i - np];
	free(park);
	free(other);
	return out;
}

/* The vehicle type ids a LIF document names (nodes' and edges'
 * vehicleType*Properties), the first max into types; returns how many,
 * max + 1 for more than max.  The
 * plugin ABI does not list a layout's vehicle types, so the file is read
 * once more here; it was already checked by fo_site_load_file. */
static size_t layout_types(const char *path, char types[][64], size_t max)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	size_t n = 0;
	json_t *layouts = json_object_get(root, "layouts"), *ly;
	size_t i;
	json_array_foreach(layouts, i, ly)
	{
		static const char *const lists[][2] = {{"nodes", "vehicleTypeNodeProperties"},
		                                       {"edges", "vehicleTypeEdgeProperties"}};
		for (size_t l = 0; l < 2; l++) {
			json_t *items = json_object_get(ly, lists[l][0]), *it;
			size_t j;
			json_array_foreach(items, j, it)
			{
				json_t *props = json_object_get(it, lists[l][1]), *p;
				size_t k;
				json_array_foreach(props, k, p)
				{
					const char *t =
					    json_string_value(json_object_get(p, "vehicleTypeId"));
					if (t && strlen(t) >= 64)
						n = max + 1; /* too long for a seriesName here */
					bool seen = !t || n > max;
					for (size_t q = 0; q < n && q < max && !seen; q++)
						seen = strcmp(types[q], t) == 0;
					if (!seen && n < max)
						snprintf(types[n], 64, "%s", t);
					n += !seen && n <= max; /* max + 1: more than we keep */
				}
			}
		}
	}
	json_decref(root);
	return n;
}

/* The distinct mapIds of the layout's nodes, for the state's maps. */
static void collect_maps(sa_sim *s, fo_model *m)
{
	for (size_t i = 0; i < fo_model_node_count(m); i++) {
		const char *id = fo_site_map_id(s->core, fo_model_node(m, i)->id);
		bool seen = !id || !*id;
		for (size_t k = 0; k < s->nmaps && !seen; k++)
			seen = strcmp(s->maps[k], id) == 0;
		if (!seen && s->nmaps < SA_MAX_MAPS)
			snprintf(s->maps[s->nmaps++], sizeof s->maps[0], "%s", id);
	}
}

int sa_layout_build(sa_sim *s, const char *path, long n, char *err, size_t errlen)
{
	fo_core *core = s->core;
	fo_model *m = fo_core_model(core);
	char why[512];
	if (fo_site_load_file(core, path, why, sizeof why) != 0) {
		snprintf(err, errlen, "layout %s", why);
		return -1;
	}
	size_t nodes = fo_model_node_count(m);
	if ((size_t)n > nodes) {
		snprintf(err, errlen,
		         "layout %s has %zu nodes, too few for %ld vehicles (one node each)", path,
		         nodes, n);
		return -1;
	}
	/* The vehicles' type must resolve on this layout, or every order
	 * would be refused: a route from a node to itself tells. */
	fo_site_path p;
	if (fo_site_route(core, 0, fo_model_node(m, 0)->id, fo_model_node(m, 0)->id, &p, why,
	                  sizeof why) != 0) {
		snprintf(err, errlen, "layout %s: %s (set map.vehicle_type)", path, why);
		return -1;
	}
	fo_site_path_free(&p);
	s->layout = true;
	/* The factsheet's seriesName: the type the master control routes the
	 * vehicle as (core/map/site.c: vehicle_type). */
	char types[4][64];
	const char *want = fo_config_str(core, "map.vehicle_type");
	if (want && *want)
		snprintf(s->series, sizeof s->series, "%s", want);
	else if (layout_types(path, types, 4) == 1)
		snprintf(s->series, sizeof s->series, "%s", types[0]);
	collect_maps(s, m);

	uint64_t rng = sa_seed(core);
	uint32_t *at = start_nodes(m, (uint32_t)n, &rng);
	sa_vehicles_alloc(s, (uint32_t)n);
	for (uint32_t i = 0; i < s->n; i++) {
		const fo_map_node *node = fo_model_node(m, at[i]);
		char serial[FO_ID_LEN];
		snprintf(serial, sizeof serial, "AGV-%05u", i + 1);
		/* top speed and battery drawn as the depot's vehicles' */
		double vmax = (float)(1.2 + 0.8 * fo_rand01(&rng));
		double battery = 22.0 + 78.0 * fo_rand01(&rng);
		sa_vehicle_init(s, i, serial, node->id, node->x, node->y, 0, battery, vmax);
	}
	free(at);
	return 0;
}

const char *sa_map_id(const sa_sim *s, const char *node_id)
{
	if (!s->layout)
		return SA_MAP_ID;
	const char *id = fo_site_map_id(s->core, node_id);
	return id ? id : "";
}

double sa_layout_edge_speed(sa_vehicle *v, const char *from, const char *to)
{
	/* The vehicles are not in this process's model: their type is
	 * map.vehicle_type or the layout's only one, as in the checks above. */
	return fo_site_edge_speed(v->sim->core, v->idx, from, to);
}
