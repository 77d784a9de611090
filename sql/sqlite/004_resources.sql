-- SQLite counterpart of sql/004_resources.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS resources_pools (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    capacity   INTEGER,
    attributes TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    UNIQUE (tenant_id, id),
    CONSTRAINT pools_kind_check CHECK (kind IN ('charger', 'dock', 'parking', 'operator', 'payload_tool')),
    CONSTRAINT pools_capacity_check CHECK (capacity IS NULL OR capacity >= 0)
) STRICT;

CREATE TABLE IF NOT EXISTS resources_resources (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    pool_id    TEXT NOT NULL,
    name       TEXT NOT NULL,
    node_id    TEXT,
    attributes TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, pool_id) REFERENCES resources_pools (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS resources_resources_pool_id_idx ON resources_resources (tenant_id, pool_id);

CREATE TABLE IF NOT EXISTS resources_allocations (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    resource_id TEXT NOT NULL,
    vehicle_id  TEXT,
    mission_id  TEXT,
    starts_at   TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    ends_at     TEXT NOT NULL CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    state       TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, resource_id) REFERENCES resources_resources (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core_vehicles (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT allocations_window_check CHECK (ends_at > starts_at),
    CONSTRAINT allocations_state_check CHECK (state IN ('reserved', 'active', 'released'))
) STRICT;
CREATE INDEX IF NOT EXISTS resources_allocations_starts_at_idx ON resources_allocations (tenant_id, starts_at);
CREATE INDEX IF NOT EXISTS resources_allocations_resource_id_idx ON resources_allocations (tenant_id, resource_id);
CREATE INDEX IF NOT EXISTS resources_allocations_vehicle_id_idx ON resources_allocations (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS resources_allocations_mission_id_idx ON resources_allocations (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS resources_allocations_resource_id_starts_at_idx ON resources_allocations (resource_id, starts_at);

CREATE TABLE IF NOT EXISTS resources_requests (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    pool_id     TEXT NOT NULL,
    vehicle_id  TEXT,
    mission_id  TEXT,
    wanted_from TEXT NOT NULL CHECK (wanted_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    wanted_to   TEXT NOT NULL CHECK (wanted_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    state       TEXT NOT NULL,
    priority    INTEGER,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, pool_id) REFERENCES resources_pools (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core_vehicles (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT requests_window_check CHECK (wanted_to > wanted_from),
    CONSTRAINT requests_state_check CHECK (state IN ('open', 'granted', 'refused', 'cancelled'))
) STRICT;
CREATE INDEX IF NOT EXISTS resources_requests_wanted_from_idx ON resources_requests (tenant_id, wanted_from);
CREATE INDEX IF NOT EXISTS resources_requests_pool_id_idx ON resources_requests (tenant_id, pool_id);
CREATE INDEX IF NOT EXISTS resources_requests_vehicle_id_idx ON resources_requests (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS resources_requests_mission_id_idx ON resources_requests (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS resources_requests_state_idx ON resources_requests (tenant_id, state);

CREATE TABLE IF NOT EXISTS resources_conflicts (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id           TEXT NOT NULL REFERENCES core_tenants (id),
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by          TEXT,
    allocation_id       TEXT,
    other_allocation_id TEXT,
    kind                TEXT NOT NULL,
    state               TEXT NOT NULL,
    resolution          TEXT,
    detected_at         TEXT NOT NULL CHECK (detected_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, allocation_id) REFERENCES resources_allocations (tenant_id, id),
    FOREIGN KEY (tenant_id, other_allocation_id) REFERENCES resources_allocations (tenant_id, id),
    CONSTRAINT conflicts_state_check CHECK (state IN ('open', 'resolved'))
) STRICT;
CREATE INDEX IF NOT EXISTS resources_conflicts_detected_at_idx ON resources_conflicts (tenant_id, detected_at);
CREATE INDEX IF NOT EXISTS resources_conflicts_allocation_id_idx ON resources_conflicts (tenant_id, allocation_id);
CREATE INDEX IF NOT EXISTS resources_conflicts_other_allocation_id_idx ON resources_conflicts (tenant_id, other_allocation_id);


-- One resource is never allocated twice at once (PostgreSQL: the exclusion
-- constraint allocations_no_overlap).  Windows are half-open [starts_at,
-- ends_at), so back-to-back allocations pass; released ones do not count.
CREATE TRIGGER IF NOT EXISTS resources_allocations_no_overlap_insert
BEFORE INSERT ON resources_allocations
WHEN NEW.state <> 'released'
BEGIN
    SELECT RAISE(ABORT, 'allocation overlaps another allocation of the same resource (allocations_no_overlap)')
    WHERE EXISTS (SELECT 1 FROM resources_allocations a
                  WHERE a.resource_id = NEW.resource_id AND a.state <> 'released'
                    AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at);
END;

CREATE TRIGGER IF NOT EXISTS resources_allocations_no_overlap_update
BEFORE UPDATE OF resource_id, starts_at, ends_at, state ON resources_allocations
WHEN NEW.state <> 'released'
BEGIN
    SELECT RAISE(ABORT, 'allocation overlaps another allocation of the same resource (allocations_no_overlap)')
    WHERE EXISTS (SELECT 1 FROM resources_allocations a
                  WHERE a.resource_id = NEW.resource_id AND a.state <> 'released'
                    AND a.id <> OLD.id
                    AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at);
END;

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS resources_pools_audit_insert AFTER INSERT ON resources_pools
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.pools', NEW.id, 'INSERT',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        NULL,
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'kind', NEW.kind,
            'capacity', NEW.capacity,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS resources_pools_audit_update AFTER UPDATE ON resources_pools
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.pools', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'name', OLD.name,
            'kind', OLD.kind,
            'capacity', OLD.capacity,
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'kind', NEW.kind,
            'capacity', NEW.capacity,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS resources_pools_audit_delete AFTER DELETE ON resources_pools
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'resources.pools', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'name', OLD.name,
            'kind', OLD.kind,
            'capacity', OLD.capacity,
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS resources_resources_audit_insert AFTER INSERT ON resources_resources
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.resources', NEW.id, 'INSERT',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        NULL,
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'pool_id', NEW.pool_id,
            'name', NEW.name,
            'node_id', NEW.node_id,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS resources_resources_audit_update AFTER UPDATE ON resources_resources
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.resources', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'pool_id', OLD.pool_id,
            'name', OLD.name,
            'node_id', OLD.node_id,
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'pool_id', NEW.pool_id,
            'name', NEW.name,
            'node_id', NEW.node_id,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS resources_resources_audit_delete AFTER DELETE ON resources_resources
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'resources.resources', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'pool_id', OLD.pool_id,
            'name', OLD.name,
            'node_id', OLD.node_id,
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS resources_allocations_audit_insert AFTER INSERT ON resources_allocations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.allocations', NEW.id, 'INSERT',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        NULL,
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'resource_id', NEW.resource_id,
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'starts_at', NEW.starts_at,
            'ends_at', NEW.ends_at,
            'state', NEW.state));
END;
CREATE TRIGGER IF NOT EXISTS resources_allocations_audit_update AFTER UPDATE ON resources_allocations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.allocations', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'resource_id', OLD.resource_id,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'starts_at', OLD.starts_at,
            'ends_at', OLD.ends_at,
            'state', OLD.state),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'resource_id', NEW.resource_id,
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'starts_at', NEW.starts_at,
            'ends_at', NEW.ends_at,
            'state', NEW.state));
END;
CREATE TRIGGER IF NOT EXISTS resources_allocations_audit_delete AFTER DELETE ON resources_allocations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'resources.allocations', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'resource_id', OLD.resource_id,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'starts_at', OLD.starts_at,
            'ends_at', OLD.ends_at,
            'state', OLD.state),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS resources_requests_audit_insert AFTER INSERT ON resources_requests
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.requests', NEW.id, 'INSERT',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        NULL,
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'pool_id', NEW.pool_id,
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'wanted_from', NEW.wanted_from,
            'wanted_to', NEW.wanted_to,
            'state', NEW.state,
            'priority', NEW.priority));
END;
CREATE TRIGGER IF NOT EXISTS resources_requests_audit_update AFTER UPDATE ON resources_requests
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.requests', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'pool_id', OLD.pool_id,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'wanted_from', OLD.wanted_from,
            'wanted_to', OLD.wanted_to,
            'state', OLD.state,
            'priority', OLD.priority),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'pool_id', NEW.pool_id,
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'wanted_from', NEW.wanted_from,
            'wanted_to', NEW.wanted_to,
            'state', NEW.state,
            'priority', NEW.priority));
