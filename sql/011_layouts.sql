-- 011_layouts.sql — site layouts (issue 12): every imported revision of a
-- LIF 1.0 document, kept byte for byte as text (jsonb would reorder its
-- members, and an export must give back what was imported), the small row
-- that lists it, and the activations that say which revision is in use.
-- The same tables as core/store/store_tables.c declares.

CREATE TABLE IF NOT EXISTS core.layout_documents (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version    bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text DEFAULT core.current_actor(),
    lif        text NOT NULL,
    CONSTRAINT layout_documents_tenant_key UNIQUE (tenant_id, id)
);
SELECT audit.secure_table('core.layout_documents', 'operator');

CREATE TABLE IF NOT EXISTS core.layouts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version       bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text DEFAULT core.current_actor(),
    name          text NOT NULL,
    revision      bigint NOT NULL,
    document_id   uuid NOT NULL,
    source        text,
    levels        bigint NOT NULL,
    nodes         bigint NOT NULL,
    edges         bigint NOT NULL,
    stations      bigint NOT NULL,
    vehicle_types text,
    warnings      bigint NOT NULL,
    CONSTRAINT layouts_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT layouts_revision_key UNIQUE (tenant_id, name, revision),
    CONSTRAINT layouts_document_id_fkey FOREIGN KEY (tenant_id, document_id) REFERENCES core.layout_documents (tenant_id, id),
    CONSTRAINT layouts_revision_check CHECK (revision > 0)
);
CREATE INDEX IF NOT EXISTS layouts_document_id_idx ON core.layouts (tenant_id, document_id);
SELECT audit.secure_table('core.layouts', 'operator');

CREATE TABLE IF NOT EXISTS core.layout_activations (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid NOT NULL DEFAULT core.current_tenant() REFERENCES core.tenants (id),
    version      bigint NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   text DEFAULT core.current_actor(),
    layout_id    uuid NOT NULL,
    activated_at timestamptz NOT NULL,
    note         text,
    CONSTRAINT layout_activations_tenant_key UNIQUE (tenant_id, id),
    CONSTRAINT layout_activations_layout_id_fkey FOREIGN KEY (tenant_id, layout_id) REFERENCES core.layouts (tenant_id, id)
);
CREATE INDEX IF NOT EXISTS layout_activations_activated_at_idx ON core.layout_activations (tenant_id, activated_at);
CREATE INDEX IF NOT EXISTS layout_activations_layout_id_idx ON core.layout_activations (tenant_id, layout_id);
SELECT audit.secure_table('core.layout_activations', 'operator');
