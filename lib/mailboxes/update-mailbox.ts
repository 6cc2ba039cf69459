// Changes a mailbox's settings. An omitted password keeps the stored one, unless the change would send it
// to another server (./secret-destination.ts); the address can only change while the mailbox is a draft
// (after that, messages and cases are tied to it).
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { getMailbox, toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { requireMovedSecrets } from './secret-destination';
import { mailboxColumns, parseUpdateMailboxInput, settingsFromRow } from './resolve-mailbox-settings';
import { checkSettingsChange, saveMailboxUpdate } from './save-mailbox-update';

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
  if (current.protocol === 'graph' || current.protocol === 'gmail-api') {
    // Its client secret and tokens stay bound to the API and directory they were entered for (invariant 10).
    const { updateApiMailbox } = await import('./update-api-mailbox');
    return updateApiMailbox(tx, current, params);
  }
  const oauthUpdate = await import('./oauth/update-oauth-mailbox');
  if (oauthUpdate.isOAuthUpdate(current, params.input)) return oauthUpdate.updateOAuthMailbox(tx, params);
  const before = settingsFromRow(current);
  const { settings, password, smtpPassword } = parseUpdateMailboxInput(before, params.input, {
    hasStoredSmtpPassword: Boolean(current.smtpPasswordSealed),
  });

  checkSettingsChange(current, before, settings);
  requireMovedSecrets(settings, before, { password, smtpPassword, current });

  const columns = mailboxColumns(settings);
  const tenantId = current.tenantId;
  const smtpPasswordSealed =
    !settings.smtp || settings.smtp.sameAsIncoming
      ? null
      : smtpPassword
        ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' })
        : current.smtpPasswordSealed;

  const changed: string[] = (Object.keys(columns) as (keyof typeof columns)[]).filter((k) => columns[k] !== current[k]);
  if (password) changed.push('password');
  if (smtpPassword) changed.push('smtpPassword');
  const row = await saveMailboxUpdate(tx, {
    current,
    patch: {
      ...columns,
      ...(password ? { passwordSealed: seal(password, { tenantId, purpose: 'mailbox.password' }) } : {}),
      smtpPasswordSealed,
      updatedAt: new Date(),
    },
    changed,
    actor: params.actor,
  });
  return toPublicMailbox(row);
}
