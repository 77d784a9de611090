/* an_enc.h — a history chunk (an_codec.h's format) encoded a bucket at a
 * time: a writer keeps each subject's open chunk encoded, in about the
 * room the chunk takes, rather than its raw values (19 metrics x 360
 * buckets of int64 are 55 KB; a driving vehicle's hour encodes to under
 * 1 KB).  an_enc_finish writes byte for byte what an_chunk_encode writes
 * for the same buckets.  Pure: only the C library
 * (tests/unit/test_an_enc.c).
 *
 * Each column keeps its tokens in one mode (delta, delta of delta) and
 * counts what the other would take, switching (rewriting its tokens) when
 * the other is clearly shorter; finish writes each column in the shorter,
 * as the codec chooses.  An encoder holds about twice its chunk's encoded
 * size: ~1.7 KB for a driving hour of 19 metrics, 0.7 KB of it fixed. */
#ifndef AN_ENC_H
#define AN_ENC_H

#include "an_codec.h"

#include <stddef.h>
#include <stdint.h>

typedef struct an_enc an_enc;

/* A new, empty encoder of chunks of nmetrics columns: OWNED (an_enc_free).
 * NULL for nmetrics 0 or past AN_CODEC_MAX_METRICS; aborts when out of
 * memory. */
an_enc *an_enc_new(size_t nmetrics);
void an_enc_free(an_enc *e);

/* Empty again (a new chunk), its streams' memory released. */
void an_enc_clear(an_enc *e);

/* Appends bucket `bucket` with vals (nmetrics values; borrowed, not kept);
 * the buckets between the last one and it are absent.  0, or -1 with
 * nothing changed for vals NULL or a bucket before an_enc_nbuckets(e) or
 * at AN_CODEC_MAX_BUCKETS or past. */
int an_enc_put(an_enc *e, size_t bucket, const int64_t *vals);

/* The buckets the chunk covers: the last one put + 1 (or as loaded); 0
 * when empty. */
size_t an_enc_nbuckets(const an_enc *e);
/* The buckets present (put) among them. */
size_t an_enc_npresent(const an_enc *e);
/* The last present bucket's values (nmetrics): BORROWED, valid until the
 * next put, clear, load or free; NULL when none is present. */
const int64_t *an_enc_last(const an_enc *e);

/* The exact length an_enc_finish writes. */
size_t an_enc_size(const an_enc *e);
/* Writes the chunk into out (cap bytes): what an_chunk_encode writes for
 * the an_enc_nbuckets(e) buckets, those not put absent.  Returns its
 * length, or 0 when cap is too small.  e is unchanged: it takes more
 * buckets after. */
size_t an_enc_finish(const an_enc *e, uint8_t *out, size_t cap);

/* Heap bytes held (requested from malloc), for the benchmark. */
size_t an_enc_memory(const an_enc *e);

/* Restart: e becomes the encoder that wrote chunk (len bytes; borrowed),
 * so that an_enc_finish gives chunk back and later puts go on from it (a
 * chunk in modes no encoder picks comes back as an_chunk_encode writes
 * its buckets).  A chunk whose last buckets are absent keeps them
 * (nbuckets is the chunk's).  Decodes through a temporary buffer of the
 * chunk's buckets (maxbuckets bounds it).  0, or -1 with e unchanged for a
 * chunk that does not decode (malformed, of another nmetrics, or of more
 * than maxbuckets buckets). */
int an_enc_load(an_enc *e, const uint8_t *chunk, size_t len, size_t maxbuckets);

#endif
