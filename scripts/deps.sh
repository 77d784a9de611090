#!/usr/bin/env bash
# deps.sh run|test — installs the Debian packages fleetops needs, when
# missing.  As root it runs apt-get; otherwise it prints the exact command
# and fails, so nothing happens behind the user's back.
set -euo pipefail

# Build and run: compiler, pkg-config, the libraries the binary and its
# plugins link (SQLite is the embedded store, libpq the PostgreSQL plugin,
# hiredis the Redis plugin, paho-mqtt-c the MQTT plugin and the simulator on
# a broker, jansson the simulator's VDA 5050 messages, Lua 5.4 the script
# host).
run_pkgs=(build-essential pkg-config libncurses-dev libuv1-dev libsqlite3-dev libpq-dev libsimdjson-dev libhiredis-dev libpaho-mqtt-dev libjansson-dev liblua5.4-dev)
# The suite adds cmocka (unit tests), tmux (end-to-end tests in a real
# terminal; ncurses-term has the terminfo entries they use) and a
# PostgreSQL 15 server (with contrib: btree_gist) and a Redis 7 server
# (redis-cli comes with it) and mosquitto 2 (with its clients) that tests
# start privately.  Report tests open the HTML report in headless chromium
# and decode its screenshot with python3-pil.  libmosquitto-dev only builds a
# comparison client of the MQTT CPU benchmark (tests/bench/mqtt_client_cpu.sh);
# fleetops uses paho.
test_pkgs=("${run_pkgs[@]}" libcmocka-dev tmux ncurses-term postgresql-15 postgresql-client-15 python3-jsonschema redis-server mosquitto mosquitto-clients)
test_pkgs+=(chromium python3-pil libmosquitto-dev)
# tools the test scripts call that a minimal Debian 12 may lack: man and groff
# (the manual page check), col (bsdextrautils), ss (iproute2, the private
# PostgreSQL's free port), openssl (the broker's TLS test certificates)
test_pkgs+=(man-db groff-base bsdextrautils iproute2 openssl)
# the forecasts' oracle in tests/analytics/ (never used by fleetops itself)
test_pkgs+=(python3-statsmodels)

case "${1:-}" in
run) want=("${run_pkgs[@]}") ;;
test) want=("${test_pkgs[@]}") ;;
*) echo "usage: scripts/deps.sh run|test" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "fleetops: missing Debian packages: ${missing[*]}" >&2
	echo "run as root:  apt-get update && $cmd" >&2
	exit 1
fi
echo "fleetops: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $cmd >/dev/null; then
	apt-get update >/dev/null
	$cmd >/dev/null
fi
