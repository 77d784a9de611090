/* tui.c — fo_tui_run: the console on the core's libuv loop.  stdin is
 * polled for keys, SIGWINCH resizes, and a timer at tick_hz draws a frame
 * from the dirty flags. */
#include "tui.h"
#include "tui_int.h"

#include "store.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

typedef struct {
	uv_poll_t in;
	uv_signal_t winch;
	uv_timer_t tick;
	uv_idle_t reindex; /* runs re-index slices between frames */
	tui *t;
	int closing;
} tui_loop;

static void on_reindex(uv_idle_t *h)
{
	tui_loop *l = h->data;
	if (!tui_reindex_slice(l->t))
		uv_idle_stop(h);
}

/* A re-index too big for one slice goes on between frames, one slice per
 * turn of the loop, so keys and frames are never held up for long. */
static void schedule_reindex(tui_loop *l)
{
	if (l->t->reindex_pending && !uv_is_active((uv_handle_t *)&l->reindex))
		uv_idle_start(&l->reindex, on_reindex);
}

static void on_tick(uv_timer_t *h)
{
	tui_loop *l = h->data;
	tui *t = l->t;
	if (t->quit) {
		fo_core_stop(t->core);
		return;
	}
	tui_frame(t);
	schedule_reindex(l);
}

static void on_input(uv_poll_t *h, int status, int events)
{
	tui_loop *l = h->data;
	tui *t = l->t;
	int key;
	/* read everything ncurses can give now */
	for (int n = 0; n < 4096 && (key = wgetch(t->input)) != ERR; n++) {
		tui_handle_key(t, key);
		if (t->quit)
			break;
	}
	if (t->quit)
		fo_core_stop(t->core);
	else
		schedule_reindex(l);
}

static void on_winch(uv_signal_t *h, int signum)
{
	tui_loop *l = h->data;
	tui *t = l->t;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return;
	resizeterm(ws.ws_row, ws.ws_col);
	tui_layout(t, ws.ws_row, ws.ws_col);
	/* a popup is re-created at the new size on the next frame */
	if (t->popwin) {
		delwin(t->popwin);
		t->popwin = NULL;
	}
}

static void on_close(uv_handle_t *h)
{
	tui_loop *l = h->data;
	l->closing--;
}

int fo_tui_run(fo_core *core)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "fleetops: the console needs a terminal on stdin and stdout; "
		                "use a subcommand (fleetops --help) for scripts\n");
		return 1;
	}
	setlocale(LC_ALL, "");
	/* Characters and their widths follow the user's locale; numbers stay in
	 * the C locale: VDA 5050 orders, JSON, store values, reports and Lua
	 * format and read numbers with '.', never a decimal comma. */
	setlocale(LC_NUMERIC, "C");
	const char *term = getenv("TERM");
	SCREEN *scr = newterm(term && *term ? NULL : "xterm", stdout, stdin);
	if (!scr) {
		fprintf(stderr, "fleetops: cannot initialise the terminal (TERM=%s)\n",
		        term ? term : "");
		return 1;
	}
	set_term(scr);
	char err[256];
	tui *t = tui_create(core, scr, err, sizeof err);
	if (!t) {
		endwin();
		delscreen(scr);
		fprintf(stderr, "fleetops: %s\n", err);
		return 1;
	}
	fo_log(core, FO_LOG_INFO, "tui: %dx%d, colours %d, %s", COLS, LINES, t->caps.colors,
	       t->caps.utf8 ? "UTF-8" : "ASCII");

	tui_loop *l = calloc(1, sizeof *l);
	if (!l)
		abort();
	l->t = t;
	t->loop_handles = l;
	uv_poll_init(core->loop, &l->in, STDIN_FILENO);
	uv_signal_init(core->loop, &l->winch);
	uv_timer_init(core->loop, &l->tick);
	uv_idle_init(core->loop, &l->reindex);
	l->in.data = l->winch.data = l->tick.data = l->reindex.data = l;
	uv_poll_start(&l->in, UV_READABLE, on_input);
	uv_signal_start(&l->winch, on_winch, SIGWINCH);
	uv_timer_start(&l->tick, on_tick, 0, t->tick_ms);

	if (core->store)
		fo_store_watch_health(core->store, 5000);
	fo_core_run(core);

	l->closing = 4;
	uv_close((uv_handle_t *)&l->reindex, on_close);
	uv_close((uv_handle_t *)&l->in, on_close);
	uv_close((uv_handle_t *)&l->winch, on_close);
	uv_close((uv_handle_t *)&l->tick, on_close);
	for (int i = 0; l->closing > 0 && i < 1000; i++)
		uv_run(core->loop, UV_RUN_NOWAIT);
	/* leave the terminal as we found it */
	curs_set(1);
	endwin();
	tui_destroy(t);
	delscreen(scr);
	free(l);
	fo_log(core, FO_LOG_INFO, "tui: quit");
	return core->exit_code;
}
