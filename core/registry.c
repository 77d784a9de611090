/* registry.c — command table, typed argument parsing, read-only guard. */
#include "registry.h"

#include "core.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FO_MAX_ARGS 16

typedef struct {
	const fo_cmd_spec *spec; /* borrowed: the registrant's static table */
	void *ud;                /* passed to spec->fn */
	int owner;
} fo_cmd_entry;

typedef struct {
	int id;
	char name[64];
	fo_policy_fn fn; /* NULL once removed */
	void *ud;
} fo_policy_entry;

struct fo_registry {
	fo_cmd_entry *cmds;
	size_t n, cap;
	fo_policy_entry *pols;
	size_t npols, polcap;
	int next_policy;
	int running; /* policy passes under way: removal only marks entries */
};

/* What one policy decided (fleetops_plugin.h: fo_policy_refuse/amend). */
struct fo_policy_verdict {
	bool refused;
	char reason[256];
	int argc; /* amended words, OWNED; -1 when not amended */
	char **argv;
};

struct fo_args {
	const fo_cmd_spec *spec;
	struct {
		bool set;
		const char *s;
		long i;
		double d;
		char *const *rest; /* FO_ARG_REST */
		size_t nrest;
	} v[FO_MAX_ARGS];
};

fo_registry *fo_registry_new(void)
{
	fo_registry *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	return r;
}

void fo_registry_free(fo_registry *r)
{
	if (!r)
		return;
	free(r->cmds);
	free(r->pols);
	free(r);
}

static int cmd_cmp(const fo_cmd_spec *a, const char *domain, const char *verb)
{
	int c = strcmp(a->domain, domain);
	return c ? c : strcmp(a->verb, verb);
}

int fo_registry_add(fo_registry *r, const fo_cmd_spec *spec, void *ud, int owner, char *err,
                    size_t errlen)
{
	if (!spec || !spec->domain || !*spec->domain || !spec->verb || !*spec->verb || !spec->fn) {
		snprintf(err, errlen, "command needs a domain, a verb and a function");
		return -1;
	}
	if (spec->nargs > FO_MAX_ARGS || (spec->nargs && !spec->args)) {
		snprintf(err, errlen, "%s %s: bad argument table", spec->domain, spec->verb);
		return -1;
	}
	bool optional_seen = false;
	for (size_t i = 0; i < spec->nargs; i++) {
		const fo_arg_spec *a = &spec->args[i];
		if (!a->name || !*a->name) {
			snprintf(err, errlen, "%s %s: argument %zu has no name", spec->domain,
			         spec->verb, i + 1);
			return -1;
		}
		if (a->required && (optional_seen || a->type == FO_ARG_BOOL)) {
			snprintf(err, errlen,
			         "%s %s: required argument '%s' must come before optional ones "
			         "and cannot be a flag",
			         spec->domain, spec->verb, a->name);
			return -1;
		}
		if (!a->required)
			optional_seen = true;
		if (a->type == FO_ARG_REST && (a->required || i + 1 != spec->nargs)) {
			snprintf(err, errlen,
			         "%s %s: '%s' takes the rest and must be the last, "
			         "optional argument",
			         spec->domain, spec->verb, a->name);
			return -1;
		}
		if (a->type == FO_ARG_ENUM && (!a->choices || !*a->choices)) {
			snprintf(err, errlen, "%s %s: enum '%s' has no choices", spec->domain,
			         spec->verb, a->name);
			return -1;
		}
	}
	size_t pos = 0;
	while (pos < r->n && cmd_cmp(r->cmds[pos].spec, spec->domain, spec->verb) < 0)
		pos++;
	if (pos < r->n && cmd_cmp(r->cmds[pos].spec, spec->domain, spec->verb) == 0) {
		snprintf(err, errlen, "command '%s %s' is already registered", spec->domain,
		         spec->verb);
		return -1;
	}
	r->cmds = fo_grow(r->cmds, &r->cap, r->n + 1, sizeof *r->cmds, 32);
	memmove(&r->cmds[pos + 1], &r->cmds[pos], (r->n - pos) * sizeof *r->cmds);
	r->cmds[pos].spec = spec;
	r->cmds[pos].ud = ud;
	r->cmds[pos].owner = owner;
	r->n++;
	return 0;
}

