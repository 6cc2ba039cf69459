// Token refresh for OAuth mailboxes: one refresh per expiry under
// concurrency with rotating refresh tokens, and a revoked grant turning into needs_reauth.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, cases, mailboxes, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { getMailboxAccessToken } from '@/lib/mailboxes/oauth/get-access-token';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { testStoredMailbox } from '@/lib/mailboxes/test-connection';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow, makeMailbox } from '../helpers/mailbox-fixture';
import { authorizeOAuthMailbox, makeOAuthMailbox } from '../helpers/oauth-provider';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();

const MINUTE = 60_000;

describe('refreshing access tokens', () => {
  it(
    '90 simulated days, 2 concurrent workers, hourly expiry, rotating refresh tokens: exactly one refresh per expiry and no invalid_grant',
    { timeout: 600_000 },
    async () => {
      const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft', protocol: 'imaps' });
      await authorizeOAuthMailbox(provider, fx);
      const t0 = Date.now();
      let t = t0;
      provider.setClock(() => t);
      const before = { ...provider.stats };
      const now = () => new Date(t);
      const seen = new Set<string>();
      try {
        const step = 30 * MINUTE;
        const end = t0 + 90 * 24 * 60 * MINUTE;
        for (; t <= end; t += step) {
          const [a, b] = await Promise.all([
            getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, { now }),
            getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, { now }),
          ]);
          expect(a).toBe(b);
          // What Dovecot would be told at this moment: the token is live and names the mailbox's user.
          expect(provider.userForAccessToken(a)).toBe(fx.user);
          seen.add(a);
        }
      } finally {
        provider.setClock(() => Date.now());
      }
      const expiries = 90 * 24; // the token from the authorization, then one per hour
      expect(provider.stats.invalidGrants - before.invalidGrants).toBe(0);
      expect(provider.stats.refreshes - before.refreshes).toBe(expiries);
      expect(seen.size).toBe(expiries + 1);
      const row = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      expect(row.state).toBe('draft');
      expect(row.lastError).toBeNull();
    },
  );

  it('a Google-style refresh keeps the long-lived refresh token; a Microsoft-style one replaces it', async () => {
    for (const style of ['google', 'microsoft'] as const) {
      const fx = await makeOAuthMailbox(dovecot, provider, { style });
      await authorizeOAuthMailbox(provider, fx);
      const before = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      const later = () => new Date(Date.now() + 58 * MINUTE);
      const token = await getMailboxAccessToken(fx.mailboxId, fx.tenant.tenantId, { now: later });
      const after = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
      expect(after.oauthAccessTokenSealed).not.toBe(before.oauthAccessTokenSealed);
      expect(provider.userForAccessToken(token)).toBe(fx.user);
      if (style === 'google') expect(after.oauthRefreshTokenSealed).toBe(before.oauthRefreshTokenSealed);
      else expect(after.oauthRefreshTokenSealed).not.toBe(before.oauthRefreshTokenSealed);
    }
  });
});

describe('a revoked grant', () => {
  it('puts the mailbox in needs_reauth within one sync with an audit entry and an event; another mailbox keeps syncing; a new code restores it with its cursor', async () => {
    const fx = await makeOAuthMailbox(dovecot, provider, { style: 'microsoft', protocol: 'imaps' });
    const other = await makeMailbox(dovecot, { protocol: 'imaps', starttls: 'required' }, {}, fx.tenant);
    await authorizeOAuthMailbox(provider, fx);
    await dovecot.append(fx.user, [
      buildMail({ from: 'a@customer.test', to: fx.address, subject: 'Before', text: 'x' }),
    ]);
    for (const id of [fx.mailboxId, other.mailboxId]) {
      await confirmMailboxImport(fx.tenant.tenantId, id);
      expect((await syncMailbox(id, { untilEmpty: true })).state).toBe('active');
    }
    const cursor = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);

    // The owner withdraws consent at the provider: the refresh token and the live access token die.
    provider.revoke(fx.address);
    await dovecot.append(fx.user, [
      buildMail({ from: 'b@customer.test', to: fx.address, subject: 'Waiting', text: 'y' }),
    ]);
    await dovecot.append(other.user, [
      buildMail({ from: 'c@customer.test', to: other.address, subject: 'Other box', text: 'z' }),
    ]);
    const failed = await syncMailbox(fx.mailboxId);
    dovecot.clearAuthPenalty();
    expect(failed.error?.code).toBe('needs-reauth');
    expect(failed.state).toBe('needs_reauth');
    const stuck = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(stuck).toMatchObject({
      state: 'needs_reauth',
      lastErrorCode: 'needs-reauth',
      oauthRefreshTokenSealed: null,
      oauthAccessTokenSealed: null,
    });
    expect(stuck.lastError).toMatch(/Get authorization code/);
    const events = await withTenant(fx.tenant.tenantId, (tx) =>
      tx
        .select()
        .from(outboxEvents)
        .where(and(eq(outboxEvents.type, 'mailbox.needs_reauth'))),
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ mailboxId: fx.mailboxId, email: fx.address, code: 'needs-reauth' });
    const audit = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'mailbox.needs_reauth')),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'system', targetId: fx.mailboxId });

    // Skipped while it waits for its owner, with no second event; the other mailbox goes on.
    expect((await syncMailbox(fx.mailboxId)).skipped).toBe('needs_reauth');
    expect(await syncMailbox(other.mailboxId)).toMatchObject({ state: 'active', created: 1 });
    const testResult = await testStoredMailbox({ tenantId: fx.tenant.tenantId, mailboxId: fx.mailboxId });
    expect(testResult.ok).toBe(false);

    // A new authorization (the owner signed in again) brings it back, cursor untouched.
    const restored = await authorizeOAuthMailbox(provider, fx);
    expect(restored.state).toBe('active');
    const back = await getMailboxRow(fx.tenant.tenantId, fx.mailboxId);
    expect(back).toMatchObject({
      state: 'active',
      lastError: null,
      imapUidValidity: cursor.imapUidValidity,
      importedAt: cursor.importedAt,
      importProcessed: cursor.importProcessed,
    });
    const resumed = await syncMailbox(fx.mailboxId, { untilEmpty: true });
    expect(resumed).toMatchObject({ state: 'active', created: 1, duplicates: 0 });
    const subjects = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select({ s: cases.subject, m: cases.mailboxId }).from(cases).where(eq(cases.mailboxId, fx.mailboxId)),
    );
    expect(subjects.map((c) => c.s).sort()).toEqual(['Before', 'Waiting']);
    const [{ n }] = await withTenant(fx.tenant.tenantId, async (tx) => [
      { n: (await tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'mailbox.needs_reauth'))).length },
    ]);
    expect(n).toBe(1);
    void mailboxes;
  });
});
