// Changes an endpoint. Enabling it again clears why it was disabled; disabling it abandons what
// was still waiting (a replay brings any delivery back).
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookEndpoints } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { disableWebhookEndpoint } from './disable-webhook-endpoint';
import { parseEndpointUrl } from './endpoint-url';
import { getWebhookEndpoint, toPublicWebhookEndpoint, type PublicWebhookEndpoint } from './get-webhook-endpoint';
import { parseInput } from './parse-input';
import { updateWebhookEndpointInput, type UpdateWebhookEndpointInput } from './webhook-endpoint-input';

export async function updateWebhookEndpoint(
  tx: TenantTx,
  p: { tenantId: string; id: string; input: UpdateWebhookEndpointInput | unknown; actor: AuditActor; allow?: string },
): Promise<PublicWebhookEndpoint> {
  const input = parseInput(updateWebhookEndpointInput, p.input);
  const current = await getWebhookEndpoint(tx, p.id);
  const patch: Partial<typeof webhookEndpoints.$inferInsert> = {};
  // The name was resolved and checked before the transaction (checkInputUrl).
  if (input.url !== undefined) patch.url = parseEndpointUrl(input.url, { allow: p.allow }).toString();
  if (input.description !== undefined) patch.description = input.description || null;
  if (input.events !== undefined) patch.eventTypes = input.events;
  if (input.includeBodies !== undefined) patch.includeBodies = input.includeBodies;
  if (input.enabled === true && !current.enabled)
    Object.assign(patch, { enabled: true, disabledReason: null, disabledAt: null, failingSince: null });
  if (Object.keys(patch).length)
    await tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, current.id));
  if (input.enabled === false && current.enabled)
    await disableWebhookEndpoint(tx, { endpointId: current.id, reason: null });
  const updated = await getWebhookEndpoint(tx, current.id);
  await recordAudit(tx, {
    by: p,
    action: 'webhook_endpoint.updated',
    target: { type: 'webhook_endpoint', id: current.id },
    details: { changed: Object.keys(input) },
  });
  return toPublicWebhookEndpoint(updated);
}
