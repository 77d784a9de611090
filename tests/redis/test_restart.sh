#!/usr/bin/env bash
# test_restart.sh — Redis restarts while fleetops runs: fleetops keeps
# running, reconnects (backoff), writes the vehicle hashes again (the server
# came back empty), keeps publishing events and consuming its inbound stream
# (the consumer group is created again).
source "$(dirname "$0")/lib.bash"
rd_setup restart

export FLEETOPS_REDIS_GROUP_START=0
"$FO" --log-file "$RD_DIR/fleetops.log" --demo --sim-vehicles 1000 --redis "$REDIS_URL" \
	--redis-inbound in:r redis run --seconds 20 >"$RD_DIR/run.out" 2>"$RD_DIR/run.err" &
pid=$!
echo $pid >"$RD_DIR/run.pid"

has_hash() { [ "$(rcli EXISTS fleetops:vehicle:AGV-00001 2>/dev/null)" = 1 ]; }
has_events() { [ "$(rcli XLEN fleetops:events 2>/dev/null)" -gt 0 ] 2>/dev/null; }
# consumed ID: the group delivered ID and nothing is pending
consumed() {
	rcli --raw XINFO GROUPS in:r 2>/dev/null | grep -qx "$1" &&
		[ "$(rcli XPENDING in:r fleetops 2>/dev/null | head -1)" = 0 ]
}

check "before: vehicle hashes written" wait_for 8 has_hash
check "before: events published" wait_for 10 has_events
id=$(rcli XADD in:r '*' phase before)
check "before: an inbound entry consumed and acknowledged" wait_for 8 consumed "$id"

tests/redis/server.sh stop "$RD_DIR/server" >/dev/null
sleep 2
check "fleetops keeps running while Redis is down" kill -0 $pid
tests/redis/server.sh start "$RD_DIR/server" >/dev/null
# it comes back empty (no persistence): what follows is written anew

check "after: vehicle hashes written again" wait_for 15 has_hash
check "after: events published again" wait_for 12 has_events
id=$(rcli XADD in:r '*' phase after)
check "after: an inbound entry consumed and acknowledged" wait_for 10 consumed "$id"

wait $pid
rc=$?
rm -f "$RD_DIR/run.pid"
check "fleetops ran to its end (exit $rc)" [ "$rc" -eq 0 ]
echo "  $(cat "$RD_DIR/run.out")"
check "both connections were made twice" grep -q ' 2+2 connections' "$RD_DIR/run.out"
check "the log tells of the lost connection" grep -q 'Server closed the connection' \
	"$RD_DIR/fleetops.log"

rd_done
