#!/usr/bin/env bash
# test_consumer_group.sh — at-least-once delivery through the consumer group:
# 100 entries; a slow consumer c1 is killed with -9 in mid-stream, twice
# (the second run re-reads c1's pending entries, ID 0); then a consumer of
# another name, c2, claims what dead c1 left pending (XAUTOCLAIM) and reads
# new entries.  Every entry is processed at least once and, at the end,
# every one is acknowledged (XPENDING 0).
source "$(dirname "$0")/lib.bash"
rd_setup consumer_group

S=in:cg
N=100
for i in $(seq $N); do echo "XADD $S * n $i kind test"; done | rcli >/dev/null
check "$N entries written" [ "$(rcli XLEN $S)" -eq $N ]
export FLEETOPS_REDIS_GROUP_START=0 # the group fleetops creates reads the whole stream

# consume NAME CONSUMER ARGS...: background consumer, output in NAME.out
consume() {
	local name=$1 consumer=$2
	shift 2
	# the binary itself, not a function: $! must be its pid for kill -9
	"$FO" --log-file "$RD_DIR/fleetops.log" --redis "$REDIS_URL" --redis-inbound $S \
		--redis-consumer "$consumer" redis consume "$@" \
		>"$RD_DIR/$name.out" 2>"$RD_DIR/$name.err" &
	echo $! >"$RD_DIR/$name.pid"
}
events() { local n; n=$(grep -c "^event " "$RD_DIR/$1.out" 2>/dev/null); echo "${n:-0}"; }
at_least() { [ "$(events "$1")" -ge "$2" ]; }
kill9() {
	local pid
	pid=$(cat "$RD_DIR/$1.pid")
	disown "$pid" 2>/dev/null # no "Killed" notice from bash
	kill -9 "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	rm -f "$RD_DIR/$1.pid"
}
pending() { rcli XPENDING $S fleetops | head -1; }

# 1. c1, slow, killed after 20 entries
consume a c1 --seconds 60 --delay-ms 50
check "c1 processes entries" wait_for 20 at_least a 20
kill9 a
pa=$(pending)
check "after kill -9, entries are left pending ($pa)" [ "${pa:-0}" -gt 0 ]
check "c1's first line names the group" grep -q "^consuming $S as fleetops/c1" "$RD_DIR/a.out"

# 2. c1 again: its own pending entries first, then killed again
before=$(rcli --raw XPENDING $S fleetops - + 1000 c1 | awk 'NR % 4 == 1')
consume b c1 --seconds 60 --delay-ms 50
check "restarted c1 processes entries" wait_for 20 at_least b 20
kill9 b
first_b=$(awk '/^event /{print $2; exit}' "$RD_DIR/b.out")
check "restarted c1 began with its pending entries ($first_b)" \
	bash -c "echo '$before' | grep -qx '$first_b'"
pb=$(pending)
check "still pending after the second kill ($pb)" [ "${pb:-0}" -gt 0 ]

# 3. c2 claims what dead c1 left (idle > 1 s), and reads new entries
sleep 1.5
FLEETOPS_REDIS_CLAIM_IDLE_MS=1000 consume c c2 --seconds 6
sleep 2
for i in $(seq 101 105); do echo "XADD $S * n $i kind late"; done | rcli >/dev/null
wait "$(cat "$RD_DIR/c.pid")"
rc=$?
rm -f "$RD_DIR/c.pid"
check "c2 ran to its end (exit $rc)" [ "$rc" -eq 0 ]
claimed=$(sed -n 's/.* \([0-9]*\) claimed.*/\1/p' "$RD_DIR/c.out")
check "c2 claimed c1's pending entries ($claimed)" [ "${claimed:-0}" -gt 0 ]

# every entry processed at least once, every one acknowledged
all=$(rcli --raw XRANGE $S - + | grep -E '^[0-9]+-[0-9]+$' | sort -u)
seen=$(cat "$RD_DIR"/a.out "$RD_DIR"/b.out "$RD_DIR"/c.out | awk '/^event /{print $2}' | sort -u)
missing=$(comm -23 <(echo "$all") <(echo "$seen") | wc -l)
check "all $((N + 5)) entries processed at least once (missing: $missing)" \
	[ "$(echo "$all" | wc -l)" -eq $((N + 5)) ] && [ "$missing" -eq 0 ]
dups=$(cat "$RD_DIR"/a.out "$RD_DIR"/b.out "$RD_DIR"/c.out | awk '/^event /{print $2}' | sort | uniq -d | wc -l)
echo "  entries processed twice (killed between processing and XACK): $dups"
check "nothing left pending (XPENDING $(pending))" [ "$(pending)" = 0 ]
check "the late entries reached c2" grep -q 'n=105 kind=late' "$RD_DIR/c.out"
check "the fields are printed" grep -q "^event [0-9-]* $S n=1 kind=test$" "$RD_DIR/a.out"

out=$(fo --redis "$REDIS_URL" redis consume --seconds 1 2>&1)
check "without inbound streams, redis consume says what to set" \
	bash -c "echo '$out' | grep -q 'no inbound streams'"

rd_done
