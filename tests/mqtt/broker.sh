#!/usr/bin/env bash
# broker.sh start|stop|restart|env — a private mosquitto 2 for the feed
# tests: loopback only, a free port, its own config, persistence and log in
# a temp dir.  The dir is $FO_MQTT_DIR (made by start when unset).
#
#   eval "$(tests/mqtt/broker.sh start)"   # exports FO_MQTT_DIR, _PORT, _URL
#   tests/mqtt/broker.sh stop              # kill; keeps the dir for restart
#   tests/mqtt/broker.sh restart           # same port, same persistence
#   tests/mqtt/broker.sh stop --clean      # and removes the dir
# FO_MQTT_CONF_EXTRA: config lines added after the listener line (cafile,
# certfile, keyfile, password_file, allow_anonymous false...).  With TLS
# set FO_MQTT_PING_ARGS to what mosquitto_pub needs to reach it.
set -euo pipefail

die() { echo "broker.sh: $*" >&2; exit 1; }
command -v mosquitto >/dev/null || die "mosquitto is not installed (scripts/deps.sh test)"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

write_conf() {
	local dir=$1 port=$2
	{
		echo "listener $port 127.0.0.1"
		# lines for that listener and the broker (TLS files, password_file)
		[ -n "${FO_MQTT_CONF_EXTRA:-}" ] && printf '%s\n' "$FO_MQTT_CONF_EXTRA"
		case "${FO_MQTT_CONF_EXTRA:-}" in
		*allow_anonymous*) ;;
		*) echo "allow_anonymous true" ;;
		esac
		echo "persistence true"
		echo "persistence_location $dir/"
		echo "autosave_interval 1"
		echo "log_dest file $dir/mosquitto.log"
		echo "log_type error"
		echo "log_type warning"
		echo "log_type notice"
		echo "pid_file $dir/mosquitto.pid"
		# mosquitto drops root for the user 'mosquitto', which could not
		# write this dir; stay who we are
		[ "$(id -u)" -eq 0 ] && echo "user root"
		echo "max_queued_messages 100000"
	} >"$dir/mosquitto.conf"
}

wait_up() {
	local port=$1
	for _ in $(seq 1 100); do
		# shellcheck disable=SC2086
		if mosquitto_pub -h 127.0.0.1 -p "$port" ${FO_MQTT_PING_ARGS:-} -t fleetops/test/ping \
			-m up -q 1 2>/dev/null; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

start_in() {
	local dir=$1 port=$2
	write_conf "$dir" "$port"
	mosquitto -c "$dir/mosquitto.conf" -d 2>>"$dir/mosquitto.stderr" || die "mosquitto did not start (see $dir/mosquitto.log)"
	wait_up "$port" || die "mosquitto on port $port does not answer (see $dir/mosquitto.log)"
}

stop_in() {
	local dir=$1
	[ -f "$dir/mosquitto.pid" ] || return 0
	local pid
	pid=$(cat "$dir/mosquitto.pid")
	if kill "$pid" 2>/dev/null; then
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.05
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$dir/mosquitto.pid"
}

case "${1:-}" in
start)
	dir=${FO_MQTT_DIR:-}
	[ -n "$dir" ] || dir=$(mktemp -d /tmp/fo-mqtt.XXXXXX)
	mkdir -p "$dir"
	port=$(free_port)
	echo "$port" >"$dir/port"
	start_in "$dir" "$port"
	echo "export FO_MQTT_DIR=$dir FO_MQTT_PORT=$port FO_MQTT_URL=mqtt://127.0.0.1:$port"
	;;
restart)
	dir=${FO_MQTT_DIR:?FO_MQTT_DIR is not set}
	stop_in "$dir"
	start_in "$dir" "$(cat "$dir/port")"
	;;
stop)
	dir=${FO_MQTT_DIR:?FO_MQTT_DIR is not set}
	stop_in "$dir"
	[ "${2:-}" = "--clean" ] && rm -rf "$dir"
	;;
env)
	dir=${FO_MQTT_DIR:?FO_MQTT_DIR is not set}
	port=$(cat "$dir/port")
	echo "export FO_MQTT_DIR=$dir FO_MQTT_PORT=$port FO_MQTT_URL=mqtt://127.0.0.1:$port"
	;;
*)
	echo "usage: tests/mqtt/broker.sh start|stop [--clean]|restart|env" >&2
	exit 2
	;;
esac
