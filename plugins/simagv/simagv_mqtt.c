/* simagv_mqtt.c — one paho asynchronous client per simulated vehicle: last
 * will CONNECTIONBROKEN (retained, QoS 1), subscriptions to the vehicle's
 * order and instantActions, and the inbox that hands what paho threads
 * receive to the loop thread. */
#include "simagv.h"

#include <MQTTAsync.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void inbox_push(sa_vehicle *v, sa_in_kind kind, const void *data, size_t len)
{
	sa_sim *s = v->sim;
	sa_in *m = calloc(1, sizeof *m);
	if (!m)
		abort();
	m->kind = kind;
	m->vehicle = v->idx;
	m->len = len;
	m->payload = malloc(len + 1);
	if (!m->payload)
		abort();
	if (len)
		memcpy(m->payload, data, len);
	m->payload[len] = '\0';
	pthread_mutex_lock(&s->mu);
	*s->inbox_tail = m;
	s->inbox_tail = &m->next;
	pthread_mutex_unlock(&s->mu);
	fo_wakeup_signal(s->wake);
}

sa_in *sa_inbox_take(sa_sim *s)
{
	pthread_mutex_lock(&s->mu);
	sa_in *m = s->inbox;
	s->inbox = NULL;
	s->inbox_tail = &s->inbox;
	pthread_mutex_unlock(&s->mu);
	return m;
}

void sa_in_free(sa_in *m)
{
	while (m) {
		sa_in *next = m->next;
		free(m->payload);
		free(m);
		m = next;
	}
}

/* ---- paho threads */

static void on_connected(void *ctx, char *cause)
{
	inbox_push(ctx, SA_IN_CONNECTED, "", 0);
}

static void on_lost(void *ctx, char *cause)
{
	const char *c = cause ? cause : "connection lost";
	inbox_push(ctx, SA_IN_LOST, c, strlen(c));
}

static int on_message(void *ctx, char *topic, int topic_len, MQTTAsync_message *msg)
{
	sa_vehicle *v = ctx;
	size_t tl = topic_len > 0 ? (size_t)topic_len : strlen(topic);
	static const char order_sfx[] = "/order";
	bool order = tl >= sizeof order_sfx - 1 && memcmp(topic + tl - (sizeof order_sfx - 1),
	                                                  order_sfx, sizeof order_sfx - 1) == 0;
	size_t len = msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0;
	inbox_push(v, order ? SA_IN_ORDER : SA_IN_INSTANT, msg->payload, len);
	MQTTAsync_freeMessage(&msg);
	MQTTAsync_free(topic);
	return 1;
}

static void on_connect_failed(void *ctx, MQTTAsync_failureData *resp)
{
	char why[200];
	snprintf(why, sizeof why, SA_CONNECT_FAILED " (code %d%s%s)", resp ? resp->code : 0,
	         resp && resp->message ? ": " : "", resp && resp->message ? resp->message : "");
	inbox_push(ctx, SA_IN_LOST, why, strlen(why));
}

static void disc_finished(sa_vehicle *v)
{
	pthread_mutex_lock(&v->sim->mu);
	v->disc_done = 1;
	pthread_mutex_unlock(&v->sim->mu);
}

static void on_disc_ok(void *ctx, MQTTAsync_successData *resp)
{
	disc_finished(ctx);
}

static void on_disc_fail(void *ctx, MQTTAsync_failureData *resp)
{
	disc_finished(ctx);
}

/* ---- loop thread */

void sa_publish(sa_vehicle *v, sa_out_topic t, const char *payload, bool retained, int qos)
{
	if (!v->client || !payload)
		return;
	MQTTAsync_message msg = MQTTAsync_message_initializer;
	msg.payload = (void *)payload;
	msg.payloadlen = (int)strlen(payload);
	msg.qos = qos;
	msg.retained = retained;
	MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
	if (MQTTAsync_sendMessage(v->client, v->topic_out[t], &msg, &ro) == MQTTASYNC_SUCCESS)
		v->sim->published++;
}

