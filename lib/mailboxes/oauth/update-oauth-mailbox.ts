// Changes an OAuth mailbox's settings, or switches a mailbox between password and OAuth.
// A new client, provider, authorization or token URL, or a new incoming server, drops the stored
// tokens and client secret: the owner enters the secret again and authorizes again, so no stored
// secret reaches a server it was not entered for (../secret-destination.ts).
import type { TenantTx } from '@/db/tenancy';
import type { mailboxes } from '@/db/schema';
import type { AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { getMailbox, toPublicMailbox, type MailboxRow, type PublicMailbox } from '../get-mailbox';
import { mailboxColumns, parseUpdateMailboxInput, settingsFromRow } from '../resolve-mailbox-settings';
import {
  movedSecrets,
  oauthEndpointsMoved,
  reenterClientSecretMessage,
  requireMovedSecrets,
} from '../secret-destination';
import { checkSettingsChange, saveMailboxUpdate } from '../save-mailbox-update';
import { CLIENT_SECRET_PURPOSE } from './create-oauth-mailbox';
import { checkOAuthProtocol } from './provider-defaults';
import { oauthColumns, oauthSettingsFromRow, resolveOAuthSettings } from './oauth-settings';
import { clearedTokenColumns } from './store-tokens';

/** Whether this update belongs here rather than in ../update-mailbox.ts. */
export function isOAuthUpdate(current: MailboxRow, input: unknown): boolean {
  const i = (input ?? {}) as Record<string, unknown>;
  return current.authMethod === 'oauth' || i.authentication === 'oauth' || i.oauth !== undefined;
}

/** `tx` must be the tenant's transaction. Throws AppError not_found | validation | conflict. */
export async function updateOAuthMailbox(
  tx: TenantTx,
  params: { id: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  const current = await getMailbox(tx, params.id);
  const { authentication, authMethod, oauth, ...rest } = (params.input ?? {}) as Record<string, unknown>;
  const target = (authentication ?? authMethod ?? current.authMethod) === 'password' ? 'password' : 'oauth';
  const tenantId = current.tenantId;
  const before = settingsFromRow(current);

  const { settings, password, smtpPassword } = parseUpdateMailboxInput(before, rest, {
    hasStoredSmtpPassword: Boolean(current.smtpPasswordSealed),
  });
  checkSettingsChange(current, before, settings);

  requireMovedSecrets(settings, before, {
    password,
    smtpPassword,
    current: { ...current, passwordSealed: target === 'password' ? current.passwordSealed : null },
  });

  const patch: Partial<typeof mailboxes.$inferInsert> = { ...mailboxColumns(settings), updatedAt: new Date() };
  const changed: string[] = [];
  if (!settings.smtp || settings.smtp.sameAsIncoming) patch.smtpPasswordSealed = null;
  else if (smtpPassword) {
    patch.smtpPasswordSealed = seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' });
    changed.push('smtpPassword');
  }

  if (target === 'password') {
    // Back to a password: the OAuth grant is forgotten.
    if (!password && !current.passwordSealed)
      throw new AppError('validation', 'Enter the password.', { field: 'password' });
    Object.assign(patch, { authMethod: 'password', oauthClientSecretSealed: null, ...clearedTokenColumns() });
    if (password) patch.passwordSealed = seal(password, { tenantId, purpose: 'mailbox.password' });
    changed.push('authentication');
  } else {
    if (password)
      throw new AppError(
        'validation',
        'An OAuth mailbox signs in with an access token, not a password: leave the password empty.',
        { field: 'password' },
      );
    checkOAuthProtocol(settings.protocol);
    const stored = oauthSettingsFromRow(current);
    const { settings: o, clientSecret } = resolveOAuthSettings(oauth ?? {}, stored);
    Object.assign(patch, { authMethod: 'oauth', passwordSealed: null, ...oauthColumns(o) });
    if (clientSecret) {
      patch.oauthClientSecretSealed = seal(clientSecret, { tenantId, purpose: CLIENT_SECRET_PURPOSE });
      changed.push('oauthClientSecret');
    }
    const grantChanged = oauthEndpointsMoved(stored, o) || movedSecrets(before, settings).incoming;
    if (grantChanged) {
      if (stored?.hasClientSecret && !clientSecret)
        throw new AppError('validation', reenterClientSecretMessage, {
          field: 'oauth.clientSecret',
          fields: [{ path: 'oauth.clientSecret', message: reenterClientSecretMessage }],
        });
      Object.assign(patch, clearedTokenColumns());
    }
    if (current.authMethod !== 'oauth') changed.push('authentication');
  }

  // Field names only: the audit log never holds a secret.
  for (const [k, v] of Object.entries(patch)) {
    if (k.endsWith('Sealed') || k === 'updatedAt' || changed.includes(k)) continue;
    if ((current as Record<string, unknown>)[k] !== v && !(v instanceof Date)) changed.push(k);
  }
  const row = await saveMailboxUpdate(tx, { current, patch, changed, actor: params.actor });
  return toPublicMailbox(row);
}
