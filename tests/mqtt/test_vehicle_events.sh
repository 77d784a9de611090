#!/usr/bin/env bash
# The core's vehicle events from real VDA 5050 vehicles on a broker: a
# scripted vehicle (mosquitto_pub, one message at a time) goes through every
# kind of event — connection offline/online/broken, an error raised and
# cleared, e-stop with field violation set and released, operating mode,
# battery below and back above a threshold, an order done, one failed on a
# FATAL error and one cancelled — and simagv's vehicles (`fleetops sim
# --mqtt`) go OFFLINE, while `fleetops serve` runs with a Lua handler
# (fleetops.on) and the Redis relay.  Both must receive each event with its
# fields, and nothing for a vehicle's baseline.
. "$(dirname "$0")/lib.bash"
command -v redis-server >/dev/null && command -v redis-cli >/dev/null || {
	echo "$NAME: redis-server and redis-cli are needed (scripts/deps.sh test)"
	echo "$NAME: 0 passed, 1 failed"
	exit 1
}
broker_start
RD=$T/redis
envs=$("$HERE/../redis/server.sh" start "$RD" 2>&1) || {
	echo "$NAME: cannot start redis-server: $envs"
	echo "$NAME: 0 passed, 1 failed"
	exit 1
}
eval "$envs"
trap '"$HERE/../redis/server.sh" stop "$RD" >/dev/null 2>&1; cleanup' EXIT
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

SER=EVT-0001
TOP=uagv/v2/Acme/$SER
hid_state=0
hid_conn=0

conn() { # conn STATE [mosquitto_pub flags]
	local st=$1
	shift
	hid_conn=$((hid_conn + 1))
	pub -q 1 "$@" -t "$TOP/connection" -m "$(printf '{"headerId":%d,"timestamp":"2026-12-05T08:00:00.000Z","version":"2.1.0","manufacturer":"Acme","serialNumber":"%s","connectionState":"%s"}' \
		"$hid_conn" "$SER" "$st")"
}

# state ORDER UPDATE NODES_LEFT DRIVING BATTERY MODE ESTOP FIELD ERRORS ACTIONS
# (ERRORS and ACTIONS: the bodies of the JSON arrays)
state() {
	local nodes="" i
	for ((i = 1; i <= $3; i++)); do
		nodes="$nodes${nodes:+,}{\"nodeId\":\"N$i\",\"sequenceId\":$((2 * i)),\"released\":true}"
	done
	hid_state=$((hid_state + 1))
	pub -q 1 -t "$TOP/state" -m "{\"headerId\":$hid_state,\"timestamp\":\"2026-12-05T08:00:00.000Z\",\"version\":\"2.1.0\",\"manufacturer\":\"Acme\",\"serialNumber\":\"$SER\",\"orderId\":\"$1\",\"orderUpdateId\":$2,\"lastNodeId\":\"N0\",\"lastNodeSequenceId\":0,\"driving\":$4,\"operatingMode\":\"$6\",\"nodeStates\":[$nodes],\"edgeStates\":[],\"actionStates\":[${10}],\"batteryState\":{\"batteryCharge\":$5,\"charging\":false},\"errors\":[$9],\"safetyState\":{\"eStop\":\"$7\",\"fieldViolation\":$8}}"
}
WARN='{"errorType":"pathBlocked","errorLevel":"WARNING","errorDescription":"obstacle ahead"}'
FATAL='{"errorType":"wheelSlip","errorLevel":"FATAL","errorDescription":"wheels slipping"}'
CANCEL='{"actionId":"cancel-1","actionType":"cancelOrder","actionStatus":"FINISHED"}'

# the Lua handler: one log line per vehicle event, every field it has
mkdir -p "$XDG_CONFIG_HOME/fleetops/scripts"
cat >"$XDG_CONFIG_HOME/fleetops/scripts/events.lua" <<'LUA'
local keys = {"online", "state", "previous", "raised", "error_type", "description", "level",
              "estop", "field_violation", "active", "mode", "threshold", "battery", "below",
              "order", "order_update", "load", "reason", "detail"}
