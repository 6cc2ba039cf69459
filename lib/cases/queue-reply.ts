// An agent's reply by email goes out "via the outbox": the reply is stored as an outbound history
// entry ('queued') in the same transaction as the outbox row that makes a worker send it
// (send-reply.ts). Nothing is lost if the app stops right after: the row and its event are
// committed together, and the sender picks it up whenever a runner (or Inngest) is next up.
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { env } from '@/lib/env';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, mailboxes, users } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { formatCaseSubject } from '@/lib/mail/case-token';
import { createOutboundMessageId } from '@/lib/mail/message-id';
import { lockCase } from './lock-case';
import { plainDisplayColumns } from '@/lib/mail/derive-content';
import { getAgentSignature, withSignature } from '@/lib/workspace/agent-signature';
import { apiAttachmentsInput, outgoingUploads, storeAttachments, type Upload } from './outgoing-attachments';
import { copyAttachments, loadForwardedMessage } from './forwarded-message';
import { renderReplyTemplate } from './render-reply-template';
import { MAX_CC, ownMailboxAddresses, replyAllRecipients } from './reply-all-recipients';

/** Outbox event type for a reply waiting to be sent (not a webhook event: message.sent follows the send). */
export const REPLY_QUEUED_EVENT = 'reply.queued' as const;
const MAX_REFERENCES = 20;

const address = z.email({ error: 'Cc: use email addresses separated by commas.' }).max(320);

export const queueReplyInput = z.object({
  text: z
    .string({ error: 'Write the reply.' })
    .trim()
    .min(1, 'Write the reply.')
    .max(200_000, 'The reply is too long.'),
  /** Extra recipients: an array, or one comma/semicolon-separated string (forms). */
  cc: z
    .union([z.array(z.string()), z.string()])
    .optional()
    .transform((v) =>
      (Array.isArray(v) ? v : (v ?? '').split(/[,;\s]+/)).map((s) => s.trim().toLowerCase()).filter(Boolean),
    )
    .pipe(z.array(address).max(20, 'At most 20 Cc recipients.')),
  /** Also copy everyone on the customer's latest message (reply-all-recipients.ts). */
  replyAll: z.boolean().optional(),
  /** Files sent with the reply (API: base64); a browser form hands them over as `files`. */
  attachments: apiAttachmentsInput,
  /** Forward instead: the customer's latest message (and its files) goes to this address, below the text. */
  forwardTo: z
    .email({ error: 'Forward to: an email address.' })
    .max(320)
    .transform((a) => a.toLowerCase())
    .optional(),
});

export type QueuedReply = {
  id: string;
  caseNumber: number;
  messageId: string;
  subject: string;
  to: string;
  cc: string[];
  deliveryStatus: 'queued';
  /** When it goes out; until then "Undo send" withdraws it. */
  sendAt: string;
  attachments: { filename: string; size: number }[];
};

