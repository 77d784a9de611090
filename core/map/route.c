/* route.c — the routing graph of one vehicle type over a whole LIF document
 * (route.h): global numbering over (layout, element), edge lengths and
 * travel times, the usable edges by start node (CSR), lookups by id and
 * back to the document.  Queries are in route_query.c, the station table
 * in route_table.c, trajectory geometry in route_geom.c. */
#include "fleetops_plugin.h"
#include "route_int.h"

#include <math.h>
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

/* ---- the vehicle type */

typedef struct {
	const char **v;
	size_t n, cap;
} type_list;

static void type_add(type_list *l, const char *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], t) == 0)
			return;
	l->v = fo_grow(l->v, &l->cap, l->n + 1, sizeof *l->v, 8);
	l->v[l->n++] = t;
}

/* Every vehicle type the document names, on nodes or edges, first seen
 * first. */
static void types_of(const fo_lif *lif, type_list *l)
{
	for (size_t li = 0; li < lif->nlayouts; li++) {
		const fo_lif_layout *lay = &lif->layouts[li];
		for (size_t i = 0; i < lay->nnodes; i++)
			for (size_t k = 0; k < lay->nodes[i].ntypes; k++)
				type_add(l, lay->nodes[i].types[k].vehicle_type_id);
		for (size_t i = 0; i < lay->nedges; i++)
			for (size_t k = 0; k < lay->edges[i].ntypes; k++)
				type_add(l, lay->edges[i].types[k].vehicle_type_id);
	}
}

/* "A, B, C" (at most 10, then "..."), or "none". */
static void types_text(const type_list *l, char *buf, size_t len)
{
	fo_buf b = {0};
	for (size_t i = 0; i < l->n && i < 10; i++)
		fo_buf_printf(&b, "%s\"%s\"", i ? ", " : "", l->v[i]);
	if (l->n > 10)
		fo_buf_str(&b, ", ...");
	snprintf(buf, len, "%s", b.s ? b.s : "none");
	fo_buf_free(&b);
}

/* The type to build for, or NULL with the reason in err. */
static const char *resolve_type(const fo_lif *lif, const char *want, char *err, size_t errlen)
{
	type_list l = {0};
	types_of(lif, &l);
	const char *got = NULL;
	if (l.n == 1) {
		got = l.v[0]; /* a layout with a single vehicle type serves every vehicle */
	} else {
		for (size_t i = 0; want && i < l.n; i++)
			if (strcmp(l.v[i], want) == 0)
				got = l.v[i];
		if (!got) {
			char names[512];
			types_text(&l, names, sizeof names);
			if (want)
				snprintf(err, errlen,
				         "vehicle type \"%.60s\" is not in the layout; it names "
				         "%zu: %s",
				         want, l.n, names);
			else
				snprintf(err, errlen,
				         "no vehicle type given and the layout names %zu: %s", l.n,
				         names);
		}
	}
	free(l.v);
	return got;
}

/* ---- building */

/* Global index of node id, looked up in layout `first` before the others
 * (an edge's end, a station's interaction node), or FO_ROUTE_NONE. */
static uint32_t node_global(const fo_route_graph *g, size_t first, const char *id)
{
	if (!id)
		return FO_ROUTE_NONE;
	long i = fo_lif_node_find(&g->lif->layouts[first], id);
	if (i >= 0)
		return g->node_base[first] + (uint32_t)i;
	for (size_t li = 0; li < g->nlayouts; li++)
		if (li != first && (i = fo_lif_node_find(&g->lif->layouts[li], id)) >= 0)
			return g->node_base[li] + (uint32_t)i;
	return FO_ROUTE_NONE;
}

static uint32_t layout_of(const fo_route_graph *g, const uint32_t *base, uint32_t x);

static const fo_lif_node *node_at(const fo_route_graph *g, uint32_t v, uint32_t *layout)
{
	*layout = layout_of(g, g->node_base, v);
	return &g->lif->layouts[*layout].nodes[v - g->node_base[*layout]];
}

