/* performance.c — the Performance pane (slot 6).  Live: per-fleet figures
 * computed from current vehicle state (share moving, speeds, active orders,
 * distance on the odometers).  Scores, targets and trends need history and
 * KPI definitions that are not built yet, so none is shown. */
#include "fleetops_plugin.h"
#include "performance_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	size_t vehicles, online, moving, with_order, loaded, stopped;
	double speed_sum, odometer_m;
} perf_row;

typedef struct {
	uint64_t gen;
	bool valid;
	perf_row *fleet;
	size_t nfleet;
} perf_state;

static void refresh(perf_state *s, fo_model *m)
{
	uint64_t gen = fo_model_generation(m);
	size_t nf = fo_model_fleet_count(m);
	if (s->valid && s->gen == gen && s->nfleet == nf)
		return;
	/* !s->fleet: the first refresh with no fleet yet still allocates. */
	if (nf != s->nfleet || !s->fleet) {
		s->fleet = realloc(s->fleet, (nf ? nf : 1) * sizeof *s->fleet);
		if (!s->fleet)
			abort();
		s->nfleet = nf;
	}
	memset(s->fleet, 0, (nf ? nf : 1) * sizeof *s->fleet);
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (v->fleet >= nf)
			continue;
		perf_row *r = &s->fleet[v->fleet];
		fo_vstate st = fo_vehicle_state(v);
		r->vehicles++;
		r->online += v->online;
		if (st == FO_VS_DRIVING) {
			r->moving++;
			r->speed_sum += v->speed;
		}
		r->with_order += v->order_id[0] != '\0';
		r->loaded += v->load[0] != '\0';
		r->stopped += st == FO_VS_ERROR || st == FO_VS_ESTOP;
		r->odometer_m += v->odometer_m;
	}
	s->gen = gen;
	s->valid = true;
}

enum { PC_FLEET, PC_VEH, PC_MOVING, PC_SPEED, PC_ORDERS, PC_LOADED, PC_STOPPED, PC_ODO, PC__COUNT };

static const fo_column perf_cols[PC__COUNT] = {
    [PC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [PC_VEH] = {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    [PC_MOVING] = {"moving", "Moving", FO_COL_PERCENT, 7, false, "%"},
    [PC_SPEED] = {"speed", "Avg speed", FO_COL_NUM, 9, false, "m/s"},
    [PC_ORDERS] = {"orders", "On order", FO_COL_PERCENT, 8, false, "%"},
    [PC_LOADED] = {"loaded", "Loaded", FO_COL_NUM, 7, false, "vehicles"},
    [PC_STOPPED] = {"stopped", "Stopped", FO_COL_NUM, 7, false, "vehicles"},
    [PC_ODO] = {"odometer", "Odometer", FO_COL_NUM, 10, false, "km"},
};

static size_t perf_rows(fo_core *core, void *ud)
{
	return fo_model_fleet_count(fo_core_model(core));
}

static void perf_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_fleet *f = fo_model_fleet(fo_core_model(core), row);
	snprintf(buf, len, "%s", f ? f->id : "");
}

static void perf_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	perf_state *s = ud;
	fo_model *m = fo_core_model(core);
	const fo_fleet *f = fo_model_fleet(m, row);
	c->text[0] = '\0';
	c->is_num = false;
	c->num = 0;
	c->style = FO_STYLE_NORMAL;
	if (!f)
		return;
	refresh(s, m);
	const perf_row *r = &s->fleet[row];
	double n = (double)r->vehicles;
	switch (col) {
	case PC_FLEET:
		snprintf(c->text, sizeof c->text, "%s", f->id);
		break;
	case PC_VEH:
		fo_cell_num(c, n, 0);
		break;
	case PC_MOVING:
		if (r->vehicles)
			fo_cell_num(c, 100.0 * (double)r->moving / n, 0);
		break;
	case PC_SPEED:
		if (r->moving)
			fo_cell_num(c, r->speed_sum / (double)r->moving, 2);
		break;
	case PC_ORDERS:
		if (r->vehicles)
			fo_cell_num(c, 100.0 * (double)r->with_order / n, 0);
		break;
	case PC_LOADED:
		fo_cell_num(c, (double)r->loaded, 0);
		break;
	case PC_STOPPED:
		fo_cell_num(c, (double)r->stopped, 0);
		c->style = r->stopped ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
		break;
	case PC_ODO:
		fo_cell_num(c, r->odometer_m / 1000.0, 1);
		break;
	default:
		break;
	}
}

static fo_status perf_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	perf_state *s = ud;
	fo_model *m = fo_core_model(core);
	long f = fo_model_fleet_find(m, key);
	if (f < 0)
		return FO_ERR;
	refresh(s, m);
	const perf_row *r = &s->fleet[f];
	fo_detail_title(d, "%s", key);
	fo_detail_field(d, "Vehicles", FO_STYLE_NORMAL, "%zu (%zu online)", r->vehicles, r->online);
	fo_detail_field(d, "Driving now", FO_STYLE_NORMAL, "%zu", r->moving);
	if (r->moving)
		fo_detail_field(d, "Average speed driving", FO_STYLE_NORMAL, "%.2f m/s",
		                r->speed_sum / (double)r->moving);
	fo_detail_field(d, "On an order now", FO_STYLE_NORMAL, "%zu", r->with_order);
	fo_detail_field(d, "Carrying a load now", FO_STYLE_NORMAL, "%zu", r->loaded);
	fo_detail_field(d, "Stopped by error or e-stop", r->stopped ? FO_STYLE_ERROR : FO_STYLE_OK,
	                "%zu", r->stopped);
	fo_detail_field(d, "Odometers, summed", FO_STYLE_NORMAL, "%.1f km", r->odometer_m / 1000.0);
	fo_detail_text(d, FO_STYLE_DIM,
	               "Scores, benchmarks against targets and trends are not built yet.");
	return FO_OK;
}

static const char *const pane_views[] = {"performance.fleets", NULL};

static const fo_pane_spec pane = {
    .name = "performance",
    .title = "Performance",
    .slot = 6,
    .views = pane_views,
    .note = "Live: per-fleet figures computed from current vehicle state (share moving, "
            "average speed, share on an order, odometers). Not built yet: scores, "
            "benchmarks against configurable targets, reports, real-time alerts, trends.",
};

static const fo_view_spec performance_views[] = {
    {
        .name = "performance.fleets",
        .title = "Fleets",
        .summary = "per-fleet live figures: moving, speed, orders, loads, odometers",
        .cols = perf_cols,
        .ncols = PC__COUNT,
        .row_count = perf_rows,
        .cell = perf_cell,
        .row_key = perf_key,
        .generation = fo_view_model_generation,
        .detail = perf_detail,
        .empty_text =
            "no fleets yet: they come with the vehicles, from --demo (the simulated depot) "
            "or --mqtt URL (VDA 5050 vehicles, a fleet per manufacturer)",
    },
};

static fo_status perf_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_store_tables_register(core, performance_tables, performance_ntables, err, errlen) !=
	    0)
		return FO_ERR;
	perf_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	*state = s;
	if (fo_pane_register_with_views(core, &pane, performance_views, FO_NELEM(performance_views),
	                                s, err, errlen) != 0) {
		free(s);
		*state = NULL;
		return FO_ERR;
	}
	return FO_OK;
}

static void perf_fini(fo_core *core, void *state)
{
	perf_state *s = state;
	if (!s)
		return;
	free(s->fleet);
	free(s);
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "performance",
    .version = "0.1.0",
    .summary = "performance domain: live per-fleet figures",
    .init = perf_init,
    .fini = perf_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
