-- 007_analytics.sql — health scores, predictions with error bounds, reports,
-- and analytics.samples, the batched time series (not a record table: no id,
-- no audit or notify trigger, no foreign key — it is written tens of
-- thousands of rows a second — but the same tenant policies).

CREATE SCHEMA IF NOT EXISTS analytics;
GRANT USAGE ON SCHEMA analytics TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS analytics.health_scores (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version      bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text DEFAULT core.current_actor(),
    subject_kind text NOT NULL,
    subject_id   text NOT NULL,
    score        double precision NOT NULL,
    components   jsonb NOT NULL,
    computed_at  timestamptz NOT NULL,
    CONSTRAINT health_scores_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT health_scores_subject_kind_check CHECK (subject_kind IN ('vehicle', 'fleet')),
    CONSTRAINT health_scores_score_check CHECK (score >= 0 AND score <= 100)
);
CREATE INDEX IF NOT EXISTS health_scores_computed_at_idx ON analytics.health_scores (tenant_id, computed_at);
CREATE INDEX IF NOT EXISTS health_scores_subject_kind_subject_id_computed_at_idx ON analytics.health_scores (tenant_id, subject_kind, subject_id, computed_at);
SELECT audit.secure_table('analytics.health_scores', 'operator');

CREATE TABLE IF NOT EXISTS analytics.predictions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version      bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text DEFAULT core.current_actor(),
    subject_id   text NOT NULL,
    kind         text NOT NULL,
    horizon_s    double precision NOT NULL,
    value        double precision NOT NULL,
    lower        double precision,
    upper        double precision,
    model        text NOT NULL,
    predicted_at timestamptz NOT NULL,
    CONSTRAINT predictions_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT predictions_kind_check CHECK (kind IN ('battery_depletion', 'failure_risk')),
    CONSTRAINT predictions_horizon_check CHECK (horizon_s >= 0),
    CONSTRAINT predictions_bounds_check CHECK ((lower IS NULL OR lower <= value) AND (upper IS NULL OR value <= upper))
);
CREATE INDEX IF NOT EXISTS predictions_predicted_at_idx ON analytics.predictions (tenant_id, predicted_at);
CREATE INDEX IF NOT EXISTS predictions_subject_id_kind_predicted_at_idx ON analytics.predictions (tenant_id, subject_id, kind, predicted_at);
SELECT audit.secure_table('analytics.predictions', 'operator');

CREATE TABLE IF NOT EXISTS analytics.reports (
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
CREATE INDEX IF NOT EXISTS reports_period_from_idx ON analytics.reports (tenant_id, period_from);
SELECT audit.secure_table('analytics.reports', 'operator');

CREATE TABLE IF NOT EXISTS analytics.samples (
    tenant_id uuid NOT NULL DEFAULT core.current_tenant(),
    series    text NOT NULL,             -- "battery_pct", "speed_mps", ...
    subject   text NOT NULL,             -- vehicle id, fleet id, ...
    ts        timestamptz NOT NULL,
    value     double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS samples_series_idx ON analytics.samples (tenant_id, series, subject, ts);
SELECT audit.secure_table('analytics.samples', 'operator', false);
