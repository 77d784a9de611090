-- SQLite counterpart of sql/001_core.sql.  SQLite has no schemas, roles or
-- row-level security: table schema.table is named schema_table, and tenant
-- isolation is the application's job.  Tables are STRICT (a value that does
-- not fit its column's type is refused); times are TEXT in exactly the form
-- 2026-11-26T21:55:39.123Z, so text order is time order; JSON is TEXT checked
-- with json_valid; booleans are INTEGER 0/1; ids are UUID text.  Foreign keys
-- need PRAGMA foreign_keys = ON on each connection (the backend sets it).
--
-- core_tenants is global: its tenant_id is its own id.

CREATE TABLE IF NOT EXISTS core_tenants (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    name       TEXT NOT NULL,
    attributes TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    CONSTRAINT tenants_tenant_check CHECK (tenant_id = id)
) STRICT;

CREATE TABLE IF NOT EXISTS core_operators (
    id           TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id    TEXT NOT NULL REFERENCES core_tenants (id),
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by   TEXT,
    login        TEXT NOT NULL,
    display_name TEXT,
    role         TEXT NOT NULL,
    attributes   TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    UNIQUE (tenant_id, id),
    CONSTRAINT operators_login_key UNIQUE (login),
    CONSTRAINT operators_role_check CHECK (role IN ('admin', 'operator', 'viewer'))
) STRICT;

CREATE TABLE IF NOT EXISTS core_fleets (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    name       TEXT NOT NULL,
    attributes TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    UNIQUE (tenant_id, id)
) STRICT;

CREATE TABLE IF NOT EXISTS core_vehicles (
    id            TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id     TEXT NOT NULL REFERENCES core_tenants (id),
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by    TEXT,
    serial_number TEXT NOT NULL,
    manufacturer  TEXT NOT NULL,
    fleet_id      TEXT NOT NULL,
    capabilities  TEXT CHECK (capabilities IS NULL OR json_valid(capabilities)),
    attributes    TEXT CHECK (attributes IS NULL OR json_valid(attributes)),
    UNIQUE (tenant_id, id),
    CONSTRAINT vehicles_identity_key UNIQUE (tenant_id, manufacturer, serial_number),
    FOREIGN KEY (tenant_id, fleet_id) REFERENCES core_fleets (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS core_vehicles_fleet_id_idx ON core_vehicles (tenant_id, fleet_id);

CREATE TABLE IF NOT EXISTS core_depot_maps (
    id          TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id   TEXT NOT NULL REFERENCES core_tenants (id),
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by  TEXT,
    name        TEXT NOT NULL,
    map_version TEXT,
    graph       TEXT CHECK (graph IS NULL OR json_valid(graph)),
    UNIQUE (tenant_id, id)
) STRICT;

CREATE TABLE IF NOT EXISTS core_zones (
    id         TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36 AND NOT id GLOB '*[^0-9a-fA-F-]*'),
    tenant_id  TEXT NOT NULL REFERENCES core_tenants (id),
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
    updated_by TEXT,
    map_id     TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT,
    geometry   TEXT CHECK (geometry IS NULL OR json_valid(geometry)),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, map_id) REFERENCES core_depot_maps (tenant_id, id)
) STRICT;
CREATE INDEX IF NOT EXISTS core_zones_map_id_idx ON core_zones (tenant_id, map_id);
