// Forced row-level security is a second layer for the user the app connects as, and every app
// transaction is time-limited in PostgreSQL itself (README "Production database roles").
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { queryRows } from '@/db/rows';
import { cases } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { makeTenant, type TestTenant } from '@/tests/helpers/tenant';

const login = `cf_login_${randomBytes(4).toString('hex')}`;
let admin: { db: Db; close: () => Promise<void> };
let asLogin: { db: Db; close: () => Promise<void> };
let tenant: TestTenant;

beforeAll(async () => {
  admin = await openDatabase(process.env.DATABASE_URL!);
  const dbName = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  // The documented production setup: a login role that is neither superuser nor BYPASSRLS nor the
  // tables' owner, a member of the two app roles (as the migration makes the migrating user).
  await admin.db.execute(sql.raw(`create role ${login} login nosuperuser nobypassrls`));
  await admin.db.execute(sql.raw(`grant caseflow_app, caseflow_system to ${login}`));
  await admin.db.execute(sql.raw(`grant connect on database "${dbName}" to ${login}`));
  const url = new URL(process.env.DATABASE_URL!);
  url.username = login;
  url.password = '';
  asLogin = await openDatabase(url.toString());
  tenant = await makeTenant('roles');
  await withTenant(tenant.tenantId, (tx) =>
    tx
      .insert(cases)
      .values({ tenantId: tenant.tenantId, number: 1, subject: 'Walled off', requesterEmail: 'r@x.example' }),
  );
});

afterAll(async () => {
  await asLogin?.close();
  await admin?.db.execute(sql.raw(`drop owned by ${login}`)).catch(() => {});
  await admin?.db.execute(sql.raw(`drop role if exists ${login}`)).catch(() => {});
  await admin?.close();
});

const count = async (db: Db | Parameters<Parameters<Db['transaction']>[0]>[0]) =>
  Number((await queryRows<{ n: string }>(db, sql`select count(*)::text as n from cases`))[0].n);

describe('the connecting user without SET ROLE', () => {
  // Used to see every tenant's rows: system_access (USING true) applied to members of caseflow_system.
  it('sees no tenant rows, even with app.tenant_id set', async () => {
    expect(await count(asLogin.db)).toBe(0);
    const withSetting = await asLogin.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.tenant_id', ${tenant.tenantId}, true)`);
      return count(tx);
    });
    expect(withSetting).toBe(0);
  });

  it('cannot insert into a tenant-owned table', async () => {
    await expect(
      asLogin.db
        .insert(cases)
        .values({ tenantId: tenant.tenantId, number: 2, subject: 'x', requesterEmail: 'r@x.example' }),
    ).rejects.toThrow();
  });

  it('still works through withTenant (one tenant) and withSystem (all)', async () => {
    expect(await withTenant(tenant.tenantId, (tx) => count(tx), asLogin.db)).toBe(1);
    expect(await withSystem((tx) => count(tx), asLogin.db)).toBeGreaterThanOrEqual(1);
  });
});

describe('time limits', () => {
  it('every app transaction carries a statement timeout and an idle-in-transaction timeout', async () => {
    const read = (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) =>
      queryRows<{ s: string; i: string }>(
        tx,
        sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`,
      );
    expect((await withTenant(tenant.tenantId, read))[0]).toEqual({ s: '30s', i: '1min' });
    expect((await withSystem(read))[0]).toEqual({ s: '30s', i: '1min' });
  });

  it('a transaction left idle is ended by PostgreSQL, freeing its connection', async () => {
    const err = await withTenant(tenant.tenantId, async (tx) => {
      await tx.execute(sql`select set_config('idle_in_transaction_session_timeout', '300ms', true)`);
      await new Promise((r) => setTimeout(r, 1000));
      return count(tx);
    }).catch((e: unknown) => e);
    expect(String((err as Error)?.message ?? err)).toMatch(/idle-in-transaction|terminat|closed|ended/i);
    expect(await withTenant(tenant.tenantId, (tx) => count(tx))).toBe(1);
  });

  it('the roles carry the limits for a deployment that logs in as them', async () => {
    const rows = await queryRows<{ role: string; config: string[] }>(
      admin.db,
      sql`select r.rolname as role, s.setconfig as config from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
          where r.rolname in ('caseflow_app', 'caseflow_system') and s.setdatabase = 0`,
    );
    expect(rows.map((r) => r.role).sort()).toEqual(['caseflow_app', 'caseflow_system']);
    for (const r of rows) expect(r.config).toEqual(expect.arrayContaining(['statement_timeout=30s']));
  });
});

describe('full-text search under row-level security', () => {
  // Every policy has a condition, so only LEAKPROOF operators may use an index (migration 0019). The
  // search's id lookup runs as the system role (lib/cases/queries/search-cases.ts).
  it('the message search index is usable as the system role', async () => {
    const role = 'caseflow_system';
    const plan = await withTenant(tenant.tenantId, async (tx) => {
      await tx.execute(sql.raw(`set local role ${role}`));
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select case_id from case_messages where search @@ to_tsquery('simple', 'walled:*')`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/case_messages_search_idx/);
  });
});
