-- Row-level security for inbound_rate_buckets (see 0001_rls.sql): the listener reads it as caseflow_system.
SELECT caseflow_enable_tenant_rls('inbound_rate_buckets'::regclass);
