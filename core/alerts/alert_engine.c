/* alert_engine.c — the engine object: alerts in memory indexed by
 * fingerprint, transitions, history ring, acknowledgements, the tick. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_CAP 1000

const char *fo_alert_state_name(fo_alert_state s)
{
	static const char *const n[] = {"inactive", "pending", "firing", "resolved"};
	return (unsigned)s < 4 ? n[s] : "?";
}

void fo_alert_options_default(fo_alert_options *o)
{
	memset(o, 0, sizeof *o);
	o->group_wait_ms = 30000;
	o->group_interval_ms = 300000;
	o->repeat_interval_ms = 4 * 3600000ull;
	o->group_by = "alertname";
	o->rate_limit_count = 10;
	o->rate_limit_window_ms = 3600000;
	o->resolved_retention_ms = 15 * 60000;
}

fo_alerts *fo_alerts_new(const fo_alert_hooks *hooks, const fo_alert_options *o)
{
	fo_alerts *e = calloc(1, sizeof *e);
	if (!e)
		abort();
	e->hooks = *hooks;
	e->hist_cap = HISTORY_CAP;
	e->hist = calloc(e->hist_cap, sizeof *e->hist);
	if (!e->hist)
		abort();
	fo_alert_options def;
	fo_alert_options_default(&def);
	fo_alerts_set_options(e, o ? o : &def);
	e->loaded = true; /* nothing to load until a store is attached */
	return e;
}

void fo_alerts_set_options(fo_alerts *e, const fo_alert_options *o)
{
	e->opt = *o;
	e->opt.group_by = NULL; /* the split copy below is what counts */
	fo_alerts_set_group_by(e, o->group_by);
}

static void alert_free(fo_alert *a)
{
	fo_labels_free(&a->labels);
	fo_labels_free(&a->annotations);
	free(a->ack_note);
	free(a);
}

void fo_alerts_free(fo_alerts *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nalerts; i++)
		alert_free(e->alerts[i]);
	free(e->alerts);
	free(e->map);
	for (size_t i = 0; i < e->nrules; i++) {
		fo_alert_rule *r = e->rules[i];
		fo_labels_free(&r->labels);
		free(r->labels_text);
		free(r->summary);
		free(r->description);
		free(r->severity);
		free(r);
	}
	free(e->rules);
	fo_alerts_groups_free(e);
	for (size_t i = 0; i < e->ngroup_by; i++)
		free(e->group_by[i]);
	free(e->group_by);
	fo_alerts_silences_free(e);
	fo_alerts_inhibits_free(e);
	free(e->hist);
	free(e);
}

uint64_t fo_alerts_now(fo_alerts *e)
{
	return e->hooks.now(e->hooks.ud);
}

void fo_alerts_touch(fo_alerts *e)
{
	e->gen++;
}

uint64_t fo_alerts_generation(const fo_alerts *e)
{
	return e->gen;
}

const fo_alert_stats *fo_alerts_stats(const fo_alerts *e)
{
	return &e->stats;
}

/* ---------------------------------------------------------------- index */

static size_t slot_of(const fo_alerts *e, uint64_t fp)
{
	return (size_t)(fp ^ (fp >> 29)) & (e->capmap - 1);
}

static void map_put(fo_alerts *e, fo_alert *a)
{
	size_t i = slot_of(e, a->fp);
	while (e->map[i].a)
		i = (i + 1) & (e->capmap - 1);
	e->map[i].fp = a->fp;
	e->map[i].a = a;
	e->nmap++;
}

static void map_grow(fo_alerts *e)
{
	struct fo_alert_slot *old = e->map;
	size_t oldcap = e->capmap;
	e->capmap = oldcap ? oldcap * 2 : 256;
	e->map = calloc(e->capmap, sizeof *e->map);
	if (!e->map)
		abort();
	e->nmap = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].a)
			map_put(e, old[i].a);
	free(old);
}

fo_alert *fo_alerts_lookup(fo_alerts *e, uint64_t fp)
{
	if (!e->capmap)
		return NULL;
	for (size_t i = slot_of(e, fp); e->map[i].a; i = (i + 1) & (e->capmap - 1))
		if (e->map[i].fp == fp)
			return e->map[i].a;
	return NULL;
}

/* Linear-probing delete: re-places the entries after the hole. */
static void map_del(fo_alerts *e, fo_alert *a)
{
	size_t i = slot_of(e, a->fp);
	while (e->map[i].a && e->map[i].a != a)
		i = (i + 1) & (e->capmap - 1);
	if (!e->map[i].a)
		return;
	e->map[i].a = NULL;
	e->nmap--;
	for (size_t j = (i + 1) & (e->capmap - 1); e->map[j].a; j = (j + 1) & (e->capmap - 1)) {
		fo_alert *x = e->map[j].a;
		e->map[j].a = NULL;
		e->nmap--;
		map_put(e, x);
	}
}

