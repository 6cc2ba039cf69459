// Runs one dispatched outbox event through the registered consumers (acknowledgements, webhooks, …):
// the same processOutboxEvent the in-process runner calls. Consumers are idempotent, so Inngest's
// retries (a consumer threw) may hand them the event again. Webhook deliveries the event produced
// are then handed to their own function, which follows each delivery's retry schedule.
import { markOutboxEventFailed } from '@/lib/outbox/claim-due-events';
import { processOutboxEvent } from '@/lib/outbox/process-outbox-event';
import { inngest } from '../client';
import { outboxEventCreated, webhookDeliveryRequested } from '../events';
import { findPendingWebhookDeliveries } from '../find-pending-webhook-deliveries';
import { loadOutboxEvent } from '../load-outbox-event';

/** Events of one tenant processed at once. */
export const OUTBOX_CONCURRENCY_PER_TENANT = 10;

export const processOutboxEventFunction = inngest.createFunction(
  {
    id: 'process-outbox-event',
    name: 'Process an outbox event',
    triggers: [{ event: outboxEventCreated }],
    concurrency: [{ key: 'event.data.tenantId', limit: OUTBOX_CONCURRENCY_PER_TENANT }],
    retries: 10,
    onFailure: async ({ event, error, step }) => {
      const { outboxEventId, tenantId } = outboxEventCreated.schema.parse(event.data.event.data);
      // The row was marked dispatched when it was handed over; its last error says why its consumers gave up.
      await step.run('record-failure', async () => {
        const row = await loadOutboxEvent(tenantId, outboxEventId);
        if (row) await markOutboxEventFailed(row, `consumers failed after retries: ${error.message}`);
        return { recorded: Boolean(row) };
      });
    },
  },
  async ({ event, step }) => {
    const { outboxEventId, tenantId } = event.data;
    const processed = await step.run('process', async () => {
      const row = await loadOutboxEvent(tenantId, outboxEventId);
      if (!row) return { outboxEventId, type: null, processed: false };
      await processOutboxEvent(row);
      return { outboxEventId, type: row.type, processed: true };
    });
    if (!processed.processed) return { ...processed, webhookDeliveries: 0 };
    const deliveryIds = await step.run('find-webhook-deliveries', () =>
      findPendingWebhookDeliveries(tenantId, outboxEventId),
    );
    if (deliveryIds.length) {
      await step.sendEvent(
        'request-webhook-deliveries',
        deliveryIds.map((deliveryId) =>
          webhookDeliveryRequested.create({ tenantId, deliveryId }, { id: `webhook-delivery-${deliveryId}` }),
        ),
      );
    }
    return { ...processed, webhookDeliveries: deliveryIds.length };
  },
);
