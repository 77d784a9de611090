/* view_text.c — aligned text tables from view states. */
#include "view_text.h"

#include <stdlib.h>
#include <string.h>

/* Display width of UTF-8 text, counting code points (no wide glyphs in
 * view cells). */
static size_t text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Bytes of the UTF-8 sequence at s that must not reach a terminal, 0 when
 * it may. */
static size_t unsafe_len(const unsigned char *s)
{
	if (s[0] < 0x20 || s[0] == 0x7f)
		return 1;
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) /* C1 */
		return 2;
	if (s[0] == 0xd8 && s[1] == 0x9c) /* U+061C arabic letter mark */
		return 2;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x8b && s[2] <= 0x8f) || /* U+200B-200F */
	     (s[2] >= 0xa8 && s[2] <= 0xae)))  /* U+2028-202E */
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa0 && s[2] <= 0xaf) /* U+2060-206F */
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) /* U+FEFF */
		return 3;
	return 0;
}

void fo_view_text_safe(const char *in, char *out, size_t len)
{
	size_t o = 0;
	if (!len)
		return;
	for (const unsigned char *p = (const unsigned char *)in; p && *p && o + 1 < len;) {
		size_t n = unsafe_len(p);
		if (n) {
			out[o++] = '?';
			p += n;
		} else {
			out[o++] = (char)*p++;
		}
	}
	out[o] = '\0';
}

static void put_cell(fo_buf *line, const char *raw, size_t width, bool right)
{
	char text[sizeof((fo_cell *)0)->text];
	fo_view_text_safe(raw, text, sizeof text);
	size_t w = text_width(text);
	size_t pad = width > w ? width - w : 0;
	if (right)
		fo_buf_printf(line, "%*s%s  ", (int)pad, "", text);
	else
		fo_buf_printf(line, "%s%*s  ", text, (int)pad, "");
}

/* Writes the line without its trailing blanks (empty cells at the end of
 * a row, the padding of the last column) and empties it. */
static void put_line(fo_out *out, fo_buf *line)
{
	size_t n = line->n;
	while (n && line->s[n - 1] == ' ')
		n--;
	fo_out_printf(out, "%.*s\n", (int)n, line->s ? line->s : "");
	line->n = 0;
}

void fo_view_text_table(fo_viewstate *vs, fo_out *out, size_t max_rows)
{
	const fo_view_spec *s = fo_viewstate_spec(vs);
	size_t rows = fo_viewstate_rows(vs);
	if (max_rows && rows > max_rows)
		rows = max_rows;
	size_t width[64] = {0};
	int cols[64], nc = 0;
	for (size_t c = 0; c < s->ncols; c++) {
		if (!fo_viewstate_visible(vs, (int)c))
			continue;
		cols[nc++] = (int)c;
		width[c] = text_width(s->cols[c].title);
	}
	fo_cell cell;
	for (size_t r = 0; r < rows; r++) {
		for (int k = 0; k < nc; k++) {
			fo_viewstate_cell(vs, r, (size_t)cols[k], &cell);
			size_t w = text_width(cell.text);
			if (w > width[cols[k]])
				width[cols[k]] = w;
		}
	}
	fo_buf line = {0};
	for (int k = 0; k < nc; k++) {
		const fo_column *c = &s->cols[cols[k]];
		put_cell(&line, c->title, width[cols[k]], c->type != FO_COL_TEXT);
	}
	put_line(out, &line);
	for (size_t r = 0; r < rows; r++) {
		for (int k = 0; k < nc; k++) {
			fo_viewstate_cell(vs, r, (size_t)cols[k], &cell);
			put_cell(&line, cell.text, width[cols[k]],
			         s->cols[cols[k]].type != FO_COL_TEXT);
		}
		put_line(out, &line);
	}
	fo_buf_free(&line);
	if (!fo_viewstate_rows(vs) && s->empty_text)
		fo_out_printf(out, "(%s)\n", s->empty_text);
}
