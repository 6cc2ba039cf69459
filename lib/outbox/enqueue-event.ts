// Writes an outbox row in the caller's transaction: the event exists iff the change it describes committed.
import { randomUUID } from 'node:crypto';
import { outboxEvents } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';

type PendingRow = typeof outboxEvents.$inferInsert;

// A sync batch writes hundreds of events in one transaction: it collects them and inserts them in one
// statement just before commit (flushOutboxEvents), instead of one round trip each.
const buffers = new WeakMap<object, PendingRow[]>();

export function bufferOutboxEvents(tx: TenantTx): void {
  buffers.set(tx, []);
}

/** Must run inside the same transaction, before it commits. */
export async function flushOutboxEvents(tx: TenantTx): Promise<void> {
  const rows = buffers.get(tx);
  buffers.delete(tx);
  if (rows?.length) await tx.insert(outboxEvents).values(rows);
}

export type OutboxEventType =
  | 'case.created'
  | 'case.updated'
  | 'message.received'
  | 'message.sent'
  | 'message.ignored'
  | 'message.bounced'
  | 'mailbox.needs_reauth'
  | 'mailbox.error'
  /** An agent's reply waiting to be sent (consumed by lib/cases/reply-consumer.ts; never a webhook). */
  | 'reply.queued';

export async function enqueueEvent(
  tx: TenantTx,
  tenantId: string,
  type: OutboxEventType,
  payload: Record<string, unknown>,
): Promise<string> {
  const buffer = buffers.get(tx);
  if (buffer) {
    const id = randomUUID();
    buffer.push({ id, tenantId, type, payload });
    return id;
  }
  const [row] = await tx.insert(outboxEvents).values({ tenantId, type, payload }).returning({ id: outboxEvents.id });
  return row.id;
}
