/* an_codec.c — history chunks packed as run-length presence and, a column
 * each, zig-zag varint deltas or deltas of deltas with zero runs
 * (an_codec.h has the format). */
#include "an_codec.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The most bytes one value can take: a 64-bit tvar (6 + 9 * 7 bits). */
enum { MAX_TVAR = 10 };

/* A column's mode: its values differenced once or twice.  The modes are
 * the bits of a uint64_t, one a column. */
enum { MODE_DELTA = 0, MODE_DOD = 1 };
_Static_assert(AN_CODEC_MAX_METRICS <= 64, "a mode bit a column");

/* --- writing ------------------------------------------------------------ */

/* With p NULL, a writer only counts (to size a column in each mode). */
typedef struct {
	uint8_t *p;
	size_t n, cap;
} writer;

static bool put_byte(writer *w, uint8_t c)
{
	if (w->n == w->cap)
		return false;
	if (w->p != NULL)
		w->p[w->n] = c;
	w->n++;
	return true;
}

static bool put_uvar(writer *w, uint64_t x)
{
	while (x >= 0x80) {
		if (!put_byte(w, (uint8_t)(x | 0x80)))
			return false;
		x >>= 7;
	}
	return put_byte(w, (uint8_t)x);
}

static bool put_tvar(writer *w, unsigned tag, uint64_t x)
{
	uint8_t first = (uint8_t)((tag ? 0x40 : 0) | (x & 0x3f));
	x >>= 6;
	if (x == 0)
		return put_byte(w, first);
	return put_byte(w, first | 0x80) && put_uvar(w, x);
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

static uint64_t zigzag(uint64_t d)
{
	return (d << 1) ^ (0 - (d >> 63));
}

static uint64_t unzigzag(uint64_t z)
{
	return (z >> 1) ^ (0 - (z & 1));
}

/* uint64 to int64 by two's complement, without the implementation-defined
 * conversion of an out-of-range value. */
static int64_t to_signed(uint64_t u)
{
	if (u <= INT64_MAX)
		return (int64_t)u;
	return -(int64_t)(UINT64_MAX - u) - 1;
}

static bool shape_ok(size_t nbuckets, size_t nmetrics)
{
	return nmetrics >= 1 && nmetrics <= AN_CODEC_MAX_METRICS &&
	       nbuckets <= AN_CODEC_MAX_BUCKETS;
}

size_t an_chunk_bound(size_t nbuckets, size_t nmetrics)
{
	if (!shape_ok(nbuckets, nmetrics))
		return 0;
	/* Modes: a bit a column, 7 a byte.  Presence: runs of length r take
	 * at most r bytes each, plus one for an empty first run.  Values: one
	 * token of at most MAX_TVAR bytes a present value in mode 0 (a zero run
	 * is shorter than the literals it replaces), and mode 1 only when
	 * shorter. */
	return 1 + uvar_len(nbuckets) + uvar_len(nmetrics) + (nmetrics + 6) / 7 + 1 +
	       nbuckets * (1 + MAX_TVAR * nmetrics);
}

static bool is_present(const uint8_t *present, size_t b)
{
	return present == NULL || present[b] != 0;
}

/* Writes column m in mode (its tokens). */
static bool put_column(writer *w, const int64_t *vals, const uint8_t *present, size_t nbuckets,
                       size_t nmetrics, size_t m, unsigned mode)
{
	uint64_t prev = 0, prev_d = 0;
	size_t zeros = 0;
	for (size_t b = 0; b < nbuckets; b++) {
		if (!is_present(present, b))
			continue;
		uint64_t v = (uint64_t)vals[b * nmetrics + m];
		uint64_t d = v - prev;
		prev = v;
		if (mode == MODE_DOD) {
			uint64_t dd = d - prev_d;
			prev_d = d;
			d = dd;
		}
		if (d == 0) {
			zeros++;
			continue;
		}
		if (zeros > 0 && !put_tvar(w, 1, zeros - 1))
			return false;
		zeros = 0;
		if (!put_tvar(w, 0, zigzag(d) - 1))
			return false;
	}
	return zeros == 0 || put_tvar(w, 1, zeros - 1);
}

/* The mode bits: each column in its shorter mode, delta on a tie. */
static uint64_t choose_modes(const int64_t *vals, const uint8_t *present, size_t nbuckets,
                             size_t nmetrics)
{
	uint64_t modes = 0;
	for (size_t m = 0; m < nmetrics; m++) {
		writer delta = {NULL, 0, SIZE_MAX}, dod = {NULL, 0, SIZE_MAX};
		(void)put_column(&delta, vals, present, nbuckets, nmetrics, m, MODE_DELTA);
		(void)put_column(&dod, vals, present, nbuckets, nmetrics, m, MODE_DOD);
		if (dod.n < delta.n)
			modes |= (uint64_t)1 << m;
	}
	return modes;
}

size_t an_chunk_encode(const int64_t *vals, const uint8_t *present, size_t nbuckets,
                       size_t nmetrics, uint8_t *out, size_t cap)
{
	if (!shape_ok(nbuckets, nmetrics) || out == NULL)
		return 0;
	uint64_t modes = choose_modes(vals, present, nbuckets, nmetrics);
	writer w = {out, 0, cap};
	if (!put_byte(&w, AN_CODEC_VERSION) || !put_uvar(&w, nbuckets) || !put_uvar(&w, nmetrics) ||
	    !put_uvar(&w, modes))
		return 0;

	bool state = true; /* the first run is of present buckets */
	size_t run = 0;
	for (size_t b = 0; b < nbuckets; b++) {
		if (is_present(present, b) != state) {
			if (!put_uvar(&w, run))
				return 0;
			state = !state;
			run = 0;
		}
		run++;
	}
	if (nbuckets > 0 && !put_uvar(&w, run))
		return 0;

	for (size_t m = 0; m < nmetrics; m++)
		if (!put_column(&w, vals, present, nbuckets, nmetrics, m,
		                (unsigned)(modes >> m) & 1))
			return 0;
	return w.n;
}

/* --- reading ------------------------------------------------------------ */

typedef struct {
	const uint8_t *p, *end;
} reader;

/* The rest of a varint after its first byte, from bit shift on. */
static int get_rest(reader *r, unsigned shift, uint64_t *x)
{
	for (;; shift += 7) {
		if (r->p == r->end)
			return -1;
		uint8_t c = *r->p++;
		/* the byte holding bit 63 may hold nothing higher, nor go on */
		if (shift > 57 && c >> (64 - shift) != 0)
			return -1;
		*x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return c == 0 ? -1 : 0; /* 0: overlong */
	}
}

static int get_uvar(reader *r, uint64_t *x)
{
	if (r->p == r->end)
		return -1;
	uint8_t c = *r->p++;
	*x = c & 0x7f;
	return c & 0x80 ? get_rest(r, 7, x) : 0;
}

static int get_tvar(reader *r, unsigned *tag, uint64_t *x)
{
	if (r->p == r->end)
		return -1;
	uint8_t c = *r->p++;
	*tag = (c >> 6) & 1;
	*x = c & 0x3f;
	return c & 0x80 ? get_rest(r, 6, x) : 0;
}

static int get_header(reader *r, size_t *nbuckets, size_t *nmetrics)
{
	uint64_t nb, nm;
	if (r->p == r->end || *r->p++ != AN_CODEC_VERSION)
		return -1;
	if (get_uvar(r, &nb) < 0 || get_uvar(r, &nm) < 0)
		return -1;
	if (nb > AN_CODEC_MAX_BUCKETS || nm == 0 || nm > AN_CODEC_MAX_METRICS)
		return -1;
	*nbuckets = (size_t)nb;
	*nmetrics = (size_t)nm;
	return 0;
}

int an_chunk_shape(const uint8_t *in, size_t len, size_t *nbuckets, size_t *nmetrics)
{
	if (in == NULL)
		return -1;
	reader r = {in, in + len};
	return get_header(&r, nbuckets, nmetrics);
}

/* Walks the present buckets through presence runs already checked. */
typedef struct {
	reader r;
	size_t b;    /* the next bucket */
	size_t left; /* buckets left in the current run */
	bool present;
} present_iter;

static void iter_init(present_iter *it, reader runs)
{
	it->r = runs;
	it->b = 0;
	it->left = 0;
	it->present = false; /* the first run read flips it to present */
}

static size_t iter_next(present_iter *it)
{
	while (it->left == 0 || !it->present) {
		it->b += it->left;
		uint64_t run = 0;
		(void)get_uvar(&it->r, &run); /* checked by read_presence */
		it->left = (size_t)run;
		it->present = !it->present;
	}
	it->left--;
	return it->b++;
}

/* Checks the presence runs, fills present and zeroes the absent rows. */
static int read_presence(reader *r, size_t nbuckets, int64_t *vals, uint8_t *present,
                         size_t nmetrics, size_t *npresent)
{
	bool state = true;
	size_t b = 0, np = 0;
	while (b < nbuckets) {
		uint64_t run;
		bool first = b == 0 && state;
		if (get_uvar(r, &run) < 0 || run > nbuckets - b || (run == 0 && !first))
			return -1;
		if (present != NULL)
			memset(present + b, state, (size_t)run);
		if (state)
			np += (size_t)run;
		else
			memset(vals + b * nmetrics, 0, (size_t)run * nmetrics * sizeof *vals);
		b += (size_t)run;
		state = !state;
	}
	*npresent = np;
	return 0;
}

static int read_column(reader *r, reader runs, size_t npresent, int64_t *vals, size_t m,
                       size_t nmetrics, unsigned mode)
{
	present_iter it;
	iter_init(&it, runs);
	uint64_t prev = 0, d = 0;
	size_t left = npresent;
	while (left > 0) {
		unsigned tag;
		uint64_t x, n, diff = 0;
		if (get_tvar(r, &tag, &x) < 0)
			return -1;
		if (tag) {
			if (x >= left)
				return -1;
			n = x + 1;
		} else {
			if (x == UINT64_MAX) /* a zero literal */
				return -1;
			diff = unzigzag(x + 1);
			n = 1;
		}
		for (uint64_t i = 0; i < n; i++) {
			if (mode == MODE_DOD) {
				d += diff;
				prev += d;
			} else {
				prev += diff;
			}
			vals[iter_next(&it) * nmetrics + m] = to_signed(prev);
		}
		left -= (size_t)n;
	}
	return 0;
}

int an_chunk_decode(const uint8_t *in, size_t len, int64_t *vals, uint8_t *present,
                    size_t maxbuckets, size_t nmetrics, size_t *nbuckets)
{
	size_t nb, nm, np;
	if (in == NULL)
		return -1;
	uint64_t modes;
	reader r = {in, in + len};
	if (get_header(&r, &nb, &nm) < 0 || nm != nmetrics || nb > maxbuckets)
		return -1;
	/* two modes: a bit a column, none past the last */
	if (get_uvar(&r, &modes) < 0 || (nm < 64 && modes >> nm != 0))
		return -1;
	reader runs = r;
	if (read_presence(&r, nb, vals, present, nm, &np) < 0)
		return -1;
	for (size_t m = 0; m < nm; m++)
		if (read_column(&r, runs, np, vals, m, nm, (unsigned)(modes >> m) & 1) < 0)
			return -1;
	if (r.p != r.end)
		return -1;
	*nbuckets = nb;
	return 0;
}
