/* redis_conn.c — one hiredis asynchronous connection on the core's libuv
 * loop: URL parsing, connect with a time-out, AUTH and SELECT, reconnect
 * with exponential backoff (1 s .. 30 s), and a watchdog that notices a
 * server that stopped answering. */
#include "redis_int.h"

#include <uv.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- URL */

static int pct_decode(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '%') {
			unsigned v;
			char hex[3];
			if (i + 2 >= n)
				return -1;
			hex[0] = s[i + 1];
			hex[1] = s[i + 2];
			hex[2] = 0;
			if (sscanf(hex, "%2x", &v) != 1)
				return -1;
			ch = (char)v;
			i += 2;
		}
		if (o + 1 >= outlen)
			return -1;
		out[o++] = ch;
	}
	out[o] = 0;
	return 0;
}

static int parse_db(const char *s, int *db)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000)
		return -1;
	*db = (int)v;
	return 0;
}

int rd_url_parse(const char *url, rd_url *u, char *err, size_t errlen)
{
	memset(u, 0, sizeof *u);
	u->port = 6379;
	if (strncmp(url, "rediss://", 9) == 0) {
		snprintf(err, errlen, "redis: TLS (rediss://) is not supported by this build");
		return -1;
	}
	if (strncmp(url, "unix:", 5) == 0) {
		const char *p = url + 5;
		if (strncmp(p, "//", 2) == 0)
			p += 2;
		size_t n = strcspn(p, "?");
		if (n == 0 || n >= sizeof u->path) {
			snprintf(err, errlen, "redis: bad socket path in %s", url);
			return -1;
		}
		memcpy(u->path, p, n);
		if (p[n] && (strncmp(p + n, "?db=", 4) != 0 || parse_db(p + n + 4, &u->db))) {
			snprintf(err, errlen, "redis: bad database in %s (unix:PATH?db=N)", url);
			return -1;
		}
		snprintf(u->shown, sizeof u->shown, "%s", url);
		return 0;
	}
	if (strncmp(url, "redis://", 8) != 0) {
		snprintf(err, errlen,
		         "redis: %s is not a Redis URL (redis://[[USER]:PASSWORD@]HOST[:PORT][/DB] "
		         "or unix:PATH)",
		         url);
		return -1;
	}
	const char *p = url + 8;
	const char *at = strrchr(p, '@');
	const char *slash = strchr(p, '/');
	if (at && slash && at > slash)
		at = NULL;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		if (colon) {
			if (pct_decode(p, (size_t)(colon - p), u->user, sizeof u->user) ||
			    pct_decode(colon + 1, (size_t)(at - colon - 1), u->pass,
			               sizeof u->pass))
				goto bad;
		} else if (pct_decode(p, (size_t)(at - p), u->pass, sizeof u->pass)) {
			goto bad; /* redis://PASSWORD@host, as redis-cli accepts */
		}
		p = at + 1;
	}
	size_t hlen = slash ? (size_t)(slash - p) : strlen(p);
	const char *hp = p, *portp = NULL;
	size_t hostlen = hlen;
	if (*hp == '[') { /* [IPv6]:port */
		const char *close = memchr(hp, ']', hlen);
		if (!close)
			goto bad;
		hostlen = (size_t)(close - hp - 1);
		hp++;
		if (close + 1 < p + hlen) {
			if (close[1] != ':')
				goto bad;
			portp = close + 2;
		}
	} else {
		const char *colon = memchr(hp, ':', hlen);
		if (colon) {
			hostlen = (size_t)(colon - hp);
			portp = colon + 1;
		}
	}
	if (hostlen == 0)
		snprintf(u->host, sizeof u->host, "127.0.0.1");
	else if (hostlen >= sizeof u->host)
		goto bad;
	else
		memcpy(u->host, hp, hostlen);
	if (portp) {
		char buf[8];
		size_t n = (size_t)(p + hlen - portp);
		if (n == 0 || n >= sizeof buf)
			goto bad;
		memcpy(buf, portp, n);
		buf[n] = 0;
		char *end;
		long v = strtol(buf, &end, 10);
		if (*end || v < 1 || v > 65535)
			goto bad;
		u->port = (int)v;
	}
	if (slash && slash[1] && parse_db(slash + 1, &u->db))
		goto bad;
	if (*u->pass)
		snprintf(u->shown, sizeof u->shown, "redis://%s:***@%.*s%s", u->user, (int)hlen, p,
		         slash ? slash : "");
	else
		snprintf(u->shown, sizeof u->shown, "%s", url);
	return 0;
bad:
	snprintf(
	    err, errlen,
	    "redis: cannot read the URL (expected redis://[[USER]:PASSWORD@]HOST[:PORT][/DB])");
	return -1;
}

