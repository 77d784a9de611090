-- 002_audit.sql — the audit trail, change notifications, and the helper that
-- puts row-level security, grants and triggers on a table.  It comes right
-- after core because every table, core's included, needs it; the core tables
-- are secured at the end of this file.

CREATE SCHEMA IF NOT EXISTS audit;
GRANT USAGE ON SCHEMA audit TO fleetops_admin, fleetops_operator, fleetops_viewer;

-- One row per change of one record.  Written only by the trigger below;
-- the groups may read their tenant's rows and write none.  No foreign keys:
-- the trail outlives the records it describes.
CREATE TABLE IF NOT EXISTS audit.log (
    id         bigserial PRIMARY KEY,
    tenant_id  uuid NOT NULL,
    table_name text NOT NULL,          -- "schema.table"
    record_id  text NOT NULL,
    op         text NOT NULL CONSTRAINT log_op_check CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
    actor      text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now(),
    old_row    jsonb,                  -- NULL for INSERT
    new_row    jsonb                   -- NULL for DELETE
);
CREATE INDEX IF NOT EXISTS log_record_idx ON audit.log (table_name, record_id, id);
CREATE INDEX IF NOT EXISTS log_tenant_at_idx ON audit.log (tenant_id, at);

-- AFTER ROW trigger of every record table.  SECURITY DEFINER: it inserts as
-- the owner, since no group may write audit.log.  Rows are rendered in UTC
-- so the trail reads the same whatever the session's TimeZone.
CREATE OR REPLACE FUNCTION audit.record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    rec     jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_row := to_jsonb(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_row := to_jsonb(NEW);
    END IF;
    rec := coalesce(new_row, old_row);
    INSERT INTO audit.log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES ((rec ->> 'tenant_id')::uuid, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, rec ->> 'id',
            TG_OP, core.current_actor(), now(), old_row, new_row);
    RETURN NULL;
END
$$;

-- AFTER ROW trigger of every record table: tells other consoles (LISTEN
-- fleetops_changes) what changed, as "schema.table id OP".  PostgreSQL
-- delivers it at commit, and not at all on rollback.  The payload carries
-- no data: a listener reads the record through its own policies.
CREATE OR REPLACE FUNCTION audit.notify_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_notify('fleetops_changes',
                      TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME || ' '
                      || CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END::text
                      || ' ' || TG_OP);
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION audit.record_change(), audit.notify_change() FROM PUBLIC;

-- secure_table(table, writers, record_table): row-level security enabled
-- and forced, one policy per command, grants, and (for record tables) the
-- audit and notify triggers.  writers: 'operator' (operators and admins
-- write) or 'admin' (admins only).  Re-running it resets the table to this
-- state.  Every later migration calls it for each table it creates.
CREATE OR REPLACE FUNCTION audit.secure_table(tbl regclass, writers text DEFAULT 'operator',
                                              record_table boolean DEFAULT true)
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    SET client_min_messages = warning  -- no "policy does not exist" notices
AS $fn$
DECLARE
    mine text := 'tenant_id = (SELECT core.current_tenant())';
    may_write text;
    writer_roles text;
BEGIN
    IF writers = 'operator' THEN
        writer_roles := 'fleetops_operator, fleetops_admin';
        may_write := mine || ' AND (SELECT core.current_role_name()) IN (''operator'', ''admin'')';
    ELSIF writers = 'admin' THEN
        writer_roles := 'fleetops_admin';
        may_write := mine || ' AND (SELECT core.current_role_name()) = ''admin''';
    ELSE
        RAISE EXCEPTION 'secure_table: writers must be operator or admin, not %', writers;
    END IF;

    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);

    EXECUTE format('DROP POLICY IF EXISTS fo_read ON %s', tbl);
    EXECUTE format('CREATE POLICY fo_read ON %s FOR SELECT TO %s USING (%s)',
                   tbl, 'fleetops_admin, fleetops_operator, fleetops_viewer', mine);
    EXECUTE format('DROP POLICY IF EXISTS fo_insert ON %s', tbl);
    EXECUTE format('CREATE POLICY fo_insert ON %s FOR INSERT TO %s WITH CHECK (%s)',
                   tbl, writer_roles, may_write);
    EXECUTE format('DROP POLICY IF EXISTS fo_update ON %s', tbl);
    EXECUTE format('CREATE POLICY fo_update ON %s FOR UPDATE TO %s USING (%s) WITH CHECK (%s)',
                   tbl, writer_roles, may_write, may_write);
    EXECUTE format('DROP POLICY IF EXISTS fo_delete ON %s', tbl);
    EXECUTE format('CREATE POLICY fo_delete ON %s FOR DELETE TO %s USING (%s)',
                   tbl, writer_roles, may_write);

    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, fleetops_admin, fleetops_operator, fleetops_viewer', tbl);
    EXECUTE format('GRANT SELECT ON %s TO fleetops_admin, fleetops_operator, fleetops_viewer', tbl);
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %s TO %s', tbl, writer_roles);

    IF record_table THEN
        EXECUTE format('CREATE OR REPLACE TRIGGER fo_audit AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION audit.record_change()', tbl);
        EXECUTE format('CREATE OR REPLACE TRIGGER fo_notify AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION audit.notify_change()', tbl);
    END IF;
END
$fn$;

REVOKE ALL ON FUNCTION audit.secure_table(regclass, text, boolean) FROM PUBLIC;

-- audit.log itself: readable per tenant, written only by record_change(),
-- whose owner (the migration role, CURRENT_USER here) gets an insert policy
-- in case it runs without BYPASSRLS.
ALTER TABLE audit.log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit.log FORCE ROW LEVEL SECURITY;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies
                   WHERE schemaname = 'audit' AND tablename = 'log' AND policyname = 'fo_read') THEN
        CREATE POLICY fo_read ON audit.log FOR SELECT
            TO fleetops_admin, fleetops_operator, fleetops_viewer
            USING (tenant_id = (SELECT core.current_tenant()));
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies
                   WHERE schemaname = 'audit' AND tablename = 'log' AND policyname = 'fo_trail') THEN
        CREATE POLICY fo_trail ON audit.log FOR INSERT TO CURRENT_USER WITH CHECK (true);
    END IF;
END
$$;
REVOKE ALL ON audit.log FROM PUBLIC, fleetops_admin, fleetops_operator, fleetops_viewer;
GRANT SELECT ON audit.log TO fleetops_admin, fleetops_operator, fleetops_viewer;

-- The core tables of 001.  Admins manage operators and edit their own
-- tenant row; creating and removing tenants is the owner's job.
SELECT audit.secure_table('core.tenants', 'admin');
REVOKE INSERT, DELETE ON core.tenants FROM fleetops_admin;
SELECT audit.secure_table('core.operators', 'admin');
SELECT audit.secure_table('core.fleets');
SELECT audit.secure_table('core.vehicles');
SELECT audit.secure_table('core.depot_maps');
SELECT audit.secure_table('core.zones');
