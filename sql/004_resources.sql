-- 004_resources.sql — resource pools, their resources, allocations over time
-- windows (never overlapping per resource), requests and detected conflicts.
-- Before coordination, whose sharing agreements point at pools.

-- btree_gist lets one GiST exclusion constraint mix uuid equality with range
-- overlap.  It is a trusted extension, so the database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE SCHEMA IF NOT EXISTS resources;
GRANT USAGE ON SCHEMA resources TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS resources.pools (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    name       text NOT NULL,
    kind       text NOT NULL,
    capacity   bigint,
    attributes jsonb,
    CONSTRAINT pools_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT pools_kind_check CHECK (kind IN ('charger', 'dock', 'parking', 'operator', 'payload_tool')),
    CONSTRAINT pools_capacity_check CHECK (capacity IS NULL OR capacity >= 0)
);
SELECT audit.secure_table('resources.pools', 'operator');

CREATE TABLE IF NOT EXISTS resources.resources (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    pool_id    uuid NOT NULL,
    name       text NOT NULL,
    node_id    text,
    attributes jsonb,
    CONSTRAINT resources_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT resources_pool_id_fkey FOREIGN KEY (tenant_id, pool_id) REFERENCES resources.pools (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS resources_pool_id_idx ON resources.resources (tenant_id, pool_id);
SELECT audit.secure_table('resources.resources', 'operator');

CREATE TABLE IF NOT EXISTS resources.allocations (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    resource_id uuid NOT NULL,
    vehicle_id  uuid,
    mission_id  uuid,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    state       text NOT NULL,
    CONSTRAINT allocations_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT allocations_resource_id_fkey FOREIGN KEY (tenant_id, resource_id) REFERENCES resources.resources (tenant_id, id),
    CONSTRAINT allocations_vehicle_id_fkey FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core.vehicles (tenant_id, id),
    CONSTRAINT allocations_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT allocations_window_check CHECK (ends_at > starts_at),
    CONSTRAINT allocations_state_check CHECK (state IN ('reserved', 'active', 'released')),
    -- One resource is never allocated twice at once: half-open windows
    -- [starts_at, ends_at) of live allocations may not overlap, so
    -- back-to-back bookings are fine.  Needs btree_gist for uuid =.
    CONSTRAINT allocations_no_overlap EXCLUDE USING gist (
        resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (state <> 'released')
);
CREATE INDEX IF NOT EXISTS allocations_starts_at_idx ON resources.allocations (tenant_id, starts_at);
CREATE INDEX IF NOT EXISTS allocations_resource_id_idx ON resources.allocations (tenant_id, resource_id);
CREATE INDEX IF NOT EXISTS allocations_vehicle_id_idx ON resources.allocations (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS allocations_mission_id_idx ON resources.allocations (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS allocations_resource_id_starts_at_idx ON resources.allocations (resource_id, starts_at);
SELECT audit.secure_table('resources.allocations', 'operator');

CREATE TABLE IF NOT EXISTS resources.requests (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    pool_id     uuid NOT NULL,
    vehicle_id  uuid,
    mission_id  uuid,
    wanted_from timestamptz NOT NULL,
    wanted_to   timestamptz NOT NULL,
    state       text NOT NULL,
    priority    bigint,
    CONSTRAINT requests_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT requests_pool_id_fkey FOREIGN KEY (tenant_id, pool_id) REFERENCES resources.pools (tenant_id, id),
    CONSTRAINT requests_vehicle_id_fkey FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core.vehicles (tenant_id, id),
    CONSTRAINT requests_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT requests_window_check CHECK (wanted_to > wanted_from),
    CONSTRAINT requests_state_check CHECK (state IN ('open', 'granted', 'refused', 'cancelled'))
);
CREATE INDEX IF NOT EXISTS requests_wanted_from_idx ON resources.requests (tenant_id, wanted_from);
CREATE INDEX IF NOT EXISTS requests_pool_id_idx ON resources.requests (tenant_id, pool_id);
CREATE INDEX IF NOT EXISTS requests_vehicle_id_idx ON resources.requests (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS requests_mission_id_idx ON resources.requests (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS requests_state_idx ON resources.requests (tenant_id, state);
SELECT audit.secure_table('resources.requests', 'operator');

CREATE TABLE IF NOT EXISTS resources.conflicts (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version             bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text DEFAULT core.current_actor(),
    allocation_id       uuid,
    other_allocation_id uuid,
    kind                text NOT NULL,
    state               text NOT NULL,
    resolution          text,
    detected_at         timestamptz NOT NULL,
    CONSTRAINT conflicts_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT conflicts_allocation_id_fkey FOREIGN KEY (tenant_id, allocation_id) REFERENCES resources.allocations (tenant_id, id),
    CONSTRAINT conflicts_other_allocation_id_fkey FOREIGN KEY (tenant_id, other_allocation_id) REFERENCES resources.allocations (tenant_id, id),
    CONSTRAINT conflicts_state_check CHECK (state IN ('open', 'resolved'))
);
CREATE INDEX IF NOT EXISTS conflicts_detected_at_idx ON resources.conflicts (tenant_id, detected_at);
CREATE INDEX IF NOT EXISTS conflicts_allocation_id_idx ON resources.conflicts (tenant_id, allocation_id);
CREATE INDEX IF NOT EXISTS conflicts_other_allocation_id_idx ON resources.conflicts (tenant_id, other_allocation_id);
SELECT audit.secure_table('resources.conflicts', 'operator');
