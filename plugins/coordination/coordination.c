/* coordination.c — the Coordination pane (slot 1).  Live: tenants and the
 * fleets they own, with vehicle counts, from the model.  Federations,
 * sharing and the communication log are not built yet. */
#include "coordination_tables.h"
#include "fleetops_plugin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t fleets, vehicles, online;
} counts;

typedef struct {
	uint64_t gen;
	bool valid;
	counts *tenant, *fleet; /* per tenant, per fleet */
	size_t ntenant, nfleet;
} coord_state;

static void *grow(void *p, size_t n, size_t size)
{
	p = realloc(p, (n ? n : 1) * size);
	if (!p)
		abort();
	return p;
}

static void refresh(coord_state *s, fo_model *m)
{
	uint64_t gen = fo_model_generation(m);
	size_t nt = fo_model_tenant_count(m), nf = fo_model_fleet_count(m);
	if (s->valid && s->gen == gen && s->ntenant == nt && s->nfleet == nf)
		return;
	/* !s->tenant, !s->fleet: the first refresh with no tenant or fleet yet
	 * still allocates, so the memsets below never see NULL. */
	if (nt != s->ntenant || !s->tenant)
		s->tenant = grow(s->tenant, nt, sizeof *s->tenant);
	if (nf != s->nfleet || !s->fleet)
		s->fleet = grow(s->fleet, nf, sizeof *s->fleet);
	s->ntenant = nt;
	s->nfleet = nf;
	memset(s->tenant, 0, (nt ? nt : 1) * sizeof *s->tenant);
	memset(s->fleet, 0, (nf ? nf : 1) * sizeof *s->fleet);
	for (size_t f = 0; f < nf; f++) {
		const fo_fleet *fl = fo_model_fleet(m, f);
		if (fl->tenant < nt)
			s->tenant[fl->tenant].fleets++;
	}
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (v->fleet >= nf)
			continue;
		uint32_t t = fo_model_fleet(m, v->fleet)->tenant;
		s->fleet[v->fleet].vehicles++;
		s->fleet[v->fleet].online += v->online;
		if (t < nt) {
			s->tenant[t].vehicles++;
			s->tenant[t].online += v->online;
		}
	}
	s->gen = gen;
	s->valid = true;
}

/* ---------------------------------------------------------------- tenants */

static const fo_column tenant_cols[] = {
    {"tenant", "Tenant", FO_COL_TEXT, 10, false, NULL},
    {"name", "Name", FO_COL_TEXT, 22, false, NULL},
    {"fleets", "Fleets", FO_COL_NUM, 6, false, NULL},
    {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    {"online", "Online", FO_COL_NUM, 7, false, "vehicles"},
};

static size_t tenant_rows(fo_core *core, void *ud)
{
	return fo_model_tenant_count(fo_core_model(core));
}

static void tenant_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_tenant *t = fo_model_tenant(fo_core_model(core), row);
	snprintf(buf, len, "%s", t ? t->id : "");
}

