#!/usr/bin/env bash
# The broker restarts in mid-stream: fleetops keeps running, reconnects
# with back-off, ingests again; an instant action issued while the broker
# is down is refused and never sent later.
. "$(dirname "$0")/lib.bash"
broker_start

# wait_log PATTERN COUNT SECONDS: until the log has COUNT matching lines
wait_log() {
	for _ in $(seq 1 $(($3 * 10))); do
		n=$(grep -cE -- "$1" "$FLEETOPS_LOG_FILE" 2>/dev/null)
		[ "${n:-0}" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

pub -r -q 1 -t uagv/v2/AtlasMesh/R-1/connection -m "$(conn_msg R-1 1 ONLINE)"
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-restart feeds watch --seconds 22 \
	--at 5 --do 'vehicle action R-1 startPause' \
	--then 'vehicle show R-1; vehicle action R-1 stopPause' >"$T/out" 2>"$T/err" &
fo=$!
bg_pids+=("$fo")
wait_log 'mqtt: connected' 1 10 || bad "first connection"
pub -t uagv/v2/AtlasMesh/R-1/state -m "$(state_msg R-1 1 60 1 1)"
sleep 1.5
"$HERE/broker.sh" stop
wait_log 'mqtt: .*(connection lost|cannot connect)' 1 10 || bad "loss noticed"
sleep 5 # the --do action runs at 5 s, while the broker is away
"$HERE/broker.sh" restart
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t uagv/v2/AtlasMesh/R-1/instantActions \
	>"$T/sub" 2>&1 &
bg_pids+=($!)
wait_log 'mqtt: connected' 2 35 || bad "reconnected within the back-off"
kill -0 "$fo" 2>/dev/null && ok || bad "fleetops kept running"
pub -t uagv/v2/AtlasMesh/R-1/state -m "$(state_msg R-1 2 42 5 6)"
wait "$fo"
rc=$?
sleep 0.5

expect_eq "$rc" 1 "exit code (the action during the outage failed)"
expect_grep "$T/out" 'error: vehicle action: refused: the broker .* is not connected' "refused while down"
expect_grep "$T/out" '^mqtt +up ' "up again at the end"
expect_grep "$T/out" 'Battery +42\.0 %' "state after the restart ingested"
expect_grep "$T/out" 'vehicle action: published uagv/v2/AtlasMesh/R-1/instantActions headerId 0' "the refused action took no headerId"
expect_eq "$(grep -c instantActions "$T/sub")" 1 "one action reached the broker"
expect_nogrep "$T/sub" 'startPause' "the refused action is never sent"
expect_grep "$FLEETOPS_LOG_FILE" 'mqtt: retrying .* in [0-9]+ s' "back-off logged"
finish
