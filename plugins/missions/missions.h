/* missions.h — the missions plugin: templates, missions and their
 * execution as VDA 5050 orders, dependencies, logs, metrics and safety
 * events.  The store holds every fact; this process keeps the live
 * missions in memory and reconciles with the store's change feed. */
#ifndef MISSIONS_H
#define MISSIONS_H
#include "fleetops_plugin.h"
#include "mission_dag.h"
#include "mission_sm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The plugin's options (missions_options.c), registered first thing in init. */
extern const fo_opt_def missions_options[];
extern const size_t missions_noptions;

#define MI_ID 40 /* a UUID and its NUL */
#define MI_NAME 64
#define MI_MAX_STEPS 64
#define MI_MAX_ACTIONS 8      /* per step */
#define MI_MAX_PARAMS 8       /* per action */
#define MI_MAX_EDGE_ACTIONS 4 /* per edge */

/* ---- templates (mission_template.c) */

typedef struct {
	char key[48];
	char value[128]; /* text, or JSON when raw */
	bool raw;
} mi_param;

typedef struct {
	char type[48];
	char blocking[8]; /* NONE, SOFT, HARD */
	mi_param params[MI_MAX_PARAMS];
	size_t nparams;
} mi_action;

typedef struct {
	char node[FO_ID_LEN + 16]; /* a map node id or $parameter */
	mi_action actions[MI_MAX_ACTIONS];
	size_t nactions;
	/* the edge into this node, from the previous step's node (or, for the
	 * first step, from where the vehicle stands) */
	mi_action edge_actions[MI_MAX_EDGE_ACTIONS];
	size_t nedge_actions;
	double edge_max_speed; /* m/s; 0: not given */
	/* "needs": a resource this step needs (a dock at the drop, an operator,
	 * a tool), asked of the resources plugin's pool when the mission is
	 * dispatched; "" none */
	char needs_pool[MI_NAME];
	double needs_for_s; /* how long; 0: the mission's expected duration */
} mi_step;

typedef struct {
	char id[MI_ID]; /* record id of this version */
	long long record_version;
	char name[MI_NAME];
	int version; /* template_version: 1, 2, ... */
	int priority;
	double expected_s;  /* 0: not given */
	char agv_class[16]; /* capabilities: "" any */
	double min_load_kg; /* capabilities: 0 any */
	double deadline_s;  /* deadline policy: 0 none */
	double grace_s;
	bool fail_when_late; /* on_miss: fail (else warn) */
	mi_step *steps;      /* OWNED, nsteps of them (a step is ~18 KB) */
	size_t nsteps;
} mi_template;

/* Parses and checks template JSON.  0, or -1 with err naming the field and
 * the reason ("steps[2].actions[0].blocking: must be NONE, SOFT or HARD").
 * On success t owns its steps (mi_template_free); on failure it owns
 * nothing. */
int mi_template_parse(const char *json, mi_template *t, char *err, size_t errlen);
void mi_template_free(mi_template *t);
/* The template as JSON, the form `template import` reads.  OWNED. */
char *mi_template_json(const mi_template *t);
/* Record column values of t: steps, capabilities, deadline_policy.  OWNED. */
char *mi_template_steps_json(const mi_template *t);
char *mi_template_caps_json(const mi_template *t);
char *mi_template_deadline_json(const mi_template *t);
/* Rebuilds a template from a stored record.  0 or -1 with err. */
int mi_template_from_record(const fo_record *r, mi_template *t, char *err, size_t errlen);

/* ---- missions */

/* A node of a mission's plan.  A routed plan has many pass-through nodes
 * without actions, so the actions are allocated only when there are some
 * (mission_plan.c owns them: mi_plan_add_actions, mi_plan_free). */
typedef struct {
	char node[FO_ID_LEN + 16];
	mi_action *actions; /* OWNED, nactions of them; NULL when none */
	size_t nactions;
	mi_action *edge_actions; /* OWNED: the edge into node; NULL when none */
	size_t nedge_actions;
	double edge_max_speed; /* m/s; 0: not given */
	bool step;             /* a template step's node (else a node passed on the way) */
} mi_plan_node;

