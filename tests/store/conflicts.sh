#!/usr/bin/env bash
# conflicts.sh — resource conflicts on both stores, through the real
# binary: a resource taken down over a booking raises resource_down with
# suggestions; resolving it by moving the booking stores who and why and
# leaves the booking on the other resource; two processes scanning at once
# store the conflict once; a conflict whose cause is gone (the resource up
# again) is resolved as cleared; two overlapping bookings of one vehicle in
# a pool, written past the plugin (`db insert`, as an import would),
# raise vehicle_double; resources.conflict_policy auto applies the first
# suggestion.  Needs FO_PG_URL for PostgreSQL (tests/run_store.sh sets
# it); SQLite always runs.
cd "$(dirname "$0")/../.." || exit 2
. tests/store/lib_store.bash

bfo() {
	fo "$url" "${ten[@]}" "$@"
}

open_count() {
	bfo conflict list
	grep -c " open " "$T/out"
}

run_store() {
	local url=$1 what=$2 tag=$3
	migrate "$url"
	ten=()
	if [ "$what" = postgresql ]; then
		fo "$url" db insert core.tenants "name=conflicts-$tag"
		ten=(--tenant "$(field id)")
	fi
	local pool="cf-$tag"
	bfo pool add "$pool" --kind charger
	bfo resource add "$pool-1" --pool "$pool"
	bfo resource add "$pool-2" --pool "$pool"
	bfo resource book "$pool-1" --from +10m --for 1h --purpose charge
	local b1
	b1=$(awk '/^booked/ {print $NF}' "$T/out")
	bfo resource down "$pool-1" --until +3h broken cable
	# two processes look at once: the conflict is stored once
	"$FO" --store "$url" "${ten[@]}" conflict scan >"$T/s1" 2>&1 &
	"$FO" --store "$url" "${ten[@]}" conflict scan >"$T/s2" 2>&1 &
	wait
	[ "$(open_count)" = 1 ]
	check $? "$what: one open conflict after two concurrent scans: $(cat "$T/s1" "$T/s2" "$T/out")"
	grep -q "resource_down .*$pool-1 .*is down (broken cable) over booking ${b1:0:8}" "$T/out"
	check $? "$what: resource_down names the booking and the reason: $(cat "$T/out")"
	local c1
	c1=$(awk '$3 == "open" {print $1; exit}' "$T/out")
	bfo conflict show "$c1"
	grep -q "^suggest   1. move $pool-2 " "$T/out" && grep -q "^suggest   .*cancel (" "$T/out"
	check $? "$what: suggestions: move to $pool-2, cancel: $(cat "$T/out")"
	bfo --operator maria conflict resolve "$c1" move "$pool-2" the cable takes hours
	expect_rc 0 "$what: resolve by moving"
	bfo conflict show "$c1"
	grep -q "^resolved .* by operator maria: booking ${b1:0:8} moved to $pool-2 .*: the cable takes hours" "$T/out"
	check $? "$what: the resolution is stored with who and why: $(cat "$T/out")"
	bfo booking list --resource "$pool-2"
	grep -q " $pool-2 .* reserved .* charge " "$T/out"
	check $? "$what: the booking is on $pool-2 now: $(cat "$T/out")"
	bfo conflict scan
	grep -q "0 new, 0 open" "$T/out"
	check $? "$what: nothing left to find: $(cat "$T/out")"

	# a conflict whose cause goes away is cleared
	bfo resource book "$pool-1" --from +5h --for 1h
	bfo resource down "$pool-1" --from +4h --until +6h inspection
	bfo conflict scan
	[ "$(open_count)" = 1 ]
	check $? "$what: the inspection conflicts with the booking"
	bfo resource up "$pool-1"
	bfo conflict scan
	bfo conflict list --all
	grep -q "resolved .*cleared: the cause is gone" "$T/out"
	check $? "$what: cleared once the resource is up: $(cat "$T/out")"

	# written past the checks: one vehicle, two chargers at once
	local r1 r2 s1 e1
	bfo db list resources.resources --where "name=$pool-1"
	r1=$(awk -F'\t' 'NR==2 {print $1}' "$T/out")
	bfo db list resources.resources --where "name=$pool-2"
	r2=$(awk -F'\t' 'NR==2 {print $1}' "$T/out")
	s1=$(date -u -d '+20 hours' +%FT%H:%M:00.000Z)
	e1=$(date -u -d '+21 hours' +%FT%H:%M:00.000Z)
	bfo db insert resources.allocations "resource_id=$r1" vehicle_serial=AGV-77 "starts_at=$s1" "ends_at=$e1" state=reserved
	expect_rc 0 "$what: a booking written directly"
	bfo db insert resources.allocations "resource_id=$r2" vehicle_serial=AGV-77 "starts_at=$s1" "ends_at=$e1" state=reserved
	expect_rc 0 "$what: a second one of the same vehicle"
	FLEETOPS_RESOURCES_CONFLICT_POLICY=auto bfo conflict scan
	bfo conflict list --all
	grep -q "vehicle_double .*resolved .*AGV-77 .*cancelled" "$T/out"
	check $? "$what: vehicle_double found and, under the auto policy, the later one cancelled: $(cat "$T/out")"
	bfo booking list --vehicle AGV-77
	[ "$(grep -c "$pool-[12] .*AGV-77 .*reserved" "$T/out")" = 1 ]
	check $? "$what: one booking of AGV-77 left: $(cat "$T/out")"
	fo "$url" "${ten[@]}" db audit resources.conflicts
	grep -q "maria" "$T/out"
	check $? "$what: the audit trail has the operator's resolution"
}

run_store "sqlite:$T/conflicts.db" sqlite lite
if [ -n "${FO_PG_URL:-}" ]; then
	run_store "$FO_PG_URL" postgresql "pg$$"
else
	echo "  (no FO_PG_URL: PostgreSQL skipped)"
fi
finish conflicts
