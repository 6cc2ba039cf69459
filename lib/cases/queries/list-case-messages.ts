// A case's history a page at a time (for long cases), oldest first.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import { cases } from '@/db/schema';
import { caseNotFound } from '../merged-case';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';
import { loadCaseMessages, type CaseMessageView } from './load-case-messages';
import { caseNumberParam, cursorParam, limitParam, parseQueryInput } from './params';

export const listCaseMessagesInput = z.object({ limit: limitParam, cursor: cursorParam });
export type ListCaseMessagesInput = z.input<typeof listCaseMessagesInput>;

const CURSOR = 'messages';

export async function listCaseMessages(
  tx: TenantTx,
  caseNumber: number | string,
  input: ListCaseMessagesInput = {},
): Promise<{ items: CaseMessageView[]; nextCursor: string | null }> {
  const number = parseQueryInput(caseNumberParam, caseNumber);
  const { limit, cursor } = parseQueryInput(listCaseMessagesInput, input);
  const after = cursor ? decodeKeysetCursor(CURSOR, cursor, 3) : undefined;
  const [row] = await tx.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  if (!row) throw await caseNotFound(tx, number);

  const { items, keys } = await loadCaseMessages(tx, { caseId: row.id, after, limit: limit + 1 });
  if (items.length <= limit) return { items, nextCursor: null };
  return { items: items.slice(0, limit), nextCursor: encodeKeysetCursor(CURSOR, keys[limit - 1]) };
}
