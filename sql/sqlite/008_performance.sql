-- SQLite counterpart of sql/008_performance.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS performance_targets (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    metric     TEXT NOT NULL,
    scope      TEXT NOT NULL,
    scope_id   TEXT,
    target     REAL NOT NULL,
    direction  TEXT NOT NULL,
    window_s   INTEGER,
    UNIQUE (tenant_id, id),
    CONSTRAINT targets_scope_check CHECK (scope IN ('depot', 'fleet', 'vehicle')),
    CONSTRAINT targets_direction_check CHECK (direction IN ('at_least', 'at_most')),
    CONSTRAINT targets_window_check CHECK (window_s IS NULL OR window_s > 0)
) STRICT;

CREATE TABLE IF NOT EXISTS performance_scores (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    scope       TEXT NOT NULL,
    scope_id    TEXT,
    score       REAL NOT NULL,
    components  TEXT CHECK (components IS NULL OR json_valid(components)),
    computed_at TEXT NOT NULL CHECK (computed_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS performance_scores_computed_at_idx ON performance_scores (tenant_id, computed_at);

CREATE TABLE IF NOT EXISTS performance_alerts (
    id              TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id       TEXT NOT NULL REFERENCES core_tenants (id),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by      TEXT,
    rule            TEXT NOT NULL,
    labels          TEXT NOT NULL CHECK (labels IS NULL OR json_valid(labels)),
    state           TEXT NOT NULL,
    severity        TEXT,
    value           REAL,
    started_at      TEXT NOT NULL CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    ended_at        TEXT CHECK (ended_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    acknowledged_by TEXT,
    acknowledged_at TEXT CHECK (acknowledged_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    note            TEXT,
    UNIQUE (tenant_id, id),
    CONSTRAINT alerts_state_check CHECK (state IN ('pending', 'firing', 'resolved')),
    CONSTRAINT alerts_ended_check CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;
CREATE INDEX IF NOT EXISTS performance_alerts_started_at_idx ON performance_alerts (tenant_id, started_at);
CREATE INDEX IF NOT EXISTS performance_alerts_state_started_at_idx ON performance_alerts (tenant_id, state, started_at);

CREATE TABLE IF NOT EXISTS performance_reports (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    name        TEXT NOT NULL,
    period_from TEXT NOT NULL CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    period_to   TEXT NOT NULL CHECK (period_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    content     TEXT CHECK (content IS NULL OR json_valid(content)),
    UNIQUE (tenant_id, id),
    CONSTRAINT reports_period_check CHECK (period_to >= period_from)
) STRICT;
CREATE INDEX IF NOT EXISTS performance_reports_period_from_idx ON performance_reports (tenant_id, period_from);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS performance_targets_audit_insert AFTER INSERT ON performance_targets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.targets', NEW.id, 'INSERT',
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
            'metric', NEW.metric,
            'scope', NEW.scope,
            'scope_id', NEW.scope_id,
            'target', NEW.target,
            'direction', NEW.direction,
            'window_s', NEW.window_s));
END;
CREATE TRIGGER IF NOT EXISTS performance_targets_audit_update AFTER UPDATE ON performance_targets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.targets', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'metric', OLD.metric,
            'scope', OLD.scope,
            'scope_id', OLD.scope_id,
            'target', OLD.target,
            'direction', OLD.direction,
            'window_s', OLD.window_s),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'metric', NEW.metric,
            'scope', NEW.scope,
            'scope_id', NEW.scope_id,
            'target', NEW.target,
            'direction', NEW.direction,
            'window_s', NEW.window_s));
END;
CREATE TRIGGER IF NOT EXISTS performance_targets_audit_delete AFTER DELETE ON performance_targets
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.targets', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'metric', OLD.metric,
            'scope', OLD.scope,
            'scope_id', OLD.scope_id,
            'target', OLD.target,
            'direction', OLD.direction,
            'window_s', OLD.window_s),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS performance_scores_audit_insert AFTER INSERT ON performance_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.scores', NEW.id, 'INSERT',
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
            'scope', NEW.scope,
            'scope_id', NEW.scope_id,
            'score', NEW.score,
            'components', json(NEW.components),
            'computed_at', NEW.computed_at));
