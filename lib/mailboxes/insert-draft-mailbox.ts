// The one insert of a new mailbox (password or OAuth), as a draft, with its audit entry.
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { writeOrConflict, type UniqueConflict } from './unique-violation';

export const mailboxTakenMessage =
  'This mailbox is already connected to Caseflow. A mailbox can belong to only one team, so that two teams never drain the same inbox.';

/** The address is unique across tenants: adding or changing a mailbox to a taken one is this conflict. */
export const mailboxAddressTaken: Record<string, UniqueConflict> = {
  mailboxes_email_key: { message: mailboxTakenMessage, field: 'email' },
};

type DraftValues = Omit<typeof mailboxes.$inferInsert, 'tenantId' | 'state'>;

export async function insertDraftMailbox(
  tx: TenantTx,
  p: { tenantId: string; actor: AuditActor; values: DraftValues; auditDetails?: Record<string, unknown> },
): Promise<PublicMailbox> {
  const [row] = await writeOrConflict(
    tx,
    (sp) =>
      sp
        .insert(mailboxes)
        .values({ ...p.values, tenantId: p.tenantId, state: 'draft' })
        .returning(),
    mailboxAddressTaken,
  );
  await recordAudit(tx, {
    by: p,
    action: 'mailbox.created',
    target: { type: 'mailbox', id: row.id },
    details: { email: row.email, protocol: row.protocol, host: row.host, port: row.port, ...p.auditDetails },
  });
  return toPublicMailbox(row);
}
