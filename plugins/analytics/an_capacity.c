/* an_capacity.c — analytics.capacity: per fleet, the demand (missions
 * finished an hour, from history) against the capacity (vehicles available
 * now times what a vehicle finished an hour of uptime over the window),
 * the next hour's demand forecast with its 80 % interval (Holt-Winters with
 * a daily season on the last 14 days, an_forecast), the headroom, and a
 * saturation warning when the interval reaches the capacity.  One row for
 * the whole site adds the chargers: busy now of those on the map.
 *
 * Demand is what history counts: missions that completed or failed, not
 * those requested (history does not see a queue), so a saturated fleet's
 * demand reads as its throughput.  Said in the view's summary. */
#include "an_capacity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOURS_BACK (14 * 24)

/* The fleet's missions finished each hour over the last HOURS_BACK hours
 * (NAN where the history has no bucket); the count. */
static size_t hourly_missions(an_capacity *c, const char *key, double *y)
{
	an_hist *h = c->stats->h;
	int64_t now = (int64_t)(fo_wall_ms() / 1000u);
	int64_t to = now - now % 3600; /* whole hours */
	an_window w;
	char err[200];
	int tier = -1;
	for (size_t k = 0; k < h->tiers.n; k++)
		if (h->tiers.t[k].res_s == 3600)
			tier = (int)k;
	if (tier < 0 ||
	    an_read(h, key, to - HOURS_BACK * 3600, to, tier, 0, &w, err, sizeof err) != 0)
		return 0;
	size_t n = w.nb < HOURS_BACK ? w.nb : HOURS_BACK;
	size_t first = 0;
	while (first < n && !w.present[first])
		first++; /* the fleet's history starts there */
	size_t m = 0;
	for (size_t b = first; b < n; b++) {
		const int64_t *v = w.vals + b * AN_NMETRICS;
		y[m++] =
		    w.present[b] ? (double)(v[AN_M_MISSIONS_DONE] + v[AN_M_MISSIONS_FAILED]) : NAN;
	}
	an_window_free(&w);
	return m;
}

static void row_fill(an_capacity *c, an_cap_row *r, const an_stat *x)
{
	fo_model *m = fo_core_model(c->stats->h->core);
	long fi = fo_model_fleet_find(m, x->key + 2);
	r->vehicles = r->available = 0;
	for (size_t i = 0; fi >= 0 && i < fo_model_vehicle_count(m); i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if ((long)v->fleet != fi)
			continue;
		r->vehicles++;
		fo_vstate st = fo_vehicle_state(v);
		r->available += st != FO_VS_OFFLINE && st != FO_VS_ERROR && st != FO_VS_ESTOP;
	}
	const an_totals *t = &x->tot;
	double up_h = an_totals_uptime_s(t) / 3600.0;
	double done = (double)(t->missions_succeeded + t->missions_failed);
	r->per_vehicle_h = up_h > 0 && done > 0 ? done / up_h : NAN;
	r->capacity = isnan(r->per_vehicle_h) ? NAN : r->per_vehicle_h * (double)r->available;
	double window_h = (double)c->stats->window_s / 3600.0;
	r->demand = done / window_h;
	double *y = malloc(HOURS_BACK * sizeof *y);
	if (!y)
		abort();
	size_t n = hourly_missions(c, x->key, y);
	an_hw_spec spec = {.season = 24, .trend = AN_TREND_NONE, .level = 0.8, .counts = true};
	an_hw_model mod;
	char err[160];
	r->fc.status = AN_FC_TOO_FEW;
	r->fc.point = r->fc.lower = r->fc.upper = NAN;
	if (n >= 3)
		an_hw_forecast(y, n, &spec, &r->fc, 1, &mod, err, sizeof err);
	free(y);
	r->headroom = r->capacity - r->fc.point;
	r->saturating =
	    r->fc.status == AN_FC_OK && !isnan(r->capacity) && r->fc.upper >= r->capacity;
}

void an_capacity_update(an_capacity *c)
{
	an_stats *s = c->stats;
	size_t nf = 0;
	for (size_t i = 0; i < s->n; i++)
		nf += s->v[i].key[0] == 'f' && s->v[i].key[1] == '/';
	free(c->rows);
	c->rows = calloc(nf + 1, sizeof *c->rows);
	if (!c->rows)
		abort();
	c->n = 0;
	for (size_t i = 0; i < s->n; i++) {
		const an_stat *x = &s->v[i];
		if (x->key[0] != 'f' || x->key[1] != '/')
			continue;
		an_cap_row *r = &c->rows[c->n++];
		snprintf(r->fleet, sizeof r->fleet, "%s", x->key + 2);
		row_fill(c, r, x);
	}
	/* the site: chargers on the map, and who charges now */
	fo_model *m = fo_core_model(s->h->core);
	c->chargers = c->charging = 0;
	for (size_t i = 0; i < fo_model_node_count(m); i++)
		c->chargers += fo_model_node(m, i)->kind == FO_NODE_CHARGER;
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++)
		c->charging += fo_model_vehicle(m, i)->charging;
	c->gen = s->gen;
}

