/* mqtt_cmds.c — the master control's outbound side: `vehicle order` and
 * `vehicle action` build their message with the VDA 5050 codec and publish
 * it at QoS 0, not retained (VDA 5050 6.2), to
 * {interface}/v2/{manufacturer}/{serial}/order|instantActions.
 *
 * Nothing is ever queued for later: when the broker is not connected the
 * command is refused and says so, so an order is sent once or not at all. */
#include "mqtt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool mq_link_up(mqtt_state *st, int timeout_ms)
{
	/* no attempt yet: the loop never ran (a one-shot command) */
	if (!st->created || !st->connect_started)
		return false;
	pthread_mutex_lock(&st->first_lock);
	if (!st->first_done) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += timeout_ms / 1000;
		until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!st->first_done &&
		       pthread_cond_timedwait(&st->first_cond, &st->first_lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&st->first_lock);
	return atomic_load(&st->link) != 0;
}

/* Refuses unless a broker is configured and the link is up right now. */
static bool ready(mqtt_state *st, char *err, size_t errlen)
{
	if (!*st->url) {
		snprintf(err, errlen, "no MQTT broker: start with --mqtt mqtt://HOST:PORT");
		return false;
	}
	if (!mq_link_up(st, 2000)) {
		snprintf(err, errlen,
		         "refused: the broker %s is not connected (nothing was queued; "
		         "send it again once `feeds status` shows mqtt up)",
		         st->url);
		return false;
	}
	return true;
}

static fo_status publish(mqtt_state *st, const fo_vehicle *v, const char *topic,
                         const char *payload, uint32_t header_id, char *err, size_t errlen)
{
	char name[512];
	snprintf(name, sizeof name, "%s/v2/%s/%s/%s", st->iface, v->manufacturer, v->id, topic);
	MQTTAsync_message m = MQTTAsync_message_initializer;
	m.payload = (void *)payload;
	m.payloadlen = (int)strlen(payload);
	m.qos = 0;      /* VDA 5050 6.2: order and instantActions at QoS 0 */
	m.retained = 0; /* an order is for now, never for a later subscriber */
	MQTTAsync_responseOptions r = MQTTAsync_responseOptions_initializer;
	int rc = MQTTAsync_sendMessage(st->client, name, &m, &r);
	if (rc != MQTTASYNC_SUCCESS) {
		snprintf(err, errlen, "refused: %s (nothing was queued)", MQTTAsync_strerror(rc));
		return FO_ERR;
	}
	snprintf(err, errlen, "published %s headerId %u (%zu bytes)", name, header_id,
	         strlen(payload));
	fo_log(st->core, FO_LOG_INFO, "mqtt: published %s headerId %u", name, header_id);
	return FO_OK;
}

/* ---- the dispatch sink: every order and instant action of the console */

static bool sink_serves(fo_core *core, size_t idx, void *ud)
{
	mqtt_state *st = ud;
	return *st->url && fo_vda_vehicle_get(core, idx) != NULL;
}

static fo_status sink_order(fo_core *core, size_t idx, const fo_vda_order_req *req0, char *err,
                            size_t errlen, void *ud)
{
	mqtt_state *st = ud;
	fo_vehicle *v = fo_model_vehicle(fo_core_model(core), idx);
	fo_vda_order_req req = *req0;
	/* the map the vehicle says it is on */
	const fo_vda_vehicle *vv = fo_vda_vehicle_get(core, idx);
	if (!req.map_id && vv && *vv->map_id)
		req.map_id = vv->map_id;
	/* checked before the link and before a headerId is taken: a headerId
	 * is used only by a message that goes out */
	fo_vda_header h = {.manufacturer = v->manufacturer, .serial_number = v->id};
	char *json = fo_vda_order_json(core, &h, &req, err, errlen);
	if (!json)
		return FO_EUSAGE;
	free(json);
	if (!ready(st, err, errlen))
		return FO_ERR;
	h.header_id = fo_vda_next_header_id(core, idx, FO_VDA_OUT_ORDER);
	json = fo_vda_order_json(core, &h, &req, err, errlen);
	if (!json)
		return FO_ERR;
	fo_status rc = publish(st, v, "order", json, h.header_id, err, errlen);
	free(json);
	return rc;
}

static fo_status sink_actions(fo_core *core, size_t idx, const fo_vda_action *acts, size_t n,
                              char *err, size_t errlen, void *ud)
{
	mqtt_state *st = ud;
	fo_vehicle *v = fo_model_vehicle(fo_core_model(core), idx);
	fo_vda_header h = {.manufacturer = v->manufacturer, .serial_number = v->id};
	char *json = fo_vda_instant_actions_json(&h, acts, n, err, errlen);
	if (!json)
		return FO_EUSAGE;
	free(json);
	if (!ready(st, err, errlen))
		return FO_ERR;
	h.header_id = fo_vda_next_header_id(core, idx, FO_VDA_OUT_INSTANT_ACTIONS);
	json = fo_vda_instant_actions_json(&h, acts, n, err, errlen);
	if (!json)
		return FO_ERR;
	fo_status rc = publish(st, v, "instantActions", json, h.header_id, err, errlen);
	free(json);
	return rc;
}

