# Shared helpers for the feed tests against a private mosquitto: a private
# HOME and XDG dirs, the broker (started here, stopped on exit), checks that
# say what they expected, and the closing "NAME: N passed, M failed" line.
set -uo pipefail
FO=${BUILD:-build}/fleetops
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NAME=$(basename "$0" .sh)
NAME=${NAME#test_}
# VDA 5050 test data kept in the repository: the reference state message
# and the official 2.1.0 JSON schemas (tests/vda/schemas/SOURCE.md)
export FO_VDA_REF=${FO_VDA_REF:-$(cd "$HERE/../vda" && pwd)/reference-state.json}
export FO_VDA_SCHEMAS=${FO_VDA_SCHEMAS:-$(cd "$HERE/../vda/schemas/2.1.0" && pwd)}
T=$(mktemp -d /tmp/fo-feeds.XXXXXX)
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME/fleetops"
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
export FLEETOPS_LOG_FILE=$T/fleetops.log FLEETOPS_STORE=sqlite:$T/fleetops.db
passed=0
failed=0
bg_pids=()

cleanup() {
	for p in "${bg_pids[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "${FO_MQTT_DIR:-}" ] && "$HERE/broker.sh" stop --clean
	if [ -n "${FO_KEEP:-}" ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

broker_start() {
	export FO_MQTT_DIR=$T/broker
	eval "$("$HERE/broker.sh" start)" || { echo "$NAME: cannot start mosquitto"; exit 1; }
}

ok() { passed=$((passed + 1)); }
bad() {
	failed=$((failed + 1))
	echo "  FAIL: $*"
}

# expect_grep FILE ERE WHAT
expect_grep() {
	if grep -qE -- "$2" "$1"; then ok; else
		bad "$3: no /$2/ in $(basename "$1"):"
		head -c 1500 "$1" | sed 's/^/    /'
	fi
}
expect_nogrep() {
	if ! grep -qE -- "$2" "$1"; then ok; else
		bad "$3: /$2/ found in $(basename "$1"):"
		grep -E -- "$2" "$1" | head -5 | sed 's/^/    /'
	fi
}
# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', expected '$2'"; fi
}

pub() { mosquitto_pub -h 127.0.0.1 -p "$FO_MQTT_PORT" "$@"; }

# A compact VDA 5050 message from the reference state with fields replaced:
# state_msg SERIAL HEADERID BATTERY X Y
state_msg() {
	python3 - "$@" <<'PY'
import json, sys
import os
d = json.load(open(os.environ["FO_VDA_REF"]))
serial, hid, batt, x, y = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
d["serialNumber"] = serial
d["headerId"] = hid
d["batteryState"]["batteryCharge"] = batt
d["agvPosition"]["x"] = x
d["agvPosition"]["y"] = y
print(json.dumps(d, separators=(",", ":")))
PY
}

conn_msg() { # conn_msg SERIAL HEADERID STATE
	printf '{"headerId":%d,"timestamp":"2026-11-26T21:00:00.000Z","version":"2.0.0","manufacturer":"AtlasMesh","serialNumber":"%s","connectionState":"%s"}' "$2" "$1" "$3"
}

finish() {
	echo "$NAME: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
