/* an_enc.c — a history chunk encoded a bucket at a time (an_enc.h; the
 * format is an_codec.h's).
 *
 * The encoder holds streams of finished tokens, back to back in one
 * arena: the presence runs, then each column's tokens in one mode, the one
 * it keeps.  The other mode is only counted (its length and open zero
 * run); when it is clearly the shorter (switch_due), the column's stream
 * is rewritten in it (transcode), so a column holds about the bytes it
 * will take.  What is still open (the current presence run, each mode's
 * zero run) is counted, not written: finish writes it, and rewrites a
 * column kept in the mode not chosen, without changing the encoder.
 *
 * A stream's room in the arena is a function of its length (room), so no
 * capacity is stored: a stream that outgrows its room moves the streams
 * after it up. */
#include "an_enc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The most bytes one varint can take (a 64-bit tvar: 6 + 9 * 7 bits). */
enum { MAX_TVAR = 10 };
enum { MODE_DELTA = 0, MODE_DOD = 1 };
/* Stream lengths and zero runs fit 32 bits: at most ~11 bytes a bucket. */
_Static_assert(AN_CODEC_MAX_BUCKETS < UINT32_MAX / 16, "32-bit stream lengths");

/* A column: its last difference and, in each mode, the bytes of tokens
 * written (in the arena for the kept mode, counted for the other) and the
 * zero differences since (the open run).  Its last value is in last[]. */
typedef struct {
	uint64_t prev_d;
	uint32_t len[2];   /* by mode */
	uint32_t zeros[2]; /* by mode */
} an_col;

struct an_enc {
	size_t nmetrics;
	size_t nbuckets, npresent;
	size_t run;       /* the current presence run (not yet written) */
	bool run_present; /* and its kind */
	uint32_t plen;    /* bytes of presence runs written */
	uint64_t kept;    /* bit m: column m is kept in delta of delta */
	uint8_t *arena;   /* the streams: presence, then the columns' */
	size_t used, cap; /* the streams' rooms, allocated */
	int64_t *last;    /* the last present bucket (nmetrics, after col) */
	an_col col[];
};

/* --- varints (as an_codec.c writes them) -------------------------------- */

static size_t uvar_to(uint8_t *p, uint64_t x)
{
	size_t n = 0;
	while (x >= 0x80) {
		p[n++] = (uint8_t)(x | 0x80);
		x >>= 7;
	}
	p[n++] = (uint8_t)x;
	return n;
}

static size_t tvar_to(uint8_t *p, unsigned tag, uint64_t x)
{
	p[0] = (uint8_t)((tag ? 0x40 : 0) | (x & 0x3f));
	if (x >> 6 == 0)
		return 1;
	p[0] |= 0x80;
	return 1 + uvar_to(p + 1, x >> 6);
}

/* Reads a token this encoder wrote (sound: no checks). */
static size_t tvar_from(const uint8_t *p, unsigned *tag, uint64_t *x)
{
	*tag = (p[0] >> 6) & 1;
	*x = p[0] & 0x3f;
	size_t n = 1;
	for (unsigned shift = 6; p[n - 1] & 0x80; shift += 7, n++)
		*x |= (uint64_t)(p[n] & 0x7f) << shift;
	return n;
}

static size_t uvar_len(uint64_t x)
{
	size_t n = 1;
	while (x >= 0x80) {
		x >>= 7;
		n++;
	}
	return n;
}

static size_t tvar_len(uint64_t x)
{
	return x < 0x40 ? 1 : 1 + uvar_len(x >> 6);
}

static uint64_t zigzag(uint64_t d)
{
	return (d << 1) ^ (0 - (d >> 63));
}

static uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ (0 - (z & 1));
}

/* The bytes of a zero run's token (none for no run). */
static size_t run_len(uint64_t zeros)
{
	return zeros == 0 ? 0 : tvar_len(zeros - 1);
}

/* A column's length in a mode, its open run included. */
static size_t col_len(const an_col *c, unsigned mode)
{
	return c->len[mode] + run_len(c->zeros[mode]);
}

