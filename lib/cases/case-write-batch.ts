// The rows one transaction writes for incoming mail, collected in memory and written set-based: one
// multi-row insert each for cases, history rows, attachments, ignored rows and outbox events, one
// update for the existing cases a batch touched, one for the case counter. A sync batch of 100
// messages is a handful of statements instead of several round trips per message.
//
// It is an explicit object handed to the writers (openCaseFromMessage, appendMessageToCase,
// recordIgnoredMessage), so a reader sees where a row goes; `flush` must run inside the same
// transaction before it commits (the raw bytes, the outcome and its events commit together).
// Ids are made here, so rows can refer to each other before any of them is written.
//
// Threading reads the batch's `threads` index (one query for all its Message-IDs, then kept current
// as the batch stores messages): a reply in the same batch as its original finds it, and the
// earliest stored row of a duplicated Message-ID wins, since rows are inserted in the order they
// were added (stored_seq follows that order).
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bulkInsert } from '@/db/bulk-insert';
import type { TenantTx } from '@/db/tenancy';
import { attachmentBlobs, attachments, caseMessages, cases, ignoredMessages, outboxEvents, tenants } from '@/db/schema';
import { ThreadIndex, type CaseStatus } from '@/lib/mail/thread';
import type { ParsedAttachment } from '@/lib/mail/types';
import type { OutboxEventType } from '@/lib/outbox/enqueue-event';
import { linkCaseContacts } from '@/lib/contacts/link-case-contacts';

type CaseRow = typeof cases.$inferInsert & { id: string };
type CaseMessageRow = typeof caseMessages.$inferInsert & { id: string };
type IgnoredRow = typeof ignoredMessages.$inferInsert & { id: string };
type EventRow = typeof outboxEvents.$inferInsert & { id: string };

