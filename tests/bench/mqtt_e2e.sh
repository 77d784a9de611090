#!/usr/bin/env bash
# mqtt_e2e.sh — end to end through a private mosquitto: the rate fleetops
# sustains (MQTT in, parse, validate, apply to the model) divided by the rate
# mosquitto_sub receives the same stream in the same run.  Target: >= 0.9.
# Prints figures; not part of `make test`.
#
#   BUILD=build tests/bench/mqtt_e2e.sh [MESSAGES] [PUBLISHERS]
#
# Each publisher is one mosquitto_pub -l sending its vehicle's states (the
# reference state, headerIds counting up) as fast as it can; both
# subscribers take every vehicle's state topic.  A rate is messages over the
# time from the first to the last one the subscriber got.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
FO=$BUILD/fleetops
N=${1:-200000}
P=${2:-4}
REF=${FO_VDA_REF:-tests/vda/reference-state.json}
T=$(mktemp -d /tmp/fo-bench.XXXXXX)
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
eval "$(tests/mqtt/broker.sh start)" || exit 1

per=$((N / P))
python3 - "$REF" "$T" "$P" "$per" <<'PY'
import json, sys
src, out, p, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
d = json.load(open(src))
for k in range(p):
    d["serialNumber"] = f"BENCH-{k:03d}"
    with open(f"{out}/pub{k}.txt", "w") as f:
        for i in range(per):
            d["headerId"] = i
            f.write(json.dumps(d, separators=(",", ":")) + "\n")
PY
bytes=$(wc -c <"$T/pub0.txt")
echo "mqtt_e2e: $((per * P)) state messages of $((bytes / per)) bytes from $P publishers"

SECS=${FO_BENCH_SECONDS:-30}
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-bench feeds watch \
	--seconds "$SECS" >"$T/fo.out" 2>"$T/fo.err" &
fo=$!
pids+=("$fo")
for _ in $(seq 1 100); do
	grep -q 'mqtt: subscribed' "$FLEETOPS_LOG_FILE" 2>/dev/null && break
	sleep 0.1
done
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -t 'uagv/v2/+/+/state' -F '%U' >"$T/sub.ts" &
sub=$!
pids+=("$sub")
sleep 0.5

start=$(date +%s.%N)
pubs=()
for k in $(seq 0 $((P - 1))); do
	mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" -t "uagv/v2/AtlasMesh/BENCH-$(printf %03d "$k")/state" \
		-l <"$T/pub$k.txt" &
	pubs+=($!)
done
for p in "${pubs[@]}"; do wait "$p"; done
end=$(date +%s.%N)
# fleetops prints its figures when its --seconds are over
wait "$fo"
kill "$sub" 2>/dev/null
wait "$sub" 2>/dev/null

read -r sub_n sub_span < <(awk 'NR==1{f=$1} {l=$1; n++} END{printf "%d %.6f\n", n, l-f}' "$T/sub.ts")
line=$(grep '^feed mqtt messages' "$T/fo.out")
fo_n=$(echo "$line" | awk '{print $4}')
fo_rej=$(echo "$line" | awk '{print $8}')
fo_span=$(echo "$line" | awk '{print $10}')
awk -v pn="$((per * P))" -v st="$start" -v en="$end" -v sn="$sub_n" -v ss="$sub_span" \
    -v fn="$fo_n" -v fs="$fo_span" -v fr="$fo_rej" 'BEGIN {
	ps = en - st; pr = pn / ps; sr = (ss > 0 ? sn / ss : 0); fr2 = (fs > 0 ? fn / fs : 0)
	printf "publishers:    %d messages in %.3f s = %.0f msg/s\n", pn, ps, pr
	printf "mosquitto_sub: %d messages in %.3f s = %.0f msg/s\n", sn, ss, sr
	printf "fleetops:      %d messages (%d refused) in %.3f s = %.0f msg/s\n", fn, fr, fs, fr2
	printf "mqtt_e2e: fleetops / mosquitto_sub = %.3f (target >= 0.9)\n", (sr > 0 ? fr2 / sr : 0)
}'
grep -E '^feed mqtt reject' "$T/fo.out" | sed 's/^/  /'
