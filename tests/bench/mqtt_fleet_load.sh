#!/usr/bin/env bash
# mqtt_fleet_load.sh — issue 4, benchmark 3: N vehicles (default 10,000) at
# one state and two visualization messages per second each, end to end
# through a private mosquitto: fleetops's CPU (target at most 25% of one
# core) and resident memory per vehicle (target at most 2 KiB).  Prints
# figures; not part of `make test`.
#
#   BUILD=build tests/bench/mqtt_fleet_load.sh [VEHICLES] [SECONDS] [--md FILE]
#
# The load generator is tests/bench/fleet_pub.c (one paho client, QoS 0),
# built here.  fleetops runs `feeds watch`; CPU is utime+stime from
# /proc/PID/stat over a steady window (from second 5 to second SECONDS-5 of
# the load), as a share of one core; memory is VmRSS near the end of the
# load minus VmRSS of the same command with no messages, over VEHICLES.
# With --md FILE the section "## Fleet load over MQTT (issue 4)" of FILE is
# written (replaced when present, appended otherwise).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
FO=$BUILD/fleetops
NV=10000
SECS=30
MD=
pos=()
while [ $# -gt 0 ]; do
	case "$1" in
	--md) MD=$2; shift 2 ;;
	*) pos+=("$1"); shift ;;
	esac
