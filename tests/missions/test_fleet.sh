#!/usr/bin/env bash
# 50 missions with dependencies across 20 simulated AGVs on a real broker:
# every one completes, dependencies hold (a dependent starts after its
# prerequisite finished), metrics are stored, every order and instant action
# fleetops published is valid against the official 2.1.0 schemas, and a
# restart of the tracking process in mid-run loses nothing.
. "$(dirname "$0")/lib.bash"
broker_start
sim_start 20
# everything fleetops publishes to the vehicles
mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -v -t 'uagv/v2/+/+/order' \
	-t 'uagv/v2/+/+/instantActions' >"$T/published" 2>/dev/null &
bg_pids+=("$!")

start_nodes 20 >"$T/nodes"
expect_eq "$(wc -l <"$T/nodes")" 20 "every AGV reported its start node"

cat >"$T/shuttle.json" <<'JSON'
{"name": "shuttle", "priority": 10, "expected_duration_s": 30,
 "deadline_policy": {"deadline_s": 600, "grace_s": 60, "on_miss": "warn"},
 "steps": [{"node": "$to", "actions": [{"type": "drop", "blocking": "HARD",
            "parameters": {"stationType": "floor", "height": 0.0}}],
            "edge": {"max_speed": 1.5,
                     "actions": [{"type": "detectObject", "blocking": "NONE"}]}}]}
JSON
"$FO" template import "$T/shuttle.json" >"$T/import" 2>&1
expect_grep "$T/import" '^template shuttle version 1' "template imported"

# per vehicle: there (m1), back (m2, after m1); then 10 more on any
# vehicle, each after two others
declare -A m1 m2 home near
while read -r v node x y; do
	home[$v]=$node
	near[$v]=$(nearest_other "$T/nodes" "$v")
done <"$T/nodes"
vehicles=("${!home[@]}")
for v in "${vehicles[@]}"; do
	m1[$v]=$("$FO" mission start --vehicle "$v" shuttle "to=${near[$v]}" | awk '{print $2}')
	m2[$v]=$("$FO" mission start --vehicle "$v" --after "${m1[$v]}" shuttle "to=${home[$v]}" |
		awk '{print $2}')
done
any=()
for i in $(seq 0 9); do
	a=${vehicles[$i]} b=${vehicles[$((i + 10))]}
	any+=("$("$FO" mission start --after "${m2[$a]},${m2[$b]}" shuttle "to=${near[$a]}" |
		awk '{print $2}')")
done
"$FO" mission list >"$T/list0"
expect_eq "$(grep -cE ' (queued|waiting) ' "$T/list0")" 50 "50 missions queued or waiting"
expect_eq "$(grep -c ' waiting ' "$T/list0")" 30 "30 wait for prerequisites"

# a cycle is refused and named
"$FO" mission depend "${m1[${vehicles[0]}]}" "${m2[${vehicles[0]}]}" >"$T/cycle" 2>&1
expect_eq "$?" 1 "a cycle is refused"
expect_grep "$T/cycle" "a cycle: ${m1[${vehicles[0]}]} -> ${m2[${vehicles[0]}]} -> ${m1[${vehicles[0]}]}" "the cycle named"

tracker_start one
# in mid-run: kill -9 the tracker, start another: nothing is lost
for i in $(seq 100); do
	[ "$("$FO" mission list --state completed | grep -c completed)" -ge 10 ] && break
	sleep 0.3
done
kill -9 "$tracker" 2>/dev/null
wait "$tracker" 2>/dev/null
"$FO" mission list >"$T/list-mid"
done_mid=$(grep -c ' completed ' "$T/list-mid")
echo "  (tracker killed with $done_mid completed)"
tracker_start two
wait "$tracker"
rc=$?
expect_eq "$rc" 0 "mission wait: every mission completed"
"$FO" mission list --state completed >"$T/done"
expect_eq "$(grep -c ' completed ' "$T/done")" 50 "50 missions completed"

# dependencies held: a dependent was dispatched after its prerequisite ended
"$FO" db list missions.missions >"$T/rows"
"$FO" db list missions.dependencies >"$T/deps"
"$FO" db list missions.metrics >"$T/metrics"
python3 - "$T/rows" "$T/deps" "$T/metrics" >"$T/check" <<'PY'
import csv, sys
def rows(path):
    with open(path) as f:
        r = csv.reader(f, delimiter="\t")
        head = next(r)
        return [dict(zip(head, x)) for x in r]
ms = {m["id"]: m for m in rows(sys.argv[1])}
bad = 0
for d in rows(sys.argv[2]):
    a, b = ms[d["mission_id"]], ms[d["depends_on_id"]]
    if not a["started_at"] or not b["finished_at"] or a["started_at"] < b["finished_at"]:
        bad += 1
print("order violations", bad)
met = rows(sys.argv[3])
print("metrics", len(met))
print("with duration", sum(1 for m in met if m["duration_s"] and float(m["duration_s"]) > 0))
print("distance recorded", sum(1 for m in met if m["distance_m"] != ""))
# the 40 pinned missions drive between two different nodes; one of the 10 on
# any vehicle may go to the node its chosen vehicle already stands on
print("moved", sum(1 for m in met if m["distance_m"] and float(m["distance_m"]) > 0) >= 40)
print("on time", sum(1 for m in met if m["on_time"] in ("1", "true", "t")))
PY
expect_grep "$T/check" '^order violations 0$' "no mission started before its prerequisite ended"
expect_grep "$T/check" '^metrics 50$' "metrics stored for every mission"
expect_grep "$T/check" '^with duration 50$' "every mission has a duration"
expect_grep "$T/check" '^distance recorded 50$' "every mission has its distance"
expect_grep "$T/check" '^moved True$' "at least the 40 missions between two nodes drove"
expect_grep "$T/check" '^on time 50$' "every mission on time"
"$FO" mission show "${any[0]}" >"$T/show"
expect_grep "$T/show" 'queued -> dispatched +by console' "transitions stored with actor"
expect_grep "$T/show" 'active -> completed +by vehicle:AGV-' "completion by the vehicle's state"

# what fleetops published
expect_grep "$T/published" '"actionType":"drop"' "orders carry the template's node actions"
expect_grep "$T/published" '"maxSpeed":1.5,"actions":\[\{"actionType":"detectObject"' \
	"and its edge: speed limit and edge action"
python3 - "$T/published" "$FO_VDA_SCHEMAS" >"$T/schema" 2>&1 <<'PY'
import json, sys, jsonschema
sub, d = sys.argv[1], sys.argv[2]
schemas = {t: json.load(open(f"{d}/{t}.schema")) for t in ("order", "instantActions")}
bad = n = 0
for line in open(sub):
    topic, _, payload = line.rstrip("\n").partition(" ")
    t = topic.rsplit("/", 1)[1]
    n += 1
    try:
        jsonschema.validate(json.loads(payload), schemas[t])
    except Exception as e:
        bad += 1
        print(f"{t}: {e}".splitlines()[0])
print(f"checked {n} invalid {bad}")
PY
expect_grep "$T/schema" ' invalid 0$' "orders and instant actions valid against the 2.1.0 schemas"
expect_grep "$T/schema" '^checked ([5-9][0-9]|[1-9][0-9]{2,}) ' "at least 50 messages checked"
finish
