-- 010_mission_execution.sql — what mission execution needs beyond 003:
-- the vehicle a mission or safety event concerns by its VDA 5050 serial
-- number (vehicles heard on a broker need not be registered in
-- core.vehicles, which vehicle_id references), the dispatch plan a restarted
-- console resumes from, the reason of the last transition, and the actor
-- of each transition (operator, vehicle, dependency, policy).

ALTER TABLE missions.missions ADD COLUMN IF NOT EXISTS vehicle_serial text;
ALTER TABLE missions.missions ADD COLUMN IF NOT EXISTS plan jsonb;
ALTER TABLE missions.missions ADD COLUMN IF NOT EXISTS reason text;
ALTER TABLE missions.transitions ADD COLUMN IF NOT EXISTS actor text;
ALTER TABLE missions.safety_events ADD COLUMN IF NOT EXISTS vehicle_serial text;

CREATE INDEX IF NOT EXISTS missions_vehicle_serial_idx ON missions.missions (tenant_id, vehicle_serial);
CREATE INDEX IF NOT EXISTS transitions_mission_idx ON missions.transitions (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS logs_mission_idx ON missions.logs (tenant_id, mission_id);
CREATE INDEX IF NOT EXISTS safety_events_state_idx ON missions.safety_events (tenant_id, state);
