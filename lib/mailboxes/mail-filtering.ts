// A mailbox's filtering settings: sender verification (SPF/DKIM/DMARC/ARC, or a trusted receiving
// server's Authentication-Results), the spam verdict headers, and who may open a case (anyone, or
// existing contacts only, with an optional confirmation asked of unknown senders; lib/contacts). Kept apart from the connection
// settings: changing them never touches credentials or the server a secret is bound to.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { mailboxes } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { senderPolicyOf } from '@/lib/mail/verify/check-inbound';
import type { SenderPolicy } from '@/lib/mail/verify/sender-auth';
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
  };
}

const authservId = z
  .string()
  .trim()
  .max(253, 'An authserv-id is a host name (at most 253 characters).')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'An authserv-id is a host name such as mx.example.com.');

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
  })
  .partial()
  .strict();

/** Applies a patch (fields left out keep their value). Throws AppError not_found, ZodError on bad input. */
export async function updateMailFiltering(
  tx: TenantTx,
  params: { mailboxId: string; input: unknown; actor: AuditActor },
): Promise<MailFiltering> {
  const current = await getMailbox(tx, params.mailboxId);
  const patch = mailFilteringInput.parse(params.input ?? {});
  if (Object.keys(patch).length === 0) return mailFilteringOf(current);
  const [row] = await tx.update(mailboxes).set(patch).where(eq(mailboxes.id, current.id)).returning();
  await recordAudit(tx, {
    tenantId: current.tenantId,
    actor: params.actor,
    action: 'mailbox.filtering_updated',
    targetType: 'mailbox',
    targetId: current.id,
    details: { before: mailFilteringOf(current), after: mailFilteringOf(row) },
  });
  return mailFilteringOf(row);
}
