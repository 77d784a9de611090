#!/usr/bin/env bash
# mqtt_client_cpu.sh — issue 4, fleet load: what an MQTT client costs at
# VEHICLES vehicles (default 10,000) sending one state and two
# visualization messages per second each.  In ONE run, on the same
# generator stream through one private mosquitto, several subscribers
# receive everything (each its own persistent session, the subscriptions
# fleetops makes):
#   fleetops     `fleetops --mqtt URL feeds watch` (paho async, the plugin)
#   paho_async   bare paho-mqtt-c MQTTAsync client, callback counts only
#   paho_async_v5, paho_async_notrace
#                the same over MQTT 5, or after
#                MQTTAsync_setTraceLevel(MQTTASYNC_TRACE_FATAL)
#   paho_sync    bare paho-mqtt-c MQTTClient, our thread calls
#                MQTTClient_receive in a loop
#   fleetops_share_a fleetops_share_b
#                two fleetops workers splitting the stream through one
#                shared subscription group (--mqtt-share-group cpu)
#   libmosquitto bare libmosquitto on a libuv loop (uv_poll on the socket,
#                mosquitto_loop_read/write, loop_misc on a timer); for
#                comparison only, fleetops does not use it
# and prints for each its CPU as a share of one core over a steady window
# (seconds 5 to SECONDS-5 of the load, utime+stime from /proc/PID/stat)
# and the messages it received against those sent; and its CPU time per
# message received over the whole load, with what that comes to at the
# target rate (on a machine busy with other work a starved client falls
# behind, the broker drops QoS 0 messages for it, and its window share
# understates what it needs; the per-message figure does not).  Prints
# figures; not part of `make test`.
#
#   BUILD=build tests/bench/mqtt_client_cpu.sh [VEHICLES] [SECONDS]
#       [--clients "fleetops paho_async paho_sync libmosquitto"] [--md FILE]
#
# Every subscriber adds a copy of the stream to the broker's work; on a
# small machine pass fewer --clients to see one alone.  With --md FILE the
# table is written into FILE's section "## Fleet load over MQTT (issue 4)"
# under the heading "### MQTT client CPU at fleet load" (replaced when
# present).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
FO=$BUILD/fleetops
NV=10000
SECS=30
MD=
CLIENTS="fleetops paho_async paho_sync libmosquitto"
pos=()
while [ $# -gt 0 ]; do
	case "$1" in
	--md) MD=$2; shift 2 ;;
	--clients) CLIENTS=$2; shift 2 ;;
	*) pos+=("$1"); shift ;;
	esac
done
[ ${#pos[@]} -ge 1 ] && NV=${pos[0]}
[ ${#pos[@]} -ge 2 ] && SECS=${pos[1]}
[ "$SECS" -ge 15 ] || { echo "mqtt_client_cpu: SECONDS must be at least 15" >&2; exit 2; }
REF=${FO_VDA_REF:-tests/vda/reference-state.json}
case " $CLIENTS " in *" fleetops "*)
	[ -x "$FO" ] || { echo "mqtt_client_cpu: $FO is not built (make all)" >&2; exit 2; } ;;
esac
T=$(mktemp -d /tmp/fo-clientcpu.XXXXXX)
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME"
export FLEETOPS_LOG_FILE=$T/fleetops.log FLEETOPS_STORE=sqlite:$T/fo.db FO_MQTT_DIR=$T/broker
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	tests/mqtt/broker.sh stop --clean
	rm -rf "$T"
}
trap cleanup EXIT

CC=${CC:-cc}
CFL="-O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra"
$CC -O2 -Wall -Wextra -o "$T/fleet_pub" tests/bench/fleet_pub.c -lpaho-mqtt3c || exit 1
for c in $CLIENTS; do
	case $c in
	fleetops | fleetops_share_a | fleetops_share_b) ;;
	paho_async) $CC $CFL -o "$T/$c" tests/bench/mqtt_bare_paho_async.c -lpaho-mqtt3as || exit 1 ;;
	paho_async_v5) $CC $CFL -DBARE_MQTT5 -o "$T/$c" tests/bench/mqtt_bare_paho_async.c -lpaho-mqtt3as || exit 1 ;;
	paho_async_notrace) $CC $CFL -DBARE_TRACE_FATAL -o "$T/$c" tests/bench/mqtt_bare_paho_async.c -lpaho-mqtt3as || exit 1 ;;
	paho_sync) $CC $CFL -o "$T/$c" tests/bench/mqtt_bare_paho_sync.c -lpaho-mqtt3c || exit 1 ;;
	libmosquitto)
		[ -r /usr/include/mosquitto.h ] || {
			echo "mqtt_client_cpu: libmosquitto-dev is not installed (scripts/deps.sh test)" >&2
			exit 2
		}
		$CC $CFL -o "$T/$c" tests/bench/mqtt_bare_mosq.c -lmosquitto -luv || exit 1 ;;
	*) echo "mqtt_client_cpu: unknown client '$c'" >&2; exit 2 ;;
	esac
