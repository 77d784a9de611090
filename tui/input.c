/* input.c — one key (or mouse event) at a time: the mode decides who gets
 * it; in normal mode the key map names the action, then the view's own
 * action keys. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

/* Appends a row key to line at *o as one word of the command line: quoted
 * when it holds a space, a quote or a backslash (a vehicle id comes from
 * the vehicle: "AGV-1 --fatal" must stay one argument).  %{column} text is
 * put as it is: templates use it for text they mean to be split
 * (alert matchers). */
static void put_word(char *line, size_t size, size_t *o, const char *word)
{
	bool quote = strpbrk(word, " \t\n\r\v\f\"'\\") != NULL;
	if (quote && *o + 1 < size)
		line[(*o)++] = '"';
	for (const char *p = word; *p && *o + 1 < size; p++) {
		if (quote && (*p == '"' || *p == '\\')) {
			if (*o + 2 >= size)
				break;
			line[(*o)++] = '\\';
		}
		line[(*o)++] = *p;
	}
	if (quote && *o + 1 < size)
		line[(*o)++] = '"';
}

static void run_view_action(tui *t, tui_level *lv, const fo_view_action *va)
{
	if (!lv->vs || fo_viewstate_rows(lv->vs) == 0) {
		tui_message(t, true, "%s: no row selected", va->label ? va->label : "action");
		return;
	}
	char key[96];
	if (lv->detail)
		snprintf(key, sizeof key, "%s", lv->key);
	else
		fo_viewstate_key(lv->vs, lv->sel, key, sizeof key);
	/* expand %k (the row key) and %{column} (the row's cell text; from a
	 * detail, the row it shows) */
	size_t row = lv->sel;
	bool have_row = !lv->detail;
	if (lv->detail && lv->vs) {
		long r = fo_viewstate_find_key(lv->vs, key);
		if (r >= 0) {
			row = (size_t)r;
			have_row = true;
		}
	}
	char line[TUI_LINE_MAX];
	size_t o = 0;
	for (const char *c = va->command; c && *c && o + 1 < sizeof line; c++) {
		char cell_text[sizeof((fo_cell *)0)->text];
		const char *put = NULL;
		if (c[0] == '%' && c[1] == 'k') {
			put_word(line, sizeof line, &o, key);
			c++;
			continue;
		} else if (c[0] == '%' && c[1] == '{' && strchr(c, '}')) {
			const char *end = strchr(c, '}');
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(end - c - 2), c + 2);
			int col = fo_view_column_index(lv->spec, name);
			fo_cell cell;
			memset(&cell, 0, sizeof cell);
			if (col >= 0 && have_row)
				fo_viewstate_cell(lv->vs, row, (size_t)col, &cell);
			snprintf(cell_text, sizeof cell_text, "%s", cell.text);
			put = cell_text;
			c = end;
		}
		if (put) {
			int n = snprintf(line + o, sizeof line - o, "%s", put);
			if (n < 0)
				break;
			o += (size_t)n;
			if (o >= sizeof line)
				o = sizeof line - 1;
		} else {
			line[o++] = *c;
		}
	}
	line[o] = '\0';
	/* a command starting with ':' is put on the command line to edit */
	if (line[0] == ':')
		tui_line_open(t, TUI_MODE_CMD, line + 1);
	else
		tui_run_command(t, line, false);
}

static bool view_action(tui *t, int key)
{
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->spec)
		return false;
	/* on a detail level the actions of the view it came from apply */
	for (size_t i = 0; i < lv->spec->nactions; i++)
		if (lv->spec->actions[i].key == key) {
			if (lv->detail) {
				tui_pane *p = tui_cur_pane(t);
				tui_level *parent = &p->stack[p->depth - 2];
				tui_level tmp = *parent;
				snprintf(tmp.key, sizeof tmp.key, "%s", lv->key);
				tmp.detail = lv->detail;
				run_view_action(t, &tmp, &lv->spec->actions[i]);
			} else {
				run_view_action(t, lv, &lv->spec->actions[i]);
			}
			return true;
		}
	return false;
}

static void step(tui *t, long delta)
{
	tui_level *lv = tui_cur_level(t);
	if (!lv)
		return;
	if (lv->detail)
		tui_detail_scroll(t, lv, delta);
	else
		tui_table_move(t, lv, delta);
}

static void mouse(tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	tui_level *lv = tui_cur_level(t);
	if (ev.bstate & BUTTON4_PRESSED) {
		step(t, -3);
		return;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		step(t, 3);
		return;
	}
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED)))
		return;
	if (ev.y == 0) {
		for (size_t i = 0; i < t->ntabhits; i++)
			if (ev.x >= t->tabhits[i].x0 && ev.x < t->tabhits[i].x1)
				tui_select_pane(t, (size_t)t->tabhits[i].index);
		return;
	}
	if (ev.y == 1) {
		for (size_t i = 0; i < t->nsubhits; i++)
			if (ev.x >= t->subhits[i].x0 && ev.x < t->subhits[i].x1)
				tui_select_view(t, (size_t)t->subhits[i].index);
		return;
	}
	WINDOW *mw = t->win[TUI_W_MAIN];
	if (!mw || !lv || lv->detail || !lv->vs)
		return;
	int y = ev.y - getbegy(mw) - t->table_y;
	if (y < 0 || y >= getmaxy(mw) - t->table_y)
		return;
	size_t row = lv->top + (size_t)y;
	if (row < fo_viewstate_rows(lv->vs))
		tui_table_goto(t, lv, row);
}

