// Turns an endpoint off (by hand, on 410 Gone, or after days of failures) and abandons what was
// still waiting for it; a replay brings any of those back once the endpoint is enabled again.
import { and, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookDeliveries, webhookEndpoints } from '@/db/schema';

export async function disableWebhookEndpoint(
  tx: TenantTx,
  p: { endpointId: string; reason: string | null; now?: Date },
): Promise<void> {
  const now = p.now ?? new Date();
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: p.reason, disabledAt: now })
    .where(eq(webhookEndpoints.id, p.endpointId));
  await tx
    .update(webhookDeliveries)
    .set({ status: 'abandoned', lockedUntil: null, lastError: p.reason ?? 'The endpoint was disabled.' })
    .where(and(eq(webhookDeliveries.endpointId, p.endpointId), eq(webhookDeliveries.status, 'pending')));
}
