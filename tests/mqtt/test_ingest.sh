#!/usr/bin/env bash
# VDA 5050 in through a real mosquitto: a retained state seen on connect, a
# live state, malformed messages counted by reason and by vehicle, another
# major version refused, and the broker's CONNECTIONBROKEN last will taking a
# vehicle offline.
. "$(dirname "$0")/lib.bash"
broker_start

# before fleetops connects: retained, as a vehicle leaves them
pub -r -q 1 -t uagv/v2/AtlasMesh/AGV-00017/connection -m "$(conn_msg AGV-00017 1 ONLINE)"
pub -r -t uagv/v2/AtlasMesh/AGV-00017/state -m "$(state_msg AGV-00017 1024 73.5 11.873 3.112)"

"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-ingest feeds watch --seconds 5 \
	--then 'vehicle show AGV-00017; vehicle show AGV-00018; vehicle list; feeds status' \
	>"$T/out" 2>"$T/err" &
fo=$!
bg_pids+=("$fo")
sleep 1.5

# a live vehicle
pub -q 1 -r -t uagv/v2/AtlasMesh/AGV-00018/connection -m "$(conn_msg AGV-00018 1 ONLINE)"
pub -t uagv/v2/AtlasMesh/AGV-00018/state -m "$(state_msg AGV-00018 1 55 20.5 7.25)"
# malformed: not JSON, an empty object, a wrong type, another major version
pub -t uagv/v2/AtlasMesh/AGV-00019/state -m 'this is not json'
pub -t uagv/v2/AtlasMesh/AGV-00019/state -m '{}'
pub -t uagv/v2/AtlasMesh/AGV-00019/state -m "$(state_msg AGV-00019 1 55 1 1 | sed 's/"batteryCharge":55.0/"batteryCharge":"full"/')"
pub -t uagv/v1/AtlasMesh/OLD-1/state -m "$(state_msg OLD-1 1 50 1 1)"
pub -t uagv/v2/AtlasMesh/NEW-3/state -m "$(state_msg NEW-3 1 50 1 1 | sed 's/"version": *"[^"]*"/"version":"3.0.0"/')"

# a vehicle that dies: its last will is CONNECTIONBROKEN, retained
will=$(conn_msg AGV-00020 2 CONNECTIONBROKEN)
pub -q 1 -r -t uagv/v2/AtlasMesh/AGV-00020/connection -m "$(conn_msg AGV-00020 1 ONLINE)"
pub -t uagv/v2/AtlasMesh/AGV-00020/state -m "$(state_msg AGV-00020 1 90 2 2)"
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -i agv-00020 -t uagv/v2/AtlasMesh/AGV-00020/order \
	--will-topic uagv/v2/AtlasMesh/AGV-00020/connection --will-payload "$will" \
	--will-qos 1 --will-retain >/dev/null 2>&1 &
agv=$!
sleep 0.7
kill -9 "$agv"
wait "$agv" 2>/dev/null

wait "$fo"
rc=$?
expect_eq "$rc" 0 "feeds watch exit code"
out=$T/out
# the feed
expect_grep "$out" '^mqtt +up ' "feed up"
expect_grep "$out" 'feed mqtt reject json [1-9]' "non-JSON counted as json"
expect_grep "$out" 'feed mqtt reject (missing|type)' "empty object counted"
expect_grep "$out" 'feed mqtt reject type [1-9]' "wrong type counted as type"
expect_grep "$out" 'feed mqtt reject version 2' "v1 topic and 3.0.0 payload refused as version"
expect_grep "$out" 'feed mqtt vehicle AtlasMesh/AGV-00019 3' "rejects by vehicle"
expect_grep "$out" 'feed mqtt vehicle AtlasMesh/OLD-1 1' "other major version by vehicle"
# ... and still shown in the vehicle list, offline, saying why
expect_grep "$out" '^OLD-1 .*offline.*unsupportedProtocolVersion' "other major version shown"
expect_grep "$out" '^NEW-3 .*offline.*unsupportedProtocolVersion' "version 3.0.0 in the payload shown"
# the retained vehicle, seen on connect
expect_grep "$out" 'Battery +73\.5 %' "retained state battery"
expect_grep "$out" 'x 11\.87 m, y 3\.11 m' "retained state position"
# the live one
expect_grep "$out" 'Battery +55\.0 %' "live state battery"
expect_grep "$out" 'x 20\.50 m, y 7\.25 m' "live state position"
# the last will
expect_grep "$out" '^AGV-00020 +AtlasMesh +offline' "last will takes AGV-00020 offline"
expect_grep "$out" '^AGV-00018 +AtlasMesh +driving' "live vehicle listed driving"
# rejects are logged at a bounded rate
expect_grep "$T/fleetops.log" 'mqtt: refused uagv/v1/AtlasMesh/OLD-1/state: version' "reject logged"
finish
