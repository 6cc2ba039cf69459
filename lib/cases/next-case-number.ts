// Per-tenant sequential case numbers: the tenant row's counter, taken under its row lock.
// A sync batch reserves the counter once (SELECT … FOR UPDATE), numbers its new cases locally and
// writes the counter back before commit: no gaps, and no round trip per case. The row lock is held
// until commit either way, so no other transaction can number a case in between.
import { eq, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db/tenancy';
import { tenants } from '@/db/schema';

type Reservation = { tenantId: string; last: number } | null;

const reservations = new WeakMap<object, Reservation>();

export function batchCaseNumbers(tx: TenantTx): void {
  reservations.set(tx, null);
}

/** Must run inside the same transaction, before it commits. */
export async function flushCaseNumbers(tx: TenantTx): Promise<void> {
  const r = reservations.get(tx);
  reservations.delete(tx);
  if (r) await tx.update(tenants).set({ caseCounter: r.last }).where(eq(tenants.id, r.tenantId));
}

export async function nextCaseNumber(tx: TenantTx, tenantId: string): Promise<number> {
  if (reservations.has(tx)) {
    let r = reservations.get(tx);
    if (!r || r.tenantId !== tenantId) {
      const [row] = await tx
        .select({ n: tenants.caseCounter })
        .from(tenants)
        .where(eq(tenants.id, tenantId))
        .for('update');
      if (!row) throw new Error('tenant not visible in this transaction');
      r = { tenantId, last: row.n };
      reservations.set(tx, r);
    }
    return ++r.last;
  }
  const [row] = await tx
    .update(tenants)
    .set({ caseCounter: sql`${tenants.caseCounter} + 1` })
    .where(eq(tenants.id, tenantId))
    .returning({ n: tenants.caseCounter });
  if (!row) throw new Error('tenant not visible in this transaction');
  return row.n;
}
