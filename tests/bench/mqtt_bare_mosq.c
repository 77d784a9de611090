/* mqtt_bare_mosq.c — a bare libmosquitto client on a libuv loop, for
 * comparison in tests/bench/mqtt_client_cpu.sh (fleetops itself uses
 * paho-mqtt-c; this only measures the alternative).  One thread: uv_poll on
 * mosquitto_socket drives mosquitto_loop_read / loop_write, a 1 s uv_timer
 * runs mosquitto_loop_misc (keepalive).  Same subscriptions as fleetops
 * (persistent session, QoS 0 for state and visualization, 1 for
 * connection); the message callback only counts.  Not a benchmark by
 * itself.
 *
 *   mqtt_bare_mosq HOST PORT CLIENT_ID SECONDS [IFACE]
 *
 * Prints "subscribed" once subscribed, then "received N" after SECONDS. */
#include <errno.h>
#include <mosquitto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

typedef struct {
	struct mosquitto *m;
	uv_loop_t *loop;
	uv_poll_t poll;
	uv_timer_t misc, stop;
	const char *iface;
	unsigned long received;
	int events; /* what poll watches now */
	int failed;
	int subacks; /* SUBACKs seen */
} bare;

static void on_poll(uv_poll_t *p, int status, int events);

static void watch(bare *b)
{
	int ev = UV_READABLE | (mosquitto_want_write(b->m) ? UV_WRITABLE : 0);
	if (ev != b->events) {
		b->events = ev;
		uv_poll_start(&b->poll, ev, on_poll);
	}
}

static void on_poll(uv_poll_t *p, int status, int events)
{
	bare *b = p->data;
	if (status < 0) {
		fprintf(stderr, "mqtt_bare_mosq: poll: %s\n", uv_strerror(status));
		b->failed = 1;
		uv_stop(b->loop);
		return;
	}
	if (events & UV_READABLE) {
		/* mosquitto_loop_read reads one packet per call; go on until the
		 * socket is dry (errno EAGAIN) or a bounded batch is done */
		for (int i = 0; i < 1000; i++) {
			errno = 0;
			int rc = mosquitto_loop_read(b->m, 1);
			if (rc != MOSQ_ERR_SUCCESS) {
				fprintf(stderr, "mqtt_bare_mosq: read: %s\n",
				        mosquitto_strerror(rc));
				b->failed = 1;
				uv_stop(b->loop);
				return;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
		}
	}
	if (events & UV_WRITABLE)
		mosquitto_loop_write(b->m, 1);
	watch(b);
}

static void on_misc(uv_timer_t *t)
{
	bare *b = t->data;
	mosquitto_loop_misc(b->m);
	watch(b);
}

static void on_stop(uv_timer_t *t)
{
	uv_stop(((bare *)t->data)->loop);
}

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
	(void)m;
	(void)msg;
	((bare *)ud)->received++;
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
	bare *b = ud;
	if (rc != 0) {
		fprintf(stderr, "mqtt_bare_mosq: CONNACK %d\n", rc);
		b->failed = 1;
		return;
	}
	char t[3][128];
	snprintf(t[0], sizeof t[0], "%s/+/+/+/state", b->iface);
	snprintf(t[1], sizeof t[1], "%s/+/+/+/connection", b->iface);
	snprintf(t[2], sizeof t[2], "%s/+/+/+/visualization", b->iface);
	mosquitto_subscribe(m, NULL, t[0], 0);
	mosquitto_subscribe(m, NULL, t[1], 1);
	mosquitto_subscribe(m, NULL, t[2], 0);
}

static void on_subscribe(struct mosquitto *m, void *ud, int mid, int n, const int *granted)
{
	(void)m;
	(void)n;
	(void)granted;
	(void)mid;
	bare *b = ud;
	if (++b->subacks == 3) { /* all three of our SUBSCRIBEs */
		printf("subscribed\n");
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: mqtt_bare_mosq HOST PORT CLIENT_ID SECONDS [IFACE]\n");
		return 2;
	}
	static bare b;
	b.iface = argc > 5 ? argv[5] : "uagv";
	mosquitto_lib_init();
	b.m = mosquitto_new(argv[3], false, &b); /* clean_session false: persistent */
	if (!b.m)
		return 1;
	mosquitto_connect_callback_set(b.m, on_connect);
	mosquitto_subscribe_callback_set(b.m, on_subscribe);
	mosquitto_message_callback_set(b.m, on_message);
	int rc = mosquitto_connect(b.m, argv[1], atoi(argv[2]), 30);
	if (rc != MOSQ_ERR_SUCCESS) {
		fprintf(stderr, "mqtt_bare_mosq: connect: %s\n", mosquitto_strerror(rc));
		return 1;
	}
	b.loop = uv_default_loop();
	uv_poll_init_socket(b.loop, &b.poll, mosquitto_socket(b.m));
	b.poll.data = &b;
	b.events = UV_READABLE | (mosquitto_want_write(b.m) ? UV_WRITABLE : 0);
	uv_poll_start(&b.poll, b.events, on_poll);
	uv_timer_init(b.loop, &b.misc);
	b.misc.data = &b;
	uv_timer_start(&b.misc, on_misc, 1000, 1000);
	uv_timer_init(b.loop, &b.stop);
	b.stop.data = &b;
	uv_timer_start(&b.stop, on_stop, (uint64_t)atoi(argv[4]) * 1000, 0);
	uv_run(b.loop, UV_RUN_DEFAULT);
	printf("received %lu\n", b.received);
	mosquitto_disconnect(b.m);
	mosquitto_loop_write(b.m, 1);
	mosquitto_destroy(b.m);
	mosquitto_lib_cleanup();
	return b.failed;
}
