/* alert_view.c — the Alerts pane (slot 7): firing, pending, silenced and
 * history views (so also `report alerts.*` once reports land), the status
 * line summary, keys to acknowledge, silence and jump to the vehicle. */
#include "alert_core.h"

#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { AV_FIRING, AV_PENDING, AV_SILENCED, AV__ALERTS } av_kind;

typedef struct {
	uint64_t gen;
	bool valid;
	const fo_alert **rows;
	size_t n, cap;
} av_index;

typedef struct fo_alert_views {
	av_index ix[AV__ALERTS];
	struct av_ud {
		fo_core *core;
		av_kind kind;
	} ud[AV__ALERTS];
} fo_alert_views;

enum {
	C_ID,
	C_ALERT,
	C_SEV,
	C_VEHICLE,
	C_VALUE,
	C_SINCE,
	C_SUMMARY,
	C_ACK,
	C_MUTED,
	C_LABELS,
	C_MATCHERS,
	C__COUNT
};

static const fo_column cols[C__COUNT] = {
    [C_ID] = {"id", "Id", FO_COL_TEXT, 8, false, NULL},
    [C_ALERT] = {"alert", "Alert", FO_COL_TEXT, 15, false, NULL},
    [C_SEV] = {"severity", "Severity", FO_COL_TEXT, 8, false, NULL},
    [C_VEHICLE] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [C_VALUE] = {"value", "Value", FO_COL_NUM, 7, false, NULL},
    [C_SINCE] = {"since", "Since", FO_COL_NUM, 6, false, "s"},
    [C_SUMMARY] = {"summary", "Summary", FO_COL_TEXT, 30, false, NULL},
    [C_ACK] = {"ack", "Ack", FO_COL_TEXT, 8, false, NULL},
    [C_MUTED] = {"muted", "Muted", FO_COL_TEXT, 14, false, NULL},
    [C_LABELS] = {"labels", "Labels", FO_COL_TEXT, 40, true, NULL},
    [C_MATCHERS] = {"matchers", "Matchers", FO_COL_TEXT, 40, true, NULL},
};

static bool in_view(const fo_alert *a, av_kind k)
{
	bool live = a->state == FO_ALERT_FIRING || a->state == FO_ALERT_PENDING;
	switch (k) {
	case AV_FIRING:
		return a->state == FO_ALERT_FIRING && !fo_alert_muted(a);
	case AV_PENDING:
		return a->state == FO_ALERT_PENDING && !fo_alert_muted(a);
	default:
		return live && fo_alert_muted(a);
	}
}

/* The engine; from the shell (`view show alerts.history`) its records are
 * loaded first, in the console the evaluation timer loads them. */
static fo_alerts *engine_of(fo_core *core)
{
	return fo_alert_core_engine(core, !fo_core_has_frontend(core));
}

static av_index *rows_of(fo_core *core, av_kind k)
{
	fo_alert_views *v = core->alerts->views;
	fo_alerts *e = engine_of(core);
	av_index *ix = &v->ix[k];
	uint64_t gen = fo_alerts_generation(e);
	if (ix->valid && ix->gen == gen)
		return ix;
	ix->n = 0;
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *a = fo_alerts_at(e, i);
		if (!in_view(a, k))
			continue;
		ix->rows = fo_grow(ix->rows, &ix->cap, ix->n + 1, sizeof *ix->rows, 64);
		ix->rows[ix->n++] = a;
	}
	ix->gen = gen;
	ix->valid = true;
	return ix;
}

static size_t a_rows(fo_core *core, void *ud)
{
	return rows_of(core, ((struct av_ud *)ud)->kind)->n;
}

static const fo_alert *a_row(fo_core *core, void *ud, size_t row)
{
	av_index *ix = rows_of(core, ((struct av_ud *)ud)->kind);
	return row < ix->n ? ix->rows[row] : NULL;
}

