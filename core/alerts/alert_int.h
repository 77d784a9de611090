/* alert_int.h — the alert engine's internals, shared by core/alert_*.c
 * only (everyone else uses alert.h). */
#ifndef FO_ALERT_INT_H
#define FO_ALERT_INT_H

#include "alert.h"

struct fo_alert_rule {
	char name[64];
	fo_alert_rule_spec spec; /* strings below are our own copies */
	char *labels_text, *summary, *description, *severity;
	fo_labels labels; /* alertname, severity, extra labels */
	fo_alert *alerts; /* list through rnext */
	bool removed;
	int owner; /* plugin that added it, -1 for the core */
};

struct fo_alert_group {
	char *key;
	uint64_t keyhash;
	fo_labels labels;
	fo_alert *members; /* list through gnext */
	size_t nmembers;
	uint64_t next_flush, last_notify;
	bool flushed;
	struct fo_alert_group *next;
};

struct fo_alert_eval {
	fo_alerts *e;
	fo_alert_rule *rule;
	uint64_t now;
};

typedef struct {
	fo_matchers source, target;
	char **equal;
	size_t nequal;
} fo_inhibit;

struct fo_alerts {
	fo_alert_hooks hooks;
	fo_alert_options opt;
	char **group_by;
	size_t ngroup_by;
	bool group_all;
	fo_alert_rule **rules;
	size_t nrules, caprules;
	fo_alert **alerts; /* every alert in memory */
	size_t nalerts, capalerts;
	struct fo_alert_slot {
		uint64_t fp;
		fo_alert *a;
	} * map; /* open addressing by fp,
	          * capmap a power of 2 */
	size_t capmap, nmap;
	fo_alert_group *groups;
	fo_inhibit *inhibits;
	size_t ninhibits;
	fo_silence **silences;
	size_t nsilences, capsilences;
	fo_alert_event *hist; /* ring */
	size_t hist_cap, hist_n, hist_head;
	uint64_t seq, gen;
	fo_alert_stats stats;
	/* store */
	fo_store *store;
	char tenant[40];
	bool loading, loaded;
	bool no_writes; /* a read-only console: reads records, writes none */
	int load_pending;
	bool *load_done;
	/* several processes on one store (alert_mirror.c) */
	bool following;                   /* another process evaluates: state comes from its rows */
	bool watching;                    /* subscribed to the store's change feed */
	char own_tx[64][FO_ALERT_ID_LEN]; /* transitions this process wrote */
	size_t own_tx_head;
};

/* One write of an alert's row, for its answer (alert_mirror.c). */
typedef struct {
	fo_alerts *e;
	char id[FO_ALERT_ID_LEN];
} fo_alert_write;

uint64_t fo_alerts_now(fo_alerts *e);
void fo_alerts_touch(fo_alerts *e);
/* Moves a to state to, records the transition (history, hook, store). */
void fo_alerts_transition(fo_alerts *e, fo_alert *a, fo_alert_state to, uint64_t now);
fo_alert *fo_alerts_lookup(fo_alerts *e, uint64_t fp);
/* Annotations from the rule's templates and the alert's current value. */
void fo_alert_render(fo_alert *a, const fo_alert_rule *r);
/* A new alert in memory (state INACTIVE), indexed by fp. */
fo_alert *fo_alerts_insert(fo_alerts *e, fo_labels *labels_taken, uint64_t fp);
void fo_alerts_drop(fo_alerts *e, fo_alert *a);
void fo_alerts_history_push(fo_alerts *e, const fo_alert_event *ev);
/* alert_group.c */
void fo_alerts_group_join(fo_alerts *e, fo_alert *a, uint64_t now);
void fo_alerts_group_leave(fo_alerts *e, fo_alert *a);
void fo_alerts_groups_free(fo_alerts *e);
void fo_alerts_group_flush_due(fo_alerts *e, uint64_t now);
int fo_alerts_set_group_by(fo_alerts *e, const char *list);
/* alert_silence.c */
void fo_alerts_mute(fo_alerts *e, uint64_t now);
void fo_alerts_silences_free(fo_alerts *e);
void fo_alerts_inhibits_free(fo_alerts *e);
fo_silence *fo_alerts_silence_add(fo_alerts *e, fo_silence *s); /* takes s */
/* alert_store.c */
void fo_alerts_store_alert(fo_alerts *e, fo_alert *a, fo_alert_state from, bool ack);
void fo_alerts_store_row(fo_alerts *e, fo_alert *a); /* the row only */
void fo_alerts_store_silence(fo_alerts *e, fo_silence *s, bool insert);
bool fo_alerts_writable(const fo_alerts *e);
uint64_t fo_alerts_parse_iso(const char *s);
fo_alert_state fo_alerts_state_of(const char *row_state);
/* A live performance.alerts row into memory (nothing when its label set
 * is there already). */
void fo_alerts_restore_row(fo_alerts *e, const fo_record *r);
fo_silence *fo_alerts_silence_from_record(const fo_record *r); /* OWNED, or NULL */
void fo_alerts_history_from_record(fo_alerts *e, const fo_record *r);
/* alert_mirror.c */
void fo_alerts_row_written(fo_core *core, const fo_store_result *res, void *ud);
void fo_alerts_own_transition(fo_alerts *e, const char *id);
/* Subscribes to the store's change feed (once). */
void fo_alerts_watch(fo_alerts *e);
/* Splits "a,b , c" into OWNED words (free each and the array). */
size_t fo_alert_split_list(const char *list, char ***out);

#endif
