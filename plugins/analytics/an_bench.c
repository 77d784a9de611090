/* an_bench.c — `history bench` (see an_bench.h): the history writer's
 * cost at fleet scale, on the store this process opened.
 *
 * What is timed is the writer's own code: an_acc_sample and an_series_put
 * for every vehicle each simulated second, fleet and zone buckets summed
 * as an_hist_sample sums them, and an_hist_flush (the writer's function)
 * on a private an_hist every analytics.flush_s of simulated time, drained
 * at once so that the store thread's work is attributed to its batch.
 * The synthetic vehicles stand in for the live model and are timed apart
 * (excluded from the figure: the real writer reads the model instead). */
#include "an_bench.h"
#include "an_codec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MAX_VEHICLES 200000
#define BENCH_MAX_HOURS 168.0
#define BENCH_MAX_DAYS 400
/* a trend fleet's history is written in batches of this many seconds */
#define TREND_FLUSH_S 21600
#define TREND_DAYS 30

/* ---------------------------------------------------------------- random */

/* splitmix64: small, fast, good enough for a synthetic fleet. */
static uint64_t rnd_u64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double rnd_unit(uint64_t *s)
{
	return (double)(rnd_u64(s) >> 11) * 0x1.0p-53;
}

static int rnd_range(uint64_t *s, int lo, int hi)
{
	return lo + (int)(rnd_u64(s) % (uint64_t)(hi - lo + 1));
}

