#!/usr/bin/env bash
# Two long-running processes of one user on one host, neither naming a
# client id: each gets its own (fleetops-HOST-USER, then -2), so neither
# takes the broker session of the other; a process started after the first
# ended gets the first id back, with its session.
. "$(dirname "$0")/lib.bash"
broker_start
export XDG_RUNTIME_DIR=$T/run # the id locks, private to this test
mkdir -p "$XDG_RUNTIME_DIR"

# wait_in FILE ERE SECONDS
wait_in() {
	for _ in $(seq 1 $(($3 * 10))); do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

watch() { # LOG SECONDS
	FLEETOPS_LOG_FILE=$1 "$FO" --mqtt "$FO_MQTT_URL" feeds watch --seconds "$2" \
		>/dev/null 2>&1 &
	bg_pids+=($!)
}

watch "$T/a.log" 8
wait_in "$T/a.log" 'mqtt: connected' 10 || bad "the first process connects"
watch "$T/b.log" 6
wait_in "$T/b.log" 'mqtt: connected' 10 || bad "the second process connects"
sleep 3 # a takeover would show as a lost connection within this time
base=$(sed -n 's/.*mqtt: connected to .* as \(fleetops-[A-Za-z0-9_-]*\) (session.*/\1/p' "$T/a.log" | head -1)
second=$(sed -n 's/.*mqtt: connected to .* as \(fleetops-[A-Za-z0-9_-]*\) (session.*/\1/p' "$T/b.log" | head -1)
[ -n "$base" ] && ok || bad "the first id is fleetops-HOST-USER: $(grep connected "$T/a.log")"
expect_eq "$second" "$base-2" "the second process takes the next id"
expect_nogrep "$T/a.log" 'connection lost' "the first keeps its connection"
expect_nogrep "$T/b.log" 'connection lost' "the second keeps its connection"
wait
watch "$T/c.log" 2
wait_in "$T/c.log" 'mqtt: connected' 10 || bad "a later process connects"
expect_grep "$T/c.log" "as $base \(session resumed\)" "a later process gets the first id back, and its session"
wait

# a named id is used as given
FLEETOPS_LOG_FILE=$T/d.log "$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-named feeds watch \
	--seconds 1 >/dev/null 2>&1
expect_grep "$T/d.log" 'as fo-named \(session' "--mqtt-client-id is used as given"

echo "$NAME: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