/* ---------------------------------------------------------------- loop glue
 *
 * hiredis' own libuv adapter (hiredis/adapters/libuv.h, 0.14) drops the
 * poll callbacks that carry an error status: libuv reports a refused
 * connect or a reset as POLLERR that way, and stops watching, so hiredis
 * would wait forever.  This glue hands such an event to hiredis as the I/O
 * it was waiting for, and hiredis then finds the error itself. */

typedef struct {
	redisAsyncContext *ac; /* NULL once hiredis let go (cleanup) */
	uv_poll_t poll;
	int events;
} rd_ev;

static void ev_poll(uv_poll_t *h, int status, int events)
{
	rd_ev *e = h->data;
	if (status < 0)
		events = e->events ? e->events : UV_READABLE;
	/* each call may free the context: cleanup clears e->ac */
	if (e->ac && (events & UV_WRITABLE))
		redisAsyncHandleWrite(e->ac);
	if (e->ac && (events & UV_READABLE))
		redisAsyncHandleRead(e->ac);
}

static void ev_update(rd_ev *e)
{
	if (e->events)
		uv_poll_start(&e->poll, e->events, ev_poll);
	else
		uv_poll_stop(&e->poll);
}

static void ev_add_read(void *pd)
{
	rd_ev *e = pd;
	e->events |= UV_READABLE;
	ev_update(e);
}

static void ev_del_read(void *pd)
{
	rd_ev *e = pd;
	e->events &= ~UV_READABLE;
	ev_update(e);
}

static void ev_add_write(void *pd)
{
	rd_ev *e = pd;
	e->events |= UV_WRITABLE;
	ev_update(e);
}

static void ev_del_write(void *pd)
{
	rd_ev *e = pd;
	e->events &= ~UV_WRITABLE;
	ev_update(e);
}

static void ev_closed(uv_handle_t *h)
{
	free(h->data);
}

static void ev_cleanup(void *pd)
{
	rd_ev *e = pd;
	e->ac = NULL;
	uv_poll_stop(&e->poll);
	uv_close((uv_handle_t *)&e->poll, ev_closed);
}

static int ev_attach(redisAsyncContext *ac, uv_loop_t *loop)
{
	rd_ev *e = calloc(1, sizeof *e);
	if (!e)
		abort();
	if (uv_poll_init(loop, &e->poll, ac->c.fd) != 0) {
		free(e);
		return -1;
	}
	e->ac = ac;
	e->poll.data = e;
	ac->ev.data = e;
	ac->ev.addRead = ev_add_read;
	ac->ev.delRead = ev_del_read;
	ac->ev.addWrite = ev_add_write;
	ac->ev.delWrite = ev_del_write;
	ac->ev.cleanup = ev_cleanup;
	return 0;
}

/* ---------------------------------------------------------------- connection */

static void retry_cb(fo_core *core, void *ud);

static void set_error(rd_conn *c, const char *why)
{
	snprintf(c->error, sizeof c->error, "%s", why);
}

/* ac is gone (or going): forget it, tell the owner, schedule a retry. */
static void went_down(rd_conn *c, const redisAsyncContext *ac)
{
	if (c->ac != ac)
		return; /* already handled */
	bool was_ready = c->ready;
	if (!was_ready)
		c->addr_turn++; /* the next attempt tries the host's next address */
	c->ac = NULL;
	c->ready = false;
	c->inflight = 0;
	c->setup_pending = 0;
	c->since_wall = fo_wall_ms();
	if (c->closing)
		return;
	if (!*c->error)
		set_error(c, "connection closed");
	fo_log(c->core, was_ready ? FO_LOG_WARN : FO_LOG_INFO,
	       "redis %s: %s: %s; retrying in %llu s", c->name, c->url->shown, c->error,
	       (unsigned long long)(c->backoff_ms / 1000));
	if (c->on_down)
		c->on_down(c, c->ud);
	if (!c->retry)
		c->retry = fo_timer_start(c->core, c->backoff_ms, 0, retry_cb, c);
	c->backoff_ms *= 2;
	if (c->backoff_ms > RD_BACKOFF_MAX_MS)
		c->backoff_ms = RD_BACKOFF_MAX_MS;
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
	rd_conn *c = ac->data;
	if (!c)
		return;
	if (status != REDIS_OK && ac->errstr && !*c->error)
		set_error(c, ac->errstr);
	went_down(c, ac);
}

static void became_ready(rd_conn *c)
{
	c->ready = true;
	c->backoff_ms = RD_BACKOFF_MIN_MS;
	c->connects++;
	c->error[0] = 0;
	c->since_wall = fo_wall_ms();
	fo_log(c->core, FO_LOG_INFO, "redis %s: connected to %s", c->name, c->url->shown);
	if (c->on_ready)
		c->on_ready(c, c->ud);
}

