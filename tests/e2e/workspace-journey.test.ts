// In Chromium against the built app, a real Dovecot and an SMTP sink: sign up
// → wizard with a 12-message mailbox → the dialog says 12 → Continue → progress → 12 Closed cases →
// new mail appears without a reload → reply → the sink gets it threaded → the customer's answer
// joins the history → close. A screenshot of each step goes to tests/e2e/artifacts/.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '@/db/schema';
import { withSystem } from '@/db/tenancy';
import { Runner } from '@/lib/runner/runner';
import { screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { fillImapServerStep } from '../helpers/mailbox-wizard';
import { saveServerStep, testConnection } from '../helpers/mailbox-wizard-save';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { useAppAndBrowser } from '../helpers/use-app';
import { useDovecot } from '../helpers/use-dovecot';

const dovecot = useDovecot();
const { app, browser } = useAppAndBrowser();
let sink: SmtpSink;
let runner: Runner | undefined;
let mailUser: { user: string; password: string };

beforeAll(async () => {
  mailUser = await dovecot.addUser();
  // The mailbox's SMTP uses the same credentials as incoming ("same as incoming").
  sink = await startSmtpSink({ starttls: false, auth: { user: mailUser.user, pass: mailUser.password } });
});

afterAll(async () => {
  await runner?.stop(5_000);
  await sink?.stop();
});

const suffix = randomBytes(3).toString('hex');
const owner = { email: `journey-${suffix}@example.test`, password: 'journey-password-1' };
const shot = (page: Page, name: string) => screenshot(page, `workspace-${name}`);

describe('the agent workspace journey', () => {
  it('sign up, connect a 12-message mailbox, import, new mail live, reply by email, customer answer, close', async () => {
    const address = `${mailUser.user}@support.test`;
    await dovecot.append(
      mailUser.user,
      Array.from({ length: 12 }, (_, i) =>
        buildMail({
          from: `Old Customer ${i} <old${i}-${suffix}@customer.test>`,
          to: address,
          subject: `Old question ${i}`,
          text: `Old message number ${i}.`,
          date: new Date(Date.now() - (12 - i) * 3600_000),
        }),
      ),
    );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // Sign up.
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill(owner.password);
    await page.getByLabel('Workspace name').fill(`Journey ${suffix}`);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.waitForURL(/\/t\/journey-[0-9a-f]+$/);
    const slug = new URL(page.url()).pathname.split('/')[2];
    const [tenant] = await withSystem((tx) =>
      tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)),
    );
    // The import and polling run in a runner dedicated to this tenant (the app's own is off in tests).
    runner = new Runner({ concurrency: 2, idleMax: 5, tickMs: 300, tenantIds: [tenant.id], log: () => {} });
    runner.start();
    await shot(page, '01-signed-up');

    // The wizard: address first, then the server settings.
    await page.getByRole('link', { name: 'Mailboxes' }).click();
    await page.getByTestId('mailboxes-empty').waitFor();
    await shot(page, '02-no-mailboxes');
    await page.getByRole('link', { name: 'Connect your first mailbox' }).click();
    await page.getByTestId('wizard-address').getByLabel('Support address').fill(address);
    await page.getByTestId('wizard-address').getByRole('button', { name: 'Continue' }).click();
    // Scoped to our form: the OAuth panel on the same page has fields of its own.
    const wizard = page.getByTestId('wizard-server');
    await expect(wizard.getByLabel('Username', { exact: true }).inputValue()).resolves.toBe(address);
    await fillImapServerStep(wizard, dovecot.ports.imap, mailUser);
    await wizard.getByLabel('SMTP host').fill('127.0.0.1');
    await wizard.getByLabel('SMTP port').fill(String(sink.port));
    await wizard.getByLabel('Security').selectOption('none');
    await testConnection(wizard, /12 messages are in this mailbox/);
    await shot(page, '03-wizard-tested');

    // The confirmation dialog names the count and what will happen.
    const dialog = await saveServerStep(page, wizard);
    expect(await page.getByTestId('import-count').textContent()).toBe('12');
    expect(await page.getByTestId('import-dialog-text').textContent()).toBe(
      '12 messages are in this mailbox. They will be imported as Closed cases without acknowledgements and then deleted from the server. Use a mailbox dedicated to support.',
    );
    await shot(page, '04-import-dialog');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/settings\/mailboxes\/[0-9a-f-]{36}$/);
    await shot(page, '05-importing');
    await expect
      .poll(() => page.getByTestId('mailbox-state').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('active');
    await shot(page, '06-mailbox-active');
    expect(await dovecot.count(mailUser.user)).toBe(0);

    // 12 Closed cases.
    // The list opens on "My open" (empty: imported history is Closed and nobody's).
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByTestId('cases-empty').waitFor();
    expect(await page.getByTestId('count-closed').textContent()).toBe('12');
    await page.getByTestId('status-tab-closed').click();
    await page.waitForURL(/view=closed/);
    await expect.poll(() => page.getByTestId('case-row').count(), { timeout: 15_000 }).toBe(12);
    await shot(page, '07-twelve-closed-cases');
    await page.getByTestId('status-tab-all').click();
    await page.waitForURL(new RegExp(`/t/${slug}/cases\\?view=all$`));

    // A new email shows up without a reload.
    const customer = `new-${suffix}@customer.test`;
    const firstId = `first-${suffix}@customer.test`;
    await dovecot.append(mailUser.user, [
      buildMail({
        from: `New Customer <${customer}>`,
        to: address,
        subject: 'My parcel is lost',
        text: 'Where is my parcel?',
        messageId: firstId,
      }),
    ]);
    const newRow = page.getByTestId('case-row').filter({ hasText: 'My parcel is lost' });
    await expect.poll(() => newRow.count(), { timeout: 90_000, interval: 500 }).toBe(1);
    await shot(page, '08-new-case-live');

    // Open it and reply (r focuses the reply box).
    await newRow.getByTestId('case-link').click();
    await page.getByTestId('case-title').waitFor();
    const caseNumber = Number(/\/cases\/(\d+)$/.exec(page.url())![1]);
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer-text');
    await page.keyboard.type('We are looking into it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByTestId('history-entry').filter({ hasText: 'We are looking into it.' });
    await expect
      .poll(() => reply.getByTestId('delivery-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('sent');
    await shot(page, '09-reply-sent');

    const sent = sink.messages.find((m) => m.parsed.text?.includes('We are looking into it.'));
    expect(sent).toBeDefined();
    expect(sent!.envelope.to).toEqual([customer]);
    expect(sent!.headers.get('in-reply-to')).toBe(`<${firstId}>`);
    expect(sent!.headers.get('references')).toContain(`<${firstId}>`);
    expect(sent!.parsed.subject).toBe(`Re: [Case #${caseNumber}] My parcel is lost`);
    const ourId = sent!.headers.get('message-id')!;

    // The customer answers; the answer joins the history without a reload.
    await dovecot.append(mailUser.user, [
      buildMail({
        from: `New Customer <${customer}>`,
        to: address,
        subject: `Re: [Case #${caseNumber}] My parcel is lost`,
        text: 'Thanks, it just arrived!',
        inReplyTo: ourId,
        references: [firstId, ourId],
      }),
    ]);
    await expect
      .poll(() => page.getByTestId('history-entry').filter({ hasText: 'Thanks, it just arrived!' }).count(), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(1);
    await shot(page, '10-customer-answer');

    // Close it with the keyboard: c closes and moves on to the next case; the closed one says so.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    await page.waitForURL((u) => !u.pathname.endsWith(`/cases/${caseNumber}`), { timeout: 15_000 });
    await page.goto(`${app.url}/t/${slug}/cases/${caseNumber}`);
    await expect.poll(() => page.getByLabel('Status').inputValue(), { timeout: 15_000 }).toBe('closed');
    await expect
      .poll(() => page.getByTestId('history-entry').filter({ hasText: 'from open to closed' }).count())
      .toBe(1);
    await shot(page, '11-closed');
    await context.close();
  });
});
