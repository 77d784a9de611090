/* status.c — the status line (the registered segments in order, then
 * rows, filter, sort and READONLY on the right) and the bottom line
 * (message, or the ':' / '/' editor).  It knows no segment by name: the
 * core's (vehicles, alarms, alerts, store, feeds) and the plugins' come
 * from core/status_seg.c. */
#include "tui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static tui_role style_role(fo_style style)
{
	return style == FO_STYLE_ERROR  ? TUI_R_ERROR
	       : style == FO_STYLE_WARN ? TUI_R_WARN
	                                : TUI_R_STATUS;
}

/* Appends to buf at *n, never past len: snprintf returns what it would
 * have written, so its result is clamped (a long filter once ran past). */
__attribute__((format(printf, 4, 5))) static void append(char *buf, size_t len, size_t *n,
                                                         const char *fmt, ...)
{
	if (*n + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len ? *n + (size_t)w : len - 1;
}

void tui_status_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w);
	werase(w);
	tui_set_role(t, w, TUI_R_STATUS);
	wmove(w, 0, 0);
	whline(w, ' ', W);
	char buf[512], seg[sizeof buf + 2];
	int x = 0;
	fo_style style;
	for (size_t i = 0; fo_status_segment(t->core, i, buf, sizeof buf, &style); i++) {
		if (!buf[0])
			continue;
		tui_set_role(t, w, style_role(style));
		snprintf(seg, sizeof seg, "%s%s", x ? "  " : " ", buf);
		x += tui_put(t, w, 0, x, seg, W - x, false);
	}
	tui_set_role(t, w, TUI_R_STATUS);
	/* right side: rows, filter, sort */
	tui_level *lv = tui_cur_level(t);
	size_t n = 0;
	buf[0] = '\0';
	if (lv && lv->vs && !lv->detail) {
		const fo_view_spec *s = lv->spec;
		const char *f = fo_viewstate_filter(lv->vs);
		int sc = fo_viewstate_sort_col(lv->vs);
		append(buf, sizeof buf, &n, "%zu rows", fo_viewstate_rows(lv->vs));
		if (f && *f)
			append(buf, sizeof buf, &n, "  /%s", f);
		if (sc >= 0 && (size_t)sc < s->ncols)
			append(buf, sizeof buf, &n, "  sort %s%s", s->cols[sc].name,
			       fo_viewstate_sort_desc(lv->vs) ? " desc" : "");
	}
	if (t->core->readonly)
		append(buf, sizeof buf, &n, "  READONLY");
	int bw = tui_text_width(buf);
	if (x + 2 + bw < W)
		tui_put(t, w, 0, W - bw - 1, buf, bw, false);
}

/* Screen cells taken by the first n bytes of s. */
static int span_width(const char *s, size_t n)
{
	char buf[1024];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return tui_text_width(buf);
}

void tui_cmdline_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w);
	werase(w);
	if (t->mode == TUI_MODE_CMD || t->mode == TUI_MODE_FILTER) {
		tui_line *l = &t->line;
		char prompt = t->mode == TUI_MODE_CMD ? ':' : '/';
		tui_set_role(t, w, TUI_R_NORMAL);
		mvwaddch(w, 0, 0, (chtype)prompt);
		/* Scroll horizontally so the cursor stays visible; widths in
		 * screen cells, not bytes (UTF-8 input). */
		int avail = W - 2;
		size_t start = 0;
		int col = span_width(l->buf, l->pos);
		while (col > avail && start < l->pos) {
			start++;
			while (start < l->pos && ((unsigned char)l->buf[start] & 0xc0) == 0x80)
				start++;
			col = span_width(l->buf + start, l->pos - start);
		}
		tui_put(t, w, 0, 1, l->buf + start, avail, false);
		wmove(w, 0, 1 + col);
		return;
	}
	if (t->msg[0]) {
		tui_set_role(t, w, t->msg_err ? TUI_R_ERROR : TUI_R_NORMAL);
		tui_put(t, w, 0, 0, t->msg, W, false);
	} else {
		tui_set_role(t, w, TUI_R_DIM);
		tui_put(t, w, 0, 0, "? help  : command  / filter  s sort  c columns  q quit", W,
		        false);
	}
	tui_set_role(t, w, TUI_R_NORMAL);
}