done
python3 - "$REF" "$T/state.fmt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["headerId"] = 123456789
d["serialNumber"] = "@SN@"
d["timestamp"] = "@TS@"
s = json.dumps(d, separators=(",", ":")).replace("%", "%%")
s = s.replace("123456789", "%1$u", 1).replace("@SN@", "%2$s").replace("@TS@", "%3$s")
open(sys.argv[2], "w").write(s)
PY
eval "$(tests/mqtt/broker.sh start)" || exit 1
TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
paho_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '$2 ~ /^\(MQTTAsync/ {t += $14 + $15} END {print t + 0}'; }
wait_for() { # file pattern
	for _ in $(seq 1 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "mqtt_client_cpu: timed out waiting for '$2' in $1" >&2
	return 1
}

# long enough to outlive a generator that falls a little behind
run_for=$((SECS + 20))
declare -A pid
for c in $CLIENTS; do
	case $c in
	fleetops | fleetops_share_a | fleetops_share_b)
		share=()
		[ "$c" != fleetops ] && share=(--mqtt-share-group cpu)
		FLEETOPS_LOG_FILE=$T/$c.log FLEETOPS_STORE=sqlite:$T/$c.db \
			"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "cpu-$c" "${share[@]}" \
			feeds watch --seconds "$run_for" >"$T/$c.out" 2>"$T/$c.err" &
		pid[$c]=$!
		wait_for "$T/$c.log" 'mqtt: subscribed' || exit 1 ;;
	libmosquitto)
		"$T/$c" 127.0.0.1 "$FO_MQTT_PORT" "cpu-$c" "$run_for" >"$T/$c.out" 2>"$T/$c.err" &
		pid[$c]=$!
		wait_for "$T/$c.out" '^subscribed' || exit 1 ;;
	*)
		"$T/$c" "$FO_MQTT_URL" "cpu-$c" "$run_for" >"$T/$c.out" 2>"$T/$c.err" &
		pid[$c]=$!
		wait_for "$T/$c.out" '^subscribed' || exit 1 ;;
	esac
	pids+=("${pid[$c]}")
done
brk=$(cat "$FO_MQTT_DIR/mosquitto.pid")
declare -A s0 s1
for c in $CLIENTS; do s0[$c]=$(cpu_ticks "${pid[$c]}"); done
"$T/fleet_pub" "$FO_MQTT_URL" "$NV" "$SECS" "$T/state.fmt" >"$T/pub.out" 2>"$T/pub.err" &
gen=$!
pids+=("$gen")
for _ in $(seq 1 600); do
	grep -q '^second 0 ' "$T/pub.out" 2>/dev/null && break
	sleep 0.05
done
sleep 5
declare -A c0 c1
w0=$(date +%s.%N)
busy0=$(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat)
for c in $CLIENTS; do c0[$c]=$(cpu_ticks "${pid[$c]}"); done
b0=$(cpu_ticks "$brk"); g0=$(cpu_ticks "$gen")
[ -n "${pid[fleetops]:-}" ] && p0=$(paho_ticks "${pid[fleetops]}")
sleep $((SECS - 10))
w1=$(date +%s.%N)
busy1=$(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat)
for c in $CLIENTS; do c1[$c]=$(cpu_ticks "${pid[$c]}"); done
b1=$(cpu_ticks "$brk"); g1=$(cpu_ticks "$gen")
[ -n "${pid[fleetops]:-}" ] && p1=$(paho_ticks "${pid[fleetops]}")
wait "$gen"
sleep 1
for c in $CLIENTS; do s1[$c]=$(cpu_ticks "${pid[$c]}"); done
for c in $CLIENTS; do wait "${pid[$c]}"; done

# CPU per message received over the whole load (connection messages
# included), and what that makes at the target rate: robust to a generator
# that fell short or a client that lost messages on a busy machine
# (a worker of a shared group sees its share: FRACTION of the target rate)
per_msg() { awk -v a="$1" -v b="$2" -v n="$3" -v t="$TCK" -v r="$((NV * 3))" -v f="${4:-1}" 'BEGIN{
	if (n <= 0 || a == "" || b == "") { print "? (client gone) | ?"; exit }
	us = (b - a) / t * 1e6 / n; printf "%.1f | %.1f", us, us * r * f / 1e4 }'; }
