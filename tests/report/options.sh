#!/usr/bin/env bash
# report options and the behaviour scripts rely on: exit codes 0/1/2, quiet
# stderr, --format from the --out extension, atomic output files, --columns
# order, --sort, --filter (the console's syntax), --tenant/--fleet scope,
# --since/--until, --width, --limit, `report feeds`.
. "$(dirname "$0")/lib.bash"

# ---- usage errors: exit 2, a message on stderr, nothing on stdout
for args in "report no.such.view" "report fleet" "report fleet.vehicles --format xml" \
	"report fleet.vehicles --no-such-option" "report fleet.vehicles --columns id,nope" \
	"report fleet.vehicles --sort nope" "report fleet.vehicles --filter nope:x" \
	"report fleet.vehicles --filter (" "report fleet.vehicles --since yesterday" \
	"report fleet.vehicles --until 2026-13-01" "report fleet.fleets --since 2h" \
	"report feeds --fleet fleet-1" "report fleet.vehicles --out $T/x.pdf" \
	"report fleet.vehicles --width 5" "report fleet.vehicles --limit x" \
	"report fleet.vehicles --since 1h --until 2h" \
	"report fleet.vehicles --since 2026-02-30" "report fleet.vehicles --since 2027-02-29T00:00Z" \
	"report fleet.vehicles --until 2026-11-27T08:00+99:99" \
	"report fleet.vehicles --since 2026-11-27T08:00:00-01:60" \
	"report fleet.vehicles json" "report fleet.vehicles --limit 3 csv" \
	"report show fleet.vehicles md"; do
	# shellcheck disable=SC2086
	run "${DEMO[@]}" $args
	expect_rc 2 "$args"
	expect_grep err "^fleetops: " "$args: says why"
	expect_empty out "$args: nothing on stdout"
done
run "${DEMO[@]}" report fleet.vehicles csv
expect_grep err "unexpected argument 'csv' after the view .*--format" "a stray word: the format is --format"
run "${DEMO[@]}" report fleet.vehicles --since 2026-02-30
expect_grep err "bad --since '2026-02-30'" "a day past the month's end is refused, not rolled over"
run report fleet.vehicles --advance 5
expect_rc 2 "--advance without --demo"
expect_grep err "simulator" "--advance names the simulator"

# ---- runtime failure: exit 1, and no file (or temporary) left behind
mkdir -p "$T/ro"
chmod 0555 "$T/ro"
run "${DEMO[@]}" report fleet.vehicles --out "$T/ro/r.csv"
if [ "$(id -u)" -ne 0 ]; then
	expect_rc 1 "unwritable directory"
	expect_grep err "cannot write" "says it cannot write"
fi
run "${DEMO[@]}" report fleet.vehicles --out "$T/missing/dir/r.csv"
expect_rc 1 "missing directory"
expect_grep err "cannot write .*r.csv" "names the file it cannot write"
[ "$(id -u)" -ne 0 ] && expect_eq "$(ls "$T/ro" | wc -l)" 0 "nothing left behind"

# ---- --out: format from the extension, atomic replace, stdout empty
for ext in txt csv json md markdown html htm; do
	run "${DEMO[@]}" report fleet.fleets --out "$T/r.$ext"
	expect_rc 0 "--out r.$ext"
	expect_empty out "--out r.$ext: nothing on stdout"
	expect_empty err "--out r.$ext: nothing on stderr"
done
expect_grep r.txt "^Fleet +Tenant" ".txt is a table"
expect_grep r.csv "^fleet,tenant," ".csv is CSV"
expect_grep r.json '"report_version": 1' ".json is JSON"
expect_grep r.md "^\| Fleet \|" ".md is Markdown"
expect_grep r.markdown "^\| Fleet \|" ".markdown is Markdown"
expect_grep r.html "^<!DOCTYPE html>" ".html is HTML"
expect_grep r.htm "^<!DOCTYPE html>" ".htm is HTML"
run "${DEMO[@]}" report fleet.fleets --out "$T/r.txt" --format csv
expect_grep r.txt "^fleet,tenant," "--format wins over the extension"
echo old >"$T/keep.csv"
ino=$(stat -c %i "$T/keep.csv")
run "${DEMO[@]}" report fleet.fleets --out "$T/keep.csv"
expect_rc 0 "replace an existing file"
expect_grep keep.csv "^fleet,tenant," "the file was replaced"
checks=$((checks + 1))
[ "$(stat -c %i "$T/keep.csv")" != "$ino" ] || { echo "  FAIL (not replaced by rename)"; failures=$((failures + 1)); }
expect_eq "$(ls "$T" | grep -c '\.tmp\.')" 0 "no temporary file left"
expect_eq "$(stat -c %a "$T/keep.csv")" "$(printf '%o' $((0666 & ~$(umask))))" "mode follows the umask"
run "${DEMO[@]}" report fleet.fleets --out - --format csv
expect_grep out "^fleet,tenant," "--out - is stdout"

