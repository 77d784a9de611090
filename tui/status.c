/* status.c — the status line (vehicle counts by state, alarms, READONLY,
 * filter and sort) and the bottom line (message, or the ':' / '/' editor). */
#include "tui_int.h"

#include "alert_core.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static void set_role(tui *t, WINDOW *w, tui_role r)
{
	wattr_set(w, (attr_t)t->theme.attr[r], t->theme.pair[r], NULL);
}

void tui_status_draw(tui *t, WINDOW *w)
{
	int W = getmaxx(w);
	werase(w);
	set_role(t, w, TUI_R_STATUS);
	wmove(w, 0, 0);
	whline(w, ' ', W);
	fo_model *m = fo_core_model(t->core);
	const size_t *counts = t->counts; /* taken in screen.c, at most once a second */
	char buf[512];
	int n = snprintf(buf, sizeof buf, " %zu vehicles", fo_model_vehicle_count(m));
	for (int s = 0; s < FO_VS__COUNT && n > 0 && (size_t)n < sizeof buf; s++)
		if (counts[s])
			n += snprintf(buf + n, sizeof buf - (size_t)n, " %s %zu",
			              fo_vstate_name((fo_vstate)s), counts[s]);
	int x = tui_put(t, w, 0, 0, buf, W, false);
	size_t alarms = t->alarms;
	snprintf(buf, sizeof buf, "  alarms %zu", alarms);
	set_role(t, w, alarms ? TUI_R_ERROR : TUI_R_STATUS);
	x += tui_put(t, w, 0, x, buf, W - x, false);
	char asum[96]; /* firing alerts by severity: "alerts crit 1 warn 3" */
	if (fo_alerts_summary(t->core, asum, sizeof asum)) {
		set_role(t, w, strstr(asum, "crit") ? TUI_R_ERROR : TUI_R_WARN);
		snprintf(buf, sizeof buf, "  %s", asum);
		x += tui_put(t, w, 0, x, buf, W - x, false);
	}
	set_role(t, w, TUI_R_STATUS);
	fo_store *st = t->core->store;
	const char *why = NULL;
	if (!st) {
		set_role(t, w, TUI_R_ERROR);
		x += tui_put(t, w, 0, x, "  store: none", W - x, false);
	} else if (!fo_store_healthy(st, &why)) {
		set_role(t, w, TUI_R_ERROR);
		snprintf(buf, sizeof buf, "  store %s: DOWN", fo_store_scheme(st));
		x += tui_put(t, w, 0, x, buf, W - x, false);
	} else {
		snprintf(buf, sizeof buf, "  store %s", fo_store_scheme(st));
		x += tui_put(t, w, 0, x, buf, W - x, false);
	}
	char feeds[160]; /* "mqtt up 1.2k msg/s  redis DOWN" */
	if (fo_feeds_summary(t->core, feeds, sizeof feeds)) {
		set_role(t, w, strstr(feeds, "DOWN") ? TUI_R_ERROR : TUI_R_STATUS);
		snprintf(buf, sizeof buf, "  %s", feeds);
		x += tui_put(t, w, 0, x, buf, W - x, false);
	}
	/* plugin segments: open safety events, ... */
	fo_style style;
	for (size_t i = 0; fo_status_segment(t->core, i, buf, sizeof buf, &style); i++) {
		if (!buf[0])
			continue;
		set_role(t, w,
		         style == FO_STYLE_ERROR  ? TUI_R_ERROR
		         : style == FO_STYLE_WARN ? TUI_R_WARN
		                                  : TUI_R_STATUS);
		char seg[sizeof buf + 2];
		snprintf(seg, sizeof seg, "  %s", buf);
		x += tui_put(t, w, 0, x, seg, W - x, false);
	}
	set_role(t, w, TUI_R_STATUS);
	/* right side: rows, filter, sort */
	tui_level *lv = tui_cur_level(t);
	buf[0] = '\0';
	if (lv && lv->vs && !lv->detail) {
		const fo_view_spec *s = lv->spec;
		const char *f = fo_viewstate_filter(lv->vs);
		int sc = fo_viewstate_sort_col(lv->vs);
		n = snprintf(buf, sizeof buf, "%zu rows", fo_viewstate_rows(lv->vs));
		if (f && *f)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "  /%s", f);
		if (sc >= 0 && (size_t)sc < s->ncols)
			snprintf(buf + n, sizeof buf - (size_t)n, "  sort %s%s", s->cols[sc].name,
			         fo_viewstate_sort_desc(lv->vs) ? " desc" : "");
	}
	if (t->core->readonly) {
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof buf - l, "  READONLY");
	}
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
		set_role(t, w, TUI_R_NORMAL);
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
		set_role(t, w, t->msg_err ? TUI_R_ERROR : TUI_R_NORMAL);
		tui_put(t, w, 0, 0, t->msg, W, false);
	} else {
		set_role(t, w, TUI_R_DIM);
		tui_put(t, w, 0, 0, "? help  : command  / filter  s sort  c columns  q quit", W,
		        false);
	}
	set_role(t, w, TUI_R_NORMAL);
}
