#!/usr/bin/env bash
# test_events.sh — the simulator's events reach PREFIX:events and each
# vehicle's state hash PREFIX:vehicle:ID, written at most once a second per
# vehicle; the console keeps running when Redis is not there.
source "$(dirname "$0")/lib.bash"
rd_setup events

VEH=500
SECS=4
out=$(fo --demo --sim-vehicles $VEH --redis "$REDIS_URL" redis run --seconds $SECS 2>"$RD_DIR/err")
rc=$?
echo "  $out"
check "redis run exits 0" [ "$rc" -eq 0 ]

n=$(rcli XLEN fleetops:events)
check "fleetops:events has entries ($n)" [ "${n:-0}" -gt 0 ]
first=$(rcli --raw XRANGE fleetops:events - + COUNT 1)
check "an event has type, time and vehicle" \
	bash -c "echo '$first' | grep -qx type && echo '$first' | grep -qx time && echo '$first' | grep -qx vehicle"
ty=$(echo "$first" | awk 'prev == "type" {print; exit} {prev = $0}')
check "its type is a vehicle event ($ty)" \
	bash -c "[[ '$ty' =~ ^vehicle\\.(connection|error|estop|mode|battery|order_done|order_failed)$ ]]"
tm=$(echo "$first" | awk 'prev == "time" {print; exit} {prev = $0}')
check "its time is ISO 8601 UTC ($tm)" \
	bash -c "[[ '$tm' =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$ ]]"

h=$(rcli --raw HGETALL fleetops:vehicle:AGV-00001)
for f in battery x y state order errors updated; do
	check "fleetops:vehicle:AGV-00001 has $f" bash -c "echo '$h' | awk 'NR % 2 == 1' | grep -qx '$f'"
done
keys=$(rcli --raw --scan --pattern 'fleetops:vehicle:*' | wc -l)
check "a hash per vehicle ($keys of $VEH)" [ "$keys" -eq "$VEH" ]
hashes=$(echo "$out" | sed -n 's/.* \([0-9]*\) state hashes.*/\1/p')
# one write on connecting, then at most one a second: far fewer than the
# simulator's 10 changes a second per vehicle
check "at most one hash write per vehicle and second ($hashes <= $((VEH * (SECS + 2))))" \
	[ "${hashes:-999999999}" -le $((VEH * (SECS + 2))) ]
check "but more than one round ($hashes > $VEH)" [ "${hashes:-0}" -gt $VEH ]

# mission transitions and safety events go to the stream as well (JSON
# members become fields)
fo --redis "$REDIS_URL" --redis-prefix ops feeds watch --seconds 3 --at 1 \
	--do 'safety raise --vehicle KIT-9 --severity critical spill in aisle 4' >/dev/null 2>&1
ev=$(rcli --raw XRANGE ops:events - +)
check "a safety event in the stream" bash -c "echo '$ev' | grep -qx safety.event"
check "with its fields" bash -c "echo '$ev' | grep -qx critical && echo '$ev' | grep -qx KIT-9"

# another prefix, from the flag
fo --demo --sim-vehicles 20 --redis "$REDIS_URL" --redis-prefix depot7 redis run --seconds 2 \
	>/dev/null 2>&1
check "--redis-prefix depot7 writes depot7:vehicle:AGV-00001" \
	[ "$(rcli EXISTS depot7:vehicle:AGV-00001)" = 1 ]

# the events stream is trimmed (MAXLEN ~)
FLEETOPS_REDIS_MAXLEN=100 fo --demo --sim-vehicles 5000 --redis "$REDIS_URL" --redis-prefix trim \
	redis run --seconds 3 >/dev/null 2>&1
n=$(rcli XLEN trim:events)
check "redis.maxlen 100 keeps the stream near 100 ($n)" [ "${n:-0}" -gt 0 ] && [ "$n" -le 300 ]

# Redis absent: the console keeps running and says so
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=$(timeout 20 "$FO" --log-file "$RD_DIR/down.log" --demo --sim-vehicles 10 \
	--redis "redis://127.0.0.1:$port" redis run --seconds 3 2>&1)
rc=$?
check "without a server, redis run still runs and exits 0 ($rc)" [ "$rc" -eq 0 ]
check "the log says it retries with backoff" grep -q "retrying in" "$RD_DIR/down.log"
out=$(fo --redis "redis://127.0.0.1:$port" redis status 2>&1)
check "redis status shows the publisher down" bash -c "echo '$out' | grep -q '^publisher *down'"
out=$(fo --redis "http://nope" redis status 2>&1)
check "a bad URL is refused with a reason" bash -c "echo '$out' | grep -q 'not a Redis URL'"

# a Unix socket, and database 3
fo --demo --sim-vehicles 5 --redis "unix:$REDIS_SOCKET?db=3" --redis-prefix ux redis run \
	--seconds 2 >/dev/null 2>&1
check "unix:PATH?db=3 writes to database 3" [ "$(rcli -n 3 EXISTS ux:vehicle:AGV-00001)" = 1 ]

# a host name, resolved off the loop (localhost may give ::1 first: the
# next attempt takes the next address)
fo --demo --sim-vehicles 5 --redis "redis://localhost:$REDIS_PORT" --redis-prefix lh redis run \
	--seconds 4 >/dev/null 2>&1
check "redis://localhost:PORT connects" [ "$(rcli EXISTS lh:vehicle:AGV-00001)" = 1 ]

# URL forms: what `redis status` shows, and what it refuses
shown() { fo --redis "$1" redis status 2>&1 | awk '$1 == "redis" {print $2}'; }
check "redis://[::1]:6380/2 is read" [ "$(shown 'redis://[::1]:6380/2')" = 'redis://[::1]:6380/2' ]
check "a user's password is hidden" \
	[ "$(shown 'redis://ops:pw@h:1/0')" = 'redis://ops:***@h:1/0' ]
for bad in 'redis://h:99999' 'redis://h:1/x' 'redis://[::1' 'rediss://h'; do
	out=$(fo --redis "$bad" redis status 2>&1)
	check "$bad is refused with a reason" bash -c "echo '$out' | grep -qi 'redis'" &&
		! echo "$out" | grep -q '^publisher'
done

# a server that wants a password: refused with the reason, then accepted
rcli CONFIG SET requirepass 'pa ss' >/dev/null
fo --demo --sim-vehicles 5 --redis "$REDIS_URL" --redis-prefix auth redis run --seconds 2 \
	>/dev/null 2>&1
check "without the password: NOAUTH in the log" grep -q 'NOAUTH' "$RD_DIR/fleetops.log"
fo --demo --sim-vehicles 5 --redis "redis://:pa%20ss@127.0.0.1:$REDIS_PORT" --redis-prefix auth \
	redis run --seconds 2 >/dev/null 2>&1
check "with redis://:PASSWORD@ the hashes are written" \
	[ "$(rcli -a 'pa ss' --no-auth-warning EXISTS auth:vehicle:AGV-00001)" = 1 ]
out=$(fo --redis "redis://:pa%20ss@127.0.0.1:$REDIS_PORT" redis status 2>&1)
check "the password is never shown" bash -c "! echo '$out' | grep -q 'pa%20ss'"
rcli -a 'pa ss' --no-auth-warning CONFIG SET requirepass '' >/dev/null

rd_done
