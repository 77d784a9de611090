#!/bin/bash
# run_e2e.sh — runs every tests/e2e/*.sh against the real binary in tmux.
# Prints one line per test and a final "e2e: N passed, M failed"; exits
# non-zero when any test failed.  sweep_panes.sh and monkey.sh run the
# ASan+UBSan console from $ASAN_BUILD (default build-asan; `make test` builds
# it before this suite, else: make SAN=1 BUILD=build-asan all).
set -euo pipefail

cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
export ASAN_BUILD=${ASAN_BUILD:-build-asan}

if ! command -v tmux >/dev/null 2>&1; then
	echo "e2e: tmux is not installed (apt-get install tmux)" >&2
	exit 1
fi
if [ ! -x "$BUILD/fleetops" ]; then
	echo "e2e: $BUILD/fleetops is missing: run make first" >&2
	exit 1
fi

passed=0
failed=0
for t in tests/e2e/*.sh; do
	name=$(basename "$t" .sh)
	log=$(mktemp "${TMPDIR:-/tmp}/fo-e2e-log.XXXXXX")
	start=$SECONDS
	if bash "$t" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "ok   $name ($((SECONDS - start))s)"
	else
		failed=$((failed + 1))
		echo "FAIL $name ($((SECONDS - start))s)"
		sed 's/^/    /' "$log"
	fi
	rm -f "$log"
done
echo "e2e: $passed passed, $failed failed"
[ -n "${FO_SUMMARY:-}" ] && echo "e2e $passed $failed" >>"$FO_SUMMARY"
[ "$failed" -eq 0 ]
