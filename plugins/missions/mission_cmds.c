/* mission_cmds.c — the commands of the missions domain: `template ...`,
 * `mission ...`, `safety ...`.  The same in the console's `:` line, the
 * shell and scripts.  Outside the console a command loads what it needs,
 * changes records, and waits until its writes are stored. */
#include "missions.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool ready(missions_state *s, fo_out *out, const char *what)
{
	if (!fo_core_store(s->core)) {
		fo_out_error(out, "%s: no store (see `db status`)", what);
		return false;
	}
	/* the console does not wait for a store that may hang; a shell, or a
	 * script under `fleetops run` (no console), waits for the first load */
	mi_load(s, !fo_core_has_frontend(s->core) || !s->tracking);
	s->failures_mark = s->write_failures;
	if (!s->loaded) {
		if (s->load_err[0])
			fo_out_error(out, "%s: cannot load the missions from the store: %s", what,
			             s->load_err);
		else
			fo_out_error(
			    out, "%s: the store has not answered yet (see the status line)", what);
		return false;
	}
	return true;
}

/* Outside the console: waits for the writes, and a write the store refused
 * makes the command fail (what it printed is then not true). */
static fo_status done(missions_state *s, fo_out *out, fo_status rc)
{
	if (fo_core_has_frontend(s->core))
		return rc;
	mi_flush(s);
	if (s->write_failures != s->failures_mark) {
		fo_out_error(out, "not stored: %s", s->write_err);
		return FO_ERR;
	}
	return rc;
}

/* ---------------------------------------------------------------- templates */

static fo_status cmd_tpl_import(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "template import"))
		return FO_ERR;
	const char *path = fo_args_str(a, "file", "");
	char err[512];
	char *text;
	if (strcmp(path, "-") == 0) {
		size_t cap = 1 << 16, len = 0;
		text = malloc(cap);
		if (!text)
			abort();
		size_t n;
		while ((n = fread(text + len, 1, cap - len - 1, stdin)) > 0) {
			len += n;
			if (len + 1 == cap && !(text = realloc(text, cap *= 2)))
				abort();
		}
		text[len] = '\0';
	} else if (!(text = fo_file_read(path, NULL, err, sizeof err))) {
		fo_out_error(out, "template import: %s", err);
		return FO_ERR;
	}
	mi_template t;
	if (mi_template_parse(text, &t, err, sizeof err)) {
		fo_out_error(out, "template import: %s: %s", path, err);
		free(text);
		return FO_EUSAGE;
	}
	free(text);
	const mi_template *prev = mi_template_latest(s, t.name);
	t.version = prev ? prev->version + 1 : 1;
	fo_uuid4(t.id);
	if (s->ntemplates == s->captemplates) {
		s->captemplates = s->captemplates ? 2 * s->captemplates : 16;
		s->templates = realloc(s->templates, s->captemplates * sizeof *s->templates);
		if (!s->templates)
			abort();
	}
	s->templates[s->ntemplates++] = t;
	mi_store_template(s, &s->templates[s->ntemplates - 1]);
	s->gen++;
	fo_out_printf(out, "template %s version %d (%zu steps) %s\n", t.name, t.version, t.nsteps,
	              t.id);
	return done(s, out, FO_OK);
}

/* An integer option given out of lo..hi: said, and true (a usage
 * error). */
static bool int_out_of(const fo_args *a, const char *name, long lo, long hi, fo_out *out,
                       const char *what)
{
	long v = fo_args_int(a, name, lo);
	if (!fo_args_has(a, name) || (v >= lo && v <= hi))
		return false;
	fo_out_error(out, "%s: --%s takes a whole number from %ld to %ld, not %ld", what, name, lo,
	             hi, v);
	return true;
}

static const mi_template *pick_template(missions_state *s, const fo_args *a, fo_out *out,
                                        const char *what)
{
	const char *name = fo_args_str(a, "name", "");
	long ver = fo_args_int(a, "template-version", 0);
	const mi_template *t = NULL;
	for (size_t i = 0; ver > 0 && i < s->ntemplates; i++)
		if (strcmp(s->templates[i].name, name) == 0 && s->templates[i].version == ver)
			t = &s->templates[i];
	if (ver <= 0)
		t = mi_template_latest(s, name);
	if (!t)
		fo_out_error(out, "%s: no template '%s'%s (see `template list`)", what, name,
		             ver > 0 ? " in that version" : "");
	return t;
}

static fo_status cmd_tpl_export(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "template export"))
		return FO_ERR;
	if (int_out_of(a, "template-version", 1, INT_MAX, out, "template export"))
		return FO_EUSAGE;
	const mi_template *t = pick_template(s, a, out, "template export");
	if (!t)
		return FO_ERR;
	char *json = mi_template_json(t);
	fo_out_printf(out, "%s\n", json);
	free(json);
	return FO_OK;
}

