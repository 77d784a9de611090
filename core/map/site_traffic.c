/* site_traffic.c — traffic control over the site (fleetops_plugin.h,
 * "traffic"): the engine of traffic.h fed with the model's vehicles.
 *
 * The engine is made on first use with a graph of its own (the node
 * indices are the document's, the same in every vehicle type's graph).
 * Where each vehicle stands is told from the model (lastNodeId) on a 100 ms
 * timer and before each claim of that vehicle; vehicles whose last node is
 * not a site node hold nothing. */
#include "site.h"

#include "core.h"
#include "route_int.h"
#include "site_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SYNC_MS 100
#define STANDING_M 0.05 /* a vehicle this close to its last node stands on it */

void site_traffic_free(fo_site *site)
{
	fo_timer_stop(site->ttimer);
	fo_traffic_free(site->traffic);
	fo_route_graph_free(site->tgraph);
	free(site->tnode);
	free(site->tcycle_ms);
	site->tcycle_ms = NULL;
	site->ttimer = NULL;
	site->traffic = NULL;
	site->tgraph = NULL;
	site->tnode = NULL;
	site->ntnode = 0;
}

bool fo_site_traffic(fo_core *core)
{
	const char *on = fo_config_str(core, "map.traffic");
	return core->site && !(on && strcmp(on, "off") == 0);
}

/* Tells the engine where vehicle i stands, when that changed (or while it
 * stands where another holds: it takes the node once free). */
static void sync_one(fo_core *core, size_t i)
{
	fo_site *site = core->site;
	if (i >= site->ntnode) {
		size_t n = fo_model_vehicle_count(core->model);
		if (n <= i)
			n = i + 1;
		site->tnode = realloc(site->tnode, n * sizeof *site->tnode);
		site->tcycle_ms = realloc(site->tcycle_ms, n * sizeof *site->tcycle_ms);
		if (!site->tnode || !site->tcycle_ms)
			abort();
		for (size_t k = site->ntnode; k < n; k++) {
			site->tnode[k] = FO_TRAFFIC_NONE;
			site->tcycle_ms[k] = 0;
		}
		site->ntnode = (uint32_t)n;
		fo_traffic_grow(site->traffic, (uint32_t)n);
	}
	const fo_vehicle *v = fo_model_vehicle(core->model, i);
	uint32_t node =
	    v && v->last_node[0] ? fo_route_node_find(site->tgraph, v->last_node) : FO_TRAFFIC_NONE;
	if (node == site->tnode[i] && fo_traffic_holder(site->traffic, node) == (uint32_t)i)
		return;
	site->tnode[i] = node;
	fo_traffic_at(site->traffic, (uint32_t)i, node);
}

static void sync_all(fo_core *core, void *ud)
{
	(void)ud;
	if (!core->site || !core->site->traffic)
		return;
	size_t n = fo_model_vehicle_count(core->model);
	uint64_t now = fo_wall_ms();
	for (size_t i = 0; i < n; i++) {
		sync_one(core, i);
		/* how long each vehicle has been in a deadlock (map traffic) */
		fo_site *site = core->site;
		bool in = fo_traffic_waits_for(site->traffic, (uint32_t)i) != FO_TRAFFIC_NONE &&
		          fo_traffic_cycle(site->traffic, (uint32_t)i, NULL, 0) > 0;
		if (!in)
			site->tcycle_ms[i] = 0;
		else if (!site->tcycle_ms[i])
			site->tcycle_ms[i] = now;
	}
}

/* The first vehicle type the document names (the engine's graph needs
 * one when it names several), or NULL. */
static const char *any_type(const fo_lif *lif)
{
	for (size_t l = 0; l < lif->nlayouts; l++)
		for (size_t e = 0; e < lif->layouts[l].nedges; e++)
			if (lif->layouts[l].edges[e].ntypes)
				return lif->layouts[l].edges[e].types[0].vehicle_type_id;
	return NULL;
}

