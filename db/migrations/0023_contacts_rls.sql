-- Row-level security for the contacts tables added in 0022 (see 0006_rls_second_layer.sql).
SELECT caseflow_enable_tenant_rls('contacts'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('organizations'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('organization_domains'::regclass);
