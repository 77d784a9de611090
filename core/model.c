/* model.c — the live model held in memory on the loop thread. */
#include "model.h"

#include "idmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable array of one element kind. */
typedef struct {
	void *items;
	size_t n, cap, size;
} fo_vec;

/* A vehicle as the model stores it: the public record first, so the
 * fo_vehicle * plugins get is this record, then what only the core reads
 * (plugins never copy a vehicle or take its size, see FO_PLUGIN_ABI). */
typedef struct {
	fo_vehicle pub;
	fo_vstate counted; /* the state the model's totals hold for it */
	/* history ring, written by fo_model_sample: battery in 0.01 %, speed
	 * in mm/s */
	uint16_t hist_battery[FO_HISTORY_LEN];
	uint16_t hist_speed[FO_HISTORY_LEN];
	uint32_t hist_head; /* next slot to write */
	uint32_t hist_len;  /* samples held, <= FO_HISTORY_LEN */
} vehicle_rec;

static vehicle_rec *rec_of(fo_vehicle *v)
{
	return (vehicle_rec *)(void *)v;
}

struct fo_model {
	fo_vec tenants, fleets, zones, nodes, edges, vehicles;
	fo_idmap tenant_ids, fleet_ids, zone_ids, node_ids, vehicle_ids;
	/* edges by their two ends (open addressing, edge index + 1, 0 empty;
	 * the first edge of a pair wins) */
	uint32_t *edge_slots;
	size_t edge_cap;
	uint64_t gen;
	size_t state_counts[FO_VS__COUNT]; /* kept by fo_model_touch */
	fo_vevents *events;                /* OWNED, NULL: none published */
};

static void *vec_push(fo_vec *v)
{
	v->items = fo_grow(v->items, &v->cap, v->n + 1, v->size, 16);
	void *p = (char *)v->items + v->n * v->size;
	memset(p, 0, v->size);
	v->n++;
	return p;
}

static void *vec_at(const fo_vec *v, size_t i)
{
	return i < v->n ? (char *)v->items + i * v->size : NULL;
}

/* Every model element starts with its id, so one getter serves all. */
static const char *tenant_key(const void *o, uint32_t i)
{
	return ((const fo_tenant *)((const fo_vec *)o)->items)[i].id;
}
static const char *fleet_key(const void *o, uint32_t i)
{
	return ((const fo_fleet *)((const fo_vec *)o)->items)[i].id;
}
static const char *zone_key(const void *o, uint32_t i)
{
	return ((const fo_map_zone *)((const fo_vec *)o)->items)[i].id;
}
static const char *node_key(const void *o, uint32_t i)
{
	return ((const fo_map_node *)((const fo_vec *)o)->items)[i].id;
}
static const char *vehicle_key(const void *o, uint32_t i)
{
	return ((const vehicle_rec *)((const fo_vec *)o)->items)[i].pub.id;
}

fo_model *fo_model_new(void)
{
	fo_model *m = calloc(1, sizeof *m);
	if (!m)
		abort();
	m->tenants.size = sizeof(fo_tenant);
	m->fleets.size = sizeof(fo_fleet);
	m->zones.size = sizeof(fo_map_zone);
	m->nodes.size = sizeof(fo_map_node);
	m->edges.size = sizeof(fo_map_edge);
	m->vehicles.size = sizeof(vehicle_rec);
	fo_idmap_init(&m->tenant_ids, tenant_key, &m->tenants);
	fo_idmap_init(&m->fleet_ids, fleet_key, &m->fleets);
	fo_idmap_init(&m->zone_ids, zone_key, &m->zones);
	fo_idmap_init(&m->node_ids, node_key, &m->nodes);
	fo_idmap_init(&m->vehicle_ids, vehicle_key, &m->vehicles);
	m->gen = 1;
	return m;
}

void fo_model_free(fo_model *m)
{
	if (!m)
		return;
	fo_vec *vs[] = {&m->tenants, &m->fleets, &m->zones, &m->nodes, &m->edges, &m->vehicles};
	for (size_t i = 0; i < 6; i++)
		free(vs[i]->items);
	fo_idmap *ms[] = {&m->tenant_ids, &m->fleet_ids, &m->zone_ids, &m->node_ids,
	                  &m->vehicle_ids};
	for (size_t i = 0; i < 5; i++)
		fo_idmap_free(ms[i]);
	free(m->edge_slots);
	fo_vevents_free(m->events);
	free(m);
}

