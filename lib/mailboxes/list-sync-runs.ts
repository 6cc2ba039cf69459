// A mailbox's recent sync runs, newest first (the sync log on its page).
import { desc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { syncRuns } from '@/db/schema';

export type SyncRunView = typeof syncRuns.$inferSelect;

export async function listSyncRuns(
  tx: TenantTx,
  params: { mailboxId: string; limit?: number },
): Promise<SyncRunView[]> {
  return tx
    .select()
    .from(syncRuns)
    .where(eq(syncRuns.mailboxId, params.mailboxId))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(Math.min(params.limit ?? 20, 100));
}