/* The labels that name the alert (all but severity), as matchers. */
static void matchers_of(const fo_alert *a, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < a->labels.n && o < len; i++) {
		if (strcmp(a->labels.kv[2 * i], "severity") == 0)
			continue;
		int n = snprintf(buf + o, len - o, "%s%s=\"%s\"", o ? "," : "", a->labels.kv[2 * i],
		                 a->labels.kv[2 * i + 1]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static void a_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	const fo_alert *a = a_row(core, ud, row);
	if (!a)
		return;
	const char *sev = fo_labels_get(&a->labels, "severity");
	const char *veh = fo_labels_get(&a->labels, "vehicle");
	const char *sum = fo_labels_get(&a->annotations, "summary");
	switch (col) {
	case C_ID:
		fo_cell_text(c, "%.8s", a->id);
		break;
	case C_ALERT:
		fo_cell_text(c, "%s", fo_labels_get(&a->labels, "alertname"));
		break;
	case C_SEV:
		fo_cell_text(c, "%s", sev ? sev : "");
		c->style = sev && strcmp(sev, "critical") == 0 ? FO_STYLE_ERROR : FO_STYLE_WARN;
		break;
	case C_VEHICLE:
		fo_cell_text(c, "%s", veh ? veh : "");
		break;
	case C_VALUE:
		fo_cell_num(c, a->value, 1);
		break;
	case C_SINCE: {
		uint64_t now = fo_wall_ms();
		uint64_t t = a->state == FO_ALERT_FIRING ? a->fired_at : a->active_at;
		fo_cell_num(c, t && now > t ? (double)(now - t) / 1000.0 : 0, 0);
		break;
	}
	case C_SUMMARY:
		fo_cell_text(c, "%s", sum ? sum : "");
		break;
	case C_ACK:
		fo_cell_text(c, "%s", a->acked_at ? a->acked_by : "");
		c->style = FO_STYLE_OK;
		break;
	case C_MUTED:
		if (a->silenced_by[0])
			fo_cell_text(c, "silence %.6s", a->silenced_by);
		else if (a->inhibited)
			fo_cell_text(c, "inhibited");
		c->style = FO_STYLE_DIM;
		break;
	case C_LABELS:
		fo_labels_text(&a->labels, c->text, sizeof c->text);
		break;
	case C_MATCHERS:
		matchers_of(a, c->text, sizeof c->text);
		break;
	default:
		break;
	}
}

static void a_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const fo_alert *a = a_row(core, ud, row);
	snprintf(buf, len, "%s", a ? a->id : "");
}

static uint64_t a_gen(fo_core *core, void *ud)
{
	(void)ud;
	return fo_alerts_generation(core->alerts->e);
}

static fo_status a_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	(void)ud;
	char err[200], t[256];
	const fo_alert *a = fo_alerts_find(core->alerts->e, key, err, sizeof err);
	if (!a)
		return FO_ERR;
	fo_detail_title(d, "%s %.8s", a->rule, a->id);
	fo_detail_field(d, "State", a->state == FO_ALERT_FIRING ? FO_STYLE_ERROR : FO_STYLE_WARN,
	                "%s", fo_alert_state_name(a->state));
	fo_detail_field(d, "Value", FO_STYLE_NORMAL, "%g", a->value);
	for (size_t i = 0; i < a->annotations.n; i++)
		fo_detail_field(d, a->annotations.kv[2 * i], FO_STYLE_NORMAL, "%s",
		                a->annotations.kv[2 * i + 1]);
	fo_detail_section(d, "Labels");
	for (size_t i = 0; i < a->labels.n; i++)
		fo_detail_field(d, a->labels.kv[2 * i], FO_STYLE_NORMAL, "%s",
		                a->labels.kv[2 * i + 1]);
	fo_detail_section(d, "Handling");
	fo_iso_time(a->active_at, t, sizeof t);
	fo_detail_field(d, "Active since", FO_STYLE_NORMAL, "%s", a->active_at ? t : "-");
	if (a->fired_at) {
		fo_iso_time(a->fired_at, t, sizeof t);
		fo_detail_field(d, "Firing since", FO_STYLE_NORMAL, "%s", t);
	}
	if (a->acked_at) {
		fo_iso_time(a->acked_at, t, sizeof t);
		fo_detail_field(d, "Acknowledged", FO_STYLE_OK, "by %s at %s%s%s", a->acked_by, t,
		                a->ack_note ? ": " : "", a->ack_note ? a->ack_note : "");
	} else {
		fo_detail_field(d, "Acknowledged", FO_STYLE_DIM, "no (key a)");
	}
	fo_detail_field(d, "Silenced", FO_STYLE_NORMAL, "%s",
	                a->silenced_by[0] ? a->silenced_by : "no (key m)");
	fo_detail_field(d, "Inhibited", FO_STYLE_NORMAL, "%s", a->inhibited ? "yes" : "no");
	matchers_of(a, t, sizeof t);
	fo_detail_field(d, "Matchers", FO_STYLE_DIM, "%s", t);
	return FO_OK;
}

