/* alert_group.c — Alertmanager grouping: alerts that fire join the group
 * of their group_by label values; a group notifies group_wait after it was
 * made, then every group_interval when something changed (an alert fired
 * or resolved), or after repeat_interval when nothing did.  Muted alerts
 * (silenced, inhibited) are left out; acknowledged ones are left out of
 * repeats; each alert has its own rate limit. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fo_alerts_set_group_by(fo_alerts *e, const char *list)
{
	for (size_t i = 0; i < e->ngroup_by; i++)
		free(e->group_by[i]);
	free(e->group_by);
	e->group_all = list && strcmp(list, "...") == 0;
	e->ngroup_by = e->group_all ? 0 : fo_alert_split_list(list, &e->group_by);
	if (e->group_all)
		e->group_by = NULL;
	return 0;
}

static void group_labels(const fo_alerts *e, const fo_alert *a, fo_labels *out)
{
	if (e->group_all) {
		fo_labels_copy(out, &a->labels);
		return;
	}
	for (size_t i = 0; i < e->ngroup_by; i++) {
		const char *v = fo_labels_get(&a->labels, e->group_by[i]);
		fo_labels_set(out, e->group_by[i], v ? v : "");
	}
}

void fo_alerts_group_join(fo_alerts *e, fo_alert *a, uint64_t now)
{
	if (a->group)
		return;
	fo_labels gl = {0};
	group_labels(e, a, &gl);
	char key[512];
	fo_labels_text(&gl, key, sizeof key);
	uint64_t h = fo_labels_fingerprint(&gl);
	fo_alert_group *g = e->groups;
	while (g && (g->keyhash != h || strcmp(g->key, key) != 0))
		g = g->next;
	if (!g) {
		g = calloc(1, sizeof *g);
		if (!g)
			abort();
		g->keyhash = h;
		g->key = fo_strdup(key);
		g->labels = gl;
		gl.kv = NULL;
		gl.n = 0;
		g->next_flush = now + e->opt.group_wait_ms;
		g->next = e->groups;
		e->groups = g;
	}
	fo_labels_free(&gl);
	a->group = g;
	a->gprev = NULL;
	a->gnext = g->members;
	if (g->members)
		g->members->gprev = a;
	g->members = a;
	g->nmembers++;
}

void fo_alerts_group_leave(fo_alerts *e, fo_alert *a)
{
	fo_alert_group *g = a->group;
	if (!g)
		return;
	if (a->gprev)
		a->gprev->gnext = a->gnext;
	else
		g->members = a->gnext;
	if (a->gnext)
		a->gnext->gprev = a->gprev;
	a->group = NULL;
	a->gprev = a->gnext = NULL;
	g->nmembers--;
	(void)e;
}

static void group_free(fo_alert_group *g)
{
	free(g->key);
	fo_labels_free(&g->labels);
	free(g);
}

void fo_alerts_groups_free(fo_alerts *e)
{
	while (e->groups) {
		fo_alert_group *g = e->groups;
		e->groups = g->next;
		group_free(g);
	}
}

/* ---------------------------------------------------------------- rate limit */

static bool rate_ok(const fo_alerts *e, const fo_alert *a, uint64_t now)
{
	unsigned limit = e->opt.rate_limit_count;
	if (limit == 0)
		return true;
	if (limit > FO_ALERT_RATE_RING)
		limit = FO_ALERT_RATE_RING;
	unsigned recent = 0;
	for (unsigned i = 0; i < a->rate_n; i++) {
		uint64_t t =
		    a->rate_ring[(a->rate_head + FO_ALERT_RATE_RING - 1 - i) % FO_ALERT_RATE_RING];
		if (now < t + e->opt.rate_limit_window_ms)
			recent++;
	}
	return recent < limit;
}

static void rate_note(fo_alert *a, uint64_t now)
{
	a->rate_ring[a->rate_head] = now;
	a->rate_head = (a->rate_head + 1) % FO_ALERT_RATE_RING;
	if (a->rate_n < FO_ALERT_RATE_RING)
		a->rate_n++;
}

/* ---------------------------------------------------------------- flush */

static bool changed(const fo_alert *a)
{
	if (a->state == FO_ALERT_FIRING)
		return a->notified != FO_ALERT_FIRING;
	if (a->state == FO_ALERT_RESOLVED)
		return a->notified == FO_ALERT_FIRING;
	return false;
}

static void flush_group(fo_alerts *e, fo_alert_group *g, uint64_t now)
{
	bool any_change = false;
	for (fo_alert *a = g->members; a; a = a->gnext)
		if (!fo_alert_muted(a) && changed(a))
			any_change = true;
	bool repeat =
	    !any_change && g->flushed && now >= g->last_notify + e->opt.repeat_interval_ms;
	g->next_flush = now + e->opt.group_interval_ms;
	if (!any_change && !repeat)
		return;
	const fo_alert **list = malloc(g->nmembers * sizeof *list);
	if (!list)
		abort();
	size_t n = 0, nf = 0, nr = 0;
	for (fo_alert *a = g->members; a; a = a->gnext) {
		if (fo_alert_muted(a))
			continue;
		bool want = a->state == FO_ALERT_FIRING ? (!repeat || !a->acked_at) : changed(a);
		if (!want)
			continue;
		if (!rate_ok(e, a, now)) {
			a->rate_limited++;
			e->stats.rate_limited++;
			continue;
		}
		if (a->owner)
			fo_alert_render(a, a->owner);
		list[n++] = a;
		if (a->state == FO_ALERT_FIRING)
			nf++;
		else
			nr++;
	}
	if (n) {
		fo_alert_notification note = {g->key, &g->labels, list, n, nf, nr, repeat, now};
		if (e->hooks.notify)
			e->hooks.notify(&note, e->hooks.ud);
		e->stats.notifications++;
		g->last_notify = now;
		g->flushed = true;
		for (size_t i = 0; i < n; i++) {
			fo_alert *a = (fo_alert *)list[i];
			rate_note(a, now);
			a->notified = a->state;
		}
	}
	free(list);
}

void fo_alerts_group_flush_due(fo_alerts *e, uint64_t now)
{
	for (fo_alert_group **pp = &e->groups; *pp;) {
		fo_alert_group *g = *pp;
		if (now >= g->next_flush)
			flush_group(e, g, now);
		/* resolved alerts leave once their resolution is out (or was
		 * never owed: they were never notified firing) */
		for (fo_alert *a = g->members, *next; a; a = next) {
			next = a->gnext;
			if ((a->state == FO_ALERT_RESOLVED || a->state == FO_ALERT_INACTIVE) &&
			    (a->notified != FO_ALERT_FIRING || fo_alert_muted(a))) {
				fo_alerts_group_leave(e, a);
				a->notified = FO_ALERT_INACTIVE;
			}
		}
		if (g->nmembers == 0) {
			*pp = g->next;
			group_free(g);
		} else {
			pp = &g->next;
		}
	}
}
