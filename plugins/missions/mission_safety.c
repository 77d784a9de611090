/* mission_safety.c — safety events: raised from vehicle state (e-stop,
 * protective field violation, FATAL error) once per occurrence, or by hand;
 * acknowledged, then resolved with a resolution text.  Open events stay in
 * the status line until resolved. */
#include "missions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COND_ESTOP = 1, COND_FIELD = 2, COND_FATAL = 4 };

static const struct {
	unsigned bit;
	const char *kind;
} conds[] = {
    {COND_ESTOP, "estop"},
    {COND_FIELD, "field_violation"},
    {COND_FATAL, "fatal_error"},
};

static unsigned cond_of(const fo_vehicle *v, char *details, size_t len, unsigned want)
{
	unsigned c = 0;
	if (v->estop != FO_ESTOP_NONE) {
		c |= COND_ESTOP;
		if (want == COND_ESTOP)
			snprintf(details, len, "e-stop %s", fo_estop_name(v->estop));
	}
	if (v->field_violation) {
		c |= COND_FIELD;
		if (want == COND_FIELD)
			snprintf(details, len, "protective field violated");
	}
	const fo_verror *fatal = mi_vehicle_fatal(v);
	if (fatal) {
		c |= COND_FATAL;
		if (want == COND_FATAL)
			snprintf(details, len, "FATAL %s: %s", fatal->type, fatal->desc);
	}
	return c;
}

const fo_verror *mi_vehicle_fatal(const fo_vehicle *v)
{
	for (size_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL)
			return &v->errors[i];
	return NULL;
}

static const char *severity_of(const fo_vehicle *v, unsigned bit)
{
	if (bit == COND_ESTOP)
		return v->estop == FO_ESTOP_AUTOACK ? "medium" : "high";
	return bit == COND_FIELD ? "medium" : "high";
}

static bool unresolved(const missions_state *s, const char *vehicle, const char *kind)
{
	for (size_t i = 0; i < s->nsafety; i++) {
		const mi_safety *e = s->safety[i];
		if (strcmp(e->state, "resolved") != 0 && strcmp(e->vehicle, vehicle) == 0 &&
		    strcmp(e->kind, kind) == 0)
			return true;
	}
	return false;
}

static const char *mission_on(const missions_state *s, const char *vehicle)
{
	for (size_t i = 0; i < s->nmissions; i++)
		if (ms_on_vehicle(s->missions[i]->state) &&
		    strcmp(s->missions[i]->vehicle, vehicle) == 0)
			return s->missions[i]->id;
	return "";
}

mi_safety *mi_safety_raise(missions_state *s, const char *vehicle, const char *mission,
                           const char *kind, const char *severity, const char *details)
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
	fo_uuid4(e->id);
	snprintf(e->vehicle, sizeof e->vehicle, "%s", vehicle ? vehicle : "");
	snprintf(e->mission, sizeof e->mission, "%s", mission ? mission : "");
	snprintf(e->kind, sizeof e->kind, "%s", kind);
	snprintf(e->severity, sizeof e->severity, "%s", severity);
	snprintf(e->state, sizeof e->state, "open");
	snprintf(e->details, sizeof e->details, "%s", details ? details : "");
	e->raised_ms = fo_wall_ms();
	mi_store_safety(s, e, true);
	fo_log(s->core, FO_LOG_WARN, "safety event %.8s: %s %s on %s%s%s", e->id, severity, kind,
	       *e->vehicle ? e->vehicle : "(no vehicle)", *e->details ? ": " : "", e->details);
	if (*e->mission)
		mi_store_log(s, e->mission, "error", "safety event %.8s: %s %s", e->id, kind,
		             e->details);
	mi_safety_publish(s, e);
	return e;
}

void mi_safety_publish(missions_state *s, const mi_safety *e)
{
	json_t *ev =
	    json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "event", e->id, "state", e->state,
	              "kind", e->kind, "severity", e->severity, "vehicle", e->vehicle, "mission",
	              e->mission, "details", e->details, "resolution", e->resolution);
	char *txt = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
	if (txt)
		fo_bus_publish_json(s->core, "safety.event", txt);
	free(txt);
	json_decref(ev);
}

void mi_safety_scan(missions_state *s)
{
	fo_model *m = fo_core_model(s->core);
	size_t n = fo_model_vehicle_count(m);
	if (n > s->nveh_cond) {
		s->veh_cond = realloc(s->veh_cond, n);
		if (!s->veh_cond)
			abort();
		memset(s->veh_cond + s->nveh_cond, 0, n - s->nveh_cond);
		s->nveh_cond = n;
	}
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		char details[160] = "";
		unsigned c = cond_of(v, details, sizeof details, 0);
		unsigned rising = c & ~(unsigned)s->veh_cond[i];
		s->veh_cond[i] = (uint8_t)c;
		for (size_t k = 0; rising && k < sizeof conds / sizeof conds[0]; k++) {
			if (!(rising & conds[k].bit) || unresolved(s, v->id, conds[k].kind))
				continue;
			cond_of(v, details, sizeof details, conds[k].bit);
			mi_safety_raise(s, v->id, mission_on(s, v->id), conds[k].kind,
			                severity_of(v, conds[k].bit), details);
		}
	}
}

mi_safety *mi_safety_find(missions_state *s, const char *id, char *err, size_t errlen)
{
	mi_safety *hit = NULL;
	size_t len = strlen(id);
	for (size_t i = 0; i < s->nsafety; i++) {
		mi_safety *e = s->safety[i];
		if (strcmp(e->id, id) == 0)
			return e;
		if (len >= 4 && strncmp(e->id, id, len) == 0) {
			if (hit) {
				snprintf(err, errlen, "safety event '%s' is ambiguous", id);
				return NULL;
			}
			hit = e;
		}
	}
	if (!hit)
		snprintf(err, errlen, "no safety event '%s' (ids: `safety list`)", id);
	return hit;
}

size_t mi_safety_open(const missions_state *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nsafety; i++)
		n += strcmp(s->safety[i]->state, "resolved") != 0;
	return n;
}
