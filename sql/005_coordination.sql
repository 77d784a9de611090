-- 005_coordination.sql — federations of fleets, their members, cross-fleet
-- resource sharing with isolation controls, and the inter-fleet message log.

CREATE SCHEMA IF NOT EXISTS coordination;
GRANT USAGE ON SCHEMA coordination TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS coordination.federations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    name        text NOT NULL,
    description text,
    policy      jsonb,
    CONSTRAINT federations_tenant_key UNIQUE (tenant_id, id)
);
SELECT audit.secure_table('coordination.federations', 'operator');

CREATE TABLE IF NOT EXISTS coordination.federation_members (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    federation_id uuid NOT NULL,
    fleet_id      uuid NOT NULL,
    member_role   text NOT NULL,
    joined_at     timestamptz NOT NULL,
    CONSTRAINT federation_members_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT federation_members_member_key UNIQUE (federation_id, fleet_id),
    CONSTRAINT federation_members_federation_id_fkey FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination.federations (tenant_id, id),
    CONSTRAINT federation_members_fleet_id_fkey FOREIGN KEY (tenant_id, fleet_id) REFERENCES core.fleets (tenant_id, id),
    CONSTRAINT federation_members_member_role_check CHECK (member_role IN ('lead', 'member'))
);
CREATE INDEX IF NOT EXISTS federation_members_joined_at_idx ON coordination.federation_members (tenant_id, joined_at);
CREATE INDEX IF NOT EXISTS federation_members_federation_id_idx ON coordination.federation_members (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS federation_members_fleet_id_idx ON coordination.federation_members (tenant_id, fleet_id);
SELECT audit.secure_table('coordination.federation_members', 'operator');

CREATE TABLE IF NOT EXISTS coordination.sharing_agreements (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    federation_id uuid NOT NULL,
    pool_id       uuid NOT NULL,
    from_fleet_id uuid NOT NULL,
    to_fleet_id   uuid NOT NULL,
    isolation     text NOT NULL,
    valid_from    timestamptz NOT NULL,
    valid_to      timestamptz,
    CONSTRAINT sharing_agreements_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT sharing_agreements_federation_id_fkey FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination.federations (tenant_id, id),
    CONSTRAINT sharing_agreements_pool_id_fkey FOREIGN KEY (tenant_id, pool_id) REFERENCES resources.pools (tenant_id, id),
    CONSTRAINT sharing_agreements_from_fleet_id_fkey FOREIGN KEY (tenant_id, from_fleet_id) REFERENCES core.fleets (tenant_id, id),
    CONSTRAINT sharing_agreements_to_fleet_id_fkey FOREIGN KEY (tenant_id, to_fleet_id) REFERENCES core.fleets (tenant_id, id),
    CONSTRAINT sharing_agreements_isolation_check CHECK (isolation IN ('strict', 'shared')),
    CONSTRAINT sharing_agreements_valid_check CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT sharing_agreements_fleets_check CHECK (from_fleet_id <> to_fleet_id)
);
CREATE INDEX IF NOT EXISTS sharing_agreements_valid_from_idx ON coordination.sharing_agreements (tenant_id, valid_from);
CREATE INDEX IF NOT EXISTS sharing_agreements_federation_id_idx ON coordination.sharing_agreements (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS sharing_agreements_pool_id_idx ON coordination.sharing_agreements (tenant_id, pool_id);
CREATE INDEX IF NOT EXISTS sharing_agreements_from_fleet_id_idx ON coordination.sharing_agreements (tenant_id, from_fleet_id);
CREATE INDEX IF NOT EXISTS sharing_agreements_to_fleet_id_idx ON coordination.sharing_agreements (tenant_id, to_fleet_id);
SELECT audit.secure_table('coordination.sharing_agreements', 'operator');

CREATE TABLE IF NOT EXISTS coordination.messages (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    federation_id uuid,
    from_fleet_id uuid,
    to_fleet_id   uuid,
    kind          text NOT NULL,
    body          jsonb,
    sent_at       timestamptz NOT NULL,
    CONSTRAINT messages_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT messages_federation_id_fkey FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination.federations (tenant_id, id),
    CONSTRAINT messages_from_fleet_id_fkey FOREIGN KEY (tenant_id, from_fleet_id) REFERENCES core.fleets (tenant_id, id),
    CONSTRAINT messages_to_fleet_id_fkey FOREIGN KEY (tenant_id, to_fleet_id) REFERENCES core.fleets (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS messages_sent_at_idx ON coordination.messages (tenant_id, sent_at);
CREATE INDEX IF NOT EXISTS messages_federation_id_idx ON coordination.messages (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS messages_from_fleet_id_idx ON coordination.messages (tenant_id, from_fleet_id);
CREATE INDEX IF NOT EXISTS messages_to_fleet_id_idx ON coordination.messages (tenant_id, to_fleet_id);
SELECT audit.secure_table('coordination.messages', 'operator');