/* ---------------------------------------------------------------- the view */

enum {
	CP_FLEET,
	CP_VEH,
	CP_AVAIL,
	CP_PERVEH,
	CP_CAP,
	CP_DEMAND,
	CP_NEXT,
	CP_HI,
	CP_HEAD,
	CP_STATE,
	CP__N
};

static const fo_column cols[CP__N] = {
    [CP_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [CP_VEH] = {"vehicles", "Veh", FO_COL_NUM, 5, false, NULL},
    [CP_AVAIL] = {"available", "Avail", FO_COL_NUM, 5, false, "vehicles"},
    [CP_PERVEH] = {"per_vehicle_h", "Per veh", FO_COL_NUM, 7, false, "missions/h"},
    [CP_CAP] = {"capacity_h", "Capacity", FO_COL_NUM, 8, false, "missions/h"},
    [CP_DEMAND] = {"demand_h", "Demand", FO_COL_NUM, 7, false, "missions/h"},
    [CP_NEXT] = {"next_hour", "Next h", FO_COL_NUM, 7, false, "missions"},
    [CP_HI] = {"next_hour_high", "80% to", FO_COL_NUM, 7, false, "missions"},
    [CP_HEAD] = {"headroom_h", "Headroom", FO_COL_NUM, 8, false, "missions/h"},
    [CP_STATE] = {"state", "State", FO_COL_TEXT, 30, false, NULL},
};

static void sync_rows(an_capacity *c)
{
	if (c->gen != c->stats->gen || !c->rows)
		an_capacity_update(c);
}

static size_t rows(fo_core *core, void *ud)
{
	an_capacity *c = ud;
	sync_rows(c);
	return c->n + 1; /* and the site */
}

static void key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	an_capacity *c = ud;
	sync_rows(c);
	snprintf(buf, len, "%s", row < c->n ? c->rows[row].fleet : "site");
}

static void num(fo_cell *cell, double v, int dec)
{
	if (!isnan(v))
		fo_cell_num(cell, v, dec);
}

static void cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	an_capacity *c = ud;
	sync_rows(c);
	if (row == c->n) { /* the site */
		if (col == CP_FLEET)
			fo_cell_text(out, "site");
		else if (col == CP_STATE)
			fo_cell_text(out, "chargers: %zu busy of %zu", c->charging, c->chargers);
		return;
	}
	if (row > c->n)
		return;
	const an_cap_row *r = &c->rows[row];
	switch (col) {
	case CP_FLEET:
		fo_cell_text(out, "%s", r->fleet);
		break;
	case CP_VEH:
		fo_cell_num(out, (double)r->vehicles, 0);
		break;
	case CP_AVAIL:
		fo_cell_num(out, (double)r->available, 0);
		break;
	case CP_PERVEH:
		num(out, r->per_vehicle_h, 2);
		break;
	case CP_CAP:
		num(out, r->capacity, 1);
		break;
	case CP_DEMAND:
		num(out, r->demand, 1);
		break;
	case CP_NEXT:
		num(out, r->fc.point, 1);
		break;
	case CP_HI:
		num(out, r->fc.upper, 1);
		break;
	case CP_HEAD:
		num(out, r->headroom, 1);
		break;
	case CP_STATE:
		if (r->saturating) {
			fo_cell_text(out, "saturating: demand may reach capacity");
			out->style = FO_STYLE_WARN;
		} else if (isnan(r->capacity)) {
			fo_cell_text(out, "no finished missions in the window");
			out->style = FO_STYLE_DIM;
		} else if (r->fc.status != AN_FC_OK) {
			fo_cell_text(out, "too little history to forecast");
			out->style = FO_STYLE_DIM;
		} else {
			fo_cell_text(out, "ok");
		}
		break;
	default:
		break;
	}
}

static void prepare(fo_core *core, void *ud)
{
	an_capacity *c = ud;
	an_stats_wait(c->stats);
}

static uint64_t generation(fo_core *core, void *ud)
{
	an_capacity *c = ud;
	return c->stats->gen;
}

static const fo_view_spec view = {
    .name = "analytics.capacity",
    .title = "Capacity",
    .summary = "each fleet's demand (missions finished an hour) against its capacity, the next "
               "hour's forecast with its 80% interval, headroom, saturation",
    .cols = cols,
    .ncols = CP__N,
    .row_count = rows,
    .cell = cell,
    .row_key = key,
    .generation = generation,
    .empty_text = "no fleet history yet (history status)",
    .prepare = prepare,
};

int an_capacity_register(an_capacity *c, fo_core *core, char *err, size_t errlen)
{
	if (fo_view_register(core, &view, c) != 0) {
		snprintf(err, errlen, "cannot register view %s", view.name);
		return -1;
	}
	return 0;
}

void an_capacity_free(an_capacity *c)
{
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
}
