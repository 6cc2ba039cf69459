// "Resend confirmation" in the review queue: ask a held unknown sender again (a new request, a new
// expiry), whatever became of the first one (failed, expired, rate-limited), bypassing the one-per-window
// limit since an agent asked. Still never to a sender whose verification failed or a machine address.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { ignoredMessages } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { NO_CHECKS } from '@/lib/mail/verify/check-inbound';
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { confirmationRefusal } from './confirmation-refusal';

export async function resendSenderConfirmation(
  tx: TenantTx,
  p: { tenantId: string; ignoredMessageId: string; actor: AuditActor },
): Promise<{ queued: true; to: string }> {
  const notFound = () => new AppError('not_found', 'There is no such held message.');
  if (!isUuid(p.ignoredMessageId)) throw notFound();
  const [row] = await tx.select().from(ignoredMessages).where(eq(ignoredMessages.id, p.ignoredMessageId)).for('update');
  if (!row) throw notFound();
  if (row.kind !== 'unknown-sender')
    throw new AppError('validation', 'Only a message held for an unknown sender can be confirmed by its sender.');
  if (row.releasedCaseId || row.releasedAt) throw new AppError('conflict', 'This message was already released.');
  if (row.confirmationStatus === 'sending') throw new AppError('conflict', 'A confirmation request is being sent.');
  const refusal = confirmationRefusal({
    sender: row.fromAddress ?? undefined,
    checks: { ...NO_CHECKS, senderAuth: row.senderAuth },
    ownAddresses: [],
  });
  if (refusal) throw new AppError('validation', `This sender cannot be asked to confirm (${refusal}).`);
  await tx
    .update(ignoredMessages)
    .set({ confirmationStatus: 'pending', confirmationError: null, confirmationAttempts: 0 })
    .where(eq(ignoredMessages.id, row.id));
  await enqueueEvent(tx, p.tenantId, 'sender.confirmation_requested', { ignoredMessageId: row.id, resend: true });
  await recordAudit(tx, {
    by: p,
    action: 'ignored_message.confirmation_resent',
    target: { type: 'ignored_message', id: row.id },
    details: { previous: row.confirmationStatus },
  });
  return { queued: true, to: row.fromAddress!.toLowerCase() };
}
