/* site.c — the active layout revision put into the live model (site.h). */
#include "site.h"
#include "route_int.h"
#include "site_int.h"

#include "core.h"
#include "lif_ext.h"
#include "map.h"
#include "route.h"
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The layout of lif holding node id (the first one, as LIF resolves edge
 * ends), and the node's index there; -1 when none. */
static long node_in(const fo_lif *lif, const char *id, size_t *layout)
{
	for (size_t l = 0; l < lif->nlayouts; l++) {
		long i = fo_lif_node_find(&lif->layouts[l], id);
		if (i >= 0) {
			*layout = l;
			return i;
		}
	}
	return -1;
}

const char *fo_site_map_id(fo_core *core, const char *node_id)
{
	if (!core->site || !node_id)
		return NULL;
	size_t l;
	long i = node_in(core->site->lif, node_id, &l);
	return i < 0 ? NULL : core->site->lif->layouts[l].nodes[i].map_id;
}

/* Whether every id fits the model and no node id repeats across layouts
 * (the model's ids are global); the first offender in msg. */
static bool ids_fit(const fo_lif *lif, const fo_lif_ext *ext, char *msg, size_t msglen)
{
	for (size_t l = 0; l < lif->nlayouts; l++) {
		const fo_lif_layout *ly = &lif->layouts[l];
		for (size_t i = 0; i < ly->nnodes; i++) {
			const char *id = ly->nodes[i].id;
			size_t at;
			if (strlen(id) >= FO_ID_LEN) {
				snprintf(
				    msg, msglen,
				    "node id \"%.60s\" has %zu bytes; the model holds ids of at "
				    "most %d",
				    id, strlen(id), FO_ID_LEN - 1);
				return false;
			}
			if (node_in(lif, id, &at) >= 0 && at != l) {
				snprintf(msg, msglen, "node id \"%s\" is in layouts %s and %s", id,
				         lif->layouts[at].id, ly->id);
				return false;
			}
		}
		for (size_t i = 0; i < ly->nedges; i++)
			if (strlen(ly->edges[i].id) >= FO_ID_LEN) {
				snprintf(msg, msglen, "edge id \"%.60s\" is longer than %d bytes",
				         ly->edges[i].id, FO_ID_LEN - 1);
				return false;
			}
		for (size_t z = 0; z < ext->layouts[l].nzones; z++)
			if (strlen(ext->layouts[l].zones[z].id) >= FO_ID_LEN) {
				snprintf(msg, msglen, "zone id \"%.60s\" is longer than %d bytes",
				         ext->layouts[l].zones[z].id, FO_ID_LEN - 1);
				return false;
			}
	}
	return true;
}

static fo_node_kind kind_of(fo_lif_station_type t)
{
	switch (t) {
	case FO_LIF_STATION_CHARGER:
		return FO_NODE_CHARGER;
	case FO_LIF_STATION_PARKING:
		return FO_NODE_PARKING;
	default:
		return FO_NODE_STATION;
	}
}

/* An edge's length: along the first trajectory it has, else straight. */
static double edge_length(const fo_lif_edge *e, const fo_map_node *a, const fo_map_node *b)
{
	for (size_t k = 0; k < e->ntypes; k++)
		if (e->types[k].trajectory) {
			double len = fo_route_trajectory_length(e->types[k].trajectory);
			if (isfinite(len) && len > 0)
				return len;
		}
	return hypot(b->x - a->x, b->y - a->y);
}

/* Zones: those of the extension, else one per layout; node_zone gets each
 * node's zone (model index), per layout, in a flat array. */