static fo_traffic *engine(fo_core *core, char *err, size_t errlen)
{
	fo_site *site = core->site;
	if (!fo_site_traffic(core)) {
		snprintf(err, errlen,
		         core->site ? "traffic control is off (map.traffic)"
		                    : "no site layout is loaded");
		return NULL;
	}
	if (site->traffic)
		return site->traffic;
	fo_route_opts o = {
	    .vehicle_type = any_type(site->lif), .top_speed = 1.0, .level_change_s = 0};
	if (fo_route_graph_new(site->lif, &o, &site->tgraph, err, errlen) != 0)
		return NULL;
	fo_traffic_opts to = {.vehicle_length_m = fo_config_double(core, "map.vehicle_length")};
	site->traffic =
	    fo_traffic_new(site->tgraph, (uint32_t)fo_model_vehicle_count(core->model), &to);
	site->ttimer = fo_timer_start(core, SYNC_MS, SYNC_MS, sync_all, NULL);
	sync_all(core, NULL);
	return site->traffic;
}

static void vehicle_id(fo_core *core, uint32_t idx, char *out, size_t len)
{
	const fo_vehicle *v =
	    idx == FO_TRAFFIC_NONE ? NULL : fo_model_vehicle(core->model, (size_t)idx);
	snprintf(out, len, "%s", v ? v->id : "");
}

int fo_site_claim(fo_core *core, size_t idx, const char *const *nodes, size_t n, size_t budget,
                  fo_site_grant *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	fo_traffic *t = engine(core, err, errlen);
	if (!t)
		return -1;
	if (!n) {
		snprintf(err, errlen, "an empty plan");
		return -1;
	}
	uint32_t stack[64], *v = n <= 64 ? stack : calloc(n, sizeof *v);
	if (!v)
		abort();
	int rc = -1;
	for (size_t i = 0; i < n; i++) {
		v[i] = fo_route_node_find(core->site->tgraph, nodes[i]);
		if (v[i] == FO_ROUTE_NONE) {
			snprintf(err, errlen, "node %s is not on the site", nodes[i]);
			goto done;
		}
	}
	sync_one(core, idx);
	uint32_t blocker;
	size_t got = fo_traffic_claim(t, (uint32_t)idx, v, n, budget, &blocker);
	if (!got) {
		/* a new plan from where the vehicle stands, whatever it held */
		size_t np;
		const uint32_t *p = fo_traffic_path_of(t, (uint32_t)idx, &np);
		if (np && p[0] == v[0]) {
			fo_traffic_release(t, (uint32_t)idx, 1);
			got = fo_traffic_claim(t, (uint32_t)idx, v, n, budget, &blocker);
		}
	}
	if (!got && blocker == FO_TRAFFIC_NONE) {
		snprintf(err, errlen,
		         "the plan starts at %s, not where the vehicle's reservation ends",
		         nodes[0]);
		goto done;
	}
	out->granted = got;
	vehicle_id(core, blocker, out->blocker, sizeof out->blocker);
	if (blocker != FO_TRAFFIC_NONE && got < n)
		snprintf(out->node, sizeof out->node, "%s", nodes[got ? got : 0]);
	out->deadlock =
	    blocker != FO_TRAFFIC_NONE && fo_traffic_cycle(t, (uint32_t)idx, NULL, 0) > 0;
	rc = 0;
done:
	if (v != stack)
		free(v);
	return rc;
}

static void penalize_nodes(const fo_route_graph *g, fo_route_query *q, const uint32_t *v, size_t n,
                           double seconds)
{
	for (size_t i = 0; i < n; i++)
		for (uint32_t k = g->off[v[i]]; k < g->off[v[i] + 1]; k++)
			fo_route_penalize_edge(q, g->arc[k].edge, seconds);
}

