-- SQLite counterpart of sql/003_missions.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).

CREATE TABLE IF NOT EXISTS missions_templates (
    id                  TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id           TEXT NOT NULL REFERENCES core_tenants (id),
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by          TEXT,
    name                TEXT NOT NULL,
    template_version    INTEGER NOT NULL,
    steps               TEXT NOT NULL CHECK (steps IS NULL OR json_valid(steps)),
    capabilities        TEXT CHECK (capabilities IS NULL OR json_valid(capabilities)),
    priority            INTEGER,
    expected_duration_s REAL,
    deadline_policy     TEXT CHECK (deadline_policy IS NULL OR json_valid(deadline_policy)),
    UNIQUE (tenant_id, id),
    CONSTRAINT templates_version_key UNIQUE (tenant_id, name, template_version),
    CONSTRAINT templates_template_version_check CHECK (template_version > 0),
    CONSTRAINT templates_priority_check CHECK (priority IS NULL OR priority >= 0),
    CONSTRAINT templates_duration_check CHECK (expected_duration_s IS NULL OR expected_duration_s >= 0)
) STRICT;

CREATE TABLE IF NOT EXISTS missions_missions (
    id               TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id        TEXT NOT NULL REFERENCES core_tenants (id),
    version          INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by       TEXT,
    template_id      TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    vehicle_id       TEXT,
    state            TEXT NOT NULL,
    priority         INTEGER,
    parameters       TEXT CHECK (parameters IS NULL OR json_valid(parameters)),
    order_id         TEXT,
    deadline         TEXT CHECK (deadline GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    started_at       TEXT CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    finished_at      TEXT CHECK (finished_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, template_id) REFERENCES missions_templates (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core_vehicles (tenant_id, id),
    CONSTRAINT missions_state_check CHECK (state IN ('queued', 'waiting', 'dispatched', 'active', 'paused', 'completed', 'failed', 'cancelled')),
    CONSTRAINT missions_template_version_check CHECK (template_version > 0),
    CONSTRAINT missions_priority_check CHECK (priority IS NULL OR priority >= 0),
    CONSTRAINT missions_finished_check CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
) STRICT;
CREATE INDEX IF NOT EXISTS missions_missions_started_at_idx ON missions_missions (tenant_id, started_at);
CREATE INDEX IF NOT EXISTS missions_missions_template_id_idx ON missions_missions (tenant_id, template_id);
CREATE INDEX IF NOT EXISTS missions_missions_vehicle_id_idx ON missions_missions (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS missions_missions_state_idx ON missions_missions (tenant_id, state);

CREATE TABLE IF NOT EXISTS missions_dependencies (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id     TEXT NOT NULL REFERENCES core_tenants (id),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by    TEXT,
    mission_id    TEXT NOT NULL,
    depends_on_id TEXT NOT NULL,
    kind          TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    CONSTRAINT dependencies_edge_key UNIQUE (mission_id, depends_on_id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    FOREIGN KEY (tenant_id, depends_on_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT dependencies_kind_check CHECK (kind IN ('finish_to_start')),
    CONSTRAINT dependencies_self_check CHECK (mission_id <> depends_on_id)
) STRICT;
CREATE INDEX IF NOT EXISTS missions_dependencies_mission_id_idx ON missions_dependencies (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS missions_dependencies_depends_on_id_idx ON missions_dependencies (tenant_id, depends_on_id);

CREATE TABLE IF NOT EXISTS missions_transitions (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    mission_id TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    reason     TEXT,
    at         TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS missions_transitions_at_idx ON missions_transitions (tenant_id, at);
CREATE INDEX IF NOT EXISTS missions_transitions_mission_id_idx ON missions_transitions (tenant_id, mission_id);

CREATE TABLE IF NOT EXISTS missions_logs (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    mission_id TEXT NOT NULL,
    level      TEXT NOT NULL,
    message    TEXT NOT NULL,
    at         TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT logs_level_check CHECK (level IN ('info', 'warning', 'error', 'note'))
) STRICT;
CREATE INDEX IF NOT EXISTS missions_logs_at_idx ON missions_logs (tenant_id, at);
CREATE INDEX IF NOT EXISTS missions_logs_mission_id_idx ON missions_logs (tenant_id, mission_id);

CREATE TABLE IF NOT EXISTS missions_metrics (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    mission_id TEXT NOT NULL,
    duration_s REAL,
    distance_m REAL,
    energy_kwh REAL,
    waiting_s  REAL,
    on_time    INTEGER CHECK (on_time IN (0, 1)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT metrics_nonneg_check CHECK (coalesce(duration_s, 0) >= 0 AND coalesce(distance_m, 0) >= 0 AND coalesce(waiting_s, 0) >= 0)
) STRICT;
CREATE INDEX IF NOT EXISTS missions_metrics_mission_id_idx ON missions_metrics (tenant_id, mission_id);

CREATE TABLE IF NOT EXISTS missions_safety_events (
    id              TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id       TEXT NOT NULL REFERENCES core_tenants (id),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by      TEXT,
    vehicle_id      TEXT,
    mission_id      TEXT,
    kind            TEXT NOT NULL,
    severity        TEXT NOT NULL,
    state           TEXT NOT NULL,
    raised_at       TEXT NOT NULL CHECK (raised_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    acknowledged_by TEXT,
    acknowledged_at TEXT CHECK (acknowledged_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    resolved_at     TEXT CHECK (resolved_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    resolution      TEXT,
    details         TEXT CHECK (details IS NULL OR json_valid(details)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core_vehicles (tenant_id, id),
    FOREIGN KEY (tenant_id, mission_id) REFERENCES missions_missions (tenant_id, id),
    CONSTRAINT safety_events_kind_check CHECK (kind IN ('estop', 'field_violation', 'fatal_error', 'manual')),
    CONSTRAINT safety_events_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT safety_events_state_check CHECK (state IN ('open', 'acknowledged', 'resolved'))
) STRICT;
CREATE INDEX IF NOT EXISTS missions_safety_events_raised_at_idx ON missions_safety_events (tenant_id, raised_at);
CREATE INDEX IF NOT EXISTS missions_safety_events_vehicle_id_idx ON missions_safety_events (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS missions_safety_events_mission_id_idx ON missions_safety_events (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS missions_safety_events_state_raised_at_idx ON missions_safety_events (tenant_id, state, raised_at);

-- Audit triggers.
CREATE TRIGGER IF NOT EXISTS missions_templates_audit_insert AFTER INSERT ON missions_templates
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.templates', NEW.id, 'INSERT',
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
            'template_version', NEW.template_version,
            'steps', json(NEW.steps),
            'capabilities', json(NEW.capabilities),
            'priority', NEW.priority,
            'expected_duration_s', NEW.expected_duration_s,
            'deadline_policy', json(NEW.deadline_policy)));
END;
CREATE TRIGGER IF NOT EXISTS missions_templates_audit_update AFTER UPDATE ON missions_templates
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.templates', NEW.id, 'UPDATE',
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
            'template_version', OLD.template_version,
            'steps', json(OLD.steps),
            'capabilities', json(OLD.capabilities),
            'priority', OLD.priority,
            'expected_duration_s', OLD.expected_duration_s,
            'deadline_policy', json(OLD.deadline_policy)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'name', NEW.name,
            'template_version', NEW.template_version,
            'steps', json(NEW.steps),
            'capabilities', json(NEW.capabilities),
            'priority', NEW.priority,
            'expected_duration_s', NEW.expected_duration_s,
            'deadline_policy', json(NEW.deadline_policy)));
END;
CREATE TRIGGER IF NOT EXISTS missions_templates_audit_delete AFTER DELETE ON missions_templates
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.templates', OLD.id, 'DELETE',
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
            'template_version', OLD.template_version,
            'steps', json(OLD.steps),
            'capabilities', json(OLD.capabilities),
            'priority', OLD.priority,
            'expected_duration_s', OLD.expected_duration_s,
            'deadline_policy', json(OLD.deadline_policy)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_missions_audit_insert AFTER INSERT ON missions_missions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.missions', NEW.id, 'INSERT',
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
            'template_id', NEW.template_id,
            'template_version', NEW.template_version,
            'vehicle_id', NEW.vehicle_id,
            'state', NEW.state,
            'priority', NEW.priority,
            'parameters', json(NEW.parameters),
            'order_id', NEW.order_id,
            'deadline', NEW.deadline,
            'started_at', NEW.started_at,
            'finished_at', NEW.finished_at));
END;
CREATE TRIGGER IF NOT EXISTS missions_missions_audit_update AFTER UPDATE ON missions_missions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.missions', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'template_id', OLD.template_id,
            'template_version', OLD.template_version,
            'vehicle_id', OLD.vehicle_id,
            'state', OLD.state,
            'priority', OLD.priority,
            'parameters', json(OLD.parameters),
            'order_id', OLD.order_id,
            'deadline', OLD.deadline,
            'started_at', OLD.started_at,
            'finished_at', OLD.finished_at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'template_id', NEW.template_id,
            'template_version', NEW.template_version,
            'vehicle_id', NEW.vehicle_id,
            'state', NEW.state,
            'priority', NEW.priority,
            'parameters', json(NEW.parameters),
            'order_id', NEW.order_id,
            'deadline', NEW.deadline,
            'started_at', NEW.started_at,
            'finished_at', NEW.finished_at));
END;
CREATE TRIGGER IF NOT EXISTS missions_missions_audit_delete AFTER DELETE ON missions_missions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.missions', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'template_id', OLD.template_id,
            'template_version', OLD.template_version,
            'vehicle_id', OLD.vehicle_id,
            'state', OLD.state,
            'priority', OLD.priority,
            'parameters', json(OLD.parameters),
            'order_id', OLD.order_id,
            'deadline', OLD.deadline,
            'started_at', OLD.started_at,
            'finished_at', OLD.finished_at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_dependencies_audit_insert AFTER INSERT ON missions_dependencies
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.dependencies', NEW.id, 'INSERT',
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
            'mission_id', NEW.mission_id,
            'depends_on_id', NEW.depends_on_id,
            'kind', NEW.kind));
END;
CREATE TRIGGER IF NOT EXISTS missions_dependencies_audit_update AFTER UPDATE ON missions_dependencies
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.dependencies', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'depends_on_id', OLD.depends_on_id,
            'kind', OLD.kind),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'mission_id', NEW.mission_id,
            'depends_on_id', NEW.depends_on_id,
            'kind', NEW.kind));
END;
CREATE TRIGGER IF NOT EXISTS missions_dependencies_audit_delete AFTER DELETE ON missions_dependencies
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.dependencies', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'depends_on_id', OLD.depends_on_id,
            'kind', OLD.kind),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_transitions_audit_insert AFTER INSERT ON missions_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.transitions', NEW.id, 'INSERT',
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
            'mission_id', NEW.mission_id,
            'from_state', NEW.from_state,
            'to_state', NEW.to_state,
            'reason', NEW.reason,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS missions_transitions_audit_update AFTER UPDATE ON missions_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.transitions', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'from_state', OLD.from_state,
            'to_state', OLD.to_state,
            'reason', OLD.reason,
            'at', OLD.at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'mission_id', NEW.mission_id,
            'from_state', NEW.from_state,
            'to_state', NEW.to_state,
            'reason', NEW.reason,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS missions_transitions_audit_delete AFTER DELETE ON missions_transitions
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.transitions', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'from_state', OLD.from_state,
            'to_state', OLD.to_state,
            'reason', OLD.reason,
            'at', OLD.at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_logs_audit_insert AFTER INSERT ON missions_logs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.logs', NEW.id, 'INSERT',
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
            'mission_id', NEW.mission_id,
            'level', NEW.level,
            'message', NEW.message,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS missions_logs_audit_update AFTER UPDATE ON missions_logs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.logs', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'level', OLD.level,
            'message', OLD.message,
            'at', OLD.at),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'mission_id', NEW.mission_id,
            'level', NEW.level,
            'message', NEW.message,
            'at', NEW.at));
