/* optimization.c — the Optimization pane (slot 3).  Live: how the vehicles
 * are spread over the depot's zones right now, which is the input a
 * rebalancer will need.  No optimizer runs yet, so there are no
 * recommendations and no targets. */
#include "fleetops_plugin.h"
#include "optimization_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t vehicles, driving, idle, charging, stopped, nodes, chargers, parking;
	double battery_sum;
} zone_totals;

typedef struct {
	uint64_t gen;
	bool valid;
	zone_totals *zone;
	size_t nzone, nnodes;
	size_t total_vehicles;
} opt_state;

static void refresh(opt_state *s, fo_model *m)
{
	uint64_t gen = fo_model_generation(m);
	size_t nz = fo_model_zone_count(m), nn = fo_model_node_count(m);
	if (s->valid && s->gen == gen && s->nzone == nz && s->nnodes == nn)
		return;
	if (nz != s->nzone || nn != s->nnodes) {
		/* The map changes rarely: count its nodes only then. */
		s->zone = realloc(s->zone, (nz ? nz : 1) * sizeof *s->zone);
		if (!s->zone)
			abort();
		memset(s->zone, 0, (nz ? nz : 1) * sizeof *s->zone);
		for (size_t i = 0; i < nn; i++) {
			const fo_map_node *n = fo_model_node(m, i);
			if (n->zone >= nz)
				continue;
			s->zone[n->zone].nodes++;
			s->zone[n->zone].chargers += n->kind == FO_NODE_CHARGER;
			s->zone[n->zone].parking += n->kind == FO_NODE_PARKING;
		}
		s->nzone = nz;
		s->nnodes = nn;
	}
	for (size_t i = 0; i < nz; i++) {
		zone_totals *z = &s->zone[i];
		z->vehicles = z->driving = z->idle = z->charging = z->stopped = 0;
		z->battery_sum = 0;
	}
	size_t nv = fo_model_vehicle_count(m);
	s->total_vehicles = nv;
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (v->zone >= nz || !v->last_node[0])
			continue; /* not yet on the map */
		zone_totals *z = &s->zone[v->zone];
		fo_vstate st = fo_vehicle_state(v);
		z->vehicles++;
		z->battery_sum += v->battery;
		z->driving += st == FO_VS_DRIVING;
		z->idle += st == FO_VS_IDLE;
		z->charging += st == FO_VS_CHARGING;
		z->stopped += st == FO_VS_ERROR || st == FO_VS_ESTOP;
	}
	s->gen = gen;
	s->valid = true;
}

enum {
	ZC_ZONE,
	ZC_NAME,
	ZC_VEH,
	ZC_SHARE,
	ZC_DRIVING,
	ZC_IDLE,
	ZC_CHARGING,
	ZC_STOPPED,
	ZC_BATT,
	ZC_CHARGERS,
	ZC_PARKING,
	ZC_NODES,
	ZC__COUNT
};

static const fo_column zone_cols[ZC__COUNT] = {
    [ZC_ZONE] = {"zone", "Zone", FO_COL_TEXT, 8, false, NULL},
    [ZC_NAME] = {"name", "Name", FO_COL_TEXT, 10, false, NULL},
    [ZC_VEH] = {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    [ZC_SHARE] = {"share", "Share", FO_COL_PERCENT, 6, false, "%"},
    [ZC_DRIVING] = {"driving", "Driving", FO_COL_NUM, 7, false, "vehicles"},
    [ZC_IDLE] = {"idle", "Idle", FO_COL_NUM, 5, false, "vehicles"},
    [ZC_CHARGING] = {"charging", "Charging", FO_COL_NUM, 8, false, "vehicles"},
    [ZC_STOPPED] = {"stopped", "Stopped", FO_COL_NUM, 7, false, "vehicles"},
    [ZC_BATT] = {"battery", "Avg batt", FO_COL_PERCENT, 8, false, "%"},
    [ZC_CHARGERS] = {"chargers", "Chargers", FO_COL_NUM, 8, true, "nodes"},
    [ZC_PARKING] = {"parking", "Parking", FO_COL_NUM, 7, true, "nodes"},
    [ZC_NODES] = {"nodes", "Nodes", FO_COL_NUM, 6, true, NULL},
};

static size_t zone_rows(fo_core *core, void *ud)
{
	return fo_model_zone_count(fo_core_model(core));
}

static void zone_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_map_zone *z = fo_model_zone(fo_core_model(core), row);
	snprintf(buf, len, "%s", z ? z->id : "");
}

