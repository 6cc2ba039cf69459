// "Retry" on a reply that failed: back to 'queued' with a fresh outbox event, attempts counted anew.
import { enqueueEvent } from '@/lib/outbox/enqueue-event';
import { and, eq, inArray } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases } from '@/db/schema';
import { recordAudit, type AuditActor } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/is-uuid';
import { REPLY_QUEUED_EVENT } from './queue-reply';

export async function retryReply(
  tx: TenantTx,
  params: { tenantId: string; caseMessageId: string; actor: AuditActor },
): Promise<{ id: string; deliveryStatus: 'queued' }> {
  const notFound = new AppError('not_found', 'There is no such reply.');
  if (!isUuid(params.caseMessageId)) throw notFound;
  const [row] = await tx
    .select({
      id: caseMessages.id,
      caseId: caseMessages.caseId,
      status: caseMessages.deliveryStatus,
      systemKind: caseMessages.systemKind,
      number: cases.number,
    })
    .from(caseMessages)
    .innerJoin(cases, eq(cases.id, caseMessages.caseId))
    .where(and(eq(caseMessages.id, params.caseMessageId), eq(caseMessages.direction, 'out')))
    .for('update', { of: caseMessages });
  if (!row || row.systemKind) throw notFound;
  if (row.status !== 'failed')
    throw new AppError(
      'conflict',
      `This reply is ${row.status ?? 'not a queued reply'}; only a failed reply can be retried.`,
    );
  const [updated] = await tx
    .update(caseMessages)
    .set({ deliveryStatus: 'queued', deliveryAttempts: 0, nextDeliveryAt: new Date() })
    .where(and(eq(caseMessages.id, row.id), inArray(caseMessages.deliveryStatus, ['failed'])))
    .returning({ id: caseMessages.id });
  if (!updated) throw new AppError('conflict', 'This reply changed meanwhile; reload the case.');
  await enqueueEvent(tx, params.tenantId, REPLY_QUEUED_EVENT, {
    caseMessageId: row.id,
    caseNumber: Number(row.number),
  });
  await recordAudit(tx, {
    by: params,
    action: 'case.reply_retried',
    target: { type: 'case', id: row.caseId },
    details: { messageId: row.id },
  });
  return { id: row.id, deliveryStatus: 'queued' };
}
