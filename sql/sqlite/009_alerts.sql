-- SQLite counterpart of sql/009_alerts.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT; times are TEXT in
-- exactly the form 2026-11-26T21:55:39.123Z; JSON is TEXT checked with
-- json_valid.

CREATE TABLE IF NOT EXISTS performance_alert_transitions (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    alert_id    TEXT NOT NULL,
    rule        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    labels      TEXT NOT NULL CHECK (labels IS NULL OR json_valid(labels)),
    annotations TEXT CHECK (annotations IS NULL OR json_valid(annotations)),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    value       REAL,
    note        TEXT,
    at          TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES performance_alerts (tenant_id, id),
    CONSTRAINT alert_transitions_to_state_check CHECK (to_state IN ('inactive', 'pending', 'firing', 'resolved', 'acknowledged'))
) STRICT;
CREATE INDEX IF NOT EXISTS performance_alert_transitions_at_idx ON performance_alert_transitions (tenant_id, at);
CREATE INDEX IF NOT EXISTS performance_alert_transitions_alert_id_idx ON performance_alert_transitions (tenant_id, alert_id);

CREATE TABLE IF NOT EXISTS performance_alert_silences (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    matchers    TEXT NOT NULL,
    starts_at   TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    ends_at     TEXT NOT NULL CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    author      TEXT NOT NULL,
    comment     TEXT,
    UNIQUE (tenant_id, id),
    CONSTRAINT alert_silences_ends_check CHECK (ends_at >= starts_at)
) STRICT;
CREATE INDEX IF NOT EXISTS performance_alert_silences_ends_at_idx ON performance_alert_silences (tenant_id, ends_at);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS performance_alert_transitions_audit_insert AFTER INSERT ON performance_alert_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alert_transitions', NEW.id, 'INSERT',
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
            'alert_id', NEW.alert_id,
            'rule', NEW.rule,
            'fingerprint', NEW.fingerprint,
            'labels', json(NEW.labels),
            'annotations', json(NEW.annotations),
            'from_state', NEW.from_state,
            'to_state', NEW.to_state,
            'value', NEW.value,
            'note', NEW.note,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS performance_alert_transitions_audit_update AFTER UPDATE ON performance_alert_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alert_transitions', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'alert_id', OLD.alert_id,
            'rule', OLD.rule,
            'fingerprint', OLD.fingerprint,
            'labels', json(OLD.labels),
            'annotations', json(OLD.annotations),
            'from_state', OLD.from_state,
            'to_state', OLD.to_state,
            'value', OLD.value,
            'note', OLD.note,
            'at', OLD.at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'alert_id', NEW.alert_id,
            'rule', NEW.rule,
            'fingerprint', NEW.fingerprint,
            'labels', json(NEW.labels),
            'annotations', json(NEW.annotations),
            'from_state', NEW.from_state,
            'to_state', NEW.to_state,
            'value', NEW.value,
            'note', NEW.note,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS performance_alert_transitions_audit_delete AFTER DELETE ON performance_alert_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.alert_transitions', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'alert_id', OLD.alert_id,
            'rule', OLD.rule,
            'fingerprint', OLD.fingerprint,
            'labels', json(OLD.labels),
            'annotations', json(OLD.annotations),
            'from_state', OLD.from_state,
            'to_state', OLD.to_state,
            'value', OLD.value,
            'note', OLD.note,
            'at', OLD.at),
        NULL);
END;
CREATE TRIGGER IF NOT EXISTS performance_alert_silences_audit_insert AFTER INSERT ON performance_alert_silences
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alert_silences', NEW.id, 'INSERT',
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
            'matchers', NEW.matchers,
            'starts_at', NEW.starts_at,
            'ends_at', NEW.ends_at,
            'author', NEW.author,
            'comment', NEW.comment));
END;
CREATE TRIGGER IF NOT EXISTS performance_alert_silences_audit_update AFTER UPDATE ON performance_alert_silences
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alert_silences', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'matchers', OLD.matchers,
            'starts_at', OLD.starts_at,
            'ends_at', OLD.ends_at,
            'author', OLD.author,
            'comment', OLD.comment),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'matchers', NEW.matchers,
            'starts_at', NEW.starts_at,
            'ends_at', NEW.ends_at,
            'author', NEW.author,
            'comment', NEW.comment));
END;
CREATE TRIGGER IF NOT EXISTS performance_alert_silences_audit_delete AFTER DELETE ON performance_alert_silences
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.alert_silences', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'matchers', OLD.matchers,
            'starts_at', OLD.starts_at,
            'ends_at', OLD.ends_at,
            'author', OLD.author,
            'comment', OLD.comment),
        NULL);
END;
