/* lif_parse.c — the LIF 1.0 reader (lif.h): jansson parses, then one walk
 * reads and checks every member, naming its JSON path in each message.
 * The walk goes on after an error, so one run reports every problem it can
 * see; any error discards the whole document. */
#include "lif.h"

#include "lif_diag.h"

#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_known(const char *key, const char *const *known)
{
	for (; *known; known++)
		if (strcmp(key, *known) == 0)
			return true;
	return false;
}

/* Members of obj not in known: kept as compact JSON, with a warning unless
 * the name says it is fleetops' own extension (FO_LIF_EXT_PREFIX), which
 * fo_lif_ext_read checks. */
static void read_extras(fo_lif_rd *r, const json_t *obj, const char *const *known,
                        fo_lif_extras *out)
{
	const char *key;
	json_t *v;
	size_t n = 0;
	json_object_foreach((json_t *)obj, key, v)
	{
		if (!is_known(key, known))
			n++;
	}
	if (!n)
		return;
	out->v = calloc(n, sizeof *out->v);
	if (!out->v)
		abort();
	json_object_foreach((json_t *)obj, key, v)
	{
		if (is_known(key, known))
			continue;
		if (strncmp(key, FO_LIF_EXT_PREFIX, strlen(FO_LIF_EXT_PREFIX)) != 0) {
			size_t at = fo_lif_push_key(r, key);
			WARN(r, "unknown member, kept as is");
			fo_lif_pop(r, at);
		}
		char *json = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!json)
			abort();
		out->v[out->n++] = (fo_lif_extra){fo_strdup(key), fo_strdup(json)};
		free(json);
	}
}

/* The member key of obj or NULL; a required one missing is an error. */
static json_t *member(fo_lif_rd *r, const json_t *obj, const char *key, bool required)
{
	json_t *v = json_object_get(obj, key);
	if (!v && required) {
		size_t at = fo_lif_push_key(r, key);
		ERR(r, "required member missing");
		fo_lif_pop(r, at);
	}
	return v;
}

static int get_str(fo_lif_rd *r, const json_t *obj, const char *key, bool required, char **out)
{
	json_t *v = member(r, obj, key, required);
	if (!v)
		return required ? -1 : 0;
	if (!json_is_string(v)) {
		size_t at = fo_lif_push_key(r, key);
		ERR(r, "expected a string, got %s", fo_lif_json_type(v));
		fo_lif_pop(r, at);
		return -1;
	}
	*out = fo_strdup(json_string_value(v));
	return 0;
}

