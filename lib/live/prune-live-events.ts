// The change feed is for catching up after a reconnect, not an archive: a day of it is kept.
import { lt, sql } from 'drizzle-orm';
import { liveEvents } from '@/db/schema';
import { withSystem } from '@/db/tenancy';

export const LIVE_EVENT_RETENTION = '1 day';

export async function pruneLiveEvents(): Promise<void> {
  await withSystem((tx) =>
    tx.delete(liveEvents).where(lt(liveEvents.createdAt, sql`now() - ${LIVE_EVENT_RETENTION}::interval`)),
  );
}
