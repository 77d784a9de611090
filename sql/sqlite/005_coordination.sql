-- SQLite counterpart of sql/005_coordination.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS coordination_federations (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    name        TEXT NOT NULL,
    description TEXT,
    policy      TEXT CHECK (policy IS NULL OR json_valid(policy)),
    UNIQUE (tenant_id, id)
) STRICT;

CREATE TABLE IF NOT EXISTS coordination_federation_members (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id     TEXT NOT NULL REFERENCES core_tenants (id),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by    TEXT,
    federation_id TEXT NOT NULL,
    fleet_id      TEXT NOT NULL,
    member_role   TEXT NOT NULL,
    joined_at     TEXT NOT NULL CHECK (joined_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    CONSTRAINT federation_members_member_key UNIQUE (federation_id, fleet_id),
    FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination_federations (tenant_id, id),
    FOREIGN KEY (tenant_id, fleet_id) REFERENCES core_fleets (tenant_id, id),
    CONSTRAINT federation_members_member_role_check CHECK (member_role IN ('lead', 'member'))
) STRICT;
CREATE INDEX IF NOT EXISTS coordination_federation_members_joined_at_idx ON coordination_federation_members (tenant_id, joined_at);
CREATE INDEX IF NOT EXISTS coordination_federation_members_federation_id_idx ON coordination_federation_members (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS coordination_federation_members_fleet_id_idx ON coordination_federation_members (tenant_id, fleet_id);

CREATE TABLE IF NOT EXISTS coordination_sharing_agreements (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id     TEXT NOT NULL REFERENCES core_tenants (id),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by    TEXT,
    federation_id TEXT NOT NULL,
    pool_id       TEXT NOT NULL,
    from_fleet_id TEXT NOT NULL,
    to_fleet_id   TEXT NOT NULL,
    isolation     TEXT NOT NULL,
    valid_from    TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    valid_to      TEXT CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination_federations (tenant_id, id),
    FOREIGN KEY (tenant_id, pool_id) REFERENCES resources_pools (tenant_id, id),
    FOREIGN KEY (tenant_id, from_fleet_id) REFERENCES core_fleets (tenant_id, id),
    FOREIGN KEY (tenant_id, to_fleet_id) REFERENCES core_fleets (tenant_id, id),
    CONSTRAINT sharing_agreements_isolation_check CHECK (isolation IN ('strict', 'shared')),
    CONSTRAINT sharing_agreements_valid_check CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT sharing_agreements_fleets_check CHECK (from_fleet_id <> to_fleet_id)
) STRICT;
CREATE INDEX IF NOT EXISTS coordination_sharing_agreements_valid_from_idx ON coordination_sharing_agreements (tenant_id, valid_from);
CREATE INDEX IF NOT EXISTS coordination_sharing_agreements_federation_id_idx ON coordination_sharing_agreements (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS coordination_sharing_agreements_pool_id_idx ON coordination_sharing_agreements (tenant_id, pool_id);
CREATE INDEX IF NOT EXISTS coordination_sharing_agreements_from_fleet_id_idx ON coordination_sharing_agreements (tenant_id, from_fleet_id);
CREATE INDEX IF NOT EXISTS coordination_sharing_agreements_to_fleet_id_idx ON coordination_sharing_agreements (tenant_id, to_fleet_id);

CREATE TABLE IF NOT EXISTS coordination_messages (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id     TEXT NOT NULL REFERENCES core_tenants (id),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by    TEXT,
    federation_id TEXT,
    from_fleet_id TEXT,
    to_fleet_id   TEXT,
    kind          TEXT NOT NULL,
    body          TEXT CHECK (body IS NULL OR json_valid(body)),
    sent_at       TEXT NOT NULL CHECK (sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, federation_id) REFERENCES coordination_federations (tenant_id, id),
    FOREIGN KEY (tenant_id, from_fleet_id) REFERENCES core_fleets (tenant_id, id),
    FOREIGN KEY (tenant_id, to_fleet_id) REFERENCES core_fleets (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS coordination_messages_sent_at_idx ON coordination_messages (tenant_id, sent_at);
CREATE INDEX IF NOT EXISTS coordination_messages_federation_id_idx ON coordination_messages (tenant_id, federation_id);
CREATE INDEX IF NOT EXISTS coordination_messages_from_fleet_id_idx ON coordination_messages (tenant_id, from_fleet_id);
CREATE INDEX IF NOT EXISTS coordination_messages_to_fleet_id_idx ON coordination_messages (tenant_id, to_fleet_id);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS coordination_federations_audit_insert AFTER INSERT ON coordination_federations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.federations', NEW.id, 'INSERT',
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
            'description', NEW.description,
            'policy', json(NEW.policy)));
END;
CREATE TRIGGER IF NOT EXISTS coordination_federations_audit_update AFTER UPDATE ON coordination_federations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.federations', NEW.id, 'UPDATE',
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
            'description', OLD.description,
            'policy', json(OLD.policy)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'description', NEW.description,
            'policy', json(NEW.policy)));
END;
CREATE TRIGGER IF NOT EXISTS coordination_federations_audit_delete AFTER DELETE ON coordination_federations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'coordination.federations', OLD.id, 'DELETE',
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
            'description', OLD.description,
            'policy', json(OLD.policy)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS coordination_federation_members_audit_insert AFTER INSERT ON coordination_federation_members
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.federation_members', NEW.id, 'INSERT',
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
            'federation_id', NEW.federation_id,
            'fleet_id', NEW.fleet_id,
            'member_role', NEW.member_role,
            'joined_at', NEW.joined_at));
