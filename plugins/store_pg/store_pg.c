/* store_pg.c — the PostgreSQL store plugin: opens sessions and registers
 * the backend for postgresql:// (and postgres://) URLs.  The calls
 * themselves live in pg_records.c, pg_migrate.c, pg_samples.c and
 * pg_notify.c; connection handling and error mapping in pg_conn.c. */
#include "store_pg.h"

#include <stdlib.h>
#include <string.h>

static fo_store_status set_actor(spg_conn *c, char *err, size_t errlen)
{
	const char *p[1] = {c->actor};
	fo_store_status st;
	PGresult *res = spg_exec(c, "SELECT set_config('fleetops.actor', $1, false)", 1, p,
	                         PGRES_TUPLES_OK, "setting the actor", &st, err, errlen);
	PQclear(res);
	return res ? FO_STORE_OK : st;
}

static void pg_close(void *conn)
{
	spg_conn *c = conn;
	if (!c)
		return;
	PQfinish(c->pg);
	free(c->actor);
	free(c);
}

/* libpq prints notices (e.g. "relation already exists, skipping") on
 * stderr by default, which would scribble over the console. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static void *pg_open(const char *url, const char *actor, char *err, size_t errlen)
{
	/* The URL goes through dbname so that every libpq URL form works.
	 * A server that does not answer is given up after 10 s unless the URL
	 * says otherwise (keywords before dbname yield to the URL's);
	 * application_name is a fallback the URL's own setting overrides. */
	/* TCP keepalives notice a server that vanished in mid-query within
	 * about 25 s instead of never. */
	const char *keys[] = {
	    "connect_timeout",  "keepalives", "keepalives_idle",           "keepalives_interval",
	    "keepalives_count", "dbname",     "fallback_application_name", NULL};
	const char *vals[] = {"10", "1", "10", "5", "3", url, "fleetops", NULL};
	PGconn *pg = PQconnectdbParams(keys, vals, 1);
	if (!pg) {
		snprintf(err, errlen, "postgresql: out of memory");
		return NULL;
	}
	if (PQstatus(pg) != CONNECTION_OK) {
		/* libpq's message ends with a newline; keep the first line. */
		snprintf(err, errlen, "postgresql: %.*s", (int)strcspn(PQerrorMessage(pg), "\n"),
		         PQerrorMessage(pg));
		PQfinish(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg, quiet_notice, NULL);
	spg_conn *c = calloc(1, sizeof *c);
	if (!c || !(c->actor = strdup(actor ? actor : "")))
		abort();
	c->pg = pg;
	if (set_actor(c, err, errlen) != FO_STORE_OK) {
		pg_close(c);
		return NULL;
	}
	return c;
}

fo_store_status spg_after_reset(spg_conn *c, char *err, size_t errlen)
{
	PQsetNoticeProcessor(c->pg, quiet_notice, NULL);
	c->listening = false;
	return set_actor(c, err, errlen);
}

static const fo_store_backend backend = {
    .scheme = "postgresql",
    .alias = "postgres",
    .open = pg_open,
    .close = pg_close,
    .migrate = spg_migrate,
    .status = spg_status,
    .insert = spg_insert,
    .get = spg_get,
    .update = spg_update,
    .remove = spg_remove,
    .list = spg_list,
    .append_samples = spg_append_samples,
    .query_samples = spg_query_samples,
    .audit = spg_audit,
    .wait_change = spg_wait_change,
    .try_lease = spg_try_lease,
    .put_chunks = spg_put_chunks,
    .get_chunks = spg_get_chunks,
    .drop_chunks = spg_drop_chunks,
};

static fo_status store_pg_init(fo_core *core, void **state, char *err, size_t errlen)
{
	(void)state;
	if (!PQisthreadsafe()) {
		snprintf(err, errlen, "libpq was built without thread safety");
		return FO_ERR;
	}
	if (fo_store_backend_register(core, &backend) != 0) {
		snprintf(err, errlen, "could not register the postgresql store backend");
		return FO_ERR;
	}
	return FO_OK;
}

static void store_pg_fini(fo_core *core, void *state)
{
	(void)core;
	(void)state;
}

static const fo_plugin_desc desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "store_pg",
    .version = "0.1.0",
    .summary = "PostgreSQL store: postgresql:// URLs, LISTEN/NOTIFY between consoles",
    .init = store_pg_init,
    .fini = store_pg_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &desc;
}
