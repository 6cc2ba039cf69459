// Counts kept, not recounted: case_counts (kept by triggers on cases) must equal count(*) over the cases
// table after random concurrent writers, bulk statements and an import of 1,000 messages — real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { queryRows } from '@/db/rows';
import { caseMessages, cases } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { countCasesByStatus } from '@/lib/cases/count-cases-by-status';
import { nextCaseNumber } from '@/lib/cases/next-case-number';
import { buildMail, prng } from '@/tests/helpers/mail-builder';
import { makeMailboxRow, receiveMail } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

type Key = { status: string; mailbox_id: string | null; assignee_id: string | null; imported: boolean; n: number };

/** Both sides as "status|mailbox|assignee|imported" → n, zero rows left out. */
async function keptAndCounted(
  tenantId: string,
): Promise<{ kept: Record<string, number>; counted: Record<string, number> }> {
  return withSystem(async (tx) => {
    const key = (r: Key) => `${r.status}|${r.mailbox_id}|${r.assignee_id}|${r.imported}`;
    const kept = await queryRows<Key>(
      tx,
      sql`select status, mailbox_id, assignee_id, imported, n from case_counts where tenant_id = ${tenantId} and n <> 0`,
    );
    const counted = await queryRows<Key>(
      tx,
      sql`select status, mailbox_id, assignee_id, imported, count(*) as n from cases where tenant_id = ${tenantId}
          group by 1, 2, 3, 4`,
    );
    return {
      kept: Object.fromEntries(kept.map((r) => [key(r), Number(r.n)])),
      counted: Object.fromEntries(counted.map((r) => [key(r), Number(r.n)])),
    };
  });
}

describe('case counts', () => {
  it('equal count(*) after random concurrent inserts, updates, bulk updates and deletes', async () => {
    const tenant = await makeTenant('counts');
    const { tenantId } = tenant;
    const mailboxes = [await makeMailboxRow(tenantId), await makeMailboxRow(tenantId)];
    const assignees = [null, tenant.ownerUserId];
    const statuses = ['open', 'pending', 'closed'] as const;

    const worker = async (seed: number) => {
      const rnd = prng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
      for (let i = 0; i < 25; i++) {
        const op = rnd();
        try {
          await withTenant(tenantId, async (tx) => {
            if (op < 0.35) {
              const rows = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({
                tenantId,
                subject: `Concurrent ${randomBytes(3).toString('hex')}`,
                requesterEmail: 'c@customer.example',
                status: pick(statuses),
                mailboxId: pick(mailboxes).id,
                assigneeId: pick(assignees),
                imported: rnd() < 0.3,
              }));
              for (const r of rows) await tx.insert(cases).values({ ...r, number: await nextCaseNumber(tx, tenantId) });
            } else if (op < 0.75) {
              const [victim] = await tx
                .select({ id: cases.id })
                .from(cases)
                .orderBy(sql`random()`)
                .limit(1);
              if (victim)
                await tx
                  .update(cases)
                  .set({ status: pick(statuses), assigneeId: pick(assignees), mailboxId: pick(mailboxes).id })
                  .where(eq(cases.id, victim.id));
            } else if (op < 0.9) {
              // One statement changing many rows (and many count keys) at once.
              await tx
                .update(cases)
                .set({ status: pick(statuses) })
                .where(eq(cases.mailboxId, pick(mailboxes).id));
            } else {
              const [victim] = await tx
                .select({ id: cases.id })
                .from(cases)
                .orderBy(sql`random()`)
                .limit(1);
              if (victim) await tx.delete(cases).where(eq(cases.id, victim.id));
            }
          });
        } catch (err) {
          // Two bulk updates can still meet in opposite row order on `cases` itself; the loser retries nothing
          // and the counts must stay right either way (its whole transaction rolled back).
          if (!/deadlock/i.test(String((err as Error).message) + String((err as { cause?: Error }).cause?.message)))
            throw err;
        }
      }
    };
    await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => worker(seed * 7919)));

    const { kept, counted } = await keptAndCounted(tenantId);
    expect(Object.keys(counted).length).toBeGreaterThan(3);
    expect(kept).toEqual(counted);

    const byStatus = await withTenant(tenantId, (tx) => countCasesByStatus(tx, { mailboxId: mailboxes[0].id }));
    const [row] = await withSystem((tx) =>
      queryRows<{ open: number; pending: number; closed: number }>(
        tx,
        sql`select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'pending')::int
            as pending, count(*) filter (where status = 'closed')::int as closed
            from cases where tenant_id = ${tenantId} and mailbox_id = ${mailboxes[0].id}`,
      ),
    );
    expect(byStatus).toEqual(row);
  });

  it('are right after an import of 1,000 messages (batch statements and per-message ingestion) and a mailbox deletion', async () => {
    const { tenantId } = await makeTenant('import');
    const mailbox = await makeMailboxRow(tenantId);
    const at = new Date(Date.now() - 86_400_000);
    // 980 the way a set-based import commits them: a few hundred cases and their history per statement.
    for (const size of [300, 300, 300, 80]) {
      await withTenant(tenantId, async (tx) => {
        const rows = [];
        for (let i = 0; i < size; i++)
          rows.push({
            tenantId,
            number: await nextCaseNumber(tx, tenantId),
            subject: `Imported ${size}-${i}`,
            requesterEmail: `sender-${i % 97}@customer.example`,
            status: 'closed' as const,
            mailboxId: mailbox.id,
            imported: true,
            lastActivityAt: at,
          });
        const inserted = await tx.insert(cases).values(rows).returning({ id: cases.id });
        await tx
          .insert(caseMessages)
          .values(inserted.map((c) => ({ tenantId, caseId: c.id, direction: 'in' as const, text: 'imported' })));
      });
    }
    // and 20 through the whole ingestion path (parse, thread, store), four at a time.
    const queue = Array.from({ length: 20 }, (_, i) => i);
    await Promise.all(
      [0, 1, 2, 3].map(async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          const raw = buildMail({
            from: `sender-${i % 97}@customer.example`,
            to: mailbox.email,
            subject: `Imported one by one ${i}`,
            text: `Message ${i}`,
          });
          await receiveMail(tenantId, mailbox, raw, { imported: true, at });
        }
      }),
    );
    const counts = await withTenant(tenantId, (tx) => countCasesByStatus(tx, { imported: true }));
    expect(counts.open + counts.pending + counts.closed).toBe(1000);
    let { kept, counted } = await keptAndCounted(tenantId);
    expect(kept).toEqual(counted);

    // Deleting the mailbox sets cases.mailbox_id to null (a foreign-key action is an UPDATE too).
    await withSystem(async (tx) => {
      await tx.execute(sql`delete from mailboxes where id = ${mailbox.id}`);
    });
    ({ kept, counted } = await keptAndCounted(tenantId));
    expect(kept).toEqual(counted);
    expect(Object.keys(kept).every((k) => k.split('|')[1] === 'null')).toBe(true);
  });

  it('survive a tenant being deleted with its cases', async () => {
    const tenant = await makeTenant('gone');
    await withTenant(tenant.tenantId, async (tx) => {
      await tx
        .insert(cases)
        .values({ tenantId: tenant.tenantId, number: 1, subject: 'x', requesterEmail: 'x@customer.example' });
    });
    const db = await getDb();
    await db.execute(sql`delete from tenants where id = ${tenant.tenantId}`);
    const left = await withSystem((tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`select count(*)::int as n from case_counts where tenant_id = ${tenant.tenantId}`,
      ),
    );
    expect(left[0].n).toBe(0);
  });
});
