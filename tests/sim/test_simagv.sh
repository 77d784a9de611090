#!/usr/bin/env bash
# test_simagv.sh — the simulator on a broker (`fleetops sim --mqtt`) against a
# private mosquitto: connection (retained ONLINE, OFFLINE on a clean stop,
# CONNECTIONBROKEN last will after kill -9), factsheet, periodic and event
# states, visualization at the rate, an order driven to its end, cancelOrder,
# pause/resume, refusals; samples of every outbound topic checked against the
# official VDA 5050 2.1.0 JSON schemas.  Ends with
#   simagv: N passed, M failed
. "$(dirname "$0")/lib.bash"

mosquitto_sub -p "$PORT" -v -t "$P/#" >"$LOG" 2>/dev/null &
pids+=($!)
sleep 0.3

# 1. A run of 5 vehicles, states every 2 s unprompted, visualization at 2 Hz
# (step 10 kills it with -9; --seconds is only a backstop, long enough for a
# sanitizer build).
"$FO" sim --mqtt "$URL" --vehicles 5 --rate 2 --seconds 300 --state-interval 2 \
	>"$T/sim.out" 2>"$T/sim.err" &
SIM=$!
pids+=($SIM)
check "sim says it runs" wait_for 5 AGV-00005 connection 'm is not None'
sleep 0.5
for i in 1 2 3 4 5; do
	s=AGV-0000$i
	got=$(mosquitto_sub -p "$PORT" -t "$P/$s/connection" --retained-only -C 1 -W 2 2>/dev/null)
	check "$s: retained ONLINE connection (got: $got)" grep -q '"connectionState":"ONLINE"' <<<"$got"
	got=$(mosquitto_sub -p "$PORT" -t "$P/$s/factsheet" --retained-only -C 1 -W 2 2>/dev/null)
	check "$s: retained factsheet" grep -q '"typeSpecification"' <<<"$got"
done
check "initial state with lastNodeId" [ "$(q AGV-00002 state 'm["lastNodeId"] != ""')" = True ]

# 2. Rates: over 4 s an idle vehicle sends about 8 visualizations and 2-3
# states (every 2 s); headerIds count up by one per topic.
v0=$(q AGV-00002 visualization 'len(ms)')
s0=$(q AGV-00002 state 'len(ms)')
sleep 4
v1=$(q AGV-00002 visualization 'len(ms)')
s1=$(q AGV-00002 state 'len(ms)')
check "visualization at ~2 Hz (got $((v1 - v0)) in 4 s)" [ $((v1 - v0)) -ge 6 -a $((v1 - v0)) -le 10 ]
check "periodic state (got $((s1 - s0)) in 4 s)" [ $((s1 - s0)) -ge 2 -a $((s1 - s0)) -le 4 ]
check "state headerIds count by one" [ "$(q AGV-00002 state 'all(b["headerId"] == a["headerId"] + 1 for a, b in zip(ms, ms[1:]))')" = True ]
check "visualization headerIds count by one" [ "$(q AGV-00002 visualization 'all(b["headerId"] == a["headerId"] + 1 for a, b in zip(ms, ms[1:]))')" = True ]

# 3. An order over the depot's node ids: AGV-00001 drives from its node to
# the two nearest parking places, picks there, and the order ends.
"$FO" --demo view show resources.parking >"$T/parking.txt" 2>"$T/parking.err"
check "demo lists parking nodes" grep -q '^PK-' "$T/parking.txt"
order=$(python3 "$VDA" order AGV-00001 "$LOG" "$T/parking.txt" order-t1 2)
pub AGV-00001 order "$order"
check "order accepted: orderId in state" wait_for 3 AGV-00001 state 'm["orderId"] == "order-t1" and len(m["nodeStates"]) == 2'
check "driving while the order runs" wait_for 10 AGV-00001 state 'm["driving"]'
check "pick FINISHED, nodeStates empty, no edges left" \
	wait_for 45 AGV-00001 state 'm["nodeStates"] == [] and m["edgeStates"] == [] and all(a["actionStatus"] == "FINISHED" for a in m["actionStates"]) and len(m["actionStates"]) == 1'