void fo_registry_remove_owner(fo_registry *r, int owner)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->cmds[i].owner != owner)
			r->cmds[k++] = r->cmds[i];
	r->n = k;
}

size_t fo_registry_count(const fo_registry *r)
{
	return r->n;
}

const fo_cmd_spec *fo_registry_at(const fo_registry *r, size_t i)
{
	return i < r->n ? r->cmds[i].spec : NULL;
}

static const fo_cmd_entry *find_entry(const fo_registry *r, const char *domain, const char *verb)
{
	for (size_t i = 0; i < r->n; i++)
		if (cmd_cmp(r->cmds[i].spec, domain, verb) == 0)
			return &r->cmds[i];
	return NULL;
}

const fo_cmd_spec *fo_registry_find(const fo_registry *r, const char *domain, const char *verb)
{
	const fo_cmd_entry *e = find_entry(r, domain, verb);
	return e ? e->spec : NULL;
}

bool fo_registry_has_domain(const fo_registry *r, const char *domain)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->cmds[i].spec->domain, domain) == 0)
			return true;
	return false;
}

void fo_cmd_usage(const fo_cmd_spec *c, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "%s %s", c->domain, c->verb);
	for (size_t i = 0; i < c->nargs && n < len; i++) {
		const fo_arg_spec *a = &c->args[i];
		char up[64];
		size_t k = 0;
		for (const char *p = a->name; *p && k + 1 < sizeof up; p++)
			up[k++] =
			    (*p >= 'a' && *p <= 'z') ? (char)(*p - 32) : (*p == '-' ? '_' : *p);
		up[k] = '\0';
		if (a->required)
			n += (size_t)snprintf(buf + n, len - n, " %s", up);
		else if (a->type == FO_ARG_BOOL)
			n += (size_t)snprintf(buf + n, len - n, " [--%s]", a->name);
		else if (a->type == FO_ARG_REST)
			n += (size_t)snprintf(buf + n, len - n, " [%s...]", up);
		else if (a->type == FO_ARG_ENUM)
			n += (size_t)snprintf(buf + n, len - n, " [--%s %s]", a->name, a->choices);
		else
			n += (size_t)snprintf(buf + n, len - n, " [--%s %s]", a->name, up);
	}
}

static bool enum_has(const char *choices, const char *v)
{
	size_t vl = strlen(v);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == vl && strncmp(p, v, l) == 0)
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

/* Checks and converts one value for argument i. */
static fo_status set_value(fo_core *core, fo_args *args, size_t i, const char *val, fo_out *out)
{
	const fo_cmd_spec *c = args->spec;
	const fo_arg_spec *a = &c->args[i];
	char *end = NULL;
	args->v[i].s = val;
	args->v[i].set = true;
	switch (a->type) {
	case FO_ARG_STRING:
	case FO_ARG_BOOL:
	case FO_ARG_REST:
		return FO_OK;
	case FO_ARG_INT:
		errno = 0;
		args->v[i].i = strtol(val, &end, 10);
		if (errno || end == val || *end) {
			fo_out_error(out, "%s %s: %s must be an integer, not '%s'", c->domain,
			             c->verb, a->name, val);
			return FO_EUSAGE;
		}
		args->v[i].d = (double)args->v[i].i;
		return FO_OK;
	case FO_ARG_DOUBLE:
		errno = 0;
		args->v[i].d = strtod(val, &end);
		if (errno || end == val || *end || !isfinite(args->v[i].d)) {
			fo_out_error(out, "%s %s: %s must be a number, not '%s'", c->domain,
			             c->verb, a->name, val);
			return FO_EUSAGE;
		}
		return FO_OK;
	case FO_ARG_ENUM:
		if (!enum_has(a->choices, val)) {
			fo_out_error(out, "%s %s: %s must be one of %s, not '%s'", c->domain,
			             c->verb, a->name, a->choices, val);
			return FO_EUSAGE;
		}
		return FO_OK;
	case FO_ARG_VEHICLE:
		if (fo_model_vehicle_find(core->model, val) < 0) {
			fo_out_error(out, "%s %s: no vehicle '%s'", c->domain, c->verb, val);
			return FO_EUSAGE;
		}
		return FO_OK;
	case FO_ARG_FLEET:
		if (fo_model_fleet_find(core->model, val) < 0) {
			fo_out_error(out, "%s %s: no fleet '%s'", c->domain, c->verb, val);
			return FO_EUSAGE;
		}
		return FO_OK;
	case FO_ARG_VIEW:
		if (!fo_views_find(core->views, val)) {
			fo_out_error(out, "%s %s: no view '%s' (try: view list)", c->domain,
			             c->verb, val);
			return FO_EUSAGE;
		}
		return FO_OK;
	}
	return FO_EUSAGE;
}