static void zone_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	opt_state *s = ud;
	fo_model *m = fo_core_model(core);
	const fo_map_zone *zn = fo_model_zone(m, row);
	c->text[0] = '\0';
	c->is_num = false;
	c->num = 0;
	c->style = FO_STYLE_NORMAL;
	if (!zn)
		return;
	refresh(s, m);
	const zone_totals *z = &s->zone[row];
	switch (col) {
	case ZC_ZONE:
		snprintf(c->text, sizeof c->text, "%s", zn->id);
		break;
	case ZC_NAME:
		snprintf(c->text, sizeof c->text, "%s", zn->name);
		break;
	case ZC_VEH:
		fo_cell_num(c, (double)z->vehicles, 0);
		break;
	case ZC_SHARE:
		if (s->total_vehicles)
			fo_cell_num(c, 100.0 * (double)z->vehicles / (double)s->total_vehicles, 1);
		break;
	case ZC_DRIVING:
		fo_cell_num(c, (double)z->driving, 0);
		break;
	case ZC_IDLE:
		fo_cell_num(c, (double)z->idle, 0);
		break;
	case ZC_CHARGING:
		fo_cell_num(c, (double)z->charging, 0);
		break;
	case ZC_STOPPED:
		fo_cell_num(c, (double)z->stopped, 0);
		c->style = z->stopped ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
		break;
	case ZC_BATT:
		if (z->vehicles)
			fo_cell_num(c, z->battery_sum / (double)z->vehicles, 0);
		break;
	case ZC_CHARGERS:
		fo_cell_num(c, (double)z->chargers, 0);
		break;
	case ZC_PARKING:
		fo_cell_num(c, (double)z->parking, 0);
		break;
	case ZC_NODES:
		fo_cell_num(c, (double)z->nodes, 0);
		break;
	default:
		break;
	}
}

static fo_status zone_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	opt_state *s = ud;
	fo_model *m = fo_core_model(core);
	size_t nz = fo_model_zone_count(m);
	for (size_t i = 0; i < nz; i++) {
		const fo_map_zone *zn = fo_model_zone(m, i);
		if (strcmp(zn->id, key) != 0)
			continue;
		refresh(s, m);
		const zone_totals *z = &s->zone[i];
		fo_detail_title(d, "%s (%s)", zn->id, zn->name);
		fo_detail_field(d, "Area", FO_STYLE_NORMAL, "x %.0f..%.0f m, y %.0f..%.0f m",
		                zn->x0, zn->x1, zn->y0, zn->y1);
		fo_detail_field(d, "Map", FO_STYLE_NORMAL, "%zu nodes, %zu chargers, %zu parking",
		                z->nodes, z->chargers, z->parking);
		fo_detail_field(d, "Vehicles now", FO_STYLE_NORMAL,
		                "%zu (%zu driving, %zu idle, %zu charging, %zu stopped)",
		                z->vehicles, z->driving, z->idle, z->charging, z->stopped);
		fo_detail_text(d, FO_STYLE_DIM,
		               "Rebalancing between zones (min-cost flow) is not built yet: no "
		               "target distribution, no recommendation.");
		return FO_OK;
	}
	return FO_ERR;
}

static const char *const pane_views[] = {"optimization.zones", NULL};

static const fo_pane_spec pane = {
    .name = "optimization",
    .title = "Optimization",
    .slot = 3,
    .views = pane_views,
    .note = "Live: how vehicles are spread over the zones now (the rebalancer's input); "
            "zones are those of the simulator's depot map (--demo), as map import is not "
            "built yet. Not built yet either: optimization runs and objectives, mission-to-vehicle "
            "assignment, zone rebalancing, cost optimization, recommendations to apply "
            "or reject.",
};

static const fo_view_spec optimization_views[] = {
    {
        .name = "optimization.zones",
        .title = "Zones",
        .summary = "vehicles per zone now, by state, with the zone's chargers and parking",
        .cols = zone_cols,
        .ncols = ZC__COUNT,
        .row_count = zone_rows,
        .cell = zone_cell,
        .row_key = zone_key,
        .generation = fo_view_model_generation,
        .detail = zone_detail,
        .empty_text = "no depot map: start with --demo for the simulated depot; map import "
                      "is not built yet",
    },
};

static fo_status opt_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_store_tables_register(core, optimization_tables, optimization_ntables, err,
	                             errlen) != 0)
		return FO_ERR;
	opt_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	*state = s;
	if (fo_pane_register_with_views(core, &pane, optimization_views,
	                                FO_NELEM(optimization_views), s, err, errlen) != 0) {
		free(s);
		*state = NULL;
		return FO_ERR;
	}
	return FO_OK;
}

static void opt_fini(fo_core *core, void *state)
{
	opt_state *s = state;
	if (!s)
		return;
	free(s->zone);
	free(s);
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "optimization",
    .version = "0.1.0",
    .summary = "optimization domain: live vehicle distribution over zones",
    .init = opt_init,
    .fini = opt_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
