// Changes a mailbox's settings. An omitted password keeps the stored one, unless the change would send it
// to another server (./secret-destination.ts); the address can only change while the mailbox is a draft
// (after that, messages and cases are tied to it).
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { mailboxTakenMessage } from './create-mailbox';
import { getMailbox, toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { requireMovedSecrets } from './secret-destination';
import { mailboxColumns, parseUpdateMailboxInput, settingsFromRow } from './resolve-mailbox-settings';
import { isUniqueViolation } from './unique-violation';

/** `tx` must be the tenant's transaction (withTenant). Throws AppError not_found | validation | conflict. */
export async function updateMailbox(
  tx: TenantTx,
  params: { id: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  const current = await getMailbox(tx, params.id);
  if (current.protocol === 'forward') {
    throw new AppError(
      'conflict',
      'A forwarding-address mailbox cannot be edited; pause it, or delete it and add a new one.',
      { code: 'forwarding-address' },
    );
  }
  const oauthUpdate = await import('./oauth/update-oauth-mailbox');
  if (oauthUpdate.isOAuthUpdate(current, params.input)) return oauthUpdate.updateOAuthMailbox(tx, params);
  const before = settingsFromRow(current);
  const { settings, password, smtpPassword } = parseUpdateMailboxInput(before, params.input, {
    hasStoredSmtpPassword: Boolean(current.smtpPasswordSealed),
  });

  if (settings.email !== before.email && current.state !== 'draft') {
    throw new AppError(
      'conflict',
      'The address of a connected mailbox cannot change. Add the new address as another mailbox.',
      { field: 'email' },
    );
  }
  // The import boundary is a set of UIDs in one folder (or UIDLs): it means nothing elsewhere.
  if (current.state === 'importing' && (settings.protocol !== before.protocol || settings.folder !== before.folder)) {
    throw new AppError(
      'conflict',
      'The protocol and folder cannot change while the import is running. Pause the mailbox or wait for the import to finish.',
    );
  }

  requireMovedSecrets(settings, before, { password, smtpPassword, current });

  const columns = mailboxColumns(settings);
  const tenantId = current.tenantId;
  const smtpPasswordSealed =
    !settings.smtp || settings.smtp.sameAsIncoming
      ? null
      : smtpPassword
        ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' })
        : current.smtpPasswordSealed;

  const row = await tx
    .transaction((sp) =>
      sp
        .update(mailboxes)
        .set({
          ...columns,
          ...(password ? { passwordSealed: seal(password, { tenantId, purpose: 'mailbox.password' }) } : {}),
          smtpPasswordSealed,
          updatedAt: new Date(),
        })
        .where(eq(mailboxes.id, current.id))
        .returning(),
    )
    .then(
      ([updated]) => updated,
      (err: unknown) => {
        if (isUniqueViolation(err, 'mailboxes_email_key'))
          throw new AppError('conflict', mailboxTakenMessage, { field: 'email' });
        throw err;
      },
    );

  // Field names only: the audit log never holds a secret.
  const changed: string[] = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => columns[k] !== current[k]);
  if (password) changed.push('password');
  if (smtpPassword) changed.push('smtpPassword');
  await recordAudit(tx, {
    tenantId,
    actor: params.actor,
    action: 'mailbox.updated',
    targetType: 'mailbox',
    targetId: current.id,
    details: { fields: changed },
  });
  return toPublicMailbox(row);
}
