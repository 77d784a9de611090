/* res_places.c — the live views of the Resources pane: the chargers and
 * parking places of the site and the vehicle standing on each now (from
 * the vehicles' last node), whatever is booked. */
#include "res.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_ROW UINT32_MAX

typedef struct {
	uint32_t node;    /* model node index */
	uint32_t vehicle; /* standing on it, NO_ROW when none */
	uint32_t count;   /* vehicles standing on it */
} place;

/* One list per node kind: the chargers, the parking places. */
typedef struct {
	fo_node_kind kind;
	place *rows;
	size_t n;
	uint64_t gen;
	bool valid;
} place_list;

typedef struct {
	size_t nnodes;    /* node count the lists were built for */
	uint32_t *row_of; /* per node: row in its kind's list, NO_ROW */
	place_list chargers, parking;
} resources_state;

static void build_lists(resources_state *s, fo_model *m)
{
	size_t nn = fo_model_node_count(m);
	if (s->row_of && nn == s->nnodes)
		return;
	free(s->row_of);
	free(s->chargers.rows);
	free(s->parking.rows);
	s->row_of = malloc((nn ? nn : 1) * sizeof *s->row_of);
	s->chargers.rows = calloc(nn ? nn : 1, sizeof *s->chargers.rows);
	s->parking.rows = calloc(nn ? nn : 1, sizeof *s->parking.rows);
	if (!s->row_of || !s->chargers.rows || !s->parking.rows)
		abort();
	s->chargers.n = s->parking.n = 0;
	for (size_t i = 0; i < nn; i++) {
		const fo_map_node *node = fo_model_node(m, i);
		place_list *l = node->kind == FO_NODE_CHARGER   ? &s->chargers
		                : node->kind == FO_NODE_PARKING ? &s->parking
		                                                : NULL;
		s->row_of[i] = NO_ROW;
		if (!l)
			continue;
		s->row_of[i] = (uint32_t)l->n;
		l->rows[l->n++].node = (uint32_t)i;
	}
	s->nnodes = nn;
	s->chargers.valid = s->parking.valid = false;
}

/* Who stands where, once per model generation.  Only standing vehicles are
 * looked up: a vehicle driving past a charger does not occupy it. */
static void refresh(resources_state *s, fo_model *m, place_list *l)
{
	build_lists(s, m);
	uint64_t gen = fo_model_generation(m);
	if (l->valid && l->gen == gen)
		return;
	for (size_t i = 0; i < l->n; i++) {
		l->rows[i].vehicle = NO_ROW;
		l->rows[i].count = 0;
	}
	size_t nv = fo_model_vehicle_count(m);
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (v->driving || !v->last_node[0])
			continue;
		long node = fo_model_node_find(m, v->last_node);
		if (node < 0 || (size_t)node >= s->nnodes || s->row_of[node] == NO_ROW)
			continue;
		if (fo_model_node(m, (size_t)node)->kind != l->kind)
			continue;
		place *p = &l->rows[s->row_of[node]];
		/* The charging vehicle holds a charger before one merely standing. */
		if (p->vehicle == NO_ROW ||
		    (v->charging && !fo_model_vehicle(m, p->vehicle)->charging))
			p->vehicle = (uint32_t)i;
		p->count++;
	}
	l->gen = gen;
	l->valid = true;
}

enum { PC_NODE, PC_ZONE, PC_POS, PC_STATUS, PC_VEHICLE, PC_BATT, PC__COUNT };

static const fo_column place_cols[PC__COUNT] = {
    [PC_NODE] = {"node", "Node", FO_COL_TEXT, 9, false, NULL},
    [PC_ZONE] = {"zone", "Zone", FO_COL_TEXT, 8, false, NULL},
    [PC_POS] = {"position", "Position", FO_COL_TEXT, 12, false, "m"},
    [PC_STATUS] = {"status", "Status", FO_COL_TEXT, 16, false, NULL},
    [PC_VEHICLE] = {"vehicle", "Vehicle", FO_COL_TEXT, 10, false, NULL},
    [PC_BATT] = {"battery", "Batt", FO_COL_PERCENT, 5, false, "%"},
};

static size_t charger_rows(fo_core *core, void *ud)
{
	resources_state *s = ud;
	build_lists(s, fo_core_model(core));
	return s->chargers.n;
}

static size_t parking_rows(fo_core *core, void *ud)
{
	resources_state *s = ud;
	build_lists(s, fo_core_model(core));
	return s->parking.n;
}

