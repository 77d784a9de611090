# lib.bash — what the tests of the simulator on a broker share: private
# dirs, a mosquitto (the feed tests' helper when present, else one of
# our own), pass/fail counting, and reading what the AGVs published
# (tests/sim/vda.py).  Sourced by tests/sim/test_*.sh.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
FO=$BUILD/fleetops
VDA=tests/sim/vda.py
SCHEMAS=${FO_VDA_SCHEMAS:-tests/vda/schemas/2.1.0}
T=$(mktemp -d)
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME"
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
pass=0 fail=0
pids=()

cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	if [ -n "${own_broker:-}" ]; then
		kill "$own_broker" 2>/dev/null
	elif [ -n "${FO_MQTT_DIR:-}" ]; then
		tests/mqtt/broker.sh stop --clean >/dev/null 2>&1
	fi
	rm -rf "$T"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); }
no() {
	fail=$((fail + 1))
	echo "  FAIL: $*"
}
check() { # check WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then ok; else no "$what"; fi
}

# The broker: the feed tests' helper when present, else a mosquitto of our own.
own_broker=
if [ -x tests/mqtt/broker.sh ] && out=$(tests/mqtt/broker.sh start 2>"$T/broker.err"); then
	eval "$out"
	PORT=$FO_MQTT_PORT
else
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$PORT" >"$T/mosq.conf"
	mosquitto -c "$T/mosq.conf" >"$T/mosq.log" 2>&1 &
	own_broker=$!
	for _ in $(seq 1 100); do
		mosquitto_pub -p "$PORT" -t ping -m up 2>/dev/null && break
		sleep 0.05
	done
fi
URL=tcp://127.0.0.1:$PORT
LOG=$T/sub.log
P=uagv/v2/AtlasMesh-Sim

q() { python3 "$VDA" q "$LOG" "$@"; }
# wait_for SECONDS SERIAL TOPIC EXPR: until EXPR is True
wait_for() {
	local n=$(($1 * 10))
	shift
	for _ in $(seq 1 "$n"); do
		[ "$(q "$@" 2>/dev/null)" = True ] && return 0
		sleep 0.1
	done
	return 1
}
pub() { mosquitto_pub -p "$PORT" -t "$P/$1/$2" -m "$3"; }
