/* mission_views.c — the missions pane: queue, active, history,
 * dependencies, safety events and templates, each a view (so each is also
 * a report), plus the two views of the live model. */
#include "missions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { IX_QUEUE, IX_ACTIVE, IX_HISTORY, IX_DEPS, IX_SAFETY, IX_TEMPLATES, IX_ALL };

static void push(struct mi_index *ix, void *row)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 64;
		ix->rows = realloc(ix->rows, ix->cap * sizeof *ix->rows);
		if (!ix->rows)
			abort();
	}
	ix->rows[ix->n++] = row;
}

static void reindex(missions_state *s)
{
	if (s->ix_valid && s->ix_gen == s->gen)
		return;
	for (size_t i = 0; i < sizeof s->ix / sizeof s->ix[0]; i++)
		s->ix[i].n = 0;
	for (size_t i = 0; i < s->nmissions; i++) {
		mi_mission *m = s->missions[i];
		push(&s->ix[IX_ALL], m);
		int k = m->state == MS_QUEUED || m->state == MS_WAITING ? IX_QUEUE
		        : ms_on_vehicle(m->state)                       ? IX_ACTIVE
		                                                        : IX_HISTORY;
		push(&s->ix[k], m);
	}
	for (size_t i = 0; i < s->ndeps; i++)
		push(&s->ix[IX_DEPS], &s->deps[i]);
	/* unresolved first, newest first within each */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = s->nsafety; i-- > 0;)
			if ((strcmp(s->safety[i]->state, "resolved") == 0) == (pass == 1))
				push(&s->ix[IX_SAFETY], s->safety[i]);
	for (size_t i = 0; i < s->ntemplates; i++)
		if (mi_template_latest(s, s->templates[i].name) == &s->templates[i])
			push(&s->ix[IX_TEMPLATES], &s->templates[i]);
	s->ix_gen = s->gen;
	s->ix_valid = true;
}

static void *row_at(missions_state *s, int k, size_t row)
{
	reindex(s);
	return row < s->ix[k].n ? s->ix[k].rows[row] : NULL;
}

/* a report or a script outside the console: the records first */
static void prepare(fo_core *core, void *ud)
{
	missions_state *s = ud;
	/* as the commands do (mission_cmds.c): wait unless this is a tracking
	 * console, which must not hang on a store */
	mi_load(s, !fo_core_has_frontend(core) || !s->tracking);
}

static uint64_t gen_records(fo_core *core, void *ud)
{
	missions_state *s = ud;
	return s->gen;
}

static uint64_t gen_live(fo_core *core, void *ud)
{
	missions_state *s = ud;
	return s->gen + fo_model_generation(fo_core_model(core));
}

static void age(fo_cell *c, uint64_t since)
{
	uint64_t now = fo_wall_ms();
	if (!since || now < since)
		return;
	fo_cell_num(c, (double)(now - since) / 1000.0, 0);
}

static fo_style state_style(ms_state st)
{
	switch (st) {
	case MS_FAILED:
		return FO_STYLE_ERROR;
	case MS_PAUSED:
	case MS_WAITING:
		return FO_STYLE_WARN;
	case MS_COMPLETED:
		return FO_STYLE_OK;
	case MS_CANCELLED:
		return FO_STYLE_DIM;
	default:
		return FO_STYLE_NORMAL;
	}
}

/* ---------------------------------------------------------------- missions */

enum {
	MC_ID,
	MC_STATE,
	MC_TEMPLATE,
	MC_VEHICLE,
	MC_PRIORITY,
	MC_PROGRESS,
	MC_ETA,
	MC_AGE,
	MC_DURATION,
	MC_REASON,
	MC_FULLID,
	MC_DEADLINE,
	MC__COUNT
};

static const fo_column mission_cols[MC__COUNT] = {
    [MC_ID] = {"id", "Mission", FO_COL_TEXT, 8, false, NULL},
    [MC_STATE] = {"state", "State", FO_COL_TEXT, 10, false, NULL},
    [MC_TEMPLATE] = {"template", "Template", FO_COL_TEXT, 14, false, NULL},
    [MC_VEHICLE] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [MC_PRIORITY] = {"priority", "Prio", FO_COL_NUM, 4, false, NULL},
    [MC_PROGRESS] = {"progress_pct", "Done", FO_COL_PERCENT, 5, false, "%"},
    [MC_ETA] = {"eta_s", "ETA", FO_COL_NUM, 5, false, "s"},
    [MC_AGE] = {"in_state_s", "In state", FO_COL_NUM, 8, false, "s"},
    [MC_DURATION] = {"duration_s", "Duration", FO_COL_NUM, 8, false, "s"},
    [MC_REASON] = {"reason", "Reason", FO_COL_TEXT, 40, false, NULL},
    [MC_FULLID] = {"mission_id", "Mission id", FO_COL_TEXT, 36, true, NULL},
    [MC_DEADLINE] = {"deadline", "Deadline", FO_COL_TIME, 19, true, NULL},
};

