#!/usr/bin/env bash
# pg_schema.sh — the PostgreSQL migrations against the table declarations
# (`fleetops db tables`: the core's and every built plugin's; the SQLite
# side is tests/unit/test_store_schema.c).
#
# Applies sql/*.sql as fleetops_owner to a fresh database fleetops_schema on
# the private server (tests/pg/pg.sh; started and stopped here when
# FO_PG_URL is not set) and checks:
#   - information_schema.columns of every record table equals the implicit +
#     declared columns (name, order, type, NOT NULL), and nothing else is
#     there (beyond audit.log, analytics.samples and analytics.chunks);
#   - a foreign key (tenant_id, field) -> (tenant_id, id) for every ref, and
#     tenant_id -> core.tenants;
#   - fo_audit and fo_notify triggers, RLS enabled and forced, on every table;
#   - an index led by (tenant_id, time_field) for tables with a time field;
#   - the NOTIFY payload "schema.table id OP" on fleetops_changes.
# Ends with "pg_schema: N passed, M failed"; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
DB=fleetops_schema

started=
if [ -z "${FO_PG_URL:-}" ]; then
	if ! env_lines=$(timeout 120 tests/pg/pg.sh start </dev/null 2>&1); then
		echo "$env_lines"
		echo "pg_schema: 0 passed, 1 failed (no PostgreSQL)"
		exit 1
	fi
	eval "$env_lines"
	started=1
fi
TMP=$(mktemp -d)
cleanup() {
	[ -n "$started" ] && timeout 60 tests/pg/pg.sh stop >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT

PSQL=${FO_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
PORT=${FO_PG_PORT:?FO_PG_PORT not set (tests/pg/pg.sh env)}
HOST=${FO_PG_HOST:?FO_PG_HOST not set}
OWNER_URL="postgresql://fleetops_owner@127.0.0.1:$PORT/$DB"
super() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres "$@"; }
q() { "$PSQL" -X -q -At -v ON_ERROR_STOP=1 "$OWNER_URL" "$@"; }

passed=0
failed=0
result() { # result NAME STATUS [DETAIL FILE]
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "  ok $1"
	else
		failed=$((failed + 1))
		echo "  FAIL $1"
		[ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -40
	fi
}

"$BUILD/fleetops" db tables >"$TMP/decl" ||
	{ echo "pg_schema: 0 passed, 1 failed (fleetops db tables failed)"; exit 1; }

super -d postgres >/dev/null <<-EOF || { echo "pg_schema: 0 passed, 1 failed (setup)"; exit 1; }
	SET client_min_messages = warning;
	DROP DATABASE IF EXISTS $DB WITH (FORCE);
	CREATE DATABASE $DB OWNER fleetops_owner;
EOF
rc=0
for f in sql/[0-9][0-9][0-9]_*.sql; do
	q -1 -f "$f" >"$TMP/migrate" 2>&1 || { rc=1; break; }
done
result "migrations apply" $rc "$TMP/migrate"
[ $rc -eq 0 ] || { echo "pg_schema: $passed passed, $failed failed"; exit 1; }

# -- columns: "schema.table column type required|optional", both sides
awk '{
	t = $3
	if (t == "text") t = "text"; else if (t == "int") t = "bigint"; else if (t == "real") t = "double precision";
	else if (t == "bool") t = "boolean"; else if (t == "time") t = "timestamp with time zone";
	else if (t == "json") t = "jsonb"; else if (t == "id") t = "uuid"
	print $1, $2, t, $4
}' "$TMP/decl" >"$TMP/want"
q -F ' ' >"$TMP/got" <<-'EOF'
	SELECT c.table_schema || '.' || c.table_name, c.column_name, c.data_type,
	       CASE WHEN c.is_nullable = 'NO' THEN 'required' ELSE 'optional' END
	FROM information_schema.columns c
	JOIN information_schema.tables t USING (table_schema, table_name)
	WHERE t.table_type = 'BASE TABLE'
	  AND c.table_schema IN ('core', 'coordination', 'missions', 'optimization', 'analytics',
	                         'resources', 'performance')
	  AND (c.table_schema, c.table_name) NOT IN (('analytics', 'samples'), ('analytics', 'chunks'))
	ORDER BY array_position(ARRAY['core', 'coordination', 'missions', 'optimization', 'analytics',
	                              'resources', 'performance']::text[], c.table_schema::text),
	         c.table_name, c.ordinal_position;
EOF
# Table order differs (declaration vs name); compare each table's column list.
sort -s -k1,1 "$TMP/want" >"$TMP/want.s"
sort -s -k1,1 "$TMP/got" >"$TMP/got.s"
diff -u "$TMP/want.s" "$TMP/got.s" >"$TMP/cols.diff"
rc=$?
result "columns of $(awk '{print $1}' "$TMP/want" | uniq | wc -l) tables equal the declarations" $rc "$TMP/cols.diff"

# -- foreign keys: "schema.table column -> schema.table"
awk '$5 != "-" { print $1, $2, $5 }' "$TMP/decl" | sort >"$TMP/fk.want"
q -F ' ' >"$TMP/fk.got" <<-'EOF'
	SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
	FROM pg_constraint c
	JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[array_length(c.conkey, 1)]
	WHERE c.contype = 'f'
	  AND c.connamespace::regnamespace::text IN ('core', 'coordination', 'missions', 'optimization',
	                                            'analytics', 'resources', 'performance')
	  -- composite keys must pair tenant_id with tenant_id and the field with id
	  AND (array_length(c.conkey, 1) = 1
	       OR (SELECT attname FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = c.conkey[1]) = 'tenant_id'
	          AND (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = c.confkey[1]) = 'tenant_id'
	          AND (SELECT attname FROM pg_attribute WHERE attrelid = c.confrelid AND attnum = c.confkey[2]) = 'id')
	ORDER BY 1, 2;
EOF
sort -o "$TMP/fk.got" "$TMP/fk.got"
diff -u "$TMP/fk.want" "$TMP/fk.got" >"$TMP/fk.diff"
rc=$?
result "a foreign key for each of $(wc -l <"$TMP/fk.want") refs" $rc "$TMP/fk.diff"

# -- triggers, RLS, time indexes
awk '{print $1}' "$TMP/decl" | uniq >"$TMP/tables"
awk '$6 != "-" {print $1, $6}' "$TMP/decl" | uniq >"$TMP/timed"
q -v tables="{$(paste -sd, "$TMP/tables")}" >"$TMP/props" <<-'EOF'
	SELECT 'FAIL ' || t || ': ' || concat_ws(', ',
	         CASE WHEN NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = t::regclass AND tgname = 'fo_audit')
	              THEN 'no audit trigger' END,
	         CASE WHEN NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = t::regclass AND tgname = 'fo_notify')
	              THEN 'no notify trigger' END,
	         CASE WHEN NOT (SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = t::regclass)
	              THEN 'RLS not enabled and forced' END,
	         CASE WHEN (SELECT count(*) FROM pg_policy WHERE polrelid = t::regclass) < 4
	              THEN 'fewer than 4 policies' END)
	FROM unnest(:'tables'::text[]) t
	WHERE NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = t::regclass AND tgname = 'fo_audit')
	   OR NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = t::regclass AND tgname = 'fo_notify')
	   OR NOT (SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = t::regclass)
	   OR (SELECT count(*) FROM pg_policy WHERE polrelid = t::regclass) < 4;