END;
CREATE TRIGGER IF NOT EXISTS resources_requests_audit_delete AFTER DELETE ON resources_requests
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'resources.requests', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'pool_id', OLD.pool_id,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'wanted_from', OLD.wanted_from,
            'wanted_to', OLD.wanted_to,
            'state', OLD.state,
            'priority', OLD.priority),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS resources_conflicts_audit_insert AFTER INSERT ON resources_conflicts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.conflicts', NEW.id, 'INSERT',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        NULL,
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'allocation_id', NEW.allocation_id,
            'other_allocation_id', NEW.other_allocation_id,
            'kind', NEW.kind,
            'state', NEW.state,
            'resolution', NEW.resolution,
            'detected_at', NEW.detected_at));
END;
CREATE TRIGGER IF NOT EXISTS resources_conflicts_audit_update AFTER UPDATE ON resources_conflicts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'resources.conflicts', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'allocation_id', OLD.allocation_id,
            'other_allocation_id', OLD.other_allocation_id,
            'kind', OLD.kind,
            'state', OLD.state,
            'resolution', OLD.resolution,
            'detected_at', OLD.detected_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'allocation_id', NEW.allocation_id,
            'other_allocation_id', NEW.other_allocation_id,
            'kind', NEW.kind,
            'state', NEW.state,
            'resolution', NEW.resolution,
            'detected_at', NEW.detected_at));
END;
CREATE TRIGGER IF NOT EXISTS resources_conflicts_audit_delete AFTER DELETE ON resources_conflicts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'resources.conflicts', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'allocation_id', OLD.allocation_id,
            'other_allocation_id', OLD.other_allocation_id,
            'kind', OLD.kind,
            'state', OLD.state,
            'resolution', OLD.resolution,
            'detected_at', OLD.detected_at),
        NULL);
END;