export async function queueReply(
  tx: TenantTx,
  params: { tenantId: string; number: number; input: unknown; actor: AuditActor; files?: Upload[] },
): Promise<QueuedReply> {
  const { text: typed, cc: typedCc, replyAll, attachments: apiFiles, forwardTo } = queueReplyInput.parse(params.input);
  const files = outgoingUploads(params.files, apiFiles);
  const { tenantId, actor } = params;
  const c = await lockCase(tx, params.number);
  const [mailbox] = c.mailboxId ? await tx.select().from(mailboxes).where(eq(mailboxes.id, c.mailboxId)) : [];
  if (!mailbox)
    throw new AppError('conflict', 'This case has no mailbox to reply from (it was removed). Add a note instead.');

  // The message we answer: the customer's latest that has a Message-ID.
  const [last] = await tx
    .select({ messageId: caseMessages.messageId, references: caseMessages.references, subject: caseMessages.subject })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, c.id), eq(caseMessages.direction, 'in'), isNotNull(caseMessages.messageId)))
    .orderBy(desc(caseMessages.createdAt), desc(caseMessages.id))
    .limit(1);
  const number = Number(c.number);
  const domain = mailbox.email.slice(mailbox.email.lastIndexOf('@') + 1).toLowerCase();
  const messageId = createOutboundMessageId({ tenantId, caseNumber: number, domain });
  const subject = formatCaseSubject(number, `${forwardTo ? 'Fwd' : 'Re'}: ${c.subject}`);
  const references = last?.messageId
    ? [...(last.references ?? []).filter((r) => r !== last.messageId).slice(-(MAX_REFERENCES - 1)), last.messageId]
    : [];
  const requester = c.requesterEmail.toLowerCase();
  const to = forwardTo ?? requester;
  // Never a copy to one of our own mailboxes (it would come back as new mail), whoever typed it.
  const own = await ownMailboxAddresses(tx);
  if (forwardTo && own.has(forwardTo))
    throw new AppError('validation', 'Forward to someone outside this workspace’s mailboxes.', { field: 'forwardTo' });
  const forwarded = forwardTo ? await loadForwardedMessage(tx, c.id) : null;
  if (forwardTo && !forwarded) throw new AppError('conflict', 'This case has no customer message to forward.');
  // An agent's reply carries their signature for this workspace.
  const signed =
    actor.kind === 'user' ? withSignature(typed, await getAgentSignature(tx, { userId: actor.userId })) : typed;
  // The mailbox's reply template wraps a reply (greeting, the reply, sign-off); the history keeps what was sent.
  // A forward is the agent's words as typed, with the forwarded message below them.
  const mailboxName = mailbox.displayName || mailbox.email;
  const text = forwarded
    ? `${signed}\n\n${forwarded.block}`
    : mailbox.replyTemplate
      ? renderReplyTemplate(mailbox.replyTemplate, {
          reply: signed,
          requester: { name: c.requesterName, email: c.requesterEmail },
          caseNumber: number,
          subject: c.subject,
          agentName: await agentName(tx, actor, mailboxName),
          mailboxName,
        })
      : signed;
  const everyone = replyAll && !forwardTo ? await replyAllRecipients(tx, { caseId: c.id, requesterEmail: to }) : [];
  const cc = [...new Set([...typedCc, ...everyone])].filter((a) => a !== to && !own.has(a)).slice(0, MAX_CC);
  const now = new Date();
  // The undo window: nothing is sent before it ends (undo-reply.ts withdraws the reply until then).
  const sendAt = new Date(now.getTime() + env.REPLY_SEND_DELAY_SECONDS * 1000);

  const [row] = await tx
    .insert(caseMessages)
    .values({
      tenantId,
      caseId: c.id,
      direction: 'out',
      messageId,
      // A forward starts its own thread with the third party (their answer joins by our Message-ID).
      inReplyTo: forwardTo ? null : (last?.messageId ?? null),
      references,
      fromAddress: mailbox.email.toLowerCase(),
      fromName: mailbox.displayName,
      to: [{ address: to, ...(!forwardTo && c.requesterName ? { name: c.requesterName } : {}) }],
      cc: cc.map((a) => ({ address: a })),
      subject,
      text,
      typedText: text === signed ? null : typed,
      ...plainDisplayColumns(text),
      authorUserId: actor.kind === 'user' ? actor.userId : null,
      deliveryStatus: 'queued',
      nextDeliveryAt: sendAt,
    })
    .returning({ id: caseMessages.id });
  const attachments = await storeAttachments(tx, { tenantId, caseMessageId: row.id, files });
  if (forwarded) await copyAttachments(tx, { tenantId, fromMessageId: forwarded.id, toMessageId: row.id });
  await enqueueEvent(
    tx,
    tenantId,
    REPLY_QUEUED_EVENT,
    { caseMessageId: row.id, caseNumber: number },
    { notBefore: sendAt },
  );
  await tx.update(cases).set({ lastActivityAt: now }).where(eq(cases.id, c.id));
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'case.reply_queued',
    target: { type: 'case', id: c.id },
    details: { number, messageId: row.id, to, cc, ...(forwardTo ? { forward: true } : {}) },
  });
  return {
    id: row.id,
    caseNumber: number,
    messageId,
    subject,
    to,
    cc,
    deliveryStatus: 'queued',
    sendAt: sendAt.toISOString(),
    attachments,
  };
}

/** {{agent.name}}: the agent's name (or address); a reply through the API signs as the mailbox. */
async function agentName(tx: TenantTx, actor: AuditActor, mailboxName: string): Promise<string> {
  if (actor.kind !== 'user') return mailboxName;
  const [user] = await tx
    .select({ name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, actor.userId));
  return user?.name?.trim() || user?.email || mailboxName;
}