static int add_zones(fo_model *m, const fo_lif *lif, const fo_lif_ext *ext, uint32_t *node_zone,
                     char *msg, size_t msglen)
{
	size_t base = 0;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		const fo_lif_layout *ly = &lif->layouts[l];
		const fo_lif_ext_layout *x = &ext->layouts[l];
		fo_map_zone z = {0};
		int whole = -1;
		size_t unzoned = 0;
		for (size_t i = 0; i < ly->nnodes; i++)
			node_zone[base + i] = UINT32_MAX;
		for (size_t k = 0; k < x->nzones; k++) {
			memset(&z, 0, sizeof z);
			snprintf(z.id, sizeof z.id, "%s", x->zones[k].id);
			snprintf(z.name, sizeof z.name, "%s",
			         x->zones[k].name ? x->zones[k].name : x->zones[k].id);
			z.x0 = z.y0 = INFINITY;
			z.x1 = z.y1 = -INFINITY;
			for (size_t j = 0; j < x->zones[k].nnodes; j++) {
				const fo_lif_node *n = &ly->nodes[x->zones[k].nodes[j]];
				z.x0 = fmin(z.x0, n->x);
				z.y0 = fmin(z.y0, n->y);
				z.x1 = fmax(z.x1, n->x);
				z.y1 = fmax(z.y1, n->y);
			}
			int zi = fo_model_zone_add(m, &z, msg, msglen);
			if (zi < 0)
				return -1;
			for (size_t j = 0; j < x->zones[k].nnodes; j++)
				node_zone[base + x->zones[k].nodes[j]] = (uint32_t)zi;
		}
		for (size_t i = 0; i < ly->nnodes; i++)
			unzoned += node_zone[base + i] == UINT32_MAX;
		if (unzoned) { /* the layout (level) as a zone of its own */
			memset(&z, 0, sizeof z);
			snprintf(z.id, sizeof z.id, "%.*s", FO_ID_LEN - 1, ly->id);
			snprintf(z.name, sizeof z.name, "%s", ly->name ? ly->name : ly->id);
			z.x0 = z.y0 = INFINITY;
			z.x1 = z.y1 = -INFINITY;
			for (size_t i = 0; i < ly->nnodes; i++) {
				z.x0 = fmin(z.x0, ly->nodes[i].x);
				z.y0 = fmin(z.y0, ly->nodes[i].y);
				z.x1 = fmax(z.x1, ly->nodes[i].x);
				z.y1 = fmax(z.y1, ly->nodes[i].y);
			}
			whole = fo_model_zone_add(m, &z, msg, msglen);
			if (whole < 0)
				return -1;
			for (size_t i = 0; i < ly->nnodes; i++)
				if (node_zone[base + i] == UINT32_MAX)
					node_zone[base + i] = (uint32_t)whole;
		}
		base += ly->nnodes;
	}
	return 0;
}

/* Nodes, then edges (an edge may end in another layout). */
static int add_graph(fo_model *m, const fo_lif *lif, const fo_lif_ext *ext,
                     const uint32_t *node_zone, char *msg, size_t msglen)
{
	size_t base = 0;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		const fo_lif_layout *ly = &lif->layouts[l];
		for (size_t i = 0; i < ly->nnodes; i++) {
			fo_map_node n = {.x = ly->nodes[i].x,
			                 .y = ly->nodes[i].y,
			                 .zone = node_zone[base + i],
			                 .kind = FO_NODE_PLAIN};
			snprintf(n.id, sizeof n.id, "%s", ly->nodes[i].id);
			for (size_t s = 0; s < ly->nstations && n.kind == FO_NODE_PLAIN; s++)
				for (size_t k = 0; k < ly->stations[s].nnodes; k++)
					if (strcmp(ly->stations[s].nodes[k], n.id) == 0)
						n.kind = kind_of(ext->layouts[l].station_types[s]);
			if (fo_model_node_add(m, &n, msg, msglen) < 0)
				return -1;
		}
		base += ly->nnodes;
	}
	for (size_t l = 0; l < lif->nlayouts; l++) {
		const fo_lif_layout *ly = &lif->layouts[l];
		for (size_t i = 0; i < ly->nedges; i++) {
			const fo_lif_edge *e = &ly->edges[i];
			long a = fo_model_node_find(m, e->start), b = fo_model_node_find(m, e->end);
			if (a < 0 || b < 0) {
				snprintf(msg, msglen, "edge %s: an end is not in the model", e->id);
				return -1;
			}
			fo_map_edge me = {.from = (uint32_t)a, .to = (uint32_t)b};
			snprintf(me.id, sizeof me.id, "%s", e->id);
			me.length_m = edge_length(e, fo_model_node(m, (size_t)a),
			                          fo_model_node(m, (size_t)b));
			if (fo_model_edge_add(m, &me, msg, msglen) < 0)
				return -1;
		}
	}
	return 0;
}