static void mission_cell(missions_state *s, const mi_mission *m, size_t col, fo_cell *c)
{
	switch (col) {
	case MC_ID:
		fo_cell_text(c, "%.8s", m->id);
		break;
	case MC_STATE:
		fo_cell_text(c, "%s", ms_state_name(m->state));
		c->style = state_style(m->state);
		break;
	case MC_TEMPLATE:
		fo_cell_text(c, "%s v%d", m->template_name, m->template_version);
		break;
	case MC_VEHICLE:
		fo_cell_text(c, "%s", m->vehicle[0] ? m->vehicle : "(any)");
		break;
	case MC_PRIORITY:
		fo_cell_num(c, m->priority, 0);
		break;
	case MC_PROGRESS:
		fo_cell_num(c, mi_progress(m), 0);
		break;
	case MC_ETA: {
		double e = mi_eta_s(s, m);
		if (e >= 0)
			fo_cell_num(c, e, 0);
		break;
	}
	case MC_AGE:
		age(c, m->state_since_ms);
		break;
	case MC_DURATION:
		if (m->started_ms && m->finished_ms >= m->started_ms)
			fo_cell_num(c, (double)(m->finished_ms - m->started_ms) / 1000.0, 0);
		break;
	case MC_REASON:
		fo_cell_text(c, "%s", m->reason);
		if (m->state == MS_FAILED || strncmp(m->reason, "blocked", 7) == 0)
			c->style = FO_STYLE_ERROR;
		break;
	case MC_FULLID:
		fo_cell_text(c, "%s", m->id);
		break;
	case MC_DEADLINE:
		if (m->deadline_ms) {
			fo_cell_time(c, m->deadline_ms);
			if (!ms_terminal(m->state) && fo_wall_ms() > m->deadline_ms)
				c->style = FO_STYLE_ERROR;
		}
		break;
	default:
		break;
	}
}

#define MISSION_VIEW(NAME, K)                                                                      \
	static size_t NAME##_rows(fo_core *core, void *ud)                                         \
	{                                                                                          \
		missions_state *s = ud;                                                            \
		reindex(s);                                                                        \
		return s->ix[K].n;                                                                 \
	}                                                                                          \
	static void NAME##_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)       \
	{                                                                                          \
		const mi_mission *m = row_at(ud, K, row);                                          \
		if (m)                                                                             \
			mission_cell(ud, m, col, c);                                               \
	}                                                                                          \
	static void NAME##_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)         \
	{                                                                                          \
		const mi_mission *m = row_at(ud, K, row);                                          \
		snprintf(buf, len, "%s", m ? m->id : "");                                          \
	}
MISSION_VIEW(queue, IX_QUEUE)
MISSION_VIEW(active, IX_ACTIVE)
MISSION_VIEW(history, IX_HISTORY)
MISSION_VIEW(all, IX_ALL)

