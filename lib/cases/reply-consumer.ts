// The outbox consumer for agent replies: each `reply.queued` event sends its reply. A failure that
// may pass (server down, timeout, 4xx) throws, so the outbox retries the event with its backoff;
// a final one (5xx refusal, attempts used up, no server) is recorded on the reply and left for the
// agent's Retry button.
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { REPLY_QUEUED_EVENT } from './queue-reply';
import { sendReply } from './send-reply';

registerOutboxConsumer({
  name: 'agent-replies',
  handles: (event) => event.type === REPLY_QUEUED_EVENT,
  handle: async (event) => {
    const id = typeof event.payload.caseMessageId === 'string' ? event.payload.caseMessageId : '';
    const result = await sendReply(id, { tenantId: event.tenantId });
    if (result.status === 'busy') throw new Error('reply is being sent by another worker');
    if (result.status === 'failed' && result.retry) throw new Error(result.reason);
  },
});
