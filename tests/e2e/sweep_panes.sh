#!/bin/bash
# sweep_panes.sh — every pane and each of its views (sub-tabs) opened in the
# console, and the detail or drill-down of a row where the view has rows
# (two levels deep, then back), on three models: empty (a store, no vehicle
# yet: a real site before its vehicles connect), the demo, and vehicles that
# arrived over MQTT (the simulator on a private mosquitto).  The ASan+UBSan
# build: any crash, exit or sanitizer report fails.  The MQTT model also
# carries a hostile vehicle whose id holds U+202E (right-to-left override)
# and whose error type, description and order id hold ESC sequences: the
# table, the detail and the status line must draw them as visible
# replacements, never raw.
set -euo pipefail
source "$(dirname "$0")/lib.inc"
use_asan
TIMEOUT=${E2E_TIMEOUT:-20}
FFFD=$'\xef\xbf\xbd'

# pause: long enough for the ASan build to take a key and redraw (it draws
# at --tick-hz; 20 here).
pause() { sleep "${1:-0.25}"; }

# changed OLD: waits up to 2 s for screen line 3 (the breadcrumbs) to
# differ from OLD; false when it does not.
changed() {
	local end=$((SECONDS + 2))
	while ((SECONDS < end)); do
		[ "$(line 3)" != "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# sweep MODEL: each pane on the tab bar, each of its views, Enter twice
# (drill-down, detail) and back, the column chooser, both sorts.
sweep() {
	local model=$1 slot title first cur i views=0
	for slot in 0 1 2 3 4 5 6 7 8; do
		title=$(line 1 | grep -oE " $slot [A-Z][A-Za-z -]*[a-z]" | head -n1 | sed "s/^ $slot //" || true)
		[ -n "$title" ] || continue
		keys "$slot"
		wait_line 3 "^ $title"
		alive "$model: pane $title"
		first=$(line 3)
		for i in $(seq 1 16); do
			cur=$(line 3)
			views=$((views + 1))
			keys g Enter
			pause 0.15
			keys Enter j G
			pause 0.15
			keys Escape
			pause 0.05 # past the ESC delay: not read as Alt-key
			keys Escape
			pause 0.05
			keys c
			pause 0.1
			keys Escape
			pause 0.05
			keys s S
			pause 0.1
			alive "$model: $cur: Enter twice, back, columns, sort"
			# one view: no "[ ] switch" on the sub-tab bar
			line 2 | grep -q "\[ \] switch" || break
			keys ']'
			changed "$cur" || fail "$model: ']' did not switch from $cur"
			# back at the first: all seen
			[ "$(line 3)" != "$first" ] || break
		done
	done
	[ "$views" -ge 20 ] || fail "$model: only $views views visited"
	# both help boxes
	keys '?'
	wait_for "Keys \(remap" "$model: the help"
	keys G
	pause
	keys Escape
	pause 0.05
	keys :
	text "help"
	keys Enter
	pause 0.5
	keys G Escape
	pause
	alive "$model: help"
	echo "sweep_panes: $model: $views views (${SECONDS}s)"
}

# ---- empty: a store, no simulator, no feed
E2E_DEMO="" start_console "" "--tick-hz 20"
wait_for "no vehicles" "the empty vehicles table"
sweep empty
keys q
wait_exit 0
san_report && fail "sanitizer report at exit (empty)"

# ---- the demo
start_console "" "--tick-hz 20"
wait_for "Vehicle +Fleet +State" "the vehicles table"
sweep demo
keys q
wait_exit 0
san_report && fail "sanitizer report at exit (demo)"

# ---- vehicles over MQTT, and a hostile one
export FO_MQTT_DIR=$TMP/broker
eval "$("$ROOT/tests/mqtt/broker.sh" start)"
sim_pid=
trap '[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; "$ROOT/tests/mqtt/broker.sh" stop --clean >/dev/null 2>&1 || true; cleanup' EXIT
SIMBIN=$ROOT/${PLAIN_BUILD:-build}/fleetops
[ -x "$SIMBIN" ] || SIMBIN=$BIN
HOME=$TMP/home XDG_CONFIG_HOME=$TMP/config XDG_STATE_HOME=$TMP/simstate XDG_DATA_HOME=$TMP/simdata \
	"$SIMBIN" sim --mqtt "$FO_MQTT_URL" --vehicles 6 --rate 2 --seconds 600 >"$TMP/sim.log" 2>&1 &
sim_pid=$!
# a real state message of the simulator, made hostile
timeout 10 mosquitto_sub -h 127.0.0.1 -p "$FO_MQTT_PORT" -t 'uagv/v2/+/+/state' -C 1 >"$TMP/state.json" ||
	fail "no state message from the simulator on the broker: $(cat "$TMP/sim.log")"
EVIL=$(printf 'EVIL\u202eX')
python3 - "$TMP/state.json" >"$TMP/evil.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["serialNumber"] = "EVIL\u202eX"
d["manufacturer"] = "Hostile"
d["orderId"] = "ord\u001b[2Jx"
d["errors"] = [{"errorType": "bad\u001b[31mtype", "errorLevel": "WARNING",
                "errorDescription": "esc \u001b]0;title\u0007 in it"}]
print(json.dumps(d))
PY
mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" -r -q 1 -t "uagv/v2/Hostile/$EVIL/state" -f "$TMP/evil.json"
# and one whose id holds a space: a row action must pass it as one word
sed 's/"serialNumber": *"[^"]*"/"serialNumber": "SP ACE"/' "$TMP/evil.json" >"$TMP/space.json"
mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" -r -q 1 -t "uagv/v2/Hostile/SP ACE/state" -f "$TMP/space.json"

E2E_DEMO="" start_console "" "--tick-hz 20 --mqtt $FO_MQTT_URL --mqtt-client-id fo-e2e-sweep"
wait_for "AGV-0000[1-6]" "the simulator's vehicles over MQTT"
wait_for "EVIL" "the hostile vehicle"
# table: U+202E drawn as a replacement, the ESC of the error type too
wait_for "EVIL${FFFD}X" "the hostile id drawn with a replacement for U+202E"
screen | grep -q "$(printf '\u202e')" && fail "U+202E reached the terminal"
keys /
text "Hostile"
keys Enter
pause 0.5
wait_for "bad${FFFD}\[31mtype" "the ESC of the error type drawn as a replacement"
wait_for "ord${FFFD}\[2Jx" "the ESC of the order id drawn as a replacement"
# detail: title, errors
keys g Enter
wait_for "esc ${FFFD}\]0;title${FFFD} in it" "the error description in the detail"
wait_line 3 "EVIL${FFFD}X"
keys Escape
# the status line: a filter with U+202E and ESC in it
keys /
keys C-u
text "$(printf 'EV\u202eIL')"
keys Enter
wait_line 39 "/EV${FFFD}IL"
# a row action quotes the key: sim fault "SP ACE", not two arguments
keys /
keys C-u
text "SP ACE"
keys Enter
wait_line 39 "/SP ACE"
keys g f
wait_for 'sim fault "SP ACE"' "the row key quoted in the action's command"
keys n
wait_line 40 "cancelled"
keys /
keys C-u
keys Enter
pause
alive "mqtt: hostile vehicles"
sweep mqtt
keys q
wait_exit 0
san_report && fail "sanitizer report at exit (mqtt)"
echo "sweep_panes: ok"
