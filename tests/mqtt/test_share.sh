#!/usr/bin/env bash
# Shared subscriptions: two workers in one group ($share/GROUP/...) split
# the vehicle stream between them — every message reaches exactly one.
. "$(dirname "$0")/lib.bash"
broker_start
# 40 vehicles, 5 states each, made before the workers start
python3 - "$FO_VDA_REF" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for v in range(1, 41):
    d["serialNumber"] = f"SH-{v:02d}"
    with open(f"{sys.argv[2]}/v{v:02d}", "w") as f:
        for h in range(1, 6):
            d["headerId"] = h
            f.write(json.dumps(d, separators=(",", ":")) + "\n")
PY

for w in 1 2; do
	"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-test-share-$w" --mqtt-share-group workers \
		feeds watch --seconds 5 >"$T/out$w" 2>"$T/err$w" &
	bg_pids+=($!)
	eval "fo$w=\$!"
done
for _ in $(seq 1 50); do
	n=$(grep -c 'mqtt: subscribed' "$FLEETOPS_LOG_FILE" 2>/dev/null)
	[ "${n:-0}" -ge 2 ] && break
	sleep 0.1
done
expect_grep "$FLEETOPS_LOG_FILE" 'in shared group workers' "subscribed in the group"
pubs=()
for v in $(seq -w 1 40); do
	pub -t "uagv/v2/AtlasMesh/SH-$v/state" -l <"$T/v$v" &
	pubs+=($!)
done
for p in "${pubs[@]}"; do wait "$p"; done
wait "$fo1"
wait "$fo2"
n1=$(awk '/^feed mqtt messages/ {print $4}' "$T/out1")
n2=$(awk '/^feed mqtt messages/ {print $4}' "$T/out2")
expect_eq "$((${n1:-0} + ${n2:-0}))" 200 "every message reached one worker"
[ "${n1:-0}" -gt 0 ] && [ "${n2:-0}" -gt 0 ] && ok || bad "both workers got a share ($n1, $n2)"
finish
