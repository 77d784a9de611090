/* popup.c — windows over the main area: scrollable text (help, command
 * output), the y/N confirmation before a dangerous command, and the
 * column chooser. */
#include "tui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lines_free(tui_popup *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i]);
	free(p->lines);
	p->lines = NULL;
	p->nlines = p->cap = 0;
}

void tui_popup_open(tui *t, tui_popup_kind kind, const char *title)
{
	lines_free(&t->pop);
	t->pop.kind = kind;
	t->pop.scroll = 0;
	t->pop.sel = 0;
	t->pop.pending[0] = '\0';
	snprintf(t->pop.title, sizeof t->pop.title, "%s", title);
	t->mode = TUI_MODE_POPUP;
	t->dirty[TUI_W_MAIN] = true; /* the popup is drawn over a fresh main */
}

static void add_one(tui *t, const char *s, size_t n)
{
	tui_popup *p = &t->pop;
	p->lines = fo_grow(p->lines, &p->cap, p->nlines + 1, sizeof *p->lines, 64);
	char *l = fo_strndup(s, n);
	/* tabs would break the layout */
	for (char *c = l; *c; c++)
		if (*c == '\t')
			*c = ' ';
	p->lines[p->nlines++] = l;
}

/* Text cells a popup line can use: the widest popup is the whole screen
 * less its frame and margins (geometry, tui_popup_draw). */
static int text_cells(tui *t)
{
	int w = t->pop.kind == TUI_POP_CONFIRM ? 60 : t->cols;
	if (w > t->cols)
		w = t->cols;
	return w - 4 > 20 ? w - 4 : 20;
}

/* Adds a line, wrapped at word boundaries to the popup's width (a word
 * wider than the line is cut).  Continuation lines keep the line's indent
 * plus two and its "# " / "! " style mark. */
static void add_line(tui *t, const char *s, size_t n)
{
	char *line = fo_strndup(s, n);
	for (char *c = line; *c; c++)
		if (*c == '\t')
			*c = ' ';
	const char *mark = "";
	char *body = line;
	if ((line[0] == '#' || line[0] == '!') && line[1] == ' ') {
		mark = line[0] == '#' ? "# " : "! ";
		body = line + 2;
	}
	int width = text_cells(t);
	size_t indent = strspn(body, " ");
	if ((int)indent + 2 > width / 2)
		indent = 0;
	bool first = true;
	const char *p = body;
	while (first || *p) {
		int avail = first ? width : width - (int)indent - 2;
		size_t fit = tui_text_fit(p, avail);
		size_t cut = fit;
		if (p[fit]) {
			/* the last space in the part that fits, past the indent */
			for (size_t i = fit; i > (first ? indent : 0); i--)
				if (p[i] == ' ') {
					cut = i;
					break;
				}
			if (cut == 0)
				cut = fit ? fit : 1;
		}
		size_t pad = first ? 0 : indent + 2, ml = strlen(mark);
		char *piece = malloc(ml + pad + cut + 1);
		if (!piece)
			abort();
		memcpy(piece, mark, ml);
		memset(piece + ml, ' ', pad);
		memcpy(piece + ml + pad, p, cut);
		add_one(t, piece, ml + pad + cut);
		free(piece);
		p += cut;
		while (*p == ' ')
			p++;
		first = false;
	}
	free(line);
}

void tui_popup_add(tui *t, const char *fmt, ...)
{
	char buf[TUI_LINE_MAX * 2];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	add_line(t, buf, strlen(buf));
}

void tui_popup_add_text(tui *t, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		add_line(t, text, n);
		text += n + (nl ? 1 : 0);
	}
}

void tui_popup_close(tui *t)
{
	lines_free(&t->pop);
	t->pop.kind = TUI_POP_NONE;
	t->mode = TUI_MODE_NORMAL;
	if (t->popwin) {
		delwin(t->popwin);
		t->popwin = NULL;
	}
	tui_dirty_all(t);
}

/* A frame in plain characters: line-drawing glyphs by UTF-8, never the
 * terminal's alternate character set (tmux and some fonts mangle it). */
