// One webhook delivery (`webhook/delivery.requested`): the same deliverWebhook the runner's due-delivery
// task uses underneath. Between attempts the run sleeps until the delivery's next attempt time, so
// the retry schedule lives in PostgreSQL and Inngest only keeps the time.
import { deliverWebhook } from '@/lib/webhooks/deliver-webhook';
import { inngest } from '../client';
import { webhookDeliveryRequested } from '../events';

/** Safety bound on attempts per run; the schedule itself ends well before (see lib/webhooks/retry-schedule.ts). */
const MAX_ROUNDS = 30;

export const deliverWebhookFunction = inngest.createFunction(
  {
    id: 'deliver-webhook',
    name: 'Deliver a webhook',
    triggers: [{ event: webhookDeliveryRequested }],
    concurrency: [{ key: 'event.data.tenantId', limit: 10 }],
    retries: 3,
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data;
    for (let round = 0; ; round++) {
      const outcome = await step.run(`attempt-${round}`, async () => {
        const r = await deliverWebhook(deliveryId);
        return { status: r.status, attempted: r.attempted, nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null };
      });
      if (outcome.status !== 'pending' || !outcome.nextAttemptAt || round + 1 >= MAX_ROUNDS) return outcome;
      await step.sleepUntil(`wait-${round}`, outcome.nextAttemptAt);
    }
  },
);
