// The cases among `numbers` that match the list's filters: what an open list needs after the change feed
// names changed cases (those missing from the answer leave the page; the rest are inserted or updated).
import { and, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { cases } from '@/db/schema';
import { caseFilterConditions, type CaseFilters } from './case-filter-conditions';
import { toCaseView, type CaseView } from './case-view';

export const MAX_NUMBERS = 200;

export async function listCasesByNumber(
  tx: Tx,
  { numbers, ...filters }: CaseFilters & { numbers: number[] },
): Promise<CaseView[]> {
  const wanted = [...new Set(numbers)].filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, MAX_NUMBERS);
  if (!wanted.length) return [];
  const rows = await tx
    .select()
    .from(cases)
    .where(and(...caseFilterConditions(filters), inArray(cases.number, wanted)));
  return rows.map(toCaseView);
}
