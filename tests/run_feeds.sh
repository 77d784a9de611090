#!/usr/bin/env bash
# run_feeds.sh — the live-feed suites against real servers they start
# themselves on loopback ports: tests/mqtt/test_*.sh (mosquitto 2), and,
# when present, tests/redis/test_*.sh (redis-server 7) and
# tests/sim/test_*.sh (the simulator on a broker); tests/mqtt/
# test_vehicle_events.sh starts both mosquitto and redis-server (a scripted
# VDA 5050 vehicle's events to a Lua handler and the Redis stream).  Each
# script prints its
# own "NAME: N passed, M failed" and exits non-zero on failure.  Ends with
#   feeds: N passed, M failed
# counting scripts, appends "feeds N M" to $FO_SUMMARY when set, and exits
# non-zero when any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
export BUILD=${BUILD:-build}
pass=0 fail=0
failures=
for t in tests/mqtt/test_*.sh tests/redis/test_*.sh tests/sim/test_*.sh tests/missions/test_*.sh; do
	[ -f "$t" ] || continue
	# a hung server must not hold the suite up
	if timeout 600 bash "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failures="$failures $t"
		echo "FAILED: $t"
	fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "feeds: $pass passed, $fail failed"
[ -n "${FO_SUMMARY:-}" ] && echo "feeds $pass $fail" >>"$FO_SUMMARY"
[ "$fail" -eq 0 ]
