// The mailbox wizard's sources in Chromium against the built app: each source shows its setup steps
// (Google and Microsoft with this install's exact redirect URI), a forwarding mailbox is created from the
// keyboard and shows its address, and an IMAP mailbox on a real Dovecot is set up to move processed mail
// to a folder and to read a further folder with its own assignee and tags. Screenshots go to tests/e2e/artifacts/.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { listMailboxFolders } from '@/lib/mailboxes/mailbox-folders';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { withImapLogin } from '../helpers/mail-server';
import { fillImapServerStep } from '../helpers/mailbox-wizard';
import { saveServerStep, testConnection } from '../helpers/mailbox-wizard-save';
import { getMailboxRow } from '../helpers/mailbox-fixture';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { useDovecot } from '../helpers/use-dovecot';

const INBOUND_DOMAIN = 'in.wizard.test';
const dovecot = useDovecot();
const { app, browser } = useAppAndBrowser({ INBOUND_DOMAIN });
let tenant: TestTenant;

beforeAll(async () => {
  tenant = await makeTenant('sources');
});

const shot = (page: Page, name: string) => screenshot(page, `wizard-sources-${name}`);

const ownerPage = () =>
  signedInPage(browser, app.url, ownerOf(tenant), tenant.slug, { viewport: { width: 1280, height: 1100 } });

const mailboxIdFrom = (url: string) => new URL(url).pathname.split('/').pop()!;

/** Follows a source's link on the wizard's first page to `?source=<source>`; returns the setup steps it shows. */
async function openSource(page: Page, link: RegExp, source: string) {
  await page.getByTestId('wizard-sources').getByRole('link', { name: link }).click();
  await page.waitForURL(new RegExp(`source=${source}$`));
  return page.getByTestId('setup-steps').textContent();
}

