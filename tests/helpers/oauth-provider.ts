// A local OAuth 2.0 provider for tests: an authorization page that approves with a click, PKCE
// (S256) verification, a token endpoint, and an introspection endpoint for Dovecot's oauth2 passdb.
//
// Clients behave like Google (the refresh token lives on) or like Microsoft (every refresh hands
// out a new refresh token and the old one is answered with invalid_grant from then on).
//
//   const provider = await startOAuthProvider();
//   const client = provider.addClient({ style: 'microsoft' });
//   provider.addAccount('support@x.test', dovecotUser);          // who signs in
//   const redirected = await provider.approve(authorizationUrl);   // what clicking "Approve" does
//   startDovecot({ oauth2: { introspectionUrl: provider.introspectionUrl } })
//
// A clock can be injected (provider.setClock) so that tests can simulate weeks of hourly expiry.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { withTenant } from '@/db/tenancy';
import { beginMailboxAuthorization } from '@/lib/mailboxes/oauth/begin-authorization';
import {
  completeMailboxAuthorization,
  type CompletedAuthorization,
} from '@/lib/mailboxes/oauth/complete-authorization';
import { createMailboxAsOwner } from './create-owner-mailbox';
import type { TestDovecot } from './dovecot';
import { makeTenant, type TestTenant } from './tenant';

export type ProviderStyle = 'google' | 'microsoft';

export type TestClient = { clientId: string; clientSecret: string; style: ProviderStyle };

type ClientRecord = TestClient & { grantScopes?: (requested: string) => string; testingApp?: TestingApp };
/**
 * A Google app whose consent screen is still in "Testing": its refresh tokens die 7 days after issue
 * (invalid_grant "Token has been expired or revoked."); `announce` adds refresh_token_expires_in to
 * the token response, as Google does for time-limited grants.
 */
export type TestingApp = { announce?: boolean };
const TESTING_REFRESH_LIFETIME_MS = 7 * 24 * 3600_000;
type Code = {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  email: string;
  expiresAt: number;
  used: boolean;
};
type Grant = { clientId: string; email: string; scope: string; revoked: boolean; app?: boolean };
type RefreshRecord = { grant: Grant; rotatedAway: boolean; issuedAt: number };
type AccessRecord = { grant: Grant; expiresAt: number };

export type ProviderStats = {
  codeExchanges: number;
  refreshes: number;
  invalidGrants: number;
  pkceFailures: number;
  introspections: number;
};