static void draw_frame(tui *t, WINDOW *pw, int h, int w)
{
	const char *hz = tui_glyph(t, "\u2500", "-"), *vt = tui_glyph(t, "\u2502", "|");
	for (int x = 1; x < w - 1; x++) {
		tui_put(t, pw, 0, x, hz, 1, false);
		tui_put(t, pw, h - 1, x, hz, 1, false);
	}
	for (int y = 1; y < h - 1; y++) {
		tui_put(t, pw, y, 0, vt, 1, false);
		tui_put(t, pw, y, w - 1, vt, 1, false);
	}
	tui_put(t, pw, 0, 0, tui_glyph(t, "\u250c", "+"), 1, false);
	tui_put(t, pw, 0, w - 1, tui_glyph(t, "\u2510", "+"), 1, false);
	tui_put(t, pw, h - 1, 0, tui_glyph(t, "\u2514", "+"), 1, false);
	/* the bottom-right cell of the screen must not scroll it */
	mvwins_nwstr(pw, h - 1, w - 1, t->caps.utf8 ? L"\u2518" : L"+", 1);
}

static int body_rows(tui *t)
{
	return t->popwin ? getmaxy(t->popwin) - 3 : 1;
}

static void geometry(tui *t, int *h, int *w)
{
	/* Full width when the text needs it: a box that stopped one column
	 * short left column 0 showing the table under it. */
	int maxh = t->rows - 2, maxw = t->cols;
	switch (t->pop.kind) {
	case TUI_POP_CONFIRM:
		*h = 6;
		*w = 60;
		break;
	case TUI_POP_COLUMNS: {
		tui_level *lv = tui_cur_level(t);
		*h = (lv && lv->spec ? (int)lv->spec->ncols : 1) + 4;
		*w = 44;
		break;
	}
	default: {
		/* as tall as the text needs, as wide as its longest line */
		int longest = tui_text_width(t->pop.title) + 6;
		for (size_t i = 0; i < t->pop.nlines; i++) {
			int lw = tui_text_width(t->pop.lines[i]) + 4;
			if (lw > longest)
				longest = lw;
		}
		*h = t->pop.nlines + 3 < (size_t)maxh ? (int)t->pop.nlines + 3 : maxh;
		*w = longest < 50 ? 50 : longest;
		break;
	}
	}
	if (*h > maxh)
		*h = maxh;
	if (*w > maxw)
		*w = maxw;
	if (*h < 3)
		*h = 3;
	if (*w < 10)
		*w = 10;
}

void tui_popup_draw(tui *t)
{
	if (t->pop.kind == TUI_POP_NONE)
		return;
	int h, w;
	geometry(t, &h, &w);
	if (!t->popwin || getmaxy(t->popwin) != h || getmaxx(t->popwin) != w) {
		if (t->popwin)
			delwin(t->popwin);
		t->popwin = newwin(h, w, (t->rows - h) / 2, (t->cols - w) / 2);
		if (!t->popwin)
			return;
		leaveok(t->popwin, TRUE);
	}
	WINDOW *pw = t->popwin;
	werase(pw);
	tui_set_role(t, pw, TUI_R_BORDER);
	draw_frame(t, pw, h, w);
	tui_set_role(t, pw, TUI_R_TITLE);
	char title[128];
	snprintf(title, sizeof title, " %s ", t->pop.title);
	tui_put(t, pw, 0, 2, title, w - 4, false);
	int rows = h - 3;
	if (t->pop.kind == TUI_POP_COLUMNS) {
		tui_level *lv = tui_cur_level(t);
		int first = t->pop.sel >= rows ? t->pop.sel - rows + 1 : 0;
		for (int y = 0; lv && lv->spec && y < rows && first + y < (int)lv->spec->ncols;
		     y++) {
			int i = first + y;
			const fo_column *c = &lv->spec->cols[i];
			char buf[128];
			snprintf(buf, sizeof buf, "[%c] %s",
			         fo_viewstate_visible(lv->vs, i) ? 'x' : ' ',
			         c->title ? c->title : c->name);
			tui_set_role(t, pw, i == t->pop.sel ? TUI_R_SELECTED : TUI_R_NORMAL);
			wmove(pw, 1 + y, 1);
			whline(pw, ' ', w - 2);
			tui_put(t, pw, 1 + y, 2, buf, w - 4, false);
		}
		tui_set_role(t, pw, TUI_R_DIM);
		tui_put(t, pw, h - 2, 2, "Space toggle  Esc close", w - 4, false);
	} else {
		for (int i = 0; i < rows; i++) {
			size_t li = (size_t)(t->pop.scroll + i);
			if (li >= t->pop.nlines)
				break;
			const char *l = t->pop.lines[li];
			tui_role r = TUI_R_NORMAL;
			if (l[0] == '!' && l[1] == ' ') {
				r = TUI_R_ERROR;
				l += 2;
			} else if (l[0] == '#' && l[1] == ' ') {
				r = TUI_R_HEADER;
				l += 2;
			}
			tui_set_role(t, pw, r);
			tui_put(t, pw, 1 + i, 2, l, w - 4, false);
		}
		tui_set_role(t, pw, TUI_R_DIM);
		char foot[96];
		if (t->pop.kind == TUI_POP_CONFIRM)
			snprintf(foot, sizeof foot, "y confirm   any other key cancels");
		else
			snprintf(foot, sizeof foot,
			         "%d-%d of %zu   j/k PgUp/PgDn scroll, Esc/q close",
			         t->pop.nlines ? t->pop.scroll + 1 : 0,
			         (int)((size_t)(t->pop.scroll + rows) < t->pop.nlines
			                   ? (size_t)(t->pop.scroll + rows)
			                   : t->pop.nlines),
			         t->pop.nlines);
		tui_put(t, pw, h - 2, 2, foot, w - 4, false);
	}
	tui_set_role(t, pw, TUI_R_NORMAL);
	touchwin(pw);
	wnoutrefresh(pw);
}

