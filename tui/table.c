/* table.c — a view state drawn as a table: header with the sort marker,
 * rows with the cursor, empty text; cursor movement and sort keys. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_COLS 64

int tui_table_height(tui *t)
{
	int h = t->win[TUI_W_MAIN] ? getmaxy(t->win[TUI_W_MAIN]) - 1 : 1;
	return h > 1 ? h : 1;
}

/* Keeps the cursor inside the rows and on screen. */
static void clamp(tui *t, tui_level *lv)
{
	size_t n = lv->vs ? fo_viewstate_rows(lv->vs) : 0;
	size_t h = (size_t)tui_table_height(t);
	if (n == 0) {
		lv->sel = lv->top = 0;
		return;
	}
	if (lv->sel >= n)
		lv->sel = n - 1;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + h)
		lv->top = lv->sel - h + 1;
	if (lv->top + h > n)
		lv->top = n > h ? n - h : 0;
}

void tui_table_move(tui *t, tui_level *lv, long delta)
{
	size_t n = lv->vs ? fo_viewstate_rows(lv->vs) : 0;
	if (n == 0)
		return;
	long s = (long)lv->sel + delta;
	if (s < 0)
		s = 0;
	if ((size_t)s >= n)
		s = (long)n - 1;
	lv->sel = (size_t)s;
	clamp(t, lv);
	t->dirty[TUI_W_MAIN] = true;
}

void tui_table_goto(tui *t, tui_level *lv, size_t row)
{
	lv->sel = row;
	clamp(t, lv);
	t->dirty[TUI_W_MAIN] = true;
}

void tui_sort_cycle(tui *t, tui_level *lv)
{
	if (!lv || !lv->vs)
		return;
	const fo_view_spec *s = lv->spec;
	int col = fo_viewstate_sort_col(lv->vs);
	/* natural -> each visible column -> natural */
	for (int i = 0; i <= (int)s->ncols; i++) {
		col++;
		if (col >= (int)s->ncols) {
			col = -1;
			break;
		}
		if (fo_viewstate_visible(lv->vs, col))
			break;
	}
	fo_viewstate_set_sort(lv->vs, col, fo_viewstate_sort_desc(lv->vs));
	if (col < 0)
		tui_message(t, false, "sort: natural order");
	else
		tui_message(t, false, "sort: %s %s", s->cols[col].title,
		            fo_viewstate_sort_desc(lv->vs) ? "descending" : "ascending");
	t->dirty[TUI_W_MAIN] = t->dirty[TUI_W_STATUS] = true;
}

void tui_sort_reverse(tui *t, tui_level *lv)
{
	if (!lv || !lv->vs)
		return;
	int col = fo_viewstate_sort_col(lv->vs);
	bool desc = !fo_viewstate_sort_desc(lv->vs);
	fo_viewstate_set_sort(lv->vs, col, desc);
	tui_message(t, false, "sort: %s", desc ? "descending" : "ascending");
	t->dirty[TUI_W_MAIN] = t->dirty[TUI_W_STATUS] = true;
}

#define TUI_COL_MAX 40 /* a column grows to fit its cells up to this */

/* The header of a column: its title and, for a unit of measure (%, s, km,
 * m/s), the unit, since the cells show bare numbers.  A counted noun
 * ("vehicles", "nodes") stays out: the title already says what is counted,
 * and the reports carry it. */
