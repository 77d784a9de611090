#!/usr/bin/env bash
# run_store.sh — the store suite against real servers: starts a private
# PostgreSQL 15 (tests/pg/pg.sh; stopped again on exit when this script
# started it), then runs
#   - the conformance suite $BUILD/tests/test_store_conformance against it
#     (the unit suite already runs it on SQLite),
#   - every tests/store/*.sh (rls.sh, notify.sh, durability.sh, injection.sh
#     ...), with FO_PG_URL and the rest of tests/pg/pg.sh's variables set.
# Ends with
#   store: N passed, M failed
# counting suites, appends "store N M" to $FO_SUMMARY when set, and exits
# non-zero when any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
export BUILD=${BUILD:-build}
pass=0 fail=0
failures=

summary() {
	[ -n "$failures" ] && echo "failed:$failures"
	echo "store: $pass passed, $fail failed"
	[ -n "${FO_SUMMARY:-}" ] && echo "store $pass $fail" >>"$FO_SUMMARY"
	[ "$fail" -eq 0 ]
}

LOG=$(mktemp)
mine=
tests/pg/pg.sh status 2>/dev/null || mine=1
# Output to a file: a server that kept our stdout must not hold us up; and
# a bounded wait, should another process hold pg.sh's lock.
if ! timeout 120 tests/pg/pg.sh start >"$LOG" 2>&1 </dev/null; then
	echo "store: could not start PostgreSQL (tests/pg/pg.sh start failed or hung 120 s):"
	tail -20 "$LOG" | sed 's/^/  /'
	rm -f "$LOG"
	fail=1
	failures=" postgresql"
	summary
	exit 1
fi
rm -f "$LOG"
eval "$(tests/pg/pg.sh env)"
if [ -n "$mine" ]; then
	trap 'timeout 60 tests/pg/pg.sh stop >/dev/null 2>&1 || echo "store: tests/pg/pg.sh stop failed"' EXIT
fi
echo "PostgreSQL: $FO_PG_URL"

# suite NAME CMD...: one suite, pass or fail by its exit code
suite() {
	local name=$1
	shift
	echo "== $name"
	if "$@"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failures="$failures $name"
		echo "FAILED: $name"
	fi
}

if [ -x "$BUILD/tests/test_store_conformance" ]; then
	suite conformance env FO_TEST_STORE="$FO_PG_URL" "$BUILD/tests/test_store_conformance"
else
	echo "missing: $BUILD/tests/test_store_conformance (make unit-bins)"
	fail=$((fail + 1))
	failures="$failures conformance"
fi

for t in tests/store/*.sh; do
	suite "$(basename "$t" .sh)" bash "$t"
done

summary
