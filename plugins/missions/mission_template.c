/* mission_template.c — mission templates as JSON: parse and check (every
 * error names the field and the reason), and write back (export, and the
 * record's columns).  jansson: the templates are small and read rarely, so
 * a DOM parser that reports line and column is the right tool here. */
#include "missions.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of the UTF-8 character at p that may be shown as they are; 0 for
 * one to write as \xNN: a control character, a broken sequence, or an
 * invisible one that would change what the terminal shows (a byte order
 * mark, a zero-width or bidirectional control). */
static size_t printable_utf8(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7f)
		return 0;
	if (*p < 0x80)
		return 1;
	size_t n = *p >= 0xF0 && *p <= 0xF4 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 && *p < 0xE0 ? 2 : 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	if (n != 3)
		return n;
	unsigned cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
	if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF ||
	    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return 3;
}

/* Every error quotes pieces of the file (a key, a value, what jansson
 * found near the error): they are shown escaped where they could garble
 * the terminal. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	char raw[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)raw; *p && o + 1 < errlen;) {
		size_t n = printable_utf8(p);
		if (n && o + n < errlen) {
			memcpy(err + o, p, n);
			o += n;
			p += n;
		} else if (!n && o + 4 < errlen) {
			snprintf(err + o, errlen - o, "\\x%02X", *p++);
			o += 4;
		} else {
			break;
		}
	}
	if (errlen)
		err[o] = '\0';
	return -1;
}

static bool only_keys(json_t *obj, const char *const *keys, const char *where, char *err,
                      size_t errlen)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		bool known = false;
		for (size_t i = 0; keys[i]; i++)
			known |= strcmp(k, keys[i]) == 0;
		if (!known) {
			fail(err, errlen, "%s%s%s: unknown field", where, *where ? "." : "", k);
			return false;
		}
	}
	return true;
}

static bool text_ok(const char *s, size_t max)
{
	return s && *s && strlen(s) < max;
}

static int parse_action(json_t *a, mi_action *out, const char *where, char *err, size_t errlen)
{
	static const char *const keys[] = {"type", "blocking", "parameters", NULL};
	if (!json_is_object(a))
		return fail(err, errlen, "%s: must be an object", where);
	if (!only_keys(a, keys, where, err, errlen))
		return -1;
	const char *type = json_string_value(json_object_get(a, "type"));
	if (!text_ok(type, sizeof out->type))
		return fail(err, errlen, "%s.type: required, a VDA 5050 actionType (1..%zu chars)",
		            where, sizeof out->type - 1);
	snprintf(out->type, sizeof out->type, "%s", type);
	json_t *b = json_object_get(a, "blocking");
	const char *bt = b ? json_string_value(b) : "HARD";
	if (!bt || (strcmp(bt, "NONE") && strcmp(bt, "SOFT") && strcmp(bt, "HARD")))
		return fail(err, errlen, "%s.blocking: must be NONE, SOFT or HARD", where);
	snprintf(out->blocking, sizeof out->blocking, "%s", bt);
	json_t *ps = json_object_get(a, "parameters");
	out->nparams = 0;
	if (ps && !json_is_object(ps))
		return fail(err, errlen, "%s.parameters: must be an object of key: value", where);
	const char *k;
	json_t *v;
	json_object_foreach(ps, k, v)
	{
		if (out->nparams == MI_MAX_PARAMS)
			return fail(err, errlen, "%s.parameters: at most %d", where, MI_MAX_PARAMS);
		mi_param *p = &out->params[out->nparams];
		if (!text_ok(k, sizeof p->key))
			return fail(err, errlen, "%s.parameters: a key is empty or too long",
			            where);
		snprintf(p->key, sizeof p->key, "%s", k);
		if (json_is_null(v))
			return fail(err, errlen, "%s.parameters.%s: null is not a value", where, k);
		if (json_is_string(v)) {
			if (strlen(json_string_value(v)) >= sizeof p->value)
				return fail(err, errlen, "%s.parameters.%s: longer than %zu", where,
				            k, sizeof p->value - 1);
			snprintf(p->value, sizeof p->value, "%s", json_string_value(v));
			p->raw = false;
		} else {
			char *txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			if (!txt || strlen(txt) >= sizeof p->value) {
				free(txt);
				return fail(err, errlen, "%s.parameters.%s: value too large", where,
				            k);
			}
			snprintf(p->value, sizeof p->value, "%s", txt);
			free(txt);
			p->raw = true;
		}
		out->nparams++;
	}
	return 0;
}

/* WHERE.actions: an optional array of at most max actions into out. */
static int parse_actions(json_t *acts, mi_action *out, size_t max, size_t *n, const char *where,
                         char *err, size_t errlen)
{
	*n = 0;
	if (acts && !json_is_array(acts))
		return fail(err, errlen, "%s.actions: must be an array", where);
	if (json_array_size(acts) > max)
		return fail(err, errlen, "%s.actions: at most %zu", where, max);
	size_t k;
	json_t *a;
	json_array_foreach(acts, k, a)
	{
		char aw[96];
		snprintf(aw, sizeof aw, "%s.actions[%zu]", where, k);
		if (parse_action(a, &out[k], aw, err, errlen))
			return -1;
		(*n)++;
	}
	return 0;
}

