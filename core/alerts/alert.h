/* alert.h — the alert engine: rules, alert states, grouping and
 * notifications, inhibition, silences, acknowledgements, rate limits and
 * their records in the store.  Semantics follow Prometheus (rules, `for`,
 * `keep_firing_for`) and Alertmanager (grouping, inhibition, silences);
 * see ../shared/KPIS.md.
 *
 * The engine knows no event loop: every call that depends on time reads the
 * clock callback given at creation, so tests drive it with a fake clock and
 * the core with the wall clock (times are stored and must survive a
 * restart).  The engine is used on one thread only.
 *
 * Plugins (and later Lua) reach the engine of the core through the fo_alert_*
 * calls of fleetops_plugin.h; this header is the engine itself, for the core,
 * its views and commands, tests and benchmarks. */
#ifndef FO_ALERT_H
#define FO_ALERT_H

#include "fleetops_plugin.h"

#include <regex.h>

#define FO_ALERT_ID_LEN 37 /* UUID text and NUL */
#define FO_ALERT_RATE_RING 32

/* ---------------------------------------------------------------- labels */

/* A label set: pairs sorted by name, names unique.  Strings OWNED. */
typedef struct {
	char **kv; /* kv[2i] name, kv[2i+1] value */
	size_t n;
} fo_labels;

void fo_labels_free(fo_labels *l);
void fo_labels_copy(fo_labels *dst, const fo_labels *src);
/* Sets (adds or replaces) name=value, keeping the order. */
void fo_labels_set(fo_labels *l, const char *name, const char *value);
/* Borrowed; NULL when absent. */
const char *fo_labels_get(const fo_labels *l, const char *name);
/* From pairs (name, value, name, value...); later pairs win. */
void fo_labels_from_pairs(fo_labels *l, const char *const *pairs, size_t npairs);
/* 64-bit FNV-1a over the sorted pairs: the alert's identity. */
uint64_t fo_labels_fingerprint(const fo_labels *l);
/* {"a":"b",...} into an OWNED string. */
char *fo_labels_json(const fo_labels *l);
/* Parses a flat JSON object of strings (what fo_labels_json writes).
 * Returns 0, or -1 when it is not one. */
int fo_labels_parse_json(fo_labels *l, const char *json);
/* "a=b, c=d" into buf. */
void fo_labels_text(const fo_labels *l, char *buf, size_t len);
/* Renders a template: {{ $labels.NAME }}, {{ $value }} and
 * {{ $value | printf "%.1f" }} are replaced; other text is copied.  OWNED. */
char *fo_alert_template(const char *tmpl, const fo_labels *labels, double value);

/* ---------------------------------------------------------------- matchers */

typedef enum { FO_MATCH_EQ, FO_MATCH_NE, FO_MATCH_RE, FO_MATCH_NRE } fo_match_op;

typedef struct {
	char name[64];
	char *value; /* OWNED */
	fo_match_op op;
	regex_t re; /* FO_MATCH_RE / NRE: anchored ^(value)$ */
} fo_matcher;

typedef struct {
	fo_matcher *m;
	size_t n;
} fo_matchers;

/* Parses `name="v",name!=v,name=~"re",name!~re`, optionally inside {}.
 * Returns 0, or -1 with err filled (bad syntax, bad regex, empty list). */
int fo_matchers_parse(fo_matchers *ms, const char *text, char *err, size_t errlen);
void fo_matchers_free(fo_matchers *ms);
/* All matchers hold for l (an absent label is the empty value). */
bool fo_matchers_match(const fo_matchers *ms, const fo_labels *l);
/* Canonical text: name="value" joined by ','. */
void fo_matchers_text(const fo_matchers *ms, char *buf, size_t len);

/* ---------------------------------------------------------------- engine */

typedef enum {
	FO_ALERT_INACTIVE,
	FO_ALERT_PENDING,
	FO_ALERT_FIRING,
	FO_ALERT_RESOLVED,
} fo_alert_state;

const char *fo_alert_state_name(fo_alert_state s);

typedef struct fo_alert_rule fo_alert_rule;
typedef struct fo_alert_group fo_alert_group;

