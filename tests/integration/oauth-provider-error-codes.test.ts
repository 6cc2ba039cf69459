// Credential health: when a provider refuses to renew a grant, the mailbox says so with the provider's
// own error code (RFC 6749's word, Microsoft's AADSTS number) and what to do, not a generic sentence.
import { describe, expect, it } from 'vitest';
import { confirmMailboxImport } from '@/lib/mailboxes/confirm-import';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { authorizeOAuthMailbox, makeOAuthMailbox, type ProviderStyle } from '../helpers/oauth-provider';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();

async function refusedRefresh(style: ProviderStyle) {
  const fx = await makeOAuthMailbox(dovecot, provider, { style, protocol: 'imaps' });
  await authorizeOAuthMailbox(provider, fx);
  await confirmMailboxImport(fx.tenant.tenantId, fx.mailboxId);
  expect((await syncMailbox(fx.mailboxId, { untilEmpty: true })).state).toBe('active');
  provider.revoke(fx.address); // the refresh token and the live access token die at the provider
  const failed = await syncMailbox(fx.mailboxId);
  dovecot.clearAuthPenalty();
  return { failed, row: await getMailboxRow(fx.tenant.tenantId, fx.mailboxId) };
}

describe('a refused refresh names the provider’s error code', () => {
  it('Microsoft: invalid_grant with its AADSTS number, what it means and what to do', async () => {
    const { failed, row } = await refusedRefresh('microsoft');
    expect(failed).toMatchObject({ state: 'needs_reauth', error: { code: 'needs-reauth' } });
    expect(row.state).toBe('needs_reauth');
    expect(row.lastError).toContain('(invalid_grant, AADSTS50173)');
    expect(row.lastError).toMatch(/revoked, or the account’s password changed/);
    expect(row.lastError).toMatch(/Get authorization code/);
    expect(failed.error?.message).toBe(row.lastError);
    // The rest of the description (trace ids) is never shown.
    expect(row.lastError).not.toMatch(/Trace ID/);
  });

  it('Google: invalid_grant “Token has been expired or revoked.” points at the 7-day expiry of apps in Testing', async () => {
    const { failed, row } = await refusedRefresh('google');
    expect(failed.state).toBe('needs_reauth');
    expect(row.lastError).toContain('invalid_grant: “Token has been expired or revoked.”');
    expect(row.lastError).toMatch(/“Testing” after 7 days/);
  });
});