done
[ ${#pos[@]} -ge 1 ] && NV=${pos[0]}
[ ${#pos[@]} -ge 2 ] && SECS=${pos[1]}
[ "$SECS" -ge 15 ] || { echo "mqtt_fleet_load: SECONDS must be at least 15" >&2; exit 2; }
REF=${FO_VDA_REF:-tests/vda/reference-state.json}
[ -x "$FO" ] || { echo "mqtt_fleet_load: $FO is not built (make all)" >&2; exit 2; }
T=$(mktemp -d /tmp/fo-fleetload.XXXXXX)
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

cc -O2 -Wall -Wextra -o "$T/fleet_pub" tests/bench/fleet_pub.c -lpaho-mqtt3c || exit 1
# the reference state as a printf format: %1$u headerId, %2$s serialNumber,
# %3$s timestamp
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
rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status" 2>/dev/null; }
# ticks of the paho threads (MQTTAsync_rcv, MQTTAsync_send) of a process
paho_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '$2 ~ /^\(MQTTAsync/ {t += $14 + $15} END {print t + 0}'; }
hwm_kib() { awk '/^VmHWM:/{print $2}' "/proc/$1/status" 2>/dev/null; }
wait_subscribed() {
	for _ in $(seq 1 100); do
		grep -q 'mqtt: subscribed' "$FLEETOPS_LOG_FILE" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1. baseline: the same command, connected and subscribed, no messages
: >"$FLEETOPS_LOG_FILE"
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-load-idle feeds watch --seconds 8 \
	>"$T/idle.out" 2>"$T/idle.err" &
fo=$!
pids+=("$fo")
wait_subscribed || { echo "mqtt_fleet_load: idle fleetops did not subscribe" >&2; exit 1; }
sleep 5
rss0=$(rss_kib "$fo")
idle_t0=$(cpu_ticks "$fo")
sleep 2
idle_t1=$(cpu_ticks "$fo")
wait "$fo"

# 2. the load
: >"$FLEETOPS_LOG_FILE"
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-load feeds watch --seconds $((SECS + 8)) \
	--then 'vehicle list' >"$T/fo.out" 2>"$T/fo.err" &
fo=$!
pids+=("$fo")
wait_subscribed || { echo "mqtt_fleet_load: fleetops did not subscribe" >&2; exit 1; }
t_fo_start=$(date +%s.%N)
brk=$(cat "$FO_MQTT_DIR/mosquitto.pid")
"$T/fleet_pub" "$FO_MQTT_URL" "$NV" "$SECS" "$T/state.fmt" >"$T/pub.out" 2>"$T/pub.err" &
gen=$!
pids+=("$gen")
# connection messages go out first; the paced load starts at "second 0"
for _ in $(seq 1 600); do
	grep -q '^second 0 ' "$T/pub.out" 2>/dev/null && break
	sleep 0.05
done
sleep 5
w0=$(date +%s.%N)
c0=$(cpu_ticks "$fo"); p0=$(paho_ticks "$fo"); b0=$(cpu_ticks "$brk"); g0=$(cpu_ticks "$gen")
sleep $((SECS - 10))
w1=$(date +%s.%N)
c1=$(cpu_ticks "$fo"); p1=$(paho_ticks "$fo"); b1=$(cpu_ticks "$brk"); g1=$(cpu_ticks "$gen")
sent0=$(awk '/^second /{s=$4} END{print s+0}' "$T/pub.out")
wait "$gen"
sleep 1
rss1=$(rss_kib "$fo")
hwm1=$(hwm_kib "$fo")
wait "$fo"
t_fo_end=$(date +%s.%N)

pubsum=$(grep '^fleet_pub sent' "$T/pub.out")
sent=$(echo "$pubsum" | awk '{print $3}')
rate=$(echo "$pubsum" | awk '{print $8}')
behind=$(awk '/^second /{b=$6} END{print b+0}' "$T/pub.out")
line=$(grep '^feed mqtt messages' "$T/fo.out")
fo_n=$(echo "$line" | awk '{print $4}')
fo_acc=$(echo "$line" | awk '{print $6}')
fo_rej=$(echo "$line" | awk '{print $8}')
nveh=$(grep -v '^feed ' "$T/fo.out" | grep -oE 'LOAD-[0-9]{5}' | sort -u | wc -l)
expect=$((NV + NV * 3 * SECS))

fig=$(awk -v tck="$TCK" -v w0="$w0" -v w1="$w1" -v c0="$c0" -v c1="$c1" -v p0="$p0" -v p1="$p1" -v b0="$b0" -v b1="$b1" \
	-v g0="$g0" -v g1="$g1" -v i0="$idle_t0" -v i1="$idle_t1" -v rss0="$rss0" -v rss1="$rss1" \
	-v hwm="$hwm1" -v nv="$NV" -v rate="$rate" 'BEGIN {
	w = w1 - w0
	fo = (c1 - c0) / tck / w * 100; br = (b1 - b0) / tck / w * 100; ge = (g1 - g0) / tck / w * 100
	pa = (p1 - p0) / tck / w * 100
	idle = (i1 - i0) / tck / 2 * 100
	tgt = 3 * nv
	scaled = (rate > 0 ? fo * tgt / rate : 0)
	per = (rss1 - rss0) * 1024 / nv
	printf "%.1f %.1f %.1f %.1f %.1f %.0f %d %d %d %.1f %.1f\n", fo, br, ge, idle, scaled, per, rss0, rss1, hwm, w, pa
}')
read -r cpu_fo cpu_brk cpu_gen cpu_idle cpu_scaled per_veh rss0 rss1 hwm win cpu_paho <<<"$fig"
target_rate=$((NV * 3))
cpu_verdict=$(awk -v c="$cpu_scaled" 'BEGIN{print (c <= 25 ? "met" : "not met")}')
mem_verdict=$(awk -v m="$per_veh" 'BEGIN{print (m <= 2048 ? "met" : "not met")}')
acc_note=$([ "$fo_acc" = "$expect" ] && [ "$fo_rej" = 0 ] && echo "all accepted" || echo "MISMATCH")

echo "mqtt_fleet_load: $NV vehicles, $SECS s, target $target_rate msg/s (1 state + 2 visualization per vehicle per second)"
printf '| figure | result | target |\n|---|---|---|\n'
table=$(cat <<EOF
| generator rate achieved | $rate msg/s ($sent paced messages after $NV connection messages; $behind behind schedule at the last second) | $target_rate msg/s |
| fleetops CPU, steady ${win} s window | ${cpu_fo}% of one core: paho's receive thread (receive, copy into the loop's queue, wake the loop) ${cpu_paho}%, the rest (loop: parse, validate, apply) $(awk -v a="$cpu_fo" -v b="$cpu_paho" 'BEGIN{printf "%.1f", a - b}')%; idle, subscribed: ${cpu_idle}% | |
| fleetops CPU at the target rate | ${cpu_scaled}% of one core | ≤ 25%: $cpu_verdict |
| mosquitto / generator CPU, same window | ${cpu_brk}% / ${cpu_gen}% | |
| fleetops resident memory | ${rss1} KiB loaded (peak ${hwm}), ${rss0} KiB idle | |
| resident memory per vehicle | $per_veh bytes | ≤ 2 KiB: $mem_verdict |
| fleetops messages | $fo_n of $expect sent: $fo_acc accepted, $fo_rej rejected ($acc_note) | accepted = sent, 0 rejected |
| vehicles in the model (\`vehicle list\`) | $nveh of $NV | $NV |
EOF
)
echo "$table"
grep -E '^feed mqtt reject' "$T/fo.out" | sed 's/^/  /'
[ "$fo_rej" = 0 ] || head -5 "$T/fo.err"

if [ -n "$MD" ]; then
	cpu_model=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
	sec=$(cat <<EOF
## Fleet load over MQTT (issue 4)

Command: \`BUILD=$BUILD tests/bench/mqtt_fleet_load.sh $NV $SECS --md BENCHMARKS.md\`.
Machine: $(nproc) CPUs (nproc), $cpu_model; mosquitto, the generator and fleetops share it.
$NV vehicles \`uagv/v2/AtlasMesh/LOAD-xxxxx\` send a retained connection ONLINE once,
then each second one state (the reference state, own serialNumber, headerId counting) and two
visualization messages (agvPosition, velocity) each, spread evenly, for $SECS s: QoS 0 from one
paho client (\`tests/bench/fleet_pub.c\`) through a private mosquitto 2 on loopback to
\`fleetops --mqtt URL feeds watch\`. CPU is utime+stime of fleetops from /proc/PID/stat over a
steady window (seconds 5 to $((SECS - 5)) of the load) as a share of one core, scaled to the
target rate when the generator fell short; memory per vehicle is VmRSS one second after the load
minus VmRSS of the same command with no messages, over $NV.

| figure | result | target |
|---|---|---|
$table
EOF
)
	python3 - "$MD" "$sec" <<'PY'
import sys, re
path, sec = sys.argv[1], sys.argv[2].rstrip("\n") + "\n"
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
head = "## Fleet load over MQTT (issue 4)"
i = text.find(head + "\n")
if i >= 0:
    m = re.search(r"^## ", text[i + len(head):], re.M)
    j = i + len(head) + m.start() if m else len(text)
    text = text[:i] + sec + ("\n" + text[j:] if m else "")
else:
    text = text.rstrip("\n") + "\n\n" + sec
open(path, "w").write(text)
PY
	echo "mqtt_fleet_load: wrote the section to $MD"
fi
