// Adds a mailbox to the current tenant as a draft: nothing is fetched until its connection test
// passes and the owner confirms the import.
import type { Tx } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { mailboxColumns, parseCreateMailboxInput } from './settings';
import { wantsOAuth } from './oauth/settings';
import { isUniqueViolation } from './unique-violation';

export const mailboxTakenMessage =
  'This mailbox is already connected to Caseflow. A mailbox can belong to only one team, so that two teams never drain the same inbox.';

/** `tx` must be the tenant's transaction (withTenant). Throws AppError validation | conflict. */
export async function createMailbox(tx: Tx, params: { tenantId: string; input: unknown; actor: AuditActor }): Promise<PublicMailbox> {
  if (wantsOAuth(params.input)) {
    const { createOAuthMailbox } = await import('./oauth/create-oauth-mailbox');
    return createOAuthMailbox(tx, params);
  }
  const { tenantId, actor } = params;
  const { settings, password, smtpPassword } = parseCreateMailboxInput(params.input);

  // A savepoint, so that the unique violation (the address is global, while RLS hides other
  // tenants' rows from any pre-check) leaves the caller's transaction usable.
  const row = await tx
    .transaction((sp) =>
      sp
        .insert(mailboxes)
        .values({
          tenantId,
          ...mailboxColumns(settings),
          authMethod: 'password',
          passwordSealed: password ? seal(password, { tenantId, purpose: 'mailbox.password' }) : null,
          smtpPasswordSealed: smtpPassword ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' }) : null,
          state: 'draft',
        })
        .returning(),
    )
    .then(
      ([inserted]) => inserted,
      (err: unknown) => {
        if (isUniqueViolation(err, 'mailboxes_email_key')) throw new AppError('conflict', mailboxTakenMessage, { field: 'email' });
        throw err;
      },
    );

  await recordAudit(tx, {
    tenantId,
    actor,
    action: 'mailbox.created',
    targetType: 'mailbox',
    targetId: row.id,
    details: { email: row.email, protocol: row.protocol, host: row.host, port: row.port },
  });
  return toPublicMailbox(row);
}
