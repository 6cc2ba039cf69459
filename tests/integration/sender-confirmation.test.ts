// Confirmation for unknown senders, end to end with real parts: a mailbox that accepts existing contacts
// only and asks strangers to confirm, read from Dovecot, its confirmations sent through a real SMTP sink.
// The sender is verified by the trusted receiving server's Authentication-Results (no DNS), so "verified"
// and "unverified" are each one header line.
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { caseMessages, cases, contacts, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { confirmByLink } from '@/lib/contacts/confirm-by-link';
import { signConfirmation, verifyConfirmation } from '@/lib/contacts/confirmation-token';
import { expireSenderConfirmations } from '@/lib/contacts/expire-sender-confirmations';
import { resendSenderConfirmation } from '@/lib/contacts/resend-sender-confirmation';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { confirmationRequestTo, replyToConfirmationRequest } from '@/tests/helpers/confirmation-request';
import { arriving, makeContactsOnlyMailbox } from '@/tests/helpers/contacts-only-mailbox';
import { buildBounce } from '@/tests/helpers/mail-builder';
import type { MailboxFixture } from '@/tests/helpers/mailbox-fixture';
import { runTenantOutbox } from '@/tests/helpers/run-tenant-outbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { useDovecot } from '@/tests/helpers/use-dovecot';
import { useStarted } from '@/tests/helpers/use-started';

const dovecot = useDovecot();
const sink = useStarted(startSmtpSink, (started) => started.stop());

const uid = () => randomBytes(4).toString('hex');
function mailbox(): Promise<MailboxFixture> {
  return makeContactsOnlyMailbox(dovecot, sink, { confirmUnknownSenders: true, displayName: 'Acme Support' });
}

async function deliver(fx: MailboxFixture, ...messages: Buffer[]) {
  await dovecot.append(fx.user, messages);
  return syncMailbox(fx.mailboxId, { untilEmpty: true });
}

/** The runner's outbox loop for this tenant only: every pending event through every consumer. */
async function runOutbox(tenantId: string) {
  return (await runTenantOutbox(tenantId)).map((e) => e.type);
}

async function held(tenantId: string) {
  return withTenant(tenantId, (tx) => tx.select().from(ignoredMessages).orderBy(asc(ignoredMessages.createdAt)));
}

const sentTo = (address: string) => sink.messages.filter((m) => m.envelope.to.includes(address));

async function waitUntil(check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe('confirmation for unknown senders', () => {
  it('unknown sender → confirmation email at the sink → the sender replies → the held message becomes a case, acknowledged', async () => {
    const fx = await mailbox();
    const dora = `dora-${uid()}@customer-a.test`;
    const original = `orig-${uid()}@customer-a.test`;
    const first = await deliver(
      fx,
      arriving('pass', {
        from: `Dora <${dora}>`,
        to: fx.address,
        subject: 'My order never came',
        text: 'Order 42 is missing.',
        messageId: original,
      }),
    );
    expect(first).toMatchObject({ created: 0, ignored: 1 });
    const [waiting] = await held(fx.tenant.tenantId);
    expect(waiting).toMatchObject({ kind: 'unknown-sender', reason: 'unknown-sender', confirmationStatus: 'pending' });

    expect(await runOutbox(fx.tenant.tenantId)).toContain('sender.confirmation_requested');
    const request = await confirmationRequestTo(sink, dora);
    expect(request.envelope).toEqual({ from: fx.address, to: [dora] });
    expect(request.headers.get('auto-submitted')).toBe('auto-replied');
    expect(request.headers.get('in-reply-to')).toBe(`<${original}>`);
    expect(request.parsed.subject).toBe('Please confirm your message: My order never came');
    const link = /https?:\/\/\S+\/confirm-sender\/(\S+)/.exec(request.parsed.text ?? '');
    expect(link && verifyConfirmation(link[1])).toEqual({ tenantId: fx.tenant.tenantId, ignoredMessageId: waiting.id });
    expect((await held(fx.tenant.tenantId))[0]).toMatchObject({ confirmationStatus: 'sent' });

    // Her reply to the request, as her mail client writes it, arrives in the mailbox.
    const replied = await deliver(
      fx,
      arriving(
        'pass',
        replyToConfirmationRequest(request, { from: `Dora <${dora}>`, to: fx.address, heldMessageId: original }),
      ),
    );
    expect(replied).toMatchObject({ ignored: 1 });
    const rows = await held(fx.tenant.tenantId);
    const opened = await withTenant(fx.tenant.tenantId, (tx) => tx.select().from(cases));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ subject: 'My order never came', requesterEmail: dora, status: 'open' });
    expect(rows.find((r) => r.id === waiting.id)).toMatchObject({
      confirmationStatus: 'confirmed',
      releasedCaseId: opened[0].id,
    });
    // The reply itself is the confirmation, not something left for review.
    expect(rows.find((r) => r.id !== waiting.id)).toMatchObject({
      kind: 'sender-confirmation',
      releasedCaseId: opened[0].id,
    });
    const [contact] = await withTenant(fx.tenant.tenantId, (tx) => tx.select().from(contacts));
    expect(contact).toMatchObject({ email: dora, name: 'Dora' });
    expect(opened[0].contactId).toBe(contact.id);

    // The case is acknowledged like new mail, through the same SMTP server.
    expect(await runOutbox(fx.tenant.tenantId)).toContain('case.created');
    await waitUntil(() => sentTo(dora).length > 1);
    const ack = sentTo(dora)[1];
    expect(ack.parsed.subject).toBe(`[Case #${opened[0].number}] My order never came`);
    expect(ack.headers.get('auto-submitted')).toBe('auto-replied');

    // Dora is a contact now: her next message opens a case straight away, with no request.
    expect(
      await deliver(fx, arriving('pass', { from: dora, to: fx.address, subject: 'Another thing', text: 'Hi again' })),
    ).toMatchObject({ created: 1 });
  });

  it('no confirmation email to an auto-reply, a bounce, spam or an unverified sender', async () => {
    const fx = await mailbox();
    const auto = `auto-${uid()}@customer-a.test`;
    const spammer = `spam-${uid()}@customer-a.test`;
    const forged = `forged-${uid()}@customer-a.test`;
    await deliver(
      fx,
      arriving('pass', {
        from: auto,
        to: fx.address,
        subject: 'We got your message',
        text: 'Thank you, we will reply soon.',
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      buildBounce({
        to: fx.address,
        failedRecipient: `gone-${uid()}@customer-a.test`,
        originalMessageId: `x-${uid()}@a`,
      }),
      arriving('pass', {
        from: spammer,
        to: fx.address,
        subject: 'Cheap pills',
        text: 'Buy now',
        headers: { 'X-Spam-Flag': 'YES' },
      }),
      arriving('fail', { from: forged, to: fx.address, subject: 'Please reset my password', text: 'Urgent' }),
    );
    const rows = await held(fx.tenant.tenantId);
    expect(rows.map((r) => r.kind).sort()).toEqual(['auto-reply', 'bounce', 'spam', 'unknown-sender']);
    expect(rows.find((r) => r.kind === 'unknown-sender')).toMatchObject({
      fromAddress: forged,
      confirmationStatus: 'not-sent',
      confirmationError: 'No confirmation asked: unverified-sender.',
    });
    expect(rows.filter((r) => r.kind !== 'unknown-sender').every((r) => r.confirmationStatus === null)).toBe(true);
    const before = sink.messages.length;
    expect(await runOutbox(fx.tenant.tenantId)).not.toContain('sender.confirmation_requested');
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.slice(before).filter((m) => m.envelope.from === fx.address)).toEqual([]);
    // And an agent cannot make us write to the unverified sender either.
    const forgedRow = rows.find((r) => r.kind === 'unknown-sender')!;
    await expect(
      withTenant(fx.tenant.tenantId, (tx) =>
        resendSenderConfirmation(tx, {
          tenantId: fx.tenant.tenantId,
          ignoredMessageId: forgedRow.id,
          actor: { kind: 'system' },
        }),
      ),
    ).rejects.toThrow(/cannot be asked to confirm/);
  });

  it('one request per sender within the window; the signed link confirms; unconfirmed ones expire and stay releasable; resend asks again', async () => {
    const fx = await mailbox();
    const eve = `eve-${uid()}@customer-a.test`;
    const msg = (subject: string) => arriving('pass', { from: eve, to: fx.address, subject, text: subject });
    await deliver(fx, msg('First question'), msg('Second question'));
    await runOutbox(fx.tenant.tenantId);
    await waitUntil(() => sentTo(eve).length > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(sentTo(eve)).toHaveLength(1);
    const [a, b] = await held(fx.tenant.tenantId);
    const statuses = [a.confirmationStatus, b.confirmationStatus].sort();
    expect(statuses).toEqual(['not-sent', 'sent']);
    const asked = a.confirmationStatus === 'sent' ? a : b;
    const limited = asked === a ? b : a;
    expect(limited.confirmationError).toMatch(/asked to confirm another message within 24 h/);

    // A tampered link confirms nothing; the real one opens the case once.
    const token = signConfirmation({ tenantId: fx.tenant.tenantId, ignoredMessageId: asked.id });
    expect(await confirmByLink(token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'))).toEqual({
      outcome: 'not-found',
    });
    const confirmed = await confirmByLink(token);
    expect(confirmed.outcome).toBe('confirmed');
    expect(await confirmByLink(token)).toMatchObject({ outcome: 'already-confirmed' });

    // The rate-limited one is asked again by an agent, then left to expire.
    await withTenant(fx.tenant.tenantId, (tx) =>
      resendSenderConfirmation(tx, {
        tenantId: fx.tenant.tenantId,
        ignoredMessageId: limited.id,
        actor: { kind: 'system' },
      }),
    );
    await runOutbox(fx.tenant.tenantId);
    await waitUntil(() => sentTo(eve).length > 2); // the acknowledgement of the confirmed case, and the resend
    const resent = sentTo(eve).filter((m) => m.parsed.subject?.startsWith('Please confirm'));
    expect(resent).toHaveLength(2);
    expect(resent[1].parsed.subject).toBe('Please confirm your message: ' + limited.subject);

    await withTenant(fx.tenant.tenantId, (tx) =>
      tx
        .update(ignoredMessages)
        .set({ confirmationSentAt: new Date(Date.now() - 8 * 86_400_000) })
        .where(eq(ignoredMessages.id, limited.id)),
    );
    expect((await expireSenderConfirmations()).expired).toBeGreaterThanOrEqual(1);
    expect((await held(fx.tenant.tenantId)).find((r) => r.id === limited.id)?.confirmationStatus).toBe('expired');
    const late = signConfirmation({ tenantId: fx.tenant.tenantId, ignoredMessageId: limited.id });
    expect(await confirmByLink(late)).toEqual({ outcome: 'expired' });
    // Still releasable by an agent: it opens a case (without an acknowledgement).
    const released = await withTenant(fx.tenant.tenantId, (tx) =>
      releaseIgnoredMessage(tx, {
        tenantId: fx.tenant.tenantId,
        ignoredMessageId: limited.id,
        actor: { kind: 'system' },
      }),
    );
    expect(released.outcome).toBe('created');
    const history = await withTenant(fx.tenant.tenantId, (tx) =>
      tx.select().from(caseMessages).where(eq(caseMessages.caseId, released.caseId)),
    );
    expect(history.some((m) => m.systemKind === 'released')).toBe(true);
  });
});
