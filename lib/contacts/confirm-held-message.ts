// A held unknown sender confirms their message (by replying to our request, or with its signed link):
// the message opens its case, acknowledged like new mail when the mailbox sends acknowledgements, and
// the sender becomes a contact. Confirming twice answers with the first case. A request older than the
// mailbox's expiry (from the latest request) is marked expired instead: the message stays in the review queue, releasable by an agent.
import { eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases, ignoredMessages, mailboxes } from '@/db/schema';
import { releaseIgnoredMessage } from '@/lib/cases/release-ignored-message';
import { isUuid } from '@/lib/is-uuid';

export type ConfirmResult =
  { outcome: 'confirmed' | 'already-confirmed'; caseNumber: number } | { outcome: 'expired' | 'not-found' };

/** States in which a request was (or may have been) sent, so a confirmation can answer it. */
const ANSWERABLE = new Set(['pending', 'sending', 'sent', 'failed']);

export async function confirmHeldMessage(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; via: 'reply' | 'link'; replyId?: string; now?: Date },
): Promise<ConfirmResult> {
  if (!isUuid(p.ignoredMessageId)) return { outcome: 'not-found' };
  const [row] = await tx
    .select({
      id: ignoredMessages.id,
      status: ignoredMessages.confirmationStatus,
      releasedCaseId: ignoredMessages.releasedCaseId,
      askedAt: sql<Date>`coalesce(${ignoredMessages.confirmationSentAt}, ${ignoredMessages.createdAt})`.mapWith(
        ignoredMessages.createdAt,
      ),
      expiryDays: mailboxes.confirmationExpiryDays,
    })
    .from(ignoredMessages)
    .leftJoin(mailboxes, eq(mailboxes.id, ignoredMessages.mailboxId))
    .where(eq(ignoredMessages.id, p.ignoredMessageId))
    .for('update', { of: ignoredMessages });
  if (!row) return { outcome: 'not-found' };
  if (row.releasedCaseId) {
    const [c] = await tx.select({ number: cases.number }).from(cases).where(eq(cases.id, row.releasedCaseId));
    return c ? { outcome: 'already-confirmed', caseNumber: Number(c.number) } : { outcome: 'not-found' };
  }
  if (row.status === 'expired') return { outcome: 'expired' };
  if (!row.status || !ANSWERABLE.has(row.status)) return { outcome: 'not-found' };
  const now = p.now ?? new Date();
  if (row.expiryDays && row.askedAt.getTime() + row.expiryDays * 86_400_000 < now.getTime()) {
    await tx.update(ignoredMessages).set({ confirmationStatus: 'expired' }).where(eq(ignoredMessages.id, row.id));
    return { outcome: 'expired' };
  }
  await tx.update(ignoredMessages).set({ confirmationStatus: 'confirmed' }).where(eq(ignoredMessages.id, row.id));
  const released = await releaseIgnoredMessage(tx, {
    tenantId: p.tenantId,
    ignoredMessageId: row.id,
    actor: { kind: 'system' },
    confirmedBy: p.via,
  });
  if (p.replyId) {
    await tx.update(ignoredMessages).set({ releasedCaseId: released.caseId }).where(eq(ignoredMessages.id, p.replyId));
  }
  return { outcome: 'confirmed', caseNumber: released.caseNumber };
}