/** Bytes per statement for attachment content, so one statement does not build a giant buffer. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export class CaseWriteBatch {
  readonly threads: ThreadIndex;
  private cases: CaseRow[] = [];
  private readonly pendingCases = new Map<string, CaseRow>();
  /** New cases whose requester may become a contact (case id → create one when none exists). */
  private contactRequests = new Map<string, boolean>();
  private messages: CaseMessageRow[] = [];
  private files: { caseMessageId: string; attachment: ParsedAttachment }[] = [];
  private ignored: IgnoredRow[] = [];
  private events: EventRow[] = [];
  /** Existing cases this batch appended to: reopen?, new last activity. */
  private touched = new Map<string, { reopen: boolean; at: Date }>();
  private counter: { last: number; written: number } | null = null;

  constructor(
    readonly tenantId: string,
    threads?: ThreadIndex,
  ) {
    this.threads = threads ?? new ThreadIndex();
  }

  /** The next case number: the tenant's counter is read once under its row lock (held until commit), written back at flush. */
  async nextCaseNumber(tx: TenantTx): Promise<number> {
    const counter = await this.lockCaseCounter(tx);
    return ++counter.last;
  }

  /**
   * Takes the tenant's counter row lock now. Ingestion takes it before writing any case, so it locks the
   * tenant row before the case-count rows its case writes touch, in the same order as every other batch.
   */
  async lockCaseCounter(tx: TenantTx): Promise<{ last: number; written: number }> {
    if (!this.counter) {
      const [row] = await tx
        .select({ n: tenants.caseCounter })
        .from(tenants)
        .where(eq(tenants.id, this.tenantId))
        // NO KEY UPDATE: rows this transaction already inserted hold KEY SHARE on the tenant row (their
        // foreign key); FOR UPDATE would wait on the KEY SHARE of a concurrent ingestion, and it on ours.
        .for('no key update');
      if (!row) throw new Error('tenant not visible in this transaction');
      this.counter = { last: row.n, written: row.n };
    }
    return this.counter;
  }

  /**
   * A new case. Its requester is linked to their contact at flush (one statement for the batch); with
   * `createContact` a contact is made for a requester who has none.
   */
  addCase(row: Omit<CaseRow, 'tenantId'>, opts: { createContact?: boolean } = {}): CaseRow {
    const full = { ...row, tenantId: this.tenantId };
    this.cases.push(full);
    this.pendingCases.set(full.id, full);
    this.contactRequests.set(full.id, opts.createContact ?? false);
    return full;
  }

  /** One history row (and its attachments); returns its id. */
  addMessage(row: Omit<CaseMessageRow, 'tenantId' | 'id'>, files: ParsedAttachment[] = []): string {
    const id = randomUUID();
    this.messages.push({ ...row, id, tenantId: this.tenantId });
    for (const attachment of files) this.files.push({ caseMessageId: id, attachment });
    return id;
  }

  addIgnored(row: Omit<IgnoredRow, 'tenantId' | 'id'>): string {
    const id = randomUUID();
    this.ignored.push({ ...row, id, tenantId: this.tenantId });
    return id;
  }

  /** An outbox event, written with the change it describes. */
  event(type: OutboxEventType, payload: Record<string, unknown>): string {
    const id = randomUUID();
    this.events.push({ id, tenantId: this.tenantId, type, payload });
    return id;
  }

  /** A case got a message: its last activity moves; a reopen also sets it Open. */
  touchCase(caseId: string, change: { reopen: boolean; at: Date }): void {
    const pending = this.pendingCases.get(caseId);
    if (pending) {
      pending.lastActivityAt = change.at;
      if (change.reopen) Object.assign(pending, { status: 'open' satisfies CaseStatus, closedAt: null });
      return;
    }
    const before = this.touched.get(caseId);
    this.touched.set(caseId, { reopen: change.reopen || (before?.reopen ?? false), at: change.at });
  }

  get pending(): boolean {
    return (
      this.cases.length + this.messages.length + this.ignored.length + this.events.length + this.touched.size > 0 ||
      (this.counter !== null && this.counter.last !== this.counter.written)
    );
  }

  /** Writes everything collected so far, in foreign-key order. Inside the transaction, before commit. */
  async flush(tx: TenantTx): Promise<void> {
    let counter: { caseCounter: number } | undefined;
    if (this.counter && this.counter.last !== this.counter.written) {
      counter = { caseCounter: this.counter.last };
      this.counter.written = this.counter.last;
    }
    const [newCases, messages, files, ignored, events, touched] = [
      this.cases,
      this.messages,
      this.files,
      this.ignored,
      this.events,
      this.touched,
    ];
    const contactRequests = this.contactRequests;
    this.cases = [];
    this.pendingCases.clear();
    this.contactRequests = new Map();
    this.messages = [];
    this.files = [];
    this.ignored = [];
    this.events = [];
    this.touched = new Map();

    // Contacts first (they give the new cases their contact ids); then the rest is sent in foreign-key
    // order without waiting in between (bulkInsert's statements leave at once and the connection runs
    // them in order); the attachment rows wait for their blobs' ids.
    await linkCaseContacts(tx, this.tenantId, newCases, contactRequests);
    const blobIds = this.writeAttachmentBlobs(tx, files);
    await Promise.all([
      bulkInsert(tx, cases, newCases),
      bulkInsert(tx, caseMessages, messages),
      bulkInsert(tx, ignoredMessages, ignored),
      bulkInsert(tx, outboxEvents, events),
      updateTouchedCases(tx, touched),
      blobIds,
      counter && tx.update(tenants).set(counter).where(eq(tenants.id, this.tenantId)).execute(),
    ]);
    await this.writeAttachments(tx, files, await blobIds);
  }

  /** Attachment bytes once per tenant by SHA-256 (one insert, one lookup); returns each blob's id by SHA-256. */
  private async writeAttachmentBlobs(
    tx: TenantTx,
    files: { caseMessageId: string; attachment: ParsedAttachment }[],
  ): Promise<Map<string, string>> {
    const blobBySha = new Map<string, string>();
    if (!files.length) return blobBySha;
    const unique = [...new Map(files.map((f) => [f.attachment.sha256, f.attachment])).values()];
    const inserts: Promise<unknown>[] = [];
    for (const chunk of chunksByBytes(unique, (a) => a.content.length)) {
      inserts.push(
        bulkInsert(
          tx,
          attachmentBlobs,
          chunk.map((a) => ({ tenantId: this.tenantId, sha256: a.sha256, size: a.size, content: a.content })),
          { onConflictDoNothing: true },
        ),
      );
    }
    await Promise.all(inserts);
    const shas = unique.map((a) => a.sha256);
    for (let i = 0; i < shas.length; i += 5000) {
      const rows = await tx
        .select({ id: attachmentBlobs.id, sha256: attachmentBlobs.sha256 })
        .from(attachmentBlobs)
        .where(inArray(attachmentBlobs.sha256, shas.slice(i, i + 5000)));
      for (const b of rows) blobBySha.set(b.sha256, b.id);
    }
    return blobBySha;
  }

  /** The attachment rows, each referring to its blob. */
  private async writeAttachments(
    tx: TenantTx,
    files: { caseMessageId: string; attachment: ParsedAttachment }[],
    blobBySha: Map<string, string>,
  ) {
    if (!files.length) return;
    await bulkInsert(
      tx,
      attachments,
      files.map(({ caseMessageId, attachment: a }) => ({
        tenantId: this.tenantId,
        caseMessageId,
        blobId: blobBySha.get(a.sha256)!,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        contentId: a.contentId ?? null,
        inline: a.inline,
      })),
    );
  }
}

async function updateTouchedCases(tx: TenantTx, touched: Map<string, { reopen: boolean; at: Date }>) {
  if (!touched.size) return;
  const values = sql.join(
    [...touched].map(([id, t]) => sql`(${id}::uuid, ${t.reopen}::boolean, ${t.at.toISOString()}::timestamptz)`),
    sql`, `,
  );
  await tx.execute(sql`
    update cases c set
      status = case when v.reopen then 'open'::case_status else c.status end,
      closed_at = case when v.reopen then null else c.closed_at end,
      last_activity_at = v.at,
      updated_at = now()
    from (values ${values}) as v(id, reopen, at)
    where c.id = v.id`);
}

function* chunksByBytes<T>(items: T[], bytes: (item: T) => number): Generator<T[]> {
  let chunk: T[] = [];
  let size = 0;
  for (const item of items) {
    if (chunk.length && size + bytes(item) > MAX_CHUNK_BYTES) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += bytes(item);
  }
  if (chunk.length) yield chunk;
}
