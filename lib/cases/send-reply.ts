// Sends one queued agent reply (the `reply.queued` outbox consumer calls this; so does a retry).
// Safe to call any number of times, concurrently too:
//   1. claim, in a tenant transaction holding the row lock: queued/failed → 'sending' with a claim
//      expiry; a sent reply, a fresh claim, or a reply given up on is left alone;
//   2. SMTP through the mailbox's outbound server, outside any transaction;
//   3. record 'sent', or 'failed' with the reason in our words and when the next attempt is due.
// A crash between 2 and 3 leaves 'sending'; once the claim expires the next call sends again with
// the same Message-ID (clients that deduplicate show it once).
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, mailboxes } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { LOOP_HEADER, loopHeaderValue } from '@/lib/mail/send/loop-header';
import type { OutboundMessage, SendOptions } from '@/lib/mail/send/send-smtp-message';
import { mailboxTransport } from '@/lib/mail/send/mailbox-transport';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { isUuid } from '@/lib/is-uuid';
import { failedColumns, failedDelivery, sentColumns } from '@/lib/mail/send/delivery-outcome';
import { loadAttachmentBytes, type Upload } from './outgoing-attachments';

export const MAX_REPLY_ATTEMPTS = 5;
const CLAIM_MS = 5 * 60_000;
/** Seconds before attempt n+1, matching the outbox's own backoff (lib/outbox/claim-due-events.ts). */
const RETRY_SECONDS = [5, 30, 120, 600];
const REPLY_POLICY = {
  maxAttempts: MAX_REPLY_ATTEMPTS,
  retryDelayMs: (attempts: number) => (RETRY_SECONDS[attempts - 1] ?? 3600) * 1000,
};

export type SendReplyResult =
  | { status: 'sent'; already?: boolean }
  | { status: 'failed'; reason: string; retry: boolean; retryAt: Date | null }
  | { status: 'busy' }
  | { status: 'skipped'; reason: string };

type Row = typeof caseMessages.$inferSelect;

export async function sendReply(
  caseMessageId: string,
  opts: SendOptions & { tenantId?: string } = {},
): Promise<SendReplyResult> {
  const tenantId = opts.tenantId ?? (await tenantOf(caseMessageId));
  if (!tenantId) return { status: 'skipped', reason: 'not-found' };
  const claim = await withTenant(tenantId, (tx) => claimReply(tx, caseMessageId));
  if ('status' in claim) return claim;
  const { row, mailbox, caseNumber, files } = claim;

  const settings = await mailboxTransport(mailbox);
  if (!settings.ok) {
    const reason =
      settings.reason === 'no-outbound-server'
        ? 'No outbound (SMTP) server is set for this mailbox. Add one in the mailbox settings, then retry.'
        : 'The mailbox’s OAuth sign-in has to be renewed (Get authorization code on the mailbox page), then retry.';
    await record(tenantId, row, { ok: false, reason, final: true });
    return { status: 'failed', reason, retry: false, retryAt: null };
  }
  const to = row.to?.[0];
  const message = {
    from: { address: mailbox.email, name: mailbox.displayName },
    to: { address: to?.address ?? '', name: to?.name },
    cc: (row.cc ?? []).map((a) => ({ address: a.address, name: a.name })),
    subject: row.subject ?? '',
    text: row.text ?? '',
    messageId: row.messageId!,
    inReplyTo: row.inReplyTo,
    references: row.references ?? [],
    headers: { [LOOP_HEADER]: loopHeaderValue(tenantId) },
    attachments: files,
  } satisfies OutboundMessage;
  const sent = await settings.send(message, opts);
  if (sent.ok) {
    await record(tenantId, row, { ok: true, caseNumber });
    return { status: 'sent' };
  }
  const { final, reason, retryAt } = failedDelivery(sent.failure, row.deliveryAttempts + 1, REPLY_POLICY);
  await record(tenantId, row, { ok: false, reason, final, retryAt });
  return { status: 'failed', reason, retry: !final, retryAt };
}

async function tenantOf(caseMessageId: string): Promise<string | null> {
  if (!isUuid(caseMessageId)) return null;
  const [row] = await withSystem((tx) =>
    tx.select({ tenantId: caseMessages.tenantId }).from(caseMessages).where(eq(caseMessages.id, caseMessageId)),
  );
  return row?.tenantId ?? null;
}

type Claim =
  { row: Row; mailbox: typeof mailboxes.$inferSelect; caseNumber: number; files: Upload[] } | SendReplyResult;

async function claimReply(tx: TenantTx, id: string): Promise<Claim> {
  const [row] = await tx.select().from(caseMessages).where(eq(caseMessages.id, id)).for('update');
  if (!row || row.direction !== 'out' || row.systemKind) return { status: 'skipped', reason: 'not-a-reply' };
  if (row.deliveryStatus === 'sent') return { status: 'sent', already: true };
  if (row.deliveryStatus === 'sending' && row.nextDeliveryAt && row.nextDeliveryAt.getTime() > Date.now())
    return { status: 'busy' };
  if (row.deliveryStatus === 'failed' && !row.nextDeliveryAt) {
    return { status: 'failed', reason: row.deliveryError ?? 'failed', retry: false, retryAt: null };
  }
  const [c] = await tx
    .select({ number: cases.number, mailboxId: cases.mailboxId })
    .from(cases)
    .where(eq(cases.id, row.caseId));
  const [mailbox] = c?.mailboxId ? await tx.select().from(mailboxes).where(eq(mailboxes.id, c.mailboxId)) : [];
  if (!mailbox) {
    const reason = 'The mailbox this case came from was removed, so the reply cannot be sent.';
    await tx
      .update(caseMessages)
      .set({ deliveryStatus: 'failed', deliveryError: reason, nextDeliveryAt: null })
      .where(eq(caseMessages.id, id));
    return { status: 'failed', reason, retry: false, retryAt: null };
  }
  const [claimed] = await tx
    .update(caseMessages)
    .set({ deliveryStatus: 'sending', nextDeliveryAt: new Date(Date.now() + CLAIM_MS) })
    .where(eq(caseMessages.id, id))
    .returning();
  return { row: claimed, mailbox, caseNumber: Number(c.number), files: await loadAttachmentBytes(tx, id) };
}

async function record(
  tenantId: string,
  row: Row,
  outcome: { ok: true; caseNumber: number } | { ok: false; reason: string; final: boolean; retryAt?: Date | null },
): Promise<void> {
  await withTenant(tenantId, async (tx) => {
    if (outcome.ok) {
      await tx
        .update(caseMessages)
        .set(sentColumns(row.deliveryAttempts + 1, new Date()))
        .where(eq(caseMessages.id, row.id));
      await enqueueEvent(tx, tenantId, 'message.sent', {
        caseId: row.caseId,
        caseNumber: outcome.caseNumber,
        kind: 'reply',
        messageId: row.messageId,
        to: row.to?.[0]?.address ?? null,
        subject: row.subject,
      });
      return;
    }
    const retryAt = outcome.final ? null : (outcome.retryAt ?? null);
    await tx
      .update(caseMessages)
      .set(failedColumns({ ...outcome, retryAt }, row.deliveryAttempts + 1))
      .where(eq(caseMessages.id, row.id));
  });
}
