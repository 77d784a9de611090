/* report_man.c — `fleetops help man SECTION`: the parts of the manual page
 * fleetops(1) that come from the registry (options, report options,
 * commands, views, plugins' Lua functions), as man(7) source.  scripts/man/build.sh puts them into
 * scripts/man/fleetops.1.in, so the page never drifts from the binary. */
#include "report.h"

#include "core.h"
#include "lua_fn.h"

#include <string.h>

/* Text safe in man(7): backslashes and dashes escaped, no line starting
 * with a control character. */
static void roff(fo_out *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fo_out_printf(out, "\\&");
	for (; *s; s++) {
		if (*s == '\\')
			fo_out_printf(out, "\\e");
		else if (*s == '-')
			fo_out_printf(out, "\\-");
		else if (*s == '\n')
			fo_out_printf(out, " ");
		else
			fo_out_printf(out, "%c", *s);
	}
}

static void upper(const char *name, char *buf, size_t len)
{
	size_t k = 0;
	for (; *name && k + 1 < len; name++)
		buf[k++] = (*name >= 'a' && *name <= 'z') ? (char)(*name - 32)
		           : *name == '-'                 ? '_'
		                                          : *name;
	buf[k] = '\0';
}

static void man_options(fo_core *core, fo_out *out)
{
	for (size_t i = 0; i < fo_config_count(core->config); i++) {
		const fo_opt_def *d = fo_config_at(core->config, i);
		fo_out_printf(out, ".TP\n");
		if (d->flag) {
			fo_out_printf(out, ".B \\-\\-");
			roff(out, d->flag);
			if (d->type != FO_OPT_BOOL)
				fo_out_printf(out, " \\fIVALUE\\fR");
			fo_out_printf(out, "\n");
		} else {
			fo_out_printf(out, ".I ");
			roff(out, d->name);
			fo_out_printf(out, " (configuration and environment only)\n");
		}
		roff(out, d->help);
		fo_out_printf(out, ".\nOption name \\fB");
		roff(out, d->name);
		fo_out_printf(out, "\\fR, default \\fB");
		roff(out, *d->def ? d->def : "none");
		fo_out_printf(out, "\\fR.\n");
	}
}

static void man_args(fo_out *out, const fo_cmd_spec *c)
{
	for (size_t k = 0; k < c->nargs; k++) {
		const fo_arg_spec *a = &c->args[k];
		char up[64];
		upper(a->name, up, sizeof up);
		fo_out_printf(out, ".TP\n");
		if (a->required)
			fo_out_printf(out, ".I %s\n", up);
		else if (a->type == FO_ARG_BOOL)
			fo_out_printf(out, ".B \\-\\-%s\n", a->name);
		else
			fo_out_printf(out, ".BI \\-\\-%s \" %s\"\n", a->name, up);
		roff(out, a->help ? a->help : "");
		fo_out_printf(out, "\n");
	}
}

static void man_commands(fo_core *core, fo_out *out)
{
	char usage[512];
	for (size_t i = 0; i < fo_registry_count(core->registry); i++) {
		const fo_cmd_spec *c = fo_registry_at(core->registry, i);
		fo_cmd_usage(c, usage, sizeof usage);
		fo_out_printf(out, ".TP\n.B fleetops ");
		roff(out, usage);
		fo_out_printf(out, "\n");
		roff(out, c->summary ? c->summary : "");
		if (c->flags & FO_CMD_DANGEROUS)
			fo_out_printf(out, " (asks for confirmation in the console)");
		if (!(c->flags & FO_CMD_READONLY_SAFE))
			fo_out_printf(out, " (refused under \\-\\-readonly)");
		fo_out_printf(out, "\n");
	}
}

static void man_views(fo_core *core, fo_out *out)
{
	for (size_t i = 0; i < fo_views_count(core->views); i++) {
		const fo_view_spec *v = fo_views_at(core->views, i);
		fo_out_printf(out, ".TP\n.B ");
		roff(out, v->name);
		fo_out_printf(out, "\n");
		roff(out, v->summary ? v->summary : v->title);
		fo_out_printf(out, ". Columns:");
		for (size_t c = 0; c < v->ncols; c++) {
			fo_out_printf(out, "%s ", c ? "," : "");
			roff(out, v->cols[c].name);
			if (v->cols[c].unit && *v->cols[c].unit) {
				fo_out_printf(out, " (");
				roff(out, v->cols[c].unit);
				fo_out_printf(out, ")");
			}
		}
		fo_out_printf(out, ".\n");
	}
}

/* The functions plugins add to the scripts' fleetops table. */
static void man_lua(fo_core *core, fo_out *out)
{
	char sig[256];
	const char *help, *returns;
	for (size_t i = 0; fo_lua_fn_describe(core, i, sig, sizeof sig, &help, &returns); i++) {
		fo_out_printf(out, ".TP\n.B fleetops.");
		roff(out, sig);
		fo_out_printf(out, "\n");
		roff(out, help);
		if (*returns) {
			fo_out_printf(out, "; returns ");
			roff(out, returns);
		}
		fo_out_printf(out, ".\n");
	}
}

static fo_status cmd_help_man(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	(void)ud;
	const char *sec = fo_args_str(a, "section", "");
	if (strcmp(sec, "options") == 0)
		man_options(core, out);
	else if (strcmp(sec, "report") == 0)
		man_args(out, fo_registry_find(core->registry, "report", "show"));
	else if (strcmp(sec, "commands") == 0)
		man_commands(core, out);
	else if (strcmp(sec, "views") == 0)
		man_views(core, out);
	else if (strcmp(sec, "lua") == 0)
		man_lua(core, out);
	return FO_OK;
}

static const fo_arg_spec man_args_spec[] = {
    {"section", FO_ARG_ENUM, true, "options|report|commands|views|lua",
     "which part of fleetops(1)"},
};

const fo_cmd_spec fo_report_man_cmd = {
    "help",        "man", "parts of the manual page fleetops(1), generated from the registry",
    man_args_spec, 1,     FO_CMD_READONLY_SAFE,
    cmd_help_man};
