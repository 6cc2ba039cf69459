// Mail that did not become case history (auto-generated, refused by a rule, or quarantined), newest first.
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cases, ignoredMessages } from '@/db/schema';
import { inCurrentTenant } from './current-tenant';
import { decodeKeysetCursor, encodeKeysetCursor, timestampKey } from './keyset-cursor';
import { cursorParam, limitParam, parseQueryInput } from './params';

export const listIgnoredMessagesInput = z.object({
  mailboxId: z.uuid().optional(),
  outcome: z.enum(['ignored', 'quarantined']).optional(),
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
  outcome: 'ignored' | 'quarantined';
  /** The case it is about (a bounce or auto-reply to one of our messages), when there is one. */
  caseNumber?: number;
  sentAt: string | null;
  createdAt: string;
  released: boolean;
  /** The case it was released to, when released. */
  releasedCaseNumber?: number;
};

const CURSOR = 'ignored';
const refCase = alias(cases, 'ref_case');
const releasedCase = alias(cases, 'released_case');

export async function listIgnoredMessages(
  tx: TenantTx,
  input: ListIgnoredMessagesInput = {},
): Promise<{ items: IgnoredMessageItem[]; nextCursor: string | null }> {
  const { mailboxId, outcome, limit, cursor } = parseQueryInput(listIgnoredMessagesInput, input);
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
        inCurrentTenant(t.tenantId),
        mailboxId ? eq(t.mailboxId, mailboxId) : undefined,
        outcome ? eq(t.outcome, outcome) : undefined,
        after ? sql`(${t.createdAt}, ${t.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(t.createdAt), desc(t.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const items = page.map(({ m, caseNumber, releasedCaseNumber }): IgnoredMessageItem => ({
    id: m.id,
    mailboxId: m.mailboxId,
    messageId: m.messageId,
    from: m.fromAddress,
    fromName: m.fromName,
    subject: m.subject,
    kind: m.kind,
    reason: m.reason,
    outcome: m.outcome,
    ...(caseNumber != null ? { caseNumber: Number(caseNumber) } : {}),
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
    released: m.releasedAt != null || m.releasedCaseId != null,
    ...(releasedCaseNumber != null ? { releasedCaseNumber: Number(releasedCaseNumber) } : {}),
  }));
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeKeysetCursor(CURSOR, [last.keyCreated, last.m.id]) : null,
  };
}
