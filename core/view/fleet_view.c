/* fleet_view.c — the fleet overview: the "fleet.vehicles" and
 * "fleet.fleets" views, the Overview pane (slot 0) and the `vehicle list`,
 * `vehicle show` and `fleet list` commands.  Every figure is read from the
 * live model; nothing is estimated.
 *
 * cell() runs once per visible cell and per row when sorting, so it only
 * formats into the caller's fo_cell: no allocation, no scan.  Per-fleet
 * totals are summed once per model generation into a cache. */
#include "fleet_view.h"

#include "core.h"
#include "view_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	size_t vehicles, moving, charging, alarm, warn;
	double battery_sum;
} fleet_totals;

typedef struct {
	fo_core *core;
	uint64_t totals_gen;
	bool totals_valid;
	fleet_totals *totals; /* one per fleet */
	size_t ntotals, cap;
} fleet_view;

static const fo_view_spec fleet_views[2]; /* vehicles, fleets; defined below */

/* ---------------------------------------------------------------- helpers */

fo_style fo_vstate_style(fo_vstate s)
{
	switch (s) {
	case FO_VS_OFFLINE:
		return FO_STYLE_DIM;
	case FO_VS_DRIVING:
	case FO_VS_ACTING:
		return FO_STYLE_OK;
	case FO_VS_CHARGING:
		return FO_STYLE_ACCENT;
	case FO_VS_PAUSED:
		return FO_STYLE_WARN;
	case FO_VS_ERROR:
	case FO_VS_ESTOP:
		return FO_STYLE_ERROR;
	default:
		return FO_STYLE_NORMAL;
	}
}

static fo_style battery_style(double pct)
{
	return pct < 15 ? FO_STYLE_ERROR : pct < 25 ? FO_STYLE_WARN : FO_STYLE_NORMAL;
}

static bool has_fatal(const fo_vehicle *v)
{
	for (size_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL)
			return true;
	return false;
}

static const char *fleet_id(fo_model *m, uint32_t f)
{
	const fo_fleet *fl = fo_model_fleet(m, f);
	return fl ? fl->id : "";
}

static const char *tenant_id_of_fleet(fo_model *m, uint32_t f)
{
	const fo_fleet *fl = fo_model_fleet(m, f);
	const fo_tenant *t = fl ? fo_model_tenant(m, fl->tenant) : NULL;
	return t ? t->id : "";
}

/* ---------------------------------------------------------------- vehicles view */

enum {
	VC_ID,
	VC_FLEET,
	VC_STATE,
	VC_BATTERY,
	VC_POS,
	VC_SPEED,
	VC_ORDER,
	VC_NODE,
	VC_ERRORS,
	VC_TENANT,
	VC_MANUF,
	VC_ODO,
	VC_OPMODE,
	VC_LOAD,
	VC_ZONE,
	VC_SEEN,
	VC__COUNT
};

static const fo_column vehicle_cols[VC__COUNT] = {
    [VC_ID] = {"id", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [VC_FLEET] = {"fleet", "Fleet", FO_COL_TEXT, 9, false, NULL},
    [VC_STATE] = {"state", "State", FO_COL_TEXT, 8, false, NULL},
    [VC_BATTERY] = {"battery", "Batt", FO_COL_PERCENT, 6, false, "%"},
    [VC_POS] = {"position", "Position", FO_COL_TEXT, 13, false, "m"},
    [VC_SPEED] = {"speed", "Speed", FO_COL_NUM, 5, false, "m/s"},
    [VC_ORDER] = {"order", "Order", FO_COL_TEXT, 15, false, NULL},
    [VC_NODE] = {"node", "Node", FO_COL_TEXT, 8, false, NULL},
    [VC_ERRORS] = {"errors", "Errors", FO_COL_TEXT, 24, false, NULL},
    [VC_TENANT] = {"tenant", "Tenant", FO_COL_TEXT, 9, true, NULL},
    [VC_MANUF] = {"manufacturer", "Manufacturer", FO_COL_TEXT, 14, true, NULL},
    [VC_ODO] = {"odometer", "Odometer", FO_COL_NUM, 9, true, "km"},
    [VC_OPMODE] = {"opmode", "Mode", FO_COL_TEXT, 10, true, NULL},
    [VC_LOAD] = {"load", "Load", FO_COL_TEXT, 12, true, NULL},
    [VC_ZONE] = {"zone", "Zone", FO_COL_TEXT, 8, true, NULL},
    [VC_SEEN] = {"last_seen", "Last seen", FO_COL_TIME, 20, true, NULL},
};

static size_t veh_rows(fo_core *core, void *ud)
{
	return fo_model_vehicle_count(fo_core_model(core));
}

static void veh_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	fo_vehicle *v = fo_model_vehicle(fo_core_model(core), row);
	snprintf(buf, len, "%s", v ? v->id : "");
}

