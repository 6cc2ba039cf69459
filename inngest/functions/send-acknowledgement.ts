// The acknowledgement of a new case, on request (`case/acknowledgement.requested`): the same
// sendAcknowledgement the outbox consumer calls. It decides, sends and records exactly once per case
// however often it is called; a retriable SMTP failure is tried again when sendAcknowledgement says.
import { MAX_ACK_ATTEMPTS } from '@/lib/acknowledgements/ack-limits';
import { sendAcknowledgement } from '@/lib/acknowledgements/send-acknowledgement';
import { inngest } from '../client';
import { caseAcknowledgementRequested } from '../events';

const FALLBACK_RETRY_MS = 60_000;

export const sendAcknowledgementFunction = inngest.createFunction(
  {
    id: 'send-acknowledgement',
    name: 'Send a case acknowledgement',
    triggers: [{ event: caseAcknowledgementRequested }],
    // One at a time per case: a second request waits for the first, then finds the recorded outcome.
    concurrency: [
      { key: 'event.data.caseId', limit: 1 },
      { key: 'event.data.tenantId', limit: 10 },
    ],
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId, caseId } = event.data;
    for (let attempt = 0; ; attempt++) {
      // Status and our own wording of the reason only: no addresses, no text, no server replies.
      const outcome = await step.run(`send-${attempt}`, async () => {
        const r = await sendAcknowledgement({ tenantId, caseId });
        return {
          status: r.status,
          reason: r.reason,
          retry: r.retry ?? null,
          retryAt: r.retryAt?.toISOString() ?? null,
        };
      });
      if (outcome.status !== 'failed' || outcome.retry === false || attempt + 1 >= MAX_ACK_ATTEMPTS) return outcome;
      await step.sleepUntil(`wait-${attempt}`, outcome.retryAt ?? new Date(Date.now() + FALLBACK_RETRY_MS));
    }
  },
);
