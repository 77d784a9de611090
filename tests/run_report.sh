#!/usr/bin/env bash
# Runs the report tests (tests/report/*.sh) against $BUILD/fleetops: goldens
# of each format, every view in every format (JSON schema, CSV read back),
# options and exit codes, the HTML in headless chromium, bash completion,
# the manual page and make install; sweep.sh every view in every format on
# an empty model, the demo and MQTT vehicles with the ASan+UBSan build
# ($ASAN_BUILD, default build-asan, which `make test` builds first).  Each
# script exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
export ASAN_BUILD=${ASAN_BUILD:-build-asan}
pass=0 fail=0
for t in tests/report/*.sh; do
	if bash "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAILED: $t"
	fi
done
echo "report: $pass passed, $fail failed"
[ -n "${FO_SUMMARY:-}" ] && echo "report $pass $fail" >>"$FO_SUMMARY"
[ "$fail" -eq 0 ]