fleetops.on("*", function(e)
  if e.topic:sub(1, 8) ~= "vehicle." then return end
  local parts = {"EV", e.topic, e.vehicle}
  for _, k in ipairs(keys) do
    if e[k] ~= nil then parts[#parts + 1] = k .. "=" .. tostring(e[k]) end
  end
  fleetops.log(table.concat(parts, " "))
end)
local ready = false
fleetops.every(0.1, function()
  if not ready and fleetops.vehicle("EVT-0001") then
    ready = true
    fleetops.log("READY")
  end
end)
LUA

# the vehicle was online before fleetops started (a retained connection)
conn ONLINE -r
"$FO" --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-test-vev --redis "$REDIS_URL" \
	--redis-prefix vev --log-file - serve >"$T/out" 2>"$T/err" &
pid=$!
bg_pids+=($pid)
for _ in $(seq 100); do grep -q "script events: READY" "$T/err" && break; sleep 0.1; done
expect_grep "$T/err" "script events: READY" "fleetops serve sees the vehicle"

step() { "$@" && sleep 0.25; }
# baseline: what the first state shows raises nothing
step state "" 0 0 false 50 AUTOMATIC NONE false "" ""
step conn OFFLINE
step conn ONLINE
step state "" 0 0 false 50 AUTOMATIC NONE false "$WARN" ""
step state "" 0 0 false 50 AUTOMATIC NONE false "" ""
step state "" 0 0 false 50 AUTOMATIC AUTOACK true "" ""
step state "" 0 0 false 50 AUTOMATIC NONE false "" ""
step state "" 0 0 false 50 MANUAL NONE false "" ""
step state "" 0 0 false 50 AUTOMATIC NONE false "" ""
step state "" 0 0 false 15 AUTOMATIC NONE false "" ""
step state "" 0 0 false 30 AUTOMATIC NONE false "" ""
step state order-1 0 2 true 30 AUTOMATIC NONE false "" ""
step state order-1 0 0 false 30 AUTOMATIC NONE false "" ""
step state order-2 0 3 true 30 AUTOMATIC NONE false "" ""
step state order-2 0 3 false 30 AUTOMATIC NONE false "$FATAL" ""
step state order-3 0 3 true 30 AUTOMATIC NONE false "" ""
step state order-3 0 0 false 30 AUTOMATIC NONE false "" "$CANCEL"
step conn CONNECTIONBROKEN

# simagv: vehicles simulated on the same broker; a clean stop says OFFLINE
"$FO" --log-file "$T/simagv.log" sim --mqtt "$FO_MQTT_URL" --vehicles 3 --seconds 3 \
	>"$T/simagv.out" 2>&1
expect_eq "$?" 0 "fleetops sim --mqtt runs 3 vehicles and stops"

want=16 # events of $SER, below
for _ in $(seq 50); do
	[ "$(grep -c "script events: EV vehicle\.[a-z_]* $SER " "$T/err")" -ge $want ] &&
		[ "$(grep -c 'script events: EV vehicle.connection .*state=OFFLINE previous=ONLINE' \
			"$T/err")" -ge 4 ] && [ "$(rcli XLEN vev:events)" -ge $((want + 3)) ] && break
	sleep 0.1
done
sleep 0.5 # nothing more may come
kill -TERM "$pid"
wait "$pid"
expect_eq "$?" 0 "serve stops with exit 0"
expect_nogrep "$T/err" "Sanitizer|runtime error" "nothing from a sanitizer"

cat >"$T/want" <<EOF
vehicle.connection $SER online=false state=OFFLINE previous=ONLINE
vehicle.connection $SER online=true state=ONLINE previous=OFFLINE
vehicle.error $SER raised=true error_type=pathBlocked description=obstacle ahead level=WARNING
vehicle.error $SER raised=false error_type=pathBlocked description=obstacle ahead level=WARNING
vehicle.estop $SER estop=AUTOACK field_violation=true active=true
vehicle.estop $SER estop=NONE field_violation=false active=false
vehicle.mode $SER mode=MANUAL previous=AUTOMATIC
vehicle.mode $SER mode=AUTOMATIC previous=MANUAL
vehicle.battery $SER threshold=20.0 battery=15.0 below=true
vehicle.battery $SER threshold=20.0 battery=30.0 below=false
vehicle.order_done $SER order=order-1 order_update=0 load=
vehicle.error $SER raised=true error_type=wheelSlip description=wheels slipping level=FATAL
vehicle.order_failed $SER order=order-2 order_update=0 load= reason=error detail=wheelSlip
vehicle.error $SER raised=false error_type=wheelSlip description=wheels slipping level=FATAL
vehicle.order_failed $SER order=order-3 order_update=0 load= reason=cancelled detail=
vehicle.connection $SER online=false state=CONNECTIONBROKEN previous=ONLINE
EOF

# what the handler logged, and the stream's entries, as lines like those
grep -o 'script events: EV .*' "$T/err" | sed 's/^script events: EV //' >"$T/lua"
rcli --raw XRANGE vev:events - + >"$T/xrange"
python3 - "$T/xrange" >"$T/redis.events" <<'PY'
import re, sys
entries, cur = [], None
lines = open(sys.argv[1]).read().split("\n")
i = 0
while i < len(lines):
    if re.fullmatch(r"\d+-\d+", lines[i]):
        cur = {}
        entries.append(cur)
        i += 1
        continue
    if cur is not None and i + 1 < len(lines):
        cur[lines[i]] = lines[i + 1]
    i += 2
for e in entries:
    if not e.get("type", "").startswith("vehicle."):
        continue
    rest = " ".join(f"{k}={v}" for k, v in e.items() if k not in ("type", "time", "vehicle"))
    print(f"{e['type']} {e.get('vehicle', '')} {rest}")
PY

# the same events in the same order, each with every field wanted (more
# are allowed)
compare() { # compare GOT WHAT
	python3 - "$1" "$T/want" >"$T/diff" <<'PY'
import re, sys
def parse(path):
    out = []
    for line in open(path):
        line = line.rstrip("\n")
        topic, veh, rest = (line.split(" ", 2) + ["", ""])[:3]
        fields = dict(re.findall(r"([a-z_]+)=(.*?)(?= [a-z_]+=|$)", rest))
        out.append((topic, veh, fields))
    return out
got, want = parse(sys.argv[1]), parse(sys.argv[2])
bad = 0
for i, w in enumerate(want):
    g = got[i] if i < len(got) else None
    if g is None or g[0] != w[0] or g[1] != w[1] or any(g[2].get(k) != v for k, v in w[2].items()):
        print(f"event {i + 1}: want {w}\n         got  {g}")
        bad += 1
if len(got) != len(want):
    print(f"{len(got)} events, expected {len(want)}")
    bad += 1
print("OK" if not bad else "MISMATCH")
PY
	if grep -qx OK "$T/diff"; then ok; else
		bad "$2:"
		sed 's/^/    /' "$T/diff"
	fi
}
# the simagv vehicles: each went OFFLINE (after a baseline ONLINE)
for f in "$T/lua" "$T/redis.events"; do
	n=$(grep -v " $SER " "$f" | grep -c '^vehicle.connection .*state=OFFLINE')
	expect_eq "$n" 3 "$(basename "$f"): the 3 simagv vehicles' OFFLINE"
	grep -v " $SER " "$f" >"$f.simagv"
	grep " $SER " "$f" >"$f.$SER"
done
compare "$T/lua.$SER" "the Lua handler gets each event with its fields"
compare "$T/redis.events.$SER" "the Redis stream gets each event with its fields"
finish
