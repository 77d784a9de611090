-- 009_alerts.sql — the alert engine's records beside performance.alerts
-- (one row per alert instance): every transition and acknowledgement of an
-- alert, and silences.  Foreign keys carry tenant_id, as everywhere.

CREATE TABLE IF NOT EXISTS performance.alert_transitions (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version     bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text DEFAULT core.current_actor(),
    alert_id    uuid NOT NULL,
    rule        text NOT NULL,
    fingerprint text NOT NULL,
    labels      jsonb NOT NULL,
    annotations jsonb,
    from_state  text,
    to_state    text NOT NULL,
    value       double precision,
    note        text,
    at          timestamptz NOT NULL,
    CONSTRAINT alert_transitions_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT alert_transitions_alert_id_fkey FOREIGN KEY (tenant_id, alert_id) REFERENCES performance.alerts (tenant_id, id),
    CONSTRAINT alert_transitions_to_state_check CHECK (to_state IN ('inactive', 'pending', 'firing', 'resolved', 'acknowledged'))
);
CREATE INDEX IF NOT EXISTS alert_transitions_at_idx ON performance.alert_transitions (tenant_id, at);
CREATE INDEX IF NOT EXISTS alert_transitions_alert_id_idx ON performance.alert_transitions (tenant_id, alert_id);
SELECT audit.secure_table('performance.alert_transitions', 'operator');

CREATE TABLE IF NOT EXISTS performance.alert_silences (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    matchers   text NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    author     text NOT NULL,
    comment    text,
    CONSTRAINT alert_silences_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT alert_silences_ends_check CHECK (ends_at >= starts_at)
);
CREATE INDEX IF NOT EXISTS alert_silences_ends_at_idx ON performance.alert_silences (tenant_id, ends_at);
SELECT audit.secure_table('performance.alert_silences', 'operator');
