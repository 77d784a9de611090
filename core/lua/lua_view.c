/* lua_view.c — the scripts as a view ("scripts.status": state, load time,
 * runs, errors, last error, memory, what each registered) and the `script`
 * commands. */
#include "lua_int.h"

#include "view_text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { SC_NAME, SC_STATE, SC_LOADED, SC_RUNS, SC_ERRORS, SC_MEM, SC_REG, SC_ERROR, SC_PATH, SC__N };

static const fo_column script_cols[SC__N] = {
    [SC_NAME] = {"name", "Script", FO_COL_TEXT, 18, false, NULL},
    [SC_STATE] = {"state", "State", FO_COL_TEXT, 8, false, NULL},
    [SC_LOADED] = {"loaded", "Loaded", FO_COL_TEXT, 8, false, NULL},
    [SC_RUNS] = {"runs", "Runs", FO_COL_NUM, 6, false, NULL},
    [SC_ERRORS] = {"errors", "Errors", FO_COL_NUM, 6, false, NULL},
    [SC_MEM] = {"memory", "Mem KB", FO_COL_NUM, 7, false, NULL},
    [SC_REG] = {"uses", "On/Timers/Policies", FO_COL_TEXT, 18, false, NULL},
    [SC_ERROR] = {"error", "Last error", FO_COL_TEXT, 40, false, NULL},
    [SC_PATH] = {"path", "Path", FO_COL_TEXT, 40, true, NULL},
};

static const char *state_name(fo_lua_state s)
{
	static const char *const n[] = {"running", "failed", "stopped", "done"};
	return n[s];
}

static fo_style state_style(const fo_lua_script *s)
{
	if (s->state == FO_LUA_STOPPED || (s->state == FO_LUA_FAILED && !s->cur))
		return FO_STYLE_ERROR;
	if (s->state == FO_LUA_FAILED || *s->error)
		return FO_STYLE_WARN;
	return FO_STYLE_OK;
}

static void hhmmss(uint64_t wall_ms, char *buf, size_t len)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	if (!wall_ms || !localtime_r(&t, &tm))
		snprintf(buf, len, "-");
	else
		strftime(buf, len, "%H:%M:%S", &tm);
}

static size_t nthings(const fo_lua_ver *v, int what)
{
	if (!v)
		return 0;
	if (what == 0)
		return v->nsubs;
	if (what == 2)
		return v->npols;
	size_t n = 0;
	for (const fo_lua_timer *t = v->timers; t; t = t->next)
		n++;
	return n;
}

static size_t rows(fo_core *core, void *ud)
{
	(void)core;
	return ((fo_lua_host *)ud)->n;
}

static void cell(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out)
{
	(void)core;
	fo_lua_host *h = ud;
	if (row >= h->n)
		return;
	const fo_lua_script *s = h->scripts[row];
	char buf[32];
	switch (col) {
	case SC_NAME:
		fo_cell_text(out, "%s", s->name);
		break;
	case SC_STATE:
		fo_cell_text(out, "%s", state_name(s->state));
		out->style = state_style(s);
		break;
	case SC_LOADED:
		hhmmss(s->loaded_wall, buf, sizeof buf);
		fo_cell_text(out, "%s", buf);
		break;
	case SC_RUNS:
		fo_cell_num(out, (double)s->runs, 0);
		break;
	case SC_ERRORS:
		fo_cell_num(out, (double)s->errors, 0);
		if (s->errors)
			out->style = FO_STYLE_WARN;
		break;
	case SC_MEM:
		fo_cell_num(out, s->cur ? (double)s->cur->sb.mem_used / 1024.0 : 0, 0);
		break;
	case SC_REG:
		fo_cell_text(out, "%zu/%zu/%zu", nthings(s->cur, 0), nthings(s->cur, 1),
		             nthings(s->cur, 2));
		break;
	case SC_ERROR:
		fo_cell_text(out, "%s", s->error);
		if (*s->error)
			out->style = state_style(s);
		break;
	case SC_PATH:
		fo_cell_text(out, "%s", s->path);
		break;
	}
}

static void key(fo_core *core, void *ud, size_t row, char *buf, size_t len)
{
	(void)core;
	fo_lua_host *h = ud;
	snprintf(buf, len, "%s", row < h->n ? h->scripts[row]->name : "");
}

static uint64_t generation(fo_core *core, void *ud)
{
	(void)core;
	return ((fo_lua_host *)ud)->gen;
}

