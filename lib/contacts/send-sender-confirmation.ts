// Asks a held unknown sender to confirm their message (the `sender.confirmation_requested` outbox
// consumer calls this; so does a retry). It goes out through the mailbox's own SMTP server with the
// same parts acknowledgements use (the SMTP settings, the transport, the failure wording, the
// auto-reply headers). Safe to call again and concurrently:
//   1. decide, in a tenant transaction holding the held row's lock: only a 'pending' request, a failed
//      one that may be retried, or a stale claim is sent; at most one request per sender and mailbox
//      within the mailbox's acknowledgement window (24 h by default), unless an agent asked to resend
//      (confirmation-window.ts, which the rules simulator reads too);
//   2. SMTP, outside any transaction;
//   3. record 'sent' (with the time: the expiry counts from it), 'failed' with the reason (the outbox
//      retries), or 'not-sent' once given up (a permanent refusal, or too many attempts).
// Whether a sender may be asked at all (auto-generated, bounce, spam, unverified, machine addresses)
// was decided at ingestion (confirmation-refusal.ts); a held row without a request is never sent one.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { withTenant } from '@/db/tenancy';
import { ignoredMessages, mailboxes } from '@/db/schema';
import { MAX_ACK_ATTEMPTS, ackRetryDelayMinutes } from '@/lib/acknowledgements/ack-limits';
import { autoReplyHeaders } from '@/lib/mail/send/auto-reply-headers';
import { failedDelivery } from '@/lib/mail/send/delivery-outcome';
import type { SendOptions } from '@/lib/mail/send/send-smtp-message';
import { mailboxTransport } from '@/lib/mail/send/mailbox-transport';
import { confirmationUrl, signConfirmation } from './confirmation-token';
import {
  CONFIRMATION_RATE_LIMITED,
  rateLimitedConfirmationError,
  recentConfirmationRequest,
} from './confirmation-window';

const CLAIM_MS = 5 * 60_000;
const POLICY = {
  maxAttempts: MAX_ACK_ATTEMPTS,
  retryDelayMs: (attempts: number) => ackRetryDelayMinutes(attempts) * 60_000,
};

export type ConfirmationResult =
  | { status: 'sent'; messageId: string }
  | { status: 'failed'; reason: string; retry: boolean }
  | { status: 'skipped' | 'not-sent'; reason: string };

type Held = typeof ignoredMessages.$inferSelect;
type Mailbox = typeof mailboxes.$inferSelect;
type Claim = { held: Held; mailbox: Mailbox } | ConfirmationResult;

export async function sendSenderConfirmation(
  p: { tenantId: string; ignoredMessageId: string; resend?: boolean },
  opts: SendOptions & { now?: Date } = {},
): Promise<ConfirmationResult> {
  const now = opts.now ?? new Date();
  const claim = await withTenant(p.tenantId, (tx) => claimRequest(tx, p, now));
  if ('status' in claim) return claim;
  const { held, mailbox } = claim;
  // SMTP, or the mailbox's mail API (Graph, Gmail) for those mailboxes.
  const settings = await mailboxTransport(mailbox);
  if (!settings.ok) {
    const reason =
      settings.reason === 'no-outbound-server'
        ? 'Not sent: the mailbox has no outbound (SMTP) server.'
        : 'Not sent: the mailbox’s OAuth sign-in has to be renewed.';
    await update(p.tenantId, held.id, { confirmationStatus: 'not-sent', confirmationError: reason });
    return { status: 'not-sent', reason };
  }
  const to = held.fromAddress!;
  const { subject, text } = renderConfirmationRequest({
    name: held.fromName,
    address: to,
    subject: held.subject,
    mailbox: mailbox.email,
    url: confirmationUrl(signConfirmation({ tenantId: p.tenantId, ignoredMessageId: held.id })),
  });
  const sent = await settings.send(
    {
      from: { address: mailbox.email, name: mailbox.displayName },
      to: { address: to, name: held.fromName },
      subject,
      text,
      messageId: held.confirmationMessageId!,
      inReplyTo: held.messageId,
      references: held.messageId ? [held.messageId] : [],
      date: now,
      headers: autoReplyHeaders(p.tenantId, mailbox.email),
    },
    opts,
  );
  const attempts = held.confirmationAttempts + 1;
  if (sent.ok) {
    await update(p.tenantId, held.id, {
      confirmationStatus: 'sent',
      confirmationError: null,
      confirmationSentAt: now,
      confirmationAttempts: attempts,
    });
    return { status: 'sent', messageId: held.confirmationMessageId! };
  }
  const outcome = failedDelivery(sent.failure, attempts, POLICY, now);
  // Given up (a permanent refusal, or too many attempts): 'not-sent', which no later call sends.
  await update(p.tenantId, held.id, {
    confirmationStatus: outcome.final ? 'not-sent' : 'failed',
    confirmationError: outcome.reason,
    confirmationAttempts: attempts,
  });
  return { status: 'failed', reason: outcome.reason, retry: !outcome.final };
}

