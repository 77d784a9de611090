-- SQLite counterpart of sql/007_analytics.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS analytics_health_scores (
    id           TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id    TEXT NOT NULL REFERENCES core_tenants (id),
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by   TEXT,
    subject_kind TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    score        REAL NOT NULL,
    components   TEXT NOT NULL CHECK (components IS NULL OR json_valid(components)),
    computed_at  TEXT NOT NULL CHECK (computed_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    CONSTRAINT health_scores_subject_kind_check CHECK (subject_kind IN ('vehicle', 'fleet')),
    CONSTRAINT health_scores_score_check CHECK (score >= 0 AND score <= 100)
) STRICT;
CREATE INDEX IF NOT EXISTS analytics_health_scores_computed_at_idx ON analytics_health_scores (tenant_id, computed_at);
CREATE INDEX IF NOT EXISTS analytics_health_scores_subject_kind_subject_id_computed_at_idx ON analytics_health_scores (tenant_id, subject_kind, subject_id, computed_at);

CREATE TABLE IF NOT EXISTS analytics_predictions (
    id           TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id    TEXT NOT NULL REFERENCES core_tenants (id),
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by   TEXT,
    subject_id   TEXT NOT NULL,
    kind         TEXT NOT NULL,
    horizon_s    REAL NOT NULL,
    value        REAL NOT NULL,
    lower        REAL,
    upper        REAL,
    model        TEXT NOT NULL,
    predicted_at TEXT NOT NULL CHECK (predicted_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    CONSTRAINT predictions_kind_check CHECK (kind IN ('battery_depletion', 'failure_risk')),
    CONSTRAINT predictions_horizon_check CHECK (horizon_s >= 0),
    CONSTRAINT predictions_bounds_check CHECK ((lower IS NULL OR lower <= value) AND (upper IS NULL OR value <= upper))
) STRICT;
CREATE INDEX IF NOT EXISTS analytics_predictions_predicted_at_idx ON analytics_predictions (tenant_id, predicted_at);
CREATE INDEX IF NOT EXISTS analytics_predictions_subject_id_kind_predicted_at_idx ON analytics_predictions (tenant_id, subject_id, kind, predicted_at);

CREATE TABLE IF NOT EXISTS analytics_reports (
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
CREATE INDEX IF NOT EXISTS analytics_reports_period_from_idx ON analytics_reports (tenant_id, period_from);


-- Batched time series: not a record table (no id, no audit trigger, no
-- foreign key, for write speed).
CREATE TABLE IF NOT EXISTS analytics_samples (
    tenant_id TEXT NOT NULL,
    series    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    ts        TEXT NOT NULL CHECK (ts GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    value     REAL NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS analytics_samples_series_idx ON analytics_samples (tenant_id, series, subject, ts);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS analytics_health_scores_audit_insert AFTER INSERT ON analytics_health_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.health_scores', NEW.id, 'INSERT',
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
            'subject_kind', NEW.subject_kind,
            'subject_id', NEW.subject_id,
            'score', NEW.score,
            'components', json(NEW.components),
            'computed_at', NEW.computed_at));
END;
CREATE TRIGGER IF NOT EXISTS analytics_health_scores_audit_update AFTER UPDATE ON analytics_health_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.health_scores', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'subject_kind', OLD.subject_kind,
            'subject_id', OLD.subject_id,
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
            'subject_kind', NEW.subject_kind,
            'subject_id', NEW.subject_id,
            'score', NEW.score,
            'components', json(NEW.components),
            'computed_at', NEW.computed_at));
END;
CREATE TRIGGER IF NOT EXISTS analytics_health_scores_audit_delete AFTER DELETE ON analytics_health_scores
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'analytics.health_scores', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'subject_kind', OLD.subject_kind,
            'subject_id', OLD.subject_id,
            'score', OLD.score,
            'components', json(OLD.components),
            'computed_at', OLD.computed_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS analytics_predictions_audit_insert AFTER INSERT ON analytics_predictions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.predictions', NEW.id, 'INSERT',
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
            'subject_id', NEW.subject_id,
            'kind', NEW.kind,
            'horizon_s', NEW.horizon_s,
            'value', NEW.value,
            'lower', NEW.lower,
            'upper', NEW.upper,
            'model', NEW.model,
            'predicted_at', NEW.predicted_at));
END;
CREATE TRIGGER IF NOT EXISTS analytics_predictions_audit_update AFTER UPDATE ON analytics_predictions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.predictions', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'subject_id', OLD.subject_id,
            'kind', OLD.kind,
            'horizon_s', OLD.horizon_s,
            'value', OLD.value,
            'lower', OLD.lower,
            'upper', OLD.upper,
            'model', OLD.model,
            'predicted_at', OLD.predicted_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'subject_id', NEW.subject_id,
            'kind', NEW.kind,
            'horizon_s', NEW.horizon_s,
            'value', NEW.value,
            'lower', NEW.lower,
            'upper', NEW.upper,
            'model', NEW.model,
            'predicted_at', NEW.predicted_at));
END;
CREATE TRIGGER IF NOT EXISTS analytics_predictions_audit_delete AFTER DELETE ON analytics_predictions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'analytics.predictions', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'subject_id', OLD.subject_id,
            'kind', OLD.kind,
            'horizon_s', OLD.horizon_s,
            'value', OLD.value,
            'lower', OLD.lower,
            'upper', OLD.upper,
            'model', OLD.model,
            'predicted_at', OLD.predicted_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS analytics_reports_audit_insert AFTER INSERT ON analytics_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.reports', NEW.id, 'INSERT',
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
CREATE TRIGGER IF NOT EXISTS analytics_reports_audit_update AFTER UPDATE ON analytics_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'analytics.reports', NEW.id, 'UPDATE',
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
CREATE TRIGGER IF NOT EXISTS analytics_reports_audit_delete AFTER DELETE ON analytics_reports
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'analytics.reports', OLD.id, 'DELETE',
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
