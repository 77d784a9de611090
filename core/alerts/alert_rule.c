/* alert_rule.c — rules and their evaluation: the Prometheus state machine
 * (inactive -> pending -> firing -> resolved, `for`, `keep_firing_for`),
 * one alert per label set; alerts raised and resolved by hand. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fo_alert_rule *rule_find(const fo_alerts *e, const char *name)
{
	for (size_t i = 0; i < e->nrules; i++)
		if (strcmp(e->rules[i]->name, name) == 0)
			return e->rules[i];
	return NULL;
}

/* Alerts already in memory (reloaded from the store) join their rule. */
static void adopt(fo_alerts *e, fo_alert_rule *r)
{
	for (size_t i = 0; i < e->nalerts; i++) {
		fo_alert *a = e->alerts[i];
		if (!a->owner && !a->manual && strcmp(a->rule, r->name) == 0) {
			a->owner = r;
			a->rnext = r->alerts;
			r->alerts = a;
		}
	}
}

int fo_alerts_rule_add(fo_alerts *e, const fo_alert_rule_spec *spec, char *err, size_t errlen)
{
	if (!spec || !spec->name || !*spec->name || !spec->expr) {
		snprintf(err, errlen, "an alert rule needs a name and an expression");
		return -1;
	}
	if (strlen(spec->name) >= sizeof((fo_alert_rule *)0)->name) {
		snprintf(err, errlen, "alert rule name '%.20s...' is too long", spec->name);
		return -1;
	}
	fo_alert_rule *old = rule_find(e, spec->name);
	if (strcmp(spec->name, "manual") == 0 || (old && !old->removed)) {
		snprintf(err, errlen, "alert rule '%s' exists already", spec->name);
		return -1;
	}
	fo_matchers extra = {0};
	if (spec->labels && *spec->labels) {
		if (fo_matchers_parse(&extra, spec->labels, err, errlen) != 0)
			return -1;
		for (size_t i = 0; i < extra.n; i++)
			if (extra.m[i].op != FO_MATCH_EQ) {
				snprintf(err, errlen, "rule %s: labels are name=value pairs",
				         spec->name);
				fo_matchers_free(&extra);
				return -1;
			}
	}
	fo_alert_rule *r = old;
	if (r) {
		/* added again after a remove (a reloaded script) before the next
		 * evaluation: it takes its alerts back, their state kept */
		fo_labels_free(&r->labels);
		free(r->labels_text);
		free(r->summary);
		free(r->description);
		free(r->severity);
		r->removed = false;
	} else {
		r = calloc(1, sizeof *r);
		if (!r)
			abort();
	}
	r->owner = -1;
	snprintf(r->name, sizeof r->name, "%s", spec->name);
	r->spec = *spec;
	r->labels_text = fo_strdup(spec->labels);
	r->summary = fo_strdup(spec->summary);
	r->description = fo_strdup(spec->description);
	r->severity = fo_strdup(spec->severity && *spec->severity ? spec->severity : "warning");
	r->spec.name = r->name;
	r->spec.labels = r->labels_text;
	r->spec.summary = r->summary;
	r->spec.description = r->description;
	r->spec.severity = r->severity;
	for (size_t i = 0; i < extra.n; i++)
		fo_labels_set(&r->labels, extra.m[i].name, extra.m[i].value);
	fo_matchers_free(&extra);
	fo_labels_set(&r->labels, "alertname", r->name);
	fo_labels_set(&r->labels, "severity", r->severity);
	if (old)
		return 0;
	e->rules = fo_grow(e->rules, &e->caprules, e->nrules + 1, sizeof *e->rules, 16);
	e->rules[e->nrules++] = r;
	adopt(e, r);
	return 0;
}

int fo_alerts_rule_remove(fo_alerts *e, const char *name)
{
	fo_alert_rule *r = rule_find(e, name);
	if (!r || r->removed)
		return -1;
	r->removed = true; /* freed with the engine; its alerts clear at the next tick */
	return 0;
}

void fo_alerts_rule_set_owner(fo_alerts *e, const char *name, int owner)
{
	fo_alert_rule *r = rule_find(e, name);
	if (r)
		r->owner = owner;
}

void fo_alerts_rule_remove_owner(fo_alerts *e, int owner)
{
	for (size_t i = 0; i < e->nrules; i++)
		if (e->rules[i]->owner == owner && owner >= 0)
			e->rules[i]->removed = true; /* its expression is never called again */
}

size_t fo_alerts_rule_count(const fo_alerts *e)
{
	size_t n = 0;
	for (size_t i = 0; i < e->nrules; i++)
		n += !e->rules[i]->removed;
	return n;
}

