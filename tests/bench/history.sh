#!/usr/bin/env bash
# history.sh — issue 14's history budget, on SQLite and PostgreSQL:
#   at 10,000 vehicles history costs at most 5 % of one core,
#   at most 20 KiB per vehicle per day on disk,
#   a 30-day trend query for one fleet takes at most 100 ms.
# Runs `fleetops history bench` (plugins/analytics/an_bench.c: synthetic
# vehicles through the history writer's own code, no waiting) on a temp
# SQLite file and on a private PostgreSQL (tests/pg/pg.sh, fsync on when
# this script starts it), and measures the store's size around the runs:
#   A  10,000 vehicles for 1 simulated hour: the CPU at full scale;
#   D  FO_BENCH_DAY_VEHICLES (250) vehicles for 24 simulated hours, once
#      with vehicles busy around the clock and once on two shifts: the
#      disk a vehicle-day takes (no extrapolation), its size once the 10 s
#      resolution is dropped (its retention is a day), and the CPU of a
#      steady day (open chunks at every size), scaled to 10,000 vehicles;
#   Q  30 days of 10 fleets' history, then the 30-day trend of one fleet
#      read through an_read, once on A's store and once after padding the
#      chunk table to the row count 10,000 vehicles keep at steady state.
# Prints a table SQLite | PostgreSQL with PASS or FAIL against the budget
# and exits non-zero when a budget fails on either store.
# FO_BENCH_KEEP=1 keeps the temp directory.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
FO=${BUILD:-build}/fleetops
VEH=${FO_BENCH_VEHICLES:-10000}
HOURS=${FO_BENCH_HOURS:-1}
DAYVEH=${FO_BENCH_DAY_VEHICLES:-250}
# rows a vehicle keeps at steady state with 10s:1d,1m:30d,1h:730d and 360
# buckets a chunk: 25 of an hour, 121 of 6 h, 49 of 15 days
FILL_VEH=${FO_BENCH_FILL_VEHICLES:-10000}
BUDGET_CPU=5 BUDGET_DISK=20480 BUDGET_MS=100
T=$(mktemp -d)
export HOME=$T/home XDG_CONFIG_HOME=$T/config XDG_STATE_HOME=$T/state XDG_DATA_HOME=$T/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME/fleetops" "$XDG_DATA_HOME"
# shellcheck disable=SC2046 # one word per variable name
unset $(env | sed -n 's/^\(FLEETOPS_[A-Z_]*\)=.*/\1/p') 2>/dev/null || true
pg_mine=
cleanup() {
	if [ -n "$pg_mine" ]; then
		timeout 60 tests/pg/pg.sh stop >/dev/null 2>&1 || echo "history bench: tests/pg/pg.sh stop failed"
	fi
	if [ -n "${FO_BENCH_KEEP:-}" ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
[ -x "$FO" ] || {
	echo "history bench: no $FO (make all)"
	exit 2
}
START=$(date +%s)

# fig FILE KEY: a value of the bench's "figures:" lines
fig() {
	grep -o "[ :]$2=[^ ]*" "$1" | tail -1 | cut -d= -f2
}

# bench STORE-ARGS... -- BENCH-ARGS...: one run; output in $T/run.out
bench() {
	local store=()
	while [ "$1" != -- ]; do
		store+=("$1")
		shift
	done
	shift
	echo "  \$ fleetops ${store[*]} history bench $*" | sed "s|$T|\$TMP|g"
	if ! "$FO" "${store[@]}" --log-file "$T/log" history bench "$@" >"$T/run.out" 2>"$T/run.err"; then
		echo "history bench failed: $(cat "$T/run.err")"
		exit 1
	fi
	grep -v '^figures:' "$T/run.out" | sed 's/^/    /'
}

# ---------------------------------------------------------------- sizes

# sq_size FILE [vacuum]: the database's bytes (page_count x page_size)
# after a WAL checkpoint, and after VACUUM when asked
sq_size() {
	python3 - "$1" "${2:-}" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
if sys.argv[2] == "vacuum":
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0])
PY
}

sq_sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for row in db.execute(sys.argv[2]):
    print("|".join(map(str, row)))
PY
}

psql_c() {
	psql "$FO_PG_URL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"
}