/* Whether column c, kept in mode kept, is to be rewritten in the other:
 * once that is shorter by a quarter and 16 bytes.  The kept stream then
 * has to grow by half as much again before the next rewrite, so rewriting
 * costs a bounded share of the encoding however the two modes race. */
static bool switch_due(const an_col *c, unsigned kept)
{
	size_t other = col_len(c, !kept);
	return col_len(c, kept) > other + other / 4 + 16;
}

/* --- rewriting a column in the other mode ------------------------------- */

/* Tokens written to p (cap bytes: never past it) with the zero run open. */
typedef struct {
	uint8_t *p;
	size_t n, cap;
	uint64_t zeros;
} emitter;

static void emit_bytes(emitter *w, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++, w->n++)
		if (w->n < w->cap)
			w->p[w->n] = b[i];
}

/* The tokens of a nonzero difference d after zeros zero ones (the run
 * closed) into tok (2 * MAX_TVAR bytes); returns their length. */
static size_t tokens(uint8_t *tok, uint64_t zeros, uint64_t d)
{
	size_t n = zeros ? tvar_to(tok, 1, zeros - 1) : 0;
	return n + tvar_to(tok + n, 0, zigzag(d) - 1);
}

static void emit(emitter *w, uint64_t d)
{
	if (d == 0) {
		w->zeros++;
		return;
	}
	uint8_t tok[2 * MAX_TVAR];
	size_t n = tokens(tok, w->zeros, d);
	w->zeros = 0;
	emit_bytes(w, tok, n);
}

/* Writes the differences of a column kept in the other mode (len bytes of
 * tokens at in, then zeros zero differences) as mode `to`'s tokens: delta
 * of delta differences the deltas, delta sums the second differences. */
static void transcode(emitter *w, unsigned to, const uint8_t *in, size_t len, uint64_t zeros)
{
	uint64_t prev = 0; /* the last delta */
	for (size_t i = 0; i < len || zeros > 0;) {
		uint64_t n = 1, diff = 0; /* one difference, or n zeros */
		if (i < len) {
			unsigned tag;
			uint64_t x;
			i += tvar_from(in + i, &tag, &x);
			if (tag)
				n = x + 1;
			else
				diff = unzigzag(x + 1);
		} else {
			n = zeros; /* the open run, last */
			zeros = 0;
		}
		if (to == MODE_DOD) { /* n deltas of diff */
			emit(w, diff - prev);
			w->zeros += n - 1;
			prev = diff;
		} else { /* the slope changes by diff, then holds */
			prev += diff;
			if (prev == 0)
				w->zeros += n;
			else
				for (uint64_t k = 0; k < n; k++)
					emit(w, prev);
		}
	}
}

/* --- streams ------------------------------------------------------------ */

/* The room of a stream of len bytes: len rounded up to 3 significant bits
 * (4, 5, 6, 7, 8, 10, 12, 14, 16, 20, ...), at most 25 % spare, and a
 * stream grows (moves what follows) about 4 times a doubling. */
static size_t room(size_t len)
{
	if (len <= 4)
		return len == 0 ? 0 : 4;
	unsigned shift = 0;
	while ((len - 1) >> shift >= 8)
		shift++;
	return (((len - 1) >> shift) + 1) << shift;
}

/* Gives the stream at off (of len bytes) the room of newlen bytes, moving
 * the streams after it. */
static void stream_resize(an_enc *e, size_t off, size_t len, size_t newlen)
{
	size_t have = room(len), need = room(newlen);
	if (need == have)
		return;
	if (need > have && e->used + need - have > e->cap) {
		size_t cap = room(e->used + need - have < 64 ? 64 : e->used + need - have);
		uint8_t *a = realloc(e->arena, cap);
		if (a == NULL)
			abort();
		e->arena = a;
		e->cap = cap;
	}
	memmove(e->arena + off + need, e->arena + off + have, e->used - off - have);
	e->used = e->used - have + need;
}

