/* alert_silence.c — silences (matchers, start, end, author, comment) and
 * inhibition rules; both mute alerts, which stay tracked and are marked. */
#include "alert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool fo_silence_active(const fo_silence *s, uint64_t now)
{
	return now >= s->starts_at && now < s->ends_at;
}

static void silence_free(fo_silence *s)
{
	fo_matchers_free(&s->matchers);
	free(s->comment);
	free(s);
}

void fo_alerts_silences_free(fo_alerts *e)
{
	for (size_t i = 0; i < e->nsilences; i++)
		silence_free(e->silences[i]);
	free(e->silences);
	e->silences = NULL;
	e->nsilences = e->capsilences = 0;
}

fo_silence *fo_alerts_silence_add(fo_alerts *e, fo_silence *s)
{
	for (size_t i = 0; i < e->nsilences; i++)
		if (strcmp(e->silences[i]->id, s->id) == 0) { /* reloaded twice */
			silence_free(s);
			return e->silences[i];
		}
	e->silences =
	    fo_grow(e->silences, &e->capsilences, e->nsilences + 1, sizeof *e->silences, 16);
	e->silences[e->nsilences++] = s;
	fo_alerts_touch(e);
	return s;
}

const fo_silence *fo_alerts_silence(fo_alerts *e, const char *matchers, uint64_t starts_at,
                                    uint64_t ends_at, const char *author, const char *comment,
                                    char *err, size_t errlen)
{
	uint64_t now = fo_alerts_now(e);
	if (!starts_at)
		starts_at = now;
	if (ends_at <= starts_at || ends_at <= now) {
		snprintf(err, errlen, "a silence must end after it starts and in the future");
		return NULL;
	}
	fo_silence *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	if (fo_matchers_parse(&s->matchers, matchers, err, errlen) != 0) {
		free(s);
		return NULL;
	}
	fo_uuid4(s->id);
	fo_matchers_text(&s->matchers, s->matchers_text, sizeof s->matchers_text);
	s->starts_at = starts_at;
	s->ends_at = ends_at;
	snprintf(s->author, sizeof s->author, "%s", author && *author ? author : "unknown");
	s->comment = fo_strdup(comment ? comment : "");
	fo_alerts_silence_add(e, s);
	fo_alerts_store_silence(e, s, true);
	fo_alerts_mute(e, now);
	return s;
}

int fo_alerts_unsilence(fo_alerts *e, const char *id, char *err, size_t errlen)
{
	size_t n = strlen(id ? id : "");
	fo_silence *found = NULL;
	for (size_t i = 0; n >= 4 && i < e->nsilences; i++) {
		if (strncmp(e->silences[i]->id, id, n) != 0)
			continue;
		if (found) {
			snprintf(err, errlen, "silence id '%s' is ambiguous", id);
			return -1;
		}
		found = e->silences[i];
	}
	if (!found) {
		snprintf(err, errlen, "no silence '%s' (see: alert silences)", id ? id : "");
		return -1;
	}
	uint64_t now = fo_alerts_now(e);
	if (found->ends_at <= now) {
		snprintf(err, errlen, "silence %.8s has ended already", found->id);
		return -1;
	}
	found->ends_at = now > found->starts_at ? now : found->starts_at;
	fo_alerts_store_silence(e, found, false);
	fo_alerts_mute(e, now);
	fo_alerts_touch(e);
	return 0;
}

size_t fo_alerts_silence_count(const fo_alerts *e)
{
	return e->nsilences;
}

const fo_silence *fo_alerts_silence_at(const fo_alerts *e, size_t i)
{
	return i < e->nsilences ? e->silences[i] : NULL;
}

/* ---------------------------------------------------------------- inhibition */

void fo_alerts_inhibits_free(fo_alerts *e)
{
	for (size_t i = 0; i < e->ninhibits; i++) {
		fo_matchers_free(&e->inhibits[i].source);
		fo_matchers_free(&e->inhibits[i].target);
		for (size_t k = 0; k < e->inhibits[i].nequal; k++)
			free(e->inhibits[i].equal[k]);
		free(e->inhibits[i].equal);
	}
	free(e->inhibits);
	e->inhibits = NULL;
	e->ninhibits = 0;
}

