// Credential health: OAuth grants and client secrets that are about to expire show on Home and are
// mailed to owners and admins (once per threshold), before the mailbox stops — osTicket's mailboxes died
// on day 90 with no alert. A refused refresh names the provider's code (see also
// oauth-provider-error-codes.test.ts).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { getMailboxAccessToken } from '@/lib/mailboxes/oauth/get-access-token';
import { isOAuthError } from '@/lib/mailboxes/oauth/oauth-error';
import { openAccessToken } from '@/lib/mailboxes/oauth/store-tokens';
import { sendCredentialWarnings } from '@/lib/mailboxes/send-credential-warnings';
import { updateMailbox } from '@/lib/mailboxes/update-mailbox';
import { loadHome } from '@/lib/workspace/load-home';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { authorizeOAuthMailbox, makeOAuthMailbox, type OAuthMailboxFixture } from '../helpers/oauth-provider';
import { useOAuthDovecot } from '../helpers/use-dovecot';
import { useSystemSmtpSink } from '../helpers/use-system-smtp-sink';

const DAY = 24 * 3600_000;
const { provider, dovecot } = useOAuthDovecot();
const sink = useSystemSmtpSink();

const home = (fx: OAuthMailboxFixture) =>
  withTenant(fx.tenant.tenantId, (tx) => loadHome(tx, { userId: fx.tenant.ownerUserId, since: null }));

const mailsTo = (fx: OAuthMailboxFixture) => sink.messages.filter((m) => m.envelope.to.includes(fx.tenant.ownerEmail));

