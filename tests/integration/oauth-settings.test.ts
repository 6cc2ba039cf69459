// OAuth mailbox settings: presets, what OAuth allows (IMAPS/POP3S, no password, https
// endpoints), the public shape without secrets, updates that drop a grant, and a connection test
// that names a missing scope or the wrong account.
import { describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { createMailbox } from '@/lib/mailboxes/create-mailbox';
import { getMailbox, toPublicMailbox } from '@/lib/mailboxes/get-mailbox';
import { GOOGLE_MAIL_SCOPE, MICROSOFT_SCOPES } from '@/lib/mailboxes/oauth/providers';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { authorizeOAuthMailbox, makeOAuthMailbox } from '../helpers/oauth-provider';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();

const actor = (t: TestTenant) => ({ kind: 'user' as const, userId: t.ownerUserId });
const create = (t: TestTenant, input: Record<string, unknown>) =>
  withTenant(t.tenantId, (tx) => createMailbox(tx, { tenantId: t.tenantId, input, actor: actor(t) }));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: { code?: string; message: string }) => e,
  );
const unique = () => Math.random().toString(36).slice(2, 8);

describe('creating an OAuth mailbox', () => {
  it('the Google preset fills the endpoints, the scope, IMAPS on imap.gmail.com and SMTP with the same sign-in; the public shape shows no secret', async () => {
    const t = await makeTenant('oauth-set');
    const m = await create(t, {
      authentication: 'oauth',
      email: `help-${unique()}@gmail.com`,
      oauth: { provider: 'google', clientId: 'cid', clientSecret: 'the-client-secret' },
    });
    expect(m).toMatchObject({
      authMethod: 'oauth',
      protocol: 'imaps',
      host: 'imap.gmail.com',
      port: 993,
      hasPassword: false,
      state: 'draft',
    });
    expect(m.smtp).toMatchObject({ host: 'smtp.gmail.com', port: 465, security: 'tls', sameAsIncoming: true });
    expect(m.oauth).toEqual({
      provider: 'google',
      clientId: 'cid',
      hasClientSecret: true,
      scope: GOOGLE_MAIL_SCOPE,
      grantType: 'authorization_code',
      authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: 'https://oauth2.googleapis.com/token',
      redirectUri: null,
      authorized: false,
      accountEmail: null,
      grantedScopes: null,
      accessTokenExpiresAt: null,
      clientSecretExpiresAt: null,
      credentialExpiries: [],
    });
    expect(JSON.stringify(m)).not.toContain('the-client-secret');
  });

  it('the Microsoft preset asks for IMAP, POP, SMTP and offline access, and POP3S goes to outlook.office365.com:995', async () => {
    const t = await makeTenant('oauth-set');
    const m = await create(t, {
      authentication: 'oauth',
      email: `help-${unique()}@contoso.test`,
      protocol: 'pop3s',
      oauth: { provider: 'microsoft', clientId: 'cid' },
    });
    expect(m).toMatchObject({ protocol: 'pop3s', host: 'outlook.office365.com', port: 995 });
    expect(m.oauth?.scope).toBe(
      `${MICROSOFT_SCOPES.imap} ${MICROSOFT_SCOPES.pop} ${MICROSOFT_SCOPES.smtp} offline_access`,
    );
    expect(m.oauth?.authorizationUrl).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(m.oauth?.hasClientSecret).toBe(false);
  });

  it('refuses plain IMAP/POP3, a password, a missing client ID and a plain-http token URL on a public host', async () => {
    const t = await makeTenant('oauth-set');
    const base = { authentication: 'oauth', email: `x-${unique()}@example.test`, host: 'mail.example.test' };
    const oauth = {
      provider: 'custom',
      clientId: 'c',
      authorizationUrl: 'https://idp.example.test/auth',
      tokenUrl: 'https://idp.example.test/token',
      scope: 'mail',
    };
    expect((await failure(create(t, { ...base, protocol: 'imap', oauth }))).message).toMatch(/IMAPS or POP3S/);
    expect((await failure(create(t, { ...base, protocol: 'pop3', oauth }))).message).toMatch(/IMAPS or POP3S/);
    expect((await failure(create(t, { ...base, password: 'pw', oauth }))).message).toMatch(/not a password/);
    expect((await failure(create(t, { ...base, oauth: { ...oauth, clientId: '' } }))).message).toMatch(/client ID/);
    expect(
      (await failure(create(t, { ...base, oauth: { ...oauth, tokenUrl: 'http://idp.example.test/token' } }))).message,
    ).toMatch(/must start with https/);
    expect((await failure(create(t, { ...base, oauth: { ...oauth, scope: undefined } }))).message).toMatch(/scope/);
    expect(
      (await failure(create(t, { ...base, oauth: { ...oauth, redirectUri: 'http://example.test/cb' } }))).message,
    ).toMatch(/redirect URI/);
    // A desktop-style redirect to localhost is fine.
    const ok = await create(t, { ...base, oauth: { ...oauth, redirectUri: 'http://localhost:8765/' } });
    expect(ok.oauth?.redirectUri).toBe('http://localhost:8765/');
  });
});

