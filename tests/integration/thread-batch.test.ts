// Threading inside one sync batch (one transaction, so the batch's rows share a timestamp; the batch is
// threaded in memory against one lookup of its Message-IDs and written with multi-row inserts).
// Used to: with two stored messages carrying the same Message-ID, a reply in the same batch joined
// the wrong one 2 runs out of 4, because ties fell to a random UUID. Now the stored order decides.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { caseMessages, cases, outboxEvents, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { ingestBatch, type IngestOutcome } from '@/lib/cases/ingest-message';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import { buildMail } from '@/tests/helpers/mail-builder';
import { makeMailboxRow, rawMessageRow } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

/** What a sync run does with one batch: read every message in the pool, store the raw rows, then ingestBatch. */
async function ingestRaws(tenantId: string, raws: Buffer[]): Promise<IngestOutcome[]> {
  const mailbox = await makeMailboxRow(tenantId);
  const context = await withTenant(tenantId, (tx) => buildIngestContext(tx, { ...mailbox, tenantId }));
  const readings = await Promise.all(raws.map((raw) => readMessageInPool(raw, readContextFor(context, 25 << 20))));
  return withTenant(tenantId, async (tx) => {
    const stored = await tx
      .insert(rawMessages)
      .values(raws.map((raw) => rawMessageRow(tenantId, mailbox.id, raw)))
      .returning({ id: rawMessages.id, sha256: rawMessages.sha256 });
    const idBySha = new Map(stored.map((r) => [r.sha256, r.id]));
    return ingestBatch(
      tx,
      { ...context, mailbox },
      raws.map((raw, i) => ({
        rawMessageId: idBySha.get(createHash('sha256').update(raw).digest('hex'))!,
        reading: readings[i],
        imported: false,
      })),
    );
  });
}

describe('threading within one batch', () => {
  it('a reply in the same batch as its original joins the original’s case', async () => {
    const tenant = await makeTenant('batch-thread');
    const [original, reply] = await ingestRaws(tenant.tenantId, [
      buildMail({
        from: 'ann@example.org',
        to: 'support@acme.test',
        subject: 'Help',
        messageId: 'orig@example.org',
        text: 'Hi',
      }),
      buildMail({
        from: 'ann@example.org',
        to: 'support@acme.test',
        subject: 'Re: Help',
        messageId: 'reply@example.org',
        inReplyTo: 'orig@example.org',
        text: 'More',
      }),
    ]);
    expect(original.outcome).toBe('created');
    expect(reply.outcome).toBe('appended');
    if (original.outcome !== 'created' || reply.outcome !== 'appended') return;
    expect(reply.caseId).toBe(original.caseId);
  });

  it('with two originals sharing a Message-ID, a reply in the same batch joins the first stored, every time (20 runs)', async () => {
    for (let run = 0; run < 20; run++) {
      const tenant = await makeTenant(`dup-${run}`);
      const shared = `shared-${run}@example.org`;
      const [first, second, reply] = await ingestRaws(tenant.tenantId, [
        buildMail({
          from: 'first@example.org',
          to: 'support@acme.test',
          subject: 'First',
          messageId: shared,
          text: 'one',
        }),
        buildMail({
          from: 'second@example.org',
          to: 'support@acme.test',
          subject: 'Second',
          messageId: shared,
          text: 'two',
        }),
        buildMail({
          from: 'first@example.org',
          to: 'support@acme.test',
          subject: 'Re: First',
          messageId: `reply-${run}@example.org`,
          inReplyTo: shared,
          text: 'three',
        }),
      ]);
      expect(first.outcome).toBe('created');
      expect(second.outcome).toBe('created');
      expect(reply.outcome, `run ${run}`).toBe('appended');
      if (first.outcome === 'created' && reply.outcome === 'appended')
        expect(reply.caseId, `run ${run}`).toBe(first.caseId);
    }
  });

  it('a stored message keeps its Message-ID against a later batch that reuses it: the reply joins the stored one', async () => {
    const tenant = await makeTenant('batch-earlier');
    const mail = (from: string, subject: string, messageId: string, inReplyTo?: string) =>
      buildMail({ from, to: 'support@acme.test', subject, messageId, inReplyTo, text: subject });
    const [stored] = await ingestRaws(tenant.tenantId, [mail('ann@example.org', 'First', 'reused@example.org')]);
    const [copy, reply] = await ingestRaws(tenant.tenantId, [
      mail('mallory@example.org', 'Second', 'reused@example.org'),
      mail('ann@example.org', 'Re: First', 'reply-reused@example.org', 'reused@example.org'),
    ]);
    expect(copy.outcome).toBe('created');
    expect(reply.outcome).toBe('appended');
    if (stored.outcome === 'created' && reply.outcome === 'appended') expect(reply.caseId).toBe(stored.caseId);
  });

  it('two replies in one batch to a Closed case reopen it once: one note, one case.updated event', async () => {
    const tenant = await makeTenant('batch-reopen');
    const mail = (subject: string, messageId: string, inReplyTo?: string) =>
      buildMail({ from: 'ann@example.org', to: 'support@acme.test', subject, messageId, inReplyTo, text: subject });
    const [original] = await ingestRaws(tenant.tenantId, [mail('Broken', 'closed-orig@example.org')]);
    if (original.outcome !== 'created') throw new Error(`expected a case, got ${original.outcome}`);
    await withTenant(tenant.tenantId, (tx) =>
      tx.update(cases).set({ status: 'closed', closedAt: new Date() }).where(eq(cases.id, original.caseId)),
    );
    const [first, second] = await ingestRaws(tenant.tenantId, [
      mail('Re: Broken', 'closed-r1@example.org', 'closed-orig@example.org'),
      mail('Re: Broken', 'closed-r2@example.org', 'closed-r1@example.org'),
    ]);
    expect(first).toMatchObject({ outcome: 'appended', caseId: original.caseId, reopened: true });
    expect(second).toMatchObject({ outcome: 'appended', caseId: original.caseId, reopened: false });
    const { status, reopenNotes, reopenEvents } = await withTenant(tenant.tenantId, async (tx) => ({
      status: (await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, original.caseId)))[0].status,
      reopenNotes: await tx
        .select({ id: caseMessages.id })
        .from(caseMessages)
        .where(and(eq(caseMessages.caseId, original.caseId), eq(caseMessages.systemKind, 'reopened'))),
      reopenEvents: await tx
        .select({ id: outboxEvents.id })
        .from(outboxEvents)
        .where(eq(outboxEvents.type, 'case.updated')),
    }));
    expect(status).toBe('open');
    expect(reopenNotes).toHaveLength(1);
    expect(reopenEvents).toHaveLength(1);
  });
});
