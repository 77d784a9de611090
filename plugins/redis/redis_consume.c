/* redis_consume.c — other services' events, read from the streams of
 * redis.inbound through the consumer group redis.group, at least once.
 *
 * On every (re)connection:
 *   1. XGROUP CREATE each stream's group (MKSTREAM; an existing one is fine);
 *   2. XREADGROUP ... STREAMS s 0: this consumer's own pending entries,
 *      delivered before a crash or a lost connection but never acknowledged;
 *   3. XAUTOCLAIM s g c IDLE: entries other consumers left pending longer
 *      than redis.claim_idle_ms (they died), taken over;
 *   4. XREADGROUP ... BLOCK ... STREAMS s... > ...: new entries, with step 3
 *      again whenever claim_idle_ms has passed.
 * Each entry is processed (published on the bus as "redis.event", logged,
 * printed by `redis consume`) and only then acknowledged with XACK.  An entry
 * processed but not yet acknowledged when the process dies is processed
 * again: at least once, never lost. */
#include "redis_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RD_READ_COUNT "100"
#define RD_BLOCK_MS "2000"

static void next_step(rd_state *s);
static void process_next(rd_state *s);

static char *xstrndup(const char *p, size_t n)
{
	char *d = malloc(n + 1);
	if (!d)
		abort();
	memcpy(d, p, n);
	d[n] = 0;
	return d;
}

/* ---------------------------------------------------------------- batch */

static void entry_free(rd_entry *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->fields[i]);
		free(e->values[i]);
	}
	free(e->fields);
	free(e->values);
	free(e->lens);
	free(e->id);
}

static void batch_clear(rd_state *s)
{
	for (size_t i = 0; i < s->nbatch; i++)
		entry_free(&s->batch[i]);
	free(s->batch);
	s->batch = NULL;
	s->nbatch = s->bpos = 0;
	for (size_t i = 0; i < s->nacks; i++)
		free(s->acks[i]);
	free(s->acks);
	s->acks = NULL;
	s->nacks = 0;
	if (s->step)
		fo_timer_stop(s->step);
	s->step = NULL;
}

static char *stream_of(rd_state *s, const redisReply *name)
{
	for (size_t i = 0; i < s->nstreams; i++)
		if (strlen(s->streams[i]) == name->len &&
		    memcmp(s->streams[i], name->str, name->len) == 0)
			return s->streams[i];
	return NULL;
}

/* Appends the entries of one [[id, [f, v, ...]], ...] array.  An entry
 * whose fields are nil was deleted: it is acknowledged, not processed. */
static void batch_add(rd_state *s, char *stream, const redisReply *arr, bool redelivered)
{
	if (!arr || arr->type != REDIS_REPLY_ARRAY || arr->elements == 0)
		return;
	rd_entry *b = realloc(s->batch, (s->nbatch + arr->elements) * sizeof *b);
	if (!b)
		abort();
	s->batch = b;
	for (size_t i = 0; i < arr->elements; i++) {
		const redisReply *e = arr->element[i];
		if (e->type != REDIS_REPLY_ARRAY || e->elements < 2 ||
		    e->element[0]->type != REDIS_REPLY_STRING)
			continue;
		rd_entry *d = &s->batch[s->nbatch++];
		memset(d, 0, sizeof *d);
		d->stream = stream;
		d->id = xstrndup(e->element[0]->str, e->element[0]->len);
		d->redelivered = redelivered;
		const redisReply *kv = e->element[1];
		if (kv->type != REDIS_REPLY_ARRAY)
			continue; /* deleted: n stays 0 */
		size_t n = kv->elements / 2;
		d->fields = calloc(n ? n : 1, sizeof *d->fields);
		d->values = calloc(n ? n : 1, sizeof *d->values);
		d->lens = calloc(n ? n : 1, sizeof *d->lens);
		if (!d->fields || !d->values || !d->lens)
			abort();
		for (size_t j = 0; j < n; j++) {
			const redisReply *f = kv->element[2 * j], *v = kv->element[2 * j + 1];
			d->fields[j] = xstrndup(f->str ? f->str : "", f->str ? f->len : 0);
			d->values[j] = xstrndup(v->str ? v->str : "", v->str ? v->len : 0);
			d->lens[j] = v->str ? v->len : 0;
		}
		d->n = n;
	}
}

