/* test_alert.c — the alert engine's state machine on a fake clock: `for`,
 * `keep_firing_for`, flapping, deduplication, grouping timers, inhibition,
 * silences (matchers, expiry), acknowledgement, per-alert rate limit,
 * templates, and the reload of live state from a SQLite store. */
#include "helpers.h"

#include "alert.h"
#include "alert_core.h"

#define S 1000ull

/* ---------------------------------------------------------------- fixture */

typedef struct {
	uint64_t now;
	/* the expression reports these vehicles, with their value */
	const char *veh[8];
	double val[8];
	size_t nveh;
	/* notifications seen */
	size_t nnotes;
	size_t last_nalerts, last_firing, last_resolved;
	bool last_repeat;
	char last_key[128];
	size_t ntrans;
} fx;

static uint64_t fake_now(void *ud)
{
	return ((fx *)ud)->now;
}

static void on_note(const fo_alert_notification *n, void *ud)
{
	fx *f = ud;
	f->nnotes++;
	f->last_nalerts = n->nalerts;
	f->last_firing = n->nfiring;
	f->last_resolved = n->nresolved;
	f->last_repeat = n->repeat;
	snprintf(f->last_key, sizeof f->last_key, "%s", n->group_key);
}

static void on_trans(const fo_alert *a, fo_alert_state from, void *ud)
{
	(void)a;
	(void)from;
	((fx *)ud)->ntrans++;
}

static void expr(fo_core *core, fo_alert_eval *ev, void *ud)
{
	(void)core;
	fx *f = ud;
	for (size_t i = 0; i < f->nveh; i++) {
		const char *pairs[] = {"vehicle", f->veh[i]};
		fo_alert_emit(ev, pairs, 1, f->val[i]);
	}
}

static fo_alerts *engine(fx *f, uint64_t for_ms, uint64_t keep_ms, const fo_alert_options *o)
{
	f->now = 1767225600000ull; /* 2026-01-01 */
	fo_alert_hooks h = {fake_now, on_note, on_trans, f, NULL};
	fo_alerts *e = fo_alerts_new(&h, o);
	fo_alert_rule_spec r = {
	    .name = "LowBattery",
	    .expr = expr,
	    .ud = f,
	    .for_ms = for_ms,
	    .keep_firing_for_ms = keep_ms,
	    .severity = "warning",
	    .labels = "team=ops",
	    .summary = "{{ $labels.vehicle }} battery {{ $value | printf \"%.1f\" }}%"};
	char err[200];
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), 0);
	return e;
}

static const fo_alert *by_vehicle(fo_alerts *e, const char *v)
{
	for (size_t i = 0; i < fo_alerts_count(e); i++) {
		const fo_alert *a = fo_alerts_at(e, i);
		const char *x = fo_labels_get(&a->labels, "vehicle");
		if (x && strcmp(x, v) == 0)
			return a;
	}
	return NULL;
}

static void step(fo_alerts *e, fx *f, uint64_t ms)
{
	f->now += ms;
	fo_alerts_tick(e);
}

/* ---------------------------------------------------------------- state machine */

static void test_for_then_fire(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 5 * S, 0, NULL);
	f.veh[0] = "AGV-1";
	f.val[0] = 9.25;
	f.nveh = 1;
	step(e, &f, 0);
	const fo_alert *a = by_vehicle(e, "AGV-1");
	assert_non_null(a);
	assert_int_equal(a->state, FO_ALERT_PENDING);
	step(e, &f, 4 * S);
	assert_int_equal(a->state, FO_ALERT_PENDING);
	step(e, &f, 1 * S);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	/* labels: rule's, sample's, alertname, severity */
	assert_string_equal(fo_labels_get(&a->labels, "alertname"), "LowBattery");
	assert_string_equal(fo_labels_get(&a->labels, "team"), "ops");
	assert_string_equal(fo_labels_get(&a->labels, "severity"), "warning");
	assert_string_equal(fo_labels_get(&a->annotations, "summary"), "AGV-1 battery 9.2%");
	/* condition clears: resolved at once without keep_firing_for */
	f.nveh = 0;
	step(e, &f, S);
	assert_int_equal(a->state, FO_ALERT_RESOLVED);
	fo_alerts_free(e);
}