fo_alert *fo_alerts_insert(fo_alerts *e, fo_labels *labels_taken, uint64_t fp)
{
	fo_alert *a = calloc(1, sizeof *a);
	if (!a)
		abort();
	a->labels = *labels_taken;
	labels_taken->kv = NULL;
	labels_taken->n = 0;
	a->fp = fp;
	fo_uuid4(a->id);
	if (2 * (e->nmap + 1) > e->capmap)
		map_grow(e);
	map_put(e, a);
	e->alerts = fo_grow(e->alerts, &e->capalerts, e->nalerts + 1, sizeof *e->alerts, 64);
	a->idx = e->nalerts;
	e->alerts[e->nalerts++] = a;
	return a;
}

void fo_alerts_drop(fo_alerts *e, fo_alert *a)
{
	fo_alerts_group_leave(e, a);
	if (a->owner) {
		for (fo_alert **pp = &a->owner->alerts; *pp; pp = &(*pp)->rnext)
			if (*pp == a) {
				*pp = a->rnext;
				break;
			}
	}
	map_del(e, a);
	fo_alert *last = e->alerts[--e->nalerts];
	e->alerts[a->idx] = last;
	last->idx = a->idx;
	alert_free(a);
	fo_alerts_touch(e);
}

size_t fo_alerts_count(const fo_alerts *e)
{
	return e->nalerts;
}

const fo_alert *fo_alerts_at(const fo_alerts *e, size_t i)
{
	return i < e->nalerts ? e->alerts[i] : NULL;
}

const fo_alert *fo_alerts_find(const fo_alerts *e, const char *id, char *err, size_t errlen)
{
	size_t n = strlen(id ? id : "");
	if (n < 4) {
		snprintf(err, errlen, "alert id '%s': give at least 4 characters", id ? id : "");
		return NULL;
	}
	const fo_alert *found = NULL;
	for (size_t i = 0; i < e->nalerts; i++) {
		if (strncmp(e->alerts[i]->id, id, n) != 0)
			continue;
		if (found) {
			snprintf(err, errlen, "alert id '%s' is ambiguous: give more characters",
			         id);
			return NULL;
		}
		found = e->alerts[i];
	}
	if (!found)
		snprintf(err, errlen, "no alert '%s' (see: alert list --state all)", id);
	return found;
}

const fo_alert *fo_alerts_find_labels(const fo_alerts *e, const fo_labels *l)
{
	return fo_alerts_lookup((fo_alerts *)e, fo_labels_fingerprint(l));
}

bool fo_alert_muted(const fo_alert *a)
{
	return a->silenced_by[0] || a->inhibited;
}

void fo_alerts_severity_counts(const fo_alerts *e, size_t *critical, size_t *warning, size_t *other)
{
	*critical = *warning = *other = 0;
	for (size_t i = 0; i < e->nalerts; i++) {
		const fo_alert *a = e->alerts[i];
		if (a->state != FO_ALERT_FIRING || fo_alert_muted(a))
			continue;
		const char *s = fo_labels_get(&a->labels, "severity");
		if (s && strcmp(s, "critical") == 0)
			(*critical)++;
		else if (s && strcmp(s, "warning") == 0)
			(*warning)++;
		else
			(*other)++;
	}
}

/* ---------------------------------------------------------------- history */

void fo_alerts_history_push(fo_alerts *e, const fo_alert_event *ev)
{
	size_t slot = (e->hist_head + e->hist_n) % e->hist_cap;
	if (e->hist_n == e->hist_cap) {
		slot = e->hist_head;
		e->hist_head = (e->hist_head + 1) % e->hist_cap;
	} else {
		e->hist_n++;
	}
	e->hist[slot] = *ev;
	fo_alerts_touch(e);
}

size_t fo_alerts_history_count(const fo_alerts *e)
{
	return e->hist_n;
}

const fo_alert_event *fo_alerts_history_at(const fo_alerts *e, size_t i)
{
	return i < e->hist_n ? &e->hist[(e->hist_head + i) % e->hist_cap] : NULL;
}

static void event_of(const fo_alert *a, fo_alert_event *ev)
{
	memset(ev, 0, sizeof *ev);
	snprintf(ev->alert_id, sizeof ev->alert_id, "%s", a->id);
	const char *name = fo_labels_get(&a->labels, "alertname");
	snprintf(ev->rule, sizeof ev->rule, "%s", name ? name : a->rule);
	fo_labels_text(&a->labels, ev->labels, sizeof ev->labels);
	ev->value = a->value;
}

