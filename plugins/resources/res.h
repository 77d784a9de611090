/* res.h — the Resources plugin's state: pools, their resources and the
 * bookings (resources.allocations) kept from the store, and the
 * operations on them (res_store.c loads and writes, res_book.c decides
 * bookings, res_cmds.c, res_views.c and res_lua.c expose them). */
#ifndef RES_H
#define RES_H

#include "fleetops_plugin.h"
#include "res_window.h"

#define RES_ID 40
#define RES_NAME 64

typedef enum { RB_RESERVED, RB_ACTIVE, RB_RELEASED } res_bstate;

typedef struct {
	char id[RES_ID];
	char name[RES_NAME];
	char kind[16]; /* charger, dock, parking, door, lift, operator, payload_tool */
	long capacity; /* -1: not set */
	char policy[20];
	long long version;
} res_pool;

typedef struct {
	char id[RES_ID];
	char pool_id[RES_ID];
	char name[RES_NAME];
	char node[RES_NAME];         /* map node where it stands, "" */
	uint64_t down_from, down_to; /* down for maintenance; down_to 0: open-ended */
	char down_reason[128];
	long long version;
} res_item;

typedef struct {
	char id[RES_ID];
	char resource_id[RES_ID];
	char vehicle[RES_NAME]; /* serial number, "" */
	char mission_id[RES_ID];
	char purpose[24];
	uint64_t from, to;
	res_bstate state;
	uint64_t released_at;
	char reason[64];
	uint64_t created;
	long long version;
} res_booking;

typedef enum { RQ_OPEN, RQ_GRANTED, RQ_REFUSED, RQ_CANCELLED } res_rqstate;

/* A request: a resource of a pool (or a given one) for duration within
 * [from, to), queued until the pool's policy grants or refuses it. */
typedef struct {
	char id[RES_ID];
	char pool_id[RES_ID];
	char resource_id[RES_ID]; /* a given resource, "" any of the pool */
	char vehicle[RES_NAME];
	char mission_id[RES_ID];
	char purpose[24];
	char source[16]; /* operator, mission, lua, charging */
	char allocation_id[RES_ID];
	char reason[400];
	uint64_t from, to; /* wanted window; to is the deadline */
	uint64_t offered_from, offered_to;
	uint64_t created;
	long duration_s; /* 0: the whole window */
	long priority;
	res_rqstate state;
	long long version;
} res_request;

/* A detected conflict: what it is about, what was suggested, how it was
 * resolved (resources.conflicts). */
typedef struct {
	char id[RES_ID];
	char kind[24];
	char booking[RES_ID], other[RES_ID]; /* allocation ids, "" */
	char resource_id[RES_ID];
	char vehicle[RES_NAME];
	char key[128]; /* open_key while open */
	char detail[400];
	char suggestions[800]; /* JSON array */
	char resolution[400];
	char resolved_by[96];
	bool open;
	uint64_t detected, resolved_at;
	long long version;
} res_conflict;

typedef struct res_state {
	fo_core *core;
	res_pool *pools;
	size_t npools, cpools;
	res_item *items;
	size_t nitems, citems;
	res_booking *books;
	size_t nbooks, cbooks;
	res_request *reqs;
	size_t nreqs, creqs;
	res_conflict *confs;
	size_t nconfs, cconfs;
	uint64_t last_scan_ms;
	uint64_t gen; /* changes whenever anything above changes */
	bool loaded;  /* the first load answered */
	bool loading; /* a load is queued */
	char load_err[256];
	bool watching;
	bool stale; /* another process changed something: read again */
	fo_timer *tick;
	uint64_t last_load_ms, last_sweep_ms, last_grant_ms, last_mission_check_ms, last_needs_ms;
	void *places; /* res_places.c: live chargers and parking */
	bool charge_template_ok, charge_warned;
	size_t charges_done;
	/* booking decisions of this process: latency (request to answer, ms) */
	double *lat_ms, *lat_booked_ms;
	size_t nlat, clat, nbooked, nrefused, cbooked;
} res_state;

