/* mqtt_plugin.c — VDA 5050 over MQTT: connects to the broker named by the
 * mqtt option with a persistent session, subscribes to every vehicle's
 * state, connection, factsheet and visualization topics, hands each message
 * to the codec on the loop thread and reports the feed's status.  While the
 * broker is away it keeps trying, 1 s doubling to 30 s. */
#include "mqtt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MQ_BATCH 20000      /* events per loop turn, so the console keeps drawing */
#define MQ_LOG_PER_SECOND 5 /* rejects logged one by one, then a summary */
#define MQ_BACKOFF_MAX_S 30

static const char *const mq_topics[] = {"state", "connection", "factsheet", "visualization"};
#define MQ_NTOPICS (sizeof mq_topics / sizeof mq_topics[0])

/* ---------------------------------------------------------------- paho's threads */

static void first_attempt_done(mqtt_state *st)
{
	pthread_mutex_lock(&st->first_lock);
	st->first_done = true;
	pthread_cond_broadcast(&st->first_cond);
	pthread_mutex_unlock(&st->first_lock);
}

static void push_status(mqtt_state *st, mq_ev_kind kind, int code, const char *text)
{
	mq_queue_push(&st->q, kind, code, NULL, 0, text, text ? strlen(text) : 0);
}

static void on_connect_ok(void *ctx, MQTTAsync_successData *resp)
{
	mqtt_state *st = ctx;
	atomic_store(&st->link, 1);
	push_status(st, MQ_EV_CONNECTED, resp ? resp->alt.connect.sessionPresent : 0, NULL);
	first_attempt_done(st);
}

static void on_connect_fail(void *ctx, MQTTAsync_failureData *resp)
{
	mqtt_state *st = ctx;
	atomic_store(&st->link, 0);
	/* the broker's CONNACK refusals (MQTT 3.1.1, 3.2.2.3) say more than
	 * paho's text does */
	static const char *const connack[] = {NULL,
	                                      "unacceptable protocol version",
	                                      "client id rejected",
	                                      "server unavailable",
	                                      "bad user name or password",
	                                      "not authorized"};
	int code = resp ? resp->code : -1;
	char why[200];
	if (code >= 1 && code <= 5)
		snprintf(why, sizeof why, "cannot connect: %s (CONNACK %d)", connack[code], code);
	else
		snprintf(why, sizeof why, "cannot connect: %s",
		         resp && resp->message ? resp->message
		         : resp                ? MQTTAsync_strerror(code)
		                               : "unknown error");
	push_status(st, MQ_EV_CONNECT_FAILED, code, why);
	first_attempt_done(st);
}

static void on_lost(void *ctx, char *cause)
{
	mqtt_state *st = ctx;
	atomic_store(&st->link, 0);
	char why[200];
	snprintf(why, sizeof why, "connection lost%s%s", cause ? ": " : "", cause ? cause : "");
	push_status(st, MQ_EV_LOST, 0, why);
}

static int on_message(void *ctx, char *topic, int topic_len, MQTTAsync_message *m)
{
	mqtt_state *st = ctx;
	size_t tl = topic_len > 0 ? (size_t)topic_len : strlen(topic);
	mq_queue_push(&st->q, MQ_EV_MESSAGE, m->retained ? 1 : 0, topic, tl, m->payload,
	              m->payloadlen > 0 ? (size_t)m->payloadlen : 0);
	MQTTAsync_freeMessage(&m);
	MQTTAsync_free(topic);
	return 1;
}

static void on_subscribed(void *ctx, MQTTAsync_successData *resp)
{
	(void)resp;
	push_status(ctx, MQ_EV_SUBSCRIBED, 0, NULL);
}

static void on_subscribe_fail(void *ctx, MQTTAsync_failureData *resp)
{
	char why[200];
	snprintf(why, sizeof why, "subscription refused: %s",
	         resp && resp->message ? resp->message : "the broker said no");
	push_status(ctx, MQ_EV_SUBSCRIBE_FAILED, resp ? resp->code : -1, why);
}

