/* simagv_plugin.c — `simagv run` (what `fleetops sim --mqtt URL` maps to,
 * see core/cli.c): builds the simulator's depot (or loads its layout file,
 * simagv_layout.c) and vehicles, connects each
 * vehicle to the broker as a VDA 5050 AGV and runs the loop until SIGINT,
 * SIGTERM or --seconds. */
#include "simagv.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#define TICK_MS 50 /* motion and actions; inbound messages wake the loop at once */

static void send_state(sa_vehicle *v, uint64_t now)
{
	char *m = sa_msg_state(v);
	sa_publish(v, SA_T_STATE, m, false, 0);
	free(m);
	v->dirty = false;
	v->last_state_ms = now;
}

void sa_send_state(sa_vehicle *v)
{
	send_state(v, fo_now_ms(v->sim->core));
}

void sa_send_factsheet(sa_vehicle *v)
{
	char *m = sa_msg_factsheet(v);
	sa_publish(v, SA_T_FACTSHEET, m, true, 0);
	free(m);
}

/* Spec 6.14: the will is set at connect; then ONLINE, retained, QoS 1. */
static void vehicle_connected(sa_vehicle *v)
{
	v->connected = true;
	v->backoff_ms = 0;
	v->retry_at = 0;
	if (sa_mqtt_subscribe(v) != 0)
		fo_log(v->sim->core, FO_LOG_ERROR, "simagv: %s: cannot subscribe", v->serial);
	char *m = sa_msg_connection(v, "ONLINE");
	sa_publish(v, SA_T_CONNECTION, m, true, 1);
	free(m);
	sa_send_factsheet(v);
	sa_send_state(v);
}

static void on_wake(fo_core *core, void *ud)
{
	sa_sim *s = ud;
	sa_in *list = sa_inbox_take(s);
	for (sa_in *m = list; m && !s->stopping; m = m->next) {
		sa_vehicle *v = &s->veh[m->vehicle];
		switch (m->kind) {
		case SA_IN_CONNECTED:
			vehicle_connected(v);
			break;
		case SA_IN_LOST:
			if (v->connected || (m->vehicle == 0 && !v->backoff_ms)) {
				fo_log(core, FO_LOG_WARN, "simagv: %s: %s", v->serial, m->payload);
				fprintf(stderr, "simagv: %s: %s%s\n", v->serial, m->payload,
				        v->connected ? "; reconnecting" : "; retrying");
			}
			if (strncmp(m->payload, SA_CONNECT_FAILED, strlen(SA_CONNECT_FAILED)) ==
			    0) {
				/* a first connect that failed: paho does not retry those */
				v->backoff_ms = v->backoff_ms ? v->backoff_ms * 2 : 1000;
				if (v->backoff_ms > 30000)
					v->backoff_ms = 30000;
				v->retry_at = fo_now_ms(core) + v->backoff_ms;
			}
			v->connected = false;
			break;
		case SA_IN_ORDER:
		case SA_IN_INSTANT:
			s->received++;
			if (m->kind == SA_IN_ORDER)
				sa_on_order(v, m->payload, m->len);
			else
				sa_on_instant(v, m->payload, m->len);
			sa_send_state(v); /* receiving an order is an event of its own */
			break;
		}
	}
	sa_in_free(list);
}

static void tick(fo_core *core, void *ud)
{
	sa_sim *s = ud;
	uint64_t now = fo_now_ms(core);
	uint64_t every = (uint64_t)(s->state_every_s * 1000.0);
	for (uint32_t i = 0; i < s->n; i++) {
		sa_vehicle *v = &s->veh[i];
		if (v->retry_at && now >= v->retry_at) {
			char err[256];
			v->retry_at = 0;
			if (sa_mqtt_connect(v, err, sizeof err) < 0)
				fo_log(core, FO_LOG_WARN, "simagv: %s: %s", v->serial, err);
		}
		sa_step(v, TICK_MS / 1000.0);
		if (v->connected && (v->dirty || now - v->last_state_ms >= every))
			send_state(v, now);
	}
}

static void vis_tick(fo_core *core, void *ud)
{
	sa_sim *s = ud;
	for (uint32_t i = 0; i < s->n; i++) {
		sa_vehicle *v = &s->veh[i];
		if (!v->connected)
			continue;
		char *m = sa_msg_visualization(v);
		sa_publish(v, SA_T_VIS, m, false, 0);
		free(m);
	}
}

