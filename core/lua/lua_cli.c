/* lua_cli.c — the headless front ends: `fleetops serve` (feeds and
 * scripts until a signal) and `fleetops run SCRIPT.lua ARGS...` (one-shot
 * automation with the script's exit code). */
#include "lua_int.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	uv_signal_t h[2];
	int signum; /* the signal that stopped the loop, 0 for none */
	int open;   /* handles not closed yet */
	fo_core *core;
} signals;

static void on_signal(uv_signal_t *h, int signum)
{
	signals *s = h->data;
	s->signum = signum;
	fo_log(s->core, FO_LOG_INFO, "signal %d: stopping", signum);
	fo_core_stop(s->core);
}

static signals *signals_start(fo_core *core)
{
	signals *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	const int nums[2] = {SIGINT, SIGTERM};
	for (int i = 0; i < 2; i++) {
		uv_signal_init(core->loop, &s->h[i]);
		s->h[i].data = s;
		uv_signal_start(&s->h[i], on_signal, nums[i]);
	}
	return s;
}

/* libuv calls the close callbacks in no promised order: the last one
 * frees */
static void signal_closed(uv_handle_t *h)
{
	signals *s = h->data;
	if (--s->open == 0)
		free(s);
}

/* Returns the signal that stopped the loop (0: none); frees s once the
 * loop has closed the handles. */
static int signals_stop(signals *s)
{
	int signum = s->signum;
	s->open = 2;
	for (int i = 0; i < 2; i++)
		uv_close((uv_handle_t *)&s->h[i], signal_closed);
	return signum;
}

static void stop_cb(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

/* ---------------------------------------------------------------- serve */

int fo_lua_serve_main(fo_core *core, int argc, char **argv)
{
	double seconds = 0;
	for (int i = 0; i < argc; i++) {
		char *end = NULL;
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
			const char *v = argv[++i];
			seconds = strtod(v, &end);
			/* nan, inf and 1e308 would not fit the timer */
			if (end == v || *end || !isfinite(seconds) || seconds < 0 ||
			    seconds > 366 * 86400.0) {
				fprintf(stderr,
				        "fleetops: serve: --seconds needs a number from 0 to "
				        "31622400 (a year)\n");
				return 2;
			}
		} else {
			fprintf(stderr,
			        "fleetops: serve: unknown argument '%s' (usage: fleetops "
			        "[OPTIONS] serve [--seconds S])\n",
			        argv[i]);
			return 2;
		}
	}
	fo_lua_host *h = core->lua;
	core->serving = true;
	fo_lua_host_start(h, true);
	signals *sig = signals_start(core);
	if (seconds > 0)
		fo_timer_start(core, (uint64_t)(seconds * 1000), 0, stop_cb, NULL);
	fo_log(core, FO_LOG_INFO, "serve: running, %zu scripts; stop with SIGTERM or SIGINT",
	       fo_lua_host_count(h));
	fo_core_run(core);
	int signum = signals_stop(sig);
	fo_log(core, FO_LOG_INFO, "serve: stopped (%s)", signum ? strsignal(signum) : "time");
	return 0;
}

/* ---------------------------------------------------------------- run */

typedef struct {
	fo_lua_script *s;
} watch_ctx;

/* The one-shot script ends when it is stopped, fails, or has nothing
 * left that could run it again. */
static void watch_cb(fo_core *core, void *ud)
{
	watch_ctx *w = ud;
	const fo_lua_ver *v = w->s->cur;
	if (!v || w->s->errors || (!v->nsubs && !v->timers))
		fo_core_stop(core);
}

/* A scanned script that is the file being run is not run twice. */
static void drop_duplicate(fo_lua_host *h, const char *path)
{
	char want[PATH_MAX], have[PATH_MAX];
	if (!realpath(path, want))
		return;
	for (size_t i = 0; i < h->n; i++)
		if (!h->scripts[i]->pinned && realpath(h->scripts[i]->path, have) &&
		    strcmp(have, want) == 0) {
			fo_lua_script_free(h->scripts[i]);
			return;
		}
}

int fo_lua_run_main(fo_core *core, int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr,
		        "fleetops: run: usage: fleetops [OPTIONS] run SCRIPT.lua [ARGS...]\n");
		return 2;
	}
	const char *path = argv[0];
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "fleetops: run: cannot read %s: %s\n", path, strerror(errno));
		return 2;
	}
	fo_lua_host *h = core->lua;
	h->print_stdout = true;
	fo_lua_host_start(h, false);
	drop_duplicate(h, path);
	fo_lua_script *s = fo_lua_script_new(h, path, fo_lua_trusted_path(h, path));
	s->pinned = true;
	long ret = 0;
	bool has_ret = false;
	char err[512];
	if (fo_lua_script_load(s, argc - 1, argv + 1, &ret, &has_ret, err, sizeof err) != 0) {
		fprintf(stderr, "fleetops: %s\n", err);
		return 1;
	}
	if (h->exit_requested)
		return h->exit_code;
	if (has_ret) /* 0 to 255: the load refused any other value */
		return (int)ret;
	if (!s->cur || (!s->cur->nsubs && !s->cur->timers))
		return 0;
	/* it left handlers or timers: run them */
	watch_ctx w = {s};
	signals *sig = signals_start(core);
	fo_timer *watch = fo_timer_start(core, 50, 50, watch_cb, &w);
	fo_core_run(core);
	fo_timer_stop(watch);
	int signum = signals_stop(sig);
	if (h->exit_requested)
		return h->exit_code;
	if (s->errors) {
		fprintf(stderr, "fleetops: %s\n", s->error);
		return 1;
	}
	if (signum)
		return 128 + signum;
	return 0;
}
