// Mail that did not become case history (auto-generated, refused by a rule, spam, an unverified or unknown sender, or
// quarantined), newest first: the review queue (`reason`, `mailboxId`, `released` filters) and each
// mailbox's list read it.
import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { booleanInput } from '@/lib/boolean-text';
import { cases, ignoredMessages } from '@/db/schema';
import type { SenderAuth } from '@/lib/mail/verify/sender-auth';
import { beforeKey, decodeKeysetCursor, keysetPage, timestampKey } from './keyset-cursor';
import { cursorParam, limitParam, parseQueryInput } from './params';

/** The review queue's reasons: what held a message, as agents filter by it. */
export const REVIEW_REASONS = [
  'unverified-sender',
  'unknown-sender',
  'spam',
  'blocked',
  'rule',
  'attachments-over-limit',
  'auto-generated',
  'quarantined',
  'other',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

const AUTO_KINDS = ['bounce', 'auto-reply', 'vacation', 'list', 'loop'];

function reasonFilter(reason: ReviewReason): SQL | undefined {
  const t = ignoredMessages;
  switch (reason) {
    case 'unverified-sender':
    case 'unknown-sender':
    case 'spam':
    case 'blocked':
    case 'rule':
    case 'attachments-over-limit':
      return and(eq(t.outcome, 'ignored'), eq(t.kind, reason));
    case 'auto-generated':
      return and(eq(t.outcome, 'ignored'), inArray(t.kind, AUTO_KINDS));
    case 'quarantined':
      return eq(t.outcome, 'quarantined');
    case 'other':
      return and(
        eq(t.outcome, 'ignored'),
        sql`${t.kind} not in ('unverified-sender', 'unknown-sender', 'spam', 'blocked', 'rule', 'attachments-over-limit', ${sql.join(
          AUTO_KINDS.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      );
  }
}

/** Which review reason a row belongs to (the inverse of the filter above). */
export function reviewReasonOf(row: { outcome: string; kind: string }): ReviewReason {
  if (row.outcome === 'quarantined') return 'quarantined';
  if (AUTO_KINDS.includes(row.kind)) return 'auto-generated';
  return (REVIEW_REASONS as readonly string[]).includes(row.kind) ? (row.kind as ReviewReason) : 'other';
}

export const listIgnoredMessagesInput = z.object({
  mailboxId: z.uuid().optional(),
  outcome: z.enum(['ignored', 'quarantined']).optional(),
  reason: z.enum(REVIEW_REASONS).optional(),
  /** false: still held (the review queue); true: released to a case. */
  released: booleanInput().optional(),
  limit: limitParam,
  cursor: cursorParam,
});
export type ListIgnoredMessagesInput = z.input<typeof listIgnoredMessagesInput>;

export type IgnoredMessageItem = {
  id: string;
  mailboxId: string | null;
  messageId: string | null;
  /** Sender address; its display name is fromName. */
  from: string | null;
  fromName: string | null;
  subject: string | null;
  kind: string;
  reason: string;
  /** The review reason it belongs to (the `reason` filter). */
  reviewReason: ReviewReason;
  outcome: 'ignored' | 'quarantined';
  /** What sender verification found, when it was checked. */
  senderAuth: SenderAuth | null;
  /** The case it is about (a bounce or auto-reply to one of our messages), when there is one. */
  caseNumber?: number;
  sentAt: string | null;
  createdAt: string;
  released: boolean;
  /** The case it was released to, when released. */
  releasedCaseNumber?: number;
  /** Held for an unknown sender: the confirmation asked of them (pending, sent, failed, not-sent, confirmed, expired). */
  confirmation?: { status: string; sentAt: string | null; error: string | null };
};

const CURSOR = 'ignored';
const refCase = alias(cases, 'ref_case');
const releasedCase = alias(cases, 'released_case');

export async function listIgnoredMessages(
  tx: TenantTx,
  input: ListIgnoredMessagesInput = {},
): Promise<{ items: IgnoredMessageItem[]; nextCursor: string | null }> {
  const { mailboxId, outcome, reason, released, limit, cursor } = parseQueryInput(listIgnoredMessagesInput, input);
  const after = cursor ? decodeKeysetCursor(CURSOR, cursor, 2) : undefined;
  const t = ignoredMessages;
  const rows = await tx
    .select({
      m: t,
      caseNumber: refCase.number,
      releasedCaseNumber: releasedCase.number,
      keyCreated: timestampKey(t.createdAt),
    })
    .from(t)
    .leftJoin(refCase, eq(refCase.id, t.caseId))
    .leftJoin(releasedCase, eq(releasedCase.id, t.releasedCaseId))
    .where(
      and(
        mailboxId ? eq(t.mailboxId, mailboxId) : undefined,
        outcome ? eq(t.outcome, outcome) : undefined,
        reason ? reasonFilter(reason) : undefined,
        released === undefined
          ? undefined
          : released
            ? or(isNotNull(t.releasedAt), isNotNull(t.releasedCaseId))
            : and(isNull(t.releasedAt), isNull(t.releasedCaseId)),
        beforeKey(t.createdAt, t.id, after),
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(limit + 1);

  const { page, nextCursor } = keysetPage(rows, limit, CURSOR, (last) => [last.keyCreated, last.m.id]);
  const items = page.map(({ m, caseNumber, releasedCaseNumber }): IgnoredMessageItem => ({
    id: m.id,
    mailboxId: m.mailboxId,
    messageId: m.messageId,
    from: m.fromAddress,
    fromName: m.fromName,
    subject: m.subject,
    kind: m.kind,
    reason: m.reason,
    reviewReason: reviewReasonOf(m),
    outcome: m.outcome,
    senderAuth: m.senderAuth ?? null,
    ...(caseNumber != null ? { caseNumber: Number(caseNumber) } : {}),
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    released: m.releasedAt != null || m.releasedCaseId != null,
    ...(releasedCaseNumber != null ? { releasedCaseNumber: Number(releasedCaseNumber) } : {}),
    ...(m.confirmationStatus
      ? {
          confirmation: {
            status: m.confirmationStatus,
            sentAt: m.confirmationSentAt?.toISOString() ?? null,
            error: m.confirmationError,
          },
        }
      : {}),
  }));
  return { items, nextCursor };
}
