-- SQLite counterpart of sql/002_audit.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).
--
-- The audit trail.  Triggers on every record table append one row per
-- change, with the actor from fo_actor(), an application function the SQLite
-- backend registers on each connection.  old_row and new_row are JSON
-- objects of the whole row (JSON columns nested, booleans true/false).

CREATE TABLE IF NOT EXISTS audit_log (
    id         INTEGER PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('INSERT', 'UPDATE', 'DELETE')),
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    old_row    TEXT CHECK (old_row IS NULL OR json_valid(old_row)),
    new_row    TEXT CHECK (new_row IS NULL OR json_valid(new_row))
) STRICT;
CREATE INDEX IF NOT EXISTS audit_log_record_idx ON audit_log (table_name, record_id, id);
CREATE INDEX IF NOT EXISTS audit_log_tenant_at_idx ON audit_log (tenant_id, at);

-- Audit triggers of the core tables (001).
CREATE TRIGGER IF NOT EXISTS core_tenants_audit_insert AFTER INSERT ON core_tenants
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.tenants', NEW.id, 'INSERT',
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
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_tenants_audit_update AFTER UPDATE ON core_tenants
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.tenants', NEW.id, 'UPDATE',
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
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_tenants_audit_delete AFTER DELETE ON core_tenants
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.tenants', OLD.id, 'DELETE',
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
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS core_operators_audit_insert AFTER INSERT ON core_operators
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.operators', NEW.id, 'INSERT',
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
            'login', NEW.login,
            'display_name', NEW.display_name,
            'role', NEW.role,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_operators_audit_update AFTER UPDATE ON core_operators
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.operators', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'login', OLD.login,
            'display_name', OLD.display_name,
            'role', OLD.role,
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'login', NEW.login,
            'display_name', NEW.display_name,
            'role', NEW.role,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_operators_audit_delete AFTER DELETE ON core_operators
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.operators', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'login', OLD.login,
            'display_name', OLD.display_name,
            'role', OLD.role,
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS core_fleets_audit_insert AFTER INSERT ON core_fleets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.fleets', NEW.id, 'INSERT',
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
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_fleets_audit_update AFTER UPDATE ON core_fleets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.fleets', NEW.id, 'UPDATE',
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
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_fleets_audit_delete AFTER DELETE ON core_fleets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.fleets', OLD.id, 'DELETE',
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
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS core_vehicles_audit_insert AFTER INSERT ON core_vehicles
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.vehicles', NEW.id, 'INSERT',
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
            'serial_number', NEW.serial_number,
            'manufacturer', NEW.manufacturer,
            'fleet_id', NEW.fleet_id,
            'capabilities', json(NEW.capabilities),
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_vehicles_audit_update AFTER UPDATE ON core_vehicles
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.vehicles', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'serial_number', OLD.serial_number,
            'manufacturer', OLD.manufacturer,
            'fleet_id', OLD.fleet_id,
            'capabilities', json(OLD.capabilities),
            'attributes', json(OLD.attributes)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'serial_number', NEW.serial_number,
            'manufacturer', NEW.manufacturer,
            'fleet_id', NEW.fleet_id,
            'capabilities', json(NEW.capabilities),
            'attributes', json(NEW.attributes)));
END;
CREATE TRIGGER IF NOT EXISTS core_vehicles_audit_delete AFTER DELETE ON core_vehicles
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.vehicles', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'serial_number', OLD.serial_number,
            'manufacturer', OLD.manufacturer,
            'fleet_id', OLD.fleet_id,
            'capabilities', json(OLD.capabilities),
            'attributes', json(OLD.attributes)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS core_depot_maps_audit_insert AFTER INSERT ON core_depot_maps
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.depot_maps', NEW.id, 'INSERT',
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
            'map_version', NEW.map_version,
            'graph', json(NEW.graph)));
END;
CREATE TRIGGER IF NOT EXISTS core_depot_maps_audit_update AFTER UPDATE ON core_depot_maps
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.depot_maps', NEW.id, 'UPDATE',
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
            'map_version', OLD.map_version,
            'graph', json(OLD.graph)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'map_version', NEW.map_version,
            'graph', json(NEW.graph)));
END;
CREATE TRIGGER IF NOT EXISTS core_depot_maps_audit_delete AFTER DELETE ON core_depot_maps
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.depot_maps', OLD.id, 'DELETE',
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
            'map_version', OLD.map_version,
            'graph', json(OLD.graph)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS core_zones_audit_insert AFTER INSERT ON core_zones
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.zones', NEW.id, 'INSERT',
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
            'map_id', NEW.map_id,
            'name', NEW.name,
            'kind', NEW.kind,
            'geometry', json(NEW.geometry)));
END;
CREATE TRIGGER IF NOT EXISTS core_zones_audit_update AFTER UPDATE ON core_zones
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'core.zones', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'map_id', OLD.map_id,
            'name', OLD.name,
            'kind', OLD.kind,
            'geometry', json(OLD.geometry)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'map_id', NEW.map_id,
            'name', NEW.name,
            'kind', NEW.kind,
            'geometry', json(NEW.geometry)));
END;
CREATE TRIGGER IF NOT EXISTS core_zones_audit_delete AFTER DELETE ON core_zones
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'core.zones', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'map_id', OLD.map_id,
            'name', OLD.name,
            'kind', OLD.kind,
            'geometry', json(OLD.geometry)),
        NULL);
END;
