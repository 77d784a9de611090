/* screen.c — window layout and the frame: redraw only the windows marked
 * dirty, wnoutrefresh each, then one doupdate.  clear is only used for
 * Ctrl-L (clearok); a slow terminal makes frames drop. */
#include "store.h"
#include "tui_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Bytes still queued to the terminal beyond which a frame is dropped. */
#define TUI_BACKLOG_MAX 8192

void tui_free_windows(tui *t)
{
	for (int i = 0; i < TUI_W__COUNT; i++)
		if (t->win[i]) {
			delwin(t->win[i]);
			t->win[i] = NULL;
		}
	if (t->popwin) {
		delwin(t->popwin);
		t->popwin = NULL;
	}
}

static WINDOW *mkwin(int h, int w, int y, int x)
{
	WINDOW *win = newwin(h, w, y, x);
	if (win)
		leaveok(win, TRUE);
	return win;
}

void tui_layout(tui *t, int rows, int cols)
{
	tui_free_windows(t);
	t->rows = rows;
	t->cols = cols;
	t->too_small = rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS;
	if (t->too_small) {
		t->win[TUI_W_MAIN] = mkwin(rows > 0 ? rows : 1, cols > 0 ? cols : 1, 0, 0);
	} else {
		int note = rows >= 24 ? 2 : rows >= 14 ? 1 : 0;
		int top = 3 + note;
		t->win[TUI_W_TABS] = mkwin(1, cols, 0, 0);
		t->win[TUI_W_SUB] = mkwin(1, cols, 1, 0);
		t->win[TUI_W_CRUMB] = mkwin(1, cols, 2, 0);
		if (note)
			t->win[TUI_W_NOTE] = mkwin(note, cols, 3, 0);
		t->win[TUI_W_MAIN] = mkwin(rows - top - 2, cols, top, 0);
		t->win[TUI_W_STATUS] = mkwin(1, cols, rows - 2, 0);
		t->win[TUI_W_CMD] = mkwin(1, cols, rows - 1, 0);
	}
	tui_dirty_all(t);
}

static void draw_too_small(tui *t, WINDOW *w)
{
	werase(w);
	char buf[128];
	snprintf(buf, sizeof buf, "terminal too small: need at least %dx%d, have %dx%d",
	         TUI_MIN_COLS, TUI_MIN_ROWS, t->cols, t->rows);
	/* wrap by hand: the window may be narrower than the message */
	int W = getmaxx(w), H = getmaxy(w), len = (int)strlen(buf);
	for (int y = 0, o = 0; y < H && o < len; y++, o += W)
		mvwaddnstr(w, y, 0, buf + o, W);
}

static void draw_main(tui *t, WINDOW *w)
{
	tui_level *lv = tui_cur_level(t);
	if (tui_map_current(t))
		tui_map_draw(t, w);
	else if (lv && lv->detail)
		tui_detail_draw(t, w, lv);
	else
		tui_table_draw(t, w, lv);
}

/* Marks what data changes made stale since the last frame. */
static void track_data(tui *t)
{
	fo_model *m = fo_core_model(t->core);
	uint64_t mg = fo_model_generation(m);
	uint64_t now = tui_now_ms();
	/* The status line is the registered segments (core/status_seg.c; the
	 * vehicle counts are taken there, at most once a second): redraw it
	 * when what it would show changed */
	if (now >= t->status_sig_ms + 250) {
		t->status_sig_ms = now;
		char buf[512];
		uint64_t h = 1469598103934665603ull; /* FNV-1a */
		fo_style st;
		for (size_t i = 0; fo_status_segment(t->core, i, buf, sizeof buf, &st); i++) {
			for (const char *p = buf; *p; p++)
				h = (h ^ (unsigned char)*p) * 1099511628211ull;
			h = (h ^ (unsigned)st ^ 0xffu) * 1099511628211ull;
		}
		if (h != t->status_sig) {
			t->status_sig = h;
			t->dirty[TUI_W_STATUS] = true;
		}
	}
	if (tui_map_current(t)) {
		tui_map_track(t);
		return;
	}
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->spec)
		return;
	uint64_t g = mg;
	if (lv->spec->generation)
		g ^= lv->spec->generation(t->core, fo_view_ud(t->core, lv->spec)) *
		     0x9e3779b97f4a7c15ull;
	if (lv->detail) {
		if (g != lv->gen) {
			lv->gen = g;
			tui_refresh_level(t, lv);
			t->dirty[TUI_W_MAIN] = true;
		}
		return;
	}
	if (lv->vs) {
		fo_refresh r =
		    fo_viewstate_refresh_step(lv->vs, tui_now_ms(), TUI_REINDEX_SLICE_US);
		t->reindex_pending = r == FO_REFRESH_PENDING;
		if (r == FO_REFRESH_CHANGED) {
			t->dirty[TUI_W_MAIN] = true;
			t->dirty[TUI_W_STATUS] = true;
		}
	}
	if (g != lv->gen) {
		lv->gen = g;
		t->dirty[TUI_W_MAIN] = true;
	}
}

