-- rls_fixture.sql — helpers and seed data for tests/store/rls.sh, loaded with
-- \i into a session.  Record ids are derived from a tenant label and the
-- table, so every session can name any fixture row without a lookup:
--   pg_temp.fid('A', 'core.fleets')   the fleet of tenant A
--   pg_temp.fid('A', 'core.tenants')  tenant A itself

CREATE FUNCTION pg_temp.fid(label text, tbl text) RETURNS uuid
    LANGUAGE sql IMMUTABLE
AS $$ SELECT md5('rls:' || label || ':' || tbl)::uuid $$;

-- seed(label, operator login): one row in every record table and a few
-- samples for tenant `label`, run by the owner (BYPASSRLS).  The windows of
-- the allocation are fixed: 10:00-11:00 on 2026-11-26.
CREATE FUNCTION pg_temp.seed(l text, op_login text) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    t uuid := pg_temp.fid(l, 'core.tenants');
BEGIN
    INSERT INTO core.tenants (id, tenant_id, name, attributes, updated_by)
    VALUES (t, t, 'tenant ' || l, '{"tier": "gold"}', 'fixture');
    INSERT INTO core.operators (id, tenant_id, login, display_name, role, attributes, updated_by)
    VALUES (pg_temp.fid(l, 'core.operators'), t, op_login, 'Operator ' || l, 'operator', '{}', 'fixture');
    INSERT INTO core.fleets (id, tenant_id, name, attributes, updated_by)
    VALUES (pg_temp.fid(l, 'core.fleets'), t, 'fleet ' || l, '{"depot": "north"}', 'fixture');
    INSERT INTO core.fleets (id, tenant_id, name, updated_by)
    VALUES (pg_temp.fid(l, 'core.fleets#2'), t, 'second fleet ' || l, 'fixture');
    INSERT INTO core.vehicles (id, tenant_id, serial_number, manufacturer, fleet_id, capabilities, attributes, updated_by)
    VALUES (pg_temp.fid(l, 'core.vehicles'), t, 'SN-' || l, 'acme', pg_temp.fid(l, 'core.fleets'),
            '{"loads": ["pallet"]}', '{}', 'fixture');
    INSERT INTO core.depot_maps (id, tenant_id, name, map_version, graph, updated_by)
    VALUES (pg_temp.fid(l, 'core.depot_maps'), t, 'map ' || l, '1', '{"nodes": [], "edges": []}', 'fixture');
    INSERT INTO core.zones (id, tenant_id, map_id, name, kind, geometry, updated_by)
    VALUES (pg_temp.fid(l, 'core.zones'), t, pg_temp.fid(l, 'core.depot_maps'), 'zone ' || l, 'charging',
            '{"rect": [0, 0, 10, 10]}', 'fixture');
    INSERT INTO core.layout_documents (id, tenant_id, lif, updated_by)
    VALUES (pg_temp.fid(l, 'core.layout_documents'), t, '{"metaInformation": {}, "layouts": []}', 'fixture');
    INSERT INTO core.layouts (id, tenant_id, name, revision, document_id, source, levels, nodes, edges,
                              stations, vehicle_types, warnings, updated_by)
    VALUES (pg_temp.fid(l, 'core.layouts'), t, 'site ' || l, 1, pg_temp.fid(l, 'core.layout_documents'),
            'site.lif.json', 0, 0, 0, 0, NULL, 0, 'fixture');
    INSERT INTO core.layout_activations (id, tenant_id, layout_id, activated_at, note, updated_by)
    VALUES (pg_temp.fid(l, 'core.layout_activations'), t, pg_temp.fid(l, 'core.layouts'),
            '2026-11-26T07:00:00Z', 'fixture', 'fixture');

    INSERT INTO coordination.federations (id, tenant_id, name, description, policy, updated_by)
    VALUES (pg_temp.fid(l, 'coordination.federations'), t, 'fed ' || l, 'test', '{"isolation": "strict"}', 'fixture');
    INSERT INTO coordination.federation_members (id, tenant_id, federation_id, fleet_id, member_role, joined_at, updated_by)
    VALUES (pg_temp.fid(l, 'coordination.federation_members'), t, pg_temp.fid(l, 'coordination.federations'),
            pg_temp.fid(l, 'core.fleets'), 'lead', '2026-11-26T08:00:00Z', 'fixture');
    INSERT INTO resources.pools (id, tenant_id, name, kind, capacity, attributes, updated_by)
    VALUES (pg_temp.fid(l, 'resources.pools'), t, 'chargers ' || l, 'charger', 4, '{}', 'fixture');
    INSERT INTO coordination.sharing_agreements (id, tenant_id, federation_id, pool_id, from_fleet_id, to_fleet_id,
                                                 isolation, valid_from, valid_to, updated_by)
    VALUES (pg_temp.fid(l, 'coordination.sharing_agreements'), t, pg_temp.fid(l, 'coordination.federations'),
            pg_temp.fid(l, 'resources.pools'), pg_temp.fid(l, 'core.fleets'), pg_temp.fid(l, 'core.fleets#2'),
            'strict', '2026-11-26T00:00:00Z', '2026-12-26T00:00:00Z', 'fixture');
    INSERT INTO coordination.messages (id, tenant_id, federation_id, from_fleet_id, to_fleet_id, kind, body, sent_at, updated_by)
    VALUES (pg_temp.fid(l, 'coordination.messages'), t, pg_temp.fid(l, 'coordination.federations'),
            pg_temp.fid(l, 'core.fleets'), pg_temp.fid(l, 'core.fleets#2'), 'handover', '{"text": "hi"}',
            '2026-11-26T09:00:00Z', 'fixture');

    INSERT INTO missions.templates (id, tenant_id, name, template_version, steps, capabilities, priority,
                                    expected_duration_s, deadline_policy, updated_by)
    VALUES (pg_temp.fid(l, 'missions.templates'), t, 'pick ' || l, 1, '{"nodes": ["a", "b"]}', '{}', 5, 600.5,
            '{"late": "alert"}', 'fixture');
    INSERT INTO missions.missions (id, tenant_id, template_id, template_version, vehicle_id, state, priority,
                                   parameters, order_id, deadline, started_at, finished_at, updated_by)
    VALUES (pg_temp.fid(l, 'missions.missions'), t, pg_temp.fid(l, 'missions.templates'), 1,
            pg_temp.fid(l, 'core.vehicles'), 'active', 5, '{}', 'order-' || l, '2026-11-26T12:00:00Z',
            '2026-11-26T09:30:00Z', NULL, 'fixture');
    INSERT INTO missions.missions (id, tenant_id, template_id, template_version, state, updated_by)
    VALUES (pg_temp.fid(l, 'missions.missions#2'), t, pg_temp.fid(l, 'missions.templates'), 1, 'queued', 'fixture');
    INSERT INTO missions.dependencies (id, tenant_id, mission_id, depends_on_id, kind, updated_by)
    VALUES (pg_temp.fid(l, 'missions.dependencies'), t, pg_temp.fid(l, 'missions.missions#2'),
            pg_temp.fid(l, 'missions.missions'), 'finish_to_start', 'fixture');
    INSERT INTO missions.transitions (id, tenant_id, mission_id, from_state, to_state, reason, at, updated_by)
    VALUES (pg_temp.fid(l, 'missions.transitions'), t, pg_temp.fid(l, 'missions.missions'), 'dispatched', 'active',
            'vehicle started', '2026-11-26T09:30:00Z', 'fixture');
    INSERT INTO missions.logs (id, tenant_id, mission_id, level, message, at, updated_by)
    VALUES (pg_temp.fid(l, 'missions.logs'), t, pg_temp.fid(l, 'missions.missions'), 'info', 'started',
            '2026-11-26T09:30:00Z', 'fixture');
    INSERT INTO missions.metrics (id, tenant_id, mission_id, duration_s, distance_m, energy_kwh, waiting_s, on_time, updated_by)
    VALUES (pg_temp.fid(l, 'missions.metrics'), t, pg_temp.fid(l, 'missions.missions'), 61.5, 120, 0.4, 3, true, 'fixture');
    INSERT INTO missions.safety_events (id, tenant_id, vehicle_id, mission_id, kind, severity, state, raised_at, details, updated_by)
    VALUES (pg_temp.fid(l, 'missions.safety_events'), t, pg_temp.fid(l, 'core.vehicles'),
            pg_temp.fid(l, 'missions.missions'), 'estop', 'high', 'open', '2026-11-26T09:45:00Z', '{}', 'fixture');

    INSERT INTO optimization.runs (id, tenant_id, kind, state, objectives, parameters, started_at, finished_at, updated_by)
    VALUES (pg_temp.fid(l, 'optimization.runs'), t, 'assignment', 'done', '{"distance": 1.0}', '{}',
            '2026-11-26T08:00:00Z', '2026-11-26T08:00:05Z', 'fixture');
    INSERT INTO optimization.results (id, tenant_id, run_id, objective_value, solution, updated_by)
    VALUES (pg_temp.fid(l, 'optimization.results'), t, pg_temp.fid(l, 'optimization.runs'), 42.0, '{"pairs": []}', 'fixture');
    INSERT INTO optimization.recommendations (id, tenant_id, run_id, kind, payload, state, updated_by)
    VALUES (pg_temp.fid(l, 'optimization.recommendations'), t, pg_temp.fid(l, 'optimization.runs'), 'assign',
            '{"mission": "m"}', 'proposed', 'fixture');

    INSERT INTO analytics.health_scores (id, tenant_id, subject_kind, subject_id, score, components, computed_at, updated_by)
    VALUES (pg_temp.fid(l, 'analytics.health_scores'), t, 'vehicle', 'SN-' || l, 87.5, '{"battery": 90}',
            '2026-11-26T09:00:00Z', 'fixture');
    INSERT INTO analytics.predictions (id, tenant_id, subject_id, kind, horizon_s, value, lower, upper, model,
                                       predicted_at, updated_by)
    VALUES (pg_temp.fid(l, 'analytics.predictions'), t, 'SN-' || l, 'battery_depletion', 3600, 0.5, 0.4, 0.6,
            'linear', '2026-11-26T09:00:00Z', 'fixture');
    INSERT INTO analytics.reports (id, tenant_id, name, period_from, period_to, content, updated_by)
    VALUES (pg_temp.fid(l, 'analytics.reports'), t, 'daily ' || l, '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z',
            '{}', 'fixture');

    INSERT INTO resources.resources (id, tenant_id, pool_id, name, node_id, attributes, updated_by)
    VALUES (pg_temp.fid(l, 'resources.resources'), t, pg_temp.fid(l, 'resources.pools'), 'charger 1 ' || l,
            'n1', '{}', 'fixture');
    INSERT INTO resources.allocations (id, tenant_id, resource_id, vehicle_id, mission_id, starts_at, ends_at, state, updated_by)
    VALUES (pg_temp.fid(l, 'resources.allocations'), t, pg_temp.fid(l, 'resources.resources'),
            pg_temp.fid(l, 'core.vehicles'), pg_temp.fid(l, 'missions.missions'),
            '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z', 'reserved', 'fixture');
    INSERT INTO resources.requests (id, tenant_id, pool_id, vehicle_id, mission_id, wanted_from, wanted_to, state,
                                    priority, updated_by)
    VALUES (pg_temp.fid(l, 'resources.requests'), t, pg_temp.fid(l, 'resources.pools'),
            pg_temp.fid(l, 'core.vehicles'), pg_temp.fid(l, 'missions.missions'),
            '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z', 'granted', 1, 'fixture');
    INSERT INTO resources.conflicts (id, tenant_id, allocation_id, kind, state, detected_at, updated_by)
    VALUES (pg_temp.fid(l, 'resources.conflicts'), t, pg_temp.fid(l, 'resources.allocations'), 'double_booking',
            'open', '2026-11-26T09:50:00Z', 'fixture');

    INSERT INTO performance.targets (id, tenant_id, metric, scope, scope_id, target, direction, window_s, updated_by)
    VALUES (pg_temp.fid(l, 'performance.targets'), t, 'on_time_rate', 'fleet', 'fleet ' || l, 0.95, 'at_least',
            86400, 'fixture');
    INSERT INTO performance.scores (id, tenant_id, scope, scope_id, score, components, computed_at, updated_by)
    VALUES (pg_temp.fid(l, 'performance.scores'), t, 'fleet', 'fleet ' || l, 91, '{}', '2026-11-26T09:00:00Z', 'fixture');
    INSERT INTO performance.alerts (id, tenant_id, rule, labels, state, severity, value, started_at, updated_by)
    VALUES (pg_temp.fid(l, 'performance.alerts'), t, 'battery_low', '{"vehicle": "SN"}', 'firing', 'warning', 9.5,
            '2026-11-26T09:10:00Z', 'fixture');
    INSERT INTO performance.reports (id, tenant_id, name, period_from, period_to, content, updated_by)
    VALUES (pg_temp.fid(l, 'performance.reports'), t, 'weekly ' || l, '2026-11-19T00:00:00Z', '2026-11-26T00:00:00Z',
            '{}', 'fixture');

    INSERT INTO performance.alert_transitions (id, tenant_id, alert_id, rule, fingerprint, labels, annotations, from_state,
                                    to_state, value, at, updated_by)
    VALUES (pg_temp.fid(l, 'performance.alert_transitions'), t, pg_temp.fid(l, 'performance.alerts'), 'battery_low',
            '00000000000000ff', '{"vehicle": "SN"}', '{}', 'pending', 'firing', 9.5, '2026-11-26T09:10:00Z', 'fixture');
    INSERT INTO performance.alert_silences (id, tenant_id, matchers, starts_at, ends_at, author, comment, updated_by)
    VALUES (pg_temp.fid(l, 'performance.alert_silences'), t, 'vehicle="SN-' || l || '"', '2026-11-26T09:00:00Z',
            '2026-11-26T11:00:00Z', 'fixture', 'charger work', 'fixture');

    INSERT INTO analytics.samples (tenant_id, series, subject, ts, value)
    SELECT t, 'battery_pct', 'SN-' || l, '2026-11-26T09:00:00Z'::timestamptz + make_interval(secs => i), 100 - i
    FROM generate_series(1, 10) i;

    INSERT INTO analytics.chunks (tenant_id, series, res_s, subject, start_s, data)
    SELECT t, 'history', 10, 'v/SN-' || l, 3600 * i, '\x01'::bytea FROM generate_series(1, 3) i;
END
$$;
