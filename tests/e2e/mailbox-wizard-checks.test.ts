// The mailbox wizard in Chromium against the built app, a real Dovecot and a real SMTP server (the sink,
// requiring AUTH): "Test connection" reports the outgoing server too — a wrong SMTP port is named and
// Save stays off until it answers —, a Gmail address is pointed to OAuth, and the OAuth form keeps every
// field and its provider after a server-side error (it used to clear them and fall back to Google while
// the scope and URLs stayed Microsoft's). Screenshots go to tests/e2e/artifacts/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { freePort } from '../helpers/free-port';
import { fillImapServerStep } from '../helpers/mailbox-wizard';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();
const { app, browser } = useAppAndBrowser();
let sink: SmtpSink;
let tenant: TestTenant;
let mailUser: { user: string; password: string };

beforeAll(async () => {
  mailUser = await dovecot.addUser();
  [sink, tenant] = await Promise.all([
    startSmtpSink({ starttls: false, auth: { user: mailUser.user, pass: mailUser.password } }),
    makeTenant('wizard'),
  ]);
});

afterAll(async () => {
  await sink?.stop();
});

const shot = (page: Page, name: string) => screenshot(page, `wizard-${name}`);

const ownerPage = () =>
  signedInPage(browser, app.url, ownerOf(tenant), tenant.slug, { viewport: { width: 1280, height: 1000 } });

describe('the mailbox wizard', () => {
  it('reports a wrong SMTP port next to a working incoming server, then both servers once the port is right', async () => {
    const page = await ownerPage();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    await page.getByTestId('wizard-address').getByLabel('Support address').fill(`${mailUser.user}@support.test`);
    await page.getByTestId('wizard-address').getByRole('button', { name: 'Continue' }).click();
    const wizard = page.getByTestId('wizard-server');
    await fillImapServerStep(wizard, dovecot.ports.imap, mailUser);
    const closed = await freePort();
    await wizard.getByLabel('SMTP host').fill('127.0.0.1');
    await wizard.getByLabel('SMTP port').fill(String(closed));
    await wizard.getByLabel('Security').selectOption('none');
    await wizard.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => wizard.getByTestId('smtp-test-result').textContent(), { timeout: 30_000 })
      .toContain(`Nothing accepted the connection to the outbound server 127.0.0.1:${closed}.`);
    expect(await wizard.getByTestId('test-result').textContent()).toMatch(/^Connected\./);
    expect(await wizard.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await shot(page, '01-wrong-smtp-port');

    await wizard.getByLabel('SMTP port').fill(String(sink.port));
    await wizard.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => wizard.getByTestId('smtp-test-result').textContent(), { timeout: 30_000 })
      .toContain('connected and signed in (no message was sent)');
    expect(await wizard.getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);
    expect(sink.messages).toHaveLength(0);
    await shot(page, '02-both-servers-ok');
  });

  it('points a Gmail address to OAuth', async () => {
    const page = await ownerPage();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    await page.getByTestId('wizard-address').getByLabel('Support address').fill('help.desk@gmail.com');
    await page.getByTestId('wizard-address').getByRole('button', { name: 'Continue' }).click();
    expect(await page.getByTestId('wizard-oauth-hint').textContent()).toContain('Connect with OAuth 2.0');
    await shot(page, '03-gmail-oauth-hint');
  });

  it('the OAuth form keeps every field and the provider after a server-side error', async () => {
    const page = await ownerPage();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/new`);
    const wizard = page.getByTestId('oauth-wizard');
    await wizard.locator('summary').click();
    await wizard.getByLabel('Email address').fill('support@contoso.example');
    await wizard.getByLabel('Protocol').selectOption('pop3s');
    await wizard.getByLabel('Server (optional)').fill('outlook.office365.com');
    await wizard.getByLabel('Port (optional)').fill('995');
    await wizard.getByLabel('Username (optional)').fill('support@contoso.example');
    await wizard.getByLabel('Provider').selectOption('microsoft');
    const scope = await wizard.getByLabel('Scope (space-separated)').inputValue();
    expect(scope).toContain('POP.AccessAsUser.All');
    await wizard.getByLabel('Client secret').fill('the-client-secret');
    // No client ID: the server refuses the form.
    await wizard.getByRole('button', { name: 'Save and get authorization code' }).click();
    await expect.poll(() => wizard.getByRole('alert').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, '04-oauth-error-keeps-fields');
    expect({
      email: await wizard.getByLabel('Email address').inputValue(),
      protocol: await wizard.getByLabel('Protocol').inputValue(),
      host: await wizard.getByLabel('Server (optional)').inputValue(),
      port: await wizard.getByLabel('Port (optional)').inputValue(),
      username: await wizard.getByLabel('Username (optional)').inputValue(),
      provider: await wizard.getByLabel('Provider').inputValue(),
      scope: await wizard.getByLabel('Scope (space-separated)').inputValue(),
      secret: await wizard.getByLabel('Client secret').inputValue(),
    }).toEqual({
      email: 'support@contoso.example',
      protocol: 'pop3s',
      host: 'outlook.office365.com',
      port: '995',
      username: 'support@contoso.example',
      provider: 'microsoft',
      scope,
      secret: 'the-client-secret',
    });
  });
});