/* A transition not yet stored: written once the mission's record update it
 * belongs to succeeded, so two consoles never both record one change. */
typedef struct {
	ms_state from, to;
	char actor[80];
	char reason[160];
	uint64_t at;
} mi_trans;

typedef struct mi_mission {
	char id[MI_ID];
	long long version;    /* of the stored record */
	bool stored;          /* the insert came back */
	bool inflight, dirty; /* a write is out; another is due after it */
	char template_id[MI_ID];
	char template_name[MI_NAME];
	int template_version;
	ms_state state;
	char vehicle[FO_ID_LEN]; /* chosen or assigned; "" any eligible */
	bool any_vehicle;        /* chosen by the console */
	int priority;
	char params_json[512]; /* {"name":"value",...} */
	char order_id[MI_ID + 24];
	uint32_t order_update;
	char reason[160];
	uint64_t created_ms, started_ms, finished_ms, deadline_ms; /* wall clock, 0 none */
	uint64_t state_since_ms;
	/* the plan: resolved when dispatched */
	mi_plan_node *plan; /* OWNED (mission_plan.c), nplan of capplan */
	size_t nplan, capplan, released;
	size_t released_prev; /* index of the stitching node of an update */
	uint32_t reached;     /* nodes passed, from the vehicle's state */
	/* distance: VDA 5050 has no odometer and this process's one starts at
	 * zero, so what was driven before this process followed the mission is
	 * kept (distance_base) and the rest counted from odo_start */
	double distance_base, odo_start;
	bool odo_set;
	double battery_start;
	double distance_m, energy_kwh, waiting_s;
	bool late_logged;
	uint64_t offline_since_ms;
	int attempts; /* dispatches (reassignments + 1) */
	/* traffic control (mission_traffic.c) */
	long tc_idx;            /* model index of the vehicle holding its reservation, -1 */
	char tc_wait[120];      /* what it waits for, "" when nothing */
	uint64_t tc_resolve_ms; /* last attempt to resolve a deadlock */
	mi_trans pending[8];
	size_t npending;
	bool publish_due; /* publish the order once the record is stored */
	bool update_due;  /* publish an order update likewise */
	bool on_time;
	bool sent_here;          /* this process published its current order */
	size_t npending_written; /* transitions the write in flight carries */
	char tail[6][120];       /* the log's last lines, for the detail */
	size_t ntail;
} mi_mission;

typedef struct {
	char id[MI_ID];
	char mission[MI_ID];
	char depends_on[MI_ID];
	/* a prerequisite not in memory (older than the history window) is
	 * asked of the store by id */
	enum { MI_LOOKUP_NONE, MI_LOOKUP_ASKED, MI_LOOKUP_MISSING } lookup;
} mi_dep;

/* ---- safety events (mission_safety.c) */

typedef struct {
	char id[MI_ID];
	long long version;
	char vehicle[FO_ID_LEN];
	char mission[MI_ID];
	char kind[20];     /* estop, field_violation, fatal_error, manual */
	char severity[12]; /* low, medium, high, critical */
	char state[16];    /* open, acknowledged, resolved */
	uint64_t raised_ms;
	char acked_by[48];
	uint64_t acked_ms, resolved_ms;
	char resolution[160];
	char details[160];
	bool inflight, dirty;
} mi_safety;

/* ---- the tables missions owns (mission_tables.c), registered from init */
extern const fo_table_def mi_tables[];
extern const size_t mi_ntables;

/* ---- views of the live model (mission_vehicle_views.c) */
typedef struct mi_vv_state mi_vv_state;
mi_vv_state *mi_vv_new(void);
void mi_vv_free(mi_vv_state *s);
/* Fills out[0] (missions.orders) and out[1] (missions.conditions). */
/* The two views above, registered with the mi_vv_state as ud. */
#define MI_VV_NVIEWS 2
extern const fo_view_spec mi_vv_views[MI_VV_NVIEWS];

/* ---- the plugin's state */