static void on_disconnected(void *ctx, MQTTAsync_successData *resp)
{
	(void)resp;
	mqtt_state *st = ctx;
	pthread_mutex_lock(&st->bye_lock);
	st->bye_done = true;
	pthread_cond_broadcast(&st->bye_cond);
	pthread_mutex_unlock(&st->bye_lock);
}

static void on_disconnect_fail(void *ctx, MQTTAsync_failureData *resp)
{
	(void)resp;
	on_disconnected(ctx, NULL);
}

/* ---------------------------------------------------------------- loop: connection */

static void start_connect(mqtt_state *st);

static void retry_fire(fo_core *core, void *ud)
{
	(void)core;
	mqtt_state *st = ud;
	st->retry = NULL; /* one-shot: freed after this returns */
	if (!st->stopping && !st->connected)
		start_connect(st);
}

static void schedule_retry(mqtt_state *st)
{
	if (st->stopping || st->retry)
		return;
	unsigned s = st->backoff_s ? st->backoff_s : 1;
	fo_log(st->core, FO_LOG_INFO, "mqtt: retrying %s in %u s", st->url, s);
	st->retry = fo_timer_start(st->core, (uint64_t)s * 1000, 0, retry_fire, st);
	st->backoff_s = s * 2 > MQ_BACKOFF_MAX_S ? MQ_BACKOFF_MAX_S : s * 2;
}

static void start_connect(mqtt_state *st)
{
	if (!st->connect_started)
		fo_log(st->core, FO_LOG_INFO, "mqtt: connecting to %s as %s", st->url,
		       st->client_id);
	st->connect_started = true;
	MQTTAsync_connectOptions o = MQTTAsync_connectOptions_initializer;
	MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
	o.keepAliveInterval = st->keepalive;
	o.cleansession = 0; /* the broker keeps our subscriptions and QoS 1 messages */
	o.connectTimeout = 5;
	o.MQTTVersion = MQTTVERSION_3_1_1;
	o.automaticReconnect = 0; /* our own back-off, so the feed status sees each try */
	o.onSuccess = on_connect_ok;
	o.onFailure = on_connect_fail;
	o.context = st;
	if (*st->username)
		o.username = st->username;
	if (*st->password)
		o.password = st->password;
	if (st->tls) {
		ssl.trustStore = *st->tls_ca ? st->tls_ca : NULL;
		ssl.enableServerCertAuth = 1;
		ssl.verify = 1;
		o.ssl = &ssl;
	}
	int rc = MQTTAsync_connect(st->client, &o);
	if (rc != MQTTASYNC_SUCCESS) {
		char why[200];
		snprintf(why, sizeof why, "cannot start connecting: %s", MQTTAsync_strerror(rc));
		fo_feed_set_connected(st->feed, false, why);
		fo_log(st->core, FO_LOG_WARN, "mqtt: %s", why);
		first_attempt_done(st);
		schedule_retry(st);
	}
}

static void subscribe_all(mqtt_state *st)
{
	/* interface/+/manufacturer/serial/topic: any major version, so a vehicle
	 * speaking another one is seen and refused with a reason */
	char topics[MQ_NTOPICS][256];
	char *tp[MQ_NTOPICS];
	int qos[MQ_NTOPICS];
	for (size_t i = 0; i < MQ_NTOPICS; i++) {
		if (*st->share)
			snprintf(topics[i], sizeof topics[i], "$share/%s/%s/+/+/+/%s", st->share,
			         st->iface, mq_topics[i]);
		else
			snprintf(topics[i], sizeof topics[i], "%s/+/+/+/%s", st->iface,
			         mq_topics[i]);
		tp[i] = topics[i];
		/* VDA 5050: connection travels at QoS 1, the rest at 0 */
		qos[i] = strcmp(mq_topics[i], "connection") == 0 ? 1 : st->qos;
	}
	MQTTAsync_responseOptions r = MQTTAsync_responseOptions_initializer;
	r.onSuccess = on_subscribed;
	r.onFailure = on_subscribe_fail;
	r.context = st;
	int rc = MQTTAsync_subscribeMany(st->client, (int)MQ_NTOPICS, tp, qos, &r);
	if (rc != MQTTASYNC_SUCCESS) {
		char why[200];
		snprintf(why, sizeof why, "cannot subscribe: %s", MQTTAsync_strerror(rc));
		fo_feed_set_error(st->feed, why);
		fo_log(st->core, FO_LOG_ERROR, "mqtt: %s", why);
	}
}

