/* cli.c — global flags, subcommands and exit codes. */
#include "cli.h"

#include "core.h"
#include "lua_host.h"
#include "site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f, const fo_config *cfg)
{
	fprintf(
	    f,
	    "usage: fleetops [OPTIONS]                 the console (--demo: simulated fleet)\n"
	    "       fleetops [OPTIONS] plugins         plugins with version and status\n"
	    "       fleetops [OPTIONS] DOMAIN VERB ... run one command (see: fleetops help)\n"
	    "       fleetops [OPTIONS] help [DOMAIN]   the commands (of DOMAIN: with arguments)\n"
	    "       fleetops [OPTIONS] serve [--seconds S]\n"
	    "                                          feeds and scripts, headless, until SIGTERM\n"
	    "       fleetops [OPTIONS] run SCRIPT.lua [ARGS...]\n"
	    "                                          a Lua script; exit code from the script\n"
	    "       fleetops --help | --version\n"
	    "       fleetops sim --mqtt URL [--vehicles N] [--rate HZ] [--seconds S]\n"
	    "                                          the simulated fleet as VDA 5050 AGVs\n"
	    "       fleetops completion bash           the bash completion script\n"
	    "       fleetops report VIEW [--format F] [--out FILE] ... | report --list\n"
	    "                                          a view as table, csv, json, md or html\n"
	    "\n"
	    "options (each also FLEETOPS_NAME in the environment and `name = value` in\n"
	    "$XDG_CONFIG_HOME/fleetops/config; flags win over the environment, which wins\n"
	    "over the user config, then /etc/fleetops/config, then the default):\n");
	for (size_t i = 0; i < fo_config_count(cfg); i++) {
		const fo_opt_def *d = fo_config_at(cfg, i);
		char flag[64];
		if (d->flag)
			snprintf(flag, sizeof flag, "--%s%s", d->flag,
			         d->type == FO_OPT_BOOL ? "" : " V");
		else
			snprintf(flag, sizeof flag, "(%s)", d->name);
		fprintf(f, "  %-22s %s [default: %s]\n", flag, d->help, *d->def ? d->def : "none");
	}
	fprintf(f, "\nexit codes: 0 success, 1 runtime failure, 2 usage error\n");
}

typedef struct {
	const char *name; /* option name */
	const char *value;
} fo_flag_val;

static bool is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

typedef struct {
	fo_flag_val *flags;
	int nflags;
	char **words;
	int nwords;
	bool help;
} fo_argv;

/* Splits argv into global flags and the command words.  Returns 0, 2 on a
 * usage error, or -1 when --version was handled.
 *
 * It runs twice.  Before the plugins load (strict false) only the core's
 * flags are known: a flag it does not know is held in the config
 * (fo_config_hold_flag) for a plugin to declare, and, when it has no
 * '=VALUE', the next word is taken as its value unless it starts with
 * "--" (a plugin's boolean flag then gets "true" all the same).
 * After the plugins loaded (strict true) every flag is known and an
 * unknown one is a usage error; that pass decides the command words.
 * unloaded: the plugins that did not load, named in that error. */
