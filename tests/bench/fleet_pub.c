/* fleet_pub.c — load generator for tests/bench/mqtt_fleet_load.sh (not a
 * benchmark program itself).  N vehicles uagv/v2/MANUFACTURER/LOAD-xxxxx
 * send a retained connection ONLINE once, then each second one state and
 * two visualization messages each, spread evenly over the second, for S
 * seconds; QoS 0 over one paho synchronous client.
 *
 *   fleet_pub URL VEHICLES SECONDS STATE_TEMPLATE [MANUFACTURER]
 *
 * STATE_TEMPLATE is the reference state as a printf format with %1$u for the
 * headerId, %2$s for the serialNumber and %3$s for the timestamp.  Prints
 * one line per second ("second S sent N behind B") and a summary line
 * "fleet_pub sent N in T s = R msg/s" on stdout. */
#define _GNU_SOURCE
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

static void iso_now(char *buf, size_t n)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char tmp[32];
	strftime(tmp, sizeof tmp, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, n, "%.24s.%03dZ", tmp, (int)(ts.tv_nsec / 1000000) % 1000);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(s);
		return NULL;
	}
	fclose(f);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	s[n] = 0;
	return s;
}

static int pub(MQTTClient c, const char *topic, const char *msg, int len, int retained)
{
	int rc;
	for (int tries = 0; tries < 1000; tries++) {
		rc = MQTTClient_publish(c, topic, len, msg, 0, retained, NULL);
		if (rc == MQTTCLIENT_SUCCESS)
			return 0;
		if (!MQTTClient_isConnected(c))
			break;
	}
	fprintf(stderr, "fleet_pub: publish %s: %s\n", topic, MQTTClient_strerror(rc));
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr,
		        "usage: fleet_pub URL VEHICLES SECONDS STATE_TEMPLATE [MANUFACTURER]\n");
		return 2;
	}
	const char *url = argv[1];
	int nv = atoi(argv[2]), secs = atoi(argv[3]);
	const char *mf = argc > 5 ? argv[5] : "AtlasMesh";
	char *tmpl = slurp(argv[4]);
	if (!tmpl || nv <= 0 || secs <= 0) {
		fprintf(stderr, "fleet_pub: bad arguments or template %s\n", argv[4]);
		return 2;
	}
	MQTTClient c;
	if (MQTTClient_create(&c, url, "fo-fleet-pub", MQTTCLIENT_PERSISTENCE_NONE, NULL) !=
	    MQTTCLIENT_SUCCESS)
		return 1;
	MQTTClient_connectOptions co = MQTTClient_connectOptions_initializer;
	co.keepAliveInterval = 60;
	co.cleansession = 1;
	int rc = MQTTClient_connect(c, &co);
	if (rc != MQTTCLIENT_SUCCESS) {
		fprintf(stderr, "fleet_pub: connect %s: %s\n", url, MQTTClient_strerror(rc));
		return 1;
	}
	char ts[40], topic[160], sn[32], buf[8192];
	/* connection ONLINE, retained (as the spec has it), once per vehicle */
	iso_now(ts, sizeof ts);
	for (int v = 0; v < nv; v++) {
		snprintf(sn, sizeof sn, "LOAD-%05d", v);
		snprintf(topic, sizeof topic, "uagv/v2/%s/%s/connection", mf, sn);
		int n = snprintf(buf, sizeof buf,
		                 "{\"headerId\":0,\"timestamp\":\"%s\",\"version\":\"2.1.0\","
		                 "\"manufacturer\":\"%s\",\"serialNumber\":\"%s\","
		                 "\"connectionState\":\"ONLINE\"}",
		                 ts, mf, sn);
		if (pub(c, topic, buf, n, 1))
			return 1;
	}
	unsigned *vis_hid = calloc((size_t)nv, sizeof *vis_hid);
	const long per_sec = 3L * nv;
	const long total = per_sec * secs;
	double t0 = now_s();
	long sent = 0;
	int last_sec = -1;
	while (sent < total) {
		double el = now_s() - t0;
		long due = (long)(el * (double)per_sec);
		if (due > total)
			due = total;
		if (sent >= due) {
			struct timespec sl = {0, 200000}; /* 0.2 ms */
			nanosleep(&sl, NULL);
			continue;
		}
		if ((int)el != last_sec) {
			last_sec = (int)el;
			iso_now(ts, sizeof ts);
			printf("second %d sent %ld behind %ld\n", last_sec, sent, due - sent);
			fflush(stdout);
		}
		long k = sent;
		long sec = k / per_sec, slot = k % per_sec;
		/* slot order: all states, then all first visualizations, then all
		 * second ones: each vehicle's three messages a third of a second
		 * apart, the total rate even */
		int v = (int)(slot % nv), kind = (int)(slot / nv);
		snprintf(sn, sizeof sn, "LOAD-%05d", v);
		int n;
		if (kind == 0) {
			snprintf(topic, sizeof topic, "uagv/v2/%s/%s/state", mf, sn);
			n = snprintf(buf, sizeof buf, tmpl, (unsigned)sec, sn, ts);
		} else {
			snprintf(topic, sizeof topic, "uagv/v2/%s/%s/visualization", mf, sn);
			double x = (double)(v % 100) + 0.01 * (double)(k % 97);
			double y = (double)(v / 100) * 0.5;
			n = snprintf(buf, sizeof buf,
			             "{\"headerId\":%u,\"timestamp\":\"%s\",\"version\":\"2.1.0\","
			             "\"manufacturer\":\"%s\",\"serialNumber\":\"%s\","
			             "\"agvPosition\":{\"x\":%.3f,\"y\":%.3f,\"theta\":0.5,"
			             "\"mapId\":\"depot-a\",\"positionInitialized\":true},"
			             "\"velocity\":{\"vx\":0.8,\"vy\":0.0,\"omega\":0.0}}",
			             vis_hid[v]++, ts, mf, sn, x, y);
		}
		if (n <= 0 || n >= (int)sizeof buf || pub(c, topic, buf, n, 0))
			return 1;
		sent++;
	}
	double span = now_s() - t0;
	printf("fleet_pub sent %ld in %.3f s = %.0f msg/s\n", sent, span, (double)sent / span);
	MQTTClient_disconnect(c, 2000);
	MQTTClient_destroy(&c);
	free(vis_hid);
	free(tmpl);
	return 0;
}
