/* core_cmds.c — the core's own commands: help, plugins, views, config. */
#include "core.h"

#include "lua_fn.h"
#include "view_text.h"

#include <stdio.h>
#include <string.h>

static fo_status cmd_help(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	const char *domain = fo_args_str(a, "domain", NULL);
	if (domain && strcmp(domain, "lua") == 0 &&
	    !fo_registry_has_domain(core->registry, "lua")) {
		fo_lua_fns_help(core, out); /* what plugins add to scripts' fleetops table */
		return FO_OK;
	}
	if (domain && !fo_registry_has_domain(core->registry, domain)) {
		fo_out_error(out, "help: no commands in domain '%s'", domain);
		return FO_EUSAGE;
	}
	char usage[512];
	for (size_t i = 0; i < fo_registry_count(core->registry); i++) {
		const fo_cmd_spec *c = fo_registry_at(core->registry, i);
		if (domain && strcmp(c->domain, domain) != 0)
			continue;
		fo_cmd_usage(c, usage, sizeof usage);
		fo_out_printf(out, "  %-44s %s%s%s\n", usage, c->summary ? c->summary : "",
		              (c->flags & FO_CMD_DANGEROUS) ? " [confirm]" : "",
		              (c->flags & FO_CMD_READONLY_SAFE) ? "" : " [mutating]");
		if (domain) {
			for (size_t k = 0; k < c->nargs; k++)
				if (c->args[k].help)
					fo_out_printf(out, "      %-16s %s\n", c->args[k].name,
					              c->args[k].help);
		}
	}
	return FO_OK;
}

static const char *status_name(fo_plugin_status s)
{
	return s == FO_PLUGIN_LOADED ? "loaded" : s == FO_PLUGIN_REFUSED ? "refused" : "disabled";
}

static fo_status cmd_plugins(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	size_t n = fo_plugins_count(core->plugins);
	fo_out_printf(out, "%-14s %-8s %-9s %s\n", "NAME", "VERSION", "STATUS", "DETAIL");
	for (size_t i = 0; i < n; i++) {
		const fo_plugin *p = fo_plugins_at(core->plugins, i);
		fo_out_printf(out, "%-14s %-8s %-9s %s\n", p->name, *p->version ? p->version : "-",
		              status_name(p->status),
		              p->status == FO_PLUGIN_LOADED ? p->summary : p->reason);
	}
	if (!n)
		fo_out_printf(out, "(no plugins found; plugin_path is '%s')\n",
		              fo_config_get_str(core->config, "plugin_path"));
	return FO_OK;
}

static fo_status cmd_view_list(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	for (size_t i = 0; i < fo_views_count(core->views); i++) {
		const fo_view_spec *v = fo_views_at(core->views, i);
		fo_out_printf(out, "%-26s %s\n", v->name, v->summary ? v->summary : v->title);
	}
	return FO_OK;
}

static fo_status cmd_view_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	long limit = fo_args_int(a, "limit", 0);
	if (limit < 0) {
		fo_out_error(out,
		             "view show: --limit takes a whole number >= 0 (0: all rows), not %ld",
		             limit);
		return FO_EUSAGE;
	}
	const fo_view_spec *s = fo_views_find(core->views, fo_args_str(a, "view", ""));
	fo_viewstate *vs = fo_viewstate_new(core, s);
	char err[256];
	fo_status st = FO_OK;
	const char *cols = fo_args_str(a, "columns", NULL);
	const char *filter = fo_args_str(a, "filter", NULL);
	const char *sort = fo_args_str(a, "sort", NULL);
	if (cols && fo_viewstate_set_columns(vs, cols, err, sizeof err) != 0)
		st = FO_EUSAGE;
	else if (filter && fo_viewstate_set_filter(vs, filter, err, sizeof err) != 0)
		st = FO_EUSAGE;
	if (st == FO_OK && sort) {
		bool desc = *sort == '-';
		int c = fo_view_column_index(s, desc ? sort + 1 : sort);
		if (c < 0) {
			snprintf(err, sizeof err, "no column '%s' in %s", desc ? sort + 1 : sort,
			         s->name);
			st = FO_EUSAGE;
		}
		fo_viewstate_set_sort(vs, c, desc);
	}
	if (st == FO_OK) {
		fo_viewstate_refresh(vs, fo_now_ms(core));
		fo_view_text_table(vs, out, (size_t)limit);
	} else {
		fo_out_error(out, "view show: %s", err);
	}
	fo_viewstate_free(vs);
	return st;
}

static fo_status cmd_config_show(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)a;
	(void)ud;
	for (size_t i = 0; i < fo_config_count(core->config); i++) {
		const fo_opt_def *d = fo_config_at(core->config, i);
		fo_out_printf(out, "%-16s = %-24s (%s)\n", d->name,
		              fo_config_get_str(core->config, d->name),
		              fo_opt_source_name(fo_config_source(core->config, d->name)));
	}
	return FO_OK;
}

static const fo_arg_spec help_args[] = {
    {"domain", FO_ARG_STRING, false, NULL,
     "only the commands of this domain (lua: the Lua functions plugins add)"},
};
static const fo_arg_spec view_show_args[] = {
    {"view", FO_ARG_VIEW, true, NULL, "view name (see: view list)"},
    {"filter", FO_ARG_STRING, false, NULL, "REGEX, COLUMN:REGEX, !EXPR inverts"},
    {"sort", FO_ARG_STRING, false, NULL, "column to sort by; -column for descending"},
    {"columns", FO_ARG_STRING, false, NULL, "comma-separated columns to show"},
    {"limit", FO_ARG_INT, false, NULL, "at most this many rows"},
};

static const fo_cmd_spec builtin[] = {
    {"help", "list", "list commands (help DOMAIN: with arguments)", help_args, 1,
     FO_CMD_READONLY_SAFE, cmd_help},
    {"plugins", "list", "plugins with version and status (refusals say why)", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_plugins},
    {"view", "list", "registered views", NULL, 0, FO_CMD_READONLY_SAFE, cmd_view_list},
    {"view", "show", "print a view as a table", view_show_args, 5, FO_CMD_READONLY_SAFE,
     cmd_view_show},
    {"config", "show", "every option with its value and where it came from", NULL, 0,
     FO_CMD_READONLY_SAFE, cmd_config_show},
};

void fo_core_register_builtin(fo_core *core)
{
	char err[256];
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (fo_registry_add(core->registry, &builtin[i], NULL, -1, err, sizeof err) != 0)
			fo_log(core, FO_LOG_ERROR, "%s", err);
}