static void normal_key(tui *t, int key)
{
	if (tui_map_key(t, key))
		return; /* the Map pane's own keys come first there */
	tui_action a = tui_keymap_lookup(&t->keymap, key);
	tui_level *lv = tui_cur_level(t);
	int page = tui_table_height(t);
	switch (a) {
	case TUI_A_QUIT:
		t->quit = true;
		return;
	case TUI_A_UP:
		step(t, -1);
		break;
	case TUI_A_DOWN:
		step(t, 1);
		break;
	case TUI_A_PAGE_UP:
		step(t, -page);
		break;
	case TUI_A_PAGE_DOWN:
		step(t, page);
		break;
	case TUI_A_HALF_UP:
		step(t, -page / 2);
		break;
	case TUI_A_HALF_DOWN:
		step(t, page / 2);
		break;
	case TUI_A_TOP:
		step(t, -(long)1e9);
		break;
	case TUI_A_BOTTOM:
		step(t, (long)1e9);
		break;
	case TUI_A_ENTER:
		tui_enter(t);
		break;
	case TUI_A_BACK:
		if (t->msg[0] && !(lv && tui_cur_pane(t)->depth > 1)) {
			t->msg[0] = '\0';
			t->dirty[TUI_W_CMD] = true;
		}
		tui_back(t);
		break;
	case TUI_A_NEXT_PANE:
		if (t->npanes)
			tui_select_pane(t, (t->cur + 1) % t->npanes);
		break;
	case TUI_A_PREV_PANE:
		if (t->npanes)
			tui_select_pane(t, (t->cur + t->npanes - 1) % t->npanes);
		break;
	case TUI_A_NEXT_VIEW:
	case TUI_A_PREV_VIEW: {
		tui_pane *p = tui_cur_pane(t);
		if (p && p->nviews > 1)
			tui_select_view(t,
			                a == TUI_A_NEXT_VIEW ? p->cur + 1 : p->cur + p->nviews - 1);
		break;
	}
	case TUI_A_PANE0:
	case TUI_A_PANE1:
	case TUI_A_PANE2:
	case TUI_A_PANE3:
	case TUI_A_PANE4:
	case TUI_A_PANE5:
	case TUI_A_PANE6:
	case TUI_A_PANE7:
	case TUI_A_PANE8:
		tui_select_slot(t, (int)(a - TUI_A_PANE0));
		break;
	case TUI_A_FILTER:
		if (lv && lv->vs && !lv->detail)
			tui_line_open(t, TUI_MODE_FILTER, fo_viewstate_filter(lv->vs));
		else
			tui_message(t, true, "nothing to filter here");
		break;
	case TUI_A_COMMAND:
		tui_line_open(t, TUI_MODE_CMD, "");
		break;
	case TUI_A_HELP:
		tui_help_open(t);
		break;
	case TUI_A_SORT_NEXT:
		if (lv && !lv->detail)
			tui_sort_cycle(t, lv);
		break;
	case TUI_A_SORT_REVERSE:
		if (lv && !lv->detail)
			tui_sort_reverse(t, lv);
		break;
	case TUI_A_COLUMNS:
		if (lv && lv->vs && !lv->detail)
			tui_popup_open(t, TUI_POP_COLUMNS, "Columns");
		break;
	case TUI_A_REPAINT:
		t->repaint = true;
		break;
	default:
		if (!view_action(t, key) && key != KEY_RESIZE) {
			char kn[24];
			tui_key_name(key, kn, sizeof kn);
			tui_message(t, false, "key %s is not bound (? for help)", kn);
		}
		break;
	}
}

void tui_handle_key(tui *t, int key)
{
	if (key == '\r')
		key = '\n'; /* nonl(): Enter arrives as CR */
	if (key == KEY_MOUSE) {
		if (t->mode == TUI_MODE_NORMAL)
			mouse(t);
		else {
			MEVENT ev;
			getmouse(&ev);
		}
		return;
	}
	if (key == KEY_RESIZE)
		return; /* SIGWINCH is handled by the loop */
	if (t->too_small) {
		/* only quit and repaint make sense on a too-small screen */
		tui_action a = tui_keymap_lookup(&t->keymap, key);
		if (a == TUI_A_QUIT)
			t->quit = true;
		else if (a == TUI_A_REPAINT)
			t->repaint = true;
		return;
	}
	switch (t->mode) {
	case TUI_MODE_CMD:
	case TUI_MODE_FILTER:
		tui_line_key(t, key);
		break;
	case TUI_MODE_POPUP:
		tui_popup_key(t, key);
		break;
	default:
		normal_key(t, key);
		break;
	}
}