/* Appends n bytes to the stream at off (*len bytes long). */
static void stream_add(an_enc *e, size_t off, uint32_t *len, const uint8_t *bytes, size_t n)
{
	stream_resize(e, off, *len, *len + n);
	memcpy(e->arena + off + *len, bytes, n);
	*len += (uint32_t)n;
}

/* One difference of column c (at off) in a mode: a zero extends the open
 * run, any other closes it and is written (the kept mode) or counted. */
static void col_diff(an_enc *e, size_t off, an_col *c, unsigned mode, bool kept, uint64_t d)
{
	if (d == 0) {
		c->zeros[mode]++;
		return;
	}
	uint8_t tok[2 * MAX_TVAR];
	size_t n = tokens(tok, c->zeros[mode], d);
	c->zeros[mode] = 0;
	if (kept)
		stream_add(e, off, &c->len[mode], tok, n);
	else
		c->len[mode] += (uint32_t)n;
}

/* Rewrites column m's stream (at off) in the mode it does not keep. */
static void col_switch(an_enc *e, size_t off, size_t m)
{
	an_col *c = &e->col[m];
	unsigned from = (unsigned)(e->kept >> m) & 1, to = !from;
	emitter w = {malloc(c->len[to] + 1), 0, c->len[to], 0};
	if (w.p == NULL)
		abort();
	transcode(&w, to, e->arena + off, c->len[from], c->zeros[from]);
	stream_resize(e, off, c->len[from], c->len[to]);
	if (c->len[to] > 0)
		memcpy(e->arena + off, w.p, c->len[to]);
	free(w.p);
	e->kept ^= (uint64_t)1 << m;
}

/* n more buckets, present or absent: a run of the other kind is closed
 * (written; only the first run, present, may be empty). */
static void presence_add(an_enc *e, bool present, size_t n)
{
	if (present != e->run_present) {
		uint8_t tok[MAX_TVAR];
		stream_add(e, 0, &e->plen, tok, uvar_to(tok, e->run));
		e->run_present = present;
		e->run = 0;
	}
	e->run += n;
	e->nbuckets += n;
}

/* --- the encoder -------------------------------------------------------- */

an_enc *an_enc_new(size_t nmetrics)
{
	if (nmetrics == 0 || nmetrics > AN_CODEC_MAX_METRICS)
		return NULL;
	an_enc *e = calloc(1, sizeof *e + nmetrics * (sizeof(an_col) + sizeof(int64_t)));
	if (e == NULL)
		abort();
	e->nmetrics = nmetrics;
	e->last = (int64_t *)(e->col + nmetrics); /* an_col is 8-aligned */
	e->run_present = true;
	return e;
}

void an_enc_free(an_enc *e)
{
	if (e == NULL)
		return;
	free(e->arena);
	free(e);
}

void an_enc_clear(an_enc *e)
{
	free(e->arena);
	e->arena = NULL;
	e->used = e->cap = 0;
	e->nbuckets = e->npresent = e->run = 0;
	e->run_present = true;
	e->plen = 0;
	e->kept = 0;
	memset(e->col, 0, e->nmetrics * (sizeof(an_col) + sizeof(int64_t))); /* and last */
}

int an_enc_put(an_enc *e, size_t bucket, const int64_t *vals)
{
	if (vals == NULL || bucket < e->nbuckets || bucket >= AN_CODEC_MAX_BUCKETS)
		return -1;
	if (bucket > e->nbuckets)
		presence_add(e, false, bucket - e->nbuckets);
	presence_add(e, true, 1);
	e->npresent++;
	/* differences mod 2^64, from 0 before the first present bucket */
	size_t off = room(e->plen);
	for (size_t m = 0; m < e->nmetrics; m++) {
		an_col *c = &e->col[m];
		unsigned kept = (unsigned)(e->kept >> m) & 1;
		uint64_t d = (uint64_t)vals[m] - (uint64_t)e->last[m];
		uint64_t dd = d - c->prev_d;
		e->last[m] = vals[m];
		c->prev_d = d;
		col_diff(e, off, c, MODE_DELTA, kept == MODE_DELTA, d);
		col_diff(e, off, c, MODE_DOD, kept == MODE_DOD, dd);
		if (switch_due(c, kept))
			col_switch(e, off, m);
		off += room(c->len[(e->kept >> m) & 1]);
	}
	return 0;
}