/* Checks an id: non-empty, fits, not yet used. */
static int check_id(const fo_idmap *map, const char *id, size_t cap, const char *what, char *err,
                    size_t errlen)
{
	if (!id || !*id) {
		snprintf(err, errlen, "%s id is empty", what);
		return -1;
	}
	if (strlen(id) >= cap) {
		snprintf(err, errlen, "%s id '%.40s...' is longer than %zu bytes", what, id,
		         cap - 1);
		return -1;
	}
	if (fo_idmap_get(map, id) >= 0) {
		snprintf(err, errlen, "%s '%s' already exists", what, id);
		return -1;
	}
	return 0;
}

int fo_model_tenant_add(fo_model *m, const char *id, const char *name, char *err, size_t errlen)
{
	if (check_id(&m->tenant_ids, id, FO_ID_LEN, "tenant", err, errlen))
		return -1;
	fo_tenant *t = vec_push(&m->tenants);
	snprintf(t->id, sizeof t->id, "%s", id);
	snprintf(t->name, sizeof t->name, "%s", name ? name : id);
	fo_idmap_put(&m->tenant_ids, (uint32_t)(m->tenants.n - 1));
	m->gen++;
	return (int)(m->tenants.n - 1);
}

int fo_model_fleet_add(fo_model *m, const char *id, const char *name, uint32_t tenant, char *err,
                       size_t errlen)
{
	if (tenant >= m->tenants.n) {
		snprintf(err, errlen, "fleet '%s': no tenant #%u", id ? id : "", tenant);
		return -1;
	}
	if (check_id(&m->fleet_ids, id, FO_ID_LEN, "fleet", err, errlen))
		return -1;
	fo_fleet *f = vec_push(&m->fleets);
	snprintf(f->id, sizeof f->id, "%s", id);
	snprintf(f->name, sizeof f->name, "%s", name ? name : id);
	f->tenant = tenant;
	fo_idmap_put(&m->fleet_ids, (uint32_t)(m->fleets.n - 1));
	m->gen++;
	return (int)(m->fleets.n - 1);
}

int fo_model_zone_add(fo_model *m, const fo_map_zone *z, char *err, size_t errlen)
{
	if (check_id(&m->zone_ids, z->id, FO_ID_LEN, "zone", err, errlen))
		return -1;
	fo_map_zone *p = vec_push(&m->zones);
	*p = *z;
	fo_idmap_put(&m->zone_ids, (uint32_t)(m->zones.n - 1));
	m->gen++;
	return (int)(m->zones.n - 1);
}

int fo_model_node_add(fo_model *m, const fo_map_node *n, char *err, size_t errlen)
{
	if (m->zones.n && n->zone >= m->zones.n) {
		snprintf(err, errlen, "node '%s': no zone #%u", n->id, n->zone);
		return -1;
	}
	if (check_id(&m->node_ids, n->id, FO_ID_LEN, "node", err, errlen))
		return -1;
	fo_map_node *p = vec_push(&m->nodes);
	*p = *n;
	fo_idmap_put(&m->node_ids, (uint32_t)(m->nodes.n - 1));
	m->gen++;
	return (int)(m->nodes.n - 1);
}

static size_t pair_hash(uint32_t from, uint32_t to, size_t cap)
{
	uint64_t k = ((uint64_t)from << 32 | to) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(k >> 17) & (cap - 1);
}

/* Puts edge i into the pair table (the caller made room). */
static void pair_put(fo_model *m, uint32_t i)
{
	const fo_map_edge *e = vec_at(&m->edges, i);
	for (size_t s = pair_hash(e->from, e->to, m->edge_cap);; s = (s + 1) & (m->edge_cap - 1)) {
		if (!m->edge_slots[s]) {
			m->edge_slots[s] = i + 1;
			return;
		}
		const fo_map_edge *o = vec_at(&m->edges, m->edge_slots[s] - 1);
		if (o->from == e->from && o->to == e->to)
			return; /* the first of the pair stays */
	}
}

