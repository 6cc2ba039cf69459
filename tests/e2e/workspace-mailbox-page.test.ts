// A mailbox's page in Chromium — sync log, ignored mail released to a case, acknowledgement
// template with a live preview, settings edit, pause/resume, and delete with a typed confirmation.
import { describe, expect, it } from 'vitest';
import { syncRuns } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { screenshot } from '../helpers/browser';
import { buildMail, slowToSanitizeHtml } from '../helpers/mail-builder';
import { makeMailboxRow, receiveMail } from '../helpers/receive-mail';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { makeTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();

// What the page shows after a server action: paired with another e2e file, it can take more than poll's default 1 s.
const settle = { timeout: 15_000 };

describe('a mailbox’s page', () => {
  it('a message quarantined for running over the time budget shows its sender and subject', async () => {
    const tenant = await makeTenant('mbquar');
    const mailbox = await makeMailboxRow(tenant.tenantId, { pollIntervalSeconds: 60 });
    const heavy = buildMail({
      from: 'Heavy Sender <heavy@customer.example>',
      to: mailbox.email,
      subject: 'A very heavy newsletter',
      html: slowToSanitizeHtml(), // sanitizing it takes seconds
    });
    const received = await receiveMail(tenant.tenantId, mailbox, heavy, { budgetMs: 100 });
    expect(received).toMatchObject({ outcome: 'quarantined', reason: 'processing-timeout' });

    const page = await signedInPage(browser, app.url, ownerOf(tenant), tenant.slug);
    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes/${mailbox.id}`);
    const row = page.getByTestId('ignored-list').locator('li').filter({ hasText: 'processing-timeout' });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('A very heavy newsletter');
    expect(text).toContain('heavy@customer.example');
    await screenshot(page, 'workspace-mailbox-page-quarantined');
  });

  it('shows the sync log, releases ignored mail to a case, edits the acknowledgement and settings, pauses, resumes and deletes', async () => {
    const tenant = await makeTenant('mbpage');
    const mailbox = await makeMailboxRow(tenant.tenantId, { pollIntervalSeconds: 60 });
    const ignored = await receiveMail(
      tenant.tenantId,
      mailbox,
      buildMail({
        from: 'Away <away@customer.example>',
        to: mailbox.email,
        subject: 'Out of office: back Monday',
        text: 'I am away.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
    );
    expect(ignored.outcome).toBe('ignored');
    await withTenant(tenant.tenantId, (tx) =>
      tx.insert(syncRuns).values({
        tenantId: tenant.tenantId,
        mailboxId: mailbox.id,
        trigger: 'runner',
        finishedAt: new Date(),
        fetched: 3,
        created: 2,
        ignored: 1,
        deleted: 3,
      }),
    );

    const page = await signedInPage(browser, app.url, ownerOf(tenant), tenant.slug, {
      viewport: { width: 390, height: 844 },
    });

    await page.goto(`${app.url}/t/${tenant.slug}/settings/mailboxes`);
    await page.getByTestId('mailbox-row').getByRole('link').click();
    await page.getByTestId('sync-log').waitFor();
    expect(await page.getByTestId('mailbox-state').getAttribute('data-state')).toBe('active');
    expect(await page.getByTestId('sync-log').locator('tbody tr').first().textContent()).toContain('OK');
    await screenshot(page, 'workspace-mailbox-page-phone');

    // Ignored mail keeps its reason and can become a case.
    const row = page.getByTestId('ignored-list').locator('li').filter({ hasText: 'Out of office: back Monday' });
    expect(await row.textContent()).toContain('header:auto-submitted');
    await row.getByRole('button', { name: 'Create case from this message' }).click();
    await expect.poll(() => row.getByRole('link', { name: /^Case #\d+$/ }).count(), settle).toBe(1);

    // The acknowledgement preview follows the template as it is typed.
    await page.getByLabel('Template').fill('Hi {{requester.name}}, case {{case.number}} is open.');
    expect(await page.getByTestId('ack-preview-text').textContent()).toBe('Hi Alex Doe, case 1042 is open.');
    await page.getByRole('button', { name: 'Save acknowledgement' }).click();
    await expect.poll(() => page.getByText('Saved.').count(), settle).toBeGreaterThan(0);

    // The reply template: its preview follows as it is typed; one without {{reply}} is refused before saving.
    await page.getByLabel('Wrap agents’ replies').check();
    await page.getByLabel('Text around each reply').fill('Hi {{requester.first_name}},\n\nRegards');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'needs {{reply}}' }).count(), settle).toBe(1);
    await page.getByLabel('Text around each reply').fill('Hi {{requester.first_name}},\n\n{{reply}}\n\n{{agent.name}}');
    const preview = await page.getByTestId('reply-preview-text').textContent();
    expect(preview).toMatch(/^Hi Alex,\n\nYour replacement was sent today/);
    expect(preview).toMatch(/\n\nSam Lee$/);
    await page.getByRole('button', { name: 'Save reply template' }).click();
    await expect.poll(() => page.getByTestId('reply-template-saved').count(), settle).toBe(1);
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Text around each reply').inputValue(), settle)
      .toBe('Hi {{requester.first_name}},\n\n{{reply}}\n\n{{agent.name}}');

    // Settings: a bad value is refused with its reason, a good one is saved.
    await page.getByLabel('Check for new mail every (seconds)').fill('1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => page.getByRole('alert').filter({ hasText: 'Poll between every 5 seconds' }).count())
      .toBe(1);
    await page.getByLabel('Check for new mail every (seconds)').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Poll between' }).count(), settle).toBe(0);

    // Pause and resume.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('mailbox-state').getAttribute('data-state'), settle).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('mailbox-state').getAttribute('data-state'), settle).toBe('active');

    // Delete needs the address typed.
    await page.getByRole('button', { name: 'Delete this mailbox…' }).click();
    await page.getByLabel(/^Type .* to confirm$/).fill('wrong@example.com');
    await page.getByRole('button', { name: 'Delete mailbox' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'to confirm' }).count(), settle).toBe(1);
    await page.getByLabel(/^Type .* to confirm$/).fill(mailbox.email);
    await page.getByRole('button', { name: 'Delete mailbox' }).click();
    await page.waitForURL(new RegExp(`/t/${tenant.slug}/settings/mailboxes$`));
    await page.getByTestId('mailboxes-empty').waitFor();
  });
});