static void setup_reply(redisAsyncContext *ac, void *r, void *pd)
{
	const redisReply *reply = r;
	rd_conn *c = rd_conn_replied(ac, reply);
	const char *what = pd;
	if (!c || !reply || c->ac != ac)
		return;
	if (reply->type == REDIS_REPLY_ERROR) {
		char why[256];
		snprintf(why, sizeof why, "%s refused: %s", what, reply->str);
		rd_conn_drop(c, why);
		return;
	}
	if (--c->setup_pending == 0)
		became_ready(c);
}

static void on_connect(const redisAsyncContext *cac, int status)
{
	rd_conn *c = cac->data;
	if (!c)
		return;
	if (status != REDIS_OK) {
		/* hiredis frees the context after this returns */
		set_error(c, cac->errstr && *cac->errstr ? cac->errstr : "connect failed");
		went_down(c, cac);
		return;
	}
	redisAsyncContext *ac = c->ac;
	if (!*c->url->path) /* TCP only: it fails (and marks the context) on a Unix socket */
		redisEnableKeepAlive(&ac->c);
	c->last_reply = fo_now_ms(c->core);
	/* AUTH, SELECT and PING go out pipelined; ready once all answered */
	if (*c->url->pass) {
		const char *argv[3] = {"AUTH", c->url->user, c->url->pass};
		if (*c->url->user)
			redisAsyncCommandArgv(ac, setup_reply, "AUTH", 3, argv, NULL);
		else {
			argv[1] = c->url->pass;
			redisAsyncCommandArgv(ac, setup_reply, "AUTH", 2, argv, NULL);
		}
		c->inflight++;
		c->setup_pending++;
	}
	if (c->url->db) {
		char db[16];
		snprintf(db, sizeof db, "%d", c->url->db);
		const char *argv[2] = {"SELECT", db};
		redisAsyncCommandArgv(ac, setup_reply, "SELECT", 2, argv, NULL);
		c->inflight++;
		c->setup_pending++;
	}
	/* a server that wants a password answers NOAUTH here, before any
	 * real command (and before it closes on an unauthenticated pipeline) */
	const char *ping[1] = {"PING"};
	redisAsyncCommandArgv(ac, setup_reply, "PING", 1, ping, NULL);
	c->inflight++;
	c->setup_pending++;
}

/* Connects to a numeric address (or the Unix socket when ip is NULL). */
static void connect_to(rd_conn *c, const char *ip)
{
	redisAsyncContext *ac =
	    ip ? redisAsyncConnect(ip, c->url->port) : redisAsyncConnectUnix(c->url->path);
	if (!ac)
		abort(); /* out of memory */
	c->connect_at = fo_now_ms(c->core);
	if (ac->err) {
		set_error(c, ac->errstr);
		redisAsyncFree(ac);
		went_down(c, NULL);
		return;
	}
	ac->data = c;
	c->ac = ac;
	if (ev_attach(ac, fo_core_uv_loop(c->core)) != 0) {
		set_error(c, "cannot watch the socket on the event loop");
		redisAsyncFree(ac);
		went_down(c, ac);
		return;
	}
	redisAsyncSetConnectCallback(ac, on_connect);
	redisAsyncSetDisconnectCallback(ac, on_disconnect);
}

/* A host name is resolved off the loop thread (hiredis would block the
 * loop in getaddrinfo).  OWNED by the conn until the callback, which frees
 * it; a conn closed meanwhile detaches it (c = NULL). */
typedef struct rd_resolve {
	uv_getaddrinfo_t req;
	rd_conn *c;
} rd_resolve;

static void resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	rd_resolve *r = req->data;
	rd_conn *c = r->c;
	char ip[INET6_ADDRSTRLEN] = "";
	size_t n = 0;
	for (const struct addrinfo *a = res; status == 0 && a; a = a->ai_next)
		n++;
	if (c && n) {
		/* a different address on each attempt: localhost may be ::1
		 * first while the server listens on 127.0.0.1 only */
		const struct addrinfo *a = res;
		for (size_t i = c->addr_turn % n; i > 0; i--)
			a = a->ai_next;
		if (a->ai_family == AF_INET6)
			uv_ip6_name((const struct sockaddr_in6 *)a->ai_addr, ip, sizeof ip);
		else
			uv_ip4_name((const struct sockaddr_in *)a->ai_addr, ip, sizeof ip);
	}
	uv_freeaddrinfo(res);
	free(r);
	if (!c)
		return;
	c->resolving = NULL;
	if (!*ip) {
		char why[256];
		snprintf(why, sizeof why, "cannot resolve %.160s: %s", c->url->host,
		         status ? uv_strerror(status) : "no address");
		set_error(c, why);
		went_down(c, NULL);
		return;
	}
	connect_to(c, ip);
}