check "nodeStates shrank 2 -> 1 -> 0" [ "$(q AGV-00001 state '[len(x["nodeStates"]) for x in ms if x["orderId"] == "order-t1"][0:1] == [2] and 1 in [len(x["nodeStates"]) for x in ms]')" = True ]
check "lastNodeSequenceId 4 at the end" [ "$(q AGV-00001 state 'm["lastNodeSequenceId"] == 4 and not m["driving"]')" = True ]
check "the load is on board" [ "$(q AGV-00001 state 'm["loads"][0]["loadId"] == "LOAD-T1"')" = True ]
n0=$(q AGV-00001 state 'len(ms)')
pub AGV-00001 order "$order"
check "the same order again is ignored (no error, still done)" \
	wait_for 3 AGV-00001 state "len(ms) > $n0 and m['errors'] == [] and m['nodeStates'] == []"

# 4. cancelOrder: AGV-00002 gets an order, then a cancel; the route is
# dropped, orderId kept, cancelOrder FINISHED, the order's pick FAILED.
order=$(python3 "$VDA" order AGV-00002 "$LOG" "$T/parking.txt" order-t2 2)
pub AGV-00002 order "$order"
check "second order accepted" wait_for 3 AGV-00002 state 'm["orderId"] == "order-t2"'
sleep 1
pub AGV-00002 instantActions "$(python3 "$VDA" instant AGV-00002 cancelOrder cancel-1)"
check "cancelOrder FINISHED, route gone, orderId kept" \
	wait_for 3 AGV-00002 state 'm["nodeStates"] == [] and m["orderId"] == "order-t2" and {a["actionId"]: a["actionStatus"] for a in m["actionStates"]}.get("cancel-1") == "FINISHED" and not m["driving"]'
check "the order's pick FAILED" [ "$(q AGV-00002 state '{a["actionId"]: a["actionStatus"] for a in m["actionStates"]}.get("order-t2-pick") == "FAILED"')" = True ]

# 5. cancelOrder without an order: FAILED and a noOrderToCancel warning.
pub AGV-00003 instantActions "$(python3 "$VDA" instant AGV-00003 cancelOrder cancel-2)"
check "cancel without order FAILED + noOrderToCancel" \
	wait_for 3 AGV-00003 state '{a["actionId"]: a["actionStatus"] for a in m["actionStates"]}.get("cancel-2") == "FAILED" and any(e["errorType"] == "noOrderToCancel" and e["errorLevel"] == "WARNING" for e in m["errors"])'

# 5b. Base and horizon: AGV-00003 stops at the decision point; the update
# (orderUpdateId 1, starting at the last base node) releases the rest; a
# lower orderUpdateId is then refused with orderUpdateError.
order=$(python3 "$VDA" order AGV-00003 "$LOG" "$T/parking.txt" order-t3 2 horizon)
pub AGV-00003 order "$order"
check "stops at the decision point, horizon kept" \
	wait_for 40 AGV-00003 state 'm["orderId"] == "order-t3" and [(n["sequenceId"], n["released"]) for n in m["nodeStates"]] == [(4, False)] and m["lastNodeSequenceId"] == 2 and not m["driving"] and m["errors"] == []'
pub AGV-00003 order "$(python3 "$VDA" stitch "$order" 1)"
check "the update is stitched and driven to its end" \
	wait_for 40 AGV-00003 state 'm["orderUpdateId"] == 1 and m["nodeStates"] == [] and m["lastNodeSequenceId"] == 4 and all(a["actionStatus"] == "FINISHED" for a in m["actionStates"])'
pub AGV-00003 order "$order" # orderUpdateId 0 < 1
check "a lower orderUpdateId: orderUpdateError, order kept" \
	wait_for 3 AGV-00003 state 'any(e["errorType"] == "orderUpdateError" for e in m["errors"]) and m["orderUpdateId"] == 1'

# 6. Pause and resume; an unknown instant action FAILS.
pub AGV-00004 instantActions "$(python3 "$VDA" instant AGV-00004 startPause pause-1)"
check "startPause: paused" wait_for 3 AGV-00004 state 'm["paused"] is True'
pub AGV-00004 instantActions "$(python3 "$VDA" instant AGV-00004 stopPause pause-2)"
check "stopPause: running again" wait_for 3 AGV-00004 state 'm["paused"] is False'
pub AGV-00004 instantActions "$(python3 "$VDA" instant AGV-00004 doABarrelRoll roll-1)"
check "unknown instant action FAILED" \
	wait_for 3 AGV-00004 state '{a["actionId"]: a["actionStatus"] for a in m["actionStates"]}.get("roll-1") == "FAILED"'