static fo_status cmd_tpl_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "template list"))
		return FO_ERR;
	fo_out_printf(out, "%-24s %7s %5s %8s %9s %s\n", "NAME", "VERSION", "STEPS", "PRIORITY",
	              "EXPECTED", "ID");
	for (size_t i = 0; i < s->ntemplates; i++) {
		const mi_template *t = &s->templates[i];
		if (!fo_args_flag(a, "all") && mi_template_latest(s, t->name) != t)
			continue;
		fo_out_printf(out, "%-24s %7d %5zu %8d %8.0fs %s\n", t->name, t->version, t->nsteps,
		              t->priority, t->expected_s, t->id);
	}
	return FO_OK;
}

/* `template delete NAME [--version N]`: every version (or one) that no
 * mission uses; the store refuses to delete a version a mission points at
 * (missions keep the version they started with). */
typedef struct {
	missions_state *s;
	char id[MI_ID];
	int version;
	bool ok;
	char error[256];
	bool detached; /* the command returned: the callback only logs */
} tpl_del;

static void tpl_deleted(fo_core *core, const fo_store_result *res, void *ud)
{
	tpl_del *d = ud;
	missions_state *s = d->s;
	d->ok = res->status == FO_STORE_OK;
	snprintf(d->error, sizeof d->error, "%s",
	         res->status == FO_STORE_INVALID ? "missions use it" : res->error);
	if (d->ok) {
		for (size_t i = 0; i < s->ntemplates; i++)
			if (strcmp(s->templates[i].id, d->id) == 0) {
				mi_template_free(&s->templates[i]);
				memmove(&s->templates[i], &s->templates[i + 1],
				        (s->ntemplates - i - 1) * sizeof s->templates[0]);
				s->ntemplates--;
				s->gen++;
				break;
			}
	} else {
		fo_log(core, FO_LOG_WARN, "template delete: version %d kept: %s", d->version,
		       d->error);
	}
	if (d->detached)
		free(d);
}

static fo_status cmd_tpl_delete(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "template delete"))
		return FO_ERR;
	if (int_out_of(a, "template-version", 1, INT_MAX, out, "template delete"))
		return FO_EUSAGE;
	const char *name = fo_args_str(a, "name", "");
	long ver = fo_args_int(a, "template-version", 0);
	tpl_del *dels[64];
	size_t n = 0;
	for (size_t i = 0; i < s->ntemplates && n < 64; i++) {
		const mi_template *t = &s->templates[i];
		if (strcmp(t->name, name) != 0 || (ver > 0 && t->version != ver))
			continue;
		tpl_del *d = calloc(1, sizeof *d);
		if (!d)
			abort();
		d->s = s;
		snprintf(d->id, sizeof d->id, "%s", t->id);
		d->version = t->version;
		dels[n++] = d;
		fo_store_delete(fo_core_store(core), "missions.templates", t->id, t->record_version,
		                tpl_deleted, d);
	}
	if (!n) {
		fo_out_error(out, "template delete: no template '%s'%s", name,
		             ver > 0 ? " in that version" : "");
		return FO_ERR; /* a lookup that failed, not a malformed command */
	}
	if (fo_core_has_frontend(core)) { /* the console does not wait */
		for (size_t i = 0; i < n; i++)
			dels[i]->detached = true;
		fo_out_printf(out, "template %s: deleting %zu version(s); see the Templates view\n",
		              name, n);
		return FO_OK;
	}
	mi_flush(s);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (dels[i]->ok) {
			fo_out_printf(out, "template %s version %d deleted\n", name,
			              dels[i]->version);
		} else {
			kept++;
			fo_out_printf(out, "template %s version %d kept: %s\n", name,
			              dels[i]->version, dels[i]->error);
		}
		free(dels[i]);
	}
	if (kept) {
		fo_out_error(out, "template delete: %zu version(s) kept (missions use them)", kept);
		return FO_ERR;
	}
	return FO_OK;
}

/* ---------------------------------------------------------------- missions */

/* k=v words into a JSON object of strings. */
static int params_json(char *const *words, size_t n, char *buf, size_t len, char *err,
                       size_t errlen)
{
	json_t *o = json_object();
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(words[i], '=');
		if (!eq || eq == words[i]) {
			snprintf(err, errlen,
			         "'%s': parameters are NAME=VALUE (options go before them)",
			         words[i]);
			json_decref(o);
			return -1;
		}
		char key[64];
		snprintf(key, sizeof key, "%.*s", (int)(eq - words[i]), words[i]);
		json_object_set_new(o, key, json_string(eq + 1));
	}
	char *txt = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!txt || strlen(txt) >= len) {
		free(txt);
		snprintf(err, errlen, "parameters too long");
		return -1;
	}
	snprintf(buf, len, "%s", txt);
	free(txt);
	return 0;
}