typedef struct {
	bool fired;
} sa_deadline;

static void deadline(fo_core *core, void *ud)
{
	((sa_deadline *)ud)->fired = true;
	fo_core_stop(core);
}

static void on_signal(uv_signal_t *h, int signum)
{
	fo_core_stop(h->data);
}

static void signal_closed(uv_handle_t *h)
{
	free(h);
}

static uv_signal_t *watch_signal(fo_core *core, int signum)
{
	uv_signal_t *h = calloc(1, sizeof *h);
	if (!h)
		abort();
	uv_signal_init(fo_core_uv_loop(core), h);
	h->data = core;
	uv_signal_start(h, on_signal, signum);
	return h;
}

static void sim_free(sa_sim *s)
{
	for (uint32_t i = 0; s->veh && i < s->n; i++) {
		free(s->veh[i].nodes);
		free(s->veh[i].edges);
		free(s->veh[i].acts);
		free(s->veh[i].will);
	}
	free(s->veh);
	fo_depot_free(s->depot);
	sa_in_free(sa_inbox_take(s));
	pthread_mutex_destroy(&s->mu);
	free(s);
}

void sa_vehicle_init(sa_sim *s, uint32_t i, const char *serial, const char *node, double x,
                     double y, double theta, double battery, double vmax)
{
	sa_vehicle *v = &s->veh[i];
	v->sim = s;
	v->idx = i;
	snprintf(v->serial, sizeof v->serial, "%s", serial);
	snprintf(v->client_id, sizeof v->client_id, "%s_%s", SA_MANUFACTURER, v->serial);
	static const char *const out[SA_T__OUT] = {"state", "visualization", "connection",
	                                           "factsheet"};
	for (int t = 0; t < SA_T__OUT; t++)
		snprintf(v->topic_out[t], sizeof v->topic_out[t], "%s/v2/%s/%s/%s", s->interface,
		         SA_MANUFACTURER, v->serial, out[t]);
	snprintf(v->topic_order, sizeof v->topic_order, "%s/v2/%s/%s/order", s->interface,
	         SA_MANUFACTURER, v->serial);
	snprintf(v->topic_instant, sizeof v->topic_instant, "%s/v2/%s/%s/instantActions",
	         s->interface, SA_MANUFACTURER, v->serial);
	v->x = x;
	v->y = y;
	v->theta = theta;
	v->battery = battery;
	v->vmax = vmax;
	snprintf(v->last_node, sizeof v->last_node, "%s", node);
	v->acts = calloc(SA_MAX_ACTIONS, sizeof *v->acts);
	if (!v->acts)
		abort();
}

void sa_vehicles_alloc(sa_sim *s, uint32_t n)
{
	s->n = n;
	s->veh = calloc(n, sizeof *s->veh);
	if (!s->veh)
		abort();
}

/* The depot is sized as the demo's (sim.vehicles, at least the fleet run
 * here), so node ids seen in `fleetops --demo` are valid in orders. */
static int build_depot(sa_sim *s, long n, char *err, size_t errlen)
{
	fo_core *core = s->core;
	long depot = fo_config_int(core, "sim.vehicles");
	depot = depot < n ? n : depot;
	long fleets = fo_config_int(core, "sim.fleets"),
	     tenants = fo_config_int(core, "sim.tenants");
	uint64_t rng = sa_seed(core);
	const fo_depot_spec spec = {
	    .vehicles = depot,
	    .fleets = fleets < 1 ? 1 : fleets,
	    .tenants = tenants < 1 ? 1 : tenants,
	    .manufacturer = SA_MANUFACTURER,
	    .seen_ms = fo_wall_ms(),
	};
	fo_model *m = fo_core_model(core);
	s->depot = fo_depot_build(m, &spec, &rng, err, errlen);
	if (!s->depot)
		return -1;
	sa_vehicles_alloc(s, (uint32_t)n);
	for (uint32_t i = 0; i < s->n; i++) {
		const fo_vehicle *mv = fo_model_vehicle(m, fo_depot_vehicle_base(s->depot) + i);
		sa_vehicle_init(s, i, mv->id,
		                fo_depot_node_id(s->depot, fo_depot_vehicle_node(s->depot, i)),
		                mv->x, mv->y, mv->theta, mv->battery,
		                (float)fo_depot_vehicle_vmax(s->depot, i)); /* as the simulator's */
	}
	return 0;
}

