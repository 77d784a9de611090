/* depot.c — the generated depot (fleetops_plugin.h, "depot map"): a
 * lattice map with zones, chargers, parking places and stations, its
 * tenants, fleets and vehicles at their starting places, built into the
 * model; and the map questions a simulator asks (next hop, nearest free
 * resource, a station to go to).  Both simulators build it — the demo's
 * (plugins/sim) and the AGVs on a broker (plugins/simagv) — so node ids seen
 * in one are valid in the other; it is the same for the same vehicle count
 * and seed wherever it is built. */
#include "fleetops_plugin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fo_depot {
	uint32_t w, h;              /* lattice size in nodes (multiples of FO_DEPOT_BLOCK) */
	uint32_t node_base;         /* model index of lattice node 0 */
	uint32_t zone_base;         /* model index of the first zone */
	uint8_t *kind;              /* per node, fo_node_kind */
	uint32_t *zone;             /* per node, model zone index */
	char (*node_id)[FO_ID_LEN]; /* per node, copy of the model id */
	uint32_t vehicle_base;      /* model index of vehicle 0 */
	uint32_t nvehicles;
	uint32_t *start; /* per vehicle, its starting node */
	float *vmax;     /* per vehicle, m/s */
};

/* ---- splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for a
 * simulation, and ours, so a seed means the same run everywhere. */

uint64_t fo_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

double fo_rand01(uint64_t *s)
{
	return (double)(fo_rand(s) >> 11) * (1.0 / 9007199254740992.0);
}

uint32_t fo_rand_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((fo_rand(s) >> 32) * (uint64_t)n) >> 32);
}

/* ---- layout: offsets inside a block of FO_DEPOT_BLOCK x FO_DEPOT_BLOCK nodes */

typedef struct {
	uint8_t x, y;
} depot_off;

static const depot_off charger_off[2] = {{1, 1}, {2, 1}};
static const depot_off parking_off[2] = {{4, 1}, {5, 1}};
static const depot_off station_off[2] = {{1, 4}, {4, 4}};

static const depot_off *kind_offsets(fo_node_kind k)
{
	switch (k) {
	case FO_NODE_CHARGER:
		return charger_off;
	case FO_NODE_PARKING:
		return parking_off;
	case FO_NODE_STATION:
		return station_off;
	default:
		return NULL;
	}
}

static fo_node_kind kind_at(uint32_t x, uint32_t y)
{
	uint32_t lx = x % FO_DEPOT_BLOCK, ly = y % FO_DEPOT_BLOCK;
	static const fo_node_kind kinds[] = {FO_NODE_CHARGER, FO_NODE_PARKING, FO_NODE_STATION};
	for (size_t k = 0; k < 3; k++) {
		const depot_off *o = kind_offsets(kinds[k]);
		for (int j = 0; j < 2; j++)
			if (o[j].x == lx && o[j].y == ly)
				return kinds[k];
	}
	return FO_NODE_PLAIN;
}

/* ---- lookups */

uint32_t fo_depot_width(const fo_depot *d)
{
	return d->w;
}

uint32_t fo_depot_height(const fo_depot *d)
{
	return d->h;
}

uint32_t fo_depot_node_base(const fo_depot *d)
{
	return d->node_base;
}

fo_node_kind fo_depot_kind(const fo_depot *d, uint32_t n)
{
	return (fo_node_kind)d->kind[n];
}

uint32_t fo_depot_zone(const fo_depot *d, uint32_t n)
{
	return d->zone[n];
}

const char *fo_depot_node_id(const fo_depot *d, uint32_t n)
{
	return d->node_id[n];
}

uint32_t fo_depot_vehicle_base(const fo_depot *d)
{
	return d->vehicle_base;
}

uint32_t fo_depot_vehicle_node(const fo_depot *d, uint32_t i)
{
	return d->start[i];
}

double fo_depot_vehicle_vmax(const fo_depot *d, uint32_t i)
{
	return d->vmax[i];
}

static uint32_t node_x(const fo_depot *d, uint32_t n)
{
	return n % d->w;
}

static uint32_t node_y(const fo_depot *d, uint32_t n)
{
	return n / d->w;
}

static uint32_t absdiff(uint32_t a, uint32_t b)
{
	return a > b ? a - b : b - a;
}

uint32_t fo_depot_hops(const fo_depot *d, uint32_t a, uint32_t b)
{
	return absdiff(node_x(d, a), node_x(d, b)) + absdiff(node_y(d, a), node_y(d, b));
}

uint32_t fo_depot_next_hop(const fo_depot *d, uint32_t from, uint32_t to)
{
	uint32_t fx = node_x(d, from), fy = node_y(d, from);
	uint32_t tx = node_x(d, to), ty = node_y(d, to);
	/* Alternate axes by position so traffic spreads over the lattice
	 * instead of every vehicle taking the same L-shaped route. */
	bool x_first = ((fx + fy) & 1u) == 0;
	if (fx != tx && (x_first || fy == ty))
		return fx < tx ? from + 1 : from - 1;
	if (fy != ty)
		return fy < ty ? from + d->w : from - d->w;
	return from;
}

