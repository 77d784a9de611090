-- rls_check.sql — the per-role checks of tests/store/rls.sh, loaded with \i
-- (after rls_fixture.sql) into one session of the role under test.  Every
-- function returns lines "ok WHAT" or "FAIL WHAT: why"; rls.sh counts them.
-- Statements that must be refused run inside their own exception block, so
-- one refusal does not end the session.

-- refused(sql, args...) helpers: run a statement, report whether PostgreSQL
-- refused it with SQLSTATE want (42501: insufficient privilege / row-level
-- security), or, with rows_ok, whether it touched no row at all.
CREATE FUNCTION pg_temp.expect_refused(what text, stmt text, a uuid, b uuid, want text,
                                       zero_rows_ok boolean) RETURNS text
    LANGUAGE plpgsql
AS $$
DECLARE
    n bigint;
BEGIN
    BEGIN
        EXECUTE stmt USING a, b;
        GET DIAGNOSTICS n = ROW_COUNT;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = want THEN
            RETURN 'ok ' || what;
        END IF;
        RETURN format('FAIL %s: %s (%s)', what, SQLERRM, SQLSTATE);
    END;
    IF zero_rows_ok AND n = 0 THEN
        RETURN 'ok ' || what;
    END IF;
    RETURN format('FAIL %s: accepted (%s rows)', what, n);
END
$$;

-- check_role(tables, me, other, mode): mode is the role's group (viewer,
-- operator, admin) and decides what it may write.
CREATE FUNCTION pg_temp.check_role(tables text[], me text, other text, mode text)
    RETURNS SETOF text
    LANGUAGE plpgsql
AS $$
DECLARE
    tbl text;
    mine uuid;
    theirs uuid;
    my_tenant uuid := pg_temp.fid(me, 'core.tenants');
    their_tenant uuid := pg_temp.fid(other, 'core.tenants');
    who text := session_user;
    n_other bigint;
    n_all bigint;
    n bigint;
    writable boolean;
    col text;
    inj text;
    got text;
