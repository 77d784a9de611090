-- 010_mission_execution.sql (SQLite) — the columns of sql/010_mission_execution.sql,
-- and the audit triggers of the three tables made again so their rows carry them.

ALTER TABLE missions_missions ADD COLUMN vehicle_serial TEXT;
ALTER TABLE missions_missions ADD COLUMN plan TEXT CHECK (plan IS NULL OR json_valid(plan));
ALTER TABLE missions_missions ADD COLUMN reason TEXT;
ALTER TABLE missions_transitions ADD COLUMN actor TEXT;
ALTER TABLE missions_safety_events ADD COLUMN vehicle_serial TEXT;

CREATE INDEX IF NOT EXISTS missions_missions_vehicle_serial_idx ON missions_missions (tenant_id, vehicle_serial);
CREATE INDEX IF NOT EXISTS missions_transitions_mission_idx ON missions_transitions (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS missions_logs_mission_idx ON missions_logs (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS missions_safety_events_state_idx ON missions_safety_events (tenant_id, state);

DROP TRIGGER IF EXISTS missions_missions_audit_insert;
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
            'finished_at', NEW.finished_at,
            'vehicle_serial', NEW.vehicle_serial,
            'plan', json(NEW.plan),
            'reason', NEW.reason));
END;
DROP TRIGGER IF EXISTS missions_missions_audit_update;
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
            'finished_at', OLD.finished_at,
            'vehicle_serial', OLD.vehicle_serial,
            'plan', json(OLD.plan),
            'reason', OLD.reason),
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
            'finished_at', NEW.finished_at,
            'vehicle_serial', NEW.vehicle_serial,
            'plan', json(NEW.plan),
            'reason', NEW.reason));
END;
DROP TRIGGER IF EXISTS missions_missions_audit_delete;
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
            'finished_at', OLD.finished_at,
            'vehicle_serial', OLD.vehicle_serial,
            'plan', json(OLD.plan),
            'reason', OLD.reason),
        NULL);
END;
DROP TRIGGER IF EXISTS missions_transitions_audit_insert;
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
            'at', NEW.at,
            'actor', NEW.actor));
END;
DROP TRIGGER IF EXISTS missions_transitions_audit_update;
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
            'at', OLD.at,
            'actor', OLD.actor),
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
            'at', NEW.at,
            'actor', NEW.actor));
END;
DROP TRIGGER IF EXISTS missions_transitions_audit_delete;
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
            'at', OLD.at,
            'actor', OLD.actor),
        NULL);
END;
DROP TRIGGER IF EXISTS missions_safety_events_audit_insert;
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
            'details', json(NEW.details),
            'vehicle_serial', NEW.vehicle_serial));
END;
DROP TRIGGER IF EXISTS missions_safety_events_audit_update;
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
            'details', json(OLD.details),
            'vehicle_serial', OLD.vehicle_serial),
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
            'details', json(NEW.details),
            'vehicle_serial', NEW.vehicle_serial));
END;
DROP TRIGGER IF EXISTS missions_safety_events_audit_delete;
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
            'details', json(OLD.details),
            'vehicle_serial', OLD.vehicle_serial),
        NULL);
END;
