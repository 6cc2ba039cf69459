-- Row-level security for mailbox_folders (see 0001_rls.sql).
SELECT caseflow_enable_tenant_rls('mailbox_folders'::regclass);