# pg_size [vacuum]: pg_total_relation_size('analytics.chunks') (heap,
# TOAST, index), after VACUUM FULL when asked
pg_size() {
	[ "${1:-}" = vacuum ] && psql_c "VACUUM FULL analytics.chunks" >/dev/null
	psql_c "SELECT pg_total_relation_size('analytics.chunks')"
}

# pg_ticks: CPU clock ticks of the PostgreSQL server: the postmaster, the
# children it reaped (a one-shot's backend, autovacuum workers) and those
# alive
pg_ticks() {
	local pm n p t
	pm=$(head -1 "$FO_PG_DATA/postmaster.pid")
	n=$(awk '{sub(/.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$pm/stat")
	for p in $(ps -o pid= --ppid "$pm"); do
		t=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null) && n=$((n + t))
	done
	echo "$n"
}

# new_tenant NAME: a tenant's id, or nothing (said on stderr)
new_tenant() {
	if "$FO" --store "$FO_PG_URL" --log-file "$T/log" db insert core.tenants "name=bench-$1-$$" \
		>"$T/t.out" 2>&1; then
		awk '$1 == "id" { print $2 }' "$T/t.out"
	else
		echo "history bench: creating a tenant: $(cat "$T/t.out")" >&2
	fi
}

# ---------------------------------------------------------------- runs

# results: R[store.key]
declare -A R

