// The sync run: lease → connect → for each batch: fetch → store raw + outcome + outbox in one
// transaction → only then delete those exact messages on the server → release.
// A crash anywhere re-fetches what was not deleted; the raw-message keys make the replay a no-op.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { mailboxFolders, mailboxes, rawMessages, syncRuns } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { readMessageInPool, warmMessagePool } from '@/lib/mail/pool/read-message-in-pool';
import { inboundChecker } from '@/lib/mail/verify/check-inbound';
import type { MessageReading } from '@/lib/mail/read-message';
import type { DnsResolver } from '@/lib/mail/verify/dns-resolver';
import type { FetchedMessage, MailSource, SourceRef } from '@/lib/mail/sources/types';
import { buildIngestContext, readContextFor } from './build-ingest-context';
import { acquireMailboxLease, newLeaseOwner, releaseMailboxLease, renewMailboxLease, type MailboxRow } from './lease';
import { openMailboxSource, type SourceOptions } from './open-mailbox-source';
import { forgetImportFingerprints, importUnfinished, inImportBoundary } from './import-boundary';
import { describeSyncError } from './sync-error';
import { ingestFetchedBatch } from './ingest-fetched-batch';
import { emptySyncCounts, pickSyncCounts, type SyncCounts } from './sync-counts';

export type { SyncCounts } from './sync-counts';

// Messages per transaction (and per delete) unless the caller says: SYNC_BATCH_SIZE, default 250. Measured
// at 2,000 messages: 250 ran faster than 100 (fewer transactions, each with its fixed statements and commit)
// and than 500 (coarser overlap of fetching with committing, more memory); a batch also stops at about
// 32 MB (batches()).

export type SyncSummary = SyncCounts & {
  mailboxId: string;
  skipped?: 'locked' | 'paused' | 'needs_reauth';
  state: MailboxRow['state'];
  remaining: number;
  import?: { processed: number; total: number | null; done: boolean };
  error?: { code: string; message: string };
};

export type SyncOptions = SourceOptions & {
  trigger?: string;
  /** Messages per transaction (and per delete). */
  batchSize?: number;
  /** Keep going until the server reports nothing left (new mail arriving meanwhile included). */
  untilEmpty?: boolean;
  onProgress?: (p: { processed: number; total: number; importProcessed: number; importTotal: number | null }) => void;
  /** The DNS resolver sender verification asks (default: the system's, or SENDER_VERIFICATION_DNS). */
  dnsResolver?: DnsResolver;
  /** Test hook: called after each batch commit, before the server delete. */
  afterCommit?: (refs: SourceRef[]) => Promise<void> | void;
};

export async function syncMailbox(mailboxId: string, opts: SyncOptions = {}): Promise<SyncSummary> {
  const owner = newLeaseOwner();
  const mailbox = await acquireMailboxLease(mailboxId, owner);
  const counts = emptySyncCounts();
  if (!mailbox) {
    const state = await withSystem(
      async (tx) =>
        (await tx.select({ state: mailboxes.state }).from(mailboxes).where(eq(mailboxes.id, mailboxId)))[0]?.state,
    );
    if (!state) throw new AppError('not_found', 'Mailbox not found.');
    return { mailboxId, skipped: 'locked', state, remaining: 0, ...counts };
  }
  try {
    if (mailbox.state === 'draft') {
      throw new AppError(
        'bad_request',
        'This mailbox is still a draft: test the connection and confirm the import first.',
        { code: 'draft' },
      );
    }
    if (mailbox.protocol === 'forward') {
      throw new AppError(
        'bad_request',
        'This mailbox receives mail at its forwarding address; there is no server to fetch from.',
        { code: 'forwarding-address' },
      );
    }
    if (mailbox.state === 'paused' || mailbox.state === 'needs_reauth') {
      return { mailboxId, skipped: mailbox.state, state: mailbox.state, remaining: 0, ...counts };
    }
    return await runSync(mailbox, owner, counts, opts);
  } finally {
    await releaseMailboxLease(mailboxId, owner);
  }
}