uint32_t fo_depot_find_free(const fo_depot *d, uint32_t n, fo_node_kind kind, uint32_t radius,
                            const uint32_t *occupant)
{
	const depot_off *off = kind_offsets(kind);
	if (!off)
		return FO_DEPOT_NONE;
	long bw = d->w / FO_DEPOT_BLOCK, bh = d->h / FO_DEPOT_BLOCK;
	long bx = node_x(d, n) / FO_DEPOT_BLOCK, by = node_y(d, n) / FO_DEPOT_BLOCK;
	for (long r = 0; r <= (long)radius; r++) {
		uint32_t best = FO_DEPOT_NONE, best_d = UINT32_MAX;
		for (long dy = -r; dy <= r; dy++) {
			for (long dx = -r; dx <= r; dx++) {
				if (labs(dx) != r && labs(dy) != r)
					continue; /* only the ring */
				long cx = bx + dx, cy = by + dy;
				if (cx < 0 || cy < 0 || cx >= bw || cy >= bh)
					continue;
				for (int k = 0; k < 2; k++) {
					uint32_t c =
					    (uint32_t)((cy * FO_DEPOT_BLOCK + off[k].y) * d->w +
					               cx * FO_DEPOT_BLOCK + off[k].x);
					if (occupant && occupant[c] != FO_DEPOT_NONE)
						continue;
					uint32_t dist = fo_depot_hops(d, n, c);
					if (dist < best_d) {
						best_d = dist;
						best = c;
					}
				}
			}
		}
		if (best != FO_DEPOT_NONE)
			return best;
	}
	return FO_DEPOT_NONE;
}

uint32_t fo_depot_station_near(const fo_depot *d, uint32_t n, uint64_t *rng)
{
	long bw = d->w / FO_DEPOT_BLOCK, bh = d->h / FO_DEPOT_BLOCK;
	long bx = node_x(d, n) / FO_DEPOT_BLOCK, by = node_y(d, n) / FO_DEPOT_BLOCK;
	long cx = bx + (long)fo_rand_below(rng, 7) - 3;
	long cy = by + (long)fo_rand_below(rng, 7) - 3;
	cx = cx < 0 ? 0 : cx >= bw ? bw - 1 : cx;
	cy = cy < 0 ? 0 : cy >= bh ? bh - 1 : cy;
	int k = (int)fo_rand_below(rng, 2);
	uint32_t c = (uint32_t)((cy * FO_DEPOT_BLOCK + station_off[k].y) * d->w +
	                        cx * FO_DEPOT_BLOCK + station_off[k].x);
	if (c == n)
		c = (uint32_t)((cy * FO_DEPOT_BLOCK + station_off[1 - k].y) * d->w +
		               cx * FO_DEPOT_BLOCK + station_off[1 - k].x);
	return c;
}

/* ---- building */

void fo_depot_free(fo_depot *d)
{
	if (!d)
		return;
	free(d->kind);
	free(d->zone);
	free(d->node_id);
	free(d->start);
	free(d->vmax);
	free(d);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort(); /* out of memory is fatal, as everywhere in fleetops */
	return p;
}

static uint32_t round_up_block(uint32_t v)
{
	return (v + FO_DEPOT_BLOCK - 1) / FO_DEPOT_BLOCK * FO_DEPOT_BLOCK;
}

static int build_people(fo_model *m, long fleets, long tenants, uint32_t *fleet_base, char *err,
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

static int build_zones(fo_depot *d, fo_model *m, long vehicles, uint32_t *zc, uint32_t *zr,
                       char *err, size_t errlen)
{
	uint32_t bw = d->w / FO_DEPOT_BLOCK, bh = d->h / FO_DEPOT_BLOCK;
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
			z.x0 = (b0x * FO_DEPOT_BLOCK - 0.5) * FO_DEPOT_SPACING_M;
			z.x1 = (b1x * FO_DEPOT_BLOCK - 0.5) * FO_DEPOT_SPACING_M;
			z.y0 = (b0y * FO_DEPOT_BLOCK - 0.5) * FO_DEPOT_SPACING_M;
			z.y1 = (b1y * FO_DEPOT_BLOCK - 0.5) * FO_DEPOT_SPACING_M;
			int i = fo_model_zone_add(m, &z, err, errlen);
			if (i < 0)
				return -1;
			if (zx == 0 && zy == 0)
				d->zone_base = (uint32_t)i;
		}
	}
	return 0;
}

