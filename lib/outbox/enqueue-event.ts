// Writes an outbox row in the caller's transaction: the event exists iff the change it describes committed.
import { outboxEvents } from '@/db/schema';
import type { Tx } from '@/db/client';

export type OutboxEventType =
  | 'case.created'
  | 'case.updated'
  | 'message.received'
  | 'message.sent'
  | 'message.ignored'
  | 'message.bounced'
  | 'mailbox.needs_reauth'
  | 'mailbox.error';

export async function enqueueEvent(tx: Tx, tenantId: string, type: OutboxEventType, payload: Record<string, unknown>): Promise<string> {
  const [row] = await tx.insert(outboxEvents).values({ tenantId, type, payload }).returning({ id: outboxEvents.id });
  return row.id;
}
