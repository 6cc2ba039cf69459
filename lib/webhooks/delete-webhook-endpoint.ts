// Removes an endpoint with its deliveries and their attempt log.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookEndpoints } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { getWebhookEndpoint } from './get-webhook-endpoint';

export async function deleteWebhookEndpoint(
  tx: TenantTx,
  p: { tenantId: string; id: string; actor: AuditActor },
): Promise<{ deleted: true; id: string }> {
  const row = await getWebhookEndpoint(tx, p.id);
  await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, row.id));
  await recordAudit(tx, {
    by: p,
    action: 'webhook_endpoint.deleted',
    target: { type: 'webhook_endpoint', id: row.id },
    details: { url: row.url },
  });
  return { deleted: true, id: row.id };
}
