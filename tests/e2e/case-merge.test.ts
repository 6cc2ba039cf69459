// Merging cases in Chromium against the built app: two cases of the same requester merged from the case page
// (the other case is offered, a confirmation first), the history interleaved by time, the old number redirecting
// to the case it joined, and two more merged from the list's bulk selection. The account page changes the
// agent's name and notification emails. Screenshots go to tests/e2e/artifacts/.
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { buildMail } from '../helpers/mail-builder';
import { ownerOf, signIn } from '../helpers/sign-in';
import { makeMailboxRow, receiveMail, type TestMailbox } from '../helpers/receive-mail';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();
let tenant: TestTenant;
let mailbox: TestMailbox;

beforeAll(async () => {
  tenant = await makeTenant('merge-ui');
  mailbox = await makeMailboxRow(tenant.tenantId);
});

const suffix = randomBytes(3).toString('hex');
const shot = (page: Page, name: string) => screenshot(page, `case-merge-${name}`);

const signInAsOwner = (page: Page) => signIn(page, app.url, ownerOf(tenant), tenant.slug);

async function mail(from: string, subject: string, text: string, inReplyTo?: string) {
  const messageId = `m-${randomBytes(4).toString('hex')}@customer.test`;
  const r = await receiveMail(
    tenant.tenantId,
    mailbox,
    buildMail({
      from,
      to: mailbox.email,
      subject,
      text,
      messageId,
      ...(inReplyTo ? { inReplyTo, references: [inReplyTo] } : {}),
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 30)); // distinct arrival times
  return { caseNumber: (r as { caseNumber: number }).caseNumber, messageId };
}

describe('merging cases', () => {
  it('merges two cases of one requester from the case page and two from the list; the old number redirects', async () => {
    const rita = `Rita <rita-${suffix}@customer.test>`;
    const a = await mail(rita, 'Printer broken', 'A1: the printer is broken.');
    const b = await mail(rita, 'Printer still broken', 'B1: still broken, new ticket.');
    await mail(rita, 'Re: Printer broken', 'A2: any news?', a.messageId);
    await mail(rita, 'Re: Printer still broken', 'B2: hello?', b.messageId);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await signInAsOwner(page);

    // From the newer case's page: its requester's other case is offered.
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${b.caseNumber}`);
    const panel = page.getByTestId('merge-panel');
    await panel.locator('summary').click();
    expect(
      await panel.locator('#merge-suggestions option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).toContain(String(a.caseNumber));
    await panel.getByLabel(`Case number to merge #${b.caseNumber} into`).fill(String(a.caseNumber));
    await shot(page, '01-merge-form');
    await panel.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(new RegExp(`/cases/${a.caseNumber}$`), { timeout: 15_000 });

    // The histories interleave by time; the merge is recorded.
    const texts = async () =>
      (await page.getByTestId('history-entry').allTextContents()).flatMap((t) => t.match(/[AB][12]:/g) ?? []);
    await expect.poll(texts, { timeout: 15_000 }).toEqual(['A1:', 'B1:', 'A2:', 'B2:']);
    expect(
      await page
        .getByTestId('history-entry')
        .filter({ hasText: `merged case #${b.caseNumber}` })
        .count(),
    ).toBe(1);
    await shot(page, '02-history-interleaved');

    // The old number leads to the case it joined.
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${b.caseNumber}`);
    await page.waitForURL(new RegExp(`/cases/${a.caseNumber}$`), { timeout: 15_000 });
    await shot(page, '03-old-number-redirected');

    // Bulk: select two cases in the list and merge them into the older one.
    const c = await mail(`Sam <sam-${suffix}@customer.test>`, 'Invoice missing', 'C1: invoice?');
    const d = await mail(`Sam <sam-${suffix}@customer.test>`, 'Invoice still missing', 'D1: invoice!!');
    await page.goto(`${app.url}/t/${tenant.slug}/cases?view=all`);
    for (const n of [c.caseNumber, d.caseNumber])
      await page.locator(`[data-case-number="${n}"]`).getByTestId('case-select').check();
    await page.getByTestId('bulk-merge').click();
    await expect
      .poll(() => page.getByTestId('bulk-bar').textContent(), { timeout: 15_000 })
      .toContain(`Merged #${d.caseNumber} into #${c.caseNumber}.`);
    await expect.poll(() => page.locator(`[data-case-number="${d.caseNumber}"]`).count(), { timeout: 15_000 }).toBe(0);
    await shot(page, '04-bulk-merged');

    // The account page: a name and the notification emails per workspace.
    await page.goto(`${app.url}/account`);
    await page.getByLabel('Your name').fill(`Olga Owner ${suffix}`);
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByTestId('profile-name-form').getByText('Saved.').waitFor();
    const notifications = page.getByTestId(`notifications-${tenant.slug}`);
    await notifications.getByLabel('Email me when a customer replies on a case assigned to me').uncheck();
    await notifications.getByRole('button', { name: 'Save notifications' }).click();
    await notifications.getByText('Saved.').waitFor();
    await page.reload();
    expect(await page.getByLabel('Your name').inputValue()).toBe(`Olga Owner ${suffix}`);
    expect(
      await page
        .getByTestId(`notifications-${tenant.slug}`)
        .getByLabel('Email me when a customer replies on a case assigned to me')
        .isChecked(),
    ).toBe(false);
    await shot(page, '05-account-name-and-notifications');
    await context.close();
  });
});
