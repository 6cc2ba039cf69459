// Claims due, undispatched outbox rows for one worker: a short transaction with SKIP LOCKED moves
// their next attempt into the future (the claim), so two runners never take the same row at once.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { outboxEvents } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import type { OutboxEvent } from './consumers';

export const CLAIM_SECONDS = 300;

export async function claimDueOutboxEvents(limit = 50, tenantIds?: string[]): Promise<OutboxEvent[]> {
  return withSystem(async (tx) => {
    const due = await tx
      .select({ id: outboxEvents.id })
      .from(outboxEvents)
      .where(
        and(
          isNull(outboxEvents.dispatchedAt),
          lte(outboxEvents.nextAttemptAt, sql`now()`),
          tenantIds ? inArray(outboxEvents.tenantId, tenantIds) : undefined,
        ),
      )
      .orderBy(asc(outboxEvents.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    return tx
      .update(outboxEvents)
      .set({
        nextAttemptAt: sql`now() + make_interval(secs => ${CLAIM_SECONDS})`,
        attempts: sql`${outboxEvents.attempts} + 1`,
      })
      .where(
        inArray(
          outboxEvents.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
}

export async function markOutboxEventDispatched(id: string): Promise<void> {
  await withSystem((tx) =>
    tx.update(outboxEvents).set({ dispatchedAt: new Date(), lastError: null }).where(eq(outboxEvents.id, id)),
  );
}

/** Backoff: 5 s, 30 s, 2 min, 10 min, then hourly. */
export async function markOutboxEventFailed(event: Pick<OutboxEvent, 'id' | 'attempts'>, error: string): Promise<void> {
  const steps = [5, 30, 120, 600];
  const delay = steps[Math.min(event.attempts - 1, steps.length - 1)] ?? 3600;
  await withSystem((tx) =>
    tx
      .update(outboxEvents)
      .set({
        lastError: error.slice(0, 1000),
        nextAttemptAt: sql`now() + make_interval(secs => ${event.attempts > steps.length ? 3600 : delay})`,
      })
      .where(eq(outboxEvents.id, event.id)),
  );
}