static long find_arg(const fo_cmd_spec *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nargs; i++)
		if (strlen(c->args[i].name) == len && strncmp(c->args[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

static fo_status parse_args(fo_core *core, fo_args *args, int argc, char **argv, fo_out *out)
{
	const fo_cmd_spec *c = args->spec;
	char usage[512];
	fo_cmd_usage(c, usage, sizeof usage);
	for (int k = 0; k < argc; k++) {
		const char *w = argv[k];
		if (strncmp(w, "--", 2) == 0 && w[2]) {
			const char *name = w + 2;
			const char *eq = strchr(name, '=');
			size_t nl = eq ? (size_t)(eq - name) : strlen(name);
			long i = find_arg(c, name, nl);
			if (i < 0) {
				fo_out_error(out, "%s %s: unknown option --%.*s (usage: %s)",
				             c->domain, c->verb, (int)nl, name, usage);
				return FO_EUSAGE;
			}
			if (c->args[i].type == FO_ARG_BOOL) {
				if (eq) {
					fo_out_error(out, "%s %s: --%s takes no value", c->domain,
					             c->verb, c->args[i].name);
					return FO_EUSAGE;
				}
				args->v[i].set = true;
				continue;
			}
			const char *val = eq ? eq + 1 : (k + 1 < argc ? argv[++k] : NULL);
			if (!val) {
				fo_out_error(out, "%s %s: --%s needs a value (usage: %s)",
				             c->domain, c->verb, c->args[i].name, usage);
				return FO_EUSAGE;
			}
			fo_status st = set_value(core, args, (size_t)i, val, out);
			if (st != FO_OK)
				return st;
			continue;
		}
		/* Positional words fill the arguments in order; a command that
		 * takes the remaining words (FO_ARG_REST) gets its optional
		 * arguments only by name, so `mission start T from=N` never
		 * takes a parameter for an option. */
		bool has_rest = c->nargs && c->args[c->nargs - 1].type == FO_ARG_REST;
		size_t i = 0;
		while (i < c->nargs &&
		       (args->v[i].set || c->args[i].type == FO_ARG_BOOL ||
		        (has_rest && !c->args[i].required && c->args[i].type != FO_ARG_REST)))
			i++;
		if (i == c->nargs) {
			fo_out_error(out, "%s %s: unexpected argument '%s' (usage: %s)", c->domain,
			             c->verb, w, usage);
			return FO_EUSAGE;
		}
		if (c->args[i].type == FO_ARG_REST) {
			/* everything from here on, verbatim */
			args->v[i].set = true;
			args->v[i].rest = argv + k;
			args->v[i].nrest = (size_t)(argc - k);
			break;
		}
		fo_status st = set_value(core, args, i, w, out);
		if (st != FO_OK)
			return st;
	}
	for (size_t i = 0; i < c->nargs; i++) {
		if (c->args[i].required && !args->v[i].set) {
			fo_out_error(out, "%s %s: missing argument %s (usage: %s)", c->domain,
			             c->verb, c->args[i].name, usage);
			return FO_EUSAGE;
		}
	}
	return FO_OK;
}

fo_status fo_args_parse(fo_core *core, const fo_cmd_spec *spec, int argc, char **argv,
                        fo_args **args, fo_out *out)
{
	*args = NULL;
	if (spec->nargs > FO_MAX_ARGS) {
		fo_out_error(out, "%s %s: more than %d arguments", spec->domain, spec->verb,
		             FO_MAX_ARGS);
		return FO_EUSAGE;
	}
	fo_args *a = calloc(1, sizeof *a);
	if (!a)
		abort();
	a->spec = spec;
	fo_status st = parse_args(core, a, argc, argv, out);
	if (st != FO_OK)
		free(a);
	else
		*args = a;
	return st;
}

/* ---- policies: checks that run after parsing, before the command */

static void verdict_clear(fo_policy_verdict *v)
{
	for (int i = 0; i < v->argc; i++)
		free(v->argv[i]);
	free(v->argv);
	v->argv = NULL;
	v->argc = -1;
}

void fo_policy_refuse(fo_policy_verdict *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof v->reason, fmt, ap);
	va_end(ap);
	v->refused = true;
}

void fo_policy_amend(fo_policy_verdict *v, int argc, char *const *argv)
{
	verdict_clear(v);
	v->argv = calloc((size_t)argc + 1, sizeof *v->argv);
	if (!v->argv)
		abort();
	for (int i = 0; i < argc; i++) {
		v->argv[i] = fo_strdup(argv[i]);
	}
	v->argc = argc;
}

int fo_registry_policy_add(fo_registry *r, const char *name, fo_policy_fn fn, void *ud)
{
	if (!fn || !name)
		return -1;
	r->pols = fo_grow(r->pols, &r->polcap, r->npols + 1, sizeof *r->pols, 8);
	fo_policy_entry *e = &r->pols[r->npols++];
	e->id = ++r->next_policy;
	snprintf(e->name, sizeof e->name, "%s", name);
	e->fn = fn;
	e->ud = ud;
	return e->id;
}

static void compact_policies(fo_registry *r)
{
	size_t k = 0;
	for (size_t i = 0; i < r->npols; i++)
		if (r->pols[i].fn)
			r->pols[k++] = r->pols[i];
	r->npols = k;
}

void fo_registry_policy_remove(fo_registry *r, int id)
{
	for (size_t i = 0; i < r->npols; i++)
		if (r->pols[i].id == id)
			r->pols[i].fn = NULL;
	if (!r->running)
		compact_policies(r);
}

size_t fo_registry_policy_count(const fo_registry *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->npols; i++)
		n += r->pols[i].fn != NULL;
	return n;
}

/* Each policy in order sees the arguments as the ones before it left
 * them; an amendment is parsed again (and may be refused as a usage
 * error).  kept holds the amended words the parsed args point into. */
static fo_status run_policies(fo_core *core, const fo_cmd_spec *c, fo_args *args, int argc,
                              char **argv, fo_policy_verdict *kept, fo_out *out)
{
	fo_registry *r = core->registry;
	fo_status st = FO_OK;
	r->running++;
	size_t n = r->npols; /* policies added meanwhile see the next command */
	for (size_t i = 0; i < n && st == FO_OK; i++) {
		if (!r->pols[i].fn)
			continue;
		fo_policy_verdict v = {.argc = -1};
		char name[64];
		snprintf(name, sizeof name, "%s", r->pols[i].name);
		r->pols[i].fn(core, c, args, argc, argv, &v, r->pols[i].ud);
		if (v.refused) {
			fo_out_error(out, "refused by policy %s: %s", name, v.reason);
			fo_log(core, FO_LOG_INFO, "policy %s refused '%s %s': %s", name, c->domain,
			       c->verb, v.reason);
			st = FO_ERR;
		} else if (v.argc >= 0) {
			fo_log(core, FO_LOG_INFO, "policy %s amended '%s %s'", name, c->domain,
			       c->verb);
			verdict_clear(kept);
			*kept = v;
			v.argc = -1;
			v.argv = NULL;
			argc = kept->argc;
			argv = kept->argv;
			memset(args, 0, sizeof *args);
			args->spec = c;
			st = parse_args(core, args, argc, argv, out);
			if (st != FO_OK) {
				char why[512];
				snprintf(why, sizeof why, "%s", fo_out_err(out));
				fo_out_error(out, "policy %s amended '%s %s' badly: %s", name,
				             c->domain, c->verb, why);
			}
		}
		verdict_clear(&v);
	}
	if (--r->running == 0)
		compact_policies(r);
	return st;
}

fo_status fo_registry_run_argv(fo_core *core, int argc, char **argv, fo_out *out)
{
	if (argc < 1) {
		fo_out_error(out, "no command given");
		return FO_EUSAGE;
	}
	if (argc < 2 || argv[1][0] == '-' ||
	    (strcmp(argv[0], "help") == 0 && !fo_registry_find(core->registry, "help", argv[1]))) {
		/* A lone domain runs its "list" verb: `plugins`, `help mission`. */
		const fo_cmd_spec *l = fo_registry_find(core->registry, argv[0], "list");
		if (l) {
			char **av = malloc(((size_t)argc + 1) * sizeof *av);
			if (!av)
				abort();
			av[0] = argv[0];
			av[1] = (char *)"list";
			for (int i = 1; i < argc; i++)
				av[i + 1] = argv[i];
			fo_status st = fo_registry_run_argv(core, argc + 1, av, out);
			free(av);
			return st;
		}
	}
	if (argc < 2) {
		if (fo_registry_has_domain(core->registry, argv[0]))
			fo_out_error(out, "'%s' needs a verb (try: help %s)", argv[0], argv[0]);
		else
			fo_out_error(out, "unknown command '%s' (try: help)", argv[0]);
		return FO_EUSAGE;
	}
	const fo_cmd_entry *e = find_entry(core->registry, argv[0], argv[1]);
	const fo_cmd_spec *c = e ? e->spec : NULL;
	if (!c) {
		if (fo_registry_has_domain(core->registry, argv[0]))
			fo_out_error(out, "unknown command '%s %s' (try: help %s)", argv[0],
			             argv[1], argv[0]);
		else
			fo_out_error(out, "unknown command '%s' (try: help)", argv[0]);
		return FO_EUSAGE;
	}
	if (core->readonly && !(c->flags & FO_CMD_READONLY_SAFE)) {
		fo_out_error(out, "refused: '%s %s' changes state and fleetops is read-only",
		             c->domain, c->verb);
		return FO_ERR;
	}
	fo_args args;
	memset(&args, 0, sizeof args);
	args.spec = c;
	fo_status st = parse_args(core, &args, argc - 2, argv + 2, out);
	if (st != FO_OK)
		return st;
	fo_policy_verdict kept = {.argc = -1};
	st = run_policies(core, c, &args, argc - 2, argv + 2, &kept, out);
	if (st != FO_OK) {
		verdict_clear(&kept);
		return st;
	}
	fo_log(core, FO_LOG_DEBUG, "run: %s %s", c->domain, c->verb);
	st = c->fn(core, &args, out, e->ud);
	if (st != FO_OK && !*fo_out_err(out))
		fo_out_error(out, "%s %s failed", c->domain, c->verb);
	verdict_clear(&kept);
	return st;
}

fo_status fo_registry_run_line(fo_core *core, const char *line, fo_out *out)
{
	char **w;
	int n = fo_split_line(line, &w);
	if (n < 0) {
		fo_out_error(out, "unbalanced quotes in: %s", line);
		return FO_EUSAGE;
	}
	fo_status st = fo_registry_run_argv(core, n, w, out);
	fo_split_free(w, n);
	return st;
}

fo_status fo_cmd_run(fo_core *core, const char *line, fo_buf *reply)
{
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_line(core, line, out);
	if (reply) {
		const char *text = st == FO_OK ? fo_out_text(out) : fo_out_err(out);
		if (st != FO_OK && !*text)
			text = fo_out_text(out);
		fo_buf_str(reply, text);
	}
	fo_out_free(out);
	return st;
}

/* ---- typed accessors */

static long arg_index(const fo_args *a, const char *name)
{
	return a ? find_arg(a->spec, name, strlen(name)) : -1;
}

const char *fo_args_str(const fo_args *a, const char *name, const char *fallback)
{
	long i = arg_index(a, name);
	return (i >= 0 && a->v[i].set && a->v[i].s) ? a->v[i].s : fallback;
}

long fo_args_int(const fo_args *a, const char *name, long fallback)
{
	long i = arg_index(a, name);
	return (i >= 0 && a->v[i].set) ? a->v[i].i : fallback;
}

double fo_args_double(const fo_args *a, const char *name, double fallback)
{
	long i = arg_index(a, name);
	return (i >= 0 && a->v[i].set) ? a->v[i].d : fallback;
}

bool fo_args_flag(const fo_args *a, const char *name)
{
	long i = arg_index(a, name);
	return i >= 0 && a->v[i].set;
}

bool fo_args_has(const fo_args *a, const char *name)
{
	return fo_args_flag(a, name);
}

size_t fo_args_rest(const fo_args *a, const char *name, char *const **words)
{
	long i = arg_index(a, name);
	if (i < 0 || !a->v[i].set || a->spec->args[i].type != FO_ARG_REST) {
		*words = NULL;
		return 0;
	}
	*words = a->v[i].rest;
	return a->v[i].nrest;
}
