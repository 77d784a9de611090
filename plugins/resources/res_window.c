/* res_window.c — free windows, occupancy and Gantt rows of one resource
 * (res_window.h). */
#include "res_window.h"

#include <stdlib.h>
#include <string.h>

static int by_from(const void *a, const void *b)
{
	const res_span *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from ? 1 : 0;
}

size_t res_spans_merge(res_span *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].to > v[i].from)
			v[k++] = v[i];
	n = k;
	if (n < 2)
		return n;
	qsort(v, n, sizeof *v, by_from);
	k = 0;
	for (size_t i = 1; i < n; i++) {
		if (v[i].from <= v[k].to) {
			if (v[i].to > v[k].to)
				v[k].to = v[i].to;
		} else {
			v[++k] = v[i];
		}
	}
	return k + 1;
}

bool res_window_free(const res_span *busy, size_t n, uint64_t from, uint64_t to)
{
	for (size_t i = 0; i < n; i++)
		if (busy[i].from < to && from < busy[i].to)
			return false;
	return true;
}

/* The gaps between merged spans, clipped to [lo, hi), one by one: gap i
 * lies before span i (i == n: after the last). */
static bool gap(const res_span *busy, size_t n, size_t i, uint64_t lo, uint64_t hi, res_span *g)
{
	uint64_t a = i == 0 ? lo : busy[i - 1].to;
	uint64_t b = i == n ? hi : busy[i].from;
	if (a < lo)
		a = lo;
	if (b > hi)
		b = hi;
	g->from = a;
	g->to = b;
	return b > a;
}

bool res_nearest_free(const res_span *busy, size_t n, uint64_t want, uint64_t len, uint64_t lo,
                      uint64_t hi, uint64_t *start)
{
	bool found = false;
	uint64_t best = 0, best_d = 0;
	if (len == 0 || hi < lo || hi - lo < len)
		return false;
	for (size_t i = 0; i <= n; i++) {
		res_span g;
		if (!gap(busy, n, i, lo, hi, &g) || g.to - g.from < len)
			continue;
		/* the start in [g.from, g.to - len] closest to want */
		uint64_t s = want < g.from ? g.from : want > g.to - len ? g.to - len : want;
		uint64_t d = s > want ? s - want : want - s;
		if (!found || d < best_d) {
			found = true;
			best = s;
			best_d = d;
		}
	}
	if (found)
		*start = best;
	return found;
}

bool res_first_fit(const res_span *busy, size_t n, uint64_t from, uint64_t to, uint64_t len,
                   uint64_t *start)
{
	if (len == 0 || to < from || to - from < len)
		return false;
	for (size_t i = 0; i <= n; i++) {
		res_span g;
		if (gap(busy, n, i, from, to, &g) && g.to - g.from >= len) {
			*start = g.from;
			return true;
		}
	}
	return false;
}

uint64_t res_covered(const res_span *busy, size_t n, uint64_t from, uint64_t to)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t a = busy[i].from > from ? busy[i].from : from;
		uint64_t b = busy[i].to < to ? busy[i].to : to;
		if (b > a)
			sum += b - a;
	}
	return sum;
}

void res_gantt_row(char *buf, size_t width, uint64_t from, uint64_t to, const res_mark *marks,
                   size_t n, uint64_t now)
{
	if (width == 0 || to <= from) {
		buf[0] = '\0';
		return;
	}
	uint64_t span = to - from;
	for (size_t c = 0; c < width; c++) {
		uint64_t a = from + span * c / width, b = from + span * (c + 1) / width;
		uint64_t most = 0;
		char mark = '.';
		for (size_t i = 0; i < n; i++) {
			uint64_t x = marks[i].span.from > a ? marks[i].span.from : a;
			uint64_t y = marks[i].span.to < b ? marks[i].span.to : b;
			if (y > x && y - x > most) {
				most = y - x;
				mark = marks[i].mark;
			}
		}
		if (mark == '.' && now >= a && now < b)
			mark = '|';
		buf[c] = mark;
	}
	buf[width] = '\0';
}
