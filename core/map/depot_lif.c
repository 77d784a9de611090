/* depot_lif.c — the generated depot as a LIF document (depot_lif.h): the
 * model's nodes and edges of the depot, stations and zones through
 * fleetops' extension (lif_ext.h). */
#include "depot_lif.h"

#include "lif_ext.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FO_VERSION
#define FO_VERSION "unknown"
#endif

static void *alloc_n(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static void fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static const char *node_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->nodes[i].id;
}

static const char *edge_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->edges[i].id;
}

static const char *station_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->stations[i].id;
}

/* Indexes element i under its id; false when the id is taken. */
static bool index_id(fo_idmap *m, const char *id, size_t i)
{
	if (fo_idmap_get(m, id) >= 0)
		return false;
	fo_idmap_put(m, (uint32_t)i);
	return true;
}

/* The lattice number of model node idx, or FO_DEPOT_NONE outside the depot. */
static uint32_t lattice_of(const fo_depot *d, uint32_t idx)
{
	uint32_t base = fo_depot_node_base(d), n = fo_depot_width(d) * fo_depot_height(d);
	return idx >= base && idx - base < n ? idx - base : FO_DEPOT_NONE;
}

static int add_nodes(fo_lif_layout *l, const fo_model *m, const fo_depot *d, char *err,
                     size_t errlen)
{
	uint32_t base = fo_depot_node_base(d);
	l->nodes = alloc_n(l->nnodes, sizeof *l->nodes);
	for (size_t i = 0; i < l->nnodes; i++) {
		const fo_map_node *mn = fo_model_node(m, base + i);
		fo_lif_node *n = &l->nodes[i];
		n->id = fo_strdup(mn->id);
		n->map_id = fo_strdup(FO_DEPOT_LIF_MAP_ID);
		n->x = mn->x;
		n->y = mn->y;
		n->ntypes = 1;
		n->types = alloc_n(1, sizeof *n->types);
		n->types[0].vehicle_type_id = fo_strdup(FO_DEPOT_LIF_VEHICLE_TYPE);
		n->types[0].theta = NAN;
		if (!isfinite(n->x) || !isfinite(n->y) || fabs(n->x) > FO_LIF_MAX_COORD ||
		    fabs(n->y) > FO_LIF_MAX_COORD) {
			fail(err, errlen, "depot node %s at (%g, %g): outside LIF's range", n->id,
			     n->x, n->y);
			return -1;
		}
		if (!*n->id || !index_id(&l->node_map, n->id, i)) {
			fail(err, errlen, "depot node %zu: empty or repeated id \"%s\"", i, n->id);
			return -1;
		}
	}
	return 0;
}

static void edge_init(fo_lif_edge *e, const char *id, const char *start, const char *end)
{
	e->id = fo_strdup(id);
	e->start = fo_strdup(start);
	e->end = fo_strdup(end);
	e->ntypes = 1;
	e->types = alloc_n(1, sizeof *e->types);
	fo_lif_edge_type *t = &e->types[0];
	t->vehicle_type_id = fo_strdup(FO_DEPOT_LIF_VEHICLE_TYPE);
	t->orientation = t->max_rotation_speed = t->min_height = t->max_height = NAN;
	t->rotation_allowed = true;
	t->max_speed = FO_DEPOT_LIF_MAX_SPEED;
	t->reentry_allowed = -1;
}

/* The model edges between two depot nodes, each as two directed edges. */
static int add_edges(fo_lif_layout *l, const fo_model *m, const fo_depot *d, char *err,
                     size_t errlen)
{
	l->edges = alloc_n(l->nedges, sizeof *l->edges);
	size_t k = 0;
	for (size_t i = 0; i < fo_model_edge_count(m) && k < l->nedges; i++) {
		const fo_map_edge *me = fo_model_edge(m, i);
		uint32_t a = lattice_of(d, me->from), b = lattice_of(d, me->to);
		if (a == FO_DEPOT_NONE || b == FO_DEPOT_NONE)
			continue;
		char back[FO_ID_LEN + 24];
		snprintf(back, sizeof back, "E-%u-%u", b, a);
		edge_init(&l->edges[k], me->id, l->nodes[a].id, l->nodes[b].id);
		edge_init(&l->edges[k + 1], back, l->nodes[b].id, l->nodes[a].id);
		for (size_t j = k; j < k + 2; j++)
			if (!*l->edges[j].id || !index_id(&l->edge_map, l->edges[j].id, j)) {
				fail(err, errlen, "depot edge %zu: empty or repeated id \"%s\"", i,
				     l->edges[j].id);
				return -1;
			}
		k += 2;
	}
	return 0;
}

static int add_stations(fo_lif_layout *l, const fo_depot *d, char *err, size_t errlen)
{
	l->stations = alloc_n(l->nstations, sizeof *l->stations);
	size_t k = 0;
	for (size_t i = 0; i < l->nnodes && k < l->nstations; i++) {
		fo_lif_station_type t;
		switch (fo_depot_kind(d, (uint32_t)i)) {
		case FO_NODE_CHARGER:
			t = FO_LIF_STATION_CHARGER;
			break;
		case FO_NODE_PARKING:
			t = FO_LIF_STATION_PARKING;
			break;
		case FO_NODE_STATION:
			t = FO_LIF_STATION_WORK;
			break;
		default:
			continue;
		}
		fo_lif_station *s = &l->stations[k];
		s->id = fo_strdup(l->nodes[i].id);
		s->nnodes = 1;
		s->nodes = alloc_n(1, sizeof *s->nodes);
		s->nodes[0] = fo_strdup(l->nodes[i].id);
		s->height = s->theta = NAN;
		fo_lif_ext_set_station_type(s, t);
		if (!index_id(&l->station_map, s->id, k)) {
			fail(err, errlen, "depot station %s: repeated id", s->id);
			return -1;
		}
		k++;
	}
	return 0;
}

