-- 008_performance.sql — benchmark targets, performance scores, alert history
-- and performance reports.

CREATE SCHEMA IF NOT EXISTS performance;
GRANT USAGE ON SCHEMA performance TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS performance.targets (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    metric     text NOT NULL,
    scope      text NOT NULL,
    scope_id   text,
    target     double precision NOT NULL,
    direction  text NOT NULL,
    window_s   bigint,
    CONSTRAINT targets_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT targets_scope_check CHECK (scope IN ('depot', 'fleet', 'vehicle')),
    CONSTRAINT targets_direction_check CHECK (direction IN ('at_least', 'at_most')),
    CONSTRAINT targets_window_check CHECK (window_s IS NULL OR window_s > 0)
);
SELECT audit.secure_table('performance.targets', 'operator');

CREATE TABLE IF NOT EXISTS performance.scores (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    scope       text NOT NULL,
    scope_id    text,
    score       double precision NOT NULL,
    components  jsonb,
    computed_at timestamptz NOT NULL,
    CONSTRAINT scores_tenant_key UNIQUE (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS scores_computed_at_idx ON performance.scores (tenant_id, computed_at);
SELECT audit.secure_table('performance.scores', 'operator');

CREATE TABLE IF NOT EXISTS performance.alerts (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version         bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text DEFAULT core.current_actor(),
    rule            text NOT NULL,
    labels          jsonb NOT NULL,
    state           text NOT NULL,
    severity        text,
    value           double precision,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    acknowledged_by text,
    acknowledged_at timestamptz,
    note            text,
    CONSTRAINT alerts_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT alerts_state_check CHECK (state IN ('pending', 'firing', 'resolved')),
    CONSTRAINT alerts_ended_check CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX IF NOT EXISTS alerts_started_at_idx ON performance.alerts (tenant_id, started_at);
CREATE INDEX IF NOT EXISTS alerts_state_started_at_idx ON performance.alerts (tenant_id, state, started_at);
SELECT audit.secure_table('performance.alerts', 'operator');

CREATE TABLE IF NOT EXISTS performance.reports (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    name        text NOT NULL,
    period_from timestamptz NOT NULL,
    period_to   timestamptz NOT NULL,
    content     jsonb,
    CONSTRAINT reports_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT reports_period_check CHECK (period_to >= period_from)
);
CREATE INDEX IF NOT EXISTS reports_period_from_idx ON performance.reports (tenant_id, period_from);
SELECT audit.secure_table('performance.reports', 'operator');