/* An id: a non-empty string. */
static int get_id(fo_lif_rd *r, const json_t *obj, const char *key, char **out)
{
	if (get_str(r, obj, key, true, out) < 0)
		return -1;
	if (!**out) {
		size_t at = fo_lif_push_key(r, key);
		ERR(r, "empty id");
		fo_lif_pop(r, at);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

enum { NUM_ANY = 0, NUM_NONNEG = 1, NUM_COORD = 2 };

/* A number; a string holding one (the spec's examples write stationHeight
 * "1.5") is read with a warning.  Absent leaves *out alone. */
static int get_num(fo_lif_rd *r, const json_t *obj, const char *key, bool required, int flags,
                   double *out)
{
	json_t *v = member(r, obj, key, required);
	if (!v)
		return required ? -1 : 0;
	size_t at = fo_lif_push_key(r, key);
	double d = 0;
	int rc = 0;
	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end = NULL;
		/* decimal notation only: no "0x10", "inf", " 1" */
		bool lead = *s && strspn(s, "0123456789+-.eE") == strlen(s) && *s != '+';
		d = lead ? strtod(s, &end) : 0;
		if (!lead || !end || *end || !isfinite(d)) {
			ERR(r, "expected a number, got the string \"%.40s\"", s);
			rc = -1;
		} else {
			WARN(r, "a number given as a string (\"%.40s\"), read as %g", s, d);
		}
	} else {
		ERR(r, "expected a number, got %s", fo_lif_json_type(v));
		rc = -1;
	}
	if (rc == 0 && !isfinite(d)) {
		ERR(r, "not a finite number");
		rc = -1;
	} else if (rc == 0 && (flags & NUM_COORD) && fabs(d) > FO_LIF_MAX_COORD) {
		ERR(r, "coordinate %g out of range (|value| <= %g m)", d, FO_LIF_MAX_COORD);
		rc = -1;
	} else if (rc == 0 && (flags & NUM_NONNEG) && d < 0) {
		ERR(r, "negative value %g (must be >= 0)", d);
		rc = -1;
	}
	fo_lif_pop(r, at);
	if (rc == 0)
		*out = d;
	return rc;
}

/* Optional boolean: -1 absent, 0, 1. */
static int get_bool(fo_lif_rd *r, const json_t *obj, const char *key, bool required, int *out)
{
	json_t *v = member(r, obj, key, required);
	if (!v)
		return required ? -1 : 0;
	if (!json_is_boolean(v)) {
		size_t at = fo_lif_push_key(r, key);
		ERR(r, "expected a boolean, got %s", fo_lif_json_type(v));
		fo_lif_pop(r, at);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

/* An enum: names[i] maps to i + 1; absent leaves *out at 0. */
static int get_enum(fo_lif_rd *r, const json_t *obj, const char *key, bool required,
                    const char *const *names, int *out)
{
	json_t *v = member(r, obj, key, required);
	if (!v)
		return required ? -1 : 0;
	size_t at = fo_lif_push_key(r, key);
	int rc = -1;
	if (!json_is_string(v)) {
		ERR(r, "expected a string, got %s", fo_lif_json_type(v));
	} else {
		const char *s = json_string_value(v);
		for (int i = 0; names[i]; i++)
			if (strcmp(s, names[i]) == 0) {
				*out = i + 1;
				rc = 0;
			}
		if (rc < 0) {
			fo_buf allowed = {0};
			for (int i = 0; names[i]; i++)
				fo_buf_printf(&allowed, "%s%s", i ? ", " : "", names[i]);
			ERR(r, "\"%.40s\" is not one of %s", s, allowed.s);
			fo_buf_free(&allowed);
		}
	}
	fo_lif_pop(r, at);
	return rc;
}

/* An array of at most max elements, or NULL (absent, or an error). */
static json_t *get_array(fo_lif_rd *r, const json_t *obj, const char *key, bool required,
                         size_t max)
{
	json_t *v = member(r, obj, key, required);
	if (!v)
		return NULL;
	size_t at = fo_lif_push_key(r, key);
	json_t *out = NULL;
	if (!json_is_array(v))
		ERR(r, "expected an array, got %s", fo_lif_json_type(v));
	else if (json_array_size(v) > max)
		ERR(r, "%zu elements, more than the limit of %zu", json_array_size(v), max);
	else
		out = v;
	fo_lif_pop(r, at);
	return out;
}

static bool want_object(fo_lif_rd *r, const json_t *v)
{
	if (json_is_object(v))
		return true;
	ERR(r, "expected an object, got %s", fo_lif_json_type(v));
	return false;
}

static void *alloc_n(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

/* Reads every element of the array a (member key; NULL: none) with fn into
 * a new array of size-byte elements, each under its path key[i]. */
typedef void (*read_fn)(fo_lif_rd *r, const json_t *o, void *elem);
static void *read_each(fo_lif_rd *r, const json_t *a, const char *key, size_t size, size_t *n,
                       read_fn fn)
{
	*n = 0;
	if (!a)
		return NULL;
	size_t at = fo_lif_push_key(r, key);
	*n = json_array_size(a);
	char *v = alloc_n(*n, size);
	for (size_t i = 0; i < *n; i++) {
		size_t at2 = fo_lif_push_idx(r, i);
		fn(r, json_array_get(a, i), v + i * size);
		fo_lif_pop(r, at2);
	}
	fo_lif_pop(r, at);
	return v;
}

/* ---- actions */

static const char *const k_param[] = {"key", "value", NULL};
static const char *const k_action[] = {"actionType",   "actionDescription", "requirementType",
                                       "blockingType", "actionParameters",  NULL};
static const char *const e_requirement[] = {"REQUIRED", "CONDITIONAL", "OPTIONAL", NULL};
static const char *const e_blocking[] = {"NONE", "SOFT", "HARD", NULL};
static const char *const e_orient[] = {"GLOBAL", "TANGENTIAL", NULL};
static const char *const e_rotation[] = {"NONE", "CCW", "CW", "BOTH", NULL};

static void read_param(fo_lif_rd *r, const json_t *o, fo_lif_param *p)
{
	if (!want_object(r, o))
		return;
	get_str(r, o, "key", true, &p->key);
	json_t *v = member(r, o, "value", true);
	if (v) {
		char *json = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!json)
			abort();
		p->value_json = fo_strdup(json);
		free(json);
	}
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)o, k, x)
	{
		if (is_known(k, k_param))
			continue;
		size_t at = fo_lif_push_key(r, k);
		WARN(r, "unknown member of an actionParameter, dropped");
		fo_lif_pop(r, at);
	}
}

static void read_action(fo_lif_rd *r, const json_t *o, void *elem)
{
	fo_lif_action *a = elem;
	if (!want_object(r, o))
		return;
	get_str(r, o, "actionType", true, &a->type);
	get_str(r, o, "actionDescription", false, &a->description);
	int req = 0, blk = 0;
	if (!json_object_get(o, "requirementType")) {
		size_t at = fo_lif_push_key(r, "requirementType");
		WARN(r, "missing (the LIF text requires it; the schema does not)");
		fo_lif_pop(r, at);
	}
	get_enum(r, o, "requirementType", false, e_requirement, &req);
	get_enum(r, o, "blockingType", true, e_blocking, &blk);
	a->requirement = (fo_lif_requirement)req;
	a->blocking = (fo_lif_blocking)blk;
	json_t *ps = get_array(r, o, "actionParameters", false, FO_LIF_MAX_LIST);
	if (ps) {
		size_t at = fo_lif_push_key(r, "actionParameters");
		a->nparams = json_array_size(ps);
		a->params = alloc_n(a->nparams, sizeof *a->params);
		for (size_t i = 0; i < a->nparams; i++) {
			size_t at2 = fo_lif_push_idx(r, i);
			read_param(r, json_array_get(ps, i), &a->params[i]);
			for (size_t j = 0; j < i && a->params[i].key; j++)
				if (a->params[j].key &&
				    strcmp(a->params[j].key, a->params[i].key) == 0)
					ERR(r, "duplicate key \"%.40s\" (also at [%zu])",
					    a->params[i].key, j);
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
	}
	read_extras(r, o, k_action, &a->extra);
}

static void read_actions(fo_lif_rd *r, const json_t *o, fo_lif_action **out, size_t *n)
{
	json_t *as = get_array(r, o, "actions", false, FO_LIF_MAX_LIST);
	if (!as)
		return;
	*out = read_each(r, as, "actions", sizeof **out, n, read_action);
}

/* ---- nodes */

static const char *const k_pos[] = {"x", "y", NULL};
static const char *const k_node_type[] = {"vehicleTypeId", "theta", "actions", NULL};
static const char *const k_node[] = {"nodeId", "nodeName",     "nodeDescription",
                                     "mapId",  "nodePosition", "vehicleTypeNodeProperties",
                                     NULL};

/* Orientations in rad: [-pi, pi] by the text; outside it is read with a
 * warning (it still means an angle). */
static void check_angle(fo_lif_rd *r, const json_t *o, const char *key, double v)
{
	if (isnan(v) || fabs(v) <= M_PI + 1e-9)
		return;
	size_t at = fo_lif_push_key(r, key);
	WARN(r, "%g rad is outside [-pi, pi]", v);
	fo_lif_pop(r, at);
}

/* Each vehicleTypeId once per node or edge (LIF 8.3.5, 8.3.9). */
static void check_type_ids(fo_lif_rd *r, const char *const *ids, size_t n, const char *what)
{
	size_t at = fo_lif_push_key(r, what);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i && ids[i]; j++)
			if (ids[j] && strcmp(ids[i], ids[j]) == 0) {
				size_t at2 = fo_lif_push_idx(r, i);
				size_t at3 = fo_lif_push_key(r, "vehicleTypeId");
				ERR(r, "duplicate vehicleTypeId \"%.40s\" (also at [%zu])", ids[i],
				    j);
				fo_lif_pop(r, at3);
				fo_lif_pop(r, at2);
				break;
			}
	if (n == 0)
		WARN(r, "empty: no vehicle type may use this element");
	fo_lif_pop(r, at);
}

static void read_node(fo_lif_rd *r, const json_t *o, void *elem)
{
	fo_lif_node *n = elem;
	if (!want_object(r, o))
		return;
	get_id(r, o, "nodeId", &n->id);
	get_str(r, o, "nodeName", false, &n->name);
	get_str(r, o, "nodeDescription", false, &n->description);
	get_str(r, o, "mapId", false, &n->map_id);
	json_t *p = member(r, o, "nodePosition", true);
	if (p) {
		size_t at = fo_lif_push_key(r, "nodePosition");
		if (want_object(r, p)) {
			get_num(r, p, "x", true, NUM_COORD, &n->x);
			get_num(r, p, "y", true, NUM_COORD, &n->y);
			read_extras(r, p, k_pos, &n->pos_extra);
		}
		fo_lif_pop(r, at);
	}
	json_t *ts = get_array(r, o, "vehicleTypeNodeProperties", true, FO_LIF_MAX_LIST);
	if (ts) {
		size_t at = fo_lif_push_key(r, "vehicleTypeNodeProperties");
		n->ntypes = json_array_size(ts);
		n->types = alloc_n(n->ntypes, sizeof *n->types);
		for (size_t i = 0; i < n->ntypes; i++) {
			size_t at2 = fo_lif_push_idx(r, i);
			fo_lif_node_type *t = &n->types[i];
			const json_t *to = json_array_get(ts, i);
			t->theta = NAN;
			if (want_object(r, to)) {
				get_id(r, to, "vehicleTypeId", &t->vehicle_type_id);
				get_num(r, to, "theta", false, NUM_ANY, &t->theta);
				check_angle(r, to, "theta", t->theta);
				read_actions(r, to, &t->actions, &t->nactions);
				read_extras(r, to, k_node_type, &t->extra);
			}
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
		const char **ids = alloc_n(n->ntypes, sizeof *ids);
		for (size_t i = 0; i < n->ntypes; i++)
			ids[i] = n->types[i].vehicle_type_id;
		check_type_ids(r, ids, n->ntypes, "vehicleTypeNodeProperties");
		free(ids);
	}
	read_extras(r, o, k_node, &n->extra);
}

/* ---- edges */

static const char *const k_load[] = {"unloaded", "loaded", "loadSetNames", NULL};
static const char *const k_traj[] = {"degree", "knotVector", "controlPoints", NULL};
static const char *const k_cpoint[] = {"x", "y", "weight", NULL};
static const char *const k_edge_type[] = {"vehicleTypeId",
                                          "vehicleOrientation",
                                          "orientationType",
                                          "rotationAllowed",
                                          "rotationAtStartNodeAllowed",
                                          "rotationAtEndNodeAllowed",
                                          "maxSpeed",
                                          "maxRotationSpeed",
                                          "minHeight",
                                          "maxHeight",
                                          "loadRestriction",
                                          "actions",
                                          "trajectory",
                                          "reentryAllowed",
                                          NULL};
static const char *const k_edge[] = {"edgeId",      "edgeName",  "edgeDescription",
                                     "startNodeId", "endNodeId", "vehicleTypeEdgeProperties",
                                     NULL};

static void read_load(fo_lif_rd *r, const json_t *o, fo_lif_load *l)
{
	if (!want_object(r, o))
		return;
	l->present = true;
	int u = -1, ld = -1;
	get_bool(r, o, "unloaded", true, &u);
	get_bool(r, o, "loaded", true, &ld);
	l->unloaded = u == 1;
	l->loaded = ld == 1;
	json_t *ns = get_array(r, o, "loadSetNames", false, FO_LIF_MAX_LIST);
	if (ns) {
		size_t at = fo_lif_push_key(r, "loadSetNames");
		l->nload_sets = json_array_size(ns);
		l->load_sets = alloc_n(l->nload_sets, sizeof *l->load_sets);
		for (size_t i = 0; i < l->nload_sets; i++) {
			json_t *s = json_array_get(ns, i);
			if (json_is_string(s)) {
				l->load_sets[i] = fo_strdup(json_string_value(s));
				continue;
			}
			size_t at2 = fo_lif_push_idx(r, i);
			ERR(r, "expected a string, got %s", fo_lif_json_type(s));
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
	}
	read_extras(r, o, k_load, &l->extra);
}

static void read_trajectory(fo_lif_rd *r, const json_t *o, fo_lif_trajectory *t)
{
	if (!want_object(r, o))
		return;
	double deg = NAN;
	if (get_num(r, o, "degree", false, NUM_ANY, &deg) == 0 && !isnan(deg)) {
		size_t at = fo_lif_push_key(r, "degree");
		if (deg < 1 || deg > 64 || deg != floor(deg))
			ERR(r, "degree %g is not a whole number in [1, 64]", deg);
		else
			t->degree = (uint32_t)deg;
		fo_lif_pop(r, at);
	}
	json_t *ks = get_array(r, o, "knotVector", true, FO_LIF_MAX_LIST);
	json_t *ps = get_array(r, o, "controlPoints", true, FO_LIF_MAX_LIST);
	if (ks) {
		size_t at = fo_lif_push_key(r, "knotVector");
		t->nknots = json_array_size(ks);
		t->knots = alloc_n(t->nknots, sizeof *t->knots);
		for (size_t i = 0; i < t->nknots; i++) {
			json_t *k = json_array_get(ks, i);
			size_t at2 = fo_lif_push_idx(r, i);
			if (!json_is_number(k))
				ERR(r, "expected a number, got %s", fo_lif_json_type(k));
			else if ((t->knots[i] = json_number_value(k)) < 0 || t->knots[i] > 1)
				ERR(r, "knot %g outside [0, 1]", t->knots[i]);
			else if (i > 0 && t->knots[i] < t->knots[i - 1])
				ERR(r, "knot %g is less than the one before (%g)", t->knots[i],
				    t->knots[i - 1]);
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
	}
	if (ps) {
		size_t at = fo_lif_push_key(r, "controlPoints");
		t->npoints = json_array_size(ps);
		t->points = alloc_n(t->npoints, sizeof *t->points);
		for (size_t i = 0; i < t->npoints; i++) {
			json_t *p = json_array_get(ps, i);
			fo_lif_cpoint *c = &t->points[i];
			size_t at2 = fo_lif_push_idx(r, i);
			c->weight = NAN;
			if (want_object(r, p)) {
				get_num(r, p, "x", true, NUM_COORD, &c->x);
				get_num(r, p, "y", true, NUM_COORD, &c->y);
				get_num(r, p, "weight", false, NUM_NONNEG, &c->weight);
				read_extras(r, p, k_cpoint, &c->extra);
			}
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
	}
	uint32_t degree = t->degree ? t->degree : 1;
	if (ks && ps && t->nknots != t->npoints + degree + 1) {
		size_t at = fo_lif_push_key(r, "knotVector");
		ERR(r, "%zu knots; controlPoints (%zu) + degree (%u) + 1 = %zu", t->nknots,
		    t->npoints, degree, t->npoints + degree + 1);
		fo_lif_pop(r, at);
	}
	if (ps && t->npoints < 2) {
		size_t at = fo_lif_push_key(r, "controlPoints");
		ERR(r, "%zu control points; a trajectory needs at least 2", t->npoints);
		fo_lif_pop(r, at);
	}
	read_extras(r, o, k_traj, &t->extra);
}

static void read_edge_type(fo_lif_rd *r, const json_t *o, void *elem)
{
	fo_lif_edge_type *t = elem;
	t->orientation = t->max_speed = t->max_rotation_speed = NAN;
	t->min_height = t->max_height = NAN;
	t->reentry_allowed = -1;
	if (!want_object(r, o))
		return;
	get_id(r, o, "vehicleTypeId", &t->vehicle_type_id);
	get_num(r, o, "vehicleOrientation", false, NUM_ANY, &t->orientation);
	check_angle(r, o, "vehicleOrientation", t->orientation);
	int e = 0;
	get_enum(r, o, "orientationType", false, e_orient, &e);
	t->orientation_type = (fo_lif_orient)e;
	int rot = -1;
	get_bool(r, o, "rotationAllowed", true, &rot);
	t->rotation_allowed = rot == 1;
	e = 0;
	get_enum(r, o, "rotationAtStartNodeAllowed", false, e_rotation, &e);
	t->rotation_at_start = (fo_lif_rotation)e;
	e = 0;
	get_enum(r, o, "rotationAtEndNodeAllowed", false, e_rotation, &e);
	t->rotation_at_end = (fo_lif_rotation)e;
	get_num(r, o, "maxSpeed", false, NUM_NONNEG, &t->max_speed);
	get_num(r, o, "maxRotationSpeed", false, NUM_NONNEG, &t->max_rotation_speed);
	get_num(r, o, "minHeight", false, NUM_NONNEG, &t->min_height);
	get_num(r, o, "maxHeight", false, NUM_NONNEG, &t->max_height);
	if (t->min_height > t->max_height) {
		size_t at = fo_lif_push_key(r, "minHeight");
		ERR(r, "minHeight %g is above maxHeight %g", t->min_height, t->max_height);
		fo_lif_pop(r, at);
	}
	json_t *l = member(r, o, "loadRestriction", false);
	if (l) {
		size_t at = fo_lif_push_key(r, "loadRestriction");
		read_load(r, l, &t->load);
		fo_lif_pop(r, at);
	}
	read_actions(r, o, &t->actions, &t->nactions);
	json_t *tr = member(r, o, "trajectory", false);
	if (tr) {
		size_t at = fo_lif_push_key(r, "trajectory");
		t->trajectory = alloc_n(1, sizeof *t->trajectory);
		read_trajectory(r, tr, t->trajectory);
		fo_lif_pop(r, at);
	}
	get_bool(r, o, "reentryAllowed", false, &t->reentry_allowed);
	read_extras(r, o, k_edge_type, &t->extra);
}

static void read_edge(fo_lif_rd *r, const json_t *o, void *elem)
{
	fo_lif_edge *e = elem;
	if (!want_object(r, o))
		return;
	get_id(r, o, "edgeId", &e->id);
	get_str(r, o, "edgeName", false, &e->name);
	get_str(r, o, "edgeDescription", false, &e->description);
	get_id(r, o, "startNodeId", &e->start);
	get_id(r, o, "endNodeId", &e->end);
	if (e->start && e->end && strcmp(e->start, e->end) == 0) {
		size_t at = fo_lif_push_key(r, "endNodeId");
		ERR(r, "the edge starts and ends at node \"%.40s\"", e->end);
		fo_lif_pop(r, at);
	}
	json_t *ts = get_array(r, o, "vehicleTypeEdgeProperties", true, FO_LIF_MAX_LIST);
	if (ts) {
		e->types = read_each(r, ts, "vehicleTypeEdgeProperties", sizeof *e->types,
		                     &e->ntypes, read_edge_type);
		const char **ids = alloc_n(e->ntypes, sizeof *ids);
		for (size_t i = 0; i < e->ntypes; i++)
			ids[i] = e->types[i].vehicle_type_id;
		check_type_ids(r, ids, e->ntypes, "vehicleTypeEdgeProperties");
		free(ids);
	}
	read_extras(r, o, k_edge, &e->extra);
}

/* ---- stations */

static const char *const k_spos[] = {"x", "y", "theta", NULL};
static const char *const k_station[] = {
    "stationId",     "interactionNodeIds", "stationName", "stationDescription",
    "stationHeight", "stationPosition",    NULL};

static void read_station(fo_lif_rd *r, const json_t *o, void *elem)
{
	fo_lif_station *s = elem;
	s->height = s->theta = NAN;
	if (!want_object(r, o))
		return;
	get_id(r, o, "stationId", &s->id);
	json_t *ns = get_array(r, o, "interactionNodeIds", true, FO_LIF_MAX_LIST);
	if (ns) {
		size_t at = fo_lif_push_key(r, "interactionNodeIds");
		s->nnodes = json_array_size(ns);
		s->nodes = alloc_n(s->nnodes, sizeof *s->nodes);
		if (!s->nnodes)
			ERR(r, "empty: a station needs at least one interaction node");
		for (size_t i = 0; i < s->nnodes; i++) {
			json_t *v = json_array_get(ns, i);
			size_t at2 = fo_lif_push_idx(r, i);
			if (!json_is_string(v))
				ERR(r, "expected a string, got %s", fo_lif_json_type(v));
			else if (!*json_string_value(v))
				ERR(r, "empty id");
			else
				s->nodes[i] = fo_strdup(json_string_value(v));
			fo_lif_pop(r, at2);
		}
		fo_lif_pop(r, at);
	}
	get_str(r, o, "stationName", false, &s->name);
	get_str(r, o, "stationDescription", false, &s->description);
	get_num(r, o, "stationHeight", false, NUM_NONNEG, &s->height);
	json_t *p = member(r, o, "stationPosition", false);
	if (p) {
		size_t at = fo_lif_push_key(r, "stationPosition");
		if (want_object(r, p)) {
			s->has_position = true;
			get_num(r, p, "x", true, NUM_COORD, &s->x);
			get_num(r, p, "y", true, NUM_COORD, &s->y);
			get_num(r, p, "theta", false, NUM_ANY, &s->theta);
			check_angle(r, p, "theta", s->theta);
			read_extras(r, p, k_spos, &s->pos_extra);
		}
		fo_lif_pop(r, at);
	}
	read_extras(r, o, k_station, &s->extra);
}

/* ---- layouts */

static const char *const k_layout[] = {"layoutId",      "layoutName",        "layoutVersion",
                                       "layoutLevelId", "layoutDescription", "nodes",
                                       "edges",         "stations",          NULL};

static const char *node_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->nodes[i].id;
}

static const char *edge_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->edges[i].id;
}

static const char *station_key(const void *owner, uint32_t i)
{
	return ((const fo_lif_layout *)owner)->stations[i].id;
}

/* Indexes the ids of one kind; a repeated id is an error at its path. */
static void index_ids(fo_lif_rd *r, fo_idmap *m, size_t n, const char *what, const char *idkey,
                      const char *(*key)(const void *, uint32_t), const void *owner)
{
	size_t at = fo_lif_push_key(r, what);
	for (size_t i = 0; i < n; i++) {
		const char *id = key(owner, (uint32_t)i);
		if (!id)
			continue;
		long prev = fo_idmap_get(m, id);
		if (prev >= 0) {
			size_t at2 = fo_lif_push_idx(r, i);
			size_t at3 = fo_lif_push_key(r, idkey);
			ERR(r, "duplicate %s \"%.40s\" (also at %s[%ld])", idkey, id, what, prev);
			fo_lif_pop(r, at3);
			fo_lif_pop(r, at2);
			continue;
		}
		fo_idmap_put(m, (uint32_t)i);
	}
	fo_lif_pop(r, at);
}

static void read_layout(fo_lif_rd *r, const json_t *o, fo_lif_layout *l)
{
	fo_idmap_init(&l->node_map, node_key, l);
	fo_idmap_init(&l->edge_map, edge_key, l);
	fo_idmap_init(&l->station_map, station_key, l);
	if (!want_object(r, o))
		return;
	get_id(r, o, "layoutId", &l->id);
	get_str(r, o, "layoutName", false, &l->name);
	if (!json_object_get(o, "layoutVersion")) {
		size_t at = fo_lif_push_key(r, "layoutVersion");
		WARN(r, "missing (required by the schema)");
		fo_lif_pop(r, at);
	}
	get_str(r, o, "layoutVersion", false, &l->version);
	get_str(r, o, "layoutLevelId", false, &l->level_id);
	get_str(r, o, "layoutDescription", false, &l->description);

	json_t *ns = get_array(r, o, "nodes", true, FO_LIF_MAX_ELEMS);
	json_t *es = get_array(r, o, "edges", true, FO_LIF_MAX_ELEMS);
	json_t *ss = NULL;
	if (!json_object_get(o, "stations")) {
		size_t at = fo_lif_push_key(r, "stations");
		WARN(r, "missing (required by the schema), read as []");
		fo_lif_pop(r, at);
	} else {
		ss = get_array(r, o, "stations", false, FO_LIF_MAX_ELEMS);
	}
	l->nodes = read_each(r, ns, "nodes", sizeof *l->nodes, &l->nnodes, read_node);
	l->edges = read_each(r, es, "edges", sizeof *l->edges, &l->nedges, read_edge);
	l->stations =
	    read_each(r, ss, "stations", sizeof *l->stations, &l->nstations, read_station);
	index_ids(r, &l->node_map, l->nnodes, "nodes", "nodeId", node_key, l);
	index_ids(r, &l->edge_map, l->nedges, "edges", "edgeId", edge_key, l);
	index_ids(r, &l->station_map, l->nstations, "stations", "stationId", station_key, l);
	read_extras(r, o, k_layout, &l->extra);
}

/* The layout (other than skip, first match) holding node id, or -1. */
static long layout_of_node(const fo_lif *lif, const char *id, size_t skip)
{
	for (size_t i = 0; i < lif->nlayouts; i++)
		if (i != skip && fo_lif_node_find(&lif->layouts[i], id) >= 0)
			return (long)i;
	return -1;
}

/* References between elements, once every layout is read: an edge starts
 * in its own layout and may end in another (LIF 8.3.8); a station's
 * interaction nodes exist.  Ids repeated across layouts are only warned
 * about (LIF 8.2 says "should be unique"). */
static void check_refs(fo_lif_rd *r, const fo_lif *lif)
{
	for (size_t li = 0; li < lif->nlayouts; li++) {
		const fo_lif_layout *l = &lif->layouts[li];
		size_t at = fo_lif_push_key(r, "layouts");
		fo_lif_push_idx(r, li);
		size_t at_l = r->path.n;
		for (size_t i = 0; i < l->nedges; i++) {
			const fo_lif_edge *e = &l->edges[i];
			fo_lif_push_key(r, "edges");
			fo_lif_push_idx(r, i);
			size_t at_e = r->path.n;
			if (e->start && fo_lif_node_find(l, e->start) < 0) {
				fo_lif_push_key(r, "startNodeId");
				long other = layout_of_node(lif, e->start, li);
				if (other >= 0)
					ERR(r,
					    "start node \"%.40s\" is in layout %ld, not in this "
					    "one",
					    e->start, other);
				else
					ERR(r, "start node \"%.40s\" does not exist", e->start);
				fo_lif_pop(r, at_e);
			}
			if (e->end && fo_lif_node_find(l, e->end) < 0 &&
			    layout_of_node(lif, e->end, li) < 0) {
				fo_lif_push_key(r, "endNodeId");
				ERR(r, "end node \"%.40s\" does not exist in any layout", e->end);
				fo_lif_pop(r, at_e);
			}
			for (size_t lj = 0; e->id && lj < li; lj++)
				if (fo_lif_edge_find(&lif->layouts[lj], e->id) >= 0) {
					fo_lif_push_key(r, "edgeId");
					WARN(r, "edgeId \"%.40s\" is also in layout %zu", e->id,
					     lj);
					fo_lif_pop(r, at_e);
					break;
				}
			fo_lif_pop(r, at_l);
		}
		for (size_t i = 0; i < l->nnodes; i++) {
			const char *id = l->nodes[i].id;
			for (size_t lj = 0; id && lj < li; lj++)
				if (fo_lif_node_find(&lif->layouts[lj], id) >= 0) {
					fo_lif_push_key(r, "nodes");
					fo_lif_push_idx(r, i);
					fo_lif_push_key(r, "nodeId");
					WARN(r, "nodeId \"%.40s\" is also in layout %zu", id, lj);
					fo_lif_pop(r, at_l);
					break;
				}
		}
		for (size_t i = 0; i < l->nstations; i++) {
			const fo_lif_station *s = &l->stations[i];
			fo_lif_push_key(r, "stations");
			fo_lif_push_idx(r, i);
			size_t at_s = r->path.n;
			for (size_t k = 0; k < s->nnodes; k++) {
				if (!s->nodes[k] || fo_lif_node_find(l, s->nodes[k]) >= 0)
					continue;
				fo_lif_push_key(r, "interactionNodeIds");
				fo_lif_push_idx(r, k);
				if (layout_of_node(lif, s->nodes[k], li) < 0)
					ERR(r, "interaction node \"%.40s\" does not exist",
					    s->nodes[k]);
				else
					WARN(r, "interaction node \"%.40s\" is in another layout",
					     s->nodes[k]);
				fo_lif_pop(r, at_s);
			}
			for (size_t lj = 0; s->id && lj < li; lj++)
				if (fo_lif_station_find(&lif->layouts[lj], s->id) >= 0) {
					fo_lif_push_key(r, "stationId");
					WARN(r, "stationId \"%.40s\" is also in layout %zu", s->id,
					     lj);
					fo_lif_pop(r, at_s);
					break;
				}
			fo_lif_pop(r, at_l);
		}
		fo_lif_pop(r, at);
	}
}

/* ---- the document */

static const char *const k_meta[] = {"projectIdentification", "creator", "exportTimestamp",
                                     "lifVersion", NULL};
static const char *const k_top[] = {"metaInformation", "layouts", NULL};

/* [Major].[Minor].[Patch]: 1.x is read; 0.x (the drafts, and every example
 * of the 1.0.0 text, which says "0.11.0") with a warning; others refused. */
static void check_version(fo_lif_rd *r, const char *v)
{
	size_t at = fo_lif_push_key(r, "lifVersion");
	unsigned long part[3] = {0, 0, 0};
	int nparts = 0;
	const char *s = v;
	bool ok = true;
	while (ok && nparts < 3) {
		if (*s < '0' || *s > '9') {
			ok = false;
			break;
		}
		char *end;
		part[nparts++] = strtoul(s, &end, 10);
		s = end;
		if (*s == '.')
			s++;
		else
			break;
	}
	if (!ok || *s || nparts == 0)
		ERR(r, "\"%.40s\" is not a version [Major].[Minor].[Patch]", v);
	else if (part[0] == 0)
		WARN(r, "version \"%.40s\" is a pre-1.0 draft, read as LIF 1.0", v);
	else if (part[0] != 1)
		ERR(r, "LIF major version %lu is not supported (this reader knows 1)", part[0]);
	fo_lif_pop(r, at);
}

static void read_meta(fo_lif_rd *r, const json_t *o, fo_lif *lif)
{
	size_t at = fo_lif_push_key(r, "metaInformation");
	if (want_object(r, o)) {
		const char *opt[] = {"projectIdentification", "creator", "exportTimestamp"};
		char **dst[] = {&lif->project, &lif->creator, &lif->timestamp};
		for (size_t i = 0; i < 3; i++) {
			if (!json_object_get(o, opt[i])) {
				size_t at2 = fo_lif_push_key(r, opt[i]);
				WARN(r, "missing (required by the schema)");
				fo_lif_pop(r, at2);
			}
			get_str(r, o, opt[i], false, dst[i]);
		}
		if (get_str(r, o, "lifVersion", true, &lif->version) == 0)
			check_version(r, lif->version);
		read_extras(r, o, k_meta, &lif->meta_extra);
	}
	fo_lif_pop(r, at);
}

static int parse(const char *text, size_t len, fo_lif **out, fo_lif_diag *diag)
{
	fo_lif_rd r;
	fo_lif_rd_init(&r, diag);
	*out = NULL;
	if (len > FO_LIF_MAX_BYTES) {
		ERR(&r, "the file has %zu bytes, more than the limit of %u", len, FO_LIF_MAX_BYTES);
		fo_lif_rd_free(&r);
		return -1;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text ? text : "", text ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		ERR(&r, "not JSON: %s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
		fo_lif_rd_free(&r);
		return -1;
	}
	fo_lif *lif = alloc_n(1, sizeof *lif);
	if (want_object(&r, root)) {
		json_t *meta = member(&r, root, "metaInformation", true);
		if (meta)
			read_meta(&r, meta, lif);
		json_t *ls = get_array(&r, root, "layouts", true, FO_LIF_MAX_LAYOUTS);
		if (ls) {
			size_t at = fo_lif_push_key(&r, "layouts");
			lif->nlayouts = json_array_size(ls);
			lif->layouts = alloc_n(lif->nlayouts, sizeof *lif->layouts);
			if (!lif->nlayouts)
				WARN(&r, "empty: the file holds no layout");
			for (size_t i = 0; i < lif->nlayouts; i++) {
				size_t at2 = fo_lif_push_idx(&r, i);
				read_layout(&r, json_array_get(ls, i), &lif->layouts[i]);
				const char *id = lif->layouts[i].id;
				for (size_t j = 0; id && j < i; j++)
					if (lif->layouts[j].id &&
					    strcmp(lif->layouts[j].id, id) == 0) {
						size_t at3 = fo_lif_push_key(&r, "layoutId");
						ERR(&r,
						    "duplicate layoutId \"%.40s\" (also at "
						    "layouts[%zu])",
						    id, j);
						fo_lif_pop(&r, at3);
						break;
					}
				fo_lif_pop(&r, at2);
			}
			fo_lif_pop(&r, at);
			check_refs(&r, lif);
		}
		read_extras(&r, root, k_top, &lif->extra);
	}
	json_decref(root);
	fo_lif_rd_free(&r);
	if (r.errors) {
		fo_lif_free(lif);
		return -1;
	}
	*out = lif;
	return 0;
}

/* Numbers are read (strtod) and reasons written (%g) in the C locale: the
 * console runs under setlocale(LC_ALL, ""), where a decimal comma may rule. */
int fo_lif_parse(const char *text, size_t len, fo_lif **out, fo_lif_diag *diag)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c)
		abort();
	locale_t old = uselocale(c);
	int rc = parse(text, len, out, diag);
	uselocale(old);
	freelocale(c);
	return rc;
}
