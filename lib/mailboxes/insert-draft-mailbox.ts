// The one insert of a new mailbox (password or OAuth), as a draft, with its audit entry.
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { isUniqueViolation } from './unique-violation';

export const mailboxTakenMessage =
  'This mailbox is already connected to Caseflow. A mailbox can belong to only one team, so that two teams never drain the same inbox.';

type DraftValues = Omit<typeof mailboxes.$inferInsert, 'tenantId' | 'state'>;

export async function insertDraftMailbox(
  tx: TenantTx,
  p: { tenantId: string; actor: AuditActor; values: DraftValues; auditDetails?: Record<string, unknown> },
): Promise<PublicMailbox> {
  // A savepoint, so that the unique violation (the address is global, while RLS hides other
  // tenants' rows from any pre-check) leaves the caller's transaction usable.
  const row = await tx
    .transaction((sp) =>
      sp
        .insert(mailboxes)
        .values({ ...p.values, tenantId: p.tenantId, state: 'draft' })
        .returning(),
    )
    .then(
      ([inserted]) => inserted,
      (err: unknown) => {
        if (isUniqueViolation(err, 'mailboxes_email_key'))
          throw new AppError('conflict', mailboxTakenMessage, { field: 'email' });
        throw err;
      },
    );
  await recordAudit(tx, {
    tenantId: p.tenantId,
    actor: p.actor,
    action: 'mailbox.created',
    targetType: 'mailbox',
    targetId: row.id,
    details: { email: row.email, protocol: row.protocol, host: row.host, port: row.port, ...p.auditDetails },
  });
  return toPublicMailbox(row);
}
