// Creates a tenant API key; the full key is returned here once and never stored.
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { apiKeys } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { firstIssueMessage } from '@/lib/zod-issues';
import { displayPrefix, hashApiKey, newApiKey } from './api-key-format';

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the key a name.')
  .max(100, 'Use at most 100 characters for the name.');

export type CreatedApiKey = { id: string; key: string; prefix: string; name: string };

export async function createApiKey(
  tx: TenantTx,
  {
    tenantId,
    name,
    createdBy,
    actor,
  }: { tenantId: string; name: string; createdBy: string | null; actor?: AuditActor },
): Promise<CreatedApiKey> {
  const parsedName = apiKeyNameSchema.safeParse(name);
  if (!parsedName.success) throw new AppError('validation', firstIssueMessage(parsedName.error)!, { field: 'name' });
  const key = newApiKey();
  const prefix = displayPrefix(key);
  const [row] = await tx
    .insert(apiKeys)
    .values({ tenantId, name: parsedName.data, prefix, keyHash: hashApiKey(key), createdBy })
    .returning({ id: apiKeys.id });
  await recordAudit(tx, {
    by: { tenantId, actor: actor ?? (createdBy ? { kind: 'user', userId: createdBy } : { kind: 'system' }) },
    action: 'api_key.created',
    target: { type: 'api_key', id: row.id },
    details: { name: parsedName.data, prefix },
  });
  return { id: row.id, key, prefix, name: parsedName.data };
}