/* ---- res_store.c */
const char *res_bstate_name(res_bstate s);
/* Loads pools, resources and live bookings once; wait: until the first
 * load answered (blocks; commands and reports). */
void res_load(res_state *s, bool wait);
/* Queues a new load (the tick: other processes' changes). */
void res_reload(res_state *s);
/* Takes one stored record into the state (insert or replace by id). */
void res_take(res_state *s, const fo_record *r);
/* Runs one store operation and waits for it: the stored record (OWNED)
 * into *out when out; the status, err filled on failure. */
fo_store_status res_sync_insert(res_state *s, fo_record *r, fo_record **out, char *err,
                                size_t errlen);
fo_store_status res_sync_update(res_state *s, fo_record *r, fo_record **out, char *err,
                                size_t errlen);
fo_store_status res_sync_delete(res_state *s, const char *table, const char *id, long long version,
                                char *err, size_t errlen);
/* The live bookings of one resource as stored now (other processes' too),
 * taken into the state.  Returns the status. */
fo_store_status res_refresh_resource(res_state *s, const char *resource_id, char *err,
                                     size_t errlen);
fo_record *res_pool_record(const res_pool *p);
fo_record *res_item_record(const res_item *it);
fo_record *res_booking_record(const res_booking *b);
fo_record *res_request_record(const res_request *q);
fo_record *res_conflict_record(const res_conflict *c);
const char *res_rqstate_name(res_rqstate s);
void res_time(uint64_t ms, char *buf, size_t len); /* ISO, "" for 0 */

/* Commands: the store is there and the state loaded (else out says why). */
bool res_ready(res_state *s, fo_out *out, const char *what);
/* A time option (now, +30m, ISO 8601) into *ms, fallback when absent;
 * false with out filled when it is not a time. */
bool res_time_opt(const fo_args *a, const char *name, uint64_t fallback, uint64_t *ms, fo_out *out,
                  const char *what);

/* ---- lookups (res_store.c) */
res_pool *res_pool_find(res_state *s, const char *name_or_id);
res_item *res_item_find(res_state *s, const char *name_or_id);
res_booking *res_booking_find(res_state *s, const char *id_prefix, bool *ambiguous);
res_pool *res_pool_of(res_state *s, const res_item *it);
res_request *res_request_find(res_state *s, const char *id_prefix, bool *ambiguous);
res_conflict *res_conflict_find(res_state *s, const char *id_prefix, bool *ambiguous);
bool res_booking_live(const res_booking *b);
/* The live booking of it covering now, and the next one after now; NULL. */
const res_booking *res_booking_current(res_state *s, const res_item *it, uint64_t now);
const res_booking *res_booking_next(res_state *s, const res_item *it, uint64_t now);
/* The busy spans of a resource over [lo, hi): live bookings but skip (an
 * id or NULL), and its maintenance; merged.  OWNED array, count in *n. */
res_span *res_busy(res_state *s, const res_item *it, const char *skip, uint64_t lo, uint64_t hi,
                   size_t *n);

/* ---- res_book.c */
typedef struct {
	const char *vehicle; /* serial, NULL */
	const char *mission; /* id, NULL */
	const char *purpose; /* NULL */
	uint64_t from, to;
	const char *skip; /* a booking of the vehicle not to count (being moved) */
} res_want;

typedef struct {
	bool booked;
	res_booking booking; /* when booked */
	char reason[400];    /* when refused: why */
	bool offered;        /* when refused: a free window offered */
	char offer_resource[RES_NAME];
	uint64_t offer_from, offer_to;
	unsigned attempts; /* store round trips */
} res_answer;

/* Books a resource, or any resource of a pool (it: NULL, pool set), for
 * the window.  Always answers: booked, or refused with the reason and the
 * nearest free window when there is one.  Returns FO_OK when it answered
 * (booked or refused), FO_ERR when the store failed (reason says why). */
fo_status res_book(res_state *s, res_item *it, res_pool *pool, const res_want *w, res_answer *a);
/* Moves a booking's end (extend or shorten) or its whole window. */
fo_status res_booking_retime(res_state *s, res_booking *b, uint64_t from, uint64_t to,
                             res_answer *a);