/* ---- commands */

static fo_vehicle *find_vehicle(fo_core *core, mqtt_state *st, const fo_args *a, size_t *idx,
                                const char *what, fo_out *out)
{
	if (!*st->url) {
		fo_out_error(out, "%s: no MQTT broker: start with --mqtt mqtt://HOST:PORT", what);
		return NULL;
	}
	fo_model *m = fo_core_model(core);
	const char *id = fo_args_str(a, "vehicle", "");
	long i = fo_model_vehicle_find(m, id);
	if (i < 0) {
		fo_out_error(out, "%s: no vehicle '%s'", what, id);
		return NULL;
	}
	*idx = (size_t)i;
	if (!fo_vda_vehicle_get(core, (size_t)i)) {
		fo_out_error(out, "%s: %s has not spoken VDA 5050 over MQTT (a simulated vehicle?)",
		             what, id);
		return NULL;
	}
	return fo_model_vehicle(m, (size_t)i);
}

static fo_status cmd_order(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	mqtt_state *st = ud;
	char *const *nodes;
	size_t n = fo_args_rest(a, "nodes", &nodes);
	if (n == 0) {
		fo_out_error(out, "vehicle order: name at least one map node");
		return FO_EUSAGE;
	}
	size_t idx;
	fo_vehicle *v = find_vehicle(core, st, a, &idx, "vehicle order", out);
	if (!v)
		return FO_ERR;
	char order_id[40];
	fo_uuid4(order_id);
	fo_vda_order_req req = {
	    .order_id = order_id,
	    .node_ids = (const char *const *)nodes,
	    .nnodes = n,
	    .released = n,
	};
	char msg[512];
	fo_status rc = sink_order(core, idx, &req, msg, sizeof msg, st);
	if (rc != FO_OK) {
		fo_out_error(out, "vehicle order: %s", msg);
		return rc;
	}
	fo_out_printf(out, "vehicle order: %s\norder %s to %s: %zu nodes\n", msg, order_id, v->id,
	              n);
	return FO_OK;
}

static const char mq_action_types[] =
    "cancelOrder|startPause|stopPause|stateRequest|factsheetRequest|startCharging|stopCharging";

static fo_status cmd_action(fo_core *core, const fo_args *a, fo_out *out, void *ud)
{
	mqtt_state *st = ud;
	size_t idx;
	fo_vehicle *v = find_vehicle(core, st, a, &idx, "vehicle action", out);
	if (!v)
		return FO_ERR;
	const char *type = fo_args_str(a, "type", "");
	/* requests for information do not stop the vehicle */
	bool info = strcmp(type, "stateRequest") == 0 || strcmp(type, "factsheetRequest") == 0;
	fo_vda_action act = {.type = type, .blocking = info ? "NONE" : "HARD"};
	char msg[512];
	fo_status rc = sink_actions(core, idx, &act, 1, msg, sizeof msg, st);
	if (rc != FO_OK) {
		fo_out_error(out, "vehicle action: %s", msg);
		return rc;
	}
	fo_out_printf(out, "vehicle action: %s\n", msg);
	return FO_OK;
}

static const fo_arg_spec order_args[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "a VDA 5050 vehicle (its serial number)"},
    {"nodes", FO_ARG_REST, false, NULL, "map node ids to drive through, in order"},
};
static const fo_arg_spec action_args[] = {
    {"vehicle", FO_ARG_VEHICLE, true, NULL, "a VDA 5050 vehicle (its serial number)"},
    {"type", FO_ARG_ENUM, true, mq_action_types, "the instant action"},
};

static const fo_cmd_spec mqtt_cmds[] = {
    {"vehicle", "order", "send a VDA 5050 order through map nodes", order_args,
     FO_NELEM(order_args), 0, cmd_order},
    {"vehicle", "action", "send a VDA 5050 instant action", action_args, FO_NELEM(action_args), 0,
     cmd_action},
};

int mq_cmds_register(mqtt_state *st, char *err, size_t errlen)
{
	if (fo_cmds_register(st->core, mqtt_cmds, FO_NELEM(mqtt_cmds), st, err, errlen) != 0)
		return -1;
	const fo_dispatch_sink sink = {"mqtt", sink_serves, sink_order, sink_actions, st};
	if (fo_dispatch_register(st->core, &sink) < 0) {
		snprintf(err, errlen, "mqtt: cannot register as a dispatch sink");
		return -1;
	}
	return 0;
}
