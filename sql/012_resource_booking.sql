-- 012_resource_booking.sql — resources as a product area (issue 13): pool
-- kinds for doors and lifts and a grant policy per pool; resources down for
-- maintenance over a window; bookings that name their vehicle by serial
-- number, their purpose and why they ended; requests with a
-- wanted duration inside their window, where they came from, the booking
-- that granted them or the window offered instead; conflicts with what they
-- concern, the suggested resolutions and who resolved them.  The same
-- columns as plugins/resources/resources_tables.c declares.

ALTER TABLE resources.pools DROP CONSTRAINT IF EXISTS pools_kind_check;
ALTER TABLE resources.pools ADD CONSTRAINT pools_kind_check
    CHECK (kind IN ('charger', 'dock', 'parking', 'door', 'lift', 'operator', 'payload_tool'));
ALTER TABLE resources.pools ADD COLUMN IF NOT EXISTS policy text;
ALTER TABLE resources.pools DROP CONSTRAINT IF EXISTS pools_policy_check;
ALTER TABLE resources.pools ADD CONSTRAINT pools_policy_check
    CHECK (policy IS NULL OR policy IN ('first_fit', 'priority', 'earliest_deadline'));
ALTER TABLE resources.pools DROP CONSTRAINT IF EXISTS pools_name_key;
ALTER TABLE resources.pools ADD CONSTRAINT pools_name_key UNIQUE (tenant_id, name);

ALTER TABLE resources.resources ADD COLUMN IF NOT EXISTS down_from timestamptz;
ALTER TABLE resources.resources ADD COLUMN IF NOT EXISTS down_to timestamptz;
ALTER TABLE resources.resources ADD COLUMN IF NOT EXISTS down_reason text;
ALTER TABLE resources.resources DROP CONSTRAINT IF EXISTS resources_down_check;
ALTER TABLE resources.resources ADD CONSTRAINT resources_down_check
    CHECK (down_to IS NULL OR down_from IS NULL OR down_to > down_from);
ALTER TABLE resources.resources DROP CONSTRAINT IF EXISTS resources_name_key;
ALTER TABLE resources.resources ADD CONSTRAINT resources_name_key UNIQUE (tenant_id, name);

ALTER TABLE resources.allocations ADD COLUMN IF NOT EXISTS vehicle_serial text;
ALTER TABLE resources.allocations ADD COLUMN IF NOT EXISTS purpose text;
ALTER TABLE resources.allocations ADD COLUMN IF NOT EXISTS released_at timestamptz;
ALTER TABLE resources.allocations ADD COLUMN IF NOT EXISTS reason text;
CREATE INDEX IF NOT EXISTS allocations_vehicle_serial_idx
    ON resources.allocations (tenant_id, vehicle_serial);
CREATE INDEX IF NOT EXISTS allocations_state_idx ON resources.allocations (tenant_id, state);

ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS vehicle_serial text;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS resource_id uuid;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS duration_s bigint;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS purpose text;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS source text;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS reason text;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS allocation_id uuid;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS offered_from timestamptz;
ALTER TABLE resources.requests ADD COLUMN IF NOT EXISTS offered_to timestamptz;
ALTER TABLE resources.requests DROP CONSTRAINT IF EXISTS requests_resource_id_fkey;
ALTER TABLE resources.requests ADD CONSTRAINT requests_resource_id_fkey
    FOREIGN KEY (tenant_id, resource_id) REFERENCES resources.resources (tenant_id, id);
ALTER TABLE resources.requests DROP CONSTRAINT IF EXISTS requests_allocation_id_fkey;
ALTER TABLE resources.requests ADD CONSTRAINT requests_allocation_id_fkey
    FOREIGN KEY (tenant_id, allocation_id) REFERENCES resources.allocations (tenant_id, id);
ALTER TABLE resources.requests DROP CONSTRAINT IF EXISTS requests_duration_check;
ALTER TABLE resources.requests ADD CONSTRAINT requests_duration_check
    CHECK (duration_s IS NULL OR duration_s > 0);
CREATE INDEX IF NOT EXISTS requests_resource_id_idx ON resources.requests (tenant_id, resource_id);
CREATE INDEX IF NOT EXISTS requests_allocation_id_idx ON resources.requests (tenant_id, allocation_id);

ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS resource_id uuid;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS vehicle_serial text;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS open_key text;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS detail text;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS suggestions jsonb;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS resolved_at timestamptz;
ALTER TABLE resources.conflicts ADD COLUMN IF NOT EXISTS resolved_by text;
ALTER TABLE resources.conflicts DROP CONSTRAINT IF EXISTS conflicts_resource_id_fkey;
ALTER TABLE resources.conflicts ADD CONSTRAINT conflicts_resource_id_fkey
    FOREIGN KEY (tenant_id, resource_id) REFERENCES resources.resources (tenant_id, id);
-- One open conflict per subject: open_key is set while it is open, NULL
-- once resolved, so two processes detecting the same thing store it once.
ALTER TABLE resources.conflicts DROP CONSTRAINT IF EXISTS conflicts_open_key;
ALTER TABLE resources.conflicts ADD CONSTRAINT conflicts_open_key UNIQUE (tenant_id, open_key);
CREATE INDEX IF NOT EXISTS conflicts_resource_id_idx ON resources.conflicts (tenant_id, resource_id);
CREATE INDEX IF NOT EXISTS conflicts_state_idx ON resources.conflicts (tenant_id, state);
