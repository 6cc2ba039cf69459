// A tenant's cases, most recently active first, with keyset pagination (no OFFSET: stable while
// new mail arrives). Optionally each case's message summaries, loaded for the whole page in one query.
import { and, asc, desc, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { caseMessages, cases } from '@/db/schema';
import { caseFilterConditions } from './case-filter-conditions';
import { toCaseView, type CaseView } from './case-view';
import { beforeKey, decodeKeysetCursor, keysetPage, timestampKey } from './keyset-cursor';
import { booleanParam, caseFilterParams, cursorParam, limitParam, parseQueryInput } from './params';

export const listCasesInput = z.object({
  ...caseFilterParams,
  limit: limitParam,
  cursor: cursorParam,
  includeMessages: booleanParam.default(false),
});
export type ListCasesInput = z.input<typeof listCasesInput>;

export type CaseMessageSummary = {
  messageId: string | null;
  direction: 'in' | 'out' | 'note' | 'system';
  /** Sender address. */
  from: string | null;
  subject: string | null;
  sentAt: string | null;
};
export type CaseListItem = CaseView & { messages?: CaseMessageSummary[] };

const CURSOR = 'cases';

export async function listCases(
  tx: TenantTx,
  input: ListCasesInput = {},
): Promise<{ items: CaseListItem[]; nextCursor: string | null }> {
  const { status, mailboxId, imported, assignee, priority, tag, limit, cursor, includeMessages } = parseQueryInput(
    listCasesInput,
    input,
  );
  const after = cursor ? decodeKeysetCursor(CURSOR, cursor, 2) : undefined;

  const rows = await tx
    .select({ c: cases, keyActivity: timestampKey(cases.lastActivityAt) })
    .from(cases)
    .where(
      and(
        ...caseFilterConditions({ status, mailboxId, imported, assignee, priority, tag }),
        beforeKey(cases.lastActivityAt, cases.id, after),
      ),
    )
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(limit + 1);

  const { page, nextCursor } = keysetPage(rows, limit, CURSOR, (last) => [last.keyActivity, last.c.id]);
  const items: CaseListItem[] = page.map(({ c }) => toCaseView(c));

  if (includeMessages && page.length > 0) {
    const messages = await tx
      .select({
        caseId: caseMessages.caseId,
        messageId: caseMessages.messageId,
        direction: caseMessages.direction,
        from: caseMessages.fromAddress,
        subject: caseMessages.subject,
        sentAt: caseMessages.sentAt,
      })
      .from(caseMessages)
      .where(
        and(
          inArray(
            caseMessages.caseId,
            page.map(({ c }) => c.id),
          ),
        ),
      )
      // Same order as a case's history (load-case-messages.ts).
      .orderBy(
        asc(caseMessages.createdAt),
        asc(sql`coalesce(${caseMessages.sentAt}, ${caseMessages.createdAt})`),
        asc(caseMessages.id),
      );
    const byCase = new Map<string, CaseMessageSummary[]>();
    for (const { caseId, sentAt, ...m } of messages) {
      const list = byCase.get(caseId) ?? [];
      list.push({ ...m, sentAt: sentAt?.toISOString() ?? null });
      byCase.set(caseId, list);
    }
    page.forEach(({ c }, i) => (items[i].messages = byCase.get(c.id) ?? []));
  }
  return { items, nextCursor };
}
