-- 006_optimization.sql — optimisation runs with weighted objectives, their
-- results, and recommendations an operator applies or rejects.

CREATE SCHEMA IF NOT EXISTS optimization;
GRANT USAGE ON SCHEMA optimization TO fleetops_admin, fleetops_operator, fleetops_viewer;

CREATE TABLE IF NOT EXISTS optimization.runs (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    kind        text NOT NULL,
    state       text NOT NULL,
    objectives  jsonb NOT NULL,
    parameters  jsonb,
    started_at  timestamptz,
    finished_at timestamptz,
    CONSTRAINT runs_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT runs_kind_check CHECK (kind IN ('assignment', 'rebalance', 'cost')),
    CONSTRAINT runs_state_check CHECK (state IN ('queued', 'running', 'done', 'failed')),
    CONSTRAINT runs_finished_check CHECK (finished_at IS NULL OR started_at IS NULL OR finished_at >= started_at)
);
CREATE INDEX IF NOT EXISTS runs_started_at_idx ON optimization.runs (tenant_id, started_at);
SELECT audit.secure_table('optimization.runs', 'operator');

CREATE TABLE IF NOT EXISTS optimization.results (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id       uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version         bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text DEFAULT core.current_actor(),
    run_id          uuid NOT NULL,
    objective_value double precision,
    solution        jsonb NOT NULL,
    CONSTRAINT results_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT results_run_id_fkey FOREIGN KEY (tenant_id, run_id) REFERENCES optimization.runs (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS results_run_id_idx ON optimization.results (tenant_id, run_id);
SELECT audit.secure_table('optimization.results', 'operator');

CREATE TABLE IF NOT EXISTS optimization.recommendations (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    run_id     uuid NOT NULL,
    kind       text NOT NULL,
    payload    jsonb NOT NULL,
    state      text NOT NULL,
    decided_by text,
    decided_at timestamptz,
    CONSTRAINT recommendations_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT recommendations_run_id_fkey FOREIGN KEY (tenant_id, run_id) REFERENCES optimization.runs (tenant_id, id),
    CONSTRAINT recommendations_state_check CHECK (state IN ('proposed', 'applied', 'rejected'))
);
CREATE INDEX IF NOT EXISTS recommendations_run_id_idx ON optimization.recommendations (tenant_id, run_id);
CREATE INDEX IF NOT EXISTS recommendations_state_idx ON optimization.recommendations (tenant_id, state);
SELECT audit.secure_table('optimization.recommendations', 'operator');