static int parse_argv(fo_config *cfg, bool strict, const char *unloaded, int argc, char **argv,
                      fo_argv *av)
{
	av->nflags = av->nwords = 0;
	av->help = false;
	char **words = av->words;
	int *nwords = &av->nwords;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		/* after `run SCRIPT` every word belongs to the script */
		if (*nwords >= 2 && strcmp(words[0], "run") == 0) {
			words[(*nwords)++] = argv[i];
			continue;
		}
		/* --help or --version before any command word: nothing may follow
		 * it (a stray word is a usage error, not silently dropped) */
		if (*nwords == 0 &&
		    (is_help(a) || strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0)) {
			if (i + 1 < argc) {
				fprintf(
				    stderr,
				    "fleetops: %s takes nothing after it, not '%s' (see fleetops "
				    "--help)\n",
				    a, argv[i + 1]);
				return 2;
			}
			if (is_help(a)) {
				av->help = true; /* printed once the plugins' options are known */
				return 0;
			}
			printf("fleetops %s (plugin ABI %d)\n", FO_VERSION, FO_PLUGIN_ABI);
			return -1;
		}
		/* `DOMAIN VERB ... --help` is `help DOMAIN`; after a command word
		 * --version is the command's own (db update --version N) */
		if (is_help(a)) {
			if (strcmp(words[0], "run") == 0 || strcmp(words[0], "serve") == 0) {
				av->help = true;
				return 0;
			}
			words[1] = words[0];
			words[0] = "help";
			*nwords = 2;
			return 0;
		}
		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				words[(*nwords)++] = argv[i];
			break;
		}
		/* `fleetops sim --mqtt URL ...` is the simulator on a broker, the
		 * command `simagv run --broker URL ...` of plugins/simagv: there
		 * --mqtt names the broker the simulated AGVs use, not the
		 * console's feed, so it is not taken as the global option. */
		if (*nwords == 1 && strcmp(words[0], "sim") == 0 &&
		    (strcmp(a, "--mqtt") == 0 || strncmp(a, "--mqtt=", 7) == 0)) {
			words[0] = "simagv";
			words[(*nwords)++] = "run";
			words[(*nwords)++] = "--broker";
			if (a[6] == '=')
				words[(*nwords)++] = argv[i] + 7;
			continue;
		}
		/* `report --tenant T` scopes the report; it is not the global
		 * tenant option. */
		if (*nwords >= 1 && strcmp(words[0], "report") == 0 &&
		    (strcmp(a, "--tenant") == 0 || strncmp(a, "--tenant=", 9) == 0)) {
			words[(*nwords)++] = argv[i];
			continue;
		}
		if (strncmp(a, "--", 2) == 0) {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const fo_opt_def *d = fo_config_flag_def(cfg, a + 2, len);
			if (d) {
				const char *v;
				if (d->type == FO_OPT_BOOL)
					v = eq ? eq + 1 : "true";
				else if (eq)
					v = eq + 1;
				else if (i + 1 < argc)
					v = argv[++i];
				else {
					fprintf(stderr, "fleetops: --%s needs a value\n", d->flag);
					return 2;
				}
				av->flags[av->nflags].name = d->name;
				av->flags[av->nflags++].value = v;
				continue;
			}
			if (!strict) {
				char name[128];
				snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127),
				         a + 2);
				const char *next = !eq && i + 1 < argc ? argv[i + 1] : NULL;
				fo_config_hold_flag(cfg, name, eq ? eq + 1 : NULL, next);
				if (*nwords == 0) {
					if (next && strncmp(next, "--", 2) != 0)
						i++;
					continue;
				}
			} else if (*nwords == 0) {
				fprintf(stderr,
				        "fleetops: unknown option %s (see fleetops --help)%s%s\n",
				        a, unloaded && *unloaded ? "; plugins not loaded: " : "",
				        unloaded ? unloaded : "");
				return 2;
			}
		} else if (*nwords == 0 && a[0] == '-' && a[1]) {
			fprintf(stderr, "fleetops: unknown option %s (see fleetops --help)\n", a);
			return 2;
		}
		words[(*nwords)++] = argv[i];
	}
	return 0;
}

/* `report [show] VIEW` takes everything else by name: a stray word (say
 * `report fleet.vehicles json`) would otherwise land in the first free
 * optional argument, the format, without a word said. */
static bool report_words_ok(fo_core *core, int nwords, char **words)
{
	const fo_cmd_spec *c = fo_registry_find(core->registry, "report", "show");
	if (!c)
		return true;
	for (int i = 3; i < nwords; i++) {
		const char *w = words[i];
		if (strncmp(w, "--", 2) == 0 && w[2]) {
			const char *eq = strchr(w + 2, '=');
			size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
			for (size_t k = 0; k < c->nargs; k++)
				if (!eq && strlen(c->args[k].name) == len &&
				    strncmp(c->args[k].name, w + 2, len) == 0 &&
				    c->args[k].type != FO_ARG_BOOL)
					i++; /* its value, whatever it looks like */
			continue;            /* unknown options: the registry says so */
		}
		fprintf(stderr,
		        "fleetops: report: unexpected argument '%s' after the view (options go by "
		        "name: --format FORMAT, --out FILE, ...; see: fleetops help report)\n",
		        w);
		return false;
	}
	return true;
}

static int apply_flags(fo_config *cfg, const fo_argv *av)
{
	char err[512];
	for (int i = 0; i < av->nflags; i++) {
		if (fo_config_set(cfg, av->flags[i].name, av->flags[i].value, FO_SRC_FLAG, err,
		                  sizeof err) != 0) {
			fprintf(stderr, "fleetops: %s\n", err);
			return 2;
		}
	}
	return 0;
}

static int load_config(fo_config *cfg, const fo_argv *av, bool quiet)
{
	char err[512];
	const char *user_file = NULL;
	for (int i = 0; i < av->nflags; i++)
		if (strcmp(av->flags[i].name, "config") == 0)
			user_file = av->flags[i].value;
	if (!user_file)
		user_file = getenv("FLEETOPS_CONFIG");
	if (fo_config_load_standard(cfg, user_file, err, sizeof err) != 0 ||
	    fo_config_load_env(cfg, NULL, err, sizeof err) != 0) {
		if (!quiet)
			fprintf(stderr, "fleetops: config: %s\n", err);
		return 2;
	}
	return apply_flags(cfg, av);
}

int fo_cli_main(int argc, char **argv, fo_frontend_fn interactive)
{
	return fo_cli_main_checked(argc, argv, interactive, NULL);
}

