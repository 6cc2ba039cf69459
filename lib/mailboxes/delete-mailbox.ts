// Removes a mailbox from the tenant. Its cases, history and raw messages stay (their mailbox
// reference becomes empty: replies from those cases can no longer be sent); its sync log goes.
// Nothing is touched on the mail server.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { getMailbox } from './get-mailbox';

/** `tx` must be the tenant's transaction. `confirmEmail` must repeat the address (a typed confirmation). */
export async function deleteMailbox(
  tx: TenantTx,
  params: { id: string; confirmEmail: string; actor: AuditActor },
): Promise<{ deleted: true; email: string }> {
  const row = await getMailbox(tx, params.id);
  if (params.confirmEmail.trim().toLowerCase() !== row.email.toLowerCase()) {
    throw new AppError('validation', `Type the mailbox address (${row.email}) to confirm.`, { field: 'confirmEmail' });
  }
  // A running sync holds the lease: wait for it rather than pulling the row from under it.
  if (row.leaseExpiresAt && row.leaseExpiresAt.getTime() > Date.now()) {
    throw new AppError('conflict', 'This mailbox is being synced right now. Pause it, wait a moment, then delete it.');
  }
  await tx.delete(mailboxes).where(eq(mailboxes.id, row.id));
  await recordAudit(tx, {
    by: { tenantId: row.tenantId, actor: params.actor },
    action: 'mailbox.deleted',
    target: { type: 'mailbox', id: row.id },
    details: { email: row.email },
  });
  return { deleted: true, email: row.email };
}
