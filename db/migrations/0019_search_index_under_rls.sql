-- Full-text search under row-level security. Every policy carries a condition (0006: `current_user = …`),
-- so PostgreSQL evaluates it before any operator that is not LEAKPROOF, and `tsvector @@ tsquery` is not
-- marked so: the search's GIN indexes went unused and each search scanned every message (0.7–0.9 s for a
-- rare word at 1,000,000 messages, against 25 ms with the index). The match function returns a boolean
-- and raises no error that depends on a row's data, so marking it LEAKPROOF lets the planner use the
-- index while the policies still decide which rows are seen. Only a superuser may mark a function
-- LEAKPROOF: run as anyone else, the migration notes it and search stays correct but slow (README,
-- "Production database roles").
DO $$
BEGIN
  ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'ts_match_vq not marked LEAKPROOF (needs a superuser): full-text search will not use its indexes';
END $$;
