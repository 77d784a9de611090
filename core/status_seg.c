/* status_seg.c — the status line is made of registered segments only.
 *
 * The core registers its own first, through the same call plugins use:
 * vehicles by state, alarms, firing alerts, store health, feeds.  Plugins
 * add theirs after (missions: open safety events).  A front end draws the
 * segments in order and knows none of them by name. */
#include "core.h"

#include "alert_core.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FO_MAX_SEGMENTS 24
/* Counting vehicles by state scans every vehicle: at most once a second. */
#define FO_COUNTS_MS 1000

struct fo_status_segs {
	struct {
		char name[32];
		fo_status_segment_fn fn;
		void *ud;
		int owner;
	} items[FO_MAX_SEGMENTS];
	size_t n;
	/* the vehicle counts the core's first two segments show */
	size_t counts[FO_VS__COUNT];
	size_t alarms;
	uint64_t counts_gen, counts_ms;
	bool counted;
};

static struct fo_status_segs *segs(fo_core *core)
{
	if (!core->segments && !(core->segments = calloc(1, sizeof *core->segments)))
		abort();
	return core->segments;
}

int fo_status_segment_register(fo_core *core, const char *name, fo_status_segment_fn fn, void *ud)
{
	struct fo_status_segs *s = segs(core);
	if (!fn || !name || s->n == FO_MAX_SEGMENTS)
		return -1;
	snprintf(s->items[s->n].name, sizeof s->items[0].name, "%s", name);
	s->items[s->n].fn = fn;
	s->items[s->n].ud = ud;
	s->items[s->n].owner = core->plugins ? fo_plugins_current_owner(core->plugins) : -1;
	s->n++;
	return 0;
}

void fo_status_segment_remove_owner(fo_core *core, int owner)
{
	struct fo_status_segs *s = core->segments;
	for (size_t i = 0; s && i < s->n;) {
		if (s->items[i].owner == owner) {
			memmove(&s->items[i], &s->items[i + 1],
			        (s->n - i - 1) * sizeof s->items[0]);
			s->n--;
		} else {
			i++;
		}
	}
}

bool fo_status_segment(fo_core *core, size_t i, char *buf, size_t len, fo_style *style)
{
	struct fo_status_segs *s = core->segments;
	if (!s || i >= s->n || !len)
		return false;
	buf[0] = '\0';
	*style = s->items[i].fn(core, buf, len, s->items[i].ud);
	buf[len - 1] = '\0'; /* whatever the segment did */
	return true;
}

void fo_status_segments_free(fo_core *core)
{
	free(core->segments);
	core->segments = NULL;
}

/* ---------------------------------------------------------------- the core's segments */

static void count(fo_core *core, struct fo_status_segs *s)
{
	fo_model *m = core->model;
	uint64_t gen = fo_model_generation(m), now = fo_now_ms(core);
	if (s->counted && (gen == s->counts_gen || now < s->counts_ms + FO_COUNTS_MS))
		return;
	s->counted = true;
	s->counts_gen = gen;
	s->counts_ms = now;
	memset(s->counts, 0, sizeof s->counts);
	fo_model_state_counts(m, s->counts);
	s->alarms = fo_model_alarm_count(m);
}

/* Appends to buf at *n, never past len (snprintf's result clamped). */
static void put(char *buf, size_t len, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void put(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	if (*n + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < len ? *n + (size_t)w : len - 1;
}

/* "200 vehicles driving 120 charging 30 ..." */
static fo_style seg_vehicles(fo_core *core, char *buf, size_t len, void *ud)
{
	struct fo_status_segs *s = ud;
	count(core, s);
	size_t n = 0;
	put(buf, len, &n, "%zu vehicles", fo_model_vehicle_count(core->model));
	for (int v = 0; v < FO_VS__COUNT; v++)
		if (s->counts[v])
			put(buf, len, &n, " %s %zu", fo_vstate_name((fo_vstate)v), s->counts[v]);
	return FO_STYLE_NORMAL;
}

static fo_style seg_alarms(fo_core *core, char *buf, size_t len, void *ud)
{
	struct fo_status_segs *s = ud;
	count(core, s);
	snprintf(buf, len, "alarms %zu", s->alarms);
	return s->alarms ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
}

/* "alerts crit 1 warn 3": firing alerts by severity; nothing when none. */
static fo_style seg_alerts(fo_core *core, char *buf, size_t len, void *ud)
{
	(void)ud;
	if (!fo_alerts_summary(core, buf, len))
		return FO_STYLE_NORMAL;
	return strstr(buf, "crit") ? FO_STYLE_ERROR : FO_STYLE_WARN;
}

static fo_style seg_store(fo_core *core, char *buf, size_t len, void *ud)
{
	(void)ud;
	fo_store *st = core->store;
	const char *why = NULL;
	if (!st) {
		snprintf(buf, len, "store: none");
		return FO_STYLE_ERROR;
	}
	if (!fo_store_healthy(st, &why)) {
		snprintf(buf, len, "store %s: DOWN", fo_store_scheme(st));
		return FO_STYLE_ERROR;
	}
	snprintf(buf, len, "store %s", fo_store_scheme(st));
	return FO_STYLE_NORMAL;
}

/* "mqtt up 1.2k msg/s  redis DOWN"; nothing when no feed is registered. */
static fo_style seg_feeds(fo_core *core, char *buf, size_t len, void *ud)
{
	(void)ud;
	if (!fo_feeds_summary(core, buf, len))
		return FO_STYLE_NORMAL;
	return strstr(buf, "DOWN") ? FO_STYLE_ERROR : FO_STYLE_NORMAL;
}

void fo_status_segments_register_core(fo_core *core)
{
	struct fo_status_segs *s = segs(core);
	fo_status_segment_register(core, "vehicles", seg_vehicles, s);
	fo_status_segment_register(core, "alarms", seg_alarms, s);
	fo_status_segment_register(core, "alerts", seg_alerts, s);
	fo_status_segment_register(core, "store", seg_store, s);
	fo_status_segment_register(core, "feeds", seg_feeds, s);
}