pct() { awk -v a="$1" -v b="$2" -v t="$TCK" -v w0="$w0" -v w1="$w1" 'BEGIN{printf "%.1f", (b - a) / t / (w1 - w0) * 100}'; }
pubsum=$(grep '^fleet_pub sent' "$T/pub.out")
sent=$(echo "$pubsum" | awk '{print $3}')
rate=$(echo "$pubsum" | awk '{print $8}')
expect=$((NV + NV * 3 * SECS))
win=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.1f", b - a}')
echo "mqtt_client_cpu: $NV vehicles, $SECS s, generator $rate msg/s ($sent paced + $NV connection messages = $expect sent); window ${win} s"
table=$(
	printf '| client | CPU, %% of one core (window) | messages received of %s sent | CPU µs per message (whole load) | at %s msg/s, %% of one core |\n|---|---|---|---|---|\n' "$expect" "$((NV * 3))"
	for c in $CLIENTS; do
		if [ "$c" = fleetops ]; then
			n=$(awk '/^feed mqtt messages/{print $4}' "$T/$c.out")
			acc=$(awk '/^feed mqtt messages/{print $6}' "$T/$c.out")
			cp=$(pct "${c0[$c]}" "${c1[$c]}")
			pa=$(pct "$p0" "$p1")
			note="fleetops (plugin: paho async + hand-off + parse, validate, apply): paho's threads ${pa}%"
			echo "| $note | $cp | $n (accepted $acc) | $(per_msg "${s0[$c]}" "${s1[$c]}" "$n") |"
		elif [ "${c#fleetops_share_}" != "$c" ]; then
			n=$(awk '/^feed mqtt messages/{print $4}' "$T/$c.out")
			acc=$(awk '/^feed mqtt messages/{print $6}' "$T/$c.out")
			echo "| fleetops worker ${c#fleetops_share_} of 2 in shared subscription group \`cpu\` (\`--mqtt-share-group\`) | $(pct "${c0[$c]}" "${c1[$c]}") | $n (accepted $acc) | $(per_msg "${s0[$c]}" "${s1[$c]}" "$n" 0.5) (its half) |"
		else
			n=$(awk '/^received/{print $2}' "$T/$c.out")
			case $c in
			paho_async) note="bare paho-mqtt-c MQTTAsync, callback counts" ;;
			paho_async_v5) note="the same over MQTT 5" ;;
			paho_async_notrace) note="the same after MQTTAsync_setTraceLevel(MQTTASYNC_TRACE_FATAL)" ;;
			paho_sync) note="bare paho-mqtt-c MQTTClient_receive loop in our thread" ;;
			libmosquitto) note="bare libmosquitto on libuv (comparison only)" ;;
			esac
			echo "| $note | $(pct "${c0[$c]}" "${c1[$c]}") | ${n:-?} | $(per_msg "${s0[$c]}" "${s1[$c]}" "${n:-0}") |"
		fi
	done
	echo "| mosquitto broker (all subscribers) / generator | $(pct "$b0" "$b1") / $(pct "$g0" "$g1") | | | |"
	echo "| whole machine, all processes (of $(nproc) cores) | $(pct "$busy0" "$busy1") | | | |"
)
echo "$table"
for c in $CLIENTS; do [ -s "$T/$c.err" ] && { echo "-- $c stderr:"; head -3 "$T/$c.err"; }; done

if [ -n "$MD" ]; then
	cpu_model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
	sub=$(cat <<EOF
### MQTT client CPU at fleet load

Command: \`BUILD=$BUILD tests/bench/mqtt_client_cpu.sh $NV $SECS --clients "$CLIENTS"\`.
Machine: $(nproc) CPUs (nproc), $cpu_model; broker, generator and all clients share it.
One run, one generator stream ($rate msg/s, the load above), every client subscribed at the
same time with its own persistent session; CPU over the steady ${win} s window.

$table
EOF
)
	python3 - "$MD" "$sub" <<'PY'
import sys, re
path, sub = sys.argv[1], sys.argv[2].rstrip("\n") + "\n"
text = open(path).read()
sec = "## Fleet load over MQTT (issue 4)"
head = "### MQTT client CPU at fleet load"
i = text.find(sec + "\n")
if i < 0:
    sys.exit("no section '%s' in %s" % (sec, path))
m = re.search(r"^## ", text[i + len(sec):], re.M)
end = i + len(sec) + m.start() if m else len(text)
body = text[i:end]
j = body.find(head + "\n")
if j >= 0:
    mm = re.search(r"^##", body[j + len(head):], re.M)
    k = j + len(head) + mm.start() if mm else len(body)
    body = body[:j] + sub + ("\n" + body[k:] if mm else "")
else:
    body = body.rstrip("\n") + "\n\n" + sub + ("\n" if m else "")
open(path, "w").write(text[:i] + body + text[end:])
PY
	echo "mqtt_client_cpu: wrote the table to $MD"
fi
