// The rules page's simulator in Chromium for the two per-sender limits it shows as ingestion applies them:
// a sender with more than FLOOD_THRESHOLD messages stored in the window is stopped by the circuit breaker,
// and a stranger asked to confirm within the last 24 hours is not asked again. What the sender sent before
// is stored directly (held rows, as a sync would have stored them); the simulator reads it.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { FLOOD_THRESHOLD, FLOOD_WINDOW_MINUTES } from '@/lib/acknowledgements/ack-limits';
import { ownerOf, signedInPage } from '../helpers/sign-in';
import { makeTenant, type TestTenant } from '../helpers/tenant';
import { addRulesPageMailboxes } from '../helpers/rules-page-mailboxes';
import { useAppAndBrowser } from '../helpers/use-app';

const { app, browser } = useAppAndBrowser();
let tenant: TestTenant;
let anyoneEmail: string;
let contactsOnlyEmail: string;
const flooder = `script-${randomBytes(4).toString('hex')}@customer.example`;
const stranger = `eve-${randomBytes(4).toString('hex')}@customer.example`;

beforeAll(async () => {
  tenant = await makeTenant('rsl');
  const { anyone, contactsOnly } = await addRulesPageMailboxes(tenant);
  anyoneEmail = anyone.email;
  contactsOnlyEmail = contactsOnly.email;
  await withTenant(tenant.tenantId, async (tx) => {
    const ignored = { tenantId: tenant.tenantId, outcome: 'ignored' as const };
    await tx.insert(ignoredMessages).values([
      // More auto-replies than the threshold, a minute ago: the breaker stops the next new message.
      ...Array.from({ length: FLOOD_THRESHOLD + 1 }, (_, i) => ({
        ...ignored,
        mailboxId: anyone.id,
        kind: 'auto-reply',
        reason: 'auto-submitted',
        fromAddress: flooder,
        subject: `Out of office ${i}`,
        createdAt: new Date(Date.now() - 60_000),
      })),
      // The stranger's first message, held an hour ago; the request went out.
      {
        ...ignored,
        mailboxId: contactsOnly.id,
        kind: 'unknown-sender',
        reason: 'unknown-sender',
        fromAddress: stranger,
        subject: 'First question',
        confirmationStatus: 'sent' as const,
        confirmationSentAt: new Date(Date.now() - 3_600_000),
      },
    ]);
  });
});

const source = (from: string, to: string, subject: string) =>
  `From: ${from}\nTo: ${to}\nSubject: ${subject}\nMessage-ID: <${randomBytes(6).toString('hex')}@customer.example>\n\nHello.\n`;

describe('the rules simulator', () => {
  it('shows a flooding sender stopped by the circuit breaker, and a stranger asked within 24 hours not asked again', async () => {
    const page = await signedInPage(browser, app.url, ownerOf(tenant), tenant.slug);
    await page.goto(`${app.url}/t/${tenant.slug}/settings/rules`);
    const result = page.getByTestId('simulation-result');
    const simulate = async (mailbox: string, from: string, subject: string) => {
      await page.getByLabel('Mailbox', { exact: true }).selectOption({ label: mailbox });
      await page.getByLabel('Paste the message source (headers and body)').fill(source(from, mailbox, subject));
      await page.getByRole('button', { name: 'Simulate' }).click();
    };

    await simulate(anyoneEmail, flooder, 'Disk full');
    await expect
      .poll(() => result.textContent())
      .toContain(
        `Ignored by the flood circuit breaker (circuit-breaker): the sender has sent more than ${FLOOD_THRESHOLD} messages to this mailbox in ${FLOOD_WINDOW_MINUTES} minutes.`,
      );

    await simulate(contactsOnlyEmail, stranger, 'Second question');
    await expect
      .poll(() => result.textContent())
      .toMatch(
        /Held for review: the sender is not a contact \(unknown-sender\)\. No confirmation request is sent: one was sent to this sender for this mailbox on .+ UTC, within 24 h \(rate-limited\)/,
      );
  });
});