int fo_cli_main_checked(int argc, char **argv, fo_frontend_fn interactive, fo_config_check_fn check)
{
	fo_argv av = {0};
	av.flags = calloc((size_t)argc + 1, sizeof *av.flags);
	av.words = calloc((size_t)argc + 1, sizeof *av.words);
	if (!av.flags || !av.words)
		abort();
	int rc = 0;
	fo_config *cfg = NULL;
	fo_core *core = NULL;
	char err[512];
	/* Start-up order: core flags and the config files first (they say
	 * where plugins are and which to skip), then the plugins declare their
	 * options and take the values held back for them, then the command
	 * line is read again with every flag known. */
	cfg = fo_config_new();
	rc = parse_argv(cfg, false, NULL, argc, argv, &av);
	if (rc)
		goto out;
	bool help = av.help;
	rc = load_config(cfg, &av, help);
	if (rc && help) {
		/* --help works with a broken config: the defaults then */
		fo_config_free(cfg);
		cfg = fo_config_new();
		rc = 0;
	}
	if (rc)
		goto out;
	if (!help && check && check(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "fleetops: config: %s\n", err);
		rc = 2;
		goto out;
	}
	/* headless: the log goes to stderr unless a log file was chosen;
	 * --help writes no log */
	if (fo_config_source(cfg, "log_file") == FO_SRC_DEFAULT &&
	    (help || (av.nwords && strcmp(av.words[0], "serve") == 0))) {
		char e[128];
		fo_config_set(cfg, "log_file", help ? "/dev/null" : "-", FO_SRC_DEFAULT, e,
		              sizeof e);
	}
	core = fo_core_new(cfg, err, sizeof err);
	cfg = NULL; /* owned by the core now, or freed on failure */
	if (!core) {
		fprintf(stderr, "fleetops: %s\n", err);
		rc = 1;
		goto out;
	}
	fo_core_start(core);
	if (help) {
		usage(stdout, core->config);
		rc = -1;
		goto out;
	}
	if (fo_core_check_options(core, err, sizeof err) != 0) {
		fprintf(stderr, "fleetops: %s\n", err);
		rc = 2;
		goto out;
	}
	char unloaded[512];
	fo_core_unloaded_plugins(core, unloaded, sizeof unloaded);
	rc = parse_argv(core->config, true, unloaded, argc, argv, &av);
	if (!rc)
		rc = apply_flags(core->config, &av);
	if (rc)
		goto out;
	int nwords = av.nwords;
	char **words = av.words;
	if (fo_core_open_store(core, err, sizeof err) != 0) {
		/* the console runs without records; db commands say why */
		fo_log(core, FO_LOG_ERROR, "store: %s", err);
		if (nwords == 0 || strcmp(words[0], "db") == 0)
			fprintf(stderr, "fleetops: store: %s\n", err);
	}
	/* the console, the daemon and `mission wait` (which dispatches) work on
	 * the site's layout */
	if (nwords == 0 || strcmp(words[0], "serve") == 0 ||
	    (nwords > 1 && strcmp(words[0], "mission") == 0 && strcmp(words[1], "wait") == 0))
		fo_site_start(core);
	if (nwords > 0 && strcmp(words[0], "run") == 0) {
		rc = fo_lua_run_main(core, nwords - 1, words + 1);
		goto out;
	}
	if (nwords > 0 && strcmp(words[0], "serve") == 0) {
		rc = fo_lua_serve_main(core, nwords - 1, words + 1);
		goto out;
	}
	/* scripts' policies hold for a one-shot command too */
	fo_lua_host_start(core->lua, nwords == 0);
	if (nwords == 0) {
		rc = interactive(core);
		goto out;
	}
	/* `report VIEW ...` is `report show VIEW ...`; `report --list` is
	 * `report list`. */
	if (nwords >= 2 && strcmp(words[0], "report") == 0 && strcmp(words[1], "show") != 0 &&
	    strcmp(words[1], "list") != 0) {
		if (strcmp(words[1], "--list") == 0) {
			words[1] = (char *)"list";
		} else { /* words holds argc + 1 slots: room for one more */
			memmove(words + 2, words + 1, (size_t)(nwords - 1) * sizeof *words);
			words[1] = (char *)"show";
			nwords++;
		}
	}
	if (nwords >= 3 && strcmp(words[0], "report") == 0 && strcmp(words[1], "show") == 0 &&
	    !report_words_ok(core, nwords, words)) {
		rc = 2;
		goto out;
	}
	fo_out *out = fo_out_new();
	fo_status st = fo_registry_run_argv(core, nwords, words, out);
	fputs(fo_out_text(out), stdout);
	if (st != FO_OK)
		fprintf(stderr, "fleetops: %s\n", fo_out_err(out));
	fo_out_free(out);
	rc = (int)st;
out:
	fo_core_free(core);
	fo_config_free(cfg);
	free(av.flags);
	free(av.words);
	return rc < 0 ? 0 : rc;
}
