// Claims due deliveries for one worker: SKIP LOCKED picks rows nobody else is picking, and
// locked_until (past the 15 s request timeout) keeps them ours while the request runs. A worker
// that dies mid-request leaves the claim to expire; the delivery is then sent again (same webhook-id).
import { and, asc, eq, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { withSystem } from '@/db/tenancy';

export const CLAIM_MS = 60_000;

export type ClaimedDelivery = {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  /** The claim itself: results are written only while it still holds. */
  lockedUntil: Date;
};

export type ClaimOptions = { limit: number; now: Date; tenantId?: string; deliveryId?: string; claimMs?: number };

export async function claimWebhookDeliveries(opts: ClaimOptions): Promise<ClaimedDelivery[]> {
  const lockedUntil = new Date(opts.now.getTime() + (opts.claimMs ?? CLAIM_MS));
  return withSystem(async (tx) => {
    const filters: SQL[] = [
      eq(webhookDeliveries.status, 'pending'),
      lte(webhookDeliveries.nextAttemptAt, opts.now),
      or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, opts.now))!,
      eq(webhookEndpoints.enabled, true),
    ];
    if (opts.tenantId) filters.push(eq(webhookDeliveries.tenantId, opts.tenantId));
    if (opts.deliveryId) filters.push(eq(webhookDeliveries.id, opts.deliveryId));
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(...filters))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(opts.limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (!due.length) return [];
    const rows = await tx
      .update(webhookDeliveries)
      .set({ lockedUntil })
      .where(
        inArray(
          webhookDeliveries.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: webhookDeliveries.id,
        tenantId: webhookDeliveries.tenantId,
        endpointId: webhookDeliveries.endpointId,
        eventId: webhookDeliveries.eventId,
        eventType: webhookDeliveries.eventType,
        body: webhookDeliveries.body,
        attempts: webhookDeliveries.attempts,
      });
    return rows.map((row) => ({ ...row, lockedUntil }));
  });
}
