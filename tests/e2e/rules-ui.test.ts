// Rules UI in Chromium: a rule is written in the editor (an invalid regex is flagged as you type
// and blocks saving), rules are reordered with the keyboard, the simulator answers for a pasted
// message (and, for a mailbox that accepts existing contacts only, shows a stranger's message held),
// and a sender is blocked on the sender lists page.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@/db/tenancy';
import { listRules } from '@/lib/rules/list-rules';
import { createRule } from '@/lib/rules/save-rule';
import { screenshot } from '../helpers/browser';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';
import { addRulesPageMailboxes } from '../helpers/rules-page-mailboxes';

const { app, browser } = useAppAndBrowser();
let tenant: TestTenant;
let mailboxEmail: string;
let contactsOnlyEmail: string;

beforeAll(async () => {
  tenant = await makeTenant('rui');
  const { anyone, contactsOnly } = await addRulesPageMailboxes(tenant);
  mailboxEmail = anyone.email;
  contactsOnlyEmail = contactsOnly.email;
});

const signedIn = () => signedInPage(browser, app.url, ownerOf(tenant), tenant.slug);

const ruleNames = async () =>
  (await withTenant(tenant.tenantId, (tx) => listRules(tx, { scope: 'tenant' }))).map((r) => r.name);

describe('rules page', () => {
  it('writes a rule with live regex validation, reorders with the keyboard, and simulates a pasted message', async () => {
    await withTenant(tenant.tenantId, (tx) =>
      createRule(tx, {
        tenantId: tenant.tenantId,
        input: {
          name: 'First rule',
          conditions: [{ field: 'subject', operator: 'contains', value: 'zzz' }],
          actions: [{ type: 'ignore' }],
        },
        actor: { kind: 'cli' },
      }),
    );
    const page = await signedIn();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/rules`);
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.getByLabel('Name').fill('Refunds are urgent');
    await page.getByLabel('Condition 1 operator').selectOption('matches');
    await page.getByLabel('Condition 1 value').fill('refund(');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Not a valid regular expression' }).count())
      .toBe(1);
    expect(await page.getByRole('button', { name: 'Save rule' }).isDisabled()).toBe(true);
    await page.getByLabel('Condition 1 value').fill('^refund\\b');
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Not a valid regular expression' }).count())
      .toBe(0);
    await page.getByLabel('Action 1', { exact: true }).selectOption('set-priority');
    await page.getByLabel('Action 1 priority').selectOption('urgent');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(ruleNames).toEqual(['First rule', 'Refunds are urgent']);

    // Keyboard reordering: focus the "Move … up" button and press Enter.
    await page.getByRole('button', { name: 'Move Refunds are urgent up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(ruleNames).toEqual(['Refunds are urgent', 'First rule']);
    await expect.poll(() => page.getByTestId('rule-row').first().textContent()).toContain('Refunds are urgent');

    await page.getByLabel('Mailbox', { exact: true }).selectOption({ label: mailboxEmail });
    await page
      .getByLabel('Paste the message source (headers and body)')
      .fill(
        `From: Ann <ann@customer.example>\nTo: ${mailboxEmail}\nSubject: Refund for order 7\nMessage-ID: <r7@customer.example>\n\nPlease refund me.\n`,
      );
    await page.getByRole('button', { name: 'Simulate' }).click();
    const result = page.getByTestId('simulation-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('A new open case, priority urgent');
    expect(await result.textContent()).toContain('Refunds are urgent (all mailboxes): matches');
    expect(await page.getByTestId('simulation-sender-filter').textContent()).toBe('anyone may open a case');

    // The same message to a mailbox that accepts existing contacts only: Ann is held, and asked to confirm.
    await page.getByLabel('Mailbox', { exact: true }).selectOption({ label: contactsOnlyEmail });
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect
      .poll(() => result.textContent())
      .toContain('Held for review: the sender is not a contact (unknown-sender). A confirmation request is sent');
    expect(await page.getByTestId('simulation-sender-filter').textContent()).toBe(
      'existing contacts only (others are asked to confirm): the sender is not a contact',
    );
    await screenshot(page, 'rules-page');
  });
});

describe('sender lists page', () => {
  it('blocks a domain and shows a clear error for a duplicate', async () => {
    const page = await signedIn();
    await page.goto(`${app.url}/t/${tenant.slug}/settings/senders`);
    await page.getByLabel('Address or domain to block').fill('@Spam.Example');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByTestId('blocked-entry').filter({ hasText: 'spam.example' }).waitFor();
    await page.getByLabel('Address or domain to block').fill('spam.example');
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'already on the blocked list' }).count()).toBe(1);
  });
});
