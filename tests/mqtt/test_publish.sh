#!/usr/bin/env bash
# The master control's side: `vehicle order` and `vehicle action` publish on
# uagv/v2/MANUFACTURER/SERIAL/order|instantActions, QoS 0, not retained,
# with a headerId per vehicle and topic counting up and ISO 8601 UTC
# millisecond timestamps; valid against the official schemas when
# python3-jsonschema is there.  Without a broker they refuse; a one-shot
# command does not connect at all.
. "$(dirname "$0")/lib.bash"
broker_start

pub -r -q 1 -t uagv/v2/AtlasMesh/KIT-0001/connection -m "$(conn_msg KIT-0001 1 ONLINE)"
pub -r -t uagv/v2/AtlasMesh/KIT-0001/state -m "$(state_msg KIT-0001 7 80 1 1)"

mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t uagv/v2/AtlasMesh/KIT-0001/order \
	-t uagv/v2/AtlasMesh/KIT-0001/instantActions >"$T/sub" 2>&1 &
bg_pids+=($!)
sleep 0.3

"$FO" --demo --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-publish feeds watch --seconds 2 \
	--then 'vehicle order KIT-0001 N-00001 N-00002; vehicle action KIT-0001 startPause;
		vehicle order KIT-0001 N-00002 N-00003 N-00004; vehicle action KIT-0001 stopPause;
		vehicle action KIT-0001 cancelOrder; vehicle order KIT-0001 NO-SUCH-NODE' \
	>"$T/out" 2>"$T/err"
rc=$?
expect_eq "$rc" 2 "exit code (the last order names no map node: a usage error)"
expect_grep "$T/out" "error: vehicle order: no map node 'NO-SUCH-NODE'" "unknown node refused"
sleep 0.5

grep ' ' "$T/sub" | awk '{print $1}' >"$T/topics"
expect_eq "$(grep -c '/order$' "$T/topics")" 2 "orders seen by a subscriber"
expect_eq "$(grep -c '/instantActions$' "$T/topics")" 3 "instant actions seen by a subscriber"
expect_eq "$(grep '/order ' "$T/sub" | grep -oE '"headerId":[0-9]+' | cut -d: -f2 | tr '\n' ' ')" \
	"0 1 " "order headerIds count up"
expect_eq "$(grep '/instantActions ' "$T/sub" | grep -oE '"headerId":[0-9]+' | cut -d: -f2 | tr '\n' ' ')" \
	"0 1 2 " "instantActions headerIds count up on their own"
expect_grep "$T/sub" '"timestamp":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z"' "ISO 8601 UTC ms timestamp"
expect_grep "$T/sub" '"actionType":"startPause"' "startPause sent"
expect_grep "$T/sub" '"actionType":"cancelOrder"' "cancelOrder sent"
expect_grep "$T/sub" '"nodeId":"N-00003"' "order nodes"
expect_grep "$T/sub" '"mapId":"depot-a"' "order on the vehicle's map"

# not retained: a late subscriber gets nothing
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -t uagv/v2/AtlasMesh/KIT-0001/order \
	-t uagv/v2/AtlasMesh/KIT-0001/instantActions -W 1 >"$T/late" 2>/dev/null
expect_eq "$(wc -c <"$T/late")" 0 "orders and actions are not retained"

# the official schemas
if python3 -c 'import jsonschema' 2>/dev/null; then
	python3 - "$T/sub" "$FO_VDA_SCHEMAS" >"$T/schema" 2>&1 <<'PY'
import json, sys, jsonschema
sub, d = sys.argv[1], sys.argv[2]
schemas = {t: json.load(open(f"{d}/{t}.schema")) for t in ("order", "instantActions")}
bad = 0
for line in open(sub):
    topic, _, payload = line.rstrip("\n").partition(" ")
    t = topic.rsplit("/", 1)[1]
    try:
        jsonschema.validate(json.loads(payload), schemas[t])
    except Exception as e:
        bad += 1
        print(f"{t}: {e}".splitlines()[0])
print(f"invalid {bad}")
PY
	expect_grep "$T/schema" '^invalid 0$' "published messages valid against the 2.1.0 schemas"
fi

# no broker: refused, and said so
"$FO" --demo vehicle action AGV-00001 startPause >"$T/out2" 2>"$T/err2"
expect_eq "$?" 1 "exit code without a broker"
expect_grep "$T/err2" 'not spoken VDA 5050|no MQTT broker' "refusal without a broker says why"

# a one-shot command never runs the loop, so it never connects: it cannot
# take a running console's session over under the same client id
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-oneshot help list >/dev/null 2>&1
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-oneshot vehicle action KIT-0001 startPause \
	>"$T/out3" 2>"$T/err3"
expect_eq "$?" 2 "a one-shot command does not know the vehicle (no loop, no states)"
sleep 0.2
expect_nogrep "$FO_MQTT_DIR/mosquitto.log" 'as fo-test-oneshot' "one-shot commands do not connect"
finish
