// The events webhook consumers receive. Each type has one zod schema for its `data`, versioned:
// a change that could break a consumer adds a new version instead of editing one in place.
// Payload: { type, timestamp, data }. `data` holds ids, numbers, subjects, addresses and a link,
// never secrets; message bodies only for endpoints that opted in (`includeBodies`).
import { z } from 'zod';

export const WEBHOOK_EVENT_TYPES = [
  'case.created',
  'case.updated',
  'case.merged',
  'message.received',
  'message.sent',
  'message.ignored',
  'message.bounced',
  'mailbox.needs_reauth',
  'mailbox.error',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** Sent only by "Send test event", to one endpoint, whatever it subscribes to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES, { error: 'Unknown event type.' });

const address = z.object({ email: z.string().nullable(), name: z.string().nullable() });
const body = z.object({ text: z.string().nullable(), html: z.string().nullable() });
const change = <T extends z.ZodType>(value: T) => z.object({ before: value, after: value });
/** The case a case or message event is about, first in its data. */
const aboutCase = { caseId: z.uuid().nullable(), caseNumber: z.number().int() };

export const caseCreatedV1 = z.object({
  caseId: z.uuid(),
  caseNumber: z.number().int(),
  subject: z.string(),
  status: z.string().nullable(),
  requester: address,
  mailboxId: z.uuid().nullable(),
  imported: z.boolean(),
  released: z.boolean(),
  /** Added in place (v1 stays): as the case was opened, by the rules and the folder's defaults. */
  priority: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  assigneeId: z.uuid().nullable().optional(),
  link: z.url(),
  body: body.optional(),
});

export const caseUpdatedV1 = z.object({
  ...aboutCase,
  changes: z.object({
    status: change(z.string().nullable()).optional(),
    assignee: change(z.object({ id: z.string().nullable(), email: z.string().nullable() }).nullable()).optional(),
    priority: change(z.string().nullable()).optional(),
  }),
  reason: z.string().nullable(),
  link: z.url(),
});

/** One case joined another: its history moved there, and its number now leads there. */
export const caseMergedV1 = z.object({
  /** The case that stays (its number and link). */
  ...aboutCase,
  /** The case that was merged into it and no longer exists on its own. */
  mergedCaseId: z.uuid(),
  mergedCaseNumber: z.number().int(),
  mergedSubject: z.string().nullable(),
  link: z.url(),
});

export const messageReceivedV1 = z.object({
  ...aboutCase,
  messageId: z.string().nullable(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  imported: z.boolean(),
  released: z.boolean(),
  link: z.url(),
  body: body.optional(),
});

export const messageSentV1 = z.object({
  ...aboutCase,
  /** acknowledgement | reply */
  kind: z.string(),
  messageId: z.string().nullable(),
  to: z.string().nullable(),
  subject: z.string().nullable(),
  link: z.url(),
  body: body.optional(),
});

export const messageIgnoredV1 = z.object({
  ignoredMessageId: z.uuid().nullable(),
  mailboxId: z.uuid().nullable(),
  /** ignored | quarantined */
  outcome: z.string(),
  /** auto-reply, vacation, bounce, newsletter, quarantined, normal (case creation off) … */
  kind: z.string(),
  reason: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  imported: z.boolean(),
  link: z.url(),
});

export const messageBouncedV1 = z.object({
  ...aboutCase,
  failedRecipient: z.string().nullable(),
  failedRecipients: z.array(z.string()),
  reason: z.string().nullable(),
  link: z.url(),
});

const mailboxEventV1 = z.object({
  mailboxId: z.uuid(),
  email: z.string().nullable(),
  state: z.string(),
  error: z.object({ code: z.string().nullable(), message: z.string().nullable() }).nullable(),
  link: z.url(),
});
export const mailboxNeedsReauthV1 = mailboxEventV1;
export const mailboxErrorV1 = mailboxEventV1;

export const webhookTestV1 = z.object({ endpointId: z.uuid(), message: z.string(), link: z.url() });

export const webhookEventSchemas = {
  'case.created': { version: 1, data: caseCreatedV1 },
  'case.updated': { version: 1, data: caseUpdatedV1 },
  'case.merged': { version: 1, data: caseMergedV1 },
  'message.received': { version: 1, data: messageReceivedV1 },
  'message.sent': { version: 1, data: messageSentV1 },
  'message.ignored': { version: 1, data: messageIgnoredV1 },
  'message.bounced': { version: 1, data: messageBouncedV1 },
  'mailbox.needs_reauth': { version: 1, data: mailboxNeedsReauthV1 },
  'mailbox.error': { version: 1, data: mailboxErrorV1 },
  [TEST_EVENT_TYPE]: { version: 1, data: webhookTestV1 },
} as const;

export type WebhookPayloadType = keyof typeof webhookEventSchemas;

export type WebhookPayload = { type: WebhookPayloadType; timestamp: string; data: Record<string, unknown> };

/** The whole payload schema for a type, e.g. for a consumer's own validation in tests. */
export function webhookPayloadSchema<T extends WebhookPayloadType>(type: T) {
  return z.object({
    type: z.literal(type),
    timestamp: z.iso.datetime(),
    data: webhookEventSchemas[type].data as (typeof webhookEventSchemas)[T]['data'],
  });
}

/** Validates `data` against its type's schema (unknown keys dropped) and serialises the body. */
export function serializeWebhookPayload(type: WebhookPayloadType, timestamp: Date, data: unknown): string {
  const parsed = webhookEventSchemas[type].data.parse(data);
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), data: parsed });
}
