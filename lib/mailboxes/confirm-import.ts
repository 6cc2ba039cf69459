// Confirming a draft: re-count and record the import boundary, then the sync imports what is inside it
// as Closed cases without acknowledgements (with `openAfter`, what is dated later as Open ones, still without). IMAP: UIDVALIDITY + UIDNEXT; POP3: the UIDL list; both:
// each message's fingerprint, which survives a renumbered folder (import-boundary.ts).
import { eq } from 'drizzle-orm';
import { mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { acquireMailboxLease, newLeaseOwner, releaseMailboxLease } from './lease';
import { openMailboxSource, type SourceOptions } from './open-mailbox-source';
import { recordImportFingerprints } from './import-boundary';
import { describeSyncError } from './sync-error';
import type { MailSource, SourceRef } from '@/lib/mail/sources/types';

export type ImportBoundary = {
  mailboxId: string;
  state: 'importing';
  total: number;
  uidValidity?: number;
  uidNext?: number;
};

export async function confirmMailboxImport(
  tenantId: string,
  mailboxId: string,
  opts: SourceOptions & {
    actor?: AuditActor;
    /** History dated after this becomes Open cases instead of Closed (still no acknowledgements). */
    openAfter?: Date | null;
  } = {},
): Promise<ImportBoundary> {
  const [mailbox] = await withTenant(tenantId, (tx) => tx.select().from(mailboxes).where(eq(mailboxes.id, mailboxId)));
  if (!mailbox) throw new AppError('not_found', 'Mailbox not found.');
  if (mailbox.state !== 'draft') {
    throw new AppError('conflict', `The import was already confirmed (the mailbox is ${mailbox.state}).`, {
      state: mailbox.state,
    });
  }
  const owner = newLeaseOwner();
  const leased = await acquireMailboxLease(mailboxId, owner);
  if (!leased) throw new AppError('conflict', 'The mailbox is busy; try again in a moment.');
  try {
    let source: MailSource | undefined;
    let listed: { ref: SourceRef; header: Buffer }[];
    try {
      source = await openMailboxSource(leased, opts);
      listed = await source.listPendingWithHeaders();
      await source.close();
    } catch (err) {
      source?.abort();
      // The server's problem in our words (never its text); the mailbox stays a draft to try again.
      const d = describeSyncError(err);
      throw new AppError(
        d.code === 'timeout' || d.code === 'connection-lost' ? 'unavailable' : 'bad_request',
        d.message,
        {
          code: d.code,
        },
      );
    }
    const pending = listed.map((m) => m.ref);
    const boundary = {
      importUidValidity: source.uidValidity ?? null,
      importUidNext: source.uidNext ?? null,
      importUidls: source.uidValidity === undefined ? pending.map((r) => r.uidl!) : null,
      importTotal: pending.length,
    };
    await withTenant(tenantId, async (tx) => {
      await tx
        .update(mailboxes)
        .set({
          ...boundary,
          importProcessed: 0,
          importOpenAfter: opts.openAfter ?? null,
          state: 'importing',
          nextSyncAt: new Date(),
          imapUidValidity: source.uidValidity ?? null,
          // The lease goes with the same commit: a run that sees 'importing' can take it at once.
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(eq(mailboxes.id, mailboxId));
      await recordImportFingerprints(tx, { tenantId, mailboxId, headers: listed.map((m) => m.header) });
      await recordAudit(tx, {
        by: { tenantId, actor: opts.actor ?? { kind: 'system' } },
        action: 'mailbox.import_confirmed',
        target: { type: 'mailbox', id: mailboxId },
        details: { total: pending.length, openAfter: opts.openAfter?.toISOString() ?? null },
      });
    });
    return {
      mailboxId,
      state: 'importing',
      total: pending.length,
      uidValidity: source.uidValidity,
      uidNext: source.uidNext,
    };
  } finally {
    await releaseMailboxLease(mailboxId, owner);
  }
}