static void handle_status(mqtt_state *st, const mq_event *e)
{
	const char *text = e->data + e->topic_len + 1;
	switch (e->kind) {
	case MQ_EV_CONNECTED:
		st->connected = true;
		st->backoff_s = 1;
		fo_feed_set_connected(st->feed, true, NULL);
		fo_log(st->core, FO_LOG_INFO, "mqtt: connected to %s as %s (session %s)", st->url,
		       st->client_id, e->code ? "resumed" : "new");
		/* A resumed session still holds our subscriptions: after a
		 * reconnect, subscribing again would only replay every retained
		 * message.  A new process subscribes anyway: its model is empty
		 * and the retained connections and states fill it. */
		if (!e->code || !st->subscribed_once)
			subscribe_all(st);
		st->subscribed_once = true;
		break;
	case MQ_EV_CONNECT_FAILED:
	case MQ_EV_LOST:
		st->connected = false;
		fo_feed_set_connected(st->feed, false, text);
		fo_log(st->core, FO_LOG_WARN, "mqtt: %s: %s", st->url, text);
		schedule_retry(st);
		break;
	case MQ_EV_SUBSCRIBED:
		fo_log(st->core, FO_LOG_INFO,
		       "mqtt: subscribed to %s/+/+/+/{state,connection,"
		       "factsheet,visualization}%s%s",
		       st->iface, *st->share ? " in shared group " : "", st->share);
		break;
	case MQ_EV_SUBSCRIBE_FAILED:
		fo_feed_set_error(st->feed, text);
		fo_log(st->core, FO_LOG_ERROR, "mqtt: %s", text);
		break;
	case MQ_EV_MESSAGE:
		break;
	}
}

/* ---------------------------------------------------------------- loop: messages */

static void log_reject(mqtt_state *st, const char *topic, const fo_vda_verdict *v)
{
	uint64_t sec = fo_now_ms(st->core) / 1000;
	if (sec != st->log_window) {
		st->log_window = sec;
		st->logged = 0;
	}
	if (st->logged < MQ_LOG_PER_SECOND) {
		st->logged++;
		fo_log(st->core, FO_LOG_WARN, "mqtt: refused %s: %s: %s", topic, v->reason,
		       v->detail);
	} else {
		st->suppressed++;
	}
}

static void tick_fire(fo_core *core, void *ud)
{
	mqtt_state *st = ud;
	if (st->suppressed) {
		fo_log(core, FO_LOG_WARN,
		       "mqtt: %llu more refused messages not logged (see: feeds status)",
		       (unsigned long long)st->suppressed);
		st->suppressed = 0;
	}
}

static void refuse(mqtt_state *st, const char *topic, const char *vehicle, const char *reason,
                   const char *detail)
{
	fo_vda_verdict v;
	snprintf(v.reason, sizeof v.reason, "%s", reason);
	snprintf(v.detail, sizeof v.detail, "%s", detail);
	fo_feed_count(st->feed, false, v.reason, vehicle);
	log_reject(st, topic, &v);
}

/* topic: interface/vN/manufacturer/serial/name */
/* The "version" a refused payload announces, for the vehicle list: a
 * plain scan, the message being invalid anyway. */