static void test_pending_clears_to_inactive(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 10 * S, 0, NULL);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_PENDING);
	f.nveh = 0;
	step(e, &f, S);
	/* a pending alert that never fired is gone, not resolved */
	assert_null(by_vehicle(e, "AGV-1"));
	const fo_alert_event *last = fo_alerts_history_at(e, fo_alerts_history_count(e) - 1);
	assert_int_equal(last->from, FO_ALERT_PENDING);
	assert_int_equal(last->to, FO_ALERT_INACTIVE);
	/* it comes back: `for` counts again from the start */
	f.nveh = 1;
	step(e, &f, S);
	step(e, &f, 9 * S);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_PENDING);
	step(e, &f, S);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_FIRING);
	fo_alerts_free(e);
}

static void test_keep_firing_for_and_flapping(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 0, 10 * S, NULL);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	const fo_alert *a = by_vehicle(e, "AGV-1");
	assert_int_equal(a->state, FO_ALERT_FIRING); /* no `for`: fires at once */
	const char *id0 = a->id;
	char id[40];
	snprintf(id, sizeof id, "%s", id0);
	/* flapping: off and on every second for a while, never resolved */
	size_t trans = f.ntrans;
	for (int i = 0; i < 20; i++) {
		f.nveh = (size_t)(i % 2);
		step(e, &f, S);
		assert_int_equal(a->state, FO_ALERT_FIRING);
	}
	assert_int_equal(f.ntrans, trans);
	/* off for good: firing until keep_firing_for after it was last seen */
	f.nveh = 0;
	step(e, &f, S); /* last seen 1 s ago at most */
	step(e, &f, 8 * S);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	step(e, &f, 2 * S);
	assert_int_equal(a->state, FO_ALERT_RESOLVED);
	assert_string_equal(a->id, id);
	fo_alerts_free(e);
}

static void test_dedup_by_label_set(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 0, 0, NULL);
	f.veh[0] = "AGV-1";
	f.veh[1] = "AGV-2";
	f.veh[2] = "AGV-1"; /* reported twice in one evaluation */
	f.nveh = 3;
	step(e, &f, 0);
	step(e, &f, S);
	step(e, &f, S);
	assert_int_equal(fo_alerts_count(e), 2);
	/* a raise by hand with the same labels is refused: the rule owns them */
	const char *l[] = {"alertname", "LowBattery", "team", "ops", "vehicle", "AGV-1"};
	char err[200];
	assert_null(fo_alerts_raise(e, l, 3, NULL, 0, "warning", err, sizeof err));
	assert_contains(err, "already tracks");
	/* the same label set in another order is the same fingerprint */
	fo_labels x = {0}, y = {0};
	fo_labels_set(&x, "b", "2");
	fo_labels_set(&x, "a", "1");
	fo_labels_set(&y, "a", "1");
	fo_labels_set(&y, "b", "2");
	assert_true(fo_labels_fingerprint(&x) == fo_labels_fingerprint(&y));
	fo_labels_set(&y, "b", "3");
	assert_false(fo_labels_fingerprint(&x) == fo_labels_fingerprint(&y));
	fo_labels_free(&x);
	fo_labels_free(&y);
	fo_alerts_free(e);
}

static void test_raise_resolve_by_hand(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 0, 0, NULL);
	const char *l[] = {"alertname", "DepotNetwork", "zone", "Z1"};
	const char *ann[] = {"summary", "depot network down"};
	char err[200];
	const fo_alert *a = fo_alerts_raise(e, l, 2, ann, 1, "critical", err, sizeof err);
	assert_non_null(a);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	step(e, &f, 60 * S); /* no rule clears it */
	assert_int_equal(a->state, FO_ALERT_FIRING);
	const char *nol[] = {"zone", "Z1"};
	assert_null(fo_alerts_raise(e, nol, 1, NULL, 0, NULL, err, sizeof err));
	assert_contains(err, "alertname");
	char id[40];
	snprintf(id, sizeof id, "%.8s", a->id);
	assert_int_equal(fo_alerts_resolve(e, id, err, sizeof err), 0);
	assert_int_equal(a->state, FO_ALERT_RESOLVED);
	assert_int_equal(fo_alerts_resolve(e, id, err, sizeof err), -1);
	assert_int_equal(fo_alerts_resolve(e, "zz", err, sizeof err), -1);
	fo_alerts_free(e);
}