static void errors_cell(const fo_vehicle *v, fo_cell *c)
{
	c->is_num = false;
	c->num = v->nerrors;
	if (!v->nerrors) {
		c->text[0] = '\0';
		return;
	}
	/* The first FATAL error names the cell; otherwise the first one. */
	const fo_verror *first = &v->errors[0];
	for (size_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL) {
			first = &v->errors[i];
			break;
		}
	snprintf(c->text, sizeof c->text, "%u %s", (unsigned)v->nerrors, first->type);
	c->style = has_fatal(v) ? FO_STYLE_ERROR : FO_STYLE_WARN;
}

static void veh_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	fo_model *m = fo_core_model(core);
	fo_vehicle *v = fo_model_vehicle(m, row);
	c->text[0] = '\0';
	c->is_num = false;
	c->num = 0;
	c->style = FO_STYLE_NORMAL;
	if (!v)
		return;
	switch (col) {
	case VC_ID:
		snprintf(c->text, sizeof c->text, "%s", v->id);
		break;
	case VC_FLEET:
		snprintf(c->text, sizeof c->text, "%s", fleet_id(m, v->fleet));
		break;
	case VC_STATE: {
		fo_vstate s = fo_vehicle_state(v);
		snprintf(c->text, sizeof c->text, "%s", fo_vstate_name(s));
		c->style = fo_vstate_style(s);
		break;
	}
	case VC_BATTERY:
		fo_cell_num(c, v->battery, 0);
		c->style = battery_style(v->battery);
		break;
	case VC_POS:
		snprintf(c->text, sizeof c->text, "%.1f,%.1f", v->x, v->y);
		break;
	case VC_SPEED:
		fo_cell_num(c, v->speed, 2);
		break;
	case VC_ORDER:
		snprintf(c->text, sizeof c->text, "%s", v->order_id);
		break;
	case VC_NODE:
		snprintf(c->text, sizeof c->text, "%s", v->last_node);
		break;
	case VC_ERRORS:
		errors_cell(v, c);
		break;
	case VC_TENANT:
		snprintf(c->text, sizeof c->text, "%s", tenant_id_of_fleet(m, v->fleet));
		break;
	case VC_MANUF:
		snprintf(c->text, sizeof c->text, "%s", v->manufacturer);
		break;
	case VC_ODO:
		fo_cell_num(c, v->odometer_m / 1000.0, 1);
		break;
	case VC_OPMODE:
		snprintf(c->text, sizeof c->text, "%s", fo_opmode_name(v->opmode));
		break;
	case VC_LOAD:
		snprintf(c->text, sizeof c->text, "%s", v->load);
		break;
	case VC_ZONE: {
		const fo_map_zone *z = fo_model_zone(m, v->zone);
		snprintf(c->text, sizeof c->text, "%s", z ? z->id : "");
		break;
	}
	case VC_SEEN:
		fo_cell_time(c, v->last_seen_ms);
		break;
	default:
		break;
	}
}

static void detail_safety(fo_detail *d, const fo_vehicle *v)
{
	fo_detail_section(d, "Safety");
	fo_detail_field(d, "E-stop", v->estop == FO_ESTOP_NONE ? FO_STYLE_OK : FO_STYLE_ERROR, "%s",
	                fo_estop_name(v->estop));
	fo_detail_field(d, "Field violation", v->field_violation ? FO_STYLE_ERROR : FO_STYLE_OK,
	                "%s", v->field_violation ? "yes" : "no");
}

static void detail_errors(fo_detail *d, const fo_vehicle *v, uint64_t now)
{
	fo_detail_section(d, "Errors");
	if (!v->nerrors) {
		fo_detail_text(d, FO_STYLE_DIM, "none");
		return;
	}
	for (size_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++) {
		const fo_verror *e = &v->errors[i];
		bool fatal = e->level == FO_ERRLVL_FATAL;
		double age = now > e->since_ms ? (double)(now - e->since_ms) / 1000.0 : 0;
		fo_detail_text(d, fatal ? FO_STYLE_ERROR : FO_STYLE_WARN, "%s %s: %s (%.0f s)",
		               fatal ? "FATAL" : "WARNING", e->type, e->desc, age);
	}
}

