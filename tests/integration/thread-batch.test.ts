// Threading inside one sync batch (one transaction, so the batch's rows share a timestamp).
// Used to: with two stored messages carrying the same Message-ID, a reply in the same batch joined
// the wrong one 2 runs out of 4, because ties fell to a random UUID. Now the stored order decides.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { ingestMessage, type IngestOutcome } from '@/lib/cases/ingest-message';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import { buildMail } from '@/tests/helpers/mail-builder';
import { makeMailboxRow } from '@/tests/helpers/receive-mail';
import { makeTenant } from '@/tests/helpers/tenant';

/** What a sync run does with one batch: read every message in the pool, then one transaction in order. */
async function ingestBatch(tenantId: string, raws: Buffer[]): Promise<IngestOutcome[]> {
  const mailbox = await makeMailboxRow(tenantId);
  const context = await withTenant(tenantId, (tx) => buildIngestContext(tx, { ...mailbox, tenantId }));
  const readings = await Promise.all(raws.map((raw) => readMessageInPool(raw, readContextFor(context, 25 << 20))));
  return withTenant(tenantId, async (tx) => {
    const out: IngestOutcome[] = [];
    for (let i = 0; i < raws.length; i++) {
      const [stored] = await tx
        .insert(rawMessages)
        .values({
          tenantId,
          mailboxId: mailbox.id,
          sha256: createHash('sha256').update(raws[i]).digest('hex'),
          size: raws[i].length,
          content: raws[i],
        })
        .returning({ id: rawMessages.id });
      out.push(await ingestMessage(tx, { ...context, mailbox, imported: false }, stored.id, readings[i]));
    }
    return out;
  });
}

describe('threading within one batch', () => {
  it('a reply in the same batch as its original joins the original’s case', async () => {
    const tenant = await makeTenant('batch-thread');
    const [original, reply] = await ingestBatch(tenant.tenantId, [
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
      const [first, second, reply] = await ingestBatch(tenant.tenantId, [
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
});
