#!/usr/bin/env bash
# rls.sh — tenant isolation with real PostgreSQL roles, table by table.
#
# Applies sql/*.sql as fleetops_owner to a fresh database fleetops_rls on the
# private server of tests/pg/pg.sh (started here, and stopped again, when
# FO_PG_URL is not set), creates tenants A and B and the login roles
#   rls_op_a (operator of A), rls_op_b (operator of B), rls_view_a (viewer
#   of A), rls_admin_a (admin of A),
# seeds one row of every record table (and samples) for both tenants as the
# owner, then checks, in one psql session per role (tests/store/rls_check.sql):
#   - a role reads its tenant's rows and none of the other's;
#   - it cannot update, delete or insert the other tenant's rows, nor move
#     its own row there (USING / WITH CHECK);
#   - the viewer writes nothing; operators cannot write core.tenants and
#     core.operators; no group can write audit.log or TRUNCATE;
#   - injection strings, as bound parameters (psql :'var' and EXECUTE USING),
#     are stored literally and drop nothing;
#   - the exclusion constraint refuses an overlapping allocation and accepts
#     an adjacent one;
# and, as owner / superuser: audit rows with the right actor and old/new
# rows, FORCE ROW LEVEL SECURITY binding a table owner without BYPASSRLS,
# RLS enabled and forced on every table, the other tenant's rows untouched.
# Ends with "rls: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build}
DB=fleetops_rls

started=
if [ -z "${FO_PG_URL:-}" ]; then
	if ! env_lines=$(timeout 120 tests/pg/pg.sh start </dev/null 2>&1); then
		echo "$env_lines"
		echo "rls: 0 passed, 1 failed (no PostgreSQL)"
		exit 1
	fi
	eval "$env_lines"
	started=1
fi
cleanup() {
	[ -n "$started" ] && timeout 60 tests/pg/pg.sh stop >/dev/null 2>&1
	[ -n "${FO_RLS_KEEP:-}" ] && echo "rls: output kept in $TMP" || rm -rf "${TMP:-}"
}
trap cleanup EXIT
TMP=$(mktemp -d)

