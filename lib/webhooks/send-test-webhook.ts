// "Send test event": a `webhook.test` event to one endpoint, sent at once and logged like any
// other delivery. It gets its own outbox row (already marked dispatched, so no consumer fans it
// out) because the row's id is the webhook-id.
import { eq } from 'drizzle-orm';
import { outboxEvents, tenants, webhookDeliveries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { deliverWebhook } from './deliver-webhook';
import { serializeWebhookPayload, TEST_EVENT_TYPE } from './events';
import { getWebhookEndpoint } from './get-webhook-endpoint';
import { getWebhookDelivery, type PublicWebhookDelivery } from './list-webhook-deliveries';
import { webhookLinkBase } from './webhook-link-base';

export async function sendTestWebhook(p: {
  tenantId: string;
  endpointId: string;
  actor: AuditActor;
  allow?: string;
}): Promise<PublicWebhookDelivery> {
  const now = new Date();
  const deliveryId = await withTenant(p.tenantId, async (tx) => {
    const endpoint = await getWebhookEndpoint(tx, p.endpointId);
    if (!endpoint.enabled)
      throw new AppError('conflict', 'This endpoint is disabled. Enable it first, then send a test event.');
    const [event] = await tx
      .insert(outboxEvents)
      .values({ tenantId: p.tenantId, type: TEST_EVENT_TYPE, payload: { endpointId: endpoint.id }, dispatchedAt: now })
      .returning({ id: outboxEvents.id, createdAt: outboxEvents.createdAt });
    const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, p.tenantId));
    const link = `${webhookLinkBase()}/t/${tenant?.slug ?? p.tenantId}/settings/webhooks/${endpoint.id}`;
    const body = serializeWebhookPayload(TEST_EVENT_TYPE, event.createdAt, {
      endpointId: endpoint.id,
      message: 'A test event from Caseflow.',
      link,
    });
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({
        tenantId: p.tenantId,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: TEST_EVENT_TYPE,
        body,
        nextAttemptAt: now,
      })
      .returning({ id: webhookDeliveries.id });
    await recordAudit(tx, {
      by: p,
      action: 'webhook_endpoint.tested',
      target: { type: 'webhook_endpoint', id: endpoint.id },
    });
    return delivery.id;
  });
  await deliverWebhook(deliveryId, { allow: p.allow, now });
  return withTenant(p.tenantId, (tx) => getWebhookDelivery(tx, deliveryId));
}