static fo_status veh_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	fo_model *m = fo_core_model(core);
	long idx = fo_model_vehicle_find(m, key);
	fo_vehicle *v = idx < 0 ? NULL : fo_model_vehicle(m, (size_t)idx);
	if (!v)
		return FO_ERR;
	fo_vstate s = fo_vehicle_state(v);
	fo_detail_title(d, "%s", v->id);
	fo_detail_section(d, "Identity");
	fo_detail_field(d, "Serial number", FO_STYLE_NORMAL, "%s", v->id);
	fo_detail_field(d, "Manufacturer", FO_STYLE_NORMAL, "%s", v->manufacturer);
	fo_detail_field(d, "Fleet", FO_STYLE_NORMAL, "%s", fleet_id(m, v->fleet));
	fo_detail_field(d, "Tenant", FO_STYLE_NORMAL, "%s", tenant_id_of_fleet(m, v->fleet));
	fo_detail_section(d, "State");
	fo_detail_field(d, "State", fo_vstate_style(s), "%s", fo_vstate_name(s));
	fo_detail_field(d, "Online", v->online ? FO_STYLE_OK : FO_STYLE_DIM, "%s",
	                v->online ? "yes" : "no");
	fo_detail_field(d, "Operating mode", FO_STYLE_NORMAL, "%s", fo_opmode_name(v->opmode));
	detail_safety(d, v);
	fo_detail_section(d, "Motion");
	fo_detail_field(d, "Battery", battery_style(v->battery), "%.1f %%%s", v->battery,
	                v->charging ? " (charging)" : "");
	fo_detail_field(d, "Position", FO_STYLE_NORMAL, "x %.2f m, y %.2f m, theta %.2f rad", v->x,
	                v->y, v->theta);
	fo_detail_field(d, "Speed", FO_STYLE_NORMAL, "%.2f m/s", v->speed);
	fo_detail_field(d, "Odometer", FO_STYLE_NORMAL, "%.2f km", v->odometer_m / 1000.0);
	const fo_map_zone *z = fo_model_zone(m, v->zone);
	fo_detail_field(d, "Last node", FO_STYLE_NORMAL, "%s (sequence %u)%s%s",
	                v->last_node[0] ? v->last_node : "-", v->last_node_seq, z ? ", zone " : "",
	                z ? z->id : "");
	fo_detail_section(d, "Order");
	if (v->order_id[0]) {
		fo_detail_field(d, "Order", FO_STYLE_ACCENT, "%s (update %u)", v->order_id,
		                v->order_update);
		fo_detail_field(d, "Nodes left", FO_STYLE_NORMAL, "%u", v->nodes_left);
	} else {
		fo_detail_text(d, FO_STYLE_DIM, "no order");
	}
	fo_detail_field(d, "Load", v->load[0] ? FO_STYLE_NORMAL : FO_STYLE_DIM, "%s",
	                v->load[0] ? v->load : "none");
	detail_errors(d, v, fo_wall_ms());
	float bat[FO_HISTORY_LEN], spd[FO_HISTORY_LEN];
	size_t n = fo_vehicle_history(v, bat, spd);
	fo_detail_section(d, "History (one sample a second)");
	fo_detail_chart(d, "Battery", "%", 0, 100, bat, n);
	float vmax = 0.5f;
	for (size_t i = 0; i < n; i++)
		if (spd[i] > vmax)
			vmax = spd[i];
	fo_detail_chart(d, "Speed", "m/s", 0, vmax, spd, n);
	return FO_OK;
}

static const fo_view_action vehicle_actions[] = {
    {'e', "e-stop", "sim estop %k"},
    {'r', "release", "sim release %k"},
    {'f', "fault", "sim fault %k"},
};

/* ---------------------------------------------------------------- fleets view */

enum {
	FC_ID,
	FC_TENANT,
	FC_VEHICLES,
	FC_MOVING,
	FC_CHARGING,
	FC_ALARM,
	FC_WARN,
	FC_BATT,
	FC_NAME,
	FC__COUNT
};

