/* alert_store.c — the alert engine's records: one performance.alerts row
 * per alert instance (updated on every change), one performance.alert_transitions row
 * per transition or acknowledgement, one performance.alert_silences row per silence.
 * At start fo_alerts_load brings back what is still live.
 *
 * Writes never wait: the engine keeps each record's version itself (1 after
 * the insert, +1 per update) and the store runs one store's operations in
 * order, so an update always follows the insert it needs. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HISTORY_LOAD_MS (24 * 3600000ull)

static void iso(uint64_t ms, char *buf)
{
	fo_iso_time(ms, buf, 32);
}

/* Canonical ISO 8601 UTC (what both stores return) to wall ms; 0 on error. */
uint64_t fo_alerts_parse_iso(const char *s)
{
	int y, mo, d, h, mi, sec, ms = 0;
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d, &h, &mi, &sec, &ms) < 6)
		return 0;
	struct tm tm = {.tm_year = y - 1900,
	                .tm_mon = mo - 1,
	                .tm_mday = d,
	                .tm_hour = h,
	                .tm_min = mi,
	                .tm_sec = sec};
	time_t t = timegm(&tm);
	return t < 0 ? 0 : (uint64_t)t * 1000u + (uint64_t)ms;
}

static void wrote(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status == FO_STORE_OK)
		return;
	e->stats.store_errors++;
	fo_log(core, FO_LOG_ERROR, "alerts: store: %s", res->error);
}

bool fo_alerts_writable(const fo_alerts *e)
{
	return e->store && e->loaded && e->tenant[0] && !e->no_writes;
}

static const char *row_state(fo_alert_state s)
{
	return s == FO_ALERT_PENDING ? "pending" : s == FO_ALERT_FIRING ? "firing" : "resolved";
}

/* The performance.alerts row of a: inserted the first time, then updated
 * at the version this process last saw.  A conflict means another process
 * sharing the store (a console acknowledging it) wrote the row meanwhile:
 * alert_mirror.c takes that row in and this one is written again. */
void fo_alerts_store_row(fo_alerts *e, fo_alert *a)
{
	char t[32];
	fo_record *r = fo_record_new(fo_store_table("performance.alerts"));
	fo_record_set(r, "id", a->id);
	fo_record_set(r, "tenant_id", e->tenant);
	fo_record_set(r, "rule", a->rule);
	char *lj = fo_labels_json(&a->labels);
	fo_record_set(r, "labels", lj);
	free(lj);
	fo_record_set(r, "state", row_state(a->state));
	fo_record_set(r, "severity", fo_labels_get(&a->labels, "severity"));
	fo_record_setf(r, "value", "%.17g", a->value);
	iso(a->active_at ? a->active_at : a->fired_at, t);
	fo_record_set(r, "started_at", t);
	if (a->state == FO_ALERT_RESOLVED || a->state == FO_ALERT_INACTIVE) {
		iso(a->resolved_at, t);
		fo_record_set(r, "ended_at", t);
	}
	if (a->acked_at) {
		fo_record_set(r, "acknowledged_by", a->acked_by);
		iso(a->acked_at, t);
		fo_record_set(r, "acknowledged_at", t);
		fo_record_set(r, "note", a->ack_note);
	}
	fo_alert_write *w = calloc(1, sizeof *w);
	if (!w)
		abort();
	w->e = e;
	snprintf(w->id, sizeof w->id, "%s", a->id);
	if (a->version == 0) {
		fo_store_insert(e->store, r, fo_alerts_row_written, w);
		a->version = 1;
	} else {
		fo_record_setf(r, "version", "%lld", a->version);
		fo_store_update(e->store, r, fo_alerts_row_written, w);
		a->version++;
	}
	fo_record_free(r);
}

