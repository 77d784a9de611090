#!/usr/bin/env bash
# requests.sh — resource requests on both stores, through the real binary:
# the three grant policies (first_fit, priority, earliest_deadline) answer
# the same three requests differently, each as worked out by hand; a
# request no resource can meet is refused with the nearest free window,
# which `request accept` books; cancel and refuse; a Lua command policy
# amends a grant (another resource) and refuses one (the reason stays on
# the open request); fleetops.request from a script.  Needs FO_PG_URL for
# PostgreSQL (tests/run_store.sh sets it); SQLite always runs.
cd "$(dirname "$0")/../.." || exit 2
. tests/store/lib_store.bash

bfo() {
	fo "$url" "${ten[@]}" "$@"
}

# state_of ID: the request's state in `request list --all`
state_of() {
	bfo request list --all
	awk -v id="${1:0:8}" '$1 == id {print $4}' "$T/out"
}

run_store() {
	local url=$1 what=$2 tag=$3
	migrate "$url"
	ten=()
	if [ "$what" = postgresql ]; then
		fo "$url" db insert core.tenants "name=requests-$tag"
		ten=(--tenant "$(field id)")
	fi
	local h1 h2 h3
	h1=$(date -u -d '+1 hour' +%FT%H:%M:00Z)
	h2=$(date -u -d "$h1 +1 hour" +%FT%H:%M:00Z)
	h3=$(date -u -d "$h1 +2 hours" +%FT%H:%M:00Z)
	local policy
	for policy in first_fit priority earliest_deadline; do
		local pool="q-$policy-$tag"
		bfo pool add "$pool" --kind dock --policy "$policy"
		expect_rc 0 "$what: pool with policy $policy"
		bfo resource add "$pool-r" --pool "$pool"
		# A first (priority 1, deadline h3), B (9, h3), C (5, must be [h1, h2))
		bfo request add "$pool" --from "$h1" --until "$h3" --for 1h --priority 1 --queue-only
		local A B C
		A=$(awk '{print $2}' "$T/out")
		bfo request add "$pool" --from "$h1" --until "$h3" --for 1h --priority 9 --queue-only
		B=$(awk '{print $2}' "$T/out")
		bfo request add "$pool" --from "$h1" --until "$h2" --for 1h --priority 5 --queue-only
		C=$(awk '{print $2}' "$T/out")
		[ "$(state_of "$A")$(state_of "$B")$(state_of "$C")" = openopenopen ]
		check $? "$what/$policy: three requests queued"
		bfo request run --pool "$pool"
		expect_rc 0 "$what/$policy: request run"
		local got
		got="$(state_of "$A") $(state_of "$B") $(state_of "$C")"
		local want
		case $policy in
		first_fit) want="granted granted refused" ;;
		priority) want="granted granted refused" ;;
		earliest_deadline) want="granted refused granted" ;;
		esac
		[ "$got" = "$want" ]
		check $? "$what/$policy: A B C are $got, expected $want"
		bfo request show "${A:0:8}"
		case $policy in
		first_fit) grep -q "granted $pool-r \[${h1%Z}" "$T/out" ;;
		priority) grep -q "granted $pool-r \[${h2%Z}" "$T/out" ;;
		earliest_deadline) grep -q "granted $pool-r \[${h2%Z}" "$T/out" ;;
		esac
		check $? "$what/$policy: A's window is the one the policy gives: $(cat "$T/out")"
		if [ "$policy" = first_fit ]; then
			# C was refused with an offer; accepting books it
			bfo request show "${C:0:8}"
			grep -q "^offered \[" "$T/out"
			check $? "$what: the refusal offers a window: $(cat "$T/out")"
			bfo request accept "${C:0:8}"
			expect_rc 0 "$what: request accept"
			[ "$(state_of "$C")" = granted ]
			check $? "$what: accepted, C is granted"
		fi
	done

	# utilization from the store, demand for the coming hours
	bfo resource util --pool "q-first_fit-$tag" --since 1h --until +5h
	expect_rc 0 "$what: resource util"
	awk -v p="q-first_fit-$tag" '$1 == "(pool)" && $2 == p && $3 >= 2.95 && $3 <= 3.01 && $4 == 6.00 {f = 1} END {exit !f}' "$T/out"
	check $? "$what: the pool was booked 3 h of 6 (A, B and C's accepted offer): $(cat "$T/out")"
	bfo report resources.demand --format csv
	awk -F, -v p="q-first_fit-$tag" '$1 == p && $4 == 1 {f = 1} END {exit !f}' "$T/out"
	check $? "$what: demand shows the pool's booked hours: $(grep "q-first_fit-$tag" "$T/out" | head -3)"

	# cancel and refuse
	local pool="q-misc-$tag"
	bfo pool add "$pool" --kind parking
	bfo resource add "$pool-1" --pool "$pool"
	bfo request add "$pool" --for 30m --queue-only
	local X Y
	X=$(awk '{print $2}' "$T/out")
	bfo request add "$pool" --for 30m --queue-only
	Y=$(awk '{print $2}' "$T/out")
	bfo request cancel "${X:0:8}" not needed
	expect_rc 0 "$what: request cancel"
	bfo request refuse "${Y:0:8}" aisle closed
	expect_rc 0 "$what: request refuse"
	[ "$(state_of "$X") $(state_of "$Y")" = "cancelled refused" ]
	check $? "$what: cancelled and refused"
	bfo request cancel "${X:0:8}"
	expect_rc 1 "$what: a cancelled request cannot be cancelled again"
	bfo request add "nopool-$tag" --for 30m
	expect_rc 1 "$what: a request to a missing pool"
	bfo request add "$pool" --for 3h --until +1h
	expect_rc 2 "$what: longer than its window is a usage error"

	# a Lua command policy amends and refuses grants
	local lp="q-lua-$tag"
	bfo pool add "$lp" --kind dock
	bfo resource add "$lp-1" --pool "$lp"
	bfo resource add "$lp-2" --pool "$lp"
	mkdir -p "$T/scripts-$tag"
	cat >"$T/scripts-$tag/dock_policy.lua" <<LUA