bool tui_reindex_slice(tui *t)
{
	tui_level *lv = tui_cur_level(t);
	if (!lv || !lv->vs || lv->detail || !fo_viewstate_pending(lv->vs)) {
		t->reindex_pending = false;
		return false;
	}
	fo_refresh r = fo_viewstate_refresh_step(lv->vs, tui_now_ms(), TUI_REINDEX_SLICE_US);
	if (r == FO_REFRESH_CHANGED) {
		t->dirty[TUI_W_MAIN] = true;
		t->dirty[TUI_W_STATUS] = true;
	}
	t->reindex_pending = r == FO_REFRESH_PENDING;
	return t->reindex_pending;
}

static bool terminal_behind(const tui *t)
{
	int queued = 0;
	if (t->out_fd < 0 || ioctl(t->out_fd, TIOCOUTQ, &queued) != 0)
		return false;
	return queued > TUI_BACKLOG_MAX;
}

void tui_frame(tui *t)
{
	uint64_t t0 = uv_hrtime();
	track_data(t);
	if (t->skip > 0 || terminal_behind(t)) {
		if (t->skip > 0)
			t->skip--;
		t->dropped++;
		return; /* dirty flags stay set: the next frame paints it all once */
	}
	if (t->repaint) {
		clearok(curscr, TRUE);
		tui_dirty_all(t);
		t->repaint = false;
	}
	bool any = false;
	for (int i = 0; i < TUI_W__COUNT; i++) {
		WINDOW *w = t->win[i];
		if (!t->dirty[i] || !w)
			continue;
		t->dirty[i] = false;
		if (t->too_small) {
			if (i == TUI_W_MAIN)
				draw_too_small(t, w);
		} else {
			switch ((tui_win_id)i) {
			case TUI_W_TABS:
				tui_tabs_draw(t, w);
				break;
			case TUI_W_SUB:
				tui_sub_draw(t, w);
				break;
			case TUI_W_CRUMB:
				tui_crumb_draw(t, w);
				break;
			case TUI_W_NOTE:
				tui_note_draw(t, w);
				break;
			case TUI_W_MAIN:
				draw_main(t, w);
				break;
			case TUI_W_STATUS:
				tui_status_draw(t, w);
				break;
			case TUI_W_CMD:
				tui_cmdline_draw(t, w);
				break;
			default:
				break;
			}
		}
		wnoutrefresh(w);
		any = true;
	}
	for (int i = 0; i < TUI_W__COUNT; i++)
		t->dirty[i] = false;
	if (any && !t->too_small && t->pop.kind != TUI_POP_NONE)
		tui_popup_draw(t);
	bool editing = (t->mode == TUI_MODE_CMD || t->mode == TUI_MODE_FILTER) && !t->too_small;
	WINDOW *cw = t->win[TUI_W_CMD];
	if (cw)
		leaveok(cw, editing ? FALSE : TRUE);
	if (editing && cw) {
		if (!any) /* keep the cursor where the editor wants it */
			any = true;
		wnoutrefresh(cw);
	}
	if (editing != t->cursor_on) {
		curs_set(editing ? 1 : 0);
		t->cursor_on = editing;
	}
	if (any) {
		doupdate();
		t->frames++;
	}
	uint64_t us = (uv_hrtime() - t0) / 1000;
	t->last_frame_us = us;
	/* A frame slower than the tick: drop the ones it overran. */
	if (t->tick_ms > 0 && us / 1000 > t->tick_ms)
		t->skip = (unsigned)(us / 1000 / t->tick_ms);
}