/* ---------------------------------------------------------------- acknowledge */

static void ack_reply(redisAsyncContext *ac, void *r, void *pd)
{
	(void)pd;
	const redisReply *reply = r;
	rd_conn *c = rd_conn_replied(ac, reply);
	rd_state *s = c ? c->ud : NULL;
	if (!s || !reply)
		return;
	if (reply->type == REDIS_REPLY_INTEGER)
		s->st.acked += (unsigned long long)reply->integer;
	else if (reply->type == REDIS_REPLY_ERROR)
		fo_log(s->core, FO_LOG_WARN, "redis: XACK refused: %s", reply->str);
}

/* One XACK per stream for the ids processed so far. */
static void flush_acks(rd_state *s)
{
	if (!s->nacks)
		return;
	const char **argv = malloc((s->nacks + 3) * sizeof *argv);
	if (!argv)
		abort();
	for (size_t st = 0; st < s->nstreams; st++) {
		int argc = 0;
		argv[argc++] = "XACK";
		argv[argc++] = s->streams[st];
		argv[argc++] = s->group;
		for (size_t i = 0; i < s->nacks; i++)
			if (s->acks[i][0] == (char)st) /* first byte: the stream index */
				argv[argc++] = s->acks[i] + 1;
		if (argc > 3)
			rd_conn_cmd(&s->con, ack_reply, NULL, argc, argv, NULL);
	}
	free(argv);
	for (size_t i = 0; i < s->nacks; i++)
		free(s->acks[i]);
	s->nacks = 0;
}

static void ack_later(rd_state *s, const rd_entry *e)
{
	size_t st = 0;
	while (st < s->nstreams && s->streams[st] != e->stream)
		st++;
	char **a = realloc(s->acks, (s->nacks + 1) * sizeof *a);
	if (!a)
		abort();
	s->acks = a;
	size_t n = strlen(e->id);
	char *rec = malloc(n + 2);
	if (!rec)
		abort();
	rec[0] = (char)st;
	memcpy(rec + 1, e->id, n + 1);
	s->acks[s->nacks++] = rec;
}

/* ---------------------------------------------------------------- processing */

static void print_entry(const rd_entry *e)
{
	printf("event %s %s", e->id, e->stream);
	for (size_t i = 0; i < e->n; i++) {
		printf(" %s=", e->fields[i]);
		for (size_t j = 0; j < e->lens[i]; j++) {
			unsigned char ch = (unsigned char)e->values[i][j];
			if (ch < 0x20 || ch == 0x7f || ch == '\\')
				printf("\\x%02x", ch);
			else
				putchar(ch);
		}
	}
	putchar('\n');
	fflush(stdout);
}

static void process_one(rd_state *s, const rd_entry *e)
{
	if (e->fields) {
		/* "redis.event": one entry of an inbound stream, as the core's
		 * generic fields payload (source: the stream's key).  It is
		 * acknowledged (XACK) only after every subscriber returned, so an
		 * entry may come more than once (after a crash, a reconnect or a
		 * claim from a dead consumer): subscribers key on (source, id). */
		fo_bus_fields ev = {
		    .source = e->stream,
		    .id = e->id,
		    .n = e->n,
		    .names = (const char *const *)e->fields,
		    .values = (const char *const *)e->values,
		    .value_lens = e->lens,
		    .redelivered = e->redelivered,
		};
		fo_bus_publish_fields(s->core, "redis.event", &ev);
		s->st.consumed++;
		if (s->feed)
			fo_feed_count(s->feed, true, NULL, NULL);
		/* the log is for people: the first entries, then one in 1000 */
		fo_log(s->core,
		       s->st.consumed <= 10 || s->st.consumed % 1000 == 0 ? FO_LOG_INFO
		                                                          : FO_LOG_DEBUG,
		       "redis: event %s %s, %zu fields%s (%llu so far)", e->stream, e->id, e->n,
		       e->redelivered ? ", redelivered" : "", s->st.consumed);
		if (s->print)
			print_entry(e);
	} else if (s->feed) {
		fo_feed_count(s->feed, false, "deleted", NULL);
	}
	ack_later(s, e);
}

