// The same change to several cases at once (the list's bulk actions): each case goes through updateCase,
// so each gets its own history entry, audit row and case.updated event, all in the caller's transaction
// (every case changes, or none does).
import { z } from 'zod';
import type { TenantTx } from '@/db/tenancy';
import type { AuditActor } from '@/lib/audit/record-audit';
import { updateCase } from './update-case';

export const MAX_BULK_CASES = 100;

export const bulkNumbersSchema = z
  .array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER))
  .min(1, 'Select at least one case.')
  .max(MAX_BULK_CASES, `Select at most ${MAX_BULK_CASES} cases.`);

export async function bulkUpdateCases(
  tx: TenantTx,
  params: { tenantId: string; numbers: number[]; input: unknown; actor: AuditActor },
): Promise<{ changed: number[] }> {
  const numbers = [...new Set(bulkNumbersSchema.parse(params.numbers))].sort((a, b) => a - b);
  const changed: number[] = [];
  // In number order, so two bulk edits over overlapping cases lock them in the same order.
  for (const number of numbers) {
    const result = await updateCase(tx, {
      tenantId: params.tenantId,
      number,
      input: params.input,
      actor: params.actor,
    });
    if (result.changed.length) changed.push(number);
  }
  return { changed };
}
