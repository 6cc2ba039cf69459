// The review queue in Chromium as an agent (not an owner): filter by reason, release one message after
// confirming, block a sender, and release two at once after confirming.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { listIgnoredMessages } from '@/lib/cases/queries/list-ignored-messages';
import { listSenderEntries } from '@/lib/rules/sender-list-entries';
import { buildMail } from '../helpers/mail-builder';
import { makeMailboxRow, receiveMail, type TestMailbox } from '../helpers/receive-mail';
import { signedInPage } from '../helpers/sign-in';
import { addAgent, makeTenant, type TestAgent, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();
let tenant: TestTenant;
let mailbox: TestMailbox;
let agent: TestAgent;

beforeAll(async () => {
  tenant = await makeTenant('rq');
  [mailbox, agent] = await Promise.all([makeMailboxRow(tenant.tenantId), addAgent(tenant)]);
  const send = (subject: string, from: string, headers: Record<string, string>) =>
    receiveMail(tenant.tenantId, mailbox, buildMail({ from, to: mailbox.email, subject, text: 'Hello', headers }));
  await send('Cheap watches', 'seller@junk.example', { 'X-Spam-Flag': 'YES' });
  await send('Win a prize', 'prize@junk.example', { 'X-Spam': 'Yes' });
  await send('Really a customer', 'dana@customer.example', { 'X-MS-Exchange-Organization-SCL': '6' });
  await send('Out of office', 'eve@customer.example', { 'Auto-Submitted': 'auto-replied' });
});

const signedInAsAgent = () =>
  signedInPage(browser, app.url, agent, tenant.slug, { viewport: { width: 1280, height: 900 } });

const held = async () =>
  (await withTenant(tenant.tenantId, (tx) => listIgnoredMessages(tx, { released: false }))).items.map((i) => i.subject);
const rowOf = (page: Page, subject: string) => page.getByTestId('review-row').filter({ hasText: subject });

describe('review queue as an agent', () => {
  it('filters by reason, releases with a confirmation, blocks a sender, and releases in bulk', async () => {
    const page = await signedInAsAgent();
    await page.getByRole('link', { name: 'Review', exact: true }).click();
    await page.waitForURL(`${app.url}/t/${tenant.slug}/review`);
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(4);

    await page.getByLabel('Reason').selectOption('spam');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/reason=spam/);
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(3);
    expect(await page.getByTestId('review-row').filter({ hasText: 'Out of office' }).count()).toBe(0);

    // Release asks first; cancelling changes nothing.
    const customer = rowOf(page, 'Really a customer');
    await customer.getByRole('button', { name: 'Release…' }).click();
    await customer.getByRole('button', { name: 'Cancel' }).click();
    expect(await held()).toContain('Really a customer');
    await customer.getByRole('button', { name: 'Release…' }).click();
    await customer.getByRole('button', { name: 'Confirm release' }).click();
    // Released: it leaves the queue (the page renders again without it).
    await expect.poll(held, { timeout: 20_000 }).not.toContain('Really a customer');
    await expect.poll(() => rowOf(page, 'Really a customer').count()).toBe(0);

    await rowOf(page, 'Cheap watches').getByRole('button', { name: 'Block sender' }).click();
    await expect
      .poll(async () =>
        (await withTenant(tenant.tenantId, (tx) => listSenderEntries(tx))).map((e) => `${e.kind}:${e.pattern}`),
      )
      .toEqual(['blocked:seller@junk.example']);

    // Bulk: select the two spam messages, confirm, both become cases.
    await page.goto(`${app.url}/t/${tenant.slug}/review?reason=spam`);
    await expect.poll(() => page.getByTestId('review-row').count()).toBe(2);
    for (const subject of ['Cheap watches', 'Win a prize']) await rowOf(page, subject).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Release selected (2)' }).click();
    await page.getByRole('button', { name: 'Confirm bulk release' }).click();
    await expect.poll(held, { timeout: 20_000 }).toEqual(['Out of office']);
  });
});
