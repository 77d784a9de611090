#!/usr/bin/env bash
# injection.sh — SQL-injection strings through every text field that
# `db insert` accepts, on both stores: each string goes into every free-text
# field of every table (records chained through their required references),
# is read back with `db get` and must be stored literally; nothing is
# dropped.  Enumerated fields (help "a, b or c") get the strings too and
# must either store them literally or refuse them as invalid.
# SQLite always; PostgreSQL when FO_PG_URL is set (tests/run_store.sh).
cd "$(dirname "$0")/../.." || exit 2
NAME=injection
. tests/store/lib_store.bash

strings=(
	"'; DROP TABLE core.fleets; --"
	"x' OR '1'='1"
	"\"; DELETE FROM audit.log; --"
	"Robert'); DROP TABLE core.tenants;--"
	"\$\$; SELECT pg_sleep(3); \$\$ --"
	"\\'; TRUNCATE analytics.samples; -- \\\\"
	"%s%n%x ' UNION SELECT current_user, version() /*"
	"ünïcødé 🚚	tab ' \" \\ \$1 ? :name ;"
)
BASE_ROUNDS=2 # plain records first, so two references to one table differ
RUN=$$.$(date +%s)

# The declared fields (implicit ones left out), from the table declarations.
if ! "$BUILD/fleetops" db tables | awk -F'\t' '$2 !~ /^(id|tenant_id|version|created_at|updated_at|updated_by)$/' >"$T/fields"; then
	bad "fleetops db tables failed"
	finish injection
	exit 1
fi

declare -A spec deps
tables=()
while IFS=$'\t' read -r tbl f ty req ref _time _scope help; do
	[ -n "${spec[$tbl]+x}" ] || tables+=("$tbl")
	enum=-
	if [ "$ty" = text ] && [[ $help =~ ^[a-z_]+((, | or )[a-z_]+)*$ ]]; then
		enum=${help%%[, ]*}
	fi
	spec[$tbl]+="$f $ty $req $ref $enum"$'\n'
	if [ "$req" = required ] && [ "$ref" != - ] && [ "$ref" != "$tbl" ]; then
		deps[$tbl]+=" $ref"
	fi
done <"$T/fields"

# Tables in an order where every required reference is inserted first.
order=()
declare -A placed
while [ "${#order[@]}" -lt "${#tables[@]}" ]; do
	progress=0
	for tbl in "${tables[@]}"; do
		[ -n "${placed[$tbl]+x}" ] && continue
		ready=1
		for d in ${deps[$tbl]:-}; do [ -n "${placed[$d]+x}" ] || ready=0; done
		if [ "$ready" -eq 1 ]; then
			order+=("$tbl")
			placed[$tbl]=1
			progress=1
		fi
	done
	if [ "$progress" -eq 0 ]; then
		bad "required references form a cycle"
		finish injection
		exit 1
	fi
done

# build_args TABLE ROUND VALUE ENUM_VALUE: the FIELD=VALUE words of one record
# in args[]; free-text fields get VALUE, enumerated ones ENUM_VALUE (or their
# first allowed value when ENUM_VALUE is empty).  Fails when the record needs
# two records of one table and round 0 has only one.
build_args() {
	local tbl=$1 round=$2 value=$3 evalue=$4
	local f ty req ref enum hour=0
	declare -A used=()
	args=()
	[ "$tbl" = core.tenants ] || args+=("tenant_id=$tenant")
	while read -r f ty req ref enum; do
		[ -n "$f" ] || continue
		case $ty in
		text)
			if [ "$enum" != - ]; then
				args+=("$f=${evalue:-$enum}")
			else
				args+=("$f=$value")
			fi
			;;
		int) args+=("$f=$((round + 1))") ;;
		real) args+=("$f=1.5") ;;
		bool) args+=("$f=true") ;;
		json) args+=("$f={\"round\":$round}") ;;
		time)
			args+=("$f=$(printf '2026-01-%02dT%02d:00:00.000Z' $((round + 1)) $hour)")
			hour=$((hour + 1))
			;;
		id)
			if [ "$req" != required ] || [ "$ref" = - ]; then
				continue # optional references stay NULL
			fi
			local k=${used[$ref]:-0}
			used[$ref]=$((k + 1))
			local ids pick
			read -ra ids <<<"${pool[$ref]:-}"
			pick=${ids[$k]:-}
			# two references to one table want two records: not yet in round 0
			[ -n "$pick" ] || return 1
			args+=("$f=$pick")
			;;
		esac
	done <<<"${spec[$tbl]}"
}