static void step_cb(fo_core *core, void *ud)
{
	(void)core;
	rd_state *s = ud;
	s->step = NULL; /* one-shot */
	process_next(s);
}

static void process_next(rd_state *s)
{
	while (s->bpos < s->nbatch) {
		process_one(s, &s->batch[s->bpos++]);
		if (s->delay_ms > 0) {
			/* `redis consume --delay-ms`: slow on purpose; what is done
			 * is acknowledged before we wait */
			flush_acks(s);
			s->step = fo_timer_start(s->core, (uint64_t)s->delay_ms, 0, step_cb, s);
			return;
		}
	}
	flush_acks(s);
	batch_clear(s);
	next_step(s);
}

/* ---------------------------------------------------------------- reads */

static void read_reply(redisAsyncContext *ac, void *r, void *pd)
{
	const redisReply *reply = r;
	rd_conn *c = rd_conn_replied(ac, reply);
	rd_state *s = c ? c->ud : NULL;
	(void)pd;
	if (!s || !reply)
		return; /* the connection went: rd_con_down resets */
	s->read_inflight = false;
	if (s->phase == RD_C_IDLE)
		return; /* stopped (rd_con_stop): the entries stay pending */
	if (reply->type == REDIS_REPLY_ERROR) {
		snprintf(s->last_error, sizeof s->last_error, "%s", reply->str);
		fo_log(s->core, FO_LOG_ERROR, "redis: reading %s: %s",
		       s->nstreams ? s->streams[s->cur < s->nstreams ? s->cur : 0] : "",
		       reply->str);
		if (s->feed)
			fo_feed_set_error(s->feed, reply->str);
		/* e.g. NOGROUP after a server restart: start over in a while */
		rd_conn_drop(&s->con, reply->str);
		return;
	}
	bool empty = true;
	if (s->phase == RD_C_CLAIM) {
		/* [next-start, [entries], (Redis 7: [deleted ids])] */
		if (reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2) {
			const redisReply *next = reply->element[0];
			if (next->type == REDIS_REPLY_STRING)
				snprintf(s->cursor, sizeof s->cursor, "%.*s", (int)next->len,
				         next->str);
			size_t before = s->nbatch;
			batch_add(s, s->streams[s->cur], reply->element[1], true);
			s->st.claimed += s->nbatch - before;
			if (s->nbatch > before)
				fo_log(
				    s->core, FO_LOG_INFO,
				    "redis: claimed %zu pending entries of %s from dead consumers",
				    s->nbatch - before, s->streams[s->cur]);
			empty = strcmp(s->cursor, "0-0") == 0;
		}
	} else if (reply->type == REDIS_REPLY_ARRAY) {
		/* [[stream, [[id, [f, v...]], ...]], ...]; nil on a BLOCK time-out */
		for (size_t i = 0; i < reply->elements; i++) {
			const redisReply *sr = reply->element[i];
			if (sr->type != REDIS_REPLY_ARRAY || sr->elements < 2 ||
			    sr->element[0]->type != REDIS_REPLY_STRING)
				continue;
			char *stream = stream_of(s, sr->element[0]);
			if (!stream)
				continue;
			batch_add(s, stream, sr->element[1], s->phase == RD_C_PENDING);
		}
		if (s->phase == RD_C_PENDING && s->nbatch) {
			snprintf(s->cursor, sizeof s->cursor, "%s", s->batch[s->nbatch - 1].id);
			empty = false;
		}
	}
	if (s->phase == RD_C_PENDING && empty) {
		/* this stream's pending list is done */
		s->cur++;
		snprintf(s->cursor, sizeof s->cursor, "0");
	} else if (s->phase == RD_C_CLAIM && empty) {
		s->cur++;
		snprintf(s->cursor, sizeof s->cursor, "0-0");
	}
	s->bpos = 0;
	process_next(s);
}

static void send_read(rd_state *s, int argc, const char **argv)
{
	if (rd_conn_cmd(&s->con, read_reply, NULL, argc, argv, NULL) == 0)
		s->read_inflight = true;
}