typedef struct fo_alert {
	char id[FO_ALERT_ID_LEN]; /* the store record's id */
	uint64_t fp;              /* fo_labels_fingerprint(&labels) */
	fo_labels labels;         /* alertname, severity, rule labels, sample labels */
	fo_labels annotations;    /* rendered */
	char rule[64];            /* rule name ("manual" for raised by hand) */
	fo_alert_rule *owner;     /* NULL: raised by hand or rule not loaded */
	fo_alert_state state;
	double value;
	uint64_t active_at, fired_at, resolved_at, last_seen_at; /* wall ms, 0: never */
	uint64_t seen_seq; /* evaluation that last reported it */
	bool manual;
	/* acknowledgement */
	char acked_by[64];
	uint64_t acked_at;
	char *ack_note; /* OWNED or NULL */
	/* muting, recomputed every tick */
	char silenced_by[FO_ALERT_ID_LEN]; /* "" when not silenced */
	bool inhibited;
	/* notifications */
	fo_alert_group *group;
	struct fo_alert *gprev, *gnext;
	fo_alert_state notified; /* what the last notification said: INACTIVE = never */
	uint64_t rate_ring[FO_ALERT_RATE_RING];
	unsigned rate_n, rate_head;
	unsigned long rate_limited; /* notifications it was left out of */
	/* store */
	long long version;      /* of the performance.alerts record, 0: not stored */
	struct fo_alert *rnext; /* next alert of the same owner rule */
	size_t idx;             /* position in the engine's list */
} fo_alert;

/* One notification: a group's alerts, BORROWED for the call. */
typedef struct {
	const char *group_key; /* "alertname=LowBattery" */
	const fo_labels *group_labels;
	const fo_alert *const *alerts;
	size_t nalerts;
	size_t nfiring, nresolved;
	bool repeat; /* nothing changed: repeat_interval passed */
	uint64_t at; /* wall ms */
} fo_alert_notification;

typedef struct {
	uint64_t (*now)(void *ud); /* wall clock, ms since the epoch */
	void (*notify)(const fo_alert_notification *n, void *ud);             /* may be NULL */
	void (*transition)(const fo_alert *a, fo_alert_state from, void *ud); /* may be NULL */
	void *ud;
	fo_core *core; /* passed to rule expressions; may be NULL */
} fo_alert_hooks;

typedef struct {
	uint64_t group_wait_ms, group_interval_ms, repeat_interval_ms;
	const char *group_by;      /* comma-separated label names; "..." groups by all */
	unsigned rate_limit_count; /* notifications per alert per window; 0: no limit */
	uint64_t rate_limit_window_ms;
	uint64_t resolved_retention_ms; /* resolved alerts kept in memory this long */
} fo_alert_options;

/* Alertmanager-like defaults: wait 30 s, interval 5 min, repeat 4 h, group by
 * alertname, 10 notifications per alert per hour, resolved kept 15 min. */
void fo_alert_options_default(fo_alert_options *o);

typedef struct fo_alerts fo_alerts;

/* OWNED; free with fo_alerts_free.  o NULL: defaults. */
fo_alerts *fo_alerts_new(const fo_alert_hooks *hooks, const fo_alert_options *o);
void fo_alerts_free(fo_alerts *e);
void fo_alerts_set_options(fo_alerts *e, const fo_alert_options *o);

/* Rules (spec in fleetops_plugin.h, copied).  Returns 0, or -1 with err
 * filled (no name or expression, name taken). */
int fo_alerts_rule_add(fo_alerts *e, const fo_alert_rule_spec *spec, char *err, size_t errlen);
/* Removes a rule; its alerts resolve at the next tick.  -1 when unknown. */
int fo_alerts_rule_remove(fo_alerts *e, const char *name);
size_t fo_alerts_rule_count(const fo_alerts *e);
/* Tags the rule added last with the plugin that added it; removes every
 * rule of an owner (a plugin whose init failed: its code goes away). */
void fo_alerts_rule_set_owner(fo_alerts *e, const char *name, int owner);
void fo_alerts_rule_remove_owner(fo_alerts *e, int owner);

/* Inhibition: while an alert matching source fires, alerts matching target
 * with the same values of the equal labels (comma-separated) are muted. */
int fo_alerts_inhibit_add(fo_alerts *e, const char *source, const char *target, const char *equal,
                          char *err, size_t errlen);
/* Rules written "SRC => TGT [on L1,L2]; ..." (the alerts.inhibit option). */
int fo_alerts_inhibit_parse(fo_alerts *e, const char *text, char *err, size_t errlen);

/* One evaluation: every rule, then inhibition, silences and due group
 * notifications. */
void fo_alerts_tick(fo_alerts *e);
/* The same, of the rules only (benchmarks time the two parts apart). */
void fo_alerts_eval_rules(fo_alerts *e);
void fo_alerts_flush(fo_alerts *e);
/* While another process evaluates (alert_mirror.c): silences and expiry of
 * resolved alerts only; no rules, no notifications. */
void fo_alerts_follow_tick(fo_alerts *e);
/* Following: states come from the rows the evaluating process writes. */
void fo_alerts_set_following(fo_alerts *e, bool following);
/* The tenant the alerts are stored under, "default" before it is known. */
const char *fo_alerts_tenant(const fo_alerts *e);

