// Registers the webhook fan-out as an outbox consumer (listed in lib/outbox/register-consumers.ts).
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { isWebhookEventType } from './build-webhook-body';
import { createWebhookDeliveries } from './create-webhook-deliveries';

registerOutboxConsumer({
  name: 'webhooks',
  handles: (event) => isWebhookEventType(event.type),
  handle: async (event) => {
    await createWebhookDeliveries(event);
  },
});