void fo_alerts_store_alert(fo_alerts *e, fo_alert *a, fo_alert_state from, bool ack)
{
	if (!fo_alerts_writable(e))
		return;
	char t[32];
	fo_alerts_store_row(e, a);
	fo_record *x = fo_record_new(fo_store_table("performance.alert_transitions"));
	/* an id of our own, so that the change feed's echo of it is known */
	char xid[FO_ALERT_ID_LEN];
	fo_uuid4(xid);
	fo_record_set(x, "id", xid);
	fo_alerts_own_transition(e, xid);
	fo_record_set(x, "tenant_id", e->tenant);
	fo_record_set(x, "alert_id", a->id);
	fo_record_set(x, "rule", a->rule);
	fo_record_setf(x, "fingerprint", "%016llx", (unsigned long long)a->fp);
	char *lj = fo_labels_json(&a->labels);
	fo_record_set(x, "labels", lj);
	free(lj);
	char *aj = fo_labels_json(&a->annotations);
	fo_record_set(x, "annotations", aj);
	free(aj);
	fo_record_set(x, "from_state",
	              ack ? fo_alert_state_name(a->state) : fo_alert_state_name(from));
	fo_record_set(x, "to_state", ack ? "acknowledged" : fo_alert_state_name(a->state));
	fo_record_setf(x, "value", "%.17g", a->value);
	if (ack) {
		char note[300];
		snprintf(note, sizeof note, "%s%s%s", a->acked_by, a->ack_note ? ": " : "",
		         a->ack_note ? a->ack_note : "");
		fo_record_set(x, "note", note);
	}
	iso(ack ? a->acked_at : fo_alerts_now(e), t);
	fo_record_set(x, "at", t);
	fo_store_insert(e->store, x, wrote, e);
	fo_record_free(x);
}

void fo_alerts_store_silence(fo_alerts *e, fo_silence *s, bool insert)
{
	if (!fo_alerts_writable(e))
		return;
	char t[32];
	fo_record *r = fo_record_new(fo_store_table("performance.alert_silences"));
	fo_record_set(r, "id", s->id);
	fo_record_set(r, "tenant_id", e->tenant);
	fo_record_set(r, "matchers", s->matchers_text);
	iso(s->starts_at, t);
	fo_record_set(r, "starts_at", t);
	iso(s->ends_at, t);
	fo_record_set(r, "ends_at", t);
	fo_record_set(r, "author", s->author);
	fo_record_set(r, "comment", s->comment);
	if (insert || s->version == 0) {
		fo_store_insert(e->store, r, wrote, e);
		s->version = 1;
	} else {
		fo_record_setf(r, "version", "%lld", s->version);
		fo_store_update(e->store, r, wrote, e);
		s->version++;
	}
	fo_record_free(r);
}

void fo_alerts_attach_store(fo_alerts *e, fo_store *s, const char *tenant)
{
	e->store = s;
	snprintf(e->tenant, sizeof e->tenant, "%s", tenant ? tenant : "");
	e->loaded = s == NULL;
}

void fo_alerts_set_no_writes(fo_alerts *e, bool no_writes)
{
	e->no_writes = no_writes;
}

bool fo_alerts_loaded(const fo_alerts *e)
{
	return e->loaded;
}

/* ---------------------------------------------------------------- load */

static void load_step_done(fo_alerts *e)
{
	if (--e->load_pending > 0)
		return;
	e->loading = false;
	e->loaded = true;
	fo_alerts_watch(e);
	fo_alerts_mute(e, fo_alerts_now(e));
	if (e->load_done)
		*e->load_done = true;
	fo_alerts_touch(e);
}

fo_alert_state fo_alerts_state_of(const char *s)
{
	if (s && strcmp(s, "pending") == 0)
		return FO_ALERT_PENDING;
	if (s && strcmp(s, "firing") == 0)
		return FO_ALERT_FIRING;
	if (s && strcmp(s, "inactive") == 0)
		return FO_ALERT_INACTIVE;
	return FO_ALERT_RESOLVED;
}

