/* pg_notify.c — changes made by other consoles: the migrations' triggers
 * NOTIFY fleetops_changes with the payload "schema.table id OP"; the core's
 * listener thread waits here on a session of its own. */
#include "store_pg.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Splits "schema.table id OP"; false when the payload has another shape. */
static bool parse_payload(const char *payload, char *table, char *id, char *op)
{
	const char *sp1 = strchr(payload, ' ');
	const char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || sp1 == payload || sp2 == sp1 + 1 || !sp2[1])
		return false;
	snprintf(table, 64, "%.*s", (int)(sp1 - payload), payload);
	snprintf(id, 40, "%.*s", (int)(sp2 - sp1 - 1), sp1 + 1);
	snprintf(op, 8, "%s", sp2 + 1);
	return true;
}

/* The next queued notification in the expected shape, if any. */
static bool next_change(spg_conn *c, char *table, char *id, char *op)
{
	PGnotify *nt;
	while ((nt = PQnotifies(c->pg))) {
		bool ok = parse_payload(nt->extra, table, id, op);
		PQfreemem(nt);
		if (ok)
			return true;
	}
	return false;
}

int spg_wait_change(void *conn, int timeout_ms, char *table, char *id, char *op)
{
	spg_conn *c = conn;
	char err[256];
	if (spg_ready(c, err, sizeof err) != FO_STORE_OK)
		return -1;
	if (!c->listening) {
		/* A session that cannot listen is no use for waiting either. */
		if (spg_command(c, "LISTEN fleetops_changes", "listening", err, sizeof err) !=
		    FO_STORE_OK)
			return -1;
		c->listening = true;
	}
	long long deadline = mono_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		if (next_change(c, table, id, op))
			return 1;
		long long left = deadline - mono_ms();
		if (left <= 0)
			return 0;
		struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN};
		if (pfd.fd < 0)
			return -1;
		int r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0 && (!PQconsumeInput(c->pg) || PQstatus(c->pg) != CONNECTION_OK))
			return -1;
	}
}
