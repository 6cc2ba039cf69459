// A new signing secret, returned once. Until the overlap ends (default 24 h) every attempt
// carries two signatures, so consumers can switch secrets without missing an event.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { webhookEndpoints } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { getWebhookEndpoint, toPublicWebhookEndpoint, type PublicWebhookEndpoint } from './get-webhook-endpoint';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret';

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;

export async function rotateWebhookSecret(
  tx: TenantTx,
  p: { tenantId: string; id: string; overlapSeconds?: number; actor: AuditActor; now?: Date },
): Promise<PublicWebhookEndpoint & { secret: string }> {
  const row = await getWebhookEndpoint(tx, p.id);
  const now = p.now ?? new Date();
  const overlap = p.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  const secret = newWebhookSecret();
  const [updated] = await tx
    .update(webhookEndpoints)
    .set({
      secretSealed: sealWebhookSecret(secret, p.tenantId),
      previousSecretSealed: overlap > 0 ? row.secretSealed : null,
      previousSecretExpiresAt: overlap > 0 ? new Date(now.getTime() + overlap * 1000) : null,
    })
    .where(eq(webhookEndpoints.id, row.id))
    .returning();
  await recordAudit(tx, {
    by: p,
    action: 'webhook_endpoint.secret_rotated',
    target: { type: 'webhook_endpoint', id: row.id },
    details: { overlapSeconds: overlap },
  });
  return { ...toPublicWebhookEndpoint(updated, now), secret };
}