/* ---------------------------------------------------------------- history */

enum { H_AT, H_ID, H_ALERT, H_CHANGE, H_VALUE, H_NOTE, H_LABELS, H__COUNT };

static const fo_column hcols[H__COUNT] = {
    [H_AT] = {"at", "At", FO_COL_TEXT, 19, false, NULL},
    [H_ID] = {"id", "Id", FO_COL_TEXT, 8, false, NULL},
    [H_ALERT] = {"alert", "Alert", FO_COL_TEXT, 15, false, NULL},
    [H_CHANGE] = {"change", "Change", FO_COL_TEXT, 19, false, NULL},
    [H_VALUE] = {"value", "Value", FO_COL_NUM, 7, false, NULL},
    [H_NOTE] = {"note", "Note", FO_COL_TEXT, 24, false, NULL},
    [H_LABELS] = {"labels", "Labels", FO_COL_TEXT, 40, false, NULL},
};

/* Newest first. */
static const fo_alert_event *h_row(fo_core *core, size_t row)
{
	fo_alerts *e = core->alerts->e;
	size_t n = fo_alerts_history_count(e);
	return row < n ? fo_alerts_history_at(e, n - 1 - row) : NULL;
}

static size_t h_rows(fo_core *core, void *ud)
{
	(void)ud;
	return fo_alerts_history_count(engine_of(core));
}

static void h_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	(void)ud;
	const fo_alert_event *ev = h_row(core, row);
	if (!ev)
		return;
	switch (col) {
	case H_AT:
		fo_iso_time(ev->at, c->text, sizeof c->text);
		c->text[19] = '\0';
		break;
	case H_ID:
		fo_cell_text(c, "%.8s", ev->alert_id);
		break;
	case H_ALERT:
		fo_cell_text(c, "%s", ev->rule);
		break;
	case H_CHANGE:
		if (ev->ack)
			fo_cell_text(c, "acknowledged");
		else
			fo_cell_text(c, "%s -> %s", fo_alert_state_name(ev->from),
			             fo_alert_state_name(ev->to));
		c->style = ev->to == FO_ALERT_FIRING && !ev->ack ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
		break;
	case H_VALUE:
		fo_cell_num(c, ev->value, 1);
		break;
	case H_LABELS:
		fo_cell_text(c, "%s", ev->labels);
		break;
	case H_NOTE:
		fo_cell_text(c, "%s", ev->note);
		break;
	default:
		break;
	}
}

static void h_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	(void)ud;
	const fo_alert_event *ev = h_row(core, row);
	/* several events per alert: the key is the alert and the time */
	snprintf(buf, len, "%s@%llu", ev ? ev->alert_id : "",
	         ev ? (unsigned long long)ev->at : 0ull);
}

