/* lua_int.h — what the Lua host's files (core/lua_*.c) share.  Not for
 * plugins; the rest of the core uses lua_host.h.
 *
 * A script is one .lua file; each load of it is a version with its own
 * sandboxed state and its own registrations (event handlers, timers,
 * policies).  A reload builds a new version beside the running one and
 * swaps only when the new one loaded; a version being retired while it
 * runs is freed when its outermost call returns. */
#ifndef FO_LUA_INT_H
#define FO_LUA_INT_H

#include "core.h"
#include "lua_host.h"
#include "lua_sandbox.h"

#include <limits.h>
#include <sys/types.h>

/* Owner tag of the host's bus subscription (plugins are >= 0, the core -1). */
#define FO_LUA_BUS_OWNER (-2)

typedef struct fo_lua_ver fo_lua_ver;
typedef struct fo_lua_script fo_lua_script;

typedef struct {
	char *topic; /* exact topic or "*" */
	int ref;     /* handler in the registry of the version's state */
} fo_lua_sub;

typedef struct fo_lua_timer {
	fo_timer *t; /* NULL once a one-shot fired */
	fo_lua_ver *ver;
	int ref;
	int id;
	bool repeat;
	struct fo_lua_timer *next;
} fo_lua_timer;

/* An alert rule of a script (fleetops.alert_rule): added to the engine
 * while its version is current, removed when the version retires. */
typedef struct {
	fo_lua_ver *ver;
	int ref; /* the expression, in the registry of the version's state */
	char name[64];
	char where[160];                                 /* "FILE:LINE" of the definition */
	char *labels, *severity, *summary, *description; /* OWNED or NULL */
	uint64_t for_ms, keep_firing_for_ms;
	bool added;    /* in the engine */
	bool replaced; /* it stood in for a built-in rule of the same name */
} fo_lua_arule;

typedef struct {
	fo_lua_ver *ver;
	int reg_id; /* fo_policy_add id, 0 before activation */
	char name[64];
	char pattern[64]; /* "vehicle order", "vehicle *", "*" */
	int ref;
} fo_lua_policy;

struct fo_lua_ver {
	fo_lua_script *script;
	fo_lua_sandbox sb;
	lua_State *L;
	fo_lua_sub *subs;
	size_t nsubs, capsubs;
	fo_lua_timer *timers;
	int next_timer;
	fo_lua_policy **pols;
	size_t npols, cappols;
	fo_lua_arule **arules;
	size_t narules, caparules;
	bool active;   /* registrations are live (the version is current) */
	bool retiring; /* free when its outermost call returns */
};

typedef enum {
	FO_LUA_RUNNING,  /* loaded; its handlers, timers and policies are live */
	FO_LUA_FAILED,   /* the last load failed; the previous version (if any) runs */
	FO_LUA_STOPPED,  /* stopped by the host (runaway, memory) until the file changes */
	FO_LUA_FINISHED, /* loaded and registered nothing: nothing left to run */
} fo_lua_state;

struct fo_lua_script {
	fo_lua_host *host;
	char name[64]; /* file name without .lua */
	char path[PATH_MAX];
	bool trusted;
	bool pinned; /* the `fleetops run` script: never unloaded by a scan */
	fo_lua_ver *cur;
	fo_lua_state state;
	/* what the file was when last loaded */
	time_t mtime;
	long mtime_ns;
	off_t size;
	ino_t ino;
	bool seen;       /* found by the current scan */
	char error[512]; /* last error, "" when none */
	uint64_t error_wall;
	uint64_t loaded_wall;
	unsigned loads, failed_loads;
	uint64_t runs, errors;
};

struct fo_lua_host {
	fo_core *core;
	fo_lua_script **scripts;
	size_t n, cap;
	fo_timer *poll;
	fo_timer *rescan_soon;
	bool bus_subscribed;
	bool started;
	uint64_t gen;         /* changes when the scripts view may have */
	int active;           /* calls into Lua under way (any script) */
	int cmd_depth;        /* fleetops.command nesting */
	int expr_depth;       /* alert expressions under way */
	char call_error[512]; /* error of the last fo_lua_call, "" when it succeeded */
	bool print_stdout;    /* print() to stdout (fleetops run) rather than the log */
	bool exit_requested;
	int exit_code;
};

