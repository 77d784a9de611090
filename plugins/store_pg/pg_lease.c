/* pg_lease.c — a lease among the processes sharing one database: a
 * session-level advisory lock on hashtext(name).  The server drops it when
 * the session ends (a crash, a lost connection), so another process takes
 * it over; asking again on the same session succeeds (the lock stacks). */
#include "store_pg.h"

int spg_try_lease(void *conn, const char *name, char *err, size_t errlen)
{
	spg_conn *c = conn;
	if (spg_ready(c, err, errlen) != FO_STORE_OK)
		return -1;
	/* the namespace keeps fleetops' keys apart from other applications' */
	const char *params[] = {name};
	fo_store_status st;
	PGresult *res = spg_exec(c,
	                         "SELECT pg_try_advisory_lock(hashtext('fleetops.lease'), "
	                         "hashtext($1))",
	                         1, params, PGRES_TUPLES_OK, "lease", &st, err, errlen);
	if (!res)
		return -1;
	int held = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return held;
}
