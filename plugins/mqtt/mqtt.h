/* mqtt.h — the MQTT transport plugin: VDA 5050 vehicles on a broker.
 *
 * paho-mqtt-c's asynchronous client runs its own threads.  Its callbacks
 * only copy what arrived into mq_queue and wake the loop; everything else
 * (ingest through the codec, feed status, reconnects, commands) runs on the
 * loop thread and owns the rest of mqtt_state. */
#ifndef FO_MQTT_H
#define FO_MQTT_H

#include "fleetops_plugin.h"

#include <MQTTAsync.h>
#include <pthread.h>
#include <stdatomic.h>

/* The plugin's options (mqtt_options.c), registered first thing in init. */
extern const fo_opt_def mqtt_options[];
extern const size_t mqtt_noptions;

/* ---------------------------------------------------------------- queue */

typedef enum {
	MQ_EV_MESSAGE,        /* topic + payload; code: 1 when a retained copy */
	MQ_EV_CONNECTED,      /* code: 1 when the broker kept our session */
	MQ_EV_CONNECT_FAILED, /* code: paho's; text: why */
	MQ_EV_LOST,           /* text: why, when paho knows */
	MQ_EV_SUBSCRIBED,
	MQ_EV_SUBSCRIBE_FAILED, /* code, text */
} mq_ev_kind;

typedef struct mq_event {
	struct mq_event *next;
	mq_ev_kind kind;
	int code;
	size_t topic_len; /* data: topic, NUL, payload, NUL */
	size_t payload_len;
	char data[];
} mq_event;

/* Written by paho's threads, drained by the loop. */
typedef struct {
	pthread_mutex_t lock;
	mq_event *head, *tail;
	size_t bytes, limit; /* payload bytes waiting; beyond limit: dropped */
	uint64_t dropped;    /* messages dropped so far (grows only) */
	fo_wakeup *wake;     /* signalled under the lock when a push finds the
	                      * loop not yet told (see armed) */
	bool armed;          /* the loop knows there is work: pushes stay quiet
	                      * until a take finds the queue empty */
	bool closed;         /* set at exit: pushes are dropped, nobody is woken */
} mq_queue;

void mq_queue_init(mq_queue *q, size_t limit, fo_wakeup *wake);
/* From now on pushes do nothing: paho's threads no longer touch the
 * wake-up, which may then be freed. */
void mq_queue_close(mq_queue *q);
void mq_queue_destroy(mq_queue *q); /* frees what is left */
/* Copies, appends and wakes the loop; returns false when dropped (queue
 * full or closed).  Status events are never dropped for space. */
bool mq_queue_push(mq_queue *q, mq_ev_kind kind, int code, const char *topic, size_t topic_len,
                   const void *payload, size_t payload_len);
/* Takes everything queued (oldest first); *dropped gets the drop total. */
mq_event *mq_queue_take(mq_queue *q, uint64_t *dropped);

/* ---------------------------------------------------------------- state */

typedef struct mqtt_state {
	fo_core *core;
	fo_feed *feed;
	fo_wakeup *wake;
	MQTTAsync client;
	bool created;
	/* options */
	char url[512];
	char iface[64];
	char client_id[128];
	int client_id_fd; /* holds the default id (mqtt_client_id.c); -1 */
	char share[64];
	char username[128];
	char password[256];
	char tls_ca[512];
	bool tls;
	int qos;
	int keepalive;
	mq_queue q;
	/* paho threads write, commands read: is the link up right now, and has
	 * the first connect attempt finished */
	atomic_int link;
	pthread_mutex_t first_lock;
	pthread_cond_t first_cond;
	bool first_done;
	pthread_mutex_t bye_lock; /* disconnect at exit */
	pthread_cond_t bye_cond;
	bool bye_done;
	/* loop thread only */
	bool connected;
	bool stopping;
	unsigned backoff_s;
	fo_timer *retry;
	fo_timer *tick;
	fo_timer *batch;   /* the next drain while messages keep coming */
	mq_event *pending; /* taken but not processed yet (batch budget) */
	uint64_t dropped_seen;
	bool subscribed_once; /* this process subscribed at least once */
	bool connect_started; /* the loop ran and the first attempt began */
	uint64_t log_window;  /* second of the reject log window */
	unsigned logged;      /* rejects logged in that window */
	uint64_t suppressed;  /* rejects not logged since the last summary */
} mqtt_state;

/* mqtt_client_id.c: writes the default client id into buf, held through
 * *fd_out (close it to release); -1 when no id could be held (buf then
 * names this process, unique but without a lasting session). */
int mq_claim_client_id(char *buf, size_t len, int *fd_out);

/* mqtt_cmds.c */
int mq_cmds_register(mqtt_state *st, char *err, size_t errlen);
/* True when the link is up; waits up to timeout_ms for the first connect
 * attempt to finish when it has not yet (a one-shot command). */
bool mq_link_up(mqtt_state *st, int timeout_ms);

#endif
