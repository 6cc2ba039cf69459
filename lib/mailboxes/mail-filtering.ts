// A mailbox's filtering and handling settings: sender verification (SPF/DKIM/DMARC/ARC, or a trusted
// receiving server's Authentication-Results, and the ARC sealers trusted to vouch for forwarded mail),
// the spam verdict headers, who may open a case (anyone, or existing contacts only, with an optional
// confirmation asked of unknown senders; lib/contacts), the attachments policy and the reply template.
// Kept apart from the connection settings: changing them never touches credentials or the server a
// secret is bound to.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { senderPolicyOf } from '@/lib/mail/verify/check-inbound';
import type { SenderPolicy } from '@/lib/mail/verify/sender-auth';
import { attachmentPolicyOf, type AttachmentPolicy } from '@/lib/cases/attachment-policy';
import { REPLY_TEMPLATE_MAX, replyTemplateProblem } from '@/lib/cases/render-reply-template';
import { getMailbox } from './get-mailbox';

export type MailFiltering = {
  /** The mailbox's own choice; null follows the SENDER_VERIFICATION default (see `senderVerificationApplied`). */
  senderVerification: SenderPolicy | null;
  senderVerificationApplied: SenderPolicy;
  /** Trust this receiving server's topmost Authentication-Results instead of checking (null: check ourselves). */
  trustedAuthservId: string | null;
  /** Honour the receiving server's spam verdict headers. */
  spamFilter: boolean;
  /** SpamAssassin / rspamd score at or above which a message is spam; null: the server's own verdict. */
  spamScoreThreshold: number | null;
  /** Microsoft SCL at or above which a message is spam (0–9). */
  spamSclThreshold: number;
  /** Make a contact of each new case's requester (default on). */
  createContacts: boolean;
  /** 'contacts': a new message from someone who is not a contact is held for review as 'unknown-sender'. */
  senderFilter: 'anyone' | 'contacts';
  /** Ask a held unknown sender to confirm by reply or signed link; confirmed, the message opens its case. */
  confirmUnknownSenders: boolean;
  /** Unconfirmed after this many days, the held message is marked expired (still releasable). */
  confirmationExpiryDays: number;
  /** Domains whose valid ARC seal vouches for forwarded mail that fails DMARC (checked here, not with an authserv-id). */
  trustedArcSealers: string[];
  /** Limits on incoming attachments and what happens over them (lib/cases/attachment-policy.ts). */
  attachments: AttachmentPolicy;
  /** Wraps agents' replies; null sends them as typed (lib/cases/render-reply-template.ts). */
  replyTemplate: string | null;
};

type Row = Pick<
  typeof mailboxes.$inferSelect,
  | 'senderVerification'
  | 'trustedAuthservId'
  | 'spamFilter'
  | 'spamScoreThreshold'
  | 'spamSclThreshold'
  | 'createContacts'
  | 'senderFilter'
  | 'confirmUnknownSenders'
  | 'confirmationExpiryDays'
  | 'trustedArcSealers'
  | 'attachmentMaxCount'
  | 'attachmentMaxBytes'
  | 'attachmentOverLimit'
  | 'replyTemplate'
>;

export function mailFilteringOf(row: Row): MailFiltering {
  return {
    senderVerification: row.senderVerification,
    senderVerificationApplied: senderPolicyOf(row),
    trustedAuthservId: row.trustedAuthservId,
    spamFilter: row.spamFilter,
    spamScoreThreshold: row.spamScoreThreshold,
    spamSclThreshold: row.spamSclThreshold,
    createContacts: row.createContacts,
    senderFilter: row.senderFilter,
    confirmUnknownSenders: row.confirmUnknownSenders,
    confirmationExpiryDays: row.confirmationExpiryDays,
    trustedArcSealers: row.trustedArcSealers,
    attachments: attachmentPolicyOf(row),
    replyTemplate: row.replyTemplate,
  };
}

const authservId = z
  .string()
  .trim()
  .max(253, 'An authserv-id is a host name (at most 253 characters).')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'An authserv-id is a host name such as mx.example.com.');

const sealerDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'An ARC sealer is a domain name (at most 253 characters).')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/, {
    message: 'An ARC sealer is a domain name such as forwarder.example (the d= of its ARC-Seal).',
  });

const LIMIT_COUNT = 'Allow between 0 and 1,000 attachments, or no limit.';
const LIMIT_BYTES = 'Use a total attachment size between 0 and 200 MB (in bytes), or no limit.';

export const mailFilteringInput = z
  .object({
    senderVerification: z.enum(['enforce', 'record', 'off']).nullable(),
    trustedAuthservId: authservId.nullable().transform((v) => v || null),
    spamFilter: z.boolean(),
    spamScoreThreshold: z.number().min(-1000).max(1000).nullable(),
    spamSclThreshold: z.number().int().min(0).max(9),
    createContacts: z.boolean(),
    senderFilter: z.enum(['anyone', 'contacts'], { error: 'The sender filter is either anyone or contacts.' }),
    confirmUnknownSenders: z.boolean(),
    confirmationExpiryDays: z
      .number()
      .int('Use a whole number of days between 1 and 90.')
      .min(1, 'Use a whole number of days between 1 and 90.')
      .max(90, 'Use a whole number of days between 1 and 90.'),
    trustedArcSealers: z
      .array(sealerDomain)
      .max(20, 'At most 20 trusted ARC sealers.')
      .transform((list) => [...new Set(list)]),
    attachments: z
      .object({
        maxCount: z
          .number({ error: LIMIT_COUNT })
          .int(LIMIT_COUNT)
          .min(0, LIMIT_COUNT)
          .max(1000, LIMIT_COUNT)
          .nullable(),
        maxBytes: z
          .number({ error: LIMIT_BYTES })
          .int(LIMIT_BYTES)
          .min(0, LIMIT_BYTES)
          .max(200 * 1024 * 1024, LIMIT_BYTES)
          .nullable(),
        overLimit: z.enum(['strip', 'hold'], { error: 'Over the limit: "strip" or "hold".' }),
      })
      .partial()
      .strict(),
    replyTemplate: z
      .string()
      .max(REPLY_TEMPLATE_MAX, `The reply template has at most ${REPLY_TEMPLATE_MAX.toLocaleString('en')} characters.`)
      .nullable()
      // Forms send CRLF line breaks; replies are stored with LF.
      .transform((v) => (v?.trim() ? v.replace(/\r\n?/g, '\n') : null))
      .superRefine((v, ctx) => {
        const problem = v === null ? null : replyTemplateProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  })
  .partial()
  .strict();

/** The columns a parsed patch sets. */
function columnsOf(patch: z.output<typeof mailFilteringInput>) {
  const { attachments, ...rest } = patch;
  return {
    ...rest,
    ...(attachments?.maxCount !== undefined ? { attachmentMaxCount: attachments.maxCount } : {}),
    ...(attachments?.maxBytes !== undefined ? { attachmentMaxBytes: attachments.maxBytes } : {}),
    ...(attachments?.overLimit !== undefined ? { attachmentOverLimit: attachments.overLimit } : {}),
  };
}

/** Applies a patch (fields left out keep their value). Throws AppError not_found, ZodError on bad input. */
export async function updateMailFiltering(
  tx: TenantTx,
  params: { mailboxId: string; input: unknown; actor: AuditActor },
): Promise<MailFiltering> {
  const current = await getMailbox(tx, params.mailboxId);
  const patch = mailFilteringInput.parse(params.input ?? {});
  const columns = columnsOf(patch);
  if (Object.keys(columns).length === 0) return mailFilteringOf(current);
  const [row] = await tx.update(mailboxes).set(columns).where(eq(mailboxes.id, current.id)).returning();
  await recordAudit(tx, {
    by: { tenantId: current.tenantId, actor: params.actor },
    action: 'mailbox.filtering_updated',
    target: { type: 'mailbox', id: current.id },
    details: { before: mailFilteringOf(current), after: mailFilteringOf(row) },
  });
  return mailFilteringOf(row);
}