END;
CREATE TRIGGER IF NOT EXISTS coordination_federation_members_audit_update AFTER UPDATE ON coordination_federation_members
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.federation_members', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'fleet_id', OLD.fleet_id,
            'member_role', OLD.member_role,
            'joined_at', OLD.joined_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'federation_id', NEW.federation_id,
            'fleet_id', NEW.fleet_id,
            'member_role', NEW.member_role,
            'joined_at', NEW.joined_at));
END;
CREATE TRIGGER IF NOT EXISTS coordination_federation_members_audit_delete AFTER DELETE ON coordination_federation_members
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'coordination.federation_members', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'fleet_id', OLD.fleet_id,
            'member_role', OLD.member_role,
            'joined_at', OLD.joined_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS coordination_sharing_agreements_audit_insert AFTER INSERT ON coordination_sharing_agreements
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.sharing_agreements', NEW.id, 'INSERT',
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
            'federation_id', NEW.federation_id,
            'pool_id', NEW.pool_id,
            'from_fleet_id', NEW.from_fleet_id,
            'to_fleet_id', NEW.to_fleet_id,
            'isolation', NEW.isolation,
            'valid_from', NEW.valid_from,
            'valid_to', NEW.valid_to));
END;
CREATE TRIGGER IF NOT EXISTS coordination_sharing_agreements_audit_update AFTER UPDATE ON coordination_sharing_agreements
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.sharing_agreements', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'pool_id', OLD.pool_id,
            'from_fleet_id', OLD.from_fleet_id,
            'to_fleet_id', OLD.to_fleet_id,
            'isolation', OLD.isolation,
            'valid_from', OLD.valid_from,
            'valid_to', OLD.valid_to),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'federation_id', NEW.federation_id,
            'pool_id', NEW.pool_id,
            'from_fleet_id', NEW.from_fleet_id,
            'to_fleet_id', NEW.to_fleet_id,
            'isolation', NEW.isolation,
            'valid_from', NEW.valid_from,
            'valid_to', NEW.valid_to));
END;
CREATE TRIGGER IF NOT EXISTS coordination_sharing_agreements_audit_delete AFTER DELETE ON coordination_sharing_agreements
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'coordination.sharing_agreements', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'pool_id', OLD.pool_id,
            'from_fleet_id', OLD.from_fleet_id,
            'to_fleet_id', OLD.to_fleet_id,
            'isolation', OLD.isolation,
            'valid_from', OLD.valid_from,
            'valid_to', OLD.valid_to),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS coordination_messages_audit_insert AFTER INSERT ON coordination_messages
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.messages', NEW.id, 'INSERT',
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
            'federation_id', NEW.federation_id,
            'from_fleet_id', NEW.from_fleet_id,
            'to_fleet_id', NEW.to_fleet_id,
            'kind', NEW.kind,
            'body', json(NEW.body),
            'sent_at', NEW.sent_at));
END;
CREATE TRIGGER IF NOT EXISTS coordination_messages_audit_update AFTER UPDATE ON coordination_messages
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'coordination.messages', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'from_fleet_id', OLD.from_fleet_id,
            'to_fleet_id', OLD.to_fleet_id,
            'kind', OLD.kind,
            'body', json(OLD.body),
            'sent_at', OLD.sent_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'federation_id', NEW.federation_id,
            'from_fleet_id', NEW.from_fleet_id,
            'to_fleet_id', NEW.to_fleet_id,
            'kind', NEW.kind,
            'body', json(NEW.body),
            'sent_at', NEW.sent_at));
END;
CREATE TRIGGER IF NOT EXISTS coordination_messages_audit_delete AFTER DELETE ON coordination_messages
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'coordination.messages', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'federation_id', OLD.federation_id,
            'from_fleet_id', OLD.from_fleet_id,
            'to_fleet_id', OLD.to_fleet_id,
            'kind', OLD.kind,
            'body', json(OLD.body),
            'sent_at', OLD.sent_at),
        NULL);
END;
