#!/usr/bin/env bash
# durability.sh — every write acknowledged to the user survives a SIGKILL,
# on both stores: `db stress` prints "ack ID" only once a record is
# committed; it is killed with SIGKILL about a second in, then a fresh
# fleetops lists the stress tenant's records and must find every acked id.
# SQLite always; PostgreSQL when FO_PG_URL is set (tests/run_store.sh).
cd "$(dirname "$0")/../.." || exit 2
NAME=durability
. tests/store/lib_store.bash

# durable LABEL URL
durable() {
	local label=$1 url=$2
	migrate "$url"
	"$FO" --store "$url" db stress --count 100000 >"$T/acks.$label" 2>"$T/stress.$label" &
	local pid=$!
	sleep 1
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	local tenant
	tenant=$(awk '$1 == "tenant" { print $2; exit }' "$T/acks.$label")
	if [ -z "$tenant" ]; then
		bad "$label: db stress did not start: $(head -c 300 "$T/stress.$label")"
		return
	fi
	# A partial last line (killed mid-write) is not an acknowledgement.
	awk '$1 == "ack" && length($2) == 36 { print $2 }' "$T/acks.$label" | sort -u >"$T/acked.$label"
	local acked
	acked=$(wc -l <"$T/acked.$label")
	fo "$url" db list coordination.messages --tenant "$tenant"
	expect_rc 0 "$label: list after restart"
	awk -F'\t' 'NR > 1 { print $1 }' "$T/out" | sort -u >"$T/stored.$label"
	local found missing
	found=$(comm -12 "$T/acked.$label" "$T/stored.$label" | wc -l)
	missing=$((acked - found))
	echo "  $label: $acked writes acknowledged before SIGKILL, $found found after restart," \
		"$(wc -l <"$T/stored.$label") stored"
	if [ "$acked" -gt 10 ]; then ok; else bad "$label: only $acked writes acknowledged in 1 s"; fi
	if [ "$missing" -eq 0 ]; then
		ok
	else
		bad "$label: $missing acknowledged writes lost, e.g.: $(comm -23 "$T/acked.$label" "$T/stored.$label" | head -3 | tr '\n' ' ')"
	fi
}

durable sqlite "sqlite:$T/durability.db"
if [ -n "${FO_PG_URL:-}" ]; then
	durable postgresql "$FO_PG_URL"
else
	echo "  postgresql: skipped, FO_PG_URL is not set (tests/run_store.sh sets it)"
fi
finish durability
