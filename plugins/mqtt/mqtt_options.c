/* mqtt_options.c — the options of the VDA 5050 feed over MQTT (mqtt_plugin.c):
 * declared here once, registered first thing in init (fo_options_register);
 * --help, `config show`, the manual page and completion list them. */
#include "mqtt.h"

const fo_opt_def mqtt_options[] = {
    {"mqtt", FO_OPT_STR, "", 0, 0, "mqtt",
     "MQTT broker for VDA 5050 vehicles: mqtt://HOST[:PORT], tcp://, or TLS with "
     "mqtts:// or ssl://"},
    {"mqtt.interface", FO_OPT_STR, "uagv", 0, 0, "mqtt-interface",
     "VDA 5050 interface name, the first topic level (interface/v2/manufacturer/serial/topic)"},
    {"mqtt.client_id", FO_OPT_STR, "", 0, 0, "mqtt-client-id",
     "MQTT client id; the broker keeps a session per id (default "
     "fleetops-HOST-USER, then -2, -3, ... while another process of the user holds it)"},
    {"mqtt.username", FO_OPT_STR, "", 0, 0, "mqtt-username", "MQTT user name"},
    {"mqtt.password", FO_OPT_STR, "", 0, 0, NULL,
     "MQTT password (FLEETOPS_MQTT_PASSWORD or the config file: not a flag, so it stays "
     "out of ps)"},
    {"mqtt.tls_ca", FO_OPT_STR, "", 0, 0, "mqtt-tls-ca",
     "PEM file of the CAs trusted for mqtts:// (default: the system store)"},
    {"mqtt.share_group", FO_OPT_STR, "", 0, 0, "mqtt-share-group",
     "shared subscription group: workers with the same group split the vehicle stream "
     "($share/GROUP/...); empty: every message"},
    {"mqtt.qos", FO_OPT_INT, "0", 0, 1, NULL,
     "QoS of the state, visualization and factsheet subscriptions (connection is always 1, "
     "as VDA 5050 says)"},
    {"mqtt.keepalive", FO_OPT_INT, "15", 2, 600, NULL,
     "MQTT keep-alive in seconds: how soon a dead broker is noticed"},
    {"mqtt.queue_mb", FO_OPT_INT, "64", 1, 4096, NULL,
     "most inbound bytes waiting for the loop; beyond it messages are dropped and counted"},
};

const size_t mqtt_noptions = FO_NELEM(mqtt_options);
