// Tenants are walled off by PostgreSQL itself (docs/architecture.md, invariant 4), on PostgreSQL and on PGlite.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert } from '@/db/bulk-insert';
import { openDatabase, type Db } from '@/db/client';
import { migratePglite } from '@/db/migrate';
import { queryRows } from '@/db/rows';
import { auditLog, cases, rawMessages, tenants } from '@/db/schema';
import { APP_ROLE, withTenant } from '@/db/tenancy';
import { createTenant } from '@/lib/tenants/create-tenant';

type Driver = { name: string; open: () => Promise<{ db: Db; close: () => Promise<void> }> };

const drivers: Driver[] = [
  { name: 'PostgreSQL', open: () => openDatabase(process.env.DATABASE_URL!) },
  {
    name: 'PGlite',
    open: async () => {
      const fs = await import('node:fs');
      const os = await import('node:os');
      const path = await import('node:path');
      const handle = await openDatabase(undefined, fs.mkdtempSync(path.join(os.tmpdir(), 'cf-pglite-')));
      await migratePglite(handle.db);
      return handle;
    },
  },
];

describe.each(drivers)('row-level security on $name', ({ open }) => {
  let db: Db;
  let close: () => Promise<void>;
  let a: string;
  let b: string;

  beforeAll(async () => {
    ({ db, close } = await open());
    const suffix = randomUUID().slice(0, 8);
    const make = (l: string) =>
      createTenant(
        {
          name: `RLS ${l}`,
          slug: `rls-${l}-${suffix}`,
          owner: { email: `rls-${l}-${suffix}@example.test`, password: 'long-enough-pw' },
        },
        { db },
      );
    a = (await make('a')).tenantId;
    b = (await make('b')).tenantId;
  }, 120_000);
  afterAll(async () => close?.());

  it('a query without a tenant filter returns only the current tenant’s rows', async () => {
    const rows = await withTenant(a, (tx) => tx.select().from(auditLog), db);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.tenantId))).toEqual(new Set([a]));
    const visibleTenants = await withTenant(a, (tx) => tx.select().from(tenants), db);
    expect(visibleTenants.map((t) => t.id)).toEqual([a]);
  });

  it('another tenant’s rows cannot be read, updated or deleted', async () => {
    const read = await withTenant(a, (tx) => tx.select().from(auditLog).where(eq(auditLog.tenantId, b)), db);
    expect(read).toEqual([]);
    const updated = await withTenant(
      a,
      (tx) => tx.update(auditLog).set({ action: 'tampered' }).where(eq(auditLog.tenantId, b)).returning(),
      db,
    );
    expect(updated).toEqual([]);
    const deleted = await withTenant(a, (tx) => tx.delete(auditLog).where(eq(auditLog.tenantId, b)).returning(), db);
    expect(deleted).toEqual([]);
    const stillThere = await withTenant(b, (tx) => tx.select().from(auditLog), db);
    expect(stillThere.every((r) => r.action !== 'tampered')).toBe(true);
    expect(stillThere.length).toBeGreaterThan(0);
  });

  it('inserting a row for another tenant is refused (WITH CHECK)', async () => {
    const err = await withTenant(
      a,
      (tx) => tx.insert(auditLog).values({ tenantId: b, action: 'forged', actorKind: 'system' }),
      db,
    ).then(
      () => null,
      (e: Error) => e,
    );
    expect(`${err?.message} ${(err?.cause as Error | undefined)?.message}`).toMatch(/row-level security/);
  });

  it('with no tenant set, the app role sees zero rows and gets no error', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
      return tx.select().from(auditLog);
    });
    expect(rows).toEqual([]);
  });

  it('every table with tenant_id has RLS enabled and forced; the app role is unprivileged', async () => {
    const rows = await queryRows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      db,
      sql`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r' and exists (
        select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const t of rows) {
      expect({ table: t.relname, rls: t.relrowsecurity, forced: t.relforcerowsecurity }).toEqual({
        table: t.relname,
        rls: true,
        forced: true,
      });
    }
    const [r] = await queryRows<{ rolsuper: boolean; rolbypassrls: boolean; owns_tables: boolean }>(
      db,
      sql`
      select r.rolsuper, r.rolbypassrls,
        exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
                where pg_get_userbyid(c.relowner) = r.rolname) as owns_tables
      from pg_roles r where r.rolname = ${APP_ROLE}`,
    );
    expect(r).toEqual({ rolsuper: false, rolbypassrls: false, owns_tables: false });
  });

  it('ingestion’s driver-level multi-row insert (db/bulk-insert.ts) writes bytes, timestamps, arrays, quotes and defaults as given', async () => {
    const bytes = Buffer.concat([randomBytes(300), Buffer.from([0, 0x5c, 0x27, 0xff])]);
    const at = new Date('2024-02-03T04:05:06.789Z');
    const returned = await withTenant(
      a,
      (tx) =>
        bulkInsert(
          tx,
          rawMessages,
          [
            { tenantId: a, sha256: 'one', size: bytes.length, content: bytes, uid: 7, uidValidity: 9 },
            { tenantId: a, sha256: 'two', size: 1, content: Buffer.from('x'), uidl: 'it\'s "two"' },
          ],
          { returning: ['id', 'sha256'] },
        ),
      db,
    );
    expect(returned.map((r) => r.sha256)).toEqual(['one', 'two']);
    await withTenant(
      a,
      (tx) =>
        bulkInsert(tx, cases, [
          {
            tenantId: a,
            number: 1,
            subject: 'Quotes \' " \\ and ünïcödé',
            requesterEmail: 'x@example.org',
            tags: ['a,b', 'c"d', 'e\\f'],
            createdAt: at,
            lastActivityAt: at,
          },
          { tenantId: a, number: 2, subject: 'defaults', requesterEmail: 'y@example.org' },
        ]),
      db,
    );
    const [raw] = await withTenant(a, (tx) => tx.select().from(rawMessages).where(eq(rawMessages.sha256, 'one')), db);
    expect(raw.content.equals(bytes)).toBe(true);
    expect(raw).toMatchObject({ uid: 7, uidValidity: 9, size: bytes.length });
    const rows = await withTenant(a, (tx) => tx.select().from(cases).orderBy(cases.number), db);
    expect(rows[0]).toMatchObject({
      subject: 'Quotes \' " \\ and ünïcödé',
      tags: ['a,b', 'c"d', 'e\\f'],
      status: 'open',
    });
    expect(rows[0].createdAt.toISOString()).toBe(at.toISOString());
    expect(rows[1]).toMatchObject({ tags: [], priority: 'normal', imported: false });
  });

  it('ingestion’s driver-level multi-row insert is refused a row of another tenant too', async () => {
    await expect(
      withTenant(
        a,
        (tx) => bulkInsert(tx, cases, [{ tenantId: b, number: 1, subject: 's', requesterEmail: 'z@example.org' }]),
        db,
      ),
    ).rejects.toThrow();
  });
});
