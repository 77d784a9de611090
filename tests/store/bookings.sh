#!/usr/bin/env bash
# bookings.sh — resource bookings on both stores, through the real binary:
# pools and resources by hand and from the demo site (pool sync); a booking
# refused over another with the nearest free window offered, back-to-back
# windows granted, a pool booking taking its next free resource; extend,
# shorten, move and release; maintenance refusing bookings in its window;
# a vehicle refused a second charger at once; deleting what is in use
# refused; the audit trail.  Then the invariant under concurrency: four
# processes x N random booking requests (tests/store/book_race.lua, N =
# FO_RACE_N, default 1000) on one store — every request answered, not one
# overlap of live bookings in the database.  Needs FO_PG_URL for
# PostgreSQL (tests/run_store.sh sets it); SQLite always runs.
cd "$(dirname "$0")/../.." || exit 2
. tests/store/lib_store.bash
N=${FO_RACE_N:-1000}

# overlaps URL: live bookings of one resource that overlap, counted by the
# database itself
overlaps() {
	local q="SELECT count(*) FROM %s a JOIN %s b ON a.resource_id = b.resource_id
	    AND a.id < b.id AND a.state <> 'released' AND b.state <> 'released'
	    AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
	case $1 in
	sqlite:*)
		# shellcheck disable=SC2059 # the table name twice
		python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
			"${1#sqlite:}" "$(printf "$q" resources_allocations resources_allocations)"
		;;
	*)
		# shellcheck disable=SC2059
		psql "$1" -Atc "$(printf "$q" resources.allocations resources.allocations)"
		;;
	esac
}

# bfo ARGS...: fleetops on the store under test, as its tenant
bfo() {
	fo "$url" "${ten[@]}" "$@"
}