static fo_status detail(fo_core *core, void *ud, const char *k, fo_detail *d)
{
	(void)core;
	fo_lua_host *h = ud;
	const fo_lua_script *s = NULL;
	for (size_t i = 0; i < h->n && !s; i++)
		if (strcmp(h->scripts[i]->name, k) == 0)
			s = h->scripts[i];
	if (!s)
		return FO_ERR;
	char buf[32];
	fo_detail_title(d, "Script %s", s->name);
	fo_detail_field(d, "State", state_style(s), "%s", state_name(s->state));
	fo_detail_field(d, "File", FO_STYLE_NORMAL, "%s", s->path);
	fo_detail_field(d, "Sandbox", FO_STYLE_NORMAL, "%s",
	                s->trusted ? "trusted directory: full standard library"
	                           : "sandboxed: no os, io, package, debug, bytecode");
	hhmmss(s->loaded_wall, buf, sizeof buf);
	fo_detail_field(d, "Loaded", FO_STYLE_NORMAL, "%s (%u loads, %u failed)", buf, s->loads,
	                s->failed_loads);
	fo_detail_field(d, "Runs", FO_STYLE_NORMAL, "%llu, %llu errors",
	                (unsigned long long)s->runs, (unsigned long long)s->errors);
	fo_detail_section(d, "Uses");
	fo_detail_field(d, "Handlers", FO_STYLE_NORMAL, "%zu", nthings(s->cur, 0));
	fo_detail_field(d, "Timers", FO_STYLE_NORMAL, "%zu", nthings(s->cur, 1));
	for (size_t i = 0; s->cur && i < s->cur->npols; i++)
		fo_detail_field(d, "Policy", FO_STYLE_NORMAL, "%s on '%s'", s->cur->pols[i]->name,
		                s->cur->pols[i]->pattern);
	if (s->cur)
		fo_detail_field(d, "Memory", FO_STYLE_NORMAL, "%zu KB of %zu KB",
		                s->cur->sb.mem_used / 1024, s->cur->sb.mem_limit / 1024);
	fo_detail_section(d, "Last error");
	if (*s->error) {
		hhmmss(s->error_wall, buf, sizeof buf);
		fo_detail_text(d, state_style(s), "%s (at %s)", s->error, buf);
	} else {
		fo_detail_text(d, FO_STYLE_DIM, "none");
	}
	return FO_OK;
}

static fo_status cmd_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	fo_lua_host *h = ud;
	if (!h->n) {
		fo_out_printf(out, "no scripts loaded%s\n",
		              fo_config_bool(core, "scripts") ? "" : " (option scripts is false)");
		return FO_OK;
	}
	fo_viewstate *vs = fo_viewstate_new(core, fo_views_find(core->views, "scripts.status"));
	fo_viewstate_refresh(vs, fo_now_ms(core));
	fo_view_text_table(vs, out, 0);
	fo_viewstate_free(vs);
	return FO_OK;
}

static fo_status cmd_reload(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)core;
	(void)a;
	fo_lua_host *h = ud;
	/* a forced reload: every file counts as changed */
	for (size_t i = 0; i < h->n; i++)
		h->scripts[i]->mtime = 0;
	bool deferred = h->active > 0;
	h->started = true;
	fo_lua_host_rescan(h);
	fo_out_printf(out, deferred ? "scripts reload once this script returns\n" : "%zu scripts\n",
	              h->n);
	return FO_OK;
}

static const fo_view_spec scripts_view = {
    .name = "scripts.status",
    .title = "Scripts",
    .summary = "Lua scripts: state, load time, runs, errors and the last one, memory",
    .cols = script_cols,
    .ncols = SC__N,
    .row_count = rows,
    .cell = cell,
    .row_key = key,
    .generation = generation,
    .detail = detail,
    .empty_text = "no scripts: put NAME.lua in ~/.config/fleetops/scripts (see "
                  "scripts/API.md)",
};

static const fo_cmd_spec script_cmds[] = {
    {"script", "list", "Lua scripts with state and last error", NULL, 0, FO_CMD_READONLY_SAFE,
     cmd_list},
    {"script", "reload", "load every script again from its file", NULL, 0, FO_CMD_READONLY_SAFE,
     cmd_reload},
};

void fo_lua_view_register(fo_lua_host *h)
{
	char err[256];
	if (fo_views_add(h->core->views, &scripts_view, h, -1, err, sizeof err) != 0)
		fo_log(h->core, FO_LOG_ERROR, "scripts: %s", err);
	for (size_t i = 0; i < sizeof script_cmds / sizeof script_cmds[0]; i++)
		if (fo_registry_add(h->core->registry, &script_cmds[i], h, -1, err, sizeof err) !=
		    0)
			fo_log(h->core, FO_LOG_ERROR, "scripts: %s", err);
}
