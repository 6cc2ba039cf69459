// The outbox consumer's work: one delivery per (event, matching enabled endpoint), its body fixed
// now so every retry sends identical bytes. The unique (event_id, endpoint_id) key makes a
// repeated call (the outbox delivers at least once) a no-op.
import { eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import type { OutboxEvent } from '@/lib/outbox/consumers';
import { buildWebhookBodies, isWebhookEventType } from './build-webhook-body';

/** Returns the ids of the deliveries this call created (none when they existed already). */
export async function createWebhookDeliveries(event: OutboxEvent, opts: { now?: Date } = {}): Promise<string[]> {
  if (!isWebhookEventType(event.type)) return [];
  const now = opts.now ?? new Date();
  return withTenant(event.tenantId, async (tx) => {
    const endpoints = await tx
      .select({
        id: webhookEndpoints.id,
        eventTypes: webhookEndpoints.eventTypes,
        includeBodies: webhookEndpoints.includeBodies,
      })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.enabled, true));
    const matching = endpoints.filter((e) => !e.eventTypes || e.eventTypes.includes(event.type));
    if (!matching.length) return [];
    const bodies = await buildWebhookBodies(tx, event);
    const rows = await tx
      .insert(webhookDeliveries)
      .values(
        matching.map((e) => ({
          tenantId: event.tenantId,
          endpointId: e.id,
          eventId: event.id,
          eventType: event.type,
          body: e.includeBodies ? bodies.withBodies : bodies.plain,
          nextAttemptAt: now,
        })),
      )
      .onConflictDoNothing({ target: [webhookDeliveries.eventId, webhookDeliveries.endpointId] })
      .returning({ id: webhookDeliveries.id });
    return rows.map((r) => r.id);
  });
}
