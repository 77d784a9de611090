/* store_sqlite_int.h — internals of the embedded store shared by its
 * files (store_sqlite.c: records, schema, leases; store_sqlite_chunks.c:
 * chunked series).  Store thread only. */
#ifndef FO_STORE_SQLITE_INT_H
#define FO_STORE_SQLITE_INT_H

#include "fleetops_plugin.h"

#include <locale.h>
#include <sqlite3.h>
#include <stdbool.h>

#define BUSY_TIMEOUT_MS 5000
#define ADHOC_MAX 48
#define SQ_LEASES_MAX 8

typedef struct {
	char *sql;
	sqlite3_stmt *st;
} sq_cached;

typedef struct {
	sqlite3 *db;
	char *path;
	char *actor;
	locale_t c_locale; /* numbers parse the same whatever LC_NUMERIC says */
	size_t ntables;
	sqlite3_stmt **ops; /* ntables * OP_COUNT, prepared on first use */
	sq_cached adhoc[ADHOC_MAX];
	size_t nadhoc, evict;
	/* the change feed (sq_wait_change): the audit trail read forward */
	sqlite3_stmt *watch;
	sqlite3_int64 watch_last;
	bool watch_started;
	/* leases (sq_try_lease): flock(2)ed files beside the database */
	struct {
		char name[64];
		int fd;
	} lease[SQ_LEASES_MAX];
	size_t nlease;
} sq_conn;

/* Maps the connection's last error (rc) to a status and a readable
 * message about what. */
fo_store_status sq_fail(sq_conn *c, int rc, const char *what, char *err, size_t errlen);
/* A statement kept on the connection by its SQL text, prepared on first
 * use; NULL with err filled. */
sqlite3_stmt *sq_adhoc(sq_conn *c, const char *sql, const char *what, char *err, size_t errlen);
/* Runs SQL without parameters or rows (BEGIN, COMMIT...). */
fo_store_status sq_exec(sq_conn *c, const char *sql, const char *what, char *err, size_t errlen);
/* Rolls back the open transaction, if any. */
void sq_rollback(sq_conn *c);

/* store_sqlite_chunks.c */
fo_store_status sq_put_chunks(void *conn, const fo_chunk *v, size_t n, char *err, size_t errlen);
fo_store_status sq_get_chunks(void *conn, const fo_chunk_query *q, fo_chunk **out, size_t *n,
                              char *err, size_t errlen);
fo_store_status sq_drop_chunks(void *conn, const fo_chunk_query *q, size_t *n, char *err,
                               size_t errlen);

#endif
