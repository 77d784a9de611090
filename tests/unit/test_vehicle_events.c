/* test_vehicle_events.c — the model's vehicle events: the baseline, each
 * transition (connection, errors, e-stop and field violation, mode, battery
 * thresholds with hysteresis, order done and failed), once per order and
 * update, the same from VDA 5050 messages through the codec, and
 * subscribers that change the model while an event is delivered. */
#include "helpers.h"

#include "vda5050.h"

typedef struct {
	fo_core *core;
	fo_model *m;
	char log[8192]; /* one line per event */
	size_t n;
	/* set by a test: what the reentrant subscriber does */
	bool grow_on_error;
} fx;

static void logf_(fx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(fx *f, const char *fmt, ...)
{
	size_t used = strlen(f->log);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->log + used, sizeof f->log - used, fmt, ap);
	va_end(ap);
}

static void on_any(fo_core *core, const char *topic, const void *payload, void *ud)
{
	fx *f = ud;
	if (strncmp(topic, "vehicle.", 8) != 0)
		return;
	const fo_vehicle_event *h = payload;
	/* the head names the vehicle at its model index */
	assert_string_equal(fo_model_vehicle(f->m, h->vehicle_idx)->id, h->vehicle);
	f->n++;
	logf_(f, "%s %s", topic + 8, h->vehicle);
	if (strcmp(topic, FO_TOPIC_VEHICLE_CONNECTION) == 0) {
		const fo_vev_connection *e = payload;
		logf_(f, " %s<-%s%s", fo_vda_conn_name(e->state), fo_vda_conn_name(e->previous),
		      e->online ? " online" : "");
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ERROR) == 0) {
		const fo_vev_error *e = payload;
		logf_(f, " %s %s %s %s", e->raised ? "raised" : "cleared", e->error->type,
		      e->error->level == FO_ERRLVL_FATAL ? "FATAL" : "WARNING", e->error->desc);
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ESTOP) == 0) {
		const fo_vev_estop *e = payload;
		logf_(f, " %s%s%s", fo_estop_name(e->estop), e->field_violation ? " field" : "",
		      e->active ? " active" : " released");
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_MODE) == 0) {
		const fo_vev_mode *e = payload;
		logf_(f, " %s<-%s", fo_opmode_name(e->mode), fo_opmode_name(e->previous));
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_BATTERY) == 0) {
		const fo_vev_battery *e = payload;
		logf_(f, " %s %g at %g", e->below ? "below" : "above", e->threshold, e->battery);
	} else if (strcmp(topic, FO_TOPIC_VEHICLE_ORDER_DONE) == 0 ||
	           strcmp(topic, FO_TOPIC_VEHICLE_ORDER_FAILED) == 0) {
		const fo_vev_order *e = payload;
		logf_(f, " %s/%u load=%s", e->order_id, e->order_update, e->load);
		if (e->reason[0])
			logf_(f, " %s%s%s", e->reason, e->detail[0] ? ":" : "", e->detail);
	}
	logf_(f, "\n");
	if (f->grow_on_error && strcmp(topic, FO_TOPIC_VEHICLE_ERROR) == 0) {
		/* a subscriber that adds vehicles (the array moves) and changes
		 * the one it was told about (a nested touch) */
		f->grow_on_error = false;
		char err[128], id[32];
		for (int i = 0; i < 300; i++) {
			snprintf(id, sizeof id, "GROW-%03d", i);
			fo_vehicle *g = fo_model_vehicle_add(f->m, id, 0, err, sizeof err);
			assert_non_null(g);
			fo_model_touch(f->m, g);
		}
		fo_vehicle *v = fo_model_vehicle(f->m, h->vehicle_idx);
		v->opmode = FO_OPMODE_MANUAL;
		fo_model_touch(f->m, v);
	}
}

static void open_fx(fx *f, const char *thresholds)
{
	memset(f, 0, sizeof *f);
	char err[256] = "";
	fo_config *cfg = fo_config_new();
	assert_int_equal(fo_config_set(cfg, "log_file", "/dev/null", FO_SRC_FLAG, err, sizeof err),
	                 0);
	if (thresholds)
		assert_int_equal(fo_config_set(cfg, "events.battery_thresholds", thresholds,
		                               FO_SRC_FLAG, err, sizeof err),
		                 0);
	f->core = fo_core_new(cfg, err, sizeof err);
	assert_non_null(f->core);
	f->m = fo_core_model(f->core);
	assert_int_equal(fo_model_tenant_add(f->m, "t", "T", err, sizeof err), 0);
	assert_int_equal(fo_model_fleet_add(f->m, "f", "F", 0, err, sizeof err), 0);
	fo_bus_subscribe(f->core, "*", on_any, f);
}

