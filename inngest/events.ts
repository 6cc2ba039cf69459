// Every event Caseflow sends to or receives from Inngest, one zod schema each. Payloads carry ids and
// small enums only: never message bodies, addresses, tokens or passwords (they would sit in Inngest's
// event history).
import { eventType } from 'inngest';
import { z } from 'zod';

/** A mailbox should be synced now: the cron poll found it due, IDLE saw new mail, or a person asked. */
export const mailboxSyncRequested = eventType('mailbox/sync.requested', {
  schema: z.object({
    mailboxId: z.uuid(),
    tenantId: z.uuid(),
    reason: z.enum(['poll', 'idle', 'manual']),
  }),
});

/** A committed outbox row, handed to Inngest by the dispatcher; the event id is the row id. */
export const outboxEventCreated = eventType('outbox/event.created', {
  schema: z.object({
    outboxEventId: z.uuid(),
    tenantId: z.uuid(),
    type: z.string().min(1).max(100),
  }),
});

/** Look for undispatched outbox rows now (after a sync stored something) rather than at the next minute. */
export const outboxDispatchRequested = eventType('outbox/dispatch.requested', {
  schema: z.object({
    /** Only this tenant's rows (the sync that just committed them); absent: every tenant's. */
    tenantId: z.uuid().optional(),
    reason: z.enum(['sync', 'manual']),
  }),
});

/** Send (or retry) the acknowledgement of a new case. */
export const caseAcknowledgementRequested = eventType('case/acknowledgement.requested', {
  schema: z.object({
    tenantId: z.uuid(),
    caseId: z.uuid(),
  }),
});

/** Attempt one webhook delivery row. */
export const webhookDeliveryRequested = eventType('webhook/delivery.requested', {
  schema: z.object({
    tenantId: z.uuid(),
    deliveryId: z.uuid(),
  }),
});

/**
 * Cron events carry no data of ours. A run started by hand (or by a test) may narrow a cron function
 * to some tenants with `{ tenantIds: [...] }`; scheduled runs cover every tenant.
 */
export const cronScopeSchema = z.object({ tenantIds: z.array(z.uuid()).min(1).max(1000).optional() });

export function cronScope(data: unknown): string[] | undefined {
  return cronScopeSchema.safeParse(data).data?.tenantIds;
}
