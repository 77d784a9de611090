#!/bin/sh
# pg.sh — a private PostgreSQL 15 for the tests.
#
#   tests/pg/pg.sh start        start one (or reuse the running one), print env
#   tests/pg/pg.sh env          print export lines of the running one (exit 1 if none)
#   tests/pg/pg.sh stop         stop it and delete its data (idempotent)
#   tests/pg/pg.sh status       exit 0 when running
#   tests/pg/pg.sh run CMD...   start if needed, run CMD with the env exported,
#                               stop afterwards if this call started it
#
# The cluster lives in a fresh temporary directory (initdb, --no-sync, fsync
# off: it is thrown away; FO_PG_FSYNC=on for honest commit latencies),
# listens on a Unix socket in that directory and on 127.0.0.1 at a free port,
# with trust authentication (loopback only; the superuser "postgres" only over
# the socket).  PostgreSQL refuses to run as root, so as root the server runs
# as the system user fleetops-test (created when missing); otherwise as the
# current user.  It creates role fleetops_owner (LOGIN BYPASSRLS CREATEROLE)
# and database fleetops owned by it, the production set-up the migrations in
# sql/ expect.
#
# State: build/pg/env (export lines, sourceable) beside build/pg/lock, which
# serialises start and stop of concurrent test scripts.
#
# Exported: FO_PG_URL (fleetops_owner over TCP), FO_PG_SUPER_URL (superuser
# over the socket), FO_PG_BIN, FO_PG_HOST (socket directory), FO_PG_PORT,
# FO_PG_DATA, FO_PG_OWNER, FO_PG_SUPERUSER.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE_DIR=${FO_PG_STATE_DIR:-$ROOT/build/pg}
STATE=$STATE_DIR/env
FO_PG_BIN=${FO_PG_BIN:-/usr/lib/postgresql/15/bin}
RUN_USER=fleetops-test

die() {
	echo "pg.sh: $*" >&2
	exit 1
}

# Runs a command as the server's user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$RUN_USER" -- "$@"
	else
		"$@"
	fi
}

ensure_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	id "$RUN_USER" >/dev/null 2>&1 && return 0
	useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
		"$RUN_USER" 2>/dev/null || id "$RUN_USER" >/dev/null 2>&1 ||
		die "cannot create system user $RUN_USER"
}

# 0 when the recorded server answers.
running() {
	[ -f "$STATE" ] || return 1
	# shellcheck disable=SC1090
	(. "$STATE" && [ -d "$FO_PG_DATA" ] &&
		"$FO_PG_BIN/pg_isready" -q -h "$FO_PG_HOST" -p "$FO_PG_PORT" -U postgres -d postgres -t 2) 2>/dev/null
}

# A TCP port nobody listens on (the server start retries if it loses a race).
free_port() {
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		p=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			echo "$p"
			return 0
		fi
	done
	die "no free port found"
}

# A server that started but could not be set up: stop it, keep nothing.
bootstrap_failed() {
	as_pg "$FO_PG_BIN/pg_ctl" -D "$1" -m immediate -w -s stop </dev/null >/dev/null 2>&1 9>&-
	tail -20 "$(dirname "$1")/server.log" >&2
	rm -rf "$(dirname "$1")"
	die "bootstrap (role fleetops_owner, database fleetops) failed"
}

lock() {
	mkdir -p "$STATE_DIR"
	exec 9>"$STATE_DIR/lock"
	flock 9
}

do_start() {
	lock
	if running; then
		cat "$STATE"
		return 0
	fi
	rm -f "$STATE"
	[ -x "$FO_PG_BIN/initdb" ] || die "no PostgreSQL at $FO_PG_BIN (apt-get install postgresql-15)"
	ensure_user
	dir=$(mktemp -d "${TMPDIR:-/tmp}/fleetops-pg.XXXXXX")
	[ "$(id -u)" -eq 0 ] && chown "$RUN_USER" "$dir"
	chmod 700 "$dir"
	data=$dir/data
	as_pg "$FO_PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
	# The superuser only over the socket; everyone else over loopback too.
	as_pg sh -c "cat >'$data/pg_hba.conf'" <<-EOF
		local all all trust
		host all postgres 127.0.0.1/32 reject
		host all all 127.0.0.1/32 trust
	EOF
	fsync=${FO_PG_FSYNC:-off}
	# One line: pg_ctl pastes -o into a shell command before its redirections.
	opts="-c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c fsync=$fsync"
	opts="$opts -c full_page_writes=$fsync -c max_connections=200 -c TimeZone=UTC"
	started=
	# The server must not inherit the lock (fd 9) nor our stdout: it would
	# hold start/stop of every later caller, or a caller's pipe, forever.
	for _ in 1 2 3; do
		port=$(free_port)
		# The retry loop covers another process taking the port in between.
		if as_pg "$FO_PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 -s \
			-o "$opts -c port=$port" start </dev/null >/dev/null 9>&-; then
			started=1
			break
		fi
	done
	[ -n "$started" ] || { tail -20 "$dir/server.log" >&2; rm -rf "$dir"; die "server did not start"; }
	as_pg "$FO_PG_BIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		>/dev/null <<-'EOF' || bootstrap_failed "$data"
		CREATE ROLE fleetops_owner LOGIN BYPASSRLS CREATEROLE;
		CREATE DATABASE fleetops OWNER fleetops_owner;
	EOF
	cat >"$STATE.tmp" <<-EOF
		export FO_PG_BIN='$FO_PG_BIN'
		export FO_PG_DATA='$data'
		export FO_PG_HOST='$dir'
		export FO_PG_PORT='$port'
		export FO_PG_OWNER='fleetops_owner'
		export FO_PG_SUPERUSER='postgres'
		export FO_PG_URL='postgresql://fleetops_owner@127.0.0.1:$port/fleetops'
		export FO_PG_SUPER_URL='postgresql://postgres@/postgres?host=$dir&port=$port'
	EOF
	mv "$STATE.tmp" "$STATE"
	cat "$STATE"
}

do_stop() {
	lock
	[ -f "$STATE" ] || return 0
	data=$(sed -n "s/^export FO_PG_DATA='\(.*\)'$/\1/p" "$STATE")
	if [ -n "$data" ] && [ -d "$data" ]; then
		as_pg "$FO_PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 -s stop </dev/null >/dev/null 2>&1 9>&- ||
			as_pg "$FO_PG_BIN/pg_ctl" -D "$data" -m immediate -w -s stop </dev/null >/dev/null 2>&1 9>&- || true
		case $data in
		*/fleetops-pg.*/data) rm -rf "$(dirname "$data")" ;;
		esac
	fi
	rm -f "$STATE"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
start) do_start ;;
stop) do_stop ;;
env)
	running || die "not running (tests/pg/pg.sh start)"
	cat "$STATE"
	;;
status) running ;;
run)
	[ $# -gt 0 ] || die "usage: pg.sh run CMD [ARGS]"
	mine=
	if ! running; then
		do_start >/dev/null
		mine=1
	fi
	exec 9>&- # do not hand the lock descriptor to CMD
	# shellcheck disable=SC1090
	. "$STATE"
	rc=0
	"$@" || rc=$?
	[ -n "$mine" ] && do_stop
	exit "$rc"
	;;
*)
	echo "usage: $0 start|stop|env|status|run CMD..." >&2
	exit 2
	;;
esac
