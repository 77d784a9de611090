/* core.c — the core context, its loop and timers, and the thin public
 * wrappers plugins call (fleetops_plugin.h). */
#include "core.h"
#include "vda5050.h"

#include "feeds.h"
#include "fleet_view.h"
#include "lua_host.h"
#include "map.h"
#include "report.h"
#include "site.h"
#include "store.h"
#include "store_sqlite.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct fo_timer {
	uv_timer_t h;
	fo_core *core;
	fo_timer_cb cb;
	void *ud;
	bool oneshot;
	bool closing;
	int owner; /* plugin that started it, -1 for the core */
	struct fo_timer *next;
};

static void default_log_path(char *buf, size_t len)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	if (state && *state)
		snprintf(buf, len, "%s/fleetops/fleetops.log", state);
	else if (home && *home)
		snprintf(buf, len, "%s/.local/state/fleetops/fleetops.log", home);
	else
		snprintf(buf, len, "/tmp/fleetops-%ld.log", (long)getuid());
}

static void sample_cb(fo_core *core, void *ud)
{
	(void)ud;
	fo_model_sample(core->model);
}

fo_core *fo_core_new(fo_config *config, char *err, size_t errlen)
{
	fo_core *core = calloc(1, sizeof *core);
	if (!core)
		abort();
	core->config = config ? config : fo_config_new();
	const char *lf = fo_config_get_str(core->config, "log_file");
	char path[4096];
	if (!*lf) {
		default_log_path(path, sizeof path);
		lf = path;
	}
	core->log = fo_logger_open(
	    lf, fo_log_level_parse(fo_config_get_str(core->config, "log_level")), err, errlen);
	if (!core->log) {
		fo_config_free(core->config);
		free(core);
		return NULL;
	}
	core->loop = malloc(sizeof *core->loop);
	if (!core->loop || uv_loop_init(core->loop) != 0)
		abort();
	core->bus = fo_bus_new();
	core->model = fo_model_new();
	fo_model_set_events(core->model, fo_vevents_new(core));
	core->registry = fo_registry_new();
	core->views = fo_views_new();
	core->plugins = fo_plugins_new();
	core->feeds = fo_feeds_new();
	core->readonly = fo_config_get_bool(core->config, "readonly");
	fo_store_backend_register(core, &fo_store_sqlite_backend);
	return core;
}

void fo_exe_dir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0 || !len) {
		if (len)
			buf[0] = '\0';
		return;
	}
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(buf, len, "%s", exe);
}

void fo_core_default_plugin_path(char *buf, size_t len)
{
	char dir[PATH_MAX];
	fo_exe_dir(dir, sizeof dir);
	/* build tree, then an install relative to the binary, then LIBDIR */
	if (*dir)
		snprintf(buf, len, "%s/plugins:%s/../lib/fleetops/plugins:%s/plugins", dir, dir,
		         FO_LIBDIR);
	else
		snprintf(buf, len, "%s/plugins", FO_LIBDIR);
}

void fo_core_start(fo_core *core)
{
	fo_core_register_builtin(core);
	fo_store_cmds_register(core);
	fo_map_cmds_register(core);
	fo_traffic_cmds_register(core);
	fo_map_view_register(core);
	fo_feeds_register_builtin(core);
	fo_fleet_view_register(core);
	fo_report_register(core);
	fo_alert_core_start(core);
	fo_status_segments_register_core(core); /* first on the status line */
	core->lua = fo_lua_host_new(core);
	const char *path = fo_config_get_str(core->config, "plugin_path");
	char def[3 * PATH_MAX + 64];
	if (!*path) {
		fo_core_default_plugin_path(def, sizeof def);
		path = def;
	}
	fo_plugins_load_path(core->plugins, core, path,
	                     fo_config_get_str(core->config, "plugins_disable"));
	core->sample_timer = fo_timer_start(core, 1000, 1000, sample_cb, NULL);
}

static void timer_closed(uv_handle_t *h)
{
	free(h->data);
}

