// The one write of fetched mail, whatever brought it (IMAP, POP3, the forwarding address): inside the
// caller's tenant transaction, the batch's raw bytes in one statement, then the new messages' outcomes
// through ingestBatch (threaded in memory, written with one multi-row insert per table before commit).
// A message whose bytes (or UID/UIDL) were stored before is a duplicate: its outcome exists already.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { bulkInsert } from '@/db/bulk-insert';
import { mailboxes, rawMessages } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import { countRecentInboundBySender } from '@/lib/acknowledgements/is-sender-flooding';
import { ingestBatch, type IngestContext, type IngestItem, type IngestOutcome } from '@/lib/cases/ingest-message';
import type { MessageReading } from '@/lib/mail/read-message';
import type { InboundChecks } from '@/lib/mail/verify/check-inbound';
import type { FetchedMessage, SourceRef } from '@/lib/mail/sources/types';
import type { MailboxRow } from './lease';
import type { SyncCounts } from './sync-counts';

export type FetchedBatch = {
  mailbox: Pick<MailboxRow, 'id' | 'tenantId'>;
  context: Omit<IngestContext, 'imported' | 'recentBySender'>;
  fetched: FetchedMessage[];
  /** Each fetched message read in the worker pool (readMessageInPool), same order. */
  parsed: MessageReading[];
  /** Sender verification of each message, made before the transaction (lib/mail/verify/check-inbound.ts). */
  checks?: (InboundChecks | undefined)[];
  /** Inside the import boundary (the i-th fetched message): Closed, imported, no acknowledgement. */
  isImported: (ref: SourceRef, i: number) => boolean;
  counts: SyncCounts;
  /** A further folder's defaults for the cases it opens (a rule's assignee wins; tags are added). */
  caseDefaults?: { assigneeId: string | null; tags: string[] };
  /** Imported messages advance the mailbox's import progress (not so for a further folder's boundary). */
  countsTowardImport?: boolean;
  /** The import's "received after" option: imported messages dated later open Open cases (no acknowledgement). */
  openImportedAfter?: Date | null;
};

/** Returns how many messages of the batch were inside the import boundary, and each one's outcome. */
export async function ingestFetchedBatch(
  tx: TenantTx,
  {
    mailbox,
    context,
    fetched,
    parsed,
    checks,
    isImported,
    counts,
    caseDefaults,
    countsTowardImport = true,
    openImportedAfter,
  }: FetchedBatch,
): Promise<{ imported: number; outcomes: (IngestOutcome | 'duplicate')[] }> {
  const stored = await storeRawMessages(tx, mailbox, fetched);
  const recentBySender = await countRecentInboundBySender(tx, {
    mailboxId: mailbox.id,
    senders: parsed.flatMap((p, i) =>
      p.ok && p.message.from && stored[i] && !isImported(fetched[i].ref, i) ? [p.message.from.address] : [],
    ),
  });
  let imported = 0;
  const items: IngestItem[] = [];
  const position: number[] = []; // fetched index of each item
  for (let i = 0; i < fetched.length; i++) {
    const inBoundary = isImported(fetched[i].ref, i);
    if (inBoundary) imported++;
    const rawId = stored[i];
    if (!rawId) {
      counts.duplicates++; // stored (with its outcome) by an earlier run: only the delete is left
      continue;
    }
    const reading = parsed[i];
    const date = reading.ok ? reading.message.date : undefined;
    const importedOpen = inBoundary && Boolean(openImportedAfter && date && date > openImportedAfter);
    items.push({ rawMessageId: rawId, reading, imported: inBoundary, importedOpen, checks: checks?.[i] });
    position.push(i);
  }
  const outcomes: (IngestOutcome | 'duplicate')[] = fetched.map(() => 'duplicate');
  const results = await ingestBatch(tx, { ...context, recentBySender, caseDefaults }, items);
  results.forEach((outcome, k) => {
    tally(counts, outcome);
    outcomes[position[k]] = outcome;
  });
  if (imported && countsTowardImport) {
    await tx
      .update(mailboxes)
      .set({ importProcessed: sql`${mailboxes.importProcessed} + ${imported}` })
      .where(eq(mailboxes.id, mailbox.id));
  }
  return { imported, outcomes };
}

/**
 * Stores the batch's raw bytes in one statement. Returns, per fetched message, the new raw row's id —
 * or undefined when those bytes (or that UID/UIDL) were stored before: the message was handled already.
 */
async function storeRawMessages(
  tx: TenantTx,
  mailbox: Pick<MailboxRow, 'id' | 'tenantId'>,
  fetched: FetchedMessage[],
): Promise<(string | undefined)[]> {
  if (!fetched.length) return [];
  const rows = fetched.map(({ ref, raw }) => ({
    tenantId: mailbox.tenantId,
    mailboxId: mailbox.id,
    sha256: createHash('sha256').update(raw).digest('hex'),
    size: raw.length,
    content: raw,
    uidValidity: ref.uidValidity ?? null,
    uid: ref.uid ?? null,
    uidl: ref.uidl ?? null,
  }));
  const inserted = await bulkInsert(tx, rawMessages, rows, { onConflictDoNothing: true, returning: ['id', 'sha256'] });
  const idBySha = new Map(inserted.map((r) => [r.sha256 as string, r.id as string]));
  return rows.map((r) => {
    const id = idBySha.get(r.sha256);
    idBySha.delete(r.sha256); // the same bytes twice in one batch: the second is a duplicate
    return id;
  });
}

function tally(counts: SyncCounts, outcome: IngestOutcome) {
  if (outcome.outcome === 'created') counts.created++;
  else if (outcome.outcome === 'appended') counts.appended++;
  else if (outcome.outcome === 'ignored') counts.ignored++;
  else counts.quarantined++;
}
