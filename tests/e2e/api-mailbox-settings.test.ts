// Editing a Microsoft Graph or Gmail API mailbox on its page, in Chromium against the built app (mailboxes made on
// the local fakes): a new folder or name is saved and shown; a new API URL without the client secret is refused at
// the secret field and changes nothing; with the secret it is saved, the old grant is dropped and the page asks for
// a new sign-in; the client secret's expiry date is set and cleared. Screenshots go to tests/e2e/artifacts/.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { reenterClientSecretMessage } from '@/lib/mailboxes/secret-destination';
import { makeGmailMailbox, makeGraphMailbox, type ApiMailboxFixture } from '../helpers/api-mailbox';
import { screenshot } from '../helpers/browser';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { useAppAndBrowser } from '../helpers/use-app';
import { useMailApiFakes } from '../helpers/use-mail-api-fakes';

const { provider, graph, gmail } = useMailApiFakes();
const { app, browser } = useAppAndBrowser();

const shot = (page: Page, name: string) => screenshot(page, `api-mailbox-settings-${name}`);

async function openMailboxPage(fx: ApiMailboxFixture) {
  const page = await signedInPage(browser, app.url, ownerOf(fx.tenant), fx.tenant.slug, {
    viewport: { width: 1280, height: 1100 },
  });
  await page.goto(`${app.url}/t/${fx.tenant.slug}/settings/mailboxes/${fx.mailboxId}`);
  return { page, form: page.getByTestId('api-mailbox-settings-form') };
}

const row = (fx: ApiMailboxFixture) => getMailboxRow(fx.tenant.tenantId, fx.mailboxId);

describe('the Settings of an API mailbox on its page', () => {
  it('Graph: a new folder is saved and shown; a new API URL needs the client secret again, then drops the grant', async () => {
    const fx = await makeGraphMailbox(provider, graph, { mode: 'delegated' });
    // Connected and running, as after its import.
    await withTenant(fx.tenant.tenantId, (tx) =>
      tx.update(mailboxes).set({ state: 'active' }).where(eq(mailboxes.id, fx.mailboxId)),
    );
    const { page, form } = await openMailboxPage(fx);
    expect(await page.getByTestId('oauth-status').textContent()).toBe(`Authorized as ${fx.user}`);
    expect(await form.getByLabel('Client secret').inputValue()).toBe('');

    await form.getByLabel('Display name (optional)').fill('Contoso support');
    await form.getByLabel('Folder', { exact: true }).fill('Escalations');
    await form.getByLabel('Folder', { exact: true }).press('Enter');
    await form
      .getByRole('status')
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();
    await expect.poll(() => page.getByTestId('api-mailbox-settings').textContent()).toContain('(Escalations)');
    const saved = await row(fx);
    expect(saved).toMatchObject({ folder: 'Escalations', displayName: 'Contoso support', apiBaseUrl: graph.url });
    // Nothing moved: the secret and the grant stay.
    expect(saved.oauthRefreshTokenSealed).not.toBeNull();
    expect(await page.getByTestId('needs-reauth-banner').count()).toBe(0);
    await shot(page, '01-folder-saved');

    // A URL that is not https is refused at its field; a new API URL without the secret at the secret field,
    // and nothing is saved.
    const moved = graph.url.replace(/\/v1\.0$/, '/beta');
    await form.getByText('Endpoints (national clouds, testing)').click();
    await form.getByLabel('API URL').fill('ftp://graph.example');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.locator('#api-edit-apiBaseUrl-error').filter({ hasText: 'must start with https://' }).waitFor();
    await form.getByLabel('API URL').fill(moved);
    await form.getByRole('button', { name: 'Save settings' }).click();
    const secretError = form.locator('#api-edit-clientSecret-error');
    await secretError.waitFor();
    expect(await secretError.textContent()).toBe(reenterClientSecretMessage);
    expect(await form.getByLabel('Client secret').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('API URL').inputValue()).toBe(moved);
    expect(await row(fx)).toMatchObject({
      apiBaseUrl: graph.url,
      oauthClientSecretSealed: saved.oauthClientSecretSealed,
      oauthRefreshTokenSealed: saved.oauthRefreshTokenSealed,
    });
    await shot(page, '02-secret-needed');

    // With the secret: saved, the old grant dropped, and the page asks for a new sign-in.
    await form.getByLabel('Client secret').fill(fx.client.clientSecret);
    await form.getByLabel('Client secret').press('Enter');
    await form.getByRole('status').filter({ hasText: 'sign in again' }).waitFor();
    const after = await row(fx);
    expect(after.apiBaseUrl).toBe(moved);
    expect(after.oauthClientSecretSealed).not.toBeNull();
    expect(after.oauthClientSecretSealed).not.toBe(saved.oauthClientSecretSealed);
    expect(after.oauthRefreshTokenSealed).toBeNull();
    await page.getByTestId('needs-reauth-banner').waitFor();
    expect(await page.getByTestId('oauth-status').textContent()).toBe('Not authorized yet');
    // The endpoints stay open as the owner left them; the typed secret is not kept in the page, and never shown.
    expect(await form.getByLabel('API URL').isVisible()).toBe(true);
    expect(await form.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(fx.client.clientSecret);
    await shot(page, '03-sign-in-again');
  });

  it('Gmail: the label and the Gmail endpoints are edited in the same form; a new label and the secret’s expiry date are saved', async () => {
    const fx = await makeGmailMailbox(provider, gmail);
    const { page, form } = await openMailboxPage(fx);
    expect(await form.getByLabel('Token URL').inputValue()).toBe(provider.tokenUrl);
    await form.getByLabel('Label', { exact: true }).fill('Support');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form
      .getByRole('status')
      .filter({ hasText: /^Saved\.$/ })
      .waitFor();
    await expect.poll(() => page.getByTestId('api-mailbox-settings').textContent()).toContain('(Support)');
    expect(await row(fx)).toMatchObject({ folder: 'Support', syncCursor: null });
    expect((await row(fx)).oauthRefreshTokenSealed).not.toBeNull();

    // A polling interval out of bounds: the bounds are named at the field, nothing saved.
    await form.getByLabel('Check for new mail every (seconds)').fill('5');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form
      .locator('#api-edit-pollIntervalSeconds-error')
      .filter({ hasText: 'Check for new mail between every 15 seconds and once a day (86400 seconds).' })
      .waitFor();
    expect((await row(fx)).pollIntervalSeconds).not.toBe(5);
    await form.getByLabel('Check for new mail every (seconds)').fill('300');

    // The client secret's expiry date: saved, shown again after a reload, and cleared by emptying the field.
    const expiry = async () => (await row(fx)).oauthClientSecretExpiresAt?.toISOString() ?? null;
    await form.getByLabel('Secret’s expiry date (optional)').fill('2027-05-31');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(expiry).toBe('2027-05-31T00:00:00.000Z');
    await page.reload();
    expect(await form.getByLabel('Secret’s expiry date (optional)').inputValue()).toBe('2027-05-31');
    await form.getByLabel('Secret’s expiry date (optional)').fill('');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(expiry).toBeNull();
    expect(await form.getByLabel('Secret’s expiry date (optional)').inputValue()).toBe('');
  });
});
