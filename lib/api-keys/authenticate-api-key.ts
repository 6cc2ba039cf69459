// Bearer key → tenant. Runs under the system role because the tenant is what we are looking up.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { AppError } from '@/lib/errors';
import { API_KEY_PREFIX, hashApiKey, isWellFormedApiKey } from './api-key-format';

// last_used_at is a hint for people, not a log: writing it at most once a minute keeps hot keys cheap.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateApiKey(
  rawKey: string,
  { db, now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<{ tenantId: string; apiKeyId: string }> {
  if (!isWellFormedApiKey(rawKey)) {
    throw new AppError(
      'unauthenticated',
      `Malformed API key: expected "${API_KEY_PREFIX}" followed by 43 characters, as shown when the key was created.`,
    );
  }
  return withSystem(async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, tenantId: apiKeys.tenantId })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hashApiKey(rawKey)), isNull(apiKeys.revokedAt)));
    if (!key) throw new AppError('unauthenticated', 'Unknown or revoked API key.');
    await tx
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, key.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
    return { tenantId: key.tenantId, apiKeyId: key.id };
  }, db);
}
