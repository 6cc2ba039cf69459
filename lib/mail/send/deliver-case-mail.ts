// Delivers one piece of outgoing case mail (an acknowledgement or an agent's reply) whose row its caller
// has decided to send and claimed as 'sending' (claimColumns) in a tenant transaction:
//   1. the mailbox's transport (mailbox-transport.ts: its mail API, or its SMTP server): no SMTP server, or an
//      OAuth grant that can no longer sign in, makes the mail unsendable, recorded as the caller says (`unsendable`);
//   2. the send, outside any transaction;
//   3. record, in one tenant transaction, 'sent' with a `message.sent` event, or 'failed' with the reason in
//      our words and a retry time by the caller's policy until its retry limit (delivery-outcome.ts).
// A crash between 2 and 3 leaves the claim, which expires; the next call sends again with the same Message-ID.
import { eq } from 'drizzle-orm';
import { caseMessages, type mailboxes } from '@/db/schema';
import { withTenant } from '@/db/tenancy';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { failedColumns, failedDelivery, sentColumns, type DeliveryPolicy } from './delivery-outcome';
import { mailboxTransport } from './mailbox-transport';
import type { OutboundMessage, SendOptions } from './send-smtp-message';
import type { SmtpSettingsResult } from './smtp-settings';

type CaseMessageRow = typeof caseMessages.$inferSelect;
type Unsendable = Extract<SmtpSettingsResult, { ok: false }>['reason'];

export type CaseMail = {
  tenantId: string;
  /** The claimed row: its recipients, subject, text, Message-ID and threading headers are sent as stored. */
  row: CaseMessageRow;
  mailbox: typeof mailboxes.$inferSelect;
  caseNumber: number;
  /** The `kind` of the `message.sent` event. */
  kind: 'reply' | 'acknowledgement';
  policy: DeliveryPolicy;
  headers: Record<string, string>;
  /** Files sent with it (an agent's reply). */
  attachments?: OutboundMessage['attachments'];
  /** What the row says when the mailbox cannot send: 'failed' (given up) or 'not-sent', and why. */
  unsendable: (why: Unsendable) => { status: 'failed' | 'not-sent'; reason: string };
  /** The Date header and the time the outcome is recorded at; default: the time of each. */
  now?: Date;
};

export type CaseMailOutcome =
  | { status: 'sent' }
  | { status: 'failed'; reason: string; final: boolean; retryAt: Date | null }
  | { status: 'not-sent'; reason: string; final: true; retryAt: null };

export async function deliverCaseMail(mail: CaseMail, opts: SendOptions = {}): Promise<CaseMailOutcome> {
  const { tenantId, row, mailbox } = mail;
  const attempts = row.deliveryAttempts + 1;
  const transport = await mailboxTransport(mailbox);
  if (!transport.ok) {
    const { status, reason } = mail.unsendable(transport.reason);
    const columns =
      status === 'failed'
        ? failedColumns({ final: true, reason, retryAt: null }, attempts)
        : { deliveryStatus: status, deliveryError: reason, nextDeliveryAt: null };
    await withTenant(tenantId, (tx) => tx.update(caseMessages).set(columns).where(eq(caseMessages.id, row.id)));
    return { status, reason, final: true, retryAt: null };
  }

  const to = row.to?.[0];
  const sent = await transport.send(
    {
      from: { address: mailbox.email, name: mailbox.displayName },
      to: { address: to?.address ?? '', name: to?.name },
      cc: (row.cc ?? []).map((a) => ({ address: a.address, name: a.name })),
      subject: row.subject ?? '',
      text: row.text ?? '',
      messageId: row.messageId!,
      inReplyTo: row.inReplyTo,
      references: row.references ?? [],
      date: mail.now ?? new Date(),
      headers: mail.headers,
      ...(mail.attachments ? { attachments: mail.attachments } : {}),
    },
    opts,
  );

  const now = mail.now ?? new Date();
  return withTenant(tenantId, async (tx) => {
    if (sent.ok) {
      await tx.update(caseMessages).set(sentColumns(attempts, now)).where(eq(caseMessages.id, row.id));
      await enqueueEvent(tx, tenantId, 'message.sent', {
        caseId: row.caseId,
        caseNumber: mail.caseNumber,
        kind: mail.kind,
        messageId: row.messageId,
        to: to?.address ?? null,
        subject: row.subject,
      });
      return { status: 'sent' } as const;
    }
    const outcome = failedDelivery(sent.failure, attempts, mail.policy, now);
    await tx.update(caseMessages).set(failedColumns(outcome, attempts)).where(eq(caseMessages.id, row.id));
    return { status: 'failed', ...outcome } as const;
  });
}
