// Delivers raw messages the way a sync run stores them (the reading in the message worker pool, then
// raw row + ingestMessage in one tenant transaction), without a mail server: for tests about what
// happens after ingestion.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { caseMessages, cases, ignoredMessages, mailboxes, rawMessages } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { ingestMessage, type IngestOutcome } from '@/lib/cases/ingest-message';
import { PARSE_LIMITS } from '@/lib/mail/parse-limits';
import { readMessageInPool } from '@/lib/mail/pool/read-message-in-pool';
import { inboundChecker } from '@/lib/mail/verify/check-inbound';
import { buildIngestContext, readContextFor } from '@/lib/mailboxes/build-ingest-context';
import type { TestMailbox } from './mailbox-fixture';

export { makeMailboxRow, type TestMailbox } from './mailbox-fixture';

export type Received = IngestOutcome & { rawMessageId: string };

/** The raw_messages row a sync stores for `raw`, as received into that mailbox. */
export function rawMessageRow(tenantId: string, mailboxId: string, raw: Buffer) {
  return {
    tenantId,
    mailboxId,
    sha256: createHash('sha256').update(raw).digest('hex'),
    size: raw.length,
    content: raw,
  };
}

/**
 * Stores and ingests one message. `at` simulates its arrival time: the raw row, its case (when it
 * opened one), its history entry and its ignored row get that created_at, as if it had arrived then.
 */
export async function receiveMail(
  tenantId: string,
  mailbox: TestMailbox,
  raw: Buffer,
  opts: { imported?: boolean; at?: Date; maxBytes?: number; budgetMs?: number } = {},
): Promise<Received> {
  const context = await withTenant(tenantId, (tx) => buildIngestContext(tx, { ...mailbox, tenantId }));
  const reading = await readMessageInPool(
    raw,
    readContextFor(context, opts.maxBytes ?? PARSE_LIMITS.maxBytes),
    opts.budgetMs,
  );
  // Sender verification and spam verdicts, as the sync makes them before its transaction.
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(mailboxes).where(eq(mailboxes.id, mailbox.id)));
  const checks = opts.imported || !row ? undefined : await inboundChecker(row)(raw, reading);
  return withTenant(tenantId, async (tx) => {
    const [stored] = await tx
      .insert(rawMessages)
      .values({ ...rawMessageRow(tenantId, mailbox.id, raw), ...(opts.at ? { createdAt: opts.at } : {}) })
      .returning({ id: rawMessages.id });
    const outcome = await ingestMessage(
      tx,
      { ...context, mailbox, imported: opts.imported ?? false },
      stored.id,
      reading,
      checks,
    );
    if (opts.at) {
      await tx.update(caseMessages).set({ createdAt: opts.at }).where(eq(caseMessages.rawMessageId, stored.id));
      await tx.update(ignoredMessages).set({ createdAt: opts.at }).where(eq(ignoredMessages.rawMessageId, stored.id));
      if (outcome.outcome === 'created') {
        await tx.update(cases).set({ createdAt: opts.at, lastActivityAt: opts.at }).where(eq(cases.id, outcome.caseId));
      }
    }
    return { ...outcome, rawMessageId: stored.id };
  });
}