/* By hand: an alert that fires at once and stays until resolved.  labels are
 * pairs; annotations pairs may be NULL.  Returns the alert (BORROWED), or
 * NULL with err filled (no alertname). */
const fo_alert *fo_alerts_raise(fo_alerts *e, const char *const *labels, size_t nlabels,
                                const char *const *annotations, size_t nannotations,
                                const char *severity, char *err, size_t errlen);
/* Resolves the alert with this id (or unique id prefix).  -1 with err. */
int fo_alerts_resolve(fo_alerts *e, const char *id, char *err, size_t errlen);

/* Acknowledge: who, when (now), note.  -1 with err (unknown or ambiguous id,
 * alert not active). */
int fo_alerts_ack(fo_alerts *e, const char *id, const char *who, const char *note, char *err,
                  size_t errlen);

/* ---- silences */
typedef struct {
	char id[FO_ALERT_ID_LEN];
	fo_matchers matchers;
	char matchers_text[512];
	uint64_t starts_at, ends_at; /* wall ms */
	char author[64];
	char *comment;     /* OWNED */
	long long version; /* of the performance.alert_silences record, 0: not stored */
} fo_silence;

/* Creates a silence; starts_at 0 means now.  Returns it (BORROWED), or NULL
 * with err filled (bad matchers, end not after start). */
const fo_silence *fo_alerts_silence(fo_alerts *e, const char *matchers, uint64_t starts_at,
                                    uint64_t ends_at, const char *author, const char *comment,
                                    char *err, size_t errlen);
/* Expires a silence now (kept, with its end moved).  -1 with err. */
int fo_alerts_unsilence(fo_alerts *e, const char *id, char *err, size_t errlen);
size_t fo_alerts_silence_count(const fo_alerts *e);
const fo_silence *fo_alerts_silence_at(const fo_alerts *e, size_t i); /* BORROWED */
bool fo_silence_active(const fo_silence *s, uint64_t now);

/* ---- reading */
size_t fo_alerts_count(const fo_alerts *e);
const fo_alert *fo_alerts_at(const fo_alerts *e, size_t i); /* BORROWED, any order */
/* By id or unique id prefix (at least 4 characters); NULL with err. */
const fo_alert *fo_alerts_find(const fo_alerts *e, const char *id, char *err, size_t errlen);
const fo_alert *fo_alerts_find_labels(const fo_alerts *e, const fo_labels *l);
bool fo_alert_muted(const fo_alert *a);
/* Changes whenever an alert, silence or the history changes. */
uint64_t fo_alerts_generation(const fo_alerts *e);
/* Firing, unmuted alerts by severity label: critical, warning, other. */
void fo_alerts_severity_counts(const fo_alerts *e, size_t *critical, size_t *warning,
                               size_t *other);

/* Statistics, for tests and benchmarks. */
typedef struct {
	unsigned long evaluations, samples, notifications, rate_limited, transitions;
	unsigned long store_errors;
} fo_alert_stats;
const fo_alert_stats *fo_alerts_stats(const fo_alerts *e);

/* ---- history: recent transitions, newest last (memory ring, also loaded
 * from the store at start) */
typedef struct {
	char alert_id[FO_ALERT_ID_LEN];
	char rule[64];
	char labels[160]; /* fo_labels_text, cut */
	fo_alert_state from, to;
	bool ack;      /* an acknowledgement, not a state change */
	char note[96]; /* ack: who and note */
	double value;
	uint64_t at;
} fo_alert_event;
size_t fo_alerts_history_count(const fo_alerts *e);
const fo_alert_event *fo_alerts_history_at(const fo_alerts *e, size_t i); /* 0: oldest */

/* ---- store (alert_store.c): every transition, silence and
 * acknowledgement is written; fo_alerts_load brings back pending and firing
 * alerts, silences not yet ended and the recent history.  tenant NULL:
 * the store's own (config `tenant`), else the first tenant visible, else a
 * new tenant "default".  The store's callbacks run on the loop thread
 * (fo_store_drain in commands and tests). */
void fo_alerts_attach_store(fo_alerts *e, fo_store *s, const char *tenant);
/* Reads the store but writes nothing (a --readonly console). */
void fo_alerts_set_no_writes(fo_alerts *e, bool no_writes);
/* Starts loading; *done becomes true once everything came back (the
 * engine writes nothing before).  Returns -1 when no store is attached. */
int fo_alerts_load(fo_alerts *e, bool *done);
bool fo_alerts_loaded(const fo_alerts *e);

#endif