static fo_status mission_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	missions_state *s = ud;
	mi_mission *m = mi_mission_by_id(s, key);
	if (!m)
		return FO_ERR;
	fo_detail_title(d, "Mission %.8s: %s", m->id, ms_state_name(m->state));
	fo_detail_field(d, "Id", FO_STYLE_DIM, "%s", m->id);
	fo_detail_field(d, "State", state_style(m->state), "%s", ms_state_name(m->state));
	if (m->reason[0])
		fo_detail_field(d, "Reason", FO_STYLE_NORMAL, "%s", m->reason);
	fo_detail_field(d, "Template", FO_STYLE_NORMAL, "%s v%d", m->template_name,
	                m->template_version);
	fo_detail_field(d, "Vehicle", FO_STYLE_NORMAL, "%s%s", m->vehicle[0] ? m->vehicle : "(any)",
	                m->any_vehicle ? " (chosen by the console)" : "");
	fo_detail_field(d, "Parameters", FO_STYLE_NORMAL, "%s", m->params_json);
	fo_detail_field(d, "Order", FO_STYLE_NORMAL, "%s (update %u)",
	                m->order_id[0] ? m->order_id : "-", m->order_update);
	fo_detail_section(d, "Progress");
	fo_detail_field(d, "Done", FO_STYLE_NORMAL, "%.0f%%: %u of %zu nodes, %zu released",
	                mi_progress(m), m->reached, m->nplan, m->released);
	double eta = mi_eta_s(s, m);
	if (eta >= 0)
		fo_detail_field(d, "ETA", FO_STYLE_NORMAL,
		                "%.0f s (straight lines at 70%% of top speed, "
		                "3 s per action)",
		                eta);
	char plan[200] = "";
	size_t at = 0;
	for (size_t i = 0; i < m->nplan && at < sizeof plan; i++)
		at += (size_t)snprintf(plan + at, sizeof plan - at, "%s%s%s%s", i ? " " : "",
		                       i < m->reached ? "[" : "", m->plan[i].node,
		                       i < m->reached ? "]" : "");
	if (m->nplan)
		fo_detail_field(d, "Route", FO_STYLE_NORMAL, "%s", plan);
	fo_detail_section(d, "Times");
	char t[40];
	mi_time(m->created_ms, t, sizeof t);
	fo_detail_field(d, "Created", FO_STYLE_NORMAL, "%s", t);
	mi_time(m->started_ms, t, sizeof t);
	fo_detail_field(d, "Dispatched", FO_STYLE_NORMAL, "%s", t[0] ? t : "-");
	mi_time(m->finished_ms, t, sizeof t);
	fo_detail_field(d, "Finished", FO_STYLE_NORMAL, "%s", t[0] ? t : "-");
	mi_time(m->deadline_ms, t, sizeof t);
	fo_detail_field(d, "Deadline", m->late_logged ? FO_STYLE_ERROR : FO_STYLE_NORMAL, "%s",
	                t[0] ? t : "-");
	if (ms_terminal(m->state) && m->started_ms)
		fo_detail_field(d, "Metrics", FO_STYLE_NORMAL, "%.0f m, %.2f kWh, waited %.0f s",
		                m->distance_m, m->energy_kwh, m->waiting_s);
	fo_detail_section(d, "Prerequisites");
	bool any = false;
	for (size_t i = 0; i < s->ndeps; i++)
		if (strcmp(s->deps[i].mission, m->id) == 0) {
			const mi_mission *p = mi_mission_by_id(s, s->deps[i].depends_on);
			fo_detail_text(
			    d, p && p->state == MS_COMPLETED ? FO_STYLE_OK : FO_STYLE_NORMAL,
			    "%.8s %s", s->deps[i].depends_on,
			    p ? ms_state_name(p->state) : "(not loaded)");
			any = true;
		}
	if (!any)
		fo_detail_text(d, FO_STYLE_DIM, "none");
	fo_detail_section(d, "Log (latest; `mission show ID` has all)");
	for (size_t i = 0; i < m->ntail; i++)
		fo_detail_text(d, FO_STYLE_NORMAL, "%s", m->tail[i]);
	if (!m->ntail)
		fo_detail_text(d, FO_STYLE_DIM, "nothing in this session yet");
	return FO_OK;
}

static const fo_view_action queue_actions[] = {
    {'x', "cancel", "mission cancel %k"},
    {'o', "note", ":mission note %k "},
};
static const fo_view_action active_actions[] = {
    {'p', "pause", "mission pause %k"},
    {'u', "resume", "mission resume %k"},
    {'x', "cancel", "mission cancel %k"},
    {'o', "note", ":mission note %k "},
};
static const fo_view_action history_actions[] = {
    {'o', "note", ":mission note %k "},
};

/* ---------------------------------------------------------------- dependencies */

enum { DC_MISSION, DC_STATE, DC_AFTER, DC_AFTER_STATE, DC__COUNT };
static const fo_column dep_cols[DC__COUNT] = {
    [DC_MISSION] = {"mission", "Mission", FO_COL_TEXT, 8, false, NULL},
    [DC_STATE] = {"state", "State", FO_COL_TEXT, 10, false, NULL},
    [DC_AFTER] = {"after", "Starts after", FO_COL_TEXT, 12, false, NULL},
    [DC_AFTER_STATE] = {"after_state", "Its state", FO_COL_TEXT, 10, false, NULL},
};

