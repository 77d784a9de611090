/* text.c — writing text by display width: UTF-8 when the terminal has it,
 * '?' for what it cannot show, clipping and right alignment by cells. */
#include "tui_int.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Characters that must never reach the terminal as they are: C0 and C1
 * controls and DEL (an ESC from a vehicle id would start an escape
 * sequence), and the invisible format characters that reorder or hide text
 * (bidirectional embeddings, overrides and isolates, zero-width marks, line
 * and paragraph separators, the BOM).  Vehicle ids and user text can hold
 * any of them; each is drawn as one visible replacement cell. */
static bool unsafe_char(wchar_t wc)
{
	unsigned long c = (unsigned long)wc;
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x180e ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2060 && c <= 0x206f) || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb);
}

/* Decodes one character; returns bytes used (>= 1) and its cell width.
 * *bad is set when the character is to be drawn as a replacement: not
 * valid UTF-8, not printable, or unsafe_char. */
static size_t next_char(const char *s, wchar_t *wc, int *w, bool *bad)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	*bad = false;
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = 1;
		*bad = true;
		return 1;
	}
	if (unsafe_char(*wc)) {
		*w = 1;
		*bad = true;
		return n;
	}
	*w = wcwidth(*wc);
	if (*w < 0) {
		*w = 1;
		*bad = true;
	}
	return n;
}

int tui_text_width(const char *s)
{
	int total = 0;
	while (s && *s) {
		wchar_t wc;
		int w;
		bool bad;
		s += next_char(s, &wc, &w, &bad);
		total += w;
	}
	return total;
}

size_t tui_text_fit(const char *s, int width)
{
	size_t b = 0;
	int used = 0;
	while (s && s[b]) {
		wchar_t wc;
		int w;
		bool bad;
		size_t n = next_char(s + b, &wc, &w, &bad);
		if (used + w > width)
			break;
		used += w;
		b += n;
	}
	return b;
}

const char *tui_glyph(tui *t, const char *utf8, const char *ascii)
{
	return t->caps.utf8 ? utf8 : ascii;
}

/* One visible cell for a character that is not drawn as itself: U+FFFD on
 * a UTF-8 terminal, '?' otherwise, in reverse video so it stands out from
 * a real question mark. */
static void tui_put_replacement(tui *t, WINDOW *w)
{
	attr_t a;
	short pair;
	wattr_get(w, &a, &pair, NULL);
	wattr_on(w, A_REVERSE, NULL);
	if (t->caps.utf8)
		waddnstr(w, "\xef\xbf\xbd", 3);
	else
		waddch(w, '?');
	wattr_set(w, a, pair, NULL);
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
		bool bad;
		size_t n = next_char(s, &wc, &cw, &bad);
		if (used + cw > width)
			break;
		if (wc == L'\t' || wc == L'\n' || wc == L'\r')
			waddch(w, ' '); /* layout whitespace, not worth a mark */
		else if (bad)
			tui_put_replacement(t, w);
		else if (!t->caps.utf8 && (unsigned char)*s >= 0x80)
			waddch(w, '?');
		else if (n == 1)
			waddch(w, (chtype)(unsigned char)*s);
		else
			waddnstr(w, s, (int)n);
		used += cw;
		s += n;
	}
	return used;
}