size_t an_enc_nbuckets(const an_enc *e)
{
	return e->nbuckets;
}

size_t an_enc_npresent(const an_enc *e)
{
	return e->npresent;
}

const int64_t *an_enc_last(const an_enc *e)
{
	return e->npresent ? e->last : NULL;
}

/* The mode bits, as an_codec.c's choose_modes: the shorter, delta on a
 * tie. */
static uint64_t pick_modes(const an_enc *e)
{
	uint64_t modes = 0;
	for (size_t m = 0; m < e->nmetrics; m++)
		if (col_len(&e->col[m], MODE_DOD) < col_len(&e->col[m], MODE_DELTA))
			modes |= (uint64_t)1 << m;
	return modes;
}

size_t an_enc_size(const an_enc *e)
{
	uint64_t modes = pick_modes(e);
	size_t n = 1 + uvar_len(e->nbuckets) + uvar_len(e->nmetrics) + uvar_len(modes) + e->plen;
	if (e->nbuckets > 0)
		n += uvar_len(e->run);
	for (size_t m = 0; m < e->nmetrics; m++)
		n += col_len(&e->col[m], (unsigned)(modes >> m) & 1);
	return n;
}

size_t an_enc_finish(const an_enc *e, uint8_t *out, size_t cap)
{
	size_t len = an_enc_size(e);
	if (out == NULL || cap < len)
		return 0;
	uint64_t modes = pick_modes(e);
	uint8_t head[4 * MAX_TVAR];
	size_t n = 0;
	head[n++] = AN_CODEC_VERSION;
	n += uvar_to(head + n, e->nbuckets);
	n += uvar_to(head + n, e->nmetrics);
	n += uvar_to(head + n, modes);
	emitter w = {out, 0, len, 0};
	emit_bytes(&w, head, n);
	if (e->plen > 0)
		emit_bytes(&w, e->arena, e->plen);
	if (e->nbuckets > 0)
		emit_bytes(&w, head, uvar_to(head, e->run));
	size_t off = room(e->plen);
	for (size_t m = 0; m < e->nmetrics; m++) {
		const an_col *c = &e->col[m];
		unsigned mode = (unsigned)(modes >> m) & 1, kept = (unsigned)(e->kept >> m) & 1;
		const uint8_t *in = c->len[kept] > 0 ? e->arena + off : NULL;
		if (mode == kept) {
			emit_bytes(&w, in, c->len[kept]);
			w.zeros = c->zeros[kept];
		} else {
			transcode(&w, mode, in, c->len[kept], c->zeros[kept]);
		}
		if (w.zeros > 0)
			emit_bytes(&w, head, tvar_to(head, 1, w.zeros - 1));
		w.zeros = 0;
		off += room(c->len[kept]);
	}
	return w.n == len ? len : 0; /* as counted (anything else: a bug, not a chunk) */
}

size_t an_enc_memory(const an_enc *e)
{
	return sizeof *e + e->nmetrics * (sizeof(an_col) + sizeof(int64_t)) + e->cap;
}

int an_enc_load(an_enc *e, const uint8_t *chunk, size_t len, size_t maxbuckets)
{
	size_t nb, nm;
	if (an_chunk_shape(chunk, len, &nb, &nm) < 0 || nm != e->nmetrics || nb > maxbuckets)
		return -1;
	int64_t *vals = malloc(nb * nm * sizeof *vals + 1);
	uint8_t *present = malloc(nb + 1);
	if (vals == NULL || present == NULL)
		abort();
	int rc = an_chunk_decode(chunk, len, vals, present, nb, nm, &nb);
	if (rc == 0) {
		an_enc_clear(e);
		for (size_t b = 0; b < nb; b++)
			if (present[b])
				(void)an_enc_put(e, b, vals + b * nm);
		if (nb > e->nbuckets) /* the chunk ends absent */
			presence_add(e, false, nb - e->nbuckets);
	}
	free(vals);
	free(present);
	return rc;
}
