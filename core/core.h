/* core.h — the core context: one per process, passed everywhere.
 * Holds the loop, config, log, bus, model, registry, views and plugins.
 * There is no other global mutable state. */
#ifndef FO_CORE_H
#define FO_CORE_H

#include "bus.h"
#include "config.h"
#include "fleetops_plugin.h"
#include "log.h"
#include "model.h"
#include "plugin_loader.h"
#include "registry.h"
#include "view.h"

#include <uv.h>

struct fo_core {
	uv_loop_t *loop; /* OWNED unless borrowed_loop */
	bool borrowed_loop;
	fo_config *config;
	fo_logger *log;
	fo_bus *bus;
	fo_model *model;
	fo_registry *registry;
	fo_views *views;
	fo_plugins *plugins;
	struct fo_timer *timers;           /* live timers, for shutdown */
	const fo_store_backend **backends; /* registered store backends */
	size_t nbackends;
	fo_store *store;                 /* the record store, NULL when it failed to open */
	struct fo_feeds *feeds;          /* live feed status (core/feeds.c) */
	fo_timer *sample_timer;          /* model history, 1 Hz */
	struct fo_vda_store *vda;        /* VDA 5050 codec state, made on first use */
	struct fo_dispatch *dispatch;    /* transports to vehicles (dispatch.c) */
	struct fo_status_segs *segments; /* status line segments (status_seg.c) */
	struct fo_alert_core *alerts;    /* the alert engine (core/alerts/alert_core.c) */
	struct fo_lua_host *lua;         /* the Lua script host (core/lua/lua_host.h) */
	struct fo_lua_fns *lua_fns;      /* functions plugins add to scripts (lua_fn.c) */
	struct fo_site *site;            /* the active layout in the model (map/site.c) */
	bool site_started;               /* its load was asked for (fo_site_start) */
	bool readonly;
	bool serving; /* `fleetops serve` runs the loop */
	bool stopping;
	/* Set by a front end so commands like `ui theme` can reach it. */
	void *frontend;
	int exit_code;
};

/* Creates a core with its own loop; takes ownership of config (may be
 * NULL: defaults).  Opens the log named by the log_file option.  Returns
 * NULL with err filled. */
fo_core *fo_core_new(fo_config *config, char *err, size_t errlen);
/* Loads plugins from plugin_path (or the default search path) and
 * registers the core's own commands and views. */
void fo_core_start(fo_core *core);
void fo_core_free(fo_core *core);
/* Stops every timer started by an owner (a plugin whose init failed). */
void fo_timers_stop_owner(fo_core *core, int owner);
/* Default plugin search path: next to the executable, then LIBDIR. Owned
 * string written into buf. */
void fo_core_default_plugin_path(char *buf, size_t len);
/* Directory of the running executable, "" when unknown. */
void fo_exe_dir(char *buf, size_t len);

/* Opens the record store named by the store option (default: SQLite
 * under $XDG_DATA_HOME/fleetops/); SQLite is migrated automatically.
 * Call after fo_core_start so plugin backends are registered.  Returns 0,
 * or -1 with err filled (core->store stays NULL). */
int fo_core_open_store(fo_core *core, char *err, size_t errlen);

/* Removes the dispatch sinks and status segments a plugin registered (a
 * plugin whose init failed). */
void fo_dispatch_remove_owner(fo_core *core, int owner);
void fo_status_segment_remove_owner(fo_core *core, int owner);
void fo_dispatch_free(fo_core *core);
void fo_status_segments_free(fo_core *core);
/* The Lua functions a plugin registered (its init failed), and all
 * (core/lua/lua_fn.c). */
void fo_lua_fns_remove_owner(fo_core *core, int owner);
void fo_lua_fns_free(fo_core *core);
/* The core's own status-line segments (vehicles, alarms, alerts, store,
 * feeds), registered by fo_core_start before any plugin's. */
void fo_status_segments_register_core(fo_core *core);
/* The alert engine: made, its commands, views and pane registered by
 * fo_core_start; freed by fo_core_free (core/alerts/alert_core.c). */
void fo_alert_core_start(fo_core *core);
void fo_alert_core_free(fo_core *core);
/* Removes the alert rules a plugin added (its init failed). */
void fo_alert_core_remove_owner(fo_core *core, int owner);

/* After the plugins loaded (fo_core_start): a held option value that
 * failed its check, or one no plugin declared, is an error (-1, err
 * "config: FILE:LINE: unknown option 'x'"); a value for an option of a plugin
 * that is not loaded is logged and ignored.  Ends holding (config.h). */
int fo_core_check_options(fo_core *core, char *err, size_t errlen);
/* "mqtt (disabled), redis (refused)": the plugins that did not load. */
void fo_core_unloaded_plugins(fo_core *core, char *buf, size_t len);

/* Core-provided commands and views (core/core_cmds.c). */
void fo_core_register_builtin(fo_core *core);

#endif
