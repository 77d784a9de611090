#!/bin/bash
# feeds_mqtt.sh — the console on a real broker: a VDA 5050 vehicle that
# publishes its state appears in the vehicles table, the status line says
# the MQTT feed is up, and the Feeds view counts what came in.
set -euo pipefail
source "$(dirname "$0")/lib.inc"

export FO_MQTT_DIR=$TMP/broker
eval "$("$ROOT/tests/mqtt/broker.sh" start)"
trap '"$ROOT/tests/mqtt/broker.sh" stop --clean >/dev/null 2>&1 || true; cleanup' EXIT

state=$(python3 - "$ROOT/tests/vda/reference-state.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["serialNumber"] = "TUI-0001"
d["headerId"] = 1
d["batteryState"]["batteryCharge"] = 42.5
print(json.dumps(d, separators=(",", ":")))
PY
)
mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" -r -t uagv/v2/AtlasMesh/TUI-0001/state -m "$state"

start_console "" "--mqtt $FO_MQTT_URL --mqtt-client-id fo-e2e-feeds"
wait_for "Vehicle +Fleet +State" "the vehicles table"
wait_for "mqtt up" "the MQTT feed up in the status line"
keys /
text "TUI-0001"
keys Enter
wait_for "TUI-0001 +AtlasMesh .* 4[23]" "the broker's vehicle in the table, battery 42.5 %"
keys ']' ']'
wait_for "mqtt +up" "the Feeds view"
keys q
wait_exit 0
echo "feeds_mqtt: ok"