/* The depot's zones that hold a node, in model order, with their nodes in
 * lattice order. */
static int add_zones(fo_lif_layout *l, const fo_model *m, const fo_depot *d, char *err,
                     size_t errlen)
{
	size_t nz = fo_model_zone_count(m);
	fo_lif_zone *z = alloc_n(nz, sizeof *z);
	int rc = 0;
	for (size_t i = 0; i < l->nnodes; i++) {
		uint32_t zi = fo_depot_zone(d, (uint32_t)i);
		if (zi >= nz) {
			fail(err, errlen, "depot node %s: zone %u is not in the model",
			     l->nodes[i].id, zi);
			rc = -1;
			break;
		}
		z[zi].nnodes++;
	}
	size_t used = 0;
	for (size_t zi = 0; rc == 0 && zi < nz; zi++) {
		if (!z[zi].nnodes)
			continue;
		const fo_map_zone *mz = fo_model_zone(m, zi);
		fo_lif_zone *u = &z[used++];
		size_t count = z[zi].nnodes;
		*u = (fo_lif_zone){fo_strdup(mz->id), fo_strdup(mz->name),
		                   alloc_n(count, sizeof *u->nodes), 0};
		for (size_t i = 0; i < l->nnodes; i++)
			if (fo_depot_zone(d, (uint32_t)i) == zi)
				u->nodes[u->nnodes++] = (uint32_t)i;
	}
	if (rc == 0)
		rc = fo_lif_ext_set_zones(l, z, used, err, errlen);
	for (size_t i = 0; i < used; i++) {
		free(z[i].id);
		free(z[i].name);
		free(z[i].nodes);
	}
	free(z);
	return rc;
}

fo_lif *fo_depot_lif(const fo_model *m, const fo_depot *d, const char *project, char *err,
                     size_t errlen)
{
	if (!m || !d) {
		fail(err, errlen, "depot LIF: no depot");
		return NULL;
	}
	uint32_t w = fo_depot_width(d), h = fo_depot_height(d);
	size_t nnodes = (size_t)w * h, nedges = 0, nstations = 0;
	if (fo_depot_node_base(d) + nnodes > fo_model_node_count(m)) {
		fail(err, errlen, "depot LIF: the model holds %zu nodes, not the depot's %zu",
		     fo_model_node_count(m), nnodes);
		return NULL;
	}
	for (size_t i = 0; i < fo_model_edge_count(m); i++) {
		const fo_map_edge *e = fo_model_edge(m, i);
		uint32_t a = lattice_of(d, e->from), b = lattice_of(d, e->to);
		if (a != FO_DEPOT_NONE && b != FO_DEPOT_NONE && a != b)
			nedges += 2;
		else if (a != FO_DEPOT_NONE && a == b) {
			fail(err, errlen, "depot LIF: edge %s starts and ends at one node", e->id);
			return NULL;
		}
	}
	for (size_t i = 0; i < nnodes; i++)
		nstations += fo_depot_kind(d, (uint32_t)i) != FO_NODE_PLAIN;
	if (nnodes > FO_LIF_MAX_ELEMS || nedges > FO_LIF_MAX_ELEMS) {
		fail(err, errlen,
		     "depot LIF: %zu nodes and %zu directed edges; a LIF layout holds at most %u "
		     "of each",
		     nnodes, nedges, FO_LIF_MAX_ELEMS);
		return NULL;
	}

	fo_lif *lif = alloc_n(1, sizeof *lif);
	lif->project = fo_strdup(project ? project : "fleetops depot");
	lif->creator = fo_strdup("fleetops " FO_VERSION);
	lif->timestamp = fo_strdup(FO_DEPOT_LIF_EPOCH);
	lif->version = fo_strdup("1.0.0");
	fo_lif_ext_set_version(lif);
	lif->nlayouts = 1;
	lif->layouts = alloc_n(1, sizeof *lif->layouts);
	fo_lif_layout *l = &lif->layouts[0];
	fo_idmap_init(&l->node_map, node_key, l);
	fo_idmap_init(&l->edge_map, edge_key, l);
	fo_idmap_init(&l->station_map, station_key, l);
	l->id = fo_strdup(FO_DEPOT_LIF_LAYOUT_ID);
	l->name = fo_strdup("Simulated depot");
	l->version = fo_strdup("1");
	l->level_id = fo_strdup("0");
	char desc[128];
	snprintf(desc, sizeof desc, "fleetops' generated depot: %u x %u nodes %g m apart", w, h,
	         FO_DEPOT_SPACING_M);
	l->description = fo_strdup(desc);
	l->nnodes = nnodes;
	l->nedges = nedges;
	l->nstations = nstations;
	if (add_nodes(l, m, d, err, errlen) < 0 || add_edges(l, m, d, err, errlen) < 0 ||
	    add_stations(l, d, err, errlen) < 0 || add_zones(l, m, d, err, errlen) < 0) {
		fo_lif_free(lif);
		return NULL;
	}
	return lif;
}
