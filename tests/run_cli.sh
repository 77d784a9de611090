#!/usr/bin/env bash
# Runs the command-line tests (tests/cli/*.sh) against $BUILD/fleetops.
# Each test script exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
pass=0 fail=0
for t in tests/cli/*.sh; do
	if bash "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED: $t"
	fi
done
echo "cli: $pass passed, $fail failed"
[ -n "${FO_SUMMARY:-}" ] && echo "cli $pass $fail" >>"$FO_SUMMARY"
[ "$fail" -eq 0 ]
