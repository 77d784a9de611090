/* alert_mirror.c — several consoles on one store.  One process evaluates
 * the rules (the one holding the store's alerts lease, alert_core.c); the
 * others follow: their alerts come from the rows it writes.  Every process
 * may acknowledge and silence; those writes reach the others through the
 * store's change feed (LISTEN/NOTIFY on PostgreSQL, the audit trail on
 * SQLite), so an acknowledgement made in one console shows in all of them
 * and the evaluating one keeps it in the rows it writes later. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { T_ALERTS, T_SILENCES, T_TRANSITIONS };
static const char *const tables[] = {"performance.alerts", "performance.alert_silences",
                                     "performance.alert_transitions"};

void fo_alerts_own_transition(fo_alerts *e, const char *id)
{
	size_t n = sizeof e->own_tx / sizeof e->own_tx[0];
	snprintf(e->own_tx[e->own_tx_head % n], FO_ALERT_ID_LEN, "%s", id);
	e->own_tx_head++;
}

static bool own_transition(const fo_alerts *e, const char *id)
{
	size_t n = sizeof e->own_tx / sizeof e->own_tx[0];
	for (size_t i = 0; i < n && i < e->own_tx_head; i++)
		if (strcmp(e->own_tx[i], id) == 0)
			return true;
	return false;
}

static fo_alert *by_id(fo_alerts *e, const char *id)
{
	for (size_t i = 0; i < e->nalerts; i++)
		if (strcmp(e->alerts[i]->id, id) == 0)
			return e->alerts[i];
	return NULL;
}

static bool other_tenant(const fo_alerts *e, const fo_record *r)
{
	const char *t = fo_record_get(r, "tenant_id");
	return e->tenant[0] && t && strcmp(t, e->tenant) != 0;
}

/* The acknowledgement of the row when it is newer than ours. */
static void take_ack(fo_alert *a, const fo_record *r)
{
	const char *by = fo_record_get(r, "acknowledged_by");
	uint64_t at = fo_alerts_parse_iso(fo_record_get(r, "acknowledged_at"));
	if (!by || !*by || !at || at <= a->acked_at)
		return;
	snprintf(a->acked_by, sizeof a->acked_by, "%s", by);
	a->acked_at = at;
	free(a->ack_note);
	const char *note = fo_record_get(r, "note");
	a->ack_note = note && *note ? strdup(note) : NULL;
}

/* State and value: the evaluating process's word, taken by followers (and
 * by everyone for alerts raised by hand, which no rule decides). */
static void take_state(fo_alerts *e, fo_alert *a, const fo_record *r)
{
	const char *v = fo_record_get(r, "value");
	if (v)
		a->value = strtod(v, NULL);
	fo_alert_state st = fo_alerts_state_of(fo_record_get(r, "state"));
	if (st == a->state)
		return;
	a->state = st;
	uint64_t started = fo_alerts_parse_iso(fo_record_get(r, "started_at"));
	if (st == FO_ALERT_PENDING || st == FO_ALERT_FIRING)
		a->active_at = started ? started : fo_alerts_now(e);
	if (st == FO_ALERT_FIRING)
		a->fired_at = a->active_at;
	if (st == FO_ALERT_RESOLVED || st == FO_ALERT_INACTIVE) {
		uint64_t ended = fo_alerts_parse_iso(fo_record_get(r, "ended_at"));
		a->resolved_at = ended ? ended : fo_alerts_now(e);
		if (e->following && a->group)
			fo_alerts_group_leave(e, a); /* a follower notifies nobody */
	}
}

/* force: a conflict's answer, taken whatever its version says. */
static void take_alert(fo_alerts *e, const fo_record *r, bool force)
{
	const char *id = fo_record_id(r);
	if (!id || other_tenant(e, r))
		return;
	fo_alert *a = by_id(e, id);
	if (!a) {
		fo_alert_state st = fo_alerts_state_of(fo_record_get(r, "state"));
		if (st == FO_ALERT_PENDING || st == FO_ALERT_FIRING) {
			fo_alerts_restore_row(e, r);
			fo_alerts_mute(e, fo_alerts_now(e));
			fo_alerts_touch(e);
		}
		return;
	}
	long long v = fo_record_version(r);
	if (!force && v <= a->version)
		return; /* our own write coming back, or older */
	a->version = v;
	take_ack(a, r);
	if (e->following || a->manual)
		take_state(e, a, r);
	fo_alerts_touch(e);
}

