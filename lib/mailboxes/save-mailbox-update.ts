// What a password mailbox's update (./update-mailbox.ts) and an OAuth one's (./oauth/update-oauth-mailbox.ts)
// share: which changes a mailbox's state forbids, the write with its unique-address conflict, and the audit entry.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { MailboxRow } from './get-mailbox';
import { mailboxAddressTaken } from './insert-draft-mailbox';
import type { MailboxSettings } from './resolve-mailbox-settings';
import { writeOrConflict } from './unique-violation';

/** Throws AppError conflict when the mailbox's state forbids this change of settings. */
export function checkSettingsChange(current: MailboxRow, before: MailboxSettings, after: MailboxSettings): void {
  if (after.email !== before.email && current.state !== 'draft') {
    throw new AppError(
      'conflict',
      'The address of a connected mailbox cannot change. Add the new address as another mailbox.',
      { field: 'email' },
    );
  }
  // The import boundary is a set of UIDs in one folder (or UIDLs): it means nothing elsewhere.
  if (current.state === 'importing' && (after.protocol !== before.protocol || after.folder !== before.folder)) {
    throw new AppError(
      'conflict',
      'The protocol and folder cannot change while the import is running. Pause the mailbox or wait for the import to finish.',
    );
  }
}

/** Writes the patch and records which fields changed (names only: the audit log never holds a secret). */
export async function saveMailboxUpdate(
  tx: TenantTx,
  p: { current: MailboxRow; patch: Partial<typeof mailboxes.$inferInsert>; changed: string[]; actor: AuditActor },
): Promise<MailboxRow> {
  const [row] = await writeOrConflict(
    tx,
    (sp) => sp.update(mailboxes).set(p.patch).where(eq(mailboxes.id, p.current.id)).returning(),
    mailboxAddressTaken,
  );
  await recordAudit(tx, {
    by: { tenantId: p.current.tenantId, actor: p.actor },
    action: 'mailbox.updated',
    target: { type: 'mailbox', id: p.current.id },
    details: { fields: p.changed },
  });
  return row;
}