# run_store KIND: every run on one store
run_store() {
	local kind=$1 url_a url_d ten_a=() ten_d=() s0 s1 s2 t0 t1
	echo "== $kind"
	url_a=sqlite:$T/a.db
	[ "$kind" = postgresql ] && url_a=$FO_PG_URL
	"$FO" --store "$url_a" --log-file "$T/log" db migrate >"$T/m.out" 2>&1 || {
		echo "history bench: db migrate: $(cat "$T/m.out")"
		exit 1
	}
	[ "$kind" = postgresql ] && ten_a=(--tenant "$(new_tenant a)")
	[ "${#ten_a[@]}" -eq 0 ] || [ -n "${ten_a[1]}" ] || exit 1
	size() { if [ "$kind" = sqlite ]; then sq_size "$T/$1.db" "${2:-}"; else pg_size "${2:-}"; fi; }

	# A: full scale, 1 simulated hour
	s0=$(size a vacuum)
	[ "$kind" = postgresql ] && t0=$(pg_ticks)
	bench --store "$url_a" "${ten_a[@]}" -- --vehicles "$VEH" --hours "$HOURS" --days-fleet 0
	cp "$T/run.out" "$T/$kind-a.out"
	if [ "$kind" = postgresql ]; then
		sleep 1 # the backend reaped
		t1=$(pg_ticks)
		R[$kind.srv_a]=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v s="$HOURS" \
			'BEGIN { printf "%.3f", 100 * t / hz / (s * 3600) }')
	fi
	s1=$(size a)
	s2=$(size a vacuum)
	R[$kind.a_raw]=$(((s1 - s0) * 24 / VEH))
	R[$kind.a_live]=$(((s2 - s0) * 24 / VEH))
	for k in cpu_rollup_pct cpu_flush_pct cpu_store_pct cpu_history_pct pass_ms_max flush_ms_mean \
		flush_ms_max drain_ms_mean mem_bytes bytes_written payload_day_all payload_day_kept; do
		R[$kind.a_$k]=$(fig "$T/$kind-a.out" $k)
	done

	# D: a whole day, fewer vehicles, both profiles
	local prof
	for prof in busy shift; do
		if [ "$kind" = sqlite ]; then
			url_d="sqlite:$T/d-$prof.db"
			"$FO" --store "$url_d" --log-file "$T/log" db migrate >/dev/null || exit 1
		else
			url_d=$FO_PG_URL
			local td
			td=$(new_tenant "d-$prof")
			[ -n "$td" ] || exit 1
			ten_d=(--tenant "$td")
		fi
		s0=$(size "d-$prof" vacuum)
		[ "$kind" = postgresql ] && t0=$(pg_ticks)
		bench --store "$url_d" "${ten_d[@]}" -- --vehicles "$DAYVEH" --hours 24 --fleets 1 --zones 1 \
			--days-fleet 0 --profile "$prof"
		cp "$T/run.out" "$T/$kind-d-$prof.out"
		if [ "$kind" = postgresql ]; then
			sleep 1
			t1=$(pg_ticks)
			R[$kind.srv_d_$prof]=$(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$DAYVEH" -v v="$VEH" \
				'BEGIN { printf "%.3f", 100 * t / hz / 86400 * v / n }')
		fi
		s1=$(size "d-$prof")
		s2=$(size "d-$prof" vacuum)
		R[$kind.d_${prof}_raw]=$(((s1 - s0) / DAYVEH))
		R[$kind.d_${prof}_live]=$(((s2 - s0) / DAYVEH))
		# retention: the 10 s resolution goes after a day
		if [ "$kind" = sqlite ]; then
			sq_sql "$T/d-$prof.db" "DELETE FROM analytics_chunks WHERE res_s = 10 AND subject LIKE 'bench/%'"
		else
			psql_c "DELETE FROM analytics.chunks WHERE tenant_id = '$td' AND res_s = 10" >/dev/null
		fi
		s1=$(size "d-$prof" vacuum)
		R[$kind.d_${prof}_kept]=$(((s1 - s0) / DAYVEH))
		R[$kind.d_${prof}_payload_all]=$(fig "$T/run.out" payload_day_all)
		R[$kind.d_${prof}_payload_kept]=$(fig "$T/run.out" payload_day_kept)
		R[$kind.d_${prof}_cpu]=$(awk -v c="$(fig "$T/run.out" cpu_history_pct)" -v n="$DAYVEH" -v v="$VEH" \
			'BEGIN { printf "%.3f", c * v / n }')
		R[$kind.d_${prof}_written]=$(fig "$T/run.out" bytes_written)
		R[$kind.d_${prof}_mem]=$(fig "$T/run.out" mem_peak_bytes)
		R[$kind.d_${prof}_flush_ms]=$(fig "$T/run.out" flush_ms_mean)
	done

	# Q: the trend query, on A's store, then with the table at steady-state rows
	bench --store "$url_a" "${ten_a[@]}" -- --vehicles 0 --days-fleet 30 --fleet-size $((VEH / 10))
	for k in query_1h_median_ms query_1m_median_ms query_1h_max_ms; do
		R[$kind.q_small_$k]=$(fig "$T/run.out" $k)
	done
	local rows
	if [ "$kind" = sqlite ]; then
		sq_sql "$T/a.db" "WITH RECURSIVE v(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM v WHERE i < $FILL_VEH),
			t(r, n) AS (VALUES (10, 25), (60, 121), (3600, 49)),
			k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 120)
			INSERT INTO analytics_chunks (tenant_id, series, res_s, subject, start_s, data)
			SELECT (SELECT tenant_id FROM analytics_chunks WHERE subject = 'bench/t/fleet-01' LIMIT 1),
			       'history', r, printf('fill/v/%05d', i), 1600000000 - j * r * 360, zeroblob(16)
			FROM v, t, k WHERE j < n"
		rows=$(sq_sql "$T/a.db" "SELECT count(*) FROM analytics_chunks")
	else
		psql_c "INSERT INTO analytics.chunks (tenant_id, series, res_s, subject, start_s, data)
			SELECT '${ten_a[1]}', 'history', t.r, 'fill/v/' || lpad(v::text, 5, '0'),
			       1600000000 - j * t.r * 360, '\\x00000000000000000000000000000000'::bytea
			FROM generate_series(1, $FILL_VEH) v, (VALUES (10, 25), (60, 121), (3600, 49)) t(r, n),
			     generate_series(0, 120) j WHERE j < t.n" >/dev/null
		psql_c "ANALYZE analytics.chunks" # as autovacuum would
		rows=$(psql_c "SELECT count(*) FROM analytics.chunks")
	fi
	echo "  (padded analytics.chunks to $rows rows: the $FILL_VEH vehicles' steady state)"
	R[$kind.rows]=$rows
	bench --store "$url_a" "${ten_a[@]}" -- --query-only --repeat 9
	for k in query_1h_median_ms query_1m_median_ms query_1h_max_ms query_1m_max_ms; do
		R[$kind.q_full_$k]=$(fig "$T/run.out" $k)
	done
}

run_store sqlite

