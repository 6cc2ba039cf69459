// The OAuth 2.0 client side of a mailbox, on oauth4webapi: the authorization URL with PKCE S256,
// the code exchange and the refresh. Errors come out as OAuthError, never as the library's
// objects (those can hold the token response).
import * as oauth from 'oauth4webapi';
import type { mailboxes } from '@/db/schema';
import { open } from '@/lib/crypto/seal';
import { isOutboundGuardError } from '@/lib/net/outbound-guard';
import { CLIENT_SECRET_PURPOSE } from './create-oauth-mailbox';
import { guardedFetch } from './guarded-fetch';
import { OAuthError } from './oauth-error';
import { oauthIssuer, oauthPreset, type OAuthProvider } from './providers';
import { insecureAllowed } from './oauth-settings';
import type { TokenSet } from './store-tokens';

export type OAuthClientRow = Pick<
  typeof mailboxes.$inferSelect,
  | 'tenantId'
  | 'email'
  | 'oauthProvider'
  | 'oauthClientId'
  | 'oauthClientSecretSealed'
  | 'oauthScope'
  | 'oauthAuthUrl'
  | 'oauthTokenUrl'
>;

const TOKEN_TIMEOUT_MS = 30_000;

type Setup = {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  options: oauth.TokenEndpointRequestOptions;
  provider: OAuthProvider;
};

function setup(row: OAuthClientRow): Setup {
  if (!row.oauthProvider || !row.oauthClientId || !row.oauthAuthUrl || !row.oauthTokenUrl) {
    throw new OAuthError(
      'oauth-client',
      'This mailbox’s OAuth settings are incomplete: enter the client ID and the provider’s URLs.',
    );
  }
  const provider = row.oauthProvider as OAuthProvider;
  const tokenUrl = new URL(row.oauthTokenUrl);
  const secret = row.oauthClientSecretSealed
    ? open(row.oauthClientSecretSealed, { tenantId: row.tenantId, purpose: CLIENT_SECRET_PURPOSE })
    : null;
  return {
    provider,
    as: {
      issuer: oauthIssuer(provider, row.oauthAuthUrl),
      authorization_endpoint: row.oauthAuthUrl,
      token_endpoint: row.oauthTokenUrl,
    },
    client: { client_id: row.oauthClientId },
    // Both big providers take the secret in the body; a public (desktop) client has none.
    auth: secret ? oauth.ClientSecretPost(secret) : oauth.None(),
    options: {
      [oauth.customFetch]: guardedFetch,
      // http:// only reaches hosts the operator allowed (oauth-settings.ts refuses the rest).
      [oauth.allowInsecureRequests]: tokenUrl.protocol === 'http:' && insecureAllowed(tokenUrl),
      signal: () => AbortSignal.timeout(TOKEN_TIMEOUT_MS),
    },
  };
}

export type AuthorizationRequest = { url: string; state: string; codeVerifier: string };

/** The provider URL the owner is sent to: state, PKCE S256, and the provider's offline-access parameters. */
export async function buildAuthorizationUrl(
  row: OAuthClientRow & Partial<Pick<typeof mailboxes.$inferSelect, 'apiUser' | 'username'>>,
  redirectUri: string,
): Promise<AuthorizationRequest> {
  const { as, client, provider } = setup(row);
  const state = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set('client_id', client.client_id);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', row.oauthScope ?? '');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  // A shared mailbox (Graph) is signed into by one of its members, not by the shared address.
  url.searchParams.set('login_hint', row.apiUser && row.username ? row.username : row.email);
  for (const [k, v] of Object.entries(oauthPreset(provider)?.authParams ?? {})) url.searchParams.set(k, v);
  return { url: url.href, state, codeVerifier };
}

export type ExchangedTokens = TokenSet & { accountEmail: string | null };

export async function exchangeAuthorizationCode(
  row: OAuthClientRow,
  p: { code: string; state: string; redirectUri: string; codeVerifier: string },
): Promise<ExchangedTokens> {
  const { as, client, auth, options } = setup(row);
  try {
    const params = oauth.validateAuthResponse(
      as,
      client,
      new URLSearchParams({ code: p.code, state: p.state }),
      p.state,
    );
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      p.redirectUri,
      p.codeVerifier,
      options,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    return { ...toTokenSet(result), accountEmail: accountEmail(result) };
  } catch (err) {
    throw toOAuthError(err, 'code');
  }
}

export async function refreshAccessToken(row: OAuthClientRow, refreshToken: string): Promise<TokenSet> {
  const { as, client, auth, options } = setup(row);
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options);
    return toTokenSet(await oauth.processRefreshTokenResponse(as, client, response));
  } catch (err) {
    throw toOAuthError(err, 'refresh');
  }
}

/**
 * App-only access (client credentials, RFC 6749 §4.4): a new access token for the app's own permissions,
 * from the directory-specific token URL (never `common`: there is no signed-in user to pick the directory).
 */
