/* mappane.c — the Map pane (slot 8, key 8): draws the core's map canvas
 * (core/map/map_canvas.c) in the main window with a legend line under it,
 * with the paths traffic control reserved (fo_site_reserved), gathered for
 * every vehicle at every frame: a path may cross the view from a vehicle
 * outside it, and the canvas culls each segment cheaply.
 * It has no views; its own keys (zoom, pan, fit, follow, reservations)
 * come first while it is the current pane.  Redrawn when the model's
 * generation or the viewport changed, in the frame like every window. */
#include "site.h"
#include "tui_int.h"

#include <stdio.h>
#include <string.h>

static const char *const no_views[] = {NULL};

static const fo_pane_spec map_pane = {
    .name = "map",
    .title = "Map",
    .slot = 8,
    .views = no_views,
    .note = "Live: the site's layout (the active map layout, or the simulator's depot), "
            "vehicles by heading and state, and the paths traffic control reserved (held "
            "bright, ASCII #; horizon plain, ASCII :). Keys: + - zoom, arrows/hjkl pan, "
            "= fit, f follow, F stop, r reservations on/off.",
};

typedef enum {
	MAP_ZOOM_IN,
	MAP_ZOOM_OUT,
	MAP_FIT,
	MAP_LEFT,
	MAP_RIGHT,
	MAP_UP,
	MAP_DOWN,
	MAP_FOLLOW,
	MAP_UNFOLLOW,
	MAP_PATHS
} map_op;

/* The pane's keys, in help order. */
static const struct {
	int key;
	map_op op;
	const char *help;
} map_keys[] = {
    {'+', MAP_ZOOM_IN, "zoom in (half the metres per cell)"},
    {'-', MAP_ZOOM_OUT, "zoom out"},
    {'=', MAP_FIT, "fit the whole layout (and keep fitting)"},
    {KEY_LEFT, MAP_LEFT, "pan left a quarter of the screen"},
    {'h', MAP_LEFT, NULL},
    {KEY_RIGHT, MAP_RIGHT, "pan right"},
    {'l', MAP_RIGHT, NULL},
    {KEY_UP, MAP_UP, "pan up"},
    {'k', MAP_UP, NULL},
    {KEY_DOWN, MAP_DOWN, "pan down"},
    {'j', MAP_DOWN, NULL},
    {'f', MAP_FOLLOW, "follow the next vehicle (model order)"},
    {'F', MAP_UNFOLLOW, "stop following"},
    {'r', MAP_PATHS, "show or hide the paths traffic control reserved"},
};

#define MAP_ZOOM_STEP 2.0
#define MAP_PAN_STEP 0.25

void tui_map_add_pane(tui *t)
{
	fo_map_view_init(&t->map.view);
	t->map.drawn = false;
	if (t->npanes >= TUI_MAX_TABS)
		return;
	tui_pane *p = &t->panes[t->npanes++];
	memset(p, 0, sizeof *p);
	p->spec = &map_pane;
	p->map = true;
}

void tui_map_free(tui *t)
{
	fo_map_canvas_free(t->map.canvas);
	t->map.canvas = NULL;
	t->map.drawn = false;
}

bool tui_map_current(tui *t)
{
	tui_pane *p = tui_cur_pane(t);
	return p && p->map;
}

void tui_map_track(tui *t)
{
	uint64_t g = fo_model_generation(fo_core_model(t->core));
	if (!t->map.drawn || g != t->map.gen)
		t->dirty[TUI_W_MAIN] = true;
}