static const fo_column fleet_cols[FC__COUNT] = {
    [FC_ID] = {"fleet", "Fleet", FO_COL_TEXT, 10, false, NULL},
    [FC_TENANT] = {"tenant", "Tenant", FO_COL_TEXT, 10, false, NULL},
    [FC_VEHICLES] = {"vehicles", "Vehicles", FO_COL_NUM, 8, false, NULL},
    [FC_MOVING] = {"moving", "Moving", FO_COL_NUM, 7, false, "vehicles"},
    [FC_CHARGING] = {"charging", "Charging", FO_COL_NUM, 8, false, "vehicles"},
    [FC_ALARM] = {"alarm", "Stopped", FO_COL_NUM, 7, false, "vehicles"},
    [FC_WARN] = {"warnings", "Warnings", FO_COL_NUM, 8, false, "vehicles"},
    [FC_BATT] = {"battery", "Avg batt", FO_COL_PERCENT, 8, false, "%"},
    [FC_NAME] = {"name", "Name", FO_COL_TEXT, 20, true, NULL},
};

static void totals_refresh(fleet_view *fv, fo_model *m)
{
	uint64_t gen = fo_model_generation(m);
	size_t nf = fo_model_fleet_count(m);
	if (fv->totals_valid && fv->totals_gen == gen && fv->ntotals == nf)
		return;
	fv->totals = fo_grow(fv->totals, &fv->cap, nf, sizeof *fv->totals, 16);
	if (nf) /* no fleet yet: totals may still be NULL, and memset(NULL) is UB */
		memset(fv->totals, 0, nf * sizeof *fv->totals);
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (!v || v->fleet >= nf)
			continue;
		fleet_totals *t = &fv->totals[v->fleet];
		fo_vstate s = fo_vehicle_state(v);
		t->vehicles++;
		t->battery_sum += v->battery;
		t->moving += s == FO_VS_DRIVING;
		t->charging += s == FO_VS_CHARGING;
		t->alarm += s == FO_VS_ERROR || s == FO_VS_ESTOP;
		t->warn += v->nerrors > 0 && s != FO_VS_ERROR && s != FO_VS_ESTOP;
	}
	fv->ntotals = nf;
	fv->totals_gen = gen;
	fv->totals_valid = true;
}

static size_t fleet_rows(fo_core *core, void *ud)
{
	return fo_model_fleet_count(fo_core_model(core));
}

static void fleet_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	snprintf(buf, len, "%s", fleet_id(fo_core_model(core), (uint32_t)row));
}

static void fleet_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	fleet_view *fv = ud;
	fo_model *m = fo_core_model(core);
	c->text[0] = '\0';
	c->is_num = false;
	c->num = 0;
	c->style = FO_STYLE_NORMAL;
	const fo_fleet *f = fo_model_fleet(m, row);
	if (!f)
		return;
	totals_refresh(fv, m);
	const fleet_totals *t = &fv->totals[row];
	switch (col) {
	case FC_ID:
		snprintf(c->text, sizeof c->text, "%s", f->id);
		break;
	case FC_TENANT:
		snprintf(c->text, sizeof c->text, "%s", tenant_id_of_fleet(m, (uint32_t)row));
		break;
	case FC_VEHICLES:
		fo_cell_num(c, (double)t->vehicles, 0);
		break;
	case FC_MOVING:
		fo_cell_num(c, (double)t->moving, 0);
		break;
	case FC_CHARGING:
		fo_cell_num(c, (double)t->charging, 0);
		break;
	case FC_ALARM:
		fo_cell_num(c, (double)t->alarm, 0);
		c->style = t->alarm ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
		break;
	case FC_WARN:
		fo_cell_num(c, (double)t->warn, 0);
		c->style = t->warn ? FO_STYLE_WARN : FO_STYLE_NORMAL;
		break;
	case FC_BATT:
		if (t->vehicles) {
			fo_cell_num(c, t->battery_sum / (double)t->vehicles, 0);
			c->style = battery_style(c->num);
		}
		break;
	case FC_NAME:
		snprintf(c->text, sizeof c->text, "%s", f->name);
		break;
	default:
		break;
	}
}

