#!/usr/bin/env bash
# alerts.sh — the alert engine's records on both stores, through the real
# binary, one process per command (each one reloads what the last wrote):
# raise, acknowledge, silence, list with flags, history, unsilence, resolve;
# the audit trail has the acknowledgement; a --readonly process writes
# nothing.  Needs FO_PG_URL for PostgreSQL (tests/run_store.sh sets it);
# SQLite always runs.
cd "$(dirname "$0")/../.." || exit 2
. tests/store/lib_store.bash

run_store() {
	local url=$1 what=$2
	migrate "$url"
	fo "$url" --operator maria alert raise --name DepotNetwork --labels zone=Z1 \
		--severity critical network down
	expect_rc 0 "$what: alert raise"
	id=$(awk '{print $2; exit}' "$T/out")
	fo "$url" --operator maria alert ack "$id" --note on it
	expect_rc 0 "$what: alert ack"
	fo "$url" --operator maria alert silence --matcher 'zone=~"Z1|Z2"' --duration 1h \
		--comment maintenance window
	expect_rc 0 "$what: alert silence"
	sid=$(awk '{print $2; exit}' "$T/out" | tr -d :)
	fo "$url" alert list
	grep -Eq "^$id +firing +critical +DepotNetwork +0 +S-A" "$T/out"
	check $? "$what: list shows the alert firing, silenced and acknowledged: $(cat "$T/out")"
	fo "$url" alert show "$id"
	grep -q "acknowledged by maria at .*: on it" "$T/out"
	check $? "$what: show has the acknowledgement: $(cat "$T/out")"
	grep -q "silenced by $sid" "$T/out"
	check $? "$what: show has the silence"
	fo "$url" alert silences
	grep -Eq "^$sid +active .* maria +zone=~\"Z1\|Z2\" +maintenance window" "$T/out"
	check $? "$what: silences: $(cat "$T/out")"
	# read-only: shows, refuses to change, writes nothing
	fo "$url" --readonly alert ack "$id"
	expect_rc 1 "$what: ack under --readonly"
	fo "$url" --readonly alert list
	grep -q "^$id" "$T/out"
	check $? "$what: a read-only process lists the alert"
	fo "$url" alert unsilence "$sid"
	expect_rc 0 "$what: unsilence"
	fo "$url" alert resolve "$id"
	expect_rc 0 "$what: resolve"
	fo "$url" alert list
	! grep -q "^$id" "$T/out"
	check $? "$what: the resolved alert is no longer listed"
	fo "$url" alert history
	grep -Eq "$id +DepotNetwork +inactive -> firing" "$T/out" &&
		grep -Eq "$id +DepotNetwork +acknowledged .*maria: on it" "$T/out" &&
		grep -Eq "$id +DepotNetwork +firing -> resolved" "$T/out"
	check $? "$what: history: $(cat "$T/out")"
	fo "$url" alert silences --all
	grep -Eq "^$sid +expired" "$T/out"
	check $? "$what: the silence expired: $(cat "$T/out")"
	fo "$url" db audit performance.alerts
	grep -q "maria" "$T/out"
	check $? "$what: the audit trail names who acknowledged: $(head -c 600 "$T/out")"
}

run_store "sqlite:$T/alerts.db" sqlite
if [ -n "${FO_PG_URL:-}" ]; then
	run_store "$FO_PG_URL" postgresql
else
	echo "  (no FO_PG_URL: PostgreSQL skipped)"
fi
finish alerts
