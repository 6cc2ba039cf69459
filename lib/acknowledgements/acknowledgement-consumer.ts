// The outbox consumer that sends a new case's acknowledgement: `case.created` events with
// `acknowledge: true`. Throwing makes the outbox retry the event with backoff, which is what a
// retriable failure needs; skipped, not-sent and permanently failed ones are done.
import { z } from 'zod';
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { sendAcknowledgement } from './send-acknowledgement';

const payload = z.object({ caseId: z.uuid(), acknowledge: z.boolean() });

registerOutboxConsumer({
  name: 'acknowledgement',
  handles: (event) => event.type === 'case.created' && payload.safeParse(event.payload).data?.acknowledge === true,
  handle: async (event) => {
    const { caseId } = payload.parse(event.payload);
    const result = await sendAcknowledgement({ tenantId: event.tenantId, caseId });
    if (result.status === 'failed' && result.retry !== false)
      throw new Error(`acknowledgement not sent yet: ${result.reason}`);
  },
});
