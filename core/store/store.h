/* store.h — opening and closing the store (the operations are public, in
 * fleetops_plugin.h). */
#ifndef FO_STORE_H
#define FO_STORE_H

#include "fleetops_plugin.h"

/* Opens a store for url with a registered backend; the connection itself
 * is made by the store's thread on the first operation, so a slow or absent
 * server never blocks the caller.  OWNED; NULL with err filled when no
 * backend serves the URL's scheme. */
fo_store *fo_store_open(fo_core *core, const char *url, char *err, size_t errlen);
/* Waits up to wait_ms for queued operations, stops the threads, frees.
 * When a server keeps an operation longer, the store is abandoned to its
 * thread (false): the caller must then keep backend code mapped. */
bool fo_store_close(fo_store *s, uint64_t wait_ms);
/* Frees n chunks and their data (v may be NULL). */
void fo_chunks_free(fo_chunk *v, size_t n);
/* sqlite:$XDG_DATA_HOME/fleetops/fleetops.db */
void fo_store_default_url(char *buf, size_t len);
const char *fo_store_url(const fo_store *s);
/* The tenant option new records are written under ("" when not set; the
 * embedded store's own tenant on SQLite). */
const char *fo_store_tenant(const fo_store *s);
const char *fo_store_scheme(const fo_store *s);
/* Whether the last finished operation reached the store; why (borrowed)
 * says what went wrong when not. */
bool fo_store_healthy(const fo_store *s, const char **why);
/* Asks the store every every_ms whether it is there, for a console that
 * must show it (a vanished server is seen even when nothing is written). */
void fo_store_watch_health(fo_store *s, uint64_t every_ms);
/* True once the change listener has subscribed (changes made before that
 * are not heard). */
bool fo_store_listening(fo_store *s);
/* Table declarations (store_tables.c).  0, or -1 with err saying what is
 * wrong with t. */
int fo_store_table_valid(const fo_table_def *t, char *err, size_t errlen);
/* The declared field of t named name, NULL for none (or an implicit one). */
const fo_field_def *fo_store_table_field(const fo_table_def *t, const char *name);
/* Forgets the tables core's plugin owner registered (every plugin's when
 * all): its init failed, or it is unloaded. */
void fo_store_tables_remove_owner(fo_core *core, int owner, bool all);
/* The SQLite schema generated from the declarations (store_schema.c).
 * Table schema.table is schema_table.  OWNED strings. */
typedef struct {
	char *name; /* index or trigger name */
	char *sql;  /* CREATE ... as sqlite_master keeps it (no IF NOT EXISTS, no ';') */
} fo_sql_object;
/* CREATE TABLE IF NOT EXISTS of t with its implicit columns, keys, foreign
 * keys and checks. */
char *fo_sqlite_create_table(const fo_table_def *t);
/* The column definition of a field, for ALTER TABLE ADD COLUMN. */
char *fo_sqlite_column(const fo_table_def *t, const fo_field_def *f);
/* Its indexes (time field, references, declared) and audit triggers;
 * *out OWNED, free with fo_sql_objects_free. */
size_t fo_sqlite_indexes(const fo_table_def *t, fo_sql_object **out);
size_t fo_sqlite_audit_triggers(const fo_table_def *t, fo_sql_object **out);
void fo_sql_objects_free(fo_sql_object *v, size_t n);
/* The non-record tables the core writes: audit_log and analytics_samples. */
extern const char fo_sqlite_core_sql[];

/* A result copied out of its callback, for a command that queues one
 * operation and waits (fo_store_drain): fo_store_x(..., fo_wait_keep, &w).
 * Zero-initialise; free what it holds with fo_wait_free. */
typedef struct {
	fo_store_status status;
	char error[256];
	fo_record *rec; /* the one record, when there was exactly one */
	fo_record **recs;
	size_t nrecs;
	fo_audit_row *audit;
	size_t naudit;
	char *text;
} fo_wait;
void fo_wait_keep(fo_core *core, const fo_store_result *res, void *ud);
void fo_wait_free(fo_wait *w);
/* The tenant a command writes new records under, into out (40 bytes): the
 * tenant option when set, else the first tenant the store shows (an
 * operator on PostgreSQL sees only its own), else a new tenant "default"
 * (as the alert engine does).  Blocking.  0, or -1 with err filled. */
int fo_store_write_tenant(fo_store *s, char *out, char *err, size_t errlen);

/* The `db` commands (core/store_cmds.c). */
void fo_store_cmds_register(fo_core *core);

#endif