describe('updating an OAuth mailbox', () => {
  it('an empty client secret keeps the stored one; a new client ID drops the grant so it must be authorized again', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'google' });
    await authorizeOAuthMailbox(provider, fx);
    const before = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    const update = (input: Record<string, unknown>) =>
      withTenant(fx.tenant.tenantId, (tx) => updateMailbox(tx, { id: fx.mailboxId, input, actor: actor(fx.tenant) }));

    const same = await update({ oauth: { scope: `${GOOGLE_MAIL_SCOPE} openid` } });
    expect(same.oauth).toMatchObject({ authorized: true, hasClientSecret: true, scope: `${GOOGLE_MAIL_SCOPE} openid` });
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).oauthClientSecretSealed).toBe(
      before.oauthClientSecretSealed,
    );

    const other = await update({ oauth: { clientId: 'another-client', clientSecret: 'another-secret' } });
    expect(other.oauth).toMatchObject({ clientId: 'another-client', authorized: false });
    const after = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(after.oauthRefreshTokenSealed).toBeNull();
    expect(after.oauthAccessTokenSealed).toBeNull();
  });

  it('a password mailbox can switch to OAuth and back', async () => {
    const t = await makeTenant('oauth-set');
    const pw = await create(t, {
      email: `sw-${unique()}@example.test`,
      host: 'mail.example.test',
      protocol: 'imaps',
      password: 'secret-pw',
    });
    const update = (input: Record<string, unknown>) =>
      withTenant(t.tenantId, (tx) => updateMailbox(tx, { id: pw.id, input, actor: actor(t) }));
    const toOAuth = await update({ authentication: 'oauth', oauth: { provider: 'google', clientId: 'cid' } });
    expect(toOAuth).toMatchObject({ authMethod: 'oauth', hasPassword: false });
    const back = await update({ authentication: 'password', password: 'new-pw' });
    expect(back).toMatchObject({ authMethod: 'password', hasPassword: true, oauth: null });
    const row = await withTenant(t.tenantId, (tx) => getMailbox(tx, pw.id));
    expect(row.oauthClientId).toBe('cid'); // settings kept for a later switch; the grant is gone
    expect(row.oauthRefreshTokenSealed).toBeNull();
    expect(toPublicMailbox(row).oauth).toBeNull();
  });
});

describe('the connection test of an OAuth mailbox', () => {
  it('reports the message count like a password mailbox', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft', protocol: 'pop3s' });
    await authorizeOAuthMailbox(provider, fx);
    expect(await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId })).toMatchObject({
      ok: true,
      messageCount: 0,
    });
  });

  it('before any authorization, it says to get an authorization code', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {});
    const r = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth' } });
    expect(!r.ok && r.error.message).toMatch(/Get authorization code/);
  });

  it('names the scope the provider did not grant', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, {
      style: 'microsoft',
      protocol: 'imaps',
      grantScopes: (asked) =>
        asked
          .split(' ')
          .filter((s) => !s.includes('IMAP') && !s.includes('POP'))
          .join(' '),
    });
    await authorizeOAuthMailbox(provider, fx);
    const r = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    dovecot.clearAuthPenalty();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain(`lacks a needed scope: ${MICROSOFT_SCOPES.imap}`);
  });

  it('says when the account that signed in is not the mailbox’s address', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft', protocol: 'imaps' });
    const stranger = await dovecot.addUser();
    const strangerAddress = `${stranger.user}@elsewhere.test`;
    provider.addAccount(strangerAddress, stranger.user);
    await authorizeOAuthMailbox(provider, fx, { as: strangerAddress });
    const r = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    dovecot.clearAuthPenalty();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.message).toContain(
      `authorization was given by ${strangerAddress}, not by the mailbox’s address ${fx.address}`,
    );
  });
});