/* Length and travel time of usable edge ge with properties t. */
static void measure(fo_route_graph *g, uint32_t ge, const fo_lif_edge_type *t, double top,
                    double lift_s)
{
	uint32_t la, lb;
	const fo_lif_node *a = node_at(g, g->efrom[ge], &la);
	const fo_lif_node *b = node_at(g, g->eto[ge], &lb);
	double chord = hypot(b->x - a->x, b->y - a->y);
	if (la != lb && chord <= FO_ROUTE_COINCIDENT_M) {
		g->elen[ge] = 0;
		g->etime[ge] = lift_s;
		g->info.lifts++;
		if (chord > 0 && lift_s / chord < g->hscale)
			g->hscale = lift_s / chord;
		return;
	}
	double len = chord;
	if (t->trajectory) {
		double tl = fo_route_trajectory_length(t->trajectory);
		if (isnan(tl)) {
			g->info.trajectories_refused++;
		} else {
			len = tl;
			g->info.trajectories++;
		}
	}
	double speed = top;
	if (t->max_speed < speed) /* false for NAN: no limit */
		speed = t->max_speed;
	g->elen[ge] = len;
	g->etime[ge] = len / speed;
	if (chord > 0 && g->etime[ge] / chord < g->hscale)
		g->hscale = g->etime[ge] / chord;
}

static int build_numbering(fo_route_graph *g, char *err, size_t errlen)
{
	const fo_lif *lif = g->lif;
	g->node_base = xcalloc(g->nlayouts + 1, sizeof *g->node_base);
	g->edge_base = xcalloc(g->nlayouts + 1, sizeof *g->edge_base);
	g->station_base = xcalloc(g->nlayouts + 1, sizeof *g->station_base);
	uint64_t nn = 0, ne = 0, ns = 0;
	for (size_t li = 0; li < g->nlayouts; li++) {
		g->node_base[li] = (uint32_t)nn;
		g->edge_base[li] = (uint32_t)ne;
		g->station_base[li] = (uint32_t)ns;
		nn += lif->layouts[li].nnodes;
		ne += lif->layouts[li].nedges;
		ns += lif->layouts[li].nstations;
		if (nn >= FO_ROUTE_NONE || ne >= FO_ROUTE_NONE || ns >= FO_ROUTE_NONE) {
			snprintf(err, errlen, "more than %u nodes, edges or stations",
			         FO_ROUTE_NONE - 1);
			return -1;
		}
	}
	g->node_base[g->nlayouts] = g->nnodes = (uint32_t)nn;
	g->edge_base[g->nlayouts] = g->nedges = (uint32_t)ne;
	g->station_base[g->nlayouts] = g->nstations = (uint32_t)ns;
	return 0;
}

static void build_edges(fo_route_graph *g, double top, double lift_s)
{
	g->nx = xcalloc(g->nnodes, sizeof *g->nx);
	g->ny = xcalloc(g->nnodes, sizeof *g->ny);
	for (size_t li = 0; li < g->nlayouts; li++)
		for (size_t i = 0; i < g->lif->layouts[li].nnodes; i++) {
			g->nx[g->node_base[li] + i] = g->lif->layouts[li].nodes[i].x;
			g->ny[g->node_base[li] + i] = g->lif->layouts[li].nodes[i].y;
		}
	g->hscale = INFINITY;
	g->efrom = xcalloc(g->nedges, sizeof *g->efrom);
	g->eto = xcalloc(g->nedges, sizeof *g->eto);
	g->etype = xcalloc(g->nedges, sizeof *g->etype);
	g->elen = xcalloc(g->nedges, sizeof *g->elen);
	g->etime = xcalloc(g->nedges, sizeof *g->etime);
	for (size_t li = 0; li < g->nlayouts; li++) {
		const fo_lif_layout *l = &g->lif->layouts[li];
		for (size_t i = 0; i < l->nedges; i++) {
			const fo_lif_edge *e = &l->edges[i];
			uint32_t ge = g->edge_base[li] + (uint32_t)i;
			g->efrom[ge] = g->eto[ge] = FO_ROUTE_NONE;
			g->etype[ge] = -1;
			g->elen[ge] = NAN;
			g->etime[ge] = INFINITY;
			const fo_lif_edge_type *t = NULL;
			for (size_t k = 0; !t && k < e->ntypes; k++)
				if (e->types[k].vehicle_type_id &&
				    strcmp(e->types[k].vehicle_type_id, g->type) == 0) {
					t = &e->types[k];
					g->etype[ge] = (int32_t)k;
				}
			long s = e->start ? fo_lif_node_find(l, e->start) : -1;
			uint32_t to = node_global(g, li, e->end);
			/* maxSpeed 0: T may not drive here. */
			if (!t || s < 0 || to == FO_ROUTE_NONE || t->max_speed <= 0) {
				g->etype[ge] = -1;
				continue;
			}
			g->efrom[ge] = g->node_base[li] + (uint32_t)s;
			g->eto[ge] = to;
			measure(g, ge, t, top, lift_s);
			g->info.usable_edges++;
		}
	}
}