int sa_mqtt_subscribe(sa_vehicle *v)
{
	char *topics[2] = {v->topic_order, v->topic_instant};
	int qos[2] = {0, 0};
	MQTTAsync_responseOptions ro = MQTTAsync_responseOptions_initializer;
	return MQTTAsync_subscribeMany(v->client, 2, topics, qos, &ro) == MQTTASYNC_SUCCESS ? 0
	                                                                                    : -1;
}

int sa_mqtt_connect(sa_vehicle *v, char *err, size_t errlen)
{
	/* The headerId and timestamp of a will are those of connect time:
	 * the spec accepts they are stale. */
	free(v->will);
	v->will = sa_msg_connection(v, "CONNECTIONBROKEN");
	MQTTAsync_willOptions will = MQTTAsync_willOptions_initializer;
	will.topicName = v->topic_out[SA_T_CONNECTION];
	will.message = v->will;
	will.retained = 1;
	will.qos = 1;
	MQTTAsync_connectOptions co = MQTTAsync_connectOptions_initializer;
	co.keepAliveInterval = 15; /* the spec's suggested heartbeat */
	co.cleansession = 1;
	co.will = &will;
	/* paho retries a lost connection by itself; a failed first connect
	 * comes back through the inbox and is retried by the loop */
	co.automaticReconnect = 1;
	co.minRetryInterval = 1;
	co.maxRetryInterval = 30;
	co.onFailure = on_connect_failed;
	co.context = v;
	int rc = MQTTAsync_connect(v->client, &co);
	if (rc != MQTTASYNC_SUCCESS) {
		snprintf(err, errlen, "cannot connect to %s (code %d): %s", v->sim->broker, rc,
		         MQTTAsync_strerror(rc));
		return -1;
	}
	return 0;
}

int sa_mqtt_start(sa_sim *s, char *err, size_t errlen)
{
	for (uint32_t i = 0; i < s->n; i++) {
		sa_vehicle *v = &s->veh[i];
		MQTTAsync c = NULL;
		int rc = MQTTAsync_create(&c, s->broker, v->client_id, MQTTCLIENT_PERSISTENCE_NONE,
		                          NULL);
		if (rc != MQTTASYNC_SUCCESS) {
			snprintf(err, errlen, "cannot create an MQTT client for %s (code %d): %s",
			         s->broker, rc, MQTTAsync_strerror(rc));
			return -1;
		}
		v->client = c;
		MQTTAsync_setCallbacks(c, v, on_lost, on_message, NULL);
		MQTTAsync_setConnected(c, v, on_connected);
		if (sa_mqtt_connect(v, err, errlen) < 0)
			return -1;
	}
	return 0;
}

void sa_mqtt_stop(sa_sim *s)
{
	/* OFFLINE first, then a clean disconnect: the broker drops the will. */
	for (uint32_t i = 0; i < s->n; i++) {
		sa_vehicle *v = &s->veh[i];
		if (!v->client)
			continue;
		if (MQTTAsync_isConnected(v->client)) {
			char *off = sa_msg_connection(v, "OFFLINE");
			sa_publish(v, SA_T_CONNECTION, off, true, 1);
			free(off);
		}
		MQTTAsync_disconnectOptions dopt = MQTTAsync_disconnectOptions_initializer;
		dopt.timeout = 2000; /* lets the OFFLINE out */
		dopt.onSuccess = on_disc_ok;
		dopt.onFailure = on_disc_fail;
		dopt.context = v;
		if (MQTTAsync_disconnect(v->client, &dopt) != MQTTASYNC_SUCCESS)
			disc_finished(v);
	}
	for (int waited = 0; waited < 300; waited++) {
		bool all = true;
		pthread_mutex_lock(&s->mu);
		for (uint32_t i = 0; i < s->n; i++)
			if (s->veh[i].client && !s->veh[i].disc_done)
				all = false;
		pthread_mutex_unlock(&s->mu);
		if (all)
			break;
		usleep(10 * 1000);
	}
	for (uint32_t i = 0; i < s->n; i++) {
		sa_vehicle *v = &s->veh[i];
		if (v->client) {
			MQTTAsync c = v->client;
			MQTTAsync_destroy(&c);
			v->client = NULL;
		}
		free(v->will);
		v->will = NULL;
	}
}
