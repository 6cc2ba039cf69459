// The mailbox columns for a token response: every token sealed with the tenant and its purpose.
import type { mailboxes } from '@/db/schema';
import { open, seal } from '@/lib/crypto/seal';

export const ACCESS_TOKEN_PURPOSE = 'mailbox.oauth-access-token';
export const REFRESH_TOKEN_PURPOSE = 'mailbox.oauth-refresh-token';

/** When the provider does not say, an access token is assumed to live this long (both big providers use 1 h). */
const DEFAULT_LIFETIME_SECONDS = 3600;

export type TokenSet = {
  accessToken: string;
  expiresIn?: number;
  /** Absent on a refresh that keeps the old refresh token (Google); present when rotated (Microsoft). */
  refreshToken?: string;
  scope?: string;
  /** Seconds the refresh token lives, when the provider says (refresh_token_expires_in). */
  refreshTokenExpiresIn?: number;
};

type TokenColumns = Pick<
  typeof mailboxes.$inferInsert,
  | 'oauthAccessTokenSealed'
  | 'oauthAccessTokenExpiresAt'
  | 'oauthRefreshTokenSealed'
  | 'oauthGrantedScopes'
  | 'oauthAccountEmail'
  | 'oauthRefreshTokenIssuedAt'
  | 'oauthRefreshTokenUsedAt'
  | 'oauthRefreshTokenExpiresAt'
>;

export function tokenColumns(tenantId: string, tokens: TokenSet, now: Date): TokenColumns {
  const lifetime = tokens.expiresIn && tokens.expiresIn > 0 ? tokens.expiresIn : DEFAULT_LIFETIME_SECONDS;
  return {
    oauthAccessTokenSealed: seal(tokens.accessToken, { tenantId, purpose: ACCESS_TOKEN_PURPOSE }),
    oauthAccessTokenExpiresAt: new Date(now.getTime() + lifetime * 1000),
    // A new refresh token starts the clocks credential-health.ts reads.
    ...(tokens.refreshToken
      ? {
          oauthRefreshTokenSealed: seal(tokens.refreshToken, { tenantId, purpose: REFRESH_TOKEN_PURPOSE }),
          oauthRefreshTokenIssuedAt: now,
          oauthRefreshTokenExpiresAt:
            tokens.refreshTokenExpiresIn && tokens.refreshTokenExpiresIn > 0
              ? new Date(now.getTime() + tokens.refreshTokenExpiresIn * 1000)
              : null,
        }
      : {}),
    ...(tokens.scope !== undefined ? { oauthGrantedScopes: tokens.scope } : {}),
  };
}

export function clearedTokenColumns(): TokenColumns {
  return {
    oauthAccessTokenSealed: null,
    oauthAccessTokenExpiresAt: null,
    oauthRefreshTokenSealed: null,
    oauthGrantedScopes: null,
    oauthAccountEmail: null,
    oauthRefreshTokenIssuedAt: null,
    oauthRefreshTokenUsedAt: null,
    oauthRefreshTokenExpiresAt: null,
  };
}

export function openAccessToken(
  row: Pick<typeof mailboxes.$inferSelect, 'tenantId' | 'oauthAccessTokenSealed'>,
): string | null {
  return openToken(row.oauthAccessTokenSealed, row.tenantId, ACCESS_TOKEN_PURPOSE);
}

export function openRefreshToken(
  row: Pick<typeof mailboxes.$inferSelect, 'tenantId' | 'oauthRefreshTokenSealed'>,
): string | null {
  return openToken(row.oauthRefreshTokenSealed, row.tenantId, REFRESH_TOKEN_PURPOSE);
}

/** Opens a token sealed as tokenColumns seals it (with the tenant and its purpose); null when none is stored. */
function openToken(sealed: string | null, tenantId: string, purpose: string): string | null {
  return sealed ? open(sealed, { tenantId, purpose }) : null;
}
