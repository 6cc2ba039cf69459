// The outbox consumer that asks a held unknown sender to confirm: `sender.confirmation_requested`
// events. Throwing makes the outbox retry with backoff, which a retriable SMTP failure needs.
import { z } from 'zod';
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { sendSenderConfirmation } from './send-sender-confirmation';

const payload = z.object({ ignoredMessageId: z.uuid(), resend: z.boolean().optional() });

registerOutboxConsumer({
  name: 'sender-confirmation',
  handles: (event) => event.type === 'sender.confirmation_requested',
  handle: async (event) => {
    const { ignoredMessageId, resend } = payload.parse(event.payload);
    const result = await sendSenderConfirmation({ tenantId: event.tenantId, ignoredMessageId, resend });
    if (result.status === 'failed' && result.retry) throw new Error(`confirmation not sent yet: ${result.reason}`);
  },
});