static size_t deps_rows(fo_core *core, void *ud)
{
	missions_state *s = ud;
	reindex(s);
	return s->ix[IX_DEPS].n;
}

static void deps_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	missions_state *s = ud;
	const mi_dep *d = row_at(s, IX_DEPS, row);
	if (!d)
		return;
	const mi_mission *m = mi_mission_by_id(s, col < DC_AFTER ? d->mission : d->depends_on);
	switch (col) {
	case DC_MISSION:
		fo_cell_text(c, "%.8s", d->mission);
		break;
	case DC_AFTER:
		fo_cell_text(c, "%.8s", d->depends_on);
		break;
	case DC_STATE:
	case DC_AFTER_STATE:
		fo_cell_text(c, "%s", m ? ms_state_name(m->state) : "(not loaded)");
		if (m)
			c->style = state_style(m->state);
		break;
	default:
		break;
	}
}

static void deps_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const mi_dep *d = row_at(ud, IX_DEPS, row);
	snprintf(buf, len, "%s", d ? d->mission : "");
}

/* ---------------------------------------------------------------- safety events */

enum {
	SE_ID,
	SE_STATE,
	SE_SEVERITY,
	SE_KIND,
	SE_VEHICLE,
	SE_MISSION,
	SE_AGE,
	SE_DETAILS,
	SE__COUNT
};
static const fo_column se_cols[SE__COUNT] = {
    [SE_ID] = {"id", "Event", FO_COL_TEXT, 8, false, NULL},
    [SE_STATE] = {"state", "State", FO_COL_TEXT, 12, false, NULL},
    [SE_SEVERITY] = {"severity", "Severity", FO_COL_TEXT, 8, false, NULL},
    [SE_KIND] = {"kind", "Kind", FO_COL_TEXT, 15, false, NULL},
    [SE_VEHICLE] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [SE_MISSION] = {"mission", "Mission", FO_COL_TEXT, 8, false, NULL},
    [SE_AGE] = {"age_s", "Age", FO_COL_NUM, 6, false, "s"},
    [SE_DETAILS] = {"details", "Details", FO_COL_TEXT, 40, false, NULL},
};

static size_t se_rows(fo_core *core, void *ud)
{
	missions_state *s = ud;
	reindex(s);
	return s->ix[IX_SAFETY].n;
}

static void se_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	const mi_safety *e = row_at(ud, IX_SAFETY, row);
	if (!e)
		return;
	bool open = strcmp(e->state, "open") == 0;
	switch (col) {
	case SE_ID:
		fo_cell_text(c, "%.8s", e->id);
		break;
	case SE_STATE:
		fo_cell_text(c, "%s", e->state);
		c->style = open                                ? FO_STYLE_ERROR
		           : strcmp(e->state, "resolved") == 0 ? FO_STYLE_DIM
		                                               : FO_STYLE_WARN;
		break;
	case SE_SEVERITY:
		fo_cell_text(c, "%s", e->severity);
		if (!strcmp(e->severity, "high") || !strcmp(e->severity, "critical"))
			c->style = FO_STYLE_ERROR;
		break;
	case SE_KIND:
		fo_cell_text(c, "%s", e->kind);
		break;
	case SE_VEHICLE:
		fo_cell_text(c, "%s", e->vehicle);
		break;
	case SE_MISSION:
		fo_cell_text(c, "%.8s", e->mission);
		break;
	case SE_AGE:
		age(c, e->raised_ms);
		break;
	case SE_DETAILS:
		fo_cell_text(c, "%s%s%s", e->details, e->resolution[0] ? " | " : "", e->resolution);
		break;
	default:
		break;
	}
}

static void se_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const mi_safety *e = row_at(ud, IX_SAFETY, row);
	snprintf(buf, len, "%s", e ? e->id : "");
}

