-- 013_chunks.sql — analytics.chunks, chunked binary series (fo_chunk in the
-- plugin ABI): a subject's series from start_s on at resolution res_s, as
-- bytes the writer encodes (the analytics plugin's history codec).  Like
-- analytics.samples, not a record table (no id, no audit or notify trigger:
-- the history writer replaces thousands a minute), with the same tenant
-- policies.  Stored without TOAST compression: the codec already packs
-- the bytes, so compressing them again would cost time and save nothing.

CREATE TABLE IF NOT EXISTS analytics.chunks (
    tenant_id uuid NOT NULL DEFAULT core.current_tenant(),
    series    text NOT NULL,
    res_s     integer NOT NULL CHECK (res_s > 0),
    subject   text NOT NULL,
    start_s   bigint NOT NULL,
    data      bytea NOT NULL,
    CONSTRAINT chunks_pkey PRIMARY KEY (tenant_id, series, res_s, subject, start_s)
);
ALTER TABLE analytics.chunks ALTER COLUMN data SET STORAGE EXTERNAL;
SELECT audit.secure_table('analytics.chunks', 'operator', false);
