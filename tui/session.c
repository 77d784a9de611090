/* session.c — the TUI context: created once curses runs (by the loop in
 * tui.c or by the benchmark), with theme, key map, panes, history and the
 * `ui` commands. */
#include "tui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

uint64_t tui_now_ms(void)
{
	return uv_hrtime() / 1000000u;
}

void tui_dirty_all(tui *t)
{
	for (int i = 0; i < TUI_W__COUNT; i++)
		t->dirty[i] = true;
}

void tui_message(tui *t, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	/* one line only */
	for (char *c = t->msg; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	t->msg_err = err;
	t->dirty[TUI_W_CMD] = true;
	if (err)
		fo_log(t->core, FO_LOG_INFO, "tui: %s", t->msg);
}

static void keymap_report(const char *msg, void *ud)
{
	tui *t = ud;
	fo_log(t->core, FO_LOG_WARN, "config: %s", msg);
	tui_message(t, true, "config: %s", msg);
}

/* Loads a theme by name; on failure keeps the current one (or the
 * built-in defaults) and says why. */
static int load_theme(tui *t, const char *name, char *err, size_t errlen)
{
	char dir[1024];
	fo_exe_dir(dir, sizeof dir);
	if (tui_theme_load(&t->theme, name, dir, err, errlen) != 0) {
		fo_log(t->core, FO_LOG_WARN, "%s", err);
		return -1;
	}
	tui_theme_apply(&t->theme, t->caps.color);
	tui_dirty_all(t);
	return 0;
}

/* ---- ui commands */

static const fo_arg_spec theme_args[] = {
    {"name", FO_ARG_STRING, true, NULL, "theme name (dark, light, high-contrast, mono) or path"},
};
static const fo_arg_spec chart_args[] = {
    {"style", FO_ARG_ENUM, true, "braille|block|ascii", "chart drawing style"},
};

static fo_status cmd_theme(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	tui *t = core->frontend;
	if (!t) {
		fo_out_error(out, "ui theme: the console is not running");
		return FO_ERR;
	}
	char err[256];
	const char *name = fo_args_str(args, "name", "");
	if (load_theme(t, name, err, sizeof err) != 0) {
		fo_out_error(out, "%s", err);
		return FO_ERR;
	}
	fo_out_printf(out, "theme %s", t->theme.name);
	return FO_OK;
}

static fo_status cmd_quit(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	tui *t = core->frontend;
	if (t)
		t->quit = true;
	fo_core_stop(core);
	return FO_OK;
}

static fo_status cmd_chart(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	tui *t = core->frontend;
	int s = tui_chart_style_parse(fo_args_str(args, "style", ""));
	if (!t || s < 0) {
		fo_out_error(out, "ui chart: braille, block or ascii");
		return FO_EUSAGE;
	}
	t->chart = (tui_chart_style)s;
	t->dirty[TUI_W_MAIN] = true;
	fo_out_printf(out, "charts: %s%s", tui_chart_style_name(t->chart),
	              t->caps.utf8 ? "" : " (ASCII terminal: drawn in ASCII)");
	return FO_OK;
}

/* Shows the row KEY of VIEW: the pane that holds the view, the view, the
 * row selected and its detail open (alerts jump to their vehicle so). */
static fo_status cmd_goto(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	(void)ud;
	tui *t = core->frontend;
	const char *view = fo_args_str(args, "view", "");
	const char *key = fo_args_str(args, "key", "");
	if (!t) {
		fo_out_error(out, "ui goto: only in the console");
		return FO_ERR;
	}
	for (size_t i = 0; i < t->npanes; i++) {
		const fo_pane_spec *ps = t->panes[i].spec;
		for (size_t v = 0; ps->views[v]; v++) {
			if (strcmp(ps->views[v], view) != 0)
				continue;
			tui_select_pane(t, i);
			tui_select_view(t, v);
			tui_level *lv = tui_cur_level(t);
			if (!*key || !lv || !lv->vs)
				return FO_OK;
			fo_viewstate_refresh(lv->vs, fo_now_ms(core));
			long row = fo_viewstate_find_key(lv->vs, key);
			if (row < 0) {
				fo_out_error(out, "ui goto: %s has no row %s (filtered out?)", view,
				             key);
				return FO_ERR;
			}
			lv->sel = (size_t)row;
			tui_enter(t);
			return FO_OK;
		}
	}
	fo_out_error(out, "ui goto: no pane shows view %s", view);
	return FO_ERR;
}

static const fo_arg_spec goto_args[] = {
    {"view", FO_ARG_VIEW, true, NULL, "view name, e.g. fleet.vehicles"},
    {"key", FO_ARG_STRING, false, NULL, "row key, e.g. a vehicle id"},
};

static const fo_cmd_spec ui_cmds[] = {
    {"ui", "goto", "show a view's row and its detail", goto_args, 2, FO_CMD_READONLY_SAFE,
     cmd_goto},
    {"ui", "theme", "switch the colour theme", theme_args, 1, FO_CMD_READONLY_SAFE, cmd_theme},
    {"ui", "chart", "chart style: braille, block or ascii", chart_args, 1, FO_CMD_READONLY_SAFE,
     cmd_chart},
    {"ui", "quit", "quit the console", NULL, 0, FO_CMD_READONLY_SAFE, cmd_quit},
};

void tui_register_commands(tui *t)
{
	for (size_t i = 0; i < sizeof ui_cmds / sizeof ui_cmds[0]; i++) {
		if (fo_registry_find(t->core->registry, ui_cmds[i].domain, ui_cmds[i].verb))
			continue;
		char err[256];
		if (fo_registry_add(t->core->registry, &ui_cmds[i], NULL, -1, err, sizeof err) != 0)
			fo_log(t->core, FO_LOG_WARN, "tui: %s", err);
	}
}

/* ---- life cycle */

tui *tui_create(fo_core *core, SCREEN *screen, char *err, size_t errlen)
{
	tui *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	t->core = core;
	t->screen = screen;
	t->out_fd = STDOUT_FILENO;
	core->frontend = t;
	double hz = fo_config_double(core, "tick_hz");
	t->tick_ms = (uint64_t)(1000.0 / (hz > 0 ? hz : 4));
	long ri = fo_config_int(core, "reindex_ms");
	t->reindex_ms = ri > 0 ? (uint64_t)ri : 0;
	t->line.hpos = -1;

	cbreak();
	noecho();
	nonl();
	set_escdelay(25);
	t->input = newpad(1, 1);
	if (!t->input) {
		snprintf(err, errlen, "cannot create the input window");
		free(t);
		core->frontend = NULL;
		return NULL;
	}
	keypad(t->input, TRUE);
	nodelay(t->input, TRUE);
	tui_caps_detect(t);
	curs_set(0);
	leaveok(stdscr, TRUE);
	if (fo_config_bool(core, "mouse")) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED,
		          NULL);
		mouseinterval(0);
	}

	tui_theme_defaults(&t->theme);
	char terr[256];
	const char *theme = fo_config_str(core, "theme");
	if (theme && *theme && load_theme(t, theme, terr, sizeof terr) != 0)
		tui_message(t, true, "%s; using built-in colours", terr);
	tui_theme_apply(&t->theme, t->caps.color);
	tui_keymap_init(&t->keymap, core->config, keymap_report, t);
	tui_history_load(t);
	tui_register_commands(t);
	tui_panes_load(t);
	tui_layout(t, LINES, COLS);
	return t;
}

void tui_destroy(tui *t)
{
	if (!t)
		return;
	tui_popup_close(t);
	tui_free_windows(t);
	tui_panes_free(t);
	tui_history_free(t);
	if (t->input)
		delwin(t->input);
	if (t->core->frontend == t)
		t->core->frontend = NULL;
	free(t);
}
