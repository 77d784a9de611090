/* redis_pub.c — core events to the stream PREFIX:events (XADD MAXLEN ~),
 * and each vehicle's latest state to the hash PREFIX:vehicle:ID.
 *
 * Events are formatted once, on the bus callback, and written pipelined;
 * while Redis is down (or far behind) they wait in a bounded queue, the
 * oldest dropped and counted when it is full.  State hashes are written
 * from a timer, at most once per interval per changed vehicle (its model
 * generation against the one last written), all in one pipelined burst. */
#include "redis_int.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RD_QUEUE_MAX 10000    /* events kept while Redis is down */
#define RD_INFLIGHT_MAX 50000 /* replies outstanding before we hold back */
#define RD_MAX_FIELDS 16

typedef struct {
	char name[RD_MAX_FIELDS][48]; /* copied: a JSON payload's keys go with it */
	char value[RD_MAX_FIELDS][128];
	size_t n;
} rd_fields;

static void add(rd_fields *f, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(rd_fields *f, const char *name, const char *fmt, ...)
{
	if (f->n >= RD_MAX_FIELDS)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->value[f->n], sizeof f->value[f->n], fmt, ap);
	va_end(ap);
	snprintf(f->name[f->n], sizeof f->name[f->n], "%s", name);
	f->n++;
}

/* ---------------------------------------------------------------- event table
 *
 * What goes to the stream: every event published as JSON text, and the
 * core's vehicle events, one row per topic: the topic, and a function that
 * adds the vehicle id and the event's own fields. */

typedef void (*rd_format_fn)(const void *payload, rd_fields *f);

/* The core's vehicle events (fleetops_plugin.h, "vehicle events"): each
 * starts with the vehicle (fo_vehicle_event); the same field names as the
 * Lua host gives its handlers. */
static void fmt_vehicle(const void *payload, rd_fields *f)
{
	const fo_vehicle_event *e = payload;
	add(f, "vehicle", "%s", e->vehicle ? e->vehicle : "");
}

static const char *yes(bool b)
{
	return b ? "true" : "false";
}

static void fmt_connection(const void *payload, rd_fields *f)
{
	const fo_vev_connection *e = payload;
	fmt_vehicle(payload, f);
	add(f, "online", "%s", yes(e->online));
	add(f, "state", "%s", fo_vda_conn_name(e->state));
	add(f, "previous", "%s", fo_vda_conn_name(e->previous));
}

static void fmt_error(const void *payload, rd_fields *f)
{
	const fo_vev_error *e = payload;
	fmt_vehicle(payload, f);
	add(f, "raised", "%s", yes(e->raised));
	if (e->error) {
		add(f, "error_type", "%s", e->error->type);
		add(f, "level", "%s", e->error->level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
		add(f, "description", "%s", e->error->desc);
	}
}

static void fmt_estop(const void *payload, rd_fields *f)
{
	const fo_vev_estop *e = payload;
	fmt_vehicle(payload, f);
	add(f, "estop", "%s", fo_estop_name(e->estop));
	add(f, "field_violation", "%s", yes(e->field_violation));
	add(f, "active", "%s", yes(e->active));
}

static void fmt_mode(const void *payload, rd_fields *f)
{
	const fo_vev_mode *e = payload;
	fmt_vehicle(payload, f);
	add(f, "mode", "%s", fo_opmode_name(e->mode));
	add(f, "previous", "%s", fo_opmode_name(e->previous));
}

static void fmt_battery(const void *payload, rd_fields *f)
{
	const fo_vev_battery *e = payload;
	fmt_vehicle(payload, f);
	add(f, "threshold", "%.1f", e->threshold);
	add(f, "battery", "%.1f", e->battery);
	add(f, "below", "%s", yes(e->below));
}

static void fmt_order(const void *payload, rd_fields *f)
{
	const fo_vev_order *e = payload;
	fmt_vehicle(payload, f);
	add(f, "order", "%s", e->order_id ? e->order_id : "");
	add(f, "order_update", "%u", e->order_update);
	add(f, "load", "%s", e->load ? e->load : "");
	if (e->reason && e->reason[0]) {
		add(f, "reason", "%s", e->reason);
		add(f, "detail", "%s", e->detail ? e->detail : "");
	}
}

/* Events published as a compact JSON object (fo_bus_publish_json: alerts,
 * missions, safety events, whatever a plugin adds): its members become the
 * entry's fields, objects and arrays as JSON text, each cut to the field
 * size. */
static void fmt_json(const void *payload, rd_fields *f)
{
	json_t *o = payload ? json_loads(payload, 0, NULL) : NULL;
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		if (json_is_string(v)) {
			add(f, k, "%s", json_string_value(v));
		} else {
			char *txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			add(f, k, "%s", txt ? txt : "");
			free(txt);
		}
	}
	json_decref(o);
}

