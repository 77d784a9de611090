/* lif_write.c — the LIF 1.0 writer (lif.h): the model as indented JSON,
 * members in the schema's order, absent optional members left out, extras
 * (members the reader did not know) after the known ones. */
#include "lif.h"

#include "fleetops_plugin.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	fo_buf b;
	int depth;
	bool first; /* nothing written yet in the open object or array */
} wr;

static void newline(wr *w)
{
	static const char spaces[] = "                                ";
	fo_buf_put(&w->b, "\n", 1);
	for (int i = 0; i < w->depth; i++)
		fo_buf_put(&w->b, spaces, 4);
}

static void open_c(wr *w, char c)
{
	fo_buf_put(&w->b, &c, 1);
	w->depth++;
	w->first = true;
}

static void close_c(wr *w, char c)
{
	w->depth--;
	if (!w->first)
		newline(w);
	fo_buf_put(&w->b, &c, 1);
	w->first = false;
}

/* The start of an array element. */
static void elem(wr *w)
{
	if (!w->first)
		fo_buf_put(&w->b, ",", 1);
	newline(w);
	w->first = false;
}

static void key(wr *w, const char *k)
{
	elem(w);
	fo_buf_json_str(&w->b, k);
	fo_buf_put(&w->b, ": ", 2);
}

/* The shortest text that reads back as the same double, always with a
 * fraction or exponent (LIF numbers are float64). */
