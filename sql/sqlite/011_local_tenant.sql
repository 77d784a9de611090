-- 011_local_tenant.sql (SQLite) — the embedded store works with no set-up:
-- one tenant, "local", that records belong to when the tenant option is
-- empty (see core/store.c).  PostgreSQL has no such row: there the tenant
-- comes from the operator's core.operators row.
INSERT OR IGNORE INTO core_tenants (id, tenant_id, name)
VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000001', 'local');