static fo_status cmd_start(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission start"))
		return FO_ERR;
	const char *name = fo_args_str(a, "template", "");
	const mi_template *t = mi_template_latest(s, name);
	if (!t) {
		fo_out_error(out, "mission start: no template '%s' (see `template list`)", name);
		return FO_ERR; /* a lookup that failed, not a malformed command */
	}
	char err[512], pj[512];
	char *const *words;
	size_t nw = fo_args_rest(a, "params", &words);
	if (params_json(words, nw, pj, sizeof pj, err, sizeof err)) {
		fo_out_error(out, "mission start: %s", err);
		return FO_EUSAGE;
	}
	/* every $parameter of the template must be given */
	json_t *po = json_loads(pj, 0, NULL);
	for (size_t i = 0; i < t->nsteps; i++)
		if (t->steps[i].node[0] == '$' && !json_object_get(po, t->steps[i].node + 1)) {
			fo_out_error(out, "mission start: template %s needs %s=NODE", t->name,
			             t->steps[i].node + 1);
			json_decref(po);
			return FO_EUSAGE;
		}
	json_decref(po);
	const char *veh = fo_args_str(a, "vehicle", "any");
	bool any = strcmp(veh, "any") == 0;
	if (!any && strlen(veh) >= FO_ID_LEN) {
		fo_out_error(out, "mission start: vehicle id too long");
		return FO_EUSAGE;
	}
	uint64_t deadline = 0;
	const char *dl = fo_args_str(a, "deadline", NULL);
	if (dl && (!strcmp(dl, "now") || !(deadline = fo_time_arg(dl, fo_wall_ms())))) {
		fo_out_error(out,
		             "mission start: --deadline '%s': give 30m, 2h, 90s (up to a year) or "
		             "an ISO 8601 time",
		             dl);
		return FO_EUSAGE;
	}
	if (int_out_of(a, "priority", 0, 1000, out, "mission start"))
		return FO_EUSAGE;
	if (!deadline && t->deadline_s > 0)
		deadline = fo_wall_ms() + (uint64_t)((t->deadline_s + t->grace_s) * 1000.0);
	/* prerequisites first, so a bad one leaves nothing behind */
	const char *after = fo_args_str(a, "after", "");
	mi_mission *pre[32];
	size_t npre = 0;
	char list[512];
	snprintf(list, sizeof list, "%s", after);
	for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (npre == 32) {
			fo_out_error(out, "mission start: at most 32 prerequisites");
			return FO_EUSAGE;
		}
		if (!(pre[npre++] = mi_find(s, tok, err, sizeof err))) {
			fo_out_error(out, "mission start: --after: %s", err);
			return FO_EUSAGE;
		}
	}
	mi_mission *m = mi_add(s);
	fo_uuid4(m->id);
	snprintf(m->template_id, sizeof m->template_id, "%s", t->id);
	snprintf(m->template_name, sizeof m->template_name, "%s", t->name);
	m->template_version = t->version;
	m->state = MS_QUEUED;
	m->any_vehicle = any;
	snprintf(m->vehicle, sizeof m->vehicle, "%s", any ? "" : veh);
	m->priority = (int)fo_args_int(a, "priority", t->priority);
	snprintf(m->params_json, sizeof m->params_json, "%s", pj);
	m->created_ms = m->state_since_ms = fo_wall_ms();
	m->deadline_ms = deadline;
	char actor[80];
	mi_actor_operator(s, actor, sizeof actor);
	m->pending[m->npending++] =
	    (mi_trans){.from = MS_QUEUED, .to = MS_QUEUED, .at = m->created_ms};
	snprintf(m->pending[0].actor, sizeof m->pending[0].actor, "%s", actor);
	snprintf(m->pending[0].reason, sizeof m->pending[0].reason, "started from template %s v%d",
	         t->name, t->version);
	mi_store_insert_mission(s, m);
	mi_store_log(s, m->id, "info", "started by %s from template %s v%d on %s", actor, t->name,
	             t->version, any ? "any eligible vehicle" : veh);
	for (size_t i = 0; i < npre; i++)
		if (mi_depend(s, m, pre[i], err, sizeof err))
			fo_out_error(out, "mission start: --after %.8s: %s", pre[i]->id, err);
	fo_out_printf(out, "mission %s %s (template %s v%d, %s)\n", m->id, ms_state_name(m->state),
	              t->name, t->version, any ? "any eligible vehicle" : veh);
	return done(s, out, FO_OK);
}