/* Issues the read of the current phase, moving on when a phase is done. */
static void next_step(rd_state *s)
{
	if (!s->con.ready || s->read_inflight || s->nbatch || s->step)
		return;
	if (s->phase == RD_C_PENDING && s->cur >= s->nstreams) {
		s->phase = RD_C_CLAIM;
		s->cur = 0;
		snprintf(s->cursor, sizeof s->cursor, "0-0");
	}
	if (s->phase == RD_C_CLAIM && s->cur >= s->nstreams) {
		s->phase = RD_C_LIVE;
		s->last_claim = fo_now_ms(s->core);
	}
	if (s->phase == RD_C_LIVE &&
	    fo_now_ms(s->core) - s->last_claim >= (uint64_t)s->claim_idle_ms) {
		s->phase = RD_C_CLAIM;
		s->cur = 0;
		snprintf(s->cursor, sizeof s->cursor, "0-0");
	}
	char idle[24];
	switch (s->phase) {
	case RD_C_PENDING: {
		const char *argv[] = {"XREADGROUP", "GROUP",       s->group,  s->consumer,
		                      "COUNT",      RD_READ_COUNT, "STREAMS", s->streams[s->cur],
		                      s->cursor};
		send_read(s, 9, argv);
		break;
	}
	case RD_C_CLAIM: {
		snprintf(idle, sizeof idle, "%ld", s->claim_idle_ms);
		const char *argv[] = {"XAUTOCLAIM", s->streams[s->cur], s->group, s->consumer,
		                      idle,         s->cursor,          "COUNT",  RD_READ_COUNT};
		send_read(s, 8, argv);
		break;
	}
	case RD_C_LIVE: {
		int argc = 0;
		const char **argv = malloc((9 + 2 * s->nstreams) * sizeof *argv);
		if (!argv)
			abort();
		argv[argc++] = "XREADGROUP";
		argv[argc++] = "GROUP";
		argv[argc++] = s->group;
		argv[argc++] = s->consumer;
		argv[argc++] = "COUNT";
		argv[argc++] = RD_READ_COUNT;
		argv[argc++] = "BLOCK";
		argv[argc++] = RD_BLOCK_MS;
		argv[argc++] = "STREAMS";
		for (size_t i = 0; i < s->nstreams; i++)
			argv[argc++] = s->streams[i];
		for (size_t i = 0; i < s->nstreams; i++)
			argv[argc++] = ">";
		send_read(s, argc, argv);
		free(argv);
		break;
	}
	default:
		break;
	}
}

/* ---------------------------------------------------------------- groups */

static void group_reply(redisAsyncContext *ac, void *r, void *pd)
{
	const redisReply *reply = r;
	rd_conn *c = rd_conn_replied(ac, reply);
	rd_state *s = c ? c->ud : NULL;
	const char *stream = pd;
	if (!s || !reply || s->phase != RD_C_GROUPS)
		return;
	if (reply->type == REDIS_REPLY_ERROR && strncmp(reply->str, "BUSYGROUP", 9) != 0) {
		fo_log(s->core, FO_LOG_ERROR, "redis: creating group %s on %s: %s", s->group,
		       stream, reply->str);
		snprintf(s->last_error, sizeof s->last_error, "%s", reply->str);
	}
	if (--s->groups_left > 0)
		return;
	s->phase = RD_C_PENDING;
	s->cur = 0;
	snprintf(s->cursor, sizeof s->cursor, "0");
	next_step(s);
}

void rd_con_ready(rd_state *s)
{
	batch_clear(s);
	s->read_inflight = false;
	s->phase = RD_C_GROUPS;
	s->groups_left = 0;
	for (size_t i = 0; i < s->nstreams; i++) {
		const char *argv[] = {"XGROUP", "CREATE",       s->streams[i],
		                      s->group, s->group_start, "MKSTREAM"};
		if (rd_conn_cmd(&s->con, group_reply, s->streams[i], 6, argv, NULL) == 0)
			s->groups_left++;
	}
}

void rd_con_stop(rd_state *s)
{
	flush_acks(s);
	rd_con_down(s);
}

void rd_con_down(rd_state *s)
{
	/* what was read but not acknowledged stays pending in Redis and is
	 * read again (step 2) on the next connection */
	batch_clear(s);
	s->read_inflight = false;
	s->phase = RD_C_IDLE;
}

void rd_con_fini(rd_state *s)
{
	batch_clear(s);
}
