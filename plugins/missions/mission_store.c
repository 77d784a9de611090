/* mission_store.c — missions, templates, dependencies and safety events as
 * records: load at start, write on every change (one write in flight per
 * record, the next one after it, so versions never go stale by our own
 * hand), and take other processes' changes from the store's change feed. */
#include "missions.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- times */

uint64_t mi_parse_time(const char *iso)
{
	return fo_iso_parse(iso);
}

void mi_time(uint64_t ms, char *buf, size_t len)
{
	if (!ms) {
		snprintf(buf, len, "%s", "");
		return;
	}
	fo_iso_time(ms, buf, len);
}

/* ---- records */

static const char *rget(const fo_record *r, const char *field, const char *fallback)
{
	const char *v = fo_record_get(r, field);
	return v ? v : fallback;
}

static void set_time(fo_record *r, const char *field, uint64_t ms)
{
	char t[40];
	mi_time(ms, t, sizeof t);
	fo_record_set(r, field, ms ? t : NULL);
}

static void set_num(fo_record *r, const char *field, double v)
{
	fo_record_setf(r, field, "%.6g", v);
}

static fo_record *mission_record(const mi_mission *m)
{
	fo_record *r = fo_record_new(fo_store_table("missions.missions"));
	fo_record_set(r, "id", m->id);
	if (m->version)
		fo_record_setf(r, "version", "%lld", m->version);
	fo_record_set(r, "template_id", m->template_id);
	fo_record_setf(r, "template_version", "%d", m->template_version);
	fo_record_set(r, "state", ms_state_name(m->state));
	fo_record_setf(r, "priority", "%d", m->priority);
	fo_record_set(r, "parameters", m->params_json[0] ? m->params_json : "{}");
	fo_record_set(r, "order_id", m->order_id[0] ? m->order_id : NULL);
	set_time(r, "deadline", m->deadline_ms);
	set_time(r, "started_at", m->started_ms);
	set_time(r, "finished_at", m->finished_ms);
	fo_record_set(r, "vehicle_serial", m->vehicle[0] ? m->vehicle : NULL);
	char *plan = mi_plan_json(m);
	fo_record_set(r, "plan", plan);
	free(plan);
	fo_record_set(r, "reason", m->reason[0] ? m->reason : NULL);
	return r;
}

/* Takes the record's facts into m (a load, or another process's change). */
static void mission_from_record(mi_mission *m, const fo_record *r)
{
	snprintf(m->id, sizeof m->id, "%s", fo_record_id(r));
	m->version = fo_record_version(r);
	m->stored = true;
	snprintf(m->template_id, sizeof m->template_id, "%s", rget(r, "template_id", ""));
	m->template_version = atoi(rget(r, "template_version", "1"));
	int st = ms_state_parse(fo_record_get(r, "state"));
	m->state = st < 0 ? MS_FAILED : (ms_state)st;
	m->priority = atoi(rget(r, "priority", "0"));
	snprintf(m->params_json, sizeof m->params_json, "%s", rget(r, "parameters", "{}"));
	snprintf(m->order_id, sizeof m->order_id, "%s", rget(r, "order_id", ""));
	m->deadline_ms = mi_parse_time(fo_record_get(r, "deadline"));
	m->started_ms = mi_parse_time(fo_record_get(r, "started_at"));
	m->finished_ms = mi_parse_time(fo_record_get(r, "finished_at"));
	snprintf(m->vehicle, sizeof m->vehicle, "%s", rget(r, "vehicle_serial", ""));
	snprintf(m->reason, sizeof m->reason, "%s", rget(r, "reason", ""));
	mi_plan_from_json(m, fo_record_get(r, "plan"));
	if (!m->created_ms)
		m->created_ms = mi_parse_time(fo_record_get(r, "created_at"));
	if (!m->state_since_ms)
		m->state_since_ms = mi_parse_time(fo_record_get(r, "updated_at"));
}

/* ---- writes */

static void log_failure(missions_state *s, const char *what, const fo_store_result *res)
{
	fo_log(s->core, FO_LOG_ERROR, "missions: %s: %s: %s", what,
	       fo_store_status_name(res->status), res->error);
}

