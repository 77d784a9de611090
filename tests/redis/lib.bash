# lib.bash — shared by tests/redis/test_*.sh (sourced, not run).
#   rd_setup NAME   private dir, private redis-server (tests/redis/server.sh),
#                   stopped again on exit; sets RD_DIR, REDIS_PORT, REDIS_URL
#   fo ARGS...      build/fleetops with private XDG dirs and log file
#   rcli ARGS...    redis-cli on the private server
#   check DESC CMD  one assertion: counts it, prints FAIL lines
#   rd_done         prints "NAME: N passed, M failed", exits non-zero on failure
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
BUILD=${BUILD:-build}
FO=$BUILD/fleetops
RD_NAME=
RD_DIR=
RD_PASS=0
RD_FAIL=0

rd_cleanup() {
	[ -n "$RD_DIR" ] || return 0
	# background fleetops of ours, by the pid files the tests keep
	for f in "$RD_DIR"/*.pid; do
		[ -f "$f" ] || continue
		[ "$(basename "$f")" = redis.pid ] && continue
		kill -9 "$(cat "$f")" 2>/dev/null || true
	done
	tests/redis/server.sh stop "$RD_DIR/server" >/dev/null 2>&1 || true
	if [ "$RD_FAIL" -eq 0 ] && [ -z "${RD_KEEP:-}" ]; then
		rm -rf "$RD_DIR"
	else
		echo "$RD_NAME: files kept in $RD_DIR"
	fi
}

rd_setup() {
	RD_NAME=$1
	if [ ! -x "$FO" ]; then
		echo "$RD_NAME: $FO is not built (make all)"
		echo "$RD_NAME: 0 passed, 1 failed"
		exit 1
	fi
	if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
		echo "$RD_NAME: redis-server and redis-cli are needed (scripts/deps.sh test)"
		echo "$RD_NAME: 0 passed, 1 failed"
		exit 1
	fi
	RD_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fo-redis-$RD_NAME.XXXXXX")
	trap rd_cleanup EXIT
	local envs
	if ! envs=$(tests/redis/server.sh start "$RD_DIR/server" 2>&1); then
		echo "$RD_NAME: could not start redis-server: $envs"
		RD_FAIL=1
		rd_done
	fi
	eval "$envs"
	export XDG_DATA_HOME=$RD_DIR/data XDG_STATE_HOME=$RD_DIR/state
	export XDG_CONFIG_HOME=$RD_DIR/config
	echo "$RD_NAME: redis-server on $REDIS_URL"
}

fo() {
	"$FO" --log-file "$RD_DIR/fleetops.log" "$@"
}

rcli() {
	redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"
}

check() {
	local desc=$1
	shift
	if "$@"; then
		RD_PASS=$((RD_PASS + 1))
		echo "ok   $desc"
	else
		RD_FAIL=$((RD_FAIL + 1))
		echo "FAIL $desc"
	fi
}

# wait_for SECONDS CMD...: true as soon as CMD succeeds
wait_for() {
	local secs=$1
	shift
	local end=$((SECONDS + secs))
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}

rd_done() {
	echo "$RD_NAME: $RD_PASS passed, $RD_FAIL failed"
	[ "$RD_FAIL" -eq 0 ] && exit 0
	exit 1
}