static void take_silence(fo_alerts *e, const fo_record *r)
{
	const char *id = fo_record_id(r);
	if (!id || other_tenant(e, r))
		return;
	for (size_t i = 0; i < e->nsilences; i++) {
		fo_silence *s = e->silences[i];
		if (strcmp(s->id, id) != 0)
			continue;
		if (fo_record_version(r) <= s->version)
			return;
		s->version = fo_record_version(r);
		s->starts_at = fo_alerts_parse_iso(fo_record_get(r, "starts_at"));
		s->ends_at = fo_alerts_parse_iso(fo_record_get(r, "ends_at"));
		const char *c = fo_record_get(r, "comment");
		char *copy = fo_strdup(c ? c : "");
		free(s->comment);
		s->comment = copy;
		fo_alerts_mute(e, fo_alerts_now(e));
		fo_alerts_touch(e);
		return;
	}
	fo_silence *s = fo_alerts_silence_from_record(r);
	if (s) {
		fo_alerts_silence_add(e, s);
		fo_alerts_mute(e, fo_alerts_now(e));
		fo_alerts_touch(e);
	}
}

static void fetched_alert(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	(void)core;
	if (res->status == FO_STORE_OK && res->nrecords)
		take_alert(e, res->records[0], false);
}

static void fetched_silence(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	(void)core;
	if (res->status == FO_STORE_OK && res->nrecords)
		take_silence(e, res->records[0]);
}

static void fetched_transition(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alerts *e = ud;
	(void)core;
	if (res->status != FO_STORE_OK || !res->nrecords)
		return;
	const fo_record *r = res->records[0];
	if (other_tenant(e, r))
		return;
	fo_alerts_history_from_record(e, r);
	fo_alerts_touch(e);
}

static void changed(fo_core *core, const char *table, const char *id, const char *op, void *ud)
{
	fo_alerts *e = ud;
	(void)core;
	if (strcmp(op, "DELETE") == 0 || !e->store)
		return;
	if (strcmp(table, tables[T_ALERTS]) == 0)
		fo_store_get(e->store, table, id, fetched_alert, e);
	else if (strcmp(table, tables[T_SILENCES]) == 0)
		fo_store_get(e->store, table, id, fetched_silence, e);
	else if (strcmp(table, tables[T_TRANSITIONS]) == 0 && !own_transition(e, id))
		fo_store_get(e->store, table, id, fetched_transition, e);
}

void fo_alerts_watch(fo_alerts *e)
{
	if (e->watching || !e->store)
		return;
	e->watching = true;
	fo_store_on_change(e->store, changed, e);
}

/* ---- the answer to a row write */

static void refetched(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alert_write *w = ud;
	fo_alerts *e = w->e;
	fo_alert *a = by_id(e, w->id);
	if (a && res->status == FO_STORE_OK && res->nrecords) {
		take_alert(e, res->records[0], true);
		if (fo_alerts_writable(e))
			fo_alerts_store_row(e, a); /* ours again, with theirs in it */
	} else if (res->status != FO_STORE_OK) {
		e->stats.store_errors++;
		fo_log(core, FO_LOG_ERROR, "alerts: store: %s", res->error);
	}
	free(w);
}

void fo_alerts_row_written(fo_core *core, const fo_store_result *res, void *ud)
{
	fo_alert_write *w = ud;
	fo_alerts *e = w->e;
	if (res->status == FO_STORE_CONFLICT && e->store && by_id(e, w->id)) {
		/* another process wrote the row first: take it in, write ours */
		fo_store_get(e->store, tables[T_ALERTS], w->id, refetched, w);
		return;
	}
	if (res->status != FO_STORE_OK) {
		e->stats.store_errors++;
		fo_log(core, FO_LOG_ERROR, "alerts: store: %s", res->error);
	}
	free(w);
}