static void close_leftover(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

static void auto_migrated(fo_core *core, const fo_store_result *res, void *ud);

static void migrate_again(fo_core *core, void *ud)
{
	if (core->store)
		fo_store_migrate(core->store, auto_migrated, ud);
}

/* A file another process holds locked longer than the busy timeout is
 * asked again every 2 s (logged once); a broken migration is not. */
static void auto_migrated(fo_core *core, const fo_store_result *res, void *ud)
{
	uintptr_t failures = (uintptr_t)ud;
	if (res->status == FO_STORE_UNAVAILABLE) {
		if (!failures)
			fo_log(core, FO_LOG_ERROR, "store: migration failed, trying again: %s",
			       res->error);
		fo_timer_start(core, 2000, 0, migrate_again, (void *)(failures + 1));
	} else if (res->status != FO_STORE_OK) {
		fo_log(core, FO_LOG_ERROR, "store: migration failed: %s", res->error);
	} else {
		fo_log(core, FO_LOG_INFO, "store: schema up to date");
	}
}

int fo_core_open_store(fo_core *core, char *err, size_t errlen)
{
	char def[4096];
	const char *url = fo_config_get_str(core->config, "store");
	if (!*url) {
		fo_store_default_url(def, sizeof def);
		url = def;
	}
	core->store = fo_store_open(core, url, err, errlen);
	if (!core->store)
		return -1;
	/* The embedded store keeps itself up to date; a production database
	 * is migrated on purpose, with `fleetops db migrate`. */
	if (strcmp(fo_store_scheme(core->store), "sqlite") == 0)
		fo_store_migrate(core->store, auto_migrated, NULL);
	fo_log(core, FO_LOG_INFO, "store: %s", fo_store_scheme(core->store));
	return 0;
}

void fo_core_free(fo_core *core)
{
	if (!core)
		return;
	/* Last words: a plugin queues what it still has to write (the store
	 * closes next and waits for queued operations). */
	fo_bus_publish(core, "core.closing", NULL);
	/* before the plugins: a backend's code may live in one; when a hung
	 * server keeps the store's thread, that code must stay mapped */
	if (!fo_store_close(core->store, 3000))
		fo_plugins_keep_mapped(core->plugins);
	core->store = NULL;
	fo_site_free(core);
	/* Scripts first: their policies and timers point into the host. */
	fo_lua_host_free(core->lua);
	core->lua = NULL;
	/* Found through the views: before plugins are unloaded, since their
	 * view specs live in their own objects. */
	fo_fleet_view_free(core);
	/* sinks and segments point into plugin code */
	fo_dispatch_free(core);
	fo_status_segments_free(core);
	fo_lua_fns_free(core);
	/* before the plugins: rules of a plugin point into its code */
	fo_alert_core_free(core);
	fo_plugins_free(core->plugins, core);
	while (core->timers)
		fo_timer_stop(core->timers);
	uv_walk(core->loop, close_leftover, NULL);
	uv_run(core->loop, UV_RUN_DEFAULT);
	uv_loop_close(core->loop);
	free(core->loop);
	fo_views_free(core->views);
	fo_feeds_free(core->feeds);
	fo_registry_free(core->registry);
	fo_vda_store_free(core->vda);
	fo_model_free(core->model);
	fo_bus_free(core->bus);
	fo_logger_close(core->log);
	fo_config_free(core->config);
	free(core->backends);
	free(core);
}

int fo_core_run(fo_core *core)
{
	/* A command a script runs (`feeds watch`...) must not run the loop
	 * under the script: its time limit could not stop it meanwhile, and
	 * the loop would call into the script again. */
	if (fo_lua_host_busy(core->lua)) {
		fo_log(core, FO_LOG_WARN, "the event loop cannot run from inside a script");
		return core->exit_code;
	}
	core->stopping = false;
	uv_run(core->loop, UV_RUN_DEFAULT);
	return core->exit_code;
}

bool fo_core_has_frontend(fo_core *core)
{
	/* a running script owns the loop as much as the console does */
	return core->frontend != NULL || fo_lua_host_busy(core->lua);
}

bool fo_core_serving(fo_core *core)
{
	return core->serving;
}

void fo_core_stop(fo_core *core)
{
	core->stopping = true;
	uv_stop(core->loop);
}

/* ---------------------------------------------------------------- public wrappers */

void fo_log(fo_core *core, fo_log_level level, const char *fmt, ...)
{
	if (!core || !core->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	fo_logger_vwrite(core->log, level, fmt, ap);
	va_end(ap);
}

void *fo_core_uv_loop(fo_core *core)
{
	return core->loop;
}

uint64_t fo_now_ms(fo_core *core)
{
	return uv_now(core->loop);
}

uint64_t fo_wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void unlink_timer(fo_timer *t)
{
	for (fo_timer **pp = &t->core->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			return;
		}
	}
}

static void timer_fire(uv_timer_t *h)
{
	fo_timer *t = h->data;
	t->cb(t->core, t->ud);
	if (t->oneshot && !t->closing)
		fo_timer_stop(t);
}

fo_timer *fo_timer_start(fo_core *core, uint64_t first_ms, uint64_t repeat_ms, fo_timer_cb cb,
                         void *ud)
{
	fo_timer *t = calloc(1, sizeof *t);
	if (!t)
		abort();
	uv_timer_init(core->loop, &t->h);
	t->h.data = t;
	t->core = core;
	t->cb = cb;
	t->ud = ud;
	t->oneshot = repeat_ms == 0;
	t->owner = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	t->next = core->timers;
	core->timers = t;
	uv_timer_start(&t->h, timer_fire, first_ms, repeat_ms);
	return t;
}

void fo_timer_stop(fo_timer *t)
{
	if (!t || t->closing)
		return;
	t->closing = true;
	unlink_timer(t);
	uv_timer_stop(&t->h);
	uv_close((uv_handle_t *)&t->h, timer_closed);
}

void fo_timers_stop_owner(fo_core *core, int owner)
{
	fo_timer *t = core->timers;
	while (t) {
		fo_timer *next = t->next;
		if (t->owner == owner)
			fo_timer_stop(t);
		t = next;
	}
}

int fo_bus_subscribe(fo_core *core, const char *topic, fo_bus_cb cb, void *ud)
{
	return fo_bus_add_owned(core->bus, topic, cb, ud,
	                        core->plugins ? fo_plugins_current_owner(core->plugins) : -1);
}

void fo_bus_publish(fo_core *core, const char *topic, const void *payload)
{
	fo_bus_emit(core->bus, core, topic, payload);
}

static bool known_option(fo_core *core, const char *name)
{
	if (fo_config_find(core->config, name))
		return true;
	fo_log(core, FO_LOG_WARN, "unknown option '%s' asked for", name);
	return false;
}

/* A plugin's options are named after it: NAME or NAME.something.  That is
 * what lets a value for a plugin that is not loaded be told from a typo. */
static bool owns_name(const char *plugin, const char *opt)
{
	size_t n = strlen(plugin);
	return strncmp(opt, plugin, n) == 0 && (opt[n] == '\0' || opt[n] == '.');
}

int fo_options_register(fo_core *core, const fo_opt_def *defs, size_t n)
{
	int owner = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	const fo_plugin *pl = owner >= 0 ? fo_plugins_at(core->plugins, (size_t)owner) : NULL;
	char err[256];
	for (size_t i = 0; pl && i < n; i++) {
		if (defs[i].name && !owns_name(pl->name, defs[i].name)) {
			fo_log(core, FO_LOG_ERROR,
			       "plugin %s: option %s is not named %s or %s.NAME", pl->name,
			       defs[i].name, pl->name, pl->name);
			return -1;
		}
	}
	if (fo_config_add(core->config, defs, n, owner, err, sizeof err) != 0) {
		fo_log(core, FO_LOG_ERROR, "plugin %s: options refused: %s", pl ? pl->name : "-",
		       err);
		return -1;
	}
	return 0;
}

/* The plugins that did not load, "mqtt (disabled), redis (refused)", for
 * messages about their options. */
void fo_core_unloaded_plugins(fo_core *core, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < fo_plugins_count(core->plugins); i++) {
		const fo_plugin *pl = fo_plugins_at(core->plugins, i);
		if (pl->status == FO_PLUGIN_LOADED || used + 1 >= len)
			continue;
		int w = snprintf(buf + used, len - used, "%s%s (%s)", used ? ", " : "", pl->name,
		                 pl->status == FO_PLUGIN_DISABLED ? "disabled" : "refused");
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
}

int fo_core_check_options(fo_core *core, char *err, size_t errlen)
{
	fo_config *c = core->config;
	const char *held = fo_config_held_error(c);
	if (held) {
		snprintf(err, errlen, "%s", held);
		return -1;
	}
	const char *name, *origin;
	for (size_t i = 0; fo_config_held_at(c, i, &name, &origin); i++) {
		const fo_plugin *off = NULL;
		for (size_t k = 0; !off && k < fo_plugins_count(core->plugins); k++) {
			const fo_plugin *pl = fo_plugins_at(core->plugins, k);
			if (pl->status != FO_PLUGIN_LOADED && owns_name(pl->name, name))
				off = pl;
		}
		if (!off) {
			snprintf(err, errlen, "config: %s: unknown option '%s'", origin, name);
			return -1;
		}
		fo_log(core, FO_LOG_WARN, "%s: option %s ignored: plugin %s is not loaded (%s)",
		       origin, name, off->name, off->reason);
	}
	fo_config_hold(c, false);
	return 0;
}

const char *fo_config_str(fo_core *core, const char *name)
{
	return known_option(core, name) ? fo_config_get_str(core->config, name) : "";
}

long fo_config_int(fo_core *core, const char *name)
{
	return known_option(core, name) ? fo_config_get_int(core->config, name) : 0;
}

double fo_config_double(fo_core *core, const char *name)
{
	return known_option(core, name) ? fo_config_get_double(core->config, name) : 0.0;
}

bool fo_config_bool(fo_core *core, const char *name)
{
	return known_option(core, name) && fo_config_get_bool(core->config, name);
}

fo_model *fo_core_model(fo_core *core)
{
	return core->model;
}

int fo_cmd_register(fo_core *core, const fo_cmd_spec *spec, void *ud)
{
	char err[256];
	if (fo_registry_add(core->registry, spec, ud, fo_plugins_current_owner(core->plugins), err,
	                    sizeof err) != 0) {
		fo_log(core, FO_LOG_ERROR, "%s", err);
		return -1;
	}
	return 0;
}

int fo_cmds_register(fo_core *core, const fo_cmd_spec *specs, size_t n, void *ud, char *err,
                     size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (fo_cmd_register(core, &specs[i], ud) != 0) {
			snprintf(err, errlen, "cannot register command %s %s",
			         specs[i].domain ? specs[i].domain : "?",
			         specs[i].verb ? specs[i].verb : "?");
			return -1;
		}
	}
	return 0;
}