/* ---------------------------------------------------------------- grouping */

static void test_group_timers(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 10 * S;
	o.group_interval_ms = 30 * S;
	o.repeat_interval_ms = 120 * S;
	o.rate_limit_count = 0;
	fo_alerts *e = engine(&f, 0, 0, &o);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	step(e, &f, 9 * S);
	assert_int_equal(f.nnotes, 0); /* group_wait not over */
	f.veh[1] = "AGV-2";
	f.nveh = 2;
	step(e, &f, S);
	assert_int_equal(f.nnotes, 1); /* both alerts in one notification */
	assert_int_equal(f.last_nalerts, 2);
	assert_string_equal(f.last_key, "alertname=LowBattery");
	/* a third alert waits for group_interval */
	f.veh[2] = "AGV-3";
	f.nveh = 3;
	step(e, &f, 10 * S);
	assert_int_equal(f.nnotes, 1);
	step(e, &f, 20 * S);
	assert_int_equal(f.nnotes, 2);
	assert_int_equal(f.last_nalerts, 3);
	assert_false(f.last_repeat);
	/* nothing changes: no notification until repeat_interval */
	for (int i = 0; i < 3; i++)
		step(e, &f, 30 * S);
	assert_int_equal(f.nnotes, 2);
	step(e, &f, 30 * S);
	assert_int_equal(f.nnotes, 3);
	assert_true(f.last_repeat);
	/* one resolves: notified at the next interval with the resolution */
	f.nveh = 2;
	step(e, &f, 30 * S);
	assert_int_equal(f.nnotes, 4);
	assert_int_equal(f.last_resolved, 1);
	assert_int_equal(f.last_firing, 2);
	fo_alerts_free(e);
}

static void test_group_by_label(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 0;
	o.group_by = "alertname,vehicle";
	fo_alerts *e = engine(&f, 0, 0, &o);
	f.veh[0] = "AGV-1";
	f.veh[1] = "AGV-2";
	f.nveh = 2;
	step(e, &f, 0);
	assert_int_equal(f.nnotes, 2); /* one group per vehicle */
	fo_alerts_free(e);
}

static void test_rate_limit(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 0;
	o.group_interval_ms = S;
	o.repeat_interval_ms = S;
	o.rate_limit_count = 3;
	o.rate_limit_window_ms = 60 * S;
	fo_alerts *e = engine(&f, 0, 0, &o);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	for (int i = 0; i < 30; i++)
		step(e, &f, S);
	assert_int_equal(f.nnotes, 3); /* repeats every second, but 3 per minute */
	const fo_alert *a = by_vehicle(e, "AGV-1");
	assert_true(a->rate_limited > 0);
	step(e, &f, 31 * S); /* the window moved on */
	assert_int_equal(f.nnotes, 4);
	fo_alerts_free(e);
}

/* ---------------------------------------------------------------- muting */

static void test_inhibition(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 0;
	fo_alerts *e = engine(&f, 0, 0, &o);
	char err[200];
	assert_int_equal(fo_alerts_inhibit_parse(e,
	                                         "alertname=DepotNetwork => alertname=LowBattery "
	                                         "on team; alertname=X => alertname=Y",
	                                         err, sizeof err),
	                 0);
	assert_int_equal(fo_alerts_inhibit_parse(e, "no arrow here", err, sizeof err), -1);
	const char *src[] = {"alertname", "DepotNetwork", "team", "ops"};
	const fo_alert *s = fo_alerts_raise(e, src, 2, NULL, 0, "critical", err, sizeof err);
	assert_non_null(s);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	const fo_alert *a = by_vehicle(e, "AGV-1");
	assert_true(a->inhibited);
	assert_false(s->inhibited);
	/* only the source was notified */
	assert_int_equal(f.nnotes, 1);
	assert_string_equal(f.last_key, "alertname=DepotNetwork");
	/* the source resolves: the target is notified */
	char id[40];
	snprintf(id, sizeof id, "%s", s->id);
	assert_int_equal(fo_alerts_resolve(e, id, err, sizeof err), 0);
	step(e, &f, 300 * S);
	assert_false(a->inhibited);
	assert_int_equal(f.nnotes, 3); /* the source's resolution, the target firing */
	/* equal labels must match: another team is not inhibited */
	const char *src2[] = {"alertname", "DepotNetwork", "team", "night"};
	assert_non_null(fo_alerts_raise(e, src2, 2, NULL, 0, "critical", err, sizeof err));
	step(e, &f, S);
	assert_false(a->inhibited);
	fo_alerts_free(e);
}

