// Contacts for the cases stored before contacts existed: a resumable job the runner calls on every tick
// (lib/runner/periodic-tasks.ts). Each tenant without `contacts_backfilled_at` gets, in one transaction
// of two set-based statements, a contact for every requester address of its cases (newest name wins,
// organisation by domain) and its cases linked to them; then the mark is set. A crash before the
// commit leaves the tenant unmarked, and the next tick does it again (both statements are idempotent).
// Tenants made after the migration start marked (their cases are linked at ingestion).
import { isNull, sql } from 'drizzle-orm';
import { tenants } from '@/db/schema';
import { withSystem, withTenant, type TenantTx } from '@/db/tenancy';

export async function backfillContacts({ limit = 20 }: { limit?: number } = {}): Promise<{ tenants: number }> {
  const due = await withSystem((tx) =>
    tx.select({ id: tenants.id }).from(tenants).where(isNull(tenants.contactsBackfilledAt)).limit(limit),
  );
  for (const { id } of due) await withTenant(id, (tx) => backfillTenantContacts(tx, id));
  return { tenants: due.length };
}

export async function backfillTenantContacts(tx: TenantTx, tenantId: string): Promise<void> {
  await tx.execute(sql`
    insert into contacts (tenant_id, email, name, organization_id)
    select distinct on (lower(c.requester_email)) ${tenantId}::uuid, lower(c.requester_email), c.requester_name,
      (select d.organization_id from organization_domains d
        where d.tenant_id = ${tenantId}::uuid and d.domain = split_part(lower(c.requester_email), '@', 2))
    from cases c
    where c.tenant_id = ${tenantId}::uuid and c.contact_id is null
      and c.requester_email like '_%@_%' and lower(c.requester_email) <> 'unknown@invalid'
    order by lower(c.requester_email), c.created_at desc
    on conflict (tenant_id, email) do nothing`);
  await tx.execute(sql`
    update cases c set contact_id = coalesce(k.merged_into_id, k.id)
    from contacts k
    where c.tenant_id = ${tenantId}::uuid and c.contact_id is null
      and k.tenant_id = ${tenantId}::uuid and k.email = lower(c.requester_email)`);
  await tx.execute(
    sql`update tenants set contacts_backfilled_at = now() where id = ${tenantId}::uuid and contacts_backfilled_at is null`,
  );
}
