-- Row-level security for the agent workspace tables added in 0011 (see 0006_rls_second_layer.sql).
SELECT caseflow_enable_tenant_rls('case_reads'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('agent_settings'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('saved_views'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('canned_replies'::regclass);
