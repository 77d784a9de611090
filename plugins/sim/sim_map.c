/* sim_map.c — builds the simulated depot (lattice map, zones, chargers,
 * parking, stations), its tenants, fleets and vehicles, into the model; and
 * answers the map questions the stepper asks (next hop, nearest free
 * resource, a station to go to). */
#include "sim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Offsets inside a block of SIM_BLOCK x SIM_BLOCK nodes. */
typedef struct {
	uint8_t x, y;
} sim_off;

static const sim_off charger_off[2] = {{1, 1}, {2, 1}};
static const sim_off parking_off[2] = {{4, 1}, {5, 1}};
static const sim_off station_off[2] = {{1, 4}, {4, 4}};

static const sim_off *kind_offsets(sim_kind k)
{
	switch (k) {
	case SIM_KIND_CHARGER:
		return charger_off;
	case SIM_KIND_PARKING:
		return parking_off;
	case SIM_KIND_STATION:
		return station_off;
	default:
		return NULL;
	}
}

uint32_t sim_node_x(const sim_map *m, uint32_t n)
{
	return n % m->w;
}

uint32_t sim_node_y(const sim_map *m, uint32_t n)
{
	return n / m->w;
}

static uint32_t absdiff(uint32_t a, uint32_t b)
{
	return a > b ? a - b : b - a;
}

uint32_t sim_hops(const sim_map *m, uint32_t a, uint32_t b)
{
	return absdiff(sim_node_x(m, a), sim_node_x(m, b)) +
	       absdiff(sim_node_y(m, a), sim_node_y(m, b));
}

uint32_t sim_next_hop(const sim_map *m, uint32_t from, uint32_t to)
{
	uint32_t fx = sim_node_x(m, from), fy = sim_node_y(m, from);
	uint32_t tx = sim_node_x(m, to), ty = sim_node_y(m, to);
	/* Alternate axes by position so traffic spreads over the lattice
	 * instead of every vehicle taking the same L-shaped route. */
	bool x_first = ((fx + fy) & 1u) == 0;
	if (fx != tx && (x_first || fy == ty))
		return fx < tx ? from + 1 : from - 1;
	if (fy != ty)
		return fy < ty ? from + m->w : from - m->w;
	return from;
}

uint32_t sim_find_free(const sim_map *m, uint32_t n, sim_kind kind, uint32_t radius)
{
	const sim_off *off = kind_offsets(kind);
	if (!off)
		return SIM_NONE;
	long bw = m->w / SIM_BLOCK, bh = m->h / SIM_BLOCK;
	long bx = sim_node_x(m, n) / SIM_BLOCK, by = sim_node_y(m, n) / SIM_BLOCK;
	for (long r = 0; r <= (long)radius; r++) {
		uint32_t best = SIM_NONE, best_d = UINT32_MAX;
		for (long dy = -r; dy <= r; dy++) {
			for (long dx = -r; dx <= r; dx++) {
				if (labs(dx) != r && labs(dy) != r)
					continue; /* only the ring */
				long cx = bx + dx, cy = by + dy;
				if (cx < 0 || cy < 0 || cx >= bw || cy >= bh)
					continue;
				for (int k = 0; k < 2; k++) {
					uint32_t c = (uint32_t)((cy * SIM_BLOCK + off[k].y) * m->w +
					                        cx * SIM_BLOCK + off[k].x);
					if (m->occupant[c] != SIM_NONE)
						continue;
					uint32_t d = sim_hops(m, n, c);
					if (d < best_d) {
						best_d = d;
						best = c;
					}
				}
			}
		}
		if (best != SIM_NONE)
			return best;
	}
	return SIM_NONE;
}

uint32_t sim_pick_station(const sim_map *m, uint64_t *rng, uint32_t n)
{
	long bw = m->w / SIM_BLOCK, bh = m->h / SIM_BLOCK;
	long bx = sim_node_x(m, n) / SIM_BLOCK, by = sim_node_y(m, n) / SIM_BLOCK;
	long cx = bx + (long)sim_rand_below(rng, 7) - 3;
	long cy = by + (long)sim_rand_below(rng, 7) - 3;
	cx = cx < 0 ? 0 : cx >= bw ? bw - 1 : cx;
	cy = cy < 0 ? 0 : cy >= bh ? bh - 1 : cy;
	int k = (int)sim_rand_below(rng, 2);
	uint32_t c = (uint32_t)((cy * SIM_BLOCK + station_off[k].y) * m->w + cx * SIM_BLOCK +
	                        station_off[k].x);
	if (c == n)
		c = (uint32_t)((cy * SIM_BLOCK + station_off[1 - k].y) * m->w + cx * SIM_BLOCK +
		               station_off[1 - k].x);
	return c;
}