/* a write the store refused: logged, and counted so that a command in the
 * shell exits non-zero instead of claiming what was not stored */
static void write_failed(missions_state *s, const char *what, const fo_store_result *res)
{
	log_failure(s, what, res);
	s->write_failures++;
	snprintf(s->write_err, sizeof s->write_err, "%s", res->error);
}

static void mission_written(fo_core *core, const fo_store_result *res, void *ud);
static void refetch(missions_state *s, mi_mission *m);

static void write_mission(missions_state *s, mi_mission *m)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return;
	fo_record *r = mission_record(m);
	m->npending_written = m->npending;
	m->inflight = true;
	m->dirty = false;
	s->gen++;
	void **ctx = malloc(2 * sizeof *ctx);
	if (!ctx)
		abort();
	ctx[0] = s;
	ctx[1] = m;
	if (m->stored)
		fo_store_update(st, r, mission_written, ctx);
	else
		fo_store_insert(st, r, mission_written, ctx);
	fo_record_free(r);
}

static void mission_written(fo_core *core, const fo_store_result *res, void *ud)
{
	void **ctx = ud;
	missions_state *s = ctx[0];
	mi_mission *m = ctx[1];
	free(ctx);
	m->inflight = false;
	bool ok = res->status == FO_STORE_OK && res->nrecords;
	if (ok) {
		m->version = fo_record_version(res->records[0]);
		m->stored = true;
		for (size_t i = 0; i < m->npending_written; i++)
			mi_store_transition(s, m, &m->pending[i]);
	} else if (res->status == FO_STORE_CONFLICT) {
		/* another console changed it first: its facts win; take them */
		fo_log(core, FO_LOG_INFO, "missions: %.8s changed by another console first", m->id);
		m->dirty = false;
		m->npending = 0;
		mi_stored(s, m, false);
		refetch(s, m);
		return;
	} else {
		write_failed(s, "cannot store mission", res);
	}
	/* the transitions applied meanwhile go with the next write */
	memmove(m->pending, m->pending + m->npending_written,
	        (m->npending - m->npending_written) * sizeof m->pending[0]);
	m->npending -= m->npending_written;
	m->npending_written = 0;
	mi_stored(s, m, ok);
	if (m->dirty)
		write_mission(s, m);
}

void mi_store_mission(missions_state *s, mi_mission *m)
{
	if (m->inflight) {
		m->dirty = true;
		s->gen++;
		return;
	}
	write_mission(s, m);
}

void mi_store_insert_mission(missions_state *s, mi_mission *m)
{
	m->stored = false;
	write_mission(s, m);
}

static void plain_written(fo_core *core, const fo_store_result *res, void *ud)
{
	missions_state *s = ud;
	if (res->status != FO_STORE_OK)
		write_failed(s, "cannot store a record", res);
	(void)core;
}

static void insert(missions_state *s, fo_record *r)
{
	fo_store *st = fo_core_store(s->core);
	if (st)
		fo_store_insert(st, r, plain_written, s);
	fo_record_free(r);
}

void mi_store_transition(missions_state *s, const mi_mission *m, const mi_trans *t)
{
	fo_record *r = fo_record_new(fo_store_table("missions.transitions"));
	fo_record_set(r, "mission_id", m->id);
	fo_record_set(r, "from_state", t->from == t->to ? NULL : ms_state_name(t->from));
	fo_record_set(r, "to_state", ms_state_name(t->to));
	fo_record_set(r, "reason", t->reason[0] ? t->reason : NULL);
	set_time(r, "at", t->at);
	fo_record_set(r, "actor", t->actor);
	insert(s, r);
}

void mi_store_log(missions_state *s, const char *mission_id, const char *level, const char *fmt,
                  ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fo_record *r = fo_record_new(fo_store_table("missions.logs"));
	fo_record_set(r, "mission_id", mission_id);
	fo_record_set(r, "level", level);
	fo_record_set(r, "message", msg);
	set_time(r, "at", fo_wall_ms());
	insert(s, r);
	fo_log(s->core, strcmp(level, "error") == 0 ? FO_LOG_WARN : FO_LOG_INFO, "mission %.8s: %s",
	       mission_id, msg);
	mi_mission *m = mi_mission_by_id(s, mission_id);
	if (m) { /* the detail's log tail */
		size_t cap = sizeof m->tail / sizeof m->tail[0];
		if (m->ntail == cap) {
			memmove(m->tail[0], m->tail[1], (cap - 1) * sizeof m->tail[0]);
			m->ntail--;
		}
		char t[40];
		fo_iso_time(fo_wall_ms(), t, sizeof t);
		snprintf(m->tail[m->ntail++], sizeof m->tail[0], "%.8s %.110s", t + 11, msg);
		s->gen++;
	}
}