static void test_matchers(void **st)
{
	(void)st;
	fo_matchers m;
	char err[200];
	fo_labels l = {0};
	fo_labels_set(&l, "alertname", "LowBattery");
	fo_labels_set(&l, "vehicle", "AGV-00042");
	assert_int_equal(fo_matchers_parse(&m, "{alertname=\"LowBattery\", vehicle=~\"AGV-000.*\"}",
	                                   err, sizeof err),
	                 0);
	assert_true(fo_matchers_match(&m, &l));
	fo_matchers_free(&m);
	assert_int_equal(fo_matchers_parse(&m, "vehicle=~AGV-0", err, sizeof err), 0);
	assert_false(fo_matchers_match(&m, &l)); /* anchored */
	fo_matchers_free(&m);
	assert_int_equal(fo_matchers_parse(&m, "vehicle!~\"AGV-1.*\",zone!=Z1", err, sizeof err),
	                 0);
	assert_true(fo_matchers_match(&m, &l)); /* absent zone is "" != Z1 */
	fo_matchers_free(&m);
	assert_int_equal(fo_matchers_parse(&m, "zone=\"\"", err, sizeof err), 0);
	assert_true(fo_matchers_match(&m, &l));
	fo_matchers_free(&m);
	assert_int_equal(fo_matchers_parse(&m, "vehicle!=AGV-00042", err, sizeof err), 0);
	assert_false(fo_matchers_match(&m, &l));
	fo_matchers_free(&m);
	/* refusals say why */
	assert_int_equal(fo_matchers_parse(&m, "", err, sizeof err), -1);
	assert_contains(err, "no matchers");
	assert_int_equal(fo_matchers_parse(&m, "a=~\"(\"", err, sizeof err), -1);
	assert_contains(err, "regular expression");
	assert_int_equal(fo_matchers_parse(&m, "a<3", err, sizeof err), -1);
	assert_int_equal(fo_matchers_parse(&m, "a=\"open", err, sizeof err), -1);
	assert_contains(err, "quote");
	fo_labels_free(&l);
}

static void test_silence_and_expiry(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 0;
	o.group_interval_ms = S;
	fo_alerts *e = engine(&f, 0, 0, &o);
	char err[200];
	const fo_silence *s = fo_alerts_silence(e, "vehicle=~\"AGV-1|AGV-2\"", 0, f.now + 60 * S,
	                                        "ops", "charger work", err, sizeof err);
	assert_non_null(s);
	assert_null(fo_alerts_silence(e, "vehicle=x", 0, f.now - 1, "ops", "", err, sizeof err));
	f.veh[0] = "AGV-1";
	f.veh[1] = "AGV-3";
	f.nveh = 2;
	step(e, &f, 0);
	const fo_alert *a1 = by_vehicle(e, "AGV-1"), *a3 = by_vehicle(e, "AGV-3");
	assert_string_equal(a1->silenced_by, s->id); /* marked, not lost */
	assert_int_equal(a1->state, FO_ALERT_FIRING);
	assert_string_equal(a3->silenced_by, "");
	assert_int_equal(f.nnotes, 1);
	assert_int_equal(f.last_nalerts, 1); /* AGV-3 only */
	/* the silence ends: AGV-1 is notified */
	step(e, &f, 60 * S);
	assert_string_equal(a1->silenced_by, "");
	assert_int_equal(f.last_nalerts, 2);
	/* a second silence expired by hand */
	s = fo_alerts_silence(e, "alertname=LowBattery", 0, f.now + 3600 * S, "ops", "", err,
	                      sizeof err);
	assert_non_null(s);
	step(e, &f, S);
	assert_string_equal(a3->silenced_by, s->id);
	char sid[16];
	snprintf(sid, sizeof sid, "%.8s", s->id);
	assert_int_equal(fo_alerts_unsilence(e, sid, err, sizeof err), 0);
	assert_int_equal(fo_alerts_unsilence(e, sid, err, sizeof err), -1);
	assert_contains(err, "ended");
	step(e, &f, S);
	assert_string_equal(a3->silenced_by, "");
	/* a silence that starts later mutes nothing yet */
	s = fo_alerts_silence(e, "alertname=LowBattery", f.now + 10 * S, f.now + 20 * S, "ops", "",
	                      err, sizeof err);
	step(e, &f, S);
	assert_string_equal(a3->silenced_by, "");
	step(e, &f, 10 * S);
	assert_string_equal(a3->silenced_by, s->id);
	fo_alerts_free(e);
}