EOF
[ ! -s "$TMP/props" ]
rc=$?
result "audit + notify triggers, forced RLS and policies on $(wc -l <"$TMP/tables") tables" $rc "$TMP/props"

: >"$TMP/idx"
while read -r t col; do
	n=$(q -c "SELECT count(*) FROM pg_index i
		JOIN pg_attribute a1 ON a1.attrelid = i.indrelid AND a1.attnum = i.indkey[0]
		JOIN pg_attribute a2 ON a2.attrelid = i.indrelid AND a2.attnum = i.indkey[1]
		WHERE i.indrelid = '$t'::regclass AND a1.attname = 'tenant_id' AND a2.attname = '$col'")
	[ "$n" -ge 1 ] || echo "$t: no index on (tenant_id, $col)" >>"$TMP/idx"
done <"$TMP/timed"
[ ! -s "$TMP/idx" ]
rc=$?
result "(tenant_id, time field) indexes on $(wc -l <"$TMP/timed") tables" $rc "$TMP/idx"

# -- the non-record tables
q >"$TMP/other" <<-'EOF'
	SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
	FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'samples';
	SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
	FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'chunks';
	SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
	FROM information_schema.columns WHERE table_schema = 'audit' AND table_name = 'log';
EOF
cat >"$TMP/other.want" <<-'EOF'
	tenant_id uuid, series text, subject text, ts timestamp with time zone, value double precision
	tenant_id uuid, series text, res_s integer, subject text, start_s bigint, data bytea
	id bigint, tenant_id uuid, table_name text, record_id text, op text, actor text, at timestamp with time zone, old_row jsonb, new_row jsonb
EOF
diff -u "$TMP/other.want" "$TMP/other" >"$TMP/other.diff"
result "analytics.samples, analytics.chunks and audit.log columns" $? "$TMP/other.diff"

# -- NOTIFY: psql reports notifications for its own LISTEN after each command.
q >"$TMP/notify" 2>&1 <<-'EOF'
	LISTEN fleetops_changes;
	INSERT INTO core.tenants (id, tenant_id, name)
	VALUES ('6f1c0d2e-0000-4000-8000-000000000001', '6f1c0d2e-0000-4000-8000-000000000001', 'n');
	UPDATE core.tenants SET name = 'm' WHERE id = '6f1c0d2e-0000-4000-8000-000000000001';
	DELETE FROM core.tenants WHERE id = '6f1c0d2e-0000-4000-8000-000000000001';
	SELECT 1;
EOF
rc=0
for op in INSERT UPDATE DELETE; do
	grep -q "payload \"core.tenants 6f1c0d2e-0000-4000-8000-000000000001 $op\"" "$TMP/notify" || rc=1
done
result "NOTIFY fleetops_changes 'schema.table id OP' for insert, update, delete" $rc "$TMP/notify"

echo "pg_schema: $passed passed, $failed failed"
if [ "$failed" -eq 0 ]; then
	super -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
	exit 0
fi
exit 1