/* Standard normal (Box-Muller, one of the pair). */
static double rnd_gauss(uint64_t *s)
{
	double u = rnd_unit(s), v = rnd_unit(s);
	return sqrt(-2.0 * log(u > 1e-300 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

static int64_t rnd_poisson(uint64_t *s, double lambda)
{
	if (lambda > 30.0) {
		double x = lambda + sqrt(lambda) * rnd_gauss(s);
		return x > 0 ? (int64_t)llround(x) : 0;
	}
	double l = exp(-lambda), p = 1.0;
	int64_t k = 0;
	do {
		k++;
		p *= rnd_unit(s);
	} while (p > l);
	return k - 1;
}

/* ---------------------------------------------------------------- clocks */

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double thread_cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static double process_cpu(void)
{
	return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static double mono(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* ---------------------------------------------------------------- vehicles */

/* One synthetic vehicle: idle, driving, acting (load handling) and
 * charging episodes of random length, now and then an error or a spell
 * offline; a state message most seconds. */
typedef struct {
	int state; /* an fo_vstate */
	int left_s;
	double odo_m, batt, charge_to;
	unsigned nerrors;
	uint64_t seen_ms;
	uint32_t fleet, zone;
	unsigned done, failed; /* missions that ended this second */
} bench_veh;

/* The next episode; work: within a shift (always, for the busy profile). */
static void veh_next(bench_veh *v, uint64_t *r, bool work)
{
	double u = rnd_unit(r);
	switch (v->state) {
	case FO_VS_IDLE:
		if (v->batt < 30.0) {
			v->state = FO_VS_CHARGING;
			v->charge_to = 85.0 + 15.0 * rnd_unit(r);
			v->left_s = 20000;
		} else if (!work) {
			v->left_s = rnd_range(r, 30, 120);
		} else if (u < 0.003) {
			v->state = FO_VS_OFFLINE;
			v->left_s = rnd_range(r, 120, 1800);
		} else {
			v->state = FO_VS_DRIVING;
			v->left_s = rnd_range(r, 20, 240);
		}
		break;
	case FO_VS_DRIVING:
		v->state = u < 0.65 ? FO_VS_ACTING : FO_VS_IDLE;
		v->state = work ? v->state : FO_VS_IDLE;
		v->left_s = v->state == FO_VS_ACTING ? rnd_range(r, 10, 90) : rnd_range(r, 5, 180);
		break;
	case FO_VS_ACTING:
		v->done = 1;
		v->state = u < 0.6 && work ? FO_VS_DRIVING : FO_VS_IDLE;
		v->left_s =
		    v->state == FO_VS_DRIVING ? rnd_range(r, 20, 240) : rnd_range(r, 5, 120);
		break;
	case FO_VS_ERROR:
		v->nerrors = 0;
		v->failed = u < 0.5;
		v->state = FO_VS_IDLE;
		v->left_s = rnd_range(r, 10, 60);
		break;
	default: /* charged, back online */
		v->state = FO_VS_IDLE;
		v->left_s = rnd_range(r, 5, 60);
		break;
	}
}

static void veh_init(bench_veh *v, uint64_t *r, uint32_t fleet, uint32_t nzone, uint64_t t_ms)
{
	memset(v, 0, sizeof *v);
	static const int start[] = {FO_VS_IDLE, FO_VS_DRIVING, FO_VS_DRIVING, FO_VS_ACTING};
	v->state = start[rnd_u64(r) % 4];
	v->left_s = rnd_range(r, 1, 120);
	v->odo_m = 1000.0 * rnd_range(r, 0, 50000);
	v->batt = 30.0 + 70.0 * rnd_unit(r);
	v->fleet = fleet;
	v->zone = nzone ? (uint32_t)(rnd_u64(r) % nzone) : 0;
	v->seen_ms = t_ms - 500;
}

/* How the synthetic vehicles work. */
typedef enum {
	PROFILE_BUSY,  /* around the clock; a state message 92 % of the seconds */
	PROFILE_SHIFT, /* two shifts, 06:00-14:00 and 14:30-22:00, idle between,
	                * off (no messages) 22:00-05:30; messages 99.8 % */
} bench_profile;

/* One simulated second ending at t_ms. */
static void veh_step(bench_veh *v, uint64_t *r, uint64_t t_ms, uint32_t nzone, bench_profile pr)
{
	v->done = v->failed = 0;
	bool work = true;
	double msg = 0.92;
	if (pr == PROFILE_SHIFT) {
		uint64_t tod = t_ms / 1000u % 86400u;
		work = (tod >= 6 * 3600 && tod < 14 * 3600) ||
		       (tod >= 14 * 3600 + 1800 && tod < 22 * 3600);
		bool off = tod >= 22 * 3600 || tod < 5 * 3600 + 1800;
		msg = 0.998;
		if (off && v->state != FO_VS_OFFLINE) {
			v->state = FO_VS_OFFLINE;
			v->nerrors = 0;
			v->left_s = 86400;
		} else if (!off && v->state == FO_VS_OFFLINE) {
			v->left_s = 0;
		}
	}
	if (--v->left_s <= 0)
		veh_next(v, r, work);
	switch (v->state) {
	case FO_VS_DRIVING:
	case FO_VS_ACTING:
		if (v->state == FO_VS_DRIVING) {
			double sp = 1.5 + 0.25 * rnd_gauss(r);
			v->odo_m += sp < 0.1 ? 0.1 : sp > 2.2 ? 2.2 : sp;
			v->batt -= 0.004 + 0.002 * rnd_unit(r);
			if (nzone && rnd_unit(r) < 1.0 / 90.0)
				v->zone = (uint32_t)(rnd_u64(r) % nzone);
		} else {
			v->batt -= 0.003 + 0.002 * rnd_unit(r);
		}
		if (rnd_unit(r) < 1.0 / 20000.0) {
			v->state = FO_VS_ERROR;
			v->nerrors = 1;
			v->left_s = rnd_range(r, 30, 600);
		}
		break;
	case FO_VS_CHARGING:
		v->batt += 0.025 + 0.006 * rnd_unit(r);
		if (v->batt >= v->charge_to)
			v->left_s = 0;
		break;
	case FO_VS_OFFLINE:
		break;
	default:
		v->batt -= 0.0008;
		break;
	}
	v->batt = v->batt < 0 ? 0 : v->batt > 100 ? 100 : v->batt;
	if (v->state != FO_VS_OFFLINE && rnd_unit(r) < msg)
		v->seen_ms = t_ms - rnd_u64(r) % 900u;
}

/* ---------------------------------------------------------------- the writer's path */

/* A private writer: an an_hist that only ever flushes (an_hist_flush),
 * with subjects of the bench's own keys. */
static void writer_init(an_hist *w, const an_hist *h, size_t nsubj)
{
	memset(w, 0, sizeof *w);
	w->core = h->core;
	w->tiers = h->tiers;
	w->gap_ms = h->gap_ms ? h->gap_ms : 5000u;
	w->flush_ms = h->flush_ms ? h->flush_ms : 60000u;
	w->role = AN_ROLE_WRITE; /* an_hist_flush writes for a writer only */
	snprintf(w->role_why, sizeof w->role_why, "history bench");
	w->subj = calloc(nsubj ? nsubj : 1, sizeof *w->subj);
	if (!w->subj)
		abort();
	w->nsubj = w->capsubj = nsubj;
	for (size_t i = 0; i < nsubj; i++)
		an_series_init(&w->subj[i].series);
}

static void put_bucket(an_hist *w, uint32_t subj, int64_t start_s, const int64_t *vals)
{
	size_t before = w->sealed.n;
	an_series_put(&w->subj[subj].series, &w->tiers, start_s, vals, &w->sealed);
	for (size_t i = before; i < w->sealed.n; i++)
		w->sealed.v[i].owner = subj;
}

/* Fleet and zone buckets of one pass, summed as an_history.c sums them. */
typedef struct {
	uint32_t subj;
	int64_t start_s;
	int64_t vals[AN_NMETRICS];
} bench_pend;

typedef struct {
	bench_pend *v;
	size_t n, cap;
} pend_list;

static void pend_add(pend_list *p, uint32_t subj, int64_t start_s, const int64_t *vals)
{
	for (size_t i = p->n; i-- > 0;) {
		bench_pend *x = &p->v[i];
		if (x->subj == subj && x->start_s == start_s) {
			an_bucket_add_subject(x->vals, vals);
			return;
		}
	}
	p->v = fo_grow(p->v, &p->cap, p->n + 1, sizeof *p->v, 64);
	bench_pend *x = &p->v[p->n++];
	x->subj = subj;
	x->start_s = start_s;
	memset(x->vals, 0, sizeof x->vals);
	an_bucket_add_subject(x->vals, vals);
}

static int pend_cmp(const void *a, const void *b)
{
	const bench_pend *x = a, *y = b;
	if (x->subj != y->subj)
		return x->subj < y->subj ? -1 : 1;
	return x->start_s < y->start_s ? -1 : x->start_s > y->start_s;
}

/* The chunk bytes that stay: each chunk's last written length, by tier,
 * for vehicles [0] and fleets and zones [1]. */
typedef struct {
	int64_t *start; /* nsubj x AN_TIERS_MAX: the chunk last written */
	size_t *len;
	size_t nveh;
	uint64_t done[2][AN_TIERS_MAX]; /* chunks a later one followed */
} payload;

static void payload_init(payload *p, size_t nsubj, size_t nveh)
{
	memset(p, 0, sizeof *p);
	size_t n = (nsubj ? nsubj : 1) * AN_TIERS_MAX;
	p->start = malloc(n * sizeof *p->start);
	p->len = calloc(n, sizeof *p->len);
	if (!p->start || !p->len)
		abort();
	for (size_t i = 0; i < n; i++)
		p->start[i] = INT64_MIN;
	p->nveh = nveh;
}

static void payload_free(payload *p)
{
	free(p->start);
	free(p->len);
}

static void payload_see(payload *p, uint32_t subj, size_t tier, int64_t start, size_t len)
{
	size_t i = (size_t)subj * AN_TIERS_MAX + tier;
	if (p->start[i] != start) {
		if (p->start[i] != INT64_MIN)
			p->done[subj >= p->nveh][tier] += p->len[i];
		p->start[i] = start;
	}
	p->len[i] = len;
}

/* What the next an_hist_flush will write: the sealed chunks, then the
 * open chunks changed. */
static void payload_before_flush(payload *p, const an_hist *w)
{
	for (size_t i = 0; i < w->sealed.n; i++)
		payload_see(p, w->sealed.v[i].owner, w->sealed.v[i].tier, w->sealed.v[i].start_s,
		            w->sealed.v[i].len);
	for (uint32_t s = 0; s < w->nsubj; s++)
		for (size_t k = 0; k < w->tiers.n; k++) {
			const an_tier_state *ts = &w->subj[s].series.t[k];
			if (ts->dirty && ts->enc && ts->chunk_s != INT64_MIN)
				payload_see(p, s, k, ts->chunk_s, an_enc_size(ts->enc));
		}
}

static void payload_total(const payload *p, size_t nsubj, uint64_t out[2][AN_TIERS_MAX])
{
	memcpy(out, p->done, sizeof p->done);
	for (size_t s = 0; s < nsubj; s++)
		for (size_t k = 0; k < AN_TIERS_MAX; k++)
			out[s >= p->nveh][k] += p->len[s * AN_TIERS_MAX + k];
}

typedef struct {
	size_t n;
	double flush_cpu, flush_wall, flush_wall_max; /* an_hist_flush, loop thread */
	double store_cpu;                             /* other threads while draining */
	double drain_wall, drain_wall_max;
} flush_stats;

/* One batch as the writer writes it (an_hist_flush), waited for. */
static int bench_flush(an_hist *w, fo_store *st, flush_stats *fs, payload *p)
{
	if (p)
		payload_before_flush(p, w);
	uint64_t failed = w->flush_fail, flushes = w->flushes;
	double c0 = thread_cpu(), p0 = process_cpu(), m0 = mono();
	an_hist_flush(w);
	double c1 = thread_cpu(), m1 = mono();
	fo_store_drain(st);
	double c2 = thread_cpu(), p2 = process_cpu(), m2 = mono();
	fs->n += w->flushes != flushes;
	fs->flush_cpu += c1 - c0;
	fs->flush_wall += m1 - m0;
	fs->flush_wall_max = m1 - m0 > fs->flush_wall_max ? m1 - m0 : fs->flush_wall_max;
	fs->store_cpu += (p2 - p0) - (c2 - c0);
	fs->drain_wall += m2 - m1;
	fs->drain_wall_max = m2 - m1 > fs->drain_wall_max ? m2 - m1 : fs->drain_wall_max;
	return w->flush_fail == failed ? 0 : -1;
}

static size_t writer_memory(const an_hist *w)
{
	size_t n = 0;
	for (size_t i = 0; i < w->nsubj; i++)
		n += an_series_memory(&w->subj[i].series);
	return n;
}

/* ---------------------------------------------------------------- store helpers */

typedef struct {
	bool done;
	fo_store_status status;
	char error[256];
	size_t n;
} count_ctx;

static void counted(fo_core *core, const fo_store_result *res, void *ud)
{
	count_ctx *c = ud;
	c->done = true;
	c->status = res->status;
	snprintf(c->error, sizeof c->error, "%s", res->error);
	c->n += res->status == FO_STORE_OK ? res->nchunks : 0;
}

/* A drop's answer: counted, the first failure kept. */
static void dropped_some(fo_core *core, const fo_store_result *res, void *ud)
{
	count_ctx *c = ud;
	if (res->status == FO_STORE_OK) {
		c->n += res->nchanged;
	} else if (c->status == FO_STORE_OK) {
		c->status = res->status;
		snprintf(c->error, sizeof c->error, "%s", res->error);
	}
}

/* Whether the store holds any chunk of subject: 1, 0, or -1 with err. */
static int subject_stored(an_hist *h, fo_store *st, const char *subject, char *err, size_t errlen)
{
	for (size_t k = 0; k < h->tiers.n; k++) {
		count_ctx c = {0};
		fo_chunk_query q = {.tenant_id = an_tenant(h),
		                    .series = AN_SERIES,
		                    .subject = subject,
		                    .res_s = (int32_t)h->tiers.t[k].res_s,
		                    .from_s = INT64_MIN,
		                    .to_s = INT64_MAX};
		fo_store_get_chunks(st, &q, counted, &c);
		fo_store_drain(st);
		if (!c.done || c.status != FO_STORE_OK) {
			snprintf(err, errlen, "reading the store: %s",
			         c.done ? c.error : "no answer");
			return -1;
		}
		if (c.n)
			return 1;
	}
	return 0;
}

/* Retention as the writer applies it (chunks wholly older than each
 * tier's keep go), for one subject; adds how many went to *dropped.  0,
 * or -1 with err. */
static int retention(an_hist *h, fo_store *st, const char *subject, int64_t now, size_t *dropped,
                     char *err, size_t errlen)
{
	count_ctx c = {.status = FO_STORE_OK};
	for (size_t k = 0; k < h->tiers.n; k++) {
		const an_tier *t = &h->tiers.t[k];
		fo_chunk_query q = {.tenant_id = an_tenant(h),
		                    .series = AN_SERIES,
		                    .subject = subject,
		                    .res_s = (int32_t)t->res_s,
		                    .from_s = INT64_MIN,
		                    .to_s = now - t->keep_s - an_tier_span(t) + 1};
		fo_store_drop_chunks(st, &q, dropped_some, &c);
	}
	fo_store_drain(st);
	*dropped += c.n;
	if (c.status != FO_STORE_OK) {
		snprintf(err, errlen, "retention: %s", c.error);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- the command */

typedef struct {
	size_t nveh, nfleet, nzone, fleet_size, reps;
	double hours;
	long days;
	uint64_t seed;
	bool query_only;
	bench_profile profile;
} bench_cfg;

static const char *tier_name(const an_tier *t, char *buf, size_t len)
{
	if (t->res_s % 3600 == 0)
		snprintf(buf, len, "%lldh", (long long)(t->res_s / 3600));
	else if (t->res_s % 60 == 0)
		snprintf(buf, len, "%lldm", (long long)(t->res_s / 60));
	else
		snprintf(buf, len, "%llds", (long long)t->res_s);
	return buf;
}

/* Part 1: N vehicles at 1 Hz for H simulated hours. */
static int bench_vehicles(an_hist *h, fo_store *st, const bench_cfg *cfg, fo_out *out)
{
	size_t nv = cfg->nveh, nf = cfg->nfleet, nz = cfg->nzone;
	size_t nsubj = nv + nf + nz;
	an_hist w;
	writer_init(&w, h, nsubj);
	for (size_t i = 0; i < nv; i++)
		snprintf(w.subj[i].key, sizeof w.subj[i].key, "bench/v/veh-%05zu", i + 1);
	for (size_t i = 0; i < nf; i++)
		snprintf(w.subj[nv + i].key, sizeof w.subj[nv + i].key, "bench/f/fleet-%02zu",
		         i + 1);
	for (size_t i = 0; i < nz; i++)
		snprintf(w.subj[nv + nf + i].key, sizeof w.subj[nv + nf + i].key,
		         "bench/z/zone-%02zu", i + 1);
	bench_veh *veh = malloc(nv * sizeof *veh);
	an_acc *acc = malloc(nv * sizeof *acc);
	size_t npass = (size_t)llround(cfg->hours * 3600.0);
	double *pass_ms = malloc((npass + 1) * sizeof *pass_ms);
	if (!veh || !acc || !pass_ms)
		abort();
	uint64_t rng = cfg->seed * 0x2545f4914f6cdd1du + 1u;
	/* simulated time: H whole hours ending at the last full hour, so the
	 * 10 s tier's chunks (an hour each) are whole and within retention */
	uint64_t now_s = fo_wall_ms() / 1000u;
	uint64_t hour = (uint64_t)(cfg->hours * 3600.0 + 3599.0) / 3600u;
	uint64_t t0 = (now_s / 3600u - hour) * 3600000u;
	for (size_t i = 0; i < nv; i++) {
		veh_init(&veh[i], &rng, (uint32_t)(i % (nf ? nf : 1)), (uint32_t)nz, t0);
		an_acc_init(&acc[i], (uint64_t)w.tiers.t[0].res_s * 1000u);
	}
	payload pl;
	payload_init(&pl, nsubj, nv);
	pend_list pend = {0};
	flush_stats fs = {0};
	double model_cpu = 0, rollup_cpu = 0;
	size_t mem_peak = 0;
	uint64_t next_flush = t0 + w.flush_ms;
	int rc = 0;
	double wall0 = mono(), proc0 = process_cpu();
	/* one pass more than the simulated seconds: the sample after the
	 * last second closes the last bucket (and the hour's) */
	for (size_t p = 0; p <= npass && rc == 0; p++) {
		/* the timer's second, a few ms late as a loop's timer is */
		uint64_t t = t0 + (uint64_t)p * 1000u + 3u + rnd_u64(&rng) % 25u;
		double c0 = thread_cpu();
		for (size_t i = 0; i < nv; i++)
			veh_step(&veh[i], &rng, t, (uint32_t)nz, cfg->profile);
		double c1 = thread_cpu(), m1 = mono();
		/* an_hist_sample's pass, the model read from the synthetic fleet */
		pend.n = 0;
		for (size_t i = 0; i < nv; i++) {
			const bench_veh *v = &veh[i];
			if (v->done || v->failed)
				an_acc_missions(&acc[i], v->done, v->failed);
			an_sample s = {v->state, v->odo_m, v->batt, v->nerrors, v->seen_ms};
			int64_t closed[4][AN_NMETRICS];
			uint64_t starts[4];
			size_t n = an_acc_sample(&acc[i], &s, t, w.gap_ms, closed, starts, 4);
			for (size_t j = 0; j < n; j++) {
				int64_t b = (int64_t)(starts[j] / 1000u);
				put_bucket(&w, (uint32_t)i, b, closed[j]);
				if (nf)
					pend_add(&pend, (uint32_t)(nv + v->fleet), b, closed[j]);
				if (nz)
					pend_add(&pend, (uint32_t)(nv + nf + v->zone), b,
					         closed[j]);
			}
		}
		if (pend.n > 1)
			qsort(pend.v, pend.n, sizeof *pend.v, pend_cmp);
		for (size_t i = 0; i < pend.n; i++)
			put_bucket(&w, pend.v[i].subj, pend.v[i].start_s, pend.v[i].vals);
		double c2 = thread_cpu();
		pass_ms[p] = (mono() - m1) * 1000.0;
		model_cpu += c1 - c0;
		rollup_cpu += c2 - c1;
		if (t >= next_flush) {
			next_flush += w.flush_ms;
			size_t mem = writer_memory(&w);
			mem_peak = mem > mem_peak ? mem : mem_peak;
			rc = bench_flush(&w, st, &fs, &pl);
		}
	}
	if (rc == 0)
		rc = bench_flush(&w, st, &fs, &pl); /* the last batch, as on closing */
	double wall = mono() - wall0, proc = process_cpu() - proc0;
	if (rc != 0) {
		fo_out_error(out, "history bench: writing a batch: %s", w.last_error);
		goto done;
	}
	size_t mem_end = writer_memory(&w);
	mem_peak = mem_end > mem_peak ? mem_end : mem_peak;
	uint64_t pay[2][AN_TIERS_MAX];
	payload_total(&pl, nsubj, pay);

	double sim_s = (double)npass;
	double pct_model = 100.0 * model_cpu / sim_s, pct_rollup = 100.0 * rollup_cpu / sim_s;
	double pct_flush = 100.0 * fs.flush_cpu / sim_s, pct_store = 100.0 * fs.store_cpu / sim_s;
	double pct_hist = pct_rollup + pct_flush + pct_store;
	qsort(pass_ms, npass + 1, sizeof *pass_ms, cmp_double);
	double pass_mean = rollup_cpu / (double)(npass + 1) * 1000.0;
	double pass_p99 = pass_ms[(size_t)(0.99 * (double)npass)];
	double pass_max = pass_ms[npass];
	double veh_days = (double)nv * cfg->hours / 24.0;
	char tiers[96] = "", tn[24];
	for (size_t k = 0; k < w.tiers.n; k++)
		snprintf(tiers + strlen(tiers), sizeof tiers - strlen(tiers), "%s%s", k ? "," : "",
		         tier_name(&w.tiers.t[k], tn, sizeof tn));

	fo_out_printf(out,
	              "history bench: %zu vehicles (%zu fleets, %zu zones, %s profile), %.2f h "
	              "simulated at 1 Hz (%zu passes), resolutions %s, a batch every %.0f s: %zu "
	              "batches\n",
	              nv, nf, nz, cfg->profile == PROFILE_SHIFT ? "shift" : "busy", cfg->hours,
	              npass, tiers, (double)w.flush_ms / 1000.0, fs.n);
	fo_out_printf(out,
	              "  rollup (an_acc_sample, an_series_put, fleet and zone sums): %.3f %% of a "
	              "core; a pass %.3f ms CPU on average, p99 %.2f ms, max %.2f ms wall\n",
	              pct_rollup, pass_mean, pass_p99, pass_max);
	fo_out_printf(out,
	              "  flush (an_hist_flush: open chunks encoded, batch queued): %.3f %% of a "
	              "core; %.1f ms a batch on average, max %.1f ms (blocks the loop)\n",
	              pct_flush, fs.n ? fs.flush_wall / (double)fs.n * 1000.0 : 0.0,
	              fs.flush_wall_max * 1000.0);
	fo_out_printf(out,
	              "  store writes (the store thread's CPU, fo_store_put_chunks): %.3f %% of a "
	              "core; a batch takes %.1f ms on average, max %.1f ms (wall, own thread)\n",
	              pct_store, fs.n ? fs.drain_wall / (double)fs.n * 1000.0 : 0.0,
	              fs.drain_wall_max * 1000.0);
	fo_out_printf(out,
	              "  history in all: %.3f %% of a core (budget 5 %%); not in it: the synthetic "
	              "vehicles %.3f %% (the real writer reads the live model instead), the "
	              "database server's own process\n",
	              pct_hist, pct_model);
	fo_out_printf(out,
	              "  memory: open chunks %.1f MiB at the end, %.1f MiB at most (%.0f bytes a "
	              "subject), accumulators %.1f MiB\n",
	              (double)mem_end / 1048576.0, (double)mem_peak / 1048576.0,
	              nsubj ? (double)mem_end / (double)nsubj : 0.0,
	              (double)(nv * sizeof *acc) / 1048576.0);
	fo_out_printf(out,
	              "  written: %llu chunks, %.1f MiB of chunk bytes (open chunks rewritten each "
	              "batch): %.0f bytes a vehicle-hour\n",
	              (unsigned long long)w.chunks_written, (double)w.bytes_written / 1048576.0,
	              nv && cfg->hours > 0 ? (double)w.bytes_written / (double)nv / cfg->hours
	                                   : 0.0);
	uint64_t all = 0, kept = 0;
	fo_out_printf(out, "  chunk bytes that stay, a vehicle-day (x %.2f from %.2f h):",
	              24.0 / cfg->hours, cfg->hours);
	for (size_t k = 0; k < w.tiers.n; k++) {
		all += pay[0][k];
		kept += k ? pay[0][k] : 0;
		fo_out_printf(out, " %s %.0f", tier_name(&w.tiers.t[k], tn, sizeof tn),
		              veh_days > 0 ? (double)pay[0][k] / veh_days : 0.0);
	}
	double day_all = veh_days > 0 ? (double)all / veh_days : 0.0;
	double day_kept = veh_days > 0 ? (double)kept / veh_days : 0.0;
	uint64_t agg = 0;
	for (size_t k = 0; k < w.tiers.n; k++)
		agg += pay[1][k];
	fo_out_printf(out,
	              "; all resolutions %.0f bytes, without the finest %.0f; fleets and zones "
	              "%.0f bytes a vehicle-day more\n",
	              day_all, day_kept, veh_days > 0 ? (double)agg / veh_days : 0.0);
	fo_out_printf(out, "  ran %.1f s (%.1f s of CPU in the process, all threads)\n", wall,
	              proc);
	fo_out_printf(
	    out,
	    "figures: vehicles=%zu hours=%.4g passes=%zu cpu_rollup_pct=%.4f "
	    "cpu_flush_pct=%.4f cpu_store_pct=%.4f cpu_history_pct=%.4f "
	    "cpu_model_pct=%.4f pass_ms_mean=%.4f pass_ms_p99=%.4f pass_ms_max=%.4f "
	    "flush_ms_mean=%.3f flush_ms_max=%.3f drain_ms_mean=%.3f drain_ms_max=%.3f "
	    "mem_bytes=%zu "
	    "mem_peak_bytes=%zu chunks_written=%llu bytes_written=%llu "
	    "payload_day_all=%.1f payload_day_kept=%.1f payload_day_agg=%.1f "
	    "wall_s=%.2f\n",
	    nv, cfg->hours, npass, pct_rollup, pct_flush, pct_store, pct_hist, pct_model, pass_mean,
	    pass_p99, pass_max, fs.n ? fs.flush_wall / (double)fs.n * 1000.0 : 0.0,
	    fs.flush_wall_max * 1000.0, fs.n ? fs.drain_wall / (double)fs.n * 1000.0 : 0.0,
	    fs.drain_wall_max * 1000.0, mem_end, mem_peak, (unsigned long long)w.chunks_written,
	    (unsigned long long)w.bytes_written, day_all, day_kept,
	    veh_days > 0 ? (double)agg / veh_days : 0.0, wall);
done:
	payload_free(&pl);
	free(pend.v);
	free(pass_ms);
	free(acc);
	free(veh);
	an_hist_stop(&w);
	return rc;
}

/* A fleet of k vehicles as its 10 s buckets: the share of time in each
 * state drifts with the hour of the day, the rest follows from it, with
 * the noise of many vehicles. */
typedef struct {
	double k;
	double frac[AN_NSTATES];
	double batt; /* mean, % */
} trend_fleet;

static void trend_bucket(trend_fleet *f, uint64_t *r, int64_t ts, int64_t *m)
{
	int hour = (int)((ts % 86400) / 3600);
	double a = hour >= 6 && hour < 22 ? 0.8 : 0.25;
	double want[AN_NSTATES] = {0};
	want[FO_VS_DRIVING] = 0.45 * a;
	want[FO_VS_ACTING] = 0.2 * a;
	want[FO_VS_CHARGING] = fmin(0.4, fmax(0.02, 0.1 + (60.0 - f->batt) * 0.01));
	want[FO_VS_ERROR] = 0.01;
	want[FO_VS_OFFLINE] = 0.02 + (1.0 - a) * 0.2;
	double busy = 0;
	for (int s = 0; s < AN_NSTATES; s++)
		busy += s == FO_VS_IDLE ? 0 : want[s];
	want[FO_VS_IDLE] = fmax(0.0, 1.0 - busy);
	double sum = 0;
	for (int s = 0; s < AN_NSTATES; s++) {
		double x = f->frac[s] + 0.05 * (want[s] - f->frac[s]);
		if (want[s] > 0)
			x += 0.5 * sqrt(want[s] / f->k) * rnd_gauss(r);
		f->frac[s] = x > 0 ? x : 0;
		sum += f->frac[s];
	}
	memset(m, 0, AN_NMETRICS * sizeof *m);
	for (int s = 0; s < AN_NSTATES; s++) {
		f->frac[s] /= sum > 0 ? sum : 1.0;
		m[AN_M_STATE0 + s] = llround(f->frac[s] * f->k * 10000.0);
	}
	double drv = f->frac[FO_VS_DRIVING] * f->k * 10.0,
	       act = f->frac[FO_VS_ACTING] * f->k * 10.0;
	double idle = f->frac[FO_VS_IDLE] * f->k * 10.0,
	       chg = f->frac[FO_VS_CHARGING] * f->k * 10.0;
	m[AN_M_DIST_CM] = llround(drv * 150.0 * (1.0 + 0.02 * rnd_gauss(r)));
	m[AN_M_DRAIN_CP] =
	    llround((drv * 0.5 + act * 0.4 + idle * 0.08) * (1.0 + 0.03 * rnd_gauss(r)));
	m[AN_M_GAIN_CP] = llround(chg * 2.8 * (1.0 + 0.03 * rnd_gauss(r)));
	f->batt += (double)(m[AN_M_GAIN_CP] - m[AN_M_DRAIN_CP]) / 100.0 / f->k;
	f->batt = fmin(95.0, fmax(20.0, f->batt));
	m[AN_M_BATT_CP] = llround(f->batt * 100.0 * f->k);
	m[AN_M_BATT_MIN_CP] = llround(fmax(3.0, f->batt - 35.0 + 3.0 * rnd_gauss(r)) * 100.0);
	m[AN_M_FAULTS] = rnd_poisson(r, (drv + act) / 20000.0);
	m[AN_M_MESSAGES] = llround(f->k * 10.0 * 0.92 * (1.0 - f->frac[FO_VS_OFFLINE]) +
	                           sqrt(f->k) * rnd_gauss(r));
	m[AN_M_MISSIONS_DONE] = rnd_poisson(r, (drv + act) / 180.0);
	m[AN_M_MISSIONS_FAILED] = rnd_poisson(r, (drv + act) / 180.0 * 0.02);
	m[AN_M_SAMPLES] = llround(f->k) * 10;
	m[AN_M_SUBJECTS] = llround(f->k);
}

/* Part 2: D days of the trend fleets' history, written as the writer
 * writes, then retention as it applies it. */
static int bench_trend_write(an_hist *h, fo_store *st, const bench_cfg *cfg, int64_t to,
                             fo_out *out)
{
	size_t nf = cfg->nfleet;
	an_hist w;
	writer_init(&w, h, nf);
	trend_fleet *fl = calloc(nf, sizeof *fl);
	if (!fl)
		abort();
	uint64_t rng = cfg->seed * 0x9e3779b97f4a7c15u + 7u;
	for (size_t i = 0; i < nf; i++) {
		snprintf(w.subj[i].key, sizeof w.subj[i].key, "bench/t/fleet-%02zu", i + 1);
		fl[i].k = (double)cfg->fleet_size;
		fl[i].batt = 60.0;
		fl[i].frac[FO_VS_IDLE] = 1.0;
	}
	int64_t res = w.tiers.t[0].res_s;
	int64_t from = to - (int64_t)cfg->days * 86400 - 3600;
	from -= from % res;
	flush_stats fs = {0};
	double m0 = mono();
	int rc = 0;
	for (int64_t t = from; t < to && rc == 0; t += res) {
		for (size_t i = 0; i < nf; i++) {
			int64_t m[AN_NMETRICS];
			trend_bucket(&fl[i], &rng, t, m);
			put_bucket(&w, (uint32_t)i, t, m);
		}
		if ((t + res) % TREND_FLUSH_S == 0)
			rc = bench_flush(&w, st, &fs, NULL);
	}
	if (rc == 0)
		rc = bench_flush(&w, st, &fs, NULL);
	size_t dropped = 0;
	char err[300] = "";
	if (rc != 0)
		snprintf(err, sizeof err, "%s", w.last_error);
	for (size_t i = 0; i < nf && rc == 0; i++)
		rc = retention(h, st, w.subj[i].key, to, &dropped, err, sizeof err);
	if (rc != 0)
		fo_out_error(out, "history bench: writing the trend fleets: %s", err);
	else
		fo_out_printf(out,
		              "trend data: %zu fleets of %zu vehicles, %ld days of 10 s buckets "
		              "(synthesized per fleet), %llu chunks, %.1f MiB written in %.1f s; "
		              "retention dropped %zu\n",
		              nf, cfg->fleet_size, cfg->days, (unsigned long long)w.chunks_written,
		              (double)w.bytes_written / 1048576.0, mono() - m0, dropped);
	free(fl);
	an_hist_stop(&w);
	return rc;
}

/* The tier of resolution res_s, or -1. */
static int tier_of(const an_hist *h, int64_t res_s)
{
	for (size_t k = 0; k < h->tiers.n; k++)
		if (h->tiers.t[k].res_s == res_s)
			return (int)k;
	return -1;
}

/* Part 3: a 30-day trend of one fleet through an_read, repeated. */
static int bench_query(an_hist *h, const bench_cfg *cfg, int64_t to, int64_t res_s, size_t points,
                       const char *tag, fo_out *out)
{
	const char *subject = "bench/t/fleet-01";
	int tier = tier_of(h, res_s);
	size_t reps = cfg->reps;
	double *ms = calloc(reps, sizeof *ms);
	if (!ms)
		abort();
	size_t nb = 0, present = 0;
	int64_t got_res = 0;
	for (size_t r = 0; r < reps; r++) {
		an_window w;
		char err[300];
		double m0 = mono();
		if (an_read(h, subject, to - TREND_DAYS * 86400, to, tier, points, &w, err,
		            sizeof err) != 0) {
			fo_out_error(out, "history bench: %s: %s", subject, err);
			free(ms);
			return -1;
		}
		ms[r] = (mono() - m0) * 1000.0;
		nb = w.nb;
		got_res = w.res_s;
		present = 0;
		for (size_t i = 0; i < w.nb; i++)
			present += w.present[i];
		an_window_free(&w);
	}
	double first = ms[0];
	qsort(ms, reps, sizeof *ms, cmp_double);
	double med = reps % 2 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2.0;
	fo_out_printf(out,
	              "  30-day trend of %s at %lld s (%zu buckets, %zu with data): min %.2f ms, "
	              "median %.2f ms, max %.2f ms, first %.2f ms (%zu reads, budget 100 ms)\n",
	              subject, (long long)got_res, nb, present, ms[0], med, ms[reps - 1], first,
	              reps);
	fo_out_printf(out,
	              "figures: query_%s_res_s=%lld query_%s_buckets=%zu query_%s_present=%zu "
	              "query_%s_min_ms=%.3f query_%s_median_ms=%.3f query_%s_max_ms=%.3f\n",
	              tag, (long long)got_res, tag, nb, tag, present, tag, ms[0], tag, med, tag,
	              ms[reps - 1]);
	free(ms);
	return present ? 0
	               : (fo_out_error(out, "history bench: %s: no data read back", subject), -1);
}

static fo_status cmd_bench(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	an_hist *h = ud;
	fo_store *st = fo_core_store(core);
	if (!st) {
		fo_out_error(out, "no store: history lives in the store (--store)");
		return FO_ERR;
	}
	bench_cfg cfg = {0};
	long nv = fo_args_int(args, "vehicles", 10000);
	long nf = fo_args_int(args, "fleets", 10);
	cfg.hours = fo_args_double(args, "hours", 1.0);
	cfg.days = fo_args_int(args, "days-fleet", TREND_DAYS);
	long seed = fo_args_int(args, "seed", 1);
	long reps = fo_args_int(args, "repeat", 7);
	cfg.query_only = fo_args_flag(args, "query-only");
	cfg.profile = strcmp(fo_args_str(args, "profile", "busy"), "shift") == 0 ? PROFILE_SHIFT
	                                                                         : PROFILE_BUSY;
	if (nv < 0 || nv > BENCH_MAX_VEHICLES || nf < 1 || nf > 99) {
		fo_out_error(out, "--vehicles 0..%d and --fleets 1..99", BENCH_MAX_VEHICLES);
		return FO_EUSAGE;
	}
	if (!(cfg.hours > 0 && cfg.hours <= BENCH_MAX_HOURS) ||
	    cfg.hours * 3600.0 != floor(cfg.hours * 3600.0)) {
		fo_out_error(out, "--hours: more than 0, at most %.0f, whole seconds",
		             BENCH_MAX_HOURS);
		return FO_EUSAGE;
	}
	if (cfg.days < 0 || cfg.days > BENCH_MAX_DAYS || reps < 1 || reps > 1000) {
		fo_out_error(out, "--days-fleet 0..%d, --repeat 1..1000", BENCH_MAX_DAYS);
		return FO_EUSAGE;
	}
	cfg.nveh = (size_t)nv;
	cfg.nfleet = (size_t)nf;
	/* zones as the demo site has them: a zone per 50 vehicles, 4 to 64 */
	long nz = fo_args_int(args, "zones", nv / 50 < 4 ? 4 : nv / 50 > 64 ? 64 : nv / 50);
	long fsz = fo_args_int(args, "fleet-size", nv ? (nv + nf - 1) / nf : 1000);
	if (nz < 0 || nz > 999 || fsz < 1 || fsz > 1000000) {
		fo_out_error(out, "--zones 0..999, --fleet-size 1..1000000");
		return FO_EUSAGE;
	}
	cfg.nzone = nv ? (size_t)nz : 0;
	cfg.fleet_size = (size_t)fsz;
	cfg.seed = (uint64_t)seed;
	cfg.reps = (size_t)reps;
	/* never on top of history: the bench's subjects must be new */
	char err[300];
	const char *mine[] = {cfg.nveh && !cfg.query_only ? "bench/v/veh-00001" : NULL,
	                      cfg.nveh && !cfg.query_only ? "bench/f/fleet-01" : NULL,
	                      cfg.days && !cfg.query_only ? "bench/t/fleet-01" : NULL};
	for (size_t i = 0; i < FO_NELEM(mine); i++) {
		if (!mine[i])
			continue;
		int has = subject_stored(h, st, mine[i], err, sizeof err);
		if (has < 0) {
			fo_out_error(out, "history bench: %s", err);
			return FO_ERR;
		}
		if (has) {
			fo_out_error(
			    out,
			    "history bench: the store already holds %s: the bench writes only "
			    "subjects of its own that are new (use a fresh store)",
			    mine[i]);
			return FO_ERR;
		}
	}
	if (cfg.nveh && !cfg.query_only && bench_vehicles(h, st, &cfg, out) != 0)
		return FO_ERR;
	if (!cfg.days && !cfg.query_only)
		return FO_OK;
	int64_t to = (int64_t)(fo_wall_ms() / 1000u);
	to -= to % h->tiers.t[0].res_s;
	if (!cfg.query_only && bench_trend_write(h, st, &cfg, to, out) != 0)
		return FO_ERR;
	fo_out_printf(out, "history bench: the 30-day trend of one fleet, through an_read\n");
	if (bench_query(h, &cfg, to, 3600, 720, "1h", out) != 0 ||
	    bench_query(h, &cfg, to, 60, 43200, "1m", out) != 0)
		return FO_ERR;
	return FO_OK;
}

static const fo_arg_spec bench_args[] = {
    {"vehicles", FO_ARG_INT, false, NULL, "synthetic vehicles at 1 Hz (default 10000; 0: none)"},
    {"hours", FO_ARG_DOUBLE, false, NULL, "simulated hours (default 1; no waiting)"},
    {"days-fleet", FO_ARG_INT, false, NULL,
     "days of fleet history for the 30-day trend query (default 30; 0: no query)"},
    {"fleets", FO_ARG_INT, false, NULL, "fleets (default 10)"},
    {"zones", FO_ARG_INT, false, NULL, "zones (default as the demo site: vehicles/50, 4..64)"},
    {"fleet-size", FO_ARG_INT, false, NULL,
     "vehicles of a trend fleet (default vehicles/fleets, or 1000)"},
    {"repeat", FO_ARG_INT, false, NULL, "reads of each trend query (default 7)"},
    {"profile", FO_ARG_ENUM, false, "busy|shift",
     "busy: vehicles work around the clock (default); shift: two shifts a day, off at night"},
    {"seed", FO_ARG_INT, false, NULL, "random seed (default 1)"},
    {"query-only", FO_ARG_BOOL, false, NULL,
     "write nothing: read the trend of a fleet an earlier bench wrote"},
};

static const fo_cmd_spec bench_cmds[] = {
    {"history", "bench",
     "benchmark history on this store: synthetic vehicles written as the writer writes them "
     "(subjects bench/...; use a scratch store), then a 30-day fleet trend read back",
     bench_args, FO_NELEM(bench_args), FO_CMD_DANGEROUS, cmd_bench},
};

int an_bench_register(an_hist *h, char *err, size_t errlen)
{
	return fo_cmds_register(h->core, bench_cmds, FO_NELEM(bench_cmds), h, err, errlen);
}