static void tenant_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	coord_state *s = ud;
	fo_model *m = fo_core_model(core);
	const fo_tenant *t = fo_model_tenant(m, row);
	if (!t)
		return;
	refresh(s, m);
	switch (col) {
	case 0:
		fo_cell_text(c, "%s", t->id);
		break;
	case 1:
		fo_cell_text(c, "%s", t->name);
		break;
	case 2:
		fo_cell_num(c, (double)(s->tenant[row].fleets), 0);
		break;
	case 3:
		fo_cell_num(c, (double)(s->tenant[row].vehicles), 0);
		break;
	case 4:
		fo_cell_num(c, (double)(s->tenant[row].online), 0);
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- fleets */

static const fo_column member_cols[] = {
    {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    {"tenant", "Tenant", FO_COL_TEXT, 10, false, NULL},
    {"name", "Name", FO_COL_TEXT, 22, false, NULL},
    {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    {"online", "Online", FO_COL_NUM, 7, false, "vehicles"},
};

static size_t member_rows(fo_core *core, void *ud)
{
	return fo_model_fleet_count(fo_core_model(core));
}

static void member_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_fleet *f = fo_model_fleet(fo_core_model(core), row);
	snprintf(buf, len, "%s", f ? f->id : "");
}

static void member_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	coord_state *s = ud;
	fo_model *m = fo_core_model(core);
	const fo_fleet *f = fo_model_fleet(m, row);
	if (!f)
		return;
	refresh(s, m);
	const fo_tenant *t = fo_model_tenant(m, f->tenant);
	switch (col) {
	case 0:
		fo_cell_text(c, "%s", f->id);
		break;
	case 1:
		fo_cell_text(c, "%s", t ? t->id : "");
		break;
	case 2:
		fo_cell_text(c, "%s", f->name);
		break;
	case 3:
		fo_cell_num(c, (double)(s->fleet[row].vehicles), 0);
		break;
	case 4:
		fo_cell_num(c, (double)(s->fleet[row].online), 0);
		break;
	default:
		break;
	}
}

static const char *const pane_views[] = {"coordination.tenants", "coordination.fleets", NULL};

static const fo_pane_spec pane = {
    .name = "coordination",
    .title = "Coordination",
    .slot = 1,
    .views = pane_views,
    .note = "Live: tenants and their fleets with vehicle counts, from the model (the "
            "simulator's, or VDA 5050 vehicles': a fleet per manufacturer). Not built yet:  "
            "federations (CRUD, members), cross-fleet resource sharing and isolation, "
            "coordination metrics, inter-fleet communication log.",
};

static const fo_view_spec coordination_views[] = {
    {
        .name = "coordination.tenants",
        .title = "Tenants",
        .summary = "tenants with their fleet and vehicle counts",
        .cols = tenant_cols,
        .ncols = sizeof tenant_cols / sizeof tenant_cols[0],
        .row_count = tenant_rows,
        .cell = tenant_cell,
        .row_key = tenant_key,
        .generation = fo_view_model_generation,
        .drill_view = "coordination.fleets",
        .drill_column = "tenant",
        .empty_text = "no tenants yet: they come with the vehicles, from --demo (the simulated "
                      "depot) or --mqtt URL (VDA 5050 vehicles); tenant records of the store "
                      "are not read into this view yet",
    },
    {
        .name = "coordination.fleets",
        .title = "Fleets",
        .summary = "fleet membership: which tenant owns each fleet, vehicles in it",
        .cols = member_cols,
        .ncols = sizeof member_cols / sizeof member_cols[0],
        .row_count = member_rows,
        .cell = member_cell,
        .row_key = member_key,
        .generation = fo_view_model_generation,
        .drill_view = "fleet.vehicles",
        .drill_column = "fleet",
        .empty_text = "no fleets yet: they come with the vehicles, from --demo (the simulated "
                      "depot) or --mqtt URL (VDA 5050 vehicles, a fleet per manufacturer); "
                      "fleet records of the store are not read into this view yet",
    },
};

static fo_status coord_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_store_tables_register(core, coordination_tables, coordination_ntables, err,
	                             errlen) != 0)
		return FO_ERR;
	coord_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	*state = s;
	if (fo_pane_register_with_views(core, &pane, coordination_views,
	                                FO_NELEM(coordination_views), s, err, errlen) != 0)
		goto fail;
	return FO_OK;
fail:
	free(s);
	*state = NULL;
	return FO_ERR;
}

static void coord_fini(fo_core *core, void *state)
{
	coord_state *s = state;
	if (!s)
		return;
	free(s->tenant);
	free(s->fleet);
	free(s);
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "coordination",
    .version = "0.1.0",
    .summary = "coordination domain: tenants and fleet membership",
    .init = coord_init,
    .fini = coord_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
