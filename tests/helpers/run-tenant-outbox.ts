// The runner's outbox loop for one tenant only (test files share one database and must not dispatch each other's
// events): every undispatched event, oldest first, handed to `consume` (every consumer, as the runner does, unless a
// test wants only one, e.g. the webhook deliveries) and then marked dispatched.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { markOutboxEventDispatched } from '@/lib/outbox/claim-due-events';
import type { OutboxEvent } from '@/lib/outbox/consumers';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';

/** Returns the events it dispatched, in order. */
export async function runTenantOutbox(
  tenantId: string,
  consume: (event: OutboxEvent) => Promise<unknown> = processOutboxEvent,
): Promise<OutboxEvent[]> {
  const events = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.tenantId, tenantId), isNull(outboxEvents.dispatchedAt)))
      .orderBy(asc(outboxEvents.createdAt)),
  );
  for (const event of events) {
    await consume(event);
    await markOutboxEventDispatched(event.id);
  }
  return events;
}
