/* an_codec.h — history chunks: a block of buckets of one subject (rows) by
 * integer metrics (columns), some buckets absent (the process was down),
 * packed compactly.  Metrics that change rarely, or at a steady rate, cost
 * almost nothing: an idle vehicle's day of 10 s buckets is a few dozen
 * bytes.  Pure: no allocation, only the C library
 * (tests/unit/test_an_codec.c).
 *
 * Encoding, version 1:
 *
 *   chunk    := version shape modes presence column{nmetrics}
 *   version  := 0x01 (AN_CODEC_VERSION)
 *   shape    := uvar(nbuckets) uvar(nmetrics)
 *   modes    := uvar(bits)  bit m is column m's mode: 0 delta, 1 delta of
 *               delta; no bits set at nmetrics or above.
 *   presence := uvar(run)...  runs of present and absent buckets, alternately,
 *               the first one present; they sum to nbuckets (no runs when
 *               nbuckets is 0).  Only the first may be 0 (bucket 0 absent).
 *   column   := token...  one metric (metric-major), the values of the
 *               present buckets in bucket order, differenced mod 2^64:
 *               mode 0 (delta) once, each value less the previous present
 *               bucket's (the first less 0); mode 1 (delta of delta) twice,
 *               the same done again to those differences.  The tokens cover
 *               exactly the present buckets.
 *   token    := tvar(0, zigzag(diff) - 1)  one nonzero difference
 *             | tvar(1, n - 1)             n >= 1 zero differences (mode 0:
 *                                          the value repeats; mode 1: it
 *                                          keeps its slope)
 *
 *   uvar(x)      LEB128: 7 bits a byte, low bits first, bit 7 set on all
 *                but the last byte.
 *   tvar(t, x)   the same, except that the first byte holds the tag t in
 *                bit 6 and only x's low 6 bits: differences in -32..32 and
 *                runs of up to 64 take one byte.
 *   zigzag(d)    0, -1, 1, -2, ... as 0, 1, 2, 3, ...
 *
 * The encoder gives each column the mode that makes it shorter (delta on a
 * tie): delta suits levels, steps and counters; delta of delta suits
 * slopes, such as a battery draining or charging steadily, whose
 * differences repeat.
 *
 * Overlong varints (a last byte of 0 after the first) and varints past 64
 * bits are malformed, as are mode bits past the columns and bytes after the
 * last column: a chunk is exactly its encoding. */
#ifndef AN_CODEC_H
#define AN_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define AN_CODEC_VERSION 1
/* The shape limits a chunk may have (the encoder and decoder refuse
 * larger). */
#define AN_CODEC_MAX_METRICS 64
#define AN_CODEC_MAX_BUCKETS 1000000

/* Encodes a chunk into out (cap bytes; borrowed, not kept).
 * vals: nbuckets x nmetrics int64 values, row-major (bucket b, metric m at
 * vals[b*nmetrics+m]).  present: NULL (all present) or nbuckets flags
 * (nonzero: present); an absent bucket (a gap: the process was down)
 * stores no values and decodes as absent with zeros.  Returns the encoded
 * length, or 0 when out (cap bytes) is too small or the input is invalid
 * (nmetrics 0 or > 64, nbuckets > 1,000,000). */
size_t an_chunk_encode(const int64_t *vals, const uint8_t *present, size_t nbuckets,
                       size_t nmetrics, uint8_t *out, size_t cap);

/* The worst-case encoded size for a chunk of that shape (callers size their
 * buffer with it): about 10 bytes a value, as for full-range random data
 * (whichever the mode); 0 for a shape the encoder refuses. */
size_t an_chunk_bound(size_t nbuckets, size_t nmetrics);

/* Reads the shape without decoding: 0, or -1 for a malformed header (a
 * version other than AN_CODEC_VERSION, a shape past the limits). */
int an_chunk_shape(const uint8_t *in, size_t len, size_t *nbuckets, size_t *nmetrics);

/* Decodes into vals (maxbuckets x nmetrics) and present (maxbuckets flags,
 * 1 present, 0 absent; may be NULL), and sets *nbuckets.  Absent buckets
 * get zeros.  0, or -1 for malformed, truncated, or too-large input
 * (more than maxbuckets buckets), or a nmetrics mismatch — never reads
 * past len, never writes past maxbuckets*nmetrics.  On -1 *nbuckets is
 * untouched and vals and present hold unspecified values. */
int an_chunk_decode(const uint8_t *in, size_t len, int64_t *vals, uint8_t *present,
                    size_t maxbuckets, size_t nmetrics, size_t *nbuckets);

#endif