export type TestOAuthProvider = {
  url: string;
  authorizationUrl: string;
  tokenUrl: string;
  introspectionUrl: string;
  addClient(opts?: {
    style?: ProviderStyle;
    grantScopes?: (requested: string) => string;
    testingApp?: TestingApp;
  }): TestClient;
  /** An account that can sign in at the authorization page; `username` is its Dovecot user. */
  addAccount(email: string, username: string): void;
  /** Follows the authorization URL like a browser and clicks "Approve"; returns the URL the provider redirects to. */
  approve(authorizationUrl: string, opts?: { as?: string }): Promise<string>;
  /** The account withdraws consent (or changes its password): every refresh token of it dies. */
  revoke(email: string): void;
  /** The Dovecot user an access token belongs to, or null (expired, unknown). */
  userForAccessToken(token: string): string | null;
  /** What a live access token grants (for the fake mail APIs), or null (expired, revoked, unknown). */
  tokenInfo(token: string): { clientId: string; email: string; scope: string; app: boolean } | null;
  /** Directory segments token requests used (`/{directory}/oauth2/v2.0/token`), in order. */
  tokenDirectories: string[];
  setClock(now: () => number): void;
  /** How long access tokens live, in seconds (default 3600). */
  setAccessTokenLifetime(seconds: number): void;
  /** The next token response lacks token_type (a broken provider): clients must fail without echoing it. */
  malformNextTokenResponse(): void;
  stats: ProviderStats;
  /** Every secret the provider handed out (codes, tokens, client secrets): for canary greps. */
  issued(): string[];
  stop(): Promise<void>;
};

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const rand = (n = 24) => randomBytes(n).toString('base64url');

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startOAuthProvider(): Promise<TestOAuthProvider> {
  const clients = new Map<string, ClientRecord>();
  const accounts = new Map<string, string>();
  const codes = new Map<string, Code>();
  const refreshTokens = new Map<string, RefreshRecord>();
  const accessTokens = new Map<string, AccessRecord>();
  const issued: string[] = [];
  const stats: ProviderStats = { codeExchanges: 0, refreshes: 0, invalidGrants: 0, pkceFailures: 0, introspections: 0 };
  let now = () => Date.now();
  let accessLifetime = 3600;
  let malformNext = false;

  function json(res: http.ServerResponse, status: number, body: unknown) {
    if (malformNext && status === 200 && body && typeof body === 'object' && 'access_token' in body) {
      malformNext = false;
      delete (body as Record<string, unknown>).token_type;
    }
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }
  function tokenError(res: http.ServerResponse, error: string, status = 400, description = `test provider: ${error}`) {
    if (error === 'invalid_grant') stats.invalidGrants++;
    json(res, status, { error, error_description: description });
  }
  // What each provider says when a refresh token is dead (as their documentation shows it).
  const deadRefreshDescription: Record<ProviderStyle, string> = {
    microsoft:
      'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. Trace ID: 00000000-0000-0000-0000-000000000000',
    google: 'Token has been expired or revoked.',
  };

  function issueAccessToken(grant: Grant, style: ProviderStyle): string {
    const exp = now() + accessLifetime * 1000;
    const token =
      style === 'microsoft'
        ? // Microsoft's access tokens are JWTs naming the account (clients read upn for display).
          `${b64url(JSON.stringify({ typ: 'JWT', alg: 'none' }))}.${b64url(JSON.stringify({ upn: grant.email, scp: grant.scope, exp: Math.floor(exp / 1000), nonce: rand(8) }))}.${rand(16)}`
        : `ya29.${rand(32)}`;
    accessTokens.set(token, { grant, expiresAt: exp });
    issued.push(token);
    return token;
  }
  function issueRefreshToken(grant: Grant, style: ProviderStyle): string {
    const token = style === 'microsoft' ? `M.C5${rand(40)}` : `1//${rand(40)}`;
    refreshTokens.set(token, { grant, rotatedAway: false, issuedAt: now() });
    issued.push(token);
    return token;
  }

  function clientFrom(params: URLSearchParams, req: http.IncomingMessage): ClientRecord | null {
    let id = params.get('client_id');
    let secret = params.get('client_secret');
    const basic = req.headers.authorization?.match(/^Basic (.+)$/i);
    if (basic) {
      const [u, p] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      id = decodeURIComponent(u);
      secret = decodeURIComponent(p ?? '');
    }
    const client = id ? clients.get(id) : undefined;
    return client && client.clientSecret === secret ? client : null;
  }

  function authorizePage(url: URL, res: http.ServerResponse, as?: string) {
    const q = url.searchParams;
    const client = clients.get(q.get('client_id') ?? '');
    const problem = !client
      ? 'unknown client'
      : q.get('response_type') !== 'code'
        ? 'response_type must be code'
        : q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')
          ? 'PKCE S256 is required'
          : !q.get('redirect_uri')
            ? 'redirect_uri missing'
            : client.style === 'google' && (q.get('access_type') !== 'offline' || q.get('prompt') !== 'consent')
              ? 'Google needs access_type=offline and prompt=consent for a refresh token'
              : null;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (problem) {
      res.statusCode = 400;
      res.end(`<!doctype html><h1>Authorization error</h1><p id="problem">${escapeHtml(problem)}</p>`);
      return;
    }
    const email = (as ?? q.get('login_hint') ?? '').toLowerCase();
    if (!accounts.has(email)) {
      res.statusCode = 400;
      res.end(`<!doctype html><h1>Authorization error</h1><p id="problem">no account ${escapeHtml(email)}</p>`);
      return;
    }
    const hidden = ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge']
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
      .join('');
    res.end(
      `<!doctype html><title>Test provider — sign in</title><h1>Allow access to your mailbox?</h1>` +
        `<p>Signed in as <strong id="account">${escapeHtml(email)}</strong></p>` +
        `<form method="post" action="/authorize">${hidden}<input type="hidden" name="account" value="${escapeHtml(email)}">` +
        `<button type="submit">Approve</button></form>`,
    );
  }

  function approveForm(form: URLSearchParams): string {
    const code = rand(24);
    codes.set(code, {
      clientId: form.get('client_id') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      challenge: form.get('code_challenge') ?? '',
      scope: form.get('scope') ?? '',
      email: form.get('account') ?? '',
      expiresAt: now() + 10 * 60_000,
      used: false,
    });
    issued.push(code);
    const target = new URL(form.get('redirect_uri')!);
    target.searchParams.set('code', code);
    if (form.get('state')) target.searchParams.set('state', form.get('state')!);
    return target.href;
  }

  function token(form: URLSearchParams, req: http.IncomingMessage, res: http.ServerResponse, directory?: string) {
    const client = clientFrom(form, req);
    if (!client) return tokenError(res, 'invalid_client', 401);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const record = codes.get(form.get('code') ?? '');
      if (
        !record ||
        record.used ||
        record.expiresAt < now() ||
        record.clientId !== client.clientId ||
        record.redirectUri !== form.get('redirect_uri')
      ) {
        return tokenError(res, 'invalid_grant');
      }
      record.used = true;
      const verifier = form.get('code_verifier') ?? '';
      if (b64url(createHash('sha256').update(verifier).digest()) !== record.challenge) {
        stats.pkceFailures++;
        return tokenError(res, 'invalid_grant');
      }
      stats.codeExchanges++;
      const scope = client.grantScopes ? client.grantScopes(record.scope) : record.scope;
      const grant: Grant = { clientId: client.clientId, email: record.email, scope, revoked: false };
      return json(res, 200, {
        access_token: issueAccessToken(grant, client.style),
        token_type: 'Bearer',
        expires_in: accessLifetime,
        refresh_token: issueRefreshToken(grant, client.style),
        scope,
        ...(client.testingApp?.announce ? { refresh_token_expires_in: TESTING_REFRESH_LIFETIME_MS / 1000 - 1 } : {}),
      });
    }
    if (grantType === 'refresh_token') {
      const record = refreshTokens.get(form.get('refresh_token') ?? '');
      if (
        !record ||
        record.rotatedAway ||
        record.grant.revoked ||
        record.grant.clientId !== client.clientId ||
        (client.testingApp && now() - record.issuedAt >= TESTING_REFRESH_LIFETIME_MS)
      )
        return tokenError(res, 'invalid_grant', 400, deadRefreshDescription[client.style]);
      stats.refreshes++;
      const body: Record<string, unknown> = {
        access_token: issueAccessToken(record.grant, client.style),
        token_type: 'Bearer',
        expires_in: accessLifetime,
        scope: record.grant.scope,
      };
      if (client.style === 'microsoft') {
        record.rotatedAway = true;
        body.refresh_token = issueRefreshToken(record.grant, client.style);
      }
      return json(res, 200, body);
    }
    if (grantType === 'client_credentials') {
      // App-only (RFC 6749 §4.4), as Microsoft's identity platform does it: scope `<resource>/.default`,
      // a directory-specific endpoint, no refresh token.
      const scope = form.get('scope') ?? '';
      if (!/\/\.default$/.test(scope)) return tokenError(res, 'invalid_scope');
      if (!directory || ['common', 'organizations', 'consumers'].includes(directory.toLowerCase()))
        return tokenError(
          res,
          'invalid_request',
          400,
          'AADSTS90002: Use a tenant-specific endpoint for the client credentials grant.',
        );
      const grant: Grant = { clientId: client.clientId, email: '', scope, revoked: false, app: true };
      return json(res, 200, {
        access_token: issueAccessToken(grant, client.style),
        token_type: 'Bearer',
        expires_in: accessLifetime,
      });
    }
    return tokenError(res, 'unsupported_grant_type');
  }

  function tokenInfo(t: string) {
    const record = accessTokens.get(t);
    if (!record || record.expiresAt <= now() || record.grant.revoked) return null;
    const g = record.grant;
    return { clientId: g.clientId, email: g.email, scope: g.scope, app: Boolean(g.app) };
  }

  function userForAccessToken(t: string): string | null {
    const record = accessTokens.get(t);
    if (!record || record.expiresAt <= now() || record.grant.revoked) return null;
    // Like Exchange Online: a token without IMAP or POP access does not open the mailbox.
    if (
      clients.get(record.grant.clientId)?.style === 'microsoft' &&
      !/(IMAP|POP)\.AccessAsUser\.All/.test(record.grant.scope)
    )
      return null;
    return accounts.get(record.grant.email) ?? null;
  }

  const tokenDirectories: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://provider.test');
    // Microsoft's endpoints carry the directory: /{tenant}/oauth2/v2.0/authorize and …/token.
    const ms = /^\/([^/]+)\/oauth2\/v2\.0\/(authorize|token)$/.exec(url.pathname);
    const directory = ms?.[1];
    if (ms) url.pathname = `/${ms[2]}`;
    if (req.method === 'GET' && url.pathname === '/authorize') return authorizePage(url, res);
    void readBody(req).then((body) => {
      const form = new URLSearchParams(body);
      if (req.method === 'POST' && url.pathname === '/authorize') {
        res.writeHead(302, { location: approveForm(form) });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        if (directory) tokenDirectories.push(directory);
        return token(form, req, res, directory);
      }
      if (req.method === 'POST' && url.pathname === '/introspect') {
        stats.introspections++;
        const user = userForAccessToken(form.get('token') ?? '');
        return json(res, 200, user ? { active: true, username: user } : { active: false });
      }
      res.statusCode = 404;
      res.end('not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    authorizationUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    introspectionUrl: `${base}/introspect`,
    addClient(opts = {}) {
      const client: ClientRecord = {
        clientId: `client-${rand(6)}`,
        clientSecret: `secret-${rand(18)}`,
        style: opts.style ?? 'google',
        grantScopes: opts.grantScopes,
        testingApp: opts.testingApp,
      };
      clients.set(client.clientId, client);
      issued.push(client.clientSecret);
      return { clientId: client.clientId, clientSecret: client.clientSecret, style: client.style };
    },
    addAccount(email, username) {
      accounts.set(email.toLowerCase(), username);
    },
    async approve(authorizationUrl, opts = {}) {
      const url = new URL(authorizationUrl);
      const page = await fetch(`${base}${url.pathname}${url.search}`);
      const html = await page.text();
      if (page.status !== 200) throw new Error(`authorization page refused: ${html.replace(/<[^>]+>/g, ' ').trim()}`);
      const form = new URLSearchParams();
      for (const k of ['client_id', 'redirect_uri', 'scope', 'state', 'code_challenge'])
        form.set(k, url.searchParams.get(k) ?? '');
      form.set('account', (opts.as ?? url.searchParams.get('login_hint') ?? '').toLowerCase());
      return approveForm(form);
    },
    revoke(email) {
      for (const r of refreshTokens.values()) if (r.grant.email === email.toLowerCase()) r.grant.revoked = true;
    },
    userForAccessToken,
    tokenInfo,
    tokenDirectories,
    setClock(fn) {
      now = fn;
    },
    setAccessTokenLifetime(seconds) {
      accessLifetime = seconds;
    },
    malformNextTokenResponse() {
      malformNext = true;
    },
    stats,
    issued: () => [...issued],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ——— An OAuth mailbox on a test Dovecot, created and authorized the way the app does it ———

export type OAuthMailboxFixture = {
  tenant: TestTenant;
  mailboxId: string;
  user: string;
  address: string;
  client: TestClient;
};

export async function makeOAuthMailbox(
  dovecot: TestDovecot,
  provider: TestOAuthProvider,
  opts: {
    style?: ProviderStyle;
    protocol?: 'imaps' | 'pop3s';
    tenant?: TestTenant;
    smtp?: Record<string, unknown> | null;
    scope?: string;
    grantScopes?: (s: string) => string;
    testingApp?: TestingApp;
  },
): Promise<OAuthMailboxFixture> {
  const tenant = opts.tenant ?? (await makeTenant('oauth'));
  const style = opts.style ?? 'google';
  const protocol = opts.protocol ?? 'imaps';
  const { user } = await dovecot.addUser();
  const address = `${user}@oauth.test`;
  provider.addAccount(address, user);
  const client = provider.addClient({ style, grantScopes: opts.grantScopes, testingApp: opts.testingApp });
  const created = await createMailboxAsOwner(tenant, {
    authentication: 'oauth',
    email: address,
    username: user,
    protocol,
    host: dovecot.host,
    port: dovecot.ports[protocol],
    tlsVerify: false,
    smtp: opts.smtp ?? null,
    oauth: {
      provider: style,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizationUrl: provider.authorizationUrl,
      tokenUrl: provider.tokenUrl,
      ...(opts.scope ? { scope: opts.scope } : {}),
    },
  });
  return { tenant, mailboxId: created.id, user, address, client };
}

/** "Get authorization code" → approve at the provider → our callback, as the tenant's owner. */
export async function authorizeOAuthMailbox(
  provider: TestOAuthProvider,
  fx: OAuthMailboxFixture,
  opts: { as?: string } = {},
): Promise<CompletedAuthorization> {
  const redirected = await startAndApprove(provider, fx, opts);
  const back = new URL(redirected);
  return completeMailboxAuthorization({
    userId: fx.tenant.ownerUserId,
    response: { code: back.searchParams.get('code'), state: back.searchParams.get('state') },
  });
}

/** The URL the provider sends the browser back to (code + state), without completing it. */
export async function startAndApprove(
  provider: TestOAuthProvider,
  fx: OAuthMailboxFixture,
  opts: { as?: string } = {},
): Promise<string> {
  const { authorizationUrl } = await withTenant(fx.tenant.tenantId, (tx) =>
    beginMailboxAuthorization(tx, {
      tenantId: fx.tenant.tenantId,
      mailboxId: fx.mailboxId,
      userId: fx.tenant.ownerUserId,
    }),
  );
  return provider.approve(authorizationUrl, opts);
}