async function runSync(
  mailbox: MailboxRow,
  owner: string,
  counts: SyncCounts,
  opts: SyncOptions,
): Promise<SyncSummary> {
  const batchSize = opts.batchSize ?? env.SYNC_BATCH_SIZE;
  warmMessagePool();
  const [run] = await withTenant(mailbox.tenantId, (tx) =>
    tx
      .insert(syncRuns)
      .values({ tenantId: mailbox.tenantId, mailboxId: mailbox.id, trigger: opts.trigger ?? 'manual' })
      .returning({ id: syncRuns.id }),
  );
  let source: MailSource | undefined;
  let importProcessed = mailbox.importProcessed;
  let remaining = 0;
  try {
    const context = await loadIngestContext(mailbox);
    // Message content is read in the worker pool, under the message budget, with this run's rules.
    const readContext = readContextFor(context, mailbox.maxMessageBytes);
    // Sender verification asks DNS: done per batch before its transaction, never inside one.
    const check = inboundChecker(mailbox, opts.dnsResolver);
    /** Stores and then deletes (or moves) what one folder holds; returns how many were left when it stopped. */
    const drain = async (
      src: MailSource,
      boundary: (fetched: FetchedMessage[]) => Promise<boolean[]>,
      folder: ExtraFolder | null,
    ) => {
      // What every batch of this folder is stored with: the run's rules and counts, the folder's case defaults.
      const storedWith = {
        mailbox,
        context,
        counts,
        caseDefaults: folder ?? undefined,
        countsTowardImport: !folder,
        openImportedAfter: folder ? null : mailbox.importOpenAfter,
      };
      let left = 0;
      for (let pass = 0; ; pass++) {
        const listed = await src.listPending();
        // Flagged \Deleted: ours only if we stored that very UID (a run stopped between STORE and EXPUNGE).
        const interrupted = await ourStoredRefs(
          mailbox,
          listed.filter((r) => r.flaggedDeleted),
        );
        if (interrupted.length) {
          await src.delete(interrupted);
          counts.deleted += interrupted.length;
        }
        const pending = listed.filter((r) => !r.flaggedDeleted);
        if (!pending.length) break;
        left = pending.length;
        if (!folder) remaining = left;
        const list = [...batches(pending, batchSize, mailbox.maxMessageBytes)];
        // Overlap: while batch k commits and is deleted, batch k+1 is already being fetched and read.
        // One command at a time on the connection: the delete of batch k waits for the fetch of k+1.
        // Each message goes to the worker pool as it arrives, while the rest of its batch is still coming.
        const load = (refs: SourceRef[]) => {
          const reading = new Map<FetchedMessage, Promise<MessageReading>>();
          const fetching = src.fetch(refs, (m) => reading.set(m, readMessageInPool(m.raw, readContext)));
          const ready = fetching.then(async (fetched) => {
            const parsed = await Promise.all(
              fetched.map((m) => reading.get(m) ?? readMessageInPool(m.raw, readContext)),
            );
            const inBoundary = await boundary(fetched);
            const checks = await Promise.all(
              fetched.map((m, i) => (inBoundary[i] ? undefined : check(m.raw, parsed[i]))),
            );
            return { refs, fetched, parsed, checks, inBoundary };
          });
          ready.catch(() => {}); // a failure surfaces when it is awaited
          return {
            fetching: fetching.then(
              () => undefined,
              () => undefined,
            ),
            ready,
          };
        };
        let next = list.length ? load(list[0]) : undefined;
        for (let b = 0; b < list.length; b++) {
          const { refs: batch, fetched, parsed, checks, inBoundary } = await next!.ready;
          next = b + 1 < list.length ? load(list[b + 1]) : undefined;
          counts.fetched += fetched.length;
          const isImported = (_ref: SourceRef, i: number) => inBoundary[i];
          // The lease is renewed while the batch commits (its own transaction): its answer is read before the delete.
          const renewing = renewMailboxLease(mailbox.id, owner);
          renewing.catch(() => {}); // a failure surfaces when it is awaited
          const importedHere = await withTenant(
            mailbox.tenantId,
            async (tx) =>
              (await ingestFetchedBatch(tx, { ...storedWith, fetched, parsed, checks, isImported })).imported,
          );
          importProcessed += importedHere;
          await opts.afterCommit?.(batch);
          // Lost lease: another run owns the mailbox now; it will delete these (dedupe makes them no-ops).
          if (!(await renewing)) throw new AppError('conflict', 'The mailbox lease was lost during the sync.');
          await next?.fetching;
          await src.delete(fetched.map((m) => m.ref));
          counts.deleted += fetched.length;
          left -= batch.length;
          if (!folder) remaining = left;
          opts.onProgress?.({
            processed: counts.fetched,
            total: pending.length,
            importProcessed,
            importTotal: mailbox.importTotal,
          });
        }
        if (!opts.untilEmpty || pass > 1000) break;
      }
      return left;
    };
    source = await openMailboxSource(mailbox, opts);
    remaining = await drain(source, (fetched) => inImportBoundary(mailbox, fetched), null);
    const uidValidity = source.uidValidity ?? mailbox.imapUidValidity;
    // Mail APIs: everything listed is stored and removed, so the next run may start after it.
    const syncCursor = source.cursor ? source.cursor() : mailbox.syncCursor;
    await source.close(); // POP3: QUIT commits the deletions
    source = undefined;
    // Further IMAP folders, each from its own connection, with its own import boundary and case defaults.
    // The UID ledger is keyed by (mailbox, UIDVALIDITY, UID): folders sharing a UIDVALIDITY could not be told apart.
    const validities = new Set([uidValidity]);
    for (const folder of await loadExtraFolders(mailbox)) {
      source = await openMailboxSource({ ...mailbox, folder: folder.name }, opts);
      if (validities.has(source.uidValidity ?? null))
        throw new AppError('conflict', 'Two folders share a UIDVALIDITY.', { code: 'folder-clash' });
      validities.add(source.uidValidity ?? null);
      const inFolderBoundary = await folderBoundary(mailbox, folder, source);
      await drain(source, async (fetched) => fetched.map((m) => inFolderBoundary(m.ref)), folder);
      await source.close();
      source = undefined;
    }
    return await finishRun(mailbox, run.id, counts, { remaining, importProcessed, uidValidity, syncCursor });
  } catch (err) {
    source?.abort();
    const described = describeSyncError(err);
    await failRun(mailbox, run.id, counts, described);
    return {
      mailboxId: mailbox.id,
      state: described.mailboxState ?? mailbox.state,
      remaining,
      ...counts,
      error: { code: described.code, message: described.message },
    };
  }
}