static mi_mission *arg_mission(missions_state *s, const fo_args *a, fo_out *out, const char *what)
{
	char err[256];
	const char *id = fo_args_str(a, "mission", "");
	mi_mission *m = mi_find(s, id, err, sizeof err);
	/* one that never started (it failed or was cancelled while queued) is
	 * older history than the load reaches: asked of the store by id */
	if (!m && strlen(id) == MI_ID - 4)
		m = mi_fetch(s, id);
	if (!m)
		fo_out_error(out, "%s: %s", what, err);
	return m;
}

static fo_status cmd_cancel(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission cancel"))
		return FO_ERR;
	mi_mission *m = arg_mission(s, a, out, "mission cancel");
	if (!m)
		return FO_EUSAGE;
	char actor[80], err[512];
	mi_actor_operator(s, actor, sizeof actor);
	if (mi_cancel(s, m, actor, err, sizeof err) != FO_OK) {
		fo_out_error(out, "mission cancel: %s", err);
		return done(s, out, FO_ERR);
	}
	fo_out_printf(out, "mission %s cancelled: %s\n", m->id, m->reason);
	return done(s, out, FO_OK);
}

static fo_status pause_resume(missions_state *s, const fo_args *a, fo_out *out, bool pause)
{
	const char *what = pause ? "mission pause" : "mission resume";
	if (!ready(s, out, what))
		return FO_ERR;
	mi_mission *m = arg_mission(s, a, out, what);
	if (!m)
		return FO_EUSAGE;
	char actor[80], err[512];
	mi_actor_operator(s, actor, sizeof actor);
	fo_status rc = mi_pause(s, m, pause, actor, err, sizeof err);
	if (rc != FO_OK) {
		fo_out_error(out, "%s: %s", what, err);
		return done(s, out, rc);
	}
	fo_out_printf(out, "mission %s %s: %s\n", m->id, ms_state_name(m->state), m->reason);
	return done(s, out, FO_OK);
}

static fo_status cmd_pause(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	return pause_resume(ud, a, out, true);
}

static fo_status cmd_resume(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	return pause_resume(ud, a, out, false);
}

static fo_status cmd_depend(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission depend"))
		return FO_ERR;
	char err[600];
	mi_mission *m = arg_mission(s, a, out, "mission depend");
	mi_mission *on = m ? mi_find(s, fo_args_str(a, "on", ""), err, sizeof err) : NULL;
	if (!m)
		return FO_EUSAGE;
	if (!on) {
		fo_out_error(out, "mission depend: %s", err);
		return FO_EUSAGE;
	}
	if (mi_depend(s, m, on, err, sizeof err)) {
		fo_out_error(out, "mission depend: %s", err);
		return done(s, out, FO_ERR);
	}
	fo_out_printf(out, "mission %.8s starts after %.8s\n", m->id, on->id);
	return done(s, out, FO_OK);
}

static fo_status cmd_note(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission note"))
		return FO_ERR;
	mi_mission *m = arg_mission(s, a, out, "mission note");
	if (!m)
		return FO_EUSAGE;
	char *const *w;
	size_t n = fo_args_rest(a, "text", &w);
	if (!n) {
		fo_out_error(out, "mission note: write the note after the mission id");
		return FO_EUSAGE;
	}
	char text[400] = "", actor[80];
	size_t at = 0;
	for (size_t i = 0; i < n && at < sizeof text; i++)
		at += (size_t)snprintf(text + at, sizeof text - at, "%s%s", i ? " " : "", w[i]);
	mi_store_log(s, m->id, "note", "%s: %s", mi_actor_operator(s, actor, sizeof actor), text);
	fo_out_printf(out, "noted on mission %.8s\n", m->id);
	return done(s, out, FO_OK);
}

static void print_mission(missions_state *s, fo_out *out, const mi_mission *m)
{
	char eta[24] = "";
	double e = mi_eta_s(s, m);
	if (e >= 0)
		snprintf(eta, sizeof eta, "%.0fs", e);
	fo_out_printf(out, "%-36s %-10s %-16s %-12s %5.0f%% %6s %s\n", m->id,
	              ms_state_name(m->state), m->template_name[0] ? m->template_name : "?",
	              m->vehicle[0] ? m->vehicle : "(any)", mi_progress(m), eta, m->reason);
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission list"))
		return FO_ERR;
	const char *state = fo_args_str(a, "state", NULL);
	int want = state ? ms_state_parse(state) : -1;
	if (state && want < 0 && strcmp(state, "live") != 0) {
		fo_out_error(out,
		             "mission list: --state: one of queued, waiting, dispatched, active, "
		             "paused, completed, failed, cancelled, live");
		return FO_EUSAGE;
	}
	fo_out_printf(out, "%-36s %-10s %-16s %-12s %6s %6s %s\n", "ID", "STATE", "TEMPLATE",
	              "VEHICLE", "DONE", "ETA", "REASON");
	for (size_t i = 0; i < s->nmissions; i++) {
		const mi_mission *m = s->missions[i];
		if (want >= 0 && (int)m->state != want)
			continue;
		if (state && want < 0 && ms_terminal(m->state))
			continue;
		print_mission(s, out, m);
	}
	return FO_OK;
}

