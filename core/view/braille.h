/* braille.h — braille patterns (U+2800..U+28FF) as dot grids of 2 x 4 per
 * cell: the one bit layout the charts (tui/chart.c) and the map canvas
 * (core/map/map_canvas.c) draw with. */
#ifndef FO_BRAILLE_H
#define FO_BRAILLE_H

/* The bit of the dot at column dx (0..1) and row dy (0..3 from the top):
 * dots 1-2-3 and 4-5-6 run down the two columns, 7 and 8 are the bottom
 * row (Unicode's order). */
static inline unsigned fo_braille_bit(int dx, int dy)
{
	static const unsigned char bit[2][4] = {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}};
	return bit[dx & 1][dy & 3];
}

/* The UTF-8 of the pattern with these dot bits (0..255): three bytes into
 * out, NUL-terminated (out holds at least 4). */
static inline void fo_braille_utf8(unsigned bits, char *out)
{
	unsigned cp = 0x2800u + (bits & 0xffu);
	out[0] = (char)(0xe0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[2] = (char)(0x80 | (cp & 0x3f));
	out[3] = '\0';
}

#endif
