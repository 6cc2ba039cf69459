-- Tenancy enforced by PostgreSQL (docs/architecture.md, invariant 4).
-- caseflow_app: the role tenant work runs under (withTenant): sees only rows of app.tenant_id.
-- caseflow_system: the role cross-tenant work runs under (withSystem): runner, sign-in, API key lookup.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'caseflow_app') THEN
    CREATE ROLE caseflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'caseflow_system') THEN
    CREATE ROLE caseflow_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database of this cluster created them at the same moment
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT caseflow_app, caseflow_system TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- already a member, or a superuser who needs no grant
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO caseflow_app, caseflow_system;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO caseflow_app, caseflow_system;
--> statement-breakpoint
-- Every later migration that adds a tenant-owned table calls this.
CREATE OR REPLACE FUNCTION caseflow_enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO caseflow_app, caseflow_system', tbl);
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', tbl);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s TO caseflow_app
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, tbl);
  EXECUTE format('DROP POLICY IF EXISTS system_access ON %s', tbl);
  EXECUTE format('CREATE POLICY system_access ON %s TO caseflow_system USING (true) WITH CHECK (true)', tbl);
END $$;
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls(c.oid::regclass)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
WHERE c.relkind = 'r'
  AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped);
--> statement-breakpoint
-- tenants: a tenant sees itself (and bumps its case counter).
GRANT SELECT, UPDATE ON tenants TO caseflow_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO caseflow_system;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants TO caseflow_app
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
CREATE POLICY system_access ON tenants TO caseflow_system USING (true) WITH CHECK (true);
--> statement-breakpoint
-- users: a tenant reads only its members; accounts are written by system work only.
GRANT SELECT ON users TO caseflow_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO caseflow_system;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_members ON users FOR SELECT TO caseflow_app
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));
--> statement-breakpoint
CREATE POLICY system_access ON users TO caseflow_system USING (true) WITH CHECK (true);
