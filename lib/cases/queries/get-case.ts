// One case by its people-facing number, with its whole history and attachment metadata.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases } from '@/db/schema';
import { caseNotFound } from '../merged-case';
import { toCaseView, type CaseView } from './case-view';
import { loadCaseMessages, type CaseMessageView } from './load-case-messages';
import { caseNumberParam, parseQueryInput } from './params';

export const getCaseInput = caseNumberParam;

export type CaseDetail = CaseView & { id: string; closedAt: string | null; messages: CaseMessageView[] };

/** `forDisplay`: the case page, which renders stored display content and never the bodies as received. */
export async function getCaseByNumber(
  tx: TenantTx,
  caseNumber: number | string,
  { forDisplay = false }: { forDisplay?: boolean } = {},
): Promise<CaseDetail> {
  const number = parseQueryInput(getCaseInput, caseNumber);
  const [row] = await tx.select().from(cases).where(eq(cases.number, number));
  if (!row) throw await caseNotFound(tx, number);
  const { items } = await loadCaseMessages(tx, { caseId: row.id, forDisplay });
  return { ...toCaseView(row), id: row.id, closedAt: row.closedAt?.toISOString() ?? null, messages: items };
}
