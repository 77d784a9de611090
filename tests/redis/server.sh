#!/usr/bin/env bash
# server.sh start|stop|restart|env DIR — a private redis-server 7 for the
# tests, on a free loopback port and a Unix socket, with everything (config,
# socket, pid, log) under DIR.  Not a test: the test_*.sh scripts use it.
#   start    starts it, waits until it answers, prints the env lines
#   stop     stops it (SHUTDOWN NOSAVE; then the pid)
#   restart  stop, then start on the same port
#   env      prints REDIS_PORT=... REDIS_URL=... REDIS_SOCKET=... for eval
# No persistence: the tests that restart the server only need it to come
# back, not to keep its data.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
	echo "usage: tests/redis/server.sh start|stop|restart|env DIR" >&2
	exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

find_server() {
	command -v redis-server >/dev/null && { command -v redis-server; return; }
	[[ -x /usr/bin/redis-server ]] && { echo /usr/bin/redis-server; return; }
	echo "server.sh: redis-server not found (apt-get install redis-server)" >&2
	exit 1
}

free_port() {
	python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

ping() {
	redis-cli -h 127.0.0.1 -p "$1" PING 2>/dev/null | grep -q PONG
}

start() {
	local port
	if [[ -f "$dir/port" ]]; then port=$(cat "$dir/port"); else port=$(free_port); fi
	echo "$port" >"$dir/port"
	cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
dir $dir
pidfile $dir/redis.pid
logfile $dir/redis.log
daemonize yes
save ""
appendonly no
protected-mode yes
unixsocket $dir/redis.sock
unixsocketperm 700
EOF
	"$(find_server)" "$dir/redis.conf"
	for _ in $(seq 100); do
		ping "$port" && { env_lines; return 0; }
		sleep 0.1
	done
	echo "server.sh: redis-server did not answer on port $port; log:" >&2
	tail -20 "$dir/redis.log" >&2 || true
	exit 1
}

stop() {
	[[ -f "$dir/port" ]] || return 0
	local port pid=""
	port=$(cat "$dir/port")
	[[ -f "$dir/redis.pid" ]] && pid=$(cat "$dir/redis.pid")
	redis-cli -h 127.0.0.1 -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
	for _ in $(seq 50); do
		ping "$port" || break
		sleep 0.1
	done
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		sleep 0.2
	fi
	rm -f "$dir/redis.pid"
}

env_lines() {
	local port
	port=$(cat "$dir/port")
	echo "REDIS_PORT=$port"
	echo "REDIS_URL=redis://127.0.0.1:$port"
	echo "REDIS_SOCKET=$dir/redis.sock"
}

case "$cmd" in
start) start ;;
stop) stop ;;
restart) stop; start ;;
env) env_lines ;;
*) echo "usage: tests/redis/server.sh start|stop|restart|env DIR" >&2; exit 2 ;;
esac
