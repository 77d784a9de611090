#!/bin/bash
# missions.sh — the Missions pane in a real terminal, against a real broker
# and a vehicle the test plays message by message: start a mission from the
# Templates view (n, the parameters typed on the opened command line), see
# it go active, pause it (p), cancel it (x, confirmed), raise a safety event
# and see it in the status line, acknowledge it (a) and resolve it (R, the
# resolution typed on the opened command line).
set -euo pipefail
source "$(dirname "$0")/lib.inc"

export FO_MQTT_DIR=$TMP/broker
eval "$("$ROOT/tests/mqtt/broker.sh" start)"
trap '"$ROOT/tests/mqtt/broker.sh" stop --clean >/dev/null 2>&1 || true; kill $SUB 2>/dev/null || true; cleanup' EXIT
P=(-h 127.0.0.1 -p "$FO_MQTT_PORT")
now() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
hdr=0
# state NODE ORDER PAUSED [NODE-STATE...]: one state message of TUI-1
state() {
	local node=$1 order=$2 paused=$3 ns="" n drv=false
	shift 3
	[ $# -gt 0 ] && [ "$paused" = false ] && drv=true
	for n in "$@"; do
		ns="$ns${ns:+,}{\"nodeId\":\"$n\",\"sequenceId\":2,\"released\":true}"
	done
	hdr=$((hdr + 1))
	mosquitto_pub "${P[@]}" -t uagv/v2/Kit/TUI-1/state -m "{\"headerId\":$hdr,\
\"timestamp\":\"$(now)\",\"version\":\"2.1.0\",\"manufacturer\":\"Kit\",\"serialNumber\":\"TUI-1\",\
\"orderId\":\"$order\",\"orderUpdateId\":0,\"lastNodeId\":\"$node\",\"lastNodeSequenceId\":0,\
\"nodeStates\":[$ns],\"edgeStates\":[],\"driving\":$drv,\"paused\":$paused,\"actionStates\":[],\
\"batteryState\":{\"batteryCharge\":80,\"charging\":false},\"operatingMode\":\"AUTOMATIC\",\
\"errors\":[],\"safetyState\":{\"eStop\":\"NONE\",\"fieldViolation\":false},\
\"agvPosition\":{\"x\":1,\"y\":1,\"theta\":0,\"mapId\":\"m\",\"positionInitialized\":true}}"
}
mosquitto_sub "${P[@]}" -v -t 'uagv/v2/Kit/TUI-1/#' >"$TMP/sub" 2>/dev/null &
SUB=$!

# the template, through the shell, into the console's store
mkdir -p "$TMP/home" "$TMP/config" "$TMP/state" "$TMP/data"
cat >"$TMP/go.json" <<'JSON'
{"name": "go", "steps": [{"node": "$to"}]}
JSON
env HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/config" XDG_STATE_HOME="$TMP/state" \
	XDG_DATA_HOME="$TMP/data" "$BIN" template import "$TMP/go.json" >"$TMP/import.out" ||
	fail "template import: $(cat "$TMP/import.out")"
grep -q "^template go version 1" "$TMP/import.out" || fail "template import said: $(cat "$TMP/import.out")"

start_console "" "--demo=false --mqtt $FO_MQTT_URL --mqtt-client-id fo-e2e-missions"
wait_for "mqtt up" "the MQTT feed up"
mosquitto_pub "${P[@]}" -r -t uagv/v2/Kit/TUI-1/connection -m "{\"headerId\":0,\
\"timestamp\":\"$(now)\",\"version\":\"2.1.0\",\"manufacturer\":\"Kit\",\"serialNumber\":\"TUI-1\",\
\"connectionState\":\"ONLINE\"}"
state A "" false
wait_for "TUI-1" "the vehicle in the table"

keys 2
wait_for "Missions › Queue|Missions > Queue" "the missions pane"
keys :
text "ui goto missions.templates"
keys Enter
wait_for "Missions › Templates|Missions > Templates" "the Templates view"
wait_for "go +1 +1" "the template in the Templates view"
keys n
wait_for ":mission start go" "n opens the command line with the template"
text "to=B"
keys Enter
wait_for "mission [0-9a-f-]{36} queued" "the mission started"
for _ in $(seq 50); do grep -q 'TUI-1/order' "$TMP/sub" && break; sleep 0.1; done
order=$(sed -n 's/.*TUI-1\/order .*"orderId":"\([0-9a-f-]*\)".*/\1/p' "$TMP/sub" | head -1)
[ -n "$order" ] || fail "no order published"
state A "$order" false B
keys :
text "ui goto missions.active"
keys Enter
wait_for "${order:0:8} +active +go v1 +TUI-1" "the mission active in the Active view"
keys p
wait_for "startPause sent to TUI-1" "p pauses: startPause sent"
state A "$order" true B
wait_for "${order:0:8} +paused" "shown paused"
keys x
wait_for "This command is dangerous" "cancel asks first"
keys y
wait_for "cancelled; cancelOrder sent to TUI-1" "c cancels: cancelOrder sent"
grep -q '"actionType":"cancelOrder"' "$TMP/sub" || fail "cancelOrder not on the broker"

keys :
text "safety raise --vehicle TUI-1 --severity high spill in aisle 4"
keys Enter
wait_for "safety 1 open" "the open safety event in the status line"
keys :
text "ui goto missions.safety_events"
keys Enter
wait_for "open +high +manual +TUI-1" "the event in the Safety events view"
keys a
wait_for "acknowledged by" "a acknowledges"
wait_for "safety 1 acked" "the status line says acknowledged"
keys R
wait_for ":safety resolve [0-9a-f-]{36}" "R opens the command line with the event"
text "mopped up"
keys Enter
wait_for "resolved: mopped up" "resolved with its resolution"
wait_gone "safety 1 (open|acked)" "nothing open in the status line"
keys q
wait_exit 0
echo "missions: ok"
