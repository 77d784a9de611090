#!/usr/bin/env bash
# Lua from the shell: `fleetops run` exit codes, arguments, errors with
# file and line, a runaway stopped; the shipped dispatch policy refusing a
# low-battery order and the fleet report; a broken user script shown and
# harmless; `fleetops serve` stopping cleanly on SIGTERM and SIGINT.
. "$(dirname "$0")/lib.bash"
S=$T/s
mkdir -p "$S" "$XDG_CONFIG_HOME/fleetops/scripts"

printf 'return 3\n' >"$S/three.lua"
run --demo run "$S/three.lua"
expect_rc 3 "the chunk's integer is the exit code"

# Only an integer 0 to 255 is an exit code; any other return value is the
# script's error (exit 1, saying what it returned).
printf 'return 3.0\n' >"$S/three_float.lua"
run run "$S/three_float.lua"
expect_rc 3 "3.0 is the integer 3"
for bad in '3.7' '0/0' '1e308' '256' '-1' '"3"' 'true' '{}' 'math.huge'; do
	printf 'return %s\n' "$bad" >"$S/bad_ret.lua"
	run run "$S/bad_ret.lua"
	expect_rc 1 "return $bad is an error"
	expect_grep err "bad_ret\.lua returned .*, not an exit code 0 to 255" "return $bad: says why"
done
printf 'return 3.7\n' >"$S/bad_ret.lua"
run run "$S/bad_ret.lua"
expect_grep err "returned 3\.7," "the message shows the value"
printf 'return {}\n' >"$S/bad_ret.lua"
run run "$S/bad_ret.lua"
expect_grep err "returned a table," "the message names a table by its type"
printf 'return "3"\n' >"$S/bad_ret.lua"
run run "$S/bad_ret.lua"
expect_grep err "returned a string," "a string, even a numeral, is not an exit code"
printf 'return nil\n' >"$S/nil_ret.lua"
run run "$S/nil_ret.lua"
expect_rc 0 "return nil: no exit code, 0"

# print past the first buffer block (~8 KB) with several arguments; a
# command's long output printed
printf 'print(string.rep("x", 8000), 1)\nprint(fleetops.command("help"))\nreturn 0\n' \
	>"$S/print_big.lua"
run --demo run "$S/print_big.lua"
expect_rc 0 "print of 8 KB and more with several arguments"
expect_grep out '^x{8000}	1$' "the long line and its second argument, tab-separated"
expect_grep out '^true	' "print(fleetops.command('help')) prints ok and the text"

# An error table's __tostring is the message.
printf 'local E = {__tostring = function(e) return "E" .. e.code .. ": " .. e.msg end}\n\nerror(setmetatable({code = 42, msg = "no route"}, E))\n' \
	>"$S/err_table.lua"
run run "$S/err_table.lua"
expect_rc 1 "an error table"
expect_grep err "err_table\.lua:3: E42: no route" "its __tostring with file and line"

printf 'local a, b = ...\nprint(a .. "+" .. b, #fleetops.args)\nfleetops.exit(4)\nprint("not reached")\n' >"$S/args.lua"
run --demo run "$S/args.lua" one --two
expect_rc 4 "fleetops.exit(4)"
expect_grep out '^one\+--two	2$' "arguments reach the script (options after the file too)"
checks=$((checks + 1)); if grep -q "not reached" "$T/out"; then echo "  FAIL: ran past exit"; failures=$((failures + 1)); fi

printf 'local x = 1\nerror("boom")\n' >"$S/err.lua"
run --demo run "$S/err.lua"
expect_rc 1 "a runtime error"
expect_grep err "err\.lua:2: boom" "the error names file and line"

printf 'local x = \n' >"$S/syntax.lua"
run run "$S/syntax.lua"
expect_rc 1 "a syntax error"
expect_grep err "syntax\.lua:2:" "the syntax error names file and line"

printf 'local n = 0\nwhile true do n = n + 1 end\n' >"$S/spin.lua"
run --demo run "$S/spin.lua"
expect_rc 1 "a runaway script"
expect_grep err "spin\.lua:2: stopped: time limit of 200 ms exceeded" "stopped with file and line"

run run "$S/no-such.lua"
expect_rc 2 "a missing script is a usage error"
expect_grep err "cannot read" "says why"

run run
expect_rc 2 "run without a script"

printf 'fleetops.after(0.1, function() print("later") fleetops.exit(5) end)\n' >"$S/later.lua"
run run "$S/later.lua"
expect_rc 5 "exit from a timer"
expect_grep out "^later$" "the timer ran"

