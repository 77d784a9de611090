/* mqtt_queue.c — hand-over from paho's threads to the loop: a locked list
 * of copied events, bounded in bytes so a stalled loop cannot eat memory. */
#include "mqtt.h"

#include <stdlib.h>
#include <string.h>

void mq_queue_init(mq_queue *q, size_t limit, fo_wakeup *wake)
{
	memset(q, 0, sizeof *q);
	pthread_mutex_init(&q->lock, NULL);
	q->limit = limit;
	q->wake = wake;
}

void mq_queue_close(mq_queue *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_mutex_unlock(&q->lock);
}

void mq_queue_destroy(mq_queue *q)
{
	mq_event *e = q->head;
	while (e) {
		mq_event *next = e->next;
		free(e);
		e = next;
	}
	q->head = q->tail = NULL;
	pthread_mutex_destroy(&q->lock);
}

bool mq_queue_push(mq_queue *q, mq_ev_kind kind, int code, const char *topic, size_t topic_len,
                   const void *payload, size_t payload_len)
{
	if (!topic)
		topic_len = 0;
	if (!payload)
		payload_len = 0;
	/* allocated outside the lock: the loop takes the lock too */
	mq_event *e = malloc(sizeof *e + topic_len + payload_len + 2);
	if (!e)
		abort();
	e->next = NULL;
	e->kind = kind;
	e->code = code;
	e->topic_len = topic_len;
	e->payload_len = payload_len;
	if (topic_len)
		memcpy(e->data, topic, topic_len);
	e->data[topic_len] = '\0';
	if (payload_len)
		memcpy(e->data + topic_len + 1, payload, payload_len);
	e->data[topic_len + 1 + payload_len] = '\0';
	pthread_mutex_lock(&q->lock);
	if (q->closed || (kind == MQ_EV_MESSAGE && q->bytes + payload_len > q->limit)) {
		if (!q->closed)
			q->dropped++;
		pthread_mutex_unlock(&q->lock);
		free(e);
		return false;
	}
	q->bytes += payload_len;
	if (q->tail)
		q->tail->next = e;
	else
		q->head = e;
	q->tail = e;
	/* Wake the loop only when it does not know yet: under a steady stream
	 * it drains in batches on a short timer instead of once per message.
	 * Under the lock, so mq_queue_close knows nobody is signalling. */
	if (!q->armed) {
		q->armed = true;
		fo_wakeup_signal(q->wake);
	}
	pthread_mutex_unlock(&q->lock);
	return true;
}

mq_event *mq_queue_take(mq_queue *q, uint64_t *dropped)
{
	pthread_mutex_lock(&q->lock);
	mq_event *e = q->head;
	q->head = q->tail = NULL;
	q->bytes = 0;
	*dropped = q->dropped;
	if (!e)
		q->armed = false; /* quiet: the next push wakes the loop */
	pthread_mutex_unlock(&q->lock);
	return e;
}
