// The rules simulator against real ingestion for the two limits that depend on what a sender sent before: the
// flood circuit breaker (more than FLOOD_THRESHOLD messages from one sender to one mailbox in the window: the
// next new message opens no case) and the one confirmation request per sender and mailbox within the window
// (the outbox consumer skips a second one). Each message is simulated (with the checks a sync makes) right
// before it is delivered to Dovecot and synced (and, for the confirmations, the outbox run), and the two answers
// must be equal. Before the simulator made these decisions it answered "a new case" for the flooding sender's
// next message and "a request is sent" for the stranger's second one.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, ignoredMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { FLOOD_THRESHOLD, FLOOD_WINDOW_MINUTES } from '@/lib/acknowledgements/ack-limits';
import { CIRCUIT_BREAKER_ACTION } from '@/lib/acknowledgements/note-circuit-breaker-trip';
import { syncMailbox } from '@/lib/mailboxes/sync-mailbox';
import { simulateWithChecks } from '@/lib/rules/simulate-message';
import { arriving, makeContactsOnlyMailbox } from '@/tests/helpers/contacts-only-mailbox';
import { confirmationRequestTo } from '@/tests/helpers/confirmation-request';
import { newestIngestion, simulatedAnswer, storedAnswer } from '@/tests/helpers/ingestion-answer';
import { buildMail } from '@/tests/helpers/mail-builder';
import { makeMailbox, type MailboxFixture } from '@/tests/helpers/mailbox-fixture';
import { runTenantOutbox } from '@/tests/helpers/run-tenant-outbox';
import { startSmtpSink } from '@/tests/helpers/smtp-sink';
import { useDovecot } from '@/tests/helpers/use-dovecot';
import { useStarted } from '@/tests/helpers/use-started';

const dovecot = useDovecot();
const sink = useStarted(startSmtpSink, (started) => started.stop());

const uid = () => randomBytes(4).toString('hex');

/**
 * Simulates `raw`, then delivers and syncs it (and runs the tenant's outbox when `outbox`: the confirmation
 * request is sent or skipped there); the two answers must be equal.
 */
async function simulateThenDeliver(fx: MailboxFixture, raw: Buffer, { outbox = false } = {}) {
  const tenantId = fx.tenant.tenantId;
  const sim = await simulateWithChecks({ tenantId, mailboxId: fx.mailboxId, source: { raw } });
  await dovecot.append(fx.user, [raw], { via: 'maildir' });
  expect((await syncMailbox(fx.mailboxId)).fetched).toBe(1);
  if (outbox) await runTenantOutbox(tenantId);
  const stored = await withTenant(tenantId, newestIngestion);
  const answer = storedAnswer(stored);
  expect(answer).toEqual(simulatedAnswer(sim.outcome));
  return { sim, answer, row: stored.held };
}

const breakerTrips = (tenantId: string, mailboxId: string) =>
  withTenant(tenantId, (tx) =>
    tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, CIRCUIT_BREAKER_ACTION), eq(auditLog.targetId, mailboxId))),
  );