static void scroll_text(tui *t, long delta)
{
	long max = (long)t->pop.nlines - body_rows(t);
	long s = t->pop.scroll + delta;
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	t->pop.scroll = (int)s;
}

static void columns_key(tui *t, int key, tui_action a)
{
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->spec || !lv->vs) {
		tui_popup_close(t);
		return;
	}
	int n = (int)lv->spec->ncols;
	if (a == TUI_A_UP && t->pop.sel > 0)
		t->pop.sel--;
	else if (a == TUI_A_DOWN && t->pop.sel + 1 < n)
		t->pop.sel++;
	else if (key == ' ' || key == '\n' || key == 'x') {
		bool vis = fo_viewstate_visible(lv->vs, t->pop.sel);
		fo_viewstate_set_visible(lv->vs, t->pop.sel, !vis);
		t->dirty[TUI_W_MAIN] = true;
	} else if (a == TUI_A_BACK || a == TUI_A_QUIT || a == TUI_A_COLUMNS)
		tui_popup_close(t);
}

void tui_popup_key(tui *t, int key)
{
	tui_action a = tui_keymap_lookup(&t->keymap, key);
	if (t->pop.kind == TUI_POP_CONFIRM) {
		char cmd[TUI_LINE_MAX];
		snprintf(cmd, sizeof cmd, "%s", t->pop.pending);
		tui_popup_close(t);
		if (key == 'y' || key == 'Y')
			tui_run_command(t, cmd, true);
		else
			tui_message(t, false, "cancelled: %s", cmd);
		return;
	}
	if (t->pop.kind == TUI_POP_COLUMNS) {
		columns_key(t, key, a);
		return;
	}
	int page = body_rows(t);
	switch (a) {
	case TUI_A_UP:
		scroll_text(t, -1);
		break;
	case TUI_A_DOWN:
		scroll_text(t, 1);
		break;
	case TUI_A_PAGE_UP:
		scroll_text(t, -page);
		break;
	case TUI_A_PAGE_DOWN:
		scroll_text(t, page);
		break;
	case TUI_A_HALF_UP:
		scroll_text(t, -page / 2);
		break;
	case TUI_A_HALF_DOWN:
		scroll_text(t, page / 2);
		break;
	case TUI_A_TOP:
		scroll_text(t, -(long)t->pop.nlines);
		break;
	case TUI_A_BOTTOM:
		scroll_text(t, (long)t->pop.nlines);
		break;
	case TUI_A_BACK:
	case TUI_A_QUIT:
	case TUI_A_HELP:
	case TUI_A_ENTER:
		tui_popup_close(t);
		return;
	default:
		break;
	}
	t->dirty[TUI_W_MAIN] = true;
}
