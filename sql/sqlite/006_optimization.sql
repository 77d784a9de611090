-- SQLite counterpart of sql/006_optimization.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS optimization_runs (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    kind        TEXT NOT NULL,
    state       TEXT NOT NULL,
    objectives  TEXT NOT NULL CHECK (objectives IS NULL OR json_valid(objectives)),
    parameters  TEXT CHECK (parameters IS NULL OR json_valid(parameters)),
    started_at  TEXT CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    finished_at TEXT CHECK (finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    CONSTRAINT runs_kind_check CHECK (kind IN ('assignment', 'rebalance', 'cost')),
    CONSTRAINT runs_state_check CHECK (state IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT runs_finished_check CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
) STRICT;
CREATE INDEX IF NOT EXISTS optimization_runs_started_at_idx ON optimization_runs (tenant_id, started_at);

CREATE TABLE IF NOT EXISTS optimization_results (
    id              TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id       TEXT NOT NULL REFERENCES core_tenants (id),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by      TEXT,
    run_id          TEXT NOT NULL,
    objective_value REAL,
    solution        TEXT NOT NULL CHECK (solution IS NULL OR json_valid(solution)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, run_id) REFERENCES optimization_runs (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS optimization_results_run_id_idx ON optimization_results (tenant_id, run_id);

CREATE TABLE IF NOT EXISTS optimization_recommendations (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    run_id     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL CHECK (payload IS NULL OR json_valid(payload)),
    state      TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, run_id) REFERENCES optimization_runs (tenant_id, id),
    CONSTRAINT recommendations_state_check CHECK (state IN ('proposed', 'applied', 'rejected'))
) STRICT;
CREATE INDEX IF NOT EXISTS optimization_recommendations_run_id_idx ON optimization_recommendations (tenant_id, run_id);
CREATE INDEX IF NOT EXISTS optimization_recommendations_state_idx ON optimization_recommendations (tenant_id, state);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS optimization_runs_audit_insert AFTER INSERT ON optimization_runs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.runs', NEW.id, 'INSERT',
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
            'kind', NEW.kind,
            'state', NEW.state,
            'objectives', json(NEW.objectives),
            'parameters', json(NEW.parameters),
            'started_at', NEW.started_at,
            'finished_at', NEW.finished_at));
END;
CREATE TRIGGER IF NOT EXISTS optimization_runs_audit_update AFTER UPDATE ON optimization_runs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.runs', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'kind', OLD.kind,
            'state', OLD.state,
            'objectives', json(OLD.objectives),
            'parameters', json(OLD.parameters),
            'started_at', OLD.started_at,
            'finished_at', OLD.finished_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'kind', NEW.kind,
            'state', NEW.state,
            'objectives', json(NEW.objectives),
            'parameters', json(NEW.parameters),
            'started_at', NEW.started_at,
            'finished_at', NEW.finished_at));
END;
CREATE TRIGGER IF NOT EXISTS optimization_runs_audit_delete AFTER DELETE ON optimization_runs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'optimization.runs', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'kind', OLD.kind,
            'state', OLD.state,
            'objectives', json(OLD.objectives),
            'parameters', json(OLD.parameters),
            'started_at', OLD.started_at,
            'finished_at', OLD.finished_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS optimization_results_audit_insert AFTER INSERT ON optimization_results
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.results', NEW.id, 'INSERT',
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
            'run_id', NEW.run_id,
            'objective_value', NEW.objective_value,
            'solution', json(NEW.solution)));
END;
CREATE TRIGGER IF NOT EXISTS optimization_results_audit_update AFTER UPDATE ON optimization_results
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.results', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'run_id', OLD.run_id,
            'objective_value', OLD.objective_value,
            'solution', json(OLD.solution)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'run_id', NEW.run_id,
            'objective_value', NEW.objective_value,
            'solution', json(NEW.solution)));
END;
CREATE TRIGGER IF NOT EXISTS optimization_results_audit_delete AFTER DELETE ON optimization_results
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'optimization.results', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'run_id', OLD.run_id,
            'objective_value', OLD.objective_value,
            'solution', json(OLD.solution)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS optimization_recommendations_audit_insert AFTER INSERT ON optimization_recommendations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.recommendations', NEW.id, 'INSERT',
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
            'run_id', NEW.run_id,
            'kind', NEW.kind,
            'payload', json(NEW.payload),
            'state', NEW.state,
            'decided_by', NEW.decided_by,
            'decided_at', NEW.decided_at));
END;
CREATE TRIGGER IF NOT EXISTS optimization_recommendations_audit_update AFTER UPDATE ON optimization_recommendations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'optimization.recommendations', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'run_id', OLD.run_id,
            'kind', OLD.kind,
            'payload', json(OLD.payload),
            'state', OLD.state,
            'decided_by', OLD.decided_by,
            'decided_at', OLD.decided_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'run_id', NEW.run_id,
            'kind', NEW.kind,
            'payload', json(NEW.payload),
            'state', NEW.state,
            'decided_by', NEW.decided_by,
            'decided_at', NEW.decided_at));
END;
CREATE TRIGGER IF NOT EXISTS optimization_recommendations_audit_delete AFTER DELETE ON optimization_recommendations
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'optimization.recommendations', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'run_id', OLD.run_id,
            'kind', OLD.kind,
            'payload', json(OLD.payload),
            'state', OLD.state,
            'decided_by', OLD.decided_by,
            'decided_at', OLD.decided_at),
        NULL);
END;