static void close_fx(fx *f)
{
	fo_core_free(f->core);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	open_fx(f, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	close_fx(f);
	free(f);
	return 0;
}

/* The events since the last call, then forgets them. */
static const char *took(fx *f)
{
	static char out[8192];
	snprintf(out, sizeof out, "%s", f->log);
	f->log[0] = 0;
	return out;
}

static fo_vehicle *add_vehicle(fx *f, const char *id)
{
	char err[128];
	fo_vehicle *v = fo_model_vehicle_add(f->m, id, 0, err, sizeof err);
	assert_non_null(v);
	return v;
}

static void set_error(fo_vehicle *v, int i, const char *type, const char *desc, fo_errlevel lv)
{
	snprintf(v->errors[i].type, sizeof v->errors[i].type, "%s", type);
	snprintf(v->errors[i].desc, sizeof v->errors[i].desc, "%s", desc);
	v->errors[i].level = lv;
	if (v->nerrors < i + 1)
		v->nerrors = (uint8_t)(i + 1);
}

/* What a vehicle shows at its first touch is the baseline: no event. */
static void test_baseline(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	v->battery = 3;
	v->estop = FO_ESTOP_MANUAL;
	v->opmode = FO_OPMODE_SERVICE;
	set_error(v, 0, "emergencyStop", "pressed", FO_ERRLVL_FATAL);
	snprintf(v->order_id, sizeof v->order_id, "old-order"); /* ended */
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "");
	fo_model_touch(f->m, v); /* nothing changed: still nothing */
	assert_string_equal(took(f), "");
	/* a model made alone publishes nothing and needs no core */
	fo_model *alone = fo_model_new();
	char err[128];
	assert_int_equal(fo_model_tenant_add(alone, "t", "T", err, sizeof err), 0);
	assert_int_equal(fo_model_fleet_add(alone, "f", "F", 0, err, sizeof err), 0);
	fo_vehicle *w = fo_model_vehicle_add(alone, "W", 0, err, sizeof err);
	fo_model_touch(alone, w);
	w->online = false;
	fo_model_touch(alone, w);
	fo_model_free(alone);
	assert_int_equal(f->n, 0);
}

static void test_connection(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	v->online = false;
	fo_model_touch(f->m, v);
	fo_model_touch(f->m, v);
	v->online = true;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "connection V1 OFFLINE<-ONLINE\n"
	                             "connection V1 ONLINE<-OFFLINE online\n");
}

static void test_errors(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	set_error(v, 0, "pathBlocked", "obstacle after N1", FO_ERRLVL_WARNING);
	set_error(v, 1, "lowBattery", "below 15 %", FO_ERRLVL_WARNING);
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "error V1 raised pathBlocked WARNING obstacle after N1\n"
	                             "error V1 raised lowBattery WARNING below 15 %\n");
	/* since_ms is no identity; a new description or level is a new error */
	v->errors[0].since_ms = 12345;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "");
	set_error(v, 0, "pathBlocked", "obstacle after N2", FO_ERRLVL_WARNING);
	v->errors[1].level = FO_ERRLVL_FATAL;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "error V1 cleared pathBlocked WARNING obstacle after N1\n"
	                             "error V1 cleared lowBattery WARNING below 15 %\n"
	                             "error V1 raised pathBlocked WARNING obstacle after N2\n"
	                             "error V1 raised lowBattery FATAL below 15 %\n");
	/* the list reordered: nothing; emptied: both cleared */
	fo_verror tmp = v->errors[0];
	v->errors[0] = v->errors[1];
	v->errors[1] = tmp;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "");
	memset(v->errors, 0, sizeof v->errors);
	v->nerrors = 0;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "error V1 cleared lowBattery FATAL below 15 %\n"
	                             "error V1 cleared pathBlocked WARNING obstacle after N2\n");
	/* a bogus count larger than the array is read as FO_MAX_VERRORS */
	for (int i = 0; i < FO_MAX_VERRORS; i++)
		set_error(v, i, "e", "d", FO_ERRLVL_WARNING);
	v->nerrors = 200;
	fo_model_touch(f->m, v);
	assert_int_equal(f->n, 8 + FO_MAX_VERRORS);
}

