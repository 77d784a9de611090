/* an_series.h — one subject's history at every resolution (tier): it takes
 * the subject's finest buckets as they close, keeps each tier's open chunk
 * encoded (an_enc) and each coarser tier's open bucket, and hands out the
 * chunks to write.  Pure: no fleetops headers, no clock; times are Unix
 * seconds.
 *
 * A chunk holds AN_CHUNK_BUCKETS buckets of one tier and starts at a
 * multiple of its span (res_s x AN_CHUNK_BUCKETS) since the epoch, so
 * writer and reader find it from the time alone.  A coarser bucket is
 * written only once closed (its last finest bucket arrived, or a later
 * one), in the same batch as that finest bucket: a restart finds the
 * tiers consistent, and rebuilds each coarser tier's open bucket from the
 * finest buckets after its last written one (an_series_replay).  Nothing
 * is counted twice; what the process did not see is absent. */
#ifndef AN_SERIES_H
#define AN_SERIES_H

#include "an_enc.h"
#include "an_rollup.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AN_TIERS_MAX 4
#define AN_CHUNK_BUCKETS 360

typedef struct {
	int64_t res_s;  /* bucket length */
	int64_t keep_s; /* retention: chunks wholly older go */
} an_tier;

typedef struct {
	size_t n;
	an_tier t[AN_TIERS_MAX];
} an_tiers;

/* Reads "10s:1d,1m:30d,1h:730d" (resolution:retention, spans in s, m, h,
 * d): finest first, 1 to AN_TIERS_MAX tiers, each resolution a multiple of
 * the one before, each retention at least one bucket.  Returns 0, or -1
 * with err saying what is wrong. */
int an_tiers_parse(const char *text, an_tiers *t, char *err, size_t errlen);
/* A tier's chunk span, s. */
int64_t an_tier_span(const an_tier *t);
/* The start of the chunk holding time ts. */
int64_t an_chunk_start(const an_tier *t, int64_t ts);

/* A chunk to write: OWNED data. */
typedef struct {
	uint32_t owner; /* the caller's (its subject); an_series leaves 0 */
	size_t tier;
	int64_t start_s;
	uint8_t *data;
	size_t len;
} an_out_chunk;

typedef struct {
	an_out_chunk *v;
	size_t n, cap;
} an_out_list;

void an_out_clear(an_out_list *l); /* frees the data, keeps the array */
void an_out_free(an_out_list *l);

typedef struct {
	an_enc *enc;     /* the open chunk's buckets */
	int64_t chunk_s; /* its start; INT64_MIN before the first bucket */
	bool dirty;      /* changed since the last flush */
	/* coarser tiers: the open bucket, merged from finest buckets */
	bool open_has;
	int64_t open_s;
	int64_t open[AN_NMETRICS];
} an_tier_state;

typedef struct {
	an_tier_state t[AN_TIERS_MAX];
	int64_t last_s; /* start of the last finest bucket taken; INT64_MIN */
} an_series;

void an_series_init(an_series *s);
void an_series_free(an_series *s);

/* Takes the finest bucket that starts at start_s (a multiple of tier 0's
 * resolution, later than the last one taken) with its metrics.  Chunks it
 * completes go to sealed.  Returns 0, or -1 (nothing taken) for a bucket
 * out of order or misaligned. */
int an_series_put(an_series *s, const an_tiers *t, int64_t start_s, const int64_t *vals,
                  an_out_list *sealed);
/* Appends every open chunk changed since the last flush to out and marks
 * them clean.  (A failed write: the caller marks them dirty again with
 * an_series_touch.) */
void an_series_flush(an_series *s, const an_tiers *t, an_out_list *out);
void an_series_touch(an_series *s);

/* Restart: the tier's latest stored chunk becomes its open chunk.  0, or
 * -1 for a chunk that does not decode (the tier then starts afresh). */
int an_series_load(an_series *s, const an_tiers *t, size_t tier, int64_t start_s,
                   const uint8_t *data, size_t len);
/* Restart, after an_series_load: the end of the last bucket the tier has
 * written (INT64_MIN when none). */
int64_t an_series_written_end(const an_series *s, const an_tiers *t, size_t tier);
/* Restart: a stored finest bucket (in time order), merged into each
 * coarser tier that has not written it yet; tier 0 is not touched.
 * Returns how many tiers took it. */
int an_series_replay(an_series *s, const an_tiers *t, int64_t start_s, const int64_t *vals,
                     an_out_list *sealed);

/* Decodes a chunk an_series wrote into its buckets' metrics (chunks store
 * some columns relative to others: read them only through this).  The
 * arguments as an_chunk_decode's, AN_NMETRICS columns.  0, or -1 for a
 * chunk that does not decode. */
int an_series_decode(const uint8_t *data, size_t len, int64_t *vals, uint8_t *present,
                     size_t maxbuckets, size_t *nb);

/* Heap bytes held (the encoders), for the benchmark. */
size_t an_series_memory(const an_series *s);

#endif
