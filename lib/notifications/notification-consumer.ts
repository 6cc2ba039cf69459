// Registers the agents' notification emails as an outbox consumer (listed in lib/outbox/register-consumers.ts).
import { registerOutboxConsumer } from '@/lib/outbox/consumers';
import { notificationTrigger, notifyAgentForEvent } from './notify-agent';

registerOutboxConsumer({
  name: 'agent-notifications',
  handles: (event) => notificationTrigger(event) !== null,
  handle: async (event) => {
    await notifyAgentForEvent(event);
  },
});
