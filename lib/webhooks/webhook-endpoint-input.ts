// What a person or program may send when creating or changing an endpoint (API and forms alike).
import { z } from 'zod';
import { endpointUrlSchema } from './endpoint-url';
import { webhookEventTypeSchema } from './events';

const description = z.string().trim().max(500, 'Use at most 500 characters for the description.');
/** Omitted, null or empty: every event type. */
const events = z
  .array(webhookEventTypeSchema)
  .max(20)
  .nullable()
  .transform((list) => (list && list.length ? [...new Set(list)] : null));

export const createWebhookEndpointInput = z.object({
  url: endpointUrlSchema,
  description: description.optional(),
  events: events.optional(),
  includeBodies: z.boolean().optional(),
});

export const updateWebhookEndpointInput = z
  .object({
    url: endpointUrlSchema.optional(),
    description: description.nullable().optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
    includeBodies: z.boolean().optional(),
  })
  .strict();

/** Overlap of the old secret after a rotation: default 24 h, at most 7 days, 0 ends it at once. */
export const rotateWebhookSecretInput = z.object({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
});

export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointInput>;