type ExtraFolder = typeof mailboxFolders.$inferSelect;

/** The further folders an IMAP mailbox reads (none for POP3). */
async function loadExtraFolders(mailbox: MailboxRow): Promise<ExtraFolder[]> {
  if (mailbox.protocol !== 'imap' && mailbox.protocol !== 'imaps') return [];
  return withTenant(mailbox.tenantId, (tx) =>
    tx
      .select()
      .from(mailboxFolders)
      .where(eq(mailboxFolders.mailboxId, mailbox.id))
      .orderBy(asc(mailboxFolders.createdAt), asc(mailboxFolders.name)),
  );
}

/**
 * A further folder's import boundary: what it held when it was first read (recorded then) becomes Closed
 * cases without acknowledgements, like a mailbox's import; everything after is new mail.
 */
async function folderBoundary(
  mailbox: MailboxRow,
  folder: ExtraFolder,
  source: MailSource,
): Promise<(ref: SourceRef) => boolean> {
  let { importUidValidity, importUidNext } = folder;
  if (importUidValidity == null && source.uidValidity !== undefined && source.uidNext !== undefined) {
    ({ uidValidity: importUidValidity, uidNext: importUidNext } = source);
    await withTenant(mailbox.tenantId, (tx) =>
      tx.update(mailboxFolders).set({ importUidValidity, importUidNext }).where(eq(mailboxFolders.id, folder.id)),
    );
  }
  return (ref) =>
    importUidValidity != null &&
    importUidNext != null &&
    ref.uidValidity === importUidValidity &&
    ref.uid !== undefined &&
    ref.uid < importUidNext;
}

async function ourStoredRefs(mailbox: MailboxRow, refs: SourceRef[]): Promise<SourceRef[]> {
  const uids = refs.filter((r) => r.uid !== undefined && r.uidValidity !== undefined);
  if (!uids.length) return [];
  const stored = await withTenant(mailbox.tenantId, (tx) =>
    tx
      .select({ uid: rawMessages.uid })
      .from(rawMessages)
      .where(
        and(
          eq(rawMessages.mailboxId, mailbox.id),
          eq(rawMessages.uidValidity, uids[0].uidValidity!),
          inArray(
            rawMessages.uid,
            uids.map((r) => r.uid!),
          ),
        ),
      ),
  );
  const ours = new Set(stored.map((s) => s.uid));
  return uids.filter((r) => ours.has(r.uid!));
}