static void test_ack(void **st)
{
	(void)st;
	fx f = {0};
	fo_alert_options o;
	fo_alert_options_default(&o);
	o.group_wait_ms = 0;
	o.group_interval_ms = S;
	o.repeat_interval_ms = 10 * S;
	o.rate_limit_count = 0;
	fo_alerts *e = engine(&f, 0, 0, &o);
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	const fo_alert *a = by_vehicle(e, "AGV-1");
	char err[200], id[16];
	snprintf(id, sizeof id, "%.6s", a->id);
	uint64_t t = f.now;
	assert_int_equal(fo_alerts_ack(e, id, "maria", "sent to charger", err, sizeof err), 0);
	assert_string_equal(a->acked_by, "maria");
	assert_true(a->acked_at == t);
	assert_string_equal(a->ack_note, "sent to charger");
	const fo_alert_event *ev = fo_alerts_history_at(e, fo_alerts_history_count(e) - 1);
	assert_true(ev->ack);
	assert_contains(ev->note, "maria: sent to charger");
	/* acknowledged: no repeats */
	size_t n = f.nnotes;
	for (int i = 0; i < 30; i++)
		step(e, &f, S);
	assert_int_equal(f.nnotes, n);
	/* but its resolution is notified */
	f.nveh = 0;
	step(e, &f, S);
	assert_int_equal(f.nnotes, n + 1);
	assert_int_equal(f.last_resolved, 1);
	assert_int_equal(fo_alerts_ack(e, id, "maria", NULL, err, sizeof err), -1);
	assert_int_equal(fo_alerts_ack(e, "nope-nope", "x", NULL, err, sizeof err), -1);
	fo_alerts_free(e);
}

static void test_templates_and_json(void **st)
{
	(void)st;
	fo_labels l = {0};
	fo_labels_set(&l, "vehicle", "AGV-7");
	fo_labels_set(&l, "note", "a \"quoted\"\\ line\n");
	char *s = fo_alert_template("{{$labels.vehicle}} at {{ $value }}% {{ $labels.none }}|"
	                            "{{ $value | printf \"%.2f\" }} {{ bogus }}",
	                            &l, 12.5);
	assert_string_equal(s, "AGV-7 at 12.5% |12.50 {{ bogus }}");
	free(s);
	char *j = fo_labels_json(&l);
	fo_labels back = {0};
	assert_int_equal(fo_labels_parse_json(&back, j), 0);
	assert_string_equal(fo_labels_get(&back, "note"), "a \"quoted\"\\ line\n");
	assert_true(fo_labels_fingerprint(&back) == fo_labels_fingerprint(&l));
	assert_int_equal(fo_labels_parse_json(&back, "{\"a\":1}"), -1);
	assert_int_equal(fo_labels_parse_json(&back, "[]"), -1);
	free(j);
	fo_labels_free(&back);
	fo_labels_free(&l);
}

