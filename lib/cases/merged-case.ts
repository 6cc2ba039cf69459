// Where the number of a merged case leads now (lib/cases/merge-cases.ts keeps case_merges), and the
// not-found error that says so: "There is no case #7" would send an agent looking for a case that lives on.
import { eq } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { caseMerges, cases } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** The number of the case that `number` was merged into, or null when it was never merged. */
export async function findMergedInto(tx: TenantTx, number: number): Promise<number | null> {
  if (!Number.isSafeInteger(number) || number <= 0) return null;
  const [row] = await tx
    .select({ into: cases.number })
    .from(caseMerges)
    .innerJoin(cases, eq(cases.id, caseMerges.intoCaseId))
    .where(eq(caseMerges.number, number));
  return row ? Number(row.into) : null;
}

/** The error for a case number that names no case: it says where a merged case went (details.mergedInto). */
export async function caseNotFound(tx: TenantTx, number: number): Promise<AppError> {
  const into = await findMergedInto(tx, number);
  return into
    ? new AppError('not_found', `Case #${number} was merged into case #${into}.`, { mergedInto: into })
    : new AppError('not_found', `There is no case #${number}.`);
}