void fo_alerts_restore_row(fo_alerts *e, const fo_record *r)
{
	fo_labels l = {0};
	if (fo_labels_parse_json(&l, fo_record_get(r, "labels")) != 0 || !fo_record_id(r)) {
		fo_labels_free(&l);
		return;
	}
	uint64_t fp = fo_labels_fingerprint(&l);
	fo_alert *old = fo_alerts_lookup(e, fp);
	if (old && (old->state == FO_ALERT_RESOLVED || old->state == FO_ALERT_INACTIVE)) {
		/* the label set fires again (another process saw it first): the
		 * new row is the alert now, the ended one is history */
		fo_alerts_drop(e, old);
		old = NULL;
	}
	if (old) { /* two live rows of one label set: keep one */
		fo_labels_free(&l);
		return;
	}
	fo_alert *a = fo_alerts_insert(e, &l, fp);
	snprintf(a->id, sizeof a->id, "%s", fo_record_id(r));
	const char *rule = fo_record_get(r, "rule");
	snprintf(a->rule, sizeof a->rule, "%s", rule ? rule : "manual");
	a->manual = strcmp(a->rule, "manual") == 0;
	a->state = fo_alerts_state_of(fo_record_get(r, "state"));
	const char *v = fo_record_get(r, "value");
	a->value = v ? strtod(v, NULL) : 0;
	a->active_at = fo_alerts_parse_iso(fo_record_get(r, "started_at"));
	uint64_t now = fo_alerts_now(e);
	a->last_seen_at = now;
	if (a->state == FO_ALERT_FIRING) {
		a->fired_at = a->active_at;
		/* notified before the restart: no storm of repeats after it */
		a->notified = FO_ALERT_FIRING;
	}
	if (a->state == FO_ALERT_FIRING && !e->following) {
		fo_alerts_group_join(e, a, now);
		a->group->flushed = true;
		a->group->last_notify = now;
	}
	const char *by = fo_record_get(r, "acknowledged_by");
	if (by) {
		snprintf(a->acked_by, sizeof a->acked_by, "%s", by);
		a->acked_at = fo_alerts_parse_iso(fo_record_get(r, "acknowledged_at"));
		const char *note = fo_record_get(r, "note");
		a->ack_note = note ? strdup(note) : NULL;
	}
	a->version = fo_record_version(r);
	for (size_t i = 0; i < e->nrules; i++)
		if (!a->manual && strcmp(e->rules[i]->name, a->rule) == 0) {
			a->owner = e->rules[i];
			a->rnext = a->owner->alerts;
			a->owner->alerts = a;
		}
}

static void got_alerts(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status != FO_STORE_OK)
		fo_log(core, FO_LOG_ERROR, "alerts: cannot reload alerts: %s", res->error);
	for (size_t i = 0; i < res->nrecords; i++)
		fo_alerts_restore_row(e, res->records[i]);
	load_step_done(e);
}

fo_silence *fo_alerts_silence_from_record(const fo_record *r)
{
	fo_silence *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	char err[200];
	if (!fo_record_id(r) ||
	    fo_matchers_parse(&s->matchers, fo_record_get(r, "matchers"), err, sizeof err)) {
		free(s);
		return NULL;
	}
	snprintf(s->id, sizeof s->id, "%s", fo_record_id(r));
	fo_matchers_text(&s->matchers, s->matchers_text, sizeof s->matchers_text);
	s->starts_at = fo_alerts_parse_iso(fo_record_get(r, "starts_at"));
	s->ends_at = fo_alerts_parse_iso(fo_record_get(r, "ends_at"));
	const char *au = fo_record_get(r, "author");
	snprintf(s->author, sizeof s->author, "%s", au ? au : "");
	const char *c = fo_record_get(r, "comment");
	s->comment = fo_strdup(c ? c : "");
	s->version = fo_record_version(r);
	return s;
}

static void got_silences(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status != FO_STORE_OK)
		fo_log(core, FO_LOG_ERROR, "alerts: cannot reload silences: %s", res->error);
	for (size_t i = 0; i < res->nrecords; i++) {
		fo_silence *s = fo_alerts_silence_from_record(res->records[i]);
		if (s)
			fo_alerts_silence_add(e, s);
	}
	load_step_done(e);
}