typedef struct {
	fo_out *out;
	const char *what;
} log_ctx;

static void logs_listed(fo_core *core, const fo_store_result *res, void *ud)
{
	log_ctx *c = ud;
	for (size_t i = 0; i < res->nrecords; i++) {
		const fo_record *r = res->records[i];
		if (strcmp(c->what, "transitions") == 0)
			fo_out_printf(
			    c->out, "  %s  %s -> %s  by %s  %s\n",
			    fo_record_get(r, "at") ? fo_record_get(r, "at") : "",
			    fo_record_get(r, "from_state") ? fo_record_get(r, "from_state") : "",
			    fo_record_get(r, "to_state"),
			    fo_record_get(r, "actor") ? fo_record_get(r, "actor") : "?",
			    fo_record_get(r, "reason") ? fo_record_get(r, "reason") : "");
		else if (strcmp(c->what, "logs") == 0)
			fo_out_printf(c->out, "  %s  %-7s %s\n", fo_record_get(r, "at"),
			              fo_record_get(r, "level"), fo_record_get(r, "message"));
		else
			fo_out_printf(
			    c->out,
			    "  duration %ss  distance %sm  energy %skWh  waiting %ss  "
			    "on time %s\n",
			    fo_record_get(r, "duration_s") ? fo_record_get(r, "duration_s") : "-",
			    fo_record_get(r, "distance_m") ? fo_record_get(r, "distance_m") : "-",
			    fo_record_get(r, "energy_kwh") ? fo_record_get(r, "energy_kwh") : "-",
			    fo_record_get(r, "waiting_s") ? fo_record_get(r, "waiting_s") : "-",
			    fo_record_get(r, "on_time") ? fo_record_get(r, "on_time")
			                                : "no deadline");
	}
	if (res->status != FO_STORE_OK)
		fo_out_printf(c->out, "  (%s: %s)\n", fo_store_status_name(res->status),
		              res->error);
	(void)core;
}

static void list_of(missions_state *s, fo_out *out, const char *table, const char *what,
                    const char *id)
{
	log_ctx c = {out, what};
	fo_store_query q = {.table = table, .field = "mission_id", .equals = id};
	fo_store_list(fo_core_store(s->core), &q, logs_listed, &c);
	fo_store_drain(fo_core_store(s->core));
}

static fo_status cmd_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "mission show"))
		return FO_ERR;
	mi_mission *m = arg_mission(s, a, out, "mission show");
	if (!m)
		return FO_EUSAGE;
	char t1[40], t2[40], t3[40], t4[40];
	mi_time(m->created_ms, t1, sizeof t1);
	mi_time(m->started_ms, t2, sizeof t2);
	mi_time(m->finished_ms, t3, sizeof t3);
	mi_time(m->deadline_ms, t4, sizeof t4);
	fo_out_printf(out,
	              "mission   %s\nstate     %s%s%s\ntemplate  %s v%d\nvehicle   %s%s\n"
	              "priority  %d\nparams    %s\norder     %s (update %u)\nprogress  %.0f%% "
	              "(%u of %zu nodes, %zu released)\ncreated   %s\nstarted   %s\nfinished  %s\n"
	              "deadline  %s\n",
	              m->id, ms_state_name(m->state), m->reason[0] ? ": " : "", m->reason,
	              m->template_name, m->template_version, m->vehicle[0] ? m->vehicle : "(any)",
	              m->any_vehicle ? " (chosen by the console)" : "", m->priority, m->params_json,
	              m->order_id[0] ? m->order_id : "-", m->order_update, mi_progress(m),
	              m->reached, m->nplan, m->released, t1, t2[0] ? t2 : "-", t3[0] ? t3 : "-",
	              t4[0] ? t4 : "-");
	fo_out_printf(out, "plan     ");
	for (size_t i = 0; i < m->nplan; i++)
		fo_out_printf(out, " %s%s", m->plan[i].node, m->plan[i].nactions ? "*" : "");
	fo_out_printf(out, "\nprerequisites:");
	for (size_t i = 0; i < s->ndeps; i++)
		if (strcmp(s->deps[i].mission, m->id) == 0)
			fo_out_printf(out, " %.8s", s->deps[i].depends_on);
	fo_out_printf(out, "\nmetrics:\n");
	list_of(s, out, "missions.metrics", "metrics", m->id);
	fo_out_printf(out, "transitions:\n");
	list_of(s, out, "missions.transitions", "transitions", m->id);
	fo_out_printf(out, "log:\n");
	list_of(s, out, "missions.logs", "logs", m->id);
	return FO_OK;
}