BEGIN
    FOREACH tbl IN ARRAY tables LOOP
        mine := pg_temp.fid(me, tbl);
        theirs := pg_temp.fid(other, tbl);
        writable := CASE
            WHEN mode = 'admin' THEN true
            WHEN mode = 'operator' THEN tbl NOT IN ('core.tenants', 'core.operators')
            ELSE false END;

        -- Reads: its own rows, none of the other tenant's.
        EXECUTE format('SELECT count(*) FILTER (WHERE tenant_id <> $1), count(*) FROM %s', tbl)
            INTO n_other, n_all USING my_tenant;
        RETURN NEXT CASE WHEN n_other = 0 AND n_all > 0
            THEN format('ok %s %s reads only its tenant (%s rows)', who, tbl, n_all)
            ELSE format('FAIL %s %s reads: %s foreign of %s rows', who, tbl, n_other, n_all) END;
        EXECUTE format('SELECT count(*) FROM %s WHERE id = $1', tbl) INTO n USING theirs;
        RETURN NEXT CASE WHEN n = 0 THEN format('ok %s %s cannot read the other row by id', who, tbl)
            ELSE format('FAIL %s %s read the other tenant''s row by id', who, tbl) END;

        -- Writes to the other tenant: invisible (0 rows) or refused.
        RETURN NEXT pg_temp.expect_refused(format('%s %s update other tenant', who, tbl),
            format('UPDATE %s SET updated_by = ''hijacked'' WHERE id = $1 OR id = $2', tbl),
            theirs, theirs, '42501', true);
        RETURN NEXT pg_temp.expect_refused(format('%s %s delete other tenant', who, tbl),
            format('DELETE FROM %s WHERE id = $1 OR id = $2', tbl), theirs, theirs, '42501', true);
        -- A copy of its own row, moved to the other tenant: WITH CHECK (or no
        -- grant) refuses it before any constraint is looked at.
        RETURN NEXT pg_temp.expect_refused(format('%s %s insert into other tenant', who, tbl),
            format('INSERT INTO %1$s SELECT (jsonb_populate_record(NULL::%1$s, to_jsonb(r) || '
                   'jsonb_build_object(''id'', gen_random_uuid(), ''tenant_id'', $2))).* '
                   'FROM %1$s r WHERE r.id = $1', tbl), mine, their_tenant, '42501', false);
        RETURN NEXT pg_temp.expect_refused(format('%s %s move own row to other tenant', who, tbl),
            format('UPDATE %s SET tenant_id = $2 WHERE id = $1', tbl), mine, their_tenant, '42501', false);

        IF writable THEN
            BEGIN
                EXECUTE format('UPDATE %s SET updated_by = $2 WHERE id = $1', tbl)
                    USING mine, 'rls-' || me;
                GET DIAGNOSTICS n = ROW_COUNT;
                RETURN NEXT CASE WHEN n = 1 THEN format('ok %s %s updates its own row', who, tbl)
                    ELSE format('FAIL %s %s own update touched %s rows', who, tbl, n) END;
            EXCEPTION WHEN OTHERS THEN
                RETURN NEXT format('FAIL %s %s own update: %s (%s)', who, tbl, SQLERRM, SQLSTATE);
            END;
        ELSE
            -- Read-only for this role: every write to its own tenant fails too.
            RETURN NEXT pg_temp.expect_refused(format('%s %s cannot update own tenant', who, tbl),
                format('UPDATE %s SET updated_by = ''x'' WHERE id = $1 OR id = $2', tbl),
                mine, mine, '42501', false);
            RETURN NEXT pg_temp.expect_refused(format('%s %s cannot delete own tenant', who, tbl),
                format('DELETE FROM %s WHERE id = $1 OR id = $2', tbl), mine, mine, '42501', false);
            RETURN NEXT pg_temp.expect_refused(format('%s %s cannot insert into own tenant', who, tbl),
                format('INSERT INTO %1$s SELECT (jsonb_populate_record(NULL::%1$s, to_jsonb(r) || '
                       'jsonb_build_object(''id'', gen_random_uuid(), ''tenant_id'', $2))).* '
                       'FROM %1$s r WHERE r.id = $1', tbl), mine, my_tenant, '42501', false);
        END IF;

        -- Injection strings through every free text column, as bound
        -- parameters: stored literally, or refused by a CHECK of the column.
        IF mode = 'operator' AND writable THEN
            FOREACH inj IN ARRAY ARRAY['''; DROP TABLE core.fleets; --', ''' OR ''1''=''1'] LOOP
                FOR col IN
                    SELECT c.column_name::text FROM information_schema.columns c
                    WHERE c.table_schema = split_part(tbl, '.', 1)
                      AND c.table_name = split_part(tbl, '.', 2)
                      AND c.data_type = 'text' AND c.column_name <> 'updated_by'
                    ORDER BY c.ordinal_position
                LOOP
                    BEGIN
                        EXECUTE format('UPDATE %s SET %I = $2 WHERE id = $1 RETURNING %I', tbl, col, col)
                            INTO got USING mine, inj;
                        RETURN NEXT CASE WHEN got = inj
                            THEN format('ok %s %s.%s stores %L literally', who, tbl, col, inj)
                            ELSE format('FAIL %s %s.%s stored %L', who, tbl, col, got) END;
                    EXCEPTION WHEN check_violation THEN
                        RETURN NEXT format('ok %s %s.%s refuses %L (check)', who, tbl, col, inj);
                    WHEN OTHERS THEN
                        RETURN NEXT format('FAIL %s %s.%s with %L: %s (%s)', who, tbl, col, inj,
                                           SQLERRM, SQLSTATE);
                    END;
                END LOOP;
            END LOOP;
        END IF;
    END LOOP;

    -- analytics.samples: same tenant rules, no id.
    SELECT count(*) FILTER (WHERE tenant_id <> my_tenant), count(*) INTO n_other, n_all
    FROM analytics.samples;
    RETURN NEXT CASE WHEN n_other = 0 AND n_all > 0
        THEN format('ok %s analytics.samples reads only its tenant', who)
        ELSE format('FAIL %s analytics.samples: %s foreign of %s', who, n_other, n_all) END;
    RETURN NEXT pg_temp.expect_refused(format('%s analytics.samples insert into other tenant', who),
        'INSERT INTO analytics.samples (tenant_id, series, subject, ts, value) '
        'VALUES ($2, ''x'', $1::text, now(), 1)', mine, their_tenant, '42501', false);
    IF mode = 'viewer' THEN
        RETURN NEXT pg_temp.expect_refused(format('%s analytics.samples cannot insert', who),
            'INSERT INTO analytics.samples (series, subject, ts, value) '
            'VALUES (''x'', $1::text || $2::text, now(), 1)', mine, mine, '42501', false);
    ELSE
        BEGIN
            INSERT INTO analytics.samples (series, subject, ts, value) VALUES ('rls', who, now(), 1);
            SELECT count(*) INTO n FROM analytics.samples WHERE series = 'rls' AND subject = who
                AND tenant_id = my_tenant;
            RETURN NEXT CASE WHEN n = 1 THEN format('ok %s analytics.samples insert defaults to its tenant', who)
                ELSE format('FAIL %s analytics.samples own insert: %s rows', who, n) END;
        EXCEPTION WHEN OTHERS THEN
            RETURN NEXT format('FAIL %s analytics.samples own insert: %s (%s)', who, SQLERRM, SQLSTATE);
        END;
    END IF;

    -- analytics.chunks: the same rules, keyed without an id.
    SELECT count(*) FILTER (WHERE tenant_id <> my_tenant), count(*) INTO n_other, n_all
    FROM analytics.chunks;
    RETURN NEXT CASE WHEN n_other = 0 AND n_all > 0
        THEN format('ok %s analytics.chunks reads only its tenant', who)
        ELSE format('FAIL %s analytics.chunks: %s foreign of %s', who, n_other, n_all) END;
    RETURN NEXT pg_temp.expect_refused(format('%s analytics.chunks insert into other tenant', who),
        'INSERT INTO analytics.chunks (tenant_id, series, res_s, subject, start_s, data) '
        'VALUES ($2, ''x'', 10, $1::text, 0, ''\x01'')', mine, their_tenant, '42501', false);
    IF mode = 'viewer' THEN
        RETURN NEXT pg_temp.expect_refused(format('%s analytics.chunks cannot insert', who),
            'INSERT INTO analytics.chunks (series, res_s, subject, start_s, data) '
            'VALUES (''x'', 10, $1::text || $2::text, 0, ''\x01'')', mine, mine, '42501', false);
    ELSE
        BEGIN
            INSERT INTO analytics.chunks (series, res_s, subject, start_s, data)
            VALUES ('rls', 10, who, 0, '\x02');
            SELECT count(*) INTO n FROM analytics.chunks WHERE series = 'rls' AND subject = who
                AND tenant_id = my_tenant;
            RETURN NEXT CASE WHEN n = 1 THEN format('ok %s analytics.chunks insert defaults to its tenant', who)
                ELSE format('FAIL %s analytics.chunks own insert: %s rows', who, n) END;
        EXCEPTION WHEN OTHERS THEN
            RETURN NEXT format('FAIL %s analytics.chunks own insert: %s (%s)', who, SQLERRM, SQLSTATE);
        END;
    END IF;

    -- audit.log: readable for its tenant, never writable.
    SELECT count(*) FILTER (WHERE tenant_id <> my_tenant), count(*) INTO n_other, n_all FROM audit.log;
    RETURN NEXT CASE WHEN n_other = 0 AND n_all > 0
        THEN format('ok %s audit.log reads only its tenant (%s rows)', who, n_all)
        ELSE format('FAIL %s audit.log: %s foreign of %s', who, n_other, n_all) END;
    RETURN NEXT pg_temp.expect_refused(format('%s audit.log insert', who),
        'INSERT INTO audit.log (tenant_id, table_name, record_id, op, actor) '
        'VALUES ($2, ''core.fleets'', $1::text, ''INSERT'', ''forged'')', mine, my_tenant, '42501', false);
    RETURN NEXT pg_temp.expect_refused(format('%s audit.log update', who),
        'UPDATE audit.log SET actor = ''forged'' WHERE tenant_id = $1 OR tenant_id = $2',
        my_tenant, their_tenant, '42501', false);
    RETURN NEXT pg_temp.expect_refused(format('%s audit.log delete', who),
        'DELETE FROM audit.log WHERE tenant_id = $1 OR tenant_id = $2', my_tenant, their_tenant,
        '42501', false);
    RETURN NEXT pg_temp.expect_refused(format('%s truncate core.fleets', who),
        'TRUNCATE core.fleets', NULL, NULL, '42501', false);
END
$$;

-- check_allocations(me): the exclusion constraint, as a writer of tenant me.
-- The fixture allocation holds its resource 10:00-11:00.
CREATE FUNCTION pg_temp.check_allocations(me text) RETURNS SETOF text
    LANGUAGE plpgsql
AS $$
DECLARE
    res uuid := pg_temp.fid(me, 'resources.resources');
BEGIN
    BEGIN
        INSERT INTO resources.allocations (resource_id, starts_at, ends_at, state)
        VALUES (res, '2026-11-26T10:30:00Z', '2026-11-26T11:30:00Z', 'reserved');
        RETURN NEXT 'FAIL allocations: an overlapping allocation was accepted';
    EXCEPTION WHEN exclusion_violation THEN
        RETURN NEXT 'ok allocations: overlap refused (exclusion_violation)';
    WHEN OTHERS THEN
        RETURN NEXT format('FAIL allocations overlap: %s (%s)', SQLERRM, SQLSTATE);
    END;
    BEGIN
        INSERT INTO resources.allocations (resource_id, starts_at, ends_at, state)
        VALUES (res, '2026-11-26T11:00:00Z', '2026-11-26T12:00:00Z', 'reserved');
        RETURN NEXT 'ok allocations: adjacent window accepted';
    EXCEPTION WHEN OTHERS THEN
        RETURN NEXT format('FAIL allocations adjacent: %s (%s)', SQLERRM, SQLSTATE);
    END;
    BEGIN
        INSERT INTO resources.allocations (resource_id, starts_at, ends_at, state)
        VALUES (res, '2026-11-26T10:15:00Z', '2026-11-26T10:45:00Z', 'released');
        RETURN NEXT 'ok allocations: a released allocation does not count';
    EXCEPTION WHEN OTHERS THEN
        RETURN NEXT format('FAIL allocations released: %s (%s)', SQLERRM, SQLSTATE);
    END;
    BEGIN
        INSERT INTO resources.allocations (resource_id, starts_at, ends_at, state)
        VALUES (res, '2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z', 'reserved');
        RETURN NEXT 'FAIL allocations: an empty window was accepted';
    EXCEPTION WHEN check_violation THEN
        RETURN NEXT 'ok allocations: ends_at must be after starts_at';
    END;
END
$$;
