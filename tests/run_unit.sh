#!/bin/sh
# run_unit.sh — runs each unit-test binary given on the command line from the
# repository root with BUILD exported, shows its output, and ends with
#   unit: N passed, M failed
# counting binaries.  Exits non-zero when any binary fails.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
export BUILD

passed=0
failed=0
failures=
for bin in "$@"; do
	echo "== $bin"
	if [ ! -x "$bin" ]; then
		echo "missing or not executable: $bin"
		failed=$((failed + 1))
		failures="$failures $bin"
		continue
	fi
	if "$bin"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $bin (exit $?)"
		failed=$((failed + 1))
		failures="$failures $bin"
	fi
done

[ -n "$failures" ] && echo "failed binaries:$failures"
echo "unit: $passed passed, $failed failed"
[ -n "${FO_SUMMARY:-}" ] && echo "unit $passed $failed" >>"$FO_SUMMARY"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