pg_log=$T/pg.log
tests/pg/pg.sh status 2>/dev/null || pg_mine=1
if ! FO_PG_FSYNC=${FO_PG_FSYNC:-on} timeout 120 tests/pg/pg.sh start >"$pg_log" 2>&1 </dev/null; then
	echo "history bench: could not start PostgreSQL:"
	tail -20 "$pg_log" | sed 's/^/  /'
	exit 1
fi
eval "$(tests/pg/pg.sh env)"
PG_FSYNC=$(psql_c "SHOW fsync")
run_store postgresql

# ---------------------------------------------------------------- table

verdict() { # VALUE LIMIT: PASS when VALUE <= LIMIT
	awk -v v="$1" -v l="$2" 'BEGIN { print (v != "" && v + 0 <= l + 0) ? "PASS" : "FAIL" }'
}
mib() {
	awk -v b="$1" 'BEGIN { printf "%.0f MiB", b / 1048576 }'
}
kib() {
	awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'
}
fail=0
# row LABEL SQLITE POSTGRESQL [LIMIT VALUE-SQLITE VALUE-POSTGRESQL]: a
# row of the table; with LIMIT a budget row, PASS or FAIL on each store
row() {
	local a=$2 b=$3
	if [ -n "${4:-}" ]; then
		local va vb
		va=$(verdict "${5:-$2}" "$4")
		vb=$(verdict "${6:-$3}" "$4")
		a="$a **$va**"
		b="$b **$vb**"
	fi
	echo "| $1 | $a | $b |"
}
pct() { printf "%.3f %%" "$1"; }
ms() { printf "%.2f ms" "$1"; }
S=sqlite P=postgresql
cpu_steady_s=$(awk -v a="${R[$S.d_busy_cpu]}" -v b="${R[$S.a_cpu_history_pct]}" 'BEGIN { print (a > b) ? a : b }')
cpu_steady_p=$(awk -v a="${R[$P.d_busy_cpu]}" -v b="${R[$P.a_cpu_history_pct]}" 'BEGIN { print (a > b) ? a : b }')
{
	echo
	echo "history budget (issue 14): $VEH vehicles for $HOURS h (A); $DAYVEH vehicles for 24 h (D); PostgreSQL fsync=$PG_FSYNC"
	echo
	echo "| figure | SQLite | PostgreSQL |"
	echo "|---|---|---|"
	row "A: rollup (an_acc_sample, an_series_put, fleet and zone sums), % of a core" \
		"$(pct "${R[$S.a_cpu_rollup_pct]}")" "$(pct "${R[$P.a_cpu_rollup_pct]}")"
	row "A: flush (an_hist_flush on the loop thread), % of a core" \
		"$(pct "${R[$S.a_cpu_flush_pct]}")" "$(pct "${R[$P.a_cpu_flush_pct]}")"
	row "A: store thread (the batch written), % of a core" \
		"$(pct "${R[$S.a_cpu_store_pct]}")" "$(pct "${R[$P.a_cpu_store_pct]}")"
	row "A: history in the fleetops process, % of a core, measured" \
		"$(pct "${R[$S.a_cpu_history_pct]}")" "$(pct "${R[$P.a_cpu_history_pct]}")"
	row "D: the same over a busy day, x $((VEH / DAYVEH)) (open chunks of every size)" \
		"$(pct "${R[$S.d_busy_cpu]}")" "$(pct "${R[$P.d_busy_cpu]}")"
	row "**CPU budget**: history in the fleetops process at $VEH vehicles, the larger of the two (5 %)" \
		"$(pct "$cpu_steady_s")" "$(pct "$cpu_steady_p")" "$BUDGET_CPU" "$cpu_steady_s" "$cpu_steady_p"
	row "PostgreSQL server processes, % of a core (A measured; D busy x $((VEH / DAYVEH)))" "-" \
		"$(pct "${R[$P.srv_a]}"); $(pct "${R[$P.srv_d_busy]}")"
	row "A: longest pass / longest flush on the loop thread" \
		"$(ms "${R[$S.a_pass_ms_max]}") / $(ms "${R[$S.a_flush_ms_max]}")" \
		"$(ms "${R[$P.a_pass_ms_max]}") / $(ms "${R[$P.a_flush_ms_max]}")"
	row "A: a batch in the store thread (mean, wall)" \
		"$(ms "${R[$S.a_drain_ms_mean]}")" "$(ms "${R[$P.a_drain_ms_mean]}")"
	row "D busy: a flush on the loop thread, mean, x $((VEH / DAYVEH))" \
		"$(ms "$(awk -v m="${R[$S.d_busy_flush_ms]}" -v k=$((VEH / DAYVEH)) 'BEGIN { print m * k }')")" \
		"$(ms "$(awk -v m="${R[$P.d_busy_flush_ms]}" -v k=$((VEH / DAYVEH)) 'BEGIN { print m * k }')")"
	row "open chunks in memory: A at the end; D busy at most, x $((VEH / DAYVEH))" \
		"$(mib "${R[$S.a_mem_bytes]}"); $(mib "$((${R[$S.d_busy_mem]} * VEH / DAYVEH))")" \
		"$(mib "${R[$P.a_mem_bytes]}"); $(mib "$((${R[$P.d_busy_mem]} * VEH / DAYVEH))")"
	row "D busy: chunk bytes written a vehicle-day (open chunks rewritten every batch)" \
		"$(kib $((${R[$S.d_busy_written]} / DAYVEH)))" "$(kib $((${R[$P.d_busy_written]} / DAYVEH)))"
	row "D busy: chunk bytes a vehicle-day, all resolutions / 1 min + 1 h" \
		"$(kib "${R[$S.d_busy_payload_all]}") / $(kib "${R[$S.d_busy_payload_kept]}")" \
		"$(kib "${R[$P.d_busy_payload_all]}") / $(kib "${R[$P.d_busy_payload_kept]}")"
	row "**disk budget**: D busy, on disk a vehicle-day, all resolutions (20 KiB)" \
		"$(kib "${R[$S.d_busy_live]}")" "$(kib "${R[$P.d_busy_live]}")" "$BUDGET_DISK" \
		"${R[$S.d_busy_live]}" "${R[$P.d_busy_live]}"
	row "D busy: on disk before VACUUM (free pages; PostgreSQL: dead row versions, see the note)" \
		"$(kib "${R[$S.d_busy_raw]}")" "$(kib "${R[$P.d_busy_raw]}")"
	row "D busy: on disk once the 10 s resolution is dropped (1 min + 1 h)" \
		"$(kib "${R[$S.d_busy_kept]}")" "$(kib "${R[$P.d_busy_kept]}")"
	row "D shift: on disk a vehicle-day, all resolutions / 1 min + 1 h" \
		"$(kib "${R[$S.d_shift_live]}") / $(kib "${R[$S.d_shift_kept]}")" \
		"$(kib "${R[$P.d_shift_live]}") / $(kib "${R[$P.d_shift_kept]}")"
	row "A: on disk a vehicle-day from 1 h x 24, after VACUUM / before" \
		"$(kib "${R[$S.a_live]}") / $(kib "${R[$S.a_raw]}")" \
		"$(kib "${R[$P.a_live]}") / $(kib "${R[$P.a_raw]}")"
	row "Q: 30-day trend of a fleet, 720 x 1 h, median (table of A)" \
		"$(ms "${R[$S.q_small_query_1h_median_ms]}")" "$(ms "${R[$P.q_small_query_1h_median_ms]}")"
	row "**query budget**: the same with the table at steady state (${R[$S.rows]} / ${R[$P.rows]} rows), median (100 ms)" \
		"$(ms "${R[$S.q_full_query_1h_median_ms]}")" "$(ms "${R[$P.q_full_query_1h_median_ms]}")" \
		"$BUDGET_MS" "${R[$S.q_full_query_1h_median_ms]}" "${R[$P.q_full_query_1h_median_ms]}"
	row "Q: the same at 1 min, 43,200 buckets, median (steady-state table)" \
		"$(ms "${R[$S.q_full_query_1m_median_ms]}")" "$(ms "${R[$P.q_full_query_1m_median_ms]}")"
	echo
	echo "ran $(($(date +%s) - START)) s"
} | tee "$T/table.md"
[ -n "${FO_BENCH_TABLE:-}" ] && cp "$T/table.md" "$FO_BENCH_TABLE"
# (row ran in the pipe's subshell: its verdicts are read back)
grep -q '\*\*FAIL\*\*' "$T/table.md" && fail=1
if [ "$fail" -ne 0 ]; then
	echo "history bench: a budget FAILED (see the table)"
	exit 1
fi
echo "history bench: every budget met"
