# Shared set-up of the mission tests: the feed tests' helpers (private
# dirs, a private mosquitto, checks), simulated AGVs on the broker, and the
# start nodes of those AGVs (where each stands before any mission).
. "$(dirname "${BASH_SOURCE[0]}")/../mqtt/lib.bash"

# sim_start N: N simulated AGVs on the broker, states every 2 s.
sim_start() {
	"$FO" sim --mqtt "$FO_MQTT_URL" --vehicles "$1" --rate 2 --state-interval 2 \
		--seconds 900 >"$T/sim.out" 2>&1 &
	bg_pids+=("$!")
}

# start_nodes N: "VEHICLE NODE X Y" per line, once every AGV has reported.
start_nodes() {
	local n=$1 i
	for i in $(seq 20); do
		"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-nodes-$$" feeds watch --seconds 3 \
			--then 'vehicle list' >"$T/vlist" 2>/dev/null
		awk '$1 ~ /^AGV-/ && $0 ~ / N-[0-9]+|ST-|PK-|CH-/' "$T/vlist" >/dev/null
		if [ "$(grep -cE '^AGV-[0-9]+ ' "$T/vlist")" -ge "$n" ]; then
			break
		fi
	done
	python3 - "$T/vlist" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    f = line.split()
    if not f or not re.match(r"AGV-\d+$", f[0]):
        continue
    pos = next((x for x in f if re.match(r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$", x)), None)
    node = next((x for x in f if re.match(r"^(N|ST|PK|CH)-\d{5}$", x)), None)
    if pos and node:
        x, y = pos.split(",")
        print(f[0], node, x, y)
PY
}

# nearest_other FILE VEHICLE: the start node nearest to VEHICLE's own,
# another vehicle's, so a mission is a short drive.
nearest_other() {
	python3 - "$1" "$2" <<'PY'
import math, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
me = next(r for r in rows if r[0] == sys.argv[2])
others = [r for r in rows if r[0] != me[0] and r[1] != me[1]]
best = min(others, key=lambda r: math.hypot(float(r[2]) - float(me[2]), float(r[3]) - float(me[3])))
print(best[1])
PY
}

# tracker_start NAME: a process that dispatches and follows missions.
tracker_start() {
	"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id "fo-track-$1-$$" mission wait --timeout 600 \
		>"$T/track-$1.out" 2>"$T/track-$1.err" &
	tracker=$!
	bg_pids+=("$tracker")
}

# mission_state ID
mission_state() {
	"$FO" mission list | awk -v id="$1" '$1 == id { print $2 }'
}

# wait_state ID STATE SECONDS
wait_state() {
	local i
	for i in $(seq $(($3 * 5))); do
		[ "$(mission_state "$1")" = "$2" ] && return 0
		sleep 0.2
	done
	return 1
}

# closest_check STATES OUT: from the AGVs' own state messages (mosquitto_sub
# -v lines), the closest two came to each other at about the same moment
# (states of two AGVs at most 0.25 s apart); OUT gets "closest D A B at T"
# and "apart True|False" (never closer than 2 m).
closest_check() {
	python3 - "$1" <<'PY' >"$2"
import json, math, sys
from datetime import datetime
last, worst = {}, (1e9, None)
for line in open(sys.argv[1]):
    try:
        s = json.loads(line.partition(" ")[2])
    except ValueError:
        continue
    p = s.get("agvPosition")
    if not p:
        continue
    t = datetime.strptime(s["timestamp"].replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
    me = s["serialNumber"]
    last[me] = (t, p["x"], p["y"])
    for other, (to, xo, yo) in last.items():
        if other != me and abs(to - t) <= 0.25:
            d = math.hypot(p["x"] - xo, p["y"] - yo)
            if d < worst[0]:
                worst = (d, f"{me} {other} at {s['timestamp']}")
print("closest %.2f" % worst[0], worst[1])
print("apart", worst[0] >= 2.0)
PY
}

# orders_valid ORDERS OUT: every order (mosquitto_sub -v lines) against the
# official 2.1.0 order schema; OUT gets "orders N invalid M".
orders_valid() {
	python3 - "$1" "$FO_VDA_SCHEMAS" <<'PY' >"$2"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[2] + "/order.schema"))
n = bad = 0
for line in open(sys.argv[1]):
    n += 1
    try:
        jsonschema.validate(json.loads(line.partition(" ")[2]), schema)
    except jsonschema.ValidationError:
        bad += 1
print("orders", n, "invalid", bad)
PY
}
