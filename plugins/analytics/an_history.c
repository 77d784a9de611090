/* an_history.c — the history writer: one process of those sharing a store
 * (the holder of the store's "history" lease, as alerts elect theirs)
 * samples every vehicle of the live model each second, rolls the samples
 * into buckets per vehicle, fleet and zone (an_rollup), keeps each
 * subject's open chunks encoded (an_series) and writes the changed ones in
 * one batch every analytics.flush_s.  On taking the lease it first reads
 * the open chunks back, so a restart continues them: the downtime is
 * absent, nothing is counted twice.  Retention drops whole chunks. */
#include "analytics.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEASE_EVERY_MS 10000u
#define RETENTION_EVERY_MS 3600000u
/* Completed chunks kept while the store does not take them: past this,
 * the oldest go (logged). */
#define SEALED_MAX_BYTES (64u << 20)

struct an_pending {
	uint32_t subj;
	int64_t start_s;
	int64_t vals[AN_NMETRICS];
};

const char *an_role_name(an_role r)
{
	static const char *const names[] = {"off", "waiting for the store", "following",
	                                    "restoring", "writing"};
	return r <= AN_ROLE_WRITE ? names[r] : "?";
}

const char *an_tenant(const an_hist *h)
{
	const char *t = fo_config_str(h->core, "tenant");
	return t && *t ? t : NULL;
}

static void set_role(an_hist *h, an_role r, const char *why)
{
	if (h->role == r)
		return;
	h->role = r;
	snprintf(h->role_why, sizeof h->role_why, "%s", why);
	fo_log(h->core, FO_LOG_INFO, "history: %s (%s)", an_role_name(r), why);
}

/* ---------------------------------------------------------------- subjects */

static uint32_t key_hash(const char *k)
{
	uint32_t x = 2166136261u;
	for (; *k; k++)
		x = (x ^ (uint8_t)*k) * 16777619u;
	return x;
}

static void hash_insert(an_hist *h, uint32_t idx)
{
	size_t mask = h->hashcap - 1;
	size_t i = key_hash(h->subj[idx].key) & mask;
	while (h->hash[i])
		i = (i + 1) & mask;
	h->hash[i] = idx + 1;
}

an_subject *an_hist_subject(an_hist *h, const char *key)
{
	if (!h->hashcap)
		return NULL;
	size_t mask = h->hashcap - 1;
	for (size_t i = key_hash(key) & mask; h->hash[i]; i = (i + 1) & mask)
		if (strcmp(h->subj[h->hash[i] - 1].key, key) == 0)
			return &h->subj[h->hash[i] - 1];
	return NULL;
}

static uint32_t subject_add(an_hist *h, const char *key)
{
	an_subject *have = an_hist_subject(h, key);
	if (have)
		return (uint32_t)(have - h->subj);
	h->subj = fo_grow(h->subj, &h->capsubj, h->nsubj + 1, sizeof *h->subj, 256);
	an_subject *s = &h->subj[h->nsubj];
	memset(s, 0, sizeof *s);
	snprintf(s->key, sizeof s->key, "%s", key);
	an_series_init(&s->series);
	uint32_t idx = (uint32_t)h->nsubj++;
	if (2 * h->nsubj > h->hashcap) {
		free(h->hash);
		h->hashcap = h->hashcap ? 2 * h->hashcap : 1024;
		h->hash = calloc(h->hashcap, sizeof *h->hash);
		if (!h->hash)
			abort();
		for (uint32_t i = 0; i < h->nsubj; i++)
			hash_insert(h, i);
	} else {
		hash_insert(h, idx);
	}
	return idx;
}