long fo_model_edge_find(const fo_model *m, uint32_t from, uint32_t to)
{
	if (!m->edge_cap)
		return -1;
	for (size_t s = pair_hash(from, to, m->edge_cap); m->edge_slots[s];
	     s = (s + 1) & (m->edge_cap - 1)) {
		const fo_map_edge *e = vec_at(&m->edges, m->edge_slots[s] - 1);
		if (e->from == from && e->to == to)
			return (long)m->edge_slots[s] - 1;
	}
	return -1;
}

int fo_model_edge_add(fo_model *m, const fo_map_edge *e, char *err, size_t errlen)
{
	if (e->from >= m->nodes.n || e->to >= m->nodes.n) {
		snprintf(err, errlen, "edge '%s': node index out of range", e->id);
		return -1;
	}
	fo_map_edge *p = vec_push(&m->edges);
	*p = *e;
	if (2 * m->edges.n > m->edge_cap) { /* at most half full */
		free(m->edge_slots);
		m->edge_cap = m->edge_cap ? 2 * m->edge_cap : 256;
		m->edge_slots = calloc(m->edge_cap, sizeof *m->edge_slots);
		if (!m->edge_slots)
			abort();
		for (uint32_t i = 0; i < m->edges.n; i++)
			pair_put(m, i);
	} else {
		pair_put(m, (uint32_t)(m->edges.n - 1));
	}
	m->gen++;
	return (int)(m->edges.n - 1);
}

fo_vehicle *fo_model_vehicle_add(fo_model *m, const char *id, uint32_t fleet, char *err,
                                 size_t errlen)
{
	if (fleet >= m->fleets.n) {
		snprintf(err, errlen, "vehicle '%s': no fleet #%u", id ? id : "", fleet);
		return NULL;
	}
	if (check_id(&m->vehicle_ids, id, FO_ID_LEN, "vehicle", err, errlen))
		return NULL;
	vehicle_rec *r = vec_push(&m->vehicles);
	fo_vehicle *v = &r->pub;
	v->idx = (uint32_t)(m->vehicles.n - 1);
	snprintf(v->id, sizeof v->id, "%s", id);
	v->fleet = fleet;
	v->online = true;
	v->opmode = FO_OPMODE_AUTOMATIC;
	v->battery = 100.0;
	fo_idmap_put(&m->vehicle_ids, v->idx);
	v->gen = ++m->gen;
	r->counted = fo_vehicle_state(v);
	m->state_counts[r->counted]++;
	return v;
}

size_t fo_model_tenant_count(const fo_model *m)
{
	return m->tenants.n;
}
size_t fo_model_fleet_count(const fo_model *m)
{
	return m->fleets.n;
}
size_t fo_model_zone_count(const fo_model *m)
{
	return m->zones.n;
}
size_t fo_model_node_count(const fo_model *m)
{
	return m->nodes.n;
}
size_t fo_model_edge_count(const fo_model *m)
{
	return m->edges.n;
}
size_t fo_model_vehicle_count(const fo_model *m)
{
	return m->vehicles.n;
}

const fo_tenant *fo_model_tenant(const fo_model *m, size_t i)
{
	return vec_at(&m->tenants, i);
}
const fo_fleet *fo_model_fleet(const fo_model *m, size_t i)
{
	return vec_at(&m->fleets, i);
}
const fo_map_zone *fo_model_zone(const fo_model *m, size_t i)
{
	return vec_at(&m->zones, i);
}
const fo_map_node *fo_model_node(const fo_model *m, size_t i)
{
	return vec_at(&m->nodes, i);
}
const fo_map_edge *fo_model_edge(const fo_model *m, size_t i)
{
	return vec_at(&m->edges, i);
}
fo_vehicle *fo_model_vehicle(fo_model *m, size_t i)
{
	vehicle_rec *r = vec_at(&m->vehicles, i);
	return r ? &r->pub : NULL;
}

long fo_model_vehicle_find(const fo_model *m, const char *id)
{
	return fo_idmap_get(&m->vehicle_ids, id);
}
long fo_model_node_find(const fo_model *m, const char *id)
{
	return fo_idmap_get(&m->node_ids, id);
}
long fo_model_fleet_find(const fo_model *m, const char *id)
{
	return fo_idmap_get(&m->fleet_ids, id);
}

