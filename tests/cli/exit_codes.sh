#!/usr/bin/env bash
# The CLI contract: --help, --version, plugins, commands, exit codes 0/1/2.
. "$(dirname "$0")/lib.bash"

run --help
expect_rc 0 "--help"
expect_grep out "exit codes: 0 success, 1 runtime failure, 2 usage error" "--help names exit codes"
expect_grep out "--sim-vehicles" "--help lists options from the table"
expect_grep out "fleetops \[OPTIONS\] help \[DOMAIN\]" "--help names help [DOMAIN]"
expect_grep out "fleetops completion bash" "--help names completion bash"

run --version
expect_rc 0 "--version"
expect_grep out "^fleetops [0-9]+\.[0-9]+\.[0-9]+ \(plugin ABI [0-9]+\)" "--version"


for flag in --version -V --help -h; do
	run $flag extra
	expect_rc 2 "$flag with a stray word"
	expect_grep err "$flag takes nothing after it, not 'extra'" "$flag extra: says why"
done
run --demo --version
expect_rc 0 "--version after a global option"

# after a command word --help is that domain's help, and --version the
# command's own option
run vehicle list --help
expect_rc 0 "DOMAIN VERB --help"
expect_grep out "^  vehicle list" "DOMAIN VERB --help: the domain's commands"
checks=$((checks + 1)); if grep -q "^usage: fleetops" "$T/out"; then echo "  FAIL: DOMAIN VERB --help printed the global usage"; failures=$((failures + 1)); fi
printf 'print(...)\n' >"$T/args.lua"
run run "$T/args.lua" --help --version
expect_rc 0 "run SCRIPT --help: the script's arguments"
expect_grep out "^--help	--version$" "the script got --help and --version"

run --no-such-flag
expect_rc 2 "unknown flag"
expect_grep err "unknown option --no-such-flag" "unknown flag named"

run plugins
expect_rc 0 "plugins"
expect_grep out "^sim +[0-9.]+ +loaded" "sim plugin loaded"
for p in coordination missions optimization analytics resources performance; do
	expect_grep out "^$p +[0-9.]+ +loaded" "$p plugin loaded"
done

run --demo --sim-vehicles 12 vehicle list
expect_rc 0 "vehicle list"
expect_eq "$(grep -c 'AGV-' "$T/out")" 12 "12 vehicles listed"
expect_empty err "nothing on stderr on success"

run --demo vehicle show NO-SUCH-AGV
expect_rc 2 "unknown vehicle is a usage error"
expect_grep err "no vehicle 'NO-SUCH-AGV'" "unknown vehicle named"

run --demo vehicle frobnicate
expect_rc 2 "unknown verb"
expect_grep err "unknown command 'vehicle frobnicate'" "unknown verb named"

run nosuchdomain list
expect_rc 2 "unknown domain"

run --demo --readonly sim pause
expect_rc 1 "mutating command under --readonly"
expect_grep err "refused" "readonly refusal says so"

run --demo --readonly sim status
expect_rc 0 "read-only-safe command under --readonly"

run serve --no-such-arg
expect_rc 2 "serve with a bad argument is a usage error"

run help
expect_rc 0 "help"
expect_grep out "vehicle list" "help lists registered commands"

run --demo view show fleet.vehicles --sort -battery --columns id,battery --limit 3
expect_rc 0 "view show"
expect_eq "$(wc -l <"$T/out")" 4 "header + 3 rows"

run --demo view show fleet.vehicles --filter 'nosuchcol:x'
expect_rc 2 "bad filter column"
expect_grep err "no column 'nosuchcol'" "bad filter column named"

run --demo view show fleet.vehicles --limit -1
expect_rc 2 "view show --limit -1 is a usage error"
expect_grep err "--limit takes a whole number >= 0" "view show --limit -1 says why"

run alert history --limit -1
expect_rc 2 "alert history --limit -1 is a usage error"

run --demo view show fleet.vehicles
expect_eq "$(grep -c ' $' "$T/out")" 0 "view show: no line ends with a blank"

finish
