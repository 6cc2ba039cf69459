// An agent opened a case: its customer mail up to now counts as read for them (the list's unread marker).
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseReads } from '@/db/schema';

export async function markCaseRead(
  tx: TenantTx,
  { tenantId, userId, caseId }: { tenantId: string; userId: string; caseId: string },
): Promise<void> {
  // A read mark lost in a crash costs nothing: do not wait for the disk (this runs on every case view).
  await tx.execute(sql`set local synchronous_commit = off`);
  const now = sql`clock_timestamp()`;
  await tx
    .insert(caseReads)
    .values({ tenantId, userId, caseId, readAt: now })
    .onConflictDoUpdate({ target: [caseReads.userId, caseReads.caseId], set: { readAt: now } });
}
