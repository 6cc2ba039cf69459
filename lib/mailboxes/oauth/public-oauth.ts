// The OAuth part of a mailbox as the API, CLI and pages show it: settings and the grant's status,
// never a token or the client secret (only whether one is stored).
import type { mailboxes } from '@/db/schema';

export type PublicOAuth = {
  provider: string | null;
  clientId: string | null;
  hasClientSecret: boolean;
  scope: string | null;
  grantType: 'authorization_code';
  authorizationUrl: string | null;
  tokenUrl: string | null;
  /** Null: Caseflow's own callback URL. */
  redirectUri: string | null;
  authorized: boolean;
  accountEmail: string | null;
  grantedScopes: string | null;
  accessTokenExpiresAt: string | null;
};

export function toPublicOAuth(row: typeof mailboxes.$inferSelect): PublicOAuth | null {
  if (row.authMethod !== 'oauth') return null;
  return {
    provider: row.oauthProvider,
    clientId: row.oauthClientId,
    hasClientSecret: Boolean(row.oauthClientSecretSealed),
    scope: row.oauthScope,
    grantType: 'authorization_code',
    authorizationUrl: row.oauthAuthUrl,
    tokenUrl: row.oauthTokenUrl,
    redirectUri: row.oauthRedirectUri,
    authorized: Boolean(row.oauthRefreshTokenSealed),
    accountEmail: row.oauthAccountEmail,
    grantedScopes: row.oauthGrantedScopes,
    accessTokenExpiresAt: row.oauthAccessTokenExpiresAt ? row.oauthAccessTokenExpiresAt.toISOString() : null,
  };
}
