// Revokes a key: it stops authenticating at once; the row stays for the audit trail.
import { and, eq, isNull } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { apiKeys } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export async function revokeApiKey(
  tx: TenantTx,
  { tenantId, apiKeyId, actor }: { tenantId: string; apiKeyId: string; actor: AuditActor },
): Promise<void> {
  if (!isUuid(apiKeyId)) throw new AppError('not_found', 'That API key does not exist.');
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, apiKeyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw new AppError('not_found', 'That API key does not exist or is already revoked.');
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'api_key.revoked',
    target: { type: 'api_key', id: apiKeyId },
  });
}
