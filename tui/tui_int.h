/* tui_int.h — the TUI's one context struct and the functions its files
 * share.  Everything the console holds hangs off one `tui` (core->frontend);
 * there is no other mutable state. */
#ifndef FO_TUI_INT_H
#define FO_TUI_INT_H

#include "core.h"
#include "keymap.h"
#include "map_canvas.h"
#include "theme.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUI_MIN_COLS 40
#define TUI_MIN_ROWS 10
#define TUI_MAX_VIEWS 16 /* sub-tabs per pane */
#define TUI_MAX_DEPTH 8  /* drill-down levels */
#define TUI_MAX_TABS 16
#define TUI_LINE_MAX 512
#define TUI_HIST_MAX 500

/* Windows, drawn in this order; each has its own dirty flag. */
typedef enum {
	TUI_W_TABS,   /* pane tab bar */
	TUI_W_SUB,    /* the pane's views as sub-tabs */
	TUI_W_CRUMB,  /* breadcrumbs */
	TUI_W_NOTE,   /* the pane's honest note (may be absent) */
	TUI_W_MAIN,   /* table or detail */
	TUI_W_STATUS, /* counts, alarms, READONLY, filter/sort */
	TUI_W_CMD,    /* message / ':' or '/' line */
	TUI_W__COUNT
} tui_win_id;

typedef enum { TUI_CHART_BRAILLE, TUI_CHART_BLOCK, TUI_CHART_ASCII } tui_chart_style;

/* Terminal capabilities, detected once (caps.c). */
typedef struct {
	bool utf8; /* locale is UTF-8 and ascii option is off */
	tui_color_mode color;
	int colors; /* COLORS after start_color, 0 when none */
} tui_caps;

/* One level of the navigation stack: a table, or the detail of one row. */
typedef struct {
	const fo_view_spec *spec;
	fo_viewstate *vs;  /* OWNED for levels > 0; level 0 borrows the cache */
	fo_detail *detail; /* OWNED; non-NULL makes this a detail level */
	char key[96];      /* row key of the detail or of the drill scope */
	char label[96];    /* breadcrumb text */
	size_t sel, top;   /* table cursor and first visible row */
	int dscroll;       /* detail scroll */
	uint64_t gen;      /* generation the level was last drawn at */
	bool gone;         /* detail: the row vanished */
	uint8_t colw[64];  /* widest cell seen per column: widths only grow,
	                    * so columns do not jump while scrolling */
} tui_level;

/* A pane tab and the per-view state cache behind its sub-tabs. */
typedef struct {
	const fo_pane_spec *spec;
	size_t nviews;
	size_t cur;
	fo_viewstate *cache[TUI_MAX_VIEWS]; /* OWNED, created on first visit */
	size_t sel[TUI_MAX_VIEWS];
	tui_level stack[TUI_MAX_DEPTH];
	int depth; /* levels in stack, >= 1 once entered */
	bool map;  /* the Map pane (mappane.c): no views, the core's map canvas */
} tui_pane;

/* The Map pane's state (mappane.c). */
typedef struct {
	fo_map_canvas *canvas; /* OWNED */
	fo_map_view view;
	uint64_t gen;   /* model generation last drawn */
	bool drawn;     /* gen is meaningful */
	int cols, rows; /* canvas size last drawn (for pan steps) */
} tui_map;

typedef enum { TUI_MODE_NORMAL, TUI_MODE_CMD, TUI_MODE_FILTER, TUI_MODE_POPUP } tui_mode;

typedef enum {
	TUI_POP_NONE,
	TUI_POP_TEXT,    /* help or command output: scrollable lines */
	TUI_POP_CONFIRM, /* y/N before a dangerous command */
	TUI_POP_COLUMNS, /* column chooser */
} tui_popup_kind;

typedef struct {
	tui_popup_kind kind;
	char title[96];
	char **lines; /* OWNED */
	size_t nlines, cap;
	int scroll;
	int sel;                    /* column chooser cursor */
	char pending[TUI_LINE_MAX]; /* CONFIRM: the command to run on 'y' */
} tui_popup;

/* The line editor behind ':' and '/'. */
typedef struct {
	char buf[TUI_LINE_MAX];
	size_t len, pos;
	char *hist[TUI_HIST_MAX]; /* OWNED, oldest first */
	size_t nhist;
	long hpos; /* browsing position, -1 when editing */
	char saved[TUI_LINE_MAX];
	char hist_path[1024];
} tui_line;

typedef struct {
	int x0, x1; /* screen columns of a clickable tab [x0, x1) */
	int index;
} tui_hit;

