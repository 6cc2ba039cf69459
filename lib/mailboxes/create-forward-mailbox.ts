// Adds a forwarding-address mailbox: nothing to connect to and nothing present to import, so it is
// active at once; mail forwarded to `<token>@INBOUND_DOMAIN` arrives over SMTP (lib/mail/inbound).
// Acknowledgements and replies go out through the SMTP server given here (none: no acknowledgements).
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailboxes } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { seal } from '@/lib/crypto/seal';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { emailSchema } from '@/lib/tenants/schemas';
import { issueList } from '@/lib/zod-issues';
import { toPublicMailbox, type PublicMailbox } from './get-mailbox';
import { insertDraftMailbox } from './insert-draft-mailbox';
import { newInboundToken } from './forwarding-address';
import { newMailFields } from './mailbox-option-fields';
import { DEFAULT_MAX_MESSAGE_BYTES, defaultSmtpPorts, smtpSecurities } from './mailbox-settings-schema';

const forwardInput = z.object({
  protocol: z.literal('forward'),
  email: emailSchema,
  displayName: z.string().trim().max(200).nullish(),
  ...newMailFields,
  smtp: z
    .object({
      host: z.string().trim().min(1, 'Enter the outgoing (SMTP) server’s host name.').max(253),
      port: z.coerce.number().int().min(1).max(65535).optional(),
      security: z.enum(smtpSecurities).optional(),
      username: z.string().trim().min(1).max(320).optional(),
      password: z.string().min(1).max(1024).optional(),
    })
    .nullish(),
});

export function wantsForward(input: unknown): boolean {
  return typeof input === 'object' && input !== null && (input as { protocol?: unknown }).protocol === 'forward';
}

/** `tx` must be the tenant's transaction (withTenant). Throws AppError validation | conflict | bad_request. */
export async function createForwardMailbox(
  tx: TenantTx,
  params: { tenantId: string; input: unknown; actor: AuditActor },
): Promise<PublicMailbox> {
  if (!env.INBOUND_DOMAIN) {
    throw new AppError(
      'bad_request',
      'Forwarding addresses need INBOUND_DOMAIN (and SMTP_INBOUND_PORT) set on the server.',
      { code: 'no-inbound-domain' },
    );
  }
  const parsed = forwardInput.safeParse(params.input);
  if (!parsed.success) {
    const issues = issueList(parsed.error);
    throw new AppError('validation', issues[0]?.message ?? 'Check the mailbox settings.', { fields: issues });
  }
  const d = parsed.data;
  if (d.smtp?.username && !d.smtp.password)
    throw new AppError('validation', 'Enter the SMTP password.', {
      fields: [{ path: 'smtp.password', message: 'Enter the SMTP password.' }],
    });
  const { tenantId } = params;
  const security = d.smtp ? (d.smtp.security ?? (d.smtp.port === 465 ? 'tls' : 'starttls')) : null;
  const created = await insertDraftMailbox(tx, {
    tenantId,
    actor: params.actor,
    values: {
      email: d.email,
      displayName: d.displayName ?? null,
      username: d.email,
      authMethod: 'password',
      protocol: 'forward',
      host: '',
      port: 0,
      inboundToken: newInboundToken(),
      createCases: d.createCases ?? true,
      ackEnabled: d.ackEnabled ?? true,
      maxMessageBytes: d.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      smtpHost: d.smtp?.host ?? null,
      smtpPort: d.smtp ? (d.smtp.port ?? defaultSmtpPorts[security!]) : null,
      smtpSecurity: security,
      smtpSameAsIncoming: false,
      smtpUsername: d.smtp?.username ?? null,
      smtpPasswordSealed: d.smtp?.password
        ? seal(d.smtp.password, { tenantId, purpose: 'mailbox.smtp-password' })
        : null,
    },
  });
  // Nothing present to count or import: the address receives from now on.
  const [row] = await tx
    .update(mailboxes)
    .set({ state: 'active', importedAt: new Date(), nextSyncAt: null })
    .where(eq(mailboxes.id, created.id))
    .returning();
  return toPublicMailbox(row);
}
