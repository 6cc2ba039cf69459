// The OAuth 2.0 part of a mailbox's settings: provider preset, client, scope, endpoints
// and redirect URI. The rest of the settings (address, server, SMTP…) go through ../settings.ts.
import { isIP } from 'node:net';
import { z } from 'zod';
import type { mailboxes } from '@/db/schema';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { normalizeHostName, parseAllowList } from '@/lib/net/allow-list';
import { oauthPreset, oauthProviders, type OAuthProvider } from './providers';
import { issueList, type FieldIssue } from '@/lib/zod-issues';

export const OAUTH_CALLBACK_PATH = '/api/oauth/mailbox/callback';

const urlText = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(2000, `The ${what} is too long.`);

const DATE_INPUT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;
const secretExpiryMessage = 'Enter the client secret’s expiry as a date (YYYY-MM-DD).';

/** When the client secret expires (YYYY-MM-DD, or a full ISO time), for the expiry warnings; empty or null clears it. */
export const clientSecretExpiryInput = z
  .string()
  .trim()
  .max(40, secretExpiryMessage)
  .refine((v) => v === '' || (DATE_INPUT.test(v) && !Number.isNaN(Date.parse(v))), secretExpiryMessage)
  .nullable()
  .optional();

/**
 * The client secret's expiry after a create or update: a given date (a bare date is midnight UTC), cleared by
 * an empty one; not given, a new secret has an unknown expiry and otherwise the stored date stays.
 */
export function clientSecretExpiry(
  given: string | null | undefined,
  newSecret: string | undefined,
  stored: Date | null | undefined,
): Date | null {
  if (given === undefined) return newSecret ? null : (stored ?? null);
  if (!given) return null;
  return new Date(/T/.test(given) ? given : `${given}T00:00:00Z`);
}

/** The `oauth` object of a create/update body (API) or the panel's form fields. */
export const oauthSettingsInput = z.object({
  provider: z.enum(oauthProviders, { error: 'Choose the provider: google, microsoft or custom.' }),
  clientId: z
    .string({ error: 'Enter the client ID.' })
    .trim()
    .min(1, 'Enter the client ID.')
    .max(500, 'That client ID is too long.'),
  // Taken exactly as issued; an empty value keeps the stored one on update.
  clientSecret: z.string().max(2000, 'That client secret is too long.').optional(),
  scope: z.string().trim().max(2000, 'That scope is too long.').optional(),
  grantType: z
    .literal('authorization_code', { error: 'The authorization code grant is the only one mailboxes use.' })
    .optional(),
  authorizationUrl: urlText('authorization URL').optional(),
  tokenUrl: urlText('token URL').optional(),
  /** Empty: our own callback URL. */
  redirectUri: z.string().trim().max(2000, 'That redirect URI is too long.').optional(),
  clientSecretExpiresAt: clientSecretExpiryInput,
});
export type OAuthSettingsInput = z.input<typeof oauthSettingsInput>;

export type OAuthSettings = {
  provider: OAuthProvider;
  clientId: string;
  scope: string;
  authUrl: string;
  tokenUrl: string;
  /** Null: our own callback (APP_URL + OAUTH_CALLBACK_PATH), worked out when the authorization starts. */
  redirectUri: string | null;
  /** The client secret's expiry as the owner entered it (credential-health.ts warns before it). */
  clientSecretExpiresAt: Date | null;
};

function fail(issues: FieldIssue[]): never {
  throw new AppError('validation', issues[0]?.message ?? 'Check the OAuth settings.', {
    fields: issues,
    field: issues[0]?.path,
  });
}

/**
 * The provider's endpoints are fetched by the server: https only, except for hosts an operator
 * opened with ALLOW_PRIVATE_HOSTS (local development, tests). The outbound guard checks the
 * address again at request time.
 */
export function endpointUrlProblem(raw: string, what: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Enter the ${what} as a full URL (https://…).`;
  }
  if (url.username || url.password) return `Put no user name or password in the ${what}.`;
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && insecureAllowed(url)) return null;
  return `The ${what} must start with https://.`;
}

/** Plain http to the provider only for hosts the operator allowed (never for public ones). */
export function insecureAllowed(url: URL): boolean {
  const list = parseAllowList(env.ALLOW_PRIVATE_HOSTS);
  const host = normalizeHostName(url.hostname);
  return isIP(host) ? list.allowsAddress(host) : list.allowsHost(host);
}

function redirectProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter the redirect URI as a full URL, or leave it empty to use Caseflow’s own callback.';
  }
  // Desktop-style clients register http://localhost redirects; anything else must be https.
  if (
    url.protocol === 'https:' ||
    (url.protocol === 'http:' &&
      (url.hostname === 'localhost' ||
        url.hostname === '127.0.0.1' ||
        url.hostname === '[::1]' ||
        insecureAllowed(url)))
  ) {
    return url.hash ? 'A redirect URI cannot contain a #fragment.' : null;
  }
  return 'The redirect URI must start with https:// (or http://localhost for a desktop-style client).';
}

/**
 * Resolves the OAuth settings against the preset, and on update against the stored ones.
 * Returns the settings and a new client secret when one was entered.
 */
export function resolveOAuthSettings(
  input: unknown,
  current?: OAuthSettings & { hasClientSecret: boolean },
): { settings: OAuthSettings; clientSecret?: string } {
  const base = current ? { provider: current.provider, clientId: current.clientId } : {};
  const parsed = oauthSettingsInput.safeParse({ ...base, ...stripUndefined((input ?? {}) as Record<string, unknown>) });
  if (!parsed.success) fail(issueList(parsed.error, 'oauth'));
  const d = parsed.data;
  const preset = oauthPreset(d.provider);
  // A provider switch drops the old provider's URLs and scope unless new ones were given.
  const keep = current && current.provider === d.provider ? current : undefined;
  const authUrl = d.authorizationUrl || keep?.authUrl || preset?.authUrl;
  const tokenUrl = d.tokenUrl || keep?.tokenUrl || preset?.tokenUrl;
  const scope = (d.scope || keep?.scope || preset?.scope || '').split(/\s+/).filter(Boolean).join(' ');
  const redirectUri = d.redirectUri === undefined ? (current?.redirectUri ?? null) : d.redirectUri || null;
  const clientSecretExpiresAt = clientSecretExpiry(
    d.clientSecretExpiresAt,
    d.clientSecret,
    current?.clientSecretExpiresAt,
  );

  const issues: FieldIssue[] = [];
  if (!authUrl) issues.push({ path: 'oauth.authorizationUrl', message: 'Enter the provider’s authorization URL.' });
  else {
    const p = endpointUrlProblem(authUrl, 'authorization URL');
    if (p) issues.push({ path: 'oauth.authorizationUrl', message: p });
  }
  if (!tokenUrl) issues.push({ path: 'oauth.tokenUrl', message: 'Enter the provider’s token URL.' });
  else {
    const p = endpointUrlProblem(tokenUrl, 'token URL');
    if (p) issues.push({ path: 'oauth.tokenUrl', message: p });
  }
  if (!scope) issues.push({ path: 'oauth.scope', message: 'Enter the scope to ask for (space-separated).' });
  if (redirectUri) {
    const p = redirectProblem(redirectUri);
    if (p) issues.push({ path: 'oauth.redirectUri', message: p });
  }
  if (issues.length || !authUrl || !tokenUrl) fail(issues);
  return {
    settings: {
      provider: d.provider,
      clientId: d.clientId,
      scope,
      authUrl,
      tokenUrl,
      redirectUri,
      clientSecretExpiresAt,
    },
    clientSecret: d.clientSecret ? d.clientSecret : undefined,
  };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function oauthSettingsFromRow(
  row: typeof mailboxes.$inferSelect,
): (OAuthSettings & { hasClientSecret: boolean }) | undefined {
  if (row.authMethod !== 'oauth' || !row.oauthProvider || !row.oauthClientId || !row.oauthAuthUrl || !row.oauthTokenUrl)
    return undefined;
  return {
    provider: row.oauthProvider as OAuthProvider,
    clientId: row.oauthClientId,
    scope: row.oauthScope ?? '',
    authUrl: row.oauthAuthUrl,
    tokenUrl: row.oauthTokenUrl,
    redirectUri: row.oauthRedirectUri,
    clientSecretExpiresAt: row.oauthClientSecretExpiresAt,
    hasClientSecret: Boolean(row.oauthClientSecretSealed),
  };
}

/** Our own callback URL for an origin (APP_URL, else the request's). */
export function defaultRedirectUri(origin?: string): string {
  const base = (env.APP_URL ?? origin ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  return `${base}${OAUTH_CALLBACK_PATH}`;
}

export function oauthColumns(s: OAuthSettings) {
  return {
    oauthProvider: s.provider,
    oauthClientId: s.clientId,
    oauthScope: s.scope,
    oauthAuthUrl: s.authUrl,
    oauthTokenUrl: s.tokenUrl,
    oauthRedirectUri: s.redirectUri,
    oauthClientSecretExpiresAt: s.clientSecretExpiresAt,
  };
}

/** Whether a create/update body asks for OAuth. */
export function wantsOAuth(input: unknown): boolean {
  const i = (input ?? {}) as Record<string, unknown>;
  return i.authentication === 'oauth' || i.authMethod === 'oauth';
}
