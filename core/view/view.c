/* view.c — the registered views and panes. */
#include "view.h"

#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const void *spec; /* borrowed: the registrant's static table */
	void *ud;         /* views: passed to every callback */
	int owner;
	fo_view_figure_fn figure; /* views: an HTML report's figure, or NULL */
} fo_reg_entry;

typedef struct {
	fo_reg_entry *items;
	size_t n, cap;
} fo_reg_list;

struct fo_views {
	fo_reg_list views; /* sorted by name */
	fo_reg_list panes; /* sorted by slot */
};

fo_views *fo_views_new(void)
{
	fo_views *v = calloc(1, sizeof *v);
	if (!v)
		abort();
	return v;
}

void fo_views_free(fo_views *v)
{
	if (!v)
		return;
	free(v->views.items);
	free(v->panes.items);
	free(v);
}

static void list_insert(fo_reg_list *l, size_t pos, const void *spec, void *ud, int owner)
{
	l->items = fo_grow(l->items, &l->cap, l->n + 1, sizeof *l->items, 16);
	memmove(&l->items[pos + 1], &l->items[pos], (l->n - pos) * sizeof *l->items);
	l->items[pos].spec = spec;
	l->items[pos].ud = ud;
	l->items[pos].owner = owner;
	l->items[pos].figure = NULL;
	l->n++;
}

static void list_remove_owner(fo_reg_list *l, int owner)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].owner != owner)
			l->items[k++] = l->items[i];
	l->n = k;
}

int fo_views_add(fo_views *v, const fo_view_spec *s, void *ud, int owner, char *err, size_t errlen)
{
	if (!s || !s->name || !*s->name || !s->title || !s->cols || !s->ncols || s->ncols > 64 ||
	    !s->row_count || !s->cell || !s->row_key || !s->generation) {
		snprintf(err, errlen,
		         "view '%s': needs a name, a title, 1..64 columns, "
		         "row_count, cell, row_key and generation",
		         s && s->name ? s->name : "?");
		return -1;
	}
	for (size_t i = 0; i < s->ncols; i++) {
		if (!s->cols[i].name || !s->cols[i].title) {
			snprintf(err, errlen, "view '%s': column %zu has no name or title", s->name,
			         i + 1);
			return -1;
		}
	}
	if (s->drill_view && !s->drill_column) {
		snprintf(err, errlen, "view '%s': drill_view needs drill_column", s->name);
		return -1;
	}
	size_t pos = 0;
	while (pos < v->views.n &&
	       strcmp(((const fo_view_spec *)v->views.items[pos].spec)->name, s->name) < 0)
		pos++;
	if (pos < v->views.n &&
	    strcmp(((const fo_view_spec *)v->views.items[pos].spec)->name, s->name) == 0) {
		snprintf(err, errlen, "view '%s' is already registered", s->name);
		return -1;
	}
	list_insert(&v->views, pos, s, ud, owner);
	return 0;
}

int fo_views_add_pane(fo_views *v, const fo_pane_spec *p, int owner, char *err, size_t errlen)
{
	if (!p || !p->name || !p->title || !p->views || p->slot < 0 || p->slot > 9) {
		snprintf(err, errlen, "pane '%s': needs a name, a title, views and a slot 0..9",
		         p && p->name ? p->name : "?");
		return -1;
	}
	size_t pos = 0;
	for (; pos < v->panes.n; pos++) {
		const fo_pane_spec *q = v->panes.items[pos].spec;
		if (q->slot == p->slot) {
			snprintf(err, errlen, "pane '%s': slot %d is taken by pane '%s'", p->name,
			         p->slot, q->name);
			return -1;
		}
		if (q->slot > p->slot)
			break;
	}
	list_insert(&v->panes, pos, p, NULL, owner);
	return 0;
}

void fo_views_remove_owner(fo_views *v, int owner)
{
	list_remove_owner(&v->views, owner);
	list_remove_owner(&v->panes, owner);
}

size_t fo_views_count(const fo_views *v)
{
	return v->views.n;
}

const fo_view_spec *fo_views_at(const fo_views *v, size_t i)
{
	return i < v->views.n ? v->views.items[i].spec : NULL;
}

void *fo_views_ud(const fo_views *v, const fo_view_spec *s)
{
	for (size_t i = 0; i < v->views.n; i++)
		if (v->views.items[i].spec == s)
			return v->views.items[i].ud;
	return NULL;
}

void *fo_view_ud(fo_core *core, const fo_view_spec *s)
{
	return fo_views_ud(core->views, s);
}

int fo_views_set_figure(fo_views *v, const fo_view_spec *s, fo_view_figure_fn fn)
{
	for (size_t i = 0; i < v->views.n; i++)
		if (v->views.items[i].spec == s) {
			v->views.items[i].figure = fn;
			return 0;
		}
	return -1;
}

fo_view_figure_fn fo_views_figure(const fo_views *v, const fo_view_spec *s)
{
	for (size_t i = 0; i < v->views.n; i++)
		if (v->views.items[i].spec == s)
			return v->views.items[i].figure;
	return NULL;
}

const fo_view_spec *fo_views_find(const fo_views *v, const char *name)
{
	for (size_t i = 0; i < v->views.n; i++) {
		const fo_view_spec *s = v->views.items[i].spec;
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

/* A view by its full name; a domain by its only view, by its view
 * DOMAIN.all, or by the first view of its pane; or a view by the part after the dot when only one
 * view has it ('-' read as '_': `report safety-events` is missions.safety_events). */
const fo_view_spec *fo_views_resolve(const fo_views *v, const char *name, size_t *nmatch)
{
	const fo_view_spec *hit = fo_views_find(v, name);
	size_t n = hit ? 1 : 0, len = strlen(name);
	for (size_t i = 0; !fo_views_find(v, name) && i < v->views.n; i++) {
		const fo_view_spec *s = v->views.items[i].spec;
		if (strncmp(s->name, name, len) == 0 && s->name[len] == '.') {
			n++;
			hit = s;
		}
	}
	if (n > 1 && len < 64 && !strchr(name, '.')) {
		char all[80];
		snprintf(all, sizeof all, "%s.all", name);
		const fo_view_spec *a = fo_views_find(v, all);
		/* else the first view of the pane of that name (`report alerts`:
		 * the firing alerts, as the Alerts pane opens) */
		for (size_t i = 0; !a && i < v->panes.n; i++) {
			const fo_pane_spec *p = v->panes.items[i].spec;
			if (strcmp(p->name, name) == 0 && p->views && p->views[0])
				a = fo_views_find(v, p->views[0]);
		}
		if (a) {
			hit = a;
			n = 1;
		}
	}
	if (n == 0 && len < 64 && !strchr(name, '.')) {
		char want[64];
		for (size_t i = 0; i <= len; i++)
			want[i] = name[i] == '-' ? '_' : name[i];
		for (size_t i = 0; i < v->views.n; i++) {
			const fo_view_spec *s = v->views.items[i].spec;
			const char *dot = strchr(s->name, '.');
			if (dot && strcmp(dot + 1, want) == 0) {
				n++;
				hit = s;
			}
		}
	}
	if (nmatch)
		*nmatch = n;
	return n == 1 ? hit : NULL;
}

size_t fo_views_pane_count(const fo_views *v)
{
	return v->panes.n;
}

const fo_pane_spec *fo_views_pane_at(const fo_views *v, size_t i)
{
	return i < v->panes.n ? v->panes.items[i].spec : NULL;
}

int fo_view_column_index(const fo_view_spec *s, const char *name)
{
	for (size_t i = 0; i < s->ncols; i++)
		if (strcmp(s->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}