static void connect_now(rd_conn *c)
{
	c->error[0] = 0;
	if (*c->url->path) {
		connect_to(c, NULL);
		return;
	}
	unsigned char buf[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, c->url->host, buf) == 1 ||
	    inet_pton(AF_INET6, c->url->host, buf) == 1) {
		connect_to(c, c->url->host);
		return;
	}
	rd_resolve *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->c = c;
	r->req.data = r;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	int rc =
	    uv_getaddrinfo(fo_core_uv_loop(c->core), &r->req, resolved, c->url->host, NULL, &hints);
	if (rc != 0) {
		free(r);
		char why[256];
		snprintf(why, sizeof why, "cannot resolve %.160s: %s", c->url->host,
		         uv_strerror(rc));
		set_error(c, why);
		went_down(c, NULL);
		return;
	}
	c->resolving = r;
}

static void retry_cb(fo_core *core, void *ud)
{
	(void)core;
	rd_conn *c = ud;
	c->retry = NULL; /* one-shot: freed by the core */
	if (!c->closing && !c->ac && !c->resolving)
		connect_now(c);
}

static void ping_reply(redisAsyncContext *ac, void *r, void *pd)
{
	(void)pd;
	rd_conn_replied(ac, r);
}

static void watch_cb(fo_core *core, void *ud)
{
	rd_conn *c = ud;
	uint64_t now = fo_now_ms(core);
	if (!c->ac)
		return;
	if (!c->ready) {
		if (now - c->connect_at > RD_CONNECT_TIMEOUT_MS)
			rd_conn_drop(c, "connect timed out");
		return;
	}
	if (c->inflight > 0 && now - c->last_reply > RD_REPLY_TIMEOUT_MS) {
		rd_conn_drop(c, "no reply for 15 s");
		return;
	}
	if (c->inflight == 0 && now - c->last_reply > RD_PING_IDLE_MS) {
		const char *argv[1] = {"PING"};
		rd_conn_cmd(c, ping_reply, NULL, 1, argv, NULL);
	}
}

void rd_conn_init(rd_conn *c, fo_core *core, const rd_url *url, const char *name,
                  rd_ready_fn on_ready, rd_down_fn on_down, void *ud)
{
	memset(c, 0, sizeof *c);
	c->core = core;
	c->url = url;
	c->name = name;
	c->on_ready = on_ready;
	c->on_down = on_down;
	c->ud = ud;
	c->backoff_ms = RD_BACKOFF_MIN_MS;
	set_error(c, "not connected yet");
}

void rd_conn_start(rd_conn *c)
{
	if (!c->watch)
		c->watch = fo_timer_start(c->core, 1000, 1000, watch_cb, c);
	if (!c->ac && !c->retry && !c->resolving)
		connect_now(c);
}

void rd_conn_close(rd_conn *c)
{
	c->closing = true;
	if (c->retry)
		fo_timer_stop(c->retry);
	if (c->watch)
		fo_timer_stop(c->watch);
	c->retry = c->watch = NULL;
	if (c->resolving) {
		rd_resolve *r = c->resolving;
		r->c = NULL; /* its callback only frees it now */
		uv_cancel((uv_req_t *)&r->req);
		c->resolving = NULL;
	}
	if (c->ac) {
		redisAsyncContext *ac = c->ac;
		redisAsyncFree(ac); /* runs pending callbacks with NULL */
		went_down(c, ac);
	}
}

void rd_conn_drop(rd_conn *c, const char *why)
{
	redisAsyncContext *ac = c->ac;
	if (!ac)
		return;
	set_error(c, why);
	/* inside a hiredis callback the free is deferred until it returns;
	 * either way this ac is forgotten now */
	redisAsyncFree(ac);
	went_down(c, ac);
}

int rd_conn_cmd(rd_conn *c, redisCallbackFn *fn, void *pd, int argc, const char **argv,
                const size_t *lens)
{
	if (!c->ac || !c->ready)
		return -1;
	if (redisAsyncCommandArgv(c->ac, fn, pd, argc, argv, lens) != REDIS_OK)
		return -1;
	c->inflight++;
	return 0;
}

rd_conn *rd_conn_replied(redisAsyncContext *ac, const redisReply *reply)
{
	rd_conn *c = ac->data;
	if (!c || c->ac != ac)
		return NULL; /* a context already forgotten */
	if (reply) {
		if (c->inflight > 0)
			c->inflight--;
		c->last_reply = fo_now_ms(c->core);
	}
	return c;
}

int rd_conn_formatted(rd_conn *c, redisCallbackFn *fn, void *pd, const char *cmd, size_t len)
{
	if (!c->ac || !c->ready)
		return -1;
	if (redisAsyncFormattedCommand(c->ac, fn, pd, cmd, len) != REDIS_OK)
		return -1;
	c->inflight++;
	return 0;
}