describe('the simulator and the per-sender limits, against real ingestion', () => {
  it(`says a flooding sender's next new message is ignored by the circuit breaker (more than ${FLOOD_THRESHOLD} in ${FLOOD_WINDOW_MINUTES} minutes), as ingestion ignores it; the message that makes it more and a reply to a case still go through in both`, async () => {
    const fx = await makeMailbox(dovecot, { protocol: 'imap', starttls: 'off' }, { state: 'active' });
    const tenantId = fx.tenant.tenantId;
    const flooder = `script-${uid()}@customer.test`;
    const mail = (subject: string, extra: { messageId?: string; inReplyTo?: string } = {}) =>
      buildMail({ from: flooder, to: fx.address, subject: `${subject} ${uid()}`, text: 'Disk full', ...extra });

    // As many as the threshold, in one sync: every one opens a case.
    const firstId = `first-${uid()}@customer.test`;
    await dovecot.append(
      fx.user,
      Array.from({ length: FLOOD_THRESHOLD }, (_, i) => mail(`Alert ${i}`, i === 0 ? { messageId: firstId } : {})),
      { via: 'maildir' },
    );
    expect((await syncMailbox(fx.mailboxId)).fetched).toBe(FLOOD_THRESHOLD);

    // The breaker asks whether the sender has already sent more than the threshold: not yet, a case in both.
    const atThreshold = await simulateThenDeliver(fx, mail('Alert after the threshold'));
    expect(atThreshold.answer).toEqual({ outcome: 'created' });

    // Simulating changes nothing: the tenant is told of the trip by the sync alone.
    const tooMany = mail('One too many');
    const dryRun = await simulateWithChecks({ tenantId, mailboxId: fx.mailboxId, source: { raw: tooMany } });
    expect(dryRun.outcome).toMatchObject({ outcome: 'ignored', reason: 'circuit-breaker' });
    expect(await breakerTrips(tenantId, fx.mailboxId)).toHaveLength(0);

    const tripping = await simulateThenDeliver(fx, tooMany);
    expect(tripping.answer).toEqual({ outcome: 'ignored', kind: 'normal', reason: 'circuit-breaker' });
    expect(tripping.sim.outcome).toMatchObject({
      circuitBreaker: { threshold: FLOOD_THRESHOLD, windowMinutes: FLOOD_WINDOW_MINUTES },
    });
    expect(await breakerTrips(tenantId, fx.mailboxId)).toHaveLength(1);

    // The breaker stops new cases only: a reply joins its case in both.
    const reply = await simulateThenDeliver(fx, mail('Re: Alert 0', { inReplyTo: firstId }));
    expect(reply.answer).toMatchObject({ outcome: 'appended' });
  });

  it("says a stranger's second message within 24 hours is held without a new confirmation request, as the outbox consumer skips it; past the window the request is sent again in both", async () => {
    const fx = await makeContactsOnlyMailbox(dovecot, sink, { confirmUnknownSenders: true });
    const tenantId = fx.tenant.tenantId;
    const eve = `eve-${uid()}@customer-b.test`;
    const mail = (subject: string) => arriving('pass', { from: eve, to: fx.address, subject, text: subject });
    const requestsToEve = () =>
      sink.messages.filter((m) => m.envelope.to.includes(eve) && m.parsed.subject?.startsWith('Please confirm'));

    const first = await simulateThenDeliver(fx, mail('First question'), { outbox: true });
    expect(first.answer).toMatchObject({ kind: 'unknown-sender', confirmation: { requested: true } });
    await confirmationRequestTo(sink, eve);
    const [asked] = await withTenant(tenantId, (tx) =>
      tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, first.row!.id)),
    );
    expect(asked.confirmationStatus).toBe('sent');

    const second = await simulateThenDeliver(fx, mail('Second question'), { outbox: true });
    expect(second.answer).toEqual({
      outcome: 'ignored',
      kind: 'unknown-sender',
      reason: 'unknown-sender',
      confirmation: { requested: false, refusal: 'rate-limited' },
    });
    expect(second.sim.outcome).toMatchObject({
      confirmation: { recentRequest: { sentAt: asked.confirmationSentAt, windowHours: 24 } },
    });
    expect(second.row).toMatchObject({ confirmationStatus: 'not-sent' });
    await new Promise((r) => setTimeout(r, 300));
    expect(requestsToEve()).toHaveLength(1);

    // A day later (the first request sent 25 hours ago), the next message is asked about again.
    await withTenant(tenantId, (tx) =>
      tx
        .update(ignoredMessages)
        .set({ confirmationSentAt: new Date(Date.now() - 25 * 3_600_000) })
        .where(eq(ignoredMessages.id, asked.id)),
    );
    const third = await simulateThenDeliver(fx, mail('Third question'), { outbox: true });
    expect(third.answer).toMatchObject({ kind: 'unknown-sender', confirmation: { requested: true } });
    expect(third.row).toMatchObject({ confirmationStatus: 'sent' });
    expect(requestsToEve()).toHaveLength(2);
  });
});