/* The usable edges grouped by start node, in document order within. */
static void build_csr(fo_route_graph *g)
{
	g->off = xcalloc((size_t)g->nnodes + 1, sizeof *g->off);
	g->narcs = g->info.usable_edges;
	g->arc = xcalloc(g->narcs, sizeof *g->arc);
	for (uint32_t e = 0; e < g->nedges; e++)
		if (g->etype[e] >= 0)
			g->off[g->efrom[e] + 1]++;
	for (uint32_t v = 0; v < g->nnodes; v++)
		g->off[v + 1] += g->off[v];
	uint32_t *fill = xcalloc(g->nnodes, sizeof *fill);
	for (uint32_t e = 0; e < g->nedges; e++) {
		if (g->etype[e] < 0)
			continue;
		uint32_t v = g->efrom[e];
		route_arc *a = &g->arc[g->off[v] + fill[v]++];
		a->to = g->eto[e];
		a->edge = e;
		a->cost = g->etime[e];
	}
	free(fill);
}

static void build_stations(fo_route_graph *g)
{
	g->soff = xcalloc((size_t)g->nstations + 1, sizeof *g->soff);
	size_t total = 0;
	for (size_t li = 0; li < g->nlayouts; li++)
		for (size_t i = 0; i < g->lif->layouts[li].nstations; i++)
			total += g->lif->layouts[li].stations[i].nnodes;
	g->snode = xcalloc(total, sizeof *g->snode);
	uint32_t n = 0;
	for (size_t li = 0; li < g->nlayouts; li++) {
		const fo_lif_layout *l = &g->lif->layouts[li];
		for (size_t i = 0; i < l->nstations; i++) {
			uint32_t gs = g->station_base[li] + (uint32_t)i;
			g->soff[gs] = n;
			for (size_t k = 0; k < l->stations[i].nnodes; k++) {
				uint32_t v = node_global(g, li, l->stations[i].nodes[k]);
				if (v != FO_ROUTE_NONE)
					g->snode[n++] = v;
			}
		}
	}
	g->soff[g->nstations] = n;
}

int fo_route_graph_new(const fo_lif *lif, const fo_route_opts *opts, fo_route_graph **out,
                       char *err, size_t errlen)
{
	*out = NULL;
	if (!lif || !opts) {
		snprintf(err, errlen, "no layout or no options");
		return -1;
	}
	if (!(opts->top_speed > 0) || !isfinite(opts->top_speed)) {
		snprintf(err, errlen, "top speed %g m/s: a positive number is needed",
		         opts->top_speed);
		return -1;
	}
	const char *type = resolve_type(lif, opts->vehicle_type, err, errlen);
	if (!type)
		return -1;
	fo_route_graph *g = xcalloc(1, sizeof *g);
	g->lif = lif;
	g->type = type;
	g->nlayouts = (uint32_t)lif->nlayouts;
	if (build_numbering(g, err, errlen) != 0) {
		fo_route_graph_free(g);
		return -1;
	}
	double lift_s = opts->level_change_s >= 0 ? opts->level_change_s : FO_ROUTE_LEVEL_CHANGE_S;
	build_edges(g, opts->top_speed, lift_s);
	/* A hair under the bound, so rounding never makes it overestimate. */
	g->hscale = isfinite(g->hscale) ? g->hscale * (1 - 1e-9) : 0;
	build_csr(g);
	build_stations(g);
	g->info.vehicle_type = type;
	g->info.nodes = g->nnodes;
	g->info.edges = g->nedges;
	g->info.stations = g->nstations;
	*out = g;
	return 0;
}

void fo_route_graph_free(fo_route_graph *g)
{
	if (!g)
		return;
	free(g->node_base);
	free(g->edge_base);
	free(g->station_base);
	free(g->off);
	free(g->arc);
	free(g->nx);
	free(g->ny);
	free(g->efrom);
	free(g->eto);
	free(g->etype);
	free(g->elen);
	free(g->etime);
	free(g->soff);
	free(g->snode);
	free(g);
}

