// Turns committed outbox rows into `outbox/event.created` events: every minute, and right after a
// sync stored something. Claim (SKIP LOCKED, so dispatchers running side by side take different
// rows) → send with the row id as the event id → mark dispatched. A crash between send and mark
// leaves the rows claimed; when the claim runs out they are sent again under the same ids, which
// Inngest deduplicates.
import { cron } from 'inngest';
import { claimDueOutboxEvents, markOutboxEventDispatched } from '@/lib/outbox/claim-due-events';
import { inngest } from '../client';
import { cronScope, outboxDispatchRequested, outboxEventCreated } from '../events';

/** Rows claimed per round, and rounds per run; whatever is left waits for the next run. */
export const DISPATCH_BATCH = 200;
export const DISPATCH_ROUNDS = 10;

export const dispatchOutbox = inngest.createFunction(
  {
    id: 'dispatch-outbox',
    name: 'Dispatch outbox events',
    triggers: [cron('* * * * *'), { event: outboxDispatchRequested }],
    concurrency: { limit: 4 },
    retries: 3,
  },
  async ({ event, step }) => {
    const tenantIds = event.name === outboxDispatchRequested.name ? requestedTenant(event.data) : cronScope(event.data);
    let dispatched = 0;
    for (let round = 0; round < DISPATCH_ROUNDS; round++) {
      // Ids, tenant and type only: payloads stay in PostgreSQL.
      const claimed = await step.run(`claim-${round}`, async () =>
        (await claimDueOutboxEvents(DISPATCH_BATCH, tenantIds)).map((e) => ({
          id: e.id,
          tenantId: e.tenantId,
          type: e.type,
        })),
      );
      if (!claimed.length) break;
      await step.sendEvent(
        `send-${round}`,
        claimed.map((e) =>
          outboxEventCreated.create({ outboxEventId: e.id, tenantId: e.tenantId, type: e.type }, { id: e.id }),
        ),
      );
      await step.run(`mark-dispatched-${round}`, async () => {
        for (const e of claimed) await markOutboxEventDispatched(e.id);
        return { marked: claimed.length };
      });
      dispatched += claimed.length;
      if (claimed.length < DISPATCH_BATCH) break;
    }
    return { dispatched };
  },
);

function requestedTenant(data: { tenantId?: string }): string[] | undefined {
  return data.tenantId ? [data.tenantId] : undefined;
}
