// OAuth 2.0 mailboxes end to end: authorization code flow with PKCE against
// a local provider, Dovecot validating the access tokens through its oauth2 passdb, then the usual
// connection test → import → sync over IMAPS and POP3S.
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { auditLog, cases, mailboxes } from '@/db/schema';
import { sendAcknowledgement } from '@/lib/acknowledgements/send-acknowledgement';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { authorizeOAuthMailbox, makeOAuthMailbox } from '../helpers/oauth-provider';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();

describe.each([
  { name: 'IMAPS, Google-style provider', protocol: 'imaps', style: 'google' },
  { name: 'POP3S, Google-style provider', protocol: 'pop3s', style: 'google' },
  { name: 'IMAPS, Microsoft-style provider', protocol: 'imaps', style: 'microsoft' },
  { name: 'POP3S, Microsoft-style provider', protocol: 'pop3s', style: 'microsoft' },
] as const)('an OAuth mailbox over $name', ({ protocol, style }) => {
  it('connects through the code flow, counts, imports and syncs: cases appear and the mailbox is emptied', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style, protocol });
    const draft = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(draft).toMatchObject({
      authMethod: 'oauth',
      state: 'draft',
      passwordSealed: null,
      oauthRefreshTokenSealed: null,
    });
    expect(draft.oauthClientSecretSealed).toMatch(/^test1:/);

    const done = await authorizeOAuthMailbox(provider, fx);
    expect(done).toMatchObject({ mailboxId: fx.mailboxId, tenantId: fx.tenant.tenantId, state: 'draft' });
    // Microsoft's JWT access tokens name the account; Google's opaque ones do not.
    expect(done.accountEmail).toBe(style === 'microsoft' ? fx.address : null);
    const authorized = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(authorized.oauthRefreshTokenSealed).toMatch(/^test1:/);
    expect(authorized.oauthAccessTokenSealed).toMatch(/^test1:/);
    expect(authorized.oauthGrantedScopes).toBe(authorized.oauthScope);
    expect(authorized.oauthAccessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    const old = [1, 2, 3].map((i) =>
      buildMail({ from: `old${i}@customer.test`, to: fx.address, subject: `Old ${i}`, text: 'before' }),
    );
    await dovecot.append(fx.user, old);
    const tested = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    expect(tested).toMatchObject({ ok: true, messageCount: 3 });

    expect((await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId)).total).toBe(3);
    const imported = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(imported.error).toBeUndefined();
    expect(imported).toMatchObject({ state: 'active', created: 3, deleted: 3 });

    await dovecot.append(fx.user, [
      buildMail({ from: 'Ann <ann@customer.test>', to: fx.address, subject: 'New over OAuth', text: 'help' }),
    ]);
    const synced = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(synced).toMatchObject({ state: 'active', created: 1, deleted: 1 });
    expect(await dovecot.count(fx.user)).toBe(0);

    const rows = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select({ subject: cases.subject, status: cases.status }).from(cases),
    );
    expect(rows.map((r) => r.subject).sort()).toEqual(['New over OAuth', 'Old 1', 'Old 2', 'Old 3']);
    expect(rows.find((r) => r.subject === 'New over OAuth')?.status).toBe('open');
    // The tokens were handed to Dovecot (which asked the provider) — no password exists anywhere.
    expect(provider.stats.introspections).toBeGreaterThan(0);
    const audit = await withTenant(fx.tenant.tenantId, (tx) => tx.select({ action: auditLog.action }).from(auditLog));
    expect(audit.map((a) => a.action)).toContain('mailbox.authorized');
    const [row] = await withTenant(fx.tenant.tenantId, (tx) => tx.select({ state: mailboxes.state }).from(mailboxes));
    expect(row.state).toBe('active');
  });
});

describe('acknowledgements from an OAuth mailbox', () => {
  it('go out over SMTP with XOAUTH2 and the mailbox’s current access token', async () => {
    // An SMTP server that only speaks XOAUTH2 and asks the provider whose token it is.
    const logins: { user: string; ok: boolean }[] = [];
    const received: string[] = [];
    const sink = new SMTPServer({
      authMethods: ['XOAUTH2'],
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        const owner = auth.accessToken ? provider.userForAccessToken(auth.accessToken) : null;
        const ok = owner !== null && owner === auth.username;
        logins.push({ user: auth.username ?? '', ok });
        if (ok) return callback(null, { user: auth.username });
        return callback(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } });
      },
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          received.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const port = (sink.server.address() as { port: number }).port;
    try {
      const fx = await makeOAuthMailbox(dovecot, provider, {
        style: 'microsoft',
        protocol: 'imaps',
        smtp: { host: '127.0.0.1', port, security: 'none', sameAsIncoming: true },
      });
      await authorizeOAuthMailbox(provider, fx);
      await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
      await syncMailbox(fx.mailboxId, { untilEmpty: true });
      await dovecot.append(fx.user, [
        buildMail({ from: 'Bea <bea@customer.test>', to: fx.address, subject: 'Please acknowledge', text: 'hi' }),
      ]);
      expect(await syncMailbox(fx.mailboxId, { untilEmpty: true })).toMatchObject({ created: 1 });
      const [created] = await withTenant(fx.tenant.tenantId, (tx) =>
        tx.select({ id: cases.id }).from(cases).where(eq(cases.subject, 'Please acknowledge')),
      );

      const ack = await sendAcknowledgement({ tenantId: fx.tenant.tenantId, caseId: created.id });
      expect(ack.status).toBe('sent');
      expect(logins).toEqual([{ user: fx.user, ok: true }]);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/^Auto-Submitted: auto-replied/m);
      expect(received[0]).toMatch(/^To: .*bea@customer\.test/m);
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
  });
});
