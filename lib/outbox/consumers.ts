// What happens after an outbox event committed. Each consumer must be idempotent: an event is
// handed to every consumer at least once (a crash or a retry can repeat it), never "exactly once".
// A consumer that throws makes the event retry later with backoff (in-process runner or Inngest).
import type { outboxEvents } from '@/db/schema';

export type OutboxEvent = typeof outboxEvents.$inferSelect;

export type OutboxConsumer = {
  name: string;
  handles: (event: OutboxEvent) => boolean;
  handle: (event: OutboxEvent) => Promise<void>;
};

const consumers: OutboxConsumer[] = [];

/** Consumers register at import time (see lib/outbox/register-consumers.ts). */
export function registerOutboxConsumer(consumer: OutboxConsumer): void {
  if (!consumers.some((c) => c.name === consumer.name)) consumers.push(consumer);
}

export function outboxConsumers(): readonly OutboxConsumer[] {
  return consumers;
}