static void col_title(const fo_column *c, char *buf, size_t len)
{
	const char *title = c->title ? c->title : c->name;
	const char *u = c->unit;
	bool measure = false;
	if (u && *u) {
		measure = strlen(u) <= 3;
		for (const char *p = u; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
				measure = true;
	}
	if (measure && !strstr(title, u))
		snprintf(buf, len, "%s %s", title, u);
	else
		snprintf(buf, len, "%s", title);
}

static int col_width(const fo_column *c, int seen)
{
	int w = c->width > 0 ? c->width : 10;
	char title[96];
	col_title(c, title, sizeof title);
	int tw = tui_text_width(title);
	if (tw > w)
		w = tw;
	return seen > w ? (seen > TUI_COL_MAX ? TUI_COL_MAX : seen) : w;
}

/* Remembers the widest cell of each column among the rows on screen. */
static void measure(tui_level *lv, int H)
{
	const fo_view_spec *s = lv->spec;
	size_t n = fo_viewstate_rows(lv->vs);
	fo_cell cell;
	for (int y = 1; y < H && lv->top + (size_t)(y - 1) < n; y++) {
		for (size_t c = 0; c < s->ncols && c < MAX_COLS; c++) {
			if (!fo_viewstate_visible(lv->vs, (int)c))
				continue;
			fo_viewstate_cell(lv->vs, lv->top + (size_t)(y - 1), c, &cell);
			int tw = tui_text_width(cell.text);
			if (tw > lv->colw[c])
				lv->colw[c] = (uint8_t)(tw > 255 ? 255 : tw);
		}
	}
}

void tui_table_draw(tui *t, WINDOW *w, tui_level *lv)
{
	int H = getmaxy(w), W = getmaxx(w);
	werase(w);
	if (!lv || !lv->spec) {
		tui_pane *p = tui_cur_pane(t);
		tui_set_role(t, w, TUI_R_WARN);
		if (!p)
			tui_put(t, w, 1, 1,
			        "No panes are registered: no plugin is loaded (see :plugins list).",
			        W - 2, false);
		else if (p->nviews == 0)
			tui_put(t, w, 1, 1, "This pane has no views yet.", W - 2, false);
		else
			tui_put(t, w, 1, 1, "This pane's view is not registered.", W - 2, false);
		return;
	}
	const fo_view_spec *s = lv->spec;
	int vis[MAX_COLS], wid[MAX_COLS], nvis = 0, x = 0;
	clamp(t, lv);
	measure(lv, H);
	for (size_t c = 0; c < s->ncols && nvis < MAX_COLS && x < W; c++) {
		if (!fo_viewstate_visible(lv->vs, (int)c))
			continue;
		vis[nvis] = (int)c;
		wid[nvis] = col_width(&s->cols[c], lv->colw[c]);
		if (x + wid[nvis] > W)
			wid[nvis] = W - x;
		x += wid[nvis] + 1;
		nvis++;
	}
	/* header */
	int sc = fo_viewstate_sort_col(lv->vs);
	bool desc = fo_viewstate_sort_desc(lv->vs);
	tui_set_role(t, w, TUI_R_HEADER);
	wmove(w, 0, 0);
	whline(w, ' ', W);
	x = 0;
	for (int i = 0; i < nvis; i++) {
		const fo_column *c = &s->cols[vis[i]];
		char title[96], head[128];
		col_title(c, title, sizeof title);
		snprintf(head, sizeof head, "%s%s", title,
		         vis[i] == sc
		             ? (desc ? tui_glyph(t, "\u25bc", "v") : tui_glyph(t, "\u25b2", "^"))
		             : "");
		bool num = c->type != FO_COL_TEXT;
		tui_put(t, w, 0, x, head, wid[i], num);
		x += wid[i] + 1;
	}
	t->table_y = 1;
	size_t n = fo_viewstate_rows(lv->vs);
	clamp(t, lv);
	if (n == 0) {
		const char *f = fo_viewstate_filter(lv->vs);
		char buf[256];
		if (f && *f)
			snprintf(buf, sizeof buf, "No rows match the filter '%s'.", f);
		else
			snprintf(buf, sizeof buf, "%s", s->empty_text ? s->empty_text : "No rows.");
		tui_set_role(t, w, TUI_R_DIM);
		tui_put(t, w, 2 < H ? 2 : H - 1, 1, buf, W - 2, false);
		return;
	}
	for (int y = 1; y < H; y++) {
		size_t r = lv->top + (size_t)(y - 1);
		if (r >= n)
			break;
		bool selected = r == lv->sel;
		if (selected) {
			tui_set_role(t, w, TUI_R_SELECTED);
			wmove(w, y, 0);
			whline(w, ' ', W);
		}
		x = 0;
		for (int i = 0; i < nvis; i++) {
			fo_cell cell;
			memset(&cell, 0, sizeof cell);
			fo_viewstate_cell(lv->vs, r, (size_t)vis[i], &cell);
			cell.text[sizeof cell.text - 1] = '\0';
			tui_set_role(t, w, selected ? TUI_R_SELECTED : tui_style_role(cell.style));
			tui_put(t, w, y, x, cell.text, wid[i], s->cols[vis[i]].type != FO_COL_TEXT);
			x += wid[i] + 1;
		}
	}
	tui_set_role(t, w, TUI_R_NORMAL);
}