static void test_rule_errors(void **st)
{
	(void)st;
	fx f = {0};
	fo_alerts *e = engine(&f, 0, 0, NULL);
	char err[200];
	fo_alert_rule_spec r = {.name = "LowBattery", .expr = expr, .ud = &f};
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), -1);
	assert_contains(err, "exists");
	r.name = "Other";
	r.labels = "a=~b";
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), -1);
	r.expr = NULL;
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), -1);
	/* a removed rule's alerts resolve */
	f.veh[0] = "AGV-1";
	f.nveh = 1;
	step(e, &f, 0);
	assert_int_equal(fo_alerts_rule_remove(e, "LowBattery"), 0);
	step(e, &f, S);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_RESOLVED);
	assert_int_equal(fo_alerts_rule_count(e), 0);
	/* added again: a new alert for AGV-1 (the old one ended) */
	r.name = "LowBattery";
	r.labels = "team=ops";
	r.expr = expr;
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), 0);
	step(e, &f, S);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_FIRING);
	/* removed and added again before an evaluation (a script reload): the
	 * firing alert is kept as it was */
	char id[40];
	snprintf(id, sizeof id, "%s", by_vehicle(e, "AGV-1")->id);
	assert_int_equal(fo_alerts_rule_remove(e, "LowBattery"), 0);
	assert_int_equal(fo_alerts_rule_add(e, &r, err, sizeof err), 0);
	step(e, &f, S);
	assert_int_equal(by_vehicle(e, "AGV-1")->state, FO_ALERT_FIRING);
	assert_string_equal(by_vehicle(e, "AGV-1")->id, id);
	/* rules of a plugin whose init failed are never evaluated again */
	fo_alerts_rule_set_owner(e, "LowBattery", 3);
	fo_alerts_rule_remove_owner(e, 3);
	assert_int_equal(fo_alerts_rule_count(e), 0);
	fo_alerts_free(e);
}

/* ---------------------------------------------------------------- store */

typedef struct {
	char dir[256];
	fo_core *core;
} store_fx;

static void store_open(store_fx *s)
{
	char url[600], err[256] = "";
	snprintf(url, sizeof url, "sqlite:%s/alerts.db", s->dir);
	fo_config *cfg = fo_config_new();
	assert_int_equal(fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_set(cfg, "plugin_path", s->dir, FO_SRC_FLAG, err, sizeof err),
	                 0);
	assert_int_equal(fo_config_set(cfg, "store", url, FO_SRC_FLAG, err, sizeof err), 0);
	assert_int_equal(
	    fo_config_set(cfg, "alerts.enabled", "false", FO_SRC_FLAG, err, sizeof err), 0);
	s->core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(s->core);
	fo_core_start(s->core);
	assert_int_equal(fo_core_open_store(s->core, err, sizeof err), 0);
	fo_store_drain(fo_core_store(s->core));
}

static fo_alerts *store_engine(store_fx *s, fx *f, uint64_t now)
{
	fo_alerts *e = engine(f, 5 * S, 0, NULL);
	f->now = now;
	fo_alerts_attach_store(e, fo_core_store(s->core), NULL);
	bool done = false;
	assert_int_equal(fo_alerts_load(e, &done), 0);
	fo_store_drain(fo_core_store(s->core));
	assert_true(done);
	assert_true(fo_alerts_loaded(e));
	return e;
}

static void test_reload_from_store(void **st)
{
	(void)st;
	store_fx s = {0};
	fo_test_tmpdir(s.dir, sizeof s.dir);
	store_open(&s);
	fx f = {0};
	fo_alerts *e = store_engine(&s, &f, 1767225600000ull);
	f.veh[0] = "AGV-1";
	f.veh[1] = "AGV-2";
	f.val[0] = 7;
	f.nveh = 2;
	fo_alerts_tick(e);
	f.now += 5 * S;
	f.nveh = 1; /* AGV-2 clears while pending */
	fo_alerts_tick(e);
	const fo_alert *a = by_vehicle(e, "AGV-1");
	assert_int_equal(a->state, FO_ALERT_FIRING);
	char err[200], id[40];
	snprintf(id, sizeof id, "%s", a->id);
	assert_int_equal(fo_alerts_ack(e, id, "maria", "known", err, sizeof err), 0);
	assert_non_null(fo_alerts_silence(e, "vehicle=AGV-9", 0, f.now + 3600 * S, "ops", "spare",
	                                  err, sizeof err));
	const char *l[] = {"alertname", "Manual", "zone", "Z1"};
	assert_non_null(fo_alerts_raise(e, l, 2, NULL, 0, "info", err, sizeof err));
	size_t hist = fo_alerts_history_count(e);
	uint64_t stop = f.now;
	fo_store_drain(fo_core_store(s.core));
	assert_int_equal(fo_alerts_stats(e)->store_errors, 0);
	fo_alerts_free(e);

	/* a new engine on the same store: the same live state */
	fx g = {0};
	e = store_engine(&s, &g, stop + 2 * S);
	assert_int_equal(fo_alerts_count(e), 2);
	a = by_vehicle(e, "AGV-1");
	assert_non_null(a);
	assert_string_equal(a->id, id);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	assert_string_equal(a->acked_by, "maria");
	assert_string_equal(a->ack_note, "known");
	assert_near(a->value, 7, 1e-9);
	assert_string_equal(fo_labels_get(&a->annotations, "summary"), "AGV-1 battery 7.0%");
	assert_non_null(a->owner); /* the rule took its alert back */
	assert_int_equal(fo_alerts_silence_count(e), 1);
	assert_int_equal(fo_alerts_history_count(e), hist);
	/* the rule goes on from there: still firing, then resolved and stored */
	g.veh[0] = "AGV-1";
	g.nveh = 1;
	fo_alerts_tick(e);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	g.nveh = 0;
	g.now += S;
	fo_alerts_tick(e);
	assert_int_equal(a->state, FO_ALERT_RESOLVED);
	fo_store_drain(fo_core_store(s.core));
	assert_int_equal(fo_alerts_stats(e)->store_errors, 0);
	fo_alerts_free(e);

	fx h = {0};
	e = store_engine(&s, &h, stop + 10 * S);
	assert_int_equal(fo_alerts_count(e), 1); /* only the manual one is live */
	fo_alerts_free(e);
	fo_core_free(s.core);
	fo_test_rmtree(s.dir);
}