uint64_t sa_seed(fo_core *core)
{
	uint64_t seed = (uint64_t)fo_config_int(core, "sim.seed");
	return seed * 0x2545F4914F6CDD1Dull + 1; /* as the in-process simulator */
}

static bool topic_level_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == '+' || *s == '#' || *s == '$')
			return false;
	return true;
}

static fo_status cmd_run(fo_core *core, const fo_args *args, fo_out *out, void *ud)
{
	const char *broker = fo_args_str(args, "broker", "");
	long n = fo_args_int(args, "vehicles", 5);
	double rate = fo_args_double(args, "rate", 1.0);
	long secs = fo_args_int(args, "seconds", 0);
	double every = fo_args_double(args, "state-interval", 30.0);
	const char *iface = fo_args_str(args, "interface", fo_config_str(core, "sim.interface"));
	const char *layout = fo_args_str(args, "layout", fo_config_str(core, "sim.layout"));
	if (fo_core_has_frontend(core)) { /* it runs the loop itself: never inside the console */
		fo_out_error(out, "simagv run runs from the shell (fleetops sim --mqtt URL)");
		return FO_ERR;
	}
	if (!*broker) {
		fo_out_error(out, "simagv run: --broker URL is required (tcp://HOST:PORT)");
		return FO_EUSAGE;
	}
	if (n < 1 || n > SA_MAX_VEHICLES) {
		fo_out_error(out,
		             "--vehicles must be 1..%d (one MQTT connection per vehicle, each with "
		             "its own last will)",
		             SA_MAX_VEHICLES);
		return FO_EUSAGE;
	}
	if (!(rate >= 0.1 && rate <= 50)) {
		fo_out_error(out, "--rate must be 0.1..50 Hz, not %g", rate);
		return FO_EUSAGE;
	}
	if (!(every >= 0.1 && every <= 30)) {
		fo_out_error(out, "--state-interval must be 0.1..30 s (VDA 5050: at most 30 s)");
		return FO_EUSAGE;
	}
	if (secs < 0) {
		fo_out_error(out, "--seconds must be 0 (until a signal) or more");
		return FO_EUSAGE;
	}
	if (!topic_level_ok(iface) || strlen(iface) >= 64) {
		fo_out_error(out, "interface name '%s' is not one MQTT topic level", iface);
		return FO_EUSAGE;
	}
	if (fo_model_node_count(fo_core_model(core)) > 0) {
		fo_out_error(out, "simagv run: the model already holds a depot (drop --demo: the "
		                  "vehicles on the broker bring their own)");
		return FO_ERR;
	}
	/* paho wants tcp:// or ssl://; mqtt:// and mqtts:// are the usual names */
	char url[256];
	if (strncmp(broker, "mqtt://", 7) == 0)
		snprintf(url, sizeof url, "tcp://%s", broker + 7);
	else if (strncmp(broker, "mqtts://", 8) == 0)
		snprintf(url, sizeof url, "ssl://%s", broker + 8);
	else
		snprintf(url, sizeof url, "%s", broker);

	sa_sim *s = calloc(1, sizeof *s);
	if (!s)
		abort();
	s->core = core;
	snprintf(s->broker, sizeof s->broker, "%s", url);
	snprintf(s->interface, sizeof s->interface, "%s", iface);
	s->rate_hz = rate;
	s->state_every_s = every;
	snprintf(s->series, sizeof s->series, "%s", SA_SERIES);
	pthread_mutex_init(&s->mu, NULL);
	s->inbox_tail = &s->inbox;
	char err[512];
	int built = layout && *layout ? sa_layout_build(s, layout, n, err, sizeof err)
	                              : build_depot(s, n, err, sizeof err);
	if (built < 0) {
		fo_out_error(out, "simagv run: %s", err);
		sim_free(s);
		return FO_ERR;
	}
	s->wake = fo_wakeup_new(core, on_wake, s);
	if (!s->wake) {
		fo_out_error(out, "simagv run: cannot set up the loop wake-up");
		sim_free(s);
		return FO_ERR;
	}
	if (sa_mqtt_start(s, err, sizeof err) < 0) {
		sa_mqtt_stop(s);
		fo_wakeup_free(s->wake);
		sim_free(s);
		fo_out_error(out, "simagv run: %s", err);
		return FO_ERR;
	}
	fo_timer *t = fo_timer_start(core, TICK_MS, TICK_MS, tick, s);
	uint64_t vis_ms = (uint64_t)(1000.0 / rate + 0.5);
	fo_timer *vt = fo_timer_start(core, vis_ms, vis_ms, vis_tick, s);
	sa_deadline dl = {false};
	fo_timer *stop =
	    secs > 0 ? fo_timer_start(core, (uint64_t)secs * 1000, 0, deadline, &dl) : NULL;
	uv_signal_t *sigint = watch_signal(core, SIGINT), *sigterm = watch_signal(core, SIGTERM);
	printf("simagv: %u vehicles (%s AGV-00001..) on %s, interface %s, visualization %.1f "
	       "Hz, %s%s\n",
	       s->n, SA_MANUFACTURER, url, s->interface, rate, s->layout ? "layout " : "the depot",
	       s->layout ? layout : "");
	fflush(stdout);

	fo_core_run(core);

	s->stopping = true;
	uv_close((uv_handle_t *)sigint, signal_closed);
	uv_close((uv_handle_t *)sigterm, signal_closed);
	/* The close callbacks are this plugin's code: let them run now, before
	 * the core unloads plugins at exit (one turn of the loop, no waiting). */
	uv_run(fo_core_uv_loop(core), UV_RUN_NOWAIT);
	fo_timer_stop(t);
	fo_timer_stop(vt);
	if (stop && !dl.fired)
		fo_timer_stop(stop);
	sa_mqtt_stop(s);
	fo_wakeup_free(s->wake);
	printf("simagv: stopped; %llu messages published, %llu received\n",
	       (unsigned long long)s->published, (unsigned long long)s->received);
	fflush(stdout);
	sim_free(s);
	return FO_OK;
}

