// Per-tenant sequential case numbers: the tenant row's counter, bumped under its row lock.
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { tenants } from '@/db/schema';

export async function nextCaseNumber(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx
    .update(tenants)
    .set({ caseCounter: sql`${tenants.caseCounter} + 1` })
    .where(eq(tenants.id, tenantId))
    .returning({ n: tenants.caseCounter });
  if (!row) throw new Error('tenant not visible in this transaction');
  return row.n;
}
