-- 001_core.sql — roles, the core schema and the identity functions that
-- row-level security rests on.
--
-- Every PostgreSQL migration is applied by the store backend as the table
-- owner (fleetops_owner), each file in one transaction, recorded in
-- public.fleetops_migrations.  They are written to be idempotent anyway.
--
-- Roles.  Roles are cluster-wide, so the group roles are created only when
-- missing and are shared by every fleetops database of a cluster:
--
--   fleetops_owner     LOGIN BYPASSRLS (+ CREATEROLE on a fresh cluster).
--                      Owns every object.  Runs migrations and trusted
--                      services (fleetops serve, rollups).  Created by the
--                      DBA, never by a migration, as the database's owner:
--                        CREATE ROLE fleetops_owner LOGIN BYPASSRLS CREATEROLE;
--                        CREATE DATABASE fleetops OWNER fleetops_owner;
--                      Without CREATEROLE the DBA creates the three groups
--                      below beforehand and the DO block here skips them.
--   fleetops_admin     NOLOGIN group: reads and writes everything of its
--                      tenant, manages its operators, edits its tenant row.
--   fleetops_operator  NOLOGIN group: reads and writes the domain records of
--                      its tenant; core.tenants and core.operators read-only.
--   fleetops_viewer    NOLOGIN group: reads its tenant, writes nothing.
--
-- A person logs in with a LOGIN role of their own that is a member of exactly
-- one group, and one row of core.operators (login = that role's name) says
-- which tenant they belong to and with which role.  Policies require both:
-- membership of the group (policy TO ...) and the role in core.operators,
-- so neither a stray GRANT nor a mistyped operators row widens access.
-- Nobody is granted TRUNCATE (it would bypass row-level security).

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['fleetops_admin', 'fleetops_operator', 'fleetops_viewer'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another database of the cluster created it meanwhile
            END;
        END IF;
    END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS core;
GRANT USAGE ON SCHEMA core TO fleetops_admin, fleetops_operator, fleetops_viewer;

-- The actor of a change: what the console says (SET fleetops.actor, e.g. the
-- person behind a shared service login), else the database login.  It is
-- attribution only; authorisation always uses session_user.
CREATE OR REPLACE FUNCTION core.current_actor() RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT coalesce(nullif(current_setting('fleetops.actor', true), ''), session_user::text) $$;

-- core.tenants is global: a tenant's tenant_id is its own id, so the same
-- policies ("tenant_id = my tenant") work on it as on every other table.
CREATE TABLE IF NOT EXISTS core.tenants (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL,
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    name       text NOT NULL,
    attributes jsonb,
    CONSTRAINT tenants_tenant_check CHECK (tenant_id = id)
);

-- The tenant_id default (core.current_tenant()) is added below, once the
-- function, which reads this table, exists.
CREATE TABLE IF NOT EXISTS core.operators (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL REFERENCES core.tenants (id),
    version      bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text DEFAULT core.current_actor(),
    login        text NOT NULL,
    display_name text,
    role         text NOT NULL,
    attributes   jsonb,
    CONSTRAINT operators_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT operators_login_key UNIQUE (login),
    CONSTRAINT operators_role_check CHECK (role IN ('admin', 'operator', 'viewer'))
);

-- Who is connected: the tenant and role of session_user (the login, which
-- SET ROLE cannot change), looked up in core.operators.  SECURITY DEFINER so
-- it can read core.operators under its own row-level security; the search
-- path is pinned so a caller's objects cannot hijack it.  NULL when the
-- login is not an operator (then every policy denies).  Policies call it as
-- (SELECT core.current_tenant()) so it runs once per statement, not per row.
CREATE OR REPLACE FUNCTION core.current_tenant() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT o.tenant_id FROM core.operators o WHERE o.login = session_user $$;

CREATE OR REPLACE FUNCTION core.current_role_name() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT o.role FROM core.operators o WHERE o.login = session_user $$;

REVOKE ALL ON FUNCTION core.current_tenant(), core.current_role_name(), core.current_actor()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION core.current_tenant(), core.current_role_name(), core.current_actor()
    TO fleetops_admin, fleetops_operator, fleetops_viewer;

ALTER TABLE core.operators ALTER COLUMN tenant_id SET DEFAULT core.current_tenant();

-- The lookup above runs as the functions' owner.  With BYPASSRLS (the
-- documented set-up) it needs nothing; this policy keeps it working, without
-- recursing into the operators' own policies, for an owner without BYPASSRLS.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_policies
                   WHERE schemaname = 'core' AND tablename = 'operators'
                     AND policyname = 'fo_owner_lookup') THEN
        CREATE POLICY fo_owner_lookup ON core.operators FOR SELECT TO CURRENT_USER USING (true);
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS core.fleets (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    name       text NOT NULL,
    attributes jsonb,
    CONSTRAINT fleets_tenant_key UNIQUE (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS core.vehicles (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    serial_number text NOT NULL,
    manufacturer  text NOT NULL,
    fleet_id      uuid NOT NULL,
    capabilities  jsonb,
    attributes    jsonb,
    CONSTRAINT vehicles_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT vehicles_identity_key UNIQUE (tenant_id, manufacturer, serial_number),
    CONSTRAINT vehicles_fleet_id_fkey FOREIGN KEY (tenant_id, fleet_id) REFERENCES core.fleets (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS vehicles_fleet_id_idx ON core.vehicles (tenant_id, fleet_id);

CREATE TABLE IF NOT EXISTS core.depot_maps (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    name        text NOT NULL,
    map_version text,
    graph       jsonb,
    CONSTRAINT depot_maps_tenant_key UNIQUE (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS core.zones (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    map_id     uuid NOT NULL,
    name       text NOT NULL,
    kind       text,
    geometry   jsonb,
    CONSTRAINT zones_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT zones_map_id_fkey FOREIGN KEY (tenant_id, map_id) REFERENCES core.depot_maps (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS zones_map_id_idx ON core.zones (tenant_id, map_id);