async function claimRequest(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; resend?: boolean },
  now: Date,
): Promise<Claim> {
  const [held] = await tx
    .select()
    .from(ignoredMessages)
    .where(eq(ignoredMessages.id, p.ignoredMessageId))
    .for('update');
  if (!held) return { status: 'skipped', reason: 'not-found' };
  if (held.releasedCaseId || held.releasedAt) return { status: 'skipped', reason: 'released' };
  const status = held.confirmationStatus;
  const staleClaim =
    status === 'sending' && (!held.confirmationSentAt || held.confirmationSentAt.getTime() < now.getTime() - CLAIM_MS);
  if (status !== 'pending' && status !== 'failed' && !staleClaim)
    return { status: 'skipped', reason: status ?? 'not-asked' };
  if (!held.fromAddress) return { status: 'skipped', reason: 'no-sender-address' };
  const [mailbox] = held.mailboxId ? await tx.select().from(mailboxes).where(eq(mailboxes.id, held.mailboxId)) : [];
  if (!mailbox) {
    await tx
      .update(ignoredMessages)
      .set({ confirmationStatus: 'not-sent', confirmationError: 'Not sent: the mailbox was removed.' })
      .where(eq(ignoredMessages.id, held.id));
    return { status: 'not-sent', reason: 'mailbox-removed' };
  }
  const sender = held.fromAddress.toLowerCase();
  if (!p.resend) {
    // One request per sender and mailbox within the window: a stranger writing ten times gets one.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`confirm:${p.tenantId}:${mailbox.id}:${sender}`}, 0))`,
    );
    const recent = await recentConfirmationRequest(tx, { mailbox, sender, now, except: held.id });
    if (recent) {
      const reason = rateLimitedConfirmationError(sender, recent);
      await tx
        .update(ignoredMessages)
        .set({ confirmationStatus: 'not-sent', confirmationError: reason })
        .where(eq(ignoredMessages.id, held.id));
      return { status: 'not-sent', reason: CONFIRMATION_RATE_LIMITED };
    }
  }
  const domain = mailbox.email.slice(mailbox.email.lastIndexOf('@') + 1).toLowerCase();
  const [claimed] = await tx
    .update(ignoredMessages)
    .set({
      confirmationStatus: 'sending',
      confirmationSentAt: now,
      // A retry keeps its Message-ID (clients that deduplicate show it once); a resend is a new request.
      confirmationMessageId:
        held.confirmationMessageId && !p.resend
          ? held.confirmationMessageId
          : `cf-confirm.${randomBytes(16).toString('hex')}@${domain}`,
    })
    .where(eq(ignoredMessages.id, held.id))
    .returning();
  return { held: claimed, mailbox };
}

async function update(tenantId: string, id: string, set: Partial<typeof ignoredMessages.$inferInsert>) {
  await withTenant(tenantId, (tx) => tx.update(ignoredMessages).set(set).where(eq(ignoredMessages.id, id)));
}

export function renderConfirmationRequest(p: {
  name: string | null;
  address: string;
  subject: string | null;
  mailbox: string;
  url: string;
}): { subject: string; text: string } {
  const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();
  const about = oneLine(p.subject ?? '') || '(no subject)';
  return {
    subject: `Please confirm your message: ${about}`.slice(0, 250),
    text: `Hello ${oneLine(p.name ?? '') || p.address},

We received your message "${about}" at ${p.mailbox}. Before it becomes a support case, please confirm that you sent it:

- reply to this email (what you write does not matter), or
- open this link: ${p.url}

If you did not write to us, ignore this email: nothing more will happen.

This is an automatic message.
`,
  };
}