/* `mission wait`: this process follows missions until they end. */
typedef struct {
	missions_state *s;
	char **ids;
	size_t n;
	uint64_t until_ms;
	fo_timer *t;
	int result;
} waiter;

static bool all_done(waiter *w, int *result)
{
	size_t live = 0, bad = 0;
	for (size_t i = 0; i < w->s->nmissions; i++) {
		const mi_mission *m = w->s->missions[i];
		bool mine = false;
		for (size_t k = 0; k < w->n && !mine; k++)
			mine = strncmp(m->id, w->ids[k], strlen(w->ids[k])) == 0;
		if (!mine)
			continue;
		/* a mission blocked by a failed prerequisite never ends by itself */
		bool blocked = m->state == MS_WAITING && strncmp(m->reason, "blocked", 7) == 0;
		live += !ms_terminal(m->state) && !blocked;
		bad += m->state == MS_FAILED || m->state == MS_CANCELLED || blocked;
	}
	*result = bad ? 1 : 0;
	return live == 0;
}

static void wait_tick(fo_core *core, void *ud)
{
	waiter *w = ud;
	int r;
	if (w->s->loaded && all_done(w, &r)) {
		w->result = r;
		fo_core_stop(core);
	} else if (w->until_ms && fo_wall_ms() >= w->until_ms) {
		w->result = 2;
		fo_core_stop(core);
	}
}

static fo_status cmd_wait(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (fo_core_has_frontend(core)) {
		fo_out_error(out,
		             "mission wait: for the shell; the console follows missions itself");
		return FO_EUSAGE;
	}
	if (int_out_of(a, "timeout", 0, 366L * 86400, out, "mission wait"))
		return FO_EUSAGE;
	if (!ready(s, out, "mission wait"))
		return FO_ERR;
	waiter w = {.s = s};
	w.n = fo_args_rest(a, "missions", (char *const **)&w.ids);
	char **live = NULL;
	if (w.n == 0) { /* the missions live now, not those that ended before */
		live = calloc(s->nmissions + 1, sizeof *live);
		if (!live)
			abort();
		for (size_t i = 0; i < s->nmissions; i++)
			if (!ms_terminal(s->missions[i]->state))
				live[w.n++] = s->missions[i]->id;
		w.ids = live;
		if (w.n == 0) {
			free(live);
			fo_out_printf(out, "missions: none live\n");
			return FO_OK;
		}
	}
	long timeout = fo_args_int(a, "timeout", 0);
	if (timeout > 0)
		w.until_ms = fo_wall_ms() + (uint64_t)timeout * 1000;
	w.t = fo_timer_start(core, 200, 200, wait_tick, &w);
	s->waiting = true;
	fo_core_run(core);
	s->waiting = false;
	fo_timer_stop(w.t);
	free(live);
	mi_flush(s);
	size_t counts[MS__COUNT] = {0};
	for (size_t i = 0; i < s->nmissions; i++)
		counts[s->missions[i]->state]++;
	fo_out_printf(out, "missions:");
	for (int k = 0; k < MS__COUNT; k++)
		if (counts[k])
			fo_out_printf(out, " %s %zu", ms_state_name((ms_state)k), counts[k]);
	fo_out_printf(out, "\n");
	if (w.result == 2) {
		fo_out_error(out, "mission wait: timed out after %lds", timeout);
		return FO_ERR;
	}
	if (w.result) {
		fo_out_error(out, "mission wait: some missions failed or were cancelled");
		return FO_ERR;
	}
	return FO_OK;
}

/* ---------------------------------------------------------------- safety */

static fo_status cmd_safety_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "safety list"))
		return FO_ERR;
	bool all = fo_args_flag(a, "all");
	fo_out_printf(out, "%-36s %-13s %-8s %-15s %-12s %s\n", "ID", "STATE", "SEVERITY", "KIND",
	              "VEHICLE", "DETAILS");
	for (size_t i = 0; i < s->nsafety; i++) {
		const mi_safety *e = s->safety[i];
		if (!all && strcmp(e->state, "resolved") == 0)
			continue;
		fo_out_printf(out, "%-36s %-13s %-8s %-15s %-12s %s%s%s\n", e->id, e->state,
		              e->severity, e->kind, e->vehicle[0] ? e->vehicle : "-", e->details,
		              e->resolution[0] ? " | resolution: " : "", e->resolution);
	}
	return FO_OK;
}

static void join_words(char *const *w, size_t n, char *buf, size_t len)
{
	size_t at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? " " : "", w[i]);
}