void mi_store_metrics(missions_state *s, const mi_mission *m, bool on_time)
{
	fo_record *r = fo_record_new(fo_store_table("missions.metrics"));
	fo_record_set(r, "id", m->id); /* one metrics record per mission */
	fo_record_set(r, "mission_id", m->id);
	if (m->started_ms && m->finished_ms >= m->started_ms)
		set_num(r, "duration_s", (double)(m->finished_ms - m->started_ms) / 1000.0);
	set_num(r, "distance_m", m->distance_m);
	set_num(r, "energy_kwh", m->energy_kwh);
	set_num(r, "waiting_s", m->waiting_s);
	if (m->deadline_ms)
		fo_record_set(r, "on_time", on_time ? "true" : "false");
	insert(s, r);
}

void mi_store_dep(missions_state *s, const mi_dep *d)
{
	fo_record *r = fo_record_new(fo_store_table("missions.dependencies"));
	fo_record_set(r, "id", d->id);
	fo_record_set(r, "mission_id", d->mission);
	fo_record_set(r, "depends_on_id", d->depends_on);
	fo_record_set(r, "kind", "finish_to_start");
	insert(s, r);
}

void mi_store_template(missions_state *s, mi_template *t)
{
	fo_record *r = fo_record_new(fo_store_table("missions.templates"));
	fo_record_set(r, "id", t->id);
	fo_record_set(r, "name", t->name);
	fo_record_setf(r, "template_version", "%d", t->version);
	char *steps = mi_template_steps_json(t), *caps = mi_template_caps_json(t),
	     *dl = mi_template_deadline_json(t);
	fo_record_set(r, "steps", steps);
	fo_record_set(r, "capabilities", caps);
	fo_record_set(r, "deadline_policy", dl);
	free(steps);
	free(caps);
	free(dl);
	fo_record_setf(r, "priority", "%d", t->priority);
	if (t->expected_s > 0)
		set_num(r, "expected_duration_s", t->expected_s);
	insert(s, r);
}

static fo_record *safety_record(const mi_safety *e)
{
	fo_record *r = fo_record_new(fo_store_table("missions.safety_events"));
	fo_record_set(r, "id", e->id);
	if (e->version)
		fo_record_setf(r, "version", "%lld", e->version);
	fo_record_set(r, "vehicle_serial", e->vehicle[0] ? e->vehicle : NULL);
	fo_record_set(r, "mission_id", e->mission[0] ? e->mission : NULL);
	fo_record_set(r, "kind", e->kind);
	fo_record_set(r, "severity", e->severity);
	fo_record_set(r, "state", e->state);
	set_time(r, "raised_at", e->raised_ms);
	fo_record_set(r, "acknowledged_by", e->acked_by[0] ? e->acked_by : NULL);
	set_time(r, "acknowledged_at", e->acked_ms);
	set_time(r, "resolved_at", e->resolved_ms);
	fo_record_set(r, "resolution", e->resolution[0] ? e->resolution : NULL);
	if (e->details[0]) {
		json_t *d = json_pack("{s:s}", "text", e->details);
		char *txt = json_dumps(d, JSON_COMPACT);
		fo_record_set(r, "details", txt);
		free(txt);
		json_decref(d);
	}
	return r;
}

static void safety_written(fo_core *core, const fo_store_result *res, void *ud)
{
	void **ctx = ud;
	missions_state *s = ctx[0];
	mi_safety *e = ctx[1];
	free(ctx);
	e->inflight = false;
	if (res->status == FO_STORE_OK && res->nrecords)
		e->version = fo_record_version(res->records[0]);
	else
		write_failed(s, "cannot store safety event", res);
	if (e->dirty && res->status == FO_STORE_OK)
		mi_store_safety(s, e, false);
	(void)core;
}

