/* test_feeds.c — feed status (counts, rejects by reason and vehicle, the
 * feeds.status view, the summary line) and fo_wakeup from another thread. */
#include "helpers.h"

#include <pthread.h>
#include <stdatomic.h>

static fo_core *started_core(void)
{
	fo_core *core = fo_test_core("/nonexistent");
	fo_core_start(core);
	return core;
}

static void cell_text(fo_core *core, const fo_view_spec *s, size_t row, const char *col, char *buf,
                      size_t len)
{
	int c = fo_view_column_index(s, col);
	assert_true(c >= 0);
	fo_cell cell;
	memset(&cell, 0, sizeof cell);
	s->cell(core, fo_view_ud(core, s), row, (size_t)c, &cell);
	snprintf(buf, len, "%s", cell.text);
}

static void test_counts_and_view(void **state)
{
	(void)state;
	fo_core *core = started_core();
	char buf[256];
	assert_int_equal(fo_feeds_summary(core, buf, sizeof buf), 0);
	assert_string_equal(buf, "");

	fo_feed *f = fo_feed_register(core, "mqtt");
	assert_non_null(f);
	assert_ptr_equal(fo_feed_register(core, "mqtt"), f); /* same name, same feed */
	const fo_view_spec *s = fo_views_find(core->views, "feeds.status");
	assert_non_null(s);
	assert_int_equal(s->row_count(core, fo_view_ud(core, s)), 1);
	cell_text(core, s, 0, "state", buf, sizeof buf);
	assert_string_equal(buf, "connecting");

	fo_feed_set_connected(f, false, "cannot connect: refused");
	fo_feeds_summary(core, buf, sizeof buf);
	assert_string_equal(buf, "mqtt DOWN");
	cell_text(core, s, 0, "last_error", buf, sizeof buf);
	assert_string_equal(buf, "cannot connect: refused");

	fo_feed_set_connected(f, true, NULL);
	for (int i = 0; i < 5; i++)
		fo_feed_count(f, true, NULL, NULL);
	for (int i = 0; i < 3; i++)
		fo_feed_count(f, false, "json", "M/A");
	fo_feed_count(f, false, "missing", "M/B");
	cell_text(core, s, 0, "state", buf, sizeof buf);
	assert_string_equal(buf, "up");
	cell_text(core, s, 0, "accepted", buf, sizeof buf);
	assert_string_equal(buf, "5");
	cell_text(core, s, 0, "rejected", buf, sizeof buf);
	assert_string_equal(buf, "4");
	cell_text(core, s, 0, "top_reject", buf, sizeof buf);
	assert_string_equal(buf, "json (3)");
	/* 9 messages in under a second: the young feed's rate is per second */
	cell_text(core, s, 0, "rate", buf, sizeof buf);
	assert_string_equal(buf, "9");
	fo_feeds_summary(core, buf, sizeof buf);
	assert_string_equal(buf, "mqtt up 9 msg/s");

	/* detail: rejects by reason and by vehicle, largest first */
	fo_detail *d = fo_detail_new();
	assert_int_equal(fo_view_detail(core, s, "mqtt", d), FO_OK);
	char all[2048] = "";
	for (size_t i = 0; i < fo_detail_count(d); i++) {
		const fo_dline *l = fo_detail_line(d, i);
		size_t n = strlen(all);
		snprintf(all + n, sizeof all - n, "%s=%s;", l->label ? l->label : "",
		         l->text ? l->text : "");
	}
	assert_contains(all, "=Rejects by reason;json=3;missing=1;");
	assert_contains(all, "=Rejects by vehicle;M/A=3;M/B=1;");
	assert_int_equal(fo_view_detail(core, s, "nope", d), FO_ERR);
	fo_detail_free(d);

	/* a second feed joins the summary */
	fo_feed *r = fo_feed_register(core, "redis");
	fo_feed_set_connected(r, false, "gone");
	fo_feeds_summary(core, buf, sizeof buf);
	assert_string_equal(buf, "mqtt up 9 msg/s  redis DOWN");
	/* a short buffer is cut, never overrun */
	char small[8];
	assert_int_equal(fo_feeds_summary(core, small, sizeof small), 7);
	assert_string_equal(small, "mqtt up");
	fo_core_free(core);
}

static void test_reason_overflow(void **state)
{
	(void)state;
	fo_core *core = started_core();
	fo_feed *f = fo_feed_register(core, "mqtt");
	char reason[24], vehicle[32];
	for (int i = 0; i < 100; i++) {
		snprintf(reason, sizeof reason, "r%d", i);
		snprintf(vehicle, sizeof vehicle, "M/V%d", i);
		fo_feed_count(f, false, reason, vehicle);
	}
	fo_out *out = fo_out_new();
	assert_int_equal(fo_registry_run_line(core, "feeds status", out), FO_OK);
	const char *text = fo_out_text(out);
	assert_contains(text, "feed mqtt messages 100 accepted 0 rejected 100");
	assert_contains(text, "feed mqtt reject r0 1\n");
	assert_contains(text, "feed mqtt reject other 88\n");     /* 12 named, then "other" */
	assert_contains(text, "feed mqtt vehicle (others) 68\n"); /* 32 named */
	fo_out_free(out);
	fo_core_free(core);
}

typedef struct {
	fo_wakeup *w;
	atomic_int sent;
	int calls;
} wake_test;

static void *signaller(void *arg)
{
	wake_test *t = arg;
	for (int i = 0; i < 1000; i++) {
		atomic_fetch_add(&t->sent, 1);
		fo_wakeup_signal(t->w);
	}
	return NULL;
}

static void on_wake(fo_core *core, void *ud)
{
	wake_test *t = ud;
	t->calls++;
	if (atomic_load(&t->sent) == 1000)
		fo_core_stop(core);
}

static void give_up(fo_core *core, void *ud)
{
	(void)ud;
	fo_core_stop(core);
}

static void test_wakeup_from_thread(void **state)
{
	(void)state;
	fo_core *core = started_core();
	wake_test t = {.calls = 0};
	t.w = fo_wakeup_new(core, on_wake, &t);
	assert_non_null(t.w);
	fo_timer *guard = fo_timer_start(core, 5000, 0, give_up, NULL);
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, signaller, &t), 0);
	fo_core_run(core);
	pthread_join(th, NULL);
	fo_timer_stop(guard);
	assert_int_equal(atomic_load(&t.sent), 1000);
	/* signals coalesce: at least one call, at most one per signal */
	assert_true(t.calls >= 1 && t.calls <= 1000);
	fo_wakeup_free(t.w);
	fo_core_free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts_and_view),
	    cmocka_unit_test(test_reason_overflow),
	    cmocka_unit_test(test_wakeup_from_thread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