# ---- --columns keeps the order asked for; --sort; --limit
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --columns battery,id --format csv
expect_grep out "^battery,id" "--columns order"
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --columns id,battery --sort -battery --format csv
tail -n +2 "$T/out" | cut -d, -f2 | tr -d '\r' >"$T/b"
sort -g -r "$T/b" >"$T/b.sorted"
checks=$((checks + 1))
cmp -s "$T/b" "$T/b.sorted" || { echo "  FAIL (--sort -battery)"; failures=$((failures + 1)); }
run "${DEMO[@]}" report fleet.vehicles --limit 5 --format csv
expect_eq "$(($(wc -l <"$T/out") - 1))" 5 "--limit 5"

# ---- --filter: the console's syntax (REGEX, COLUMN:REGEX, !EXPR)
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --filter 'fleet:fleet-2' --format csv
expect_eq "$(tail -n +2 "$T/out" | grep -vc ',fleet-2,')" 0 "--filter fleet:fleet-2"
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 3 "--filter: 3 vehicles of fleet-2"
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --filter '!fleet:fleet-2' --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 9 "--filter ! inverts"
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --filter 'AGV-0000[13]' --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 2 "--filter REGEX"

# ---- --tenant / --fleet scope (exact ids)
run "${DEMO[@]}" report fleet.vehicles --tenant tenant-a --columns id,tenant --format csv
expect_rc 0 "--tenant"
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 6 "--tenant tenant-a: 6 of 12"
expect_eq "$(tail -n +2 "$T/out" | grep -vc ',tenant-a')" 0 "--tenant only tenant-a"
run "${DEMO[@]}" report fleet.fleets --tenant tenant-b --fleet fleet-4 --format csv
expect_eq "$(tail -n +2 "$T/out" | cut -d, -f1 | tr -d '\r')" fleet-4 "--tenant and --fleet"
run "${DEMO[@]}" report fleet.fleets --fleet fleet- --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 0 "--fleet matches the id exactly"

# ---- --since / --until: views with a time column (fleet.vehicles: last_seen)
# The simulator stamps wall-clock times: take the report's time from the
# clock too.
export SOURCE_DATE_EPOCH=
run "${DEMO[@]}" report fleet.vehicles --since 1h --format csv
expect_rc 0 "--since 1h"
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 12 "--since 1h: every vehicle seen"
run "${DEMO[@]}" report fleet.vehicles --until 2020-01-01T00:00:00Z --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 0 "--until 2020: none"
run "${DEMO[@]}" report fleet.vehicles --since 2020-01-01 --until '2099-01-01 00:00' --format json
expect_grep out '"since": "2020-01-01T00:00:00Z"' "--since date in the JSON"
expect_grep out '"until": "2099-01-01T00:00:00Z"' "--until in the JSON"
expect_grep out '"row_count": 12' "inside the window"
run "${DEMO[@]}" report fleet.vehicles --since 2030-01-01T01:00:00+01:00 --format json
expect_grep out '"since": "2030-01-01T00:00:00Z"' "a zone offset is applied"
SOURCE_DATE_EPOCH=1796000000 run "${DEMO[@]}" report fleet.vehicles --since 1h30m --format json
expect_grep out '"since": "2026-11-29T23:23:20Z"' "a duration counts back from the report's time"
export SOURCE_DATE_EPOCH=1796000000

# ---- table width: fits --width; no width limit into a pipe
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}" --width 60
expect_eq "$("$PY" -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()))' "$T/out")" 60 "--width 60"
expect_grep out "…" "cut cells end with an ellipsis"
run "${DEMO[@]}" report fleet.vehicles "${ADV[@]}"
expect_eq "$(grep -c '…' "$T/out")" 0 "into a pipe: nothing cut"

# ---- `report feeds` (a domain with one view), --list markers
run report feeds
expect_rc 0 "report feeds"
expect_grep out "^Feed +State +Since" "report feeds is the feeds view"
expect_grep out "no live feeds" "says why it is empty"
run report --list
expect_grep out "^fleet.vehicles .* \[detail\] \[time\]$" "--list marks detail and time"
run report
expect_rc 0 "report alone lists"
expect_grep out "^feeds.status" "report alone lists the views"
run report show fleet.fleets --format csv
expect_rc 0 "report show VIEW"
run --demo --readonly report fleet.fleets --format csv
expect_rc 0 "reports are read-only safe"

# ---- progress: on stderr only when it is a terminal and the report takes
# more than a moment (100,000 vehicles), erased when done
script -qec "$FO --demo --sim-vehicles 100000 report fleet.vehicles --advance 20 --out $T/big.csv" \
	/dev/null >"$T/tty" 2>&1
expect_grep tty "fleetops report: [a-z ]+ [0-9]+/100000" "progress on a terminal"
expect_eq "$(($(wc -l <"$T/big.csv") - 1))" 100000 "the big report is whole"
run --demo --sim-vehicles 100000 report fleet.vehicles --advance 3 --out "$T/big.csv"
expect_empty err "no progress when stderr is not a terminal"
# A domain by its DOMAIN.all view, a view by its last name part
run report missions --format csv
expect_rc 0 "report missions"
expect_grep out "^id,state,template,vehicle," "report missions is missions.all"
run report safety-events --format csv
expect_rc 0 "report safety-events"
expect_grep out "^id,state,severity,kind,vehicle," "report safety-events is missions.safety_events"
run report alerts --format csv
expect_rc 0 "report alerts"
expect_grep out "^id,alert,severity," "report alerts is the Alerts pane's first view (firing)"
run report missions.nope
expect_rc 2 "an unknown view"
finish
