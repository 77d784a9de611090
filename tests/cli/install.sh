#!/usr/bin/env bash
# make install honours DESTDIR (and PREFIX), and the installed binary finds its
# plugins relative to itself, so a staged or relocated install works.
. "$(dirname "$0")/lib.bash"

dest=$T/dest
make --no-print-directory -s BUILD="${BUILD:-build}" DESTDIR="$dest" install >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "make install"
for f in bin/fleetops lib/fleetops/plugins/sim.so lib/fleetops/plugins/missions.so \
	share/fleetops/themes/dark.theme share/fleetops/scripts/dispatch_policy.lua \
	share/fleetops/scripts/run/fleet_report.lua; do
	checks=$((checks + 1))
	[ -e "$dest/usr/local/$f" ] || { echo "  FAIL: $f not installed"; failures=$((failures + 1)); }
done

# Relocatable: the installed binary finds its plugins beside itself.
"$dest/usr/local/bin/fleetops" plugins >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "installed fleetops plugins"
expect_grep out "^missions +[0-9.]+ +loaded" "installed plugins found"

# ... and its shipped scripts.
"$dest/usr/local/bin/fleetops" script list >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "installed fleetops script list"
expect_grep out "^dispatch_policy +running" "installed scripts found"
finish
