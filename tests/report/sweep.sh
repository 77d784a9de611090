#!/usr/bin/env bash
# Every registered view (report --list) in every format on three models,
# with the ASan+UBSan build ($ASAN_BUILD, default build-asan): empty (a
# store, no vehicle yet: a real site before its vehicles connect), the demo,
# and vehicles that arrived over MQTT (the simulator on a private
# mosquitto, and one hostile vehicle whose id holds U+202E and whose error
# and order hold ESC sequences).  A crash, a sanitizer report or an exit
# code other than 0 fails; each output must be non-empty.
. "$(dirname "$0")/lib.bash"
AB=${ASAN_BUILD:-build-asan}
case $AB in /*) ;; *) AB=$ROOT/$AB ;; esac
A=$AB/fleetops
if [ ! -x "$A" ]; then
	echo "sweep.sh: $A is missing: make -j2 WERROR=1 SAN=1 BUILD=build-asan all"
	exit 1
fi
mkdir -p "$T/san"
export ASAN_OPTIONS=log_path=$T/san/asan:detect_leaks=1
export UBSAN_OPTIONS=log_path=$T/san/ubsan:print_stacktrace=1:halt_on_error=1
FORMATS="table csv json md html"

views=$("$A" report --list | awk '{print $1}')
nviews=$(echo "$views" | wc -w)
expect_eq "$([ "$nviews" -ge 20 ] && echo yes)" yes "report --list names the views ($nviews)"

# sanitizer WHAT: fails on any report written so far, then clears them.
sanitizer() {
	checks=$((checks + 1))
	local f found=
	for f in "$T"/san/*; do
		[ -s "$f" ] || continue
		found=1
		echo "  FAIL ($1): sanitizer report $(basename "$f"):"
		head -n 30 "$f" | sed 's/^/    /'
		rm -f "$f"
	done
	[ -z "$found" ] || failures=$((failures + 1))
}

# outputs MODEL DIR: every view.format in DIR is there and not empty.
outputs() {
	local v f
	for v in $views; do
		for f in $FORMATS; do
			checks=$((checks + 1))
			if [ ! -s "$2/$v.$f" ]; then
				echo "  FAIL ($1: $v --format $f): no output"
				failures=$((failures + 1))
			fi
		done
	done
}

# then: ';'-separated report lines writing each view and format to DIR
then_lines() {
	local v f l=
	for v in $views; do
		for f in $FORMATS; do
			l+="report show $v --format $f --out $1/$v.$f; "
		done
	done
	printf '%s' "$l"
}

# ---- empty: every view and format in one process, then each view in its
# own, as a user runs it (and analytics.errors, which crashed, in every
# format)
mkdir -p "$T/empty"
run_a() {
	"$A" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
run_a feeds watch --seconds 0 --then "$(then_lines "$T/empty")"
expect_rc 0 "empty model: every view in every format"
outputs "empty model" "$T/empty"
for v in $views; do
	"$A" report "$v" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0 "empty model: report $v"
done
for f in $FORMATS; do
	"$A" report analytics.errors --format "$f" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0 "empty model: report analytics.errors --format $f"
done
sanitizer "empty model"
# the one that crashed: an empty table, saying why
expect_grep empty/analytics.errors.table "no vehicle reports an error" "empty analytics.errors says why"

# ---- the demo: the simulator runs 3 s, then every view and format
mkdir -p "$T/demo"
run_a "${DEMO[@]}" feeds watch --seconds 3 --then "$(then_lines "$T/demo")"
expect_rc 0 "demo: every view in every format"
sanitizer "demo"
outputs "demo" "$T/demo"

# ---- vehicles over MQTT
export FO_MQTT_DIR=$T/broker
eval "$("$ROOT/tests/mqtt/broker.sh" start)" || {
	echo "sweep.sh: cannot start mosquitto"
	exit 1
}
sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; "$ROOT/tests/mqtt/broker.sh" stop --clean >/dev/null 2>&1; rm -rf "$T"' EXIT
SIMBIN=$ROOT/${BUILD:-build}/fleetops
XDG_DATA_HOME=$T/simdata XDG_STATE_HOME=$T/simstate \
	"$SIMBIN" sim --mqtt "$FO_MQTT_URL" --vehicles 6 --rate 2 --seconds 120 >"$T/sim.log" 2>&1 &
sim_pid=$!
if ! timeout 10 mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -t 'uagv/v2/+/+/state' -C 1 \
	>"$T/state.json"; then
	echo "sweep.sh: no state message from the simulator: $(cat "$T/sim.log")"
	exit 1
fi
EVIL=$(printf 'EVIL\u202eX')
"$PY" - "$T/state.json" >"$T/evil.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["serialNumber"] = "EVIL\u202eX"
d["manufacturer"] = "Hostile"
d["orderId"] = "ord\u001b[2Jx"
d["errors"] = [{"errorType": "bad\u001b[31mtype", "errorLevel": "FATAL",
                "errorDescription": "esc \u001b]0;title\u0007 in it"}]
print(json.dumps(d))
PY
mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" -r -q 1 -t "uagv/v2/Hostile/$EVIL/state" -f "$T/evil.json"
mkdir -p "$T/mqtt"
# the reports run twice: while the feed is live (--do) and after it
run_a --mqtt "$FO_MQTT_URL" --mqtt-client-id fo-report-sweep feeds watch --seconds 4 --at 2 \
	--do "$(then_lines "$T/mqtt")" --then "vehicle list; $(then_lines "$T/mqtt")"
expect_rc 0 "mqtt: every view in every format"
sanitizer "mqtt"
outputs "mqtt" "$T/mqtt"
expect_grep out "AGV-0000[1-6]" "the simulator's vehicles arrived over MQTT"
expect_grep out "EVIL" "the hostile vehicle arrived over MQTT"
# vehicle list (a text table for a terminal) shows U+202E and ESC as '?'
expect_grep out "^EVIL\?X +Hostile .*ord\?\[2Jx" "vehicle list replaces U+202E and ESC"
checks=$((checks + 1))
if grep "^EVIL" "$T/out" | grep -q "$(printf '\033')\|$(printf '\u202e')"; then
	echo "  FAIL (vehicle list wrote an ESC or U+202E to the terminal)"
	failures=$((failures + 1))
fi
# the analytics view counts the hostile vehicle's error
expect_grep mqtt/analytics.errors.csv "^bad.\\[31mtype,FATAL,1," "analytics.errors counts the hostile error"
finish
