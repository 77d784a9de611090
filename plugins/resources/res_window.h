/* res_window.h — time windows of one resource: its busy spans (bookings,
 * maintenance) as half-open [from, to) in wall ms, and the questions asked
 * of them: is a window free, where is the nearest free one, how much of a
 * window is occupied, and one Gantt row of them as text.  Pure functions,
 * no state (tests/unit/test_res_window.c). */
#ifndef RES_WINDOW_H
#define RES_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint64_t from, to; /* [from, to), from < to */
} res_span;

/* Sorts the spans by start and merges those that overlap or touch; drops
 * empty ones.  Returns the new count. */
size_t res_spans_merge(res_span *v, size_t n);

/* Whether [from, to) meets none of the merged spans. */
bool res_window_free(const res_span *busy, size_t n, uint64_t from, uint64_t to);

/* The free window of length len nearest to the wanted start want (before
 * or after it, the earlier one on a tie), starting at or after lo and
 * ending at or before hi, against merged spans.  Returns true with *start. */
bool res_nearest_free(const res_span *busy, size_t n, uint64_t want, uint64_t len, uint64_t lo,
                      uint64_t hi, uint64_t *start);

/* The earliest start s >= from with [s, s + len) free and s + len <= to
 * (first fit inside a wanted window).  Returns true with *start. */
bool res_first_fit(const res_span *busy, size_t n, uint64_t from, uint64_t to, uint64_t len,
                   uint64_t *start);

/* Milliseconds of [from, to) covered by the merged spans. */
uint64_t res_covered(const res_span *busy, size_t n, uint64_t from, uint64_t to);

/* One Gantt row: width cells for [from, to), each cell the mark of what
 * covers most of it, '.' for nothing; the cell holding now gets '|' when
 * free (a now-line through the row).  buf gets width + 1 bytes. */
typedef struct {
	res_span span;
	char mark; /* '#' booked, '=' active, '?' requested, 'x' down ... */
} res_mark;

void res_gantt_row(char *buf, size_t width, uint64_t from, uint64_t to, const res_mark *marks,
                   size_t n, uint64_t now);

#endif