typedef struct missions_state {
	fo_core *core;
	bool loading, loaded;    /* the first load was asked for / came back */
	bool load_failed;        /* a list of the load under way failed: again */
	bool watching;           /* the change feed is subscribed */
	char load_err[256];      /* why the last load failed; "" when none */
	unsigned write_failures; /* writes the store refused, ever */
	char write_err[256];     /* the last one's reason */
	unsigned failures_mark;  /* write_failures when a command began */
	bool tracking;           /* this process dispatches and follows */
	mi_template *templates;  /* every version */
	size_t ntemplates, captemplates;
	mi_mission **missions;
	size_t nmissions, capmissions;
	mi_dep *deps;
	size_t ndeps, capdeps;
	mi_safety **safety;
	size_t nsafety, capsafety;
	/* per vehicle, last seen safety condition, to raise once per change */
	uint8_t *veh_cond; /* by model index: bits of cond_bits */
	size_t nveh_cond;
	uint8_t *held; /* by model index: a mission holds it (mark_held) */
	size_t nheld;
	uint64_t *state_req_ms; /* by model index: last stateRequest sent */
	size_t nstate_req;
	bool waiting; /* `mission wait` runs the loop */
	uint64_t gen; /* bumps on every change the views show */
	fo_timer *tick;
	mi_vv_state *vv;
	/* row indices of the record views, rebuilt when gen moves */
	uint64_t ix_gen;
	bool ix_valid;
	struct mi_index {
		void **rows;
		size_t n, cap;
	} ix[7];
} missions_state;

/* mission_store.c */
/* Asks the store for templates, live and recent missions, dependencies and
 * safety events once (and subscribes to changes); wait: until they came
 * back (commands outside the console). */
void mi_load(missions_state *s, bool wait);
void mi_store_mission(missions_state *s, mi_mission *m);
void mi_store_insert_mission(missions_state *s, mi_mission *m);
void mi_store_transition(missions_state *s, const mi_mission *m, const mi_trans *t);
/* text, or the mission's parameter it names ("$drop"): NULL when the
 * mission has no such parameter (mission_exec.c). */
const char *mi_resolve(const mi_mission *m, const char *text, char *buf, size_t len);
/* mission_needs.c: asks for the resources the template's steps need (a
 * mission's first dispatch). */
void mi_needs_request(missions_state *s, mi_mission *m, const mi_template *t);
void mi_store_log(missions_state *s, const char *mission_id, const char *level, const char *fmt,
                  ...) __attribute__((format(printf, 4, 5)));
void mi_store_metrics(missions_state *s, const mi_mission *m, bool on_time);
void mi_store_dep(missions_state *s, const mi_dep *d);
void mi_store_template(missions_state *s, mi_template *t);
void mi_store_safety(missions_state *s, mi_safety *e, bool insert);
void mi_store_watch(missions_state *s);
/* Asks the store for dependency d's prerequisite, which memory lacks; it
 * joins the missions when found, else d->lookup becomes MI_LOOKUP_MISSING. */
void mi_store_fetch_prereq(missions_state *s, mi_dep *d);
/* Waits for every write of this process (one-shot commands). */
void mi_flush(missions_state *s);

/* mission_plan.c: the only code that allocates or frees a plan's nodes and
 * their actions. */
/* Appends node (no actions) to m's plan.  BORROWED: valid until the next
 * append or mi_plan_free. */
mi_plan_node *mi_plan_append(mi_mission *m, const char *node);
/* Appends copies of n actions to p's node actions, or to the actions of the
 * edge into p when edge. */
void mi_plan_add_actions(mi_plan_node *p, const mi_action *acts, size_t n, bool edge);
/* Frees every node of m's plan and their actions; nplan becomes 0. */
void mi_plan_free(mi_mission *m);
/* Replaces plan nodes from+1..to with nodes[1..n) (nodes[0] is plan node
 * from, nodes[n-1] takes plan node to's place and keeps its actions, edge
 * actions, speed and step mark); the nodes between carry nothing. */
void mi_plan_splice(mi_mission *m, size_t from, size_t to, char *const *nodes, size_t n);
/* The plan and the mission's progress as stored in the record's "plan"
 * column.  OWNED. */
