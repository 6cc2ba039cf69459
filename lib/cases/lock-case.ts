// The current tenant's case by its number, locked for an update (two agents changing one case at
// once take turns). Not found for a missing case and for another tenant's (RLS hides it); a merged case's
// error names the case it joined.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { cases } from '@/db/schema';
import { caseNotFound } from './merged-case';

export type CaseRow = typeof cases.$inferSelect;

export async function lockCase(tx: TenantTx, number: number): Promise<CaseRow> {
  const [row] =
    Number.isSafeInteger(number) && number > 0
      ? await tx.select().from(cases).where(eq(cases.number, number)).for('update')
      : [];
  if (!row) throw await caseNotFound(tx, number);
  return row;
}