# stored_literally TABLE ID VALUE KIND: every field of KIND (free|enum)
# reads back as VALUE
stored_literally() {
	local tbl=$1 id=$2 value=$3 kind=$4 f ty req ref enum wrong=""
	fo "$URL" db get "$tbl" "$id"
	if [ "$rc" -ne 0 ]; then
		bad "$LABEL $tbl: get $id: $(head -c 200 "$T/err")"
		return
	fi
	while read -r f ty req ref enum; do
		[ "$ty" = text ] || continue
		[ "$kind" = free ] && [ "$enum" != - ] && continue
		[ "$kind" = enum ] && [ "$enum" = - ] && continue
		[ "$(field "$f")" = "$value" ] || wrong+=" $f='$(field "$f")'"
	done <<<"${spec[$tbl]}"
	if [ -z "$wrong" ]; then ok; else bad "$LABEL $tbl: not stored literally:$wrong"; fi
}

# inject LABEL URL
inject() {
	LABEL=$1
	URL=$2
	migrate "$URL"
	fo "$URL" db insert core.tenants name=injection-test
	tenant=$(field id)
	declare -gA pool=()
	local rounds=$((BASE_ROUNDS + ${#strings[@]})) round tbl value id
	local inserted=0
	for ((round = 0; round < rounds; round++)); do
		# The tag keeps unique columns (operators.login is one per cluster)
		# unique across rounds and runs; the string itself comes first.
		local tag="[$RUN.$round]"
		if [ "$round" -lt "$BASE_ROUNDS" ]; then
			value="plain $tag"
		else
			value="${strings[$((round - BASE_ROUNDS))]} $tag"
		fi
		for tbl in "${order[@]}"; do
			build_args "$tbl" "$round" "$value" "" || continue
			fo "$URL" db insert "$tbl" "${args[@]}"
			if [ "$rc" -ne 0 ]; then
				bad "$LABEL $tbl round $round: insert refused: $(head -c 300 "$T/err")"
				continue
			fi
			id=$(field id)
			pool[$tbl]="$id ${pool[$tbl]:-}"
			inserted=$((inserted + 1))
			[ "$round" -lt "$BASE_ROUNDS" ] && continue
			stored_literally "$tbl" "$id" "$value" free
			# the string in the enumerated fields too: stored or refused
			if awk '$2 == "text" && $5 != "-" { found = 1 } END { exit !found }' <<<"${spec[$tbl]}"; then
				build_args "$tbl" "$round" "$value+" "$value"
				fo "$URL" db insert "$tbl" "${args[@]}"
				if [ "$rc" -eq 0 ]; then
					stored_literally "$tbl" "$(field id)" "$value" enum
				elif grep -q "invalid" "$T/err"; then
					ok
				else
					bad "$LABEL $tbl: enumerated fields: neither stored nor refused as invalid: $(head -c 300 "$T/err")"
				fi
			fi
		done
	done
	# Nothing dropped: every table still answers, with every record made.
	for tbl in "${order[@]}"; do
		if [ "$tbl" = core.tenants ]; then
			fo "$URL" db list "$tbl"
		else
			fo "$URL" db list "$tbl" --tenant "$tenant"
		fi
		if [ "$rc" -ne 0 ]; then
			bad "$LABEL $tbl: list failed: $(head -c 200 "$T/err")"
			continue
		fi
		local have want
		want=$(wc -w <<<"${pool[$tbl]:-}")
		have=$(awk -F'\t' -v ids="${pool[$tbl]:-}" '
			BEGIN { n = split(ids, v, " "); for (i = 1; i <= n; i++) want[v[i]] = 1 }
			NR > 1 && ($1 in want) { have++ } END { print have + 0 }' "$T/out")
		if [ "$have" -eq "$want" ]; then ok; else bad "$LABEL $tbl: $have of $want records listed"; fi
	done
	echo "  $LABEL: $inserted records with ${#strings[@]} injection strings in every text field of ${#order[@]} tables"
}

inject sqlite "sqlite:$T/injection.db"
if [ -n "${FO_PG_URL:-}" ]; then
	inject postgresql "$FO_PG_URL"
else
	echo "  postgresql: skipped, FO_PG_URL is not set (tests/run_store.sh sets it)"
fi
finish injection
