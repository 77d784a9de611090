#!/usr/bin/env bash
# run_analytics.sh FORECAST_CLI — the analytics suites that need more than
# cmocka: fleetops' forecasts backtested beside statsmodels'
# (tests/analytics/statsmodels_compare.sh).  Ends with
#   analytics: N passed, M failed
# and appends "analytics N M" to $FO_SUMMARY when set.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
if timeout 300 tests/analytics/statsmodels_compare.sh "$1"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAILED: tests/analytics/statsmodels_compare.sh"
fi
echo "analytics: $pass passed, $fail failed"
[ -n "${FO_SUMMARY:-}" ] && echo "analytics $pass $fail" >>"$FO_SUMMARY"
[ "$fail" -eq 0 ]
