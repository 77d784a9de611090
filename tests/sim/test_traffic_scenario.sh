#!/usr/bin/env bash
# test_traffic_scenario.sh — traffic control with many AGVs (issue 12): 100
# simulated AGVs of the in-process simulator on a layout of 2,304 nodes
# (the depot `map depot --vehicles 1000` writes, driven as a layout file),
# kept busy with missions to random stations for 5 simulated minutes at 10x
# (tests/sim/traffic_scenario.sh).  The simulator's own conflict count (two
# AGVs closer than a vehicle length) must stay 0, no vehicle may be left in
# a deadlock, and missions must get done.  The simulated hour with and
# without traffic control is `make bench`.  Ends with
#   traffic_scenario: N passed, M failed
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
export BUILD=${BUILD:-build}
pass=0 fail=0
check() { # check WHAT EXPR (python, over the figures f)
	if python3 -c "import sys; f = dict(kv.split('=') for kv in sys.argv[1].split()); sys.exit(not ($2))" "$line"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "  FAIL: $1 ($line)"
	fi
}
line=$(tests/sim/traffic_scenario.sh on 100 1000 300 10 2>"$BUILD/traffic_scenario.err")
echo "  $line"
if [ -z "$line" ]; then
	sed 's/^/    /' "$BUILD/traffic_scenario.err" | tail -20
	line="none=1"
fi
check "the run gave its figures" "'completed' in f"
check "a layout of at least 2,000 nodes" "int(f['nodes']) >= 2000"
check "about 300 s simulated" "250 <= float(f['simulated_s']) <= 400"
check "no two AGVs ever closer than a vehicle length" "int(f['conflicts']) == 0"
check "no deadlock left standing (none older than 5 s of the tracker's clock at the end)" "float(f['deadlock_longest_s']) <= 5"
check "missions got done (at least 40 in 5 simulated minutes)" "int(f['completed']) >= 40"
echo "traffic_scenario: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
