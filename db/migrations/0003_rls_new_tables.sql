-- Row-level security for the tables added in 0002 (see 0001_rls.sql).
SELECT caseflow_enable_tenant_rls('webhook_endpoints'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('webhook_deliveries'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('webhook_attempts'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('rules'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('sender_list_entries'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('oauth_states'::regclass);