int fo_site_install(fo_core *core, const fo_layout_info *info, const char *text, char *msg,
                    size_t msglen)
{
	fo_model *m = core->model;
	fo_lif *lif = NULL;
	fo_lif_ext *ext = NULL;
	fo_lif_diag diag = {0};
	int rc = -1;
	uint32_t *node_zone = NULL;
	if (fo_model_node_count(m) > 0) {
		snprintf(msg, msglen,
		         "layout %s revision %ld is active, but a simulator's map is the site of "
		         "this run (sim.layout FILE makes the simulator drive a layout file)",
		         info->name, info->revision);
		return 0;
	}
	if (fo_lif_parse(text, strlen(text), &lif, &diag) != 0 ||
	    fo_lif_ext_read(lif, &ext, &diag) != 0) {
		if (info->revision > 0)
			snprintf(msg, msglen, "layout %s revision %ld no longer reads: %s: %s",
			         info->name, info->revision, diag.n ? diag.msgs[0].path : "?",
			         diag.n ? diag.msgs[0].reason : "?");
		else /* a file, not a stored revision */
			snprintf(msg, msglen, "not a valid layout: %s: %s",
			         diag.n ? diag.msgs[0].path : "?",
			         diag.n ? diag.msgs[0].reason : "?");
		goto done;
	}
	if (!ids_fit(lif, ext, msg, msglen))
		goto done;
	size_t nodes = 0;
	for (size_t l = 0; l < lif->nlayouts; l++)
		nodes += lif->layouts[l].nnodes;
	node_zone = calloc(nodes + 1, sizeof *node_zone);
	if (!node_zone)
		abort();
	if (add_zones(m, lif, ext, node_zone, msg, msglen) != 0 ||
	    add_graph(m, lif, ext, node_zone, msg, msglen) != 0)
		goto done;
	site_attach(core, lif, info);
	lif = NULL;
	snprintf(msg, msglen, "site: layout %s revision %ld, %zu nodes, %zu edges", info->name,
	         info->revision, fo_model_node_count(m), fo_model_edge_count(m));
	rc = 1;
done:
	free(node_zone);
	fo_lif_ext_free(ext);
	fo_lif_diag_free(&diag);
	fo_lif_free(lif);
	return rc;
}

/* The load runs as a chain of store operations, so a store that is slow or
 * never answers holds up nothing: the active activation, its layout row,
 * its document; then the document goes into the model on the loop. */
typedef struct {
	fo_layout_info info;
} site_load;

static void say(fo_core *core, int rc, const char *msg)
{
	fo_log(core, rc < 0 ? FO_LOG_ERROR : FO_LOG_INFO, "%s%s", rc < 0 ? "site: " : "", msg);
}

static bool store_failed(fo_core *core, const fo_store_result *res, const char *what, site_load *l)
{
	if (res->status == FO_STORE_OK && res->nrecords)
		return false;
	char msg[512];
	snprintf(msg, sizeof msg, "%s: %s%s%s", what,
	         res->status == FO_STORE_OK ? "none" : fo_store_status_name(res->status),
	         *res->error ? ": " : "", res->error);
	say(core, -1, msg);
	free(l);
	return true;
}

static void got_document(fo_core *core, const fo_store_result *res, void *ud)
{
	site_load *l = ud;
	if (store_failed(core, res, "layout document", l))
		return;
	const char *text = fo_record_get(res->records[0], "lif");
	char msg[512];
	int rc = fo_site_install(core, &l->info, text ? text : "", msg, sizeof msg);
	say(core, rc, msg);
	free(l);
}

static void got_layout(fo_core *core, const fo_store_result *res, void *ud)
{
	site_load *l = ud;
	if (store_failed(core, res, "active layout", l))
		return;
	fo_layout_info_from(res->records[0], &l->info);
	fo_store_get(core->store, "core.layout_documents", l->info.document_id, got_document, l);
}

