// Replay by hand: the same delivery (same webhook-id, same body) starts a new series of attempts
// on the schedule; its earlier attempts stay in the log.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookDeliveries } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { getWebhookEndpoint } from './get-webhook-endpoint';
import { getWebhookDelivery, type PublicWebhookDelivery } from './list-webhook-deliveries';

export async function replayWebhookDelivery(
  tx: TenantTx,
  p: { tenantId: string; deliveryId: string; actor: AuditActor; now?: Date },
): Promise<PublicWebhookDelivery> {
  const delivery = await getWebhookDelivery(tx, p.deliveryId);
  const endpoint = await getWebhookEndpoint(tx, delivery.endpointId);
  if (!endpoint.enabled) throw new AppError('conflict', 'This endpoint is disabled. Enable it first, then replay.');
  const now = p.now ?? new Date();
  const [row] = await tx
    .select({ lockedUntil: webhookDeliveries.lockedUntil, status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, delivery.id))
    .for('update');
  if (row.status === 'pending' && row.lockedUntil && row.lockedUntil > now) {
    throw new AppError('conflict', 'This delivery is being sent right now. Try again in a minute.');
  }
  await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lastError: null })
    .where(eq(webhookDeliveries.id, delivery.id));
  await recordAudit(tx, {
    by: p,
    action: 'webhook_delivery.replayed',
    target: { type: 'webhook_delivery', id: delivery.id },
    details: { eventId: delivery.eventId },
  });
  return getWebhookDelivery(tx, delivery.id);
}