/* Random and truncated input to every parser: no crash, no leak (ASan). */
static void test_parsers_on_garbage(void **st)
{
	(void)st;
	static const char alphabet[] = "ab=!~\"\\,{}:[]() .*|$\n\t{}u0123456789";
	uint64_t rng = 7;
	char buf[64], err[200];
	fo_labels l = {0};
	fo_labels_set(&l, "a", "x");
	for (int i = 0; i < 20000; i++) {
		size_t n = (size_t)(i % 40);
		for (size_t k = 0; k < n; k++) {
			rng = rng * 6364136223846793005ull + 1442695040888963407ull;
			buf[k] = alphabet[(rng >> 33) % (sizeof alphabet - 1)];
		}
		buf[n] = '\0';
		fo_matchers m;
		if (fo_matchers_parse(&m, buf, err, sizeof err) == 0) {
			(void)fo_matchers_match(&m, &l);
			fo_matchers_free(&m);
		}
		fo_labels j = {0};
		(void)fo_labels_parse_json(&j, buf);
		fo_labels_free(&j);
		char *t = fo_alert_template(buf, &l, 1.5);
		assert_non_null(t);
		free(t);
	}
	/* a valid label set cut at every length */
	const char *good = "{\"alertname\":\"Low\\\"Battery\",\"vehicle\":\"AGV-1\"}";
	for (size_t n = 0; n < strlen(good); n++) {
		snprintf(buf, sizeof buf, "%.*s", (int)n, good);
		fo_labels j = {0};
		assert_int_equal(fo_labels_parse_json(&j, buf), -1);
		fo_labels_free(&j);
	}
	fo_labels_free(&l);
}

/* ---------------------------------------------------------------- in the core */

typedef struct {
	int states, notes;
	char last[512];
} bus_seen;

static void on_bus(fo_core *core, const char *topic, const void *payload, void *ud)
{
	(void)core;
	bus_seen *b = ud;
	if (strcmp(topic, "alert.state") == 0)
		b->states++;
	else
		b->notes++;
	snprintf(b->last, sizeof b->last, "%s", (const char *)payload);
}

