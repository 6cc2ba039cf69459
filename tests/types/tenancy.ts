// Typed tenancy, checked by `npm run typecheck` (tsc reads this file; nothing runs it). Each `@ts-expect-error`
// states a mistake the type checker must refuse: if one stopped being an error, tsc would fail on the unused
// directive. See docs/architecture.md, "Tenancy".
import type { Db } from '@/db/client';
import { withSystem, withTenant, type SystemTx, type TenantTx, type Tx } from '@/db/tenancy';
import { recordAudit } from '@/lib/audit/record-audit';
import { findMembership } from '@/lib/auth/find-membership';
import { listCases } from '@/lib/cases/queries/list-cases';

export async function tenancyTypeChecks(db: Db, tenantTx: TenantTx, systemTx: SystemTx): Promise<void> {
  // Tenant data access takes the transaction withTenant opened, and nothing else.
  await listCases(tenantTx);
  // @ts-expect-error the bare database is not a transaction with a role and a tenant set
  await listCases(db);
  // @ts-expect-error a system transaction (no app.tenant_id) is not a tenant one
  await listCases(systemTx);

  // System lookups take the transaction withSystem opened.
  await findMembership(systemTx, { userId: 'u', slug: 's' });
  // @ts-expect-error a tenant transaction cannot read across tenants
  await findMembership(tenantTx, { userId: 'u', slug: 's' });

  // `Tx` is either role, never the bare database.
  const either: Tx[] = [tenantTx, systemTx];
  // @ts-expect-error the bare database is not a Tx
  const bare: Tx = db;
  await recordAudit(either[0], { by: { tenantId: 't', actor: { kind: 'system' } }, action: 'type.check' });
  // @ts-expect-error nor does recordAudit take it
  await recordAudit(db, { by: { tenantId: 't', actor: { kind: 'system' } }, action: 'type.check' });

  // The wrappers hand out the matching type.
  await withTenant('00000000-0000-4000-8000-000000000000', async (tx) => {
    const asTenant: TenantTx = tx;
    // @ts-expect-error withTenant's transaction is not a SystemTx
    const asSystem: SystemTx = tx;
    return [asTenant, asSystem];
  });
  await withSystem(async (tx) => {
    const asSystem: SystemTx = tx;
    // @ts-expect-error withSystem's transaction is not a TenantTx
    const asTenant: TenantTx = tx;
    return [asTenant, asSystem, bare];
  });
}
