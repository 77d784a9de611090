/* analytics.c — the Analytics pane (slot 4).  Live: each fleet's battery
 * distribution and the errors vehicles report right now, counted from the
 * model.  Health scores, predictions and trends are not built yet, so
 * nothing here is a score or a forecast. */
#include "analytics.h"
#include "an_band.h"
#include "an_bench.h"
#include "an_capacity.h"
#include "an_lua.h"
#include "an_report.h"
#include "an_views.h"
#include "analytics_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BUCKETS = 4 }; /* <20, 20-50, 50-80, >=80 % */

typedef struct {
	size_t vehicles;
	size_t bucket[BUCKETS];
	double sum, min, max;
} battery_row;

typedef struct {
	char type[32];
	fo_errlevel level;
	size_t vehicles;
	uint64_t oldest_ms;
} error_row;

typedef struct {
	uint64_t gen;
	bool valid;
	battery_row *fleet;
	size_t nfleet;
	error_row *err;
	size_t nerr, errcap;
	an_hist hist;
	an_stats stats;
	an_views views;
	an_capacity capacity;
	an_report report;
	an_band band;
} analytics_state;

static int bucket_of(double pct)
{
	return pct < 20 ? 0 : pct < 50 ? 1 : pct < 80 ? 2 : 3;
}

static void count_error(analytics_state *s, const fo_verror *e)
{
	for (size_t i = 0; i < s->nerr; i++) {
		error_row *r = &s->err[i];
		if (r->level == e->level && strcmp(r->type, e->type) == 0) {
			r->vehicles++;
			if (e->since_ms < r->oldest_ms)
				r->oldest_ms = e->since_ms;
			return;
		}
	}
	s->err = fo_grow(s->err, &s->errcap, s->nerr + 1, sizeof *s->err, 16);
	error_row *r = &s->err[s->nerr++];
	memset(r, 0, sizeof *r);
	snprintf(r->type, sizeof r->type, "%s", e->type);
	r->level = e->level;
	r->vehicles = 1;
	r->oldest_ms = e->since_ms;
}

static void refresh(analytics_state *s, fo_model *m)
{
	uint64_t gen = fo_model_generation(m);
	size_t nf = fo_model_fleet_count(m);
	if (s->valid && s->gen == gen && s->nfleet == nf)
		return;
	/* Allocated on the first refresh too: with no fleet yet (a real site
	 * before its vehicles connect) nf equals the initial 0, and the memset
	 * below must not write through a NULL array. */
	if (nf != s->nfleet || !s->fleet) {
		s->fleet = realloc(s->fleet, (nf ? nf : 1) * sizeof *s->fleet);
		if (!s->fleet)
			abort();
		s->nfleet = nf;
	}
	memset(s->fleet, 0, (nf ? nf : 1) * sizeof *s->fleet);
	s->nerr = 0;
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		for (size_t k = 0; k < v->nerrors && k < FO_MAX_VERRORS; k++)
			count_error(s, &v->errors[k]);
		if (v->fleet >= nf)
			continue;
		battery_row *b = &s->fleet[v->fleet];
		if (!b->vehicles || v->battery < b->min)
			b->min = v->battery;
		if (!b->vehicles || v->battery > b->max)
			b->max = v->battery;
		b->vehicles++;
		b->sum += v->battery;
		b->bucket[bucket_of(v->battery)]++;
	}
	s->gen = gen;
	s->valid = true;
}

/* ---------------------------------------------------------------- battery */

enum { BC_FLEET, BC_VEH, BC_MIN, BC_AVG, BC_MAX, BC_B0, BC_B1, BC_B2, BC_B3, BC__COUNT };