/* "edge": {"actions": [...], "max_speed": m/s}, the edge into the step */
static int parse_edge(json_t *e, mi_step *s, const char *where, char *err, size_t errlen)
{
	static const char *const keys[] = {"actions", "max_speed", NULL};
	s->nedge_actions = 0;
	s->edge_max_speed = 0;
	if (!e)
		return 0;
	char ew[64];
	snprintf(ew, sizeof ew, "%s.edge", where);
	if (!json_is_object(e))
		return fail(err, errlen, "%s: must be an object {actions, max_speed}", ew);
	if (!only_keys(e, keys, ew, err, errlen))
		return -1;
	json_t *ms = json_object_get(e, "max_speed");
	if (ms && (!json_is_number(ms) || !isfinite(json_number_value(ms)) ||
	           json_number_value(ms) <= 0 || json_number_value(ms) > 100))
		return fail(err, errlen,
		            "%s.max_speed: must be a number above 0, at most 100 (m/s)", ew);
	s->edge_max_speed = ms ? json_number_value(ms) : 0;
	return parse_actions(json_object_get(e, "actions"), s->edge_actions, MI_MAX_EDGE_ACTIONS,
	                     &s->nedge_actions, ew, err, errlen);
}

/* "needs": {"pool": NAME, "for_s": seconds} */
static int parse_needs(json_t *n, mi_step *s, const char *where, char *err, size_t errlen)
{
	static const char *const keys[] = {"pool", "for_s", NULL};
	s->needs_pool[0] = '\0';
	s->needs_for_s = 0;
	if (!n)
		return 0;
	char nw[64];
	snprintf(nw, sizeof nw, "%s.needs", where);
	if (!json_is_object(n))
		return fail(err, errlen, "%s: must be an object {pool, for_s}", nw);
	if (!only_keys(n, keys, nw, err, errlen))
		return -1;
	const char *pool = json_string_value(json_object_get(n, "pool"));
	if (!text_ok(pool, sizeof s->needs_pool) || strchr(pool, ' '))
		return fail(err, errlen, "%s.pool: required, a resource pool's name (no spaces)",
		            nw);
	snprintf(s->needs_pool, sizeof s->needs_pool, "%s", pool);
	json_t *f = json_object_get(n, "for_s");
	if (f && (!json_is_number(f) || !isfinite(json_number_value(f)) ||
	          json_number_value(f) < 60 || json_number_value(f) > 86400))
		return fail(err, errlen, "%s.for_s: must be a number from 60 to 86400 (seconds)",
		            nw);
	s->needs_for_s = f ? json_number_value(f) : 0;
	return 0;
}