END;
CREATE TRIGGER IF NOT EXISTS performance_scores_audit_update AFTER UPDATE ON performance_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.scores', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'scope', OLD.scope,
            'scope_id', OLD.scope_id,
            'score', OLD.score,
            'components', json(OLD.components),
            'computed_at', OLD.computed_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'scope', NEW.scope,
            'scope_id', NEW.scope_id,
            'score', NEW.score,
            'components', json(NEW.components),
            'computed_at', NEW.computed_at));
END;
CREATE TRIGGER IF NOT EXISTS performance_scores_audit_delete AFTER DELETE ON performance_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.scores', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'scope', OLD.scope,
            'scope_id', OLD.scope_id,
            'score', OLD.score,
            'components', json(OLD.components),
            'computed_at', OLD.computed_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS performance_alerts_audit_insert AFTER INSERT ON performance_alerts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alerts', NEW.id, 'INSERT',
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
            'rule', NEW.rule,
            'labels', json(NEW.labels),
            'state', NEW.state,
            'severity', NEW.severity,
            'value', NEW.value,
            'started_at', NEW.started_at,
            'ended_at', NEW.ended_at,
            'acknowledged_by', NEW.acknowledged_by,
            'acknowledged_at', NEW.acknowledged_at,
            'note', NEW.note));
END;
CREATE TRIGGER IF NOT EXISTS performance_alerts_audit_update AFTER UPDATE ON performance_alerts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.alerts', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'rule', OLD.rule,
            'labels', json(OLD.labels),
            'state', OLD.state,
            'severity', OLD.severity,
            'value', OLD.value,
            'started_at', OLD.started_at,
            'ended_at', OLD.ended_at,
            'acknowledged_by', OLD.acknowledged_by,
            'acknowledged_at', OLD.acknowledged_at,
            'note', OLD.note),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'rule', NEW.rule,
            'labels', json(NEW.labels),
            'state', NEW.state,
            'severity', NEW.severity,
            'value', NEW.value,
            'started_at', NEW.started_at,
            'ended_at', NEW.ended_at,
            'acknowledged_by', NEW.acknowledged_by,
            'acknowledged_at', NEW.acknowledged_at,
            'note', NEW.note));
END;
CREATE TRIGGER IF NOT EXISTS performance_alerts_audit_delete AFTER DELETE ON performance_alerts
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.alerts', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'rule', OLD.rule,
            'labels', json(OLD.labels),
            'state', OLD.state,
            'severity', OLD.severity,
            'value', OLD.value,
            'started_at', OLD.started_at,
            'ended_at', OLD.ended_at,
            'acknowledged_by', OLD.acknowledged_by,
            'acknowledged_at', OLD.acknowledged_at,
            'note', OLD.note),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS performance_reports_audit_insert AFTER INSERT ON performance_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.reports', NEW.id, 'INSERT',
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
            'period_from', NEW.period_from,
            'period_to', NEW.period_to,
            'content', json(NEW.content)));
END;
CREATE TRIGGER IF NOT EXISTS performance_reports_audit_update AFTER UPDATE ON performance_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'performance.reports', NEW.id, 'UPDATE',
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
            'period_from', OLD.period_from,
            'period_to', OLD.period_to,
            'content', json(OLD.content)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'period_from', NEW.period_from,
            'period_to', NEW.period_to,
            'content', json(NEW.content)));
END;
CREATE TRIGGER IF NOT EXISTS performance_reports_audit_delete AFTER DELETE ON performance_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'performance.reports', OLD.id, 'DELETE',
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
            'period_from', OLD.period_from,
            'period_to', OLD.period_to,
            'content', json(OLD.content)),
        NULL);
END;
