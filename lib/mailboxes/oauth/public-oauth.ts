// The OAuth part of a mailbox as the API, CLI and pages show it: settings and the grant's status,
// never a token or the client secret (only whether one is stored).
import type { mailboxes } from '@/db/schema';
import { credentialExpiries, type CredentialKind } from '../credential-health';

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
  /** The client secret's expiry as the owner entered it. */
  clientSecretExpiresAt: string | null;
  /** Every known expiry of this mailbox's credentials, soonest first (../credential-health.ts). */
  credentialExpiries: { kind: CredentialKind; expiresAt: string; advice: string }[];
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
    clientSecretExpiresAt: row.oauthClientSecretExpiresAt ? row.oauthClientSecretExpiresAt.toISOString() : null,
    credentialExpiries: credentialExpiries(row).map((e) => ({ ...e, expiresAt: e.expiresAt.toISOString() })),
  };
}
