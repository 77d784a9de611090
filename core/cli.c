/* cli.c — global flags, subcommands and exit codes. */
#include "cli.h"

#include "core.h"
#include "lua_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
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
	    "       fleetops completion bash           the bash completion script\n"
	    "       fleetops --help | --version\n"
	    "       fleetops sim --mqtt URL [--vehicles N] [--rate HZ] [--seconds S]\n"
	    "                                          the simulated fleet as VDA 5050 AGVs\n"
	    "       fleetops report VIEW [--format F] [--out FILE] ... | report --list\n"
	    "                                          a view as table, csv, json, md or html\n"
	    "\n"
	    "options (each also FLEETOPS_NAME in the environment and `name = value` in\n"
	    "$XDG_CONFIG_HOME/fleetops/config; flags win over the environment, which wins\n"
	    "over the user config, then /etc/fleetops/config, then the default):\n");
	for (size_t i = 0; i < fo_opt_count; i++) {
		const fo_opt_def *d = &fo_opt_table[i];
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

static const fo_opt_def *flag_def(const char *name, size_t len)
{
	for (size_t i = 0; i < fo_opt_count; i++) {
		const char *f = fo_opt_table[i].flag;
		if (f && strlen(f) == len && strncmp(f, name, len) == 0)
			return &fo_opt_table[i];
	}
	return NULL;
}

typedef struct {
	const char *name; /* option name */
	const char *value;
} fo_flag_val;

/* --help or --version before any command word: nothing may follow it
 * (a stray word is a usage error, not silently dropped). */
static int help_or_version(int argc, char **argv, int i)
{
	if (i + 1 < argc) {
		fprintf(stderr,
		        "fleetops: %s takes nothing after it, not '%s' (see fleetops --help)\n",
		        argv[i], argv[i + 1]);
		return 2;
	}
	if (argv[i][1] == 'h' || strcmp(argv[i], "--help") == 0)
		usage(stdout);
	else
		printf("fleetops %s (plugin ABI %d)\n", FO_VERSION, FO_PLUGIN_ABI);
	return -1;
}

static bool is_help(const char *a)
{
	return strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0;
}

/* Splits argv into global flags and the command words.  Returns 0, 2 on a
 * usage error, or -1 when --help/--version was handled. */
static int parse_argv(int argc, char **argv, fo_flag_val *flags, int *nflags, char **words,
                      int *nwords)
{
	*nflags = *nwords = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		/* after `run SCRIPT` every word belongs to the script */
		if (*nwords >= 2 && strcmp(words[0], "run") == 0) {
			words[(*nwords)++] = argv[i];
			continue;
		}
		if (*nwords == 0 &&
		    (is_help(a) || strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0))
			return help_or_version(argc, argv, i);
		/* `DOMAIN VERB ... --help` is `help DOMAIN`; after a command word
		 * --version is the command's own (db update --version N) */
		if (is_help(a)) {
			if (strcmp(words[0], "run") == 0 || strcmp(words[0], "serve") == 0) {
				usage(stdout);
				return -1;
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
			const fo_opt_def *d = flag_def(a + 2, len);
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
				flags[*nflags].name = d->name;
				flags[(*nflags)++].value = v;
				continue;
			}
			if (*nwords == 0) {
				fprintf(stderr,
				        "fleetops: unknown option %s (see fleetops --help)\n", a);
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

static int load_config(fo_config *cfg, fo_flag_val *flags, int nflags)
{
	char err[512];
	const char *user_file = NULL;
	for (int i = 0; i < nflags; i++)
		if (strcmp(flags[i].name, "config") == 0)
			user_file = flags[i].value;
	if (!user_file)
		user_file = getenv("FLEETOPS_CONFIG");
	if (fo_config_load_standard(cfg, user_file, err, sizeof err) != 0 ||
	    fo_config_load_env(cfg, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "fleetops: config: %s\n", err);
		return 2;
	}
	for (int i = 0; i < nflags; i++) {
		if (fo_config_set(cfg, flags[i].name, flags[i].value, FO_SRC_FLAG, err,
		                  sizeof err) != 0) {
			fprintf(stderr, "fleetops: %s\n", err);
			return 2;
		}
	}
	return 0;
}

int fo_cli_main(int argc, char **argv, fo_frontend_fn interactive)
{
	fo_flag_val *flags = calloc((size_t)argc + 1, sizeof *flags);
	char **words = calloc((size_t)argc + 1, sizeof *words);
	if (!flags || !words)
		abort();
	int nflags, nwords, rc = 0;
	fo_config *cfg = NULL;
	fo_core *core = NULL;
	rc = parse_argv(argc, argv, flags, &nflags, words, &nwords);
	if (rc)
		goto out;
	cfg = fo_config_new();
	rc = load_config(cfg, flags, nflags);
	if (rc)
		goto out;
	/* headless: the log goes to stderr unless a log file was chosen */
	if (nwords && strcmp(words[0], "serve") == 0 &&
	    fo_config_source(cfg, "log_file") == FO_SRC_DEFAULT) {
		char e[128];
		fo_config_set(cfg, "log_file", "-", FO_SRC_DEFAULT, e, sizeof e);
	}
	char err[512];
	core = fo_core_new(cfg, err, sizeof err);
	cfg = NULL; /* owned by the core now, or freed on failure */
	if (!core) {
		fprintf(stderr, "fleetops: %s\n", err);
		rc = 1;
		goto out;
	}
	fo_core_start(core);
	if (fo_core_open_store(core, err, sizeof err) != 0) {
		/* the console runs without records; db commands say why */
		fo_log(core, FO_LOG_ERROR, "store: %s", err);
		if (nwords == 0 || strcmp(words[0], "db") == 0)
			fprintf(stderr, "fleetops: store: %s\n", err);
	}
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
	free(flags);
	free(words);
	return rc < 0 ? 0 : rc;
}
