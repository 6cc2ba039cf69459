// Adds an OAuth 2.0 mailbox (Gmail, Microsoft 365, or any provider) to the current tenant as a
// draft. It has no token yet: the owner authorizes it next ("Get authorization code").
import type { Tx } from '@/db/client';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { AppError } from '@/lib/errors';
import { mailboxTakenMessage } from '../create-mailbox';
import { toPublicMailbox, type PublicMailbox } from '../get-mailbox';
import { mailboxColumns, parseCreateMailboxInput } from '../settings';
import { isUniqueViolation } from '../unique-violation';
import { checkOAuthProtocol, withProviderDefaults } from './provider-defaults';
import { oauthColumns, resolveOAuthSettings } from './settings';

export const CLIENT_SECRET_PURPOSE = 'mailbox.oauth-client-secret';

/** `tx` must be the tenant's transaction. Body: the usual mailbox settings + `oauth: { provider, clientId, … }`. */
export async function createOAuthMailbox(tx: Tx, params: { tenantId: string; input: unknown; actor: AuditActor }): Promise<PublicMailbox> {
  const { tenantId, actor } = params;
  const { authentication: _a, authMethod: _m, oauth, ...rest } = (params.input ?? {}) as Record<string, unknown>;
  void _a;
  void _m;
  const { settings: o, clientSecret } = resolveOAuthSettings(oauth);
  const { settings, smtpPassword } = parseCreateMailboxInput(withProviderDefaults(rest, o.provider), { oauth: true });
  checkOAuthProtocol(settings.protocol);

  const row = await tx
    .transaction((sp) =>
      sp
        .insert(mailboxes)
        .values({
          tenantId,
          ...mailboxColumns(settings),
          authMethod: 'oauth',
          passwordSealed: null,
          smtpPasswordSealed: smtpPassword ? seal(smtpPassword, { tenantId, purpose: 'mailbox.smtp-password' }) : null,
          ...oauthColumns(o),
          oauthClientSecretSealed: clientSecret ? seal(clientSecret, { tenantId, purpose: CLIENT_SECRET_PURPOSE }) : null,
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
    details: { email: row.email, protocol: row.protocol, host: row.host, port: row.port, authentication: 'oauth', provider: o.provider },
  });
  return toPublicMailbox(row);
}
