#!/usr/bin/env bash
# Configuration precedence end to end: flag > env > user file > default.
. "$(dirname "$0")/lib.sh"

src() { grep -E "^$1 " "$T/out" | sed -E 's/.*\((.*)\)$/\1/'; }
val() { grep -E "^$1 " "$T/out" | sed -E 's/^[^=]*= *([^ ]*).*/\1/'; }

run config show
expect_rc 0 "config show"
[ "$(src theme)" = default ] || { echo "  FAIL: theme source $(src theme)"; failures=$((failures+1)); }

echo "theme = light" >"$XDG_CONFIG_HOME/fleetops/config"
run config show
[ "$(val theme)/$(src theme)" = light/user ] || { echo "  FAIL: user file: $(val theme)/$(src theme)"; failures=$((failures+1)); }

FLEETOPS_THEME=mono run config show
[ "$(val theme)/$(src theme)" = mono/env ] || { echo "  FAIL: env: $(val theme)/$(src theme)"; failures=$((failures+1)); }

FLEETOPS_THEME=mono run --theme high-contrast config show
[ "$(val theme)/$(src theme)" = high-contrast/flag ] || { echo "  FAIL: flag: $(val theme)/$(src theme)"; failures=$((failures+1)); }

FLEETOPS_SIM_VEHICLES=7 run config show
[ "$(val sim.vehicles)" = 7 ] || { echo "  FAIL: FLEETOPS_SIM_VEHICLES"; failures=$((failures+1)); }

echo "tick_hz = fast" >"$XDG_CONFIG_HOME/fleetops/config"
run config show
expect_rc 2 "broken config file"
expect_grep err "config:.*/fleetops/config:1: option tick_hz: 'fast' is not a number" "file:line: reason"

rm "$XDG_CONFIG_HOME/fleetops/config"
run --config "$T/missing.conf" config show
expect_rc 2 "missing --config file"
expect_grep err "missing.conf" "missing file named"

run --sim-vehicles 0 config show
expect_rc 2 "out of range flag"
expect_grep err "out of range" "range named"

finish