bool tui_map_key(tui *t, int key)
{
	if (!tui_map_current(t))
		return false;
	size_t i, n = sizeof map_keys / sizeof map_keys[0];
	for (i = 0; i < n && map_keys[i].key != key; i++)
		;
	if (i == n)
		return false;
	tui_map *mp = &t->map;
	fo_model *m = fo_core_model(t->core);
	int cols = mp->cols > 0 ? mp->cols : 1, rows = mp->rows > 0 ? mp->rows : 1;
	switch (map_keys[i].op) {
	case MAP_ZOOM_IN:
		fo_map_view_zoom(&mp->view, MAP_ZOOM_STEP);
		break;
	case MAP_ZOOM_OUT:
		fo_map_view_zoom(&mp->view, 1 / MAP_ZOOM_STEP);
		break;
	case MAP_FIT:
		mp->view.fit = true;
		break;
	case MAP_LEFT:
		fo_map_view_pan(&mp->view, -MAP_PAN_STEP, 0, cols, rows);
		break;
	case MAP_RIGHT:
		fo_map_view_pan(&mp->view, MAP_PAN_STEP, 0, cols, rows);
		break;
	case MAP_UP:
		fo_map_view_pan(&mp->view, 0, MAP_PAN_STEP, cols, rows);
		break;
	case MAP_DOWN:
		fo_map_view_pan(&mp->view, 0, -MAP_PAN_STEP, cols, rows);
		break;
	case MAP_FOLLOW:
		if (fo_map_view_follow_next(&mp->view, m) < 0)
			tui_message(t, true, "map: no vehicle to follow");
		else
			tui_message(t, false, "map: following %s (F stops)", mp->view.follow);
		break;
	case MAP_UNFOLLOW:
		if (mp->view.follow[0])
			tui_message(t, false, "map: stopped following %s", mp->view.follow);
		fo_map_view_unfollow(&mp->view);
		break;
	case MAP_PATHS:
		mp->view.paths = !mp->view.paths;
		tui_message(t, false, "map: reserved paths %s (r)",
		            mp->view.paths ? "shown" : "hidden");
		break;
	}
	t->dirty[TUI_W_MAIN] = true;
	return true;
}

void tui_map_help(tui *t)
{
	tui_popup_add(t, "%s", "");
	tui_popup_add(t, "# Keys of the Map pane (8; they come first while it is shown)");
	size_t n = sizeof map_keys / sizeof map_keys[0];
	for (size_t i = 0; i < n; i++) {
		if (!map_keys[i].help)
			continue;
		char keys[64] = "";
		size_t used = 0;
		for (size_t j = i; j < n && (j == i || !map_keys[j].help); j++) {
			char kn[24];
			tui_key_name(map_keys[j].key, kn, sizeof kn);
			int w =
			    snprintf(keys + used, sizeof keys - used, "%s%s", used ? ", " : "", kn);
			if (w < 0 || (size_t)w >= sizeof keys - used)
				break;
			used += (size_t)w;
		}
		tui_popup_add(t, "  %-14s %-26s %s", "", keys, map_keys[i].help);
	}
}

/* "1.85 m", "12.5 m", "1.2 km": the scale of a cell across. */
static void scale_text(double mpc, char *buf, size_t len)
{
	if (mpc < 1000)
		snprintf(buf, len, "%.3g m", mpc);
	else
		snprintf(buf, len, "%.3g km", mpc / 1000);
}

/* Nodes of a vehicle's held path or horizon gathered at most; a longer one
 * is drawn up to here (a reservation is map.release_nodes long). */
#define MAP_PATH_MAX 256

/* The reserved paths of every vehicle onto the canvas: its held path, and
 * its horizon from the last node it holds.  Returns how many vehicles hold
 * more than the node they stand on or want more; -1 when traffic control
 * holds nothing in this process. */
static long gather_paths(fo_core *core, fo_map_canvas *c)
{
	double held[MAP_PATH_MAX][2], want[MAP_PATH_MAX + 1][2];
	size_t n = fo_model_vehicle_count(fo_core_model(core));
	long busy = 0;
	fo_map_canvas_paths_clear(c);
	for (size_t i = 0; i < n; i++) {
		size_t nh, nw;
		if (!fo_site_reserved(core, i, held, &nh, want + 1, &nw, MAP_PATH_MAX))
			return -1;
		if (nh < 2 && nw == 0)
			continue;
		busy++;
		fo_map_canvas_path_add(c, (const double(*)[2])held, nh, FO_MAP_PATH_HELD);
		if (nw == 0)
			continue;
		/* the horizon goes on from the last held node (unless the held
		 * path was cut at MAP_PATH_MAX: its last node is not known) */
		bool joined = nh > 0 && nh < MAP_PATH_MAX;
		if (joined) {
			want[0][0] = held[nh - 1][0];
			want[0][1] = held[nh - 1][1];
		}
		fo_map_canvas_path_add(c, (const double(*)[2])(joined ? want : want + 1),
		                       joined ? nw + 1 : nw, FO_MAP_PATH_WANTED);
	}
	return (long)busy;
}