static int build_map(fo_depot *d, fo_model *m, long vehicles, char *err, size_t errlen)
{
	/* About two nodes per vehicle, so the depot is busy but not jammed. */
	double want = 2.0 * (double)vehicles + 72.0;
	d->w = round_up_block((uint32_t)ceil(sqrt(want)));
	d->h = round_up_block((uint32_t)ceil(want / d->w));
	uint32_t n = d->w * d->h;
	d->kind = xcalloc(n, sizeof *d->kind);
	d->zone = xcalloc(n, sizeof *d->zone);
	d->node_id = xcalloc(n, sizeof *d->node_id);

	uint32_t zc, zr;
	if (build_zones(d, m, vehicles, &zc, &zr, err, errlen) < 0)
		return -1;
	uint32_t bw = d->w / FO_DEPOT_BLOCK, bh = d->h / FO_DEPOT_BLOCK;
	uint32_t counts[4] = {0, 0, 0, 0};
	/* indexed by fo_node_kind */
	static const char *const prefix[4] = {"N", "CH", "PK", "ST"};
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = i % d->w, y = i / d->w;
		fo_node_kind k = kind_at(x, y);
		fo_map_node node;
		memset(&node, 0, sizeof node);
		snprintf(node.id, sizeof node.id, "%s-%05u", prefix[k], ++counts[k]);
		node.x = x * FO_DEPOT_SPACING_M;
		node.y = y * FO_DEPOT_SPACING_M;
		uint32_t zx = (x / FO_DEPOT_BLOCK) * zc / bw, zy = (y / FO_DEPOT_BLOCK) * zr / bh;
		node.zone = d->zone_base + zy * zc + zx;
		node.kind = k;
		int idx = fo_model_node_add(m, &node, err, errlen);
		if (idx < 0)
			return -1;
		if (i == 0)
			d->node_base = (uint32_t)idx;
		d->kind[i] = (uint8_t)k;
		d->zone[i] = node.zone;
		memcpy(d->node_id[i], node.id, FO_ID_LEN);
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = i % d->w, y = i / d->w;
		uint32_t nb[2] = {x + 1 < d->w ? i + 1 : FO_DEPOT_NONE,
		                  y + 1 < d->h ? i + d->w : FO_DEPOT_NONE};
		for (int k = 0; k < 2; k++) {
			if (nb[k] == FO_DEPOT_NONE)
				continue;
			fo_map_edge e;
			memset(&e, 0, sizeof e);
			snprintf(e.id, sizeof e.id, "E-%u-%u", i, nb[k]);
			e.from = d->node_base + i;
			e.to = d->node_base + nb[k];
			e.length_m = FO_DEPOT_SPACING_M;
			if (fo_model_edge_add(m, &e, err, errlen) < 0)
				return -1;
		}
	}
	return 0;
}

static int build_vehicles(fo_depot *d, fo_model *m, const fo_depot_spec *spec, uint32_t fleet_base,
                          uint64_t *rng, char *err, size_t errlen)
{
	uint32_t n = d->w * d->h;
	/* A prime larger than any node count: i * P mod n visits distinct nodes,
	 * so no two vehicles start on the same node. */
	const uint64_t stride = 1000003;
	uint64_t offset = fo_rand_below(rng, n);
	d->start = xcalloc((size_t)spec->vehicles, sizeof *d->start);
	d->vmax = xcalloc((size_t)spec->vehicles, sizeof *d->vmax);
	for (long i = 0; i < spec->vehicles; i++) {
		char id[FO_ID_LEN];
		snprintf(id, sizeof id, "AGV-%05ld", i + 1);
		fo_vehicle *v = fo_model_vehicle_add(
		    m, id, fleet_base + (uint32_t)(i % spec->fleets), err, errlen);
		if (!v)
			return -1;
		if (i == 0)
			d->vehicle_base = v->idx;
		d->nvehicles = (uint32_t)i + 1;
		uint32_t node = (uint32_t)(((uint64_t)i * stride + offset) % n);
		d->start[i] = node;
		d->vmax[i] = (float)(1.2 + 0.8 * fo_rand01(rng));
		snprintf(v->manufacturer, sizeof v->manufacturer, "%s",
		         spec->manufacturer ? spec->manufacturer : "");
		v->x = node_x(d, node) * FO_DEPOT_SPACING_M;
		v->y = node_y(d, node) * FO_DEPOT_SPACING_M;
		v->theta = 0;
		v->battery = 22.0 + 78.0 * fo_rand01(rng);
		memcpy(v->last_node, d->node_id[node], FO_ID_LEN);
		v->zone = d->zone[node];
		v->last_seen_ms = spec->seen_ms;
		fo_model_touch(m, v);
	}
	return 0;
}

fo_depot *fo_depot_build(fo_model *m, const fo_depot_spec *spec, uint64_t *rng, char *err,
                         size_t errlen)
{
	if (spec->vehicles < 1 || spec->fleets < 1 || spec->tenants < 1 || spec->tenants > 26) {
		snprintf(err, errlen,
		         "depot: %ld vehicles, %ld fleets, %ld tenants (at least 1 each, at "
		         "most 26 tenants)",
		         spec->vehicles, spec->fleets, spec->tenants);
		return NULL;
	}
	fo_depot *d = xcalloc(1, sizeof *d);
	uint32_t fleet_base = 0;
	if (build_people(m, spec->fleets, spec->tenants, &fleet_base, err, errlen) < 0 ||
	    build_map(d, m, spec->vehicles, err, errlen) < 0 ||
	    build_vehicles(d, m, spec, fleet_base, rng, err, errlen) < 0) {
		fo_depot_free(d);
		return NULL;
	}
	return d;
}