/* Forgets every subject (another process writes now). */
static void subjects_clear(an_hist *h)
{
	for (size_t i = 0; i < h->nsubj; i++)
		an_series_free(&h->subj[i].series);
	h->nsubj = 0;
	if (h->hash)
		memset(h->hash, 0, h->hashcap * sizeof *h->hash);
	for (size_t i = 0; i < h->nveh; i++) {
		h->veh_subj[i] = UINT32_MAX;
		an_acc_init(&h->acc[i], (uint64_t)h->tiers.t[0].res_s * 1000u);
	}
	for (size_t i = 0; i < h->nfleet; i++)
		h->fleet_subj[i] = UINT32_MAX;
	for (size_t i = 0; i < h->nzone; i++)
		h->zone_subj[i] = UINT32_MAX;
	an_out_clear(&h->sealed);
}

/* Grows a by-index map of subjects to n entries (new ones: none). */
static uint32_t *grow_map(uint32_t *map, size_t *have, size_t n)
{
	if (n <= *have)
		return map;
	map = realloc(map, n * sizeof *map);
	if (!map)
		abort();
	for (size_t i = *have; i < n; i++)
		map[i] = UINT32_MAX;
	*have = n;
	return map;
}

static uint32_t subject_of(an_hist *h, uint32_t *slot, char kind, const char *id)
{
	if (*slot == UINT32_MAX) {
		char key[64];
		snprintf(key, sizeof key, "%c/%s", kind, id);
		*slot = subject_add(h, key);
	}
	return *slot;
}

static void vehicles_grow(an_hist *h, size_t nv)
{
	if (nv <= h->nveh)
		return;
	size_t old = h->nveh;
	h->veh_subj = grow_map(h->veh_subj, &h->nveh, nv);
	h->acc = realloc(h->acc, nv * sizeof *h->acc);
	if (!h->acc)
		abort();
	for (size_t i = old; i < nv; i++)
		an_acc_init(&h->acc[i], (uint64_t)h->tiers.t[0].res_s * 1000u);
}

/* ---------------------------------------------------------------- sampling */

/* Adds a vehicle's closed bucket to an aggregate subject's bucket of the
 * same start in this pass. */
static void pending_add(an_hist *h, uint32_t subj, int64_t start_s, const int64_t *vals)
{
	for (size_t i = h->npend; i-- > 0;) {
		struct an_pending *p = &h->pend[i];
		if (p->subj == subj && p->start_s == start_s) {
			an_bucket_add_subject(p->vals, vals);
			return;
		}
	}
	h->pend = fo_grow(h->pend, &h->cappend, h->npend + 1, sizeof *h->pend, 64);
	struct an_pending *p = &h->pend[h->npend++];
	p->subj = subj;
	p->start_s = start_s;
	memset(p->vals, 0, sizeof p->vals);
	an_bucket_add_subject(p->vals, vals);
}

static int pending_cmp(const void *a, const void *b)
{
	const struct an_pending *x = a, *y = b;
	if (x->subj != y->subj)
		return x->subj < y->subj ? -1 : 1;
	return x->start_s < y->start_s ? -1 : x->start_s > y->start_s;
}