static void test_estop_and_mode(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	v->field_violation = true;
	fo_model_touch(f->m, v);
	v->estop = FO_ESTOP_AUTOACK;
	fo_model_touch(f->m, v);
	v->field_violation = false;
	v->estop = FO_ESTOP_NONE;
	fo_model_touch(f->m, v);
	v->estop = FO_ESTOP_REMOTE;
	fo_model_touch(f->m, v);
	v->estop = FO_ESTOP_NONE;
	v->opmode = FO_OPMODE_MANUAL;
	fo_model_touch(f->m, v);
	fo_model_touch(f->m, v);
	v->opmode = FO_OPMODE_AUTOMATIC;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "estop V1 NONE field active\n"
	                             "estop V1 AUTOACK field active\n"
	                             "estop V1 NONE released\n"
	                             "estop V1 REMOTE active\n"
	                             "estop V1 NONE released\n"
	                             "mode V1 MANUAL<-AUTOMATIC\n"
	                             "mode V1 AUTOMATIC<-MANUAL\n");
}

static void battery(fx *f, fo_vehicle *v, double pct)
{
	v->battery = pct;
	fo_model_touch(f->m, v);
}

/* Default thresholds 20, 10, 5; back up only 2 points above one. */
static void test_battery(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	battery(f, v, 25);
	battery(f, v, 20);
	assert_string_equal(took(f), "");
	battery(f, v, 19.9);
	assert_string_equal(took(f), "battery V1 below 20 at 19.9\n");
	/* noise around the threshold: nothing */
	battery(f, v, 20.5);
	battery(f, v, 19.5);
	battery(f, v, 21.9);
	assert_string_equal(took(f), "");
	battery(f, v, 22);
	assert_string_equal(took(f), "battery V1 above 20 at 22\n");
	/* a jump over several thresholds: each, in the order crossed */
	battery(f, v, 4);
	assert_string_equal(took(f), "battery V1 below 20 at 4\n"
	                             "battery V1 below 10 at 4\n"
	                             "battery V1 below 5 at 4\n");
	battery(f, v, 100);
	assert_string_equal(took(f), "battery V1 above 5 at 100\n"
	                             "battery V1 above 10 at 100\n"
	                             "battery V1 above 20 at 100\n");
}

/* events.battery_thresholds: its own list, bad entries left out. */
static void test_battery_option(void **state)
{
	(void)state;
	fx f;
	open_fx(&f, "30, 50,bogus,30,150,,-1");
	fo_vehicle *v = add_vehicle(&f, "V1");
	battery(&f, v, 60);
	battery(&f, v, 25);
	assert_string_equal(took(&f), "battery V1 below 50 at 25\n"
	                              "battery V1 below 30 at 25\n");
	battery(&f, v, 15); /* 20 is not a threshold here */
	assert_string_equal(took(&f), "");
	close_fx(&f);
	open_fx(&f, "");
	v = add_vehicle(&f, "V1");
	battery(&f, v, 60);
	battery(&f, v, 1);
	assert_string_equal(took(&f), "");
	close_fx(&f);
}

static void run_order(fx *f, fo_vehicle *v, const char *id, uint32_t update, uint32_t left)
{
	snprintf(v->order_id, sizeof v->order_id, "%s", id);
	v->order_update = update;
	v->nodes_left = left;
	v->driving = left > 0;
	fo_model_touch(f->m, v);
}

static void end_order(fx *f, fo_vehicle *v)
{
	v->nodes_left = 0;
	v->driving = false;
	v->acting = false;
	fo_model_touch(f->m, v);
}

static void test_order_done(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	run_order(f, v, "o1", 0, 3);
	v->nodes_left = 1;
	fo_model_touch(f->m, v);
	/* no nodes left but still acting: not yet */
	v->nodes_left = 0;
	v->driving = false;
	v->acting = true;
	snprintf(v->load, sizeof v->load, "L-1");
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "");
	end_order(f, v);
	end_order(f, v); /* once per orderId and orderUpdateId */
	assert_string_equal(took(f), "order_done V1 o1/0 load=L-1\n");
	/* an update of the same order: a new outcome */
	run_order(f, v, "o1", 1, 2);
	end_order(f, v);
	assert_string_equal(took(f), "order_done V1 o1/1 load=L-1\n");
	/* an order that arrives already at its end (one node, where it
	 * stands) is done at once */
	v->load[0] = 0;
	run_order(f, v, "o2", 0, 0);
	assert_string_equal(took(f), "order_done V1 o2/0 load=\n");
	/* the orderId cleared after the order ended: nothing */
	run_order(f, v, "", 0, 0);
	assert_string_equal(took(f), "");
}