static void test_builtin_rules_in_core(void **st)
{
	(void)st;
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/plugins", fo_test_build_dir());
	fo_config *cfg = fo_config_new();
	const char *set[][2] = {{"log_file", "/dev/null"},
	                        {"plugin_path", path},
	                        {"demo", "true"},
	                        {"sim.vehicles", "10"},
	                        {"alerts.battery_low_for", "0"},
	                        {"alerts.group_wait", "0"},
	                        {"alerts.battery_low_pct", "20"}};
	for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
		assert_int_equal(
		    fo_config_set(cfg, set[i][0], set[i][1], FO_SRC_FLAG, err, sizeof err), 0);
	fo_core *core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(core);
	fo_core_start(core);
	bus_seen b = {0};
	fo_bus_subscribe(core, "alert.state", on_bus, &b);
	fo_bus_subscribe(core, "alert.notify", on_bus, &b);
	fo_alerts *e = fo_alert_core_engine(core, false);
	assert_non_null(e);
	/* LowBattery and VehicleOffline, and the analytics plugin's
	 * MetricOutOfBand */
	assert_int_equal(fo_alerts_rule_count(e), 3);
	fo_model *m = fo_core_model(core);
	for (size_t i = 0; i < fo_model_vehicle_count(m); i++)
		fo_model_vehicle(m, i)->battery = 80;
	fo_vehicle *v = fo_model_vehicle(m, (size_t)fo_model_vehicle_find(m, "AGV-00003"));
	v->battery = 12.34;
	fo_alerts_tick(e);
	const fo_alert *a = by_vehicle(e, "AGV-00003");
	assert_non_null(a);
	assert_int_equal(a->state, FO_ALERT_FIRING);
	assert_string_equal(a->rule, "LowBattery");
	assert_string_equal(fo_labels_get(&a->annotations, "summary"), "AGV-00003 battery 12.3%");
	assert_int_equal(b.notes, 1);
	assert_contains(b.last, "\"vehicle\":\"AGV-00003\"");
	assert_true(b.states >= 1);
	char sum[96];
	assert_true(fo_alerts_summary(core, sum, sizeof sum) > 0);
	assert_string_equal(sum, "alerts warn 1");
	/* offline: VehicleOffline after alerts.offline_for (30 s): pending now */
	v->online = false;
	fo_alerts_tick(e);
	assert_int_equal(a->state, FO_ALERT_RESOLVED); /* offline: its battery is old news */
	const fo_alert *off = NULL;
	for (size_t i = 0; i < fo_alerts_count(e); i++)
		if (strcmp(fo_alerts_at(e, i)->rule, "VehicleOffline") == 0)
			off = fo_alerts_at(e, i);
	assert_non_null(off);
	assert_int_equal(off->state, FO_ALERT_PENDING);
	assert_string_equal(fo_labels_get(&off->labels, "vehicle"), "AGV-00003");
	/* the public calls */
	const char *labels[] = {"alertname", "Depot", "zone", "Z1"};
	char id[40];
	assert_int_equal(
	    fo_alert_raise(core, labels, 2, NULL, 0, "critical", id, sizeof id, err, sizeof err),
	    0);
	assert_int_equal(fo_alert_ack(core, id, "maria", "seen", err, sizeof err), 0);
	char sid[40];
	assert_int_equal(fo_alert_silence(core, "alertname=Depot", 60000, "maria", "works", sid,
	                                  sizeof sid, err, sizeof err),
	                 0);
	assert_int_equal(
	    fo_alert_silence(core, "alertname=", 0, "m", "", sid, sizeof sid, err, sizeof err), -1);
	assert_int_equal(fo_alert_resolve(core, id, err, sizeof err), 0);
	assert_int_equal(fo_alert_rule_remove(core, "LowBattery"), 0);
	assert_int_equal(fo_alert_rule_remove(core, "LowBattery"), -1);
	assert_int_equal(fo_alert_parse_duration("1h30m"), 5400000);
	assert_int_equal(fo_alert_parse_duration("2h"), 7200000);
	assert_int_equal(fo_alert_parse_duration("90"), 90000);
	assert_int_equal(fo_alert_parse_duration("2x"), 0);
	assert_int_equal(fo_alert_parse_duration(""), 0);
	fo_core_free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_for_then_fire),
	    cmocka_unit_test(test_pending_clears_to_inactive),
	    cmocka_unit_test(test_keep_firing_for_and_flapping),
	    cmocka_unit_test(test_dedup_by_label_set),
	    cmocka_unit_test(test_raise_resolve_by_hand),
	    cmocka_unit_test(test_group_timers),
	    cmocka_unit_test(test_group_by_label),
	    cmocka_unit_test(test_rate_limit),
	    cmocka_unit_test(test_inhibition),
	    cmocka_unit_test(test_matchers),
	    cmocka_unit_test(test_silence_and_expiry),
	    cmocka_unit_test(test_ack),
	    cmocka_unit_test(test_templates_and_json),
	    cmocka_unit_test(test_parsers_on_garbage),
	    cmocka_unit_test(test_rule_errors),
	    cmocka_unit_test(test_reload_from_store),
	    cmocka_unit_test(test_builtin_rules_in_core),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