END;
CREATE TRIGGER IF NOT EXISTS missions_logs_audit_delete AFTER DELETE ON missions_logs
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.logs', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'level', OLD.level,
            'message', OLD.message,
            'at', OLD.at),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_metrics_audit_insert AFTER INSERT ON missions_metrics
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.metrics', NEW.id, 'INSERT',
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
            'mission_id', NEW.mission_id,
            'duration_s', NEW.duration_s,
            'distance_m', NEW.distance_m,
            'energy_kwh', NEW.energy_kwh,
            'waiting_s', NEW.waiting_s,
            'on_time', json(CASE NEW.on_time WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)));
END;
CREATE TRIGGER IF NOT EXISTS missions_metrics_audit_update AFTER UPDATE ON missions_metrics
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.metrics', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'duration_s', OLD.duration_s,
            'distance_m', OLD.distance_m,
            'energy_kwh', OLD.energy_kwh,
            'waiting_s', OLD.waiting_s,
            'on_time', json(CASE OLD.on_time WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'mission_id', NEW.mission_id,
            'duration_s', NEW.duration_s,
            'distance_m', NEW.distance_m,
            'energy_kwh', NEW.energy_kwh,
            'waiting_s', NEW.waiting_s,
            'on_time', json(CASE NEW.on_time WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)));