run_store() {
	local url=$1 what=$2 tag=$3
	migrate "$url"
	# PostgreSQL: records belong to a tenant of the test's own
	ten=()
	if [ "$what" = postgresql ]; then
		fo "$url" db insert core.tenants "name=bookings-$tag"
		ten=(--tenant "$(field id)")
	fi
	local pool="ch-$tag"
	bfo pool add "$pool" --kind charger
	expect_rc 0 "$what: pool add"
	bfo pool add "$pool" --kind charger
	expect_rc 1 "$what: a second pool of one name"
	bfo pool add "x-$tag" --kind teleporter
	expect_rc 2 "$what: an unknown kind is a usage error"
	for r in a b; do
		bfo resource add "$r-$tag" --pool "$pool"
		expect_rc 0 "$what: resource add $r"
	done
	bfo resource add "c-$tag" --pool "nopool-$tag"
	expect_rc 1 "$what: resource add to a missing pool"

	local t1 t3
	t1=$(date -u -d '+1 hour' +%FT%H:%M:00Z)
	t3=$(date -u -d "$t1 +2 hours" +%FT%H:%M:00Z)
	bfo resource book "a-$tag" --from "$t1" --until "$t3"
	expect_rc 0 "$what: book a for 2 h"
	local first
	first=$(awk '/^booked/ {print $NF}' "$T/out")
	bfo resource book "a-$tag" --from +2h --for 1h
	expect_rc 1 "$what: book a over the first booking"
	grep -q "refused: a-$tag is booked over" "$T/err" && grep -q "nearest free window: a-$tag" "$T/err"
	check $? "$what: the refusal says why and offers a window: $(cat "$T/err")"
	bfo resource book "a-$tag" --from "$t3" --for 30m
	expect_rc 0 "$what: a window starting where another ends is granted"
	bfo resource book "$pool" --from +90m --for 30m
	expect_rc 0 "$what: the pool books its next free resource"
	grep -q "^booked b-$tag " "$T/out"
	check $? "$what: the pool's free one was b: $(cat "$T/out")"

	bfo booking extend "${first:0:8}" 10h
	expect_rc 1 "$what: extend into the next booking"
	bfo booking shorten "${first:0:8}" 30m
	expect_rc 0 "$what: shorten"
	bfo booking extend "${first:0:8}" 15m
	expect_rc 0 "$what: extend into what was freed"
	bfo booking move "${first:0:8}" --to +30h
	expect_rc 0 "$what: move"
	bfo booking release "${first:0:8}" no longer needed
	expect_rc 0 "$what: release"
	bfo booking show "${first:0:8}"
	grep -q "released .*(no longer needed)" "$T/out"
	check $? "$what: the release and its reason are kept: $(cat "$T/out")"
	bfo resource book "a-$tag" --from +30h --for 1h
	expect_rc 0 "$what: a released window is free again"

	bfo resource down "b-$tag" --from +10h --until +12h pump broken
	expect_rc 0 "$what: down for maintenance"
	bfo resource book "b-$tag" --from +11h --for 30m
	expect_rc 1 "$what: no booking while down"
	grep -q "down for maintenance.*pump broken" "$T/err"
	check $? "$what: the refusal names the maintenance: $(cat "$T/err")"
	bfo resource up "b-$tag"
	bfo resource book "b-$tag" --from +11h --for 30m
	expect_rc 0 "$what: bookable again once up"
	bfo resource delete "b-$tag"
	expect_rc 1 "$what: a booked resource cannot be deleted"
	bfo pool delete "$pool"
	expect_rc 1 "$what: a pool with resources cannot be deleted"

	# a vehicle holds one charger at a time
	bfo --demo resource book "a-$tag" --vehicle AGV-00001 --from +40h --for 1h
	expect_rc 0 "$what: book for a vehicle"
	bfo --demo resource book "b-$tag" --vehicle AGV-00001 --from +40h --for 1h
	expect_rc 1 "$what: a second charger for the vehicle at once"
	grep -q "already holds booking" "$T/err"
	check $? "$what: says which booking it holds: $(cat "$T/err")"

	bfo booking list
	[ "$(grep -c -- "-$tag " "$T/out")" -ge 5 ]
	check $? "$what: booking list shows the live bookings: $(head -c 600 "$T/out")"
	bfo report resources.resources --format csv
	grep -q "^a-$tag,$pool," "$T/out"
	check $? "$what: the plan report has the resources: $(head -c 400 "$T/out")"
	bfo db audit resources.allocations
	grep -q "UPDATE" "$T/out"
	check $? "$what: bookings are in the audit trail"

	# pools from the demo site
	if [ "$what" = sqlite ]; then
		bfo --demo pool sync
		expect_rc 0 "$what: pool sync from the demo site"
		grep -Eq "pool sync: 3 pools and [0-9]+ resources added" "$T/out"
		check $? "$what: chargers, parking and docks made: $(cat "$T/out")"
		bfo --demo pool sync
		grep -q "pool sync: 0 pools and 0 resources added" "$T/out"
		check $? "$what: a second sync adds nothing: $(cat "$T/out")"
	fi

	# the invariant under concurrency
	local race="race-$tag"
	bfo pool add "$race" --kind dock
	for r in 1 2 3 4 5 6; do bfo resource add "$race-$r" --pool "$race"; done
	for p in 1 2 3 4; do
		FLEETOPS_SCRIPTS_TIME_MS=3600000 "$FO" --store "$url" "${ten[@]}" --scripts=false run \
			tests/store/book_race.lua "$p" "$N" "$race" >"$T/race$p.out" 2>&1 &
	done
	wait
	local answered=0 booked=0 errs=0 line
	for p in 1 2 3 4; do
		line=$(grep '^answered' "$T/race$p.out")
		answered=$((answered + $(echo "$line" | awk '{print $2}')))
		booked=$((booked + $(echo "$line" | awk '{print $4}')))
		errs=$((errs + $(echo "$line" | awk '{print $12}')))
		echo "  $what race $p: $line | $(grep '^decisions' "$T/race$p.out")"
	done
	[ "$answered" -eq $((4 * N)) ] && [ "$errs" -eq 0 ]
	check $? "$what: every one of $((4 * N)) requests answered ($answered, $errs errors): $(cat "$T"/race*.out | head -c 600)"
	[ "$booked" -gt 0 ]
	check $? "$what: some were booked ($booked)"
	local o
	o=$(overlaps "$url")
	[ "$o" = 0 ]
	check $? "$what: no two live bookings of a resource overlap in the database ($o)"
}

run_store "sqlite:$T/bookings.db" sqlite lite
if [ -n "${FO_PG_URL:-}" ]; then
	run_store "$FO_PG_URL" postgresql "pg$$"
else
	echo "  (no FO_PG_URL: PostgreSQL skipped)"
fi
finish bookings
