/* mqtt_bare_paho_async.c — a bare paho-mqtt-c asynchronous client for
 * tests/bench/mqtt_client_cpu.sh: subscribes to IFACE/+/+/+/{state,
 * connection,visualization} like fleetops (persistent session, QoS 0 for
 * state and visualization, 1 for connection) and only counts what arrives
 * in the messageArrived callback.  Not a benchmark by itself.
 *
 *   mqtt_bare_paho_async URL CLIENT_ID SECONDS [IFACE]
 *
 * Prints "subscribed" once subscribed, then "received N" after SECONDS.
 *
 * Built with -DBARE_MQTT5 it speaks MQTT 5 instead of 3.1.1; with
 * -DBARE_TRACE_FATAL it first asks paho for the least tracing its API
 * allows (MQTTAsync_setTraceLevel(MQTTASYNC_TRACE_FATAL)): two of the
 * configurations the bench compares. */
#include <MQTTAsync.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	MQTTAsync c;
	char topics[3][128];
	atomic_ulong received;
	atomic_int ready; /* 1 subscribed, -1 failed */
} bare;

static int on_message(void *ctx, char *topic, int topic_len, MQTTAsync_message *m)
{
	(void)topic_len;
	bare *b = ctx;
	atomic_fetch_add_explicit(&b->received, 1, memory_order_relaxed);
	MQTTAsync_freeMessage(&m);
	MQTTAsync_free(topic);
	return 1;
}

static void on_sub(void *ctx, MQTTAsync_successData *r)
{
	(void)r;
	atomic_store(&((bare *)ctx)->ready, 1);
}

#ifndef BARE_MQTT5
static void on_fail(void *ctx, MQTTAsync_failureData *r)
{
	fprintf(stderr, "mqtt_bare_paho_async: failed: %s\n",
	        r && r->message ? r->message : "(no reason)");
	atomic_store(&((bare *)ctx)->ready, -1);
}
#endif

#ifdef BARE_MQTT5
/* MQTT 5 takes the *5 callbacks only */
static void on_sub5(void *ctx, MQTTAsync_successData5 *r)
{
	(void)r;
	on_sub(ctx, NULL);
}

static void on_fail5(void *ctx, MQTTAsync_failureData5 *r)
{
	fprintf(stderr, "mqtt_bare_paho_async: failed: %s\n",
	        r && r->message ? r->message : "(no reason)");
	atomic_store(&((bare *)ctx)->ready, -1);
}
#endif

static void subscribe(bare *b);

#ifdef BARE_MQTT5
static void on_connect5(void *ctx, MQTTAsync_successData5 *r)
{
	(void)r;
	subscribe(ctx);
}
#else
static void on_connect(void *ctx, MQTTAsync_successData *r)
{
	(void)r;
	subscribe(ctx);
}
#endif

static void subscribe(bare *b)
{
	char *tp[3] = {b->topics[0], b->topics[1], b->topics[2]};
	int qos[3] = {0, 1, 0};
	MQTTAsync_responseOptions o = MQTTAsync_responseOptions_initializer;
#ifdef BARE_MQTT5
	o.onSuccess5 = on_sub5;
	o.onFailure5 = on_fail5;
#else
	o.onSuccess = on_sub;
	o.onFailure = on_fail;
#endif
	o.context = b;
	if (MQTTAsync_subscribeMany(b->c, 3, tp, qos, &o) != MQTTASYNC_SUCCESS)
		atomic_store(&b->ready, -1);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: mqtt_bare_paho_async URL CLIENT_ID SECONDS [IFACE]\n");
		return 2;
	}
	static bare b;
#ifdef BARE_TRACE_FATAL
	MQTTAsync_setTraceLevel(MQTTASYNC_TRACE_FATAL);
#endif
	const char *iface = argc > 4 ? argv[4] : "uagv";
	snprintf(b.topics[0], sizeof b.topics[0], "%s/+/+/+/state", iface);
	snprintf(b.topics[1], sizeof b.topics[1], "%s/+/+/+/connection", iface);
	snprintf(b.topics[2], sizeof b.topics[2], "%s/+/+/+/visualization", iface);
	MQTTAsync_createOptions co = MQTTAsync_createOptions_initializer;
#ifdef BARE_MQTT5
	co.MQTTVersion = MQTTVERSION_5;
#endif
	if (MQTTAsync_createWithOptions(&b.c, argv[1], argv[2], MQTTCLIENT_PERSISTENCE_NONE, NULL,
	                                &co) != MQTTASYNC_SUCCESS ||
	    MQTTAsync_setCallbacks(b.c, &b, NULL, on_message, NULL) != MQTTASYNC_SUCCESS) {
		fprintf(stderr, "mqtt_bare_paho_async: cannot create the client\n");
		return 1;
	}
#ifdef BARE_MQTT5
	MQTTAsync_connectOptions o = MQTTAsync_connectOptions_initializer5;
	o.cleanstart = 0;
#else
	MQTTAsync_connectOptions o = MQTTAsync_connectOptions_initializer;
	o.cleansession = 0;
#endif
	o.keepAliveInterval = 30;
#ifdef BARE_MQTT5
	o.onSuccess5 = on_connect5;
	o.onFailure5 = on_fail5;
#else
	o.onSuccess = on_connect;
	o.onFailure = on_fail;
#endif
	o.context = &b;
	int rc = MQTTAsync_connect(b.c, &o);
	if (rc != MQTTASYNC_SUCCESS) {
		fprintf(stderr, "mqtt_bare_paho_async: connect: %s\n", MQTTAsync_strerror(rc));
		return 1;
	}
	for (int i = 0; i < 100 && atomic_load(&b.ready) == 0; i++)
		usleep(100000);
	if (atomic_load(&b.ready) != 1)
		return 1;
	printf("subscribed\n");
	fflush(stdout);
	sleep((unsigned)atoi(argv[3]));
	printf("received %lu\n", atomic_load(&b.received));
	MQTTAsync_disconnectOptions d = MQTTAsync_disconnectOptions_initializer;
	d.timeout = 500;
	MQTTAsync_disconnect(b.c, &d);
	usleep(200000);
	MQTTAsync_destroy(&b.c);
	return 0;
}
