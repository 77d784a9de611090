/* store_pg.h — internals of the PostgreSQL store plugin, shared by its files:
 * the connection, error mapping and small helpers.  Nothing here is exported
 * from the shared object (hidden visibility); the core only sees the
 * fo_store_backend the plugin registers.
 *
 * Every function runs on the thread that owns the connection: the store's
 * thread, or the core's listener thread for the connection that waits for
 * changes.  Values are always bound as text parameters, never spliced into
 * SQL; only identifiers from the static table declarations are. */
#ifndef FLEETOPS_STORE_PG_H
#define FLEETOPS_STORE_PG_H

#include "fleetops_plugin.h"

#include <libpq-fe.h>
#include <stdio.h>

#define SPG_API __attribute__((visibility("hidden")))

/* One session: the conn pointer the core holds. */
typedef struct {
	PGconn *pg;
	char *actor;    /* OWNED; written to fleetops.actor after each (re)connect */
	bool listening; /* LISTEN fleetops_changes issued on this session */
} spg_conn;

/* ---- store_pg.c */

/* Restores what a reset session lost: the actor, the notice handler; the
 * LISTEN is issued again by the next wait. */
SPG_API fo_store_status spg_after_reset(spg_conn *c, char *err, size_t errlen);

/* ---- pg_conn.c */

/* Makes sure the session is usable before a call: resets a broken
 * connection (then restores the actor) and rolls back a transaction a
 * failed call left open.  FO_STORE_UNAVAILABLE when the server is gone. */
SPG_API fo_store_status spg_ready(spg_conn *c, char *err, size_t errlen);

/* Maps a failed result (res may be NULL) to a status by SQLSTATE and
 * writes the server's message to err; what names the operation.  A missing
 * table or schema adds a hint to run the migrations. */
SPG_API fo_store_status spg_fail(spg_conn *c, const PGresult *res, const char *what, char *err,
                                 size_t errlen);

/* The same without the hint to migrate (for the migrations themselves). */
SPG_API fo_store_status spg_fail_plain(spg_conn *c, const PGresult *res, const char *what,
                                       char *err, size_t errlen);

/* Runs sql with text parameters.  Returns the result when its status is
 * `want`; otherwise clears it, fills err and *st, and returns NULL. */
SPG_API PGresult *spg_exec(spg_conn *c, const char *sql, int n, const char *const *params,
                           ExecStatusType want, const char *what, fo_store_status *st, char *err,
                           size_t errlen);

/* Runs a command without parameters (BEGIN, COMMIT, ROLLBACK...). */
SPG_API fo_store_status spg_command(spg_conn *c, const char *sql, const char *what, char *err,
                                    size_t errlen);

/* ---- pg_records.c */

SPG_API fo_store_status spg_insert(void *conn, fo_record *r, char *err, size_t errlen);
SPG_API fo_store_status spg_get(void *conn, const fo_table_def *t, const char *id, fo_record **out,
                                char *err, size_t errlen);
SPG_API fo_store_status spg_update(void *conn, fo_record *r, char *err, size_t errlen);
SPG_API fo_store_status spg_remove(void *conn, const fo_table_def *t, const char *id,
                                   long long version, char *err, size_t errlen);
SPG_API fo_store_status spg_list(void *conn, const fo_store_query *q, fo_record ***out, size_t *n,
                                 char *err, size_t errlen);
SPG_API fo_store_status spg_audit(void *conn, const char *table, const char *id, fo_audit_row **out,
                                  size_t *n, char *err, size_t errlen);

/* ---- pg_copy.c */

/* A COPY ... FROM STDIN in progress (text format). */
typedef struct spg_copy_out spg_copy_out;

/* Starts the COPY sql; NULL with err filled when the server refuses. */
SPG_API spg_copy_out *spg_copy_begin(spg_conn *c, const char *sql, const char *what,
                                     fo_store_status *st, char *err, size_t errlen);
/* A text field (at most cap bytes of s), escaped. */
SPG_API void spg_out_text(spg_copy_out *o, const char *s, size_t cap);
/* Bytes as they are (separators, \N, numbers). */
SPG_API void spg_out_raw(spg_copy_out *o, const char *s, size_t n);
/* A bytea field in hex. */
SPG_API void spg_out_bytea(spg_copy_out *o, const uint8_t *data, size_t n);
SPG_API bool spg_copy_failed(const spg_copy_out *o);
/* Sends the rest, ends the COPY, frees o; the server's verdict. */
SPG_API fo_store_status spg_copy_end(spg_copy_out *o, const char *what, char *err, size_t errlen);

/* ---- pg_chunks.c */

SPG_API fo_store_status spg_put_chunks(void *conn, const fo_chunk *v, size_t n, char *err,
                                       size_t errlen);
SPG_API fo_store_status spg_get_chunks(void *conn, const fo_chunk_query *q, fo_chunk **out,
                                       size_t *n, char *err, size_t errlen);
SPG_API fo_store_status spg_drop_chunks(void *conn, const fo_chunk_query *q, size_t *n, char *err,
                                        size_t errlen);

/* ---- pg_lease.c */

SPG_API int spg_try_lease(void *conn, const char *name, char *err, size_t errlen);

/* ---- pg_migrate.c */

SPG_API fo_store_status spg_migrate(void *conn, const char *sql_dir, char **report, char *err,
                                    size_t errlen);
SPG_API fo_store_status spg_status(void *conn, const char *sql_dir, char **report, char *err,
                                   size_t errlen);

/* ---- pg_samples.c */

SPG_API fo_store_status spg_append_samples(void *conn, const fo_sample *v, size_t n, char *err,
                                           size_t errlen);
SPG_API fo_store_status spg_query_samples(void *conn, const char *tenant_id, const char *series,
                                          const char *subject, const char *from, const char *to,
                                          fo_sample **out, size_t *n, char *err, size_t errlen);

/* ---- pg_notify.c */

SPG_API int spg_wait_change(void *conn, int timeout_ms, char *table, char *id, char *op);

/* ---- small helpers (pg_conn.c) */

/* An SQL text under construction: open_memstream with abort on OOM. */
typedef struct {
	char *s;
	size_t len;
	FILE *f;
} spg_sql;

SPG_API void spg_sql_init(spg_sql *q);
SPG_API void spg_sql_add(spg_sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Finishes the text: q->s is OWNED by the caller (free()). */
SPG_API char *spg_sql_done(spg_sql *q);

/* Text parameters under construction; values are borrowed. */
typedef struct {
	const char **v;
	int n, cap;
} spg_params;

/* Appends a value and returns its placeholder number ($n). */
SPG_API int spg_param(spg_params *p, const char *value);
SPG_API void spg_params_free(spg_params *p);

/* True for the canonical 8-4-4-4-12 hex UUID text. */
SPG_API bool spg_is_uuid(const char *s);
/* Copies src into a fixed buffer, truncated, always NUL-terminated. */
SPG_API void spg_copy(char *dst, size_t cap, const char *src);

#endif