END;
CREATE TRIGGER IF NOT EXISTS missions_metrics_audit_delete AFTER DELETE ON missions_metrics
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.metrics', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'mission_id', OLD.mission_id,
            'duration_s', OLD.duration_s,
            'distance_m', OLD.distance_m,
            'energy_kwh', OLD.energy_kwh,
            'waiting_s', OLD.waiting_s,
            'on_time', json(CASE OLD.on_time WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)),
        NULL);
END;

CREATE TRIGGER IF NOT EXISTS missions_safety_events_audit_insert AFTER INSERT ON missions_safety_events
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.safety_events', NEW.id, 'INSERT',
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
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'kind', NEW.kind,
            'severity', NEW.severity,
            'state', NEW.state,
            'raised_at', NEW.raised_at,
            'acknowledged_by', NEW.acknowledged_by,
            'acknowledged_at', NEW.acknowledged_at,
            'resolved_at', NEW.resolved_at,
            'resolution', NEW.resolution,
            'details', json(NEW.details)));
END;
CREATE TRIGGER IF NOT EXISTS missions_safety_events_audit_update AFTER UPDATE ON missions_safety_events
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (NEW.tenant_id, 'missions.safety_events', NEW.id, 'UPDATE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'kind', OLD.kind,
            'severity', OLD.severity,
            'state', OLD.state,
            'raised_at', OLD.raised_at,
            'acknowledged_by', OLD.acknowledged_by,
            'acknowledged_at', OLD.acknowledged_at,
            'resolved_at', OLD.resolved_at,
            'resolution', OLD.resolution,
            'details', json(OLD.details)),
        json_object(
            'id', NEW.id,
            'tenant_id', NEW.tenant_id,
            'version', NEW.version,
            'created_at', NEW.created_at,
            'updated_at', NEW.updated_at,
            'updated_by', NEW.updated_by,
            'vehicle_id', NEW.vehicle_id,
            'mission_id', NEW.mission_id,
            'kind', NEW.kind,
            'severity', NEW.severity,
            'state', NEW.state,
            'raised_at', NEW.raised_at,
            'acknowledged_by', NEW.acknowledged_by,
            'acknowledged_at', NEW.acknowledged_at,
            'resolved_at', NEW.resolved_at,
            'resolution', NEW.resolution,
            'details', json(NEW.details)));
END;
CREATE TRIGGER IF NOT EXISTS missions_safety_events_audit_delete AFTER DELETE ON missions_safety_events
BEGIN
    INSERT INTO audit_log (tenant_id, table_name, record_id, op, actor, at, old_row, new_row)
    VALUES (OLD.tenant_id, 'missions.safety_events', OLD.id, 'DELETE',
        coalesce(nullif(fo_actor(), ''), 'unknown'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        json_object(
            'id', OLD.id,
            'tenant_id', OLD.tenant_id,
            'version', OLD.version,
            'created_at', OLD.created_at,
            'updated_at', OLD.updated_at,
            'updated_by', OLD.updated_by,
            'vehicle_id', OLD.vehicle_id,
            'mission_id', OLD.mission_id,
            'kind', OLD.kind,
            'severity', OLD.severity,
            'state', OLD.state,
            'raised_at', OLD.raised_at,
            'acknowledged_by', OLD.acknowledged_by,
            'acknowledged_at', OLD.acknowledged_at,
            'resolved_at', OLD.resolved_at,
            'resolution', OLD.resolution,
            'details', json(OLD.details)),
        NULL);
END;
