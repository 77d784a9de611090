#!/usr/bin/env bash
# Every registered view (whatever plugin registered it) in every format:
# exit 0 and a quiet stderr; the JSON valid against the documented schema
# (scripts/schema/report.schema.json) with each value of its column's type;
# the CSV parsed back (RFC 4180) and equal to the JSON rows; the Markdown
# one table line per row; the HTML self-contained; the table one line per
# row, none ending in a space.  Formats compared field by field come from
# one process (one_run.lua): two runs may read the wall clock a second
# apart (a vehicle's last_seen).
. "$(dirname "$0")/lib.bash"

# one_run STEM REPORT-ARGS...: $T/one/STEM.json, .csv and .md from one run
mkdir -p "$T/one"
one_run() {
	local stem=$1
	shift
	"$FO" "${DEMO[@]}" run "$R/one_run.lua" "$T/one" "$stem" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0 "one run of $stem"
	expect_empty err "one run of $stem: quiet stderr"
}

run "${DEMO[@]}" report --list
expect_rc 0 "report --list"
views=$(awk '{print $1}' "$T/out")
run "${DEMO[@]}" view list
expect_eq "$views" "$(awk '{print $1}' "$T/out")" "report --list names every registered view"
run "${DEMO[@]}" report --list
expect_eq "$(awk 'NF < 2' "$T/out" | wc -l)" 0 "every view has a one-line description"

for view in $views; do
	for fmt in table csv json md html; do
		"$FO" "${DEMO[@]}" report "$view" "${ADV[@]}" --format "$fmt" \
			>"$T/$view.$fmt" 2>"$T/err"
		rc=$?
		expect_rc 0 "report $view --format $fmt"
		expect_empty err "report $view --format $fmt: quiet stderr"
	done
	check "$view json schema" json "$T/$view.json" "$SCHEMA"
	one_run "$view" "$view" "${ADV[@]}"
	check "$view json schema (one run)" json "$T/one/$view.json" "$SCHEMA"
	check "$view csv = json" csv "$T/one/$view.csv" "$T/one/$view.json"
	check "$view md" md "$T/one/$view.md" "$T/one/$view.json"
	check "$view md (its own run)" md "$T/$view.md" "$T/$view.json"
	check "$view html" html "$T/$view.html"
	rows=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$T/$view.json")
	# table: a header line, then a line per row (or the empty text)
	lines=$(wc -l <"$T/$view.table")
	[ "$rows" -eq 0 ] && rows=1
	expect_eq "$lines" "$((rows + 1))" "$view table lines"
	expect_eq "$(grep -c ' $' "$T/$view.table")" 0 "$view table: no line ends in a space"
done

# Every column, hidden ones too, through every format.
for view in fleet.vehicles missions.conditions; do
	cols=$("$FO" "${DEMO[@]}" completion bash | sed -n "s/^\t'$view') echo '\(.*\)' ;;/\1/p" | tr ' ' ,)
	expect_eq "$([ -n "$cols" ] && echo yes)" yes "$view columns from the registry"
	one_run all "$view" "${ADV[@]}" --columns "$cols"
	check "$view all columns: schema" json "$T/one/all.json" "$SCHEMA"
	check "$view all columns: csv = json" csv "$T/one/all.csv" "$T/one/all.json"
	run "${DEMO[@]}" report "$view" "${ADV[@]}" --columns "$cols" --format table --width 1000
	expect_rc 0 "$view all columns: table"
	expect_eq "$(grep -c ' $' "$T/out")" 0 "$view all columns: no table line ends in a space"
done

# The time column is ISO 8601 UTC in JSON and CSV.
run "${DEMO[@]}" report fleet.vehicles --columns id,last_seen --format csv
expect_grep out "^AGV-00001,[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" "last_seen in ISO 8601 UTC"

# CSV quoting: a field with a comma is quoted (positions hold "x,y").
run "${DEMO[@]}" report fleet.vehicles --columns id,position --format csv
expect_grep out '^AGV-00001,"[0-9.]+,[0-9.]+"' "a comma inside a field is quoted"

# The checks can fail: a broken JSON, a CSV that disagrees with it.
run "${DEMO[@]}" report fleet.fleets --format json
sed 's/"vehicles": 3/"vehicles": "3"/' "$T/out" >"$T/bad.json"
sed 's/"report_version": 1/"report_version": 2/' "$T/out" >"$T/bad2.json"
cp "$T/out" "$T/good.json"
run "${DEMO[@]}" report fleet.fleets --format csv
sed 's/^fleet-2,/fleet-9,/' "$T/out" >"$T/bad.csv"
for c in "json $T/bad.json $SCHEMA" "json $T/bad2.json $SCHEMA" "csv $T/bad.csv $T/good.json"; do
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	if "$PY" "$R/check.py" $c >/dev/null; then
		echo "  FAIL (check.py $c passed a broken file)"
		failures=$((failures + 1))
	fi
done
finish
