// Maps a committed outbox event to the webhook body an endpoint receives. The outbox payloads are
// read through lenient schemas (producers add fields over time); the output goes through the
// event's strict schema in events.ts, so only listed fields ever leave. Runs in the tenant's transaction.
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases, mailboxes, tenants } from '@/db/schema';
import type { OutboxEvent } from '@/lib/outbox/consumers';
import { serializeWebhookPayload, webhookEventTypeSchema, type WebhookEventType } from './events';
import { webhookLinkBase } from './webhook-link-base';

const str = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const bool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const num = z.coerce.number().int();
/** The case an outbox event names. */
const aboutCase = { caseId: z.uuid().nullish(), caseNumber: num };

/** Both mailbox events carry the same payload (their data differs only in `state`, events.ts mailboxEventV1). */
const mailboxEventInput = z.object({
  mailboxId: z.uuid(),
  email: str,
  error: z.object({ code: str, message: str }).nullish(),
  message: str,
  code: str,
});

const inputs = {
  'case.created': z.object({
    caseId: z.uuid(),
    caseNumber: num,
    subject: z.string().catch(''),
    requester: z.object({ email: str, name: str }).nullish(),
    mailboxId: z.uuid().nullish(),
    imported: bool,
    released: bool,
    priority: str,
    tags: z.array(z.string()).catch([]).default([]),
    assigneeId: z.uuid().nullish().catch(null),
  }),
  'case.updated': z.object({
    ...aboutCase,
    changes: z.record(z.string(), z.unknown()).catch({}),
    reason: str,
  }),
  'case.merged': z.object({
    ...aboutCase,
    mergedCaseId: z.uuid(),
    mergedCaseNumber: num,
    mergedSubject: str,
  }),
  'message.received': z.object({
    ...aboutCase,
    caseMessageId: z.uuid().nullish(),
    messageId: str,
    from: str,
    subject: str,
    imported: bool,
    released: bool,
  }),
  'message.sent': z.object({
    ...aboutCase,
    caseMessageId: z.uuid().nullish(),
    kind: z.string().catch('reply'),
    messageId: str,
    to: str,
    subject: str,
  }),
  'message.ignored': z.object({
    ignoredMessageId: z.uuid().nullish(),
    mailboxId: z.uuid().nullish(),
    outcome: z.string().catch('ignored'),
    kind: z.string().catch('unknown'),
    reason: z.string().catch(''),
    from: str,
    subject: str,
    imported: bool,
  }),
  'message.bounced': z.object({
    ...aboutCase,
    failedRecipients: z.array(z.string()).catch([]),
    failedRecipient: str,
    reason: str,
  }),
  'mailbox.needs_reauth': mailboxEventInput,
  'mailbox.error': mailboxEventInput,
} satisfies Record<WebhookEventType, z.ZodType>;

export function isWebhookEventType(type: string): type is WebhookEventType {
  return webhookEventTypeSchema.safeParse(type).success;
}

export type BodyVariants = { plain: string; withBodies: string };

/** Both variants of the body (with and without message bodies), built once per event. */
export async function buildWebhookBodies(tx: TenantTx, event: OutboxEvent): Promise<BodyVariants> {
  const type = webhookEventTypeSchema.parse(event.type);
  const [tenant] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, event.tenantId));
  const base = `${webhookLinkBase()}/t/${tenant?.slug ?? event.tenantId}`;
  const { data, messageBody } = await buildData(tx, type, event, base);
  const plain = serializeWebhookPayload(type, event.createdAt, data);
  const withBodies = messageBody
    ? serializeWebhookPayload(type, event.createdAt, { ...data, body: await messageBody() })
    : plain;
  return { plain, withBodies };
}

type Built = {
  data: Record<string, unknown>;
  messageBody?: () => Promise<{ text: string | null; html: string | null }>;
};