static void num(wr *w, double d)
{
	char s[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	fo_buf_str(&w->b, s);
	if (!strpbrk(s, ".eEn"))
		fo_buf_put(&w->b, ".0", 2);
}

static void kstr(wr *w, const char *k, const char *v)
{
	if (!v)
		return;
	key(w, k);
	fo_buf_json_str(&w->b, v);
}

static void knum(wr *w, const char *k, double v)
{
	if (isnan(v))
		return;
	key(w, k);
	num(w, v);
}

static void kbool(wr *w, const char *k, int v)
{
	if (v < 0)
		return;
	key(w, k);
	fo_buf_str(&w->b, v ? "true" : "false");
}

static void kenum(wr *w, const char *k, int v, const char *const *names)
{
	if (v <= 0)
		return;
	kstr(w, k, names[v - 1]);
}

static void extras(wr *w, const fo_lif_extras *x)
{
	for (size_t i = 0; i < x->n; i++) {
		key(w, x->v[i].key);
		fo_buf_str(&w->b, x->v[i].json);
	}
}

static const char *const e_requirement[] = {"REQUIRED", "CONDITIONAL", "OPTIONAL"};
static const char *const e_blocking[] = {"NONE", "SOFT", "HARD"};
static const char *const e_orient[] = {"GLOBAL", "TANGENTIAL"};
static const char *const e_rotation[] = {"NONE", "CCW", "CW", "BOTH"};

/* Writes key: [ each of the n size-byte elements of v, with fn ]. */
typedef void (*write_fn)(wr *w, const void *item);
static void write_each(wr *w, const char *k, const void *v, size_t n, size_t size, write_fn fn)
{
	key(w, k);
	open_c(w, '[');
	for (size_t i = 0; i < n; i++) {
		elem(w);
		fn(w, (const char *)v + i * size);
	}
	close_c(w, ']');
}

static void write_actions(wr *w, const fo_lif_action *a, size_t n)
{
	if (!n)
		return;
	key(w, "actions");
	open_c(w, '[');
	for (size_t i = 0; i < n; i++) {
		elem(w);
		open_c(w, '{');
		kstr(w, "actionType", a[i].type);
		kstr(w, "actionDescription", a[i].description);
		kenum(w, "requirementType", (int)a[i].requirement, e_requirement);
		kenum(w, "blockingType", (int)a[i].blocking, e_blocking);
		if (a[i].nparams) {
			key(w, "actionParameters");
			open_c(w, '[');
			for (size_t j = 0; j < a[i].nparams; j++) {
				elem(w);
				open_c(w, '{');
				kstr(w, "key", a[i].params[j].key);
				key(w, "value");
				fo_buf_str(&w->b, a[i].params[j].value_json);
				close_c(w, '}');
			}
			close_c(w, ']');
		}
		extras(w, &a[i].extra);
		close_c(w, '}');
	}
	close_c(w, ']');
}

static void write_node(wr *w, const void *item)
{
	const fo_lif_node *n = item;
	open_c(w, '{');
	kstr(w, "nodeId", n->id);
	kstr(w, "nodeName", n->name);
	kstr(w, "nodeDescription", n->description);
	kstr(w, "mapId", n->map_id);
	key(w, "nodePosition");
	open_c(w, '{');
	knum(w, "x", n->x);
	knum(w, "y", n->y);
	extras(w, &n->pos_extra);
	close_c(w, '}');
	key(w, "vehicleTypeNodeProperties");
	open_c(w, '[');
	for (size_t i = 0; i < n->ntypes; i++) {
		const fo_lif_node_type *t = &n->types[i];
		elem(w);
		open_c(w, '{');
		kstr(w, "vehicleTypeId", t->vehicle_type_id);
		knum(w, "theta", t->theta);
		write_actions(w, t->actions, t->nactions);
		extras(w, &t->extra);
		close_c(w, '}');
	}
	close_c(w, ']');
	extras(w, &n->extra);
	close_c(w, '}');
}

static void write_trajectory(wr *w, const fo_lif_trajectory *t)
{
	key(w, "trajectory");
	open_c(w, '{');
	if (t->degree) {
		key(w, "degree");
		fo_buf_printf(&w->b, "%u", t->degree);
	}
	key(w, "knotVector");
	open_c(w, '[');
	for (size_t i = 0; i < t->nknots; i++) {
		elem(w);
		num(w, t->knots[i]);
	}
	close_c(w, ']');
	key(w, "controlPoints");
	open_c(w, '[');
	for (size_t i = 0; i < t->npoints; i++) {
		elem(w);
		open_c(w, '{');
		knum(w, "x", t->points[i].x);
		knum(w, "y", t->points[i].y);
		knum(w, "weight", t->points[i].weight);
		extras(w, &t->points[i].extra);
		close_c(w, '}');
	}
	close_c(w, ']');
	extras(w, &t->extra);
	close_c(w, '}');
}

static void write_edge_type(wr *w, const void *item)
{
	const fo_lif_edge_type *t = item;
	open_c(w, '{');
	kstr(w, "vehicleTypeId", t->vehicle_type_id);
	knum(w, "vehicleOrientation", t->orientation);
	kenum(w, "orientationType", (int)t->orientation_type, e_orient);
	kbool(w, "rotationAllowed", t->rotation_allowed);
	kenum(w, "rotationAtStartNodeAllowed", (int)t->rotation_at_start, e_rotation);
	kenum(w, "rotationAtEndNodeAllowed", (int)t->rotation_at_end, e_rotation);
	knum(w, "maxSpeed", t->max_speed);
	knum(w, "maxRotationSpeed", t->max_rotation_speed);
	knum(w, "minHeight", t->min_height);
	knum(w, "maxHeight", t->max_height);
	if (t->load.present) {
		key(w, "loadRestriction");
		open_c(w, '{');
		kbool(w, "unloaded", t->load.unloaded);
		kbool(w, "loaded", t->load.loaded);
		if (t->load.nload_sets) {
			key(w, "loadSetNames");
			open_c(w, '[');
			for (size_t i = 0; i < t->load.nload_sets; i++) {
				elem(w);
				fo_buf_json_str(&w->b, t->load.load_sets[i]);
			}
			close_c(w, ']');
		}
		extras(w, &t->load.extra);
		close_c(w, '}');
	}
	write_actions(w, t->actions, t->nactions);
	if (t->trajectory)
		write_trajectory(w, t->trajectory);
	kbool(w, "reentryAllowed", t->reentry_allowed);
	extras(w, &t->extra);
	close_c(w, '}');
}

static void write_edge(wr *w, const void *item)
{
	const fo_lif_edge *e = item;
	open_c(w, '{');
	kstr(w, "edgeId", e->id);
	kstr(w, "edgeName", e->name);
	kstr(w, "edgeDescription", e->description);
	kstr(w, "startNodeId", e->start);
	kstr(w, "endNodeId", e->end);
	write_each(w, "vehicleTypeEdgeProperties", e->types, e->ntypes, sizeof *e->types,
	           write_edge_type);
	extras(w, &e->extra);
	close_c(w, '}');
}

static void write_station(wr *w, const void *item)
{
	const fo_lif_station *s = item;
	open_c(w, '{');
	kstr(w, "stationId", s->id);
	key(w, "interactionNodeIds");
	open_c(w, '[');
	for (size_t i = 0; i < s->nnodes; i++) {
		elem(w);
		fo_buf_json_str(&w->b, s->nodes[i]);
	}
	close_c(w, ']');
	kstr(w, "stationName", s->name);
	kstr(w, "stationDescription", s->description);
	knum(w, "stationHeight", s->height);
	if (s->has_position) {
		key(w, "stationPosition");
		open_c(w, '{');
		knum(w, "x", s->x);
		knum(w, "y", s->y);
		knum(w, "theta", s->theta);
		extras(w, &s->pos_extra);
		close_c(w, '}');
	}
	extras(w, &s->extra);
	close_c(w, '}');
}

static void write_layout(wr *w, const fo_lif_layout *l)
{
	open_c(w, '{');
	kstr(w, "layoutId", l->id);
	kstr(w, "layoutName", l->name);
	kstr(w, "layoutVersion", l->version);
	kstr(w, "layoutLevelId", l->level_id);
	kstr(w, "layoutDescription", l->description);
	write_each(w, "nodes", l->nodes, l->nnodes, sizeof *l->nodes, write_node);
	write_each(w, "edges", l->edges, l->nedges, sizeof *l->edges, write_edge);
	write_each(w, "stations", l->stations, l->nstations, sizeof *l->stations, write_station);
	extras(w, &l->extra);
	close_c(w, '}');
}

static char *write_doc(const fo_lif *lif)
{
	wr w = {.first = true};
	open_c(&w, '{');
	key(&w, "metaInformation");
	open_c(&w, '{');
	kstr(&w, "projectIdentification", lif->project);
	kstr(&w, "creator", lif->creator);
	kstr(&w, "exportTimestamp", lif->timestamp);
	kstr(&w, "lifVersion", lif->version);
	extras(&w, &lif->meta_extra);
	close_c(&w, '}');
	key(&w, "layouts");
	open_c(&w, '[');
	for (size_t i = 0; i < lif->nlayouts; i++) {
		elem(&w);
		write_layout(&w, &lif->layouts[i]);
	}
	close_c(&w, ']');
	extras(&w, &lif->extra);
	close_c(&w, '}');
	fo_buf_put(&w.b, "\n", 1);
	return fo_buf_take(&w.b);
}

/* Numbers in the C locale, whatever LC_NUMERIC the console runs under. */
char *fo_lif_write(const fo_lif *lif)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c)
		abort();
	locale_t old = uselocale(c);
	char *text = write_doc(lif);
	uselocale(old);
	freelocale(c);
	return text;
}

/* The writer puts every member of the model into its text and reads no
 * state besides the model, so equal texts mean equal models. */
bool fo_lif_equal(const fo_lif *a, const fo_lif *b)
{
	if (!a || !b)
		return a == b;
	char *ta = fo_lif_write(a), *tb = fo_lif_write(b);
	bool eq = strcmp(ta, tb) == 0;
	free(ta);
	free(tb);
	return eq;
}