static void put_bucket(an_hist *h, uint32_t subj, int64_t start_s, const int64_t *vals)
{
	size_t before = h->sealed.n;
	an_series_put(&h->subj[subj].series, &h->tiers, start_s, vals, &h->sealed);
	for (size_t i = before; i < h->sealed.n; i++)
		h->sealed.v[i].owner = subj;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void an_hist_sample(an_hist *h, uint64_t now_ms)
{
	uint64_t t0 = mono_ns();
	fo_model *m = fo_core_model(h->core);
	size_t nv = fo_model_vehicle_count(m);
	size_t nf = fo_model_fleet_count(m), nz = fo_model_zone_count(m);
	vehicles_grow(h, nv);
	h->fleet_subj = grow_map(h->fleet_subj, &h->nfleet, nf);
	h->zone_subj = grow_map(h->zone_subj, &h->nzone, nz);
	h->npend = 0;
	for (size_t i = 0; i < nv; i++) {
		const fo_vehicle *v = fo_model_vehicle(m, i);
		uint32_t vs = subject_of(h, &h->veh_subj[i], 'v', v->id);
		an_sample s = {(int)fo_vehicle_state(v), v->odometer_m, v->battery, v->nerrors,
		               v->last_seen_ms};
		int64_t closed[4][AN_NMETRICS];
		uint64_t starts[4];
		size_t n = an_acc_sample(&h->acc[i], &s, now_ms, h->gap_ms, closed, starts, 4);
		for (size_t j = 0; j < n; j++) {
			int64_t b = (int64_t)(starts[j] / 1000u);
			put_bucket(h, vs, b, closed[j]);
			if (v->fleet < nf) {
				const fo_fleet *f = fo_model_fleet(m, v->fleet);
				pending_add(h, subject_of(h, &h->fleet_subj[v->fleet], 'f', f->id),
				            b, closed[j]);
			}
			if (v->zone < nz) {
				const fo_map_zone *z = fo_model_zone(m, v->zone);
				pending_add(h, subject_of(h, &h->zone_subj[v->zone], 'z', z->id), b,
				            closed[j]);
			}
		}
	}
	if (h->npend > 1)
		qsort(h->pend, h->npend, sizeof *h->pend, pending_cmp);
	for (size_t i = 0; i < h->npend; i++)
		put_bucket(h, h->pend[i].subj, h->pend[i].start_s, h->pend[i].vals);
	h->passes++;
	h->pass_ns += mono_ns() - t0;
}

/* mission.state {mission, from, to, vehicle, ...}: a completed or failed
 * mission counts into its vehicle's open bucket. */
static void on_mission(fo_core *core, const char *topic, const void *payload, void *ud)
{
	an_hist *h = ud;
	const char *txt = fo_bus_json_of(payload);
	if (h->role != AN_ROLE_WRITE || !txt)
		return;
	json_t *ev = json_loads(txt, 0, NULL);
	const char *to = json_string_value(json_object_get(ev, "to"));
	const char *veh = json_string_value(json_object_get(ev, "vehicle"));
	bool done = to && strcmp(to, "completed") == 0, failed = to && strcmp(to, "failed") == 0;
	long i = (done || failed) && veh ? fo_model_vehicle_find(fo_core_model(core), veh) : -1;
	if (i >= 0 && (size_t)i < h->nveh)
		an_acc_missions(&h->acc[i], done, failed);
	json_decref(ev);
}

/* ---------------------------------------------------------------- writing */

typedef struct {
	an_hist *h;
	an_out_list list;
} flush_job;

/* Drops the oldest completed chunks past SEALED_MAX_BYTES. */
static void sealed_bound(an_hist *h)
{
	size_t bytes = 0, keep = h->sealed.n;
	while (keep > 0 && bytes + h->sealed.v[keep - 1].len <= SEALED_MAX_BYTES) {
		bytes += h->sealed.v[keep - 1].len;
		keep--;
	}
	if (keep == 0)
		return;
	for (size_t i = 0; i < keep; i++)
		free(h->sealed.v[i].data);
	memmove(h->sealed.v, h->sealed.v + keep, (h->sealed.n - keep) * sizeof *h->sealed.v);
	h->sealed.n -= keep;
	fo_log(h->core, FO_LOG_WARN,
	       "history: the store took nothing for too long: %zu completed chunks dropped", keep);
}

static void flushed(fo_core *core, const fo_store_result *res, void *ud)
{
	flush_job *job = ud;
	an_hist *h = job->h;
	h->flush_busy = false;
	if (res->status == FO_STORE_OK) {
		h->flushes++;
		h->chunks_written += job->list.n;
		for (size_t i = 0; i < job->list.n; i++)
			h->bytes_written += job->list.v[i].len;
		h->last_flush_ms = fo_wall_ms();
		h->last_error[0] = '\0';
		an_out_free(&job->list);
	} else {
		/* written again next time, before what came since (the last
		 * chunk of a key in a batch wins) */
		if (!h->flush_fail++ || !h->last_error[0])
			fo_log(core, FO_LOG_WARN, "history: writing %zu chunks: %s", job->list.n,
			       res->error);
		snprintf(h->last_error, sizeof h->last_error, "%s", res->error);
		if (h->role == AN_ROLE_WRITE) {
			an_out_list *l = &job->list;
			for (size_t i = 0; i < h->sealed.n; i++) {
				l->v = fo_grow(l->v, &l->cap, l->n + 1, sizeof *l->v, 64);
				l->v[l->n++] = h->sealed.v[i];
			}
			h->sealed.n = 0;
			free(h->sealed.v);
			h->sealed = *l;
			memset(l, 0, sizeof *l);
			sealed_bound(h);
		}
		an_out_free(&job->list);
	}
	free(job);
}

void an_hist_flush(an_hist *h)
{
	an_hist_flush_part(h, 0, 1);
}

void an_hist_flush_part(an_hist *h, size_t part, size_t nparts)
{
	fo_store *st = fo_core_store(h->core);
	if (h->flush_busy || h->role != AN_ROLE_WRITE || !st)
		return;
	flush_job *job = calloc(1, sizeof *job);
	if (!job)
		abort();
	job->h = h;
	job->list = h->sealed;
	memset(&h->sealed, 0, sizeof h->sealed);
	for (uint32_t i = (uint32_t)part; i < h->nsubj; i += (uint32_t)nparts) {
		size_t before = job->list.n;
		an_series_flush(&h->subj[i].series, &h->tiers, &job->list);
		for (size_t k = before; k < job->list.n; k++)
			job->list.v[k].owner = i;
	}
	if (job->list.n == 0) {
		an_out_free(&job->list);
		free(job);
		return;
	}
	fo_chunk *v = calloc(job->list.n, sizeof *v);
	if (!v)
		abort();
	for (size_t i = 0; i < job->list.n; i++) {
		const an_out_chunk *c = &job->list.v[i];
		snprintf(v[i].series, sizeof v[i].series, "%s", AN_SERIES);
		snprintf(v[i].subject, sizeof v[i].subject, "%s", h->subj[c->owner].key);
		v[i].res_s = (int32_t)h->tiers.t[c->tier].res_s;
		v[i].start_s = c->start_s;
		v[i].data = c->data;
		v[i].len = c->len;
	}
	h->flush_busy = true;
	fo_store_put_chunks(st, v, job->list.n, flushed, job); /* copies the data */
	free(v);
}

/* ---------------------------------------------------------------- retention */

static void dropped(fo_core *core, const fo_store_result *res, void *ud)
{
	an_hist *h = ud;
	if (res->status == FO_STORE_OK)
		h->retention_dropped += res->nchanged;
	else
		fo_log(core, FO_LOG_WARN, "history: retention: %s", res->error);
}

static void retention(an_hist *h, uint64_t now_ms)
{
	fo_store *st = fo_core_store(h->core);
	int64_t now = (int64_t)(now_ms / 1000u);
	for (size_t k = 0; k < h->tiers.n; k++) {
		const an_tier *t = &h->tiers.t[k];
		/* chunks that end before the retention's start */
		fo_chunk_query q = {.tenant_id = an_tenant(h),
		                    .series = AN_SERIES,
		                    .res_s = (int32_t)t->res_s,
		                    .from_s = INT64_MIN,
		                    .to_s = now - t->keep_s - an_tier_span(t) + 1};
		fo_store_drop_chunks(st, &q, dropped, h);
	}
}

/* ---------------------------------------------------------------- restore */

static void restore_step(an_hist *h);

/* Decodes a stored chunk of the finest tier and replays its buckets into
 * the subject's coarser tiers. */
static void replay_chunk(an_hist *h, an_subject *s, const fo_chunk *c, int64_t *vals,
                         uint8_t *present)
{
	size_t nb = 0;
	if (an_series_decode(c->data, c->len, vals, present, AN_CHUNK_BUCKETS, &nb) != 0)
		return;
	uint32_t owner = (uint32_t)(s - h->subj);
	for (size_t b = 0; b < nb; b++) {
		if (!present[b])
			continue;
		size_t before = h->sealed.n;
		an_series_replay(&s->series, &h->tiers,
		                 c->start_s + (int64_t)b * h->tiers.t[0].res_s,
		                 vals + b * AN_NMETRICS, &h->sealed);
		for (size_t i = before; i < h->sealed.n; i++)
			h->sealed.v[i].owner = owner;
	}
}

static void restored_tier(fo_core *core, const fo_store_result *res, void *ud)
{
	an_hist *h = ud;
	h->restore_busy = false;
	if (h->role != AN_ROLE_RESTORE)
		return;
	if (res->status != FO_STORE_OK) {
		snprintf(h->last_error, sizeof h->last_error, "%s", res->error);
		fo_log(core, FO_LOG_WARN,
		       "history: reading back the open chunks: %s (again in 10 s)", res->error);
		h->restore_next_ms = fo_wall_ms() + LEASE_EVERY_MS;
		return;
	}
	size_t k = h->restore_tier;
	size_t bad = 0;
	/* ordered by subject, then start: the last of each subject is its
	 * open (or latest) chunk */
	for (size_t i = 0; i < res->nchunks; i++) {
		const fo_chunk *c = &res->chunks[i];
		bool last =
		    i + 1 == res->nchunks || strcmp(res->chunks[i + 1].subject, c->subject) != 0;
		if (!last)
			continue;
		uint32_t idx = subject_add(h, c->subject); /* may move h->subj */
		an_subject *s = &h->subj[idx];
		bad += an_series_load(&s->series, &h->tiers, k, c->start_s, c->data, c->len) != 0;
	}
	if (k == 0) {
		int64_t *vals = malloc(AN_CHUNK_BUCKETS * AN_NMETRICS * sizeof *vals);
		uint8_t *present = malloc(AN_CHUNK_BUCKETS);
		if (!vals || !present)
			abort();
		for (size_t i = 0; i < res->nchunks; i++) {
			an_subject *s = an_hist_subject(h, res->chunks[i].subject);
			if (s)
				replay_chunk(h, s, &res->chunks[i], vals, present);
		}
		free(vals);
		free(present);
	}
	if (bad)
		fo_log(core, FO_LOG_WARN,
		       "history: %zu stored chunks at %llds did not decode: started afresh", bad,
		       (long long)h->tiers.t[k].res_s);
	if (k == 0) {
		set_role(h, AN_ROLE_WRITE, "it holds the store's history lease");
		an_hist_flush(h); /* coarser buckets the replay closed */
		return;
	}
	h->restore_tier = k - 1;
	restore_step(h);
}

/* Reads back the chunks a restart continues, coarsest tier first: each
 * tier's latest chunk, and the finest tier's over the coarsest bucket, to
 * rebuild the coarser tiers' open buckets. */
static void restore_step(an_hist *h)
{
	fo_store *st = fo_core_store(h->core);
	if (h->restore_busy || !st)
		return;
	size_t k = h->restore_tier;
	const an_tier *t = &h->tiers.t[k];
	int64_t now = (int64_t)(fo_wall_ms() / 1000u);
	int64_t span = an_tier_span(t);
	int64_t from = an_chunk_start(t, now) - span;
	if (k == 0) {
		int64_t coarsest = h->tiers.t[h->tiers.n - 1].res_s;
		from = an_chunk_start(t, now - coarsest - span);
	}
	fo_chunk_query q = {.tenant_id = an_tenant(h),
	                    .series = AN_SERIES,
	                    .res_s = (int32_t)t->res_s,
	                    .from_s = from,
	                    .to_s = an_chunk_start(t, now) + 2 * span};
	h->restore_busy = true;
	fo_store_get_chunks(st, &q, restored_tier, h);
}

static void start_restore(an_hist *h)
{
	subjects_clear(h);
	set_role(h, AN_ROLE_RESTORE, "it holds the store's history lease");
	h->restore_tier = h->tiers.n - 1;
	h->restore_next_ms = 0;
	restore_step(h);
}

/* ---------------------------------------------------------------- lease */

static void leased(fo_core *core, const fo_store_result *res, void *ud)
{
	an_hist *h = ud;
	h->lease_busy = false;
	if (res->status == FO_STORE_OK) {
		if (h->role != AN_ROLE_WRITE && h->role != AN_ROLE_RESTORE)
			start_restore(h);
	} else if (res->status == FO_STORE_CONFLICT) {
		if (h->role == AN_ROLE_WRITE || h->role == AN_ROLE_RESTORE)
			subjects_clear(h);
		set_role(h, AN_ROLE_FOLLOW, "another process holds the store's history lease");
	} else if (h->role == AN_ROLE_WAIT) {
		snprintf(h->last_error, sizeof h->last_error, "%s", res->error);
	}
}

static void ask_lease(an_hist *h, uint64_t now)
{
	fo_store *st = fo_core_store(h->core);
	if (!st || h->lease_busy || now < h->next_lease_ms)
		return;
	h->lease_busy = true;
	h->next_lease_ms = now + LEASE_EVERY_MS;
	char name[96];
	snprintf(name, sizeof name, "history.%s", fo_config_str(h->core, "tenant"));
	fo_store_lease(st, name, leased, h);
}

/* ---------------------------------------------------------------- timer */

static void tick(fo_core *core, void *ud)
{
	an_hist *h = ud;
	uint64_t now = fo_wall_ms();
	if (h->role == AN_ROLE_OFF)
		return;
	ask_lease(h, now);
	if (h->role == AN_ROLE_RESTORE && !h->restore_busy && now >= h->restore_next_ms)
		restore_step(h);
	if (h->role != AN_ROLE_WRITE)
		return;
	an_hist_sample(h, now);
	/* a share of the subjects each second, each subject every flush_ms:
	 * encoding every open chunk at once held the loop ~100 ms at 10,000
	 * vehicles (BENCHMARKS.md) */
	if (now >= h->next_flush_ms && !h->flush_busy) {
		size_t nparts = h->flush_ms >= 2000 ? (size_t)(h->flush_ms / 1000) : 1;
		h->next_flush_ms = now + h->flush_ms / nparts;
		an_hist_flush_part(h, h->flush_part++ % nparts, nparts);
	}
	if (now >= h->next_retention_ms) {
		h->next_retention_ms = now + RETENTION_EVERY_MS;
		retention(h, now);
	}
}

static void on_closing(fo_core *core, const char *topic, const void *payload, void *ud)
{
	an_hist *h = ud;
	h->flush_busy = false; /* one more batch, behind any in flight */
	an_hist_flush(h);
}

int an_hist_start(an_hist *h, fo_core *core, char *err, size_t errlen)
{
	memset(h, 0, sizeof *h);
	h->core = core;
	if (an_tiers_parse(fo_config_str(core, "analytics.history_tiers"), &h->tiers, err,
	                   errlen) != 0) {
		char why[200];
		snprintf(why, sizeof why, "analytics.history_tiers: %s", err);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	h->gap_ms = 5000;
	h->flush_ms = (uint64_t)(fo_config_double(core, "analytics.flush_s") * 1000.0);
	h->role = AN_ROLE_OFF;
	if (!fo_config_bool(core, "analytics.history"))
		snprintf(h->role_why, sizeof h->role_why, "analytics.history is off");
	else
		h->role = AN_ROLE_WAIT;
	fo_bus_subscribe(core, "mission.state", on_mission, h);
	fo_bus_subscribe(core, "core.closing", on_closing, h);
	h->timer = fo_timer_start(core, 1000, 1000, tick, h);
	return 0;
}

void an_hist_stop(an_hist *h)
{
	if (h->timer)
		fo_timer_stop(h->timer);
	h->timer = NULL;
	for (size_t i = 0; i < h->nsubj; i++)
		an_series_free(&h->subj[i].series);
	free(h->subj);
	free(h->hash);
	free(h->veh_subj);
	free(h->acc);
	free(h->fleet_subj);
	free(h->zone_subj);
	free(h->pend);
	an_out_free(&h->sealed);
}