void site_traffic_penalize(fo_core *core, site_graph *sg, size_t idx)
{
	fo_route_clear_blocks(sg->q);
	fo_traffic *t = core->site->traffic;
	if (!t || !fo_site_traffic(core))
		return;
	size_t n = fo_model_vehicle_count(core->model);
	for (size_t i = 0; i < n; i++) {
		if (i == idx)
			continue;
		size_t nh, nw;
		const uint32_t *h = fo_traffic_path_of(t, (uint32_t)i, &nh);
		const uint32_t *w = fo_traffic_intent_of(t, (uint32_t)i, &nw);
		penalize_nodes(sg->g, sg->q, h, nh, SITE_HELD_S);
		penalize_nodes(sg->g, sg->q, w, nw, SITE_WANTED_S);
	}
}

void fo_site_release(fo_core *core, size_t idx)
{
	if (!core->site || !core->site->traffic)
		return;
	/* a vehicle stopped between two nodes (a cancel, an e-stop) keeps the
	 * node ahead and the lane to it: it stands on that lane */
	size_t keep = 1, nh;
	const uint32_t *h = fo_traffic_path_of(core->site->traffic, (uint32_t)idx, &nh);
	const fo_vehicle *v = fo_model_vehicle(core->model, idx);
	if (v && nh >= 2) {
		const fo_lif_node *at = fo_route_node_ref(core->site->tgraph, h[0], NULL, NULL);
		if (at && hypot(v->x - at->x, v->y - at->y) > STANDING_M)
			keep = 2;
	}
	fo_traffic_release(core->site->traffic, (uint32_t)idx, keep);
}

int fo_site_resolve(fo_core *core, size_t idx, const char *to, fo_site_path *out, bool *backed_off,
                    char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	*backed_off = false;
	fo_traffic *t = engine(core, err, errlen);
	if (!t)
		return -1;
	site_graph *sg = site_graph_for(core, idx, err, errlen);
	if (!sg)
		return -1;
	const uint32_t *goal;
	uint32_t one;
	size_t ngoal = fo_route_end_nodes(sg->g, to ? to : "", &goal, &one);
	if (!ngoal) {
		snprintf(err, errlen, "layout %s has no node or station '%s'",
		         core->site->info.name, to ? to : "");
		return -1;
	}
	fo_traffic_path p;
	if (fo_traffic_resolve(t, sg->q, (uint32_t)idx, goal, ngoal, &p) != 0) {
		snprintf(err, errlen,
		         "no way out: no route to %s around the vehicles in the way, and no free "
		         "node to back off to",
		         to);
		return -1;
	}
	out->nodes = calloc(p.nnodes, sizeof *out->nodes);
	if (!out->nodes)
		abort();
	for (size_t i = 0; i < p.nnodes; i++)
		out->nodes[i] = fo_strdup(fo_route_node_ref(sg->g, p.nodes[i], NULL, NULL)->id);
	out->nnodes = p.nnodes;
	*backed_off = p.backed_off;
	free(p.nodes);
	return 0;
}

static size_t positions(const fo_route_graph *g, const uint32_t *v, size_t n, double (*xy)[2],
                        size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k < max; i++, k++) {
		const fo_lif_node *nd = fo_route_node_ref(g, v[i], NULL, NULL);
		xy[k][0] = nd->x;
		xy[k][1] = nd->y;
	}
	return k;
}

bool fo_site_reserved(fo_core *core, size_t idx, double (*held)[2], size_t *nheld,
                      double (*want)[2], size_t *nwant, size_t max)
{
	*nheld = *nwant = 0;
	if (!core->site || !core->site->traffic)
		return false;
	size_t nh, nw;
	const uint32_t *h = fo_traffic_path_of(core->site->traffic, (uint32_t)idx, &nh);
	const uint32_t *w = fo_traffic_intent_of(core->site->traffic, (uint32_t)idx, &nw);
	*nheld = positions(core->site->tgraph, h, nh, held, max);
	*nwant = positions(core->site->tgraph, w, nw, want, max);
	return true;
}
