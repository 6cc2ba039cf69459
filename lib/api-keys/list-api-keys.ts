// The tenant's API keys for the settings page (prefix only; the key itself is gone after creation).
import { desc } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { apiKeys } from '@/db/schema';

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function listApiKeys(tx: TenantTx): Promise<ApiKeySummary[]> {
  return tx
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt));
}