PSQL=${FO_PG_BIN:-/usr/lib/postgresql/15/bin}/psql
PORT=${FO_PG_PORT:?FO_PG_PORT not set (tests/pg/pg.sh env)}
HOST=${FO_PG_HOST:?FO_PG_HOST not set}
url() { echo "postgresql://$1@127.0.0.1:$PORT/$DB"; }
super() { "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U postgres "$@"; }

passed=0
failed=0
# tally FILE: counts "ok ..." and "FAIL ..." lines and every psql ERROR.
tally() {
	local p f e
	p=$(grep -c '^ok ' "$1")
	f=$(grep -c '^FAIL ' "$1")
	e=$(grep -c 'ERROR:' "$1")
	grep -E '^FAIL |ERROR:' "$1" | sed 's/^/  /'
	passed=$((passed + p))
	failed=$((failed + f + e))
}
check() { # check NAME CONDITION-RESULT(0/1)
	if [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "  FAIL $1"
	fi
}

# The record tables, as declared by the core and the plugins it loads
# (every built one: a table left out here would go unchecked, see below).
"$BUILD/fleetops" db tables >"$TMP/columns" ||
	{ echo "rls: 0 passed, 1 failed (fleetops db tables failed)"; exit 1; }
TABLES=$(awk '{print $1}' "$TMP/columns" | uniq | tr '\n' ' ')
TABLES_ARR="{$(echo $TABLES | tr ' ' ',')}"
ntables=$(echo $TABLES | wc -w)

# -- a fresh database, migrations applied as the owner (twice: idempotent)
super -d postgres >/dev/null <<-EOF || { echo "rls: 0 passed, 1 failed (setup)"; exit 1; }
	SET client_min_messages = warning;
	DROP DATABASE IF EXISTS $DB WITH (FORCE);
	CREATE DATABASE $DB OWNER fleetops_owner;
EOF
for pass in 1 2; do
	rc=0
	for f in sql/[0-9][0-9][0-9]_*.sql; do
		if ! "$PSQL" -X -q -1 -v ON_ERROR_STOP=1 "$(url fleetops_owner)" -f "$f" >"$TMP/migrate" 2>&1; then
			echo "  migration $f (pass $pass) failed:"
			sed 's/^/    /' "$TMP/migrate"
			rc=1
			break
		fi
	done
	check "migrations apply (pass $pass)" $rc
	[ $rc -eq 0 ] || { echo "rls: $passed passed, $failed failed"; exit 1; }
done
# every record table of the database is one `db tables` declares
indb=$("$PSQL" -X -q -At "$(url fleetops_owner)" -c "
	SELECT count(*) FROM information_schema.tables
	WHERE table_type = 'BASE TABLE'
	  AND table_schema IN ('core', 'coordination', 'missions', 'optimization', 'analytics',
	                       'resources', 'performance')
	  AND (table_schema, table_name) NOT IN (('analytics', 'samples'), ('analytics', 'chunks'))")
check "db tables declares the $indb record tables of the database ($ntables declared)" \
	"$([ "$indb" = "$ntables" ] && echo 0 || echo 1)"

# -- roles (cluster-wide, so created only when missing) and seed data
super -d $DB >/dev/null <<-'EOF' || { echo "rls: $passed passed, 1 failed (roles)"; exit 1; }
	DO $$
	DECLARE
	    r text[];
	BEGIN
	    FOREACH r SLICE 1 IN ARRAY ARRAY[['rls_op_a', 'fleetops_operator'], ['rls_op_b', 'fleetops_operator'],
	                                     ['rls_view_a', 'fleetops_viewer'], ['rls_admin_a', 'fleetops_admin'],
	                                     ['rls_plain_owner', NULL]] LOOP
	        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r[1]) THEN
	            BEGIN
	                EXECUTE format('CREATE ROLE %I LOGIN', r[1]);
	            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	            END;
	        END IF;
	        IF r[2] IS NOT NULL AND NOT pg_has_role(r[1], r[2], 'MEMBER') THEN
	            EXECUTE format('GRANT %I TO %I', r[2], r[1]);
	        END IF;
	    END LOOP;
	END
	$$;
EOF
"$PSQL" -X -q -v ON_ERROR_STOP=1 "$(url fleetops_owner)" >"$TMP/seed" 2>&1 <<-'EOF'
	\i tests/store/rls_fixture.sql
	SET fleetops.actor = 'fixture';
	SELECT pg_temp.seed('A', 'rls_op_a');
	SELECT pg_temp.seed('B', 'rls_op_b');
	INSERT INTO core.operators (tenant_id, login, role, updated_by)
	VALUES (pg_temp.fid('A', 'core.tenants'), 'rls_view_a', 'viewer', 'fixture'),
	       (pg_temp.fid('A', 'core.tenants'), 'rls_admin_a', 'admin', 'fixture');
EOF
check "seed both tenants" $?
grep ERROR "$TMP/seed" | sed 's/^/  /'

# -- one session per role
role_session() { # role me other mode [extra psql args]
	local role=$1 me=$2 other=$3 mode=$4
	shift 4
	"$PSQL" -X -q -At "$(url "$role")" -v tables="$TABLES_ARR" -v me="$me" -v other="$other" \
		-v mode="$mode" "$@" >"$TMP/$role" 2>&1
}

role_session rls_op_a A B operator \
	-v inj1="'; DROP TABLE core.fleets; --" -v inj2="' OR '1'='1" <<-'EOF'
	\i tests/store/rls_fixture.sql
	\i tests/store/rls_check.sql
	SELECT pg_temp.check_role(:'tables', :'me', :'other', :'mode');
	SELECT pg_temp.check_allocations(:'me');
	-- The console names the person behind the login.
	SET fleetops.actor = 'alice@console';
	-- Injection strings as psql variables (:'x' quotes them as literals).
	INSERT INTO core.fleets (name, attributes) VALUES (:'inj1', jsonb_build_object('note', :'inj2'))
	    RETURNING 'ok psql variable insert, tenant defaulted: ' || (tenant_id = pg_temp.fid('A', 'core.tenants'));
	SELECT CASE WHEN count(*) = 1 THEN 'ok injection strings stored literally'
	            ELSE 'FAIL injection strings: ' || count(*) || ' rows' END
	FROM core.fleets WHERE name = :'inj1' AND attributes ->> 'note' = :'inj2';
	-- check_role stored it as the name of A's fixture fleet: that row only.
	SELECT CASE WHEN count(*) = 1 AND bool_and(id = pg_temp.fid('A', 'core.fleets'))
	            THEN 'ok '' OR ''1''=''1 as a value matches only the row named so'
	            ELSE 'FAIL '' OR ''1''=''1 matched ' || count(*) || ' rows' END
	FROM core.fleets WHERE name = :'inj2';
	DELETE FROM core.fleets WHERE name = :'inj1' RETURNING 'ok operator deletes its own fleet';
EOF
tally "$TMP/rls_op_a"

role_session rls_op_b B A operator <<-'EOF'
	\i tests/store/rls_fixture.sql
	\i tests/store/rls_check.sql
	SELECT pg_temp.check_role(:'tables', :'me', :'other', :'mode');
EOF
tally "$TMP/rls_op_b"

role_session rls_view_a A B viewer <<-'EOF'
	\i tests/store/rls_fixture.sql
	\i tests/store/rls_check.sql
	SELECT pg_temp.check_role(:'tables', :'me', :'other', :'mode');
EOF
tally "$TMP/rls_view_a"

role_session rls_admin_a A B admin <<-'EOF'
	\i tests/store/rls_fixture.sql
	\i tests/store/rls_check.sql
	SELECT pg_temp.check_role(:'tables', :'me', :'other', :'mode');
EOF
tally "$TMP/rls_admin_a"

# -- as the owner: what the roles did (and did not do), and the audit trail
"$PSQL" -X -q -At "$(url fleetops_owner)" -v tables="$TABLES_ARR" -v ntables="$ntables" >"$TMP/owner" 2>&1 <<-'EOF'
	\i tests/store/rls_fixture.sql
	-- B's rows: untouched by A's roles (rls_op_b updated them itself).
	SELECT CASE WHEN count(*) = 0 THEN 'ok nobody of A changed a row of B'
	            ELSE 'FAIL rows of B changed by A: ' || string_agg(table_name, ', ') END
	FROM audit.log WHERE tenant_id = pg_temp.fid('B', 'core.tenants')
	  AND actor NOT IN ('fixture', 'rls_op_b');
	SELECT CASE WHEN count(*) = 0 THEN 'ok no row says hijacked'
	            ELSE 'FAIL hijacked rows: ' || count(*) END
	FROM audit.log WHERE new_row ->> 'updated_by' = 'hijacked';
	-- Every record table: an INSERT audit row per tenant, actor from fleetops.actor.
	SELECT CASE WHEN count(DISTINCT l.record_id) = 2
	            THEN 'ok audit INSERT rows for ' || t
	            ELSE 'FAIL audit INSERT rows for ' || t || ': ' || count(DISTINCT l.record_id) END
	FROM unnest(:'tables'::text[]) t
	LEFT JOIN audit.log l ON l.table_name = t AND l.op = 'INSERT' AND l.actor = 'fixture'
	     AND l.old_row IS NULL AND l.new_row ->> 'id' = l.record_id
	     AND l.record_id IN (pg_temp.fid('A', t)::text, pg_temp.fid('B', t)::text)
	GROUP BY t ORDER BY t;
	-- Every record table: an UPDATE row by A's writer (op or admin) with old and new rows.
	SELECT CASE WHEN count(l.id) >= 1
	            THEN 'ok audit UPDATE row with old/new for ' || t
	            ELSE 'FAIL audit UPDATE row for ' || t END
	FROM unnest(:'tables'::text[]) t
	LEFT JOIN audit.log l ON l.table_name = t AND l.op = 'UPDATE'
	     AND l.record_id = pg_temp.fid('A', t)::text
	     AND l.actor = CASE WHEN t IN ('core.tenants', 'core.operators') THEN 'rls_admin_a' ELSE 'rls_op_a' END
	     AND l.old_row ->> 'updated_by' = 'fixture' AND l.new_row ->> 'updated_by' = 'rls-A'
	     AND l.tenant_id = pg_temp.fid('A', 'core.tenants')
	GROUP BY t ORDER BY t;
	SELECT CASE WHEN count(*) = 2 THEN 'ok audit actor from fleetops.actor (insert and delete)'
	            ELSE 'FAIL audit rows by alice@console: ' || count(*) END
	FROM audit.log WHERE actor = 'alice@console' AND table_name = 'core.fleets'
	  AND ((op = 'INSERT' AND new_row IS NOT NULL AND old_row IS NULL)
	    OR (op = 'DELETE' AND old_row IS NOT NULL AND new_row IS NULL));
	SELECT CASE WHEN to_regclass('core.fleets') IS NOT NULL AND count(*) = 4
	            THEN 'ok core.fleets still there with its 4 fixture rows'
	            ELSE 'FAIL core.fleets: ' || count(*) || ' rows' END FROM core.fleets;
	SELECT CASE WHEN count(*) = 2 THEN 'ok owner (BYPASSRLS) sees both tenants'
	            ELSE 'FAIL owner sees ' || count(*) || ' tenants' END FROM core.tenants;
	-- RLS enabled and forced on every table of the fleetops schemas.
	SELECT CASE WHEN count(*) = :'ntables'::int + 2 AND bool_and(c.relrowsecurity AND c.relforcerowsecurity)
	            THEN 'ok row-level security enabled and forced on all ' || count(*) || ' tables'
	            ELSE 'FAIL RLS not enabled+forced on: ' || string_agg(n.nspname || '.' || c.relname, ', ')
	                 FILTER (WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity)) || ' (' || count(*) || ' tables)' END
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relkind = 'r' AND n.nspname IN ('core', 'audit', 'coordination', 'missions', 'optimization',
	                                         'analytics', 'resources', 'performance');
EOF
tally "$TMP/owner"

# -- FORCE ROW LEVEL SECURITY binds an owner without BYPASSRLS (rolled back)
super -At -d $DB >"$TMP/force" 2>&1 <<-'EOF'
	BEGIN;
	ALTER TABLE core.fleets OWNER TO rls_plain_owner;
	GRANT USAGE ON SCHEMA core TO rls_plain_owner;
	SET ROLE rls_plain_owner;
	SELECT CASE WHEN count(*) = 0 THEN 'ok forced RLS: a plain owner sees no rows'
	            ELSE 'FAIL forced RLS: the plain owner sees ' || count(*) || ' rows' END FROM core.fleets;
	DO $$
	BEGIN
	    INSERT INTO core.fleets (tenant_id, name) VALUES (md5('rls:A:core.tenants')::uuid, 'x');
	    RAISE NOTICE 'FAIL forced RLS: the plain owner inserted';
	EXCEPTION WHEN insufficient_privilege THEN
	    RAISE NOTICE 'ok forced RLS: the plain owner cannot insert';
	END
	$$;
	RESET ROLE;
	ALTER TABLE core.fleets NO FORCE ROW LEVEL SECURITY;
	SET ROLE rls_plain_owner;
	SELECT CASE WHEN count(*) > 0 THEN 'ok without FORCE the same owner sees ' || count(*) || ' rows'
	            ELSE 'FAIL without FORCE the owner still sees nothing' END FROM core.fleets;
	RESET ROLE;
	ROLLBACK;
EOF
sed -i 's/^NOTICE:  //' "$TMP/force"
tally "$TMP/force"

echo "rls: $passed passed, $failed failed"
if [ "$failed" -eq 0 ]; then
	super -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
	exit 0
fi
echo "rls: database $DB kept for inspection"
exit 1
