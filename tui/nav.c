/* nav.c — panes (tabs), their views (sub-tabs) and the drill-down stack:
 * Enter pushes a scoped view or a row's detail, back pops. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

void tui_panes_load(tui *t)
{
	t->npanes = 0;
	size_t n = fo_views_pane_count(t->core->views);
	for (size_t i = 0; i < n && t->npanes < TUI_MAX_TABS; i++) {
		const fo_pane_spec *ps = fo_views_pane_at(t->core->views, i);
		if (!ps)
			continue;
		tui_pane *p = &t->panes[t->npanes++];
		memset(p, 0, sizeof *p);
		p->spec = ps;
		while (ps->views && ps->views[p->nviews] && p->nviews < TUI_MAX_VIEWS)
			p->nviews++;
	}
	tui_map_add_pane(t);
	t->cur = 0;
	if (t->npanes)
		tui_select_view(t, 0);
}

static void level_free(tui_level *lv, bool owns_vs)
{
	if (owns_vs && lv->vs)
		fo_viewstate_free(lv->vs);
	if (lv->detail)
		fo_detail_free(lv->detail);
	memset(lv, 0, sizeof *lv);
}

static void pane_pop_to(tui_pane *p, int depth)
{
	while (p->depth > depth) {
		p->depth--;
		level_free(&p->stack[p->depth], p->depth > 0);
	}
}

void tui_panes_free(tui *t)
{
	for (size_t i = 0; i < t->npanes; i++) {
		tui_pane *p = &t->panes[i];
		pane_pop_to(p, 0);
		for (size_t v = 0; v < TUI_MAX_VIEWS; v++)
			if (p->cache[v])
				fo_viewstate_free(p->cache[v]);
		memset(p, 0, sizeof *p);
	}
	t->npanes = 0;
	tui_map_free(t);
}

tui_pane *tui_cur_pane(tui *t)
{
	return t->cur < t->npanes ? &t->panes[t->cur] : NULL;
}

tui_level *tui_cur_level(tui *t)
{
	tui_pane *p = tui_cur_pane(t);
	return p && p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
}

static void main_changed(tui *t)
{
	t->dirty[TUI_W_SUB] = t->dirty[TUI_W_CRUMB] = t->dirty[TUI_W_MAIN] = true;
	t->dirty[TUI_W_STATUS] = t->dirty[TUI_W_NOTE] = true;
}

void tui_select_view(tui *t, size_t v)
{
	tui_pane *p = tui_cur_pane(t);
	if (!p)
		return;
	if (p->depth > 0 && p->cur < TUI_MAX_VIEWS)
		p->sel[p->cur] = p->stack[0].sel;
	pane_pop_to(p, 0);
	if (p->nviews == 0)
		return;
	p->cur = v % p->nviews;
	const char *name = p->spec->views[p->cur];
	const fo_view_spec *spec = fo_views_find(t->core->views, name);
	tui_level *lv = &p->stack[0];
	memset(lv, 0, sizeof *lv);
	p->depth = 1;
	lv->spec = spec;
	snprintf(lv->label, sizeof lv->label, "%s", spec && spec->title ? spec->title : name);
	if (spec) {
		if (!p->cache[p->cur]) {
			p->cache[p->cur] = fo_viewstate_new(t->core, spec);
			if (p->cache[p->cur])
				fo_viewstate_set_reindex_interval(p->cache[p->cur], t->reindex_ms);
		}
		lv->vs = p->cache[p->cur];
		lv->sel = p->sel[p->cur];
	}
	main_changed(t);
}

void tui_select_pane(tui *t, size_t i)
{
	if (i >= t->npanes || i == t->cur)
		return;
	t->cur = i;
	tui_pane *p = tui_cur_pane(t);
	if (p->depth == 0)
		tui_select_view(t, p->cur);
	t->dirty[TUI_W_TABS] = true;
	main_changed(t);
}

void tui_select_slot(tui *t, int slot)
{
	for (size_t i = 0; i < t->npanes; i++)
		if (t->panes[i].spec->slot == slot) {
			tui_select_pane(t, i);
			return;
		}
	tui_message(t, true, "no pane in slot %d", slot);
}

/* Rebuilds a detail level from the view's detail callback. */
void tui_refresh_level(tui *t, tui_level *lv)
{
	if (!lv->detail || !lv->spec)
		return;
	fo_detail_reset(lv->detail);
	lv->gone = fo_view_detail(t->core, lv->spec, lv->key, lv->detail) != FO_OK;
}

void tui_enter(tui *t)
{
	tui_pane *p = tui_cur_pane(t);
	tui_level *lv = tui_cur_level(t);
	if (!p || !lv || !lv->vs || lv->detail)
		return;
	if (fo_viewstate_rows(lv->vs) == 0 || lv->sel >= fo_viewstate_rows(lv->vs))
		return;
	if (p->depth >= TUI_MAX_DEPTH) {
		tui_message(t, true, "drill-down is %d levels deep at most", TUI_MAX_DEPTH);
		return;
	}
	char key[96];
	fo_viewstate_key(lv->vs, lv->sel, key, sizeof key);
	const fo_view_spec *s = lv->spec;
	tui_level nl;
	memset(&nl, 0, sizeof nl);
	snprintf(nl.key, sizeof nl.key, "%s", key);
	if (s->drill_view && s->drill_column) {
		const fo_view_spec *ds = fo_views_find(t->core->views, s->drill_view);
		if (!ds) {
			tui_message(t, true, "view %s is not registered", s->drill_view);
			return;
		}
		nl.spec = ds;
		nl.vs = fo_viewstate_new(t->core, ds);
		if (!nl.vs) {
			tui_message(t, true, "cannot open view %s", s->drill_view);
			return;
		}
		fo_viewstate_set_reindex_interval(nl.vs, t->reindex_ms);
		if (fo_viewstate_set_scope(nl.vs, s->drill_column, key) != 0) {
			fo_viewstate_free(nl.vs);
			tui_message(t, true, "view %s has no column %s", s->drill_view,
			            s->drill_column);
			return;
		}
		int kl = (int)strnlen(key, 40);
		snprintf(nl.label, sizeof nl.label, "%.*s: %.40s", kl, key,
		         ds->title ? ds->title : ds->name);
	} else if (s->detail) {
		nl.spec = s;
		nl.detail = fo_detail_new();
		snprintf(nl.label, sizeof nl.label, "%s", key);
		tui_refresh_level(t, &nl);
		nl.gen = fo_model_generation(fo_core_model(t->core));
	} else {
		tui_message(t, false, "%s has no detail", s->title ? s->title : s->name);
		return;
	}
	p->stack[p->depth++] = nl;
	main_changed(t);
}

void tui_back(tui *t)
{
	tui_pane *p = tui_cur_pane(t);
	if (!p || p->depth <= 1)
		return;
	pane_pop_to(p, p->depth - 1);
	main_changed(t);
}
