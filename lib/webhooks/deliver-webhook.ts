// One delivery on demand (the Inngest function's step): attempt it if it is due and nobody else
// holds it; otherwise report when it is due, so the caller can sleep until then and call again.
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { attemptWebhookDelivery, type DeliveryOptions } from './attempt-webhook-delivery';
import { claimWebhookDeliveries } from './claim-webhook-deliveries';

export type DeliverWebhookResult = {
  status: 'succeeded' | 'pending' | 'failed' | 'abandoned' | 'missing';
  /** When to call again (status pending): the next scheduled attempt, or when another worker's claim runs out. */
  nextAttemptAt: Date | null;
  attempted: boolean;
};

export async function deliverWebhook(deliveryId: string, opts: DeliveryOptions = {}): Promise<DeliverWebhookResult> {
  const now = opts.now ?? new Date();
  const [claimed] = await claimWebhookDeliveries({ limit: 1, now, deliveryId });
  if (claimed) {
    const outcome = await attemptWebhookDelivery(claimed, { ...opts, now });
    return { status: outcome.status, nextAttemptAt: outcome.nextAttemptAt, attempted: true };
  }
  const [row] = await withSystem((tx) =>
    tx
      .select({
        status: webhookDeliveries.status,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        lockedUntil: webhookDeliveries.lockedUntil,
      })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId)),
  );
  if (!row) return { status: 'missing', nextAttemptAt: null, attempted: false };
  if (row.status !== 'pending') return { status: row.status, nextAttemptAt: null, attempted: false };
  const due = row.lockedUntil && row.lockedUntil > row.nextAttemptAt ? row.lockedUntil : row.nextAttemptAt;
  return { status: 'pending', nextAttemptAt: due, attempted: false };
}
