// What the runner's outbox loop does for webhooks, for one tenant only (test files share one
// database and must not dispatch each other's events): every undispatched event to the webhook
// consumer (other consumers, such as acknowledgements, are not these tests' business).
import { and, asc, eq, isNull } from 'drizzle-orm';
import { outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { markOutboxEventDispatched } from '@/lib/outbox/claim-due-events';
import { createWebhookDeliveries } from '@/lib/webhooks/create-webhook-deliveries';

export async function dispatchTenantOutbox(tenantId: string): Promise<number> {
  const events = await withTenant(tenantId, (tx) =>
    tx
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.tenantId, tenantId), isNull(outboxEvents.dispatchedAt)))
      .orderBy(asc(outboxEvents.createdAt)),
  );
  for (const event of events) {
    await createWebhookDeliveries(event);
    await markOutboxEventDispatched(event.id);
  }
  return events.length;
}
