// An agent opens Home: "new since my last visit" counts from the visit before this one. Visits closer
// together than VISIT_GAP_MS count as one, so a reload (or a quick look at a case and back) does not
// reset what Home calls new.
import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { agentSettings } from '@/db/schema';

export const VISIT_GAP_MS = 30 * 60_000;

/** Records the visit and returns the time "new" counts from (null on a first visit). */
export async function recordHomeVisit(
  tx: TenantTx,
  { tenantId, userId, now = new Date() }: { tenantId: string; userId: string; now?: Date },
): Promise<Date | null> {
  const gapStart = new Date(now.getTime() - VISIT_GAP_MS);
  // A visit lost in a crash costs nothing: Home does not wait for the disk.
  await tx.execute(sql`set local synchronous_commit = off`);
  const [row] = await tx
    .insert(agentSettings)
    .values({ tenantId, userId, lastVisitAt: now, previousVisitAt: null })
    .onConflictDoUpdate({
      target: [agentSettings.tenantId, agentSettings.userId],
      set: {
        // A new visit moves the last one to "previous"; a visit within the gap only extends the current one.
        previousVisitAt: sql`case when ${agentSettings.lastVisitAt} is null or ${agentSettings.lastVisitAt} < ${gapStart.toISOString()}::timestamptz
          then ${agentSettings.lastVisitAt} else ${agentSettings.previousVisitAt} end`,
        lastVisitAt: now,
      },
    })
    .returning({ previousVisitAt: agentSettings.previousVisitAt });
  return row?.previousVisitAt ?? null;
}
