-- Message bytes and content are compressed with LZ4 instead of pglz (PostgreSQL 14+ built with lz4, as
-- Debian's and the official images are): a profile of 2,000 imported messages spent a third of the raw
-- insert's time compressing with pglz. Only new values use it; stored ones stay as they are.
-- Embedded PGlite has no lz4: there the columns keep pglz (the exception is swallowed).
DO $$
BEGIN
  ALTER TABLE raw_messages ALTER COLUMN content SET COMPRESSION lz4;
  ALTER TABLE attachment_blobs ALTER COLUMN content SET COMPRESSION lz4;
  ALTER TABLE case_messages ALTER COLUMN text SET COMPRESSION lz4, ALTER COLUMN html SET COMPRESSION lz4,
    ALTER COLUMN display SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available here; message content stays compressed with pglz';
END $$;