export async function requestAppAccessToken(row: OAuthClientRow): Promise<TokenSet> {
  const { as, client, auth, options } = setup(row);
  try {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      client,
      auth,
      { scope: row.oauthScope ?? '' },
      options,
    );
    const r = await oauth.processClientCredentialsResponse(as, client, response);
    // The app's token has no refresh token: the next one is requested the same way.
    return { accessToken: r.access_token, expiresIn: r.expires_in, scope: r.scope };
  } catch (err) {
    const e = toOAuthError(err, 'refresh');
    // No sign-in can fix an app-only grant: the client (its secret, its permissions) is the owner's to fix.
    if (e.reason === 'needs-reauth') throw new OAuthError('oauth-client', e.message.replace(/ Sign in again.*$/, ''));
    throw e;
  }
}

function toTokenSet(r: oauth.TokenEndpointResponse): TokenSet {
  // Google sends refresh_token_expires_in for time-limited grants (apps in "Testing" among them).
  const refreshLife = r.refresh_token_expires_in;
  return {
    accessToken: r.access_token,
    expiresIn: r.expires_in,
    refreshToken: r.refresh_token,
    scope: r.scope,
    ...(typeof refreshLife === 'number' && Number.isFinite(refreshLife) ? { refreshTokenExpiresIn: refreshLife } : {}),
  };
}

const emailClaims = ['email', 'preferred_username', 'upn', 'unique_name'] as const;

/**
 * The signed-in account's address: from the ID token when the owner asked for `openid`, else from
 * the access token when it is a JWT (Microsoft's are). Informational only — the mail server decides
 * who the token belongs to — so the access token's payload is read, not verified.
 */
function accountEmail(r: oauth.TokenEndpointResponse): string | null {
  const claims: Record<string, unknown> | undefined = oauth.getValidatedIdTokenClaims(r) ?? jwtPayload(r.access_token);
  for (const name of emailClaims) {
    const v = claims?.[name];
    if (typeof v === 'string' && v.includes('@')) return v.toLowerCase();
  }
  return null;
}

function jwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? payload : undefined;
  } catch {
    return undefined;
  }
}

function toOAuthError(err: unknown, step: 'code' | 'refresh'): OAuthError {
  if (err instanceof OAuthError) return err;
  if (isOutboundGuardError(err))
    return new OAuthError(err.reason === 'private-address' ? 'private-address' : 'oauth-provider');
  if (err instanceof oauth.ResponseBodyError) {
    if (err.error === 'invalid_grant') {
      return step === 'refresh'
        ? new OAuthError('needs-reauth', refusedRefreshMessage(err.error, err.error_description))
        : new OAuthError(
            'needs-reauth',
            'The provider did not accept the authorization code: it was already used, has expired, or does not match this request. Get a new one.',
          );
    }
    if (err.error === 'invalid_client' || err.error === 'unauthorized_client') {
      const code = providerCode(err.error, err.error_description);
      return new OAuthError(
        'oauth-client',
        `The OAuth provider rejected the client ID or client secret (${code.shown}).${code.advice ? ` ${code.advice}` : ''} Check them in the mailbox settings.`,
      );
    }
    if (err.status >= 500) return new OAuthError('oauth-provider');
    return new OAuthError(
      'oauth-provider',
      `The OAuth provider refused the request (${safeCode(err.error)}). Check the mailbox’s OAuth settings.`,
    );
  }
  return new OAuthError('oauth-provider');
}

/**
 * What the provider said, verbatim but only as codes: the RFC 6749 error word and, from Microsoft's
 * error_description, its AADSTS number (the rest of a description is not shown: it can carry trace ids
 * and user names). Google's invalid_grant descriptions are fixed sentences; the one for a dead token is
 * recognised to point at the 7-day expiry of apps left in "Testing".
 */
function providerCode(error: string, description: string | undefined): { shown: string; advice?: string } {
  const aadsts = /^(AADSTS\d{4,8})\b/.exec(description ?? '')?.[1];
  const shown = aadsts ? `${safeCode(error)}, ${aadsts}` : safeCode(error);
  if (aadsts) return { shown, advice: aadstsAdvice[aadsts] };
  if (description === 'Token has been expired or revoked.')
    return {
      shown: `${safeCode(error)}: “Token has been expired or revoked.”`,
      advice:
        'Google expires the refresh tokens of apps whose OAuth consent screen is still in “Testing” after 7 days: publish the app (“In production”) so it keeps working, or the grant was revoked.',
    };
  return { shown };
}

const aadstsAdvice: Record<string, string> = {
  AADSTS700082: 'The refresh token expired after 90 days without use.',
  AADSTS50173: 'The grant was revoked, or the account’s password changed.',
  AADSTS50133: 'The account’s password changed or expired.',
  AADSTS65001: 'Consent for the app is missing or was withdrawn; an administrator may have to grant it again.',
  AADSTS7000222:
    'The app’s client secret has expired: create a new one (Entra ID → App registrations → Certificates & secrets) and enter it.',
  AADSTS7000215: 'The client secret is wrong: enter the secret’s value, not its ID.',
  AADSTS700016: 'No app with this client ID exists in the directory.',
};

function refusedRefreshMessage(error: string, description: string | undefined): string {
  const code = providerCode(error, description);
  return `The provider refused to renew this mailbox’s authorization (${code.shown}).${code.advice ? ` ${code.advice}` : ''} Sign in again with “Get authorization code”.`;
}

/** The OAuth error code (RFC 6749 defines them as short ASCII words); anything else is not shown. */
function safeCode(code: string): string {
  return /^[a-z_]{1,40}$/.test(code) ? code : 'error';
}