int fo_policy_add(fo_core *core, const char *name, fo_policy_fn fn, void *ud)
{
	return fo_registry_policy_add(core->registry, name, fn, ud);
}

void fo_policy_remove(fo_core *core, int id)
{
	fo_registry_policy_remove(core->registry, id);
}

int fo_view_register(fo_core *core, const fo_view_spec *spec, void *ud)
{
	char err[256];
	if (fo_views_add(core->views, spec, ud, fo_plugins_current_owner(core->plugins), err,
	                 sizeof err) != 0) {
		fo_log(core, FO_LOG_ERROR, "%s", err);
		return -1;
	}
	return 0;
}

int fo_pane_register_with_views(fo_core *core, const fo_pane_spec *pane, const fo_view_spec *views,
                                size_t n, void *ud, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (fo_view_register(core, &views[i], ud) != 0) {
			snprintf(err, errlen, "cannot register view %s", views[i].name);
			return -1;
		}
	}
	if (fo_pane_register(core, pane) != 0) {
		snprintf(err, errlen, "cannot register the %s pane", pane->name);
		return -1;
	}
	return 0;
}

int fo_pane_register(fo_core *core, const fo_pane_spec *spec)
{
	char err[256];
	if (fo_views_add_pane(core->views, spec, fo_plugins_current_owner(core->plugins), err,
	                      sizeof err) != 0) {
		fo_log(core, FO_LOG_ERROR, "%s", err);
		return -1;
	}
	return 0;
}