void mi_store_safety(missions_state *s, mi_safety *e, bool insert_it)
{
	fo_store *st = fo_core_store(s->core);
	s->gen++;
	if (!st)
		return;
	if (e->inflight) {
		e->dirty = true;
		return;
	}
	e->inflight = true;
	e->dirty = false;
	fo_record *r = safety_record(e);
	void **ctx = malloc(2 * sizeof *ctx);
	if (!ctx)
		abort();
	ctx[0] = s;
	ctx[1] = e;
	if (insert_it)
		fo_store_insert(st, r, safety_written, ctx);
	else
		fo_store_update(st, r, safety_written, ctx);
	fo_record_free(r);
}

void mi_flush(missions_state *s)
{
	fo_store *st = fo_core_store(s->core);
	if (st)
		fo_store_drain(st);
}

/* ---- loading */

static void safety_from_record(mi_safety *e, const fo_record *r)
{
	snprintf(e->id, sizeof e->id, "%s", fo_record_id(r));
	e->version = fo_record_version(r);
	snprintf(e->vehicle, sizeof e->vehicle, "%s", rget(r, "vehicle_serial", ""));
	snprintf(e->mission, sizeof e->mission, "%s", rget(r, "mission_id", ""));
	snprintf(e->kind, sizeof e->kind, "%s", rget(r, "kind", "manual"));
	snprintf(e->severity, sizeof e->severity, "%s", rget(r, "severity", "high"));
	snprintf(e->state, sizeof e->state, "%s", rget(r, "state", "open"));
	e->raised_ms = mi_parse_time(fo_record_get(r, "raised_at"));
	snprintf(e->acked_by, sizeof e->acked_by, "%s", rget(r, "acknowledged_by", ""));
	e->acked_ms = mi_parse_time(fo_record_get(r, "acknowledged_at"));
	e->resolved_ms = mi_parse_time(fo_record_get(r, "resolved_at"));
	snprintf(e->resolution, sizeof e->resolution, "%s", rget(r, "resolution", ""));
	json_t *d = json_loads(rget(r, "details", "null"), JSON_DECODE_ANY, NULL);
	const char *txt = json_string_value(json_object_get(d, "text"));
	snprintf(e->details, sizeof e->details, "%s", txt ? txt : "");
	json_decref(d);
}

static mi_safety *safety_by_id(missions_state *s, const char *id)
{
	for (size_t i = 0; i < s->nsafety; i++)
		if (strcmp(s->safety[i]->id, id) == 0)
			return s->safety[i];
	return NULL;
}

static mi_safety *safety_add(missions_state *s)
{
	if (s->nsafety == s->capsafety) {
		s->capsafety = s->capsafety ? 2 * s->capsafety : 32;
		s->safety = realloc(s->safety, s->capsafety * sizeof *s->safety);
		if (!s->safety)
			abort();
	}
	mi_safety *e = calloc(1, sizeof *e);
	if (!e)
		abort();
	s->safety[s->nsafety++] = e;
	return e;
}

mi_mission *mi_mission_by_id(missions_state *s, const char *id)
{
	for (size_t i = 0; i < s->nmissions; i++)
		if (strcmp(s->missions[i]->id, id) == 0)
			return s->missions[i];
	return NULL;
}

static void take_mission(missions_state *s, const fo_record *r)
{
	mi_mission *m = mi_mission_by_id(s, fo_record_id(r));
	bool known = m != NULL;
	if (!m)
		m = mi_add(s);
	else if (m->version >= fo_record_version(r) || m->inflight)
		return; /* ours, or ours is on its way and will conflict */
	ms_state old = m->state;
	mission_from_record(m, r);
	s->gen++;
	if (known && old != m->state)
		mi_adopted(s, m, old);
}

typedef struct {
	missions_state *s;
	bool done;
} fetch;

static void fetched_mission(fo_core *core, const fo_store_result *res, void *ud)
{
	fetch *f = ud;
	(void)core;
	f->done = true;
	if (res->status == FO_STORE_OK && res->nrecords)
		take_mission(f->s, res->records[0]);
}

