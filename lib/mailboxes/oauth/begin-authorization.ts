// "Get authorization code": a single-use state (stored hashed) bound to tenant, user, mailbox and
// provider for 10 minutes, and a PKCE verifier (stored sealed) for the exchange that follows.
import { createHash } from 'node:crypto';
import type { TenantTx } from '@/db/tenancy';
import { oauthStates } from '@/db/schema';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { getMailbox } from '../get-mailbox';
import { defaultRedirectUri } from './oauth-settings';
import { buildAuthorizationUrl } from './token-client';

export const STATE_TTL_MS = 10 * 60_000;
export const CODE_VERIFIER_PURPOSE = 'oauth.code-verifier';

export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** `tx` must be the tenant's transaction; `origin` is the app's public origin when APP_URL is unset. */
export async function beginMailboxAuthorization(
  tx: TenantTx,
  params: { tenantId: string; mailboxId: string; userId: string | null; origin?: string; now?: Date },
): Promise<{ authorizationUrl: string; redirectUri: string; expiresAt: Date }> {
  const row = await getMailbox(tx, params.mailboxId);
  if (row.authMethod !== 'oauth' || !row.oauthProvider) {
    throw new AppError(
      'bad_request',
      'This mailbox signs in with a password; switch its authentication to OAuth first.',
    );
  }
  if (row.oauthGrantType === 'client_credentials')
    throw new AppError(
      'bad_request',
      'This mailbox uses app-only access (client credentials): nobody signs in; test its connection instead.',
    );
  const redirectUri = row.oauthRedirectUri ?? defaultRedirectUri(params.origin);
  const request = await buildAuthorizationUrl(row, redirectUri);
  const expiresAt = new Date((params.now ?? new Date()).getTime() + STATE_TTL_MS);
  await tx.insert(oauthStates).values({
    tenantId: params.tenantId,
    mailboxId: row.id,
    userId: params.userId,
    provider: row.oauthProvider,
    stateHash: hashState(request.state),
    codeVerifierSealed: seal(request.codeVerifier, { tenantId: params.tenantId, purpose: CODE_VERIFIER_PURPOSE }),
    redirectUri,
    expiresAt,
  });
  return { authorizationUrl: request.url, redirectUri, expiresAt };
}