fleetops.policy("request grant", function(cmd)
  if cmd.args.from and cmd.args.from:sub(1, 16) >= ("$h3"):sub(1, 16) then
    return false, "no late docking"
  end
  if cmd.args.resource == "$lp-1" then
    local w = {}
    for i, x in ipairs(cmd.words) do w[i] = (x == "$lp-1") and "$lp-2" or x end
    return w
  end
end, "dock-policy")
LUA
	cat >"$T/req_$tag.lua" <<LUA
local q, err = fleetops.request { pool = "$lp", from = "$h1", ["for"] = "1h", ["until"] = "$h3" }
assert(q, err)
print("first " .. q.state .. " " .. q.reason)
local r = fleetops.request { pool = "$lp", from = "$h3", ["for"] = "1h", ["until"] = "+9h" }
print("second " .. r.state .. " " .. r.reason)
LUA
	bfo --scripts-path "$T/scripts-$tag" run "$T/req_$tag.lua"
	expect_rc 0 "$what: fleetops.request under a Lua grant policy"
	grep -q "^first granted granted $lp-2 " "$T/out"
	check $? "$what: the policy amended the grant to $lp-2: $(cat "$T/out" "$T/err")"
	grep -q "^second open not granted: .*refused by policy dock-policy: no late docking" "$T/out"
	check $? "$what: the policy's refusal stays on the open request: $(cat "$T/out")"
}

run_store "sqlite:$T/requests.db" sqlite lite
if [ -n "${FO_PG_URL:-}" ]; then
	run_store "$FO_PG_URL" postgresql "pg$$"
else
	echo "  (no FO_PG_URL: PostgreSQL skipped)"
fi
finish requests
