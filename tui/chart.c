/* chart.c — line charts of sample series: braille dots (2x4 per cell) on
 * UTF-8 terminals, block elements as a coarser UTF-8 style, and '#' bars
 * in ASCII. The newest samples are kept when the series is wider than the
 * chart. */
#include "tui_int.h"

#include "braille.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const style_names[] = {"braille", "block", "ascii"};

const char *tui_chart_style_name(tui_chart_style s)
{
	return style_names[s];
}

int tui_chart_style_parse(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name && strcasecmp(style_names[i], name) == 0)
			return i;
	return -1;
}

/* Value scaled to 0..steps-1. */
static int scale(float v, double min, double max, int steps)
{
	double f = max > min ? (v - min) / (max - min) : 0.0;
	if (!(f >= 0.0)) /* also catches NaN */
		f = 0.0;
	if (f > 1.0)
		f = 1.0;
	return (int)(f * (steps - 1) + 0.5);
}

static void put_utf8(WINDOW *w, int y, int x, unsigned cp)
{
	char b[4];
	b[0] = (char)(0xe0 | (cp >> 12));
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	b[2] = (char)(0x80 | (cp & 0x3f));
	mvwaddnstr(w, y, x, b, 3);
}

static void draw_braille(WINDOW *w, int y, int x, int h, int width, const float *s, size_t n,
                         double min, double max)
{
	size_t cells = (size_t)h * (size_t)width;
	unsigned char *g = calloc(cells, 1);
	if (!g)
		abort();
	int dots_x = width * 2, dots_y = h * 4;
	size_t first = n > (size_t)dots_x ? n - (size_t)dots_x : 0;
	int prev = -1;
	for (size_t i = first; i < n; i++) {
		int dx = (int)(i - first);
		int dy = dots_y - 1 - scale(s[i], min, max, dots_y);
		int lo = dy, hi = dy;
		if (prev >= 0) { /* join to the previous point */
			lo = prev < dy ? prev + 1 : dy;
			hi = prev > dy ? prev - 1 : dy;
			if (lo > hi)
				lo = hi = dy;
		}
		for (int yy = lo; yy <= hi; yy++)
			g[(size_t)(yy / 4) * (size_t)width + (size_t)(dx / 2)] |=
			    (unsigned char)fo_braille_bit(dx % 2, yy % 4);
		prev = dy;
	}
	for (int r = 0; r < h; r++)
		for (int c = 0; c < width; c++) {
			unsigned char b = g[(size_t)r * (size_t)width + (size_t)c];
			if (b) {
				char u[4];
				fo_braille_utf8(b, u);
				mvwaddnstr(w, y + r, x + c, u, 3);
			} else
				mvwaddch(w, y + r, x + c, ' ');
		}
	free(g);
}

static void draw_bars(WINDOW *w, int y, int x, int h, int width, const float *s, size_t n,
                      double min, double max, bool ascii)
{
	size_t first = n > (size_t)width ? n - (size_t)width : 0;
	for (int c = 0; c < width; c++) {
		size_t i = first + (size_t)c;
		int level = i < n ? scale(s[i], min, max, h * 8 + 1) : -1; /* eighths */
		for (int r = 0; r < h; r++) {
			int base = (h - 1 - r) * 8; /* eighths below this cell */
			int part = level - base;
			if (level < 0 || part <= 0)
				mvwaddch(w, y + r, x + c, ' ');
			else if (ascii)
				mvwaddch(w, y + r, x + c, part >= 8 ? '#' : part >= 4 ? '+' : '.');
			else
				put_utf8(w, y + r, x + c,
				         part >= 8 ? 0x2588u : 0x2580u + (unsigned)part);
		}
	}
}

void tui_chart_draw(tui *t, WINDOW *w, int y, int x, int h, int width, const float *s, size_t n,
                    double min, double max)
{
	if (h <= 0 || width <= 0 || !s)
		return;
	tui_chart_style st = t->caps.utf8 ? t->chart : TUI_CHART_ASCII;
	if (st == TUI_CHART_BRAILLE)
		draw_braille(w, y, x, h, width, s, n, min, max);
	else
		draw_bars(w, y, x, h, width, s, n, min, max, st == TUI_CHART_ASCII);
}