static void payload_version(const char *p, size_t len, char *out, size_t outlen)
{
	static const char key[] = "\"version\"";
	snprintf(out, outlen, "?");
	const char *end = p + len;
	const char *k = memmem(p, len, key, sizeof key - 1);
	if (!k)
		return;
	const char *q = k + sizeof key - 1;
	while (q < end && (*q == ' ' || *q == ':' || *q == '\t'))
		q++;
	if (q >= end || *q != '"')
		return;
	q++;
	size_t n = 0;
	while (q + n < end && q[n] != '"' && n + 1 < outlen && (unsigned char)q[n] >= 0x20)
		n++;
	memcpy(out, q, n);
	out[n] = '\0';
}

static void handle_message(mqtt_state *st, mq_event *e)
{
	char *topic = e->data;
	const char *payload = e->data + e->topic_len + 1;
	char copy[512];
	if (e->topic_len >= sizeof copy) {
		refuse(st, "(long topic)", NULL, "topic", "topic longer than 511 bytes");
		return;
	}
	memcpy(copy, topic, e->topic_len + 1);
	char *part[6];
	int n = 0;
	for (char *p = copy, *slash; n < 6; p = slash + 1) {
		part[n++] = p;
		slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	if (n != 5 || !*part[2] || !*part[3]) {
		refuse(st, topic, NULL, "topic", "not interface/vN/manufacturer/serial/topic");
		return;
	}
	char vehicle[160];
	snprintf(vehicle, sizeof vehicle, "%s/%s", part[2], part[3]);
	if (strcmp(part[1], "v2") != 0) {
		char why[160];
		snprintf(why, sizeof why,
		         "vehicle announces major version '%s'; fleetops speaks VDA 5050 v2 "
		         "(2.0.x, 2.1.x)",
		         part[1]);
		refuse(st, topic, vehicle, "version", why);
		fo_vda_note_unsupported(st->core, part[2], part[3], part[1]);
		return;
	}
	int t = fo_vda_topic_parse(part[4]);
	if (t < 0) {
		refuse(st, topic, vehicle, "topic", "not an inbound VDA 5050 topic");
		return;
	}
	fo_vda_verdict v;
	memset(&v, 0, sizeof v);
	unsigned flags = e->code ? FO_VDA_F_RETAINED : 0;
	if (fo_vda_ingest_ex(st->core, (fo_vda_topic)t, part[2], part[3], payload, e->payload_len,
	                     flags, &v) == 0) {
		fo_feed_count(st->feed, true, NULL, NULL);
	} else {
		fo_feed_count(st->feed, false, v.reason, vehicle);
		log_reject(st, topic, &v);
		if (strcmp(v.reason, "version") == 0) {
			char announced[16];
			payload_version(payload, e->payload_len, announced, sizeof announced);
			fo_vda_note_unsupported(st->core, part[2], part[3], announced);
		}
	}
}

static void drain(fo_core *core, void *ud);

/* While messages keep coming, the loop collects them every few
 * milliseconds instead of being woken for each one. */
#define MQ_BATCH_MS 5

static void batch_fire(fo_core *core, void *ud)
{
	mqtt_state *st = ud;
	st->batch = NULL; /* one-shot: freed after this call */
	drain(core, ud);
}

static void drain(fo_core *core, void *ud)
{
	(void)core;
	mqtt_state *st = ud;
	uint64_t dropped;
	mq_event *fresh = mq_queue_take(&st->q, &dropped);
	if (fresh) {
		mq_event **tail = &st->pending;
		while (*tail)
			tail = &(*tail)->next;
		*tail = fresh;
	}
	for (; st->dropped_seen < dropped; st->dropped_seen++)
		fo_feed_count(st->feed, false, "queue_full", NULL);
	size_t done = 0;
	while (st->pending && done < MQ_BATCH) {
		mq_event *e = st->pending;
		st->pending = e->next;
		if (e->kind == MQ_EV_MESSAGE)
			handle_message(st, e);
		else
			handle_status(st, e);
		free(e);
		done++;
	}
	if (st->pending)
		fo_wakeup_signal(st->wake); /* the rest on the next turn */
	else if (fresh && !st->batch)
		/* the queue stays armed: look again shortly, then go quiet */
		st->batch = fo_timer_start(st->core, MQ_BATCH_MS, 0, batch_fire, st);
}

/* ---------------------------------------------------------------- init, fini */

static void copy_opt(fo_core *core, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s", fo_config_str(core, name));
}

static bool url_is_tls(const char *url)
{
	return strncmp(url, "ssl://", 6) == 0 || strncmp(url, "mqtts://", 8) == 0 ||
	       strncmp(url, "wss://", 6) == 0;
}

static bool url_known(const char *url)
{
	static const char *const schemes[] = {"mqtt://", "tcp://", "mqtts://",
	                                      "ssl://",  "ws://",  "wss://"};
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			return true;
	return false;
}

/* A topic level must not hold '/', '+', '#' or '$' (VDA 5050 6.3). */
static bool level_ok(const char *s)
{
	return *s && !strpbrk(s, "/+#$");
}

static void state_free(mqtt_state *st)
{
	mq_queue_close(&st->q);
	if (st->created)
		MQTTAsync_destroy(&st->client);
	while (st->pending) {
		mq_event *e = st->pending;
		st->pending = e->next;
		free(e);
	}
	mq_queue_destroy(&st->q);
	fo_wakeup_free(st->wake); /* nobody signals it: the queue was closed */
	if (st->client_id_fd >= 0)
		close(st->client_id_fd); /* the id is free for the next process */
	pthread_mutex_destroy(&st->first_lock);
	pthread_cond_destroy(&st->first_cond);
	pthread_mutex_destroy(&st->bye_lock);
	pthread_cond_destroy(&st->bye_cond);
	free(st);
}

static fo_status init_state(fo_core *core, mqtt_state *st, char *err, size_t errlen)
{
	const char *url = fo_config_str(core, "mqtt");
	/* the commands say why they cannot publish when no broker is set */
	if (mq_cmds_register(st, err, errlen) != 0)
		return FO_ERR;
	if (!*url) {
		st->first_done = true;
		return FO_OK;
	}
	if (!url_known(url)) {
		snprintf(err, errlen,
		         "mqtt: '%s' is not a broker URL (mqtt://HOST:PORT, tcp://, mqtts://, "
		         "ssl://)",
		         url);
		return FO_ERR;
	}
	snprintf(st->url, sizeof st->url, "%s", url);
	copy_opt(core, "mqtt.interface", st->iface, sizeof st->iface);
	copy_opt(core, "mqtt.share_group", st->share, sizeof st->share);
	copy_opt(core, "mqtt.username", st->username, sizeof st->username);
	copy_opt(core, "mqtt.password", st->password, sizeof st->password);
	copy_opt(core, "mqtt.tls_ca", st->tls_ca, sizeof st->tls_ca);
	copy_opt(core, "mqtt.client_id", st->client_id, sizeof st->client_id);
	st->qos = (int)fo_config_int(core, "mqtt.qos");
	st->keepalive = (int)fo_config_int(core, "mqtt.keepalive");
	st->tls = url_is_tls(url);
	if (!level_ok(st->iface)) {
		snprintf(err, errlen, "mqtt.interface '%s' must be one topic level", st->iface);
		return FO_ERR;
	}
	if (*st->share && !level_ok(st->share)) {
		snprintf(err, errlen, "mqtt.share_group '%s' must be one topic level", st->share);
		return FO_ERR;
	}
	if (!*st->client_id &&
	    mq_claim_client_id(st->client_id, sizeof st->client_id, &st->client_id_fd) != 0)
		fo_log(core, FO_LOG_WARN,
		       "mqtt: no lasting client id could be held; using %s (the broker keeps "
		       "no session across restarts: set mqtt.client_id)",
		       st->client_id);
	/* only with a broker: a wake-up keeps the loop alive */
	st->wake = fo_wakeup_new(core, drain, st);
	if (!st->wake) {
		snprintf(err, errlen, "mqtt: cannot create the loop wake-up");
		return FO_ERR;
	}
	st->q.wake = st->wake; /* before paho has a thread */
	MQTTAsync_createOptions co = MQTTAsync_createOptions_initializer;
	co.sendWhileDisconnected = 0; /* an order is sent now or refused, never later */
	co.MQTTVersion = MQTTVERSION_3_1_1;
	int rc = MQTTAsync_createWithOptions(&st->client, st->url, st->client_id,
	                                     MQTTCLIENT_PERSISTENCE_NONE, NULL, &co);
	if (rc != MQTTASYNC_SUCCESS) {
		snprintf(err, errlen, "mqtt: cannot create a client for %s: %s", st->url,
		         MQTTAsync_strerror(rc));
		return FO_ERR;
	}
	st->created = true;
	rc = MQTTAsync_setCallbacks(st->client, st, on_lost, on_message, NULL);
	if (rc != MQTTASYNC_SUCCESS) {
		snprintf(err, errlen, "mqtt: cannot set callbacks: %s", MQTTAsync_strerror(rc));
		return FO_ERR;
	}
	st->feed = fo_feed_register(core, "mqtt");
	st->backoff_s = 1;
	st->tick = fo_timer_start(core, 1000, 1000, tick_fire, st);
	/* Connect once the loop runs, not now: a one-shot command (`fleetops
	 * mission list` with mqtt set in the config) never runs the loop, and
	 * must not take over the console's session under the same client id. */
	st->retry = fo_timer_start(core, 0, 0, retry_fire, st);
	return FO_OK;
}

static fo_status mqtt_init(fo_core *core, void **state, char *err, size_t errlen)
{
	if (fo_options_register(core, mqtt_options, mqtt_noptions) != 0) {
		snprintf(err, errlen, "cannot declare its options (see the log)");
		return FO_ERR;
	}
	mqtt_state *st = calloc(1, sizeof *st);
	if (!st)
		abort();
	st->core = core;
	st->client_id_fd = -1;
	pthread_mutex_init(&st->first_lock, NULL);
	pthread_cond_init(&st->first_cond, NULL);
	pthread_mutex_init(&st->bye_lock, NULL);
	pthread_cond_init(&st->bye_cond, NULL);
	mq_queue_init(&st->q, (size_t)fo_config_int(core, "mqtt.queue_mb") << 20, NULL);
	fo_status rc = init_state(core, st, err, errlen);
	if (rc != FO_OK) {
		/* the loader forgets our commands and timers; the rest is ours */
		st->stopping = true;
		state_free(st);
		st = NULL;
	}
	*state = st;
	return rc;
}

static void mqtt_fini(fo_core *core, void *state)
{
	(void)core;
	mqtt_state *st = state;
	if (!st)
		return;
	st->stopping = true;
	fo_timer_stop(st->retry);
	fo_timer_stop(st->tick);
	fo_timer_stop(st->batch);
	if (st->created && MQTTAsync_isConnected(st->client)) {
		/* a clean goodbye: paho sends what it holds first (its commands run
		 * in order), then closes; the broker keeps the session */
		MQTTAsync_disconnectOptions d = MQTTAsync_disconnectOptions_initializer;
		d.timeout = 1000;
		d.onSuccess = on_disconnected;
		d.onFailure = on_disconnect_fail;
		d.context = st;
		if (MQTTAsync_disconnect(st->client, &d) == MQTTASYNC_SUCCESS) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 2;
			pthread_mutex_lock(&st->bye_lock);
			while (!st->bye_done &&
			       pthread_cond_timedwait(&st->bye_cond, &st->bye_lock, &until) == 0)
				;
			pthread_mutex_unlock(&st->bye_lock);
		}
	}
	state_free(st);
}

static const fo_plugin_desc mqtt_desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "mqtt",
    .version = "0.1.0",
    .summary = "VDA 5050 vehicles over MQTT: live state in, orders and instant actions out",
    .init = mqtt_init,
    .fini = mqtt_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);
const fo_plugin_desc *fo_plugin_entry(void)
{
	return &mqtt_desc;
}