/* ---------------------------------------------------------------- pane */

static const fo_view_action actions[] = {
    {'a', "acknowledge", ":alert ack %k --note "},
    {'m', "silence", ":alert silence --matcher %{matchers} --duration 2h --comment "},
    {'v', "vehicle", "ui goto fleet.vehicles %{vehicle}"},
};

static const char *const pane_views[] = {"alerts.firing", "alerts.pending", "alerts.silenced",
                                         "alerts.history", NULL};

static const fo_pane_spec pane = {
    .name = "alerts",
    .title = "Alerts",
    .slot = 7,
    .views = pane_views,
    .note = "Rules: built-in LowBattery and VehicleOffline (alerts.* options); plugins add "
            "rules through fo_alert_rule_add. Keys: a acknowledge, m silence, v vehicle.",
};

#define ALERT_VIEW(NAME, TITLE, SUMMARY, EMPTY)                                                    \
	{                                                                                          \
		.name = NAME, .title = TITLE, .summary = SUMMARY, .cols = cols, .ncols = C__COUNT, \
		.row_count = a_rows, .cell = a_cell, .row_key = a_key, .generation = a_gen,        \
		.detail = a_detail, .actions = actions, .nactions = FO_NELEM(actions),             \
		.empty_text = EMPTY,                                                               \
	}

/* One per av_kind, in that order. */
static const fo_view_spec alert_views[AV__ALERTS] = {
    ALERT_VIEW("alerts.firing", "Firing", "firing alerts, not silenced or inhibited",
               "No alert is firing."),
    ALERT_VIEW("alerts.pending", "Pending", "alerts whose condition holds, waiting for their `for`",
               "No alert is pending."),
    ALERT_VIEW("alerts.silenced", "Silenced",
               "pending and firing alerts muted by a silence or an inhibition",
               "No alert is silenced or inhibited."),
};

static const fo_view_spec history_view = {
    .name = "alerts.history",
    .title = "History",
    .summary = "alert transitions and acknowledgements, newest first",
    .cols = hcols,
    .ncols = H__COUNT,
    .row_count = h_rows,
    .cell = h_cell,
    .row_key = h_key,
    .generation = a_gen,
    .empty_text = "No alert has changed yet.",
};

void fo_alert_view_register(fo_core *core)
{
	fo_alert_views *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	core->alerts->views = v;
	for (int k = 0; k < AV__ALERTS; k++) {
		v->ud[k].core = core;
		v->ud[k].kind = (av_kind)k;
		if (fo_view_register(core, &alert_views[k], &v->ud[k]) != 0)
			return;
	}
	if (fo_view_register(core, &history_view, NULL) != 0 || fo_pane_register(core, &pane) != 0)
		fo_log(core, FO_LOG_ERROR, "alerts: cannot register the alerts pane");
}

void fo_alert_view_free(fo_core *core)
{
	fo_alert_views *v = core->alerts ? core->alerts->views : NULL;
	if (!v)
		return;
	for (int k = 0; k < AV__ALERTS; k++)
		free(v->ix[k].rows);
	free(v);
}

size_t fo_alerts_summary(fo_core *core, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	if (!core->alerts)
		return 0;
	size_t c, w, o;
	fo_alerts_severity_counts(core->alerts->e, &c, &w, &o);
	if (!c && !w && !o)
		return 0;
	int n = snprintf(buf, len, "alerts");
	if (c)
		n += snprintf(buf + n, len - (size_t)n, " crit %zu", c);
	if (w)
		n += snprintf(buf + n, len - (size_t)n, " warn %zu", w);
	if (o)
		n += snprintf(buf + n, len - (size_t)n, " other %zu", o);
	if (core->alerts->role == FO_ALERT_ROLE_FOLLOW)
		n += snprintf(buf + n, len - (size_t)n, " (shared)");
	return (size_t)n;
}