/* ---------------------------------------------------------------- evaluation */

void fo_alert_render(fo_alert *a, const fo_alert_rule *r)
{
	fo_labels_free(&a->annotations);
	if (r->summary) {
		char *s = fo_alert_template(r->summary, &a->labels, a->value);
		fo_labels_set(&a->annotations, "summary", s);
		free(s);
	}
	if (r->description) {
		char *s = fo_alert_template(r->description, &a->labels, a->value);
		fo_labels_set(&a->annotations, "description", s);
		free(s);
	}
}

/* A label set seen again after it ended: a new instance with a new id. */
static void reopen(fo_alert *a)
{
	fo_uuid4(a->id);
	a->version = 0;
	a->active_at = a->fired_at = a->resolved_at = 0;
	a->acked_by[0] = '\0';
	a->acked_at = 0;
	free(a->ack_note);
	a->ack_note = NULL;
	a->state = FO_ALERT_INACTIVE;
}

/* The fingerprint of the rule's labels merged with the sample's pairs,
 * computed without building the set (the hot path: most samples belong to
 * alerts that exist already).  Equals fo_labels_fingerprint of the merge;
 * -1 (and the caller builds the set) when there are too many pairs. */
static int merged_fingerprint(const fo_alert_rule *r, const char *const *pairs, size_t npairs,
                              uint64_t *fp)
{
	enum { MAXP = 16 };
	size_t ord[MAXP], n = 0;
	if (npairs > MAXP)
		return -1;
	for (size_t i = 0; i < npairs; i++) { /* sorted, later pairs win, empty names skipped */
		const char *k = pairs[2 * i];
		if (!k || !*k || strcmp(k, "alertname") == 0)
			continue;
		size_t j = 0;
		while (j < n && strcmp(pairs[2 * ord[j]], k) < 0)
			j++;
		if (j < n && strcmp(pairs[2 * ord[j]], k) == 0) {
			ord[j] = i;
			continue;
		}
		memmove(ord + j + 1, ord + j, (n - j) * sizeof *ord);
		ord[j] = i;
		n++;
	}
	fo_labels tmp = {0};
	const char *kv[2 * (MAXP + 32)];
	size_t a = 0, b = 0, m = 0;
	if (r->labels.n > 32)
		return -1;
	while (a < r->labels.n || b < n) {
		int c = a == r->labels.n ? 1
		        : b == n         ? -1
		                         : strcmp(r->labels.kv[2 * a], pairs[2 * ord[b]]);
		if (c < 0) {
			kv[2 * m] = r->labels.kv[2 * a];
			kv[2 * m + 1] = r->labels.kv[2 * a + 1];
			a++;
		} else {
			kv[2 * m] = pairs[2 * ord[b]];
			kv[2 * m + 1] = pairs[2 * ord[b] + 1] ? pairs[2 * ord[b] + 1] : "";
			b++;
			if (c == 0)
				a++;
		}
		m++;
	}
	tmp.kv = (char **)kv;
	tmp.n = m;
	*fp = fo_labels_fingerprint(&tmp);
	return 0;
}

/* Merges the rule's labels and the sample's pairs: the full label set. */
void fo_alert_emit(fo_alert_eval *ev, const char *const *pairs, size_t npairs, double value)
{
	fo_alerts *e = ev->e;
	fo_alert_rule *r = ev->rule;
	fo_labels l = {0};
	uint64_t fp;
	if (merged_fingerprint(r, pairs, npairs, &fp) != 0) {
		fo_labels_copy(&l, &r->labels);
		fo_labels_from_pairs(&l, pairs, npairs);
		fo_labels_set(&l, "alertname", r->name); /* a sample cannot rename its rule */
		fp = fo_labels_fingerprint(&l);
	}
	e->stats.samples++;
	fo_alert *a = fo_alerts_lookup(e, fp);
	if (a && a->owner != r && a->owner) {
		fo_labels_free(&l);
		return; /* another rule owns this label set already */
	}
	if (!a) {
		if (!l.n) {
			fo_labels_copy(&l, &r->labels);
			fo_labels_from_pairs(&l, pairs, npairs);
			fo_labels_set(&l, "alertname", r->name);
		}
		a = fo_alerts_insert(e, &l, fp);
		snprintf(a->rule, sizeof a->rule, "%s", r->name);
	} else {
		fo_labels_free(&l);
	}
	if (!a->owner) {
		a->owner = r;
		a->rnext = r->alerts;
		r->alerts = a;
	}
	a->value = value;
	a->seen_seq = e->seq;
	a->last_seen_at = ev->now;
	if (a->state == FO_ALERT_INACTIVE || a->state == FO_ALERT_RESOLVED) {
		reopen(a);
		fo_alert_render(a, r);
		/* without `for` it fires at once, as in Prometheus */
		fo_alerts_transition(e, a, r->spec.for_ms ? FO_ALERT_PENDING : FO_ALERT_FIRING,
		                     ev->now);
		return;
	}
	if (a->state == FO_ALERT_PENDING && ev->now >= a->active_at + r->spec.for_ms) {
		fo_alert_render(a, r);
		fo_alerts_transition(e, a, FO_ALERT_FIRING, ev->now);
	}
}

