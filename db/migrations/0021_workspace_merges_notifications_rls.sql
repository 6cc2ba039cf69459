-- Row-level security for the tables added in 0020 (see 0006_rls_second_layer.sql).
SELECT caseflow_enable_tenant_rls('case_merges'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('agent_notifications'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('case_presence'::regclass);
