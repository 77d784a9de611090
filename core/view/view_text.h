/* view_text.h — a view state rendered as an aligned text table (the CLI's
 * `view show`, and the basis of the table report format). */
#ifndef FO_VIEW_TEXT_H
#define FO_VIEW_TEXT_H

#include "view.h"

/* Writes the visible columns of every row of vs (refreshed by the caller)
 * to out, columns padded to their widest cell, at most max_rows rows
 * (0: all). */
void fo_view_text_table(fo_viewstate *vs, fo_out *out, size_t max_rows);

/* Copies in to out (at most len bytes with the NUL) with each character that
 * would act on a terminal instead of showing replaced by '?': C0 and C1
 * controls, DEL, bidirectional embeddings, overrides and isolates,
 * zero-width marks, line and paragraph separators, the BOM.  One code point
 * in, one out, so widths counted by code points stay right.  Text from
 * vehicles (ids, error types, order ids) passes through here before a
 * terminal sees it. */
void fo_view_text_safe(const char *in, char *out, size_t len);

#endif