static void got_activations(fo_core *core, const fo_store_result *res, void *ud)
{
	site_load *l = ud;
	if (res->status == FO_STORE_OK && !res->nrecords) {
		say(core, 0, "site: no layout is active (map import FILE --activate)");
		free(l);
		return;
	}
	if (store_failed(core, res, "layout activations", l))
		return;
	const char *id =
	    fo_record_get(fo_layout_latest_activation(res->records, res->nrecords), "layout_id");
	fo_store_get(core->store, "core.layouts", id ? id : "", got_layout, l);
}

void fo_site_start(fo_core *core)
{
	/* with a simulator's map as the site already, an active layout is
	 * still looked up: the log says it is not used */
	if (!core->store)
		return;
	core->site_started = true;
	site_load *l = calloc(1, sizeof *l);
	if (!l)
		abort();
	const char *t = fo_store_tenant(core->store);
	fo_store_query q = {.table = "core.layout_activations", .tenant_id = t && *t ? t : NULL};
	fo_store_list(core->store, &q, got_activations, l);
}

static void graph_clear(site_graph *sg)
{
	fo_route_query_free(sg->q);
	fo_route_graph_free(sg->g);
	memset(sg, 0, sizeof *sg);
}

bool fo_site_loaded(fo_core *core)
{
	return core->site != NULL;
}

bool fo_site_ensure(fo_core *core)
{
	if (core->site || !core->store)
		return core->site != NULL;
	if (!core->site_started)
		fo_site_start(core);
	fo_store_drain(core->store);
	return core->site != NULL;
}

/* Whether the comma-separated list names type. */
static bool listed(const char *list, const char *type)
{
	size_t n = strlen(type);
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && strncmp(p, type, n) == 0)
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

/* The vehicle type vehicle idx is routed for (see fo_site_route): NULL
 * for the layout's only type. */
static const char *vehicle_type(fo_core *core, size_t idx)
{
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(core, idx);
	const fo_vda_factsheet *fs = vv ? vv->factsheet : NULL;
	if (fs && fs->series[0] && listed(core->site->info.vehicle_types, fs->series))
		return fs->series;
	const char *cfg = fo_config_str(core, "map.vehicle_type");
	return cfg && *cfg ? cfg : NULL;
}

const fo_lif_edge_type *fo_site_edge_type(fo_core *core, size_t idx, const char *edge_id)
{
	if (!core->site || !edge_id)
		return NULL;
	const fo_lif *lif = core->site->lif;
	for (size_t l = 0; l < lif->nlayouts; l++) {
		long i = fo_lif_edge_find(&lif->layouts[l], edge_id);
		if (i < 0)
			continue;
		const fo_lif_edge *e = &lif->layouts[l].edges[i];
		const char *type = vehicle_type(core, idx);
		if (!type)
			return e->ntypes == 1 ? &e->types[0] : NULL;
		for (size_t k = 0; k < e->ntypes; k++)
			if (strcmp(e->types[k].vehicle_type_id, type) == 0)
				return &e->types[k];
		return NULL;
	}
	return NULL;
}

/* The graph for vehicle idx (see fo_site_route), built when missing. */
site_graph *site_graph_for(fo_core *core, size_t idx, char *err, size_t errlen)
{
	fo_site *site = core->site;
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(core, idx);
	const fo_vda_factsheet *fs = vv ? vv->factsheet : NULL;
	const char *type = vehicle_type(core, idx);
	double speed =
	    fs && fs->speed_max > 0 ? fs->speed_max : fo_config_double(core, "map.top_speed");
	for (size_t i = 0; i < site->ngraphs; i++)
		if (site->graphs[i].speed == speed &&
		    strcmp(site->graphs[i].type, type ? type : "") == 0)
			return &site->graphs[i];
	site_graph *sg;
	if (site->ngraphs < SITE_GRAPHS) {
		sg = &site->graphs[site->ngraphs++];
	} else {
		sg = &site->graphs[site->next_evict];
		site->next_evict = (site->next_evict + 1) % SITE_GRAPHS;
		graph_clear(sg);
	}
	fo_route_opts o = {.vehicle_type = type,
	                   .top_speed = speed,
	                   .level_change_s = fo_config_double(core, "map.level_change_s")};
	if (fo_route_graph_new(site->lif, &o, &sg->g, err, errlen) != 0) {
		memset(sg, 0, sizeof *sg);
		if (sg == &site->graphs[site->ngraphs - 1])
			site->ngraphs--;
		return NULL;
	}
	snprintf(sg->type, sizeof sg->type, "%s", type ? type : "");
	sg->speed = speed;
	sg->q = fo_route_query_new(sg->g);
	return sg;
}

