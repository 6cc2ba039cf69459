// The webhook deliveries an outbox event produced that still wait for an attempt, read as their tenant.
import { and, eq } from 'drizzle-orm';
import { webhookDeliveries } from '@/db/schema';
import { withTenant } from '@/db/tenancy';

export async function findPendingWebhookDeliveries(tenantId: string, outboxEventId: string): Promise<string[]> {
  const rows = await withTenant(tenantId, (tx) =>
    tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.eventId, outboxEventId), eq(webhookDeliveries.status, 'pending'))),
  );
  return rows.map((r) => r.id);
}
