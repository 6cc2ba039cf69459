// Adds a mailbox to the current tenant as a draft: nothing is fetched until its connection test
// passes and the owner confirms the import.
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import type { PublicMailbox } from './get-mailbox';
import { insertDraftMailbox } from './insert-draft-mailbox';
import { mailboxColumns, parseCreateMailboxInput } from './resolve-mailbox-settings';
import { wantsOAuth } from './oauth/oauth-settings';
import { createForwardMailbox, wantsForward } from './create-forward-mailbox';
import { createApiMailbox, wantsApiMailbox } from './create-api-mailbox';

export { mailboxTakenMessage } from './insert-draft-mailbox';

/** `tx` must be the tenant's transaction (withTenant). Throws AppError validation | conflict. */
export async function createMailbox(
  tx: TenantTx,
  params: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  if (wantsForward(params.input)) return createForwardMailbox(tx, params);
  if (wantsApiMailbox(params.input)) return createApiMailbox(tx, params);
  if (wantsOAuth(params.input)) {
    const { createOAuthMailbox } = await import('./oauth/create-oauth-mailbox');
    return createOAuthMailbox(tx, params);
  }
  const { tenantId, actor } = params;
  const { settings, password, smtpPassword } = parseCreateMailboxInput(params.input);

  return insertDraftMailbox(tx, {
    tenantId,
    actor,
    values: {
      ...mailboxColumns(settings),
      authMethod: 'password',
      passwordSealed: password ? seal(password, { tenantId, purpose: 'mailbox.password' }) : null,
      smtpPasswordSealed: smtpPassword ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' }) : null,
    },
  });
}