static fo_status fleet_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	fleet_view *fv = ud;
	fo_model *m = fo_core_model(core);
	long f = fo_model_fleet_find(m, key);
	const fo_fleet *fl = f < 0 ? NULL : fo_model_fleet(m, (size_t)f);
	if (!fl)
		return FO_ERR;
	totals_refresh(fv, m);
	const fleet_totals *t = &fv->totals[f];
	fo_detail_title(d, "%s", fl->id);
	fo_detail_field(d, "Name", FO_STYLE_NORMAL, "%s", fl->name);
	fo_detail_field(d, "Tenant", FO_STYLE_NORMAL, "%s", tenant_id_of_fleet(m, (uint32_t)f));
	fo_detail_field(d, "Vehicles", FO_STYLE_NORMAL, "%zu", t->vehicles);
	fo_detail_field(d, "Driving", FO_STYLE_NORMAL, "%zu", t->moving);
	fo_detail_field(d, "Charging", FO_STYLE_NORMAL, "%zu", t->charging);
	fo_detail_field(d, "Stopped by error or e-stop", t->alarm ? FO_STYLE_ERROR : FO_STYLE_OK,
	                "%zu", t->alarm);
	fo_detail_field(d, "With warnings only", t->warn ? FO_STYLE_WARN : FO_STYLE_OK, "%zu",
	                t->warn);
	if (t->vehicles)
		fo_detail_field(d, "Average battery", FO_STYLE_NORMAL, "%.1f %%",
		                t->battery_sum / (double)t->vehicles);
	return FO_OK;
}

/* ---------------------------------------------------------------- commands */

static fo_status print_view(fo_core *core, const fo_view_spec *spec, const char *scope_col,
                            const char *scope, const char *filter, fo_out *out)
{
	fo_viewstate *vs = fo_viewstate_new(core, spec);
	char err[256] = "";
	if (scope && fo_viewstate_set_scope(vs, scope_col, scope) < 0) {
		fo_viewstate_free(vs);
		fo_out_error(out, "cannot scope to %s", scope);
		return FO_ERR;
	}
	if (filter && fo_viewstate_set_filter(vs, filter, err, sizeof err) < 0) {
		fo_viewstate_free(vs);
		fo_out_error(out, "%s", err);
		return FO_EUSAGE;
	}
	fo_viewstate_refresh(vs, fo_now_ms(core));
	if (fo_viewstate_rows(vs) == 0)
		fo_out_printf(out, "%s\n", spec->empty_text ? spec->empty_text : "no rows");
	else
		fo_view_text_table(vs, out, 0);
	fo_viewstate_free(vs);
	return FO_OK;
}

static bool known_state(const char *name)
{
	for (int s = 0; s < FO_VS__COUNT; s++)
		if (strcasecmp(name, fo_vstate_name((fo_vstate)s)) == 0)
			return true;
	return false;
}

static fo_status cmd_vehicle_list(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	(void)ud;
	const char *fleet = fo_args_str(args, "fleet", NULL);
	const char *state = fo_args_str(args, "state", NULL);
	char filter[64];
	if (state) {
		if (!known_state(state)) {
			char all[160] = "";
			for (int s = 0; s < FO_VS__COUNT; s++) {
				strncat(all, fo_vstate_name((fo_vstate)s),
				        sizeof all - strlen(all) - 1);
				if (s + 1 < FO_VS__COUNT)
					strncat(all, ", ", sizeof all - strlen(all) - 1);
			}
			fo_out_error(out, "vehicle list: unknown state '%s' (one of: %s)", state,
			             all);
			return FO_EUSAGE;
		}
		snprintf(filter, sizeof filter, "state:^%s$", state);
	}
	return print_view(core, &fleet_views[0], "fleet", fleet, state ? filter : NULL, out);
}

static void print_detail(const fo_detail *d, fo_out *out)
{
	for (size_t i = 0; i < fo_detail_count(d); i++) {
		const fo_dline *l = fo_detail_line(d, i);
		/* vehicle text (ids, error types and descriptions) goes to a
		 * terminal: no escape sequence or bidi override gets through */
		size_t tl = l->text ? strlen(l->text) + 1 : 1;
		char *text = malloc(tl);
		if (!text)
			abort();
		fo_view_text_safe(l->text ? l->text : "", text, tl);
		switch (l->kind) {
		case FO_DL_TITLE:
			fo_out_printf(out, "%s\n", text);
			break;
		case FO_DL_SECTION:
			fo_out_printf(out, "\n%s\n", text);
			break;
		case FO_DL_FIELD:
			fo_out_printf(out, "  %-18s %s\n", l->label, text);
			break;
		case FO_DL_TEXT:
			fo_out_printf(out, "  %s\n", text);
			break;
		case FO_DL_CHART:
			if (!l->nsamples) {
				fo_out_printf(out, "  %-18s no samples yet\n", l->text);
				break;
			}
			float lo = l->samples[0], hi = l->samples[0];
			for (size_t k = 1; k < l->nsamples; k++) {
				lo = l->samples[k] < lo ? l->samples[k] : lo;
				hi = l->samples[k] > hi ? l->samples[k] : hi;
			}
			fo_out_printf(out,
			              "  %-18s %zu samples, min %.2f, max %.2f, last %.2f %s\n",
			              l->text, l->nsamples, lo, hi, l->samples[l->nsamples - 1],
			              l->label ? l->label : "");
			break;
		}
		free(text);
	}
}

