// The rules simulator against real ingestion for a mailbox that accepts existing contacts only: each message
// is simulated (with the checks a sync makes) right before it is delivered to Dovecot and synced, and the
// simulator's answer must equal what the sync stored. A stranger's new mail is held as 'unknown-sender' in
// both (asked to confirm, or not and why); a contact's mail, an allowed sender's and a reply to an existing
// case are not held; a reply to the confirmation request confirms the held message in both. Before the
// simulator called the sender filter's decision it answered "a new case" for every stranger.
// The sender is verified by the trusted receiving server's Authentication-Results (no DNS).
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, contacts, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { addSenderEntry } from '@/lib/rules/sender-list-entries';
import { simulateWithChecks } from '@/lib/rules/simulate-message';
import { confirmationRequestTo, replyToConfirmationRequest } from '@/tests/helpers/confirmation-request';
import { arriving, makeContactsOnlyMailbox } from '@/tests/helpers/contacts-only-mailbox';
import { newestIngestion, simulatedAnswer, storedAnswer } from '@/tests/helpers/ingestion-answer';
import type { MailSpec } from '@/tests/helpers/mail-builder';
import type { MailboxFixture } from '@/tests/helpers/mailbox-fixture';
import { runTenantOutbox } from '@/tests/helpers/run-tenant-outbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { useDovecot } from '@/tests/helpers/use-dovecot';
import { useStarted } from '@/tests/helpers/use-started';

const dovecot = useDovecot();
const sink = useStarted(startSmtpSink, (started) => started.stop());

const uid = () => randomBytes(4).toString('hex');

/** Simulates `raw`, then delivers and syncs it; the two answers must be equal. */
async function simulateThenDeliver(fx: MailboxFixture, raw: Buffer) {
  const tenantId = fx.tenant.tenantId;
  const sim = await simulateWithChecks({ tenantId, mailboxId: fx.mailboxId, source: { raw } });
  await dovecot.append(fx.user, [raw], { via: 'maildir' });
  expect((await syncMailbox(fx.mailboxId)).fetched).toBe(1);
  const stored = await withTenant(tenantId, newestIngestion);
  const answer = storedAnswer(stored);
  expect(answer).toEqual(simulatedAnswer(sim.outcome));
  return { sim, answer, row: stored.held };
}

describe('the simulator and the sender filter, against real ingestion', () => {
  it("for a contacts-only mailbox says a stranger's mail is held, as ingestion holds it; a contact's, an allowed sender's and a reply to a case are not held in either", async () => {
    const fx = await makeContactsOnlyMailbox(dovecot, sink, { confirmUnknownSenders: false });
    const tenantId = fx.tenant.tenantId;
    const friend = `friend-${uid()}@known.test`;
    await withTenant(tenantId, async (tx) => {
      await tx.insert(contacts).values({ tenantId, email: friend, name: 'Friend' });
      await addSenderEntry(tx, {
        tenantId,
        input: { kind: 'allowed', pattern: 'partner.test' },
        actor: { kind: 'cli' },
      });
    });
    const mail = (from: string, subject: string, extra: Partial<MailSpec> = {}) =>
      arriving('pass', { from, to: fx.address, subject, text: `Hello ${uid()}`, ...extra });

    const friendId = `f-${uid()}@known.test`;
    const fromFriend = await simulateThenDeliver(fx, mail(friend, 'My printer', { messageId: friendId }));
    expect(fromFriend.answer).toEqual({ outcome: 'created' });
    expect(fromFriend.sim.senderFilter).toEqual({
      accepts: 'contacts',
      senderIsContact: true,
      confirmUnknownSenders: false,
    });

    const stranger = `stranger-${uid()}@unknown.test`;
    const fromStranger = await simulateThenDeliver(fx, mail(stranger, 'Let me in'));
    expect(fromStranger.answer).toEqual({
      outcome: 'ignored',
      kind: 'unknown-sender',
      reason: 'unknown-sender',
      confirmation: null,
    });
    expect(fromStranger.sim.senderFilter).toMatchObject({ accepts: 'contacts', senderIsContact: false });

    const fromPartner = await simulateThenDeliver(fx, mail(`p-${uid()}@partner.test`, 'Allowed'));
    expect(fromPartner.answer).toEqual({ outcome: 'created' });
    expect(fromPartner.sim.senderList).toMatchObject({ kind: 'allowed' });

    // A stranger copied on the friend's case replies: replies join their case before the filter is asked.
    const [friendCase] = await withTenant(tenantId, (tx) =>
      tx.select({ number: cases.number }).from(cases).where(eq(cases.requesterEmail, friend)),
    );
    const reply = await simulateThenDeliver(fx, mail(stranger, 'Re: My printer', { inReplyTo: friendId }));
    expect(reply.answer).toEqual({ outcome: 'appended', caseNumber: Number(friendCase.number) });
  });

  it('says whether a held stranger is asked to confirm, and that their reply to the request confirms the held message, as ingestion does', async () => {
    const fx = await makeContactsOnlyMailbox(dovecot, sink, { confirmUnknownSenders: true });
    const tenantId = fx.tenant.tenantId;
    const dora = `dora-${uid()}@customer-a.test`;
    const original = `orig-${uid()}@customer-a.test`;
    const verified = await simulateThenDeliver(
      fx,
      arriving('pass', {
        from: `Dora <${dora}>`,
        to: fx.address,
        subject: 'Order missing',
        text: 'Hi',
        messageId: original,
      }),
    );
    expect(verified.answer).toEqual({
      outcome: 'ignored',
      kind: 'unknown-sender',
      reason: 'unknown-sender',
      confirmation: { requested: true },
    });
    expect(verified.sim.senderFilter).toEqual({
      accepts: 'contacts',
      senderIsContact: false,
      confirmUnknownSenders: true,
    });

    // A forged sender is held without a request: we would be mailing the person the From names.
    const forged = await simulateThenDeliver(
      fx,
      arriving('fail', { from: `forged-${uid()}@customer-a.test`, to: fx.address, subject: 'Reset', text: 'Now' }),
    );
    expect(forged.answer).toEqual({
      outcome: 'ignored',
      kind: 'unknown-sender',
      reason: 'unknown-sender',
      confirmation: { requested: false, refusal: 'unverified-sender' },
    });

    // The request goes out through the real SMTP sink; Dora answers it.
    await runTenantOutbox(tenantId);
    const request = await confirmationRequestTo(sink, dora);
    const confirming = await simulateThenDeliver(
      fx,
      arriving(
        'pass',
        replyToConfirmationRequest(request, { from: `Dora <${dora}>`, to: fx.address, heldMessageId: original }),
      ),
    );
    expect(confirming.answer).toMatchObject({ outcome: 'ignored', kind: 'sender-confirmation' });
    expect(confirming.sim.outcome).toMatchObject({ confirmsHeldMessageId: verified.row!.id });
    const [heldNow] = await withTenant(tenantId, (tx) =>
      tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, verified.row!.id)),
    );
    expect(heldNow).toMatchObject({ confirmationStatus: 'confirmed' });
    expect(heldNow.releasedCaseId).not.toBeNull();
  });
});
