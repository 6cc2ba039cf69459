// Pause, resume and error transitions of the mailbox lifecycle:
// draft → importing → active ⇄ paused, plus error and needs_reauth (docs/architecture.md, "Mailbox lifecycle").
// Confirming the import (draft → importing) is confirm-import.ts's job, not this file's.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { getMailbox, type MailboxRow } from './get-mailbox';

export type MailboxStateChange =
  /** Stop polling. From importing, active or error. */
  | { to: 'paused' }
  /** Poll again, at once. From paused or error (or needs_reauth once new tokens are stored); an unfinished import carries on as `importing`. */
  | { to: 'active' }
  /** A sync failed in a way only the owner can fix. Recorded on any mailbox; the state changes only for a running one. */
  | { to: 'error'; error: { code: string; message: string } }
  /** OAuth refresh failed: the owner has to sign in to the provider again. */
  | { to: 'needs_reauth'; error: { code: string; message: string } };

type State = MailboxRow['state'];

const running: State[] = ['importing', 'active', 'error'];

function importUnfinished(row: MailboxRow): boolean {
  return row.importTotal != null && row.importedAt == null;
}

function nextState(row: MailboxRow, change: MailboxStateChange): State {
  const from = row.state;
  switch (change.to) {
    case 'paused':
      if (from === 'paused' || running.includes(from)) return 'paused';
      break;
    case 'active':
      if (from === 'active' || from === 'importing') return from;
      if (from === 'paused' || from === 'error' || from === 'needs_reauth')
        return importUnfinished(row) ? 'importing' : 'active';
      break;
    case 'error':
      // A pause or a pending re-authorisation the owner chose must not be overridden by a late sync failure.
      return running.includes(from) ? 'error' : from;
    case 'needs_reauth':
      if (from === 'draft') return from;
      return 'needs_reauth';
  }
  if (from === 'draft')
    throw new AppError('conflict', 'This mailbox is still a draft: test the connection and confirm the import first.', {
      state: from,
    });
  throw new AppError(
    'conflict',
    `A mailbox that is ${from.replace('_', ' ')} cannot be ${change.to === 'paused' ? 'paused' : 'resumed'}.`,
    { state: from },
  );
}

/** `tx` must be the tenant's transaction. Returns the updated row. */
export async function setMailboxState(
  tx: TenantTx,
  params: { id: string; change: MailboxStateChange; actor?: AuditActor },
): Promise<MailboxRow> {
  const row = await getMailbox(tx, params.id);
  const { change } = params;
  const state = nextState(row, change);
  const now = new Date();
  const patch: Partial<typeof mailboxes.$inferInsert> = { state, updatedAt: now };
  if (change.to === 'error' || change.to === 'needs_reauth') {
    Object.assign(patch, { lastError: change.error.message, lastErrorCode: change.error.code, lastErrorAt: now });
  } else if (change.to === 'active' && state !== row.state) {
    Object.assign(patch, { nextSyncAt: now, syncFailures: 0, lastError: null, lastErrorCode: null, lastErrorAt: null });
  }
  const [updated] = await tx.update(mailboxes).set(patch).where(eq(mailboxes.id, row.id)).returning();
  if (params.actor && state !== row.state) {
    await recordAudit(tx, {
      by: { tenantId: row.tenantId, actor: params.actor },
      action: `mailbox.${change.to === 'paused' ? 'paused' : change.to === 'active' ? 'resumed' : change.to}`,
      target: { type: 'mailbox', id: row.id },
      details: { from: row.state, to: state },
    });
  }
  return updated;
}
