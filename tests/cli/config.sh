#!/usr/bin/env bash
# Configuration precedence end to end: flag > env > user file > default;
# options plugins declare (held until the plugin loads, then checked);
# bad configuration stops start-up with exit code 2 and says why.
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

# ---- options of plugins: the same precedence, checked when declared
C=$XDG_CONFIG_HOME/fleetops/config
printf 'sim.fleets = 3\nmqtt.qos = 1\n' >"$C"
FLEETOPS_SIM_SEED=9 run --sim-vehicles 12 config show
expect_rc 0 "plugin options from file, env and flag"
expect_eq "$(val sim.fleets)/$(src sim.fleets)" 3/user "a plugin's option from the user file"
expect_eq "$(val sim.seed)/$(src sim.seed)" 9/env "a plugin's option from the environment"
expect_eq "$(val sim.vehicles)/$(src sim.vehicles)" 12/flag "a plugin's flag"
expect_eq "$(val mqtt.qos)" 1 "mqtt.qos from the file"
run --help
expect_grep out "^  --mqtt V +MQTT broker" "--help lists the plugins' flags"
expect_grep out "^  \(missions.max_attempts\) +missions: dispatches" "--help lists their file-only options"
printf 'sim.fleets = 3\nmqtt.qos = 7\n' >"$C"
run config show
expect_rc 2 "a plugin's option out of range in the file"
expect_grep err "config:.*/fleetops/config:2: option mqtt.qos: 7 is out of range 0..1" "file:line: reason"
printf 'sim.fleetz = 3\n' >"$C"
run config show
expect_rc 2 "an unknown dotted option in the file"
expect_grep err "config:.*/fleetops/config:1: unknown option 'sim.fleetz'" "named with file and line"
FLEETOPS_REDIS_MAXLEN=5 run config show
expect_rc 2 "a plugin's option out of range in the environment"
expect_grep err "FLEETOPS_REDIS_MAXLEN" "the variable named"
run --seed notanumber config show
expect_rc 2 "a plugin's flag with a bad value"
expect_grep err "option sim.seed: 'notanumber' is not an integer" "the flag's option named"
# a disabled plugin's options: a file value is ignored (logged), a flag is
# a usage error naming the plugins that are not loaded
printf 'plugins_disable = mqtt\nmqtt.qos = 1\n' >"$C"
run --log-file "$T/log" config show
expect_rc 0 "a disabled plugin's option in the file is ignored"
expect_grep log "option mqtt.qos ignored: plugin mqtt is not loaded" "and logged"
run --mqtt tcp://127.0.0.1:1 config show
expect_rc 2 "a disabled plugin's flag"
expect_grep err "unknown option --mqtt .*plugins not loaded: mqtt \(disabled\)" "says which plugin is off"
rm "$C"

# ---- bad configuration stops start-up (exit 2), with the reason
run --log-level bogus config show
expect_rc 2 "--log-level bogus"
expect_grep err "option log_level: 'bogus' is not one of debug,info,warn,error" "the levels named"
FLEETOPS_COLOR=8bit run config show
expect_rc 2 "an unknown colour depth"
run --config "$T" config show
expect_rc 2 "a directory as --config"
expect_grep err "is a directory" "says it is a directory"
for bad in "key.qiut = x|key.qiut: unknown action" "key.quit = Hyper-Q|key.quit = Hyper-Q: unknown key name" \
	'key.quit = ""|key.quit: empty key' "key.quit = x
key.help = x|key.help = x: the key is bound to quit too" "key.quit = x
key.quit = y|key.quit bound twice"; do
	printf '%s\n' "${bad%%|*}" >"$C"
	run config show
	expect_rc 2 "bad key binding: ${bad%%|*}"
	expect_grep err "config:.*/fleetops/config:[0-9]+: ${bad#*|}" "${bad#*|}, with file and line"
done
printf 'key.quit = x\nkey.down = n\n' >"$C"
run config show
expect_rc 0 "good key bindings"
rm "$C"

finish
