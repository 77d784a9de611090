/* test_bus.c — the in-process bus: subscription order, "*", payloads. */
#include "helpers.h"

typedef struct {
	char log[512];
	const void *payloads[16];
	const fo_core *cores[16];
	int n;
} trace;

typedef struct {
	trace *t;
	const char *tag;
} sub;

static void on_event(fo_core *core, const char *topic, const void *payload, void *ud)
{
	sub *s = ud;
	trace *t = s->t;
	size_t len = strlen(t->log);
	snprintf(t->log + len, sizeof t->log - len, "%s%s@%s", len ? " " : "", s->tag, topic);
	if (t->n < 16) {
		t->payloads[t->n] = payload;
		t->cores[t->n] = core;
	}
	t->n++;
}

static void test_subscription_order_and_wildcard(void **state)
{
	trace t = {.n = 0};
	sub a = {&t, "a"}, b = {&t, "b"}, star = {&t, "star"}, c = {&t, "c"}, other = {&t, "o"};
	fo_bus *bus = fo_bus_new();
	assert_non_null(bus);
	assert_true(fo_bus_add(bus, "vehicle.error", on_event, &a) >= 0);
	assert_true(fo_bus_add(bus, "vehicle.error", on_event, &b) >= 0);
	assert_true(fo_bus_add(bus, "*", on_event, &star) >= 0);
	assert_true(fo_bus_add(bus, "vehicle.state", on_event, &other) >= 0);
	assert_true(fo_bus_add(bus, "vehicle.error", on_event, &c) >= 0);

	int payload = 42;
	assert_int_equal(fo_bus_emit(bus, NULL, "vehicle.error", &payload), 4);
	assert_string_equal(t.log, "a@vehicle.error b@vehicle.error star@vehicle.error "
	                           "c@vehicle.error");
	for (int i = 0; i < 4; i++)
		assert_ptr_equal(t.payloads[i], &payload);

	/* Only "*" hears a topic nobody else subscribed to. */
	t.log[0] = '\0';
	t.n = 0;
	assert_int_equal(fo_bus_emit(bus, NULL, "mission.done", NULL), 1);
	assert_string_equal(t.log, "star@mission.done");
	assert_null(t.payloads[0]);

	/* Topics match exactly, not by prefix. */
	t.log[0] = '\0';
	t.n = 0;
	assert_int_equal(fo_bus_emit(bus, NULL, "vehicle", NULL), 1);
	assert_int_equal(fo_bus_emit(bus, NULL, "vehicle.error.extra", NULL), 1);
	assert_string_equal(t.log, "star@vehicle star@vehicle.error.extra");
	fo_bus_free(bus);
}

static void test_empty_bus(void **state)
{
	fo_bus *bus = fo_bus_new();
	assert_int_equal(fo_bus_emit(bus, NULL, "anything", NULL), 0);
	fo_bus_free(bus);
}

static void test_many_subscribers(void **state)
{
	trace t = {.n = 0};
	sub s = {&t, "x"};
	fo_bus *bus = fo_bus_new();
	for (int i = 0; i < 1000; i++)
		assert_true(fo_bus_add(bus, "tick", on_event, &s) >= 0);
	assert_int_equal(fo_bus_emit(bus, NULL, "tick", NULL), 1000);
	assert_int_equal(t.n, 1000);
	fo_bus_free(bus);
}

typedef struct {
	const char *topic;
	int value;
} evt;

static void on_sum(fo_core *core, const char *topic, const void *payload, void *ud)
{
	const evt *e = payload;
	assert_string_equal(e->topic, topic);
	*(int *)ud += e->value;
}

static void test_through_core(void **state)
{
	fo_core *core = fo_test_core(NULL);
	trace t = {.n = 0};
	sub s = {&t, "s"};
	int sum = 0;
	assert_true(fo_bus_subscribe(core, "order.new", on_event, &s) >= 0);
	assert_true(fo_bus_subscribe(core, "order.new", on_sum, &sum) >= 0);
	evt e = {"order.new", 5};
	fo_bus_publish(core, "order.new", &e);
	fo_bus_publish(core, "order.new", &e);
	fo_bus_publish(core, "order.old", &e);
	assert_int_equal(sum, 10);
	assert_int_equal(t.n, 2);
	/* The core reaches the subscriber, and so does the payload. */
	assert_ptr_equal(t.cores[0], core);
	assert_ptr_equal(t.payloads[1], &e);
	fo_core_free(core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_subscription_order_and_wildcard),
	    cmocka_unit_test(test_empty_bus),
	    cmocka_unit_test(test_many_subscribers),
	    cmocka_unit_test(test_through_core),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
