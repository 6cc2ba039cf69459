// Adds an endpoint. The secret is returned here once; only its sealed form is stored.
import type { TenantTx } from '@/db/tenancy';
import { webhookEndpoints } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { parseEndpointUrl } from './endpoint-url';
import { toPublicWebhookEndpoint, type PublicWebhookEndpoint } from './get-webhook-endpoint';
import { createWebhookEndpointInput, type CreateWebhookEndpointInput } from './webhook-endpoint-input';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret';
import { parseInput } from './parse-input';

export type CreatedWebhookEndpoint = PublicWebhookEndpoint & { secret: string };

export async function createWebhookEndpoint(
  tx: TenantTx,
  p: { tenantId: string; input: CreateWebhookEndpointInput | unknown; actor: AuditActor; allow?: string },
): Promise<CreatedWebhookEndpoint> {
  const input = parseInput(createWebhookEndpointInput, p.input);
  // The name was resolved and checked before the transaction (checkInputUrl); DNS waits for no one here.
  const url = parseEndpointUrl(input.url, { allow: p.allow });
  const secret = newWebhookSecret();
  const [row] = await tx
    .insert(webhookEndpoints)
    .values({
      tenantId: p.tenantId,
      url: url.toString(),
      description: input.description || null,
      eventTypes: input.events ?? null,
      includeBodies: input.includeBodies ?? false,
      secretSealed: sealWebhookSecret(secret, p.tenantId),
    })
    .returning();
  await recordAudit(tx, {
    by: p,
    action: 'webhook_endpoint.created',
    target: { type: 'webhook_endpoint', id: row.id },
    details: { url: row.url, events: row.eventTypes },
  });
  return { ...toPublicWebhookEndpoint(row), secret };
}
