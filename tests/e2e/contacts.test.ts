// Contacts in Chromium: an agent finds a contact, sees all their cases, renames them, merges another
// contact in (the merged contact's case moves over); and a stranger confirms a held message with the
// signed link, signed out.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cases, contacts, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { signConfirmation } from '@/lib/contacts/confirmation-token';
import { acceptInvitation } from '@/lib/members/accept-invitation';
import { createInvitation } from '@/lib/members/create-invitation';
import { buildMail } from '../helpers/mail-builder';
import { makeMailboxRow, receiveMail, type TestMailbox } from '../helpers/receive-mail';
import { signedInPage } from '../helpers/sign-in';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();
let tenant: TestTenant;
let mailbox: TestMailbox;
const agent = { email: `agent-${randomBytes(4).toString('hex')}@example.test`, password: 'agent-password-1' };

beforeAll(async () => {
  tenant = await makeTenant('ct');
  mailbox = await makeMailboxRow(tenant.tenantId);
  const { token } = await withTenant(tenant.tenantId, (tx) =>
    createInvitation(tx, {
      tenantId: tenant.tenantId,
      role: 'agent',
      actor: { userId: tenant.ownerUserId, role: 'owner' },
    }),
  );
  await acceptInvitation({ token, user: agent });
  const send = (from: string, subject: string) =>
    receiveMail(tenant.tenantId, mailbox, buildMail({ from, to: mailbox.email, subject, text: 'Hello' }));
  await send('Rosa <rosa@shop.example>', 'Broken zipper');
  await send('rosa@shop.example', 'Refund please');
  await send('rosa.private@home.example', 'From my other address');
});

const signedInAsAgent = () =>
  signedInPage(browser, app.url, agent, tenant.slug, { viewport: { width: 1280, height: 900 } });

describe('contacts in the workspace', () => {
  it('an agent opens a contact with all their cases, renames it and merges another contact into it', async () => {
    const page = await signedInAsAgent();
    // The case page links to the requester's contact.
    const [first] = await withTenant(tenant.tenantId, (tx) =>
      tx.select({ number: cases.number }).from(cases).where(eq(cases.subject, 'Broken zipper')),
    );
    await page.goto(`${app.url}/t/${tenant.slug}/cases/${first.number}`);
    await page.getByRole('link', { name: 'Contact page' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('contact-addresses').textContent()).toBe('rosa@shop.example');

    await page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('link', { name: 'Contacts', exact: true })
      .click();
    await page.waitForURL(`${app.url}/t/${tenant.slug}/contacts`);
    await page.getByLabel('Search contacts').fill('shop.example');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=shop.example/);
    await page.getByRole('link', { name: 'Rosa' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('contact-case').count()).toBe(2);

    await page.getByLabel('Name').fill('Rosa Martínez');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => page.getByTestId('contact-name').textContent(), { timeout: 15_000 }).toBe('Rosa Martínez');

    await page.getByLabel(/Merge another contact/).fill('rosa.private@home.example');
    await page.getByRole('button', { name: 'Merge' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Merged' }).textContent(), { timeout: 15_000 })
      .toContain('1 case moved');
    await page.reload();
    await expect.poll(() => page.getByTestId('contact-case').count()).toBe(3);
    expect(await page.getByTestId('contact-addresses').textContent()).toBe(
      'rosa@shop.example, rosa.private@home.example',
    );
    const [rosa] = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(contacts).where(eq(contacts.email, 'rosa@shop.example')),
    );
    const linked = await withTenant(tenant.tenantId, (tx) => tx.select({ contactId: cases.contactId }).from(cases));
    expect(linked.map((c) => c.contactId)).toEqual([rosa.id, rosa.id, rosa.id]);
  });

  it('a stranger confirms a held message with the signed link, signed out; opening the link alone changes nothing', async () => {
    const [row] = await withTenant(tenant.tenantId, (tx) =>
      tx
        .insert(ignoredMessages)
        .values({
          tenantId: tenant.tenantId,
          mailboxId: mailbox.id,
          outcome: 'ignored',
          kind: 'unknown-sender',
          reason: 'unknown-sender',
          fromAddress: 'newbie@else.example',
          subject: 'First contact',
          confirmationStatus: 'sent',
          confirmationSentAt: new Date(),
        })
        .returning({ id: ignoredMessages.id }),
    );
    const token = signConfirmation({ tenantId: tenant.tenantId, ignoredMessageId: row.id });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${app.url}/confirm-sender/${token}`);
    await page.getByRole('button', { name: 'Yes, I sent this message' }).waitFor();
    const before = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, row.id)),
    );
    expect(before[0].releasedCaseId).toBeNull();
    await page.getByRole('button', { name: 'Yes, I sent this message' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('is confirmed');
    const after = await withTenant(tenant.tenantId, (tx) =>
      tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, row.id)),
    );
    expect(after[0]).toMatchObject({ confirmationStatus: 'confirmed' });
    expect(after[0].releasedCaseId).not.toBeNull();

    const forged = await page.goto(`${app.url}/confirm-sender/${token.slice(0, -3)}xyz`);
    expect(forged?.status()).toBe(404);
  });
});
