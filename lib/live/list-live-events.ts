// Reading the change feed: what a reconnecting tab missed, and where the feed stands now.
import { and, asc, desc, gt, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { liveEvents } from '@/db/schema';
import type { LiveEvent } from './live-notification';

/**
 * Events after `afterId`, oldest first, at most `limit`. Ids are taken before commit, so one that commits
 * late can sit below an id already seen: the last few seconds come again too (applying one twice is harmless).
 */
export async function listLiveEvents(
  tx: Tx,
  { afterId, limit }: { afterId: number; limit: number },
): Promise<LiveEvent[]> {
  const rows = await tx
    .select({ id: liveEvents.id, number: liveEvents.caseNumber, kind: liveEvents.kind })
    .from(liveEvents)
    .where(and(or(gt(liveEvents.id, afterId), gt(liveEvents.createdAt, sql`now() - interval '5 seconds'`))))
    .orderBy(asc(liveEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number === null ? null : Number(r.number),
    kind: r.kind as LiveEvent['kind'],
  }));
}

/** The newest event id of the current tenant (0 when it has none): a tab's starting point. */
export async function latestLiveEventId(tx: Tx): Promise<number> {
  const [row] = await tx.select({ id: liveEvents.id }).from(liveEvents).orderBy(desc(liveEvents.id)).limit(1);
  return row ? Number(row.id) : 0;
}