static const struct {
	const char *topic;
	rd_format_fn format;
} rd_topics[] = {
    {FO_TOPIC_VEHICLE_CONNECTION, fmt_connection}, {FO_TOPIC_VEHICLE_ERROR, fmt_error},
    {FO_TOPIC_VEHICLE_ESTOP, fmt_estop},           {FO_TOPIC_VEHICLE_MODE, fmt_mode},
    {FO_TOPIC_VEHICLE_BATTERY, fmt_battery},       {FO_TOPIC_VEHICLE_ORDER_DONE, fmt_order},
    {FO_TOPIC_VEHICLE_ORDER_FAILED, fmt_order},
};
#define RD_NTOPICS (sizeof rd_topics / sizeof rd_topics[0])

/* ---------------------------------------------------------------- queue */

static void queue_push(rd_state *s, char *cmd, int len)
{
	if (s->qlen == RD_QUEUE_MAX) { /* full: the oldest goes */
		redisFreeCommand(s->queue[s->qhead].cmd);
		s->qhead = (s->qhead + 1) % s->qcap;
		s->qlen--;
		s->st.dropped++;
	} else if (s->qlen == s->qcap) {
		/* the ring is full: grow it (the capacity at least doubles), then
		 * the entries before qhead follow the old end */
		size_t old = s->qcap;
		s->queue = fo_grow(s->queue, &s->qcap, old + 1, sizeof *s->queue, 64);
		memcpy(s->queue + old, s->queue, s->qhead * sizeof *s->queue);
	}
	s->queue[(s->qhead + s->qlen) % s->qcap] = (rd_pending){cmd, len};
	s->qlen++;
}

static bool can_send(const rd_state *s)
{
	return s->pub.ready && s->pub.inflight < RD_INFLIGHT_MAX;
}

static void flush_queue(rd_state *s);

/* is_event: XADD, else HSET (for the counters and the message). */
static void count_reply(redisAsyncContext *ac, const redisReply *reply, bool is_event)
{
	rd_conn *c = rd_conn_replied(ac, reply);
	rd_state *s = c ? c->ud : NULL;
	if (!s || !reply)
		return;
	if (reply->type == REDIS_REPLY_ERROR) {
		/* bounded: one line per 1000 errors */
		if (s->st.pub_errors++ % 1000 == 0)
			fo_log(s->core, FO_LOG_WARN, "redis: %s refused: %s",
			       is_event ? "XADD" : "HSET", reply->str);
		snprintf(s->last_error, sizeof s->last_error, "%s", reply->str);
	} else if (is_event) {
		s->st.events++;
	} else {
		s->st.hashes++;
	}
	if (s->qlen)
		flush_queue(s);
}

static void event_reply(redisAsyncContext *ac, void *r, void *pd)
{
	(void)pd;
	count_reply(ac, r, true);
}

static void hash_reply(redisAsyncContext *ac, void *r, void *pd)
{
	(void)pd;
	count_reply(ac, r, false);
}

static void flush_queue(rd_state *s)
{
	while (s->qlen && can_send(s)) {
		rd_pending *p = &s->queue[s->qhead];
		if (rd_conn_formatted(&s->pub, event_reply, NULL, p->cmd, (size_t)p->len) != 0)
			return;
		redisFreeCommand(p->cmd);
		s->qhead = (s->qhead + 1) % s->qcap;
		s->qlen--;
	}
}

static void on_event(fo_core *core, const char *topic, const void *payload, void *ud)
{
	rd_state *s = ud;
	rd_format_fn format = NULL;
	if (fo_bus_json_of(payload))
		format = fmt_json;
	for (size_t i = 0; !format && i < RD_NTOPICS; i++)
		if (strcmp(rd_topics[i].topic, topic) == 0)
			format = rd_topics[i].format;
	if (!format || !payload)
		return;
	rd_fields f = {0};
	char now[32];
	fo_iso_time(fo_wall_ms(), now, sizeof now);
	add(&f, "type", "%s", topic);
	add(&f, "time", "%s", now);
	format(payload, &f);

	const char *argv[7 + 2 * RD_MAX_FIELDS];
	int argc = 0;
	argv[argc++] = "XADD";
	argv[argc++] = s->events_key;
	argv[argc++] = "MAXLEN";
	argv[argc++] = "~";
	argv[argc++] = s->maxlen;
	argv[argc++] = "*";
	for (size_t i = 0; i < f.n; i++) {
		argv[argc++] = f.name[i];
		argv[argc++] = f.value[i];
	}
	char *cmd;
	int len = redisFormatCommandArgv(&cmd, argc, argv, NULL);
	if (len < 0)
		abort(); /* out of memory */
	if (s->qlen == 0 && can_send(s) &&
	    rd_conn_formatted(&s->pub, event_reply, NULL, cmd, (size_t)len) == 0) {
		redisFreeCommand(cmd);
		return;
	}
	queue_push(s, cmd, len);
	(void)core;
}