describe('credential health', () => {
  it('a Google app in “Testing”: the refresh refused 7 days after issue names invalid_grant, and the next grant’s expiry shows on Home and is mailed once per threshold', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'google', testingApp: {} });
    await authorizeOAuthMailbox(provider, fx);
    expect(await home(fx).then((h) => h.mailboxes.find((m) => m.id === fx.mailboxId))).toBeUndefined();

    // A week later the provider refuses the refresh token.
    const later = Date.now() + 7 * DAY + 3600_000;
    provider.setClock(() => later);
    const stale = openAccessToken(await getMailboxRow(fx.tenant.tenantId, fx.mailboxId))!;
    let refused: unknown;
    try {
      await getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, { now: () => new Date(later), rejected: stale });
    } catch (err) {
      refused = err;
    } finally {
      provider.setClock(() => Date.now());
    }
    expect(isOAuthError(refused)).toBe(true);
    const message = (refused as Error).message;
    expect(message).toContain('invalid_grant: “Token has been expired or revoked.”');
    expect(message).toMatch(/refused 7 days after it was issued/);
    expect((await getMailboxRow(fx.tenant.tenantId, fx.mailboxId)).oauthTestingApp).toBe(true);

    // Signed in again: Caseflow now knows this grant ends 7 days after issue.
    await authorizeOAuthMailbox(provider, fx);
    const attention = (await home(fx)).mailboxes.find((m) => m.id === fx.mailboxId);
    expect(attention?.credentials).toHaveLength(1);
    expect(attention?.credentials[0].text).toMatch(/Google app in “Testing”\) expires in 6 days/);
    expect(attention?.credentials[0].advice).toMatch(/Publish the app/);

    // Within the 14-day threshold: one mail to the owner; a second tick sends nothing.
    const before = mailsTo(fx).length;
    const total = sink.messages.length;
    expect((await sendCredentialWarnings({ tenantIds: [fx.tenant.tenantId] })).mailed).toBe(1);
    await sink.waitFor(total + 1);
    expect(mailsTo(fx)).toHaveLength(before + 1);
    const mail = mailsTo(fx).at(-1)!;
    expect(mail.parsed.subject).toMatch(
      /^The OAuth authorization \(Google app in “Testing”\) of \S+ expires in 6 days/,
    );
    expect(mail.parsed.text).toContain(fx.address);
    expect(mail.parsed.text).toMatch(/Publish the app/);
    expect(mail.parsed.text).toContain(`/settings/mailboxes/${fx.mailboxId}`);
    expect((await sendCredentialWarnings({ tenantIds: [fx.tenant.tenantId] })).mailed).toBe(0);

    // Two days before the end the 3-day threshold is crossed: one more mail, once.
    const twoDaysLeft = new Date(Date.now() + 5 * DAY);
    expect((await sendCredentialWarnings({ tenantIds: [fx.tenant.tenantId], now: twoDaysLeft })).mailed).toBe(1);
    expect((await sendCredentialWarnings({ tenantIds: [fx.tenant.tenantId], now: twoDaysLeft })).mailed).toBe(0);
    await sink.waitFor(total + 2);
    expect(mailsTo(fx)).toHaveLength(before + 2);
    expect(mailsTo(fx).at(-1)!.parsed.subject).toMatch(/expires in 1 day/);
  });

  it('a provider-given refresh_token_expires_in is the grant’s expiry', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'google', testingApp: { announce: true } });
    const at = Date.now();
    await authorizeOAuthMailbox(provider, fx);
    const row = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(row.oauthRefreshTokenExpiresAt!.getTime()).toBeGreaterThan(at + 7 * DAY - 60_000);
    expect(row.oauthRefreshTokenExpiresAt!.getTime()).toBeLessThan(at + 7 * DAY + 60_000);
    const attention = (await home(fx)).mailboxes.find((m) => m.id === fx.mailboxId);
    expect(attention?.credentials.map((c) => c.kind)).toEqual(['refresh-token']);
  });

  it('Microsoft: a grant unused for 80 days and a client secret expiring in 2 days show on Home; a far-off secret does not', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft' });
    await authorizeOAuthMailbox(provider, fx);
    const inTwoDays = new Date(Date.now() + 2 * DAY + 3600_000).toISOString().slice(0, 10);
    const nextYear = new Date(Date.now() + 365 * DAY).toISOString().slice(0, 10);
    await withTenant(fx.tenant.tenantId, (tx) =>
      updateMailbox(tx, {
        id: fx.mailboxId,
        input: { oauth: { clientSecretExpiresAt: nextYear } },
        actor: { kind: 'user', userId: fx.tenant.ownerUserId },
      }),
    );
    expect((await home(fx)).mailboxes.find((m) => m.id === fx.mailboxId)).toBeUndefined();

    const updated = await withTenant(fx.tenant.tenantId, (tx) =>
      updateMailbox(tx, {
        id: fx.mailboxId,
        input: { oauth: { clientSecretExpiresAt: inTwoDays } },
        actor: { kind: 'user', userId: fx.tenant.ownerUserId },
      }),
    );
    expect(updated.oauth?.clientSecretExpiresAt).toBe(`${inTwoDays}T00:00:00.000Z`);
    // The grant was last used 80 days ago (a paused mailbox does not refresh it).
    await withTenant(fx.tenant.tenantId, (tx) =>
      tx
        .update(mailboxes)
        .set({ oauthRefreshTokenUsedAt: new Date(Date.now() - 80 * DAY) })
        .where(eq(mailboxes.id, fx.mailboxId)),
    );
    const attention = (await home(fx)).mailboxes.find((m) => m.id === fx.mailboxId);
    expect(attention?.credentials.map((c) => c.kind)).toEqual(['client-secret', 'microsoft-inactivity']);
    expect(attention?.credentials[0].text).toMatch(/client secret expires in (1 day|2 days)/);
    expect(attention?.credentials[0].advice).toMatch(/Certificates & secrets/);
    expect(attention?.credentials[1].text).toMatch(/unused for too long\) expires in (9|10) days/);
  });

  it('a client secret expiry that is not a date is refused with a clear message', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft' });
    await expect(
      withTenant(fx.tenant.tenantId, (tx) =>
        updateMailbox(tx, {
          id: fx.mailboxId,
          input: { oauth: { clientSecretExpiresAt: 'next tuesday' } },
          actor: { kind: 'user', userId: fx.tenant.ownerUserId },
        }),
      ),
    ).rejects.toThrow(/expiry as a date \(YYYY-MM-DD\)/);
  });
});