mi_mission *mi_fetch(missions_state *s, const char *id)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return NULL;
	fetch f = {s, false};
	fo_store_get(st, "missions.missions", id, fetched_mission, &f);
	fo_store_drain(st);
	return f.done ? mi_mission_by_id(s, id) : NULL;
}

static void take_template(missions_state *s, const fo_record *r)
{
	for (size_t i = 0; i < s->ntemplates; i++)
		if (strcmp(s->templates[i].id, fo_record_id(r)) == 0)
			return;
	mi_template t;
	char err[256];
	if (mi_template_from_record(r, &t, err, sizeof err)) {
		fo_log(s->core, FO_LOG_WARN, "missions: template %s unreadable: %s",
		       fo_record_id(r), err);
		return;
	}
	if (s->ntemplates == s->captemplates) {
		s->captemplates = s->captemplates ? 2 * s->captemplates : 16;
		s->templates = realloc(s->templates, s->captemplates * sizeof *s->templates);
		if (!s->templates)
			abort();
	}
	s->templates[s->ntemplates++] = t;
	s->gen++;
}

static void take_dep(missions_state *s, const fo_record *r)
{
	for (size_t i = 0; i < s->ndeps; i++)
		if (strcmp(s->deps[i].id, fo_record_id(r)) == 0)
			return;
	if (s->ndeps == s->capdeps) {
		s->capdeps = s->capdeps ? 2 * s->capdeps : 32;
		s->deps = realloc(s->deps, s->capdeps * sizeof *s->deps);
		if (!s->deps)
			abort();
	}
	mi_dep *d = &s->deps[s->ndeps++];
	*d = (mi_dep){.lookup = MI_LOOKUP_NONE};
	snprintf(d->id, sizeof d->id, "%s", fo_record_id(r));
	snprintf(d->mission, sizeof d->mission, "%s", rget(r, "mission_id", ""));
	snprintf(d->depends_on, sizeof d->depends_on, "%s", rget(r, "depends_on_id", ""));
	s->gen++;
}

static void take_safety(missions_state *s, const fo_record *r)
{
	mi_safety *e = safety_by_id(s, fo_record_id(r));
	if (!e)
		e = safety_add(s);
	else if (e->version >= fo_record_version(r))
		return;
	safety_from_record(e, r);
	s->gen++;
}

typedef struct {
	missions_state *s;
	void (*take)(missions_state *s, const fo_record *r);
	bool last; /* the final list of the load */
} loader;

static void loaded(fo_core *core, const fo_store_result *res, void *ud)
{
	loader *l = ud;
	missions_state *s = l->s;
	if (res->status != FO_STORE_OK) {
		/* logged once per distinct reason: a store that stays down is
		 * asked again every tick */
		if (strcmp(s->load_err, res->error) != 0)
			log_failure(s, "cannot load (asked again)", res);
		snprintf(s->load_err, sizeof s->load_err, "%s", res->error);
		s->load_failed = true;
	}
	for (size_t i = 0; i < res->nrecords; i++)
		l->take(s, res->records[i]);
	if (l->last) {
		/* a partial load is not a load: the tracker would dispatch from
		 * half the records; every list is asked again (takes dedupe) */
		if (s->load_failed)
			s->loading = false;
		else {
			s->loaded = true;
			s->load_err[0] = '\0';
		}
		s->load_failed = false;
		s->gen++;
	}
	free(l);
	(void)core;
}

static void list(missions_state *s, const char *table, const char *field, const char *equals,
                 const char *from, void (*take)(missions_state *, const fo_record *), bool last)
{
	loader *l = malloc(sizeof *l);
	if (!l)
		abort();
	*l = (loader){s, take, last};
	fo_store_query q = {.table = table, .field = field, .equals = equals, .from = from};
	fo_store_list(fo_core_store(s->core), &q, loaded, l);
}

