-- 003_missions.sql — mission templates (versioned), missions and their
-- finish-to-start dependencies, state transitions, logs, metrics, and safety
-- events.  Foreign keys carry tenant_id, so a record can only point at
-- records of its own tenant.  References are ON DELETE NO ACTION: deleting a
-- record that others point at is refused rather than cascading silently.
-- Cycles in dependencies are refused by the missions plugin (a DAG check
-- needs the whole graph); the table refuses self-edges and duplicates.

CREATE SCHEMA IF NOT EXISTS missions;
GRANT USAGE ON SCHEMA missions TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS missions.templates (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version             bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          text DEFAULT core.current_actor(),
    name                text NOT NULL,
    template_version    bigint NOT NULL,
    steps               jsonb NOT NULL,
    capabilities        jsonb,
    priority            bigint,
    expected_duration_s double precision,
    deadline_policy     jsonb,
    CONSTRAINT templates_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT templates_version_key UNIQUE (tenant_id, name, template_version),
    CONSTRAINT templates_template_version_check CHECK (template_version > 0),
    CONSTRAINT templates_priority_check CHECK (priority IS NULL OR priority >= 0),
    CONSTRAINT templates_duration_check CHECK (expected_duration_s IS NULL OR expected_duration_s >= 0)
);
SELECT audit.secure_table('missions.templates', 'operator');

CREATE TABLE IF NOT EXISTS missions.missions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version          bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       text DEFAULT core.current_actor(),
    template_id      uuid NOT NULL,
    template_version bigint NOT NULL,
    vehicle_id       uuid,
    state            text NOT NULL,
    priority         bigint,
    parameters       jsonb,
    order_id         text,
    deadline         timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    CONSTRAINT missions_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT missions_template_id_fkey FOREIGN KEY (tenant_id, template_id) REFERENCES missions.templates (tenant_id, id),
    CONSTRAINT missions_vehicle_id_fkey FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core.vehicles (tenant_id, id),
    CONSTRAINT missions_state_check CHECK (state IN ('queued', 'waiting', 'dispatched', 'active', 'paused', 'completed', 'failed', 'cancelled')),
    CONSTRAINT missions_template_version_check CHECK (template_version > 0),
    CONSTRAINT missions_priority_check CHECK (priority IS NULL OR priority >= 0),
    CONSTRAINT missions_finished_check CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX IF NOT EXISTS missions_started_at_idx ON missions.missions (tenant_id, started_at);
CREATE INDEX IF NOT EXISTS missions_template_id_idx ON missions.missions (tenant_id, template_id);
CREATE INDEX IF NOT EXISTS missions_vehicle_id_idx ON missions.missions (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS missions_state_idx ON missions.missions (tenant_id, state);
SELECT audit.secure_table('missions.missions', 'operator');

CREATE TABLE IF NOT EXISTS missions.dependencies (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    mission_id    uuid NOT NULL,
    depends_on_id uuid NOT NULL,
    kind          text NOT NULL,
    CONSTRAINT dependencies_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT dependencies_edge_key UNIQUE (mission_id, depends_on_id),
    CONSTRAINT dependencies_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT dependencies_depends_on_id_fkey FOREIGN KEY (tenant_id, depends_on_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT dependencies_kind_check CHECK (kind IN ('finish_to_start')),
    CONSTRAINT dependencies_self_check CHECK (mission_id <> depends_on_id)
);
CREATE INDEX IF NOT EXISTS dependencies_mission_id_idx ON missions.dependencies (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS dependencies_depends_on_id_idx ON missions.dependencies (tenant_id, depends_on_id);
SELECT audit.secure_table('missions.dependencies', 'operator');

CREATE TABLE IF NOT EXISTS missions.transitions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    mission_id uuid NOT NULL,
    from_state text,
    to_state   text NOT NULL,
    reason     text,
    at         timestamptz NOT NULL,
    CONSTRAINT transitions_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT transitions_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS transitions_at_idx ON missions.transitions (tenant_id, at);
CREATE INDEX IF NOT EXISTS transitions_mission_id_idx ON missions.transitions (tenant_id, mission_id);
SELECT audit.secure_table('missions.transitions', 'operator');

CREATE TABLE IF NOT EXISTS missions.logs (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    mission_id uuid NOT NULL,
    level      text NOT NULL,
    message    text NOT NULL,
    at         timestamptz NOT NULL,
    CONSTRAINT logs_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT logs_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT logs_level_check CHECK (level IN ('info', 'warning', 'error', 'note'))
);
CREATE INDEX IF NOT EXISTS logs_at_idx ON missions.logs (tenant_id, at);
CREATE INDEX IF NOT EXISTS logs_mission_id_idx ON missions.logs (tenant_id, mission_id);
SELECT audit.secure_table('missions.logs', 'operator');

CREATE TABLE IF NOT EXISTS missions.metrics (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    mission_id uuid NOT NULL,
    duration_s double precision,
    distance_m double precision,
    energy_kwh double precision,
    waiting_s  double precision,
    on_time    boolean,
    CONSTRAINT metrics_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT metrics_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT metrics_nonneg_check CHECK (coalesce(duration_s, 0) >= 0 AND coalesce(distance_m, 0) >= 0 AND coalesce(waiting_s, 0) >= 0)
);
CREATE INDEX IF NOT EXISTS metrics_mission_id_idx ON missions.metrics (tenant_id, mission_id);
SELECT audit.secure_table('missions.metrics', 'operator');

CREATE TABLE IF NOT EXISTS missions.safety_events (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version         bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text DEFAULT core.current_actor(),
    vehicle_id      uuid,
    mission_id      uuid,
    kind            text NOT NULL,
    severity        text NOT NULL,
    state           text NOT NULL,
    raised_at       timestamptz NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    resolution      text,
    details         jsonb,
    CONSTRAINT safety_events_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT safety_events_vehicle_id_fkey FOREIGN KEY (tenant_id, vehicle_id) REFERENCES core.vehicles (tenant_id, id),
    CONSTRAINT safety_events_mission_id_fkey FOREIGN KEY (tenant_id, mission_id) REFERENCES missions.missions (tenant_id, id),
    CONSTRAINT safety_events_kind_check CHECK (kind IN ('estop', 'field_violation', 'fatal_error', 'manual')),
    CONSTRAINT safety_events_severity_check CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT safety_events_state_check CHECK (state IN ('open', 'acknowledged', 'resolved'))
);
CREATE INDEX IF NOT EXISTS safety_events_raised_at_idx ON missions.safety_events (tenant_id, raised_at);
CREATE INDEX IF NOT EXISTS safety_events_vehicle_id_idx ON missions.safety_events (tenant_id, vehicle_id);
CREATE INDEX IF NOT EXISTS safety_events_mission_id_idx ON missions.safety_events (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS safety_events_state_raised_at_idx ON missions.safety_events (tenant_id, state, raised_at);
SELECT audit.secure_table('missions.safety_events', 'operator');
