// The in-process runner's webhook work (and any worker's): claim what is due, send it, record it.
// Safe to run in many processes at once; each delivery is claimed by one of them at a time.
import { attemptWebhookDelivery, type AttemptOutcome, type DeliveryOptions } from './attempt-webhook-delivery';
import { claimWebhookDeliveries } from './claim-webhook-deliveries';

export type DeliverDueOptions = DeliveryOptions & {
  /** How many deliveries to claim in this call (default 50). */
  limit?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Only this tenant's deliveries (tests run side by side in one database). */
  tenantId?: string;
};

export type DeliverDueSummary = {
  attempted: number;
  succeeded: number;
  retrying: number;
  failed: number;
  outcomes: AttemptOutcome[];
};

export async function deliverDueWebhooks(opts: DeliverDueOptions = {}): Promise<DeliverDueSummary> {
  const now = opts.now ?? new Date();
  const claimed = await claimWebhookDeliveries({ limit: opts.limit ?? 50, now, tenantId: opts.tenantId });
  const outcomes: AttemptOutcome[] = [];
  const queue = [...claimed];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      outcomes.push(await attemptWebhookDelivery(next, { ...opts, now: opts.now ?? new Date() }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 8, queue.length) }, worker));
  return {
    attempted: outcomes.length,
    succeeded: outcomes.filter((o) => o.status === 'succeeded').length,
    retrying: outcomes.filter((o) => o.status === 'pending').length,
    failed: outcomes.filter((o) => o.status === 'failed' || o.status === 'abandoned').length,
    outcomes,
  };
}
