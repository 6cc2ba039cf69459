// "Undo send": an agent's reply waits REPLY_SEND_DELAY_SECONDS before it is sent (queue-reply.ts); until
// a sender claims it, its author can withdraw it. The row is locked like a sender's claim, so undo and
// send cannot both win: a reply already being sent (or sent) is refused, and a withdrawn one is gone —
// its outbox event then finds nothing to send.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';

export async function undoReply(
  tx: TenantTx,
  { tenantId, caseMessageId, actor }: { tenantId: string; caseMessageId: string; actor: AuditActor },
): Promise<{ text: string }> {
  const [row] = isUuid(caseMessageId)
    ? await tx.select().from(caseMessages).where(eq(caseMessages.id, caseMessageId)).for('update')
    : [];
  if (!row || row.direction !== 'out' || row.systemKind) throw new AppError('not_found', 'That reply does not exist.');
  if (actor.kind === 'user' && row.authorUserId !== actor.userId)
    throw new AppError('forbidden', 'Only its author can withdraw a reply.');
  if (row.deliveryStatus !== 'queued' || row.deliveryAttempts > 0)
    throw new AppError('conflict', 'Too late to undo: the reply is being sent or was sent.');
  await tx.delete(caseMessages).where(eq(caseMessages.id, row.id));
  const [c] = await tx.select({ number: cases.number }).from(cases).where(eq(cases.id, row.caseId));
  await recordAudit(tx, {
    by: { tenantId, actor },
    action: 'case.reply_withdrawn',
    target: { type: 'case', id: row.caseId },
    details: { number: c ? Number(c.number) : null, messageId: row.id },
  });
  // What the agent typed: a reply template wrapped `text`, and it wraps again when re-sent.
  return { text: row.typedText ?? row.text ?? '' };
}