static int parse_steps(json_t *steps, mi_template *t, char *err, size_t errlen)
{
	if (!json_is_array(steps) || json_array_size(steps) == 0)
		return fail(err, errlen, "steps: required, a non-empty array of {node, actions}");
	if (json_array_size(steps) > MI_MAX_STEPS)
		return fail(err, errlen, "steps: at most %d steps, not %zu", MI_MAX_STEPS,
		            json_array_size(steps));
	static const char *const keys[] = {"node", "actions", "edge", "needs", NULL};
	t->steps = calloc(json_array_size(steps), sizeof *t->steps);
	if (!t->steps)
		abort();
	size_t i;
	json_t *st;
	json_array_foreach(steps, i, st)
	{
		char where[48];
		snprintf(where, sizeof where, "steps[%zu]", i);
		if (!json_is_object(st))
			return fail(err, errlen, "%s: must be an object {node, actions}", where);
		if (!only_keys(st, keys, where, err, errlen))
			return -1;
		mi_step *s = &t->steps[i];
		const char *node = json_string_value(json_object_get(st, "node"));
		if (!text_ok(node, sizeof s->node) || strchr(node, ' '))
			return fail(err, errlen,
			            "%s.node: required, a map node id or $parameter (no spaces)",
			            where);
		if (node[0] == '$' && !node[1])
			return fail(err, errlen, "%s.node: '$' needs a parameter name", where);
		snprintf(s->node, sizeof s->node, "%s", node);
		if (parse_actions(json_object_get(st, "actions"), s->actions, MI_MAX_ACTIONS,
		                  &s->nactions, where, err, errlen))
			return -1;
		if (parse_edge(json_object_get(st, "edge"), s, where, err, errlen) ||
		    parse_needs(json_object_get(st, "needs"), s, where, err, errlen))
			return -1;
	}
	t->nsteps = json_array_size(steps);
	return 0;
}

static int parse_number(json_t *v, const char *name, double min, double max, double *out, char *err,
                        size_t errlen)
{
	if (!v)
		return 0;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < min ||
	    json_number_value(v) > max)
		return fail(err, errlen, "%s: must be a number from %g to %g", name, min, max);
	*out = json_number_value(v);
	return 0;
}

static int parse_caps(json_t *c, mi_template *t, char *err, size_t errlen)
{
	static const char *const keys[] = {"agv_class", "min_load_kg", NULL};
	if (!c || json_is_null(c))
		return 0;
	if (!json_is_object(c))
		return fail(err, errlen,
		            "capabilities: must be an object {agv_class, min_load_kg}");
	if (!only_keys(c, keys, "capabilities", err, errlen))
		return -1;
	json_t *cls = json_object_get(c, "agv_class");
	if (cls) {
		const char *v = json_string_value(cls);
		if (!v || (strcmp(v, "FORKLIFT") && strcmp(v, "CONVEYOR") && strcmp(v, "TUGGER") &&
		           strcmp(v, "CARRIER")))
			return fail(err, errlen,
			            "capabilities.agv_class: must be FORKLIFT, CONVEYOR, "
			            "TUGGER or CARRIER (VDA 5050 agvClass)");
		snprintf(t->agv_class, sizeof t->agv_class, "%s", v);
	}
	return parse_number(json_object_get(c, "min_load_kg"), "capabilities.min_load_kg", 0, 1e6,
	                    &t->min_load_kg, err, errlen);
}

static int parse_deadline(json_t *d, mi_template *t, char *err, size_t errlen)
{
	static const char *const keys[] = {"deadline_s", "grace_s", "on_miss", NULL};
	if (!d || json_is_null(d))
		return 0;
	if (!json_is_object(d))
		return fail(err, errlen,
		            "deadline_policy: must be an object {deadline_s, grace_s, "
		            "on_miss}");
	if (!only_keys(d, keys, "deadline_policy", err, errlen))
		return -1;
	if (parse_number(json_object_get(d, "deadline_s"), "deadline_policy.deadline_s", 1,
	                 7 * 86400, &t->deadline_s, err, errlen) ||
	    parse_number(json_object_get(d, "grace_s"), "deadline_policy.grace_s", 0, 86400,
	                 &t->grace_s, err, errlen))
		return -1;
	json_t *om = json_object_get(d, "on_miss");
	if (om) {
		const char *v = json_string_value(om);
		if (!v || (strcmp(v, "warn") && strcmp(v, "fail")))
			return fail(err, errlen, "deadline_policy.on_miss: must be warn or fail");
		t->fail_when_late = strcmp(v, "fail") == 0;
	}
	return 0;
}