# 7. A paused vehicle holds its order; resumed, it finishes it.
order=$(python3 "$VDA" order AGV-00004 "$LOG" "$T/parking.txt" order-t4 1)
pub AGV-00004 instantActions "$(python3 "$VDA" instant AGV-00004 startPause pause-3)"
pub AGV-00004 order "$order"
sleep 2
check "paused: order held, not driving" [ "$(q AGV-00004 state 'm["orderId"] == "order-t4" and len(m["nodeStates"]) == 1 and not m["driving"]')" = True ]
pub AGV-00004 instantActions "$(python3 "$VDA" instant AGV-00004 stopPause pause-4)"
check "resumed: the order ends" wait_for 40 AGV-00004 state 'm["nodeStates"] == [] and m["orderId"] == "order-t4"'

# 8. Malformed orders are refused with an error in the state.
pub AGV-00005 order '{"headerId": 1, "nodes": ['
check "broken JSON: validationError" wait_for 3 AGV-00005 state 'any(e["errorType"] == "validationError" for e in m["errors"]) and m["orderId"] == ""'
pub AGV-00005 order "$(python3 "$VDA" order AGV-00005 "$LOG" "$T/parking.txt" order-t5 1 | sed 's/"nodeId": "PK-[0-9]*"/"nodeId": "NO-SUCH-NODE"/')"
check "unknown node: orderError" wait_for 3 AGV-00005 state 'any(e["errorType"] == "orderError" for e in m["errors"]) and m["orderId"] == ""'
bad=$(python3 "$VDA" order AGV-00005 "$LOG" "$T/parking.txt" order-t6 1 | sed 's/"sequenceId": 1,/"sequenceId": "one",/')
pub AGV-00005 order "$bad"
check "wrong type: validationError names the field" wait_for 3 AGV-00005 state 'any(e["errorType"] == "validationError" and "sequenceId" in e.get("errorDescription", "") for e in m["errors"])'

# 9. Every message of every outbound topic of three vehicles (one drove an
# order, one was cancelled, one refused orders) against the official schemas.
for t in state connection factsheet visualization; do
	for s in AGV-00001 AGV-00002 AGV-00005; do
		if out=$(python3 "$VDA" validate "$SCHEMAS" "$LOG" "$t" "$s" 2>&1); then ok; else
			no "$s $t does not match $t.schema: $out"
		fi
	done
done

# 10. kill -9: the broker publishes each vehicle's CONNECTIONBROKEN will,
# retained.
kill -9 "$SIM"
wait "$SIM" 2>/dev/null
sleep 1
for i in 1 5; do
	got=$(mosquitto_sub -p "$PORT" -t "$P/AGV-0000$i/connection" --retained-only -C 1 -W 2 2>/dev/null)
	check "AGV-0000$i: CONNECTIONBROKEN after kill -9 (got: $got)" grep -q '"connectionState":"CONNECTIONBROKEN"' <<<"$got"
done
if out=$(python3 "$VDA" validate "$SCHEMAS" "$LOG" connection AGV-00003 2>&1); then ok; else
	no "last will does not match connection.schema: $out"
fi

# 11. A clean stop (--seconds, and SIGTERM) leaves OFFLINE retained.
"$FO" sim --mqtt "$URL" --vehicles 2 --seconds 2 >"$T/sim2.out" 2>&1
check "sim --seconds exits 0" [ $? -eq 0 ]
got=$(mosquitto_sub -p "$PORT" -t "$P/AGV-00002/connection" --retained-only -C 1 -W 2 2>/dev/null)
check "OFFLINE retained after a clean stop (got: $got)" grep -q '"connectionState":"OFFLINE"' <<<"$got"
"$FO" sim --mqtt="$URL" --vehicles 1 >"$T/sim3.out" 2>&1 &
p3=$!
sleep 1.5
kill -TERM "$p3"
wait "$p3"
check "SIGTERM: exit 0" [ $? -eq 0 ]
got=$(mosquitto_sub -p "$PORT" -t "$P/AGV-00001/connection" --retained-only -C 1 -W 2 2>/dev/null)
check "OFFLINE retained after SIGTERM (got: $got)" grep -q '"connectionState":"OFFLINE"' <<<"$got"

# 12. Usage errors exit 2.
"$FO" sim --mqtt "$URL" --vehicles 0 >/dev/null 2>&1
check "--vehicles 0 is a usage error" [ $? -eq 2 ]
"$FO" sim --mqtt "$URL" --rate 0 >/dev/null 2>&1
check "--rate 0 is a usage error" [ $? -eq 2 ]

# 13. Under a sanitizer build (BUILD=build-asan) nothing was reported.
for f in sim.err sim2.out sim3.out; do
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$T/$f"; then
		no "sanitizer report in $f: $(grep -m3 -E 'Sanitizer|runtime error' "$T/$f")"
	else
		ok
	fi
done

echo "simagv: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