typedef struct tui {
	fo_core *core;
	SCREEN *screen;
	WINDOW *win[TUI_W__COUNT];
	bool dirty[TUI_W__COUNT];
	WINDOW *popwin;
	WINDOW *input; /* 1x1 pad read with wgetch: never refreshes */
	int rows, cols;
	bool too_small;
	bool quit;
	bool repaint; /* Ctrl-L or after dropped frames */
	tui_caps caps;
	tui_theme theme;
	tui_keymap keymap;
	tui_chart_style chart;
	tui_map map;
	tui_mode mode;
	tui_popup pop;
	tui_line line;
	char msg[256]; /* last result or error, one line */
	bool msg_err;
	tui_pane panes[TUI_MAX_TABS];
	size_t npanes;
	size_t cur; /* current pane */
	tui_hit tabhits[TUI_MAX_TABS];
	size_t ntabhits;
	tui_hit subhits[TUI_MAX_VIEWS];
	size_t nsubhits;
	int table_y;                        /* main-window row of the first data row */
	uint64_t status_sig, status_sig_ms; /* what the status line showed, when checked */
	uint64_t reindex_ms;
	bool reindex_pending;   /* a view re-index is under way in slices */
	uint64_t last_frame_us; /* build time of the last frame */
	uint64_t tick_ms;       /* redraw interval */
	bool cursor_on;
	int out_fd;    /* the terminal's fd, for its output backlog */
	unsigned skip; /* frames still to drop after a slow one */
	uint64_t frames, dropped;
	/* loop glue (tui.c) */
	void *loop_handles;
} tui;

/* tui.c */
uint64_t tui_now_ms(void);
/* Work budget of one re-index slice: a frame or an idle turn of the loop
 * does at most about this much filtering and sorting. */
#define TUI_REINDEX_SLICE_US 1000
/* Continues a pending re-index of the current view by one slice; returns
 * true while work remains. */
bool tui_reindex_slice(tui *t);
void tui_dirty_all(tui *t);
/* roles.c: sets w's attributes to role r of the theme; the role of a
 * view cell's or detail line's style. */
void tui_set_role(tui *t, WINDOW *w, tui_role r);
tui_role tui_style_role(fo_style s);
void tui_message(tui *t, bool err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* session.c: create/destroy the context once curses runs; the bench
 * drives it without the loop. */
tui *tui_create(fo_core *core, SCREEN *screen, char *err, size_t errlen);
void tui_destroy(tui *t);
void tui_register_commands(tui *t);

/* screen.c: windows, layout, one frame. */
void tui_layout(tui *t, int rows, int cols);
void tui_frame(tui *t);
void tui_free_windows(tui *t);

/* caps.c */
void tui_caps_detect(tui *t);

/* nav.c: panes, views and the drill-down stack. */
void tui_panes_load(tui *t);
void tui_panes_free(tui *t);
tui_pane *tui_cur_pane(tui *t);
tui_level *tui_cur_level(tui *t);
void tui_select_pane(tui *t, size_t i);
void tui_select_slot(tui *t, int slot);
void tui_select_view(tui *t, size_t v);
void tui_enter(tui *t);
void tui_back(tui *t);
void tui_refresh_level(tui *t, tui_level *lv);

/* table.c */
void tui_table_draw(tui *t, WINDOW *w, tui_level *lv);
void tui_table_move(tui *t, tui_level *lv, long delta);
void tui_table_goto(tui *t, tui_level *lv, size_t row);
int tui_table_height(tui *t);
void tui_sort_cycle(tui *t, tui_level *lv);
void tui_sort_reverse(tui *t, tui_level *lv);

/* detail.c */
void tui_detail_draw(tui *t, WINDOW *w, tui_level *lv);
void tui_detail_scroll(tui *t, tui_level *lv, long delta);

/* chart.c: draws a chart of n samples into w at (y, x), h rows, width cols. */
void tui_chart_draw(tui *t, WINDOW *w, int y, int x, int h, int width, const float *s, size_t n,
                    double min, double max);
const char *tui_chart_style_name(tui_chart_style s);
int tui_chart_style_parse(const char *name);

/* text.c: display-width aware output. */
int tui_put(tui *t, WINDOW *w, int y, int x, const char *s, int width, bool right);
int tui_text_width(const char *s);
/* Bytes of the longest prefix of s that fits width cells. */
size_t tui_text_fit(const char *s, int width);
const char *tui_glyph(tui *t, const char *utf8, const char *ascii);

/* status.c */
void tui_status_draw(tui *t, WINDOW *w);
void tui_cmdline_draw(tui *t, WINDOW *w);

/* tabs.c */
void tui_tabs_draw(tui *t, WINDOW *w);
void tui_sub_draw(tui *t, WINDOW *w);
void tui_crumb_draw(tui *t, WINDOW *w);
void tui_note_draw(tui *t, WINDOW *w);

/* cmdline.c */
void tui_line_open(tui *t, tui_mode mode, const char *init);
void tui_line_key(tui *t, int key);
void tui_history_load(tui *t);
void tui_history_free(tui *t);
void tui_run_command(tui *t, const char *line, bool confirmed);

/* popup.c */
void tui_popup_open(tui *t, tui_popup_kind kind, const char *title);
void tui_popup_add(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_popup_add_text(tui *t, const char *text);
void tui_popup_close(tui *t);
void tui_popup_draw(tui *t);
void tui_popup_key(tui *t, int key);

/* help.c */
void tui_help_open(tui *t);

/* mappane.c: the Map pane, slot 8, after the registered panes. */
void tui_map_add_pane(tui *t);
void tui_map_free(tui *t);
bool tui_map_current(tui *t);
/* Marks the main window dirty when the model or the viewport changed. */
void tui_map_track(tui *t);
void tui_map_draw(tui *t, WINDOW *w);
/* The Map pane's keys, when it is the current pane; true when handled. */
bool tui_map_key(tui *t, int key);
/* The Map pane's keys, for the help box. */
void tui_map_help(tui *t);

/* input.c */
void tui_handle_key(tui *t, int key);

#endif