/* ---- lua_host.c */
/* Runs fn(L) with ctx as its only argument (a light userdata) inside the
 * version's limits.  Errors are counted and logged on the script; a stop
 * retires the version (the script is then STOPPED).  ver may be freed on
 * return: do not use it afterwards.  Returns the Lua status. */
int fo_lua_call(fo_lua_ver *ver, lua_CFunction fn, void *ctx);
/* Unregisters everything of ver and frees it (now or when its call ends). */
void fo_lua_ver_retire(fo_lua_ver *ver);
/* Records an error of a script: log line and the scripts view. */
void fo_lua_script_error(fo_lua_script *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Loads the file as a new version of s, its chunk called with args; on
 * success swaps it in.  *ret gets the chunk's first result when it is an
 * integer (ret may be NULL).  Returns 0, or -1 with err filled. */
int fo_lua_script_load(fo_lua_script *s, int argc, char **argv, long *ret, bool *has_ret, char *err,
                       size_t errlen);
fo_lua_script *fo_lua_script_new(fo_lua_host *h, const char *path, bool trusted);
void fo_lua_script_free(fo_lua_script *s);
/* The version of a state (kept in the sandbox's ud). */
fo_lua_ver *fo_lua_ver_of(lua_State *L);

/* ---- lua_scan.c */
/* True when the directory of file is listed in option scripts.trusted. */
bool fo_lua_trusted_path(fo_lua_host *h, const char *file);

/* ---- lua_api.c */
/* Installs the `fleetops` table (and args) in a fresh state. */
void fo_lua_api_open(lua_State *L, int argc, char **argv);
/* Starts the version's timers and policies (after a successful load). */
void fo_lua_api_activate(fo_lua_ver *ver);
/* Names of the functions of the `fleetops` table, NULL-terminated. */
extern const char *const fo_lua_api_names[];

/* ---- lua_events.c */
/* Pushes the event of a bus topic as a table (decoding known payloads). */
void fo_lua_push_event(lua_State *L, const char *topic, const void *payload);
/* Subscribes the host to the bus once; handlers are found per event. */
void fo_lua_bus_attach(fo_lua_host *h);

/* ---- lua_policy.c */
int fo_lua_policy_new(lua_State *L);
void fo_lua_policy_activate(fo_lua_policy *p);
void fo_lua_policy_free(fo_lua_policy *p);

/* ---- lua_alert.c */
int fo_lua_alert_rule(lua_State *L);
int fo_lua_alert_raise(lua_State *L);
int fo_lua_alert_resolve(lua_State *L);
int fo_lua_alert_ack(lua_State *L);
int fo_lua_alerts(lua_State *L);
/* Adds the version's rules to the engine (activation); removes them
 * (retire).  A failure to add is the script's error. */
void fo_lua_arules_activate(fo_lua_ver *ver);
void fo_lua_arules_retire(fo_lua_ver *ver);
void fo_lua_arules_free(fo_lua_ver *ver);

/* ---- lua_select.c: vehicles chosen in C */
typedef struct {
	char state[16];        /* "" any */
	long fleet;            /* -1 any */
	int online, has_order; /* -1 either, 0, 1 */
	double battery_below;  /* <0 any */
	double speed_above;    /* <0 any */
	bool none;             /* a fleet that does not exist: nothing matches */
} fo_lua_vfilter;
/* Reads {fleet, state, online, has_order, battery_below, speed_above} at
 * idx (none or nil: everything); raises on a bad field. */
void fo_lua_vfilter_read(lua_State *L, int idx, fo_model *m, fo_lua_vfilter *f);
bool fo_lua_vfilter_match(const fo_lua_vfilter *f, const fo_vehicle *v);
/* fleetops.vehicle_samples(filter [, value]) */
int fo_lua_vehicle_samples(lua_State *L);
/* When the value at idx is a vehicle_samples selection: emits its samples
 * into ev and returns true. */
bool fo_lua_vsel_emit(lua_State *L, int idx, fo_alert_eval *ev);

/* ---- lua_json.c */
/* Pushes the value of a JSON text; false (and nothing pushed) when it is
 * not JSON.  Raises only on memory errors. */
bool fo_lua_push_json(lua_State *L, const char *text);

/* ---- lua_read.c */
int fo_lua_view_rows(lua_State *L);
int fo_lua_option(lua_State *L);

/* ---- lua_view.c */
void fo_lua_view_register(fo_lua_host *h);

#endif
