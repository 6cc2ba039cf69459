// Hands one committed outbox event to every consumer that wants it.
import './register-consumers';
import { outboxConsumers, type OutboxEvent } from './consumers';

export async function processOutboxEvent(event: OutboxEvent): Promise<void> {
  for (const consumer of outboxConsumers()) {
    if (consumer.handles(event)) await consumer.handle(event);
  }
}
