/* view_text.h — a view state rendered as an aligned text table (the CLI's
 * `view show`, and the basis of the table report format). */
#ifndef FO_VIEW_TEXT_H
#define FO_VIEW_TEXT_H

#include "view.h"

/* Writes the visible columns of every row of vs (refreshed by the caller)
 * to out, columns padded to their widest cell, at most max_rows rows
 * (0: all). */
void fo_view_text_table(fo_viewstate *vs, fo_out *out, size_t max_rows);

#endif
