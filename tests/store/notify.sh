#!/usr/bin/env bash
# notify.sh — two fleetops processes on one PostgreSQL database see each
# other's record changes within one second (LISTEN/NOTIFY): process A runs
# `db watch`, process B inserts, updates and deletes a fleet; A must print
# each change, stamped (wall-clock ms) less than 1000 ms after B started
# the command that made it.  Needs FO_PG_URL (tests/run_store.sh sets it).
cd "$(dirname "$0")/../.." || exit 2
NAME=notify
. tests/store/lib_store.bash

if [ -z "${FO_PG_URL:-}" ]; then
	echo "notify: FO_PG_URL is not set (run tests/run_store.sh)"
	bad "no PostgreSQL server"
	finish notify
	exit 1
fi
URL=$FO_PG_URL
migrate "$URL"

fo "$URL" db insert core.tenants name=notify-test
expect_rc 0 "insert a tenant"
tenant=$(field id)

# A: watches in the background until it times out
"$FO" --store "$URL" db watch --timeout 20 >"$T/watch" 2>"$T/watch.err" &
watcher=$!
trap 'kill $watcher 2>/dev/null; rm -rf "$T"' EXIT

# wait_line PATTERN MS: true once $T/watch has a line matching PATTERN
wait_line() {
	local deadline=$(($(now_ms) + $2))
	while [ "$(now_ms)" -lt "$deadline" ]; do
		grep -qE -- "$1" "$T/watch" && return 0
		sleep 0.02
	done
	return 1
}

wait_line '^watching' 5000
check $? "db watch did not start: $(head -c 300 "$T/watch.err")"

# The watcher's listener connects on a thread of its own after "watching":
# warm up until it hears anything, so the measured changes are not lost to
# that start-up race (a change made before LISTEN is never delivered).
heard=1
for _ in $(seq 1 25); do
	fo "$URL" db insert core.fleets tenant_id="$tenant" name=warm-up
	warm=$(field id)
	if wait_line "^change core.fleets $warm INSERT" 200; then
		heard=0
		break
	fi
done
check $heard "the watcher never heard a change (LISTEN/NOTIFY)"

# measure OP ID T0: A printed "change core.fleets ID OP MS" with MS - T0 < 1000
measure() {
	local op=$1 id=$2 t0=$3
	if ! wait_line "^change core.fleets $id $op" 2000; then
		bad "$op of $id not seen by the other process within 2 s"
		return
	fi
	local at
	at=$(awk -v id="$id" -v op="$op" '$3 == id && $4 == op { print $5; exit }' "$T/watch")
	local lag=$((at - t0))
	echo "  $op seen by the other process $lag ms after the command started"
	if [ "$lag" -lt 1000 ]; then ok; else bad "$op seen after $lag ms (limit 1000)"; fi
}

t0=$(now_ms)
fo "$URL" db insert core.fleets tenant_id="$tenant" name=x
expect_rc 0 "process B inserts a fleet"
id=$(field id)
measure INSERT "$id" "$t0"

t0=$(now_ms)
fo "$URL" db update core.fleets "$id" 1 name=y
expect_rc 0 "process B updates it"
measure UPDATE "$id" "$t0"

t0=$(now_ms)
fo "$URL" db delete core.fleets "$id" 2
expect_rc 0 "process B deletes it"
measure DELETE "$id" "$t0"

# The other direction: B watches, A's kind of session writes.
"$FO" --store "$URL" db watch --timeout 20 >"$T/watch2" 2>/dev/null &
watcher2=$!
trap 'kill $watcher $watcher2 2>/dev/null; rm -rf "$T"' EXIT
heard=1
for _ in $(seq 1 25); do
	fo "$URL" db insert core.fleets tenant_id="$tenant" name=back
	back=$(field id)
	deadline=$(($(now_ms) + 200))
	while [ "$(now_ms)" -lt "$deadline" ]; do
		grep -q "^change core.fleets $back INSERT" "$T/watch2" && heard=0 && break 2
		sleep 0.02
	done
done
check $heard "a second watcher hears the changes too"

kill "$watcher" "$watcher2" 2>/dev/null
wait "$watcher" "$watcher2" 2>/dev/null
finish notify