static int parse_root(json_t *root, mi_template *t, char *err, size_t errlen)
{
	static const char *const keys[] = {
	    "name",         "version",         "priority", "expected_duration_s",
	    "capabilities", "deadline_policy", "steps",    NULL};
	if (!json_is_object(root))
		return fail(err, errlen, "a template is a JSON object");
	if (!only_keys(root, keys, "", err, errlen))
		return -1;
	const char *name = json_string_value(json_object_get(root, "name"));
	if (!text_ok(name, sizeof t->name))
		return fail(err, errlen, "name: required, 1..%zu characters", sizeof t->name - 1);
	for (const char *p = name; *p; p++)
		if (*p == ' ' || *p < 0x20)
			return fail(err, errlen, "name: no spaces or control characters");
	snprintf(t->name, sizeof t->name, "%s", name);
	json_t *pr = json_object_get(root, "priority");
	if (pr &&
	    (!json_is_integer(pr) || json_integer_value(pr) < 0 || json_integer_value(pr) > 1000))
		return fail(err, errlen, "priority: must be an integer from 0 to 1000");
	t->priority = pr ? (int)json_integer_value(pr) : 0;
	json_t *ver = json_object_get(root, "version");
	if (ver && (!json_is_integer(ver) || json_integer_value(ver) < 1))
		return fail(err, errlen,
		            "version: must be an integer >= 1 (informational: an "
		            "import makes the next version)");
	if (parse_number(json_object_get(root, "expected_duration_s"), "expected_duration_s", 0,
	                 7 * 86400, &t->expected_s, err, errlen))
		return -1;
	if (parse_caps(json_object_get(root, "capabilities"), t, err, errlen) ||
	    parse_deadline(json_object_get(root, "deadline_policy"), t, err, errlen))
		return -1;
	return parse_steps(json_object_get(root, "steps"), t, err, errlen);
}

int mi_template_parse(const char *json, mi_template *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	/* a UTF-8 byte order mark, as some editors write one */
	if (strncmp(json, "\xEF\xBB\xBF", 3) == 0)
		json += 3;
	json_error_t je;
	json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return fail(err, errlen, "not JSON: %s (line %d, column %d)", je.text, je.line,
		            je.column);
	int rc = parse_root(root, t, err, errlen);
	json_decref(root);
	if (rc)
		mi_template_free(t);
	return rc;
}

void mi_template_free(mi_template *t)
{
	free(t->steps);
	t->steps = NULL;
	t->nsteps = 0;
}

/* ---- writing */

static json_t *actions_json(const mi_action *acts, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		const mi_action *a = &acts[k];
		json_t *ao = json_object();
		json_object_set_new(ao, "type", json_string(a->type));
		json_object_set_new(ao, "blocking", json_string(a->blocking));
		if (a->nparams) {
			json_t *ps = json_object();
			for (size_t p = 0; p < a->nparams; p++) {
				json_t *v = a->params[p].raw ? json_loads(a->params[p].value,
				                                          JSON_DECODE_ANY, NULL)
				                             : json_string(a->params[p].value);
				json_object_set_new(ps, a->params[p].key, v ? v : json_null());
			}
			json_object_set_new(ao, "parameters", ps);
		}
		json_array_append_new(arr, ao);
	}
	return arr;
}

