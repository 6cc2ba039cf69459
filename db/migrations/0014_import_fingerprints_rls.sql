-- Row-level security for import_fingerprints (see 0001_rls.sql and 0006_rls_second_layer.sql).
SELECT caseflow_enable_tenant_rls('import_fingerprints'::regclass);