int fo_site_route(fo_core *core, size_t idx, const char *from, const char *to, fo_site_path *out,
                  char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	if (!core->site) {
		snprintf(err, errlen, "no site layout is loaded");
		return -1;
	}
	site_graph *sg = site_graph_for(core, idx, err, errlen);
	if (!sg)
		return -1;
	const uint32_t *fv, *tv;
	uint32_t f1, t1;
	size_t nf = fo_route_end_nodes(sg->g, from ? from : "", &fv, &f1);
	size_t nt = fo_route_end_nodes(sg->g, to ? to : "", &tv, &t1);
	if (!nf || !nt) {
		snprintf(err, errlen, "layout %s has no node or station '%s'",
		         core->site->info.name, !nf ? from : to);
		return -1;
	}
	const fo_route_path *p;
	/* under traffic control, around the ground other vehicles hold or
	 * want where that costs little (soft: penalties, never blocks) */
	site_traffic_penalize(core, sg, idx);
	int rc = fo_route_find_any(sg->q, fv, nf, tv, nt, &p);
	fo_route_clear_blocks(sg->q);
	if (rc != 0) {
		fo_route_info gi = fo_route_graph_info(sg->g);
		snprintf(err, errlen, "no route from %s to %s for vehicle type %s on layout %s",
		         from, to, gi.vehicle_type, core->site->info.name);
		return -1;
	}
	out->nodes = calloc(p->nnodes, sizeof *out->nodes);
	if (!out->nodes)
		abort();
	for (size_t i = 0; i < p->nnodes; i++)
		out->nodes[i] = fo_strdup(fo_route_node_ref(sg->g, p->nodes[i], NULL, NULL)->id);
	out->nnodes = p->nnodes;
	out->time_s = p->time;
	out->length_m = p->length;
	return 0;
}

void fo_site_path_free(fo_site_path *p)
{
	for (size_t i = 0; p && i < p->nnodes; i++)
		free(p->nodes[i]);
	if (p) {
		free(p->nodes);
		memset(p, 0, sizeof *p);
	}
}

void site_attach(fo_core *core, fo_lif *lif, const fo_layout_info *info)
{
	fo_site_free(core);
	core->site = calloc(1, sizeof *core->site);
	if (!core->site)
		abort();
	core->site->lif = lif;
	core->site->info = *info;
}

void fo_site_free(fo_core *core)
{
	if (!core->site)
		return;
	site_traffic_free(core->site);
	for (size_t i = 0; i < core->site->ngraphs; i++)
		graph_clear(&core->site->graphs[i]);
	fo_lif_free(core->site->lif);
	free(core->site);
	core->site = NULL;
}

double fo_site_edge_speed(fo_core *core, size_t idx, const char *from, const char *to)
{
	char err[256];
	if (!core->site || !from || !to)
		return -1;
	site_graph *sg = site_graph_for(core, idx, err, sizeof err);
	if (!sg)
		return -1;
	uint32_t a = fo_route_node_find(sg->g, from), b = fo_route_node_find(sg->g, to);
	if (a == FO_ROUTE_NONE || b == FO_ROUTE_NONE)
		return -1;
	for (uint32_t k = sg->g->off[a]; k < sg->g->off[a + 1]; k++) {
		if (sg->g->arc[k].to != b)
			continue;
		const fo_lif_edge_type *et;
		fo_route_edge_ref(sg->g, sg->g->arc[k].edge, NULL, NULL, &et);
		return et && isfinite(et->max_speed) ? et->max_speed : 0;
	}
	return -1;
}