static json_t *steps_json(const mi_template *t)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < t->nsteps; i++) {
		const mi_step *s = &t->steps[i];
		json_t *o = json_object();
		json_object_set_new(o, "node", json_string(s->node));
		if (s->nactions)
			json_object_set_new(o, "actions", actions_json(s->actions, s->nactions));
		if (s->nedge_actions || s->edge_max_speed > 0) {
			json_t *e = json_object();
			if (s->nedge_actions)
				json_object_set_new(
				    e, "actions", actions_json(s->edge_actions, s->nedge_actions));
			if (s->edge_max_speed > 0)
				json_object_set_new(e, "max_speed", json_real(s->edge_max_speed));
			json_object_set_new(o, "edge", e);
		}
		if (s->needs_pool[0]) {
			json_t *n = json_object();
			json_object_set_new(n, "pool", json_string(s->needs_pool));
			if (s->needs_for_s > 0)
				json_object_set_new(n, "for_s", json_real(s->needs_for_s));
			json_object_set_new(o, "needs", n);
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *caps_json(const mi_template *t)
{
	if (!t->agv_class[0] && t->min_load_kg <= 0)
		return NULL;
	json_t *o = json_object();
	if (t->agv_class[0])
		json_object_set_new(o, "agv_class", json_string(t->agv_class));
	if (t->min_load_kg > 0)
		json_object_set_new(o, "min_load_kg", json_real(t->min_load_kg));
	return o;
}

static json_t *deadline_json(const mi_template *t)
{
	if (t->deadline_s <= 0)
		return NULL;
	json_t *o = json_object();
	json_object_set_new(o, "deadline_s", json_real(t->deadline_s));
	json_object_set_new(o, "grace_s", json_real(t->grace_s));
	json_object_set_new(o, "on_miss", json_string(t->fail_when_late ? "fail" : "warn"));
	return o;
}

static char *dump(json_t *v, size_t flags)
{
	if (!v)
		return NULL;
	char *s = json_dumps(v, flags);
	json_decref(v);
	if (!s)
		abort();
	return s;
}

char *mi_template_steps_json(const mi_template *t)
{
	return dump(steps_json(t), JSON_COMPACT);
}

char *mi_template_caps_json(const mi_template *t)
{
	return dump(caps_json(t), JSON_COMPACT);
}

char *mi_template_deadline_json(const mi_template *t)
{
	return dump(deadline_json(t), JSON_COMPACT);
}

char *mi_template_json(const mi_template *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", json_string(t->name));
	json_object_set_new(o, "version", json_integer(t->version));
	json_object_set_new(o, "priority", json_integer(t->priority));
	if (t->expected_s > 0)
		json_object_set_new(o, "expected_duration_s", json_real(t->expected_s));
	json_t *c = caps_json(t), *d = deadline_json(t);
	if (c)
		json_object_set_new(o, "capabilities", c);
	if (d)
		json_object_set_new(o, "deadline_policy", d);
	json_object_set_new(o, "steps", steps_json(t));
	return dump(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

int mi_template_from_record(const fo_record *r, mi_template *t, char *err, size_t errlen)
{
	/* the columns, put back together as the import form, checked again */
	json_t *o = json_object();
	json_object_set_new(o, "name",
	                    json_string(fo_record_get(r, "name") ? fo_record_get(r, "name") : ""));
	const char *pr = fo_record_get(r, "priority");
	if (pr)
		json_object_set_new(o, "priority", json_integer(atoll(pr)));
	const char *ex = fo_record_get(r, "expected_duration_s");
	if (ex)
		json_object_set_new(o, "expected_duration_s", json_real(atof(ex)));
	static const char *const cols[] = {"steps", "capabilities", "deadline_policy"};
	for (size_t i = 0; i < 3; i++) {
		const char *txt = fo_record_get(r, cols[i]);
		json_t *v = txt ? json_loads(txt, JSON_DECODE_ANY, NULL) : NULL;
		if (v)
			json_object_set_new(o, cols[i], v);
	}
	char *txt = dump(o, JSON_COMPACT);
	int rc = mi_template_parse(txt, t, err, errlen);
	free(txt);
	if (rc)
		return rc;
	snprintf(t->id, sizeof t->id, "%s", fo_record_id(r));
	t->record_version = fo_record_version(r);
	const char *tv = fo_record_get(r, "template_version");
	t->version = tv ? atoi(tv) : 1;
	return 0;
}
