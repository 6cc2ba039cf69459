// Sends one queued agent reply (the `reply.queued` outbox consumer calls this; so does a retry).
// Safe to call any number of times, concurrently too:
//   1. claim, in a tenant transaction holding the row lock: queued/failed → 'sending' with a claim
//      expiry; a sent reply, a fresh claim, or a reply given up on is left alone;
//   2. deliver (lib/mail/send/deliver-case-mail.ts, shared with acknowledgements): through the mailbox's
//      transport, then 'sent', or 'failed' with the reason in our words and when the next attempt is due.
// A crash during 2 leaves 'sending'; once the claim expires the next call sends again with
// the same Message-ID (clients that deduplicate show it once).
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, mailboxes } from '@/db/schema';
import { withSystem, withTenant } from '@/db/tenancy';
import { LOOP_HEADER, loopHeaderValue } from '@/lib/mail/send/loop-header';
import type { SendOptions } from '@/lib/mail/send/send-smtp-message';
import { deliverCaseMail } from '@/lib/mail/send/deliver-case-mail';
import { claimColumns, isClaimedElsewhere } from '@/lib/mail/send/delivery-outcome';
import { isUuid } from '@/lib/is-uuid';
import { loadAttachmentBytes, type Upload } from './outgoing-attachments';

export const MAX_REPLY_ATTEMPTS = 5;
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
  const { files, ...claimed } = claim;
  const outcome = await deliverCaseMail(
    {
      tenantId,
      ...claimed,
      kind: 'reply',
      policy: REPLY_POLICY,
      headers: { [LOOP_HEADER]: loopHeaderValue(tenantId) },
      attachments: files,
      unsendable: (why) => ({
        status: 'failed',
        reason:
          why === 'no-outbound-server'
            ? 'No outbound (SMTP) server is set for this mailbox. Add one in the mailbox settings, then retry.'
            : 'The mailbox’s OAuth sign-in has to be renewed (Get authorization code on the mailbox page), then retry.',
      }),
    },
    opts,
  );
  if (outcome.status === 'sent') return { status: 'sent' };
  return { status: 'failed', reason: outcome.reason, retry: !outcome.final, retryAt: outcome.retryAt };
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
  if (isClaimedElsewhere(row)) return { status: 'busy' };
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
  const [claimed] = await tx.update(caseMessages).set(claimColumns()).where(eq(caseMessages.id, id)).returning();
  return { row: claimed, mailbox, caseNumber: Number(c.number), files: await loadAttachmentBytes(tx, id) };
}