char *mi_plan_json(const mi_mission *m);
/* Takes a stored "plan" column (mi_plan_json's form) into m; text that is
 * not a JSON object leaves m as it is. */
void mi_plan_from_json(mi_mission *m, const char *txt);

/* mission_exec.c */
/* The mission with this exact id, or NULL (BORROWED). */
mi_mission *mi_mission_by_id(missions_state *s, const char *id);
/* The mission with that full id from the store, waiting for it (commands
 * only); NULL when there is none. */
mi_mission *mi_fetch(missions_state *s, const char *id);
mi_mission *mi_find(missions_state *s, const char *id_or_prefix, char *err, size_t errlen);
mi_mission *mi_add(missions_state *s);
const mi_template *mi_template_latest(missions_state *s, const char *name);
const mi_template *mi_template_by_id(missions_state *s, const char *id);
/* Applies event e: state, times, store, log.  false (with err) when e is not
 * allowed in the mission's state. */
bool mi_apply(missions_state *s, mi_mission *m, ms_event e, const char *actor, const char *reason,
              char *err, size_t errlen);
int mi_depend(missions_state *s, mi_mission *m, mi_mission *on, char *err, size_t errlen);
void mi_tick(fo_core *core, void *ud);
/* Whether this process dispatches and follows missions. */
bool mi_tracking(missions_state *s);
/* After the mission's record was stored (or refused): publish what waits
 * on it.  Called by mission_store.c. */
void mi_stored(missions_state *s, mi_mission *m, bool ok);
/* Another process changed the mission from old to m->state. */
void mi_adopted(missions_state *s, mi_mission *m, ms_state old);
fo_status mi_cancel(missions_state *s, mi_mission *m, const char *actor, char *err, size_t errlen);
fo_status mi_pause(missions_state *s, mi_mission *m, bool pause, const char *actor, char *err,
                   size_t errlen);
void mi_free_mission(mi_mission *m);
const char *mi_actor_operator(missions_state *s, char *buf, size_t len);
double mi_progress(const mi_mission *m);
double mi_eta_s(missions_state *s, const mi_mission *m);
/* Metres driven on the mission so far. */
double mi_distance(missions_state *s, const mi_mission *m);

/* mission_safety.c */
void mi_safety_scan(missions_state *s);
mi_safety *mi_safety_raise(missions_state *s, const char *vehicle, const char *mission,
                           const char *kind, const char *severity, const char *details);
mi_safety *mi_safety_find(missions_state *s, const char *id_or_prefix, char *err, size_t errlen);
size_t mi_safety_open(const missions_state *s);
/* The vehicle's first FATAL error, or NULL (BORROWED from v). */
const fo_verror *mi_vehicle_fatal(const fo_vehicle *v);
/* "safety.event" on the bus: the event as compact JSON. */
void mi_safety_publish(missions_state *s, const mi_safety *e);

/* mission_cmds.c, mission_views.c */
int mi_cmds_register(missions_state *s, char *err, size_t errlen);
int mi_views_register(missions_state *s, char *err, size_t errlen);

/* ISO 8601 <-> wall ms; 0 for NULL or unparsable. */
uint64_t mi_parse_time(const char *iso);
void mi_time(uint64_t ms, char *buf, size_t len);

/* ---- Lua functions (missions_lua.c): fleetops.mission, fleetops.missions */
int mi_lua_register(missions_state *s);

/* ---- traffic control over the site (mission_traffic.c) */
/* A dispatch over the site: claims the plan's first nodes for vehicle idx
 * and sets m->released to what was granted.  0 granted, 1 the vehicle must
 * wait (why says for what), -1 error (why). */
int mi_traffic_dispatch(missions_state *s, mi_mission *m, size_t idx, char *why, size_t whylen);
/* While the mission runs on vehicle idx: claims more of the plan as the
 * vehicle makes room, resolves deadlocks.  true when it released more
 * (m->released, m->released_prev and m->order_update moved on). */
bool mi_traffic_follow(missions_state *s, mi_mission *m, size_t idx);
/* Gives back the reservations of missions no longer on a vehicle. */
void mi_traffic_tick(missions_state *s);

#endif
