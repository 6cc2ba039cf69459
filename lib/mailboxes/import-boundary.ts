// The import boundary: which messages were present when the owner confirmed the import. Those become
// Closed, imported cases with no acknowledgement; anything that arrived later is new mail.
//
// Recorded at confirmation two ways, and a fetched message is inside when either says so:
//   position     IMAP: same UIDVALIDITY and a UID below the UIDNEXT seen; POP3: a UIDL in the list
//   fingerprint  Message-ID, Date, From and Subject as stored (lib/mail/import-fingerprint.ts), read
//                with the header fields the server returns for the listing; kept until the import ends
// Positions alone fail when the folder is renumbered before or during the import (a rebuilt mailbox,
// a server migration: new UIDVALIDITY, new UIDLs), and the history became Open cases with
// acknowledgements. The fingerprint still recognises those messages, while mail delivered after
// confirmation matches neither, whatever its position.
import { and, eq, inArray } from 'drizzle-orm';
import { withTenant, type TenantTx } from '@/db/tenancy';
import { importFingerprints } from '@/db/schema';
import { importFingerprint } from '@/lib/mail/import-fingerprint';
import type { FetchedMessage, SourceRef } from '@/lib/mail/sources/types';
import type { MailboxRow } from './lease';

const INSERT_CHUNK = 5000;

/** Stores the fingerprints of the messages listed at confirmation (replacing any from an earlier confirmation). */
export async function recordImportFingerprints(
  tx: TenantTx,
  p: { tenantId: string; mailboxId: string; headers: Buffer[] },
): Promise<void> {
  await forgetImportFingerprints(tx, p.mailboxId);
  // A server that returned no header fields for a message (POP3 without TOP) leaves it to its position.
  const prints = [...new Set(p.headers.filter((h) => h.length > 0).map(importFingerprint))];
  for (let i = 0; i < prints.length; i += INSERT_CHUNK) {
    await tx
      .insert(importFingerprints)
      .values(
        prints
          .slice(i, i + INSERT_CHUNK)
          .map((fingerprint) => ({ tenantId: p.tenantId, mailboxId: p.mailboxId, fingerprint })),
      )
      .onConflictDoNothing();
  }
}

export async function forgetImportFingerprints(tx: TenantTx, mailboxId: string): Promise<void> {
  await tx.delete(importFingerprints).where(eq(importFingerprints.mailboxId, mailboxId));
}

/** The import is confirmed and not finished. */
export function importUnfinished(mailbox: Pick<MailboxRow, 'importedAt' | 'importTotal'>): boolean {
  return mailbox.importedAt == null && mailbox.importTotal != null;
}

/**
 * Per fetched message: inside the import boundary? One query for the batch (its own short read
 * transaction, before the batch's write), only while the import runs and only for messages outside by
 * position.
 */
export async function inImportBoundary(mailbox: MailboxRow, fetched: FetchedMessage[]): Promise<boolean[]> {
  const uidls = new Set(mailbox.importUidls ?? []);
  const byPosition = fetched.map((m) => insideByPosition(mailbox, uidls, m.ref));
  if (!importUnfinished(mailbox) || byPosition.every(Boolean)) return byPosition;
  const prints = fetched.map((m, i) => (byPosition[i] ? null : importFingerprint(m.raw)));
  const wanted = [...new Set(prints.filter((p): p is string => p !== null))];
  const found = await withTenant(mailbox.tenantId, (tx) =>
    tx
      .select({ fingerprint: importFingerprints.fingerprint })
      .from(importFingerprints)
      .where(and(eq(importFingerprints.mailboxId, mailbox.id), inArray(importFingerprints.fingerprint, wanted))),
  );
  const known = new Set(found.map((f) => f.fingerprint));
  return byPosition.map((inside, i) => inside || known.has(prints[i]!));
}

function insideByPosition(mailbox: MailboxRow, uidls: Set<string>, ref: SourceRef): boolean {
  if (ref.uidl !== undefined) return uidls.has(ref.uidl);
  return (
    mailbox.importUidValidity != null &&
    mailbox.importUidNext != null &&
    ref.uidValidity === mailbox.importUidValidity &&
    ref.uid !== undefined &&
    ref.uid < mailbox.importUidNext
  );
}