void fo_alerts_history_from_record(fo_alerts *e, const fo_record *r)
{
	fo_alert_event ev = {0};
	const char *id = fo_record_get(r, "alert_id");
	const char *rule = fo_record_get(r, "rule");
	const char *to = fo_record_get(r, "to_state");
	snprintf(ev.alert_id, sizeof ev.alert_id, "%s", id ? id : "");
	snprintf(ev.rule, sizeof ev.rule, "%s", rule ? rule : "");
	fo_labels l = {0};
	fo_labels_parse_json(&l, fo_record_get(r, "labels"));
	fo_labels_text(&l, ev.labels, sizeof ev.labels);
	const char *an = fo_labels_get(&l, "alertname");
	if (an)
		snprintf(ev.rule, sizeof ev.rule, "%s", an);
	fo_labels_free(&l);
	ev.ack = to && strcmp(to, "acknowledged") == 0;
	ev.from = fo_alerts_state_of(fo_record_get(r, "from_state"));
	ev.to = ev.ack ? ev.from : fo_alerts_state_of(to);
	const char *note = fo_record_get(r, "note");
	snprintf(ev.note, sizeof ev.note, "%s", note ? note : "");
	const char *v = fo_record_get(r, "value");
	ev.value = v ? strtod(v, NULL) : 0;
	ev.at = fo_alerts_parse_iso(fo_record_get(r, "at"));
	fo_alerts_history_push(e, &ev);
	/* the latest annotations of a live alert */
	for (size_t k = 0; id && k < e->nalerts; k++)
		if (strcmp(e->alerts[k]->id, id) == 0) {
			fo_labels_free(&e->alerts[k]->annotations);
			fo_labels_parse_json(&e->alerts[k]->annotations,
			                     fo_record_get(r, "annotations"));
		}
}

static void got_history(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status != FO_STORE_OK)
		fo_log(core, FO_LOG_ERROR, "alerts: cannot reload history: %s", res->error);
	for (size_t i = 0; i < res->nrecords; i++)
		fo_alerts_history_from_record(e, res->records[i]);
	load_step_done(e);
}

static void load_records(fo_alerts *e)
{
	char from[32];
	uint64_t t = fo_alerts_now(e);
	iso(t > HISTORY_LOAD_MS ? t - HISTORY_LOAD_MS : 0, from);
	e->load_pending = 4;
	const char *tenant = e->tenant[0] ? e->tenant : NULL;
	fo_store_query q = {.table = "performance.alerts",
	                    .tenant_id = tenant,
	                    .field = "state",
	                    .equals = "firing"};
	fo_store_list(e->store, &q, got_alerts, e);
	q.equals = "pending";
	fo_store_list(e->store, &q, got_alerts, e);
	/* silences not ended yet, and those of the last day (`alert silences --all`) */
	fo_store_query qs = {
	    .table = "performance.alert_silences", .tenant_id = tenant, .from = from};
	fo_store_list(e->store, &qs, got_silences, e);
	fo_store_query qh = {.table = "performance.alert_transitions",
	                     .tenant_id = tenant,
	                     .from = from,
	                     .limit = 20000};
	fo_store_list(e->store, &qh, got_history, e);
}

static void got_new_tenant(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status != FO_STORE_OK || !res->nrecords) {
		fo_log(core, FO_LOG_ERROR, "alerts: no tenant to write alerts under: %s",
		       res->error);
		e->load_pending = 1;
		load_step_done(e); /* runs without a store rather than not at all */
		e->store = NULL;
		return;
	}
	snprintf(e->tenant, sizeof e->tenant, "%s", fo_record_id(res->records[0]));
	load_records(e);
}

static void got_tenants(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	if (res->status == FO_STORE_OK && res->nrecords) {
		snprintf(e->tenant, sizeof e->tenant, "%s", fo_record_id(res->records[0]));
		load_records(e);
		return;
	}
	if (e->no_writes) { /* a read-only console makes no tenant */
		load_records(e);
		return;
	}
	fo_record *t = fo_record_new(fo_store_table("core.tenants"));
	fo_record_set(t, "name", "default");
	fo_store_insert(e->store, t, got_new_tenant, e);
	fo_record_free(t);
	(void)core;
}

int fo_alerts_load(fo_alerts *e, bool *done)
{
	if (!e->store)
		return -1;
	if (e->loading)
		return 0;
	e->loading = true;
	e->loaded = false;
	e->load_done = done;
	if (e->tenant[0]) {
		load_records(e);
		return 0;
	}
	fo_store_query q = {.table = "core.tenants", .limit = 1};
	fo_store_list(e->store, &q, got_tenants, e);
	return 0;
}