static fo_status se_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	missions_state *s = ud;
	char err[128];
	mi_safety *e = mi_safety_find(s, key, err, sizeof err);
	if (!e)
		return FO_ERR;
	char t[40];
	fo_detail_title(d, "Safety event %.8s: %s", e->id, e->state);
	fo_detail_field(d, "Id", FO_STYLE_DIM, "%s", e->id);
	fo_detail_field(d, "Kind", FO_STYLE_NORMAL, "%s", e->kind);
	fo_detail_field(d, "Severity", FO_STYLE_NORMAL, "%s", e->severity);
	fo_detail_field(d, "Vehicle", FO_STYLE_NORMAL, "%s", e->vehicle[0] ? e->vehicle : "-");
	fo_detail_field(d, "Mission", FO_STYLE_NORMAL, "%s", e->mission[0] ? e->mission : "-");
	fo_detail_field(d, "Details", FO_STYLE_NORMAL, "%s", e->details);
	mi_time(e->raised_ms, t, sizeof t);
	fo_detail_field(d, "Raised", FO_STYLE_NORMAL, "%s", t);
	mi_time(e->acked_ms, t, sizeof t);
	fo_detail_field(d, "Acknowledged", FO_STYLE_NORMAL, "%s%s%s", t[0] ? t : "-",
	                e->acked_by[0] ? " by " : "", e->acked_by);
	mi_time(e->resolved_ms, t, sizeof t);
	fo_detail_field(d, "Resolved", FO_STYLE_NORMAL, "%s", t[0] ? t : "-");
	fo_detail_field(d, "Resolution", FO_STYLE_NORMAL, "%s",
	                e->resolution[0] ? e->resolution : "-");
	return FO_OK;
}

static const fo_view_action se_actions[] = {
    {'a', "acknowledge", "safety ack %k"},
    {'R', "resolve", ":safety resolve %k "},
};

/* ---------------------------------------------------------------- templates */

enum { TC_NAME, TC_VERSION, TC_STEPS, TC_PRIORITY, TC_EXPECTED, TC_CAPS, TC__COUNT };
static const fo_column tpl_cols[TC__COUNT] = {
    [TC_NAME] = {"name", "Template", FO_COL_TEXT, 20, false, NULL},
    [TC_VERSION] = {"version", "Version", FO_COL_NUM, 7, false, NULL},
    [TC_STEPS] = {"steps", "Steps", FO_COL_NUM, 5, false, NULL},
    [TC_PRIORITY] = {"priority", "Prio", FO_COL_NUM, 4, false, NULL},
    [TC_EXPECTED] = {"expected_s", "Expected", FO_COL_NUM, 8, false, "s"},
    [TC_CAPS] = {"capabilities", "Needs", FO_COL_TEXT, 20, false, NULL},
};

static size_t tpl_rows(fo_core *core, void *ud)
{
	missions_state *s = ud;
	reindex(s);
	return s->ix[IX_TEMPLATES].n;
}

static void tpl_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	const mi_template *t = row_at(ud, IX_TEMPLATES, row);
	if (!t)
		return;
	switch (col) {
	case TC_NAME:
		fo_cell_text(c, "%s", t->name);
		break;
	case TC_VERSION:
		fo_cell_num(c, t->version, 0);
		break;
	case TC_STEPS:
		fo_cell_num(c, (double)t->nsteps, 0);
		break;
	case TC_PRIORITY:
		fo_cell_num(c, t->priority, 0);
		break;
	case TC_EXPECTED:
		if (t->expected_s > 0)
			fo_cell_num(c, t->expected_s, 0);
		break;
	case TC_CAPS:
		if (t->agv_class[0] || t->min_load_kg > 0)
			fo_cell_text(c, "%s%s%.0f%s", t->agv_class, t->agv_class[0] ? " " : "",
			             t->min_load_kg, t->min_load_kg > 0 ? " kg" : "");
		else
			fo_cell_text(c, "any vehicle");
		break;
	default:
		break;
	}
}

static void tpl_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	const mi_template *t = row_at(ud, IX_TEMPLATES, row);
	snprintf(buf, len, "%s", t ? t->name : "");
}