static void place_key(fo_core *core, place_list *l, size_t row, char *buf, size_t len)
{
	fo_model *m = fo_core_model(core);
	const fo_map_node *n = row < l->n ? fo_model_node(m, l->rows[row].node) : NULL;
	snprintf(buf, len, "%s", n ? n->id : "");
}

static void charger_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	resources_state *s = ud;
	build_lists(s, fo_core_model(core));
	place_key(core, &s->chargers, row, buf, len);
}

static void parking_key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	resources_state *s = ud;
	build_lists(s, fo_core_model(core));
	place_key(core, &s->parking, row, buf, len);
}

static void status_text(const fo_vehicle *v, const place *p, bool charger, fo_cell *c)
{
	if (!v) {
		snprintf(c->text, sizeof c->text, "free now");
		c->style = FO_STYLE_OK;
		return;
	}
	const char *what = !charger      ? "occupied"
	                   : v->charging ? "charging"
	                                 : "blocked (not charging)";
	if (p->count > 1)
		snprintf(c->text, sizeof c->text, "%s +%u", what, p->count - 1);
	else
		snprintf(c->text, sizeof c->text, "%s", what);
	c->style = charger && !v->charging ? FO_STYLE_WARN : FO_STYLE_ACCENT;
}

static void place_cell(fo_core *core, resources_state *s, place_list *l, size_t row, size_t col,
                       fo_cell *c)
{
	fo_model *m = fo_core_model(core);
	c->text[0] = '\0';
	c->is_num = false;
	c->num = 0;
	c->style = FO_STYLE_NORMAL;
	refresh(s, m, l);
	if (row >= l->n)
		return;
	const place *p = &l->rows[row];
	const fo_map_node *n = fo_model_node(m, p->node);
	const fo_vehicle *v = p->vehicle == NO_ROW ? NULL : fo_model_vehicle(m, p->vehicle);
	switch (col) {
	case PC_NODE:
		snprintf(c->text, sizeof c->text, "%s", n->id);
		break;
	case PC_ZONE: {
		const fo_map_zone *z = fo_model_zone(m, n->zone);
		snprintf(c->text, sizeof c->text, "%s", z ? z->id : "");
		break;
	}
	case PC_POS:
		snprintf(c->text, sizeof c->text, "%.0f,%.0f", n->x, n->y);
		break;
	case PC_STATUS:
		status_text(v, p, l->kind == FO_NODE_CHARGER, c);
		break;
	case PC_VEHICLE:
		snprintf(c->text, sizeof c->text, "%s", v ? v->id : "");
		break;
	case PC_BATT:
		if (v) {
			c->is_num = true;
			c->num = v->battery;
			snprintf(c->text, sizeof c->text, "%.0f", v->battery);
		}
		break;
	default:
		break;
	}
}

static void charger_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	resources_state *s = ud;
	place_cell(core, s, &s->chargers, row, col, c);
}

static void parking_cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *c)
{
	resources_state *s = ud;
	place_cell(core, s, &s->parking, row, col, c);
}

static const fo_view_spec resources_views[] = {
    {
        .name = "resources.chargers",
        .title = "Chargers",
        .summary = "chargers of the depot map and the vehicle on each now",
        .cols = place_cols,
        .ncols = PC__COUNT,
        .row_count = charger_rows,
        .cell = charger_cell,
        .row_key = charger_key,
        .generation = fo_view_model_generation,
        .empty_text = "no chargers on the site: start with --demo, or activate a layout "
                      "with charger stations (map import FILE --activate)",
    },
    {
        .name = "resources.parking",
        .title = "Parking",
        .summary = "parking places of the depot map and the vehicle on each now",
        .cols = place_cols,
        .ncols = PC__COUNT,
        .row_count = parking_rows,
        .cell = parking_cell,
        .row_key = parking_key,
        .generation = fo_view_model_generation,
        .empty_text = "no parking places on the site: start with --demo, or activate a "
                      "layout with parking stations (map import FILE --activate)",
    },
};

int res_places_register(res_state *rs, char *err, size_t errlen)
{
	resources_state *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->chargers.kind = FO_NODE_CHARGER;
	s->parking.kind = FO_NODE_PARKING;
	rs->places = s;
	for (size_t i = 0; i < FO_NELEMS(resources_views); i++)
		if (fo_view_register(rs->core, &resources_views[i], s) != 0) {
			snprintf(err, errlen, "view %s refused", resources_views[i].name);
			return -1;
		}
	return 0;
}

void res_places_free(res_state *rs)
{
	resources_state *s = rs->places;
	if (!s)
		return;
	free(s->row_of);
	free(s->chargers.rows);
	free(s->parking.rows);
	free(s);
	rs->places = NULL;
}
