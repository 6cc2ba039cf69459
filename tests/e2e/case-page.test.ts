// The case page in Chromium against the built app and an SMTP sink: each message shows its To and Cc;
// status, assignee, priority and tags are saved as they change (no Save button); "Assign to me"; a
// reply-all keeps the customer's Cc and never copies our own mailboxes, sent with "Send and set Pending";
// `c` closes the case and moves on to the next one; a canned reply (inserted with `/`, placeholders filled)
// and the agent's signature reach the customer with an attached file; closing leaves an Undo notice; `?` lists
// the shortcuts; a forward reaches a third party; a reply undone within its delay is never sent. Screenshots go to tests/e2e/artifacts/.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseMessages, cases, outboxEvents } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { sendReply } from '@/lib/cases/send-reply';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { ownerOf, signIn } from '../helpers/sign-in';
import { makeMailboxRow, receiveMail, type TestMailbox } from '../helpers/receive-mail';
import { startSmtpSink } from '../helpers/smtp-sink';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { useStarted } from '../helpers/use-started';

const { app, browser } = useAppAndBrowser();
const sink = useStarted(
  () => startSmtpSink({ starttls: false }),
  (s) => s.stop(),
);
let tenant: TestTenant;
let mailbox: TestMailbox;
let alias: TestMailbox;

beforeAll(async () => {
  tenant = await makeTenant('casepage');
  const smtp = {
    smtpHost: '127.0.0.1',
    smtpPort: sink.port,
    smtpSecurity: 'none' as const,
    smtpSameAsIncoming: false,
    tlsVerify: false,
  };
  mailbox = await makeMailboxRow(tenant.tenantId, smtp);
  alias = await makeMailboxRow(tenant.tenantId, smtp);
});

const suffix = randomBytes(3).toString('hex');
const shot = (page: Page, name: string) => screenshot(page, `case-page-${name}`);

const signInAsOwner = (page: Page) => signIn(page, app.url, ownerOf(tenant), tenant.slug);