uint64_t fo_alert_eval_now(const fo_alert_eval *ev)
{
	return ev->now;
}

/* After the expression ran: alerts it did not report cleared. */
static void sweep(fo_alerts *e, fo_alert_rule *r, uint64_t now)
{
	for (fo_alert *a = r->alerts; a; a = a->rnext) {
		if (a->seen_seq == e->seq && !r->removed)
			continue;
		if (a->state == FO_ALERT_PENDING) {
			fo_alerts_transition(e, a, FO_ALERT_INACTIVE, now);
		} else if (a->state == FO_ALERT_FIRING) {
			uint64_t since = a->last_seen_at ? a->last_seen_at : a->fired_at;
			if (r->removed || now >= since + r->spec.keep_firing_for_ms)
				fo_alerts_transition(e, a, FO_ALERT_RESOLVED, now);
		}
	}
}

void fo_alerts_eval_rules(fo_alerts *e)
{
	uint64_t now = fo_alerts_now(e);
	for (size_t i = 0; i < e->nrules; i++) {
		fo_alert_rule *r = e->rules[i];
		e->seq++;
		if (!r->removed) {
			fo_alert_eval ev = {e, r, now};
			r->spec.expr(e->hooks.core, &ev, r->spec.ud);
			e->stats.evaluations++;
		}
		sweep(e, r, now);
	}
}

/* ---------------------------------------------------------------- by hand */

const fo_alert *fo_alerts_raise(fo_alerts *e, const char *const *labels, size_t nlabels,
                                const char *const *annotations, size_t nannotations,
                                const char *severity, char *err, size_t errlen)
{
	fo_labels l = {0};
	fo_labels_from_pairs(&l, labels, nlabels);
	if (severity && *severity)
		fo_labels_set(&l, "severity", severity);
	const char *name = fo_labels_get(&l, "alertname");
	if (!name || !*name || strlen(name) >= sizeof((fo_alert *)0)->rule) {
		snprintf(err, errlen, "an alert needs an alertname label (at most 63 bytes)");
		fo_labels_free(&l);
		return NULL;
	}
	if (!fo_labels_get(&l, "severity"))
		fo_labels_set(&l, "severity", "warning");
	uint64_t now = fo_alerts_now(e);
	uint64_t fp = fo_labels_fingerprint(&l);
	fo_alert *a = fo_alerts_lookup(e, fp);
	if (a && a->owner) {
		snprintf(err, errlen, "rule %s already tracks these labels", a->rule);
		fo_labels_free(&l);
		return NULL;
	}
	if (!a) {
		a = fo_alerts_insert(e, &l, fp);
		snprintf(a->rule, sizeof a->rule, "manual");
	} else {
		fo_labels_free(&l);
	}
	a->manual = true;
	fo_labels_free(&a->annotations);
	fo_labels_from_pairs(&a->annotations, annotations, annotations ? nannotations : 0);
	if (a->state == FO_ALERT_FIRING) {
		fo_alerts_touch(e); /* raised again: a no-op but for new annotations */
		return a;
	}
	if (a->state != FO_ALERT_INACTIVE)
		reopen(a);
	fo_alerts_transition(e, a, FO_ALERT_FIRING, now);
	return a;
}

int fo_alerts_resolve(fo_alerts *e, const char *id, char *err, size_t errlen)
{
	fo_alert *a = (fo_alert *)fo_alerts_find(e, id, err, errlen);
	if (!a)
		return -1;
	if (a->state != FO_ALERT_FIRING && a->state != FO_ALERT_PENDING) {
		snprintf(err, errlen, "alert %.8s is %s already", a->id,
		         fo_alert_state_name(a->state));
		return -1;
	}
	if (a->owner && !a->owner->removed) {
		snprintf(err, errlen, "alert %.8s belongs to rule %s, which resolves it", a->id,
		         a->rule);
		return -1;
	}
	fo_alerts_transition(e, a, FO_ALERT_RESOLVED, fo_alerts_now(e));
	return 0;
}