void fo_model_touch(fo_model *m, fo_vehicle *v)
{
	vehicle_rec *r = rec_of(v);
	v->gen = ++m->gen;
	fo_vstate now = fo_vehicle_state(v);
	if (now != r->counted && (unsigned)r->counted < FO_VS__COUNT) {
		m->state_counts[r->counted]--;
		m->state_counts[now]++;
		r->counted = now;
	}
	if (m->events)
		fo_vevents_touch(m->events, v);
}

void fo_model_set_events(fo_model *m, fo_vevents *e)
{
	fo_vevents_free(m->events);
	m->events = e;
}

fo_vevents *fo_model_events(fo_model *m)
{
	return m->events;
}

uint64_t fo_model_generation(const fo_model *m)
{
	return m->gen;
}

fo_vstate fo_vehicle_state(const fo_vehicle *v)
{
	if (!v->online)
		return FO_VS_OFFLINE;
	if (v->estop != FO_ESTOP_NONE || v->field_violation)
		return FO_VS_ESTOP;
	for (size_t i = 0; i < v->nerrors && i < FO_MAX_VERRORS; i++)
		if (v->errors[i].level == FO_ERRLVL_FATAL)
			return FO_VS_ERROR;
	if (v->paused)
		return FO_VS_PAUSED;
	if (v->charging)
		return FO_VS_CHARGING;
	if (v->driving)
		return FO_VS_DRIVING;
	if (v->acting)
		return FO_VS_ACTING;
	return FO_VS_IDLE;
}

const char *fo_vstate_name(fo_vstate s)
{
	static const char *n[] = {"offline",  "idle",   "driving", "acting",
	                          "charging", "paused", "error",   "e-stop"};
	return (unsigned)s < FO_VS__COUNT ? n[s] : "?";
}

const char *fo_opmode_name(fo_opmode m)
{
	static const char *n[] = {"AUTOMATIC", "SEMIAUTOMATIC", "MANUAL", "SERVICE", "TEACHIN"};
	return (unsigned)m < 5 ? n[m] : "?";
}

const char *fo_estop_name(fo_estop e)
{
	static const char *n[] = {"NONE", "AUTOACK", "MANUAL", "REMOTE"};
	return (unsigned)e < 4 ? n[e] : "?";
}

static uint16_t clamp_u16(double v)
{
	if (!(v > 0))
		return 0;
	return v > 65535 ? 65535 : (uint16_t)lround(v);
}

void fo_model_sample(fo_model *m)
{
	vehicle_rec *rs = m->vehicles.items;
	for (size_t i = 0; i < m->vehicles.n; i++) {
		vehicle_rec *r = &rs[i];
		r->hist_battery[r->hist_head] = clamp_u16(r->pub.battery * 100.0);
		r->hist_speed[r->hist_head] = clamp_u16(r->pub.speed * 1000.0);
		r->hist_head = (r->hist_head + 1) % FO_HISTORY_LEN;
		if (r->hist_len < FO_HISTORY_LEN)
			r->hist_len++;
	}
	if (m->vehicles.n)
		m->gen++;
}

size_t fo_vehicle_history(const fo_vehicle *v, float *battery, float *speed)
{
	const vehicle_rec *r = (const vehicle_rec *)(const void *)v;
	size_t n = r->hist_len;
	size_t start = (r->hist_head + FO_HISTORY_LEN - n) % FO_HISTORY_LEN;
	for (size_t i = 0; i < n; i++) {
		size_t j = (start + i) % FO_HISTORY_LEN;
		if (battery)
			battery[i] = (float)r->hist_battery[j] / 100.0f;
		if (speed)
			speed[i] = (float)r->hist_speed[j] / 1000.0f;
	}
	return n;
}

void fo_model_state_counts(fo_model *m, size_t *counts)
{
	memcpy(counts, m->state_counts, sizeof m->state_counts);
}

size_t fo_model_alarm_count(fo_model *m)
{
	return m->state_counts[FO_VS_ERROR] + m->state_counts[FO_VS_ESTOP];
}
