/*
 * fleetops_plugin.h — the one public, versioned interface between the
 * fleetops core and its plugins.
 *
 * A plugin is a shared object that exports one symbol, FO_PLUGIN_ENTRY_NAME,
 * returning a pointer to a static fo_plugin_desc.  The loader refuses a
 * plugin whose descriptor carries another FO_PLUGIN_ABI, and says why.
 *
 * Ownership: every pointer a function here returns is BORROWED from the core
 * unless the comment says OWNED.  Specs passed to fo_*_register are borrowed
 * by the core for the life of the process: pass static const data.
 *
 * Threading: everything here runs on the core's single event-loop thread.
 */
#ifndef FLEETOPS_PLUGIN_H
#define FLEETOPS_PLUGIN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every function declared in this file, and nothing else, is exported by
 * the fleetops binary: the core and the TUI build with -fvisibility=hidden
 * and this region is default-visible (`make check-exports` compares the
 * binary's symbols with these declarations).  Keep system #includes above. */
#pragma GCC visibility push(default)

/* Bump on any incompatible change to a type or function in this file. */
/* 2: fo_view_spec.prepare, fo_store_backend.try_lease; 3: tables, options, Lua
 * functions and status segments declared by plugins, vehicle events, the
 * depot map and helpers in the header, only the header exported, the
 * core's bookkeeping out of fo_vehicle and fo_vda_vehicle */
/* 4: chunked binary series in the store (fo_chunk, put/get/drop_chunks in
 * fo_store_backend and the store front) */
#define FO_PLUGIN_ABI 4
/* Records the core owns and hands out by pointer: fo_vehicle (live model),
 * fo_vda_vehicle and fo_vda_factsheet (VDA 5050 codec).  A plugin reads them
 * through the pointer it is given and never copies one by value, takes its
 * sizeof or steps from one to the next (the core keeps more than the
 * declared fields around each).  So the core may append fields at their end
 * without a bump; removing, moving or retyping a field still needs one.
 * Structs a plugin fills in itself (specs, fo_map_node, ...) and arrays it
 * indexes (fo_vda_vehicle.nodes, ...) are laid out as declared. */
#define FO_PLUGIN_ENTRY_NAME "fo_plugin_entry"

typedef struct fo_core fo_core;

/* ---------------------------------------------------------------- status */

typedef enum {
	FO_OK = 0,     /* success */
	FO_ERR = 1,    /* runtime failure */
	FO_EUSAGE = 2, /* usage error: bad arguments or unknown command */
} fo_status;

/* ---------------------------------------------------------------- logging */

typedef enum { FO_LOG_DEBUG, FO_LOG_INFO, FO_LOG_WARN, FO_LOG_ERROR } fo_log_level;

void fo_log(fo_core *core, fo_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---------------------------------------------------------------- helpers
 *
 * The small helpers every module needs, in one place (core/util/util.c).
 * Out of memory aborts: these never return NULL for a non-NULL input. */

/* OWNED copy (free()); NULL for NULL. */
char *fo_strdup(const char *s);
/* OWNED copy of at most n bytes, NUL-terminated; NULL for NULL. */
char *fo_strndup(const char *s, size_t n);
/* Grows the array p of elem-byte elements so that it holds at least need
 * of them: capacity doubles from first (8 when 0); *cap is updated.
 * Returns the (possibly moved) array; use: v = fo_grow(v, &cap, n + 1,
 * sizeof *v, 16). */
void *fo_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first);

/* A growable string, always NUL-terminated once written; zero-initialise
 * it ({0}), free with fo_buf_free or take its text with fo_buf_take. */
typedef struct {
	char *s;
	size_t n, cap;
} fo_buf;
void fo_buf_put(fo_buf *b, const char *s, size_t len);
void fo_buf_str(fo_buf *b, const char *s);
void fo_buf_printf(fo_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as a JSON string literal: quotes, backslashes and control characters
 * escaped (\n, \r, \t, else \u00XX); other bytes (UTF-8) as they are. */
void fo_buf_json_str(fo_buf *b, const char *s);
/* OWNED text (free()), "" when nothing was written; b is empty after. */
char *fo_buf_take(fo_buf *b);
void fo_buf_free(fo_buf *b);

/* ---------------------------------------------------------------- time, timers, bus */

/* Monotonic milliseconds of the event loop (cached per loop iteration). */
uint64_t fo_now_ms(fo_core *core);
/* Wall clock, milliseconds since the Unix epoch. */
uint64_t fo_wall_ms(void);

typedef struct fo_timer fo_timer;
typedef void (*fo_timer_cb)(fo_core *core, void *ud);
/* Starts a timer on the loop; repeat_ms 0 fires once.  OWNED: stop it with
 * fo_timer_stop (which frees it); one-shot timers free themselves after
 * firing unless stopped first. */
fo_timer *fo_timer_start(fo_core *core, uint64_t first_ms, uint64_t repeat_ms, fo_timer_cb cb,
                         void *ud);
void fo_timer_stop(fo_timer *t);

/* The core's libuv loop, as a uv_loop_t *, for client libraries that attach
 * to a loop themselves (hiredis' libuv adapter).  BORROWED: use it on the
 * loop thread only and never close it.  Only a shell-only command may run it
 * (uv_run until its own uv_stop, as `db watch` does through the core), never
 * code called from the running loop.  Handles a plugin opens on it must be
 * closed in its fini. */
void *fo_core_uv_loop(fo_core *core);

/* For commands that stream from the shell (`db watch`, `feeds watch`):
 * run the event loop until fo_core_stop.  Never call fo_core_run from a
 * callback or from inside the console (see fo_core_has_frontend). */
int fo_core_run(fo_core *core);
void fo_core_stop(fo_core *core);
/* True when an interactive front end (the console) owns the loop, or a
 * Lua script is running (a command it runs must not run the loop). */
bool fo_core_has_frontend(fo_core *core);
/* True in `fleetops serve`: the headless daemon that runs feeds, rules and
 * missions without a terminal. */
bool fo_core_serving(fo_core *core);

/* Synchronous in-process bus: subscribers run in subscription order on the
 * loop thread.  Topics are dotted names, e.g. "vehicle.error".  payload is
 * borrowed for the duration of the call. */
/* "core.closing" (payload NULL) is published once as the process ends,
 * while the store is still open: a plugin queues its last writes (the
 * store then waits up to 3 s for them). */
typedef void (*fo_bus_cb)(fo_core *core, const char *topic, const void *payload, void *ud);
int fo_bus_subscribe(fo_core *core, const char *topic, fo_bus_cb cb, void *ud);
void fo_bus_publish(fo_core *core, const char *topic, const void *payload);

/* A payload any plugin may publish without a header of its own: name/value
 * string pairs, e.g. one entry of an inbound Redis stream ("redis.event").
 * Every subscriber can read it without knowing the publisher: the Lua host
 * hands it to handlers as {topic, source, id, redelivered, fields = {NAME =
 * VALUE, ...}}.  Borrowed for the call, like every payload. */
typedef struct {
	const char *source;        /* where it came from (a stream's key); "" */
	const char *id;            /* the entry's id at the source; "" */
	size_t n;                  /* name/value pairs */
	const char *const *names;  /* NUL-terminated */
	const char *const *values; /* NUL-terminated (see value_lens) */
	const size_t *value_lens;  /* exact length of each value (values may
	                            * hold NULs); NULL: strlen */
	bool redelivered;          /* the source delivered it before */
} fo_bus_fields;
/* fo_bus_publish of f, marked so that fo_bus_fields_of recognises it. */
void fo_bus_publish_fields(fo_core *core, const char *topic, const fo_bus_fields *f);
/* In a subscriber: the payload as fields when it was published by
 * fo_bus_publish_fields (and is being delivered now), else NULL.  Never
 * reads through payload, so any payload may be asked about. */
const fo_bus_fields *fo_bus_fields_of(const void *payload);
/* A payload that is one compact JSON object (as text), e.g. "alert.state",
 * "mission.state": the Lua host hands handlers its members (and the text as
 * json), the Redis relay writes its members as the entry's fields. */
void fo_bus_publish_json(fo_core *core, const char *topic, const char *json);
/* In a subscriber: the JSON text when payload was published by
 * fo_bus_publish_json (and is being delivered now), else NULL. */
const char *fo_bus_json_of(const void *payload);

/* ---------------------------------------------------------------- wake-ups
 *
 * The one way for another thread (a client library's network thread) to
 * get work onto the loop: hand data over under a lock of your own, then
 * fo_wakeup_signal.  cb runs on the loop thread; several signals before it
 * runs collapse into one call, so cb must drain everything queued. */

typedef struct fo_wakeup fo_wakeup;
typedef void (*fo_wakeup_cb)(fo_core *core, void *ud);
/* OWNED: free with fo_wakeup_free, on the loop thread. */
fo_wakeup *fo_wakeup_new(fo_core *core, fo_wakeup_cb cb, void *ud);
/* Thread-safe; may be called from any thread until fo_wakeup_free. */
void fo_wakeup_signal(fo_wakeup *w);
/* Loop thread only.  No other thread may signal w any more. */
void fo_wakeup_free(fo_wakeup *w);

/* ---------------------------------------------------------------- feeds
 *
 * Status of the live feeds (MQTT, Redis...): each feed plugin registers one
 * and reports its connection and every message it accepted or refused.  The
 * core keeps the figures (connected since, msg/s over 10 s, rejects by
 * reason and by vehicle, last error) and shows them as the view
 * "feeds.status".  Loop thread only. */

typedef struct fo_feed fo_feed;
/* BORROWED: lives as long as the core.  Registering a name again returns
 * the same feed. */
fo_feed *fo_feed_register(fo_core *core, const char *name);
/* error: why it is down (or a note while up), NULL for none; copied. */
void fo_feed_set_connected(fo_feed *f, bool connected, const char *error);
/* An error that does not change the connection (a refused subscription). */
void fo_feed_set_error(fo_feed *f, const char *error);
/* One inbound message: accepted, or refused for reason (a short countable
 * word) from vehicle (NULL when unknown). */
void fo_feed_count(fo_feed *f, bool accepted, const char *reason, const char *vehicle);
/* One line for a status bar, e.g. "mqtt up 1.2k msg/s  redis DOWN"; ""
 * when no feed is registered.  Returns strlen of what was written. */
size_t fo_feeds_summary(fo_core *core, char *buf, size_t len);

/* ---------------------------------------------------------------- config
 *
 * Options are typed and declared once, in static const tables: the core's
 * own in core/config_table.c, each plugin's in its folder (NAME_options.c),
 * registered at the very start of its init, before it reads any of them.
 * Validation, --help, `config show`, the manual page and bash completion
 * come from the declarations.
 *
 * Start-up order: the command line, the config files and the environment
 * are read before the plugins load.  A value for a name nobody declared
 * yet is held back; when a plugin registers the option, the held value is
 * checked (type, range) and applied with its precedence (flag > environment
 * > user file > system file > default), so the plugin's init already sees
 * it.  After every plugin loaded, a value still held back, or one that
 * failed its check, stops start-up with exit code 2 and the reason.
 *
 * A plugin that is disabled (plugins_disable), refused or whose init fails
 * declares nothing: its options are unknown to that process (not in --help
 * or `config show`).  A config-file or environment value of such an option
 * (a name NAME or NAME.* of a plugin NAME that is not loaded) is ignored
 * with a warning in the log, so one config serves hosts where the plugin is
 * off; a command-line flag for it is a usage error (exit 2), like any
 * unknown flag, and the message names the plugins that are not loaded.
 *
 * Names: a plugin's options are NAME or NAME.something after the plugin's
 * name (mqtt, mqtt.qos); a name or flag already declared is refused. */

typedef enum { FO_OPT_STR, FO_OPT_INT, FO_OPT_DOUBLE, FO_OPT_BOOL } fo_opt_type;

typedef struct {
	const char *name; /* "tick_hz", "sim.vehicles" */
	fo_opt_type type;
	const char *def;  /* default, as text */
	double min, max;  /* range for numbers; both 0 means unchecked */
	const char *flag; /* long flag without dashes, NULL when none */
	const char *help;
} fo_opt_def;

/* Declares n options (a static const table, borrowed for the life of the
 * process; removed again when the plugin's init fails).  Returns 0, or -1
 * (logged) when a name or flag is already declared, a default does not
 * parse, or a name is not the plugin's. */
int fo_options_register(fo_core *core, const fo_opt_def *defs, size_t n);
#define FO_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Values of the declared options.  Unknown names return the zero value and
 * log a warning. */
const char *fo_config_str(fo_core *core, const char *name);
long fo_config_int(fo_core *core, const char *name);
double fo_config_double(fo_core *core, const char *name);
bool fo_config_bool(fo_core *core, const char *name);

/* ---------------------------------------------------------------- live model */

#define FO_ID_LEN 32
#define FO_HISTORY_LEN 120 /* samples of battery and speed, one per second */
#define FO_MAX_VERRORS 4

typedef enum {
	FO_OPMODE_AUTOMATIC,
	FO_OPMODE_SEMIAUTOMATIC,
	FO_OPMODE_MANUAL,
	FO_OPMODE_SERVICE,
	FO_OPMODE_TEACHIN,
} fo_opmode; /* VDA 5050 operatingMode */

typedef enum {
	FO_ESTOP_NONE,
	FO_ESTOP_AUTOACK,
	FO_ESTOP_MANUAL,
	FO_ESTOP_REMOTE,
} fo_estop; /* VDA 5050 safetyState.eStop */

typedef enum { FO_ERRLVL_WARNING, FO_ERRLVL_FATAL } fo_errlevel; /* VDA 5050 errorLevel */

/* Summary state for display, derived from the VDA 5050 fields. */
typedef enum {
	FO_VS_OFFLINE,
	FO_VS_IDLE,
	FO_VS_DRIVING,
	FO_VS_ACTING,
	FO_VS_CHARGING,
	FO_VS_PAUSED,
	FO_VS_ERROR,
	FO_VS_ESTOP,
	FO_VS__COUNT
} fo_vstate;

typedef struct {
	char type[32]; /* VDA 5050 errorType */
	char desc[64]; /* errorDescription */
	fo_errlevel level;
	uint64_t since_ms; /* wall clock */
} fo_verror;

typedef struct {
	char id[FO_ID_LEN];
	char name[48];
} fo_tenant;

typedef struct {
	char id[FO_ID_LEN];
	char name[48];
	uint32_t tenant; /* index into tenants */
} fo_fleet;

typedef enum { FO_NODE_PLAIN, FO_NODE_CHARGER, FO_NODE_PARKING, FO_NODE_STATION } fo_node_kind;

typedef struct {
	char id[FO_ID_LEN];
	double x, y;   /* metres, map frame */
	uint32_t zone; /* index into zones */
	fo_node_kind kind;
} fo_map_node;

typedef struct {
	char id[FO_ID_LEN];
	uint32_t from, to; /* node indices */
	double length_m;
} fo_map_edge;

typedef struct {
	char id[FO_ID_LEN];
	char name[48];
	double x0, y0, x1, y1; /* bounding rectangle, metres */
} fo_map_zone;

/* A vehicle of the live model; by pointer only (see FO_PLUGIN_ABI): the
 * model keeps its state totals and its history beside it. */
typedef struct {
	uint32_t idx;       /* position in the model, stable */
	char id[FO_ID_LEN]; /* VDA 5050 serialNumber */
	char manufacturer[24];
	uint32_t fleet; /* index into fleets */
	bool online;
	fo_opmode opmode;
	fo_estop estop;
	bool field_violation;
	bool paused;
	bool driving;
	bool acting;
	bool charging;
	double x, y, theta; /* metres, radians */
	double speed;       /* m/s, magnitude of velocity */
	double battery;     /* percent 0..100 */
	double odometer_m;
	char order_id[40]; /* empty when none */
	uint32_t order_update;
	char last_node[FO_ID_LEN];
	uint32_t last_node_seq;
	uint32_t nodes_left; /* nodes of the order still to reach */
	char load[24];       /* load id, empty when unloaded */
	uint32_t zone;       /* zone of the last node */
	fo_verror errors[FO_MAX_VERRORS];
	uint8_t nerrors;
	uint64_t last_seen_ms; /* wall clock of the last state */
	uint64_t gen;          /* read-only: model generation of the last
	                        * change, stamped by fo_model_touch */
} fo_vehicle;

typedef struct fo_model fo_model;

fo_model *fo_core_model(fo_core *core); /* borrowed */

/* Adders return the new element's index, or -1 with err filled (duplicate
 * id, bad reference, out of memory is fatal). */
int fo_model_tenant_add(fo_model *m, const char *id, const char *name, char *err, size_t errlen);
int fo_model_fleet_add(fo_model *m, const char *id, const char *name, uint32_t tenant, char *err,
                       size_t errlen);
int fo_model_zone_add(fo_model *m, const fo_map_zone *z, char *err, size_t errlen);
int fo_model_node_add(fo_model *m, const fo_map_node *n, char *err, size_t errlen);
int fo_model_edge_add(fo_model *m, const fo_map_edge *e, char *err, size_t errlen);
/* Returns a zeroed vehicle with id and fleet set, online, AUTOMATIC. */
fo_vehicle *fo_model_vehicle_add(fo_model *m, const char *id, uint32_t fleet, char *err,
                                 size_t errlen);

size_t fo_model_tenant_count(const fo_model *m);
size_t fo_model_fleet_count(const fo_model *m);
size_t fo_model_zone_count(const fo_model *m);
size_t fo_model_node_count(const fo_model *m);
size_t fo_model_edge_count(const fo_model *m);
size_t fo_model_vehicle_count(const fo_model *m);

/* Borrowed element pointers; valid until the next *_add of the same kind. */
const fo_tenant *fo_model_tenant(const fo_model *m, size_t i);
const fo_fleet *fo_model_fleet(const fo_model *m, size_t i);
const fo_map_zone *fo_model_zone(const fo_model *m, size_t i);
const fo_map_node *fo_model_node(const fo_model *m, size_t i);
const fo_map_edge *fo_model_edge(const fo_model *m, size_t i);
fo_vehicle *fo_model_vehicle(fo_model *m, size_t i);

/* Lookups by id: index or -1. */
long fo_model_vehicle_find(const fo_model *m, const char *id);
long fo_model_node_find(const fo_model *m, const char *id);
/* The edge from node index `from` to node index `to` (the first added when
 * there are several), O(1): its index or -1. */
long fo_model_edge_find(const fo_model *m, uint32_t from, uint32_t to);
long fo_model_fleet_find(const fo_model *m, const char *id);

/* Call after changing a vehicle: stamps it with a new generation so views
 * know to refresh, and keeps the model's state totals right. */
void fo_model_touch(fo_model *m, fo_vehicle *v);
/* Generation of the whole model; changes whenever anything changes. */
uint64_t fo_model_generation(const fo_model *m);
/* Summary state derived from the VDA 5050 fields. */
fo_vstate fo_vehicle_state(const fo_vehicle *v);
const char *fo_vstate_name(fo_vstate s);
const char *fo_opmode_name(fo_opmode m);
const char *fo_estop_name(fo_estop e);
/* Copies the vehicle's history (one sample a second, the last
 * FO_HISTORY_LEN) oldest-first into battery and speed (each NULL or of
 * FO_HISTORY_LEN floats); returns the number of samples.  battery in %,
 * speed in m/s.  v is a pointer the model handed out, never a copy. */
size_t fo_vehicle_history(const fo_vehicle *v, float *battery, float *speed);

/* ---------------------------------------------------------------- depot map
 * A generated site (core/map/depot.c): a lattice of nodes
 * FO_DEPOT_SPACING_M apart, every lattice edge present, cut into blocks of
 * FO_DEPOT_BLOCK x FO_DEPOT_BLOCK nodes that each hold two chargers, two
 * parking places and two stations at fixed offsets (so the nearest one is
 * found by looking at a few blocks around a node, never by scanning); zones;
 * tenants tenant-a..., fleets fleet-1..., vehicles AGV-00001... on distinct
 * starting nodes.  The same spec and seed give the same depot, ids and all,
 * wherever it is built: the demo's simulator and the AGVs on a broker drive
 * one map.  Lattice nodes are numbered 0..width*height-1 row by row; node n
 * is model node fo_depot_node_base() + n, at (x, y) = (n % width,
 * n / width) * FO_DEPOT_SPACING_M. */

#define FO_DEPOT_BLOCK 6
#define FO_DEPOT_SPACING_M 5.0
#define FO_DEPOT_NONE UINT32_MAX

typedef struct fo_depot fo_depot;

typedef struct {
	long vehicles, fleets, tenants; /* at least 1 each, at most 26 tenants */
	const char *manufacturer;       /* of every vehicle */
	uint64_t seen_ms;               /* the vehicles' last_seen_ms */
} fo_depot_spec;

/* Deterministic randomness (splitmix64) for generated sites and
 * simulators: a seed means the same run on every machine. */
uint64_t fo_rand(uint64_t *state);
double fo_rand01(uint64_t *state);                   /* [0, 1) */
uint32_t fo_rand_below(uint64_t *state, uint32_t n); /* [0, n), n > 0 */

/* Builds the depot into the model: tenants, fleets, zones, nodes, edges,
 * then the vehicles on their starting nodes (battery set, last_seen_ms =
 * spec->seen_ms), drawing from *rng in a fixed order.  Returns the OWNED
 * depot (fo_depot_free; the model keeps what was added), or NULL with err
 * filled. */
fo_depot *fo_depot_build(fo_model *m, const fo_depot_spec *spec, uint64_t *rng, char *err,
                         size_t errlen);
void fo_depot_free(fo_depot *d);
uint32_t fo_depot_width(const fo_depot *d); /* nodes */
uint32_t fo_depot_height(const fo_depot *d);
uint32_t fo_depot_node_base(const fo_depot *d);
fo_node_kind fo_depot_kind(const fo_depot *d, uint32_t n);
uint32_t fo_depot_zone(const fo_depot *d, uint32_t n); /* model zone index */
const char *fo_depot_node_id(const fo_depot *d, uint32_t n);
/* Vehicle i of the spec is model vehicle fo_depot_vehicle_base() + i. */
uint32_t fo_depot_vehicle_base(const fo_depot *d);
uint32_t fo_depot_vehicle_node(const fo_depot *d, uint32_t i); /* its starting node */
double fo_depot_vehicle_vmax(const fo_depot *d, uint32_t i);   /* its top speed, m/s */
/* Lattice hops between two nodes; the neighbour of from one hop closer to
 * to (from != to; every hop is on a shortest path). */
uint32_t fo_depot_hops(const fo_depot *d, uint32_t a, uint32_t b);
uint32_t fo_depot_next_hop(const fo_depot *d, uint32_t from, uint32_t to);
/* Nearest charger, parking place or station to n whose occupant[] entry is
 * FO_DEPOT_NONE (occupant: one per node, NULL: all free), searching up to
 * radius blocks away; FO_DEPOT_NONE when none. */
uint32_t fo_depot_find_free(const fo_depot *d, uint32_t n, fo_node_kind kind, uint32_t radius,
                            const uint32_t *occupant);
/* A station a few blocks from n, chosen with *rng; never n itself. */
uint32_t fo_depot_station_near(const fo_depot *d, uint32_t n, uint64_t *rng);

/* ---------------------------------------------------------------- commands */

typedef enum {
	FO_ARG_STRING,
	FO_ARG_INT,
	FO_ARG_DOUBLE,
	FO_ARG_BOOL,    /* a flag: --name, no value */
	FO_ARG_ENUM,    /* one of choices, '|'-separated */
	FO_ARG_VEHICLE, /* an existing vehicle id; completes from the model */
	FO_ARG_FLEET,   /* an existing fleet id; completes from the model */
	FO_ARG_VIEW,    /* a registered view name */
	FO_ARG_REST,    /* every remaining word; last, optional */
} fo_arg_type;

typedef struct {
	const char *name; /* also the --name of the option form */
	fo_arg_type type;
	bool required;       /* required args come first and may be positional */
	const char *choices; /* FO_ARG_ENUM: "a|b|c" */
	const char *help;
} fo_arg_spec;

enum {
	FO_CMD_READONLY_SAFE = 1u << 0, /* allowed under --readonly */
	FO_CMD_DANGEROUS = 1u << 1,     /* the TUI asks for confirmation */
};

typedef struct fo_args fo_args; /* parsed, typed arguments */
typedef struct fo_out fo_out;   /* where a command writes its output */

typedef fo_status (*fo_cmd_fn)(fo_core *core, const fo_args *args, fo_out *out, void *ud);

typedef struct {
	const char *domain;  /* "vehicle", "mission", ... */
	const char *verb;    /* "list", "show", ... */
	const char *summary; /* one line for help and completion */
	const fo_arg_spec *args;
	size_t nargs;
	unsigned flags;
	fo_cmd_fn fn;
} fo_cmd_spec;

/* Command, view and pane specs are static const tables, like tmux's
 * cmd_entry: the core borrows them for the life of the process and never
 * copies them; what an instance needs (the plugin's state) travels as the
 * separate user-data pointer given at registration, which the core passes
 * to every callback.  One static spec may be registered once per name. */

/* Registers one command; ud goes to spec->fn.  Returns 0, or -1 (logged)
 * for a duplicate domain+verb, missing fields, or required arguments after
 * optional ones. */
int fo_cmd_register(fo_core *core, const fo_cmd_spec *spec, void *ud);
/* Registers n commands of a table with one ud.  Returns 0, or -1 with err
 * naming the command refused (the log says why). */
int fo_cmds_register(fo_core *core, const fo_cmd_spec *specs, size_t n, void *ud, char *err,
                     size_t errlen);

/* Runs one command line as if the operator typed it — parsed, checked
 * against --readonly and the command policies (Lua's too), then run — so a
 * plugin acts through another domain's commands (the resources plugin
 * starts a charging mission with `mission start`).  reply (may be NULL)
 * gets the output, or the error on failure.  Loop thread only. */
fo_status fo_cmd_run(fo_core *core, const char *line, fo_buf *reply);

/* Typed accessors.  Missing optional args give the fallback. */
const char *fo_args_str(const fo_args *a, const char *name, const char *fallback);
long fo_args_int(const fo_args *a, const char *name, long fallback);
double fo_args_double(const fo_args *a, const char *name, double fallback);
bool fo_args_flag(const fo_args *a, const char *name);
bool fo_args_has(const fo_args *a, const char *name);
/* FO_ARG_REST words: count, and the words (borrowed) into *words. */
size_t fo_args_rest(const fo_args *a, const char *name, char *const **words);

void fo_out_printf(fo_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message the user sees when the command fails. */
void fo_out_error(fo_out *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- command policies
 *
 * A policy sees every command after its arguments are parsed (and after
 * the read-only check), before it runs, wherever it comes from (the ':'
 * line, a key, the shell, a script).  It may refuse the command with a
 * reason, which the operator sees as "refused by policy NAME: REASON"
 * (status FO_ERR), or amend its arguments: argv then replaces the words
 * after DOMAIN VERB and is parsed again.  Policies run in the order added;
 * each sees what the ones before it left.  Lua policies (fleetops.policy)
 * are registered through this. */

typedef struct fo_policy_verdict fo_policy_verdict;
/* args and argv (argc words after DOMAIN VERB) are borrowed for the call. */
typedef void (*fo_policy_fn)(fo_core *core, const fo_cmd_spec *cmd, const fo_args *args, int argc,
                             char *const *argv, fo_policy_verdict *v, void *ud);
/* name is copied; returns an id > 0 for fo_policy_remove, or -1. */
int fo_policy_add(fo_core *core, const char *name, fo_policy_fn fn, void *ud);
/* Safe to call from inside a policy. */
void fo_policy_remove(fo_core *core, int id);
void fo_policy_refuse(fo_policy_verdict *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The new words are copied. */
void fo_policy_amend(fo_policy_verdict *v, int argc, char *const *argv);

/* ---------------------------------------------------------------- views */

/* FO_COL_TIME: a moment; the cell's num is milliseconds since the Unix
 * epoch (UTC), its text what a screen shows.  Reports write it as ISO 8601
 * UTC and `report --since/--until` select rows by it. */
typedef enum { FO_COL_TEXT, FO_COL_NUM, FO_COL_PERCENT, FO_COL_TIME } fo_col_type;

typedef enum {
	FO_STYLE_NORMAL,
	FO_STYLE_DIM,
	FO_STYLE_OK,
	FO_STYLE_WARN,
	FO_STYLE_ERROR,
	FO_STYLE_ACCENT,
} fo_style;

typedef struct {
	const char *name;  /* stable field name, used by --columns, sort, reports */
	const char *title; /* header text */
	fo_col_type type;
	int width;        /* preferred width in cells */
	bool hidden;      /* hidden until chosen in the column chooser */
	const char *unit; /* "%", "m/s", NULL */
} fo_column;

typedef struct {
	char text[96];
	double num; /* sort key when is_num */
	bool is_num;
	fo_style style;
} fo_cell;

typedef struct fo_detail fo_detail;

typedef struct {
	int key;             /* key in the view, e.g. 'e' */
	const char *label;   /* "e-stop" */
	const char *command; /* command line; "%k" is the row key, "%{COLUMN}" a cell
	                      * of the row; a leading ':' puts it on the command line
	                      * for the operator to finish (e.g. a resolution) */
} fo_view_action;

typedef struct {
	const char *name; /* "fleet.vehicles": domain.view, unique */
	const char *title;
	const char *summary; /* one line for `report --list` and help */
	const fo_column *cols;
	size_t ncols;
	size_t (*row_count)(fo_core *core, void *ud);
	/* Fills one cell; out arrives zeroed (empty text, no number). */
	void (*cell)(fo_core *core, void *ud, size_t row, size_t col, fo_cell *out);
	/* Unique, stable key of a row (e.g. the vehicle id). */
	void (*row_key)(fo_core *core, void *ud, size_t row, char *buf, size_t len);
	/* Changes whenever the rows may have changed. */
	uint64_t (*generation)(fo_core *core, void *ud);
	/* Optional: fills the detail of one row; FO_ERR when the key is gone. */
	fo_status (*detail)(fo_core *core, void *ud, const char *key, fo_detail *d);
	/* Optional drill-down: Enter opens drill_view scoped to drill_column == key
	 * instead of the detail. */
	const char *drill_view;
	const char *drill_column;
	const fo_view_action *actions;
	size_t nactions;
	/* Shown when the view has no rows, e.g. why and what to do. */
	const char *empty_text;
	/* Optional: brings the rows up to date before a one-shot reader (a
	 * report, a script's fleetops.view outside the console) reads them,
	 * e.g. waits for the store's first answer; may block. */
	void (*prepare)(fo_core *core, void *ud);
} fo_view_spec;

/* Registers a view; ud goes to every callback of spec.  Returns 0, or -1
 * (logged) for a duplicate name or missing fields. */
int fo_view_register(fo_core *core, const fo_view_spec *spec, void *ud);

/* Cell helpers for view callbacks: a number with its text, or text. */
void fo_cell_num(fo_cell *c, double v, int decimals);
void fo_cell_text(fo_cell *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A FO_COL_TIME cell: ms since the Unix epoch, shown "YYYY-MM-DD HH:MM:SS"
 * UTC; 0 leaves the cell empty (never). */
void fo_cell_time(fo_cell *c, uint64_t epoch_ms);
/* A generation callback for views computed from the live model. */
uint64_t fo_view_model_generation(fo_core *core, void *ud);

/* Detail builder, used inside fo_view_spec.detail. */
void fo_detail_title(fo_detail *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fo_detail_section(fo_detail *d, const char *title);
void fo_detail_field(fo_detail *d, const char *label, fo_style style, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void fo_detail_text(fo_detail *d, fo_style style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A line chart of n samples (copied).  min/max fix the y range. */
void fo_detail_chart(fo_detail *d, const char *title, const char *unit, double min, double max,
                     const float *samples, size_t n);

/* ---------------------------------------------------------------- panes */

typedef struct {
	const char *name;         /* "missions" */
	const char *title;        /* "Missions" */
	int slot;                 /* 1..6 for the domain panes, 0 for the overview */
	const char *const *views; /* names of views shown as tabs, NULL-terminated */
	/* Honest status of the domain: what is live and what is not built yet. */
	const char *note;
} fo_pane_spec;

int fo_pane_register(fo_core *core, const fo_pane_spec *spec);
/* Registers n views (each with ud), then the pane that shows them.
 * Returns 0, or -1 with err naming what was refused (the log says why). */
int fo_pane_register_with_views(fo_core *core, const fo_pane_spec *pane, const fo_view_spec *views,
                                size_t n, void *ud, char *err, size_t errlen);

/* ---------------------------------------------------------------- store
 *
 * Domain records live in a store: embedded SQLite by default, PostgreSQL
 * in production (a plugin).  Both implement one contract, checked by one
 * conformance suite (tests/store/).
 *
 * Tables are declared once, by whoever writes them: the core declares its
 * own (tenants, operators, fleets, vehicles, depot maps and zones, the
 * alert engine's records), a plugin registers the tables of its domain from
 * its init with fo_store_tables_register.  The embedded SQLite store
 * generates its whole schema from these declarations (tables, keys,
 * indexes, checks, audit triggers); the PostgreSQL migrations in sql/ are
 * written by hand, and a test checks that both databases have exactly the
 * declared columns.  Every table also has the implicit columns of
 * FO_STORE_IMPLICIT: id (UUID text, made by the core), tenant_id, version
 * (optimistic concurrency, starts at 1), created_at, updated_at (UTC, ISO
 * 8601 with milliseconds) and updated_by (the actor).
 *
 * Values travel as text in their canonical form: integers in decimal, reals
 * with '.', booleans "true"/"false", times ISO 8601 UTC
 * ("2026-11-26T21:55:39.123Z"), JSON as compact JSON text.  NULL is a NULL
 * pointer.
 */

typedef enum {
	FO_FT_TEXT,
	FO_FT_INT,
	FO_FT_REAL,
	FO_FT_BOOL,
	FO_FT_TIME,
	FO_FT_JSON,
	FO_FT_ID, /* a reference to another record's id (UUID text) */
} fo_field_type;

typedef struct {
	const char *name;
	fo_field_type type;
	bool required;   /* NOT NULL */
	const char *ref; /* FO_FT_ID: "schema.table" it references (same tenant), or NULL */
	const char *help;
	/* FO_FT_TEXT: the only values allowed, NULL-terminated (a CHECK named
	 * TABLE_FIELD_check); NULL: any text */
	const char *const *choices;
} fo_field_def;

/* Initializers for declarations:
 *   FO_FIELD("name", FO_FT_TEXT, true, NULL, "help")
 *   FO_CHOICE("state", true, "help", "open", "closed") */
#define FO_CHOICES(...) ((const char *const[]){__VA_ARGS__, NULL})
#define FO_FIELD(name, type, required, ref, help)                                                  \
	{                                                                                          \
		name, type, required, ref, help, NULL                                              \
	}
#define FO_CHOICE(name, required, help, ...)                                                       \
	{                                                                                          \
		name, FO_FT_TEXT, required, NULL, help, FO_CHOICES(__VA_ARGS__)                    \
	}
#define FO_NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* A named key or index: columns comma-separated, in order ("tenant_id,state"). */
typedef struct {
	const char *name; /* UNIQUE: the constraint's name; index: NULL names it
	                     schema_table_COLUMNS_idx (tenant_id left out) */
	const char *columns;
} fo_table_key;

/* A rule over one row: a named CHECK, an SQL expression both stores accept. */
typedef struct {
	const char *name; /* "missions_finished_check" */
	const char *expr; /* "finished_at IS NULL OR finished_at >= started_at" */
} fo_table_check;

typedef struct {
	const char *schema; /* "missions" */
	const char *name;   /* "templates" */
	const char *summary;
	const fo_field_def *fields;
	size_t nfields;
	/* field that time-range queries use, or NULL; indexed with tenant_id,
	 * as is every reference */
	const char *time_field;
	bool global;  /* not tenant-scoped: tenant_id is the row's own id (core.tenants) */
	bool audited; /* every insert, update and delete lands in the audit trail */
	const fo_table_key *unique; /* beyond id and (tenant_id, id) */
	size_t nunique;
	const fo_table_key *indexes; /* beyond those of time_field and references */
	size_t nindexes;
	const fo_table_check *checks;
	size_t nchecks;
	/* What no declaration says, as SQLite statements run after the table
	 * and its triggers exist (idempotent: CREATE ... IF NOT EXISTS), e.g.
	 * the trigger that keeps allocations of one resource from overlapping
	 * (an exclusion constraint in PostgreSQL).  NULL for none. */
	const char *sqlite_extra;
} fo_table_def;

/* Registers n tables (static const data, borrowed for the plugin's life)
 * from a plugin's init, before the store opens.  Names are lower-case
 * identifiers; a table already declared, an unknown column in a key, index
 * or time_field, or choices on a non-text field are refused.  Returns 0, or
 * -1 with err filled. */
int fo_store_tables_register(fo_core *core, const fo_table_def *tables, size_t n, char *err,
                             size_t errlen);

/* The tenant of the embedded SQLite store when the tenant option is empty. */
#define FO_STORE_LOCAL_TENANT "00000000-0000-4000-8000-000000000001"
#define FO_STORE_IMPLICIT "id,tenant_id,version,created_at,updated_at,updated_by"

typedef enum {
	FO_STORE_OK = 0,
	FO_STORE_ERR,         /* anything else; the message says what */
	FO_STORE_NOTFOUND,    /* no such record (or not visible to this user) */
	FO_STORE_CONFLICT,    /* stale version: somebody changed it first */
	FO_STORE_DENIED,      /* the user's role or tenant may not do this */
	FO_STORE_INVALID,     /* a value breaks a constraint or its type */
	FO_STORE_UNAVAILABLE, /* the server is gone; retry later */
} fo_store_status;

const char *fo_store_status_name(fo_store_status s);

/* The declared tables: the core's, then those of the loaded plugins in
 * load order.  Borrowed; NULL when unknown.  "schema.table". */
const fo_table_def *fo_store_table(const char *qualified);
size_t fo_store_table_count(void);
const fo_table_def *fo_store_table_at(size_t i);

/* A record: one row of one table, fields as text. */
typedef struct fo_record fo_record;

fo_record *fo_record_new(const fo_table_def *t); /* OWNED, all fields NULL */
fo_record *fo_record_dup(const fo_record *r);    /* OWNED */
void fo_record_free(fo_record *r);
const fo_table_def *fo_record_table(const fo_record *r);
/* Sets a declared or implicit field; value NULL sets NULL.  Returns 0, or
 * -1 when the table has no such field. */
int fo_record_set(fo_record *r, const char *field, const char *value);
int fo_record_setf(fo_record *r, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Borrowed; NULL when NULL or unknown. */
const char *fo_record_get(const fo_record *r, const char *field);
const char *fo_record_id(const fo_record *r);
const char *fo_record_tenant(const fo_record *r);
long long fo_record_version(const fo_record *r);

/* A metric sample for batched time series (analytics.samples). */
typedef struct {
	char tenant_id[40];
	char series[48];  /* "battery_pct", "speed_mps", ... */
	char subject[48]; /* vehicle id, fleet id, ... */
	char ts[32];      /* ISO 8601 UTC */
	double value;
} fo_sample;

/* A chunk of a binary time series (analytics.chunks): what one subject's
 * series holds from start_s on, at resolution res_s, as bytes the store
 * keeps as they are (their meaning is the writer's: the analytics plugin's
 * history codec).  A chunk is keyed by tenant, series, resolution, subject
 * and start; writing one again replaces it. */
typedef struct {
	char tenant_id[40]; /* "" the session's tenant */
	char series[48];    /* "history" */
	char subject[64];   /* "v/AGV-00001", "f/fleet-1", ... */
	int32_t res_s;      /* resolution, s (> 0) */
	int64_t start_s;    /* Unix time, s */
	uint8_t *data;      /* put: borrowed (copied); results: OWNED by the result */
	size_t len;         /* at most FO_CHUNK_MAX */
} fo_chunk;

#define FO_CHUNK_MAX (16u << 20)

/* Which chunks get_chunks returns and drop_chunks deletes. */
typedef struct {
	/* NULL: the tenant option's when set (on SQLite always: its own),
	 * else every tenant the user may see */
	const char *tenant_id;
	const char *series;   /* required */
	const char *subject;  /* NULL: every subject */
	int32_t res_s;        /* required (> 0) */
	int64_t from_s, to_s; /* chunks that start in [from_s, to_s) */
} fo_chunk_query;

/* An audit row: one change of one record. */
typedef struct {
	char table[64]; /* "schema.table" */
	char record_id[40];
	char op[8]; /* INSERT, UPDATE, DELETE */
	char actor[64];
	char at[32];   /* ISO 8601 UTC */
	char *old_row; /* JSON or NULL, OWNED by the list */
	char *new_row; /* JSON or NULL, OWNED by the list */
} fo_audit_row;

/* The store front: asynchronous, never blocks the loop.  Each call queues
 * one operation for the store's own thread and returns at once; cb runs
 * later on the loop thread with the result (borrowed for the call only).
 * Operations of one store run in the order they were queued. */

typedef struct fo_store fo_store;

typedef struct {
	fo_store_status status;
	char error[256];     /* "" on success */
	fo_record **records; /* get: one; insert/update: the stored record; list */
	size_t nrecords;
	fo_sample *samples;
	size_t nsamples;
	fo_audit_row *audit;
	size_t naudit;
	char *text;       /* migrate / status report */
	fo_chunk *chunks; /* get_chunks, ordered by subject then start */
	size_t nchunks;
	size_t nchanged; /* drop_chunks: how many went */
} fo_store_result;

typedef void (*fo_store_cb)(fo_core *core, const fo_store_result *res, void *ud);

typedef struct {
	const char *table;     /* "schema.table" */
	const char *tenant_id; /* NULL: every tenant the user may see */
	const char *from, *to; /* range on the table's time_field, [from, to) */
	const char *field;     /* optional equality filter */
	const char *equals;
	size_t limit; /* 0: no limit */
} fo_store_query;

/* The store the core opened at start (--store, FLEETOPS_STORE, default
 * SQLite under $XDG_DATA_HOME/fleetops/); NULL when it could not open. */
fo_store *fo_core_store(fo_core *core);
/* Operations.  Records are copied; the core assigns id (UUID v4) when
 * missing, version, times and actor. */
void fo_store_insert(fo_store *s, const fo_record *r, fo_store_cb cb, void *ud);
void fo_store_get(fo_store *s, const char *table, const char *id, fo_store_cb cb, void *ud);
/* r's version is the version the caller read: a stale one is refused
 * with FO_STORE_CONFLICT and changes nothing. */
void fo_store_update(fo_store *s, const fo_record *r, fo_store_cb cb, void *ud);
void fo_store_delete(fo_store *s, const char *table, const char *id, long long version,
                     fo_store_cb cb, void *ud);
void fo_store_list(fo_store *s, const fo_store_query *q, fo_store_cb cb, void *ud);
/* Appends samples in one transaction (batches of any size). */
void fo_store_append_samples(fo_store *s, const fo_sample *v, size_t n, fo_store_cb cb, void *ud);
void fo_store_query_samples(fo_store *s, const char *tenant_id, const char *series,
                            const char *subject, const char *from, const char *to, fo_store_cb cb,
                            void *ud);
/* Writes n chunks (replacing those of the same key) in one transaction:
 * all or none. */
void fo_store_put_chunks(fo_store *s, const fo_chunk *v, size_t n, fo_store_cb cb, void *ud);
/* The chunks q selects, data included. */
void fo_store_get_chunks(fo_store *s, const fo_chunk_query *q, fo_store_cb cb, void *ud);
/* Deletes the chunks q selects (retention); res->nchanged says how many. */
void fo_store_drop_chunks(fo_store *s, const fo_chunk_query *q, fo_store_cb cb, void *ud);
/* The audit trail of one record (or of a whole table when id is NULL). */
void fo_store_audit(fo_store *s, const char *table, const char *id, fo_store_cb cb, void *ud);
void fo_store_migrate(fo_store *s, fo_store_cb cb, void *ud);
void fo_store_status_report(fo_store *s, fo_store_cb cb, void *ud);
/* Changes made by other processes sharing the store (PostgreSQL
 * LISTEN/NOTIFY); cb runs on the loop thread. */
typedef void (*fo_store_change_cb)(fo_core *core, const char *table, const char *id, const char *op,
                                   void *ud);
int fo_store_on_change(fo_store *s, fo_store_change_cb cb, void *ud);
/* Asks for the lease NAME (see try_lease): FO_STORE_OK when this process
 * holds it, FO_STORE_CONFLICT when another one does.  Ask again now and
 * then: a lost connection loses the lease. */
void fo_store_lease(fo_store *s, const char *name, fo_store_cb cb, void *ud);
/* Waits until every queued operation of s has called back, running the
 * callbacks itself (it does not run the event loop, so it is safe from any
 * callback; it does block the loop meanwhile: for commands and tests). */
void fo_store_drain(fo_store *s);

/* A store backend: blocking calls, made only from the store's thread,
 * one connection per store.  err gets a message the user can read. */
typedef struct {
	const char *scheme; /* URL scheme: "postgresql" */
	const char *alias;  /* another scheme it answers to ("postgres"), or NULL */
	void *(*open)(const char *url, const char *actor, char *err, size_t errlen);
	void (*close)(void *conn);
	/* sql_dir: the migrations for this backend; report: OWNED text */
	fo_store_status (*migrate)(void *conn, const char *sql_dir, char **report, char *err,
	                           size_t errlen);
	fo_store_status (*status)(void *conn, const char *sql_dir, char **report, char *err,
	                          size_t errlen);
	/* r is complete (id, tenant_id, version 1, times, actor set) */
	fo_store_status (*insert)(void *conn, fo_record *r, char *err, size_t errlen);
	fo_store_status (*get)(void *conn, const fo_table_def *t, const char *id, fo_record **out,
	                       char *err, size_t errlen);
	/* r->version is the expected one; on success r holds the stored row */
	fo_store_status (*update)(void *conn, fo_record *r, char *err, size_t errlen);
	fo_store_status (*remove)(void *conn, const fo_table_def *t, const char *id,
	                          long long version, char *err, size_t errlen);
	fo_store_status (*list)(void *conn, const fo_store_query *q, fo_record ***out, size_t *n,
	                        char *err, size_t errlen);
	fo_store_status (*append_samples)(void *conn, const fo_sample *v, size_t n, char *err,
	                                  size_t errlen);
	fo_store_status (*query_samples)(void *conn, const char *tenant_id, const char *series,
	                                 const char *subject, const char *from, const char *to,
	                                 fo_sample **out, size_t *n, char *err, size_t errlen);
	fo_store_status (*audit)(void *conn, const char *table, const char *id, fo_audit_row **out,
	                         size_t *n, char *err, size_t errlen);
	/* Optional: waits up to timeout_ms for another session's change;
	 * returns 1 with table, id, op filled (64, 40, 8 bytes), 0 on time-out,
	 * -1 when the connection is gone.  The core calls it from a listener
	 * thread of its own, on a second connection (a second open()). */
	int (*wait_change)(void *conn, int timeout_ms, char *table, char *id, char *op);
	/* Optional: takes the lease NAME for this connection's lifetime, for
	 * one process among those sharing the store (e.g. the one that
	 * evaluates alert rules); 1 held (again), 0 held by another session,
	 * -1 on error.  Without it every process holds every lease. */
	int (*try_lease)(void *conn, const char *name, char *err, size_t errlen);
	/* Optional, all three or none: chunked series (see fo_chunk); put in
	 * one transaction; get with *out OWNED (each data malloc()ed); drop
	 * sets *n to the rows gone.  Without them those operations fail with
	 * FO_STORE_ERR. */
	fo_store_status (*put_chunks)(void *conn, const fo_chunk *v, size_t n, char *err,
	                              size_t errlen);
	fo_store_status (*get_chunks)(void *conn, const fo_chunk_query *q, fo_chunk **out,
	                              size_t *n, char *err, size_t errlen);
	fo_store_status (*drop_chunks)(void *conn, const fo_chunk_query *q, size_t *n, char *err,
	                               size_t errlen);
} fo_store_backend;

int fo_store_backend_register(fo_core *core, const fo_store_backend *b);

/* Migration files of a directory: NNN_name.sql, applied in NNN order and
 * recorded by number, name and checksum in the store's migrations table. */
typedef struct {
	int version;    /* NNN */
	char name[128]; /* file name without .sql */
	char path[1024];
	char checksum[17]; /* FNV-1a 64 of the contents, hex */
} fo_migration;

/* Lists dir's migrations sorted by version; a bad name or a duplicate
 * number is an error.  *out is OWNED (free()). */
int fo_migrations_scan(const char *dir, fo_migration **out, size_t *n, char *err, size_t errlen);
/* Whole file, NUL-terminated, OWNED; NULL with err filled. */
char *fo_file_read(const char *path, size_t *len, char *err, size_t errlen);
/* New random UUID v4 text into buf (37 bytes). */
void fo_uuid4(char *buf);
/* Wall-clock time as ISO 8601 UTC with milliseconds into buf (32 bytes). */
void fo_iso_time(uint64_t wall_ms, char *buf, size_t len);
/* Reads ISO 8601 as the stores answer it (any zone offset, optional
 * fraction) into wall ms; 0 when unreadable or empty. */
uint64_t fo_iso_parse(const char *iso);
/* Whether t is YYYY-MM-DD[T ]hh:mm:ss[.f][Z|+hh[:mm]|-hh[:mm]] with every
 * field in range (2026-02-30 or +99:99 would otherwise roll over). */
bool fo_iso_valid(const char *t);
/* A span an operator types: "90" or "90s", "30m", "2h", "1d" (up to a
 * year), into ms; -1 when it is not one. */
long long fo_span_parse(const char *text);
/* A moment an operator types: "now", a span from now ("30m", "+2h") or an
 * ISO 8601 time, into wall ms; 0 when it is none of these. */
uint64_t fo_time_arg(const char *text, uint64_t now_ms);

/* ---------------------------------------------------------------- VDA 5050
 *
 * The codec (core/vda5050_*.c): validates inbound messages against the
 * protocol's required fields, types and enums and applies them to the live
 * model; builds the master control's outbound messages.  Transports (the
 * MQTT plugin, the simulator on a broker) only move bytes. */

typedef enum {
	FO_VDA_STATE,
	FO_VDA_CONNECTION,
	FO_VDA_FACTSHEET,
	FO_VDA_VISUALIZATION,
	FO_VDA__TOPICS
} fo_vda_topic;

/* "state" -> FO_VDA_STATE ...; -1 when not an inbound topic. */
int fo_vda_topic_parse(const char *name);
const char *fo_vda_topic_name(fo_vda_topic t);

typedef struct {
	/* Short, countable reason: "json", "missing", "type", "enum", "version",
	 * "too_large", "utf8", "stale_header", "identity" ... */
	char reason[24];
	char detail[160]; /* human text: which field and why */
} fo_vda_verdict;

/* Parses, validates and applies one inbound message of vehicle
 * (manufacturer, serial_number) on topic.  A vehicle seen for the first time
 * is added to the model (fleet per manufacturer).  Returns 0 when applied,
 * -1 when refused (verdict filled; the model is untouched). */
int fo_vda_ingest(fo_core *core, fo_vda_topic topic, const char *manufacturer,
                  const char *serial_number, const char *payload, size_t len,
                  fo_vda_verdict *verdict);

/* Limits of the inbound codec: a longer payload or a longer array is
 * refused with reason "too_large". */
#define FO_VDA_MAX_PAYLOAD (512u * 1024u)
#define FO_VDA_MAX_ARRAY 1000u
#define FO_VDA_MAX_DEPTH 64u

enum {
	/* The broker delivered a retained copy (seen on subscribe): a state is
	 * applied for display but does not mark the vehicle online; a copy of
	 * what was already applied (same headerId, e.g. after a resubscribe)
	 * returns 0 with reason "duplicate" and changes nothing. */
	FO_VDA_F_RETAINED = 1u << 0,
};

/* fo_vda_ingest with flags (FO_VDA_F_*).
 *
 * Refusal reasons: "json" (not JSON, truncated, bad number), "utf8",
 * "too_large" (payload > FO_VDA_MAX_PAYLOAD, an array > FO_VDA_MAX_ARRAY,
 * nesting > FO_VDA_MAX_DEPTH), "not_object", "missing", "type", "enum",
 * "range", "format" (timestamp), "version" (major other than 2, or not
 * MAJOR.MINOR.PATCH), "identity" (payload names another vehicle than the
 * topic, serial too long, serial owned by another manufacturer),
 * "stale_header", "topic".  On success verdict->reason is "" (or
 * "duplicate", see above).
 *
 * Header sequencing, per vehicle and topic: a headerId <= the last accepted
 * is "stale_header", except: the first message of each topic after a
 * connection ONLINE (a new session restarts its counters); a connection
 * CONNECTIONBROKEN (the last will carries the headerId of connect time); a
 * connection ONLINE at headerId 0 or while not ONLINE; and three stale
 * messages in a row with consecutive headerIds (a vehicle that restarted
 * without a connection message), the third of which is applied.
 *
 * 2.0.x and 2.1.x are checked against one table that takes the more
 * lenient rule where the schemas differ (nodePosition.theta optional,
 * actionStatus PAUSED accepted, fractional batteryHealth).  Unknown fields
 * are allowed, as in the schemas. */
int fo_vda_ingest_ex(fo_core *core, fo_vda_topic topic, const char *manufacturer,
                     const char *serial_number, const char *payload, size_t len, unsigned flags,
                     fo_vda_verdict *verdict);
/* A vehicle whose messages are refused for their protocol version is still
 * shown: added (or marked) offline with one FATAL error
 * "unsupportedProtocolVersion" naming what it announced.  For transports,
 * after a refusal with reason "version". */
void fo_vda_note_unsupported(fo_core *core, const char *manufacturer, const char *serial_number,
                             const char *announced);

/* Per-vehicle VDA 5050 detail the fo_vehicle cannot hold, kept by the core
 * beside the model (same index).  Lists are stored compactly: at most
 * FO_VDA_KEEP entries each (the *_more flag says some were left out; the
 * vehicle's nodes_left has the full node count), strings at most
 * FO_VDA_STR_MAX bytes. */
#define FO_VDA_KEEP 16
#define FO_VDA_STR_MAX 63

typedef enum {
	FO_VDA_CONN_UNKNOWN, /* no connection message yet */
	FO_VDA_CONN_ONLINE,
	FO_VDA_CONN_OFFLINE,
	FO_VDA_CONN_BROKEN, /* CONNECTIONBROKEN: the broker's last will */
} fo_vda_conn;

typedef enum {
	FO_VDA_ACT_WAITING,
	FO_VDA_ACT_INITIALIZING,
	FO_VDA_ACT_RUNNING,
	FO_VDA_ACT_PAUSED, /* in the 2.1 text, missing from the 2.1.0 schema */
	FO_VDA_ACT_FINISHED,
	FO_VDA_ACT_FAILED,
} fo_vda_action_status;

typedef struct {
	const char *id; /* nodeId or edgeId */
	uint32_t seq;   /* sequenceId */
	bool released;  /* base (true) or horizon */
} fo_vda_step_state;

typedef struct {
	const char *id;   /* actionId */
	const char *type; /* actionType, "" when not sent */
	fo_vda_action_status status;
} fo_vda_action_state;

typedef struct {
	const char *id;   /* loadId, "" when not sent */
	const char *type; /* loadType, "" when not sent */
	double weight_kg; /* -1 when not sent */
} fo_vda_load;

/* Summary of the factsheet topic; by pointer only (see FO_PLUGIN_ABI). */
typedef struct {
	char series[32];    /* typeSpecification.seriesName */
	char kinematic[12]; /* DIFF, OMNI, THREEWHEEL */
	char agv_class[12]; /* FORKLIFT, CONVEYOR, TUGGER, CARRIER */
	double max_load_kg;
	double speed_max;     /* m/s */
	double width, length; /* m */
	uint16_t nactions;    /* protocolFeatures.agvActions */
} fo_vda_factsheet;

/* By pointer only (see FO_PLUGIN_ABI): the codec keeps its header
 * sequencing and the storage behind the lists beside it. */
typedef struct {
	char version[12]; /* protocol version of the last message */
	fo_vda_conn conn;
	uint64_t conn_since_ms; /* wall clock of the last change of conn */
	bool retained_only;     /* last state came from a retained copy */
	bool state_seen;        /* a state message (live or retained) was
	                         * applied since the codec first saw the
	                         * vehicle: the fields from it are known */
	char map_id[32];        /* agvPosition.mapId */
	bool position_initialized;
	float localization_score;       /* -1 when not sent */
	const fo_vda_step_state *nodes; /* nodeStates */
	const fo_vda_step_state *edges; /* edgeStates */
	const fo_vda_action_state *actions;
	const fo_vda_load *loads;
	uint8_t nnodes, nedges, nactions, nloads;
	bool nodes_more, edges_more, actions_more, loads_more;
	bool loads_known;                  /* the vehicle sends loads at all */
	const fo_vda_factsheet *factsheet; /* NULL until one arrived */
	uint64_t last_msg_ms;              /* wall clock of the last accepted message */
} fo_vda_vehicle;

/* BORROWED, valid until the next fo_vda_ingest; NULL when the codec never
 * saw the vehicle with model index idx. */
const fo_vda_vehicle *fo_vda_vehicle_get(fo_core *core, size_t idx);
const char *fo_vda_conn_name(fo_vda_conn c);
const char *fo_vda_action_status_name(fo_vda_action_status s);

/* ---- outbound (master control -> vehicle) */

typedef enum { FO_VDA_OUT_ORDER, FO_VDA_OUT_INSTANT_ACTIONS } fo_vda_out_topic;

/* The header of an outbound message. */
typedef struct {
	const char *manufacturer;
	const char *serial_number;
	uint32_t header_id; /* see fo_vda_next_header_id */
	uint64_t wall_ms;   /* timestamp; 0: now */
} fo_vda_header;

/* Per-vehicle, per-topic headerId sequence of what the console publishes:
 * returns the next one (0, 1, 2...) and advances it.  Returns 0 and does
 * nothing else for an index the codec does not know. */
uint32_t fo_vda_next_header_id(fo_core *core, size_t idx, fo_vda_out_topic topic);

typedef struct {
	const char *order_id;
	uint32_t order_update_id;
	const char *const *node_ids; /* >= 1 ids of the model's map nodes, in order */
	size_t nnodes;
	size_t released;            /* how many leading nodes are in the base
	                             * (1..nnodes); the rest is the horizon */
	uint32_t first_sequence_id; /* 0 for a new order; for an update, the
	                             * sequenceId of the node it continues from */
	const char *map_id;         /* nodePosition.mapId; NULL: "default" */
	const char *zone_set_id;    /* NULL: left out */
	/* Optional actions per node: node_actions[i] has node_nactions[i]
	 * actions for node_ids[i] (both NULL: no node has actions). */
	const struct fo_vda_action *const *node_actions;
	const size_t *node_nactions;
	/* Optional, the same for edges: edge i runs from node_ids[i] to
	 * node_ids[i + 1] (nnodes - 1 entries); edge_max_speed[i] in m/s, 0
	 * leaves maxSpeed out (NULL: no edge has one). */
	const struct fo_vda_action *const *edge_actions;
	const size_t *edge_nactions;
	const double *edge_max_speed;
} fo_vda_order_req;

/* An order: nodes with positions from the map, an edge between each pair
 * of consecutive nodes (the map's edge id when one joins them, else
 * "FROM-TO"), sequenceIds counting up from first_sequence_id, version
 * "2.1.0".  OWNED compact JSON (free()); NULL with err filled (unknown node,
 * bad released count, ...). */
char *fo_vda_order_json(fo_core *core, const fo_vda_header *h, const fo_vda_order_req *req,
                        char *err, size_t errlen);

typedef struct {
	const char *key;
	const char *value; /* a string, or JSON text when raw */
	bool raw;          /* value is a JSON number, boolean, array or object */
} fo_vda_param;

typedef struct fo_vda_action {
	const char *type;        /* actionType: cancelOrder, startPause, stopPause... */
	const char *id;          /* actionId; NULL: a new UUID */
	const char *blocking;    /* "NONE", "SOFT", "HARD"; NULL: "HARD" */
	const char *description; /* NULL: left out */
	const fo_vda_param *params;
	size_t nparams;
} fo_vda_action;

/* instantActions with n >= 1 actions, version "2.1.0".  OWNED compact
 * JSON (free()); NULL with err filled. */
char *fo_vda_instant_actions_json(const fo_vda_header *h, const fo_vda_action *actions, size_t n,
                                  char *err, size_t errlen);

/* ---------------------------------------------------------------- site
 * The site's layout in use (issue 12): the active LIF layout revision,
 * which the console and `serve` load into the live model when no simulator
 * made a map of its own (core/map/site.h).  Routes follow its directed
 * edges for the vehicle's type, fastest first: travel time = length / min(
 * the edge's maxSpeed for the type, the vehicle's top speed). */

/* Whether a site layout is loaded. */
bool fo_site_loaded(fo_core *core);
/* Loads the active layout now when no site is (a command from the shell:
 * the console and `serve` load it at start), waiting for the store; for
 * commands, never from a timer.  Returns fo_site_loaded(). */
bool fo_site_ensure(fo_core *core);

typedef struct {
	char **nodes; /* node ids, from first, to last (OWNED) */
	size_t nnodes;
	double time_s, length_m;
} fo_site_path;

/* The fastest route over the site for the vehicle with model index idx
 * from node `from` to node or station `to` (a station is reached at its
 * best interaction node).  The vehicle's type is its factsheet's seriesName
 * when the layout names it, else the map.vehicle_type option, else the
 * layout's only type; its top speed the factsheet's maxSpeed, else
 * map.top_speed.  Returns 0 and *out (free with fo_site_path_free), or -1
 * with err saying why (no site, unknown node or station, unknown type, no
 * route). */
int fo_site_route(fo_core *core, size_t idx, const char *from, const char *to, fo_site_path *out,
                  char *err, size_t errlen);
void fo_site_path_free(fo_site_path *p);

/* Loads the LIF file at path as the site of this process (a simulator
 * driving a layout file: sim.layout): its layouts, nodes, edges and zones go
 * into the model, which must hold no map yet, and routes and traffic
 * control follow it.  Returns 0, or -1 with err (the file unreadable, not
 * LIF — the first error's JSON path and reason —, an id too long, a model
 * that has a map already). */
int fo_site_load_file(fo_core *core, const char *path, char *err, size_t errlen);
/* Makes the generated depot d, already built into the model by
 * fo_depot_build, the site: routes and traffic control follow its lattice
 * as `map depot` exports it.  Returns 0, or -1 with err. */
int fo_site_use_depot(fo_core *core, const fo_depot *d, char *err, size_t errlen);
/* The site's speed limit in m/s for vehicle idx (its type, as
 * fo_site_route) on the edge from node `from` to node `to`: 0 when the edge
 * has none, -1 when there is no such edge the vehicle may drive (no site,
 * an unknown node, no edge in that direction, none for its type). */
double fo_site_edge_speed(fo_core *core, size_t idx, const char *from, const char *to);
/* The LIF mapId of a site node (borrowed), NULL when it is not one. */
const char *fo_site_map_id(fo_core *core, const char *node_id);

/* ---------------------------------------------------------------- traffic
 * Traffic control over the site (core/map/traffic.h): what an order
 * releases to a vehicle (its base) is reserved first — the nodes, and the
 * lanes between them in both directions — and no two vehicles ever hold
 * the same node or lane, nor nodes closer than map.vehicle_length.  Every
 * vehicle holds the node it stands on, whoever controls it.  A claim that
 * stops short makes the vehicle wait for the holder; a cycle of waits is a
 * deadlock, resolved by fo_site_resolve.  On while a site is loaded and
 * map.traffic is on. */
bool fo_site_traffic(fo_core *core);

typedef struct {
	size_t granted;          /* leading nodes of the plan the vehicle holds now, >= 1 */
	char blocker[FO_ID_LEN]; /* the vehicle it waits for; "" when none */
	char node[FO_ID_LEN];    /* the first node it did not get; "" when none */
	bool deadlock;           /* its wait closes a cycle */
} fo_site_grant;

/* Claims the plan nodes[0..n) for vehicle idx: nodes[0] is the last node it
 * holds (where it stands, or the last node of the base it was given).
 * Grants the longest free prefix of at most budget more nodes (0: no
 * limit).  Returns 0 and *out, or -1 with err (no traffic control, a node
 * not on the site, nodes[0] not the end of what the vehicle holds). */
int fo_site_claim(fo_core *core, size_t idx, const char *const *nodes, size_t n, size_t budget,
                  fo_site_grant *out, char *err, size_t errlen);
/* The vehicle's order ended or was cancelled: it keeps only the node it
 * stands on. */
void fo_site_release(fo_core *core, size_t idx);
/* A way out of a wait for vehicle idx towards node or station `to`: a
 * route around every node and lane other vehicles hold, else a back-off to
 * the nearest node nobody holds or wants and on to `to` from there
 * (*backed_off).  The path starts at the last node the vehicle holds; claim
 * it.  Returns 0, or -1 with err (no way out: wait). */
int fo_site_resolve(fo_core *core, size_t idx, const char *to, fo_site_path *out, bool *backed_off,
                    char *err, size_t errlen);

/* ---------------------------------------------------------------- dispatch
 * A transport that can reach vehicles (the MQTT plugin; a simulator)
 * registers a sink; domain plugins send orders and instant actions to a
 * vehicle through the core without knowing which transport serves it. */

typedef struct {
	const char *name; /* "mqtt" */
	/* Whether this sink serves the vehicle with model index idx. */
	bool (*serves)(fo_core *core, size_t idx, void *ud);
	/* Publish now or refuse (never queue): FO_OK, or FO_ERR with err. */
	fo_status (*order)(fo_core *core, size_t idx, const fo_vda_order_req *req, char *err,
	                   size_t errlen, void *ud);
	fo_status (*actions)(fo_core *core, size_t idx, const fo_vda_action *actions, size_t n,
	                     char *err, size_t errlen, void *ud);
	void *ud;
} fo_dispatch_sink;

int fo_dispatch_register(fo_core *core, const fo_dispatch_sink *sink);
/* Whether some sink serves the vehicle. */
bool fo_dispatch_reachable(fo_core *core, size_t idx);
fo_status fo_dispatch_order(fo_core *core, size_t idx, const fo_vda_order_req *req, char *err,
                            size_t errlen);
fo_status fo_dispatch_actions(fo_core *core, size_t idx, const fo_vda_action *actions, size_t n,
                              char *err, size_t errlen);

/* ---------------------------------------------------------------- vehicle events
 *
 * The core's model publishes these for every vehicle, whatever its source
 * (the in-process simulator, VDA 5050 over MQTT, simagv): it compares each
 * vehicle, whenever it is changed (fo_model_touch, which every source calls
 * after a change), with what it last published for it.  Sources never
 * publish them themselves.  Every payload is borrowed for the call and
 * starts with the vehicle id and model index, so a subscriber of
 * "vehicle.*" topics it does not know can read those (fo_vehicle_event);
 * a plugin that publishes a "vehicle.*" topic of its own must do the same.
 *
 * Baseline: the first time the model sees a vehicle, what it shows is not
 * news: no event for its connection, errors, e-stop, mode, battery band or
 * an order that already ended.  For a VDA 5050 vehicle the baseline of its
 * state (all but the connection) is its first state message, retained or
 * live; until then only connection events are published.
 *
 * Events of one change come in this order: connection, errors cleared,
 * errors raised, e-stop, mode, battery, order.  A subscriber may change or
 * add vehicles: the events of that nested change come at once, before the
 * rest of the outer change's. */

#define FO_TOPIC_VEHICLE_CONNECTION "vehicle.connection"     /* fo_vev_connection */
#define FO_TOPIC_VEHICLE_ERROR "vehicle.error"               /* fo_vev_error */
#define FO_TOPIC_VEHICLE_ESTOP "vehicle.estop"               /* fo_vev_estop */
#define FO_TOPIC_VEHICLE_MODE "vehicle.mode"                 /* fo_vev_mode */
#define FO_TOPIC_VEHICLE_BATTERY "vehicle.battery"           /* fo_vev_battery */
#define FO_TOPIC_VEHICLE_ORDER_DONE "vehicle.order_done"     /* fo_vev_order */
#define FO_TOPIC_VEHICLE_ORDER_FAILED "vehicle.order_failed" /* fo_vev_order */

/* The head every vehicle event payload starts with. */
typedef struct {
	const char *vehicle;  /* vehicle id (serialNumber) */
	uint32_t vehicle_idx; /* index in the model */
} fo_vehicle_event;

/* "vehicle.connection": the vehicle went online or offline, or its
 * broker's last will said the connection broke.  Published when state
 * changes; online is true exactly when state is FO_VDA_CONN_ONLINE.  A
 * vehicle of a source without connection messages (the simulator) is
 * ONLINE or OFFLINE as its fo_vehicle.online says. */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	bool online;
	fo_vda_conn state;    /* ONLINE, OFFLINE or BROKEN (CONNECTIONBROKEN) */
	fo_vda_conn previous; /* the state before */
} fo_vev_connection;

/* "vehicle.error": an error appeared in (raised) or left (cleared) the
 * vehicle's error list.  An error is identified by its type, description
 * and level: one whose description or level changes is cleared and the new
 * one raised.  Only the first FO_MAX_VERRORS errors of a vehicle are held
 * (fo_vehicle.errors), and so reported. */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	const fo_verror *error; /* the error raised or cleared */
	bool raised;            /* true: raised, false: cleared */
} fo_vev_error;

/* "vehicle.estop": the e-stop or the protective field changed.  active
 * tells set (either is on) from released (both off). */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	fo_estop estop;       /* new state; FO_ESTOP_NONE when released */
	bool field_violation; /* new state */
	bool active;          /* estop != FO_ESTOP_NONE || field_violation */
} fo_vev_estop;

/* "vehicle.mode": operatingMode changed. */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	fo_opmode mode;
	fo_opmode previous;
} fo_vev_mode;

/* "vehicle.battery": the charge crossed one of the thresholds of option
 * events.battery_thresholds (percent, default "20,10,5").  Down (below
 * true) when it falls under the threshold; up (below false) only when it
 * is back at threshold + FO_VEV_BATTERY_HYSTERESIS or more, so a noisy
 * reading near a threshold does not flap.  A charge that jumps over
 * several thresholds gives one event for each, in the order crossed. */
#define FO_VEV_BATTERY_HYSTERESIS 2.0 /* percentage points */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	double threshold; /* percent */
	double battery;   /* percent, now */
	bool below;       /* true: crossed down, false: back up */
} fo_vev_battery;

/* "vehicle.order_done" and "vehicle.order_failed": the outcome of an
 * order, published at most once per (orderId, orderUpdateId); an order
 * update (same orderId, new orderUpdateId) opens a new outcome.
 *
 * Done: orderId set, no nodes left (fo_vehicle.nodes_left 0), not driving,
 * not acting, no FATAL error, and not cancelled.
 *
 * Failed, with reason:
 *   "error"     a FATAL error while the order has no outcome yet (VDA 5050:
 *               the vehicle cannot go on without a person); detail is its
 *               errorType.  An e-stop or a field violation alone does not
 *               fail an order: the vehicle resumes it when released.
 *   "cancelled" it ended (as for done) after a cancelOrder: one sent
 *               through fo_dispatch_actions, or a cancelOrder the vehicle
 *               reports among its actionStates (VDA 5050).
 *   "replaced"  the vehicle reported another orderId, or none ("cleared"),
 *               before this order had an outcome. */
typedef struct {
	const char *vehicle;
	uint32_t vehicle_idx;
	const char *order_id;
	uint32_t order_update; /* orderUpdateId */
	const char *load;      /* load id on the vehicle when it ended; "" */
	const char *reason;    /* failed: see above; done: "" */
	const char *detail;    /* failed "error": the errorType; else "" */
} fo_vev_order;

/* ---------------------------------------------------------------- status line
 * The front end's status line is made of registered segments only, drawn in
 * order with two spaces between them.  The core registers its own first
 * through this same call (vehicles by state, alarms, firing alerts, store
 * health, feeds: core/status_seg.c), then each plugin adds its short
 * segments ("safety 2 open").  fn writes the text into buf (at most len
 * bytes with the NUL; empty: nothing shown) and returns its style; it runs
 * a few times a second, so keep it cheap (cache what scans the model).
 * Segments of a plugin whose init fails are removed. */
typedef fo_style (*fo_status_segment_fn)(fo_core *core, char *buf, size_t len, void *ud);
int fo_status_segment_register(fo_core *core, const char *name, fo_status_segment_fn fn, void *ud);
/* Fills buf with segment i's text and returns its style; false past the
 * last segment. */
bool fo_status_segment(fo_core *core, size_t i, char *buf, size_t len, fo_style *style);

/* ---------------------------------------------------------------- Lua functions
 *
 * A plugin adds functions to the `fleetops` table every script sees, from
 * a static const fo_lua_fn_spec registered in init, without Lua's headers:
 *
 *   arguments  declared like a command's (fo_arg_spec: name, type,
 *              required, choices, help) and read with the same fo_args_*
 *              accessors.  A script passes them in order, fleetops.f(a, b),
 *              or by name in one table, fleetops.f{a = 1, b = "x"}; numbers
 *              and booleans are taken as their text, then checked against
 *              the declared type.  A bad or missing argument raises a Lua
 *              error naming the function and the argument.
 *   results    written through the fo_lua_ret builder: scalars, JSON text
 *              (an object becomes a table), and tables built with
 *              fo_lua_ret_table / fo_lua_ret_key / fo_lua_ret_end.  Each
 *              value written at the top level is one result.
 *   errors     the function returns FO_OK, or FO_ERR after
 *              fo_lua_ret_error: the script then gets nil and the message
 *              (the Lua convention: local m, err = fleetops.f(...)).
 *
 * The function runs on the loop thread, called from the script: its time
 * counts against the script's limit, but C is never interrupted, so it
 * must return promptly (no waiting on the network).  FO_ARG_REST is not
 * taken.  Names are plain identifiers, not taken by the core's API or
 * another plugin; `fleetops help lua` and the manual page list every
 * registered function, scripts/API.md documents them (a unit test checks
 * it does).  Functions of a plugin whose init fails are removed. */

typedef struct fo_lua_ret fo_lua_ret;

typedef struct {
	const char *name; /* fleetops.NAME */
	const fo_arg_spec *args;
	size_t nargs;
	const char *returns; /* what a script gets back, for the help */
	const char *help;    /* one line */
	fo_status (*fn)(fo_core *core, const fo_args *args, fo_lua_ret *ret, void *ud);
} fo_lua_fn_spec;

/* spec is borrowed for the life of the plugin (static const); ud is the
 * plugin's own pointer, passed to fn.  Returns 0, or -1 (logged) when the
 * name is taken or not an identifier. */
int fo_lua_fn_register(fo_core *core, const fo_lua_fn_spec *spec, void *ud);

void fo_lua_ret_nil(fo_lua_ret *r);
void fo_lua_ret_bool(fo_lua_ret *r, bool v);
void fo_lua_ret_int(fo_lua_ret *r, long long v);
void fo_lua_ret_num(fo_lua_ret *r, double v);
void fo_lua_ret_str(fo_lua_ret *r, const char *s); /* copied; NULL is nil */
/* A JSON text as a Lua value (objects and arrays become tables); nil when
 * it does not parse. */
void fo_lua_ret_json(fo_lua_ret *r, const char *json);
/* Opens a table: values written until fo_lua_ret_end go into it, under
 * the key named just before each (fo_lua_ret_key), else as the next array
 * element.  Tables nest. */
void fo_lua_ret_table(fo_lua_ret *r);
void fo_lua_ret_key(fo_lua_ret *r, const char *key);
void fo_lua_ret_end(fo_lua_ret *r);
/* The message a script gets with nil when fn returns FO_ERR. */
void fo_lua_ret_error(fo_lua_ret *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---------------------------------------------------------------- alerts
 *
 * The core's alert engine (core/alert_*.c; semantics of Prometheus rules
 * and Alertmanager, see README "Alerts").  A rule's expression reports, per
 * evaluation (every alerts.eval_interval_ms), each label set that is true
 * now with its value: one rule gives one alert per label set (per vehicle).
 * Notifications are published on the bus as "alert.notify", every state
 * change as "alert.state"; both payloads are a compact JSON object as
 * const char * (borrowed for the call), published by fo_bus_publish_json. */

typedef struct fo_alert_eval fo_alert_eval;
typedef void (*fo_alert_expr_fn)(fo_core *core, fo_alert_eval *ev, void *ud);

typedef struct {
	const char *name; /* the alertname label, unique */
	fo_alert_expr_fn expr;
	void *ud;
	uint64_t for_ms;             /* true this long before it fires */
	uint64_t keep_firing_for_ms; /* still firing this long after it cleared */
	const char *severity;        /* severity label: critical, warning, info */
	const char *labels;          /* more labels, "team=ops,site=north", or NULL */
	/* annotation templates: {{ $labels.NAME }}, {{ $value }},
	 * {{ $value | printf "%.1f" }} */
	const char *summary;
	const char *description;
} fo_alert_rule_spec;

/* Strings are copied.  Returns 0, or -1 with err filled. */
int fo_alert_rule_add(fo_core *core, const fo_alert_rule_spec *spec, char *err, size_t errlen);
/* Its alerts resolve at the next evaluation.  Returns -1 when unknown. */
int fo_alert_rule_remove(fo_core *core, const char *name);
/* From inside an expression: labels are name, value pairs (npairs pairs,
 * 2 * npairs strings, copied when new). */
void fo_alert_emit(fo_alert_eval *ev, const char *const *labels, size_t npairs, double value);
/* The evaluation's clock (wall ms): use it rather than reading one. */
uint64_t fo_alert_eval_now(const fo_alert_eval *ev);

/* By hand: fires at once, stays until fo_alert_resolve.  labels must name
 * alertname; annotations (pairs) may be NULL.  id (37 bytes) gets the
 * alert's id.  Returns 0, or -1 with err filled. */
int fo_alert_raise(fo_core *core, const char *const *labels, size_t nlabels,
                   const char *const *annotations, size_t nannotations, const char *severity,
                   char *id, size_t idlen, char *err, size_t errlen);
/* id: an alert id or unique prefix. */
int fo_alert_resolve(fo_core *core, const char *id, char *err, size_t errlen);
int fo_alert_ack(fo_core *core, const char *id, const char *who, const char *note, char *err,
                 size_t errlen);
/* matchers: name="v",name!=v,name=~re,name!~re.  id gets the silence's id. */
int fo_alert_silence(fo_core *core, const char *matchers, uint64_t duration_ms, const char *author,
                     const char *comment, char *id, size_t idlen, char *err, size_t errlen);

/* ---------------------------------------------------------------- plugins */

typedef struct {
	uint32_t abi; /* FO_PLUGIN_ABI */
	const char *name;
	const char *version;
	const char *summary;
	/* Registers commands, views, panes, timers.  Return FO_OK, or FO_ERR
	 * with err filled: the plugin is then refused and unloaded. */
	fo_status (*init)(fo_core *core, void **state, char *err, size_t errlen);
	void (*fini)(fo_core *core, void *state);
} fo_plugin_desc;

typedef const fo_plugin_desc *(*fo_plugin_entry_fn)(void);

#pragma GCC visibility pop

#endif
