/* redis_events.h — what the Redis plugin publishes on the core bus.
 *
 * Topic "redis.event": one entry of an inbound stream (option redis.inbound)
 * read through the consumer group (redis.group).  The payload, an
 * fo_redis_event, is borrowed for the duration of the fo_bus_publish call:
 * copy what you keep.  The entry is acknowledged (XACK) only after every
 * subscriber has returned, so an entry may arrive more than once (after a
 * crash, a reconnect or a claim from a dead consumer): subscribers must be
 * idempotent, keyed on (stream, id).
 *
 * Not part of the plugin ABI yet; include it as "../redis/redis_events.h". */
#ifndef FO_REDIS_EVENTS_H
#define FO_REDIS_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	const char *stream;        /* the stream's key */
	const char *id;            /* entry id, "MS-SEQ" */
	size_t nfields;            /* field/value pairs */
	const char *const *fields; /* field names, NUL-terminated */
	const char *const *values; /* values, NUL-terminated (binary data is cut
	                            * at its first NUL; see value_lens) */
	const size_t *value_lens;  /* exact length of each value */
	bool redelivered;          /* read again from the pending list or
	                            * claimed from another consumer */
} fo_redis_event;

#endif
