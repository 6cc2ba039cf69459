// Adds an OAuth 2.0 mailbox (Gmail, Microsoft 365, or any provider) to the current tenant as a
// draft. It has no token yet: the owner authorizes it next ("Get authorization code").
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import type { PublicMailbox } from '../get-mailbox';
import { insertDraftMailbox } from '../insert-draft-mailbox';
import { mailboxColumns, parseCreateMailboxInput } from '../resolve-mailbox-settings';
import { checkOAuthProtocol, withProviderDefaults } from './provider-defaults';
import { oauthColumns, resolveOAuthSettings } from './oauth-settings';

export const CLIENT_SECRET_PURPOSE = 'mailbox.oauth-client-secret';

/** `tx` must be the tenant's transaction. Body: the usual mailbox settings + `oauth: { provider, clientId, … }`. */
export async function createOAuthMailbox(
  tx: TenantTx,
  params: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  const { tenantId, actor } = params;
  const { authentication: _a, authMethod: _m, oauth, ...rest } = (params.input ?? {}) as Record<string, unknown>;
  void _a;
  void _m;
  const { settings: o, clientSecret } = resolveOAuthSettings(oauth);
  const { settings, smtpPassword } = parseCreateMailboxInput(withProviderDefaults(rest, o.provider), { oauth: true });
  checkOAuthProtocol(settings.protocol);

  return insertDraftMailbox(tx, {
    tenantId,
    actor,
    values: {
      ...mailboxColumns(settings),
      authMethod: 'oauth',
      passwordSealed: null,
      smtpPasswordSealed: smtpPassword ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' }) : null,
      ...oauthColumns(o),
      oauthClientSecretSealed: clientSecret ? seal(clientSecret, { tenantId, purpose: CLIENT_SECRET_PURPOSE }) : null,
    },
    auditDetails: { authentication: 'oauth', provider: o.provider },
  });
}