static fo_status tpl_detail(fo_core *core, void *ud, const char *key, fo_detail *d)
{
	const mi_template *t = mi_template_latest(ud, key);
	if (!t)
		return FO_ERR;
	fo_detail_title(d, "Template %s v%d", t->name, t->version);
	fo_detail_text(d, FO_STYLE_DIM,
	               "n starts a mission on any eligible vehicle; `template "
	               "export %s` prints the JSON.",
	               t->name);
	for (size_t i = 0; i < t->nsteps; i++) {
		const mi_step *st = &t->steps[i];
		char acts[96] = "", edge[128] = "";
		size_t at = 0;
		for (size_t k = 0; k < st->nactions && at < sizeof acts; k++)
			at += (size_t)snprintf(acts + at, sizeof acts - at, "%s%s", k ? ", " : "",
			                       st->actions[k].type);
		at = 0;
		if (st->edge_max_speed > 0)
			at +=
			    (size_t)snprintf(edge, sizeof edge, "max %.2g m/s", st->edge_max_speed);
		for (size_t k = 0; k < st->nedge_actions && at < sizeof edge; k++)
			at += (size_t)snprintf(edge + at, sizeof edge - at, "%s%s", at ? ", " : "",
			                       st->edge_actions[k].type);
		char label[32];
		snprintf(label, sizeof label, "Step %zu", i + 1);
		fo_detail_field(d, label, FO_STYLE_NORMAL, "%s%s%s%s%s%s", st->node,
		                acts[0] ? ": " : "", acts, edge[0] ? " (edge in: " : "", edge,
		                edge[0] ? ")" : "");
	}
	return FO_OK;
}

static const fo_view_action tpl_actions[] = {
    {'n', "start", ":mission start %k "},
};

/* ---------------------------------------------------------------- pane */

static const char *const pane_views[] = {
    "missions.queue",        "missions.active",        "missions.history",
    "missions.dependencies", "missions.safety_events", "missions.templates",
    "missions.orders",       "missions.conditions",    NULL};

static const fo_pane_spec pane = {
    .name = "missions",
    .title = "Missions",
    .slot = 2,
    .views = pane_views,
    .note = "Missions from templates, dispatched as VDA 5050 orders to vehicles on the MQTT "
            "feed or of the built-in simulator (--demo) and followed from their state; "
            "dependencies, logs, metrics and safety events are stored. A simulated vehicle "
            "that took a mission stays under master control: no more random orders.",
};

#define VIEW(NAME, TITLE, SUMMARY, COLS, N, PREFIX, DETAIL, ACTS, NACTS, GEN, EMPTY)               \
	{                                                                                          \
		.name = NAME, .title = TITLE, .summary = SUMMARY, .cols = COLS, .ncols = N,        \
		.row_count = PREFIX##_rows, .cell = PREFIX##_cell, .row_key = PREFIX##_key,        \
		.generation = GEN, .detail = DETAIL, .actions = ACTS, .nactions = NACTS,           \
		.empty_text = EMPTY, .prepare = prepare                                            \
	}

static const fo_view_spec mission_views[] = {
    VIEW("missions.queue", "Queue", "missions waiting for a vehicle or for prerequisites",
         mission_cols, MC__COUNT, queue, mission_detail, queue_actions, FO_NELEM(queue_actions),
         gen_live, "no mission waits (templates: n on the Templates view, or :mission start)"),
    VIEW("missions.active", "Active", "missions on a vehicle: progress and ETA", mission_cols,
         MC__COUNT, active, mission_detail, active_actions, FO_NELEM(active_actions), gen_live,
         "no mission is on a vehicle"),
    VIEW("missions.history", "History", "finished missions of the last hours", mission_cols,
         MC__COUNT, history, mission_detail, history_actions, FO_NELEM(history_actions),
         gen_records, "no finished mission in the history window"),
    VIEW("missions.dependencies", "Dependencies", "finish-to-start links between missions",
         dep_cols, DC__COUNT, deps, NULL, NULL, 0, gen_records, "no dependencies"),
    VIEW("missions.safety_events", "Safety events",
         "safety events: open, acknowledged and recently resolved", se_cols, SE__COUNT, se,
         se_detail, se_actions, FO_NELEM(se_actions), gen_records, "no safety events"),
    VIEW("missions.templates", "Templates", "mission templates (latest versions)", tpl_cols,
         TC__COUNT, tpl, tpl_detail, tpl_actions, FO_NELEM(tpl_actions), gen_records,
         "no templates: `fleetops template import FILE.json`"),
    /* not a tab: `fleetops report missions` (every mission, live and recent) */
    VIEW("missions.all", "All missions", "every mission: live ones and those of the history window",
         mission_cols, MC__COUNT, all, mission_detail, NULL, 0, gen_live, "no missions"),
};

int mi_views_register(missions_state *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < FO_NELEM(mission_views); i++) {
		if (fo_view_register(s->core, &mission_views[i], s) != 0) {
			snprintf(err, errlen, "cannot register view %s", mission_views[i].name);
			return -1;
		}
	}
	return fo_pane_register_with_views(s->core, &pane, mi_vv_views, MI_VV_NVIEWS, s->vv, err,
	                                   errlen);
}
