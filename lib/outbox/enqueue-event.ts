// Writes an outbox row in the caller's transaction: the event exists iff the change it describes committed.
// Ingestion collects its events in its write batch instead (lib/cases/case-write-batch.ts), one insert per batch.
import { outboxEvents } from '@/db/schema';
import type { TenantTx } from '@/db/tenancy';

export type OutboxEventType =
  | 'case.created'
  | 'case.updated'
  | 'case.merged'
  | 'message.received'
  | 'message.sent'
  | 'message.ignored'
  | 'message.bounced'
  | 'mailbox.needs_reauth'
  | 'mailbox.error'
  /** An agent's reply waiting to be sent (consumed by lib/cases/reply-consumer.ts; never a webhook). */
  | 'reply.queued'
  /** A held unknown sender to ask for confirmation (lib/contacts/sender-confirmation-consumer.ts; never a webhook). */
  | 'sender.confirmation_requested';

export async function enqueueEvent(
  tx: TenantTx,
  tenantId: string,
  type: OutboxEventType,
  payload: Record<string, unknown>,
  /** Not handled before this time (a reply's undo window). */
  opts: { notBefore?: Date } = {},
): Promise<string> {
  const due = opts.notBefore ? { nextAttemptAt: opts.notBefore } : {};
  const [row] = await tx
    .insert(outboxEvents)
    .values({ tenantId, type, payload, ...due })
    .returning({ id: outboxEvents.id });
  return row.id;
}
