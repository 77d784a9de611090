#!/usr/bin/env bash
# Every registered view (whatever plugin registered it) in every format:
# exit 0 and a quiet stderr; the JSON valid against the documented schema
# (scripts/schema/report.schema.json) with each value of its column's type;
# the CSV parsed back (RFC 4180) and equal to the JSON rows; the Markdown
# one table line per row; the HTML self-contained.
. "$(dirname "$0")/lib.bash"

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
	check "$view csv = json" csv "$T/$view.csv" "$T/$view.json"
	check "$view md" md "$T/$view.md" "$T/$view.json"
	check "$view html" html "$T/$view.html"
	rows=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["rows"]))' "$T/$view.json")
	# table: a header line, then a line per row (or the empty text)
	lines=$(wc -l <"$T/$view.table")
	[ "$rows" -eq 0 ] && rows=1
	expect_eq "$lines" "$((rows + 1))" "$view table lines"
done

# Every column, hidden ones too, through every format.
for view in fleet.vehicles missions.conditions; do
	cols=$("$FO" "${DEMO[@]}" completion bash | sed -n "s/^\t'$view') echo '\(.*\)' ;;/\1/p" | tr ' ' ,)
	expect_eq "$([ -n "$cols" ] && echo yes)" yes "$view columns from the registry"
	run "${DEMO[@]}" report "$view" "${ADV[@]}" --columns "$cols" --format json
	expect_rc 0 "$view all columns"
	cp "$T/out" "$T/all.json"
	check "$view all columns: schema" json "$T/all.json" "$SCHEMA"
	run "${DEMO[@]}" report "$view" "${ADV[@]}" --columns "$cols" --format csv
	cp "$T/out" "$T/all.csv"
	check "$view all columns: csv = json" csv "$T/all.csv" "$T/all.json"
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
