#!/usr/bin/env bash
# Configuration precedence end to end: flag > env > user file > default.
. "$(dirname "$0")/lib.bash"

src() { grep -E "^$1 " "$T/out" | sed -E 's/.*\((.*)\)$/\1/'; }
val() { grep -E "^$1 " "$T/out" | sed -E 's/^[^=]*= *([^ ]*).*/\1/'; }

run config show
expect_rc 0 "config show"
expect_eq "$(src theme)" default "default source"

echo "theme = light" >"$XDG_CONFIG_HOME/fleetops/config"
run config show
expect_eq "$(val theme)/$(src theme)" light/user "user file"

FLEETOPS_THEME=mono run config show
expect_eq "$(val theme)/$(src theme)" mono/env "env"

FLEETOPS_THEME=mono run --theme high-contrast config show
expect_eq "$(val theme)/$(src theme)" high-contrast/flag "flag"

FLEETOPS_SIM_VEHICLES=7 run config show
expect_eq "$(val sim.vehicles)" 7 "FLEETOPS_SIM_VEHICLES"

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