/** Batches of at most `size` messages and about 64 MB, never splitting a single message. */
function* batches(refs: SourceRef[], size: number, maxMessageBytes: number): Generator<SourceRef[]> {
  const byteBudget = Math.max(32 * 1024 * 1024, maxMessageBytes + 1);
  let current: SourceRef[] = [];
  let bytes = 0;
  for (const ref of refs) {
    if (current.length && (current.length >= size || bytes + (ref.size ?? 0) > byteBudget)) {
      yield current;
      current = [];
      bytes = 0;
    }
    current.push(ref);
    bytes += ref.size ?? 0;
  }
  if (current.length) yield current;
}

/** Own addresses, rules and sender lists: read once per run (a rule saved meanwhile applies from the next run). */
async function loadIngestContext(mailbox: MailboxRow) {
  return withTenant(mailbox.tenantId, (tx) => buildIngestContext(tx, mailbox));
}

async function finishRun(
  mailbox: MailboxRow,
  runId: string,
  counts: SyncCounts,
  p: { remaining: number; importProcessed: number; uidValidity: number | null; syncCursor: string | null },
): Promise<SyncSummary> {
  const importing = importUnfinished(mailbox);
  const state: MailboxRow['state'] = importing && p.remaining > 0 ? 'importing' : 'active';
  await withTenant(mailbox.tenantId, async (tx) => {
    if (importing && state === 'active') await forgetImportFingerprints(tx, mailbox.id);
    await tx
      .update(mailboxes)
      .set({
        state,
        importedAt: importing && state === 'active' ? new Date() : mailbox.importedAt,
        lastSyncAt: new Date(),
        lastError: null,
        lastErrorCode: null,
        syncFailures: 0,
        imapUidValidity: p.uidValidity,
        syncCursor: p.syncCursor,
        // A sync requested while this run was going (IDLE saw new mail after our fetch) is kept, not
        // pushed back a whole poll interval: its nextSyncAt is later than this run's start.
        nextSyncAt: sql`case when ${mailboxes.nextSyncAt} > (select ${syncRuns.startedAt} from ${syncRuns} where ${syncRuns.id} = ${runId})
          then ${mailboxes.nextSyncAt} else now() + make_interval(secs => ${mailbox.pollIntervalSeconds}) end`,
      })
      .where(eq(mailboxes.id, mailbox.id));
    await tx
      .update(syncRuns)
      .set({ ...runCounts(counts), finishedAt: new Date() })
      .where(eq(syncRuns.id, runId));
  });
  return {
    mailboxId: mailbox.id,
    state,
    remaining: p.remaining,
    ...counts,
    import:
      mailbox.importTotal != null
        ? { processed: p.importProcessed, total: mailbox.importTotal, done: state !== 'importing' }
        : undefined,
  };
}

async function failRun(
  mailbox: MailboxRow,
  runId: string,
  counts: SyncCounts,
  err: ReturnType<typeof describeSyncError>,
) {
  const failures = mailbox.syncFailures + 1;
  const backoffSeconds = Math.min(3600, mailbox.pollIntervalSeconds * 2 ** Math.min(failures, 6));
  await withTenant(mailbox.tenantId, async (tx) => {
    await tx
      .update(mailboxes)
      .set({
        state: err.mailboxState ?? mailbox.state,
        lastError: err.message,
        lastErrorCode: err.code,
        lastErrorAt: new Date(),
        syncFailures: failures,
        nextSyncAt: sql`now() + make_interval(secs => ${backoffSeconds})`,
      })
      .where(eq(mailboxes.id, mailbox.id));
    await tx
      .update(syncRuns)
      .set({ ...runCounts(counts), finishedAt: new Date(), errorCode: err.code, error: err.message })
      .where(eq(syncRuns.id, runId));
    // Retrying cannot help: tell the owner once, when the mailbox enters `error` (audit log, `mailbox.error` event).
    if (err.mailboxState === 'error' && mailbox.state !== 'error') {
      const error = { code: err.code, message: err.message };
      await recordAudit(tx, {
        by: { tenantId: mailbox.tenantId, actor: { kind: 'system' } },
        action: 'mailbox.error',
        target: { type: 'mailbox', id: mailbox.id },
        details: { from: mailbox.state, to: 'error', code: err.code },
      });
      await enqueueEvent(tx, mailbox.tenantId, 'mailbox.error', {
        mailboxId: mailbox.id,
        email: mailbox.email,
        code: error.code,
        message: error.message,
        error,
      });
    }
  });
}

/** The sync log row keeps every count but duplicates (a re-fetch that changed nothing). */
function runCounts(counts: SyncCounts) {
  const { duplicates: _duplicates, ...kept } = pickSyncCounts(counts);
  return kept;
}
