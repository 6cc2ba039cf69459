-- Forced row-level security as a second layer for the connecting user (README "Security").
-- The roles' policies used to apply to every member of caseflow_app/caseflow_system, and the user the
-- app connects as is a member (so it can SET ROLE): without SET ROLE it read every tenant's rows
-- through system_access USING (true). Each policy now also requires current_user to be the role
-- itself, which is true only after SET ROLE (withTenant/withSystem): the connecting user alone sees
-- no rows of a tenant-owned table. A superuser or a BYPASSRLS role skips row-level security
-- altogether, so production connects as neither (README "Production database roles").
DO $$
DECLARE
  p record;
  role_name text;
BEGIN
  FOR p IN
    SELECT schemaname, tablename, policyname, roles, qual, with_check
    FROM pg_policies
    WHERE schemaname = 'public' AND policyname IN ('tenant_isolation', 'system_access', 'tenant_members')
  LOOP
    role_name := CASE WHEN p.policyname = 'system_access' THEN 'caseflow_system' ELSE 'caseflow_app' END;
    IF p.qual IS NOT NULL AND p.with_check IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (current_user = %L AND (%s)) WITH CHECK (current_user = %L AND (%s))',
        p.policyname, p.schemaname, p.tablename, role_name, p.qual, role_name, p.with_check);
    ELSIF p.qual IS NOT NULL THEN
      EXECUTE format('ALTER POLICY %I ON %I.%I USING (current_user = %L AND (%s))',
        p.policyname, p.schemaname, p.tablename, role_name, p.qual);
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
-- Tables added by later migrations get the same policies.
CREATE OR REPLACE FUNCTION caseflow_enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO caseflow_app, caseflow_system', tbl);
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s TO caseflow_app
    USING (current_user = 'caseflow_app' AND tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (current_user = 'caseflow_app' AND tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, tbl);
  EXECUTE format('DROP POLICY IF EXISTS system_access ON %s', tbl);
  EXECUTE format($p$CREATE POLICY system_access ON %s TO caseflow_system
    USING (current_user = 'caseflow_system') WITH CHECK (current_user = 'caseflow_system')$p$, tbl);
END $$;
--> statement-breakpoint
-- Time limits on the app's roles, for a deployment that logs in as them; the app also sets them on
-- every transaction (db/tenancy.ts), since SET ROLE does not apply a role's settings.
DO $$
BEGIN
  ALTER ROLE caseflow_app SET statement_timeout = '30s';
  ALTER ROLE caseflow_app SET idle_in_transaction_session_timeout = '60s';
  ALTER ROLE caseflow_system SET statement_timeout = '30s';
  ALTER ROLE caseflow_system SET idle_in_transaction_session_timeout = '60s';
EXCEPTION WHEN insufficient_privilege THEN
  NULL; -- a migrating user without CREATEROLE: the per-transaction settings still apply
END $$;