int fo_alerts_inhibit_add(fo_alerts *e, const char *source, const char *target, const char *equal,
                          char *err, size_t errlen)
{
	fo_inhibit in = {0};
	char why[200];
	if (fo_matchers_parse(&in.source, source, why, sizeof why) != 0) {
		snprintf(err, errlen, "inhibit source: %s", why);
		return -1;
	}
	if (fo_matchers_parse(&in.target, target, why, sizeof why) != 0) {
		snprintf(err, errlen, "inhibit target: %s", why);
		fo_matchers_free(&in.source);
		return -1;
	}
	in.nequal = fo_alert_split_list(equal, &in.equal);
	e->inhibits = realloc(e->inhibits, (e->ninhibits + 1) * sizeof *e->inhibits);
	if (!e->inhibits)
		abort();
	e->inhibits[e->ninhibits++] = in;
	return 0;
}

int fo_alerts_inhibit_parse(fo_alerts *e, const char *text, char *err, size_t errlen)
{
	char *copy = fo_strdup(text ? text : "");
	int rc = 0;
	char *save = NULL;
	for (char *rule = strtok_r(copy, ";", &save); rule; rule = strtok_r(NULL, ";", &save)) {
		char *arrow = strstr(rule, "=>");
		if (!arrow) {
			if (strspn(rule, " \t") == strlen(rule))
				continue;
			snprintf(err, errlen, "inhibit rule '%s': SOURCE => TARGET [on LABELS]",
			         rule);
			rc = -1;
			break;
		}
		*arrow = '\0';
		char *tgt = arrow + 2;
		char *on = strstr(tgt, " on ");
		if (on) {
			*on = '\0';
			on += 4;
		}
		if (fo_alerts_inhibit_add(e, rule, tgt, on, err, errlen) != 0) {
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

static bool equal_on(const fo_inhibit *in, const fo_alert *s, const fo_alert *t)
{
	for (size_t k = 0; k < in->nequal; k++) {
		const char *a = fo_labels_get(&s->labels, in->equal[k]);
		const char *b = fo_labels_get(&t->labels, in->equal[k]);
		if (strcmp(a ? a : "", b ? b : "") != 0)
			return false;
	}
	return true;
}

static bool inhibited(const fo_alerts *e, const fo_alert *t, fo_alert **const *sources,
                      const size_t *nsources)
{
	for (size_t i = 0; i < e->ninhibits; i++) {
		const fo_inhibit *in = &e->inhibits[i];
		if (!nsources[i] || !fo_matchers_match(&in->target, &t->labels))
			continue;
		for (size_t k = 0; k < nsources[i]; k++)
			if (sources[i][k] != t && equal_on(in, sources[i][k], t))
				return true;
	}
	return false;
}

/* Recomputes every alert's silenced_by and inhibited. */
void fo_alerts_mute(fo_alerts *e, uint64_t now)
{
	fo_alert ***sources = NULL;
	size_t *nsources = NULL;
	if (e->ninhibits) {
		sources = calloc(e->ninhibits, sizeof *sources);
		nsources = calloc(e->ninhibits, sizeof *nsources);
		if (!sources || !nsources)
			abort();
		for (size_t i = 0; i < e->ninhibits; i++)
			for (size_t k = 0; k < e->nalerts; k++) {
				fo_alert *a = e->alerts[k];
				if (a->state != FO_ALERT_FIRING ||
				    !fo_matchers_match(&e->inhibits[i].source, &a->labels))
					continue;
				sources[i] =
				    realloc(sources[i], (nsources[i] + 1) * sizeof *sources[i]);
				if (!sources[i])
					abort();
				sources[i][nsources[i]++] = a;
			}
	}
	bool any_active = false;
	for (size_t s = 0; s < e->nsilences; s++)
		any_active |= fo_silence_active(e->silences[s], now);
	for (size_t k = 0; k < e->nalerts; k++) {
		fo_alert *a = e->alerts[k];
		char was[FO_ALERT_ID_LEN];
		memcpy(was, a->silenced_by, sizeof was);
		bool was_inh = a->inhibited;
		a->silenced_by[0] = '\0';
		for (size_t s = 0; any_active && s < e->nsilences; s++) {
			const fo_silence *si = e->silences[s];
			if (fo_silence_active(si, now) &&
			    fo_matchers_match(&si->matchers, &a->labels)) {
				memcpy(a->silenced_by, si->id, sizeof a->silenced_by);
				break;
			}
		}
		a->inhibited = e->ninhibits && a->state == FO_ALERT_FIRING &&
		               inhibited(e, a, sources, nsources);
		if (was_inh != a->inhibited || strcmp(was, a->silenced_by) != 0)
			fo_alerts_touch(e);
	}
	for (size_t i = 0; i < e->ninhibits; i++)
		free(sources[i]);
	free(sources);
	free(nsources);
}