static void test_order_failed(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	/* a FATAL error while it runs; clearing it does not bring the order
	 * back, and its end is no second outcome */
	run_order(f, v, "o1", 0, 3);
	set_error(v, 0, "laserScannerContaminated", "clean me", FO_ERRLVL_FATAL);
	v->driving = false;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "error V1 raised laserScannerContaminated FATAL clean me\n"
	                             "order_failed V1 o1/0 load= error:laserScannerContaminated\n");
	memset(v->errors, 0, sizeof v->errors);
	v->nerrors = 0;
	end_order(f, v);
	assert_string_equal(took(f), "error V1 cleared laserScannerContaminated FATAL clean me\n");
	/* an e-stop alone does not fail it */
	run_order(f, v, "o2", 0, 3);
	v->estop = FO_ESTOP_REMOTE;
	v->driving = false;
	fo_model_touch(f->m, v);
	v->estop = FO_ESTOP_NONE;
	fo_model_touch(f->m, v);
	end_order(f, v);
	assert_string_equal(took(f), "estop V1 REMOTE active\n"
	                             "estop V1 NONE released\n"
	                             "order_done V1 o2/0 load=\n");
	/* replaced by another orderId, or cleared, before its end */
	run_order(f, v, "o3", 0, 3);
	run_order(f, v, "o4", 0, 2);
	run_order(f, v, "", 0, 0);
	assert_string_equal(took(f), "order_failed V1 o3/0 load= replaced\n"
	                             "order_failed V1 o4/0 load= cleared\n");
	/* cancelled: marked as the core's dispatch marks a cancelOrder */
	run_order(f, v, "o5", 0, 3);
	assert_false(fo_vevents_cancel_mark(f->core, v->idx, true));
	end_order(f, v);
	assert_string_equal(took(f), "order_failed V1 o5/0 load= cancelled\n");
	/* a refused cancelOrder puts the mark back: the next one is done */
	run_order(f, v, "o6", 0, 3);
	bool was = fo_vevents_cancel_mark(f->core, v->idx, true);
	fo_vevents_cancel_mark(f->core, v->idx, was);
	end_order(f, v);
	assert_string_equal(took(f), "order_done V1 o6/0 load=\n");
}

/* Subscribers may add vehicles and touch the one they were told about:
 * nothing they see moves under them (ASan), every event still comes. */
static void test_reentrant_subscriber(void **state)
{
	fx *f = *state;
	fo_vehicle *v = add_vehicle(f, "V1");
	fo_model_touch(f->m, v);
	f->grow_on_error = true;
	set_error(v, 0, "a", "first", FO_ERRLVL_WARNING);
	set_error(v, 1, "b", "second", FO_ERRLVL_WARNING);
	v->estop = FO_ESTOP_MANUAL;
	fo_model_touch(f->m, v);
	assert_string_equal(took(f), "error V1 raised a WARNING first\n"
	                             "mode V1 MANUAL<-AUTOMATIC\n"
	                             "error V1 raised b WARNING second\n"
	                             "estop V1 MANUAL active\n");
	assert_int_equal(fo_model_vehicle_count(f->m), 301);
}

/* ---- the same from VDA 5050 messages through the codec */