/* ---------------------------------------------------------------- state hashes */

static void errors_text(const fo_vehicle *v, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < v->nerrors && i < FO_MAX_VERRORS && o < len; i++) {
		int n = snprintf(buf + o, len - o, "%s%s:%s", i ? "," : "", v->errors[i].type,
		                 v->errors[i].level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING");
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

static void push_vehicle(rd_state *s, fo_model *m, const fo_vehicle *v)
{
	char key[256], battery[16], x[24], y[24], theta[24], speed[24], errors[320], updated[32];
	snprintf(key, sizeof key, "%s:vehicle:%s", s->prefix, v->id);
	snprintf(battery, sizeof battery, "%.1f", v->battery);
	snprintf(x, sizeof x, "%.3f", v->x);
	snprintf(y, sizeof y, "%.3f", v->y);
	snprintf(theta, sizeof theta, "%.3f", v->theta);
	snprintf(speed, sizeof speed, "%.2f", v->speed);
	errors_text(v, errors, sizeof errors);
	fo_iso_time(v->last_seen_ms ? v->last_seen_ms : fo_wall_ms(), updated, sizeof updated);
	const fo_fleet *fl =
	    v->fleet < fo_model_fleet_count(m) ? fo_model_fleet(m, v->fleet) : NULL;
	const char *argv[] = {
	    "HSET",    key,
	    "battery", battery,
	    "x",       x,
	    "y",       y,
	    "theta",   theta,
	    "speed",   speed,
	    "state",   fo_vstate_name(fo_vehicle_state(v)),
	    "online",  v->online ? "true" : "false",
	    "order",   v->order_id,
	    "errors",  errors,
	    "fleet",   fl ? fl->id : "",
	    "updated", updated,
	};
	rd_conn_cmd(&s->pub, hash_reply, NULL, (int)(sizeof argv / sizeof argv[0]), argv, NULL);
}

void rd_pub_state_tick(fo_core *core, void *ud)
{
	rd_state *s = ud;
	if (!can_send(s))
		return;
	fo_model *m = fo_core_model(core);
	size_t n = fo_model_vehicle_count(m);
	if (n > s->npushed) {
		size_t old = s->npushed;
		s->pushed_gen = fo_grow(s->pushed_gen, &s->npushed, n, sizeof *s->pushed_gen, 64);
		memset(s->pushed_gen + old, 0, (s->npushed - old) * sizeof *s->pushed_gen);
	}
	/* gen + 1: 0 means never written, whatever the vehicle's gen */
	for (size_t i = 0; i < n; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		if (s->pushed_gen[i] == v->gen + 1)
			continue;
		push_vehicle(s, m, v);
		s->pushed_gen[i] = v->gen + 1;
	}
}

/* ---------------------------------------------------------------- life cycle */

void rd_pub_init(rd_state *s)
{
	/* every topic: the vehicle events by the table, any JSON event */
	fo_bus_subscribe(s->core, "*", on_event, s);
	s->state_timer = fo_timer_start(s->core, s->state_interval_ms, s->state_interval_ms,
	                                rd_pub_state_tick, s);
}

void rd_pub_ready(rd_state *s)
{
	/* the server may have restarted empty: write every hash again */
	if (s->npushed)
		memset(s->pushed_gen, 0, s->npushed * sizeof *s->pushed_gen);
	flush_queue(s);
	rd_pub_state_tick(s->core, s);
}

void rd_pub_fini(rd_state *s)
{
	if (s->state_timer)
		fo_timer_stop(s->state_timer);
	s->state_timer = NULL;
	while (s->qlen) {
		redisFreeCommand(s->queue[s->qhead].cmd);
		s->qhead = (s->qhead + 1) % s->qcap;
		s->qlen--;
	}
	free(s->queue);
	s->queue = NULL;
	free(s->pushed_gen);
	s->pushed_gen = NULL;
}