void mi_load(missions_state *s, bool wait)
{
	fo_store *st = fo_core_store(s->core);
	if (!st)
		return;
	if (!s->loading) {
		s->loading = true;
		list(s, "missions.templates", NULL, NULL, NULL, take_template, false);
		for (int k = 0; k < MS__COUNT; k++)
			if (!ms_terminal((ms_state)k))
				list(s, "missions.missions", "state", ms_state_name((ms_state)k),
				     NULL, take_mission, false);
		char since[40];
		long hours = fo_config_int(s->core, "missions.history_hours");
		mi_time(fo_wall_ms() - (uint64_t)(hours > 0 ? hours : 24) * 3600000u, since,
		        sizeof since);
		list(s, "missions.missions", NULL, NULL, since, take_mission, false);
		list(s, "missions.dependencies", NULL, NULL, NULL, take_dep, false);
		list(s, "missions.safety_events", "state", "open", NULL, take_safety, false);
		list(s, "missions.safety_events", "state", "acknowledged", NULL, take_safety,
		     false);
		list(s, "missions.safety_events", NULL, NULL, since, take_safety, true);
		if (!s->watching)
			mi_store_watch(s);
		s->watching = true;
	}
	if (wait && !s->loaded)
		fo_store_drain(st);
}

/* ---- other processes' changes */

typedef void (*take_fn)(missions_state *s, const fo_record *r);

static const struct {
	const char *table;
	take_fn take;
} watched[] = {
    {"missions.missions", take_mission},
    {"missions.templates", take_template},
    {"missions.dependencies", take_dep},
    {"missions.safety_events", take_safety},
};

typedef struct {
	missions_state *s;
	size_t kind; /* index into watched */
} fetch_ctx;

static void fetched(fo_core *core, const fo_store_result *res, void *ud)
{
	fetch_ctx *c = ud;
	if (res->status == FO_STORE_OK && res->nrecords)
		watched[c->kind].take(c->s, res->records[0]);
	free(c);
	(void)core;
}

static void changed(fo_core *core, const char *table, const char *id, const char *op, void *ud)
{
	if (strcmp(op, "DELETE") == 0)
		return;
	for (size_t k = 0; k < sizeof watched / sizeof watched[0]; k++) {
		if (strcmp(table, watched[k].table) != 0)
			continue;
		fetch_ctx *c = malloc(sizeof *c);
		if (!c)
			abort();
		c->s = ud;
		c->kind = k;
		fo_store_get(fo_core_store(core), table, id, fetched, c);
		return;
	}
}

static void refetch(missions_state *s, mi_mission *m)
{
	fetch_ctx *c = malloc(sizeof *c);
	if (!c)
		abort();
	c->s = s;
	c->kind = 0; /* missions.missions */
	fo_store_get(fo_core_store(s->core), "missions.missions", m->id, fetched, c);
}

typedef struct {
	missions_state *s;
	char dep[MI_ID]; /* the dependency's id: the array may move meanwhile */
} prereq_ctx;

static void prereq_fetched(fo_core *core, const fo_store_result *res, void *ud)
{
	prereq_ctx *c = ud;
	missions_state *s = c->s;
	if (res->status == FO_STORE_OK && res->nrecords) {
		take_mission(s, res->records[0]);
	} else {
		for (size_t i = 0; i < s->ndeps; i++)
			if (strcmp(s->deps[i].id, c->dep) == 0)
				s->deps[i].lookup =
				    res->status == FO_STORE_NOTFOUND || res->status == FO_STORE_OK
				        ? MI_LOOKUP_MISSING
				        : MI_LOOKUP_NONE; /* ask again */
		if (res->status != FO_STORE_OK && res->status != FO_STORE_NOTFOUND)
			log_failure(s, "cannot look up a prerequisite", res);
	}
	free(c);
	(void)core;
}

void mi_store_fetch_prereq(missions_state *s, mi_dep *d)
{
	fo_store *st = fo_core_store(s->core);
	if (!st || d->lookup != MI_LOOKUP_NONE)
		return;
	d->lookup = MI_LOOKUP_ASKED;
	prereq_ctx *c = malloc(sizeof *c);
	if (!c)
		abort();
	c->s = s;
	snprintf(c->dep, sizeof c->dep, "%s", d->id);
	fo_store_get(st, "missions.missions", d->depends_on, prereq_fetched, c);
}

void mi_store_watch(missions_state *s)
{
	fo_store *st = fo_core_store(s->core);
	if (st)
		fo_store_on_change(st, changed, s);
}
