#!/usr/bin/env bash
# The db commands' arguments on a private SQLite store: bad numbers and
# filters are usage errors (2), an update changes only the record it names
# and refuses id= and tenant_id=, db watch --timeout returns.
. "$(dirname "$0")/lib.bash"
DB=(--store "sqlite:$T/fleetops.db")

run "${DB[@]}" db insert core.fleets name=first
expect_rc 0 "insert a fleet"
id1=$(awk '$1 == "id" { print $2 }' "$T/out")
run "${DB[@]}" db insert core.fleets name=second
id2=$(awk '$1 == "id" { print $2 }' "$T/out")
checks=$((checks + 1))
if [ -z "$id1" ] || [ -z "$id2" ]; then echo "  FAIL: no ids from db insert"; failures=$((failures + 1)); fi

# db list: --limit, --where, --from, --to
run "${DB[@]}" db list core.fleets --limit 1
expect_rc 0 "--limit 1"
expect_eq "$(wc -l <"$T/out")" 2 "--limit 1: header and one record"
for bad in -1 0; do
	run "${DB[@]}" db list core.fleets --limit "$bad"
	expect_rc 2 "--limit $bad is a usage error"
	expect_grep err "--limit takes a whole number >= 1" "--limit $bad: says why"
done
run "${DB[@]}" db list core.fleets --where nosuch=1
expect_rc 2 "--where on an unknown field"
expect_grep err "no field" "--where: names the problem"
run "${DB[@]}" db list core.fleets --where version=abc
expect_rc 2 "--where with a value of the wrong type"
run "${DB[@]}" db list core.fleets --where noequals
expect_rc 2 "--where without ="
for bad in garbage 2026-02-30 2026-13-01; do
	run "${DB[@]}" db list core.fleets --from "$bad"
	expect_rc 2 "--from $bad is a usage error"
	run "${DB[@]}" db list core.fleets --to "$bad"
	expect_rc 2 "--to $bad is a usage error"
done
run "${DB[@]}" db list core.fleets --from 2020-01-01T00:00:00Z
expect_rc 0 "a good --from"
expect_grep out "first" "a good --from lists the records"

# db update: the positional id names the record; id= and tenant_id= refused
run "${DB[@]}" db update core.fleets "$id1" 1 "id=$id2"
expect_rc 2 "update with id= is a usage error"
expect_grep err "id is the record's own" "says id is the positional one"
run "${DB[@]}" db update core.fleets "$id1" 1 tenant_id=00000000-0000-4000-8000-000000000009
expect_rc 2 "update with tenant_id= is a usage error"
expect_grep err "tenant_id cannot change" "says a record stays in its tenant"
run "${DB[@]}" db get core.fleets "$id2"
expect_grep out "^version +1$" "the other record is untouched"
expect_grep out "^name +second$" "the other record keeps its name"
for bad in 0 -3; do
	run "${DB[@]}" db update core.fleets "$id1" "$bad" name=x
	expect_rc 2 "update at version $bad is a usage error"
done
# --version after a command is the command's, not the global flag
run "${DB[@]}" db update core.fleets "$id1" --version 1 name=renamed
expect_rc 0 "update with --version N"
expect_grep out "^name +renamed$" "the update happened"
expect_grep out "^id +$id1$" "on the named record"
run "${DB[@]}" db update core.fleets "$id1" --version 1 name=stale
expect_rc 1 "a stale version is a runtime failure"
run "${DB[@]}" db delete core.fleets "$id2" -1
expect_rc 2 "delete at version -1 is a usage error"

# db stress and db watch: bad counts and timeouts, and a timeout that ends
run "${DB[@]}" db stress --count -5
expect_rc 2 "stress --count -5"
expect_grep err "--count takes a whole number >= 1" "says why"
run "${DB[@]}" db stress --count 0
expect_rc 2 "stress --count 0"
run "${DB[@]}" db stress --count 3
expect_rc 0 "stress --count 3"
expect_eq "$(grep -c '^ack ' "$T/out")" 3 "three writes acknowledged"
run "${DB[@]}" db watch --timeout -1
expect_rc 2 "watch --timeout -1 is a usage error (it used to never return)"
t0=$(date +%s%N)
timeout 20 "$FO" "${DB[@]}" db watch --timeout 1 >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "watch --timeout 1"
ms=$((($(date +%s%N) - t0) / 1000000))
checks=$((checks + 1))
if [ "$ms" -gt 10000 ]; then echo "  FAIL: watch --timeout 1 took $ms ms"; failures=$((failures + 1)); fi

finish
