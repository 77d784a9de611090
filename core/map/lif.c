/* lif.c — the LIF layout model (lif.h): freeing it, finding elements by
 * id, getting and setting extra members.  The reader is lif_parse.c (its
 * diagnostics lif_diag.c), the writer lif_write.c. */
#include "lif.h"

#include "fleetops_plugin.h"

#include <stdlib.h>
#include <string.h>

static void extras_free(fo_lif_extras *x)
{
	for (size_t i = 0; i < x->n; i++) {
		free(x->v[i].key);
		free(x->v[i].json);
	}
	free(x->v);
}

static void actions_free(fo_lif_action *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].type);
		free(a[i].description);
		for (size_t j = 0; j < a[i].nparams; j++) {
			free(a[i].params[j].key);
			free(a[i].params[j].value_json);
		}
		free(a[i].params);
		extras_free(&a[i].extra);
	}
	free(a);
}

static void strings_free(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

static void node_free(fo_lif_node *n)
{
	free(n->id);
	free(n->name);
	free(n->description);
	free(n->map_id);
	extras_free(&n->pos_extra);
	for (size_t i = 0; n->types && i < n->ntypes; i++) {
		free(n->types[i].vehicle_type_id);
		actions_free(n->types[i].actions, n->types[i].nactions);
		extras_free(&n->types[i].extra);
	}
	free(n->types);
	extras_free(&n->extra);
}

static void edge_type_free(fo_lif_edge_type *t)
{
	free(t->vehicle_type_id);
	strings_free(t->load.load_sets, t->load.nload_sets);
	extras_free(&t->load.extra);
	actions_free(t->actions, t->nactions);
	if (t->trajectory) {
		free(t->trajectory->knots);
		for (size_t i = 0; t->trajectory->points && i < t->trajectory->npoints; i++)
			extras_free(&t->trajectory->points[i].extra);
		free(t->trajectory->points);
		extras_free(&t->trajectory->extra);
		free(t->trajectory);
	}
	extras_free(&t->extra);
}

static void edge_free(fo_lif_edge *e)
{
	free(e->id);
	free(e->name);
	free(e->description);
	free(e->start);
	free(e->end);
	for (size_t i = 0; e->types && i < e->ntypes; i++)
		edge_type_free(&e->types[i]);
	free(e->types);
	extras_free(&e->extra);
}

static void station_free(fo_lif_station *s)
{
	free(s->id);
	free(s->name);
	free(s->description);
	strings_free(s->nodes, s->nnodes);
	extras_free(&s->pos_extra);
	extras_free(&s->extra);
}

static void layout_free(fo_lif_layout *l)
{
	free(l->id);
	free(l->name);
	free(l->version);
	free(l->level_id);
	free(l->description);
	for (size_t i = 0; l->nodes && i < l->nnodes; i++)
		node_free(&l->nodes[i]);
	free(l->nodes);
	for (size_t i = 0; l->edges && i < l->nedges; i++)
		edge_free(&l->edges[i]);
	free(l->edges);
	for (size_t i = 0; l->stations && i < l->nstations; i++)
		station_free(&l->stations[i]);
	free(l->stations);
	extras_free(&l->extra);
	fo_idmap_free(&l->node_map);
	fo_idmap_free(&l->edge_map);
	fo_idmap_free(&l->station_map);
}

void fo_lif_free(fo_lif *lif)
{
	if (!lif)
		return;
	free(lif->project);
	free(lif->creator);
	free(lif->timestamp);
	free(lif->version);
	extras_free(&lif->meta_extra);
	for (size_t i = 0; lif->layouts && i < lif->nlayouts; i++)
		layout_free(&lif->layouts[i]);
	free(lif->layouts);
	extras_free(&lif->extra);
	free(lif);
}

long fo_lif_node_find(const fo_lif_layout *l, const char *id)
{
	return fo_idmap_get(&l->node_map, id);
}

long fo_lif_edge_find(const fo_lif_layout *l, const char *id)
{
	return fo_idmap_get(&l->edge_map, id);
}

long fo_lif_station_find(const fo_lif_layout *l, const char *id)
{
	return fo_idmap_get(&l->station_map, id);
}

long fo_lif_layout_find(const fo_lif *lif, const char *id)
{
	for (size_t i = 0; id && i < lif->nlayouts; i++)
		if (lif->layouts[i].id && strcmp(lif->layouts[i].id, id) == 0)
			return (long)i;
	return -1;
}

const char *fo_lif_extra_get(const fo_lif_extras *x, const char *key)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->v[i].key, key) == 0)
			return x->v[i].json;
	return NULL;
}

void fo_lif_extra_set(fo_lif_extras *x, const char *key, const char *json)
{
	size_t i = 0;
	while (i < x->n && strcmp(x->v[i].key, key) != 0)
		i++;
	if (i < x->n) {
		free(x->v[i].json);
		if (json) {
			x->v[i].json = fo_strdup(json);
			return;
		}
		free(x->v[i].key);
		memmove(&x->v[i], &x->v[i + 1], (x->n - i - 1) * sizeof *x->v);
		x->n--;
		return;
	}
	if (!json)
		return;
	/* extras are sized exactly (the reader allocates n), so grow by one */
	fo_lif_extra *v = realloc(x->v, (x->n + 1) * sizeof *v);
	if (!v)
		abort();
	x->v = v;
	x->v[x->n++] = (fo_lif_extra){fo_strdup(key), fo_strdup(json)};
}