/* Releases a booking now with the reason. */
fo_status res_booking_release(res_state *s, res_booking *b, const char *reason, char *err,
                              size_t errlen);
/* Releases no-shows and bookings that ended; activates bookings whose
 * vehicle stands on the resource.  From the tick. */
void res_sweep(res_state *s);

/* ---- res_grant.c: requests and the grant policies */
/* The pool's policy: first_fit, priority or earliest_deadline. */
const char *res_pool_policy(res_state *s, const res_pool *p);
/* Runs the policy over the open requests of one pool (every pool: NULL):
 * each is granted (through the `request grant` command, so command
 * policies see it), refused with the nearest free window, or left waiting
 * with the reason.  Returns how many changed. */
size_t res_grant_pass(res_state *s, res_pool *pool);
/* Grants request q with resource it over [from, to): books, then marks
 * the request granted; a request granted meanwhile by another process
 * gives the booking back.  FO_OK when granted; else reason filled. */
fo_status res_request_grant(res_state *s, res_request *q, res_item *it, uint64_t from, uint64_t to,
                            char *reason, size_t len);
/* Vehicles charging now: live charge bookings covering now (or starting
 * within a minute). */
size_t res_charging_now(res_state *s, uint64_t now);
/* Writes a request's new state/reason (stale versions are another
 * process's answer: fine). */
fo_store_status res_request_write(res_state *s, const res_request *q, char *err, size_t errlen);

/* ---- res_charge.c */
void res_charge_tick(res_state *s);

/* ---- res_conflicts.c */
/* One conflict found by a scan, before it is stored. */
typedef struct {
	char kind[24];
	char booking[RES_ID], other[RES_ID];
	char resource_id[RES_ID];
	char vehicle[RES_NAME];
	char key[128]; /* the subject: one open conflict per key */
	char detail[400];
	fo_buf sugg; /* JSON array of {action, arg, why}, being written */
	size_t nsugg;
} res_finding;
res_finding *res_finding_add(res_finding **v, size_t *n, size_t *cap, const char *kind,
                             const char *key);
void res_finding_suggest(res_finding *f, const char *action, const char *arg, const char *why);
/* Finds conflicts (stores new ones, resolves those whose cause is gone,
 * applies resources.conflict_policy); returns how many it opened. */
size_t res_conflict_scan(res_state *s);
int res_conflict_cmds_register(res_state *s, char *err, size_t errlen);

/* ---- res_missions.c: bookings and requests made for missions */
/* The mission's state (and vehicle, "" when none; vehicle may be NULL)
 * from `mission show`; false when there is no such mission to be seen. */
bool res_mission_state(res_state *s, const char *mission_id, char *state, size_t slen,
                       char *vehicle, size_t vlen);
/* Gives back the bookings and withdraws the requests of missions that
 * ended.  From the tick, every 3 s. */
void res_mission_tick(res_state *s);
/* Conflicts mission_unbooked: a mission on a vehicle whose step's
 * resource is not booked (its request waits or was refused), or booked
 * to start after the vehicle can be there. */
void res_mission_findings(res_state *s, res_finding **v, size_t *n, size_t *cap, uint64_t now);
/* Applies a resolution of a mission_unbooked conflict that has no booking
 * (accept the offered window, cancel the mission); msg says what was done
 * or why not.  FO_OK when done. */
fo_status res_mission_resolve(res_state *s, const res_conflict *c, const char *action, char *msg,
                              size_t len);

/* ---- res_cmds.c, res_views.c, res_lua.c, res_places.c */
int res_cmds_register(res_state *s, char *err, size_t errlen);
int res_req_cmds_register(res_state *s, char *err, size_t errlen);
int res_util_register(res_state *s, char *err, size_t errlen);
int res_views_register(res_state *s, char *err, size_t errlen);
int res_lua_register(res_state *s);
int res_places_register(res_state *s, char *err, size_t errlen);
void res_places_free(res_state *s);
uint64_t res_view_generation(fo_core *core, void *ud);

#endif
