/* text.c — writing text by display width: UTF-8 when the terminal has it,
 * '?' for what it cannot show, clipping and right alignment by cells. */
#include "tui_int.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes one character; returns bytes used (>= 1) and its cell width. */
static size_t next_char(const char *s, wchar_t *wc, int *w)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = 1;
		return 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0) {
		*wc = L'?';
		*w = 1;
	}
	return n;
}

int tui_text_width(const char *s)
{
	int total = 0;
	while (s && *s) {
		wchar_t wc;
		int w;
		s += next_char(s, &wc, &w);
		total += w;
	}
	return total;
}

const char *tui_glyph(tui *t, const char *utf8, const char *ascii)
{
	return t->caps.utf8 ? utf8 : ascii;
}

int tui_put(tui *t, WINDOW *w, int y, int x, const char *s, int width, bool right)
{
	if (width <= 0 || !s)
		return 0;
	if (right) {
		int tw = tui_text_width(s);
		if (tw < width)
			x += width - tw;
		width = tw < width ? tw : width;
	}
	if (wmove(w, y, x) == ERR)
		return 0;
	int used = 0;
	while (*s && used < width) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, &wc, &cw);
		if (used + cw > width)
			break;
		if (!t->caps.utf8 && (unsigned char)*s >= 0x80)
			waddch(w, '?');
		else if (wc < 32 || wc == 127)
			waddch(w, ' ');
		else if (n == 1)
			waddch(w, (chtype)(unsigned char)*s);
		else
			waddnstr(w, s, (int)n);
		used += cw;
		s += n;
	}
	return used;
}