static fo_status cmd_safety_raise(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "safety raise"))
		return FO_ERR;
	const char *veh = fo_args_str(a, "vehicle", "");
	/* a shell without a feed knows no vehicles: only a console checks */
	if (*veh && fo_model_vehicle_count(fo_core_model(core)) > 0 &&
	    fo_model_vehicle_find(fo_core_model(core), veh) < 0) {
		fo_out_error(out, "safety raise: no vehicle '%s'", veh);
		return FO_EUSAGE;
	}
	char *const *w;
	size_t n = fo_args_rest(a, "text", &w);
	char text[160], actor[80], details[200];
	join_words(w, n, text, sizeof text);
	snprintf(details, sizeof details, "%s (raised by %s)", n ? text : "by hand",
	         mi_actor_operator(s, actor, sizeof actor));
	const char *mission = "";
	for (size_t i = 0; *veh && i < s->nmissions; i++)
		if (ms_on_vehicle(s->missions[i]->state) &&
		    strcmp(s->missions[i]->vehicle, veh) == 0)
			mission = s->missions[i]->id;
	mi_safety *e =
	    mi_safety_raise(s, veh, mission, "manual", fo_args_str(a, "severity", "high"), details);
	fo_out_printf(out, "safety event %s open\n", e->id);
	return done(s, out, FO_OK);
}

static fo_status cmd_safety_ack(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "safety ack"))
		return FO_ERR;
	char err[256], actor[80];
	mi_safety *e = mi_safety_find(s, fo_args_str(a, "event", ""), err, sizeof err);
	if (!e) {
		fo_out_error(out, "safety ack: %s", err);
		return FO_EUSAGE;
	}
	if (strcmp(e->state, "open") != 0) {
		fo_out_error(out, "safety ack: event %.8s is %s", e->id, e->state);
		return FO_ERR;
	}
	snprintf(e->state, sizeof e->state, "acknowledged");
	snprintf(e->acked_by, sizeof e->acked_by, "%s",
	         mi_actor_operator(s, actor, sizeof actor) + 9);
	e->acked_ms = fo_wall_ms();
	mi_store_safety(s, e, false);
	mi_safety_publish(s, e);
	if (*e->mission)
		mi_store_log(s, e->mission, "info", "safety event %.8s acknowledged by %s", e->id,
		             e->acked_by);
	fo_out_printf(out, "safety event %s acknowledged by %s\n", e->id, e->acked_by);
	return done(s, out, FO_OK);
}

static fo_status cmd_safety_resolve(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	missions_state *s = ud;
	if (!ready(s, out, "safety resolve"))
		return FO_ERR;
	char err[256], actor[80];
	mi_safety *e = mi_safety_find(s, fo_args_str(a, "event", ""), err, sizeof err);
	if (!e) {
		fo_out_error(out, "safety resolve: %s", err);
		return FO_EUSAGE;
	}
	char *const *w;
	size_t n = fo_args_rest(a, "resolution", &w);
	if (!n) {
		fo_out_error(out, "safety resolve: say how it was resolved (the resolution text)");
		return FO_EUSAGE;
	}
	if (strcmp(e->state, "resolved") == 0) {
		fo_out_error(out, "safety resolve: event %.8s is already resolved", e->id);
		return FO_ERR;
	}
	if (strcmp(e->state, "open") == 0) { /* resolving acknowledges too */
		snprintf(e->acked_by, sizeof e->acked_by, "%s",
		         mi_actor_operator(s, actor, sizeof actor) + 9);
		e->acked_ms = fo_wall_ms();
	}
	join_words(w, n, e->resolution, sizeof e->resolution);
	snprintf(e->state, sizeof e->state, "resolved");
	e->resolved_ms = fo_wall_ms();
	mi_store_safety(s, e, false);
	mi_safety_publish(s, e);
	if (*e->mission)
		mi_store_log(s, e->mission, "info", "safety event %.8s resolved: %s", e->id,
		             e->resolution);
	fo_out_printf(out, "safety event %s resolved: %s\n", e->id, e->resolution);
	return done(s, out, FO_OK);
}

/* ---------------------------------------------------------------- table */

