/* mqtt_bare_paho_sync.c — a bare paho-mqtt-c synchronous client for
 * tests/bench/mqtt_client_cpu.sh: no callbacks; one thread (ours) calls
 * MQTTClient_receive in a loop and counts.  Same subscriptions as fleetops
 * (persistent session, QoS 0 for state and visualization, 1 for
 * connection).  Not a benchmark by itself.
 *
 *   mqtt_bare_paho_sync URL CLIENT_ID SECONDS [IFACE]
 *
 * Prints "subscribed" once subscribed, then "received N" after SECONDS. */
#include <MQTTClient.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: mqtt_bare_paho_sync URL CLIENT_ID SECONDS [IFACE]\n");
		return 2;
	}
	const char *iface = argc > 4 ? argv[4] : "uagv";
	char topics[3][128];
	snprintf(topics[0], sizeof topics[0], "%s/+/+/+/state", iface);
	snprintf(topics[1], sizeof topics[1], "%s/+/+/+/connection", iface);
	snprintf(topics[2], sizeof topics[2], "%s/+/+/+/visualization", iface);
	char *tp[3] = {topics[0], topics[1], topics[2]};
	int qos[3] = {0, 1, 0};
	MQTTClient c;
	if (MQTTClient_create(&c, argv[1], argv[2], MQTTCLIENT_PERSISTENCE_NONE, NULL) !=
	    MQTTCLIENT_SUCCESS) {
		fprintf(stderr, "mqtt_bare_paho_sync: cannot create the client\n");
		return 1;
	}
	MQTTClient_connectOptions o = MQTTClient_connectOptions_initializer;
	o.cleansession = 0;
	o.keepAliveInterval = 30;
	int rc = MQTTClient_connect(c, &o);
	if (rc == MQTTCLIENT_SUCCESS)
		rc = MQTTClient_subscribeMany(c, 3, tp, qos);
	if (rc != MQTTCLIENT_SUCCESS) {
		fprintf(stderr, "mqtt_bare_paho_sync: %s\n", MQTTClient_strerror(rc));
		return 1;
	}
	printf("subscribed\n");
	fflush(stdout);
	unsigned long received = 0;
	double end = now_s() + atof(argv[3]);
	while (now_s() < end) {
		char *topic = NULL;
		int tl = 0;
		MQTTClient_message *m = NULL;
		rc = MQTTClient_receive(c, &topic, &tl, &m, 100);
		if (m) {
			received++;
			MQTTClient_freeMessage(&m);
		}
		if (topic)
			MQTTClient_free(topic);
		if (rc != MQTTCLIENT_SUCCESS && rc != MQTTCLIENT_TOPICNAME_TRUNCATED) {
			fprintf(stderr, "mqtt_bare_paho_sync: receive: %s\n",
			        MQTTClient_strerror(rc));
			break;
		}
	}
	printf("received %lu\n", received);
	MQTTClient_disconnect(c, 500);
	MQTTClient_destroy(&c);
	return 0;
}