fo_route_info fo_route_graph_info(const fo_route_graph *g)
{
	return g->info;
}

/* ---- lookups */

uint32_t fo_route_node_find(const fo_route_graph *g, const char *id)
{
	return g->nlayouts ? node_global(g, 0, id) : FO_ROUTE_NONE;
}

uint32_t fo_route_station_find(const fo_route_graph *g, const char *id)
{
	for (size_t li = 0; id && li < g->nlayouts; li++) {
		long i = fo_lif_station_find(&g->lif->layouts[li], id);
		if (i >= 0)
			return g->station_base[li] + (uint32_t)i;
	}
	return FO_ROUTE_NONE;
}

uint32_t fo_route_edge_find(const fo_route_graph *g, const char *id)
{
	for (size_t li = 0; id && li < g->nlayouts; li++) {
		long i = fo_lif_edge_find(&g->lif->layouts[li], id);
		if (i >= 0)
			return g->edge_base[li] + (uint32_t)i;
	}
	return FO_ROUTE_NONE;
}

/* The layout holding global index x of a per-layout numbering `base`: the
 * last whose first index is at or before x (an empty layout shares its
 * base with the next, so the last is the one that holds x). */
static uint32_t layout_of(const fo_route_graph *g, const uint32_t *base, uint32_t x)
{
	uint32_t lo = 0, hi = g->nlayouts;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (base[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

const fo_lif_node *fo_route_node_ref(const fo_route_graph *g, uint32_t node, uint32_t *layout,
                                     uint32_t *index)
{
	if (node >= g->nnodes)
		return NULL;
	uint32_t li = layout_of(g, g->node_base, node);
	if (layout)
		*layout = li;
	if (index)
		*index = node - g->node_base[li];
	return &g->lif->layouts[li].nodes[node - g->node_base[li]];
}

const fo_lif_station *fo_route_station_ref(const fo_route_graph *g, uint32_t station,
                                           uint32_t *layout, uint32_t *index)
{
	if (station >= g->nstations)
		return NULL;
	uint32_t li = layout_of(g, g->station_base, station);
	if (layout)
		*layout = li;
	if (index)
		*index = station - g->station_base[li];
	return &g->lif->layouts[li].stations[station - g->station_base[li]];
}

const fo_lif_edge *fo_route_edge_ref(const fo_route_graph *g, uint32_t edge, uint32_t *layout,
                                     uint32_t *index, const fo_lif_edge_type **type)
{
	if (type)
		*type = NULL;
	if (edge >= g->nedges)
		return NULL;
	uint32_t li = layout_of(g, g->edge_base, edge);
	const fo_lif_edge *e = &g->lif->layouts[li].edges[edge - g->edge_base[li]];
	if (layout)
		*layout = li;
	if (index)
		*index = edge - g->edge_base[li];
	if (type && g->etype[edge] >= 0)
		*type = &e->types[g->etype[edge]];
	return e;
}

bool fo_route_edge_usable(const fo_route_graph *g, uint32_t edge)
{
	return edge < g->nedges && g->etype[edge] >= 0;
}

double fo_route_edge_length(const fo_route_graph *g, uint32_t edge)
{
	return edge < g->nedges ? g->elen[edge] : NAN;
}

double fo_route_edge_time(const fo_route_graph *g, uint32_t edge)
{
	return edge < g->nedges ? g->etime[edge] : INFINITY;
}

const uint32_t *fo_route_station_nodes(const fo_route_graph *g, uint32_t station, size_t *n)
{
	if (station >= g->nstations) {
		*n = 0;
		return NULL;
	}
	*n = g->soff[station + 1] - g->soff[station];
	return g->snode + g->soff[station];
}

size_t fo_route_end_nodes(const fo_route_graph *g, const char *id, const uint32_t **v,
                          uint32_t *one)
{
	*one = fo_route_node_find(g, id);
	if (*one != FO_ROUTE_NONE) {
		*v = one;
		return 1;
	}
	uint32_t st = fo_route_station_find(g, id);
	size_t n = 0;
	*v = st == FO_ROUTE_NONE ? NULL : fo_route_station_nodes(g, st, &n);
	return n;
}