describe('the wizard’s sources', () => {
  it('Google, Microsoft, Microsoft Graph and the Gmail API show what to register, the permissions and this install’s exact redirect URI', async () => {
    const page = await ownerPage();
    const callback = `${app.url}/api/oauth/mailbox/callback`;
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    const google = await openSource(page, /Google with OAuth 2.0/, 'google');
    expect(google).toContain(callback);
    expect(google).toContain('https://mail.google.com/');
    expect(google).toMatch(/Testing.*7 days/);
    // The OAuth form opens with Google's preset.
    expect(await page.getByTestId('oauth-wizard').getByLabel('Provider').inputValue()).toBe('google');
    await shot(page, '01-google');

    const microsoft = await openSource(page, /Microsoft 365 with OAuth 2.0/, 'microsoft');
    expect(microsoft).toContain(callback);
    for (const permission of ['offline_access', 'IMAP.AccessAsUser.All', 'POP.AccessAsUser.All', 'SMTP.Send'])
      expect(microsoft).toContain(permission);
    expect(microsoft).toMatch(/Value.*not the Secret\s+ID/);
    const wizard = page.getByTestId('oauth-wizard');
    expect(await wizard.getByLabel('Provider').inputValue()).toBe('microsoft');
    expect(await wizard.getByLabel('Scope (space-separated)').inputValue()).toContain('IMAP.AccessAsUser.All');
    expect(await wizard.getByLabel('Secret’s expiry date (optional)').getAttribute('type')).toBe('date');
    await shot(page, '02-microsoft');

    const graph = await openSource(page, /Microsoft Graph/, 'graph');
    expect(graph).toContain(callback);
    for (const permission of ['Mail.ReadWrite', 'Mail.Send', 'Mail.ReadWrite.Shared', 'Mail.Send.Shared'])
      expect(graph).toContain(permission);
    expect(await page.getByTestId('api-mailbox-wizard').getByLabel('Service').inputValue()).toBe('graph');

    const gmail = await openSource(page, /Gmail API/, 'gmail-api');
    expect(gmail).toContain(callback);
    expect(gmail).toContain('https://www.googleapis.com/auth/gmail.modify');
    expect(await page.getByTestId('api-mailbox-wizard').getByLabel('Service').inputValue()).toBe('gmail-api');
  });

  it('creates a forwarding mailbox from the keyboard and shows its forwarding address; the same address twice is refused clearly', async () => {
    const page = await ownerPage();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    // Keyboard only: focus the source link, Enter, then type and submit with Enter.
    await page
      .getByTestId('wizard-sources')
      .getByRole('link', { name: /Forwarding address/ })
      .focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/source=forward$/);
    expect(await page.getByTestId('setup-steps').textContent()).toContain(`@${INBOUND_DOMAIN}`);
    const form = page.getByTestId('forward-wizard');
    await form.getByLabel('Send mail through an SMTP server').uncheck();
    const address = `help-${tenant.slug}@acme.test`;
    await form.getByLabel('Support address').fill(address);
    await form.getByLabel('Support address').press('Enter');
    const shown = page.getByTestId('forward-created').getByTestId('forwarding-address');
    await shown.waitFor({ timeout: 30_000 });
    const forwarding = (await shown.textContent())!.trim();
    expect(forwarding).toMatch(new RegExp(`^[a-z2-7]{20}@${INBOUND_DOMAIN.replace(/\./g, '\\.')}$`));
    await shot(page, '03-forward-created');

    await page.getByRole('link', { name: 'Open the mailbox' }).click();
    await page.waitForURL(/\/settings\/mailboxes\/[0-9a-f-]{36}$/);
    expect((await page.getByTestId('forwarding-address').textContent())!.trim()).toBe(forwarding);
    const row = await getMailboxRow(tenant.tenantId, mailboxIdFrom(page.url()));
    expect(row).toMatchObject({ protocol: 'forward', state: 'active', email: address, smtpHost: null });

    // The same support address again: a clear message, the form keeps what was typed.
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new?source=forward`);
    const again = page.getByTestId('forward-wizard');
    await again.getByLabel('Send mail through an SMTP server').uncheck();
    await again.getByLabel('Support address').fill(address);
    await again.getByRole('button', { name: 'Create forwarding address' }).click();
    await expect.poll(() => again.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await again.getByRole('alert').first().textContent()).toMatch(/already/i);
    expect(await again.getByLabel('Support address').inputValue()).toBe(address);
    await shot(page, '04-forward-duplicate');
  });

  it('sets up an IMAP mailbox that moves processed mail to a folder and reads a further folder with its own assignee and tags', async () => {
    const { user, password } = await dovecot.addUser();
    await dovecot.append(user, [
      buildMail({ from: 'ann@customer.test', to: `${user}@support.test`, subject: 'Old one' }),
    ]);
    const page = await ownerPage();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new?source=password`);
    await page.getByTestId('wizard-address').getByLabel('Support address').fill(`${user}@support.test`);
    await page.getByTestId('wizard-address').getByLabel('Support address').press('Enter');
    const wizard = page.getByTestId('wizard-server');
    await fillImapServerStep(wizard, dovecot.ports.imap, { user, password });
    await wizard.getByLabel('Send mail through an SMTP server').uncheck();
    // Delete is the default; choose the move.
    expect(await wizard.getByLabel('Delete it from the server (default)').isChecked()).toBe(true);
    await wizard.getByLabel('Move it to a folder').check();
    await wizard.getByLabel('Move to folder', { exact: true }).fill('Done');
    await wizard.getByRole('button', { name: 'Add a folder' }).click();
    await wizard.getByLabel('Folder 1', { exact: true }).fill('Billing');
    await wizard.getByLabel('Assign its cases to').selectOption(tenant.ownerUserId);
    await wizard.getByLabel('Tags (comma-separated)').fill('billing, invoices');
    await testConnection(wizard, /1 message is in this mailbox/);
    await shot(page, '05-imap-move-and-folder');
    const dialog = await saveServerStep(page, wizard);
    expect(await page.getByTestId('import-dialog-text').textContent()).toContain('and then moved to the folder Done.');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/settings\/mailboxes\/[0-9a-f-]{36}$/);
    const mailboxId = mailboxIdFrom(page.url());

    expect(await getMailboxRow(tenant.tenantId, mailboxId)).toMatchObject({
      protocol: 'imap',
      afterProcessing: 'move',
      moveToFolder: 'Done',
    });
    const folders = await withTenant(tenant.tenantId, (tx) => listMailboxFolders(tx, mailboxId));
    expect(folders).toEqual([
      expect.objectContaining({ name: 'Billing', assigneeId: tenant.ownerUserId, tags: ['billing', 'invoices'] }),
    ]);
    expect(await page.getByTestId('mailbox-folder').textContent()).toContain('Billing');
    await shot(page, '06-mailbox-page');

    // The runner's work, done here: the message is stored, then moved out of INBOX to Done (not deleted).
    const asUser = { host: dovecot.host, port: dovecot.ports.imap, user, pass: password };
    await withImapLogin(asUser, (c) => c.mailboxCreate('Billing'));
    const run = await syncMailbox(mailboxId, { untilEmpty: true });
    expect(run).toMatchObject({ created: 1 });
    expect(run.error).toBeUndefined();
    expect(await dovecot.count(user)).toBe(0);
    const done = await withImapLogin(asUser, (c) => c.status('Done', { messages: true }));
    expect(done && done.messages).toBe(1);
  });
});