/* reserved: what gather_paths returned (unused while paths are hidden). */
static void draw_legend(tui *t, WINDOW *w, int y, const fo_map_stats *st, long reserved)
{
	const tui_map *mp = &t->map;
	char scale[32], buf[512];
	scale_text(mp->view.mpc, scale, sizeof scale);
	const char *sep = tui_glyph(t, " \u2502 ", " | ");
	char follow[96];
	if (mp->view.follow[0])
		snprintf(follow, sizeof follow, "follow %s%s", mp->view.follow,
		         st->follow_missing ? " (not on the map)" : "");
	else
		snprintf(follow, sizeof follow, "follow none (f)");
	char paths[96];
	if (!mp->view.paths)
		snprintf(paths, sizeof paths, "reserved paths hidden (r)");
	else if (reserved < 0) /* no site, map.traffic off, or nobody claimed yet */
		snprintf(paths, sizeof paths, "nothing reserved");
	else
		snprintf(paths, sizeof paths, "reserved: %ld vehicle%s%s", reserved,
		         reserved == 1 ? "" : "s", t->caps.utf8 ? "" : " (# held : horizon)");
	snprintf(buf, sizeof buf,
	         "%s/cell%s%s%s%s%zu nodes %zu edges%s%zu vehicles, %zu in view%s%s%s%s", scale,
	         mp->view.fit ? " (fit)" : "", sep, follow, sep, st->nodes, st->edges, sep,
	         st->vehicles, st->vehicles_in, sep, paths, sep,
	         t->caps.utf8 ? "\u25c6 charger \u25a1 parking \u25a0 station"
	                      : "C charger P parking S station");
	tui_set_role(t, w, TUI_R_DIM);
	wmove(w, y, 0);
	whline(w, ' ', getmaxx(w));
	tui_put(t, w, y, 1, buf, getmaxx(w) - 1, false);
}

/* Draws the canvas row by row, one addnstr per run of cells in one style. */
static void draw_cells(tui *t, WINDOW *w, const fo_map_canvas *c)
{
	char run[512];
	for (int r = 0; r < fo_map_canvas_rows(c); r++) {
		int x = 0, cols = fo_map_canvas_cols(c);
		while (x < cols) {
			const fo_map_cell *first = fo_map_canvas_cell(c, x, r);
			int x0 = x;
			size_t len = 0;
			while (x < cols) {
				const fo_map_cell *cell = fo_map_canvas_cell(c, x, r);
				size_t n = strlen(cell->text);
				if (cell->style != first->style ||
				    cell->followed != first->followed || len + n >= sizeof run)
					break;
				memcpy(run + len, cell->text, n);
				len += n;
				x++;
			}
			tui_set_role(t, w, tui_style_role((fo_style)first->style));
			if (first->followed)
				wattron(w, A_REVERSE);
			mvwaddnstr(w, r, x0, run, (int)len);
			if (first->followed)
				wattroff(w, A_REVERSE);
		}
	}
}

void tui_map_draw(tui *t, WINDOW *w)
{
	werase(w);
	tui_map *mp = &t->map;
	if (!mp->canvas)
		mp->canvas = fo_map_canvas_new();
	int W = getmaxx(w), H = getmaxy(w);
	int rows = H > 1 ? H - 1 : 0;
	fo_model *m = fo_core_model(t->core);
	fo_map_glyphs g = t->caps.utf8 ? FO_MAP_BRAILLE : FO_MAP_ASCII;
	long reserved = 0;
	if (mp->view.paths)
		reserved = gather_paths(t->core, mp->canvas);
	else
		fo_map_canvas_paths_clear(mp->canvas);
	bool ok = fo_map_canvas_render(mp->canvas, m, &mp->view, W, rows, g);
	mp->gen = fo_model_generation(m);
	mp->drawn = true;
	mp->cols = W;
	mp->rows = rows;
	if (ok) {
		draw_cells(t, w, mp->canvas);
	} else {
		/* the reason, wrapped by hand over the canvas rows */
		const char *msg = fo_map_canvas_message(mp->canvas);
		int width = W > 2 ? W - 2 : W, len = (int)strlen(msg);
		tui_set_role(t, w, TUI_R_WARN);
		for (int y = 0, o = 0; y < (rows ? rows : 1) && o < len && width > 0;
		     y++, o += width)
			mvwaddnstr(w, y, W > 2 ? 1 : 0, msg + o, width);
	}
	if (H > 1)
		draw_legend(t, w, H - 1, fo_map_canvas_stats(mp->canvas), reserved);
}