describe('the case page', () => {
  it('shows To and Cc, edits in place, assigns to me, replies to all with a file and Send and set Pending, c closes and moves on, Undo reopens', async () => {
    const ana = `ana-${suffix}@customer.test`;
    const originalId = `team-${suffix}@customer.test`;
    const older = await receiveMail(
      tenant.tenantId,
      mailbox,
      buildMail({
        from: `Earlier <earlier-${suffix}@customer.test>`,
        to: mailbox.email,
        subject: 'Earlier case',
        text: 'hi',
      }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const r = await receiveMail(
      tenant.tenantId,
      mailbox,
      buildMail({
        from: `Ana Lima <${ana}>`,
        to: [mailbox.email, `Bo <bo-${suffix}@customer.test>`],
        cc: [`carla-${suffix}@partner.test`, alias.email],
        subject: 'Team question about our order',
        text: 'Copying my colleagues, please answer all of us.',
        messageId: originalId,
      }),
    );
    const number = (r as { caseNumber: number }).caseNumber;
    const olderNumber = (older as { caseNumber: number }).caseNumber;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInAsOwner(page);
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${number}`);

    // To and Cc of the customer's message.
    const first = page.getByTestId('history-entry').first();
    const recipients = await first.getByTestId('message-recipients').textContent();
    expect(recipients).toContain(`Bo <bo-${suffix}@customer.test>`);
    expect(await first.getByTestId('message-cc').textContent()).toContain(`carla-${suffix}@partner.test`);
    await shot(page, '01-to-and-cc');

    // Edited in place: no Save button anywhere in the controls.
    const controls = page.getByTestId('case-controls');
    expect(await controls.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await controls.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.getByLabel('Assignee').inputValue(), { timeout: 10_000 }).toBe(tenant.ownerUserId);
    await page.getByLabel('Priority').selectOption('urgent');
    await expect
      .poll(() => page.getByTestId('priority-chip').first().textContent(), { timeout: 10_000 })
      .toBe('urgent');
    await page.getByLabel('Tags').fill('VIP, billing');
    await page.getByLabel('Tags').press('Enter');
    await expect
      .poll(async () => (await page.getByTestId('tag-chip').allTextContents()).sort(), { timeout: 10_000 })
      .toEqual(['billing', 'vip']);
    await expect
      .poll(() => page.getByTestId('history-entry').filter({ hasText: 'assigned the case to' }).count())
      .toBe(1);
    await shot(page, '02-edited-in-place');

    // A canned reply and a signature, set up in the Replies settings.
    await page.goto(`${app.url}/t/${tenant.slug}/settings/replies`);
    await page.getByLabel('Your signature').fill(`Sam from Support ${suffix}`);
    await page.getByRole('button', { name: 'Save signature' }).click();
    await page.getByText('Signature saved.').waitFor();
    const newForm = page.getByTestId('canned-form-new');
    await newForm.getByLabel('Name').fill('Shipping today');
    await newForm.getByLabel('Text').fill('Hi {{requester.first_name}}, case {{case.number}} ships today.');
    await newForm.getByRole('button', { name: 'Add canned reply' }).click();
    await page.getByTestId('canned-replies').getByLabel('Name').first().waitFor();
    await shot(page, '03-canned-reply-and-signature');
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${number}`);

    // `/` in the empty reply box opens the picker; the snippet goes in with its placeholders filled.
    await page.locator('#composer-text').click();
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('canned-picker');
    await page.getByTestId('canned-picker').selectOption({ label: 'Shipping today' });
    expect(await page.locator('#composer-text').inputValue()).toBe(`Hi Ana, case ${number} ships today.`);

    // Reply all (ticked by default), sent with "Send and set Pending".
    const replyAll = page.getByTestId('reply-all');
    expect(await replyAll.textContent()).toContain(`carla-${suffix}@partner.test`);
    expect(await replyAll.textContent()).not.toContain(alias.email);
    expect(await replyAll.textContent()).not.toContain(mailbox.email);
    await page.locator('#composer-text').press('End');
    await page.keyboard.type(' Hello all.');
    await page.getByTestId('composer-files').setInputFiles({
      name: 'label.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(`%PDF-1.4 label ${suffix}\n%%EOF\n`),
    });
    await shot(page, '04a-reply-with-attachment');
    await page.getByRole('button', { name: 'Send and set Pending' }).click();
    await expect.poll(() => page.getByLabel('Status').inputValue(), { timeout: 15_000 }).toBe('pending');
    const [queued] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select({ id: caseMessages.id })
        .from(caseMessages)
        .where(
          and(
            eq(caseMessages.direction, 'out'),
            eq(caseMessages.subject, `Re: [Case #${number}] Team question about our order`),
          ),
        ),
    );
    expect(queued).toBeDefined();
    await sendReply(queued.id);
    const sent = sink.messages.find((m) => m.parsed.text?.includes('ships today'));
    expect(sent).toBeDefined();
    expect(sent!.parsed.text).toContain(`Hi Ana, case ${number} ships today. Hello all.`);
    expect(sent!.parsed.text).toContain(`\n-- \nSam from Support ${suffix}`);
    expect(sent!.envelope.to.sort()).toEqual(
      [ana, `bo-${suffix}@customer.test`, `carla-${suffix}@partner.test`].sort(),
    );
    expect(sent!.headers.get('to')).toContain(ana);
    expect(sent!.headers.get('cc')).toContain(`carla-${suffix}@partner.test`);
    expect(sent!.headers.get('cc')).not.toContain(alias.email);
    expect(sent!.headers.get('in-reply-to')).toBe(`<${originalId}>`);
    expect(sent!.parsed.attachments.map((a) => a.filename)).toEqual(['label.pdf']);
    expect(sent!.parsed.attachments[0].content.toString()).toBe(`%PDF-1.4 label ${suffix}\n%%EOF\n`);
    await page.reload();
    // The history lists the file on the reply.
    await expect
      .poll(() => page.getByTestId('history-entry').filter({ hasText: 'label.pdf' }).count(), { timeout: 10_000 })
      .toBe(1);
    await shot(page, '04-replied-to-all-pending');

    // `?` lists the shortcuts.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts-overlay').waitFor({ state: 'visible' });
    await shot(page, '04b-shortcuts');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts-overlay').waitFor({ state: 'hidden' });

    // Forward (f): the customer's message goes to a third party below the agent's words.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
    await page.getByLabel('Forward to').fill(`parts-${suffix}@vendor.test`);
    await page.locator('#composer-text').fill('Can you help with this order?');
    await shot(page, '04d-forward');
    await page.getByRole('button', { name: 'Forward', exact: true }).click();
    const forward = page.getByTestId('history-entry').filter({ hasText: `parts-${suffix}@vendor.test` });
    await forward.waitFor({ timeout: 15_000 });
    expect(await forward.textContent()).toContain('Forward by');
    const [forwardRow] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .select({ id: caseMessages.id })
        .from(caseMessages)
        .where(eq(caseMessages.subject, `Fwd: [Case #${number}] Team question about our order`)),
    );
    await sendReply(forwardRow.id);
    const forwardedMail = sink.messages.find((m) => m.envelope.to.includes(`parts-${suffix}@vendor.test`));
    expect(forwardedMail?.parsed.text).toContain('---------- Forwarded message ---------');
    expect(forwardedMail?.parsed.text).toContain('Copying my colleagues, please answer all of us.');
    await page.getByRole('tab', { name: /Reply/ }).click();

    // Undo send: a reply withdrawn within its delay never reaches the sink.
    const oopsText = `Oops, wrong case ${suffix}`;
    await page.locator('#composer-text').fill(oopsText);
    await page.getByRole('button', { name: 'Send reply' }).click();
    const oops = page.getByTestId('history-entry').filter({ hasText: oopsText });
    await oops.waitFor({ timeout: 15_000 });
    await shot(page, '04c-reply-queued-with-undo');
    await oops.getByRole('button', { name: 'Undo send' }).click();
    await expect.poll(() => oops.count(), { timeout: 15_000 }).toBe(0);
    // What the sender does once the delay is over: nothing is left to send.
    const queuedEvents = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(outboxEvents).where(eq(outboxEvents.type, 'reply.queued')),
    );
    for (const event of queuedEvents) await processOutboxEvent(event);
    expect(sink.messages.some((m) => m.parsed.text?.includes(oopsText))).toBe(false);

    // c closes and moves on to the next (older) case.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    await page.waitForURL(new RegExp(`/cases/${olderNumber}$`), { timeout: 15_000 });
    const notice = page.getByTestId('close-undo');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toContain(`Case #${number} closed.`);
    await shot(page, '05-next-case-after-c');
    const [closed] = await withTenant(tenant.tenantId, (tx) =>
      tx.select({ status: cases.status }).from(cases).where(eq(cases.number, number)),
    );
    expect(closed.status).toBe('closed');

    // Undo (within its 10 s) puts it back as it was: Pending.
    await notice.getByRole('button', { name: 'Undo' }).click();
    await notice.waitFor({ state: 'hidden', timeout: 15_000 });
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${number}`);
    expect(await page.getByLabel('Status').inputValue()).toBe('pending');
    await shot(page, '06-close-undone');
    await context.close();
  });
});