static const fo_arg_spec run_args[] = {
    {"broker", FO_ARG_STRING, true, NULL, "broker URL: tcp://HOST:PORT, mqtt://, ssl://"},
    {"vehicles", FO_ARG_INT, false, NULL, "simulated AGVs, 1..500 (default 5)"},
    {"rate", FO_ARG_DOUBLE, false, NULL, "visualization messages per second (default 1)"},
    {"seconds", FO_ARG_INT, false, NULL, "stop after this many seconds (default: a signal)"},
    {"state-interval", FO_ARG_DOUBLE, false, NULL,
     "seconds between unprompted states (default 30, the spec's most)"},
    {"interface", FO_ARG_STRING, false, NULL, "topic interface name (default sim.interface)"},
    {"layout", FO_ARG_STRING, false, NULL,
     "LIF layout file to drive instead of the generated depot (default sim.layout)"},
};

static const fo_cmd_spec run_cmd = {
    "simagv",
    "run",
    "run the simulated vehicles as VDA 5050 AGVs on a broker (fleetops sim --mqtt URL)",
    run_args,
    FO_NELEM(run_args),
    0,
    cmd_run};

static fo_status plugin_init(fo_core *core, void **state, char *err, size_t errlen)
{
	*state = NULL; /* no state: each `simagv run` holds its own */
	if (fo_cmd_register(core, &run_cmd, NULL) < 0) {
		snprintf(err, errlen, "cannot register simagv run");
		return FO_ERR;
	}
	return FO_OK;
}

static void plugin_fini(fo_core *core, void *state)
{
	free(state);
}

static const fo_plugin_desc simagv_desc = {
    .abi = FO_PLUGIN_ABI,
    .name = "simagv",
    .version = "0.1.0",
    .summary = "the simulator's vehicles as VDA 5050 AGVs on an MQTT broker (sim --mqtt)",
    .init = plugin_init,
    .fini = plugin_fini,
};

const fo_plugin_desc *fo_plugin_entry(void);

const fo_plugin_desc *fo_plugin_entry(void)
{
	return &simagv_desc;
}
