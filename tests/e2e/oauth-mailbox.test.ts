// OAuth mailboxes (and the needs-reauth banner) in Chromium against the built app, a real
// Dovecot validating tokens with the local OAuth provider: the OAuth wizard → "Save and get
// authorization code" → approve on the provider's page → back on the mailbox page with the message
// count → continue the import → revoked at the provider → needs-reauth banner → "Get authorization
// code" → approved → active again. A forged callback ends on a page that says so.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { makeTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { useOAuthDovecot } from '../helpers/use-dovecot';

const { provider, dovecot } = useOAuthDovecot();
const { app, browser } = useAppAndBrowser();

const shot = (page: Page, name: string) => screenshot(page, `oauth-${name}`);

describe('connecting a mailbox with OAuth 2.0 in the browser', () => {
  it('wizard → provider approval → message count → import → revoked → banner → Get authorization code → active again', async () => {
    const tenant = await makeTenant('oauth-e2e');
    const { user } = await dovecot.addUser();
    const address = `${user}@oauth.test`;
    provider.addAccount(address, user);
    const client = provider.addClient({ style: 'microsoft' });
    await dovecot.append(
      user,
      [1, 2, 3].map((i) =>
        buildMail({ from: `old${i}@customer.test`, to: address, subject: `Old ${i}`, text: 'before' }),
      ),
    );

    const page = await signedInPage(browser, app.url, ownerOf(tenant), tenant.slug, {
      viewport: { width: 1280, height: 1000 },
    });

    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    await page.getByText('Connect with OAuth 2.0').click();
    const wizard = page.getByTestId('oauth-wizard');
    await wizard.getByLabel('Email address').fill(address);
    await wizard.getByLabel('Protocol').selectOption('imaps');
    await wizard.getByLabel('Server (optional)').fill(dovecot.host);
    await wizard.getByLabel('Port (optional)').fill(String(dovecot.ports.imaps));
    await wizard.getByLabel('Username (optional)').fill(user);
    await wizard.getByLabel('Verify the server’s TLS certificate').uncheck();
    await wizard.getByLabel('Provider').selectOption('microsoft');
    expect(await wizard.getByLabel('Scope (space-separated)').inputValue()).toContain('IMAP.AccessAsUser.All');
    await wizard.getByLabel('Client ID').fill(client.clientId);
    await wizard.getByLabel('Client secret').fill(client.clientSecret);
    await wizard.getByLabel('Authorization URL').fill(provider.authorizationUrl);
    await wizard.getByLabel('Token URL').fill(provider.tokenUrl);
    await shot(page, '01-wizard');
    await wizard.getByRole('button', { name: 'Save and get authorization code' }).click();

    // The provider's page: approve with a click.
    await page.waitForURL(new RegExp(`^${provider.url}/authorize`));
    expect(await page.locator('#account').textContent()).toBe(address);
    await shot(page, '02-provider');
    await page.getByRole('button', { name: 'Approve' }).click();

    // Back on the mailbox page, authorized, with the count of messages waiting.
    await page.waitForURL(new RegExp(`/t/${tenant.slug}/settings/mailboxes/[0-9a-f-]{36}\\?authorized=1`));
    const mailboxId = new URL(page.url()).pathname.split('/').pop()!;
    await expect.poll(() => page.getByTestId('oauth-message-count').textContent(), { timeout: 30_000 }).toBe('3');
    expect(await page.getByTestId('oauth-status').textContent()).toBe(`Authorized as ${address}`);
    await shot(page, '03-authorized');

    await page.getByRole('button', { name: 'Continue the import' }).click();
    await page.getByTestId('import-dialog').getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(async () => (await getMailboxRow(tenant.tenantId, mailboxId)).state, { timeout: 30_000 })
      .toBe('importing');
    // The runner's work, done here: the import empties the mailbox.
    expect(await syncMailbox(mailboxId, { untilEmpty: true })).toMatchObject({ state: 'active', created: 3 });
    expect(await dovecot.count(user)).toBe(0);

    // Consent withdrawn at the provider: the next sync finds out, the page shows the banner.
    provider.revoke(address);
    expect((await syncMailbox(mailboxId)).state).toBe('needs_reauth');
    dovecot.clearAuthPenalty();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/${mailboxId}`);
    await page.getByTestId('needs-reauth-banner').waitFor();
    await shot(page, '04-needs-reauth');
    await page.goto(`${app.url}/t/${tenant.slug}`);
    expect(await page.getByTestId('needs-reauth-home-banner').textContent()).toContain(address);
    await shot(page, '04b-needs-reauth-home');
    await page.getByTestId('needs-reauth-home-banner').getByRole('link', { name: address }).click();
    await page.waitForURL(new RegExp(`/settings/mailboxes/${mailboxId}$`));

    await page.getByRole('button', { name: 'Get authorization code' }).click();
    await page.waitForURL(new RegExp(`^${provider.url}/authorize`));
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(new RegExp(`/settings/mailboxes/${mailboxId}\\?authorized=1`));
    expect(await page.getByTestId('needs-reauth-banner').count()).toBe(0);
    expect((await getMailboxRow(tenant.tenantId, mailboxId)).state).toBe('active');
    await dovecot.append(user, [
      buildMail({ from: 'new@customer.test', to: address, subject: 'After re-auth', text: 'hi' }),
    ]);
    expect(await syncMailbox(mailboxId, { untilEmpty: true })).toMatchObject({ state: 'active', created: 1 });
    await shot(page, '05-restored');

    // A forged answer on the callback: a page in our words, nothing stored.
    const forged = await page.goto(`${app.url}/api/oauth/mailbox/callback?code=forged&state=not-a-state`);
    expect(forged?.status()).toBe(400);
    expect(await page.locator('#oauth-error').textContent()).toMatch(/does not belong to a request you started/);
    await shot(page, '06-forged-callback');
  });
});
