// Per-tenant sequential case numbers: the tenant row's counter, incremented under its row lock (held
// until commit, so numbers have no gaps). A write batch (lib/cases/case-write-batch.ts) reads the
// counter once, numbers its cases locally and writes it back when it is flushed.
import { eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { tenants } from '@/db/schema';

export async function nextCaseNumber(tx: TenantTx, tenantId: string): Promise<number> {
  const [row] = await tx
    .update(tenants)
    .set({ caseCounter: sql`${tenants.caseCounter} + 1` })
    .where(eq(tenants.id, tenantId))
    .returning({ n: tenants.caseCounter });
  if (!row) throw new Error('tenant not visible in this transaction');
  return row.n;
}
