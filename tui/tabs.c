/* tabs.c — the top lines: pane tabs, the pane's views as sub-tabs,
 * breadcrumbs with the view's action keys, and the pane's note. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

static void fill(tui *t, WINDOW *w, tui_role r)
{
	tui_set_role(t, w, r);
	wmove(w, 0, 0);
	whline(w, ' ', getmaxx(w));
}

static const char *tab_title(const tui_pane *p)
{
	return p->spec->title ? p->spec->title : p->spec->name;
}

/* Cells of the tab bar when titles other than the current one's are cut
 * to keep cells (0: the slot numbers alone). */
static int bar_width(tui *t, int keep)
{
	int total = 0;
	for (size_t i = 0; i < t->npanes; i++) {
		int tw = tui_text_width(tab_title(&t->panes[i]));
		if (i == t->cur || tw <= keep)
			total += 5 + tw;
		else
			total += keep > 0 ? 5 + keep : 4;
	}
	return total;
}

void tui_tabs_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w), x = 0;
	werase(w);
	fill(t, w, TUI_R_TAB);
	t->ntabhits = 0;
	if (t->npanes == 0) {
		tui_put(t, w, 0, 1, "fleetops: no panes (no plugins loaded)", W - 1, false);
		return;
	}
	/* Narrow terminals: the other tabs' titles are cut (with an ellipsis)
	 * to the longest length that fits, down to the slot number alone; the
	 * current tab keeps its title. */
	int keep = 0, reserve = t->core->readonly ? 10 : 0;
	for (size_t i = 0; i < t->npanes; i++) {
		int tw = tui_text_width(tab_title(&t->panes[i]));
		keep = tw > keep ? tw : keep;
	}
	while (keep > 0 && bar_width(t, keep) + reserve > W)
		keep = keep > 3 ? keep - 1 : 0;
	for (size_t i = 0; i < t->npanes && x < W; i++) {
		const fo_pane_spec *ps = t->panes[i].spec;
		const char *title = tab_title(&t->panes[i]);
		char buf[80];
		int tw = tui_text_width(title);
		if (i == t->cur || tw <= keep)
			snprintf(buf, sizeof buf, " %d %s ", ps->slot, title);
		else if (keep > 0)
			snprintf(buf, sizeof buf, " %d %.*s%s ", ps->slot,
			         (int)tui_text_fit(title, keep - 1), title,
			         tui_glyph(t, "\u2026", "~"));
		else
			snprintf(buf, sizeof buf, " %d ", ps->slot);
		tui_set_role(t, w, i == t->cur ? TUI_R_TAB_ACTIVE : TUI_R_TAB);
		int used = tui_put(t, w, 0, x, buf, W - x, false);
		t->tabhits[t->ntabhits++] = (tui_hit){x, x + used, (int)i};
		x += used;
		tui_set_role(t, w, TUI_R_TAB);
		if (x < W)
			x += tui_put(t, w, 0, x, tui_glyph(t, "\u2502", "|"), 1, false);
	}
	if (t->core->readonly) {
		const char *ro = " READONLY ";
		int rw = (int)strlen(ro);
		if (W - rw > x) {
			tui_set_role(t, w, TUI_R_ERROR);
			tui_put(t, w, 0, W - rw, ro, rw, false);
		}
	}
}

void tui_sub_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w), x = 1;
	werase(w);
	t->nsubhits = 0;
	tui_pane *p = tui_cur_pane(t);
	if (!p)
		return;
	for (size_t v = 0; v < p->nviews && x < W; v++) {
		const fo_view_spec *s = fo_views_find(t->core->views, p->spec->views[v]);
		char buf[80];
		snprintf(buf, sizeof buf, " %s ", s && s->title ? s->title : p->spec->views[v]);
		tui_set_role(t, w, v == p->cur ? TUI_R_TAB_ACTIVE : TUI_R_DIM);
		int used = tui_put(t, w, 0, x, buf, W - x, false);
		t->subhits[t->nsubhits++] = (tui_hit){x, x + used, (int)v};
		x += used + 1;
	}
	if (p->nviews > 1 && x + 12 < W) {
		tui_set_role(t, w, TUI_R_DIM);
		tui_put(t, w, 0, x + 1, "[ ] switch", W - x - 1, false);
	}
}

void tui_crumb_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w);
	werase(w);
	tui_pane *p = tui_cur_pane(t);
	if (!p)
		return;
	char buf[512];
	const char *sep = tui_glyph(t, " \u203a ", " > ");
	int n = snprintf(buf, sizeof buf, "%s", p->spec->title ? p->spec->title : p->spec->name);
	for (int i = 0; i < p->depth && n > 0 && (size_t)n < sizeof buf; i++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s", sep, p->stack[i].label);
	tui_set_role(t, w, TUI_R_ACCENT);
	int used = tui_put(t, w, 0, 1, buf, W - 2, false);
	/* The view's action keys, right of the crumbs. */
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->spec || lv->spec->nactions == 0)
		return;
	char acts[256];
	size_t a = 0;
	acts[0] = '\0';
	for (size_t i = 0; i < lv->spec->nactions && a < sizeof acts; i++) {
		const fo_view_action *va = &lv->spec->actions[i];
		char kn[24];
		tui_key_name(va->key, kn, sizeof kn);
		int k = snprintf(acts + a, sizeof acts - a, "%s%s %s", a ? "  " : "", kn,
		                 va->label ? va->label : "");
		if (k < 0)
			break;
		a += (size_t)k;
	}
	int aw = tui_text_width(acts);
	if (1 + used + 3 + aw < W) {
		tui_set_role(t, w, TUI_R_DIM);
		tui_put(t, w, 0, W - aw - 1, acts, aw, false);
	}
}

void tui_note_draw(tui *t, WINDOW *w)
{
	werase(w);
	tui_pane *p = tui_cur_pane(t);
	if (!p || !p->spec->note)
		return;
	tui_set_role(t, w, TUI_R_WARN);
	/* word-wrapped over the note's lines; the last one is cut */
	const char *s = p->spec->note;
	int W = getmaxx(w) - 2, H = getmaxy(w);
	for (int y = 0; y < H && *s; y++) {
		while (*s == ' ')
			s++;
		size_t len = strlen(s), cut = len;
		if (y < H - 1 && tui_text_width(s) > W) {
			/* last space that keeps the line within W cells (ASCII
			 * notes; wider text is simply clipped by tui_put) */
			cut = 0;
			for (size_t i = 0; i < len && (int)i <= W; i++)
				if (s[i] == ' ')
					cut = i;
			if (cut == 0)
				cut = (size_t)W;
		}
		char buf[512];
		snprintf(buf, sizeof buf, "%.*s", (int)(cut < sizeof buf ? cut : sizeof buf - 1),
		         s);
		if (y == H - 1 && tui_text_width(s) > W) {
			/* more than fits: end with an ellipsis; `?` shows it all */
			const char *more = tui_glyph(t, "\u2026", "...");
			int keep = W - tui_text_width(more);
			if (keep < 0)
				keep = 0;
			snprintf(buf, sizeof buf, "%.*s%s", keep, s, more);
		}
		tui_put(t, w, y, 1, buf, W, false);
		s += cut;
	}
}