void sim_map_free(sim_map *m)
{
	free(m->kind);
	free(m->zone);
	free(m->occupant);
	free(m->node_id);
	memset(m, 0, sizeof *m);
}

static uint32_t round_up_block(uint32_t v)
{
	return (v + SIM_BLOCK - 1) / SIM_BLOCK * SIM_BLOCK;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

static int build_people(sim_state *s, long fleets, long tenants, uint32_t *fleet_base, char *err,
                        size_t errlen)
{
	fo_model *m = fo_core_model(s->core);
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

static int build_zones(sim_state *s, long vehicles, uint32_t *zc, uint32_t *zr, char *err,
                       size_t errlen)
{
	sim_map *mp = &s->map;
	fo_model *m = fo_core_model(s->core);
	uint32_t bw = mp->w / SIM_BLOCK, bh = mp->h / SIM_BLOCK;
	long want = vehicles / 50;
	want = want < 4 ? 4 : want > 64 ? 64 : want;
	uint32_t c = (uint32_t)ceil(sqrt((double)want));
	c = c > bw ? bw : c;
	uint32_t r = (uint32_t)((want + c - 1) / c);
	r = r > bh ? bh : r;
	*zc = c;
	*zr = r;
	for (uint32_t zy = 0; zy < r; zy++) {
		for (uint32_t zx = 0; zx < c; zx++) {
			fo_map_zone z;
			memset(&z, 0, sizeof z);
			snprintf(z.id, sizeof z.id, "zone-%u", zy * c + zx + 1);
			snprintf(z.name, sizeof z.name, "Zone %c%u", (char)('A' + zy % 26), zx + 1);
			/* Blocks [zx*bw/c, (zx+1)*bw/c) belong to this zone. */
			uint32_t b0x = zx * bw / c, b1x = (zx + 1) * bw / c;
			uint32_t b0y = zy * bh / r, b1y = (zy + 1) * bh / r;
			z.x0 = (b0x * SIM_BLOCK - 0.5) * SIM_SPACING_M;
			z.x1 = (b1x * SIM_BLOCK - 0.5) * SIM_SPACING_M;
			z.y0 = (b0y * SIM_BLOCK - 0.5) * SIM_SPACING_M;
			z.y1 = (b1y * SIM_BLOCK - 0.5) * SIM_SPACING_M;
			int i = fo_model_zone_add(m, &z, err, errlen);
			if (i < 0)
				return -1;
			if (zx == 0 && zy == 0)
				mp->zone_base = (uint32_t)i;
		}
	}
	return 0;
}

static sim_kind kind_at(uint32_t x, uint32_t y)
{
	uint32_t lx = x % SIM_BLOCK, ly = y % SIM_BLOCK;
	static const sim_kind kinds[] = {SIM_KIND_CHARGER, SIM_KIND_PARKING, SIM_KIND_STATION};
	for (size_t k = 0; k < 3; k++) {
		const sim_off *o = kind_offsets(kinds[k]);
		for (int j = 0; j < 2; j++)
			if (o[j].x == lx && o[j].y == ly)
				return kinds[k];
	}
	return SIM_KIND_PLAIN;
}

static int build_map(sim_state *s, long vehicles, char *err, size_t errlen)
{
	sim_map *mp = &s->map;
	fo_model *m = fo_core_model(s->core);
	/* About two nodes per vehicle, so the depot is busy but not jammed. */
	double want = 2.0 * (double)vehicles + 72.0;
	mp->w = round_up_block((uint32_t)ceil(sqrt(want)));
	mp->h = round_up_block((uint32_t)ceil(want / mp->w));
	uint32_t n = mp->w * mp->h;
	mp->kind = xcalloc(n, sizeof *mp->kind);
	mp->zone = xcalloc(n, sizeof *mp->zone);
	mp->occupant = xcalloc(n, sizeof *mp->occupant);
	mp->node_id = xcalloc(n, sizeof *mp->node_id);

	uint32_t zc, zr;
	if (build_zones(s, vehicles, &zc, &zr, err, errlen) < 0)
		return -1;
	uint32_t bw = mp->w / SIM_BLOCK, bh = mp->h / SIM_BLOCK;
	uint32_t counts[4] = {0, 0, 0, 0};
	static const char *const prefix[4] = {"N", "CH", "PK", "ST"};
	static const fo_node_kind model_kind[4] = {FO_NODE_PLAIN, FO_NODE_CHARGER, FO_NODE_PARKING,
	                                           FO_NODE_STATION};
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = i % mp->w, y = i / mp->w;
		sim_kind k = kind_at(x, y);
		fo_map_node node;
		memset(&node, 0, sizeof node);
		snprintf(node.id, sizeof node.id, "%s-%05u", prefix[k], ++counts[k]);
		node.x = x * SIM_SPACING_M;
		node.y = y * SIM_SPACING_M;
		uint32_t zx = (x / SIM_BLOCK) * zc / bw, zy = (y / SIM_BLOCK) * zr / bh;
		node.zone = mp->zone_base + zy * zc + zx;
		node.kind = model_kind[k];
		int idx = fo_model_node_add(m, &node, err, errlen);
		if (idx < 0)
			return -1;
		if (i == 0)
			mp->node_base = (uint32_t)idx;
		mp->kind[i] = (uint8_t)k;
		mp->zone[i] = node.zone;
		mp->occupant[i] = SIM_NONE;
		memcpy(mp->node_id[i], node.id, FO_ID_LEN);
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = i % mp->w, y = i / mp->w;
		uint32_t nb[2] = {x + 1 < mp->w ? i + 1 : SIM_NONE,
		                  y + 1 < mp->h ? i + mp->w : SIM_NONE};
		for (int k = 0; k < 2; k++) {
			if (nb[k] == SIM_NONE)
				continue;
			fo_map_edge e;
			memset(&e, 0, sizeof e);
			snprintf(e.id, sizeof e.id, "E-%u-%u", i, nb[k]);
			e.from = mp->node_base + i;
			e.to = mp->node_base + nb[k];
			e.length_m = SIM_SPACING_M;
			if (fo_model_edge_add(m, &e, err, errlen) < 0)
				return -1;
		}
	}
	return 0;
}

static int build_vehicles(sim_state *s, long vehicles, long fleets, uint32_t fleet_base, char *err,
                          size_t errlen)
{
	sim_map *mp = &s->map;
	fo_model *m = fo_core_model(s->core);
	uint32_t n = mp->w * mp->h;
	/* A prime larger than any node count: i * P mod n visits distinct nodes,
	 * so no two vehicles start on the same node. */
	const uint64_t stride = 1000003;
	uint64_t offset = sim_rand_below(&s->rng, n);
	s->veh = xcalloc((size_t)vehicles, sizeof *s->veh);
	s->nvehicles = (uint32_t)vehicles;
	for (long i = 0; i < vehicles; i++) {
		char id[FO_ID_LEN];
		snprintf(id, sizeof id, "AGV-%05ld", i + 1);
		fo_vehicle *v =
		    fo_model_vehicle_add(m, id, fleet_base + (uint32_t)(i % fleets), err, errlen);
		if (!v)
			return -1;
		if (i == 0)
			s->vehicle_base = v->idx;
		sim_vehicle *sv = &s->veh[i];
		uint32_t node = (uint32_t)(((uint64_t)i * stride + offset) % n);
		sv->node = sv->next = sv->target = node;
		sv->drop = sv->resource = SIM_NONE;
		sv->vmax = (float)(1.2 + 0.8 * sim_rand01(&s->rng));
		sv->phase = SIM_IDLE;
		if (mp->kind[node] == SIM_KIND_PARKING) {
			mp->occupant[node] = (uint32_t)i;
			sv->resource = node;
			sv->phase = SIM_PARKED;
		}
		snprintf(v->manufacturer, sizeof v->manufacturer, "AtlasMesh-Sim");
		v->x = sim_node_x(mp, node) * SIM_SPACING_M;
		v->y = sim_node_y(mp, node) * SIM_SPACING_M;
		v->theta = 0;
		v->battery = 22.0 + 78.0 * sim_rand01(&s->rng);
		memcpy(v->last_node, mp->node_id[node], FO_ID_LEN);
		v->zone = mp->zone[node];
		v->last_seen_ms = s->step_wall_ms;
		fo_model_touch(m, v);
	}
	return 0;
}

int sim_build(sim_state *s, long vehicles, long fleets, long tenants, char *err, size_t errlen)
{
	uint32_t fleet_base = 0;
	if (build_people(s, fleets, tenants, &fleet_base, err, errlen) < 0)
		return -1;
	if (build_map(s, vehicles, err, errlen) < 0)
		return -1;
	return build_vehicles(s, vehicles, fleets, fleet_base, err, errlen);
}