static fo_status cmd_vehicle_show(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	(void)ud;
	const char *id = fo_args_str(args, "vehicle", "");
	fo_detail *d = fo_detail_new();
	fo_status st = fo_view_detail(core, &fleet_views[0], id, d);
	if (st != FO_OK)
		fo_out_error(out, "vehicle show: no vehicle '%s'", id);
	else
		print_detail(d, out);
	fo_detail_free(d);
	return st;
}

static fo_status cmd_fleet_list(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	(void)ud;
	return print_view(core, &fleet_views[1], NULL, NULL, NULL, out);
}

static const fo_arg_spec list_args[] = {
    {"fleet", FO_ARG_FLEET, false, NULL, "only this fleet"},
    {"state", FO_ARG_STRING, false, NULL,
     "only this state: offline, idle, driving, acting, charging, paused, error, e-stop"},
};
static const fo_arg_spec show_args[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "vehicle id, e.g. AGV-00042"},
};

static const char *const overview_views[] = {"fleet.vehicles", "fleet.fleets", "feeds.status",
                                             "scripts.status", NULL};

static const fo_pane_spec overview_pane = {
    .name = "overview",
    .title = "Overview",
    .slot = 0,
    .views = overview_views,
    .note = "Live: every vehicle and fleet in the model (simulator with --demo, VDA 5050 "
            "vehicles with --mqtt URL), the feeds' status and the Lua scripts.",
};

static const char vehicles_empty[] =
    "no vehicles: start with --demo for the simulated fleet, or --mqtt URL for VDA 5050 vehicles";

static const fo_view_spec fleet_views[2] = {
    {
        .name = "fleet.vehicles",
        .title = "Vehicles",
        .summary = "every vehicle: state, battery, position, order, errors",
        .cols = vehicle_cols,
        .ncols = VC__COUNT,
        .row_count = veh_rows,
        .cell = veh_cell,
        .row_key = veh_key,
        .generation = fo_view_model_generation,
        .detail = veh_detail,
        .actions = vehicle_actions,
        .nactions = FO_NELEM(vehicle_actions),
        .empty_text = vehicles_empty,
    },
    {
        .name = "fleet.fleets",
        .title = "Fleets",
        .summary = "fleets with their tenant, vehicle counts by state and average battery",
        .cols = fleet_cols,
        .ncols = FC__COUNT,
        .row_count = fleet_rows,
        .cell = fleet_cell,
        .row_key = fleet_key,
        .generation = fo_view_model_generation,
        .detail = fleet_detail,
        .drill_view = "fleet.vehicles",
        .drill_column = "fleet",
        .empty_text = "no fleets yet: they come with the vehicles, from --demo (the simulated "
                      "depot) or --mqtt URL (VDA 5050 vehicles, a fleet per manufacturer); "
                      "fleet records of the store are not read into this view yet",
    },
};

static const fo_cmd_spec fleet_cmds[] = {
    {"vehicle", "list", "list vehicles as a table", list_args, FO_NELEM(list_args),
     FO_CMD_READONLY_SAFE, cmd_vehicle_list},
    {"vehicle", "show", "show everything known about a vehicle", show_args, FO_NELEM(show_args),
     FO_CMD_READONLY_SAFE, cmd_vehicle_show},
    {"fleet", "list", "list fleets with live counts", NULL, 0, FO_CMD_READONLY_SAFE,
     cmd_fleet_list},
};

void fo_fleet_view_register(fo_core *core)
{
	fleet_view *fv = calloc(1, sizeof *fv);
	if (!fv)
		abort();
	fv->core = core;
	char err[256];
	if (fo_pane_register_with_views(core, &overview_pane, fleet_views, FO_NELEM(fleet_views),
	                                fv, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "fleet view: %s", err);
	if (fo_cmds_register(core, fleet_cmds, FO_NELEM(fleet_cmds), fv, err, sizeof err) != 0)
		fo_log(core, FO_LOG_ERROR, "fleet view: %s", err);
}

void fo_fleet_view_free(fo_core *core)
{
	fleet_view *fv = core && core->views ? fo_views_ud(core->views, &fleet_views[0]) : NULL;
	if (!fv)
		return;
	free(fv->totals);
	free(fv);
}