printf 'os.execute("touch %s/escaped")\n' "$T" >"$S/escape.lua"
run run "$S/escape.lua"
expect_rc 1 "os.execute refused"
checks=$((checks + 1)); if [ -e "$T/escaped" ]; then echo "  FAIL: escaped the sandbox"; failures=$((failures + 1)); fi

# The shipped dispatch policy: drive the simulator until a vehicle is
# under 20%, then order it (and a charged one) through the registry.
cat >"$S/dispatch.lua" <<'LUA'
local low, high
for _ = 1, 200 do
  for _, v in ipairs(fleetops.vehicles()) do
    if v.battery < 20 and not low then low = v.id end
    if v.battery > 50 and not high then high = v.id end
  end
  if low and high then break end
  fleetops.command("sim step --count 100")
end
assert(low and high, "no vehicle drained below 20%")
local ok, text = fleetops.command{"vehicle", "order", low, "N-00001"}
print("low: " .. tostring(ok) .. " " .. text)
ok, text = fleetops.command{"vehicle", "order", high, "N-00001"}
print("high: " .. tostring(ok) .. " " .. text)
return 0
LUA
FLEETOPS_SCRIPTS_TIME_MS=20000 FLEETOPS_SCRIPTS_INSTRUCTIONS=1e10 \
	run --demo --sim-vehicles 20 run "$S/dispatch.lua"
expect_rc 0 "dispatch policy run"
expect_grep out "^low: false refused by policy min-battery: AGV-[0-9]+ has 1?[0-9]\.[0-9]% battery, dispatch needs 20%" \
	"an order below 20% is refused with the policy's reason"
expect_grep out "^high: false " "a charged vehicle passes the policy (and reaches the command)"
checks=$((checks + 1)); if grep -q "^high:.*policy" "$T/out"; then echo "  FAIL: policy refused a charged vehicle"; failures=$((failures + 1)); fi

run --demo run scripts/run/fleet_report.lua 30
checks=$((checks + 1)); if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "  FAIL: fleet_report exit $rc"; failures=$((failures + 1)); fi
expect_grep out "^fleet-1 +50 vehicles  battery avg" "the report lists fleets"
expect_grep out "^total 200 vehicles" "the report's totals"
run --demo run scripts/run/fleet_report.lua abc
expect_rc 2 "the report refuses a bad argument"

# A user script that prints a long line loads at start of every one-shot
# command without harm.
printf 'print(string.rep("x", 8000), 1)\nprint(fleetops.command("help"))\n' \
	>"$XDG_CONFIG_HOME/fleetops/scripts/loud.lua"
run --demo vehicle list
expect_rc 0 "a one-shot command with a user script printing 8 KB"
expect_grep out "AGV-00001" "the command's output"
run --demo script list
expect_grep out "loud +done" "the printing script ran to its end"
rm -f "$XDG_CONFIG_HOME/fleetops/scripts/loud.lua"

# A broken user script: shown, and harmless.
printf 'fleetops.policy("vehicle list", function() return false, "nope" end\n' \
	>"$XDG_CONFIG_HOME/fleetops/scripts/broken.lua"
run --demo script list
expect_rc 0 "script list"
expect_grep out "dispatch_policy +running" "the shipped policy runs"
expect_grep out "broken +failed .*broken\.lua:2:" "the broken script with its error"
run --demo vehicle list
expect_rc 0 "the console's commands still work"
rm -f "$XDG_CONFIG_HOME/fleetops/scripts/broken.lua"

run --demo --scripts=false script list
expect_grep out "no scripts loaded" "--scripts=false"

# serve: headless until a signal, exit 0.
for sig in TERM INT; do
	"$FO" --demo serve >"$T/out" 2>"$T/err" &
	pid=$!
	for _ in $(seq 50); do grep -q "serve: running" "$T/err" && break; sleep 0.1; done
	expect_grep err "serve: running, 7 scripts" "serve started with the shipped scripts"
	t0=$(date +%s%N)
	kill -$sig $pid
	wait $pid
	rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	expect_rc 0 "serve stops on SIG$sig with exit 0"
	expect_grep err "serve: stopped" "serve says it stopped (SIG$sig)"
	checks=$((checks + 1)); if [ "$ms" -gt 3000 ]; then echo "  FAIL: SIG$sig took $ms ms"; failures=$((failures + 1)); fi
done
run --demo serve --seconds 0.5
expect_rc 0 "serve --seconds"
for bad in nan inf 1e308 -1 ""; do
	run serve --seconds "$bad"
	expect_rc 2 "serve --seconds '$bad' (nan and '' once ran forever)"
done

finish
