// The triage journey in Chromium against the built app: sign in → Home (my open, unassigned, new since my
// last visit) → the list opens on "My open" → Unassigned shows unread markers and preview lines → three
// cases are selected and assigned, tagged, prioritised and closed in bulk → opening a case clears its
// unread marker → a saved view survives sign-out → on a phone the first case is visible without scrolling.
// A screenshot of each step goes to tests/e2e/artifacts/ (git-ignored).
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
  tenant = await makeTenant('triage');
  mailbox = await makeMailboxRow(tenant.tenantId, {});
});

const suffix = randomBytes(3).toString('hex');
const shot = (page: Page, name: string) => screenshot(page, `triage-${name}`);

async function newCase(subject: string, text: string, opts: { imported?: boolean } = {}): Promise<number> {
  const r = await receiveMail(
    tenant.tenantId,
    mailbox,
    buildMail({
      from: `Customer ${subject} <c-${randomBytes(3).toString('hex')}-${suffix}@customer.test>`,
      to: mailbox.email,
      subject,
      text,
    }),
    opts,
  );
  if (r.outcome !== 'created') throw new Error(`expected a case, got ${r.outcome}`);
  return (r as { caseNumber: number }).caseNumber;
}

const signInAsOwner = (page: Page) => signIn(page, app.url, ownerOf(tenant), tenant.slug);

const rowOf = (page: Page, n: number) => page.locator(`[data-testid="case-row"][data-case-number="${n}"]`);

describe('triage in the browser', () => {
  it('Home, My open by default, bulk assign/tag/priority/close, unread markers clear on open, a saved view survives sign-out', async () => {
    // Imported history (closed) around four new open cases.
    for (let i = 0; i < 3; i++) await newCase(`Old history ${i}`, 'Archived question.', { imported: true });
    const numbers = [
      await newCase('Parcel lost', 'My parcel never arrived, tracking stops in Leeds.'),
      await newCase('Refund please', 'I returned the shoes two weeks ago and still have no refund.'),
      await newCase('Wrong size', 'The jacket is a size too small; can I swap it?'),
      await newCase('Invoice copy', 'Could you send me a copy of last month’s invoice?'),
    ];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();

    // 1. Sign-in lands on Home, which counts what matters to this agent.
    await signInAsOwner(page);
    await page.getByTestId('home-unassigned').waitFor();
    expect(await page.getByTestId('home-mine-count').textContent()).toBe('0');
    expect(await page.getByTestId('home-unassigned-count').textContent()).toBe('4');
    expect(await page.getByTestId('home-new-count').textContent()).toBe('4');
    expect(await page.getByText('No cases yet').count()).toBe(0);
    await shot(page, '01-home');

    // 2. The list opens on "My open": nothing is assigned yet.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByTestId('cases-empty').waitFor();
    expect(await page.getByTestId('status-tab-mine').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('cases-empty').textContent()).toContain('Nothing open is assigned to you');
    expect(await page.getByTestId('count-closed').textContent()).toBe('3');
    await shot(page, '02-my-open-empty');

    // 3. Unassigned: unread markers, preview lines, relative times with the absolute time on hover.
    await page.getByTestId('status-tab-unassigned').click();
    await page.waitForURL(/view=unassigned/);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(4);
    expect(await page.getByTestId('unread-marker').count()).toBe(4);
    expect(await rowOf(page, numbers[1]).getByTestId('case-preview').textContent()).toContain(
      'I returned the shoes two weeks ago',
    );
    const time = rowOf(page, numbers[0]).getByTestId('relative-time');
    await expect.poll(() => time.textContent()).toMatch(/just now|min\. ago|minutes? ago/);
    expect(await time.getAttribute('title')).toMatch(/\d{4}/);
    await shot(page, '03-unassigned-unread');

    // 4. Select three and assign them to me: they leave Unassigned and fill My open.
    for (const n of numbers.slice(0, 3)) await rowOf(page, n).getByTestId('case-select').check();
    expect(await page.getByTestId('bulk-count').textContent()).toBe('3 selected');
    await shot(page, '04-three-selected');
    await page.getByTestId('bulk-assign').selectOption('me');
    await expect.poll(() => page.getByTestId('case-row').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('status-tab-mine').click();
    await page.waitForURL((u) => !u.search.includes('view='));
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(3);
    await shot(page, '05-assigned-to-me');

    // Tag and prioritise them in bulk: chips show on each row.
    await page.getByLabel('Select all cases on this page').check();
    await page.getByLabel('Tag to add').fill('Refund');
    await page.getByRole('button', { name: 'Tag', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('tag-chip').filter({ hasText: 'refund' }).count(), { timeout: 10_000 })
      .toBe(3);
    await page.getByLabel('Select all cases on this page').check();
    await page.getByTestId('bulk-priority').selectOption('high');
    await expect
      .poll(() => page.getByTestId('priority-chip').filter({ hasText: 'high' }).count(), { timeout: 10_000 })
      .toBe(3);
    await shot(page, '06-tagged-high');

    // 5. Opening a case clears its unread marker (for me).
    expect(await rowOf(page, numbers[0]).getAttribute('data-unread')).toBe('true');
    await rowOf(page, numbers[0]).getByTestId('case-link').click();
    await page.getByTestId('case-title').waitFor();
    await page.goBack();
    await page.waitForURL((u) => u.pathname.endsWith('/cases'));
    // The read mark is written just after the case page is sent: reload until the list shows it.
    await expect
      .poll(
        async () => {
          await page.reload();
          return rowOf(page, numbers[0]).getAttribute('data-unread');
        },
        { timeout: 15_000 },
      )
      .toBeNull();
    expect(await rowOf(page, numbers[1]).getAttribute('data-unread')).toBe('true');
    await shot(page, '07-read-after-open');

    // Close all three in bulk: My open empties; Closed holds them with their tag.
    await page.getByLabel('Select all cases on this page').check();
    await page.getByTestId('bulk-status').selectOption('closed');
    await page.getByTestId('cases-empty').waitFor({ timeout: 10_000 });
    await page.getByTestId('status-tab-closed').click();
    await page.waitForURL(/view=closed/);
    expect(await page.getByTestId('count-closed').textContent()).toBe('6');

    // 6. A tag chip filters the list; save that view, sign out and in: it is still there.
    await page.getByTestId('tag-chip').filter({ hasText: 'refund' }).first().click();
    await page.waitForURL(/tag=refund/);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(3);
    await page.getByText('Save this view').click();
    await page.getByLabel('View name').fill('Closed refunds');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('saved-view').filter({ hasText: 'Closed refunds' }).waitFor();
    await shot(page, '08-saved-view');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await signInAsOwner(page);
    expect(await page.getByTestId('home-mine-count').textContent()).toBe('0');
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByTestId('saved-view').filter({ hasText: 'Closed refunds' }).click();
    await page.waitForURL(/tag=refund/);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(3);
    expect(
      (await page.getByTestId('case-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-number'))))
        .map(Number)
        .sort(),
    ).toEqual(numbers.slice(0, 3).sort());
    await shot(page, '09-saved-view-after-sign-in');
    await context.close();
  });

  it('on a phone (390×844) the first case is visible without scrolling past navigation and filters', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInAsOwner(page);
    await page.goto(`${app.url}/t/${tenant.slug}/cases?view=all`);
    const first = page.getByTestId('case-row').first();
    await first.waitFor();
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    // Subjects are not cut to a dozen characters.
    const link = first.getByTestId('case-link');
    expect((await link.boundingBox())!.width).toBeGreaterThan(150);
    await shot(page, '10-phone');
    await context.close();
  });
});