async function buildData(tx: TenantTx, type: WebhookEventType, event: OutboxEvent, base: string): Promise<Built> {
  const caseLink = (n: number) => `${base}/cases/${n}`;
  switch (type) {
    case 'case.created': {
      const p = inputs[type].parse(event.payload);
      const [row] = await tx.select({ status: cases.status }).from(cases).where(eq(cases.id, p.caseId));
      return {
        data: {
          caseId: p.caseId,
          caseNumber: p.caseNumber,
          subject: p.subject,
          status: row?.status ?? null,
          requester: { email: p.requester?.email ?? null, name: p.requester?.name ?? null },
          mailboxId: p.mailboxId ?? null,
          imported: p.imported,
          released: p.released,
          // As the case was opened: the rules' and the folder's assignee, priority and tags.
          priority: p.priority,
          tags: p.tags,
          assigneeId: p.assigneeId ?? null,
          link: caseLink(p.caseNumber),
        },
        messageBody: () => firstInbound(tx, p.caseId),
      };
    }
    case 'case.updated': {
      const p = inputs[type].parse(event.payload);
      const caseId = p.caseId ?? (await caseIdByNumber(tx, p.caseNumber));
      return {
        data: { caseId, caseNumber: p.caseNumber, changes: p.changes, reason: p.reason, link: caseLink(p.caseNumber) },
      };
    }
    case 'case.merged': {
      const p = inputs[type].parse(event.payload);
      return {
        data: {
          caseId: p.caseId ?? null,
          caseNumber: p.caseNumber,
          mergedCaseId: p.mergedCaseId,
          mergedCaseNumber: p.mergedCaseNumber,
          mergedSubject: p.mergedSubject,
          link: caseLink(p.caseNumber),
        },
      };
    }
    case 'message.received':
    case 'message.sent': {
      const p = inputs[type].parse(event.payload);
      const caseId = p.caseId ?? (await caseIdByNumber(tx, p.caseNumber));
      const data =
        type === 'message.received'
          ? {
              caseId,
              caseNumber: p.caseNumber,
              messageId: p.messageId,
              from: 'from' in p ? p.from : null,
              subject: p.subject,
              imported: 'imported' in p ? p.imported : false,
              released: 'released' in p ? p.released : false,
              link: caseLink(p.caseNumber),
            }
          : {
              caseId,
              caseNumber: p.caseNumber,
              kind: 'kind' in p ? p.kind : 'reply',
              messageId: p.messageId,
              to: 'to' in p ? p.to : null,
              subject: p.subject,
              link: caseLink(p.caseNumber),
            };
      return {
        data,
        messageBody: () =>
          messageBody(tx, {
            caseId,
            caseMessageId: p.caseMessageId ?? null,
            messageId: p.messageId,
            direction: type === 'message.received' ? 'in' : 'out',
          }),
      };
    }
    case 'message.ignored': {
      const p = inputs[type].parse(event.payload);
      return {
        data: {
          ...p,
          ignoredMessageId: p.ignoredMessageId ?? null,
          mailboxId: p.mailboxId ?? null,
          link: `${base}/ignored`,
        },
      };
    }
    case 'message.bounced': {
      const p = inputs[type].parse(event.payload);
      const caseId = p.caseId ?? (await caseIdByNumber(tx, p.caseNumber));
      return {
        data: {
          caseId,
          caseNumber: p.caseNumber,
          failedRecipient: p.failedRecipient ?? p.failedRecipients[0] ?? null,
          failedRecipients: p.failedRecipients,
          reason: p.reason,
          link: caseLink(p.caseNumber),
        },
      };
    }
    case 'mailbox.needs_reauth':
    case 'mailbox.error': {
      const p = inputs[type].parse(event.payload);
      const [row] = await tx
        .select({ email: mailboxes.email, state: mailboxes.state })
        .from(mailboxes)
        .where(eq(mailboxes.id, p.mailboxId));
      const error = p.error ?? (p.code || p.message ? { code: p.code, message: p.message } : null);
      return {
        data: {
          mailboxId: p.mailboxId,
          email: p.email ?? row?.email ?? null,
          state: type === 'mailbox.error' ? 'error' : 'needs_reauth',
          error,
          link: `${base}/settings/mailboxes/${p.mailboxId}`,
        },
      };
    }
  }
}

async function caseIdByNumber(tx: TenantTx, number: number): Promise<string | null> {
  const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  return row?.id ?? null;
}

async function firstInbound(tx: TenantTx, caseId: string) {
  const [row] = await tx
    .select({ text: caseMessages.text, html: caseMessages.html })
    .from(caseMessages)
    .where(and(eq(caseMessages.caseId, caseId), eq(caseMessages.direction, 'in')))
    .orderBy(asc(caseMessages.createdAt))
    .limit(1);
  return { text: row?.text ?? null, html: row?.html ?? null };
}

async function messageBody(
  tx: TenantTx,
  p: { caseId: string | null; caseMessageId: string | null; messageId: string | null; direction: 'in' | 'out' },
) {
  const where = p.caseMessageId
    ? eq(caseMessages.id, p.caseMessageId)
    : p.caseId && p.messageId
      ? and(
          eq(caseMessages.caseId, p.caseId),
          eq(caseMessages.messageId, p.messageId),
          eq(caseMessages.direction, p.direction),
        )
      : undefined;
  if (!where) return { text: null, html: null };
  const [row] = await tx
    .select({ text: caseMessages.text, html: caseMessages.html })
    .from(caseMessages)
    .where(where)
    .orderBy(desc(caseMessages.createdAt))
    .limit(1);
  return { text: row?.text ?? null, html: row?.html ?? null };
}