static int vda(fx *f, fo_vda_topic t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int vda(fx *f, fo_vda_topic t, const char *fmt, ...)
{
	char body[2048], msg[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof body, fmt, ap);
	va_end(ap);
	static unsigned hid[FO_VDA__TOPICS];
	snprintf(
	    msg, sizeof msg,
	    "{\"headerId\":%u,\"timestamp\":\"2026-12-05T08:00:00.000Z\",\"version\":\"2.1.0\","
	    "\"manufacturer\":\"Acme\",\"serialNumber\":\"VDA-1\",%s}",
	    ++hid[t], body);
	fo_vda_verdict vd;
	int rc = fo_vda_ingest(f->core, t, "Acme", "VDA-1", msg, strlen(msg), &vd);
	if (rc)
		fail_msg("refused (%s): %s\n%s", vd.reason, vd.detail, msg);
	return rc;
}

static void conn(fx *f, const char *state)
{
	vda(f, FO_VDA_CONNECTION, "\"connectionState\":\"%s\"", state);
}

/* A state: order (id, update, nodes left), driving, battery, mode, e-stop,
 * field violation, errors (JSON array body), actions (JSON array body). */
static void vstate(fx *f, const char *order, unsigned upd, int left, bool driving, double bat,
                   const char *mode, const char *estop, bool field, const char *errors,
                   const char *actions)
{
	char nodes[512] = "";
	for (int i = 0; i < left; i++) {
		size_t o = strlen(nodes);
		snprintf(nodes + o, sizeof nodes - o,
		         "%s{\"nodeId\":\"N%d\",\"sequenceId\":%d,\"released\":true}", i ? "," : "",
		         i + 1, 2 * i + 2);
	}
	vda(f, FO_VDA_STATE,
	    "\"orderId\":\"%s\",\"orderUpdateId\":%u,\"lastNodeId\":\"N0\","
	    "\"lastNodeSequenceId\":0,\"driving\":%s,\"operatingMode\":\"%s\","
	    "\"nodeStates\":[%s],\"edgeStates\":[],\"actionStates\":[%s],"
	    "\"batteryState\":{\"batteryCharge\":%g,\"charging\":false},\"errors\":[%s],"
	    "\"safetyState\":{\"eStop\":\"%s\",\"fieldViolation\":%s}",
	    order, upd, driving ? "true" : "false", mode, nodes, actions, bat, errors, estop,
	    field ? "true" : "false");
}

#define FATAL_ERR                                                                                  \
	"{\"errorType\":\"wheelSlip\",\"errorLevel\":\"FATAL\",\"errorDescription\":\"slipping\"}"
#define CANCEL_ACT                                                                                 \
	"{\"actionId\":\"c-1\",\"actionType\":\"cancelOrder\",\"actionStatus\":\"FINISHED\"}"

static void test_vda_vehicle(void **state)
{
	fx *f = *state;
	/* the connection first: only the connection counts before a state */
	conn(f, "ONLINE");
	conn(f, "OFFLINE");
	conn(f, "ONLINE");
	assert_string_equal(took(f), "connection VDA-1 OFFLINE<-ONLINE\n"
	                             "connection VDA-1 ONLINE<-OFFLINE online\n");
	/* the first state is the baseline, errors, e-stop and low battery
	 * included */
	vstate(f, "", 0, 0, false, 8, "MANUAL", "MANUAL", false, FATAL_ERR, "");
	assert_string_equal(took(f), "");
	vstate(f, "", 0, 0, false, 80, "AUTOMATIC", "NONE", false, "", "");
	assert_string_equal(took(f), "error VDA-1 cleared wheelSlip FATAL slipping\n"
	                             "estop VDA-1 NONE released\n"
	                             "mode VDA-1 AUTOMATIC<-MANUAL\n"
	                             "battery VDA-1 above 10 at 80\n"
	                             "battery VDA-1 above 20 at 80\n");
	/* an order runs and ends */
	vstate(f, "job-1", 0, 2, true, 60, "AUTOMATIC", "NONE", false, "", "");
	vstate(f, "job-1", 0, 0, false, 19, "AUTOMATIC", "NONE", true, "", "");
	assert_string_equal(took(f), "estop VDA-1 NONE field active\n"
	                             "battery VDA-1 below 20 at 19\n"
	                             "order_done VDA-1 job-1/0 load=\n");
	/* cancelled: the vehicle reports the cancelOrder it ran */
	vstate(f, "job-2", 0, 3, true, 19, "AUTOMATIC", "NONE", false, "", "");
	vstate(f, "job-2", 0, 0, false, 19, "AUTOMATIC", "NONE", false, "", CANCEL_ACT);
	assert_string_equal(took(f), "estop VDA-1 NONE released\n"
	                             "order_failed VDA-1 job-2/0 load= cancelled\n");
	/* that cancelOrder is still reported with the next order: not its */
	vstate(f, "job-3", 0, 3, true, 19, "AUTOMATIC", "NONE", false, "", CANCEL_ACT);
	vstate(f, "job-3", 0, 0, false, 19, "AUTOMATIC", "NONE", false, "", CANCEL_ACT);
	assert_string_equal(took(f), "order_done VDA-1 job-3/0 load=\n");
	/* a FATAL error while an order runs */
	vstate(f, "job-4", 0, 3, true, 19, "AUTOMATIC", "NONE", false, "", "");
	vstate(f, "job-4", 0, 3, false, 19, "AUTOMATIC", "NONE", false, FATAL_ERR, "");
	assert_string_equal(took(f), "error VDA-1 raised wheelSlip FATAL slipping\n"
	                             "order_failed VDA-1 job-4/0 load= error:wheelSlip\n");
	/* the broker's last will */
	conn(f, "CONNECTIONBROKEN");
	conn(f, "ONLINE");
	assert_string_equal(took(f), "connection VDA-1 CONNECTIONBROKEN<-ONLINE\n"
	                             "connection VDA-1 ONLINE<-CONNECTIONBROKEN online\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_baseline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_connection, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_estop_and_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_battery, setup, teardown),
	    cmocka_unit_test(test_battery_option),
	    cmocka_unit_test_setup_teardown(test_order_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_order_failed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reentrant_subscriber, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_vda_vehicle, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