static const fo_arg_spec import_args[] = {
    {"file", FO_ARG_STRING, true, NULL, "template JSON file, or - for standard input"},
};
static const fo_arg_spec export_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "template name"},
    {"template-version", FO_ARG_INT, false, NULL, "a given version (default: the latest)"},
};
static const fo_arg_spec delete_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "template name"},
    {"template-version", FO_ARG_INT, false, NULL, "only this version (default: every one)"},
};
static const fo_arg_spec tlist_args[] = {
    {"all", FO_ARG_BOOL, false, NULL, "every version, not only the latest"},
};
static const fo_arg_spec start_args[] = {
    {"template", FO_ARG_STRING, true, NULL, "template name (its latest version)"},
    {"vehicle", FO_ARG_STRING, false, NULL, "a vehicle id, or any (default: any eligible)"},
    {"after", FO_ARG_STRING, false, NULL, "missions it starts after, comma-separated ids"},
    {"deadline", FO_ARG_STRING, false, NULL, "30m, 2h or an ISO 8601 time"},
    {"priority", FO_ARG_INT, false, NULL, "0..1000, higher first (default: the template's)"},
    {"params", FO_ARG_REST, false, NULL, "NAME=VALUE for the template's $parameters"},
};
static const fo_arg_spec mission_arg[] = {
    {"mission", FO_ARG_STRING, true, NULL, "mission id (at least 4 leading characters)"},
};
static const fo_arg_spec depend_args[] = {
    {"mission", FO_ARG_STRING, true, NULL, "the mission that waits"},
    {"on", FO_ARG_STRING, true, NULL, "the mission it waits for"},
};
static const fo_arg_spec note_args[] = {
    {"mission", FO_ARG_STRING, true, NULL, "mission id"},
    {"text", FO_ARG_REST, false, NULL, "the note"},
};
static const fo_arg_spec list_args[] = {
    {"state", FO_ARG_STRING, false, NULL, "a state, or live"},
};
static const fo_arg_spec wait_args[] = {
    {"timeout", FO_ARG_INT, false, NULL, "give up after this many seconds (exit 1)"},
    {"missions", FO_ARG_REST, false, NULL, "mission ids (default: every live mission)"},
};
static const fo_arg_spec slist_args[] = {
    {"all", FO_ARG_BOOL, false, NULL, "resolved events too"},
};
static const fo_arg_spec raise_args[] = {
    {"vehicle", FO_ARG_STRING, false, NULL, "the vehicle concerned"},
    {"severity", FO_ARG_ENUM, false, "low|medium|high|critical", "default high"},
    {"text", FO_ARG_REST, false, NULL, "what happened"},
};
static const fo_arg_spec event_arg[] = {
    {"event", FO_ARG_STRING, true, NULL, "safety event id (at least 4 leading characters)"},
};
static const fo_arg_spec resolve_args[] = {
    {"event", FO_ARG_STRING, true, NULL, "safety event id"},
    {"resolution", FO_ARG_REST, false, NULL, "how it was resolved"},
};

#define ARGS(x) x, sizeof x / sizeof x[0]

static const fo_cmd_spec mission_cmds[] = {
    {"template", "import", "add a mission template (or its next version) from JSON",
     ARGS(import_args), 0, cmd_tpl_import},
    {"template", "export", "a mission template as JSON", ARGS(export_args), FO_CMD_READONLY_SAFE,
     cmd_tpl_export},
    {"template", "list", "mission templates", ARGS(tlist_args), FO_CMD_READONLY_SAFE, cmd_tpl_list},
    {"template", "delete", "delete a template's versions that no mission uses", ARGS(delete_args),
     FO_CMD_DANGEROUS, cmd_tpl_delete},
    {"mission", "start", "start a mission from a template", ARGS(start_args), 0, cmd_start},
    {"mission", "list", "missions with state, vehicle and progress", ARGS(list_args),
     FO_CMD_READONLY_SAFE, cmd_list},
    {"mission", "show", "a mission: plan, metrics, transitions and log", ARGS(mission_arg),
     FO_CMD_READONLY_SAFE, cmd_show},
    {"mission", "cancel", "cancel a mission (cancelOrder to its vehicle)", ARGS(mission_arg),
     FO_CMD_DANGEROUS, cmd_cancel},
    {"mission", "pause", "pause a mission (startPause to its vehicle)", ARGS(mission_arg), 0,
     cmd_pause},
    {"mission", "resume", "resume a paused mission (stopPause)", ARGS(mission_arg), 0, cmd_resume},
    {"mission", "depend", "make a mission start after another finished", ARGS(depend_args), 0,
     cmd_depend},
    {"mission", "note", "add an operator note to a mission's log", ARGS(note_args), 0, cmd_note},
    {"mission", "wait", "follow missions until they end (exit 0: all completed)", ARGS(wait_args),
     0, cmd_wait},
    {"safety", "list", "open and acknowledged safety events", ARGS(slist_args),
     FO_CMD_READONLY_SAFE, cmd_safety_list},
    {"safety", "raise", "raise a safety event by hand", ARGS(raise_args), 0, cmd_safety_raise},
    {"safety", "ack", "acknowledge a safety event", ARGS(event_arg), 0, cmd_safety_ack},
    {"safety", "resolve", "resolve a safety event with its resolution", ARGS(resolve_args), 0,
     cmd_safety_resolve},
};

int mi_cmds_register(missions_state *s, char *err, size_t errlen)
{
	return fo_cmds_register(s->core, mission_cmds, FO_NELEM(mission_cmds), s, err, errlen);
}
