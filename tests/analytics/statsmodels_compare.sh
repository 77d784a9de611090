#!/bin/sh
# statsmodels_compare.sh — fleetops' forecasting beside statsmodels'
# exponential smoothing, on demand series like the simulator's (Poisson
# missions per hour, daily profile, lighter weekends; fixed seeds, so the
# figures are the same on every run).  Both backtest the same rolling
# origins: weekly season (m = 168), horizons 1..24 h, 80 % intervals, the
# first four weeks for training, parameters refitted once a day (every 24
# origins).  Prints a side-by-side table per series; exits 1 unless
# fleetops' MASE is below 1 and its 80 % intervals cover 75..85 % on every
# series (the series with gaps is fleetops' only: statsmodels takes none).
#
# Usage: tests/analytics/statsmodels_compare.sh PATH/TO/forecast_cli
# Needs Debian's python3 with python3-statsmodels (python3-numpy,
# python3-scipy come with it); about 25 s on 2 cores.
set -u
CLI=${1:?usage: statsmodels_compare.sh PATH/TO/forecast_cli}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3 # Debian's, not a pyenv one first in PATH
SM="$HERE/statsmodels_compare.py"
[ -x "$CLI" ] || { echo "statsmodels_compare: no forecast_cli at $CLI"; exit 1; }
if ! "$PY" -c 'import statsmodels' 2>/dev/null; then
	echo "statsmodels_compare: $PY cannot import statsmodels (apt-get install python3-statsmodels)"
	exit 1
fi
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT

ARGS="--season 168 --horizon 24 --level 0.8 --min-train 672 --refit 24"
# name, weeks, seed, gaps (START:LEN hours, the process was down)
set -- a 8 20240601 "" b 12 7 "" c 8 20240601 "--gap 100:30 --gap 800:6 --gap 1000:60"
status=0
pids=
while [ $# -ge 4 ]; do
	name=$1 weeks=$2 seed=$3 gaps=$4
	shift 4
	# shellcheck disable=SC2086 # word splitting of the option lists is wanted
	"$PY" "$SM" gen --weeks "$weeks" --seed "$seed" $gaps >"$T/$name.txt" || exit 1
	# shellcheck disable=SC2086
	"$CLI" $ARGS --counts <"$T/$name.txt" >"$T/$name.fo.json" || {
		echo "statsmodels_compare: forecast_cli failed on series $name"
		exit 1
	}
	if [ -z "$gaps" ]; then # statsmodels in the background, one per core
		# shellcheck disable=SC2086
		"$PY" "$SM" backtest $ARGS --counts <"$T/$name.txt" >"$T/$name.sm.json" &
		pids="$pids $!"
	fi
	echo "series $name: $weeks weeks, seed $seed${gaps:+, gaps $gaps}" >"$T/$name.title"
done
for p in $pids; do
	wait "$p" || { echo "statsmodels_compare: statsmodels backtest failed"; exit 1; }
done
for name in a b c; do
	sm="$T/$name.sm.json"
	[ -s "$sm" ] || sm=
	"$PY" "$SM" report "$(cat "$T/$name.title")" "$T/$name.fo.json" ${sm:+"$sm"} || status=1
	echo
done
[ "$status" = 0 ] && echo "statsmodels_compare: fleetops met the targets" ||
	echo "statsmodels_compare: FAILED"
exit "$status"