void fo_alerts_transition(fo_alerts *e, fo_alert *a, fo_alert_state to, uint64_t now)
{
	fo_alert_state from = a->state;
	a->state = to;
	switch (to) {
	case FO_ALERT_PENDING:
		a->active_at = now;
		break;
	case FO_ALERT_FIRING:
		a->fired_at = now;
		if (!a->active_at)
			a->active_at = now;
		break;
	case FO_ALERT_RESOLVED:
	case FO_ALERT_INACTIVE:
		a->resolved_at = now;
		break;
	}
	e->stats.transitions++;
	fo_alert_event ev;
	event_of(a, &ev);
	ev.from = from;
	ev.to = to;
	ev.at = now;
	fo_alerts_history_push(e, &ev);
	if (to == FO_ALERT_FIRING)
		fo_alerts_group_join(e, a, now);
	fo_alerts_store_alert(e, a, from, false);
	if (e->hooks.transition)
		e->hooks.transition(a, from, e->hooks.ud);
}

int fo_alerts_ack(fo_alerts *e, const char *id, const char *who, const char *note, char *err,
                  size_t errlen)
{
	fo_alert *a = (fo_alert *)fo_alerts_find(e, id, err, errlen);
	if (!a)
		return -1;
	if (a->state != FO_ALERT_FIRING && a->state != FO_ALERT_PENDING) {
		snprintf(err, errlen,
		         "alert %.8s is %s: only pending or firing alerts are "
		         "acknowledged",
		         a->id, fo_alert_state_name(a->state));
		return -1;
	}
	uint64_t now = fo_alerts_now(e);
	snprintf(a->acked_by, sizeof a->acked_by, "%s", who && *who ? who : "unknown");
	a->acked_at = now;
	free(a->ack_note);
	a->ack_note = note && *note ? strdup(note) : NULL;
	fo_alert_event ev;
	event_of(a, &ev);
	ev.from = ev.to = a->state;
	ev.ack = true;
	ev.at = now;
	snprintf(ev.note, sizeof ev.note, "%s%s%s", a->acked_by, a->ack_note ? ": " : "",
	         a->ack_note ? a->ack_note : "");
	fo_alerts_history_push(e, &ev);
	fo_alerts_store_alert(e, a, a->state, true);
	return 0;
}

/* ---------------------------------------------------------------- tick */

/* Resolved alerts leave memory after the retention, once notified. */
static void expire_resolved(fo_alerts *e, uint64_t now)
{
	for (size_t i = 0; i < e->nalerts;) {
		fo_alert *a = e->alerts[i];
		bool gone = a->state == FO_ALERT_INACTIVE ||
		            (a->state == FO_ALERT_RESOLVED && !a->group &&
		             now >= a->resolved_at + e->opt.resolved_retention_ms);
		if (gone)
			fo_alerts_drop(e, a); /* swaps the last one into i */
		else
			i++;
	}
}

void fo_alerts_tick(fo_alerts *e)
{
	fo_alerts_eval_rules(e);
	fo_alerts_flush(e);
}

void fo_alerts_follow_tick(fo_alerts *e)
{
	uint64_t now = fo_alerts_now(e);
	fo_alerts_mute(e, now);
	expire_resolved(e, now);
}

void fo_alerts_set_following(fo_alerts *e, bool following)
{
	if (e->following && !following) {
		/* taking over: firing alerts the other process notified join their
		 * groups as a restart's do (alert_store.c), so that their
		 * resolution is notified and nothing is repeated at once */
		uint64_t now = fo_alerts_now(e);
		for (size_t i = 0; i < e->nalerts; i++) {
			fo_alert *a = e->alerts[i];
			if (a->state != FO_ALERT_FIRING || a->group)
				continue;
			a->notified = FO_ALERT_FIRING;
			fo_alerts_group_join(e, a, now);
			a->group->flushed = true;
			a->group->last_notify = now;
		}
	}
	if (e->following != following)
		fo_alerts_touch(e); /* views and the status line say who evaluates */
	e->following = following;
}

const char *fo_alerts_tenant(const fo_alerts *e)
{
	return e->tenant[0] ? e->tenant : "default";
}

void fo_alerts_flush(fo_alerts *e)
{
	uint64_t now = fo_alerts_now(e);
	fo_alerts_mute(e, now);
	fo_alerts_group_flush_due(e, now);
	expire_resolved(e, now);
}
