// Webhook endpoints, one delivery per (event, endpoint), and every attempt.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tenantRow } from './accounts';
import { outboxEvents } from './cases';
import { createdAt, ownedBy, timestamps, ts } from './columns';

export const webhookDeliveryStatusEnum = pgEnum('webhook_delivery_status', [
  'pending',
  'succeeded',
  'failed',
  'abandoned',
]);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    ...tenantRow(),
    url: text().notNull(),
    description: text(),
    /** null = every event type. */
    eventTypes: jsonb().$type<string[] | null>(),
    enabled: boolean().notNull().default(true),
    /** Opt-in: message bodies in message.* payloads. */
    includeBodies: boolean().notNull().default(false),
    secretSealed: text().notNull(),
    /** During a rotation's overlap both secrets sign. */
    previousSecretSealed: text(),
    previousSecretExpiresAt: ts(),
    disabledReason: text(),
    disabledAt: ts(),
    failingSince: ts(),
    ...timestamps,
  },
  (t) => [index().on(t.tenantId)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    ...tenantRow(),
    endpointId: ownedBy(() => webhookEndpoints.id),
    /** The outbox event: its id is the `webhook-id` header on every attempt. */
    eventId: ownedBy(() => outboxEvents.id),
    eventType: text().notNull(),
    /** The exact body, fixed at creation so every retry sends identical bytes. */
    body: text().notNull(),
    status: webhookDeliveryStatusEnum().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    /** Claim of a runner/function working on it (no double delivery at once). */
    lockedUntil: ts(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: ts(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_endpoint_key').on(t.eventId, t.endpointId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index().on(t.endpointId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    ...tenantRow(),
    deliveryId: ownedBy(() => webhookDeliveries.id),
    attemptedAt: createdAt(),
    statusCode: integer(),
    durationMs: integer(),
    /** First 2 KB of the response body. */
    responseBody: text(),
    error: text(),
  },
  (t) => [index().on(t.deliveryId, t.attemptedAt)],
);