static const fo_column battery_cols[BC__COUNT] = {
    [BC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [BC_VEH] = {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    [BC_MIN] = {"min", "Min", FO_COL_PERCENT, 5, false, "%"},
    [BC_AVG] = {"avg", "Avg", FO_COL_PERCENT, 5, false, "%"},
    [BC_MAX] = {"max", "Max", FO_COL_PERCENT, 5, false, "%"},
    [BC_B0] = {"below_20", "<20%", FO_COL_NUM, 6, false, "vehicles"},
    [BC_B1] = {"from_20", "20-50%", FO_COL_NUM, 6, false, "vehicles"},
    [BC_B2] = {"from_50", "50-80%", FO_COL_NUM, 6, false, "vehicles"},
    [BC_B3] = {"from_80", ">=80%", FO_COL_NUM, 6, false, "vehicles"},
};

static size_t battery_rows(fo_core *core, void *ud)
{
	return fo_model_fleet_count(fo_core_model(core));
}

static void battery_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_fleet *f = fo_model_fleet(fo_core_model(core), row);
	snprintf(buf, len, "%s", f ? f->id : "");
}

static void battery_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	analytics_state *s = ud;
	fo_model *m = fo_core_model(core);
	const fo_fleet *f = fo_model_fleet(m, row);
	if (!f)
		return;
	refresh(s, m);
	const battery_row *b = &s->fleet[row];
	if (col == BC_FLEET) {
		snprintf(c->text, sizeof c->text, "%s", f->id);
		return;
	}
	if (col == BC_VEH) {
		fo_cell_num(c, (double)b->vehicles, 0);
		return;
	}
	if (!b->vehicles)
		return;
	switch (col) {
	case BC_MIN:
		fo_cell_num(c, b->min, 0);
		c->style = b->min < 15 ? FO_STYLE_WARN : FO_STYLE_NORMAL;
		break;
	case BC_AVG:
		fo_cell_num(c, b->sum / (double)b->vehicles, 0);
		break;
	case BC_MAX:
		fo_cell_num(c, b->max, 0);
		break;
	case BC_B0:
	case BC_B1:
	case BC_B2:
	case BC_B3:
		fo_cell_num(c, (double)b->bucket[col - BC_B0], 0);
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------- errors */

enum { EC_TYPE, EC_LEVEL, EC_VEH, EC_AGE, EC__COUNT };

static const fo_column error_cols[EC__COUNT] = {
    [EC_TYPE] = {"type", "Error type", FO_COL_TEXT, 26, false, NULL},
    [EC_LEVEL] = {"level", "Level", FO_COL_TEXT, 7, false, NULL},
    [EC_VEH] = {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    [EC_AGE] = {"oldest", "Oldest", FO_COL_NUM, 7, false, "s"},
};

static size_t error_rows(fo_core *core, void *ud)
{
	analytics_state *s = ud;
	refresh(s, fo_core_model(core));
	return s->nerr;
}

static void error_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	analytics_state *s = ud;
	refresh(s, fo_core_model(core));
	if (row < s->nerr)
		snprintf(buf, len, "%s/%s", s->err[row].type,
		         s->err[row].level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
	else if (len)
		buf[0] = '\0';
}

static void error_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	analytics_state *s = ud;
	refresh(s, fo_core_model(core));
	if (row >= s->nerr)
		return;
	const error_row *r = &s->err[row];
	bool fatal = r->level == FO_ERRLVL_FATAL;
	switch (col) {
	case EC_TYPE:
		snprintf(c->text, sizeof c->text, "%s", r->type);
		break;
	case EC_LEVEL:
		snprintf(c->text, sizeof c->text, "%s", fatal ? "FATAL" : "WARNING");
		c->style = fatal ? FO_STYLE_ERROR : FO_STYLE_WARN;
		break;
	case EC_VEH:
		fo_cell_num(c, (double)r->vehicles, 0);
		break;
	case EC_AGE: {
		uint64_t now = fo_wall_ms();
		if (r->oldest_ms && now >= r->oldest_ms)
			fo_cell_num(c, (double)(now - r->oldest_ms) / 1000.0, 0);
		break;
	}
	default:
		break;
	}
}

static const char *const pane_views[] = {
    "analytics.health",      "analytics.efficiency", "analytics.compare", "analytics.capacity",
    "analytics.predictions", "analytics.battery",    "analytics.errors",  NULL};

static const fo_pane_spec pane = {
    .name = "analytics",
    .title = "Analytics",
    .slot = 4,
    .views = pane_views,
    .note =
        "From history (written every minute by the process holding the store's history "
        "lease; `history show`, `history status`), over analytics.window: health scores "
        "with what costs them points, each fleet's efficiency and how it compares with the "
        "window before, demand against capacity with the next hour's forecast and saturation "
        "warnings, battery "
        "depletion predictions with 80% intervals; live: battery "
        "distribution and the errors "
        "vehicles report now; `analytics report` writes it all as one HTML page; a fleet metric "
        "leaving its usual band raises the alert MetricOutOfBand.  Not built "
        "yet: failure risk, mission duration predictions.",
};

static const fo_view_spec analytics_views[] = {
    {
        .name = "analytics.battery",
        .title = "Battery",
        .summary = "battery distribution per fleet, now",
        .cols = battery_cols,
        .ncols = BC__COUNT,
        .row_count = battery_rows,
        .cell = battery_cell,
        .row_key = battery_key,
        .generation = fo_view_model_generation,
        .drill_view = "fleet.vehicles",
        .drill_column = "fleet",
        .empty_text =
            "no fleets yet: they come with the vehicles, from --demo (the simulated depot) "
            "or --mqtt URL (VDA 5050 vehicles, a fleet per manufacturer)",
    },
    {
        .name = "analytics.errors",
        .title = "Errors",
        .summary = "error types vehicles report now, with how many vehicles",
        .cols = error_cols,
        .ncols = EC__COUNT,
        .row_count = error_rows,
        .cell = error_cell,
        .row_key = error_key,
        .generation = fo_view_model_generation,
        .empty_text = "no vehicle reports an error now (no vehicle yet? --demo for the simulator, "
                      "--mqtt URL for VDA 5050 vehicles)",
    },
};

static fo_status analytics_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, analytics_options, analytics_noptions) != 0) {
		snprintf(err, errlen, "cannot declare its options (see the log)");
		return FO_ERR;
	}
	if (fo_store_tables_register(core, analytics_tables, analytics_ntables, err, errlen) != 0)
		return FO_ERR;
	analytics_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	*state = s;
	s->views.stats = &s->stats;
	s->capacity.stats = &s->stats;
	s->report.stats = &s->stats;
	s->report.capacity = &s->capacity;
	if (an_hist_start(&s->hist, core, err, errlen) != 0 ||
	    an_stats_start(&s->stats, &s->hist, err, errlen) != 0 ||
	    an_cmds_register(&s->hist, err, errlen) != 0 ||
	    an_bench_register(&s->hist, err, errlen) != 0 ||
	    an_trend_register(&s->hist, err, errlen) != 0 ||
	    an_views_register(&s->views, core, err, errlen) != 0 ||
	    an_capacity_register(&s->capacity, core, err, errlen) != 0 ||
	    an_report_register(&s->report, core, err, errlen) != 0 ||
	    an_lua_register(&s->stats, err, errlen) != 0 ||
	    an_band_start(&s->band, &s->stats, err, errlen) != 0)
		goto fail;
	if (fo_pane_register_with_views(core, &pane, analytics_views, FO_NELEM(analytics_views), s,
	                                err, errlen) != 0)
		goto fail;
	return FO_OK;
fail:
	an_band_stop(&s->band);
	an_stats_stop(&s->stats);
	an_hist_stop(&s->hist);
	an_views_free(&s->views);
	an_capacity_free(&s->capacity);
	free(s);
	*state = NULL;
	return FO_ERR;
}

static void analytics_fini(fo_core *core, void *state)
{
	analytics_state *s = state;
	if (!s)
		return;
	an_band_stop(&s->band);
	an_stats_stop(&s->stats);
	an_hist_stop(&s->hist);
	an_views_free(&s->views);
	an_capacity_free(&s->capacity);
	free(s->fleet);
	free(s->err);
	free(s);
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "analytics",
    .version = "0.1.0",
    .summary = "analytics domain: live battery distribution and error counts",
    .init = analytics_init,
    .fini = analytics_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
