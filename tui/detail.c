/* detail.c — the detail of one row: title, sections, fields, text and
 * charts, scrollable. */
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

#define CHART_ROWS 6
#define LABEL_W 7

static int line_rows(const fo_dline *l, bool first)
{
	switch (l->kind) {
	case FO_DL_SECTION:
		return first ? 1 : 2;
	case FO_DL_CHART:
		return CHART_ROWS + 2;
	default:
		return 1;
	}
}

static int total_rows(const fo_detail *d)
{
	int rows = 0;
	for (size_t i = 0; i < fo_detail_count(d); i++)
		rows += line_rows(fo_detail_line(d, i), i == 0);
	return rows;
}

void tui_detail_scroll(tui *t, tui_level *lv, long delta)
{
	if (!lv->detail)
		return;
	int H = t->win[TUI_W_MAIN] ? getmaxy(t->win[TUI_W_MAIN]) : 1;
	long max = total_rows(lv->detail) - H;
	long s = lv->dscroll + delta;
	if (s > max)
		s = max;
	if (s < 0)
		s = 0;
	lv->dscroll = (int)s;
	t->dirty[TUI_W_MAIN] = true;
}

static void draw_chart(tui *t, WINDOW *w, int y, int W, const fo_dline *l)
{
	char buf[160];
	float last = l->nsamples ? l->samples[l->nsamples - 1] : 0.0f;
	tui_set_role(t, w, TUI_R_TITLE);
	if (l->nsamples)
		snprintf(buf, sizeof buf, "%s (%s)  now %.1f, %zu samples", l->text ? l->text : "",
		         l->label ? l->label : "", (double)last, l->nsamples);
	else
		snprintf(buf, sizeof buf, "%s (%s)  no samples yet", l->text ? l->text : "",
		         l->label ? l->label : "");
	tui_put(t, w, y, 1, buf, W - 2, false);
	tui_set_role(t, w, TUI_R_DIM);
	snprintf(buf, sizeof buf, "%6.1f", l->max);
	tui_put(t, w, y + 1, 0, buf, LABEL_W - 1, true);
	snprintf(buf, sizeof buf, "%6.1f", l->min);
	tui_put(t, w, y + CHART_ROWS, 0, buf, LABEL_W - 1, true);
	int width = W - LABEL_W - 1;
	if (width > 0) {
		tui_set_role(t, w, TUI_R_BORDER);
		for (int r = 0; r < CHART_ROWS; r++)
			tui_put(t, w, y + 1 + r, LABEL_W - 1, tui_glyph(t, "\u2502", "|"), 1,
			        false);
		tui_set_role(t, w, TUI_R_CHART);
		tui_chart_draw(t, w, y + 1, LABEL_W, CHART_ROWS, width, l->samples, l->nsamples,
		               l->min, l->max);
	}
}

void tui_detail_draw(tui *t, WINDOW *w, tui_level *lv)
{
	int H = getmaxy(w), W = getmaxx(w);
	werase(w);
	if (lv->gone) {
		tui_set_role(t, w, TUI_R_WARN);
		tui_put(t, w, 0, 1, "This row is gone (removed or renamed); press Esc to go back.",
		        W - 2, false);
		return;
	}
	const fo_detail *d = lv->detail;
	int y = -lv->dscroll;
	size_t n = fo_detail_count(d);
	int labw = 8;
	for (size_t i = 0; i < n; i++) {
		const fo_dline *l = fo_detail_line(d, i);
		if (l->kind == FO_DL_FIELD && l->label) {
			int lw = tui_text_width(l->label);
			if (lw > labw)
				labw = lw < 24 ? lw : 24;
		}
	}
	for (size_t i = 0; i < n && y < H; i++) {
		const fo_dline *l = fo_detail_line(d, i);
		int rows = line_rows(l, i == 0);
		if (y + rows <= 0) {
			y += rows;
			continue;
		}
		switch (l->kind) {
		case FO_DL_TITLE:
			tui_set_role(t, w, TUI_R_TITLE);
			tui_put(t, w, y, 1, l->text, W - 2, false);
			break;
		case FO_DL_SECTION:
			tui_set_role(t, w, TUI_R_HEADER);
			tui_put(t, w, y + rows - 1, 1, l->text, W - 2, false);
			break;
		case FO_DL_FIELD:
			tui_set_role(t, w, TUI_R_DIM);
			tui_put(t, w, y, 2, l->label, labw, false);
			tui_set_role(t, w, tui_style_role(l->style));
			tui_put(t, w, y, 3 + labw, l->text, W - 4 - labw, false);
			break;
		case FO_DL_TEXT:
			tui_set_role(t, w, tui_style_role(l->style));
			tui_put(t, w, y, 2, l->text, W - 3, false);
			break;
		case FO_DL_CHART:
			draw_chart(t, w, y, W, l);
			break;
		}
		y += rows;
	}
	tui_set_role(t, w, TUI_R_NORMAL);
}
