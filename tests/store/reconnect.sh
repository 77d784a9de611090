#!/usr/bin/env bash
# reconnect.sh — a console outlives its database sessions: while `db watch`
# runs, the server terminates that console's connections (as an
# administrator or a failover would); the watcher must stay up, reconnect
# and hear the next change.  Needs FO_PG_URL and FO_PG_SUPER_URL
# (tests/run_store.sh sets them).
cd "$(dirname "$0")/../.." || exit 2
NAME=reconnect
. tests/store/lib_store.bash

if [ -z "${FO_PG_URL:-}" ] || [ -z "${FO_PG_SUPER_URL:-}" ]; then
	echo "reconnect: FO_PG_URL / FO_PG_SUPER_URL are not set (run tests/run_store.sh)"
	bad "no PostgreSQL server"
	finish reconnect
	exit 1
fi
PSQL=${FO_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
# Sessions of this test only, by application_name: the server may be shared.
APP=fo_reconnect_$$
case $FO_PG_URL in
*\?*) URL="$FO_PG_URL&application_name=$APP" ;;
*) URL="$FO_PG_URL?application_name=$APP" ;;
esac
migrate "$URL"

# terminate: ends every session of this test; prints how many
terminate() {
	"$PSQL" -X -q -At "$FO_PG_SUPER_URL" -c \
		"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '$APP'"
}

fo "$URL" db insert core.tenants name=reconnect-test
expect_rc 0 "insert a tenant"
tenant=$(field id)

"$FO" --store "$URL" db watch --timeout 30 >"$T/watch" 2>"$T/watch.err" &
watcher=$!
trap 'kill $watcher 2>/dev/null; rm -rf "$T"' EXIT

# hears NAME MS: inserts fleets named NAME until the watcher prints one (or
# MS pass); true when it did
hears() {
	local deadline=$(($(now_ms) + $2)) id
	while [ "$(now_ms)" -lt "$deadline" ]; do
		fo "$URL" db insert core.fleets tenant_id="$tenant" name="$1"
		id=$(field id)
		local until=$(($(now_ms) + 250))
		while [ "$(now_ms)" -lt "$until" ]; do
			grep -q "^change core.fleets $id INSERT" "$T/watch" && return 0
			sleep 0.02
		done
	done
	return 1
}

hears before 5000
check $? "the watcher hears changes before its session dies"

killed=$(terminate)
if [ "${killed:-0}" -ge 1 ]; then ok; else bad "no session of the watcher to terminate ($killed)"; fi
sleep 0.2
kill -0 "$watcher" 2>/dev/null
check $? "the watcher is still running after losing its session"
t0=$(now_ms)
hears after 5000
check $? "the watcher reconnects and hears the next change"
echo "  watcher heard again $(($(now_ms) - t0)) ms after its session was terminated"

kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
finish reconnect
